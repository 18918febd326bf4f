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
import sys
from array import array
from collections import Counter
from dataclasses import dataclass
from operator import add, mul, sub

from validator import lanes

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
    f = max(1, math.ceil(max(img.width, img.height) / max_side))
    f = min(f, img.width, img.height)
    if f == 1:
        if ch == 1:
            return Planes(img.width, img.height, data, data, data, scale=1)
        return Planes(img.width, img.height, data[0::ch], data[1::ch], data[2::ch], scale=1)
    ow, oh = img.width // f, img.height // f
    out = _box(data, img.width, ch, f, ow, oh)
    if ch == 1:
        return Planes(ow, oh, out, out, out, scale=f)
    return Planes(ow, oh, out[0::3], out[1::3], out[2::3], scale=f)


# Output rows reduced per pass: bounds the size of the integers (and of memory) for big images.
_BOX_CHUNK_BYTES = 1 << 20


def _box(data: bytes, w: int, ch: int, f: int, ow: int, oh: int) -> bytes:
    """Box average by an integer factor ``f`` (area averaging, remainder cropped), interleaved.

    Returns the R, G, B bytes of every output pixel interleaved (one grey byte for ``ch == 1``;
    alpha is dropped). Each output value is ``(sum of the f×f source values + f²//2) // f²``.
    """
    keep = 1 if ch == 1 else 3
    span = ow * f * ch
    rows_per_pass = max(1, _BOX_CHUNK_BYTES // (span * f))
    out = bytearray()
    for oy in range(0, oh, rows_per_pass):
        rows = min(rows_per_pass, oh - oy)
        out += _box_rows(data, w * ch, span, ch, f, oy * f, rows, keep)
    return bytes(out)


def _box_rows(data: bytes, stride: int, span: int, ch: int, f: int, y0: int, rows: int, keep: int) -> bytes:
    """``rows`` output rows starting at source row ``y0``; see :func:`_box`."""
    area = f * f
    width = 2 if area * 255 < 1 << 16 else 4  # lane bytes for a sum of f² values
    lines = [data[y * stride : y * stride + span] for y in range(y0, y0 + rows * f)]
    # Vertical: add the k-th row of every block of f rows, all blocks at once.
    total = sum(lanes.pack(b"".join(lines[k::f]), width) for k in range(f))
    # Horizontal: add each value's f-1 left neighbours of the same channel (ch lanes apart).
    shift = 8 * width * ch
    acc = total
    for j in range(1, f):
        acc += total >> (shift * j)
    # The last source column of each block now holds the block's sum: pick those lanes of the
    # kept channels into lanes wide enough for the division, then divide them all at once.
    raw = acc.to_bytes(rows * span * width, "big")
    n = rows * (span // (f * ch)) * keep
    largest = 255 * area
    out_width = max(width, lanes.division(area, largest + area // 2)[3])
    picked = bytearray(out_width * n)
    group = f * ch * width
    for c in range(keep):
        first = ((f - 1) * ch + c) * width
        for byte in range(width):
            picked[c * out_width + out_width - width + byte :: keep * out_width] = raw[first + byte :: group]
    quotient = lanes.divide_rounded(int.from_bytes(picked, "big"), n, out_width, area, largest)
    return lanes.low_bytes(quotient, n, out_width)


def _sample(p: Planes, limit: int | None) -> tuple[bytes, bytes, bytes]:
    step = 1 if not limit or p.size <= limit else math.ceil(p.size / limit)
    if step == 1:
        return p.r, p.g, p.b
    return p.r[::step], p.g[::step], p.b[::step]


def luma(p: Planes, limit: int | None = None) -> bytes:
    """Rec. 601 luma ``(299 R + 587 G + 114 B + 500) // 1000`` of every analysed pixel
    (or of an evenly strided sample of ``limit``)."""
    r, g, b = _sample(p, limit)
    n = len(r)
    if not n:
        return b""
    total = lanes.pack(r, 4) * 299 + lanes.pack(g, 4) * 587 + lanes.pack(b, 4) * 114  # < 2**18
    return lanes.low_bytes(lanes.divide_rounded(total, n, 4, 1000, 255_000), n, 4)


def chroma(p: Planes, limit: int | None = None) -> bytes:
    """max(R,G,B) − min(R,G,B) per pixel: 0 for any grey, large for saturated colour."""
    r, g, b = _sample(p, limit)
    n = len(r)
    if not n:
        return b""
    red, green, blue = lanes.pack(r, 2), lanes.pack(g, 2), lanes.pack(b, 2)
    hi, lo = lanes.max_min(red, green, n)
    top = lanes.max_min(hi, blue, n)[0]
    bottom = lanes.max_min(lo, blue, n)[1]
    return lanes.low_bytes(top - bottom, n, 2)


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


def _lab_table(keys) -> dict[int, tuple[float, float, float]]:
    """Lab of every distinct packed colour ``R << 16 | G << 8 | B`` (backgrounds repeat colours)."""
    return {k: lab(k >> 16, (k >> 8) & 255, k & 255) for k in set(keys)}


def _colour_keys(r: bytes, g: bytes, b: bytes) -> memoryview:
    """Packed colours ``R << 16 | G << 8 | B`` as unsigned 32-bit ints, built with strided copies."""
    buf = bytearray(4 * len(r))
    order = (1, 2, 3) if sys.byteorder == "big" else (2, 1, 0)
    for plane, at in zip((r, g, b), order, strict=True):
        buf[at::4] = plane
    return memoryview(buf).cast("I")


# ---------------------------------------------------------------------------
# statistics of byte values (whole-buffer: sum, translate, deletion counts)

_SQUARE_HI = bytes((v * v) >> 8 for v in range(256))
_SQUARE_LO = bytes((v * v) & 255 for v in range(256))
_BELOW = tuple(bytes(range(t)) for t in range(257))  # _BELOW[t]: the byte values under t


def _at_least(values: bytes, t: int) -> int:
    """How many values are >= t (the others are deleted by ``translate``)."""
    if t <= 0:
        return len(values)
    if t > 255:
        return 0
    return len(values.translate(None, _BELOW[t]))


def _mean_std(values: bytes) -> tuple[float, float]:
    n = len(values)
    if not n:
        return 0.0, 0.0
    total = sum(values)
    squares = 256 * sum(values.translate(_SQUARE_HI)) + sum(values.translate(_SQUARE_LO))
    return total / n, math.sqrt(max(0, n * squares - total * total)) / n


def _share(values: bytes, lo: int = 0, hi: int = 255) -> float:
    n = len(values)
    if not n:
        return 0.0
    return (_at_least(values, lo) - _at_least(values, hi + 1)) / n


def _percentile(values: bytes, q: float) -> int:
    """The smallest value v with at least q·n values <= v."""
    n = len(values)
    if not n:
        return 0
    lo, hi = 0, 255
    while lo < hi:
        mid = (lo + hi) // 2
        if n - _at_least(values, mid + 1) >= q * n:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _weighted_median(counts: dict[float, int], n: int) -> float:
    """The median of ``n`` values given as {value: count} (as if the values were listed out)."""
    if not n:
        return 0.0
    wanted = (n - 1) // 2, n // 2  # positions of the middle value(s) in the sorted list
    found: list[float] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while len(found) < 2 and seen > wanted[len(found)]:
            found.append(value)
        if len(found) == 2:
            break
    return found[0] if wanted[0] == wanted[1] else (found[0] + found[1]) / 2


# ---------------------------------------------------------------------------
# measures


def colour(p: Planes, chroma_min: int = 12) -> dict:
    """Chroma statistics: a YCbCr image without chroma is grey in practice.

    ``colour_share`` is the share of pixels whose max−min channel spread exceeds ``chroma_min``.
    """
    c = chroma(p, SAMPLE_PIXELS)
    mean, _ = _mean_std(c)
    return {
        "chroma_mean": round(mean, 2),
        "chroma_p99": _percentile(c, 0.99),
        "colour_share": round(_share(c, chroma_min + 1, 255), 4),
    }


def exposure(p: Planes, dark: int = 8, bright: int = 247) -> dict:
    """Mean luma (0–255), the shares of clipped dark and bright pixels and the 1st/99th percentiles."""
    y = luma(p, SAMPLE_PIXELS)
    mean, std = _mean_std(y)
    return {
        "mean": round(mean, 2),
        "std": round(std, 2),
        "dark_share": round(_share(y, 0, dark), 4),
        "bright_share": round(_share(y, bright, 255), 4),
        "p01": _percentile(y, 0.01),
        "p99": _percentile(y, 0.99),
    }


def sharpness(p: Planes) -> dict:
    """Variance of a 4-neighbour Laplacian on the grey analysed copy (higher = sharper).

    The Laplacian is taken at full resolution on an evenly spaced subset of rows
    (at most about ``SAMPLE_PIXELS`` values), on all those rows at once: each row and its two
    neighbours are packed into 2-byte lanes, and ``4·centre − left − right − up − down + 1020``
    (0–2040, never negative) is one expression on three integers.
    """
    w, h = p.width, p.height
    if w < 3 or h < 3:
        return {"laplacian_var": 0.0, "width": w, "height": h}
    y = luma(p)
    step = max(1, math.ceil((w - 2) * (h - 2) / SAMPLE_PIXELS))  # every step-th row: a sample of the rows
    picked = range(1, h - 1, step)
    up, mid, down = (b"".join(y[(i + d) * w : (i + d + 1) * w] for i in picked) for d in (-1, 0, 1))
    n = len(mid)
    centre = lanes.pack(mid, 2)
    full = (1 << (16 * n)) - 1
    neighbours = ((centre << 16) & full) + (centre >> 16) + lanes.pack(up, 2) + lanes.pack(down, 2)
    lap = (centre * 4 + lanes.ones(n, 2) * 1020 - neighbours).to_bytes(2 * n, "big")
    # Keep columns 1 … w-2 of every row (the first and last have no left or right neighbour).
    inner = b"".join(lap[r * 2 * w + 2 : (r + 1) * 2 * w - 2] for r in range(len(picked)))
    values = array("H", inner)  # 0 … 2040: the Laplacian plus 1020
    if sys.byteorder == "little":
        values.byteswap()
    m = len(values)
    offset_sum = sum(values)
    total = offset_sum - 1020 * m
    squares = _sum_of_squares(values) - 2040 * offset_sum + 1020 * 1020 * m
    mean = total / m
    return {"laplacian_var": round(squares / m - mean * mean, 1), "width": w, "height": h}


def paper(p: Planes) -> dict | None:
    """Where a bright sheet lies on a darker background (a phone photo of a document on a table).

    The luma histogram is split in two by Otsu's threshold (the split with the largest variance
    between the classes); a row or column belongs to the sheet when at least half as many of its
    pixels are bright as in the brightest row or column, and the sheet's box runs from the first to
    the last such row and column (lines of text on the sheet do not split it). The box is given as
    fractions of the frame (``left``, ``top``, ``right``, ``bottom``), one analysed pixel inside the
    edges found, so that it holds paper only. ``cover`` is its share of the frame;
    ``inside``/``outside`` the shares of bright pixels in and out of it; ``paper``/``background``
    the mean luma of the two classes. ``None`` when the picture is too small or of one tone.
    """
    w, h = p.width, p.height
    if w < 16 or h < 16:
        return None
    y = luma(p)
    counts = Counter(y)
    total = len(y)
    grand = sum(v * c for v, c in counts.items())
    best = None
    n0 = s0 = 0
    for t in range(255):
        c = counts.get(t, 0)
        n0 += c
        s0 += t * c
        if n0 == 0 or n0 == total:
            continue
        m0, m1 = s0 / n0, (grand - s0) / (total - n0)
        between = n0 * (total - n0) * (m1 - m0) ** 2
        if best is None or between > best[0]:
            best = (between, t + 1, m0, m1)
    if best is None:
        return None
    _, cut, dark, bright = best
    mask = y.translate(_BRIGHT[cut])  # 1 for a bright pixel, 0 otherwise
    rows = [sum(mask[r * w : (r + 1) * w]) for r in range(h)]
    cols = [sum(mask[c::w]) for c in range(w)]
    y0, y1 = _outermost(rows)
    x0, x1 = _outermost(cols)
    left, right, top, bottom = x0 + 1, x1, y0 + 1, y1  # one analysed pixel inside: paper only
    if right - left < 4 or bottom - top < 4:
        return None
    area = (right - left) * (bottom - top)
    lit = sum(rows)
    inside = sum(sum(mask[r * w + left : r * w + right]) for r in range(top, bottom))
    outside_area = total - area
    return {
        "left": round(left / w, 4),
        "top": round(top / h, 4),
        "right": round(right / w, 4),
        "bottom": round(bottom / h, 4),
        "cover": round(area / total, 4),
        "inside": round(inside / area, 4),
        "outside": round((lit - inside) / outside_area, 4) if outside_area else 0.0,
        "paper": round(bright, 1),
        "background": round(dark, 1),
    }


_BRIGHT = tuple(bytes(int(v >= t) for v in range(256)) for t in range(257))  # _BRIGHT[t]: 1 where >= t


def _outermost(counts: list[int]) -> tuple[int, int]:
    """The first and last index whose count is at least half the largest."""
    need = max(counts) / 2
    hits = [i for i, c in enumerate(counts) if c >= need and c > 0]
    return (hits[0], hits[-1]) if hits else (0, len(counts) - 1)


def _sum_of_squares(values) -> int:
    sumprod = getattr(math, "sumprod", None)  # Python 3.12+: one C loop
    if sumprod is not None:
        return sumprod(values, values)
    return sum(map(mul, values, values))


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


Rect = tuple[int, int, int, int]


def _subtract(box: Rect, cut: Rect) -> list[Rect]:
    """``box`` minus ``cut`` as up to four rectangles (above, below, left of and right of the cut)."""
    x0, y0, x1, y1 = box
    cx0, cy0, cx1, cy1 = max(x0, cut[0]), max(y0, cut[1]), min(x1, cut[2]), min(y1, cut[3])
    if cx0 >= cx1 or cy0 >= cy1:
        return [box]
    pieces = [(x0, y0, x1, cy0), (x0, cy1, x1, y1), (x0, cy0, cx0, cy1), (cx1, cy0, x1, cy1)]
    return [b for b in pieces if b[2] > b[0] and b[3] > b[1]]


def band_regions(
    w: int, h: int, band: dict, exclude: tuple = (), least: int = 1
) -> list[tuple[int, int, int, int]]:
    """The border band's regions with the ``exclude`` rectangles (the heads found) cut out; pieces
    narrower or shorter than ``least`` pixels are dropped."""
    regions = list(_band_boxes(w, h, band).values())
    if not exclude:
        return regions
    for cut in exclude:
        regions = [piece for box in regions for piece in _subtract(box, cut)]
    return [b for b in regions if b[2] - b[0] >= least and b[3] - b[1] >= least]


def _crop(plane: bytes, w: int, box: tuple[int, int, int, int]) -> bytes:
    x0, y0, x1, y1 = box
    return b"".join(plane[y * w + x0 : y * w + x1] for y in range(y0, y1))


def _cell_means(values: list[float], bw: int, bh: int, c: int) -> list[list[float]]:
    """Means of ``c``×``c`` cells of a row-major ``bw``×``bh`` grid of values (remainders cropped).

    Strided list slices added with ``map``: every column of cells at once, then every row.
    """
    cw, rows = bw // c, bh // c
    if not cw or not rows:
        return []
    if bw != cw * c:
        values = [v for y in range(rows * c) for v in values[y * bw : y * bw + cw * c]]
    sums = values[0 : rows * c * cw * c : c]
    for k in range(1, c):
        sums = list(map(add, sums, values[k : rows * c * cw * c : c]))
    inv = 1 / (c * c)
    out = []
    for cy in range(rows):
        base = cy * c * cw
        acc = sums[base : base + cw]
        for k in range(1, c):
            acc = list(map(add, acc, sums[base + k * cw : base + (k + 1) * cw]))
        out.append([v * inv for v in acc])
    return out


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


def background(p: Planes, band: dict, far_delta: float = 10.0, cell: int = 4, exclude: tuple = ()) -> dict:
    """The border band measured in CIELAB.

    Returns the band's median L*, a*, b* and chroma, the std of L*, the share of
    band pixels farther than ``far_delta`` (ΔE*ab) from the band median,
    ``spread``: the largest difference between the median L* of the band's
    regions (uneven lighting, gradients), and ``texture``: the mean L*
    difference between neighbouring ``cell``×``cell`` blocks (patterns and
    objects are textured, a smooth shadow is not).

    Statistics run over the band's distinct colours with their pixel counts (a background
    repeats a few colours many times); only the texture needs L* pixel by pixel.

    ``exclude``: rectangles (x0, y0, x1, y1) of the plane cut out of the band (the heads found: hair
    and ears beside a tightly framed head are not background). ``regions`` in the result: the pieces
    measured, as [x, y, width, height] fractions of the picture (the page draws them).
    """
    regions = []
    w, h = p.width, p.height
    measured = band_regions(w, h, band, exclude, cell)
    for x0, y0, x1, y1 in measured:
        box = (x0, y0, x1, y1)
        keys = _colour_keys(_crop(p.r, p.width, box), _crop(p.g, p.width, box), _crop(p.b, p.width, box))
        if len(keys):
            regions.append((x1 - x0, y1 - y0, keys, Counter(keys)))
    if not regions:
        return {"pixels": 0}
    counts: Counter = Counter()
    for *_, region_counts in regions:
        counts.update(region_counts)
    table = _lab_table(counts)
    light = {k: v[0] for k, v in table.items()}
    region_l, tex_total, tex_count = [], 0.0, 0
    for bw, bh, keys, region_counts in regions:
        region_l.append(_weighted_median(_tally(region_counts, light), len(keys)))
        t, c = _texture(_cell_means(list(map(light.__getitem__, keys)), bw, bh, cell))
        tex_total += t
        tex_count += c
    n = sum(counts.values())
    med_l = _weighted_median(_tally(counts, light), n)
    med_a = _weighted_median(_tally(counts, {k: v[1] for k, v in table.items()}), n)
    med_b = _weighted_median(_tally(counts, {k: v[2] for k, v in table.items()}), n)
    mean_l = sum(light[k] * c for k, c in counts.items()) / n
    std_l = math.sqrt(sum(c * (light[k] - mean_l) ** 2 for k, c in counts.items()) / n)
    far2 = far_delta * far_delta
    centre = (med_l, med_a, med_b)
    far = sum(c for k, c in counts.items() if _distance2(table[k], centre) > far2)
    return {
        "pixels": n,
        "regions": [
            [round(x0 / w, 4), round(y0 / h, 4), round((x1 - x0) / w, 4), round((y1 - y0) / h, 4)]
            for x0, y0, x1, y1 in measured
        ],
        "l": round(med_l, 2),
        "a": round(med_a, 2),
        "b": round(med_b, 2),
        "chroma": round(math.hypot(med_a, med_b), 2),
        "l_mean": round(mean_l, 2),
        "l_std": round(std_l, 2),
        "far_share": round(far / n, 4),
        "spread": round(max(region_l) - min(region_l), 2),
        "texture": round(tex_total / tex_count, 3) if tex_count else 0.0,
    }


def _tally(counts: Counter, value_of: dict[int, float]) -> dict[float, int]:
    """{value: pixel count} from {colour: pixel count} and each colour's value."""
    out: dict[float, int] = {}
    for key, c in counts.items():
        v = value_of[key]
        out[v] = out.get(v, 0) + c
    return out


def _distance2(u: tuple[float, float, float], v: tuple[float, float, float]) -> float:
    return (u[0] - v[0]) ** 2 + (u[1] - v[1]) ** 2 + (u[2] - v[2]) ** 2
