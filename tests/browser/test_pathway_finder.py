"""The pathway finder in real Chromium: whole journeys, the personal answer, shareable URLs,
back/forward, and parity with the materials check and the CLI.

The 32 profiles of tests/eligibility_profiles.py (expected pathways, recommendation and
yes/maybe materials written out by hand) are answered screen by screen, a few groups of them per page, as a
candidate would (the page decides which screens to show; "重新回答" starts the next one). Each
result must match the table; the materials check opened from the result (for the first profile
of each recommended pathway) must list the same materials; the CLI run on the answers the page
sent must give the same answer.
"""

from __future__ import annotations

import io
import json

import pytest

from tests.eligibility_profiles import AS_OF, PROFILES
from tests.gen import photos
from validator.api import run
from validator.cli import main
from validator.eligibility.answers import asked, holds, parse
from validator.ruleset import load_default

READY = 180_000  # ms: Pyodide start-up on a busy 2-core machine (a wait, not an assertion)
SCREENS = load_default().data["finder"]["screens"]


def open_finder(page, site_url, query=""):
    page.goto(f"{site_url}/tools/pathway/?as_of={AS_OF}{query}")
    page.wait_for_selector("[data-tool=pathway][data-ready=true]", timeout=READY)


FIELDS_JS = """form => [...form.querySelectorAll("[data-field]")].map(e => ({
  key: e.dataset.field,
  hidden: !e.checkVisibility({ visibilityProperty: true }),
  radio: Boolean(e.querySelector("input[type=radio]")),
  select: Boolean(e.querySelector("select")),
}))"""


def answer_screen(page, answers):
    """Fill every field the screen shows from the answers (a field hidden by its condition is skipped).

    The fields and their kinds are read in one call, again after each answer that may show more (a field's
    condition names an earlier one); only the fills and clicks go through Playwright, as a candidate's taps
    would (each locator query is a round trip: a walk of 27 profiles made thousands)."""
    form = page.locator("[data-testid=finder-question]")
    done: set[str] = set()
    while True:
        todo = [
            f
            for f in form.evaluate(FIELDS_JS)
            if f["key"] not in done and answers.get(f["key"]) is not None and not f["hidden"]
        ]
        if not todo:
            break
        for field in todo:
            key, value = field["key"], answers[field["key"]]
            done.add(key)
            wrap = form.locator(f"[data-field='{key}']")
            if field["radio"]:
                wrap.locator(f"input[type=radio][value='{value}']").check()
            elif field["select"]:
                wrap.locator("select").select_option(value)
            elif value == "pending":
                wrap.locator("[data-testid=input-pending]").check()
            else:
                wrap.locator(f"[data-testid=input-{key}]").fill(value)
            if field["radio"] or field["select"]:
                break  # a choice may show or hide the fields after it: read them again
    form.locator("[data-testid=finder-next]").click()


def walk(page, answers, name="") -> list[str]:
    """Answer every screen the page shows until the result; returns the screens seen.

    A screen shown twice means the page refused "下一步": the failure names the profile and quotes the
    page's message (a profile that leaves out a question the page asks, e.g. 西学中 for a 临床 licence,
    gets "请先选择一项。" — not a page bug)."""
    seen = []
    for _ in range(14):
        view = page.locator("[data-testid=finder-view]")
        view.locator("[data-testid=finder-question], [data-testid=finder-result]").first.wait_for()
        step = view.get_attribute("data-step")
        if step == "result":
            return seen
        if step in seen:
            said = page.locator("[data-testid=finder-error]:visible").all_inner_texts()
            raise AssertionError(f"{name}: screen {step} shown twice; the page says {said}")
        seen.append(step)
        answer_screen(page, answers)
    raise AssertionError(f"{name}: no result after {seen}")


