"""A tool page where the browser runs no scripts (a phone review, s11): the five tools showed
正在准备检查程序… and other loading words that never went away, and the form, materials and
checklist pages said nothing of why. Each now says plainly that the tool needs scripts, links to
what can be used instead, and shows no loading words and no controls that could not work."""

from __future__ import annotations

import pytest

from tests.browser.conftest import _new_context

TOOLS = ["/tools/photo/", "/tools/form/", "/tools/materials/", "/tools/checklist/", "/tools/pathway/"]


@pytest.mark.parametrize("path", TOOLS)
def test_without_scripts_a_tool_page_says_so_and_shows_no_endless_loading(browser, site_url, path):
    context = _new_context(browser, java_script_enabled=False, viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto(site_url + path)
        shown = page.inner_text(".md-content")  # what is drawn: hidden elements are left out
        assert "正在" not in shown, [line for line in shown.splitlines() if "正在" in line]
        note = page.locator(".md-content noscript")
        assert note.count() == 1
        assert "本工具需要浏览器启用脚本" in shown
        # the way on: a link to a page that works without scripts, drawn on the screen
        links = page.locator(".md-content a").filter(has_text="指南").or_(
            page.locator(".md-content a").filter(has_text="材料清单")
        )
        assert any(link.is_visible() for link in links.all())
        controls = page.locator("[data-testid=photo-input], [data-testid=pathway-select], .ykt-tool select")
        assert not controls.filter(visible=True).count()
    finally:
        context.close()
