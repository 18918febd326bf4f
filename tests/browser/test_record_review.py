"""Issue 23 after a fresh candidate's review, each finding fixed as a kind, in real Chromium at 360 px:
the personal checklist's content links are links (never raw Markdown, in the page and in both exports)
and its links to the other tools carry the candidate's 考区; a pathway's ticks are one set on the
personal list and the full checklist; 清除本机记录 unticks the boxes at once; a file that failed the
check is never exported as done; pages opened without ?region= use the 考区 already given; the
finder's month fields say what they read and mark the field they cannot read."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, quote, urlparse

from tests.browser.test_record import AS_OF, READY, opened, stored
from tests.eligibility_profiles import PROFILES

QUERY = PROFILES["college-hubei"]["query"]  # 专科 临床, 考区 湖北: recommended college-assistant (by hand)
PATHWAY = "college-assistant"
PERSONAL = f"/tools/checklist/?as_of={AS_OF}&region=hubei&answers={quote(QUERY)}"
LIST_READY = "[data-testid=personal-checklist][data-state=done]"


def test_content_links_are_links_and_the_tool_links_carry_the_region(mobile_context, site_url):
    page = opened(mobile_context, site_url + PERSONAL, LIST_READY)
    title = page.locator("[data-testid=personal-title]").inner_text()
    assert title.endswith("（湖北）"), title  # the 考区's short name: no brackets inside brackets
    listed = page.locator("[data-testid=personal-checklist]").inner_text()
    assert "](" not in listed and ".md" not in listed, listed
    # 毕业证书's 去哪里办 (content/materials.yaml): "丢失了怎么办，见[常见问题](../faq.md#lost-diploma)"
    faq = page.locator("[data-testid=personal-material][data-material=diploma] a")
    assert faq.inner_text() == "常见问题"
    assert urlparse(faq.get_attribute("href")).path == "/faq/"
    assert urlparse(faq.get_attribute("href")).fragment == "lost-diploma"
    page.locator("[data-testid=export-image-button]").click()
    page.wait_for_selector("[data-testid=export-image]")
    text = page.locator("[data-testid=export-text]").input_value()
    assert "](" not in text and ".md" not in text
    assert "丢失了怎么办，见常见问题。" in text
    materials = page.locator("article a[href*='tools/materials/']").first.get_attribute("href")
    query = parse_qs(urlparse(materials).query)
    assert query["region"] == ["hubei"] and query["pathway"] == [PATHWAY]
    assert page.js_errors == []


def test_ticks_are_one_set_and_clearing_unticks_at_once(mobile_context, site_url):
    mine = opened(mobile_context, site_url + PERSONAL, LIST_READY)
    mine.locator("input.ykt-tick[data-material=photo]").check()
    kept = "JSON.parse(localStorage.getItem('yk-record') || '{}').ticks || {}"
    mine.wait_for_function(f"({kept})['{PATHWAY}']")
    full = opened(mobile_context, f"{site_url}/checklists/{PATHWAY}/")
    full.wait_for_selector("[data-testid=checklist-tick][data-material=photo]")
    assert full.locator("[data-testid=checklist-tick][data-material=photo]").is_checked()
    full.locator("[data-testid=checklist-tick][data-material=id-card]").check()
    full.wait_for_function(
        f"() => (JSON.parse(localStorage.getItem('yk-record')).ticks['{PATHWAY}'] || []).includes('id-card')"
    )
    ticks = json.loads(stored(full)["yk-record"])["ticks"][PATHWAY]
    assert "photo" in ticks and "id-card" in ticks  # the full page kept the personal list's tick
    full.close()
    mine.reload()
    mine.wait_for_selector(LIST_READY, timeout=READY)
    for material in ("photo", "id-card"):
        assert mine.locator(f"input.ykt-tick[data-material={material}]").is_checked()
    mine.locator("[data-testid=record-clear]").first.click()
    mine.wait_for_function("() => localStorage.length === 0")
    assert mine.locator("input.ykt-tick:checked").count() == 0  # at once, not after a reload
    assert mine.js_errors == []


def test_a_failed_file_is_not_exported_as_done(mobile_context, site_url):
    page = opened(mobile_context, site_url + "/tools/privacy/")
    record = {
        "v": 1,
        "saved": "2026-12-04T10:00:00Z",
        "ticks": {PATHWAY: ["diploma"]},
        "materials": {
            "pathway": PATHWAY,
            "region": "hubei",
            "answers": QUERY,
            "files": {"diploma:A": {"name": "毕业证.jpg", "verdict": "fail", "size": 2400000}},
        },
    }
    page.evaluate("r => localStorage.setItem('yk-record', JSON.stringify(r))", record)
    page.goto(site_url + PERSONAL)
    page.wait_for_selector(LIST_READY, timeout=READY)
    text = page.locator("[data-testid=export-text]").input_value()
    line = next(x for x in text.splitlines() if "毕业证书" in x and "不符合要求" in x)
    assert line.startswith("☐"), line


def test_pages_opened_without_a_region_use_the_one_already_given(mobile_context, site_url):
    page = opened(mobile_context, site_url + "/tools/privacy/")
    answers = dict(x.split("=") for x in QUERY.split("&"))
    record = {"v": 1, "saved": "2026-12-04T10:00:00Z", "finder": {"answers": answers, "step": "result"}}
    page.evaluate("r => localStorage.setItem('yk-record', JSON.stringify(r))", record)
    page.goto(f"{site_url}/tools/form/?as_of={AS_OF}")
    page.wait_for_selector("[data-tool=form][data-ready=true]", timeout=READY)
    assert page.locator("[data-testid=form-region]").input_value() == "hubei"
    page.goto(f"{site_url}/tools/materials/?as_of={AS_OF}")
    page.wait_for_selector("[data-testid=region-select] option[value=hubei]", state="attached", timeout=READY)
    page.wait_for_function("() => document.querySelector('[data-testid=region-select]').value === 'hubei'")


def test_the_finders_month_fields_say_what_they_read_and_mark_the_bad_one(mobile_context, site_url):
    start = "&id=mainland&lv=bachelor&mj=clinical&md=full-time&step=dates"
    page = opened(mobile_context, f"{site_url}/tools/pathway/?as_of={AS_OF}{start}")
    form = page.locator("[data-testid=finder-question][data-question=dates]")
    form.wait_for(timeout=READY)
    form.locator("[data-testid=input-en]").fill("２０１６年９月")  # full-width, as a Chinese keyboard types
    note = form.locator("[data-field=en] [data-testid=input-understood]")
    assert note.get_attribute("data-value") == "2016-09"
    assert "2016-09" in note.inner_text()
    form.locator("[data-testid=input-gr]").fill("2021-13")
    form.locator("[data-testid=finder-next]").click()
    error = page.locator("[data-testid=finder-error]")
    error.wait_for()
    assert "毕业年月" in error.inner_text()  # the field's own name (content/finder.yaml: gr's label)
    assert form.locator("[data-testid=input-gr]").get_attribute("aria-invalid") == "true"
    assert form.locator("[data-testid=input-en]").get_attribute("aria-invalid") is None
    assert page.locator("[data-testid=finder-view]").get_attribute("data-step") == "dates"
    assert page.js_errors == []