def result_of(page) -> dict:
    page.wait_for_selector("[data-testid=finder-result][data-state=done]", timeout=READY)
    return page.evaluate(
        """() => {
          const all = (sel, f) => [...document.querySelectorAll(sel)].map(f);
          return {
            pathways: Object.fromEntries(
              all("[data-testid=pathway-result]", e => [e.dataset.pathway, e.dataset.applies])),
            recommended: all("[data-testid=pathway-result][data-recommended=true]", e => e.dataset.pathway),
            materials: all("[data-testid=result-material]", e => [e.dataset.material, e.dataset.applies]),
            notApplicable: all("[data-testid=pathway-not-applicable]", e => e.dataset.pathway),
            request: document.querySelector("[data-testid=finder-result]").request,
            text: document.querySelector("[data-testid=finder-result]").innerText,
          };
        }"""
    )


def split(pairs) -> tuple[set, set]:
    return {m for m, a in pairs if a == "yes"}, {m for m, a in pairs if a == "maybe"}


def cli_json(answers: dict) -> dict:
    out = io.StringIO()
    query = "&".join(f"{k}={v}" for k, v in answers.items())
    assert main(["pathway", query, "--json", "--as-of", AS_OF], out=out) == 0
    return json.loads(out.getvalue())


def materials_page(context, href) -> tuple[set, set]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(href)
    page.wait_for_selector("[data-tool=materials][data-ready=true]", timeout=READY)
    page.wait_for_selector("[data-testid=materials-personal]", timeout=READY)
    pairs = page.locator("[data-tool=materials] [data-applies][data-material]").evaluate_all(
        "els => els.map(e => [e.dataset.material, e.dataset.applies])"
    )
    assert errors == []
    page.close()
    return split(pairs)


# The profiles in a few groups, one page per group: each test stays far inside the suite's per-test
# timeout on a busy machine (one test for all 33 journeys took ~3 minutes), and one group can be run alone.
GROUPS = 4
# The materials check is opened from the first profile recommending each pathway: every pathway's link and
# list are checked in the real page, one page start-up each. Every profile's materials list (the engine the
# materials check runs) is checked against the table in tests/test_eligibility_profiles.py, and its finder
# result here.
OPEN_MATERIALS = {
    want["recommended"]: name for name, want in reversed(PROFILES.items()) if want["recommended"]
}


@pytest.mark.parametrize("group", range(GROUPS))
def test_every_profile_in_the_finder_the_materials_check_and_the_cli(page, context, site_url, group):
    """At least 20 profiles covering every pathway: finder = materials check = CLI = the table."""
    open_finder(page, site_url)
    for name, want in list(PROFILES.items())[group::GROUPS]:
        answers = parse(want["query"])
        seen = walk(page, answers, name)
        # the screens shown are the ones content/finder.yaml routes to for these answers
        assert seen == [s["id"] for s in SCREENS if holds(s.get("when"), answers)], name
        shown = result_of(page)
        assert shown["pathways"] == want["pathways"], name
        assert shown["recommended"] == ([want["recommended"]] if want["recommended"] else []), name
        assert split(shown["materials"]) == (set(want["yes"]), set(want["maybe"])), name
        # the page sends exactly the answers its screens ask; the CLI on them gives the same answer
        assert shown["request"]["answers"] == asked(SCREENS, answers), name
        out = cli_json(shown["request"]["answers"])
        assert {p["id"]: p["applies"] for p in out["pathways"]} == want["pathways"], name
        assert split([(m["id"], m["applies"]) for m in out["materials"]]) == split(shown["materials"]), name
        if want["recommended"]:
            item = page.locator(f"[data-testid=pathway-result][data-pathway={want['recommended']}]")
            href = item.locator("[data-testid=materials-link]").get_attribute("href")
            assert f"pathway={want['recommended']}" in href and f"region={answers['rg']}" in href
            assert (
                item.locator("[data-testid=checklist-link]")
                .get_attribute("href")
                .endswith(f"/checklists/{want['recommended']}/")
            )
            if OPEN_MATERIALS[want["recommended"]] == name:
                assert materials_page(context, href) == (set(want["yes"]), set(want["maybe"])), name
        else:
            page.locator("[data-testid=finder-none]").wait_for()
            decisive = page.locator("[data-testid=finder-decisive]")
            report = run("eligibility", shown["request"])
            assert report["facts"]["decisive"]["reason"] in decisive.inner_text()
        page.locator("[data-testid=finder-restart]").click()
    assert page.requests_log.foreign(site_url) == []
    assert page.js_errors == []


