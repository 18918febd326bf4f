"""Estimate the IJG (libjpeg) quality setting from a JPEG's quantisation tables.

libjpeg scales the example tables of ITU-T T.81 Annex K by a factor derived
from the quality (``jcparam.c``: 5000/q below 50, 200 - 2q from 50 up). We
compare the file's tables with the scaled standard ones for every quality
1..100 and keep the closest; ``exact`` says the tables match one exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from operator import sub

# T.81 Annex K, tables K.1 (luminance) and K.2 (chrominance), natural (row-major) order.
STD_LUMA = (
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
)
STD_CHROMA = (
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
    24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
) + (99,) * 32
# Position in natural order of the k-th coefficient in zig-zag order (T.81 Figure A.6).
ZIGZAG = (
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
    12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
    35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
    58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
)


def natural(zigzag_values: list[int]) -> list[int]:
    """Reorder 64 coefficients from file (zig-zag) order to row-major order."""
    out = [0] * 64
    for k, pos in enumerate(ZIGZAG):
        out[pos] = zigzag_values[k]
    return out


@lru_cache(maxsize=512)
def scaled(std: tuple[int, ...], quality: int, limit: int) -> tuple[int, ...]:
    """The standard table as libjpeg writes it for this quality (``jpeg_add_quant_table``)."""
    factor = 5000 // quality if quality < 50 else 200 - 2 * quality
    return tuple(min(max((v * factor + 50) // 100, 1), limit) for v in std)


def estimate(luma: list[int], chroma: list[int] | None = None) -> tuple[int, bool]:
    """(closest IJG quality 1..100, whether the tables match it exactly); tables in natural order.

    >>> estimate(list(scaled(STD_LUMA, 75, 255)), list(scaled(STD_CHROMA, 75, 255)))
    (75, True)
    >>> estimate([2] * 64)
    (99, False)
    """
    return _estimate(tuple(luma), None if chroma is None else tuple(chroma))


@lru_cache(maxsize=64)
def _estimate(luma: tuple[int, ...], chroma: tuple[int, ...] | None) -> tuple[int, bool]:
    """:func:`estimate` on tuples, remembered: a photo's header is read more than once per check,
    and many files share the tables of a few encoders."""
    limit = 255 if max(luma) <= 255 and (chroma is None or max(chroma) <= 255) else 32767
    best, best_err = 1, None
    for q in range(1, 101):
        err = _distance(luma, scaled(STD_LUMA, q, limit))
        if chroma is not None:
            err += _distance(chroma, scaled(STD_CHROMA, q, limit))
        if best_err is None or err < best_err:
            best, best_err = q, err
    return best, best_err == 0


def _distance(a: Sequence[int], b: Sequence[int]) -> int:
    return sum(map(abs, map(sub, a, b)))
