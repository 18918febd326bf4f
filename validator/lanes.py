"""Whole-buffer arithmetic on byte values packed into lanes of one Python integer.

Pure Python runs a per-pixel loop about 3–4× slower under Pyodide than on CPython, but an
operation on one big integer (add, shift, and, multiply by a small number, ``int.from_bytes``,
``to_bytes``) is a single C loop over the whole buffer. So the pixel measures put every byte
of a buffer into its own *lane* of ``width`` bytes (big-endian, lane 0 first) and work on all
lanes at once ("SIMD within a register"). A lane is wide enough for every intermediate value,
so no carry or borrow crosses from one lane into the next; each function states the range its
lanes must stay in.
"""

from __future__ import annotations

from functools import lru_cache


def pack(data: bytes, width: int) -> int:
    """Each byte of ``data`` in its own lane of ``width`` bytes."""
    if width == 1:
        return int.from_bytes(data, "big")
    buf = bytearray(len(data) * width)
    buf[width - 1 :: width] = data
    return int.from_bytes(buf, "big")


def low_bytes(x: int, n: int, width: int) -> bytes:
    """The low byte of each of ``n`` lanes (lanes holding 0–255 give their values back)."""
    return x.to_bytes(n * width, "big")[width - 1 :: width]


@lru_cache(maxsize=32)
def ones(n: int, width: int) -> int:
    """The value 1 in each of ``n`` lanes: ``ones(n, w) * v`` puts ``v`` in every lane."""
    return int.from_bytes((bytes(width - 1) + b"\x01") * n, "big")


@lru_cache(maxsize=64)
def division(divisor: int, largest: int) -> tuple[int, int, int, int]:
    """How to compute ``v // divisor`` for ``0 <= v <= largest`` in every lane at once.

    Returns ``(pre, multiplier, shift, width)``: ``((v >> pre) * multiplier) >> shift`` equals
    ``v // divisor``, and ``width`` is the narrowest lane (in bytes) that holds every
    intermediate value. ``pre`` strips the divisor's power of two first (so 1000 = 8 × 125
    divides in 4-byte lanes, and 4 needs no multiply at all).
    """
    pre = (divisor & -divisor).bit_length() - 1
    odd, top = divisor >> pre, largest >> pre
    shift = 0
    while True:
        mult = -(-(1 << shift) // odd)
        # Exact when the multiplier's rounding error stays below one step of the quotient.
        if top * (mult * odd - (1 << shift)) < (1 << shift):
            break
        shift += 1
    width = 1
    while max(largest, top * mult) >= 1 << (8 * width):
        width *= 2
    return pre, mult, shift, width


def divide_rounded(x: int, n: int, width: int, divisor: int, largest: int) -> int:
    """Each lane ``v`` (0 <= v <= largest) becomes ``(v + divisor // 2) // divisor`` (< 256).

    Integer division by shifts and a multiply (exact for the stated range, see
    :func:`division`); masks drop the bits a shift moves in from the neighbouring lane. The
    lanes must be at least as wide as :func:`division` says.
    """
    half = divisor // 2
    pre, mult, shift, need = division(divisor, largest + half)
    if need > width:
        raise ValueError(f"{width}-byte lanes are too narrow to divide {largest} by {divisor}")
    one = ones(n, width)
    x += one * half
    if pre:
        x = (x >> pre) & (one * ((1 << (8 * width - pre)) - 1))
    if mult != 1:
        x *= mult
    return (x >> shift) & (one * 255)


def max_min(a: int, b: int, n: int) -> tuple[int, int]:
    """Lane-wise (max, min) of two lane sets of 2-byte lanes holding 0–255."""
    one = ones(n, 2)
    d = a + (one << 8) - b  # 1..511 per lane; bit 8 set where a >= b
    ge = ((d >> 8) & one) * 255  # 255 where a >= b, else 0
    diff = d & ge  # a - b where a >= b, else 0 (ge masks bit 8 away)
    return b + diff, a - diff
