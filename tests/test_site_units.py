"""The build holds every number and its unit together in a page's text (scripts/sitegen/units.py): each
pair in a nowrap span, a two-character unit whole, numbers written by hand in the prose too; tags, attributes
and code untouched. Expectations written by hand."""

from __future__ import annotations

from scripts.sitegen.units import hold
from tests.conftest import site_content

UNITS = ["毫米", "像素", "字节", "KB", "个", "个月", "年", "月", "日", "天", "%"]


def nw(text: str) -> str:
    return f'<span class="yk-nw">{text}</span>'


def test_a_number_written_in_the_prose_and_its_unit_are_one_span():
    assert hold("<p>近 6 个月内的照片</p>", UNITS) == f"<p>近 {nw('6 个月')}内的照片</p>"
    assert hold("宽 33 毫米、高 48 毫米", UNITS) == f"宽 {nw('33 毫米')}、高 {nw('48 毫米')}"
    assert hold("2021 年 9 月", UNITS) == f"{nw('2021 年')} {nw('9 月')}"
    assert hold("2021年9月1日", UNITS) == nw("2021年") + nw("9月") + nw("1日")


def test_grouped_decimal_and_size_numbers_and_the_no_break_space_the_build_writes():
    assert hold("30&nbsp;KB（30,720&nbsp;字节）", UNITS) == f"{nw('30&nbsp;KB')}（{nw('30,720&nbsp;字节')}）"
    assert hold("28.3\u00a0KB", UNITS) == nw("28.3\u00a0KB")
    assert hold("不小于 190×254 像素", UNITS) == f"不小于 {nw('190×254 像素')}"
    assert hold("通过率 80%", UNITS) == f"通过率 {nw('80%')}"


def test_the_longest_unit_is_taken():
    assert hold("3 个月", UNITS) == nw("3 个月")
    assert hold("3 个文件", UNITS) == nw("3 个") + "文件"


def test_not_a_number_of_its_own_and_no_unit_stay_as_written():
    for text in ("P25 年", "v1.2 年", "第 3 步", "§二.7", "2027-05-31 起", "33:48", "30,", "共 12"):
        assert hold(text, UNITS) == text, text


def test_only_text_changes_not_tags_attributes_or_code():
    page = (
        '<p title="30 KB"><a href="../x/#30-KB">小于 30 KB</a> <code>30 KB</code></p>'
        "<pre><code>宽 33 毫米</code></pre><script>var s = '3 年';</script><!-- 3 年 -->"
        "<select><option>3 年</option></select><p>4 年</p>"
    )
    assert hold(page, UNITS) == (
        f'<p title="30 KB"><a href="../x/#30-KB">小于 {nw("30 KB")}</a> <code>30 KB</code></p>'
        "<pre><code>宽 33 毫米</code></pre><script>var s = '3 年';</script><!-- 3 年 -->"
        f"<select><option>3 年</option></select><p>{nw('4 年')}</p>"
    )


def test_a_quoted_angle_bracket_in_an_attribute_stays_in_its_tag():
    page = '<p data-label="宽 > 3 毫米">宽 3 毫米</p>'
    assert hold(page, UNITS) == f'<p data-label="宽 > 3 毫米">宽 {nw("3 毫米")}</p>'


def test_no_units_change_nothing():
    assert hold("<p>近 6 个月</p>", []) == "<p>近 6 个月</p>"


def test_the_units_are_content_data():
    content = site_content()
    for unit in ("毫米", "像素", "字节", "KB", "个月", "年", "天"):
        assert unit in content["units"], unit


def test_the_command_line_writes_plain_text(tmp_path):
    """Review staff read, search and paste the command line's text, --json and --csv: ordinary spaces, no
    no-break space or word joiner between a number and its unit (the page holds them together itself)."""
    import json
    import subprocess
    import sys

    from tests.conftest import AS_OF, ROOT
    from tests.gen.photos import person, sized_jpeg

    photo = tmp_path / "横版.jpg"
    photo.write_bytes(sized_jpeg(person(567, 390, noise=9), 40000))  # too large and on its side
    run = [sys.executable, "-m", "validator", "photo", str(photo), "--as-of", str(AS_OF)]
    text = subprocess.run(run, capture_output=True, text=True, cwd=ROOT, timeout=120).stdout
    data = subprocess.run([*run, "--json"], capture_output=True, text=True, cwd=ROOT, timeout=120).stdout
    messages = " ".join(f["message"] for f in json.loads(data)["findings"])
    assert "567×390 像素" in messages and "宽 33 毫米、高 48 毫米" in messages, messages
    assert "39.1 KB（40,000 字节）" in text, text  # 40,000 / 1024 = 39.06
    for out in (text, data):
        assert "\u00a0" not in out and "\u2060" not in out and "\\u00a0" not in out, out
