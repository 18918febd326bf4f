"""The candidate's record on this device (issue 23), in real Chromium at 360 px with a WeChat user agent:
answer the finder, tick three boxes, check two files, fill the form and a probation period; close the
pages and open them again: everything is back after "继续上次的进度"; "清除本机记录" leaves the storage
empty; a damaged or unknown record breaks no page. The personal checklist's exported image and text
hold the candidate's list. Screenshots go to tests/artifacts/ (and /work/notes/shots when it exists)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import _new_context
from tests.eligibility_profiles import PROFILES
from tests.gen import photos

AS_OF = "2026-12-15"
READY = 180_000
WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 13; V2219A Build/TP1A.220624.014; wv) "
    "AppleWebKit/537.36 (KHTML, like Gecko) "
    "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 "
    "MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64"
)
PROFILE = PROFILES["fresh-pending-national"]  # recommended: fresh-graduate, 考区 national (written by hand)
PATHWAY = "fresh-graduate"
SHOTS = Path("/work/notes/shots")
TICKED = ["photo", "id-card", "probation-cert"]


@pytest.fixture
def wechat(browser):
    context = _new_context(
        browser,
        service_workers="allow",
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        user_agent=WECHAT_UA,
    )
    yield context
    context.close()


def opened(context, url, ready=None):
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    page.goto(url)
    if ready:
        page.wait_for_selector(ready, timeout=READY)
    return page


def stored(page):
    return page.evaluate("() => ({...localStorage})")


def shot(page, artifacts, name, locator=None):
    path = artifacts / f"23-{name}.png"
    (locator or page).screenshot(path=str(path))
    if SHOTS.is_dir():
        shutil.copy(path, SHOTS / path.name)


def test_everything_comes_back_after_the_pages_are_closed_and_cleared_leaves_nothing(
    wechat, site_url, artifacts
):
    base = site_url
    # 1. the finder, answered (the result screen with the answers in the link, as a shared link)
    finder = opened(
        wechat,
        f"{base}/tools/pathway/?as_of={AS_OF}&{PROFILE['query']}&step=result",
        "[data-testid=finder-result][data-state=done]",
    )
    assert finder.get_attribute("[data-testid=finder-result]", "data-recommended") == PATHWAY
    link = finder.get_attribute(
        "[data-testid=pathway-result][data-recommended=true] [data-testid=personal-link]", "href"
    )
    assert "answers=" in link and "region=national" in link and f"pathway={PATHWAY}" in link
    # 2. three ticks on the checklist page
    checklist = opened(wechat, f"{base}/checklists/{PATHWAY}/", ".yk-tickable")
    for material in TICKED:
        box = checklist.locator(f"[data-testid=checklist-tick][data-material={material}]")
        size = box.bounding_box()
        assert size["width"] >= 44 and size["height"] >= 44
        box.click()
    # 3. two files checked
    materials = opened(
        wechat,
        f"{base}/tools/materials/?pathway={PATHWAY}&region=national&as_of={AS_OF}",
        "[data-tool=materials][data-ready=true]",
    )
    good = photos.scan_good()
    for material, side in (("id-card", "A"), ("probation-cert", None)):
        card = materials.locator(f"[data-testid=material][data-material={material}]")
        selector = f"input[type=file][data-side={side}]" if side else "input[type=file]"
        card.locator(selector).first.set_input_files(
            {"name": f"{material}.jpg", "mimeType": "image/jpeg", "buffer": good}
        )
        materials.wait_for_selector(
            f"[data-testid=material][data-material={material}][data-file='{material}.jpg']", timeout=READY
        )
    # 4. the form and a probation period
    form = opened(wechat, f"{base}/tools/form/?as_of={AS_OF}", "[data-tool=form][data-ready=true]")
    form.locator("[data-testid=field-graduation-month]").press_sequentially("2021年7月")
    form.locator("[data-testid=period-unit]").first.fill("甲医院")
    form.locator("[data-testid=period-start]").first.fill("2025.7.1")
    form.locator("[data-testid=period-end]").first.fill("2026-06-30")
    # the whole period is kept (a save after the unit alone once let the test leave before the dates)
    form.wait_for_function(
        "() => JSON.stringify(JSON.parse(localStorage.getItem('yk-record') || '{}').form?.periods)"
        " === JSON.stringify([{unit: '甲医院', start: '2025.7.1', end: '2026-06-30'}])"
    )
    record = json.loads(stored(form)["yk-record"])
    assert record["v"] == 1 and record["finder"]["answers"]["rg"] == "national"
    assert sorted(record["ticks"][PATHWAY]) == sorted(TICKED)
    assert record["materials"]["files"]["id-card:A"] == {
        "name": "id-card.jpg",
        "verdict": "pass",
        "size": len(good),
    }
    assert "buffer" not in stored(form)["yk-record"] and len(stored(form)["yk-record"]) < 4000  # no bytes
    for p in (finder, checklist, materials, form):
        assert p.js_errors == []
        p.close()

    # closed and opened again (as WeChat does after killing the tab), from the menu: no answers in the link
    finder = opened(wechat, f"{base}/tools/pathway/?as_of={AS_OF}", "[data-testid=record-resume]")
    shot(finder, artifacts, "resume-prompt")
    assert "继续上次的进度" in finder.inner_text("[data-testid=record-resume]")
    finder.click("[data-testid=record-resume]")
    finder.wait_for_selector("[data-testid=finder-result][data-state=done]", timeout=READY)
    assert finder.get_attribute("[data-testid=finder-result]", "data-recommended") == PATHWAY

    checklist = opened(wechat, f"{base}/checklists/{PATHWAY}/", ".yk-tickable")
    ticked = checklist.eval_on_selector_all(
        "[data-testid=checklist-tick]:checked", "els => els.map(e => e.dataset.material)"
    )
    assert sorted(ticked) == sorted(TICKED)
    checklist.emulate_media(media="print")
    marks = checklist.locator("article .task-list-item").evaluate_all(
        "els => els.map(e => getComputedStyle(e, '::before').content)"
    )
    assert marks.count('"☑"') == 3 and '"□"' in marks
    checklist.emulate_media(media="screen")

    materials = opened(wechat, f"{base}/tools/materials/?as_of={AS_OF}", "[data-testid=record-resume]")
    materials.click("[data-testid=record-resume]")
    materials.wait_for_selector("[data-testid=slot-remembered]", timeout=READY)
    assert materials.input_value("[data-testid=pathway-select]") == PATHWAY
    for material in ("id-card", "probation-cert"):
        card = materials.locator(f"[data-testid=material][data-material={material}]")
        assert card.get_attribute("data-verdict") == "pass" and f"{material}.jpg" in card.inner_text()

    form = opened(wechat, f"{base}/tools/form/?as_of={AS_OF}", "[data-testid=record-resume]")
    form.click("[data-testid=record-resume]")
    assert form.input_value("[data-testid=field-graduation-month]") == "2021年7月"
    assert form.input_value("[data-testid=period-unit]") == "甲医院"
    assert form.input_value("[data-testid=period-start]") == "2025.7.1"
    form.wait_for_function(
        "() => document.querySelector('[data-testid=probation-result]')?.dataset.days === '365'",
        timeout=READY,
    )
    form.wait_for_function(
        "() => document.querySelector('[data-testid=result-graduation-month]')"
        "?.dataset.understood === '2021-07'",
        timeout=READY,
    )

    # 清除本机记录: the storage is empty, and stays so until the candidate changes something
    form.click("[data-testid=record-clear]")
    form.wait_for_timeout(600)
    assert stored(form) == {}
    assert "已清除" in form.inner_text("[data-testid=record-bar]")
    for p in (finder, checklist, materials, form):
        assert p.js_errors == []


@pytest.mark.parametrize(
    "saved",
    [
        "{broken",
        "null",
        "[1,2]",
        json.dumps({"v": 0, "finder": {"answers": {"rg": "x"}}}),
        json.dumps({"v": 99, "form": "nothing"}),
        json.dumps({"v": 1, "form": {"periods": "x", "fields": [1]}, "ticks": 5}),
    ],
    ids=["damaged", "null", "list", "older", "newer", "wrong-shapes"],
)
def test_an_older_or_damaged_record_breaks_no_page(wechat, site_url, saved):
    pages = [
        ("/tools/pathway/", "[data-tool=pathway][data-ready=true]"),
        (f"/checklists/{PATHWAY}/", ".yk-tickable"),
        ("/tools/form/", "[data-tool=form][data-ready=true]"),
        ("/tools/materials/", "[data-tool=materials][data-ready=true]"),
    ]
    for path, ready in pages:
        page = opened(wechat, f"{site_url}/tools/privacy/")
        page.evaluate("v => localStorage.setItem('yk-record', v)", saved)
        page.goto(f"{site_url}{path}?as_of={AS_OF}")
        page.wait_for_selector(ready, timeout=READY)
        assert page.js_errors == [], (path, page.js_errors)
        if saved.startswith('{"v": 1'):
            assert page.locator("[data-testid=record-bar]").count() == 1  # read, shapes cleaned
        else:
            assert page.locator("[data-testid=record-dropped]").is_visible(), path
            assert "yk-record" not in stored(page)
        page.close()


def test_the_personal_checklist_exports_an_image_and_the_same_list_as_text(wechat, site_url, artifacts):
    query = PROFILE["query"]
    url = f"{site_url}/tools/checklist/?as_of={AS_OF}&pathway={PATHWAY}&region=national&answers="
    from urllib.parse import quote

    page = opened(wechat, url + quote(query), "[data-tool=checklist][data-ready=true]")
    names = page.eval_on_selector_all(
        "[data-testid=personal-material]", "els => els.map(e => e.dataset.material)"
    )
    assert names == PROFILE["yes"]  # the materials that apply to these answers, hand-listed in the profile
    maybe = page.eval_on_selector_all(
        "[data-testid=personal-maybe]", "els => els.map(e => e.dataset.material)"
    )
    assert maybe == PROFILE["maybe"]
    systems = set(
        page.eval_on_selector_all("[data-testid=personal-step]", "els => els.map(e => e.dataset.system)")
    )
    assert systems and "hubei" not in systems  # a national candidate sees no Hubei 省网 step
    page.locator("[data-testid=checklist-tick][data-material=photo]").click()
    shot(page, artifacts, "personal-checklist")
    page.click("[data-testid=export-image-button]")
    img = page.locator("img[data-testid=export-image]")
    img.wait_for()
    info = page.evaluate(
        """() => { const img = document.querySelector('img[data-testid=export-image]');
             const c = document.createElement('canvas');
             c.width = img.naturalWidth; c.height = img.naturalHeight;
             const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
             const data = ctx.getImageData(0, 0, c.width, c.height).data; let inked = 0;
             for (let y = 0; y < c.height; y++) { let dark = 0;
               for (let x = 0; x < c.width; x++) { if (data[(y * c.width + x) * 4] < 128) dark++; }
               if (dark > 2) inked++; }
             return {w: img.naturalWidth, h: img.naturalHeight, inked,
                     shownWidth: img.getBoundingClientRect().width,
                     src: img.src.slice(0, 22)}; }"""
    )
    assert info["src"] == "data:image/png;base64,"
    assert info["w"] == 720 and info["shownWidth"] <= 360
    # one text line per material at least (28 px type, 42 px rows): the materials are drawn, not a blank image
    lines = 3 + len(PROFILE["yes"]) + len(PROFILE["maybe"])
    assert info["h"] >= lines * 40 and info["inked"] >= lines * 18, info
    shot(page, artifacts, "exported-image", img)
    text = page.input_value("[data-testid=export-text]")
    titles = page.eval_on_selector_all(
        "[data-testid=personal-material] strong", "els => els.map(e => e.textContent)"
    )
    for title in titles:
        assert title in text
    assert "☑ 报名照片" in text and "医考报名指南" in text
    assert page.js_errors == []


# This device's record as a finder visit leaves it (record.js's shape, written out by hand).
FINDER_RECORD = {
    "v": 1,
    "saved": "2026-05-01T08:00:00.000Z",
    "finder": {"answers": {"id": "mainland"}, "step": "identity"},
}


@pytest.mark.parametrize("path", ["/tools/pathway/", "/tools/materials/", "/tools/checklist/"])
def test_after_clearing_the_note_has_focus_and_can_be_closed(wechat, site_url, path):
    """清除本机记录 in the bar (on the finder: the offer floating over the screen's bottom): the button goes
    with the note that says the record is cleared, so focus goes to the note (a review found it on <body>,
    a screen reader thrown to the top), and the note can be closed (知道了): the bar goes, nothing floats
    over the page any more, and focus is on the tool's heading."""
    wechat.add_init_script(f"localStorage.setItem('yk-record', {json.dumps(json.dumps(FINDER_RECORD))});")
    page = opened(wechat, site_url + path, ready="[data-testid=record-clear]")
    page.locator("[data-testid=record-clear]").tap()
    bar = page.locator("[data-testid=record-bar][data-state=cleared]")
    bar.wait_for()
    assert stored(page) == {}
    assert page.evaluate("() => document.activeElement.dataset.testid") == "record-note"
    assert bar.locator("[data-testid=record-close]").inner_text() == "知道了"
    page.locator("[data-testid=record-close]").tap()
    assert bar.is_hidden()
    assert page.locator("[data-testid=record-bar][data-float]").count() == 0
    assert page.evaluate("() => document.activeElement.tagName") in ("H1", "H2")
    assert page.js_errors == []


def test_clearing_by_mistake_can_be_undone_and_the_ticks_come_back(wechat, site_url):
    """清除本机记录 sits beside 继续上次的进度 (a phone review: one wrong tap wipes the progress): the note
    that says it was cleared offers 撤销, which puts the same record back, the ticks on the page with it."""
    record = {
        "v": 1,
        "saved": "2026-05-01T08:00:00.000Z",
        "ticks": {PATHWAY: ["photo", "id-card"]},
    }
    wechat.add_init_script(
        "if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1');"
        f" localStorage.setItem('yk-record', {json.dumps(json.dumps(record))}); }}"
    )
    page = opened(wechat, f"{site_url}/checklists/{PATHWAY}/", ".yk-tickable")
    ticked = (
        "() => [...document.querySelectorAll('[data-testid=checklist-tick]:checked')]"
        ".map(b => b.dataset.tick)"
    )
    assert page.evaluate(ticked) == ["photo", "id-card"]
    before = stored(page)["yk-record"]

    page.locator("[data-testid=record-clear]").tap()
    page.locator("[data-testid=record-bar][data-state=cleared]").wait_for()
    assert stored(page) == {} and page.evaluate(ticked) == []
    undo = page.locator("[data-testid=record-undo]")
    assert undo.inner_text() == "撤销，恢复记录"
    undo.tap()

    assert stored(page)["yk-record"] == before
    assert page.evaluate(ticked) == ["photo", "id-card"]
    assert page.locator("[data-testid=record-restored]").inner_text() == "已恢复清除前的记录。"
    assert page.locator("[data-testid=record-bar]").get_attribute("data-state") != "cleared"
    assert page.locator("[data-testid=record-clear]").is_visible()
    # and it is kept: a new visit still has it
    again = opened(wechat, f"{site_url}/checklists/{PATHWAY}/", ".yk-tickable")
    assert again.evaluate(ticked) == ["photo", "id-card"]
    assert page.js_errors == [] and again.js_errors == []


def test_a_region_chosen_in_the_materials_check_opens_the_form_on_it(wechat, site_url):
    """A review chose 四川 in the materials check, picked no file, and found the form on 不确定: the choice
    is kept at once, and the form opened without ?region= starts on it."""
    materials = opened(
        wechat,
        f"{site_url}/tools/materials/?pathway={PATHWAY}&as_of={AS_OF}",
        "[data-tool=materials][data-ready=true]",
    )
    materials.locator("[data-testid=region-select]").select_option("sichuan")
    materials.wait_for_function(
        "() => (localStorage.getItem('yk-record') || '').includes('sichuan')", timeout=READY
    )
    materials.close()
    form = opened(wechat, f"{site_url}/tools/form/?as_of={AS_OF}", "[data-tool=form][data-ready=true]")
    assert form.locator("[data-testid=form-region]").input_value() == "sichuan"
    assert form.js_errors == []
