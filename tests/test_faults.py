"""Smaller faults of issue 13, each fixed as a kind (item 6). Expectations written by hand."""

from __future__ import annotations

import pytest

from tests.gen import jpegs, photos
from validator import api
from validator.fileinfo import analyze

AS_OF = "2026-12-15"


def run(op: str, data: bytes, region: str = "national", **extra) -> dict:
    from validator.host_files import decode_for
    from validator.ruleset import load_default

    pixels, error = decode_for(load_default(), data, region, AS_OF)
    request = {"as_of": AS_OF, "region": region, "filename": "a.jpg", **extra}
    if error:
        request["decode_error"] = error
    return api.run(op, request, data, pixels)


def finding(report: dict, code: str) -> dict:
    return next(f for f in report["findings"] if f["code"] == code)


def test_corrupt_scan_data_is_named_as_such_not_as_a_header_segment():
    data = jpegs.jpeg(300, 400)
    middle = len(data) // 2
    broken = data[:middle] + b"\xff\x05\x12\x34" + data[middle + 4 :]  # 0xFF05: no marker after a scan
    info = analyze(broken)
    assert info.problems == ["scan_corrupt"] and not info.truncated
    report = api.run("photo", {"as_of": AS_OF, "filename": "a.jpg"}, broken)
    message = finding(report, "file.corrupt")["message"]
    assert "图像数据在中途有损坏的字节" in message and "文件头" not in message


@pytest.mark.parametrize(
    ("size", "side"), [((400, 900), "宽度"), ((900, 400), "高度"), ((400, 420), "宽度和高度")]
)
def test_hubei_scan_size_message_names_the_short_side(size, side):
    data = photos.jpeg(photos.document(*size), quality=92)
    report = run("scan", data, "hubei", material="diploma")
    assert f"{side}不够" in finding(report, "scan.dims.too_small")["message"]


def test_hubei_scan_too_large_names_the_long_side():
    data = photos.jpeg(photos.document(1000, 1600), quality=60)
    report = run("scan", data, "hubei", material="diploma")
    assert "高度超出要求" in finding(report, "scan.dims.too_large")["message"]


def test_photo_too_small_names_only_the_short_side():
    img = photos.person(200, 240)  # width 200 >= 190, height 240 < 254
    report = run("photo", photos.jpeg(img, quality=80))
    assert "高度不够" in finding(report, "photo.shape.too_small")["message"]


def one_bit_png() -> bytes:
    from PIL import Image

    return photos.encode(Image.new("1", (1200, 1600), 1), "PNG")


@pytest.mark.parametrize("region", ["national", "hubei"])
def test_one_bit_scan_gets_the_colour_finding_in_every_region(region):
    report = run("scan", one_bit_png(), region, material="diploma", filename="a.png")
    assert "scan.colour.grey" in [f["code"] for f in report["findings"]]


@pytest.mark.parametrize("region", ["national", "hubei"])
def test_scan_upright_only_by_its_exif_rotation_warns_in_every_region(region):
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    data = photos.jpeg(photos.document(1600, 1200), quality=90, exif=exif)
    report = run("scan", data, region, material="diploma")
    found = finding(report, "scan.meta.orientation")
    assert found["severity"] == "warn" and "6" in found["message"]