# the cases under "Why" in issue 11, in the real page ----------------------------------------
def finder_result(page, site_url, name):
    open_finder(page, site_url, "&" + PROFILES[name]["query"] + "&step=result")
    return result_of(page)


def test_why_a_recent_graduate_is_not_sent_for_a_certification_report(page, site_url):
    shown = finder_result(page, site_url, "bachelor-2025")
    materials = dict(shown["materials"])
    assert materials["chsi-record"] == "yes" and "cert-report" not in materials
    # the conditions the checklist states are kept: maybe-items show their condition in words
    item = page.locator("[data-testid=result-material][data-material=identity-evidence]")
    assert item.get_attribute("data-applies") == "maybe" and "身份证" in item.inner_text()


def test_in_hubei_the_result_says_the_chsi_record_is_typed_in_as_a_code(page, site_url):
    """SEED0 §二(二)3: Hubei's 省网 takes the 备案表's 在线验证码 typed in; the result says so where the
    备案表 is listed. Outside Hubei (national rules) the item carries no such note."""
    query = PROFILES["bachelor-2025"]["query"].replace("rg=national", "rg=hubei")
    open_finder(page, site_url, "&" + query + "&step=result")
    result_of(page)
    item = page.locator("[data-testid=result-material][data-material=chsi-record]").first
    assert "不收这份文件的图片，而是填写备案表的在线验证码" in item.inner_text()
    assert page.locator("[data-testid=result-material-code]").count() >= 1
    assert page.locator("[data-testid=result-material]:not([data-material=chsi-record]) "
                        "[data-testid=result-material-code]").count() == 0
    finder_result(page, site_url, "bachelor-2025")
    assert page.locator("[data-testid=result-material-code]").count() == 0


def test_why_upgrade_gets_one_recommendation_and_no_assistant_papers(page, site_url):
    shown = finder_result(page, site_url, "upgrade-full-time")
    assert shown["recommended"] == ["college-to-bachelor"] and len(shown["pathways"]) == 2
    assert "assistant-qualification" not in dict(shown["materials"])
    page.locator("[data-testid=recommendation]").wait_for()
    assert "专升本" in page.locator("[data-testid=recommendation]").inner_text()
    other = page.locator("[data-testid=pathway-result][data-recommended=false]")
    assert other.get_attribute("data-pathway") == "bachelor-physician"
    assert "不需要：专科毕业证书" in other.inner_text()  # what differs, in words


def test_why_full_time_college_with_adult_bachelor_still_gets_its_pathway(page, site_url):
    shown = finder_result(page, site_url, "college-then-adult-bachelor")
    assert shown["pathways"] == {"college-assistant": "yes"}
    page.locator("[data-testid=pathway-result] details summary").first.click()
    text = page.locator("[data-testid=pathway-result][data-recommended=true]").inner_text()
    assert "您的本科“临床医学”学历在这里用不上" in text and "按专科学历判断" in text
    # the study mode and entry month of each stage were asked (the 本科 stage on its own screen)
    assert shown["request"]["answers"]["md2"] == "adult" and shown["request"]["answers"]["en2"] == "2018-03"


def test_why_mainland_candidates_read_the_right_sentence_on_hmt_and_foreign_pathways(page, site_url):
    finder_result(page, site_url, "bachelor-2025")
    page.locator("[data-testid=finder-result] details.ykt-not-applicable summary").click()
    for pid in ("hmt-resident", "foreign-national"):
        text = page.locator(f"[data-testid=pathway-not-applicable][data-pathway={pid}]").inner_text()
        assert "您是内地居民" in text and "内地居民请看" not in text


