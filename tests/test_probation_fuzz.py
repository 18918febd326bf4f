"""Fuzzing the probation calculator: any list of periods -> a report, never an exception.

Bounded (hypothesis max_examples, derandomized). Valid periods are also checked against a set-of-days count.
"""

from __future__ import annotations

import json
import string
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import FUZZ
from validator.api import run

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 12, 31))
RAW_DAY = st.one_of(
    DAYS.map(date.isoformat),
    st.text(max_size=12),
    st.none(),
    st.integers(),
    st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-29", "2024-02-29"]),
)
PERIOD = st.one_of(
    st.fixed_dictionaries({"unit": st.text(max_size=4), "start": RAW_DAY, "end": RAW_DAY}),
    st.integers(),
    st.none(),
    st.text(max_size=3),
)
PERIODS = st.one_of(st.lists(PERIOD, max_size=5), st.none(), st.text(max_size=3), st.integers())


TEXTS = ("message", "fix", "fix_page")  # what a finding says, with its page-only sentence


def unfilled(rules, finding: dict) -> list[str]:
    """Template placeholders of the finding's message and fix still present in the rendered text."""
    spec = rules.messages[finding["code"]]
    names = {
        n for part in TEXTS for _, n, _, _ in string.Formatter().parse(spec.get(part, "")) if n
    }
    return [n for n in names if "{" + n + "}" in finding["message"] + finding["fix"] + finding["fix_page"]]


@FUZZ
@given(periods=PERIODS, exam=st.one_of(st.none(), RAW_DAY), region=st.sampled_from(["national", "hubei"]))
def test_any_periods_give_a_report(rules, periods, exam, region):
    report = run(
        "probation",
        {"periods": periods, "exam_date": exam, "region": region, "as_of": "2026-12-15"},
        rules=rules,
    )
    assert report["verdict"] in ("pass", "warn", "fail")
    json.dumps(report, ensure_ascii=False)
    facts = report["facts"]
    assert facts["days_counted"] >= 0 and facts["enough"] == (facts["short_days"] == 0)
    for finding in report["findings"]:
        assert not unfilled(rules, finding), finding


@FUZZ
@given(
    spans=st.lists(st.tuples(DAYS, DAYS).map(sorted), min_size=1, max_size=5),
    region=st.sampled_from(["national", "hubei"]),
)
def test_valid_periods_match_a_day_count(rules, spans, region):
    periods = [{"unit": "x", "start": a.isoformat(), "end": b.isoformat()} for a, b in spans]
    report = run("probation", {"periods": periods, "region": region, "as_of": "2026-12-15"}, rules=rules)
    lo = date.fromisoformat(report["facts"]["window_start"]) if report["facts"]["window_start"] else date.min
    hi = date.fromisoformat(report["facts"]["window_end"])
    days = set()
    for a, b in spans:
        d = max(a, lo)
        while d <= min(b, hi):
            days.add(d)
            d += timedelta(days=1)
    assert report["facts"]["days_counted"] == len(days)
    months, rest = report["facts"]["months"], report["facts"]["days"]
    # full calendar months (28 to 31 days each) plus the days left over, never carried into a month
    assert rest >= 0 and months * 28 + rest <= len(days) <= months * 31 + rest
