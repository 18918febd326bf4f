"""The generated guide site in real Chromium: stable URLs, phones, privacy, print.

Expectations come from the real content (pathway ids, FAQ ids, parameters),
so a page that loses a heading, a checklist or an anchor fails here.
"""

from __future__ import annotations

import pytest

from scripts.sitegen.changes import cycle_changes
from tests.conftest import site_content

CONTENT = site_content()
PATHWAYS = [p["id"] for p in CONTENT["pathways"]]
FIXED = [
    "/",
    "/guide/national/",
    "/guide/hubei/",
    "/faq/",
    "/checklists/",
    "/requirements/",
    "/timeline/",
    "/changes/",
    "/sources/",
    "/admin/",
    "/admin/parameters/",
]
STABLE = FIXED + [f"/checklists/{pid}/" for pid in PATHWAYS]
GUIDE_PAGES = ["/guide/national/", "/guide/hubei/", "/faq/", "/checklists/", "/requirements/"] + [
    f"/checklists/{pid}/" for pid in PATHWAYS[:3]
]


@pytest.mark.parametrize("path", STABLE)
def test_stable_url_answers_with_its_heading_and_the_unofficial_banner(page, site_url, path):
    response = page.goto(site_url + path)

    assert response.status == 200
    assert page.locator("article h1").count() == 1
    assert page.locator("article h1").inner_text().strip()
    assert "非官方" in page.locator("[data-testid=unofficial-banner]").inner_text()
    assert page.js_errors == []


@pytest.mark.parametrize("path", [*GUIDE_PAGES, "/", "/sources/", "/timeline/", "/changes/", "/admin/"])
def test_no_horizontal_overflow_at_360px(mobile_context, site_url, artifacts, path):
    page = mobile_context.new_page()
    page.goto(site_url + path)

    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    name = path.strip("/").replace("/", "-") or "home"
    page.screenshot(path=str(artifacts / f"guide-360-{name}.png"))

    assert widths[0] <= widths[1], f"{path}: content {widths[0]} px wide in a {widths[1]} px viewport"


def test_wide_tables_scroll_inside_their_container(mobile_context, site_url):
    page = mobile_context.new_page()
    page.goto(site_url + "/admin/parameters/")

    wraps = page.locator(".md-typeset__scrollwrap")
    assert wraps.count() > 0
    overflow = wraps.first.evaluate("e => getComputedStyle(e).overflowX")
    assert overflow in ("auto", "scroll")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("path", GUIDE_PAGES)
def test_guide_pages_stay_on_the_origin_and_load_no_pyodide_or_tool_code(page, site_url, path):
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")

    urls = [url for _, url, _, _ in page.requests_log]
    assert page.requests_log.foreign(site_url) == []
    assert not [u for u in urls if "pyodide" in u.lower()]
    tool_code = ("/assets/js/tools/", "validator-client", "validator-worker", ".whl", ".wasm")
    # a checklist's tick boxes are remembered on this device (issue 23): its small record modules and the
    # DOM helpers they share, never the tool code (the validator client, its worker, the runtime)
    record = ("/tools/ticks.js", "/tools/record.js", "/tools/record-ui.js", "/tools/dom.js")
    allowed = record if path.startswith("/checklists/") else ()
    loaded = [u for u in urls if any(t in u for t in tool_code) and not any(a in u for a in allowed)]
    assert not loaded, "no validator or tool code"


def test_every_faq_question_is_a_heading_with_its_id(page, site_url):
    page.goto(site_url + "/faq/")

    ids = page.locator("article h3[id]").evaluate_all("els => els.map(e => e.id)")
    assert [e["id"] for e in CONTENT["faq"]] == [i for i in ids if i in {e["id"] for e in CONTENT["faq"]}]
    assert set(ids) >= {e["id"] for e in CONTENT["faq"]}
    first = CONTENT["faq"][0]["id"]
    tags = page.locator(f"h3#{first} ~ .yk-tags").first
    assert tags.locator("a[href*='sources/#']").count() >= 1
    assert tags.locator(".yk-conf").count() == 1


