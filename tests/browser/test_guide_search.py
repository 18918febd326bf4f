"""Chinese search in real Chromium: real words find the right page first.

The expected pages follow from the content: 试用期 is handled step by step in
the Hubei guide (试用期考核合格证明), 专升本 has its own pathway checklist, the
学信网在线验证码 is explained in the Hubei guide's education section, and the
photo rules (照片) are the requirements page's first table.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import type_site_search

CASES = {
    "试用期": "/guide/hubei/",
    "照片": "/requirements/",
    "专升本": "/checklists/college-to-bachelor/",
    "在线验证码": "/guide/hubei/",
}


def search(page, site_url: str, query: str) -> list[str]:
    page.goto(site_url + "/faq/")
    type_site_search(page, query)
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    return [urlparse(h).path for h in hrefs]


@pytest.mark.parametrize("query", sorted(CASES))
def test_search_finds_the_right_page_first(page, site_url, query):
    paths = search(page, site_url, query)

    assert paths, f"no results for {query}"
    assert paths[0] == CASES[query], f"{query}: {paths[:5]}"
    assert page.requests_log.foreign(site_url) == []


def test_search_highlights_the_words_on_the_target_page(page, site_url):
    search(page, site_url, "专升本")

    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_load_state()

    assert urlparse(page.url).path == "/checklists/college-to-bachelor/"
    assert "专升本" in page.locator("h1").inner_text()


def test_a_whole_chinese_word_is_searched_not_its_first_characters(page, site_url):
    search(page, site_url, "试用期")

    href = page.locator(".md-search-result__item > a").first.get_attribute("href")
    assert parse_qs(urlparse(href).query)["h"] == ["试用期"]
