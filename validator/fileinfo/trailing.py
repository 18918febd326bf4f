"""What follows the end of an image (JPEG EOI, PNG IEND): nothing, zero padding, or other data."""

from __future__ import annotations


def classify(data: bytes, end: int) -> tuple[int, str]:
    """(number of bytes after ``end``, "" | "zero" | "jpeg_image" | "other_data")."""
    rest = len(data) - end
    if rest <= 0:
        return 0, ""
    if data.count(0, end) == rest:
        return rest, "zero"
    if data.startswith(b"\xff\xd8\xff", end):
        return rest, "jpeg_image"
    return rest, "other_data"
