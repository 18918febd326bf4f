"""Decoded pixels and the measures the photo and scan rules use.

Hosts decode the image themselves (Pillow on CPython, the browser under
Pyodide), apply the EXIF orientation and pass an :class:`Image`. Every measure
works on a downscaled planar copy (:func:`prepare`) so that pure Python stays
fast under Pyodide: the heavy loops run inside C built-ins (bytes slicing,
``map``/``zip``/``sum``, ``collections.Counter`` histograms), not per pixel in
Python.

All measures return plain dicts of numbers. Thresholds are not applied here:
the rule modules compare these numbers with parameters from content.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from itertools import repeat
from operator import add, mul, sub

# Compute budgets, not rules: analyses run on a copy whose long side is at most ANALYSIS_MAX_SIDE;
# histogram measures (colour, exposure) read an evenly strided sample of at most SAMPLE_PIXELS.
ANALYSIS_MAX_SIDE = 600
SAMPLE_PIXELS = 65536


@dataclass(frozen=True)
class Image:
    """Row-major 8-bit pixels: channels 1 (L), 3 (RGB) or 4 (RGBA)."""

    width: int
    height: int
    data: bytes
    channels: int = 3

    @property
    def valid(self) -> bool:
        return (
            self.channels in (1, 3, 4)
            and self.width > 0
            and self.height > 0
            and len(self.data) == self.width * self.height * self.channels
        )

    @classmethod
    def from_rgba(cls, width: int, height: int, data) -> Image:
        """From a browser ImageData buffer (RGBA, any bytes-like object)."""
        return cls(int(width), int(height), bytes(data), 4)


@dataclass(frozen=True)
class Planes:
    """A downscaled copy split into R, G and B planes (one byte per pixel each)."""

    width: int
    height: int
    r: bytes
    g: bytes
    b: bytes
    scale: int = 1  # source pixels per analysed pixel along each side

    @property
    def size(self) -> int:
        return self.width * self.height


# ---------------------------------------------------------------------------
# downscaling


def prepare(img: Image, max_side: int = ANALYSIS_MAX_SIDE) -> Planes:
    """Split into planes and box-average down to a long side of at most ``max_side``."""
    if not img.valid:
        raise ValueError("pixel buffer does not match width × height × channels")
    data, ch = bytes(img.data), img.channels
    planes = [data, data, data] if ch == 1 else [data[i::ch] for i in range(3)]
    f = max(1, math.ceil(max(img.width, img.height) / max_side))
    f = min(f, img.width, img.height)
    if f == 1:
        return Planes(img.width, img.height, *planes, scale=1)
    ow, oh = img.width // f, img.height // f
    if ch == 1:
        grey = _reduce(planes[0], img.width, ow, oh, f)
        return Planes(ow, oh, grey, grey, grey, scale=f)
    r, g, b = (_reduce(p, img.width, ow, oh, f) for p in planes)
    return Planes(ow, oh, r, g, b, scale=f)


def _reduce(plane: bytes, w: int, ow: int, oh: int, f: int) -> bytes:
    """Box average by an integer factor ``f`` (area averaging, remainder cropped).

    Rows are added element-wise, then every f-th column is added with strided
    slices: all loops run inside ``map``, none per pixel in Python.
    """
    ff = f * f
    half = ff // 2
    div = ff.__rfloordiv__
    out = bytearray()
    span = ow * f
    for oy in range(oh):
        base = oy * f * w
        col: list[int] = list(plane[base : base + span])
        for k in range(1, f):
            start = base + k * w
            col = list(map(add, col, plane[start : start + span]))
        acc = col[0::f]
        for j in range(1, f):
            acc = list(map(add, acc, col[j::f]))
        out += bytes(map(div, map(add, acc, repeat(half))))
    return bytes(out)


def _sample(p: Planes, limit: int | None) -> tuple[bytes, bytes, bytes]:
    step = 1 if not limit or p.size <= limit else math.ceil(p.size / limit)
    if step == 1:
        return p.r, p.g, p.b
    return p.r[::step], p.g[::step], p.b[::step]


def luma(p: Planes, limit: int | None = None) -> bytes:
    """Rec. 601 luma (0–255) of every analysed pixel (or of an evenly strided sample of ``limit``)."""
    r, g, b = _sample(p, limit)
    y = map(add, map(add, map(mul, r, repeat(299)), map(mul, g, repeat(587))), map(mul, b, repeat(114)))
    return bytes(map((1000).__rfloordiv__, map(add, y, repeat(500))))


def chroma(p: Planes, limit: int | None = None) -> bytes:
    """max(R,G,B) − min(R,G,B) per pixel: 0 for any grey, large for saturated colour."""
    r, g, b = _sample(p, limit)
    return bytes(map(sub, map(max, r, g, b), map(min, r, g, b)))


# ---------------------------------------------------------------------------
# CIELAB (sRGB, D65)

_LINEAR = tuple((c / 255) / 12.92 if c <= 10 else (((c / 255) + 0.055) / 1.055) ** 2.4 for c in range(256))
_EPS = (6 / 29) ** 3
_K = 1 / (3 * (6 / 29) ** 2)


def _f(t: float) -> float:
    return t ** (1 / 3) if t > _EPS else t * _K + 4 / 29


def lab(r: int, g: int, b: int) -> tuple[float, float, float]:
    """CIELAB L*, a*, b* of one 8-bit sRGB colour (D65 white)."""
    rl, gl, bl = _LINEAR[r], _LINEAR[g], _LINEAR[b]
    x = (0.4124564 * rl + 0.3575761 * gl + 0.1804375 * bl) / 0.95047
    y = 0.2126729 * rl + 0.7151522 * gl + 0.0721750 * bl
    z = (0.0193339 * rl + 0.1191920 * gl + 0.9503041 * bl) / 1.08883
    fx, fy, fz = _f(x), _f(y), _f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def _lab_many(r: bytes, g: bytes, b: bytes) -> list[tuple[float, float, float]]:
    """Lab of many pixels; repeated colours (typical of backgrounds) are converted once."""
    keys = list(map(add, map(add, map(mul, r, repeat(65536)), map(mul, g, repeat(256))), b))
    table = {k: lab(k >> 16, (k >> 8) & 255, k & 255) for k in set(keys)}
    return list(map(table.__getitem__, keys))


# ---------------------------------------------------------------------------
# statistics from byte histograms


def _hist_stats(values: bytes) -> dict:
    n = len(values)
    if not n:
        return {"mean": 0.0, "std": 0.0, "n": 0}
    hist = Counter(values)
    total = sum(v * c for v, c in hist.items())
    mean = total / n
    var = sum(c * (v - mean) ** 2 for v, c in hist.items()) / n
    return {"mean": mean, "std": math.sqrt(var), "n": n, "hist": hist}


def _share(hist: Counter, n: int, lo: int = 0, hi: int = 255) -> float:
    if not n:
        return 0.0
    return sum(c for v, c in hist.items() if lo <= v <= hi) / n


def _percentile(hist: Counter, n: int, q: float) -> int:
    if not n:
        return 0
    target, seen = q * n, 0
    for v in sorted(hist):
        seen += hist[v]
        if seen >= target:
            return v
    return 255


def _median(values: list[float]) -> float:
    if not values:
        return 0.0
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


# ---------------------------------------------------------------------------
# measures


def colour(p: Planes, chroma_min: int = 12) -> dict:
    """Chroma statistics: a YCbCr image without chroma is grey in practice.

    ``colour_share`` is the share of pixels whose max−min channel spread exceeds ``chroma_min``.
    """
    c = chroma(p, SAMPLE_PIXELS)
    st = _hist_stats(c)
    n = st["n"]
    hist = st.get("hist", Counter())
    return {
        "chroma_mean": round(st["mean"], 2),
        "chroma_p99": _percentile(hist, n, 0.99),
        "colour_share": round(_share(hist, n, chroma_min + 1, 255), 4),
    }


def exposure(p: Planes, dark: int = 8, bright: int = 247) -> dict:
    """Mean luma (0–255), the shares of clipped dark and bright pixels and the 1st/99th percentiles."""
    y = luma(p, SAMPLE_PIXELS)
    st = _hist_stats(y)
    n = st["n"]
    hist = st.get("hist", Counter())
    return {
        "mean": round(st["mean"], 2),
        "std": round(st["std"], 2),
        "dark_share": round(_share(hist, n, 0, dark), 4),
        "bright_share": round(_share(hist, n, bright, 255), 4),
        "p01": _percentile(hist, n, 0.01),
        "p99": _percentile(hist, n, 0.99),
    }


def sharpness(p: Planes) -> dict:
    """Variance of a 4-neighbour Laplacian on the grey analysed copy (higher = sharper).

    The Laplacian is taken at full resolution on an evenly spaced subset of rows
    (at most about ``SAMPLE_PIXELS`` values).
    """
    w, h = p.width, p.height
    if w < 3 or h < 3:
        return {"laplacian_var": 0.0, "width": w, "height": h}
    y = luma(p)
    rows = [y[i * w : (i + 1) * w] for i in range(h)]
    total = 0
    total_sq = 0
    n = 0
    four = repeat(4)
    step = max(1, math.ceil((w - 2) * (h - 2) / SAMPLE_PIXELS))  # every step-th row: a sample of the rows
    for i in range(1, h - 1, step):
        up, row, down = rows[i - 1], rows[i], rows[i + 1]
        neigh = map(add, map(add, row[:-2], row[2:]), map(add, up[1:-1], down[1:-1]))
        lap = list(map(sub, map(mul, row[1:-1], four), neigh))
        total += sum(lap)
        total_sq += sum(map(mul, lap, lap))
        n += w - 2
    mean = total / n
    return {"laplacian_var": round(total_sq / n - mean * mean, 1), "width": w, "height": h}


def _band_boxes(w: int, h: int, band: dict) -> dict[str, tuple[int, int, int, int]]:
    """Regions (x0, y0, x1, y1) of the border band: top corners and the upper sides.

    The bottom corners are left out (shoulders), and so is the top centre (hair).
    """
    top = max(1, round(h * band["top"]))
    outer = max(1, round(w * band["top_outer"]))
    side = max(1, round(w * band["side"]))
    depth = max(top + 1, round(h * band["side_depth"]))
    return {
        "top_left": (0, 0, outer, top),
        "top_right": (w - outer, 0, w, top),
        "left": (0, top, side, depth),
        "right": (w - side, top, w, depth),
    }


def _crop(plane: bytes, w: int, box: tuple[int, int, int, int]) -> bytes:
    x0, y0, x1, y1 = box
    return b"".join(plane[y * w + x0 : y * w + x1] for y in range(y0, y1))


def _cell_means(values: list[float], bw: int, bh: int, c: int) -> list[list[float]]:
    """Means of ``c``×``c`` cells of a row-major ``bw``×``bh`` grid of values."""
    cw, rows = bw // c, []
    inv = 1 / (c * c)
    for cy in range(bh // c):
        acc: list[float] | None = None
        for k in range(c):
            start = (cy * c + k) * bw
            sums = map(sum, zip(*[iter(values[start : start + cw * c])] * c, strict=False))
            acc = list(sums) if acc is None else list(map(add, acc, sums))
        rows.append([v * inv for v in acc or []])
    return rows


def _texture(cells: list[list[float]]) -> tuple[float, int]:
    """Sum and count of absolute differences between neighbouring cells."""
    total, count = 0.0, 0
    for i, row in enumerate(cells):
        if len(row) > 1:
            total += sum(map(abs, map(sub, row[:-1], row[1:])))
            count += len(row) - 1
        if i + 1 < len(cells):
            total += sum(map(abs, map(sub, row, cells[i + 1])))
            count += len(row)
    return total, count


def background(p: Planes, band: dict, far_delta: float = 10.0, cell: int = 4) -> dict:
    """The border band measured in CIELAB.

    Returns the band's median L*, a*, b* and chroma, the std of L*, the share of
    band pixels farther than ``far_delta`` (ΔE*ab) from the band median,
    ``spread``: the largest difference between the median L* of the band's
    regions (uneven lighting, gradients), and ``texture``: the mean L*
    difference between neighbouring ``cell``×``cell`` blocks (patterns and
    objects are textured, a smooth shadow is not).
    """
    boxes = _band_boxes(p.width, p.height, band)
    labs: list[tuple[float, float, float]] = []
    region_l: list[float] = []
    tex_total, tex_count = 0.0, 0
    for x0, y0, x1, y1 in boxes.values():
        box = (x0, y0, x1, y1)
        part = _lab_many(_crop(p.r, p.width, box), _crop(p.g, p.width, box), _crop(p.b, p.width, box))
        if not part:
            continue
        ls = [v[0] for v in part]
        region_l.append(_median(ls))
        t, c = _texture(_cell_means(ls, x1 - x0, y1 - y0, cell))
        tex_total += t
        tex_count += c
        labs.extend(part)
    n = len(labs)
    if not n:
        return {"pixels": 0}
    ls = [v[0] for v in labs]
    med_l = _median(ls)
    med_a = _median([v[1] for v in labs])
    med_b = _median([v[2] for v in labs])
    mean_l = sum(ls) / n
    std_l = math.sqrt(sum((v - mean_l) ** 2 for v in ls) / n)
    far2 = far_delta * far_delta
    far = sum(1 for v in labs if (v[0] - med_l) ** 2 + (v[1] - med_a) ** 2 + (v[2] - med_b) ** 2 > far2)
    return {
        "pixels": n,
        "l": round(med_l, 2),
        "a": round(med_a, 2),
        "b": round(med_b, 2),
        "chroma": round(math.hypot(med_a, med_b), 2),
        "l_mean": round(mean_l, 2),
        "l_std": round(std_l, 2),
        "far_share": round(far / n, 4),
        "spread": round(max(region_l) - min(region_l), 2) if region_l else 0.0,
        "texture": round(tex_total / tex_count, 3) if tex_count else 0.0,
    }
