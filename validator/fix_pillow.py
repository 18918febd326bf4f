"""CPython host: execute a fix plan (:mod:`validator.fixplan`) with Pillow.

The same steps as the browser's executor (``docs/assets/js/image-fix.js``), with Pillow's
decoder and encoder: EXIF orientation applied, optional crop ``{x, y, w, h}`` in upright source
pixels, transparency flattened onto white, an embedded colour profile converted to sRGB and
not written out, scaled down into the pixel bounds (never enlarged), a baseline JPEG whose
quality is searched so the bytes land inside the band, and a scan never shrunk below its
legibility floor. Used by ``python -m validator scan PATH --fix OUTDIR``.

Pillow is imported lazily inside :func:`fix_image`: it is not a dependency of the validator
package. The caller has checked the file first (the header walk and its decode gate), so only
files the gate allows reach here; ``max_pixels`` is Pillow's own guard set to the same limit.
"""

from __future__ import annotations

import io
import math
import time
import warnings

# Encoder settings of this host (Pillow's 1–100 scale), as the browser's FIX_SETTINGS.
Q_MAX, Q_MIN, Q_TOP, STEPS, ATTEMPTS = 92, 50, 100, 6, 10
FIRST_GUESS_PX_PER_BYTE = {"photo": 10, "scan": 4}
ALPHA_MODES = ("RGBA", "LA", "La", "RGBa", "PA")


def scale_range(plan: dict, w: int, h: int) -> dict:
    """``{"status": "ok", "floor", "fit"}`` or ``{"status": why}`` (as image-fix.js scaleRange)."""
    long, short = max(w, h), min(w, h)
    fit = 1.0
    if plan.get("max_side") and long > plan["max_side"]:
        fit = plan["max_side"] / long
    if plan.get("min_side") and short < plan["min_side"]:
        return {"status": "small_pixels"}
    if (plan.get("min_width") and w < plan["min_width"]) or (
        plan.get("min_height") and h < plan["min_height"]
    ):
        return {"status": "small_pixels"}
    floor = 0.0
    if plan.get("min_side"):
        floor = max(floor, plan["min_side"] / short)
    if plan.get("min_width"):
        floor = max(floor, plan["min_width"] / w)
    if plan.get("min_height"):
        floor = max(floor, plan["min_height"] / h)
    if floor > fit + 1e-9:
        return {"status": "aspect"}
    if plan.get("legible_long_side"):
        floor = max(floor, min(fit, plan["legible_long_side"] / long))
    return {"status": "ok", "floor": floor, "fit": fit}


def fix_image(data, plan: dict, crop: dict | None = None, max_pixels: int | None = None) -> dict:
    """Execute ``plan`` on ``data`` (bytes or an open binary file). Never raises on bad input.

    Returns ``{status, data (bytes or None), width, height, size, quality (0–1), transparent,
    source: {width, height}, crop, ms}`` with the statuses of :data:`validator.fixplan.STATUSES`.
    """
    t0 = time.perf_counter()

    def done(status: str, **more) -> dict:
        out = {"status": status, "data": None, "width": 0, "height": 0, "size": 0, "quality": None}
        out.update(more)
        out["ms"] = round((time.perf_counter() - t0) * 1000)
        return out

    if not plan.get("format"):
        return done("format")
    try:
        im, transparent, rect = _upright(data, crop, max_pixels)
    except Exception:  # any decoder failure: the check's own findings explain the file
        return done("undecodable")
    base = {
        "source": {"width": rect[4], "height": rect[5]},
        "crop": _crop_dict(rect) if crop else None,
        "transparent": transparent,
    }
    w0, h0 = im.size
    rng = scale_range(plan, w0, h0)
    if rng["status"] != "ok":
        return done(rng["status"], **base)
    top: float = plan["max_bytes"] if plan.get("max_bytes") is not None else math.inf
    low: int = plan.get("min_bytes") or 0
    scale = rng["fit"]
    if math.isfinite(top):
        per_byte = FIRST_GUESS_PX_PER_BYTE.get(str(plan.get("kind")), FIRST_GUESS_PX_PER_BYTE["scan"])
        scale = max(rng["floor"], min(scale, math.sqrt(top * per_byte / (w0 * h0))))

    for _ in range(ATTEMPTS):
        size = (max(1, round(w0 * scale)), max(1, round(h0 * scale)))
        small = im if size == im.size else im.resize(size, _lanczos())
        step = _one_size(small, scale, rng, low, top)
        if not isinstance(step, tuple):
            scale = step  # the next size to try
            continue
        status, q, blob = step
        if blob is None:
            return done(status, width=size[0], height=size[1], **base)
        return done(
            status,
            data=blob,
            width=size[0],
            height=size[1],
            size=len(blob),
            quality=round(q / 100, 2),
            **base,
        )
    return done("legibility", **base)


