"""Photo rules on generated JPEGs decoded with Pillow (the CLI's adapter): every row, pass/warn/fail sides."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from tests.gen.photos import FILENAMES, FIXTURES
from validator import photo
from validator.cli import decode_for
from validator.context import Context
from validator.pixels import Image


@cache
def fixture_bytes(name: str) -> bytes:
    return FIXTURES[name]()


def check(rules, name: str, region: str = "national", as_of: date = date(2026, 12, 15), pixels=True) -> dict:
    data = fixture_bytes(name)
    image, error = decode_for(rules, data, region, as_of.isoformat()) if pixels else (None, None)
    ctx = Context(rules=rules, as_of=as_of, region=region)
    report = photo.check_photo(data, ctx, pixels=image, filename=FILENAMES[name], decode_error=error)
    return report.to_dict()


def codes(report: dict, severity: str | None = None) -> set[str]:
    return {f["code"] for f in report["findings"] if severity is None or f["severity"] == severity}


CASES = [
    # fixture, verdict, codes that must appear
    ("photo_good", "pass", set()),
    ("photo_exif_recent", "pass", set()),
    ("photo_30000", "warn", {"photo.size.near_limit"}),
    ("photo_29_5k", "warn", {"photo.size.near_limit"}),
    ("photo_31k", "fail", {"photo.size.too_large"}),
    ("photo_png", "fail", {"photo.format.renamed"}),
    ("photo_webp", "fail", {"photo.format.not_jpeg"}),
    ("photo_progressive", "warn", {"photo.format.progressive"}),
    ("photo_landscape", "fail", {"photo.shape.landscape"}),
    ("photo_tiny", "fail", {"photo.shape.too_small"}),
    ("photo_aspect_wide", "warn", {"photo.shape.aspect"}),
    ("photo_aspect_narrow", "warn", {"photo.shape.aspect"}),
    ("photo_grey", "fail", {"photo.colour.grey"}),
    ("photo_grey_rgb", "fail", {"photo.colour.grey"}),
    ("photo_cmyk", "fail", {"photo.colour.cmyk"}),
    ("photo_blue", "fail", {"photo.background.blue"}),
    ("photo_red", "fail", {"photo.background.red"}),
    ("photo_grey_bg", "fail", {"photo.background.grey"}),
    ("photo_busy", "fail", {"photo.background.busy"}),
    ("photo_off_white", "warn", {"photo.background.off_white"}),
    ("photo_uneven", "warn", {"photo.background.uneven"}),
    ("photo_exif_old", "warn", {"photo.meta.old"}),
    ("photo_exif_future", "warn", {"photo.meta.future"}),
    ("photo_exif_orient6", "warn", {"photo.meta.orientation"}),
]


@pytest.mark.parametrize(("name", "verdict", "expected"), CASES, ids=[c[0] for c in CASES])
def test_photo_rows(rules, name, verdict, expected):
    report = check(rules, name)
    assert report["verdict"] == verdict, report["findings"]
    assert expected <= codes(report)
    if verdict != "pass":
        # the finding that decides the verdict is one of the expected codes
        assert expected & codes(report, verdict)


def test_good_photo_has_no_background_or_colour_findings(rules):
    report = check(rules, "photo_good")
    assert not [c for c in codes(report) if c.startswith(("photo.background", "photo.colour"))]
    bg = report["facts"]["pixels"]["background"]
    assert bg["l"] > 95 and bg["chroma"] < 2


def test_size_message_states_measured_value_and_fix(rules):
    report = check(rules, "photo_31k")
    finding = next(f for f in report["findings"] if f["code"] == "photo.size.too_large")
    assert "31,948" in finding["message"] and "31.2 KB" in finding["message"]
    assert finding["fix"]
    assert finding["source"]["param"] == "photo.max_bytes"
    assert finding["source"]["confidence"] == "inferred"
    assert finding["value"] == 31948


def test_notice_points_at_the_official_tool(rules):
    report = check(rules, "photo_good")
    assert report["notice"] == rules.text("notice.photo")
    assert report["kind"] == "photo"


def test_hubei_keeps_the_national_limit_and_explains_the_40k_figure(rules):
    report = check(rules, "photo_31k", region="hubei")
    assert report["verdict"] == "fail"
    assert {"photo.size.too_large", "photo.size.provincial_ok"} <= codes(report)
    assert "photo.size.provincial_ok" in codes(report, "info")
    national = check(rules, "photo_31k")
    assert "photo.size.provincial_ok" not in codes(national)


def test_as_of_date_is_injected(rules):
    # the same EXIF date is recent enough when checked in spring 2025
    report = check(rules, "photo_exif_old", as_of=date(2025, 3, 1))
    assert "photo.meta.old" not in codes(report)
    report = check(rules, "photo_exif_recent", as_of=date(2026, 9, 1))
    assert "photo.meta.future" in codes(report)


def test_orientation_uses_display_size_for_shape(rules):
    # stored landscape with orientation 6 is a portrait photo as shown
    report = check(rules, "photo_exif_orient6")
    assert "photo.shape.landscape" not in codes(report)


def test_without_pixels_header_rules_still_run(rules):
    report = check(rules, "photo_31k", pixels=False)
    assert "photo.pixels.missing" in codes(report, "info")
    assert "photo.size.too_large" in codes(report)


def test_decode_error_from_host_fails(rules):
    ctx = Context(rules=rules, as_of=date(2026, 12, 15))
    report = photo.check_photo(fixture_bytes("photo_good"), ctx, None, "a.jpg", decode_error="broken data")
    assert report.verdict == "fail"
    assert report.has("photo.integrity.undecodable")


def test_invalid_pixel_buffer_is_not_an_exception(rules):
    ctx = Context(rules=rules, as_of=date(2026, 12, 15))
    bad = Image(10, 10, b"\x00" * 7, 3)
    report = photo.check_photo(fixture_bytes("photo_good"), ctx, bad, "a.jpg")
    assert report.has("photo.pixels.missing")


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("photo_empty", "fail"),
        ("photo_truncated", "fail"),
        ("photo_random", "fail"),
        ("photo_bomb", "fail"),
        ("photo_arithmetic", "fail"),
        ("photo_lossless", "fail"),
        ("photo_12bit", "fail"),
        ("photo_padded", "warn"),
    ],
)
def test_malformed_inputs_never_raise(rules, name, verdict):
    report = check(rules, name)
    assert report["verdict"] == verdict, report["findings"]
    assert all(f["message"] for f in report["findings"])


def test_every_code_has_a_message(rules):
    for code in photo.CODES:
        assert code in rules.messages, code


def test_jpeg_with_another_extension_warns(rules):
    ctx = Context(rules=rules, as_of=date(2026, 12, 15))
    data = fixture_bytes("photo_good")
    image, _ = decode_for(rules, data, "national", "2026-12-15")
    report = photo.check_photo(data, ctx, image, "照片.png")
    assert report.verdict == "warn"
    assert report.has("photo.format.extension")
    assert not photo.check_photo(data, ctx, image, "照片.JPG").findings


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("file_ycck", "photo.colour.cmyk"),
        ("file_heic", "photo.format.not_jpeg"),
        ("file_gif", "photo.format.not_jpeg"),
    ],
)
def test_other_encodings_from_the_fileinfo_generators(rules, name, code):
    from tests.gen.jpegs import FIXTURES as FILE_FIXTURES

    data = FILE_FIXTURES[name]()
    image, error = decode_for(rules, data, "national", "2026-12-15")
    ctx = Context(rules=rules, as_of=date(2026, 12, 15))
    report = photo.check_photo(
        data, ctx, image, "photo.jpg" if code.endswith("cmyk") else "", decode_error=error
    )
    assert report.verdict == "fail"
    assert report.has(code)
