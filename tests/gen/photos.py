"""Deterministic generated ID-photo-like JPEGs and document scans (Pillow).

Every fixture is a callable returning bytes; ``FILENAMES`` gives the file name
a candidate would upload it under. Pixel measures are kept far from the rule
thresholds so that Pillow on CPython and the browser's decoder agree.

    from tests.gen.photos import FIXTURES, FILENAMES
    data = FIXTURES["photo_good"]()
"""

from __future__ import annotations

import io
import random
import struct
from collections.abc import Callable
from functools import cache

from PIL import Image, ImageDraw, ImageFilter

WHITE = (252, 252, 252)
SKIN = (226, 178, 146)
HAIR = (38, 30, 26)
SUIT = (42, 48, 72)
SHIRT = (240, 240, 244)


# ---------------------------------------------------------------------------
# drawing


def _noise(img: Image.Image, amplitude: int, seed: int) -> Image.Image:
    """Add deterministic uniform noise (±amplitude) to every channel."""
    if amplitude <= 0:
        return img
    rng = random.Random(seed)
    w, h = img.size
    bands = len(img.getbands())
    raw = rng.randbytes(w * h * bands)
    noise = Image.frombytes(img.mode, img.size, raw)
    # scale 0..255 noise to 0..2*amplitude, then subtract amplitude
    lut = [round(v * 2 * amplitude / 255) for v in range(256)] * bands
    noise = noise.point(lut)
    from PIL import ImageChops

    out = ImageChops.add(img, noise, scale=1.0, offset=-amplitude)
    return out


