"""WCAG 2.2 AA held by tests: axe-core on every page type at 360 px and on a desktop, each tool
before and after it has produced a result; and the tool pages' tap targets (at least 44×44 CSS px).

axe-core is injected from node_modules (tests/browser/a11y.py); nothing of it is in site/.
"""

from __future__ import annotations

import pytest

from tests.browser import a11y
from tests.browser.conftest import RUNTIME_TIMEOUT_MS, check_photo_in_page, open_tool
from tests.conftest import AS_OF
from tests.eligibility_profiles import PROFILES

# one page of every type the site generates (the tools are checked below, with results)
PAGES = [
    "/",
    "/guide/national/",
    "/guide/hubei/",
    "/faq/",
    "/checklists/",
    "/checklists/bachelor-physician/",
    "/checklists/college-to-bachelor/",
    "/requirements/",
    "/timeline/",
    "/changes/",
    "/sources/",
    "/regions/",
    "/regions/hubei/",
    "/admin/",
    "/admin/parameters/",
    "/tools/",
    "/tools/privacy/",
    "/404.html",
    "/offline.html",
]
TOOL_PAGES = ["/tools/photo/", "/tools/pathway/", "/tools/materials/", "/tools/form/"]
# a finder profile that ends on a result with a recommendation, materials and a Hubei warning
FINDER_RESULT = "/tools/pathway/?" + PROFILES["fresh-hubei"]["query"] + "&step=result"


