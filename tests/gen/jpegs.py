"""Fixture generators for the file structure analysis (validator.fileinfo).

Every fixture is produced by a real encoder (Pillow / libjpeg-turbo, PNG, GIF,
WebP, BMP, TIFF) and then, for the malformed cases, cut or patched at a named
place. All generators are deterministic (seeded) and importable as
``tests.gen.jpegs.FIXTURES[name]() -> bytes`` for the data-file test vectors.

``matrix(count, seed)`` yields many JPEG variants (size, quality, subsampling,
progressive/optimize, grey/RGB/CMYK) with the encoder settings, for the
Pillow cross-check.
"""

from __future__ import annotations

import functools
import io
import random
import struct
from collections.abc import Callable, Iterator

from PIL import Image, ImageCms

SIZES = ((1, 1), (7, 13), (16, 16), (17, 9), (100, 140), (333, 480), (640, 480), (801, 599))
QUALITIES = (10, 15, 25, 40, 50, 60, 75, 85, 90, 95, 98, 100)
MODES = ("L", "RGB", "CMYK")


# --- images and encoding ------------------------------------------------------------------------

def picture(w: int, h: int, mode: str = "RGB", seed: int = 1) -> Image.Image:
    """A gradient with seeded noise: compresses like a photo, not like a flat colour."""
    rng = random.Random(seed)
    bands = []
    for i in range(len(mode)):
        grad = Image.linear_gradient("L").rotate(37 * i + rng.randrange(360)).resize((w, h))
        noise = Image.frombytes("L", (w, h), rng.randbytes(w * h))
        bands.append(Image.blend(grad, noise, 0.25))
    return bands[0] if mode == "L" else Image.merge(mode, bands)


def encode(img: Image.Image, fmt: str = "JPEG", **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def jpeg(w: int = 300, h: int = 400, mode: str = "RGB", seed: int = 1, **kw) -> bytes:
    kw.setdefault("quality", 85)
    return encode(picture(w, h, mode, seed), "JPEG", **kw)


def matrix(count: int = 300, seed: int = 7) -> Iterator[tuple[dict, bytes]]:
    """(settings, bytes) for ``count`` seeded combinations of the encoder's options."""
    rng = random.Random(seed)
    for i in range(count):
        w, h = rng.choice(SIZES)
        settings = {
            "w": w,
            "h": h,
            "mode": rng.choice(MODES),
            "quality": rng.choice(QUALITIES) if i % 3 else rng.randrange(10, 101),
            "subsampling": rng.choice((0, 1, 2)),
            "progressive": rng.random() < 0.4,
            "optimize": rng.random() < 0.3,
        }
        yield settings, jpeg(w, h, settings["mode"], seed=i, quality=settings["quality"],
                             subsampling=settings["subsampling"], progressive=settings["progressive"],
                             optimize=settings["optimize"])


# --- JPEG surgery -------------------------------------------------------------------------------

def segments(data: bytes) -> list[tuple[int, int, int]]:
    """(marker, offset of the 0xFF, offset after the segment) up to and including SOS."""
    out, pos = [], 2
    while pos + 4 <= len(data) and data[pos] == 0xFF:
        marker = data[pos + 1]
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        out.append((marker, pos, pos + 2 + length))
        if marker == 0xDA:
            break
        pos += 2 + length
    return out


def find(data: bytes, marker: int) -> tuple[int, int]:
    """(start, end) of the first segment with this marker."""
    for m, start, end in segments(data):
        if m == marker:
            return start, end
    raise LookupError(hex(marker))


def sof_marker(data: bytes) -> int:
    return next(m for m, _s, _e in segments(data) if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC))


def patch_sof(data: bytes, marker: int | None = None, precision: int | None = None,
              width: int | None = None, height: int | None = None) -> bytes:
    start, _end = find(data, sof_marker(data))
    out = bytearray(data)
    if marker is not None:
        out[start + 1] = marker
    if precision is not None:
        out[start + 4] = precision
    if height is not None:
        out[start + 5 : start + 7] = height.to_bytes(2, "big")
    if width is not None:
        out[start + 7 : start + 9] = width.to_bytes(2, "big")
    return bytes(out)