def test_why_hubei_recent_graduates_are_warned_and_sent_to_the_calculator(page, site_url):
    shown = finder_result(page, site_url, "fresh-hubei")
    warning = page.locator("[data-testid=finder-finding][data-code='eligibility.probation.hubei_window']")
    assert "2027-08-14" in warning.inner_text() and "推断" in warning.inner_text()
    link = warning.locator("[data-testid=finding-link]")
    assert link.inner_text() == "试用期计算器"
    href = link.get_attribute("href")
    assert "/tools/form/" in href and "region=hubei" in href and href.endswith("#probation")
    # every tool named in the result is a link (the probation-year reason names the calculator)
    assert page.locator("[data-testid=finder-result] a[data-tool-link=probation]").count() >= 2
    link.click()
    page.wait_for_selector("[data-tool=form][data-ready=true]", timeout=READY)
    assert page.locator("[data-testid=form-region]").input_value() == "hubei"
    assert shown["recommended"] == ["fresh-graduate"]


def test_why_the_home_page_starts_with_the_finder_then_the_photo_tool(page, site_url):
    page.goto(f"{site_url}/")
    cards = page.locator(".grid.cards > ul > li")
    first, second = cards.nth(0), cards.nth(1)
    assert first.locator("a").first.get_attribute("href").rstrip("/").endswith("tools/pathway")
    assert second.locator("a").first.get_attribute("href").rstrip("/").endswith("tools/photo")
    # the unofficial notice is said once, in the compact banner, not again in the page body
    assert "非官方" in page.locator("[data-testid=unofficial-banner]").inner_text()
    assert "非官方" not in page.locator("article").inner_text()


def test_maybe_pathway_says_so(page, site_url):
    """中专 obtained after the law, period unknown: "可能适用，以当年规定为准", not a refusal."""
    shown = finder_result(page, site_url, "secondary-after-law")
    assert shown["pathways"] == {"secondary-assistant": "maybe"}
    assert "可能适用，以当年规定为准" in page.locator("[data-testid=pathway-maybe]").inner_text()


# the cases under "Why" in issue 21 (majors and routes), in the real page ---------------------------
def opened_text(page) -> str:
    """The result's text with its "判断依据" boxes opened, as a candidate who opens them reads it."""
    boxes = page.locator("[data-testid=finder-result] details")
    for i in range(boxes.count()):
        boxes.nth(i).evaluate("d => { d.open = true; }")
    return page.locator("[data-testid=finder-result]").inner_text()


def test_why_issue21_hmt_public_health_reads_the_category_limit(page, site_url):
    shown = finder_result(page, site_url, "hmt-public-health")
    assert shown["pathways"] == {}
    decisive = page.locator("[data-testid=finder-decisive]").inner_text()
    assert "只能报考临床、中医、口腔" in decisive and "不对应" not in decisive


def test_why_issue21_unlisted_major_and_before_graduation_are_maybe(page, site_url):
    shown = finder_result(page, site_url, "unlisted-major")
    assert shown["pathways"] == {"bachelor-physician": "maybe"}
    text = opened_text(page)
    assert "请带毕业证书向考点确认" in text and "不能作为报考医师资格的依据" not in text
    shown = finder_result(page, site_url, "master-professional-pending")
    assert shown["recommended"] == ["postgraduate-professional"]
    assert shown["pathways"]["fresh-graduate"] == "maybe"


def test_why_issue21_routes_without_the_exam_and_western_tcm(page, site_url):
    finder_result(page, site_url, "tcm-expertise-national")
    text = opened_text(page)
    assert "不用参加考试" in text and "第十一条第二款" in text and "第十五条第二款" in text
    shown = finder_result(page, site_url, "western-tcm-physician")
    assert shown["recommended"] == ["western-tcm"]
    text = opened_text(page)
    assert "中西医结合" in text
    # a question the finder did not ask is not reported as skipped
    assert "没有填写" not in text
    rural = page.locator("[data-testid=pathway-not-applicable][data-pathway=rural-general-assistant]")
    assert rural.inner_text() and "没有填写" not in rural.inner_text()


