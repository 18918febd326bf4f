"""Shared helpers for field checks: character classes and the generic findings.

Every field first goes through :func:`screen`, which reports what no field
accepts (full-width characters, spaces) with the field's own Chinese label and
hands back the normalised value, so each kind checks its own format on it too.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from validator.context import Context
from validator.report import Report

CODES = (
    "field.empty",
    "field.not_text",
    "field.fullwidth",
    "field.space",
    "field.kind_unknown",
)

FULLWIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")
SPACE_RE = re.compile(r"\s")
DIGITS_RE = re.compile(r"^[0-9]+$")
ALNUM_RE = re.compile(r"^[A-Za-z0-9]+$")
YEAR_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
DAY_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def label(ctx: Context, name: str) -> str:
    """The Chinese name of a field or ID type (content/messages/fields.yaml formats)."""
    return ctx.rules.fmt(f"fields.label.{name}")


def text_value(report: Report, request: dict, name: str, ctx: Context) -> str | None:
    """The value as a string, or None after a finding when it is not text at all."""
    value = request.get("value")
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        report.add("field.not_text", "fail", measured=type(value).__name__, field=label(ctx, name))
        return None
    return str(value)


def screen(
    report: Report, value: str, name: str, ctx: Context, *, spaces: bool = True, final=None
) -> str:
    """Report full-width characters and (optionally) spaces, then return the value normalised
    (full-width to half-width, spaces removed) so that every further check still runs on it:
    one finding never hides another (a full-width number with a wrong check digit fails on both).
    ``final`` maps the half-width value to the form the field's own check will end with, so the
    full-width fix line already names what to type (one fix line, never one per step)."""
    wide = FULLWIDTH_RE.findall(value)
    half = unicodedata.normalize("NFKC", value) if wide else value
    fixed = SPACE_RE.sub("", half) if spaces else half
    if wide:
        shown = runs(ctx, value, lambda _i, c: FULLWIDTH_RE.fullmatch(c) is not None)
        typed = final(fixed) if final else fixed
        report.add("field.fullwidth", "fail", measured=shown, value=typed, field=label(ctx, name), half=typed)
    if spaces and SPACE_RE.search(value.replace("\u3000", "")):  # a full-width space is named above
        report.add("field.space", "fail", measured=value, field=label(ctx, name))
    return fixed


def month_start(text: str) -> date | None:
    """``YYYY-MM`` -> the first day of that month, or None."""
    m = YEAR_MONTH_RE.match(text or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """Calendar-month arithmetic; the day is clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _month_length(year, month + 1)
    return date(year, month + 1, min(day.day, last))


def _month_length(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def runs(ctx: Context, value: str, bad) -> str:
    """The stretches of ``value`` whose characters are ``bad(i, c)``, each once, in order, joined with the
    list separator: "Zhang San" -> Zhang、San, not the letters once each ("ZhangS": a phone review read it as
    a garbled word; "２０２１" had become "２０１")."""
    found: list[str] = []
    current = ""
    for i, c in enumerate(value):
        if bad(i, c):
            current += c
            continue
        if current and current not in found:
            found.append(current)
        current = ""
    if current and current not in found:
        found.append(current)
    return join(ctx, found)


def join(ctx: Context, items, how: str = "list") -> str:
    """Join values for display with the separator from content (``fields.join.<how>``)."""
    return ctx.rules.fmt(f"fields.join.{how}").join(str(i) for i in items)