def insert_after_soi(data: bytes, marker: int, body: bytes) -> bytes:
    return data[:2] + b"\xff" + bytes([marker]) + (len(body) + 2).to_bytes(2, "big") + body + data[2:]


def drop_segment(data: bytes, marker: int) -> bytes:
    start, end = find(data, marker)
    return data[:start] + data[end:]


def scan_start(data: bytes) -> int:
    return find(data, 0xDA)[1]


# --- EXIF as a hand-built TIFF blob (either byte order) -----------------------------------------

def tiff_blob(order: str, ifd0: dict[int, tuple[int, object]], exif: dict[int, tuple[int, object]]) -> bytes:
    """A TIFF structure: IFD0 (+ pointer 0x8769 to an Exif IFD when ``exif`` is given)."""
    e = "<" if order == "II" else ">"
    head = (b"II*\x00" if order == "II" else b"MM\x00*") + struct.pack(e + "I", 8)
    ifd0 = dict(ifd0)
    if exif:
        ifd0[0x8769] = (4, 0)  # patched below
    ifd0_size = 2 + 12 * len(ifd0) + 4
    exif_at = 8 + ifd0_size + _extra_size(ifd0)
    if exif:
        ifd0[0x8769] = (4, exif_at)
    blob = head + _ifd(e, ifd0, 8)
    if exif:
        blob += _ifd(e, exif, exif_at)
    return blob


def _extra_size(entries: dict) -> int:
    sizes = [len(_raw("<", kind, value)) for kind, value in entries.values()]
    return sum(size for size in sizes if size > 4)


def _ifd(e: str, entries: dict, at: int) -> bytes:
    table, extra = struct.pack(e + "H", len(entries)), b""
    extra_at = at + 2 + 12 * len(entries) + 4
    for tag in sorted(entries):
        kind, value = entries[tag]
        raw = _raw(e, kind, value)
        count = len(raw) // {2: 1, 3: 2, 4: 4, 5: 8}[kind]
        if len(raw) <= 4:
            field = raw.ljust(4, b"\x00")
        else:
            field = struct.pack(e + "I", extra_at + len(extra))
            extra += raw
        table += struct.pack(e + "HHI", tag, kind, count) + field
    return table + b"\x00\x00\x00\x00" + extra


def _raw(e: str, kind: int, value: object) -> bytes:
    if kind == 2:
        return str(value).encode("ascii") + b"\x00"
    if kind == 3:
        return struct.pack(e + "H", value)
    if kind == 4:
        return struct.pack(e + "I", value)
    num, den = value  # RATIONAL
    return struct.pack(e + "II", num, den)


def with_exif(data: bytes, order: str, orientation: int = 1, taken: str | None = "2026:09:01 10:00:00",
              dt: str | None = None, dpi: int = 300) -> bytes:
    ifd0 = {0x0112: (3, orientation), 0x011A: (5, (dpi, 1)), 0x011B: (5, (dpi, 1)), 0x0128: (3, 2)}
    if dt:
        ifd0[0x0132] = (2, dt)
    sub = {0x9003: (2, taken)} if taken else {}
    return insert_after_soi(data, 0xE1, b"Exif\x00\x00" + tiff_blob(order, ifd0, sub))


def pillow_exif(orientation: int = 6, taken: str = "2026:05:01 10:00:00") -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif.get_ifd(0x8769)[0x9003] = taken
    return encode(picture(240, 320), "JPEG", quality=85, exif=exif)


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


# --- the named fixtures -------------------------------------------------------------------------

def file_baseline() -> bytes:
    return jpeg(300, 400)


def file_progressive() -> bytes:
    return jpeg(300, 400, progressive=True)


def file_optimized_444() -> bytes:
    return jpeg(300, 400, optimize=True, subsampling=0, quality=95)


def file_grey() -> bytes:
    return jpeg(300, 400, "L")


def file_cmyk() -> bytes:
    return jpeg(300, 400, "CMYK")


