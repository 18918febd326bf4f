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
    # "张三3" only warns: the digit rule rests on one repost (severity follows confidence)
    ("name", "name", ["张三", "阿依古丽.买买提", ("张三3", "warn")], ["Zhang San", "张 三"], {}),
    ("diploma-number", "diploma_number", ["105591201505001234"], ["10559-12015", "ABC"], {"context": {}}),
    ("chsi-code", "chsi_code", ["A1B2C3D4E5F6G7H8"], ["12345", "A1B2C3D4E5F6G7H!"], {}),
    ("chsi-expiry", "chsi_expiry", ["2027-06-30"], ["2026-11-30", "2027-13-01"], {}),
    # months as people type them are read (issue 23); what is no month, or no real month, fails
    ("graduation-month", "yyyymm", ["2021-07", "2021/07", "202107"], ["2021-13", "2021-7-32"], {}),
    ("entry-month", "yyyymm", ["2016-09", "2016-9"], ["九月", "2027-09"], {"context": {"no_future": True}}),
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
    cases = [*((v, True) for v in good), *((v, False) for v in bad)]
    for item, want_ok in cases:
        value, want = item if isinstance(item, tuple) else (item, None)
        result = judged(page, name, value)
        report = expected(kind, value, extra)
        verdict = result.get_attribute("data-verdict")
        assert verdict == report["verdict"], (name, value, report["findings"])
        assert (verdict != "fail") == want_ok, (name, value, report["findings"])
        if want is not None:
            assert verdict == want, (name, value, report["findings"])
        shown = result.locator("[data-testid=finding]").evaluate_all("els => els.map(e => e.dataset.code)")
        assert shown == [f["code"] for f in report["findings"]]
        if verdict == "fail":
            text = result.inner_text()
            failing = [f for f in report["findings"] if f["severity"] == "fail"]
            assert any(f["message"] in text for f in failing)
            assert any(f["fix"] and f["fix"] in text for f in failing)
    shown = page.inner_text("article")  # a passing field once showed the word "null" under it
    assert "null" not in shown and "undefined" not in shown
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


def test_graduation_month_as_typed_reaches_the_diploma_check(page, site_url):
    """The graduation month typed as people type it (2015.7, 2015年7月) is read by its own field and passes
    through to the diploma number's era (issue 21 item 3): 17/18 digits from about 2001/2002 (E2, E4), a
    wrong length fails from 2003 graduates on; before 2001 the length is not checked."""
    open_form(page, site_url)
    diploma = page.locator("[data-testid=result-diploma-number]")

    def diploma_codes():
        return diploma.locator("[data-testid=finding]").evaluate_all("els => els.map(e => e.dataset.code)")

    result = judged(page, "diploma-number", "1055912015050012")  # 16 digits, no month yet: era unknown
    assert result.get_attribute("data-verdict") == "warn"
    assert diploma_codes() == ["diploma.length_unknown_era"]
    for typed in ("2015.7", "2015年7月"):
        month = judged(page, "graduation-month", typed)
        assert month.get_attribute("data-verdict") == "pass"
        assert month.get_attribute("data-understood") == "2015-07"
        page.wait_for_function(
            "() => { const r = document.querySelector('[data-testid=result-diploma-number]');"
            " return r.dataset.state === 'done' && r.dataset.verdict === 'fail'; }",
            timeout=READY,
        )
        assert diploma_codes() == ["diploma.length"], typed
        assert "2015 年 7 月毕业" in diploma.inner_text()
        page.locator("[data-testid=field-graduation-month]").fill("")
        judged(page, "diploma-number", "1055912015050012")
    # a 1998 graduate typed the Chinese way: an old number of 10 digits is not length-checked
    judged(page, "graduation-month", "1998年7月")
    result = judged(page, "diploma-number", "4213071998")
    assert result.get_attribute("data-verdict") == "pass" and diploma_codes() == ["diploma.early"]
    assert page.js_errors == []


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


