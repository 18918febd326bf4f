"""Dates as people type them (issue 23), table-driven from tests/date_forms.json (written by hand):
the validator's reader, the month field, the 备案表 date field and the probation calculator all
understand the same forms. The page's copy (docs/assets/js/tools/dates.js) runs the same table in
tests/browser/test_record.py."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from validator.api import run
from validator.fields.dates import parse_day, parse_month

TABLE = json.loads((ROOT / "tests" / "date_forms.json").read_text(encoding="utf-8"))
AS_OF = "2026-12-15"


@pytest.mark.parametrize(("typed", "month"), TABLE["months"])
def test_month_forms(typed, month):
    assert parse_month(typed) == month


@pytest.mark.parametrize(("typed", "day"), TABLE["days"])
def test_day_forms(typed, day):
    parsed = parse_day(typed)
    assert (parsed.isoformat() if parsed else None) == day


@pytest.mark.parametrize(("typed", "month"), TABLE["months"])
def test_the_month_field_reads_every_form(rules, typed, month):
    report = run(
        "field", {"kind": "yyyymm", "value": typed, "region": "national", "as_of": AS_OF}, rules=rules
    )
    if month is None:  # marked with its own message (full-width digits or a space: a finding that says so)
        assert report["verdict"] != "pass" and report["findings"], report["findings"]
        codes = {f["code"] for f in report["findings"]}
        # Full-width digits or a space are named, and the month is still read after them (issue 21:
        # one finding never hides another); any other unreadable text gives no month at all.
        assert codes & {"field.fullwidth", "field.space"} or "month" not in report["facts"], codes
    elif any("０" <= c <= "９" for c in typed):  # read, and named: the official form wants half-width digits
        assert report["facts"]["month"] == month
        assert "field.fullwidth" in {f["code"] for f in report["findings"]}
    else:
        assert report["facts"]["month"] == month
        assert report["verdict"] == "pass", report["findings"]
        said = {f["code"] for f in report["findings"]}
        assert said == (set() if typed == month else {"yyyymm.normalised"})


@pytest.mark.parametrize(("typed", "day"), [d for d in TABLE["days"] if d[0]])
def test_the_chsi_date_field_reads_every_form(rules, typed, day):
    report = run(
        "field",
        {"kind": "chsi_expiry", "value": typed, "region": "national", "as_of": "2019-01-01"},
        rules=rules,
    )
    codes = {f["code"] for f in report["findings"]}
    if day is None:
        assert "chsi.expiry.format" in codes
    else:
        assert report["facts"]["expiry"] == day
        if not any("０" <= c <= "９" for c in typed):
            assert ("chsi.expiry.normalised" in codes) == (typed != day)


@pytest.mark.parametrize(("typed", "day"), [d for d in TABLE["days"] if d[0]])
def test_probation_reads_every_form(rules, typed, day):
    request = {
        "periods": [{"unit": "甲医院", "start": typed, "end": "2027-12-31"}],
        "region": "national",
        "as_of": AS_OF,
    }
    report = run("probation", request, rules=rules)
    codes = {f["code"] for f in report["findings"]}
    assert ("probation.period.bad_date" in codes) == (day is None)
