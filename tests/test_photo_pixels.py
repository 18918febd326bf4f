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


# ---------------------------------------------------------------------------
# whole-buffer arithmetic (validator.lanes) and the measures built on it


def test_lanes_max_min_of_every_pair_of_bytes():
    from validator import lanes

    a = bytes(v for v in range(256) for _ in range(256))
    b = bytes(range(256)) * 256
    n = len(a)
    hi, lo = lanes.max_min(lanes.pack(a, 2), lanes.pack(b, 2), n)
    assert lanes.low_bytes(hi, n, 2) == bytes(map(max, a, b))
    assert lanes.low_bytes(lo, n, 2) == bytes(map(min, a, b))


@pytest.mark.parametrize("divisor", [1, 2, 4, 9, 16, 25, 49, 225, 256, 1000])
def test_lanes_rounded_division_is_exact_over_the_whole_range(divisor):
    from validator import lanes

    largest = 255 * divisor
    width = lanes.division(divisor, largest + divisor // 2)[3]
    values = range(largest + 1)
    packed = int.from_bytes(b"".join(v.to_bytes(width, "big") for v in values), "big")
    quotients = lanes.divide_rounded(packed, len(values), width, divisor, largest)
    got = lanes.low_bytes(quotients, len(values), width)
    assert list(got) == [(v + divisor // 2) // divisor for v in values]


def test_lanes_refuse_lanes_too_narrow_for_the_division():
    from validator import lanes

    with pytest.raises(ValueError):
        lanes.divide_rounded(0, 1, 1, 1000, 255_000)


def _naive_box(img: px.Image, f: int) -> tuple[bytes, bytes, bytes]:
    """The definition: mean of each f×f block, rounded half up, remainder cropped."""
    ch, w = img.channels, img.width
    planes = []
    for c in (0, 0, 0) if ch == 1 else (0, 1, 2):
        out = bytearray()
        for oy in range(img.height // f):
            for ox in range(w // f):
                total = sum(
                    img.data[((oy * f + dy) * w + ox * f + dx) * ch + c] for dy in range(f) for dx in range(f)
                )
                out.append((total + f * f // 2) // (f * f))
        planes.append(bytes(out))
    return tuple(planes)


@pytest.mark.parametrize(
    ("w", "h", "ch", "max_side"), [(9, 7, 3, 3), (20, 13, 4, 5), (17, 17, 1, 4), (64, 9, 3, 4)]
)
def test_prepare_equals_the_box_definition_on_noise(w, h, ch, max_side):
    import random

    rng = random.Random(w * h * ch)
    img = px.Image(w, h, rng.randbytes(w * h * ch), ch)
    p = px.prepare(img, max_side)
    assert (p.r, p.g, p.b) == _naive_box(img, p.scale)


def test_prepare_rounds_half_up():
    # 2×2 block of (1, 2, 2, 2) → 7/4 = 1.75 → 2; (1, 1, 1, 2) → 1.25 → 1; (0, 0, 1, 1) → 0.5 → 1
    grey = px.Image(6, 2, bytes([1, 2, 1, 1, 0, 0, 2, 2, 1, 2, 1, 1]), 1)
    assert px.prepare(grey, max_side=3).r == bytes([2, 1, 1])


def test_chroma_and_luma_of_known_colours():
    img = px.Image(4, 1, bytes([255, 0, 0, 10, 10, 10, 200, 120, 90, 0, 0, 255]), 3)
    p = px.prepare(img)
    assert px.chroma(p) == bytes([255, 0, 110, 255])
    # Rec. 601: (299 R + 587 G + 114 B + 500) // 1000
    assert px.luma(p) == bytes([76, 10, 141, 29])  # 200,120,90: (59800 + 70440 + 10260 + 500) // 1000


def test_exposure_statistics_of_a_two_level_image():
    # 3/4 of the pixels at 0, 1/4 at 200: mean 50, std sqrt(0.75·50² + 0.25·150²) = 86.6
    data = bytes([0, 0, 0]) * 300 + bytes([200, 200, 200]) * 100
    e = px.exposure(px.prepare(px.Image(20, 20, data, 3)))
    assert e["mean"] == 50 and e["std"] == pytest.approx(86.6, abs=0.01)
    assert e["dark_share"] == 0.75 and e["bright_share"] == 0
    assert e["p01"] == 0 and e["p99"] == 200


def test_sharpness_of_a_single_bright_pixel():
    # 5×5 black with one 100 in the middle: the Laplacian over the 3×3 interior is
    # 400 at the centre and -100 at its 4 neighbours, 0 at the corners → mean 0, var 200000/9
    data = bytearray(25 * 3)
    data[12 * 3 : 12 * 3 + 3] = bytes([100, 100, 100])
    s = px.sharpness(px.prepare(px.Image(5, 5, bytes(data), 3)))
    assert s["laplacian_var"] == pytest.approx(200000 / 9, abs=0.1)
