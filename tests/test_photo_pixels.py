"""validator.pixels on small synthetic buffers: downscaling, CIELAB, and each measure."""

from __future__ import annotations

import pytest

from validator import pixels as px

BAND = {"top": 0.06, "top_outer": 0.3, "side": 0.1, "side_depth": 0.55}


def solid(w: int, h: int, rgb: tuple[int, int, int]) -> px.Image:
    return px.Image(w, h, bytes(rgb) * (w * h), 3)


def test_lab_reference_colours():
    assert px.lab(255, 255, 255) == pytest.approx((100, 0, 0), abs=0.01)
    assert px.lab(0, 0, 0) == pytest.approx((0, 0, 0), abs=0.01)
    # sRGB blue: L* ≈ 32.3, a* ≈ 79.2, b* ≈ -107.9
    assert px.lab(0, 0, 255) == pytest.approx((32.3, 79.2, -107.9), abs=0.2)


def test_prepare_box_averages_by_an_integer_factor():
    # 4×2 image: left half 0, right half 200 → factor 2 → 2×1 with exact means
    row = bytes([0, 0, 0, 0, 0, 0, 200, 200, 200, 200, 200, 200])
    img = px.Image(4, 2, row * 2, 3)
    p = px.prepare(img, max_side=2)
    assert (p.width, p.height, p.scale) == (2, 1, 2)
    assert p.r == bytes([0, 200]) and p.g == p.r and p.b == p.r


def test_prepare_keeps_small_images_and_accepts_grey_and_rgba():
    grey = px.Image(3, 2, bytes([10, 20, 30, 40, 50, 60]), 1)
    rgba = px.Image(3, 2, b"".join(bytes([v, v, v, 255]) for v in (10, 20, 30, 40, 50, 60)), 4)
    a, b = px.prepare(grey), px.prepare(rgba)
    assert (a.width, a.height) == (3, 2)
    assert a.r == b.r == bytes([10, 20, 30, 40, 50, 60])


def test_long_side_is_at_most_the_budget():
    p = px.prepare(solid(1300, 900, (1, 2, 3)))
    assert max(p.width, p.height) <= px.ANALYSIS_MAX_SIDE


def test_invalid_buffer_is_detected():
    bad = px.Image(4, 4, b"\x00" * 5, 3)
    assert not bad.valid
    with pytest.raises(ValueError):
        px.prepare(bad)


def test_from_rgba_accepts_any_buffer():
    img = px.Image.from_rgba(1, 1, bytearray([1, 2, 3, 4]))
    assert img.valid and img.channels == 4


def test_background_of_a_white_image():
    bg = px.background(px.prepare(solid(200, 300, (255, 255, 255))), BAND)
    assert bg["l"] == pytest.approx(100, abs=0.1)
    assert bg["chroma"] < 0.1 and bg["far_share"] == 0 and bg["spread"] == 0 and bg["texture"] == 0


def test_background_ignores_the_bottom_and_the_top_centre():
    w, h = 200, 300
    data = bytearray(bytes((255, 255, 255)) * (w * h))
    for y in range(h):
        for x in range(w):
            if y > 0.6 * h or (y < 0.06 * h and 0.35 * w < x < 0.65 * w):
                data[(y * w + x) * 3 : (y * w + x) * 3 + 3] = bytes((20, 20, 80))
    bg = px.background(px.prepare(px.Image(w, h, bytes(data), 3)), BAND)
    assert bg["l"] > 99 and bg["far_share"] == 0


def test_colour_share_zero_for_grey_and_high_for_colour():
    assert px.colour(px.prepare(solid(50, 50, (128, 128, 128))))["colour_share"] == 0
    assert px.colour(px.prepare(solid(50, 50, (200, 120, 90))))["colour_share"] == 1


def test_exposure_and_sharpness():
    flat = px.prepare(solid(60, 60, (30, 30, 30)))
    e = px.exposure(flat)
    assert e["mean"] == 30 and e["bright_share"] == 0
    assert px.sharpness(flat)["laplacian_var"] == 0
    stripes = px.Image(60, 60, b"".join(bytes((255 * (x % 2),) * 3) for _ in range(60) for x in range(60)), 3)
    assert px.sharpness(px.prepare(stripes))["laplacian_var"] > 1000
