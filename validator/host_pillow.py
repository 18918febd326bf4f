"""CPython host adapter: decode an image with Pillow into :class:`validator.pixels.Image`.

Used by the CLI and by the test-vector runner (so both decode the same way).
Pillow is imported lazily inside :func:`decode`: it is not a dependency of the
validator package (the browser decodes with its own decoder).

The caller checks the file structure first (:mod:`validator.fileinfo`); this
adapter also refuses files over ``max_bytes`` and images over ``max_pixels``
before decoding, so a 50 MB file or a decompression bomb is never decoded.
"""

from __future__ import annotations

import io
import warnings

from validator.pixels import Image

DEFAULT_MAX_SIDE = 1024


def decode(
    data: bytes,
    max_side: int = DEFAULT_MAX_SIDE,
    max_pixels: int | None = None,
    max_bytes: int | None = None,
) -> tuple[Image | None, str | None]:
    """Return ``(image, None)`` or ``(None, short English reason)``; never raises."""
    if not data:
        return None, "empty file"
    if max_bytes is not None and len(data) > max_bytes:
        return None, f"not decoded: {len(data)} bytes is over the {max_bytes}-byte limit"
    try:
        from PIL import Image as PILImage
        from PIL import ImageOps
    except ImportError:  # pragma: no cover - the CLI needs Pillow for pixel checks
        return None, "Pillow is not installed"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            im = PILImage.open(io.BytesIO(data))
            w, h = im.size
            limit = max_pixels if max_pixels is not None else PILImage.MAX_IMAGE_PIXELS
            if limit and w * h > limit:
                return None, f"not decoded: {w}x{h} pixels is over the {limit}-pixel limit"
            if im.format == "JPEG":
                im.draft(
                    "RGB", (max_side, max_side)
                )  # DCT scaling: decode big JPEGs at a fraction of the cost
            im = ImageOps.exif_transpose(im)
            if im.mode not in ("RGB", "L"):
                im = (
                    im.convert("RGBA").convert("RGB")
                    if "A" in im.getbands() or im.mode == "P"
                    else im.convert("RGB")
                )
            if im.mode == "L":
                im = im.convert("RGB")
            if max(im.size) > max_side:
                im.thumbnail((max_side, max_side), PILImage.Resampling.BOX, reducing_gap=2.0)
            return Image(im.width, im.height, im.tobytes(), 3), None
    except Exception as err:  # any decoder failure becomes a finding, never a traceback
        return None, f"{type(err).__name__}: {err}"[:160]