def test_western_tcm_question_only_for_clinical_doctors(page, site_url):
    open_finder(
        page,
        site_url,
        "&id=mainland&lv=bachelor&mj=clinical&md=full-time&en=2010-09&gr=2015-07&step=certificate",
    )
    form = page.locator("[data-testid=finder-question][data-question=certificate]")
    assert form.locator("[data-field=xz]").is_hidden()
    form.locator("input[type=radio][value=physician]").check()
    form.locator("[data-field=cc] select").select_option("clinical")
    assert form.locator("[data-field=xz]").is_visible()
    form.locator("[data-field=cc] select").select_option("dental")
    assert form.locator("[data-field=xz]").is_hidden()
    # 临床 (the first option, already shown) chosen again: the question is back, and it must be answered
    # before the next screen (a walk whose answers leave it out sees this screen again: issue 21)
    form.locator("[data-field=cc] select").select_option("clinical")
    assert form.locator("[data-field=xz]").is_visible()
    form.locator("[data-testid=input-cr]").fill("2017-03-01")
    form.locator("[data-testid=finder-next]").click()
    assert page.locator("[data-testid=finder-error]").inner_text() == "请先选择一项。"
    assert page.locator("[data-testid=finder-view]").get_attribute("data-step") == "certificate"
    form.locator("[data-field=xz] input[type=radio][value=yes]").check()
    form.locator("[data-testid=finder-next]").click()
    page.locator("[data-testid=finder-question][data-question=region]").wait_for()


# journeys, links, history ---------------------------------------------------------------
def test_url_is_shareable_and_back_forward_work(page, context, site_url):
    answers = parse(PROFILES["upgrade-full-time"]["query"])
    open_finder(page, site_url)
    walk(page, answers)
    shown = result_of(page)
    shared = page.url
    assert "step=result" in shared and "lv=upgrade" in shared and "md2=full-time" in shared

    # a fresh tab opened from the link shows the same result without any question
    other = context.new_page()
    other.goto(shared)
    other.wait_for_selector("[data-testid=finder-result][data-state=done]", timeout=READY)
    other.locator("[data-testid=checklist-link]").first.click(trial=True)
    assert result_of(other)["pathways"] == shown["pathways"]
    other.close()

    # back goes to the previous screen with its answer kept; forward returns to the result
    page.go_back()
    page.wait_for_selector("[data-testid=finder-question][data-question=target]")
    assert page.locator("[data-testid=input-tl]").input_value() == "physician"
    page.go_back()
    page.wait_for_selector("[data-testid=finder-question][data-question=region]")
    # the 考区 is a choice among every 考区 (a select since the register), the answer kept
    assert page.locator("[data-testid=input-rg]").input_value() == answers["rg"] == "national"
    page.go_forward()
    page.go_forward()
    page.wait_for_selector("[data-testid=finder-result][data-state=done]", timeout=READY)
    assert page.requests_log.foreign(site_url) == []


def test_an_old_upgrade_link_asks_the_bachelor_stage_prefilled(page, site_url):
    """Links from before md2/en2 stay valid: the new screen opens with the old answers filled in."""
    old = "&id=mainland&lv=upgrade&mj=clinical&md=adult&en=2015-09&cg=2018-07&gr=2020-07&ct=none&rg=hubei"
    open_finder(page, site_url, old + "&tl=physician&tc=clinical&step=result")
    page.wait_for_selector("[data-testid=finder-question][data-question=stage2]")
    assert page.locator("input[name=md2][value=adult]").is_checked()
    assert page.locator("[data-testid=input-en2]").input_value() == "2018-07"
    assert page.locator("[data-testid=input-gr]").input_value() == "2020-07"
    # the two copied answers say they are copies (a phone review took them for its own), the typed one not
    notes = page.locator("[data-testid=input-prefilled]")
    assert notes.count() == 2
    assert "已按您前面关于专科的回答预先填好" in notes.first.inner_text()
    assert page.locator("[data-field=gr] [data-testid=input-prefilled]").count() == 0
    page.locator("[data-testid=finder-next]").click()
    page.wait_for_selector("[data-testid=finder-result][data-state=done]", timeout=READY)
    assert "md2=adult" in page.url and "en2=2018-07" in page.url
    # answered now: going back shows them as answers, with no note
    page.go_back()
    page.wait_for_selector("[data-testid=finder-question][data-question=stage2]")
    assert page.locator("[data-testid=input-prefilled]").count() == 0


