"""validator.fileinfo against real encoders: Pillow/libjpeg-turbo writes, our parser reads.

The cross-check compares dimensions, mode, progressive flag, subsampling and
the IJG quality over many generated JPEGs; each malformed fixture asserts its
facts and its ``file.*`` findings.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, JpegImagePlugin

from tests.gen import jpegs
from validator import api
from validator.context import Context
from validator.fileinfo import CODES, add_integrity_findings, analyze, limits_from
from validator.fileinfo.quality import STD_LUMA, scaled
from validator.report import Report

MODE_OF = {"grey": "L", "ycbcr": "RGB", "rgb": "RGB", "cmyk": "CMYK", "ycck": "CMYK"}
SAMPLING = {0: [[1, 1], [1, 1], [1, 1]], 1: [[2, 1], [1, 1], [1, 1]], 2: [[2, 2], [1, 1], [1, 1]]}
MATRIX = list(jpegs.matrix(300, seed=7))


@pytest.fixture(scope="module")
def ctx(rules, as_of):
    return Context(rules=rules, as_of=as_of, region="national")


def codes_for(data: bytes, ctx) -> list[str]:
    report = Report(rules=ctx.rules, kind="fileinfo")
    add_integrity_findings(report, analyze(data, limits_from(ctx)), ctx)
    return [f.code for f in report.findings]


# --- cross-check with Pillow -------------------------------------------------------------------

def test_matrix_agrees_with_pillow():
    counts = {"files": 0, "dims": 0, "mode": 0, "progressive": 0, "sampling": 0, "quality_exact": 0,
              "quality_equal": 0}
    for settings, data in MATRIX:
        info = analyze(data)
        im = Image.open(io.BytesIO(data))
        counts["files"] += 1
        assert (info.width, info.height) == im.size, settings
        counts["dims"] += 1
        assert MODE_OF[info.colour] == im.mode, settings
        counts["mode"] += 1
        assert info.jpeg.progressive == bool(im.info.get("progressive")), settings
        assert info.detail == ("progressive" if settings["progressive"] else "baseline"), settings
        counts["progressive"] += 1
        if im.mode == "RGB":
            assert info.jpeg.sampling == SAMPLING[JpegImagePlugin.get_sampling(im)], settings
            counts["sampling"] += 1
        assert info.jpeg.quality_exact, settings
        same = scaled(STD_LUMA, info.jpeg.quality, 255) == scaled(STD_LUMA, settings["quality"], 255)
        assert same, settings
        assert abs(info.jpeg.quality - settings["quality"]) <= 1, settings
        counts["quality_exact"] += 1
        counts["quality_equal"] += info.jpeg.quality == settings["quality"]
        assert not info.truncated and not info.problems and info.jpeg.eoi and info.trailing_bytes == 0
    print("\nPillow cross-check:", counts)
    assert counts["files"] == len(MATRIX) >= 300


def test_matrix_covers_the_options():
    seen = {(s["mode"], s["progressive"]) for s, _ in MATRIX}
    assert seen == {(m, p) for m in jpegs.MODES for p in (False, True)}
    assert {s["subsampling"] for s, _ in MATRIX if s["mode"] == "RGB"} == {0, 1, 2}
    assert min(s["quality"] for s, _ in MATRIX) <= 15 and max(s["quality"] for s, _ in MATRIX) == 100


@pytest.mark.parametrize("q", range(10, 101))
def test_quality_every_setting(q):
    info = analyze(jpegs.jpeg(64, 48, quality=q))
    assert info.jpeg.quality_exact
    assert abs(info.jpeg.quality - q) <= 1


def test_custom_tables_are_not_exact():
    tables = [[2 + (i % 7) for i in range(64)]]
    info = analyze(jpegs.encode(jpegs.picture(64, 48, "L"), "JPEG", qtables=tables))
    assert info.jpeg.quality is not None and not info.jpeg.quality_exact
    assert info.jpeg.qtables[0]["values"][0] == 2


EXIF_FIXTURES = ["file_exif_pillow", "file_exif_le", "file_exif_be", "file_exif_datetime_only"]


@pytest.mark.parametrize("name", EXIF_FIXTURES)
def test_exif_agrees_with_pillow(name):
    data = jpegs.FIXTURES[name]()
    info = analyze(data)
    exif = Image.open(io.BytesIO(data)).getexif()
    assert info.jpeg.orientation == exif.get(0x0112)
    taken = exif.get_ifd(0x8769).get(0x9003) or exif.get(0x0132)
    assert info.jpeg.datetime_original == taken


def test_exif_details():
    le, be = analyze(jpegs.file_exif_le()).jpeg.exif, analyze(jpegs.file_exif_be()).jpeg.exif
    assert (le["byte_order"], le["orientation"], le["resolution_unit"]) == ("II", 8, 2)
    assert le["x_resolution"] == 300.0
    assert (be["byte_order"], be["orientation"], be["y_resolution"]) == ("MM", 3, 350.0)
    assert be["datetime_original"] == "2025:01:02 03:04:05" and be["datetime"] is None
    only_dt = analyze(jpegs.file_exif_datetime_only()).jpeg
    assert only_dt.exif["datetime_original"] is None and only_dt.datetime_original == "2026:07:08 09:10:11"
    broken = analyze(jpegs.file_exif_broken())
    assert broken.jpeg.orientation is None and broken.jpeg.exif["valid"] and not broken.problems


def test_jfif_and_icc_agree_with_pillow():
    for name in ("file_baseline", "file_icc", "file_grey"):
        data = jpegs.FIXTURES[name]()
        info, im = analyze(data), Image.open(io.BytesIO(data))
        assert info.jpeg.icc == bool(im.info.get("icc_profile")), name
        assert (info.jpeg.jfif["x_density"], info.jpeg.jfif["y_density"]) == im.info["jfif_density"]
        assert info.jpeg.jfif["units"] == im.info["jfif_unit"]


@pytest.mark.parametrize(
    ("name", "fmt", "size"),
    [
        ("file_png_renamed", "png", (600, 800)),
        ("file_png_grey16", "png", (64, 48)),
        ("file_gif", "gif", (120, 90)),
        ("file_webp_lossy", "webp", (320, 240)),
        ("file_webp_lossless", "webp", (321, 241)),
        ("file_webp_extended", "webp", (322, 242)),
        ("file_bmp", "bmp", (200, 150)),
        ("file_tiff", "tiff", (210, 160)),
    ],
)
def test_other_formats_agree_with_pillow(name, fmt, size):
    data = jpegs.FIXTURES[name]()
    info = analyze(data)
    assert info.format == fmt
    assert (info.width, info.height) == size == Image.open(io.BytesIO(data)).size
    assert not info.truncated and not info.problems


def test_png_header_details():
    rgb, grey16 = analyze(jpegs.file_png_renamed()), analyze(jpegs.file_png_grey16())
    assert (rgb.colour, rgb.bit_depth) == ("rgb", 8)
    assert (grey16.colour, grey16.bit_depth) == ("grey", 16)


# --- named fixtures: facts and findings --------------------------------------------------------

CASES = {
    # name: (format, detail, colour, codes)
    "file_baseline": ("jpeg", "baseline", "ycbcr", []),
    "file_progressive": ("jpeg", "progressive", "ycbcr", []),
    "file_optimized_444": ("jpeg", "baseline", "ycbcr", []),
    "file_grey": ("jpeg", "baseline", "grey", []),
    "file_cmyk": ("jpeg", "baseline", "cmyk", []),
    "file_ycck": ("jpeg", "baseline", "ycck", []),
    "file_icc": ("jpeg", "baseline", "ycbcr", []),
    "file_extended": ("jpeg", "extended", "ycbcr", []),
    "file_12bit": ("jpeg", "extended", "ycbcr", []),
    "file_arithmetic": ("jpeg", "arithmetic", "ycbcr", []),
    "file_arithmetic_progressive": ("jpeg", "arithmetic", "ycbcr", []),
    "file_lossless": ("jpeg", "lossless", "ycbcr", []),
    "file_padded": ("jpeg", "baseline", "ycbcr", ["file.trailing.padding"]),
    "file_trailing_data": ("jpeg", "baseline", "ycbcr", ["file.trailing.data"]),
    "file_trailing_jpeg": ("jpeg", "baseline", "ycbcr", ["file.trailing.data"]),
    "file_truncated_scan": ("jpeg", "baseline", "ycbcr", ["file.truncated"]),
    "file_truncated_header": ("jpeg", "", "", ["file.truncated"]),
    "file_soi_only": ("jpeg", "", "", ["file.truncated"]),
    "file_no_eoi": ("jpeg", "baseline", "ycbcr", ["file.truncated"]),
    "file_bad_length": ("jpeg", "", "", ["file.corrupt"]),
    "file_no_frame": ("jpeg", "", "", ["file.corrupt"]),
    "file_zero_width": ("jpeg", "baseline", "ycbcr", ["file.corrupt"]),
    "file_bomb_side": ("jpeg", "baseline", "ycbcr", ["file.dimensions.absurd"]),
    "file_bomb_pixels": ("jpeg", "baseline", "ycbcr", ["file.dimensions.absurd"]),
    "file_png_renamed": ("png", "rgb", "rgb", []),
    "file_png_truncated": ("png", "rgb", "rgb", ["file.truncated"]),
    "file_png_bomb": ("png", "grey", "grey", ["file.dimensions.absurd"]),
    "file_gif": ("gif", "", "palette", []),
    "file_webp_lossy": ("webp", "VP8", "", []),
    "file_bmp": ("bmp", "", "", []),
    "file_tiff": ("tiff", "", "rgb", []),
    "file_tiff_be": ("tiff", "", "rgb", []),
    "file_tiff_absurd": ("tiff", "", "rgb", ["file.dimensions.absurd"]),
    "file_bmp_absurd": ("bmp", "", "", ["file.dimensions.absurd"]),
    "file_pdf": ("pdf", "", "", []),
    "file_heic": ("heic", "heic", "", []),
    "file_heic_cut": ("heic", "heic", "", ["file.truncated"]),
    "file_avif": ("avif", "avif", "", []),
    "file_avif_bomb": ("avif", "avif", "", []),  # 64 MP: under file.max_pixels, over a browser's budget
    "file_avif_no_size": ("avif", "avif", "", []),
    "file_empty": ("empty", "", "", ["file.empty"]),
    "file_random": ("other", "", "", ["file.format.unknown"]),
    "file_text": ("other", "", "", ["file.format.unknown"]),
}


def test_every_fixture_has_a_case():
    assert set(CASES) <= set(jpegs.FIXTURES)
    assert set(jpegs.FIXTURES) - set(CASES) <= {"file_exif_pillow", "file_exif_le", "file_exif_be",
                                                "file_exif_datetime_only", "file_exif_broken",
                                                "file_webp_lossless", "file_webp_extended", "file_png_grey16"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture(name, ctx):
    fmt, detail, colour, codes = CASES[name]
    data = jpegs.FIXTURES[name]()
    info = analyze(data, limits_from(ctx))
    assert (info.format, info.detail, info.colour) == (fmt, detail, colour)
    assert codes_for(data, ctx) == codes
    assert "internal" not in info.problems


def test_fixtures_are_deterministic():
    for name, make in jpegs.FIXTURES.items():
        encode = make.__wrapped__  # FIXTURES caches each encoding for the run: compare two fresh ones
        assert encode() == encode(), name


def test_sof_variants():
    assert analyze(jpegs.file_12bit()).jpeg.precision == 12
    arith = analyze(jpegs.file_arithmetic_progressive()).jpeg
    assert arith.arithmetic and arith.progressive and not arith.lossless
    lossless = analyze(jpegs.file_lossless()).jpeg
    assert lossless.lossless and lossless.sof == 0xC3


def test_trailing_facts():
    padded, appended = analyze(jpegs.file_padded()), analyze(jpegs.file_trailing_jpeg())
    assert (padded.trailing_bytes, padded.trailing_kind) == (2048, "zero")
    assert appended.trailing_kind == "jpeg_image" and appended.trailing_bytes == len(jpegs.jpeg(40, 30))


def test_truncation_at_every_offset(ctx):
    """Every proper prefix of a real JPEG is reported as broken (fail), never as a good file."""
    data = jpegs.jpeg(48, 64, quality=70)
    for cut in range(len(data)):
        info = analyze(data[:cut], limits_from(ctx))
        report = Report(rules=ctx.rules, kind="fileinfo")
        add_integrity_findings(report, info, ctx)
        assert report.verdict == "fail", cut
        if cut >= 2:  # a cut file is reported as cut, not as corrupt as well
            assert [f.code for f in report.findings] == ["file.truncated"], cut
            assert info.truncated and not info.problems, cut


def test_bomb_is_caught_from_the_header(ctx):
    info = analyze(jpegs.file_bomb_side(), limits_from(ctx))
    assert info.limits_exceeded == ["max_side", "max_pixels"]
    assert analyze(jpegs.file_bomb_pixels(), limits_from(ctx)).limits_exceeded == ["max_pixels"]
    assert analyze(jpegs.file_bomb_side()).limits_exceeded == []  # no limits given: none applied
    report = Report(rules=ctx.rules, kind="fileinfo")
    add_integrity_findings(report, info, ctx)
    assert report.findings[0].source["param"] == "file.max_side"
    assert "60000×60000" in report.findings[0].measured


def test_large_files_are_capped(ctx):
    data = jpegs.file_baseline()
    limits = dict(limits_from(ctx), max_bytes_analyzed=1000)
    info = analyze(data, limits)
    assert info.capped and info.analyzed_bytes == 1000 and not info.truncated
    assert (info.width, info.height) == (300, 400)
    report = Report(rules=ctx.rules, kind="fileinfo")
    add_integrity_findings(report, info, ctx)
    assert [f.code for f in report.findings] == ["file.capped"] and report.verdict == "pass"
    padded = analyze(jpegs.file_padded(), dict(limits, max_bytes_analyzed=len(data) + 10))
    assert padded.capped and padded.trailing_kind == "" and padded.jpeg.eoi


def test_limits_come_from_content(ctx):
    limits = limits_from(ctx)
    assert set(limits) == {"max_pixels", "max_side", "max_bytes_analyzed", "max_segments", "max_scans"}
    for key in limits:
        param = ctx.param("file." + key)
        assert param.source == "INF" and param.confidence == "inferred" and param.note


def test_api_op_fileinfo(rules):
    report = api.run("fileinfo", {"as_of": "2026-12-15", "filename": "photo.jpg"}, jpegs.file_png_renamed(),
                     rules=rules)
    assert report["kind"] == "fileinfo" and report["verdict"] == "pass"
    facts = report["facts"]
    assert (facts["format"], facts["width"], facts["height"], facts["pixels"]) == ("png", 600, 800, 480000)
    bad = api.run("fileinfo", {"as_of": "2026-12-15"}, jpegs.file_truncated_scan(), rules=rules)
    assert bad["verdict"] == "fail" and bad["facts"]["jpeg"]["coding"] == "baseline"
    finding = bad["findings"][0]
    assert finding["code"] == "file.truncated" and finding["message"] and finding["fix"]
    empty = api.run("fileinfo", {"as_of": "2026-12-15"}, None, rules=rules)
    assert empty["findings"][0]["code"] == "file.empty"


def test_every_code_and_detail_has_text(rules):
    for code in CODES:
        assert code in rules.messages
    reasons = ("no_eoi", "scan_cut", "segment_cut", "header_cut", "chunk_cut", "no_frame", "no_scan",
               "zero_size", "bad_length", "bad_header", "internal", "too_many_segments",
               "jpeg_image", "other_data")
    for reason in reasons:
        assert "file.detail." + reason in rules.formats


def test_to_dict_is_json_ready():
    import json

    for name in ("file_exif_be", "file_icc", "file_png_renamed", "file_empty"):
        json.dumps(analyze(jpegs.FIXTURES[name]()).to_dict())


def test_segment_flood_is_bounded(ctx):
    limits = limits_from(ctx)
    flood = b"\xff\xd8" + b"\xff\xe0\x00\x02" * (limits["max_segments"] + 10)
    info = analyze(flood, limits)
    assert info.problems == ["too_many_segments"] and codes_for(flood, ctx) == ["file.corrupt"]
    png = jpegs.file_png_renamed()
    chunks = png[:33] + b"\x00\x00\x00\x00tEXt\x00\x00\x00\x00" * (limits["max_segments"] + 10)
    info = analyze(chunks, limits)
    assert info.format == "png" and not info.truncated and not info.problems


def test_fill_bytes_and_garbage_between_markers():
    data = jpegs.file_baseline()
    start, _end = jpegs.find(data, 0xDB)
    filled = data[:start] + b"\xff" * 5000 + data[start:]
    assert analyze(filled).jpeg.quality == 85 and not analyze(filled).problems
    garbage = data[:start] + b"\x00junk" + data[start:]
    info = analyze(garbage)
    assert "extraneous_bytes" in info.jpeg.notes and (info.width, info.height) == (300, 400)


def test_doctests():
    import doctest

    from validator.fileinfo import quality, sniff

    for module in (sniff, quality):
        result = doctest.testmod(module)
        assert result.attempted and not result.failed, module.__name__


def test_odd_inputs_never_raise():
    data = jpegs.file_baseline()
    assert analyze(bytearray(data)).width == 300 and analyze(memoryview(data)).width == 300
    assert analyze(None).format == "empty"
    odd = analyze("not bytes")  # a host bug: reported, not raised
    assert odd.problems == ["internal"] and odd.format == "other"


def test_the_pixel_limit_reads_in_yi_not_as_25000_wan():
    """Review: 总数不超过 25,000 万像素; 2.5 亿 pixels read as 2.5 亿像素."""
    report = api.run("photo", {"as_of": "2026-12-15", "filename": "b.jpg"}, jpegs.file_bomb_pixels())
    [found] = [f for f in report["findings"] if f["code"] == "file.dimensions.absurd"]
    assert found["expected"] == "单边不超过 20,000 像素，总数不超过 2.5 亿像素"
    assert "（单边不超过 20,000 像素，总数不超过 2.5 亿像素）" in found["message"]
