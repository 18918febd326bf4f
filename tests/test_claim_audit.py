"""One claim, one confidence on the BUILT site (issue 21 item 6).

Every confidence word a page shows carries the claim it belongs to (``data-claim``): a claim id where
content declares one (the webcam rule on /requirements/ and in the FAQ), else a key from what the item
states, the same on every page that renders the item (a material on each checklist, a profile on each
考区 page). The scan (scripts.sitegen.claim_audit) fails when one claim shows two words. The planted
pages show it can fail and names the claim, the words and the pages; the last tests scan the real build
(``site/``, or ``SITE_DIR``). ``make check-content`` has the content-side counterpart
(tests/content_fixtures/claim_two_confidences).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scripts.sitegen.claim_audit import badges, confidence_words, conflicts, site_pages
from scripts.sitegen.claims import claim_key
from tests.conftest import IN_CI, ROOT

SITE = Path(os.environ["SITE_DIR"]) if os.environ.get("SITE_DIR") else ROOT / "site"


def badge(claim: str, word: str, level: str = "c2") -> str:
    return f'<span class="yk-conf yk-conf-{level}" title="可信度" data-claim="{claim}">{word}</span>'


def test_one_claim_with_two_words_on_two_pages_is_found_and_named():
    pages = {
        "/requirements/": f"<p>不要用摄像头 · {badge('photo.no_webcam', '多方一致')}</p>",
        "/faq/": f"<p>其中“不要用摄像头”：{badge('photo.no_webcam', '单一来源', 'c1')}</p>",
        "/guide/national/": f"<p>{badge('item-abc', '官方原文', 'seed')}</p>",
    }
    claims, unkeyed = confidence_words(pages)
    assert unkeyed == []
    assert conflicts(claims) == ["photo.no_webcam: 单一来源: /faq/; 多方一致: /requirements/"]


def test_the_same_word_everywhere_passes_and_a_badge_without_a_claim_is_reported():
    pages = {
        "/checklists/a/": badge("item-1", "多方一致"),
        "/checklists/b/": badge("item-1", "多方一致") + '<span class="yk-conf yk-conf-c1">单一来源</span>',
    }
    claims, unkeyed = confidence_words(pages)
    assert conflicts(claims) == []
    assert claims["item-1"] == {"多方一致": ["/checklists/a/", "/checklists/b/"]}
    assert unkeyed == [("/checklists/b/", "单一来源")]


def test_a_badge_is_read_with_markup_inside_and_other_spans_are_not_badges():
    html = (
        '<span class="yk-meta">出处：<a href="#">某页</a> · '
        '<span class="yk-conf yk-conf-c2" data-claim="k"><b>多方</b>一致</span></span>'
        '<span class="yk-confidence">不是标签</span>'
    )
    assert badges(html) == [("k", "多方一致")]


def test_the_key_of_an_item_is_its_declared_claim_or_what_it_states():
    # by hand: a declared claim is its own key; the same statement gives the same key whatever its
    # confidence (that is what two words for one claim means); another statement another key
    assert claim_key({"text": "x", "source": "P1", "confidence": "c2", "claim": "photo.no_webcam"}) == (
        "photo.no_webcam"
    )
    one = claim_key({"text": "不要放大", "source": ["TOOL1"], "confidence": "c2"})
    assert one == claim_key({"text": "不要放大", "source": ["TOOL1"], "confidence": "c1"})
    assert one != claim_key({"text": "不要放大", "source": ["TOOL2"], "confidence": "c2"})
    assert claim_key({"confidence": "c2"}) == ""


def built() -> dict[str, str]:
    if not (SITE / "index.html").exists():
        if IN_CI:
            pytest.fail("site/ is not built: run `make build` first (make test does it)")
        pytest.skip("site/ is not built (make build)")
    return site_pages(SITE)


def test_the_built_site_shows_each_claim_with_one_confidence():
    claims, unkeyed = confidence_words(built())
    assert not conflicts(claims), "one claim, two confidence words:\n" + "\n".join(conflicts(claims)[:40])
    assert unkeyed == [], f"confidence words without a claim: {unkeyed[:10]}"


def test_the_built_site_scan_is_not_vacuous():
    claims, _ = confidence_words(built())
    # the webcam rule (content/rules/photo.yaml advice, claim photo.no_webcam; the FAQ says it with c2)
    webcam = claims.get("photo.no_webcam", {})
    assert set().union(*webcam.values()) >= {"/requirements/", "/faq/"}, webcam
    # items rendered on many pages (materials on the checklists, a profile on each 考区 page)
    spread = max(len(set().union(*words.values())) for words in claims.values())
    assert spread >= 10