def test_a_graduation_month_to_come_says_to_tick_not_yet_graduated(page, site_url):
    """A phone review typed 毕业 2027-07 as a fresh graduate and was stuck on 这个时间晚于今天."""
    answers = "&id=mainland&lv=bachelor&mj=clinical&md=full-time&en=2022-09&step=dates"
    open_finder(page, site_url, answers)
    page.wait_for_selector("[data-testid=finder-question][data-question=dates]")
    page.locator("[data-testid=input-gr]").fill("2027-07")
    page.locator("[data-testid=finder-next]").click()
    error = page.locator("[data-testid=finder-error]")
    error.wait_for()
    assert "请勾选“应届”" in error.inner_text()
    page.locator("[data-testid=input-pending]").check()
    page.locator("[data-testid=finder-next]").click()
    page.wait_for_selector("[data-testid=finder-question]:not([data-question=dates])", timeout=READY)
    assert "gr=pending" in page.url


def test_bad_input_gets_a_message_and_no_progress(page, site_url):
    open_finder(page, site_url)
    page.locator("[data-testid=finder-next]").click()  # nothing chosen
    error = page.locator("[data-testid=finder-error]")
    error.wait_for()
    assert error.inner_text().strip()
    assert page.locator("[data-testid=finder-view]").get_attribute("data-step") == "identity"
    answers = parse(PROFILES["bachelor-2025"]["query"])
    for _ in ("identity", "level", "major", "mode"):
        answer_screen(page, answers)
    form = page.locator("[data-testid=finder-question][data-question=dates]")
    form.locator("[data-testid=input-en]").fill("2016-13")
    form.locator("[data-testid=input-gr]").fill("2021-07")
    form.locator("[data-testid=finder-next]").click()
    page.locator("[data-testid=finder-error]").wait_for()
    assert page.locator("[data-testid=finder-view]").get_attribute("data-step") == "dates"
    # the 本科 stage of 专升本 may not start before the 专科 ended
    open_finder(
        page, site_url, "&id=mainland&lv=upgrade&mj=clinical&md=full-time&en=2015-09&cg=2018-07&step=stage2"
    )
    stage = page.locator("[data-testid=finder-question][data-question=stage2]")
    stage.locator("input[name=md2][value=full-time]").check()
    stage.locator("[data-testid=input-en2]").fill("2018-03")
    stage.locator("[data-testid=input-gr]").fill("2020-07")
    stage.locator("[data-testid=finder-next]").click()
    assert "专升本" in page.locator("[data-testid=finder-error]").inner_text()
    assert page.js_errors == []


def test_certificate_details_appear_only_with_a_certificate(page, site_url):
    open_finder(
        page,
        site_url,
        "&id=mainland&lv=college&mj=clinical&md=full-time&en=2011-09&gr=2014-07&step=certificate",
    )
    form = page.locator("[data-testid=finder-question][data-question=certificate]")
    assert form.locator("[data-field=cr]").is_hidden()
    form.locator("input[type=radio][value=assistant]").check()
    assert form.locator("[data-field=cr]").is_visible()
    form.locator("input[type=radio][value=none]").check()
    assert form.locator("[data-field=cr]").is_hidden()


def test_phone_screen(mobile_context, site_url, artifacts):
    page = mobile_context.new_page()
    page.goto(f"{site_url}/tools/pathway/?as_of={AS_OF}")
    page.wait_for_selector("[data-tool=pathway][data-ready=true]", timeout=READY)
    page.screenshot(path=str(artifacts / "pathway-360-question.png"), full_page=True)
    walk(page, parse(PROFILES["fresh-hubei"]["query"]))
    page.wait_for_selector("[data-testid=finder-result][data-state=done]", timeout=READY)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # the next step is in view: the recommended pathway and its links are on the first screens
    top = page.locator("[data-testid=pathway-result][data-recommended=true] [data-testid=materials-link]")
    assert top.bounding_box()["y"] < 4 * 740
    page.screenshot(path=str(artifacts / "pathway-360-result.png"), full_page=True)
    assert mobile_context.requests_log.foreign(site_url) == []


