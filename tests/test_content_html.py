"""HTML in content (issue 17 item 4): the sanitiser (nh3) refuses everything but a short allow-list
in every string, and keeps plain Markdown prose as it is. Expected verdicts written by hand."""

from __future__ import annotations

import pytest

from scripts.content.html import ALLOWED, active_html


@pytest.mark.parametrize(
    "text",
    [
        '<meta http-equiv="refresh" content="0;url=https://example.com/">',
        '<iframe src="https://example.com/"></iframe>',
        "<svg onload=alert(1)>",
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//example.com/x.js></SCRIPT>",
        '<a href="javascript:alert(1)">点这里</a>',
        "<details open ontoggle=alert(1)>",
        "<style>body{display:none}</style>",
        "<b>加粗</b>",  # Markdown has **加粗**
        "<br onclick=alert(1)>",  # an allowed tag with an attribute
        "<!-- 注释 -->",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    ],
)
def test_refused(text):
    assert active_html("说明文字" + text + "结尾")


@pytest.mark.parametrize(
    "text",
    [
        "年龄 < 35 周岁且 > 18 周岁 & 其他",
        "**加粗**、`代码`、[链接](https://example.com/)",
        "按 <kbd>Ctrl</kbd>+<kbd>P</kbd> 打印",
        "第一行<br>第二行",
        "m<sup>2</sup>",
        "&nbsp;空格与 &amp; 符号",
        "x<3",
    ],
)
def test_kept(text):
    assert active_html(text) is None


def test_allow_list_is_short_and_inline():
    assert {"br", "kbd", "sub", "sup"} == ALLOWED
