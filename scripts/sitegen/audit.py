"""What a candidate reads on a built page, and the internal tokens in it.

:func:`visible_texts` keeps the text a reader sees or hears: text outside
``<script>``/``<style>`` (code included), the ``title``, ``alt``, ``aria-label`` and
``placeholder`` attributes, the ``data-msg-*`` / ``data-label-*`` texts the tools
show, and the string values of ``<script type="application/json">`` blocks.
:func:`scan_site` runs the content's token list (scripts.content.leaks) over
every page outside /admin/ and names the page and the token of each hit.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from scripts.content.leaks import Forbidden, Leak

SHOWN_ATTRS = ("title", "alt", "aria-label", "placeholder")
RAW_LINK_RE = re.compile(r"\]\([^)\s]*\.md(?:#[^)\s]*)?\)")  # a Markdown link left as text (inside raw HTML)
SHOWN_PREFIXES = ("data-msg-", "data-label-")
SKIPPED_TAGS = ("script", "style")
THEME_CONFIG = "__config"  # the theme's own settings block (paths, feature names): not shown


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.skip: list[str] = []
        self.json_block = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value and (name in SHOWN_ATTRS or name.startswith(SHOWN_PREFIXES)):
                self.texts.append(value)
        if tag in SKIPPED_TAGS:
            self.skip.append(tag)
            json_type = attrs.get("type") == "application/json"
            self.json_block = tag == "script" and json_type and attrs.get("id") != THEME_CONFIG

    def handle_endtag(self, tag):
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()
            self.json_block = False

    def handle_data(self, data):
        if self.json_block:
            self.texts.extend(_strings(_json(data)))
        elif not self.skip:
            self.texts.append(data)


def _json(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return None


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def visible_texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return parser.texts


def scan_page(html: str, tokens: Forbidden, where: str) -> list[Leak]:
    found = []
    for text in visible_texts(html):
        found += tokens.find(text, where)
        found += [Leak(m.group(0), "link", where) for m in RAW_LINK_RE.finditer(text)]
    return found


def candidate_pages(site: Path) -> list[Path]:
    """Every HTML page a candidate can open: all of them except /admin/ and the theme's assets."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("admin/", "assets/")):
            continue
        pages.append(path)
    return pages


def scan_site(site: Path, tokens: Forbidden) -> list[Leak]:
    found = []
    for path in candidate_pages(site):
        where = "/" + path.relative_to(site).as_posix().removesuffix("index.html")
        found += scan_page(path.read_text(encoding="utf-8"), tokens, where)
    return found
