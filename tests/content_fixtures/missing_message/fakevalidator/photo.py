"""Declares one finding code that has a message and one that has none."""

CODES = ("photo.size.too_large", "photo.size.too_small")
