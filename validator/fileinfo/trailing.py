"""What follows the end of an image (JPEG EOI, PNG IEND): nothing, zero padding, or other data."""

from __future__ import annotations


def classify(data, end: int) -> tuple[int, str]:
    """(number of bytes after ``end``, "" | "zero" | "jpeg_image" | "other_data").

    ``data`` is a :class:`validator.fileinfo.source.Window` (or bytes): the rest is scanned in
    chunks, never read at once.
    """
    rest = len(data) - end
    if rest <= 0:
        return 0, ""
    if _all_zero(data, end):
        return rest, "zero"
    if data[end : end + 3] == b"\xff\xd8\xff":
        return rest, "jpeg_image"
    return rest, "other_data"


def _all_zero(data, end: int) -> bool:
    if isinstance(data, bytes | bytearray):
        return data.count(0, end) == len(data) - end
    return data.all_zero_from(end)
