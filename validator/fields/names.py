"""Names as typed on the national form (F5, F2).

Mainland candidates: Chinese characters only, no letters, digits, spaces or
punctuation, at most 28 characters; a minority-name dot is the English full
stop "."; a character missing from the font is typed as "?" and declared at
review. 港澳台 and foreign candidates (any ID type other than the resident
ID): letters allowed, half-width, only the first letter capitalised; spaces
are not clearly ruled on, so they only warn.
"""

from __future__ import annotations

import unicodedata

from validator.context import Context
from validator.fields.common import label, runs, screen
from validator.report import Report

CODES = (
    "name.too_long",
    "name.wrong_dot",
    "name.dot_position",
    "name.placeholder",
    "name.digits",
    "name.space",
    "name.latin",
    "name.punctuation",
    "name.case",
)

MAINLAND_TYPES = ("resident_id", None, "")


def check(report: Report, value: str, id_type: str | None, ctx: Context) -> None:
    report.subject = label(ctx, "name")
    mainland = id_type in MAINLAND_TYPES
    dots = ctx.param("fields.name_wrong_dots")
    wrong = [c for c in dict.fromkeys(value) if c in dots.value]
    if wrong:
        fixed = "".join("." if c in dots.value else c for c in value)
        report.add("name.wrong_dot", "fail", measured="".join(wrong), value=fixed, param=dots, fixed=fixed)
        value = fixed
    value = screen(report, value, "name", ctx, spaces=False)
    _length(report, value, ctx)
    _spaces(report, value, mainland)
    _characters(report, value, mainland, ctx)


def _length(report: Report, value: str, ctx: Context) -> None:
    limit = ctx.param("fields.name_max_chars")
    if len(value) > limit.value:
        report.add("name.too_long", "fail", measured=str(len(value)), expected=str(limit.value), param=limit)


def _spaces(report: Report, value: str, mainland: bool) -> None:
    if any(c.isspace() for c in value):
        report.add("name.space", "fail" if mainland else "warn", measured=value)


def _characters(report: Report, value: str, mainland: bool, ctx: Context) -> None:
    dot = ctx.param("fields.name_dot")
    placeholder = ctx.param("fields.name_placeholder")
    if dot.value in value and (value.startswith(dot.value) or value.endswith(dot.value) or ".." in value):
        report.add("name.dot_position", "warn", measured=value, param=dot)
    if placeholder.value in value:
        report.add(
            "name.placeholder", "info", measured=str(value.count(placeholder.value)), param=placeholder
        )
    digits = [c for c in value if c.isdigit()]
    if digits:
        report.add("name.digits", "fail", measured=runs(ctx, value, lambda _i, c: c.isdigit()))
    letters = [c for c in value if c.isascii() and c.isalpha()]
    if letters and mainland:
        report.add("name.latin", "fail", measured=runs(ctx, value, lambda _i, c: c.isascii() and c.isalpha()))
    allowed = {dot.value, placeholder.value}
    other = [c for c in value if _punctuation(c) and c not in allowed and not c.isspace()]
    if other:
        shown = runs(ctx, value, lambda _i, c: _punctuation(c) and c not in allowed and not c.isspace())
        report.add("name.punctuation", "fail", measured=shown)
    if not mainland and len(letters) > 1 and any(c.isupper() for c in letters[1:]):
        report.add("name.case", "info", measured=value)


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"