def _one_size(small, scale: float, rng: dict, low: int, top: float) -> tuple | float:
    """One size tried: ``(status, quality, bytes)`` when it settles the fix (bytes None: the bytes limit
    is not reached even at the smallest legible size), or the next scale to try (a float)."""

    def within(n: int) -> bool:
        return low <= n <= top

    best = _encode(small, Q_MAX)
    if within(len(best)):
        return "ok", Q_MAX, best
    if len(best) < low:
        return _grow(small, scale, rng, low, top, best, within)
    least = _encode(small, Q_MIN)
    if len(least) > top:
        if scale <= rng["floor"] + 1e-9:
            return "legibility", None, None
        return max(rng["floor"], scale * min(0.95, math.sqrt(top / len(least)) * 0.95))
    q, blob = _search(small, Q_MIN, Q_MAX, least, within, top)
    return ("short_bytes" if len(blob) < low else "ok"), q, blob


def _grow(small, scale: float, rng: dict, low: int, top: float, best: bytes, within) -> tuple | float:
    """Too few bytes at the usual quality: the top quality, else a larger size (or ``short_bytes``)."""
    most = _encode(small, Q_TOP)
    if within(len(most)):
        return "ok", Q_TOP, most
    if len(most) < low:
        if scale < rng["fit"] - 1e-9:
            return min(rng["fit"], scale * max(1.1, math.sqrt(low / len(most)) * 1.05))
        return "short_bytes", Q_TOP, most
    q, blob = _search(small, Q_MAX, Q_TOP, best, within, top)
    return "ok", q, blob


def _search(im, lo: int, hi: int, lo_blob: bytes, within, top) -> tuple[int, bytes]:
    """The highest quality in [lo, hi] whose bytes stay under ``top`` (binary search on integers)."""
    found = (lo, lo_blob)
    for _ in range(STEPS):
        if hi - lo <= 1:
            break
        mid = (lo + hi) // 2
        blob = _encode(im, mid)
        if len(blob) <= top:
            if within(len(blob)) or not within(len(found[1])):
                found = (mid, blob)
            lo = mid
        else:
            hi = mid
    return found


def _encode(im, quality: int) -> bytes:
    buf = io.BytesIO()
    # baseline (not progressive), no EXIF, no ICC profile: Pillow writes neither unless asked
    im.save(buf, "JPEG", quality=quality, progressive=False, optimize=False)
    return buf.getvalue()


def _lanczos():
    from PIL import Image as PILImage

    return PILImage.Resampling.LANCZOS


def _crop_dict(rect) -> dict:
    x, y, w, h = rect[:4]
    return {"x": x, "y": y, "w": w, "h": h}


def _upright(data, crop: dict | None, max_pixels: int | None):
    """The decoded picture: upright, cropped, flattened onto white, in sRGB RGB.

    Returns ``(image, transparent, (x, y, w, h, source_w, source_h))``."""
    from PIL import Image as PILImage
    from PIL import ImageOps

    from validator.host_pillow import to_srgb

    with warnings.catch_warnings():
        warnings.simplefilter("error", PILImage.DecompressionBombWarning)
        src = PILImage.open(io.BytesIO(data) if isinstance(data, bytes | bytearray) else data)
        if max_pixels and src.width * src.height > max_pixels:
            raise ValueError("over the pixel limit")
        icc = src.info.get("icc_profile")
        im = ImageOps.exif_transpose(src)
        im.load()
    sw, sh = im.size
    x, y, w, h = 0, 0, sw, sh
    if crop:
        x = max(0, min(sw - 1, round(crop["x"])))
        y = max(0, min(sh - 1, round(crop["y"])))
        w = max(1, min(sw - x, round(crop["w"])))
        h = max(1, min(sh - y, round(crop["h"])))
        im = im.crop((x, y, x + w, y + h))
    transparent = False
    if im.mode in ALPHA_MODES or (im.mode == "P" and "transparency" in im.info) or "transparency" in im.info:
        rgba = im.convert("RGBA")
        transparent = rgba.getchannel("A").getextrema() != (255, 255)  # one band: (lowest, highest)
        white = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = PILImage.alpha_composite(white, rgba).convert("RGB")
    im = to_srgb(im, icc)
    return im, transparent, (x, y, w, h, sw, sh)
