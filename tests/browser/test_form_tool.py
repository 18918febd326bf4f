"""The form pre-check in real Chromium: every field with good and bad values (judged as the user
types, equal to the validator on CPython), and the probation calculator with overlapping periods."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from validator.api import run

AS_OF = "2026-12-15"
READY = 180_000

# (field testid suffix, kind, good values, bad values, extra request keys)
FIELDS = [
    ("id-number", "id_number", ["11010519491231002X", "11010519491231002x", "500154199301135886"],
     ["530102192005080119", "1101051949123100", "11010519491331002X"], {"id_type": "resident_id"}),
    ("name", "name", ["张三", "阿依古丽.买买提"], ["Zhang San", "张 三", "张三3"], {}),
    ("diploma-number", "diploma_number", ["105591201505001234"], ["10559-12015", "ABC"], {"context": {}}),
    ("chsi-code", "chsi_code", ["A1B2C3D4E5F6G7H8"], ["12345", "A1B2C3D4E5F6G7H!"], {}),
    ("chsi-expiry", "chsi_expiry", ["2027-06-30"], ["2026-11-30", "2027-13-01"], {}),
    ("graduation-month", "yyyymm", ["2021-07"], ["2021/07", "2021-13", "202107"], {}),
    ("entry-month", "yyyymm", ["2016-09"], ["2016-9", "九月", "2027-09"], {"context": {"no_future": True}}),
]


def open_form(page, site_url):
    page.goto(f"{site_url}/tools/form/?as_of={AS_OF}")
    page.wait_for_selector("[data-tool=form][data-ready=true]", timeout=READY)


def judged(page, name, value):
    """Type the value like a person; wait until the result element judged exactly this value."""
    field = page.locator(f"[data-testid=field-{name}]")
    field.fill("")
    field.press_sequentially(value, delay=20)
    result = page.locator(f"[data-testid=result-{name}]")
    page.wait_for_function(
        "([name, value]) => { const r = document.querySelector(`[data-testid=result-${name}]`);"
        " return r && r.dataset.state === 'done' && r.dataset.value === value; }",
        arg=[name, value],
        timeout=READY,
    )
    return result


def expected(kind, value, extra, region="national"):
    return run("field", {"kind": kind, "value": value, "region": region, "as_of": AS_OF, **extra})


@pytest.mark.parametrize("field", FIELDS, ids=[f[0] for f in FIELDS])
def test_field_good_and_bad(page, site_url, field):
    name, kind, good, bad, extra = field
    open_form(page, site_url)
    for value, want_ok in [*((v, True) for v in good), *((v, False) for v in bad)]:
        result = judged(page, name, value)
        report = expected(kind, value, extra)
        verdict = result.get_attribute("data-verdict")
        assert verdict == report["verdict"], (name, value, report["findings"])
        assert (verdict != "fail") == want_ok, (name, value, report["findings"])
        shown = result.locator("[data-testid=finding]").evaluate_all("els => els.map(e => e.dataset.code)")
        assert shown == [f["code"] for f in report["findings"]]
        if verdict == "fail":
            text = result.inner_text()
            failing = [f for f in report["findings"] if f["severity"] == "fail"]
            assert any(f["message"] in text for f in failing)
            assert any(f["fix"] and f["fix"] in text for f in failing)
    assert page.requests_log.foreign(site_url) == []
    assert page.js_errors == []


def test_diploma_number_may_be_empty_for_graduating_postgraduates(page, site_url):
    open_form(page, site_url)
    judged(page, "diploma-number", "1")
    page.locator("[data-testid=field-diploma-number]").fill("")
    page.locator("[data-testid=field-diploma-exempt]").check()
    page.wait_for_function(
        "() => { const r = document.querySelector('[data-testid=result-diploma-number]');"
        " return r.dataset.state === 'done' && r.dataset.value === ''; }",
        timeout=READY,
    )
    verdict = page.locator("[data-testid=result-diploma-number]").get_attribute("data-verdict")
    report = expected("diploma_number", "", {"context": {"graduating_postgraduate": True}})
    assert verdict == report["verdict"] != "fail"
    # without the exemption an empty number is not accepted
    page.locator("[data-testid=field-diploma-exempt]").uncheck()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=result-diploma-number]').dataset.verdict === 'fail'",
        timeout=READY,
    )
    assert expected("diploma_number", "", {"context": {}})["verdict"] == "fail"
    # 师承 / 确有专长 may leave it empty too
    page.locator("[data-testid=field-diploma-tcm]").check()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=result-diploma-number]').dataset.verdict !== 'fail'",
        timeout=READY,
    )
    # a 中专 number of another length is accepted with a note
    page.locator("[data-testid=field-diploma-tcm]").uncheck()
    page.locator("[data-testid=field-diploma-secondary]").check()
    result = judged(page, "diploma-number", "1952471")
    report = expected("diploma_number", "1952471", {"context": {"level": "secondary"}})
    assert result.get_attribute("data-verdict") == report["verdict"] != "fail"


def test_id_number_equals_cli(page, site_url):
    open_form(page, site_url)
    for id_type, value in (("resident_id", "11010519491231002X"), ("resident_id", "530102192005080119"),
                           ("hk_macao_pass", "H12345678"), ("passport", "E1")):
        page.locator("[data-testid=field-id-type]").select_option(id_type)
        result = judged(page, "id-number", value)
        args = [sys.executable, "-m", "validator", "id", "--type", id_type, "--as-of", AS_OF, "--json", value]
        done = subprocess.run(args, capture_output=True, text=True)
        report = json.loads(done.stdout)
        assert result.get_attribute("data-verdict") == report["verdict"], (id_type, value)
        shown = result.locator("[data-testid=finding]").evaluate_all("els => els.map(e => e.dataset.code)")
        assert shown == [f["code"] for f in report["findings"]]


def test_id_type_changes_the_rule(page, site_url):
    open_form(page, site_url)
    page.locator("[data-testid=field-id-type]").select_option("hk_macao_pass")
    for value in ("H12345678", "11010519491231002X"):
        result = judged(page, "id-number", value)
        report = expected("id_number", value, {"id_type": "hk_macao_pass"})
        assert result.get_attribute("data-verdict") == report["verdict"]


PERIODS = [
    {"unit": "甲医院", "start": "2025-07-01", "end": "2026-03-31"},
    {"unit": "乙卫生院", "start": "2026-01-01", "end": "2026-08-31"},  # overlaps the first by three months
    {"unit": "丙医院", "start": "2026-08-15", "end": "2026-12-10"},  # overlaps the second by two weeks
]


def fill_periods(page, periods):
    for i, period in enumerate(periods):
        if i:
            page.locator("[data-testid=period-add]").click()
        row = page.locator("[data-testid=period]").nth(i)
        row.locator("[data-testid=period-unit]").fill(period["unit"])
        row.locator("[data-testid=period-start]").fill(period["start"])
        row.locator("[data-testid=period-end]").fill(period["end"])


def probation_cards(page, count):
    page.wait_for_function(
        "n => { const b = document.querySelector('[data-testid=probation-results]');"
        " return b.dataset.state === 'done' && b.dataset.periods === String(n); }",
        arg=count,
        timeout=READY,
    )
    return {
        card.get_attribute("data-region"): card
        for card in page.locator("[data-testid=probation-result]").all()
    }


def test_probation_overlapping_periods(page, site_url):
    open_form(page, site_url)
    fill_periods(page, PERIODS)
    cards = probation_cards(page, len(PERIODS))
    assert set(cards) == {"national", "hubei"}
    for region, card in cards.items():
        report = run("probation", {"periods": PERIODS, "region": region, "as_of": AS_OF})
        facts = report["facts"]
        assert card.get_attribute("data-days") == str(facts["days_counted"])
        assert card.get_attribute("data-enough") == str(facts["enough"]).lower()
        assert card.get_attribute("data-short") == str(facts["short_days"] or 0)
        # overlaps are counted once: the union is shorter than the sum of the periods
        separate = sum(
            run("probation", {"periods": [p], "region": region, "as_of": AS_OF})["facts"]["days_counted"]
            for p in PERIODS
        )
        assert facts["days_counted"] < separate
        text = card.inner_text()
        assert str(facts["months"]) in text and str(facts["days"]) in text

    # removing a row recomputes; a short total says how many days are missing
    page.locator("[data-testid=period] [data-testid=period-remove]").nth(2).click()
    page.locator("[data-testid=period] [data-testid=period-remove]").nth(1).click()
    cards = probation_cards(page, 1)
    for region, card in cards.items():
        report = run("probation", {"periods": PERIODS[:1], "region": region, "as_of": AS_OF})
        assert card.get_attribute("data-enough") == str(report["facts"]["enough"]).lower()
        if not report["facts"]["enough"]:
            assert str(report["facts"]["short_days"]) in card.inner_text()
    assert page.js_errors == []


def test_probation_bad_dates_give_a_message(page, site_url):
    open_form(page, site_url)
    fill_periods(page, [{"unit": "甲医院", "start": "2026-08-31", "end": "2026-01-01"}])
    cards = probation_cards(page, 1)
    report = run("probation", {"periods": [{"unit": "甲医院", "start": "2026-08-31", "end": "2026-01-01"}],
                               "region": "national", "as_of": AS_OF})
    card = cards["national"]
    assert card.get_attribute("data-verdict") == report["verdict"]
    for finding in report["findings"]:
        if finding["severity"] != "info":
            assert finding["message"] in card.inner_text()


def test_phone_screen(mobile_context, site_url, artifacts):
    page = mobile_context.new_page()
    open_form(page, site_url)
    judged(page, "id-number", "530102192005080119")
    judged(page, "chsi-code", "12345")
    fill_periods(page, PERIODS[:2])
    probation_cards(page, 2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "form-360.png"), full_page=True)
    assert mobile_context.requests_log.foreign(site_url) == []


def test_works_offline_after_one_visit(page, context, site_url):
    open_form(page, site_url)
    page.wait_for_selector("[data-testid=validator-status][data-state=ready]", timeout=READY)
    # the service worker has precached the site (install finishes before it becomes active)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    context.set_offline(True)
    try:
        page.reload()
        page.wait_for_selector("[data-tool=form][data-ready=true]", timeout=READY)
        good = "11010519491231002X"
        result = judged(page, "id-number", good)
        assert result.get_attribute("data-verdict") == expected("id_number", good, {})["verdict"]
        fill_periods(page, PERIODS[:1])
        assert set(probation_cards(page, 1)) == {"national", "hubei"}
    finally:
        context.set_offline(False)
    assert page.requests_log.foreign(site_url) == []