def file_ycck() -> bytes:
    """A CMYK file whose Adobe APP14 transform flag says YCCK (2)."""
    data = file_cmyk()
    start, _end = find(data, 0xEE)
    return data[: start + 15] + b"\x02" + data[start + 16 :]


def file_exif_pillow() -> bytes:
    return pillow_exif()


def file_exif_le() -> bytes:
    return with_exif(jpeg(240, 320), "II", orientation=8, taken="2026:09:01 10:00:00")


def file_exif_be() -> bytes:
    return with_exif(jpeg(240, 320), "MM", orientation=3, taken="2025:01:02 03:04:05", dpi=350)


def file_exif_datetime_only() -> bytes:
    return with_exif(jpeg(240, 320), "II", taken=None, dt="2026:07:08 09:10:11")


def file_exif_broken() -> bytes:
    """An APP1 Exif segment whose IFD offsets point far past its end."""
    body = b"Exif\x00\x00II*\x00" + struct.pack("<I", 0x7FFFFFF0)
    return insert_after_soi(jpeg(240, 320), 0xE1, body)


def file_icc() -> bytes:
    return jpeg(240, 320, icc_profile=srgb_profile())


def file_padded() -> bytes:
    return file_baseline() + b"\x00" * 2048


def file_trailing_data() -> bytes:
    return file_baseline() + random.Random(5).randbytes(700)


def file_trailing_jpeg() -> bytes:
    return file_baseline() + jpeg(40, 30)


