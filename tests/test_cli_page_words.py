"""The command line never speaks of the web page's controls.

Every finding's advice is printed by the photo tool on the page and by ``python -m validator`` for
review staff. The page has buttons (按小二寸裁剪, 压缩到 … 以内) above its results; the command line
has none. What only the page can say is the message's ``fix_page`` (content/messages/*.yaml), which the
page shows after the fix and the command line leaves out (text, --json). Expected advice is written
here by hand.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.gen import faces
from tests.gen.photos import jpeg, person, sized_jpeg
from validator import api
from validator.cli import render

AS_OF = "2026-12-15"

# words that point at the page: its buttons and where they are, reloading it, the browser it runs in
PAGE_WORDS = (
    "按钮",
    "点击",
    "点它",
    "点上方",
    "本页",
    "刷新",
    "结果上方",
    "结果下方",
    "页面上",
    "浏览器",
    "选择照片",
    "后再选择",
    "后重新选择",
    "按小二寸裁剪",
    "拖动",
)

LANDSCAPE_FIX = (
    "以脸部为中心把照片裁成竖版（宽:高约 33:48），或重新拍摄竖版半身照；"
    "也请检查照片是否被旋转了。"
)


def _said(text: str) -> list[str]:
    return [w for w in PAGE_WORDS if w in text]


def _cli(path, *extra) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "validator", "photo", str(path), "--as-of", AS_OF, *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture(scope="module")
def too_large_landscape(tmp_path_factory):
    """A landscape photo of 40,000 bytes: too large (小于 30K) and on its side."""
    path = tmp_path_factory.mktemp("cli") / "横版.jpg"
    path.write_bytes(sized_jpeg(person(567, 390, noise=9), 40000))
    return path


def test_cli_advice_for_a_too_large_landscape_photo_names_no_page_control(too_large_landscape):
    done = _cli(too_large_landscape)

    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert f"    怎么改：{LANDSCAPE_FIX}" in lines
    assert (
        "    怎么改：在电脑上，用画图打开照片，按比例缩小（例如缩小到原来的 80%）后保存，"
        "再用官方照片检测工具检测，"
        "直到保存后的文件小于 30,000 字节。"
    ) in lines
    assert _said(done.stdout) == [], done.stdout


def test_cli_json_leaves_out_the_page_sentence(too_large_landscape):
    done = _cli(too_large_landscape, "--json")

    report = json.loads(done.stdout)
    landscape = next(f for f in report["findings"] if f["code"] == "photo.shape.landscape")
    assert landscape["fix"] == LANDSCAPE_FIX
    assert all("fix_page" not in f for f in report["findings"])
    # (the cited sources may name the official tool's own buttons: only the findings' words are checked)
    assert [w for f in report["findings"] for w in _said(f["message"] + f["fix"])] == []


def test_the_validator_still_gives_the_page_its_button_sentence(rules):
    """The report (the page's and the test vectors') keeps fix_page; only the command line drops it."""
    report = api.run("photo", {"as_of": AS_OF}, jpeg(person(567, 390), 85), rules=rules)

    landscape = next(f for f in report["findings"] if f["code"] == "photo.shape.landscape")
    assert landscape["fix_page"] == (
        "照片里找到了您的脸时，结果上方会有“按小二寸裁剪”按钮，点它就能这样裁剪；没有这个按钮时，请重新拍摄。"
    )
    assert _said(render(rules, report)) == []  # the readable text shows fix, never fix_page


def test_cli_advice_for_an_off_centre_face_names_no_crop_button(tmp_path):
    path = tmp_path / "偏.jpg"
    path.write_bytes(faces.FIXTURES["face_offcentre"]())

    done = _cli(path)

    assert "    怎么改：拍摄时正对镜头站在画面中间。" in done.stdout.splitlines()
    assert _said(done.stdout) == [], done.stdout


def test_no_message_the_command_line_prints_names_a_page_control(rules):
    """Every message's title, message and fix (what the command line prints) and the --fix reasons."""
    said = {
        f"{code}.{key}": _said(spec[key])
        for code, spec in rules.messages.items()
        for key in ("title", "message", "fix")
        if _said(spec.get(key, ""))
    }
    said |= {
        key: _said(text)
        for key, text in rules.formats.items()
        if key.startswith(("fix.reason.", "fix.cannot.", "cli.")) and _said(text)
    }
    assert said == {}


def test_a_page_sentence_always_follows_a_fix(rules):
    """fix_page is shown after fix; without a fix the command line would have no advice at all."""
    paged = {code: spec for code, spec in rules.messages.items() if spec.get("fix_page")}
    assert len(paged) >= 10
    assert [code for code, spec in paged.items() if not spec.get("fix", "").endswith("。")] == []
