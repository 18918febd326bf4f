"""Plain Chinese for candidates: one register (您, never 你) and no Latin-script jargon.

Checked where the texts live (content/, templates/, the tool pages and theme overrides), in the
compiled rule set the tools show (messages, finder texts) and on the built pages a candidate can
open (every page outside /admin/; scripts.sitegen.audit reads what is seen or heard).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from scripts.sitegen.audit import candidate_pages, visible_texts
from tests.conftest import IN_CI, ROOT

SITE = Path(os.environ["SITE_DIR"]) if os.environ.get("SITE_DIR") else ROOT / "site"
INFORMAL = re.compile(r"你(?!们好)")  # 你 as "you"; 迷你 ("mini") is not an address
NOT_ADDRESS = ("迷你",)
SOURCES = [
    *sorted((ROOT / "content").rglob("*.yaml")),
    *sorted((ROOT / "templates").rglob("*.j2")),
    *sorted((ROOT / "templates").rglob("*.yaml")),
    *sorted((ROOT / "docs").rglob("*.md")),
    *sorted((ROOT / "overrides").rglob("*.html")),
]

# Latin-script words a candidate meets anyway, each group with why it is plain for them.
ALLOWED_LATIN = {
    # file formats and sizes, as phones, computers and the official systems write them
    *("JPG", "JPEG", "jpg", "jpeg", "PNG", "png", "PDF", "HEIC", "HEIF", "GIF", "WebP", "BMP", "TIFF"),
    *("KB", "kb", "K", "k", "MB"),
    # paper size and the two sides of a card (the official guides' 正反面 A/B)
    *("A4", "A", "B"),
    # letters that are part of numbers candidates type: X (and a mistyped x) in ID numbers, permit
    # prefixes, the XC certificate code
    *("X", "x", "H", "M", "C", "XC"),
    # colour modes as image software names them in its menus (the fix for a CMYK photo)
    *("RGB", "CMYK"),
    # software the official guides name (browser requirement, the photo tool runs on Windows)
    *("Windows", "Chrome", "IE8"),
    # the phone system and browser a candidate is told to update (start-up message, HEIC FAQ), as
    # the phone's own settings name them
    *("iOS", "Safari", "iPhone"),
    # the official 学校 field's example input (pinyin initials of 北京大学)
    "bjdx",
    # the names of this site's two licences, as they are legally named (footer on every page)
    *("MIT", "CC", "BY"),
}
# The /sources/ page is the bibliography: titles, file names and addresses are quoted as published.
# /notices/ quotes the licence texts and the packages' own names as they are published.
BIBLIOGRAPHY = ("sources/index.html", "notices/index.html")
URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|cn|net|org|html?|shtml|php|aspx?)\S*|(?<![\w.])/[\w./-]+/"
)
PLACEHOLDER = re.compile(r"\{\w+\}")
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+\-]*")
SHOWN_KEYS = ("title", "help", "label", "placeholder", "text")  # the finder's texts (not its keys and values)


def informal(text: str) -> list[str]:
    for word in NOT_ADDRESS:
        text = text.replace(word, "")
    return [text[max(0, m.start() - 12) : m.end() + 12] for m in INFORMAL.finditer(text)]


def jargon(text: str) -> set[str]:
    text = PLACEHOLDER.sub(" ", URL.sub(" ", text))
    return {w for w in LATIN.findall(text) if w not in ALLOWED_LATIN}


def test_the_checks_can_fail():
    assert informal("请你先上传照片") and not informal("请您先上传照片") and not informal("迷你版")
    assert jargon("正在启动 Python（需要 WebAssembly）") == {"Python", "WebAssembly"}
    assert not jargon("照片须为 JPG，小于 30 KB，见 https://example.com/a.html 或 {total} MB")


def test_sources_of_candidate_text_use_one_register():
    hits = []
    for path in SOURCES:
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            hits += [f"{path.relative_to(ROOT)}:{line_no}: …{h}…" for h in informal(line)]
    assert len(SOURCES) > 40
    assert not hits, "use 您, not 你:\n" + "\n".join(hits)


def _rule_set_texts() -> list[str]:
    data = json.loads((ROOT / "validator" / "_data" / "rules.json").read_text(encoding="utf-8"))
    texts = []
    for code, spec in data["messages"].items():
        if not code.startswith("cli."):  # the command line is for review staff
            texts += [spec.get(k, "") for k in ("title", "message", "fix", "fix_page")]
    texts += list(data.get("texts", {}).values())

    def strings(value, key=""):
        if isinstance(value, str) and key in SHOWN_KEYS:
            yield value
        elif isinstance(value, dict):
            for k, v in value.items():
                yield from strings(v, "text" if key == "texts" else k)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v, key)

    texts += list(strings(data.get("finder", {})))
    return texts


def test_the_tools_texts_are_plain_chinese():
    texts = _rule_set_texts()
    assert len(texts) > 200
    words = set().union(*(jargon(t) for t in texts))
    hits = [t for t in texts if informal(t)]
    assert not hits, hits
    assert not words, f"Latin-script words in tool texts: {sorted(words)}"


def _built_pages():
    if not (SITE / "index.html").exists():
        if IN_CI:
            pytest.fail("site/ is not built: run `make build` first (make test does it)")
        pytest.skip("site/ is not built (make build)")
    return candidate_pages(SITE)


def test_built_pages_use_one_register_and_no_latin_jargon():
    pages = _built_pages()
    found = {}
    for path in pages:
        rel = path.relative_to(SITE).as_posix()
        texts = visible_texts(path.read_text(encoding="utf-8"))
        words = set() if rel in BIBLIOGRAPHY else set().union(*(jargon(t) for t in texts))
        informal_hits = [h for t in texts for h in informal(t)]
        if words or informal_hits:
            found[rel] = (sorted(words), informal_hits[:3])
    assert len(pages) > 20
    assert not found, "\n".join(f"{page}: {hit}" for page, hit in found.items())
