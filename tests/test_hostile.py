"""Hostile files on CPython (issue 13 item 1): the header walk seeks, reads little, and the CLI
never reads a large file whole or decodes what its header refuses.

Expected values are written by hand from the fixtures' construction (tests/gen/hostile.py).
"""

from __future__ import annotations

import io
import time
import tracemalloc

import pytest

from tests.gen import hostile, jpegs
from validator import cli
from validator.fileinfo import analyze
from validator.fileinfo.source import Source
from validator.host_files import check_file
from validator.ruleset import load_default

LIMITS = {"max_pixels": 250_000_000, "max_side": 20000, "max_bytes_analyzed": 52428800, "max_segments": 10000}


class Counting(Source):
    """A Source that counts what the walk actually read."""

    def __init__(self, data: bytes):
        self.reads = 0
        self.bytes = 0
        self.furthest = 0

        def read(at, n):
            self.reads += 1
            self.bytes += n
            self.furthest = max(self.furthest, at + n)
            return data[at : at + n]

        super().__init__(read, len(data))


def test_late_sof_is_found_by_seeking_not_by_reading():
    data = hostile.late_sof(20000, 20000)
    assert len(data) > 1_000_000
    source = Counting(data)
    info = analyze(source, LIMITS)
    assert (info.format, info.width, info.height) == ("jpeg", 20000, 20000)
    assert "max_pixels" in info.limits_exceeded  # 400 MP > 250 MP
    # 17 APP12 segments are skipped by their length: one 4 KB read at each segment start,
    # about 90 KB in all, not the megabyte
    assert source.bytes < 128 * 1024, source.bytes


def test_late_sof_real_picture_dimensions():
    img = jpegs.picture(320, 240)
    info = analyze(hostile.late_sof_real(img), LIMITS)
    assert (info.width, info.height, info.problems, info.truncated) == (320, 240, [], False)


def test_png_bomb_dimensions_from_ihdr():
    info = analyze(Counting(hostile.png_bomb(10000, 10000)), LIMITS)
    assert (info.format, info.width, info.height) == ("png", 10000, 10000)


def test_avif_and_heic_are_named_with_their_size():
    heic = analyze(jpegs.file_heic(), LIMITS)
    # stored 4032×3024, irot 1 (a quarter turn): shown 3024×4032; the 320×240 thumbnail is not it
    assert (heic.format, heic.width, heic.height, heic.problems) == ("heic", 3024, 4032, [])
    bomb = analyze(hostile.avif_bomb(), LIMITS)
    assert (bomb.format, bomb.width, bomb.height, bomb.size < 2000) == ("avif", 8000, 8000, True)
    unknown = analyze(jpegs.file_avif_no_size(), LIMITS)
    assert (unknown.format, unknown.width, unknown.height) == ("avif", None, None)


def test_capped_file_is_read_only_up_to_the_cap():
    data = jpegs.jpeg(64, 64) + b"\x00" * (3 * 1024 * 1024)
    source = Counting(data)
    info = analyze(source, {**LIMITS, "max_bytes_analyzed": 1024 * 1024})
    assert info.capped and info.analyzed_bytes == 1024 * 1024
    assert source.furthest <= 1024 * 1024  # nothing past the cap
    assert source.bytes <= 1.1 * 1024 * 1024  # and the part before it about once


def test_cli_on_a_sparse_gigabyte_reads_a_bounded_part(tmp_path):
    path = hostile.sparse_file(tmp_path / "big.jpg", 1 << 30)
    rules = load_default()
    tracemalloc.start()
    started = time.perf_counter()
    report = check_file(rules, "photo", path, "2026-12-15", "national")
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    codes = [f["code"] for f in report["findings"]]
    assert "file.capped" in codes and "photo.size.too_large" in codes
    assert report["facts"]["file"]["size"] == 1 << 30
    # chunks of 1 MB while scanning the first 50 MB: Python's allocations stay a few MB
    assert peak < 16 * 1024 * 1024, peak
    assert seconds < 30, seconds


def test_cli_never_decodes_a_bomb(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(hostile.png_bomb(20001, 100))  # one side over file.max_side
    report = check_file(load_default(), "photo", path, "2026-12-15", "national")
    assert "file.dimensions.absurd" in [f["code"] for f in report["findings"]]
    assert "pixels" not in report["facts"]


@pytest.mark.parametrize(
    "name",
    ["photo\u202egpj.exe", "a\x1b[31mred\x1b[0m.jpg", "b\u2066x\u2069.jpg", "c\u200f.jpg"],
)
def test_cli_escapes_control_and_bidi_characters_in_file_names(tmp_path, name):
    (tmp_path / name).write_bytes(jpegs.jpeg(300, 400))
    out, err = io.StringIO(), io.StringIO()
    cli.main(["photo", str(tmp_path / name), "--as-of", "2026-12-15"], out=out, err=err)
    text = out.getvalue() + err.getvalue()
    for bad in ("\u202e", "\x1b", "\u2066", "\u2069", "\u200f"):
        assert bad not in text
    assert "\\u" in text


@pytest.mark.parametrize(("fixture", "name"), [("file_heic", "HEIC/HEIF"), ("file_avif", "AVIF")])
def test_phone_formats_are_named_with_the_phone_side_fix(fixture, name):
    from validator import api

    data = getattr(jpegs, fixture)()
    for op, code in (("photo", "photo.format.phone"), ("scan", "scan.format.phone")):
        # a 考区 known to use the national module (with none chosen, a scan's format only warns)
        report = api.run(op, {"as_of": "2026-12-15", "filename": "IMG_0001.HEIC", "region": "beijing"}, data)
        finding = next(f for f in report["findings"] if f["code"] == code)
        assert finding["severity"] == "fail" and name in finding["message"]
        assert "兼容性最佳" in finding["fix"]  # the iPhone camera setting
        assert not any(f["code"] in ("file.corrupt", "file.format.unknown") for f in report["findings"])
