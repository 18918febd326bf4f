"""毕业证书编号 (diploma number).

Higher-education diploma numbers are 17 or 18 digits (E4, c2); the form takes
digits only, typed left to right (F2). Graduating postgraduates, 硕博连读 and
师承/确有专长 candidates may leave it blank (F2, SEED4 §二.4): the request's
``context`` flags say so. 中专 numbers vary (the Hubei example has 7 digits),
so with ``context.level == "secondary"`` any all-digit number passes with a note.

Numbers by era (``context.graduated``, the graduation month as the form's field holds it: ``YYYY-MM`` or
any form people type, 2021.7, 2021年7月, 202107, full-width digits too): the 17/18-digit
numbering dates from about 2001/2002 (E2, E4). Before ``fields.diploma_format_from`` the length is not
checked (``diploma.early`` says so); from ``fields.diploma_format_firm_from`` a wrong length fails on the
official lengths; between the two, or with no graduation month, it only warns.
"""

from __future__ import annotations

import unicodedata

from validator.context import Context
from validator.fields.common import DIGITS_RE, join, label, month_start, runs, screen
from validator.fields.dates import parse_month
from validator.report import Report

CODES = (
    "diploma.empty",
    "diploma.empty_ok",
    "diploma.letters",
    "diploma.chars",
    "diploma.length",
    "diploma.length_unknown_era",
    "diploma.early",
    "diploma.secondary",
)


def check(report: Report, value: str, context: dict, ctx: Context) -> None:
    report.subject = label(ctx, "diploma_number")
    exempt = ctx.param("fields.diploma_exempt")
    if value == "":
        flags = [flag for flag in exempt.value if context.get(flag)]
        if flags:
            report.add(
                "diploma.empty_ok", "info", param=exempt, why=ctx.rules.fmt(f"fields.exempt.{flags[0]}")
            )
        else:
            report.add("diploma.empty", "fail", param=exempt)
        return
    value = screen(report, value, "diploma_number", ctx)
    if not DIGITS_RE.match(value):
        letters = any(c.isascii() and c.isalpha() for c in value)
        code = "diploma.letters" if letters else "diploma.chars"
        if letters:
            shown = runs(ctx, value, lambda _i, c: c.isascii() and c.isalpha())
        else:
            shown = runs(ctx, value, lambda _i, c: not (c.isascii() and c.isdigit()))
        report.add(code, "fail", measured=shown)
        return
    lengths = ctx.param("fields.diploma_lengths")
    if context.get("level") == "secondary" and len(value) not in lengths.value:
        report.add("diploma.secondary", "info", measured=str(len(value)), param=lengths)
        return
    graduated = _graduated(context.get("graduated"))
    start, firm = ctx.param("fields.diploma_format_from"), ctx.param("fields.diploma_format_firm_from")
    shown = ctx.rules.fmt("fields.month", y=graduated.year, m=graduated.month) if graduated else ""
    if graduated and graduated.isoformat() < start.value:
        report.add("diploma.early", "info", graduated=shown, param=start)
        report.facts["era"] = "early"
        return
    if len(value) in lengths.value:
        report.facts["digits"] = len(value)
        return
    expected = join(ctx, lengths.value, "or")
    if graduated is None:
        report.add("diploma.length_unknown_era", "warn", measured=str(len(value)), expected=expected,
                   param=lengths)
        return
    # from the firm date the official lengths decide; in the first years of the numbering it only warns
    params = (lengths,) if graduated.isoformat() >= firm.value else (lengths, firm)
    report.add("diploma.length", "fail", measured=str(len(value)), expected=expected, graduated=shown,
               param=params)


def _graduated(raw):
    """The graduation month's first day from the month as typed (the same forms the month field reads),
    or None when there is none or it cannot be read (then the era is unknown and it is said so)."""
    typed = unicodedata.normalize("NFKC", str(raw or "")).strip()
    month = parse_month(typed)
    return month_start(month) if month else None
