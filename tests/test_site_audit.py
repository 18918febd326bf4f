"""No page outside /admin/ shows a parameter key, a source id, an English confidence word or a library term.

The scanner (scripts.sitegen.audit) reads what a candidate sees on a built page: text, the ``title`` /
``alt`` / ``aria-label`` attributes, the tools' ``data-msg-*`` / ``data-label-*`` texts and JSON text
blocks. Its token list comes from content (every parameter id, every source id), so a source added
later is covered at once. The unit tests plant each kind of token to show the scanner can fail and
names the page and the token; the last test scans the real build (``site/``, or ``SITE_DIR``).
"""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path

import pytest

from scripts.content import load_content
from scripts.content.leaks import Forbidden, forbidden
from scripts.sitegen.audit import candidate_pages, scan_page, scan_site, visible_texts
from tests.conftest import IN_CI, ROOT

SITE = Path(os.environ["SITE_DIR"]) if os.environ.get("SITE_DIR") else ROOT / "site"
TOKENS = Forbidden(
    params=["photo.max_bytes", "scan.max_bytes"], sources=["SEED0", "P1", "P10", "INF", "FACTS"]
)


def found(html: str) -> list[tuple[str, str]]:
    return [(leak.kind, leak.token) for leak in scan_page(html, TOKENS, "/x/")]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>上限见 <code>photo.max_bytes</code>。</p>", [("param", "photo.max_bytes")]),
        ("<p>出处：SEED0 §二(一)</p>", [("source", "SEED0")]),
        ("<p>见（P10）和 INF。</p>", [("source", "P10"), ("source", "INF")]),
        ("<td>inferred</td><td>C2</td>", [("confidence", "inferred"), ("confidence", "C2")]),
        ("<span>亮度 L* 76</span>", [("term", "L*")]),
        (
            "<p>用 Pillow 解码、CIELAB 色差、Laplacian</p>",
            [("term", "Pillow"), ("term", "CIELAB"), ("term", "Laplacian")],
        ),
        ('<span title="可信度：seed">官方原文</span>', [("confidence", "seed")]),
        ('<div data-msg-empty="见 FACTS §1">x</div>', [("source", "FACTS")]),
        ('<script type="application/json" id="t">{"fix_prefix": "P1 说"}</script>', [("source", "P1")]),
        ("<details><summary>出处</summary>[某转载](sources.md#P1)</details>", [("link", "](sources.md#P1)")]),
    ],
)
def test_the_scanner_finds_each_kind_of_planted_token(html, expected):
    assert found(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        '<a href="../sources/#SEED0">湖北省网操作说明 · 二(一)</a>',  # ids in link targets are not shown
        '<span class="yk-conf yk-conf-inferred">本站推断</span>',  # nor in class names
        '<h3 id="P10">湖北省网上传规则转载</h3>',
        "<script>const P1 = 'seed';</script><style>.c1 {}</style>",
        '<script id="__config" type="application/json">{"search": "inferred"}</script>',
        "<p>文件名 P100.jpg、证书 SEED01、A1P1、photo.max_bytes_2</p>",  # only whole tokens count
    ],
)
def test_what_a_candidate_does_not_see_is_not_a_hit(html):
    assert found(html) == []


def test_a_hit_names_the_page_and_the_token(tmp_path):
    (tmp_path / "faq").mkdir()
    (tmp_path / "admin").mkdir()
    (tmp_path / "faq" / "index.html").write_text("<p>出处：SEED0 §二</p>", encoding="utf-8")
    (tmp_path / "admin" / "index.html").write_text("<p>SEED0 photo.max_bytes</p>", encoding="utf-8")

    leaks = scan_site(tmp_path, TOKENS)

    assert [str(leak) for leak in leaks] == ["/faq/: 来源编号 'SEED0'"]
    assert [p.relative_to(tmp_path).as_posix() for p in candidate_pages(tmp_path)] == ["faq/index.html"]


def test_visible_texts_include_the_tools_texts_and_skip_code_blocks_of_script():
    html = (
        '<div data-label-source="依据：" aria-label="检查结果"><img alt="照片">正文<code>代码</code></div>'
        '<script type="application/json">{"a": ["甲", {"b": "乙"}]}</script><script>var x = "丙";</script>'
    )

    assert visible_texts(html) == ["依据：", "检查结果", "照片", "正文", "代码", "甲", "乙"]


def test_the_built_site_shows_no_internal_token_outside_admin():
    if not (SITE / "index.html").exists():
        if IN_CI:
            pytest.fail("site/ is not built: run `make build` first (make test does it)")
        pytest.skip("site/ is not built (make build)")
    tokens = forbidden(load_content(ROOT / "content", codes_package=None))

    leaks = scan_site(SITE, tokens)

    assert len(candidate_pages(SITE)) > 20
    assert not leaks, "internal tokens on candidate pages:\n" + "\n".join(str(x) for x in leaks[:40])


# Names that carry brackets of their own (official terms): inside another bracket they are not a nesting.
BRACKETED_NAMES = ("中医（专长）医师", "国（境）外", "中专（中职）", "港澳（台）")
NESTED = re.compile(r"（[^（）]*（")


def nested_brackets(html: str) -> list[str]:
    """Where a page's text opens a full-width bracket inside another: its text with the tags taken out (so a
    bracket a link or a bold name splits is still seen), and each of its visible texts on its own (the
    tools' texts in attributes and JSON)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S | re.I)
    texts = [unescape(re.sub(r"<[^>]*>", "", body)), *visible_texts(html)]
    found = []
    for text in texts:
        for name in BRACKETED_NAMES:
            text = text.replace(name, name.replace("（", "〔").replace("）", "〕"))
        found += [text[max(0, m.start() - 10) : m.end() + 30] for m in NESTED.finditer(text)]
    return found


def test_a_nested_bracket_is_found_across_elements():
    assert nested_brackets("<p>证书（视情况：<a>学历（大约 2002 年以后）</a>）</p>") != []
    assert nested_brackets("<p>证书（A和B两面；视情况）</p><p>中医（专长）医师（见说明）</p>") == []


def test_no_candidate_page_nests_a_bracket_in_a_bracket():
    """A checklist item read 备案表（视情况：学历已在学信网电子注册（大约 2002 年以后毕业）时…）:
    the condition now has a line of its own. Every candidate page's text, the tools' texts included."""
    if not (SITE / "index.html").exists():
        if IN_CI:
            pytest.fail("site/ is not built: run `make build` first (make test does it)")
        pytest.skip("site/ is not built (make build)")
    nested = []
    for path in candidate_pages(SITE):
        html = path.read_text(encoding="utf-8")
        nested += [f"{path.relative_to(SITE)}: {x}" for x in nested_brackets(html)]
    assert nested == []
