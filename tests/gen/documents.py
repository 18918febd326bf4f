"""Material files as candidates make them (issue 16): the inputs of the materials check's fixer.

* :func:`phone_photo`: a 12 MP phone photo of a certificate lying on a desk, JPEG at a phone's
  quality, 3–5 MB (paper grain and sensor noise make it that big);
* :func:`png_scan`: a scanner's PNG export of a certificate, 1700 × 2400 px;
* :func:`exif_rotated`: a phone photo stored sideways (landscape pixels) with EXIF orientation 6,
  shown upright (portrait) by every viewer that honours the mark;
* :func:`transparent_png`: an ID card cut out of its background: RGBA with transparent margins
  and rounded corners.

Every picture is drawn by code (``tests.gen.photos.document``), deterministic by seed.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFilter

from tests.gen.photos import _exif, _noise, document


def _desk(w: int, h: int, seed: int) -> Image.Image:
    """A wooden desk: a warm gradient with grain."""
    img = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    tint = Image.new("RGB", (w, h), (150, 105, 70))
    img = Image.blend(tint, img, 0.18)
    return _noise(img, 14, seed)


def _photo_of(doc: Image.Image, w: int, h: int, seed: int, share: float = 0.8) -> Image.Image:
    """``doc`` lying on a desk, covering about ``share`` of the frame's height, slightly lit unevenly."""
    desk = _desk(w, h, seed)
    dh = int(h * share)
    dw = int(doc.width * dh / doc.height)
    paper = doc.resize((dw, dh), Image.Resampling.BILINEAR)
    desk.paste(paper, ((w - dw) // 2, (h - dh) // 2))
    shade = Image.linear_gradient("L").rotate(90).resize((w, h)).point(lambda v: 255 - v // 10)
    desk = Image.composite(desk, Image.new("RGB", (w, h), (0, 0, 0)), shade)
    return _noise(desk.filter(ImageFilter.GaussianBlur(0.7)), 10, seed + 1)


def _jpeg(img: Image.Image, quality: int, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, **kw)
    return buf.getvalue()


@cache
def phone_photo() -> bytes:
    """4000 × 3000 px... held upright: 3000 × 4000 px, JPEG quality 92, 3–5 MB."""
    doc = document(1400, 1980, noise=4, seed=16)
    return _jpeg(_photo_of(doc, 3000, 4000, seed=16), 92)


@cache
def png_scan() -> bytes:
    """A clean scanner export: 1700 × 2400 px PNG (a few MB: scanner noise defeats PNG's compression)."""
    buf = io.BytesIO()
    document(1700, 2400, noise=3, seed=17).save(buf, "PNG")
    return buf.getvalue()


@cache
def exif_rotated() -> bytes:
    """Stored 2400 × 1800 px (landscape) with orientation 6: shown upright as 1800 × 2400 px."""
    doc = document(1000, 1414, noise=4, seed=18)
    upright = _photo_of(doc, 1800, 2400, seed=18)
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # orientation 6 turns it back clockwise
    return _jpeg(stored, 92, exif=_exif(orientation=6))


@cache
def transparent_png() -> bytes:
    """An ID card cut out of its photo: 1600 × 1010 px RGBA, transparent margins and corners."""
    w, h = 1600, 1010
    card = document(1400, 880, noise=6, seed=19).convert("RGBA")
    mask = Image.new("L", card.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle([0, 0, card.width - 1, card.height - 1], radius=60, fill=255)
    card.putalpha(mask)
    out = Image.new("RGBA", (w, h), (0, 0, 0, 0))  # fully transparent black: shows black if not flattened
    out.alpha_composite(card, ((w - card.width) // 2, (h - card.height) // 2))
    buf = io.BytesIO()
    out.save(buf, "PNG")
    return buf.getvalue()


# A white sheet on a dark table, photographed from above (issue 16, crop to the document): the frame and
# the sheet's place in it, in px (the sheet covers 900 × 1270 of 2000 × 2600, about 22 % of the frame).
SHEET_FRAME = (2000, 2600)
SHEET_BOX = (560, 700, 1460, 1970)  # left, top, right, bottom


@cache
def sheet_on_table() -> bytes:
    """A phone photo (JPEG) of a white A4 sheet with text lying on a dark grey table, 2000 × 2600 px."""
    w, h = SHEET_FRAME
    table = _noise(Image.new("RGB", (w, h), (52, 48, 46)), 12, 20)
    left, top, right, bottom = SHEET_BOX
    sheet = document(right - left, bottom - top, noise=4, seed=20)
    table.paste(sheet, (left, top))
    return _jpeg(table.filter(ImageFilter.GaussianBlur(0.6)), 90)


def all_files() -> dict[str, tuple[str, bytes]]:
    """name -> (file name, bytes) for the fixer tests."""
    return {
        "phone_photo": ("phone_photo.jpg", phone_photo()),
        "png_scan": ("scan.png", png_scan()),
        "exif_rotated": ("rotated.jpg", exif_rotated()),
        "transparent_png": ("cutout.png", transparent_png()),
    }