def test_the_next_screen_lands_right_below_the_sticky_header(mobile_context, site_url):
    """After 下一步 on a phone (the button is at the bottom of a long screen) the new screen is brought up
    with its top right at the sticky header's bottom: not under the header, with no sliver of the page above
    it showing (a phone review saw that after the photo tool's scroll to its verdict)."""
    from tests.browser.test_phone_and_keyboard import LANDING, settle_scroll

    page = mobile_context.new_page()
    open_finder(page, site_url)
    view = page.locator("[data-testid=finder-view]")
    first = view.get_attribute("data-step")
    answer_screen(page, parse(PROFILES["fresh-hubei"]["query"]))
    page.wait_for_function(
        "first => document.querySelector('[data-testid=finder-view]').dataset.step !== first", arg=first
    )
    settle_scroll(page)
    header, top = page.evaluate(LANDING, "[data-testid=finder-view]")
    assert page.evaluate("() => scrollY") > 0
    assert header >= 44 and 0 <= top - header < 1, (header, top)


@pytest.mark.service_worker
def test_works_offline_after_one_visit(page, context, site_url):
    open_finder(page, site_url)
    page.wait_for_selector("[data-testid=validator-status][data-state=ready]", timeout=READY)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    context.set_offline(True)
    try:
        page.reload()
        page.wait_for_selector("[data-tool=pathway][data-ready=true]", timeout=READY)
        walk(page, parse(PROFILES["college-hubei"]["query"]))
        shown = result_of(page)
        assert shown["pathways"] == PROFILES["college-hubei"]["pathways"]
        # the materials check linked from the result opens offline too
        page.locator("[data-testid=materials-link]").first.click()
        page.wait_for_selector("[data-tool=materials][data-ready=true]", timeout=READY)
        material = page.locator("[data-testid=material]").first
        material.locator("input[type=file]").first.set_input_files(
            {"name": "offline.jpg", "mimeType": "image/jpeg", "buffer": photos.scan_good()}
        )
        checked = "[data-testid=material-slot][data-file='offline.jpg'][data-verdict]"
        page.wait_for_selector(checked, timeout=READY)
    finally:
        context.set_offline(False)
    assert page.requests_log.foreign(site_url) == []


def test_back_button_on_a_shared_mid_journey_link(page, site_url):
    query = "&id=mainland&lv=college&mj=clinical&md=full-time&en=2011-09&gr=2014-07&step=certificate"
    open_finder(page, site_url, query)
    page.wait_for_selector("[data-testid=finder-question][data-question=certificate]")
    page.locator("[data-testid=finder-back]").click()
    page.wait_for_selector("[data-testid=finder-question][data-question=dates]")
    assert page.locator("[data-testid=input-en]").input_value() == "2011-09"
    assert "/tools/pathway/" in page.url
    # a link that skips unanswered screens lands on the first open one
    open_finder(page, site_url, "&id=mainland&step=result")
    page.wait_for_selector("[data-testid=finder-question][data-question=level]")


def test_without_webassembly_the_finder_points_to_the_checklists(page, site_url):
    page.add_init_script("delete globalThis.WebAssembly")
    open_finder(page, site_url, "&" + PROFILES["bachelor-2000"]["query"] + "&step=result")
    page.wait_for_selector("[data-testid=validator-status][data-state=error]", timeout=READY)
    page.wait_for_selector("[data-testid=finder-result][data-state=error]", timeout=READY)
    link = page.locator("[data-testid=finder-result] a")
    assert link.first.get_attribute("href").endswith("/checklists/")
    assert page.locator("[data-testid=finder-result] [role=alert]").inner_text().strip()
    assert page.js_errors == []


