"""``YYYY-MM`` month fields (SEED4: dates on the national form are typed as 2008-03).

A real month with a hyphen and a four-digit year; with
``context.no_future`` (e.g. a graduation month that must already be past)
a month after the as-of date fails.
"""

from __future__ import annotations

import re

from validator.context import Context
from validator.fields.common import label, month_start, screen
from validator.report import Report

CODES = (
    "yyyymm.format",
    "yyyymm.month",
    "yyyymm.future",
    "yyyymm.too_early",
)

NEAR_RE = re.compile(r"^(\d{4})\D*(\d{1,2})\D*$")


def check(report: Report, value: str, context: dict, ctx: Context) -> None:
    report.subject = label(ctx, "yyyymm")
    value = screen(report, value, "yyyymm", ctx)
    m = re.match(r"^(\d{4})-(\d{2})$", value)
    if not m:
        near = NEAR_RE.match(value)
        hint = f"{near.group(1)}-{int(near.group(2)):02d}" if near and 1 <= int(near.group(2)) <= 12 else ""
        report.add("yyyymm.format", "fail", measured=value, value=hint or None, hint=hint or "2021-07")
        return
    start = month_start(value)
    if start is None:
        report.add("yyyymm.month", "fail", measured=m.group(2))
        return
    report.facts["month"] = value
    floor = ctx.param("fields.yyyymm_min_year")
    if start.year < floor.value:
        report.add("yyyymm.too_early", "warn", measured=value, expected=str(floor.value), param=floor)
    if context.get("no_future") and start > ctx.as_of.replace(day=1):
        report.add("yyyymm.future", "fail", measured=value, expected=ctx.as_of.strftime("%Y-%m"))