def test_hmt_local_ids_and_the_permanent_residence_card(page, site_url):
    """Issue 21: 香港/澳门/台湾身份证 and 外国人永久居留身份证 are ID types. By hand from F5 (one source):
    香港 8 or 9, 澳门 8, 台湾 10 characters, no punctuation: off only warns. No source gives the permanent
    card's format: accepted with a note. A 9… number as 居民身份证 names that card, not the 港澳台 permit."""
    open_form(page, site_url)
    select = page.locator("[data-testid=field-id-type]")
    options = select.locator("option").evaluate_all("els => els.map(e => e.value)")
    assert {"hk_id", "macao_id", "taiwan_id", "foreign_permanent"} <= set(options)
    cases = [
        ("hk_id", "A123456(7)", "warn", ["id.local.chars"]),
        ("macao_id", "1512345", "warn", ["id.local.length"]),
        ("taiwan_id", "A123456789", "pass", []),
        ("foreign_permanent", "933156198001012340", "pass", ["id.foreign_permanent.unchecked"]),
        ("resident_id", "933156198001012340", "fail", ["id.region_foreign"]),
    ]
    for id_type, value, verdict, want in cases:
        select.select_option(id_type)
        result = judged(page, "id-number", value)
        assert result.get_attribute("data-verdict") == verdict, (id_type, value)
        shown = result.locator("[data-testid=finding]").evaluate_all("els => els.map(e => e.dataset.code)")
        assert shown == want, (id_type, value)
    text = page.locator("[data-testid=result-id-number]").inner_text()
    assert "外国人永久居留身份证" in text and "港澳台" not in text
    # a number whose format no source gives is never badged "格式正确" (fresh candidate review)
    select.select_option("foreign_permanent")
    result = judged(page, "id-number", "933156198001012340")
    assert result.get_attribute("data-checked") == "no"
    assert "格式未检查" in result.inner_text() and "格式正确" not in result.inner_text()
    select.select_option("taiwan_id")
    result = judged(page, "id-number", "A123456789")
    assert result.get_attribute("data-checked") == "yes" and "格式正确" in result.inner_text()


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


def card_facts(card) -> dict:
    """What the page shows for one region: window, per-period counts, verdict."""
    window = card.locator("[data-testid=probation-window]")
    return {
        "window": (
            window.get_attribute("data-start"),
            window.get_attribute("data-end"),
            window.get_attribute("data-end-inferred"),
        ),
        "periods": [
            tuple(
                int(row.get_attribute(f"data-{k}-days"))
                for k in ("counted", "before", "after", "overlap")
            )
            for row in card.locator("[data-testid=probation-period-result]").all()
        ],
        "verdict": card.get_attribute("data-verdict"),
        "enough": card.get_attribute("data-enough"),
        "days": card.get_attribute("data-days"),
    }


def test_probation_judges_the_chosen_region_with_each_period_explained(page, site_url):
    """Overlapping periods, national rules: each row's days counted, the overlap counted once."""
    open_form(page, site_url)
    fill_periods(page, PERIODS)
    cards = probation_cards(page, len(PERIODS))
    assert set(cards) == {"national"}  # one result: the region chosen on the page
    shown = card_facts(cards["national"])
    # written out by hand: 甲 Jul 2025–Mar 2026 = 274; 乙 Jan–Aug 2026 = 243 with Jan–Mar (90) already
    # counted; 丙 Aug 15–Dec 10 = 118 with Aug 15–31 (17) already counted
    assert shown["periods"] == [(274, 0, 0, 0), (153, 0, 0, 90), (101, 0, 0, 17)]
    assert shown["window"] == ("", "2027-08-31", "false")
    assert shown["days"] == "528" and shown["enough"] == "true"
    report = run("probation", {"periods": PERIODS, "region": "national", "as_of": AS_OF})
    assert shown["verdict"] == report["verdict"]
    # note-level findings are never hidden (the overlaps are notes)
    text = cards["national"].inner_text()
    assert all(f["message"] in text for f in report["findings"])

    # removing rows recomputes
    page.locator("[data-testid=period] [data-testid=period-remove]").nth(2).click()
    page.locator("[data-testid=period] [data-testid=period-remove]").nth(1).click()
    cards = probation_cards(page, 1)
    assert card_facts(cards["national"])["periods"] == [(274, 0, 0, 0)]
    assert "还差 91 天" in cards["national"].inner_text()  # 365 - 274
    assert page.js_errors == []


