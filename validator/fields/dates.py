"""Months and days written the way people type them.

The official forms want ``YYYY-MM`` (SEED4) and ``YYYY-MM-DD``; candidates type 2019-9, 2019.09,
2019/09, 201909 or 2019年9月 (and full dates the same ways; full-width digits as typed on a Chinese
keyboard too; a whole date in a month field gives its month). These functions read the shape only:
a year of four digits, a month and day of one or two digits, one separator from ``-`` ``/`` ``.``
(or 年 / 月 / 日), or the compact 6- and 8-digit forms. Whether the month or day exists is the
caller's check, so "2021-13" can get its own message. Outer whitespace is ignored, inner
whitespace is not a form. The page's copy is docs/assets/js/tools/dates.js (same table of forms:
tests/date_forms.json).
"""

from __future__ import annotations

import re
from datetime import date

MONTH_RE = re.compile(r"^(\d{4})(?:[-/.]|年)(\d{1,2})月?$", re.ASCII)
MONTH_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})$", re.ASCII)
DAY_RE = re.compile(r"^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?$", re.ASCII)
DAY_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$", re.ASCII)


# Full-width digits and separators (a Chinese keyboard's ２０１９－０９) read as their ASCII forms.
_FULL_WIDTH = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in (*range(0xFF10, 0xFF1A), 0xFF0D, 0xFF0E, 0xFF0F)}
)


def _ascii(text: str) -> str:
    return str(text or "").strip().translate(_FULL_WIDTH)


def month_parts(text: str) -> tuple[int, int] | None:
    """(year, month) as typed, the month not yet range-checked; None when it is not a month's shape."""
    value = _ascii(text)
    m = MONTH_RE.match(value) or MONTH_COMPACT_RE.match(value)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2))


def day_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) as typed, not yet range-checked; None when it is not a date's shape."""
    value = _ascii(text)
    m = DAY_RE.match(value) or DAY_COMPACT_RE.match(value)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def parse_month(text: str) -> str | None:
    """``YYYY-MM`` for a real month in any accepted form (a whole date gives its month), else None."""
    parts = month_parts(text)
    if parts is None:
        day = parse_day(text)
        return f"{day.year:04d}-{day.month:02d}" if day else None
    if not 1 <= parts[1] <= 12:
        return None
    return f"{parts[0]:04d}-{parts[1]:02d}"


def parse_day(text: str) -> date | None:
    """The calendar day in any accepted form, else None (2027-02-30 is not one)."""
    parts = day_parts(text)
    if parts is None:
        return None
    try:
        return date(*parts)
    except ValueError:
        return None
