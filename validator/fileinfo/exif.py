"""EXIF (JPEG APP1 "Exif\\0\\0"): orientation, capture date and resolution.

Reads IFD0 and the Exif sub-IFD it points to (tag 0x8769), in either byte
order. Anything out of bounds is skipped, never raised.
"""

from __future__ import annotations

from validator.fileinfo import tiff

ORIENTATION, X_RES, Y_RES, RES_UNIT, DATETIME, EXIF_IFD = 0x0112, 0x011A, 0x011B, 0x0128, 0x0132, 0x8769
DATETIME_ORIGINAL = 0x9003
IFD0_TAGS = frozenset({ORIENTATION, X_RES, Y_RES, RES_UNIT, DATETIME, EXIF_IFD})
EXIF_TAGS = frozenset({DATETIME_ORIGINAL})


def parse(payload: bytes) -> dict:
    """Facts from the TIFF blob after ``Exif\\0\\0``; ``valid`` is False if it has no TIFF header."""
    head = tiff.header(payload)
    if head is None:
        return {"valid": False}
    order, ifd0_at = head
    ifd0 = tiff.read_ifd(payload, ifd0_at, order, IFD0_TAGS)
    sub_at = _int(ifd0.get(EXIF_IFD))  # the Exif sub-IFD's offset, when IFD0 points to one
    sub = tiff.read_ifd(payload, sub_at, order, EXIF_TAGS) if sub_at is not None else {}
    return {
        "valid": True,
        "byte_order": "II" if order == "little" else "MM",
        "orientation": _int(ifd0.get(ORIENTATION)),
        "datetime_original": _text(sub.get(DATETIME_ORIGINAL)),
        "datetime": _text(ifd0.get(DATETIME)),
        "x_resolution": _num(ifd0.get(X_RES)),
        "y_resolution": _num(ifd0.get(Y_RES)),
        "resolution_unit": _int(ifd0.get(RES_UNIT)),
    }


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
