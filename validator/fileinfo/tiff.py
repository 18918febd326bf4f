"""TIFF structure: the header and one IFD at a time, bounds-checked.

Used for EXIF (a TIFF blob inside a JPEG APP1 segment) and for TIFF files (through a
:class:`validator.fileinfo.source.Window`: only the IFD entries and values asked for are read).
Only the tags asked for are decoded; nothing here raises on bad input.
"""

from __future__ import annotations

from typing import Literal

ByteOrder = Literal["little", "big"]  # int.from_bytes' names: "II" is little-endian, "MM" big-endian

# TIFF 6.0 field types -> (size in bytes, struct-like kind)
TYPES = {1: (1, "u"), 2: (1, "a"), 3: (2, "u"), 4: (4, "u"), 5: (8, "r"), 6: (1, "s"), 7: (1, "b"),
         8: (2, "s"), 9: (4, "s"), 10: (8, "sr"), 16: (8, "u")}
ENTRY = 12  # bytes per IFD entry (classic TIFF)
MAX_ENTRIES = 4096  # entries read from one IFD (real ones have a few dozen)
MAX_VALUE = 1 << 16  # bytes read for one tag's value (the tags asked for are a few bytes)


def header(blob: bytes) -> tuple[ByteOrder, int] | None:
    """(byte order "little"/"big", offset of IFD0) or None if this is no classic TIFF header."""
    order: ByteOrder
    if blob[:4] == b"II*\x00":
        order = "little"
    elif blob[:4] == b"MM\x00*":
        order = "big"
    else:
        return None
    return order, int.from_bytes(blob[4:8], order)


def read_ifd(blob: bytes, offset: int, order: ByteOrder, wanted: frozenset[int]) -> dict[int, object]:
    """Decode the wanted tags of the IFD at offset; unknown types and bad offsets are skipped."""
    out: dict[int, object] = {}
    if not isinstance(offset, int) or offset < 0 or offset + 2 > len(blob):
        return out
    count = int.from_bytes(blob[offset : offset + 2], order)
    count = min(count, (len(blob) - offset - 2) // ENTRY, MAX_ENTRIES)
    for i in range(count):
        at = offset + 2 + i * ENTRY
        tag = int.from_bytes(blob[at : at + 2], order)
        if tag in wanted:
            value = _value(blob, at, order)
            if value is not None:
                out[tag] = value
    return out


def _value(blob: bytes, at: int, order: ByteOrder) -> object:
    kind = int.from_bytes(blob[at + 2 : at + 4], order)
    n = int.from_bytes(blob[at + 4 : at + 8], order)
    if kind not in TYPES or n == 0:
        return None
    size, form = TYPES[kind]
    total = size * n
    if total > MAX_VALUE:
        return None
    if total <= 4:
        raw = blob[at + 8 : at + 8 + total]
    else:
        where = int.from_bytes(blob[at + 8 : at + 12], order)
        if where + total > len(blob):
            return None
        raw = blob[where : where + total]
    return _decode(raw, form, size, order)


def _decode(raw: bytes, form: str, size: int, order: ByteOrder) -> object:
    if form == "a":
        return raw.split(b"\x00", 1)[0].decode("latin-1").strip()
    if form == "b":
        return raw
    signed = form in ("s", "sr")
    if form in ("r", "sr"):
        num = int.from_bytes(raw[0:4], order, signed=signed)
        den = int.from_bytes(raw[4:8], order, signed=signed)
        return num / den if den else None
    return int.from_bytes(raw[0:size], order, signed=signed)
