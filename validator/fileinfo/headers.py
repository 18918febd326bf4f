"""Cheap header reads for the other image formats: PNG, GIF, WebP, BMP, TIFF.

``data`` is a :class:`validator.fileinfo.source.Window` (or bytes): each reader slices only
the few bytes it needs (the PNG chunk walk reads 8 bytes per chunk and seeks past the rest).

Enough to say "this is a PNG 600×800 renamed .jpg": dimensions, colour and
bit depth where the header has them, plus truncation where the container
makes it cheap to see (PNG chunks, the RIFF size, the BMP file size).
Each reader fills a :class:`FileInfo` in place and never raises.
"""

from __future__ import annotations

from validator.fileinfo import tiff
from validator.fileinfo.model import FileInfo
from validator.fileinfo.trailing import classify

PNG_SIGNATURE = 8
WEBP_HEAD = 40  # RIFF header + the first chunk's header and the fields read from it
PNG_COLOUR = {0: "grey", 2: "rgb", 3: "palette", 4: "greya", 6: "rgba"}
TIFF_WIDTH, TIFF_HEIGHT, TIFF_BITS, TIFF_PHOTOMETRIC = 0x0100, 0x0101, 0x0102, 0x0106
TIFF_TAGS = frozenset({TIFF_WIDTH, TIFF_HEIGHT, TIFF_BITS, TIFF_PHOTOMETRIC})
TIFF_COLOUR = {0: "grey", 1: "grey", 2: "rgb", 3: "palette", 5: "cmyk", 6: "ycbcr"}


def png(data, info: FileInfo, max_chunks: int | None = None) -> None:
    """IHDR (dimensions, bit depth, colour type), then a chunk walk to IEND."""
    ihdr = data[PNG_SIGNATURE : PNG_SIGNATURE + 25]
    if len(ihdr) < 25:
        _cut(info, "header_cut", len(data))
        return
    if ihdr[4:8] != b"IHDR":
        info.problems.append("bad_header")
        return
    info.width = int.from_bytes(ihdr[8:12], "big")
    info.height = int.from_bytes(ihdr[12:16], "big")
    info.bit_depth = ihdr[16]
    info.colour = PNG_COLOUR.get(ihdr[17], "other")
    info.interlaced = ihdr[20] == 1
    info.detail = info.colour
    _png_chunks(data, info, max_chunks)


def _png_chunks(data, info: FileInfo, max_chunks: int | None) -> None:
    """Walk the chunks to IEND; past ``max_chunks`` stop without a conclusion about the end."""
    pos, n, count = PNG_SIGNATURE, len(data), 0
    while pos + 8 <= n:
        count += 1
        if max_chunks is not None and count > max_chunks:
            return
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > n:
            _cut(info, "chunk_cut", n)
            return
        if kind == b"IEND":
            info.trailing_bytes, info.trailing_kind = classify(data, end)
            return
        pos = end
    _cut(info, "no_eoi", n)


def gif(data, info: FileInfo) -> None:
    if len(data) < 13:
        _cut(info, "header_cut", len(data))
        return
    info.width = int.from_bytes(data[6:8], "little")
    info.height = int.from_bytes(data[8:10], "little")
    info.colour = "palette"
    info.bit_depth = (data[10] & 0x07) + 1


def webp(data, info: FileInfo) -> None:
    """RIFF size, then the first chunk: VP8 (lossy), VP8L (lossless) or VP8X (extended)."""
    riff_end = int.from_bytes(data[4:8], "little") + 8
    if riff_end > len(data):
        _cut(info, "chunk_cut", len(data))
    kind, body = data[12:16], data[20:WEBP_HEAD]
    info.detail = kind.decode("latin-1").strip()
    if kind == b"VP8 " and len(body) >= 10 and body[3:6] == b"\x9d\x01\x2a":
        info.width = int.from_bytes(body[6:8], "little") & 0x3FFF
        info.height = int.from_bytes(body[8:10], "little") & 0x3FFF
    elif kind == b"VP8L" and len(body) >= 5 and body[0] == 0x2F:
        bits = int.from_bytes(body[1:5], "little")
        info.width, info.height = (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    elif kind == b"VP8X" and len(body) >= 10:
        info.width = int.from_bytes(body[4:7], "little") + 1
        info.height = int.from_bytes(body[7:10], "little") + 1
    elif len(data) < 30:
        _cut(info, "header_cut", len(data))
    else:
        info.problems.append("bad_header")


def bmp(data, info: FileInfo) -> None:
    """BITMAPFILEHEADER + the DIB header (OS/2 core or Windows info header)."""
    if len(data) < 26:
        _cut(info, "header_cut", len(data))
        return
    declared = int.from_bytes(data[2:6], "little")
    dib = int.from_bytes(data[14:18], "little")
    if dib == 12:
        info.width = int.from_bytes(data[18:20], "little")
        info.height = int.from_bytes(data[20:22], "little")
        info.bit_depth = int.from_bytes(data[24:26], "little")
    elif dib >= 40 and len(data) >= 30:
        info.width = abs(int.from_bytes(data[18:22], "little", signed=True))
        info.height = abs(int.from_bytes(data[22:26], "little", signed=True))
        info.bit_depth = int.from_bytes(data[28:30], "little")
    else:
        info.problems.append("bad_header")
        return
    if declared > len(data):
        _cut(info, "chunk_cut", len(data))


def tiff_file(data, info: FileInfo) -> None:
    head = tiff.header(data)
    if head is None:  # BigTIFF or too short: format known, dimensions not read
        if len(data) < 8:
            _cut(info, "header_cut", len(data))
        return
    order, at = head
    tags = tiff.read_ifd(data, at, order, TIFF_TAGS)
    width, height = tags.get(TIFF_WIDTH), tags.get(TIFF_HEIGHT)
    if isinstance(width, int) and isinstance(height, int):
        info.width, info.height = width, height
    else:
        info.problems.append("no_frame")
    bits = tags.get(TIFF_BITS)
    info.bit_depth = bits if isinstance(bits, int) else None
    photometric = tags.get(TIFF_PHOTOMETRIC)
    info.colour = TIFF_COLOUR.get(photometric, "other") if isinstance(photometric, int) else ""


def _cut(info: FileInfo, reason: str, at: int) -> None:
    if not info.truncated:
        info.truncated, info.truncation, info.truncated_at = True, reason, at

