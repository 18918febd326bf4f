"""Month fields (SEED4: dates on the national form are typed as 2008-03).

A month is read the way people type it (2019-09, 2019-9, 2019.09, 2019/09,
201909, 2019年9月: validator.fields.dates); a form other than ``YYYY-MM`` is
read and said back as ``YYYY-MM`` (info: that is how the form wants it), a
text that is no month fails with its own message. With ``context.no_future``
(e.g. an entry month that must already be past) a month after the as-of date
fails; with ``context.not_before`` (a graduation month given its entry month, YYYY-MM) a month before it
fails: the two were typed the wrong way round. ``facts.month`` is the month understood.
"""

from __future__ import annotations

from validator.context import Context
from validator.fields.common import label, month_start, screen
from validator.fields.dates import month_parts, parse_day
from validator.report import Report

CODES = (
    "yyyymm.format",
    "yyyymm.normalised",
    "yyyymm.month",
    "yyyymm.future",
    "yyyymm.too_early",
    "yyyymm.before_entry",
)


def check(report: Report, value: str, context: dict, ctx: Context) -> None:
    report.subject = label(ctx, "yyyymm")
    # a phone keyboard's trailing space is no part of the month; full-width digits are read as
    # half-width after their own finding (one finding never hides another)
    value = screen(report, value.strip(), "yyyymm", ctx)
    parts = month_parts(value)
    day = parse_day(value) if parts is None else None
    if day is not None:  # a whole date typed in a month field: its month (said back below)
        parts = (day.year, day.month)
    if parts is None:
        report.add("yyyymm.format", "fail", measured=value)
        return
    month = f"{parts[0]:04d}-{parts[1]:02d}"
    start = month_start(month)
    if start is None:
        report.add("yyyymm.month", "fail", measured=str(parts[1]))
        return
    report.facts["month"] = month
    if value != month:
        report.add("yyyymm.normalised", "info", measured=value, value=month, fixed=month)
    value = month
    floor = ctx.param("fields.yyyymm_min_year")
    if start.year < floor.value:
        report.add("yyyymm.too_early", "warn", measured=value, expected=str(floor.value), param=floor)
    if context.get("no_future") and start > ctx.as_of.replace(day=1):
        report.add("yyyymm.future", "fail", measured=value, expected=ctx.as_of.strftime("%Y-%m"))
    entry = _month(context.get("not_before"))
    if entry is not None and month < entry:
        report.add("yyyymm.before_entry", "fail", measured=value, expected=entry)


def _month(text) -> str | None:
    """A month given by the caller (YYYY-MM, or as people type it), or None."""
    parts = month_parts(text.strip()) if isinstance(text, str) else None
    if parts is None or month_start(f"{parts[0]:04d}-{parts[1]:02d}") is None:
        return None
    return f"{parts[0]:04d}-{parts[1]:02d}"
