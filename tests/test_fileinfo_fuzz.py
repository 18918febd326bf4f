"""Fuzzing validator.fileinfo: any bytes in, a result out, never an exception, always finished.

Three sources of input, each bounded (hypothesis ``max_examples``, no database):
random bytes behind every known magic prefix, real encoder output mutated
(bit flips, truncations, overwritten segment lengths, inserted and deleted
runs), and JPEG-shaped streams of random segments. The only time assertion is a
generous sanity bound per input (speed figures are printed by `make bench`).
"""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.gen import jpegs
from validator.context import Context
from validator.fileinfo import add_integrity_findings, analyze, limits_from
from validator.report import Report

SANITY_SECONDS = 2.0
SWEEP_BYTES = 400
EXAMPLES = 400
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MAGIC = [
    b"", b"\xff\xd8", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1\x00\x40Exif\x00\x00II*\x00",
    b"\xff\xd8\xff\xe1\x00\x40Exif\x00\x00MM\x00*", b"\x89PNG\r\n\x1a\n", b"GIF89a",
    b"RIFF\x00\x01\x00\x00WEBP", b"II*\x00", b"MM\x00*", b"BM", b"\x00\x00\x00\x18ftypheic", b"%PDF-",
]
BASE_NAMES = (
    "file_baseline", "file_progressive", "file_grey", "file_cmyk", "file_exif_be", "file_exif_le",
    "file_icc", "file_png_grey16", "file_gif", "file_webp_lossy", "file_webp_extended", "file_tiff_be",
)
BASES = {name: jpegs.FIXTURES[name]() for name in BASE_NAMES}
SMALL = {name: data for name, data in BASES.items() if len(data) < 60000}


def check(data: bytes, label: str, rules, as_of) -> None:
    """Run the whole path a user's file takes; assert it returns something sensible."""
    ctx = Context(rules=rules, as_of=as_of, region="national")
    start = time.perf_counter()
    info = analyze(data, limits_from(ctx))
    report = Report(rules=rules, kind="fileinfo")
    add_integrity_findings(report, info, ctx)
    out = report.to_dict()
    elapsed = time.perf_counter() - start
    assert "internal" not in info.problems, data[:64]
    assert out["verdict"] in ("pass", "warn", "fail")
    json.dumps(info.to_dict())
    if not data:
        assert out["verdict"] == "fail"
    assert elapsed < SANITY_SECONDS


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(sorted(SMALL.values(), key=len))))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "truncate", "seglen", "insert", "delete", "ff"]))
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "truncate":
            del data[at:]
        elif op == "seglen":
            _set_segment_length(data, draw(st.integers(0, 30)), draw(st.integers(0, 0xFFFF)))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            data[at:at] = b"\xff" * draw(st.integers(1, 300))
    return bytes(data)


def _set_segment_length(data: bytearray, index: int, length: int) -> None:
    segs = jpegs.segments(bytes(data))
    if segs:
        _marker, start, _end = segs[index % len(segs)]
        data[start + 2 : start + 4] = length.to_bytes(2, "big")


@st.composite
def segment_stream(draw) -> bytes:
    """SOI, then random markers with random (often wrong) lengths and bodies, maybe a scan and EOI."""
    out = bytearray(b"\xff\xd8")
    for _ in range(draw(st.integers(0, 25))):
        marker = draw(st.one_of(st.sampled_from([0xC0, 0xC2, 0xC9, 0xC3, 0xDB, 0xC4, 0xDA, 0xDD, 0xE0, 0xE1,
                                                 0xE2, 0xEE, 0xD0, 0xD8, 0xDC, 0x01, 0xFE]),
                                st.integers(0, 255)))
        body = draw(st.binary(max_size=80))
        length = draw(st.one_of(st.just(len(body) + 2), st.integers(0, 0xFFFF)))
        out += b"\xff" + bytes([marker]) + length.to_bytes(2, "big") + body
    if draw(st.booleans()):
        out += b"\xff\xd9"
    return bytes(out)


@FUZZ
@given(prefix=st.sampled_from(MAGIC), tail=st.binary(max_size=3000))
def test_random_bytes_behind_every_magic(prefix, tail, rules, as_of):
    check(prefix + tail, "random", rules, as_of)


@FUZZ
@given(data=mutated())
def test_mutated_real_files(data, rules, as_of):
    check(data, "mutated", rules, as_of)


@FUZZ
@given(data=segment_stream())
def test_random_segment_streams(data, rules, as_of):
    check(data, "segments", rules, as_of)


@pytest.mark.slow  # every truncation and every byte value of real headers
def test_every_truncation_and_byte_of_real_headers(rules, as_of):
    """Deterministic sweep over each small base file's head: every prefix, every byte set to 0x00 or 0xFF."""
    for data in SMALL.values():
        head = data[:SWEEP_BYTES]
        for cut in range(0, len(head) + 1):
            check(data[:cut], "sweep", rules, as_of)
        for at in range(len(head)):
            for value in (0x00, 0xFF):
                check(data[:at] + bytes([value]) + data[at + 1 :], "sweep", rules, as_of)


def test_large_inputs_finish(rules, as_of):
    """Big degenerate inputs (runs of 0xFF, zero bytes, a huge scan) stay linear."""
    size = 4 * 1024 * 1024
    cases = [
        b"\xff\xd8" + b"\xff" * size,
        b"\xff\xd8" + b"\x00" * size,
        jpegs.file_baseline()[:-2] + b"\xff\x00" * (size // 2),
        b"\x89PNG\r\n\x1a\n" + b"\x00" * size,
        jpegs.file_baseline() + b"\x00" * size,
    ]
    for data in cases:
        check(data, "large", rules, as_of)