def test_axe_is_pinned_and_not_shipped(site_dir):
    import json

    lock = json.loads((a11y.ROOT / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["node_modules/axe-core"]
    assert entry["version"] == "4.14.1" and entry["dev"] is True
    assert a11y.AXE_JS.exists()
    shipped = [p for p in site_dir.rglob("*") if "axe" in p.name.lower()]
    assert not shipped, shipped
    for reason in (r for _, r in a11y.ALLOWED.values()):
        assert len(reason) > 20, "every allowed violation needs a written reason"


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_load_state("load")
    problems = a11y.check_page(page, path)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", TOOL_PAGES)
def test_tool_before_a_result_has_no_axe_violations_and_shows_every_focus_ring(page, site_url, path):
    """One start of the tool's runtime for both checks: Tab through every control, then axe."""
    assert open_tool(page, site_url, path) == "ready"
    page.wait_for_selector("[data-tool][data-ready=true], #photo-tool", timeout=RUNTIME_TIMEOUT_MS)
    stops = _tab_through(page)
    assert len(stops) >= 5, stops
    unseen = [s["html"] for s in stops if not s["ring"]]
    assert not unseen, "no visible focus ring on:\n" + "\n".join(unseen)
    problems = a11y.check_page(page, path)
    assert not problems, "\n".join(problems)
    assert not page.js_errors, page.js_errors


def test_photo_tool_after_a_check_and_a_compression(page, site_url, photo_files):
    assert open_tool(page, site_url) == "ready"
    check_photo_in_page(page, photo_files["photo_31k"])
    problems = a11y.check_page(page, "photo tool, after a failing check")
    page.click("[data-testid=fix-button]")
    page.wait_for_selector("[data-testid=verdict][data-file$='-30k.jpg']", timeout=RUNTIME_TIMEOUT_MS)
    problems += a11y.check_page(page, "photo tool, after compressing")
    check_photo_in_page(page, photo_files["photo_blue"])
    problems += a11y.check_page(page, "photo tool, a warning")
    assert not problems, "\n".join(problems)


def test_finder_question_and_result(page, site_url):
    assert open_tool(page, site_url, "/tools/pathway/") == "ready"
    page.wait_for_selector("[data-testid=finder-question]")
    problems = a11y.check_page(page, "finder, first question")
    page.goto(f"{site_url}{FINDER_RESULT}&as_of={AS_OF.isoformat()}")
    page.wait_for_selector("[data-testid=finder-result][data-state=done]", timeout=RUNTIME_TIMEOUT_MS)
    page.locator("details.ykt-answers summary").click()  # the answers with their 修改 buttons
    problems += a11y.check_page(page, "finder, result")
    assert not problems, "\n".join(problems)


def test_materials_check_after_a_file(page, site_url, photo_files):
    path = "/tools/materials/?pathway=bachelor-physician&region=hubei"
    page.goto(f"{site_url}{path}&as_of={AS_OF.isoformat()}")
    page.wait_for_selector("[data-tool=materials][data-ready=true]", timeout=RUNTIME_TIMEOUT_MS)
    slot = page.locator("[data-testid=material-slot]").first
    slot.locator("[data-testid=material-input]").set_input_files(str(photo_files["scan_good"]))
    page.wait_for_selector("[data-testid=material-slot][data-verdict]", timeout=RUNTIME_TIMEOUT_MS)
    problems = a11y.check_page(page, "materials check, one file checked")
    assert not problems, "\n".join(problems)


def test_form_check_after_fields_and_probation(page, site_url):
    assert open_tool(page, site_url, "/tools/form/") == "ready"
    page.wait_for_selector("[data-tool=form][data-ready=true]")
    page.fill("[data-testid=field-id-number]", "11010519491231002X")
    page.fill("[data-testid=field-name]", "张三3")
    page.wait_for_selector("[data-testid=result-name][data-state=done]", timeout=RUNTIME_TIMEOUT_MS)
    page.fill("[data-testid=period-unit]", "某某医院")
    page.fill("[data-testid=period-start]", "2025-09-01")
    page.fill("[data-testid=period-end]", "2026-06-30")
    page.wait_for_selector("[data-testid=probation-result]", timeout=RUNTIME_TIMEOUT_MS)
    problems = a11y.check_page(page, "form check, fields and probation")
    assert not problems, "\n".join(problems)


# tap targets ------------------------------------------------------------------------------
def _targets_after_results(page, site_url, photo_files) -> dict[str, list[str]]:
    page.set_viewport_size(a11y.PHONE)
    small = {}
    assert open_tool(page, site_url) == "ready"
    check_photo_in_page(page, photo_files["photo_31k"])
    page.locator("[data-testid=photo-advice] summary").click()
    small["photo"] = a11y.small_targets(page)
    page.goto(f"{site_url}{FINDER_RESULT}&as_of={AS_OF.isoformat()}")
    page.wait_for_selector("[data-testid=finder-result][data-state=done]", timeout=RUNTIME_TIMEOUT_MS)
    page.locator("details.ykt-answers summary").click()
    small["pathway result"] = a11y.small_targets(page)
    page.goto(f"{site_url}/tools/pathway/?as_of={AS_OF.isoformat()}")
    page.wait_for_selector("[data-testid=finder-question]", timeout=RUNTIME_TIMEOUT_MS)
    small["pathway question"] = a11y.small_targets(page)
    page.goto(f"{site_url}/tools/materials/?pathway=bachelor-physician&region=hubei&as_of={AS_OF.isoformat()}")
    page.wait_for_selector("[data-tool=materials][data-ready=true]", timeout=RUNTIME_TIMEOUT_MS)
    page.locator("[data-testid=material-input]").first.set_input_files(str(photo_files["scan_good"]))
    page.wait_for_selector("[data-testid=material-slot][data-verdict]", timeout=RUNTIME_TIMEOUT_MS)
    small["materials"] = a11y.small_targets(page)
    page.goto(f"{site_url}/tools/form/?as_of={AS_OF.isoformat()}")
    page.wait_for_selector("[data-tool=form][data-ready=true]", timeout=RUNTIME_TIMEOUT_MS)
    page.fill("[data-testid=field-name]", "张三3")
    page.fill("[data-testid=period-start]", "2025-09-01")
    page.fill("[data-testid=period-end]", "2026-06-30")
    page.wait_for_selector("[data-testid=probation-result]", timeout=RUNTIME_TIMEOUT_MS)
    small["form"] = a11y.small_targets(page)
    return {k: v for k, v in small.items() if v}


def test_every_target_on_tool_pages_is_at_least_44_px(page, site_url, photo_files):
    small = _targets_after_results(page, site_url, photo_files)
    assert not small, "\n".join(f"{k}: {v}" for k, v in small.items())


# focus ------------------------------------------------------------------------------------
def _tab_through(page, limit: int = 120) -> list[dict]:
    """Tab from the top until focus comes back round; the focus-ring state of every stop."""
    stops, seen = [], set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        ring = a11y.focus_ring(page)
        if ring is None:
            continue
        if not ring["ring"]:  # the theme fades some controls in when focused (the skip link, 0.25 s)
            a11y.settle(page)
            ring = a11y.focus_ring(page)
        key = page.evaluate("() => { const e = document.activeElement; return e.outerHTML.slice(0, 160); }")
        if key in seen:
            break
        seen.add(key)
        stops.append({**ring, "html": key})
    return stops


@pytest.mark.parametrize("path", ["/", "/checklists/bachelor-physician/", "/guide/hubei/", "/admin/"])
def test_every_control_on_a_content_page_shows_a_visible_focus_ring(page, site_url, path):
    """The first 150 Tab stops: navigation, search, links in text, tick boxes, folded 出处, tables."""
    page.goto(site_url + path)
    stops = _tab_through(page, limit=150)
    assert len(stops) >= 10, stops
    unseen = [s["html"] for s in stops if not s["ring"]]
    assert not unseen, "no visible focus ring on:\n" + "\n".join(unseen)
