"""One formatter for numbers, sizes and durations: validator/formatting.py, from the content formats.
The tool pages show the texts the validator wrote (facts.file.size_text, findings), never their own.

Expected texts are written by hand (1 KB = 1024 bytes, one decimal rounded half up, no ".0",
full-width brackets, 字节 not B, a zero part of a duration left out, an ordinary space between a number and
its unit: the command line's text and --json carry no invisible characters; a page holds the two on one line
itself, scripts/sitegen/units.py and tools/dom.js held).
"""

from __future__ import annotations

import pytest

from validator import formatting

SIZES = [
    (0, "0 字节"),
    (512, "512 字节"),
    (1023, "1,023 字节"),
    (1024, "1 KB（1,024 字节）"),
    (1280, "1.3 KB（1,280 字节）"),  # 1.25 rounds half up
    (28967, "28.3 KB（28,967 字节）"),
    (29000, "28.3 KB（29,000 字节）"),
    (30000, "29.3 KB（30,000 字节）"),
    (30720, "30 KB（30,720 字节）"),
    (31948, "31.2 KB（31,948 字节）"),
    (40960, "40 KB（40,960 字节）"),
    (204800, "200 KB（204,800 字节）"),
    (1048575, "1,024 KB（1,048,575 字节）"),
    (1048576, "1 MB（1,048,576 字节）"),
    (1415020, "1.3 MB（1,415,020 字节）"),
    (52428800, "50 MB（52,428,800 字节）"),
]
DURATIONS = [
    ((12, 0), "12 个月"),
    ((11, 29), "11 个月 29 天"),
    ((11, 30), "11 个月 30 天"),
    ((0, 5), "5 天"),
    ((0, 0), "0 天"),
    ((1, 1), "1 个月 1 天"),
]


@pytest.fixture(scope="module")
def formats(rules):
    return rules.formats


@pytest.mark.parametrize(("n", "text"), SIZES)
def test_sizes(formats, n, text):
    assert formatting.size(formats, n) == text


@pytest.mark.parametrize(("parts", "text"), DURATIONS)
def test_durations(formats, parts, text):
    assert formatting.duration(formats, *parts) == text


def test_exact_byte_counts_and_rule_set_methods(rules):
    assert rules.bytes_text(30720) == "30,720 字节"
    assert rules.size_text(28967) == "28.3 KB（28,967 字节）"
    assert rules.duration_text(12, 0) == "12 个月"


def test_no_half_width_brackets_b_or_point_zero(formats):
    texts = [formatting.size(formats, n) for n in range(0, 3 * 1024 * 1024, 9973)]
    for text in texts:
        assert "(" not in text and ")" not in text and " B" not in text and ".0 " not in text, text
        assert "\u00a0" not in text and "\u2060" not in text, text


def test_a_parameter_written_in_prose_is_plain_text():
    """The build's placeholder filler (scripts/content/placeholders.py), on the real content: plain spaces
    (rules.json's advice reaches the command line too); the page holds number and unit together."""
    from scripts.content import check, placeholders
    from tests.conftest import ROOT

    content, problems = check(ROOT / "content")
    assert problems == []
    writer = placeholders.Writer(content)
    assert writer.fill("小于 {photo.max_bytes:KB}、白底") == "小于 30 KB、白底"
    assert writer.fill("即 {photo.max_bytes:bytes}。") == "即 30,720 字节。"
    # a unit written after the placeholder
    assert writer.fill("宽 {photo.min_width} 像素") == "宽 190 像素"


def test_rule_set_formats_are_plain_text(rules):
    assert rules.fmt("photo.dims", w=150, h=200) == "150×200 像素"


def test_a_placeholder_the_code_does_not_give_is_left_out_never_shown():
    """A typo in content ({colour_nam}) or a value one place does not give: the candidate reads the text
    without it, never "{colour_nam}" (review m1); a value its format does not fit is written plainly."""
    from validator.report import Report
    from validator.ruleset import RuleSet

    rules = RuleSet(
        {
            "messages": {
                "photo.background.blue": {
                    "message": "背景看起来是蓝色（{foo}），官方要求白底：{measured}。",
                    "fix": "换白底{colour_nam.x}{row[0]}。",
                    "fix_page": "用 {measured:.1f} 的照片，{0}。",
                }
            }
        }
    )
    report = Report(rules, "photo")
    finding = report.add("photo.background.blue", "warn", measured="L 70")

    assert finding.message == "背景看起来是蓝色（），官方要求白底：L 70。"
    assert finding.fix == "换白底。"
    assert finding.fix_page == "用 L 70 的照片，。"
    assert rules.render_message("photo.background.blue") == {
        "message": "背景看起来是蓝色（），官方要求白底：。",
        "fix": "换白底。",
        "fix_page": "用  的照片，。",
    }
