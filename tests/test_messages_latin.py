"""No English or Python text reaches a candidate (issue 13 item 6): every text of every finding of
every test vector (both regions) and of every photo and scan fixture is scanned for Latin-script
words. Allowed: format names, units and the browser names the minimum-version texts need.
"""

from __future__ import annotations

import re

import pytest

from tests.gen import jpegs, photos
from tests.test_vectors import ALL, cpython_report, prepared
from validator import api
from validator.fileinfo import analyze

FIELDS = ("message", "fix", "fix_page", "reading", "measured", "expected", "title")
# Written by hand: what a Chinese candidate-facing text may contain in Latin letters.
ALLOWED = {
    "JPEG", "JPG", "jpg", "jpeg", "PNG", "png", "GIF", "WebP", "HEIC", "HEIF", "AVIF", "BMP", "TIFF", "PDF",
    "pdf", "KB", "MB", "kb", "px", "dpi", "mm", "Windows", "iPhone", "iOS", "Safari", "Chrome", "ID",
    "k", "K", "x", "RGB", "CMYK", "YCCK",  # "30K", "200k"; colour modes as picture software names them
    "YYYY", "MM", "DD",  # the date pattern of a form field
}
WORD = re.compile(r"[A-Za-z]+")


def latin_words(text: str, echo: frozenset = frozenset()) -> set[str]:
    """Latin words of ``text`` other than the allowed ones, single capitals (an ID's letter prefix)
    and what the candidate typed or the file holds (``echo``: shown back on purpose)."""
    return {w for w in WORD.findall(text or "") if w not in ALLOWED and w not in echo and not
            (len(w) == 1 and w.isupper())}


def echoed(request: dict, data) -> frozenset:
    """Words taken from the input: the typed value, the material id, the file's first bytes in hex."""
    head = analyze(data).head_hex if data else ""
    raw = " ".join(str(request.get(k, "")) for k in ("value", "material", "kind")) + " " + str(head)
    words = set(WORD.findall(raw))
    return frozenset(words | {w.upper() for w in words} | {w.lower() for w in words})


def _texts(report: dict):
    for finding in report.get("findings", []):
        for key in FIELDS:
            value = finding.get(key)
            if isinstance(value, str):
                yield finding["code"], key, value
    notice = report.get("notice")
    if isinstance(notice, str):
        yield "notice", "notice", notice


@pytest.mark.parametrize("region", ["national", "hubei"])
def test_every_vector_speaks_chinese(rules, region):
    leaks = []
    for vector in ALL:
        _, request, data, _ = prepared(vector, rules, region)
        report = cpython_report(vector, rules, region) if _runs(request, rules) else {}
        echo = echoed(request, data)
        for code, key, text in _texts(report):
            if latin_words(text, echo):
                leaks.append(f"{vector['_key']} {code}.{key}: {sorted(latin_words(text, echo))} in {text!r}")
    assert leaks == []


@pytest.mark.parametrize("op", ["photo", "scan"])
def test_every_fixture_and_decoder_failure_speaks_chinese(rules, op):
    leaks = []
    fixtures = {**photos.FIXTURES, **jpegs.FIXTURES}
    for name, make in sorted(fixtures.items()):
        request = {"as_of": "2026-12-15", "filename": f"{name}.jpg", "decode_error": "OSError: broken data"}
        data = make()
        report = api.run(op, request, data, None, rules=rules)
        echo = echoed(request, data)
        for code, key, text in _texts(report):
            if latin_words(text, echo):
                leaks.append(f"{name} {code}.{key}: {sorted(latin_words(text, echo))} in {text!r}")
    assert leaks == []


def test_the_scan_itself_finds_english():
    assert latin_words("照片数据无法解码（OSError: broken data）") == {"OSError", "broken", "data"}
    assert latin_words("实际格式是 HEIC/HEIF，只接受 JPEG") == set()


def _runs(request: dict, rules) -> bool:
    return request.get("region") in rules.regions


NESTED = re.compile(r"（[^（）]*（")


@pytest.mark.parametrize("region", ["national", "hubei"])
def test_no_finding_nests_brackets(rules, region):
    """A reading inside a reading: 颜色明显（背景亮度 41（满分 100），颜色浓度 66（白色和灰色接近 0…））
    (a phone review, s17). No text of any vector's finding opens a full-width bracket inside another."""
    nested = []
    for vector in ALL:
        _, request, _, _ = prepared(vector, rules, region)
        report = cpython_report(vector, rules, region) if _runs(request, rules) else {}
        for code, key, text in _texts(report):
            if NESTED.search(text):
                nested.append(f"{vector['_key']} {code}.{key}: {text!r}")
    assert nested == []
