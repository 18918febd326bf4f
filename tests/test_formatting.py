"""One formatter for numbers, sizes and durations: validator/formatting.py, from the content formats.
The tool pages show the texts the validator wrote (facts.file.size_text, findings), never their own.

Expected texts are written by hand (1 KB = 1024 bytes, one decimal rounded half up, no ".0",
full-width brackets, 字节 not B, a zero part of a duration left out, a no-break space (U+00A0) between a
number and its unit: a phone review saw "30" end a line and "KB" start the next).
"""

from __future__ import annotations

import pytest

from validator import formatting

SIZES = [
    (0, "0\u00a0字节"),
    (512, "512\u00a0字节"),
    (1023, "1,023\u00a0字节"),
    (1024, "1\u00a0KB（1,024\u00a0字节）"),
    (1280, "1.3\u00a0KB（1,280\u00a0字节）"),  # 1.25 rounds half up
    (28967, "28.3\u00a0KB（28,967\u00a0字节）"),
    (29000, "28.3\u00a0KB（29,000\u00a0字节）"),
    (30000, "29.3\u00a0KB（30,000\u00a0字节）"),
    (30720, "30\u00a0KB（30,720\u00a0字节）"),
    (31948, "31.2\u00a0KB（31,948\u00a0字节）"),
    (40960, "40\u00a0KB（40,960\u00a0字节）"),
    (204800, "200\u00a0KB（204,800\u00a0字节）"),
    (1048575, "1,024\u00a0KB（1,048,575\u00a0字节）"),
    (1048576, "1\u00a0MB（1,048,576\u00a0字节）"),
    (1415020, "1.3\u00a0MB（1,415,020\u00a0字节）"),
    (52428800, "50\u00a0MB（52,428,800\u00a0字节）"),
]
DURATIONS = [
    ((12, 0), "12\u00a0个月"),
    ((11, 29), "11\u00a0个月 29\u00a0天"),
    ((11, 30), "11\u00a0个月 30\u00a0天"),
    ((0, 5), "5\u00a0天"),
    ((0, 0), "0\u00a0天"),
    ((1, 1), "1\u00a0个月 1\u00a0天"),
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
    assert rules.bytes_text(30720) == "30,720\u00a0字节"
    assert rules.size_text(28967) == "28.3\u00a0KB（28,967\u00a0字节）"
    assert rules.duration_text(12, 0) == "12\u00a0个月"


def test_no_half_width_brackets_b_or_point_zero(formats):
    texts = [formatting.size(formats, n) for n in range(0, 3 * 1024 * 1024, 9973)]
    for text in texts:
        assert "(" not in text and ")" not in text and "\u00a0B" not in text and ".0\u00a0" not in text, text


def test_a_number_and_its_unit_stay_together_wherever_a_template_is_filled():
    """The content writes ordinary spaces in its templates ("{kb} KB", "{w}×{h} 像素"); the space right after
    a field becomes a no-break space wherever one is filled, so a phone never breaks "30 KB" across lines."""
    assert formatting.glued("{kb} KB（{n} 字节）") == "{kb}\u00a0KB（{n}\u00a0字节）"
    assert formatting.glued("{months} 个月 {days} 天") == "{months}\u00a0个月 {days}\u00a0天"
    assert formatting.glued("小于 {size}、白底") == "小于 {size}、白底"  # a space before a field stays


def test_a_parameter_written_in_prose_keeps_its_unit_on_its_line():
    """The build's placeholder filler (scripts/content/placeholders.py), on the real content: the photo tool's
    fallback sentence read 小于 30 / KB on a 360 px phone."""
    from scripts.content import check, placeholders
    from tests.conftest import ROOT

    content, problems = check(ROOT / "content")
    assert problems == []
    writer = placeholders.Writer(content)
    assert writer.fill("小于 {photo.max_bytes:KB}、白底") == "小于 30\u00a0KB、白底"
    assert writer.fill("即 {photo.max_bytes:bytes}。") == "即 30,720\u00a0字节。"
    # a unit written after the placeholder
    assert writer.fill("宽 {photo.min_width} 像素") == "宽 190\u00a0像素"


def test_a_message_keeps_a_number_and_its_unit_together_and_nothing_else():
    """The validator's messages (RuleSet.render_message): the space after a field whose value is a number
    becomes a no-break space ("1000 像素", "184 天"); the space after a name or a source stays."""
    template = "{source} · {section}：缩到最长边不到 {floor} 像素，共 {days:,} 天"
    values = {"source": "湖北省网操作说明", "section": "二(二)", "floor": 1000, "days": 1840}
    assert formatting.glued_numbers(template, values).format(**values) == (
        "湖北省网操作说明 · 二(二)：缩到最长边不到 1000\u00a0像素，共 1,840\u00a0天"
    )


def test_rule_set_formats_keep_numbers_and_units_together(rules):
    assert rules.fmt("photo.dims", w=150, h=200) == "150×200\u00a0像素"