def test_the_probation_announcement_names_any_region_in_words(page, site_url):
    """A screen reader heard 按guangdong: the spoken result names the 考区 as the page does."""
    page.goto(f"{site_url}/tools/form/?as_of={AS_OF}&region=guangdong")
    page.wait_for_selector("[data-tool=form][data-ready=true]", timeout=READY)
    fill_periods(page, PERIODS[:1])
    probation_cards(page, 1)
    live = page.locator("[data-tool=form] [data-testid=live]")
    page.wait_for_function(
        "() => (document.querySelector('[data-tool=form] [data-testid=live]')?.textContent || '')"
        ".includes('试用期计算结果')",
        timeout=READY,
    )
    spoken = live.text_content()
    assert spoken.startswith("试用期计算结果，按广东考区的规则："), spoken
    assert "guangdong" not in spoken


def test_probation_hubei_explains_the_inferred_window_and_the_other_region_on_request(page, site_url):
    """Issue 11 "Why": a Hubei candidate sees which period fell outside the window, that the end is
    an inferred exam date, and from which exam date the year is complete; national only on request."""
    page.goto(f"{site_url}/tools/form/?as_of={AS_OF}&region=hubei#probation")
    page.wait_for_selector("[data-tool=form][data-ready=true]", timeout=READY)
    assert page.locator("[data-testid=form-region]").input_value() == "hubei"
    fill_periods(page, [{"unit": "甲医院", "start": "2026-08-16", "end": "2027-08-31"}])
    cards = probation_cards(page, 1)
    assert set(cards) == {"hubei"}
    shown = card_facts(cards["hubei"])
    # Hubei: 2026-01-01 to the written exam, inferred as 2027-08-14; Aug 15–31 2027 fall after it
    assert shown["window"] == ("2026-01-01", "2027-08-14", "true")
    assert shown["periods"] == [(364, 0, 17, 0)]
    assert shown["verdict"] == "warn" and shown["enough"] == "false"
    text = cards["hubei"].inner_text()
    assert "若考试在 2027-08-15 或以后，则已满一年" in text and "推断" in text
    assert "推迟一年" not in text  # not told to wait a year on a guessed date
    # the window end can be changed: the announced date makes the year complete
    cards["hubei"].locator("[data-testid=probation-window-edit]").click()
    exam = page.locator("[data-testid=probation-exam-date]")
    assert exam.evaluate("e => e === document.activeElement")
    exam.fill("2027-08-15")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=probation-window]')?.dataset.end === '2027-08-15'",
        timeout=READY,
    )
    cards = probation_cards(page, 1)
    assert card_facts(cards["hubei"])["window"] == ("2026-01-01", "2027-08-15", "false")
    assert cards["hubei"].get_attribute("data-enough") == "true"
    # the other region only on request, labelled as not the chosen one
    page.locator("[data-testid=probation-other]").click()
    page.wait_for_selector("[data-testid=probation-result][data-other=true]", timeout=READY)
    other = page.locator("[data-testid=probation-result][data-other=true]")
    assert other.get_attribute("data-region") == "national" and "不是您选择的考区" in other.inner_text()
    assert page.js_errors == []


def test_probation_period_before_the_hubei_window_is_named(page, site_url):
    page.goto(f"{site_url}/tools/form/?as_of={AS_OF}&region=hubei")
    page.wait_for_selector("[data-tool=form][data-ready=true]", timeout=READY)
    fill_periods(page, [{"unit": "甲医院", "start": "2025-07-01", "end": "2026-06-30"}])
    card = probation_cards(page, 1)["hubei"]
    assert card_facts(card)["periods"] == [(181, 184, 0, 0)]  # Jan–Jun 2026 in; Jul–Dec 2025 before
    assert card.get_attribute("data-verdict") == "fail" and "还差 184 天" in card.inner_text()
    assert "计算范围开始以前的 184 天不算" in card.inner_text()