def _background(w: int, h: int, kind: str, colour: tuple[int, int, int]) -> Image.Image:
    img = Image.new("RGB", (w, h), colour)
    if kind == "uneven":
        # strong left-to-right shading: white on the left, mid-grey on the right
        grad = Image.linear_gradient("L").rotate(90).resize((w, h))  # 255 left … 0 right
        dark = Image.new("RGB", (w, h), (205, 205, 205))
        img = Image.composite(img, dark, grad)
    elif kind == "busy":
        rng = random.Random(7)
        draw = ImageDraw.Draw(img)
        step = max(6, w // 24)
        for y in range(0, h, step):
            for x in range(0, w, step):
                c = (rng.randrange(30, 250), rng.randrange(30, 250), rng.randrange(30, 250))
                draw.rectangle([x, y, x + step, y + step], fill=c)
    return img


def person(
    w: int = 390,
    h: int = 567,
    bg: tuple[int, int, int] = WHITE,
    kind: str = "plain",
    noise: int = 4,
    seed: int = 1,
) -> Image.Image:
    """A head-and-shoulders silhouette on a background, with some texture."""
    img = _background(w, h, kind, bg)
    d = ImageDraw.Draw(img)
    cx = w / 2
    # shoulders and suit (bottom third)
    d.ellipse([cx - 0.62 * w, 0.70 * h, cx + 0.62 * w, 1.45 * h], fill=SUIT)
    d.polygon([(cx - 0.12 * w, 0.70 * h), (cx + 0.12 * w, 0.70 * h), (cx, 0.86 * h)], fill=SHIRT)
    # neck
    d.rectangle([cx - 0.09 * w, 0.55 * h, cx + 0.09 * w, 0.74 * h], fill=(206, 158, 128))
    # hair, then face
    d.ellipse([cx - 0.27 * w, 0.10 * h, cx + 0.27 * w, 0.50 * h], fill=HAIR)
    d.ellipse([cx - 0.22 * w, 0.17 * h, cx + 0.22 * w, 0.62 * h], fill=SKIN)
    # eyes, brows, mouth
    for ex in (cx - 0.09 * w, cx + 0.09 * w):
        d.ellipse([ex - 0.03 * w, 0.36 * h, ex + 0.03 * w, 0.385 * h], fill=(40, 30, 30))
        d.line([ex - 0.05 * w, 0.33 * h, ex + 0.05 * w, 0.33 * h], fill=HAIR, width=max(2, w // 100))
    d.arc(
        [cx - 0.07 * w, 0.47 * h, cx + 0.07 * w, 0.53 * h],
        20,
        160,
        fill=(150, 70, 70),
        width=max(2, w // 120),
    )
    # texture on the person only (clothes pattern) so sizes are realistic
    rng = random.Random(seed)
    for _ in range(int(w * h / 900)):
        x = rng.uniform(cx - 0.6 * w, cx + 0.6 * w)
        y = rng.uniform(0.78 * h, h)
        c = rng.randrange(30, 80)
        d.point((x, y), fill=(c, c + 4, c + 24))
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    return _noise(img, noise, seed)


def document(w: int = 900, h: int = 1273, noise: int = 5, seed: int = 3, stamp: bool = True) -> Image.Image:
    """An A4-like certificate scan: paper, a title, lines of glyph-like marks and a red stamp."""
    img = Image.new("RGB", (w, h), (246, 244, 238))
    d = ImageDraw.Draw(img)
    rng = random.Random(seed)
    m = w // 12
    d.rectangle([m // 2, m // 2, w - m // 2, h - m // 2], outline=(150, 40, 40), width=max(2, w // 200))
    # title
    tw = w // 3
    d.rectangle([(w - tw) // 2, m, (w + tw) // 2, m + h // 40], fill=(30, 30, 30))
    line_h = max(12, h // 45)
    glyph = max(6, line_h * 2 // 3)
    y = m + h // 12
    while y < h - 3 * m:
        x = m
        end = w - m - rng.randrange(0, w // 4)
        while x < end:
            if rng.random() < 0.85:
                gw = rng.randrange(glyph // 2, glyph + 1)
                for _ in range(3):
                    x0 = x + rng.randrange(0, max(1, gw - 2))
                    y0 = y + rng.randrange(0, max(1, glyph - 2))
                    d.line(
                        [x0, y0, x0 + rng.randrange(1, gw), y0 + rng.randrange(-2, 3)],
                        fill=(25, 25, 30),
                        width=2,
                    )
                    d.line(
                        [x0, y0, x0 + rng.randrange(-2, 3), y0 + rng.randrange(1, glyph)],
                        fill=(25, 25, 30),
                        width=2,
                    )
            x += glyph + 2
        y += line_h
    if stamp:
        r = w // 9
        cx, cy = w - 2 * m - r, h - 2 * m - r
        d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(210, 30, 30), width=max(3, w // 120))
        d.regular_polygon((cx, cy, r // 3), 5, fill=(210, 30, 30))
    # a photo box in the top right like on many certificates
    d.rectangle([w - m - w // 6, m + h // 12, w - m, m + h // 12 + w // 5], fill=(120, 140, 170))
    return _noise(img, noise, seed)


# ---------------------------------------------------------------------------
# encoding helpers


def jpeg(img: Image.Image, quality: int = 85, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, **kw)
    return buf.getvalue()


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def with_comment(data: bytes, size: int) -> bytes:
    """Insert a COM segment right after SOI so the file is exactly ``size`` bytes."""
    extra = size - len(data)
    if extra < 4:
        raise ValueError("target size too small for a COM segment")
    payload = extra - 4
    seg = b"\xff\xfe" + struct.pack(">H", payload + 2) + b"c" * payload
    return data[:2] + seg + data[2:]


def padded(data: bytes, size: int) -> bytes:
    """Like :func:`with_comment` for any size: as many COM segments as it takes (each at most 64 KB)."""
    while size - len(data) > 65000:
        data = with_comment(data, len(data) + 65000)
    return with_comment(data, size)


def sized_jpeg(img: Image.Image, target: int) -> bytes:
    """The best quality that fits under ``target``, padded with a comment to exactly ``target`` bytes."""
    best = None
    for q in range(98, 10, -2):
        data = jpeg(img, q)
        if len(data) + 4 <= target:
            best = data
            break
    if best is None:
        raise ValueError("cannot reach the target size")
    return with_comment(best, target)


def patch_sof(
    data: bytes,
    marker: int | None = None,
    precision: int | None = None,
    width: int | None = None,
    height: int | None = None,
) -> bytes:
    """Rewrite the first SOFn segment (frame type, precision or dimensions)."""
    buf = bytearray(data)
    i = 2
    while i + 4 < len(buf):
        if buf[i] != 0xFF:
            raise ValueError("lost marker sync")
        m = buf[i + 1]
        seg_len = struct.unpack(">H", buf[i + 2 : i + 4])[0]
        if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC):
            if marker is not None:
                buf[i + 1] = marker
            if precision is not None:
                buf[i + 4] = precision
            if height is not None:
                buf[i + 5 : i + 7] = struct.pack(">H", height)
            if width is not None:
                buf[i + 7 : i + 9] = struct.pack(">H", width)
            return bytes(buf)
        i += 2 + seg_len
    raise ValueError("no SOF segment")


def _exif(orientation: int | None = None, taken: str | None = None) -> bytes:
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    if taken is not None:
        exif[0x0132] = taken  # DateTime
        exif.get_ifd(0x8769)[0x9003] = taken  # DateTimeOriginal
    return exif.tobytes()


# ---------------------------------------------------------------------------
# photo fixtures


@cache
def _good_img() -> Image.Image:
    return person()


def photo_good() -> bytes:
    return jpeg(_good_img(), 88)


def photo_31k() -> bytes:
    return sized_jpeg(person(noise=9), 31948)


def photo_29_5k() -> bytes:
    return sized_jpeg(person(noise=9), 30200)


def photo_30000() -> bytes:
    """Exactly 30 000 bytes: under 30 KB read as 1024-byte KB, at the limit read as 1000."""
    return sized_jpeg(person(noise=9), 30000)


def photo_29200() -> bytes:
    """Under 30 KB by either reading, above the early-warning line (29 000 bytes)."""
    return sized_jpeg(person(noise=9), 29200)


def photo_30720() -> bytes:
    """Exactly 30 × 1024 bytes: not "小于30K" under either reading of K."""
    return sized_jpeg(person(noise=9), 30720)


def photo_150x200() -> bytes:
    """The issue's case: below the photo tool's 190 × 254 minimum on both sides."""
    return jpeg(person(150, 200), 90)


def photo_180x300() -> bytes:
    """Tall enough, 10 px too narrow for the photo tool's minimum width."""
    return jpeg(person(180, 300), 90)


def photo_blue() -> bytes:
    return jpeg(person(bg=(60, 130, 220)), 85)


def photo_icc_adobe() -> bytes:
    """The good photo stored with an embedded Adobe RGB (1998) profile (a camera's setting)."""
    from tests.gen import icc

    return jpeg(_good_img(), 88, icc_profile=icc.adobe_rgb())


def photo_icc_p3_blue() -> bytes:
    """A blue background stored with an embedded Display P3 profile (what an iPhone writes)."""
    from tests.gen import icc

    return jpeg(person(bg=(60, 130, 220)), 85, icc_profile=icc.display_p3())


def photo_red() -> bytes:
    return jpeg(person(bg=(200, 30, 40)), 85)


def photo_grey_bg() -> bytes:
    return jpeg(person(bg=(128, 128, 128)), 85)


def photo_busy() -> bytes:
    return jpeg(person(kind="busy"), 80)


def photo_uneven() -> bytes:
    return jpeg(person(kind="uneven"), 85)


def photo_off_white() -> bytes:
    return jpeg(person(bg=(238, 230, 212)), 85)


def photo_grey() -> bytes:
    """A one-component (greyscale) JPEG."""
    return jpeg(_good_img().convert("L"), 88)


def photo_grey_rgb() -> bytes:
    """A three-component YCbCr JPEG whose pixels have no colour."""
    return jpeg(_good_img().convert("L").convert("RGB"), 88)


def photo_cmyk() -> bytes:
    return jpeg(_good_img().convert("CMYK"), 45)


def photo_landscape() -> bytes:
    return jpeg(person(567, 390), 85)


def photo_tiny() -> bytes:
    return jpeg(person(90, 130), 90)


def photo_aspect_wide() -> bytes:
    return jpeg(person(390, 430), 85)


def photo_aspect_narrow() -> bytes:
    return jpeg(person(300, 567), 85)


def photo_progressive() -> bytes:
    return jpeg(_good_img(), 88, progressive=True)


def photo_exif_old() -> bytes:
    return jpeg(_good_img(), 88, exif=_exif(1, "2025:01:10 09:30:00"))


def photo_exif_recent() -> bytes:
    return jpeg(_good_img(), 88, exif=_exif(1, "2026-10-20 09:30:00".replace("-", ":")))


def photo_exif_future() -> bytes:
    return jpeg(_good_img(), 88, exif=_exif(1, "2027:06:01 09:30:00"))


def photo_exif_orient6() -> bytes:
    """Stored landscape, shown portrait: orientation 6 means rotate 90° clockwise to display."""
    return jpeg(_good_img().transpose(Image.Transpose.ROTATE_90), 88, exif=_exif(6))


def photo_padded() -> bytes:
    return photo_good() + b"\x00" * 600


def photo_truncated() -> bytes:
    data = photo_good()
    return data[: len(data) // 2]


def photo_png() -> bytes:
    return encode(_good_img(), "PNG")


def photo_webp() -> bytes:
    return encode(_good_img(), "WEBP", quality=80)


def photo_empty() -> bytes:
    return b""


def photo_random() -> bytes:
    return random.Random(42).randbytes(20000)


def photo_arithmetic() -> bytes:
    return patch_sof(photo_good(), marker=0xC9)


def photo_lossless() -> bytes:
    return patch_sof(photo_good(), marker=0xC3)


def photo_12bit() -> bytes:
    return patch_sof(photo_good(), precision=12)


def photo_bomb() -> bytes:
    return patch_sof(photo_good(), width=65000, height=65000)


def photo_phone_12mp() -> bytes:
    """A 3000×4000 phone-camera-like photo (several MB)."""
    return jpeg(person(3000, 4000, noise=6, seed=5), 90)


# ---------------------------------------------------------------------------
# scan fixtures (A4-like documents)


@cache
def _doc() -> Image.Image:
    return document()


def scan_good() -> bytes:
    """900×1273 colour JPEG (about 150 KB): inside Hubei's 100–500 KB and 450–1300 px, and under 200 KB."""
    return jpeg(_doc(), 55)


def scan_small_px() -> bytes:
    return jpeg(document(400, 566, noise=10), 95)


def scan_small_bytes() -> bytes:
    return jpeg(document(noise=0), 10)


def scan_big_px() -> bytes:
    return jpeg(document(1654, 2339, noise=3), 60)


def scan_big_bytes() -> bytes:
    return jpeg(document(919, 1300, noise=14), 97)


def scan_grey() -> bytes:
    return jpeg(_doc().convert("L"), 55)


def scan_blurry() -> bytes:
    img = document(noise=0).filter(ImageFilter.GaussianBlur(6))
    return jpeg(_noise(img, 6, 9), 90)


def scan_dark() -> bytes:
    img = _doc().point(lambda v: int(v * 0.3))
    return jpeg(img, 92)


def scan_bright() -> bytes:
    img = _doc().point(lambda v: min(255, int(v * 2.5 + 60)))
    return jpeg(img, 80)


def scan_201k() -> bytes:
    """201 000 bytes: over "200k" read as 200 000 bytes, not over 200 × 1024."""
    return with_comment(scan_good(), 201_000)


def scan_205k() -> bytes:
    """205 000 bytes: over "200k" under either reading."""
    return with_comment(scan_good(), 205_000)


def scan_1400k() -> bytes:
    """A 900×1273 colour scan of 1.4 MB (the issue's Hubei case)."""
    return padded(scan_good(), 1_400_000)


def scan_png() -> bytes:
    """A full-colour PNG of about 1.5 MB."""
    return encode(_doc(), "PNG")


def scan_png_small() -> bytes:
    """A 16-colour palette PNG of about 30 KB."""
    return encode(document(noise=0).quantize(16), "PNG", optimize=True)


# Each fixture is encoded once per test run and shared (bytes are immutable): the same photo is used by the
# vectors, the severity and plain-Chinese sweeps and the browser tests.
FIXTURES: dict[str, Callable[[], bytes]] = {
    name: cache(fn)
    for name, fn in list(globals().items())
    if name.startswith(("photo_", "scan_")) and callable(fn)
}

FILENAMES: dict[str, str] = {name: f"{name}.jpg" for name in FIXTURES}
FILENAMES.update(
    {
        "photo_webp": "photo_webp.webp",
        "photo_empty": "photo_empty.jpg",
        "scan_png": "scan_png.png",
        "scan_png_small": "scan_png_small.png",
    }
)


def build(name: str) -> tuple[bytes, str]:
    """(bytes, file name) of one fixture."""
    return FIXTURES[name](), FILENAMES[name]