def test_source_links_point_at_existing_entries(page, site_url):
    page.goto(site_url + "/sources/")
    anchors = set(page.locator("article [id]").evaluate_all("els => els.map(e => e.id)"))

    for path in ["/guide/national/", "/faq/", f"/checklists/{PATHWAYS[0]}/", "/requirements/"]:
        page.goto(site_url + path)
        hrefs = page.locator("article a[href*='sources/#']").evaluate_all(
            "els => els.map(e => e.getAttribute('href').split('#')[1])"
        )
        assert hrefs, path
        assert set(hrefs) <= anchors, set(hrefs) - anchors


def test_requirements_show_the_candidate_rules_and_admin_every_parameter(page, site_url):
    families = sorted(
        (f for f in CONTENT["rule_files"] if f["requirements_order"] is not None),
        key=lambda f: f["requirements_order"],
    )
    shown_params = [
        pid for f in families for pid in f["parameters"] if not CONTENT["parameters"][pid].get("technical")
    ]
    page.goto(site_url + "/requirements/")

    sections = page.locator("article h2[id]").evaluate_all("els => els.map(e => e.id)")
    assert sections[: len(families)] == [f["family"] for f in families]  # photo, then scans, then fields
    assert sections[0] == "photo"
    labels = page.locator("article li > strong").evaluate_all("els => els.map(e => e.textContent)")
    assert [CONTENT["parameters"][pid]["label"] for pid in shown_params] == [x for x in labels if x]
    assert page.locator("article code").count() == 0  # no parameter keys for candidates
    assert "日期不明" in page.locator("article").inner_text()  # the undated Hubei figures

    page.goto(site_url + "/admin/parameters/")
    keys = set(page.locator("article td code").evaluate_all("els => els.map(e => e.textContent)"))
    assert set(CONTENT["parameters"]) <= keys


def test_changes_page_lists_the_values_that_start_in_the_cycle(page, site_url):
    site = CONTENT["site"]
    expected = {c["id"] for c in cycle_changes(CONTENT, site["cycle_start"], site["cycle_end"])}
    page.goto(site_url + "/changes/")

    shown = page.locator("#parameters ~ * tbody tr td:first-child").evaluate_all(
        "els => els.map(e => e.textContent.trim())"
    )
    changes = cycle_changes(CONTENT, site["cycle_start"], site["cycle_end"])
    assert set(shown) == {c["spec"]["label"] for c in changes if c["id"] in expected}
    assert str(site["cycle"]) in page.locator("article h1").inner_text()


def test_checklist_prints_without_navigation_and_with_its_header(page, site_url):
    pathway = CONTENT["pathways"][0]
    page.goto(site_url + f"/checklists/{pathway['id']}/")
    assert not page.locator(".yk-print-header").is_visible()

    page.emulate_media(media="print")

    for chrome in [".md-header", ".md-sidebar--primary", ".md-footer", "[data-testid=unofficial-banner]"]:
        assert not page.locator(chrome).first.is_visible(), chrome
    header = page.locator(".yk-print-header")
    assert header.is_visible()
    assert pathway["title"] in header.inner_text()
    assert str(CONTENT["site"]["cycle"]) in header.inner_text()
    assert not page.locator("[data-print]").is_visible()
    boxes = page.locator("article .task-list-item").evaluate_all(
        "els => els.map(e => getComputedStyle(e, '::before').content)"
    )
    assert len(boxes) == len(pathway["materials"]) + len(pathway["steps"])
    assert set(boxes) == {'"□"'}


def test_checklist_lists_every_material_with_its_anchor(page, site_url):
    for pathway in CONTENT["pathways"]:
        page.goto(site_url + f"/checklists/{pathway['id']}/")
        ids = page.locator("article .yk-material").evaluate_all("els => els.map(e => e.id)")
        assert ids == [f"m-{m['material']}" for m in pathway["materials"]], pathway["id"]


def test_print_button_opens_the_print_dialog(page, site_url):
    page.goto(site_url + f"/checklists/{PATHWAYS[0]}/")
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")

    page.locator("[data-print]").click()

    assert page.evaluate("window.__printed") == 1
    assert page.js_errors == []


def test_checklist_links_to_the_materials_check_for_its_pathway(page, site_url):
    pid = PATHWAYS[0]
    page.goto(site_url + f"/checklists/{pid}/")

    link = page.locator(f"article a[href$='tools/materials/?pathway={pid}']")
    assert link.count() == 1
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.status == 200