def test_still_on_probation_is_counted_to_the_window_end(page, site_url):
    """A Hubei fresh graduate still on probation: today's date as the end is short, "仍在试用" is not."""
    page.goto(f"{site_url}/tools/form/?as_of=2026-11-30&region=hubei#probation")
    page.wait_for_selector("[data-tool=form][data-ready=true]", timeout=READY)
    fill_periods(page, [{"unit": "甲医院", "start": "2025-08-01", "end": "2026-11-30"}])
    card = probation_cards(page, 1)["hubei"]
    assert card_facts(card)["periods"][0][0] == 334  # 2026-01-01..2026-11-30
    assert card.get_attribute("data-enough") == "false" and "仍在试用" in card.inner_text()
    row = page.locator("[data-testid=period]").first
    row.locator("[data-testid=period-ongoing]").check()
    assert row.locator("[data-testid=period-end]").is_disabled()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=probation-result]')?.dataset.enough === 'true'",
        timeout=READY,
    )
    card = probation_cards(page, 1)["hubei"]
    # counted from 2026-01-01 to the inferred exam date 2027-08-14: 591 days
    assert card_facts(card)["periods"][0][0] == 591
    assert "推迟一年" not in card.inner_text()
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
    # a Hubei probation result on a phone (issue 11 note)
    page.goto(f"{site_url}/tools/form/?as_of={AS_OF}&region=hubei#probation")
    page.wait_for_selector("[data-tool=form][data-ready=true]", timeout=READY)
    fill_periods(page, [{"unit": "甲医院", "start": "2026-08-16", "end": "2027-08-31"}])
    card = probation_cards(page, 1)["hubei"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "probation-360-hubei-page.png"), full_page=True)
    card.screenshot(path=str(artifacts / "probation-360-hubei.png"))
    assert mobile_context.requests_log.foreign(site_url) == []


@pytest.mark.service_worker
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
        assert set(probation_cards(page, 1)) == {"national"}
    finally:
        context.set_offline(False)
    assert page.requests_log.foreign(site_url) == []


def test_a_graduation_month_before_the_entry_month_fails_until_they_agree(page, site_url):
    """A phone review typed 入学 2021-09 and 毕业 2016-07: both said 格式正确."""
    open_form(page, site_url)
    judged(page, "entry-month", "2021-09")
    result = judged(page, "graduation-month", "2016-07")
    assert result.get_attribute("data-verdict") == "fail"
    assert "毕业年月 2016-07 早于您填写的入学年月 2021-09" in result.inner_text()
    # the entry month corrected: the graduation month is judged again, without being typed again
    judged(page, "entry-month", "2012-09")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=result-graduation-month]').dataset.verdict === 'pass'",
        timeout=READY,
    )
    assert page.js_errors == []


def test_the_examination_sites_own_deadline_counts_the_validity_of_the_record(page, site_url):
    """The inferred deadline's advice names a box the page has (a phone review found none): Hubei's
    2027 deadline is inferred as 2027-03-10 (content/rules/fields.yaml), two months after it is 2027-05-10."""
    page.goto(f"{site_url}/tools/form/?as_of={AS_OF}&region=hubei")
    page.wait_for_selector("[data-tool=form][data-ready=true]", timeout=READY)
    result = judged(page, "chsi-expiry", "2027-04-30")
    assert result.get_attribute("data-verdict") == "warn"
    text = result.inner_text()
    assert "2027-03-10" in text and "“考点审核截止日”" in text
    assert page.locator("[data-testid=field-chsi-deadline]").is_visible()

    page.locator("[data-testid=field-chsi-deadline]").fill("2027-01-31")
    page.wait_for_function(
        "() => { const r = document.querySelector('[data-testid=result-chsi-expiry]');"
        " return r.dataset.state === 'done' && r.dataset.verdict === 'pass'; }",
        timeout=READY,
    )
    assert "推断" not in result.inner_text()
    page.locator("[data-testid=field-chsi-deadline]").fill("2027-03-10")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=result-chsi-expiry]').dataset.verdict === 'fail'",
        timeout=READY,
    )
    assert "应到 2027-05-10 或更晚" in result.inner_text()
    assert page.js_errors == []
