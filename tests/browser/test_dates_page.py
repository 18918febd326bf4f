"""Dates as people type them, in the page (issue 23): the page's reader (docs/assets/js/tools/dates.js)
on the same hand-written table as the validator (tests/date_forms.json, tests/test_dates.py), the
probation dates and the month fields of the form saying what they understood or marking the field,
and keyboards an iPhone can type a "-" on."""

from __future__ import annotations

import json

from tests.conftest import ROOT

TABLE = json.loads((ROOT / "tests" / "date_forms.json").read_text(encoding="utf-8"))
AS_OF = "2026-12-15"
READY = 180_000


def open_form(page, site_url):
    page.goto(f"{site_url}/tools/form/?as_of={AS_OF}")
    page.wait_for_selector("[data-tool=form][data-ready=true]", timeout=READY)


def test_the_page_reads_every_form_of_the_table(page, site_url):
    page.goto(f"{site_url}/tools/form/")  # the page's own module in a real browser; no runtime needed
    got = page.evaluate(
        """async (table) => {
             const d = await import(new URL('../../assets/js/tools/dates.js', location.href).href);
             const months = table.months.map(([t]) => d.parseMonth(t));
             return {months, days: table.days.map(([t]) => d.parseDay(t))};
           }""",
        TABLE,
    )
    assert got["months"] == [m for _, m in TABLE["months"]]
    assert got["days"] == [d for _, d in TABLE["days"]]


def test_a_probation_date_says_the_day_it_understood_or_marks_the_field(page, site_url):
    open_form(page, site_url)
    start = page.locator("[data-testid=period-start]").first
    note = page.locator("[data-testid=period] [data-testid=date-understood]").first
    assert start.get_attribute("type") == "text" and start.get_attribute("inputmode") in (None, "text")
    for typed, day in TABLE["days"]:
        if not typed.strip():
            continue
        start.fill("")
        start.press_sequentially(typed)
        if day:
            assert note.get_attribute("data-value") == day, typed
            assert day in note.inner_text() and start.get_attribute("aria-invalid") is None, typed
        else:
            assert note.get_attribute("data-state") == "unreadable", typed
            assert start.get_attribute("aria-invalid") == "true", typed
    # a loosely typed period is counted as the day it was read as
    start.fill("2025年7月1日")
    page.locator("[data-testid=period-end]").first.fill("2026.6.30")
    # 2025-07-01 to 2026-06-30, both ends counted: 365 days (written by hand); earlier results
    # (a row with only a start) are replaced once the end is read
    page.wait_for_function(
        "() => document.querySelector('[data-testid=probation-result]')?.dataset.days === '365'",
        timeout=READY,
    )
    assert page.js_errors == []


def test_month_fields_read_what_people_type_and_offer_a_keyboard_with_a_dash(page, site_url):
    open_form(page, site_url)
    for testid in ("field-entry-month", "field-graduation-month", "field-chsi-expiry", "probation-exam-date"):
        assert page.get_attribute(f"[data-testid={testid}]", "inputmode") in (None, "text"), testid
    cases = [
        ("2015-9", "2015-09", True),
        ("2020年7月", "2020-07", True),
        ("201909", "2019-09", True),
        ("2019.09", "2019-09", True),
        ("九月", "", False),
        ("2019-13", "", False),
    ]
    field = page.locator("[data-testid=field-graduation-month]")
    for typed, month, readable in cases:
        field.fill("")
        field.press_sequentially(typed, delay=10)
        page.wait_for_function(
            "v => { const r = document.querySelector('[data-testid=result-graduation-month]');"
            " return r.dataset.state === 'done' && r.dataset.value === v; }",
            arg=typed,
            timeout=READY,
        )
        result = page.locator("[data-testid=result-graduation-month]")
        assert result.get_attribute("data-understood") == month, typed
        if readable:
            assert result.get_attribute("data-verdict") == "pass" and month in result.inner_text(), typed
            assert field.get_attribute("aria-invalid") is None
        else:
            assert result.get_attribute("data-verdict") == "fail", typed
            assert field.get_attribute("aria-invalid") == "true"
    expiry = page.locator("[data-testid=field-chsi-expiry]")
    expiry.press_sequentially("20270531", delay=10)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=result-chsi-expiry]').dataset.value === '20270531'"
        " && document.querySelector('[data-testid=result-chsi-expiry]').dataset.state === 'done'",
        timeout=READY,
    )
    assert page.get_attribute("[data-testid=result-chsi-expiry]", "data-understood") == "2027-05-31"


def test_a_running_probation_period_says_when_the_year_completes(page, site_url):
    open_form(page, site_url)
    page.locator("[data-testid=period-unit]").first.fill("甲医院")
    page.locator("[data-testid=period-start]").first.fill("2026-06-01")
    page.locator("[data-testid=period-ongoing]").first.check()
    page.wait_for_selector("[data-testid=probation-running]", timeout=READY)
    text = page.inner_text("[data-testid=probation-running]")
    # 2026-06-01 + 365 days - 1 = 2027-05-31, written by hand
    assert "到 2027-05-31 将满一年（按一直在试用计算）" in text
    assert "已满一年" not in page.inner_text("[data-testid=probation-result]")
