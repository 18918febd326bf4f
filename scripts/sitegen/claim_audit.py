"""One claim, one confidence on the built site (issue 21 item 6).

Every confidence word a page shows (``<span class="yk-conf …">多方一致</span>``, written by the
``conf`` macro of templates/_macros.j2) carries ``data-claim``: the claim it is the confidence of.

* A claim declared in content (``claim:`` on a rule family's advice or official line and on a pathway's
  conditions and mistakes; a FAQ entry's ``claims:``, shown on the FAQ as "其中……：<word>") has its id.
* Any other sourced item (a parameter value, a material, a 考区's upload rule, a profile, a guide step, a
  timeline event …) has a key from what it states: its text or value, with its source and date
  (:func:`scripts.sitegen.claims.claim_key`); the same item rendered on several pages (a material on
  every checklist, a profile on every 考区 page of that system) has the same key.

:func:`confidence_words` reads a built site into claim -> word -> pages; :func:`conflicts` lists the
claims shown with two different words. The content check (scripts.content.claims) compares the
confidences written in content; this scan checks what the pages finally show.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class _Badges(HTMLParser):
    """(claim, word) of every confidence badge of a page; the badge's text is its word."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str | None, str]] = []
        self.open: list[str | None] | None = None
        self.depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.open is not None:
            self.depth += 1
            return
        if tag == "span" and "yk-conf" in (attrs.get("class") or "").split():
            self.open = [attrs.get("data-claim")]
            self.depth = 1
            self.text = []

    def handle_endtag(self, tag):
        if self.open is None:
            return
        self.depth -= 1
        if self.depth == 0:
            self.found.append((self.open[0], "".join(self.text).strip()))
            self.open = None

    def handle_data(self, data):
        if self.open is not None:
            self.text.append(data)


def badges(html: str) -> list[tuple[str | None, str]]:
    """(claim or None, word) of every confidence badge in a page, in page order."""
    parser = _Badges()
    parser.feed(html)
    parser.close()
    return parser.found


def page_name(site: Path, path: Path) -> str:
    return "/" + path.relative_to(site).as_posix().removesuffix("index.html")


def confidence_words(pages: dict[str, str]) -> tuple[dict[str, dict[str, list[str]]], list[tuple[str, str]]]:
    """For {page: html}: claim -> word -> pages showing it, and (page, word) of badges without a claim."""
    claims: dict[str, dict[str, list[str]]] = {}
    unkeyed: list[tuple[str, str]] = []
    for where, html in pages.items():
        for claim, word in badges(html):
            if not claim:
                unkeyed.append((where, word))
                continue
            shown = claims.setdefault(claim, {}).setdefault(word, [])
            if where not in shown:
                shown.append(where)
    return claims, unkeyed


def conflicts(claims: dict[str, dict[str, list[str]]]) -> list[str]:
    """One line per claim shown with two or more words: the claim, each word and its pages."""
    out = []
    for claim, words in sorted(claims.items()):
        if len(words) > 1:
            shown = "; ".join(f"{word}: {', '.join(pages[:3])}" for word, pages in sorted(words.items()))
            out.append(f"{claim}: {shown}")
    return out


def site_pages(site: Path) -> dict[str, str]:
    """Every HTML page of a built site except the theme's assets (/admin/ included: its table shows the
    same parameter values with their words)."""
    return {
        page_name(site, p): p.read_text(encoding="utf-8")
        for p in sorted(site.rglob("*.html"))
        if not p.relative_to(site).as_posix().startswith("assets/")
    }
