"""CPython host adapter: decode an image with Pillow into :class:`validator.pixels.Image`.

Used by the CLI and by the test-vector runner (so both decode the same way).
Pillow is imported lazily inside :func:`decode`: it is not a dependency of the
validator package (the browser decodes with its own decoder).

The caller checks the file structure first (:mod:`validator.fileinfo`); this
adapter also refuses files over ``max_bytes`` and images over ``max_pixels``
before decoding, so a 50 MB file or a decompression bomb is never decoded.

Colours are measured as a browser shows them: an embedded ICC profile (a phone's Display P3,
a camera's Adobe RGB) is converted to sRGB with Pillow's ImageCms (Little CMS) before the
pixels are handed over, as browsers do when they draw a picture on a canvas.
"""

from __future__ import annotations

import io
import os
import warnings
from contextlib import contextmanager

from validator.pixels import Image

DEFAULT_MAX_SIDE = 1024
# Compute budget of this host, not a rule: the bytes of pixel memory one decode may need
# (validator.fileinfo.decode_cost: full-size pixels × bytes per pixel; JPEGs at their DCT-scaled
# size). Pillow's conversions hold two or three copies, so a worker peaks near 3× this.
MAX_DECODE_BYTES = 128 * 1024 * 1024
FLATTEN = ("P", "PA", "RGBA", "LA", "La", "RGBa", "I;16", "I", "F", "1")  # modes converted through RGBA


def decode(
    data,
    max_side: int = DEFAULT_MAX_SIDE,
    max_pixels: int | None = None,
    max_bytes: int | None = None,
) -> tuple[Image | None, str | None]:
    """Return ``(image, None)`` or ``(None, short English reason)``; never raises.

    ``data``: bytes, or an open binary file (the CLI: Pillow reads what it decodes, the file is
    never copied into memory as a whole).
    """
    size = _size(data)
    if not size:
        return None, "empty file"
    if max_bytes is not None and size > max_bytes:
        return None, f"not decoded: {size} bytes is over the {max_bytes}-byte limit"
    try:
        from PIL import Image as PILImage
        from PIL import ImageOps
    except ImportError:  # pragma: no cover - the CLI needs Pillow for pixel checks
        return None, "Pillow is not installed"
    limit = max_pixels if max_pixels is not None else PILImage.MAX_IMAGE_PIXELS
    try:
        with pixel_guard(PILImage, limit):
            im = PILImage.open(io.BytesIO(data) if isinstance(data, bytes | bytearray) else _rewound(data))
            w, h = im.size
            if limit and w * h > limit:
                return None, f"not decoded: {w}x{h} pixels is over the {limit}-pixel limit"
            icc = im.info.get("icc_profile")
            if im.format == "JPEG":
                im.draft("RGB", (max_side, max_side))  # DCT scaling: big JPEGs decode at a fraction
            im = to_srgb(_oriented(im, ImageOps), icc)
            if max(im.size) > max_side:
                im.thumbnail((max_side, max_side), PILImage.Resampling.BOX, reducing_gap=2.0)
            return Image(im.width, im.height, im.tobytes(), 3), None
    except Exception as err:  # any decoder failure becomes a finding, never a traceback
        return None, f"{type(err).__name__}: {err}"[:160]


@contextmanager
def pixel_guard(image_module, limit: int | None):
    """Pillow's own decompression-bomb guard at ``limit`` (the content's file.max_pixels, which the file's
    header was already checked against), raised as an error; its default (about 89 megapixels) would
    otherwise call a sound 15000×15000 photo damaged. Restored afterwards."""
    before = image_module.MAX_IMAGE_PIXELS
    if limit:
        image_module.MAX_IMAGE_PIXELS = limit
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", image_module.DecompressionBombWarning)
            yield
    finally:
        image_module.MAX_IMAGE_PIXELS = before


def _oriented(im, image_ops):
    """The image turned by its EXIF orientation; as stored when the EXIF cannot be read (Pillow
    raises on some raw EXIF text chunks of PNGs: a good picture must not become "undecodable")."""
    try:
        return image_ops.exif_transpose(im)
    except Exception:
        im.load()
        return im


def to_srgb(im, icc: bytes | None):
    """An RGB image in sRGB: transparency flattened, an embedded ICC profile applied."""
    if im.mode in FLATTEN:
        im = im.convert("RGBA").convert("RGB")
    if icc:
        converted = _apply_profile(im, icc)
        if converted is not None:
            return converted
    return im if im.mode == "RGB" else im.convert("RGB")


def _apply_profile(im, icc: bytes):
    """``im`` (RGB, L or CMYK) from its embedded profile to sRGB; None if the profile is unusable."""
    try:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(im, source, _srgb(), outputMode="RGB")
    except Exception:  # a broken or unsupported profile: the pixels as stored (as browsers do)
        return None


_SRGB: list = []  # the sRGB profile (ImageCms), made when first needed


def _srgb():
    if not _SRGB:
        from PIL import ImageCms

        _SRGB.append(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")))
    return _SRGB[0]


def _size(data) -> int:
    if isinstance(data, bytes | bytearray):
        return len(data)
    try:
        return os.fstat(data.fileno()).st_size
    except (AttributeError, OSError, ValueError):
        return 0


def _rewound(fh):
    fh.seek(0)
    return fh
