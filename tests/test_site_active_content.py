"""The built pages hold no active content from content/ (issue 17 item 4): no meta refresh, no
frame or embedded object, no event-handler attribute, no javascript: URL in any page of site/.
The content check refuses such HTML in every string (scripts/content/html.py); this looks at
what the build actually wrote. The theme's own inline start-up scripts (allowed by the policy's
hashes) are not content and are not searched for. Patterns written by hand from the HTML spec.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

SITE = ROOT / "site"
ACTIVE = {
    "meta refresh": re.compile(r"<meta\b[^>]*http-equiv\s*=\s*[\"']?\s*refresh", re.I),
    "frame or object": re.compile(r"<(?:iframe|frame|frameset|object|embed|applet|portal)\b", re.I),
    "event handler": re.compile(r"<[a-z][a-z0-9-]*\b[^>]*\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(
        r"(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*javascript:", re.I
    ),
    "base element": re.compile(r"<base\b", re.I),
}


@pytest.fixture(scope="module")
def pages():
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make build` first (make test does it)")
    return {p: p.read_text(encoding="utf-8", errors="replace") for p in SITE.rglob("*.html")}


@pytest.mark.parametrize("kind", sorted(ACTIVE))
def test_no_page_holds_active_content(pages, kind):
    pattern = ACTIVE[kind]
    found = [(str(p.relative_to(SITE)), m[0][:80]) for p, t in pages.items() if (m := pattern.search(t))]
    assert not found, found[:5]


def test_the_patterns_catch_what_the_attack_used():
    samples = {
        "meta refresh": '<meta http-equiv="refresh" content="0;url=https://example.com/">',
        "frame or object": '<iframe src="https://example.com/"></iframe>',
        "event handler": "<svg onload=alert(1)>",
        "javascript: URL": '<a href="javascript:alert(1)">x</a>',
        "base element": '<base href="https://example.com/">',
    }
    for kind, sample in samples.items():
        assert ACTIVE[kind].search(sample), kind
    assert ACTIVE["event handler"].search('<img src=x onerror="alert(1)">')
    assert not ACTIVE["event handler"].search("<p>按 on 键</p>")