def file_truncated_scan() -> bytes:
    data = file_baseline()
    return data[: (scan_start(data) + len(data)) // 2]


def file_truncated_header() -> bytes:
    data = file_baseline()
    start, end = find(data, 0xDB)
    return data[: (start + end) // 2]


def file_soi_only() -> bytes:
    return b"\xff\xd8"


def file_no_eoi() -> bytes:
    data = file_baseline()
    return data[:-2]


def file_bad_length() -> bytes:
    data = file_baseline()
    start, _end = find(data, 0xDB)
    return data[: start + 2] + b"\x00\x01" + data[start + 4 :]


def file_no_frame() -> bytes:
    return drop_segment(file_baseline(), sof_marker(file_baseline()))


def file_zero_width() -> bytes:
    return patch_sof(file_baseline(), width=0)


def file_bomb_side() -> bytes:
    return patch_sof(file_baseline(), width=60000, height=60000)


def file_bomb_pixels() -> bytes:
    return patch_sof(file_baseline(), width=19000, height=19000)


def file_extended() -> bytes:
    return patch_sof(file_baseline(), marker=0xC1)


def file_12bit() -> bytes:
    return patch_sof(file_baseline(), marker=0xC1, precision=12)


def file_arithmetic() -> bytes:
    return patch_sof(file_baseline(), marker=0xC9)


def file_arithmetic_progressive() -> bytes:
    return patch_sof(file_progressive(), marker=0xCA)


def file_lossless() -> bytes:
    return patch_sof(file_baseline(), marker=0xC3)


def file_png_renamed() -> bytes:
    return encode(picture(600, 800), "PNG")


def file_png_grey16() -> bytes:
    return encode(picture(64, 48, "L").convert("I;16"), "PNG")


def file_png_bomb() -> bytes:
    """A real PNG whose IHDR claims 100000×100000 pixels (the CRC is left stale)."""
    data = file_png_grey16()
    return data[:16] + (100000).to_bytes(4, "big") * 2 + data[24:]


def file_png_truncated() -> bytes:
    data = file_png_renamed()
    return data[: len(data) // 2]


def file_gif() -> bytes:
    return encode(picture(120, 90).convert("P"), "GIF")


def file_webp_lossy() -> bytes:
    return encode(picture(320, 240), "WEBP", quality=80)


def file_webp_lossless() -> bytes:
    return encode(picture(321, 241), "WEBP", lossless=True)


def file_webp_extended() -> bytes:
    return encode(picture(322, 242).convert("RGBA"), "WEBP", quality=80, exif=Image.Exif().tobytes())


def file_bmp() -> bytes:
    return encode(picture(200, 150), "BMP")


def file_tiff() -> bytes:
    return encode(picture(210, 160), "TIFF")


def file_tiff_be() -> bytes:
    """A hand-built big-endian TIFF header (IFD0 with size, bits and photometric tags)."""
    blob = tiff_blob("MM", {0x0100: (4, 211), 0x0101: (4, 161), 0x0102: (3, 8), 0x0106: (3, 2)}, {})
    return blob + b"\x00" * 64


def file_pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def bmff_box(kind: bytes, body: bytes, full: int | None = None) -> bytes:
    """One ISO BMFF box (ISO/IEC 14496-12 §4.2); ``full`` = version for a FullBox (flags 0)."""
    if full is not None:
        body = bytes([full, 0, 0, 0]) + body
    return struct.pack(">I", 8 + len(body)) + kind + body


def bmff_image(brands: bytes, width: int, height: int, payload: bytes, rotate: int | None = None,
               thumb: tuple[int, int] | None = None) -> bytes:
    """A HEIF/AVIF still as phones write it, by hand: ftyp, meta (pitm → item 1; iprp: ipco with
    the item's ispe, ipma associating it), mdat. ``thumb`` adds a second, unassociated ispe."""
    ftyp = bmff_box(b"ftyp", brands[:4] + b"\x00\x00\x00\x00" + brands)
    props = [bmff_box(b"ispe", struct.pack(">II", width, height), full=0)]
    if thumb:
        props.insert(0, bmff_box(b"ispe", struct.pack(">II", *thumb), full=0))
    if rotate is not None:
        props.append(bmff_box(b"irot", bytes([rotate])))
    first = 2 if thumb else 1
    assoc = [0x80 | first] + ([0x80 | (first + 1)] if rotate is not None else [])
    ipma = bmff_box(b"ipma", struct.pack(">IHB", 1, 1, len(assoc)) + bytes(assoc), full=0)
    iprp = bmff_box(b"iprp", bmff_box(b"ipco", b"".join(props)) + ipma)
    hdlr = bmff_box(b"hdlr", b"\x00" * 4 + b"pict" + b"\x00" * 13, full=0)
    meta = bmff_box(b"meta", hdlr + bmff_box(b"pitm", struct.pack(">H", 1), full=0) + iprp, full=0)
    return ftyp + meta + bmff_box(b"mdat", payload)


def file_heic() -> bytes:
    """An iPhone-like HEIC (brands heic, mif1): 4032×3024 stored, turned a quarter (irot 1)."""
    return bmff_image(b"heicmif1heic", 4032, 3024, random.Random(3).randbytes(200), rotate=1,
                      thumb=(320, 240))


def file_avif() -> bytes:
    return bmff_image(b"avifmif1miaf", 640, 480, random.Random(4).randbytes(200))


def file_avif_bomb() -> bytes:
    """1.2 KB that claims 8000×8000 (64 MP): refused before any decoder sees it."""
    return bmff_image(b"avifmif1miaf", 8000, 8000, random.Random(5).randbytes(1000))


def file_avif_no_size() -> bytes:
    """An AVIF whose primary item has no ispe: the size cannot be known before decoding."""
    ftyp = bmff_box(b"ftyp", b"avif\x00\x00\x00\x00avifmif1")
    meta = bmff_box(b"meta", bmff_box(b"pitm", struct.pack(">H", 1), full=0), full=0)
    return ftyp + meta + bmff_box(b"mdat", random.Random(6).randbytes(300))


def file_heic_cut() -> bytes:
    return file_heic()[:-100]


def file_empty() -> bytes:
    return b""


def file_random() -> bytes:
    return random.Random(9).randbytes(3000)


def file_text() -> bytes:
    return "这不是图片 / not an image\n".encode() * 20


# Each fixture is encoded once per test run and shared (bytes are immutable).
FIXTURES: dict[str, Callable[[], bytes]] = {
    name: functools.cache(func)
    for name, func in sorted(globals().items())
    if name.startswith("file_") and callable(func)
}