@pytest.mark.parametrize("name", ["nursing", "college-adult-late"])
def test_none_puts_the_decisive_reason_first(page, site_url, name):
    shown = finder_result(page, site_url, name)
    assert shown["pathways"] == {}
    report = run("eligibility", shown["request"])
    first = page.locator("[data-testid=finder-result] p").nth(1)
    assert first.get_attribute("data-testid") == "finder-decisive"
    assert report["facts"]["decisive"]["reason"] in first.inner_text()


def _held_until_answered(page, site_url, pattern):
    """Open the finder with the requests matching ``pattern`` held; tick 中国大陆居民 and tap 下一步 on the
    first question the page came with: the tab goes nowhere. Returns the held requests."""
    held, went = [], []
    page.route(pattern, lambda route: held.append(route))
    page.goto(f"{site_url}/tools/pathway/?as_of={AS_OF}", wait_until="commit")
    page.wait_for_selector("[data-testid=finder-next]")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the page never asked for it"
    page.evaluate("() => { window.__samePage = true; }")
    page.on("framenavigated", lambda frame: went.append(frame.url) if frame == page.main_frame else None)
    page.click("[data-testid=option-id-mainland]")
    page.click("[data-testid=finder-next]")
    page.wait_for_timeout(1000)
    assert went == [] and page.evaluate("() => window.__samePage === true"), went
    assert "id=" not in page.url and page.is_checked("[data-testid=option-id-mainland]")
    return held


def test_a_tap_on_next_before_the_script_ran_does_no_harm(page, site_url):
    """The first question comes with the page (templates/parts/finder-first.html.j2), so on a slow phone it
    can be answered before the page's script has run. A review's tap on 下一步 then reloaded the page at
    ?id=mainland: the first question again with nothing ticked, until the script jumped to the second. Now
    the page stays; what was ticked is kept when the script runs (pathway.js held), and a tap made once the
    script runs but before its rule set is in takes the candidate to the second question when it is
    (rules.json held)."""
    held = _held_until_answered(page, site_url, "**/assets/js/tools/pathway.js*")
    for route in held:
        route.continue_()
    page.unroute("**/assets/js/tools/pathway.js*")
    page.wait_for_selector("[data-tool=pathway][data-ready=true]", timeout=READY)
    assert page.get_attribute("[data-testid=finder-question]", "data-question") == "identity"
    assert page.is_checked("[data-testid=option-id-mainland]")
    assert "id=" not in page.url

    page.evaluate("() => localStorage.clear()")
    held = _held_until_answered(page, site_url, "**/assets/runtime/rules.json*")
    for route in held:
        route.continue_()
    page.unroute("**/assets/runtime/rules.json*")
    page.wait_for_selector("[data-tool=pathway][data-ready=true]", timeout=READY)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=finder-question]').dataset.question !== 'identity'"
    )
    assert "id=mainland" in page.url


def test_the_result_copies_its_own_link_or_shows_it_to_copy_by_hand(page, context, site_url):
    """本页网址包含您的全部回答，可以复制发给别人 — but WeChat hides the address bar (a phone review): a
    button copies the link; where the browser refuses, the link is shown selected in a box."""
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    finder_result(page, site_url, "bachelor-2025")
    page.locator("[data-testid=copy-link]").click()
    note = page.locator("[data-testid=copy-link-note]")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=copy-link-note]').textContent !== ''", timeout=READY
    )
    assert note.inner_text().startswith("链接已复制")
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert "step=result" in page.url

    # a browser that refuses to copy: the link is there to copy by hand, selected
    page.evaluate(
        "() => { navigator.clipboard.writeText = () => Promise.reject(new Error('refused')); }"
    )
    page.locator("[data-testid=copy-link]").click()
    box = page.locator("[data-testid=copy-link-text]")
    box.wait_for()
    assert box.input_value() == page.url
    assert page.evaluate("() => document.activeElement.dataset.testid") == "copy-link-text"
    assert "长按下面的链接" in note.inner_text()
    assert page.js_errors == []
