"""试用期 calculator (op ``probation``): cumulative probation time inside the region's window.

Rule (2014 规定 第三条, R1/R7): at least one year of 试用, summed over several
institutions, completed by 31 August of the exam year. Hubei (SEED0 §二(一)4)
counts from 1 January of the year before the written exam to the written-exam
date. Both ends are dated parameters (``probation.window_*``); the written-exam
date is ``probation.exam_date`` or the request's ``exam_date``.

Counting (documented on ``probation.required_days``): days are counted with
both ends included, overlapping periods once; months and days for display are
calendar months per merged stretch plus the remaining days, with every 30 days
carried into a month. Bad periods become findings, never exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from validator.context import Context
from validator.fields.common import DAY_RE, add_months
from validator.report import Report

CODES = (
    "probation.periods.empty",
    "probation.periods.not_list",
    "probation.period.bad_row",
    "probation.period.bad_date",
    "probation.period.end_before_start",
    "probation.period.outside_window",
    "probation.period.clipped",
    "probation.period.overlap",
    "probation.period.future",
    "probation.exam_date.bad",
    "probation.exam_date.unconfirmed",
    "probation.total.short",
    "probation.total.borderline",
    "probation.total.ok",
)

ONE_DAY = timedelta(days=1)
SOURCED = ("seed", "c2", "c1")


@dataclass(frozen=True)
class Period:
    row: int  # 1-based, as the user sees the rows
    unit: str
    start: date
    end: date


def run_request(request: dict, ctx: Context, data=None, pixels=None) -> Report:
    """Entry point for :func:`validator.api.run` (op ``probation``)."""
    report = Report(ctx.rules, "probation")
    periods = _periods(report, request.get("periods"))
    start, end = window(report, request.get("exam_date"), ctx)
    report.facts.update(
        {
            "window_start": start.isoformat() if start else None,
            "window_end": end.isoformat(),
            "periods_valid": len(periods),
        }
    )
    counted = _clip(report, periods, start, end)
    _overlaps(report, counted)
    _future(report, counted, ctx)
    stretches = merge([(p.start, p.end) for p in counted])
    total(report, stretches, ctx, has_periods=bool(periods))
    return report


# periods ----------------------------------------------------------------------
def _periods(report: Report, raw) -> list[Period]:
    if raw is None or raw == []:
        report.add("probation.periods.empty", "fail")
        return []
    if not isinstance(raw, list):
        report.add("probation.periods.not_list", "fail", measured=type(raw).__name__)
        return []
    periods = []
    for row, item in enumerate(raw, start=1):
        period = _period(report, row, item)
        if period is not None:
            periods.append(period)
    return periods


def _period(report: Report, row: int, item) -> Period | None:
    if not isinstance(item, dict):
        report.add("probation.period.bad_row", "fail", measured=str(row), row=row)
        return None
    unit = str(item.get("unit") or "").strip()
    start, end = _day(item.get("start")), _day(item.get("end"))
    for key, day in (("start", start), ("end", end)):
        if day is None:
            shown = str(item.get(key) or "")
            which = report.rules.fmt(f"probation.{key}")
            report.add("probation.period.bad_date", "fail", measured=shown, row=row, unit=unit, which=which)
    if start is None or end is None:
        return None
    if end < start:
        report.add(
            "probation.period.end_before_start",
            "fail",
            measured=f"{start.isoformat()} – {end.isoformat()}",
            row=row,
            unit=unit,
        )
        return None
    return Period(row, unit, start, end)


def _day(value) -> date | None:
    if not isinstance(value, str) or not DAY_RE.match(value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


# the counting window ------------------------------------------------------------
def window(report: Report, exam_text, ctx: Context) -> tuple[date | None, date]:
    """(first day counted or None for no start, last day counted) for the region."""
    exam, exam_param = _exam_date(report, exam_text, ctx)
    try:
        start, end, uses_exam = _bounds(exam, ctx)
    except (ValueError, OverflowError):  # an override so far off that the window leaves the calendar
        report.add("probation.exam_date.bad", "fail", measured=str(exam_text))
        exam, exam_param = _exam_date(report, None, ctx)
        start, end, uses_exam = _bounds(exam, ctx)
    report.facts["exam_year"] = exam.year
    report.facts["exam_date"] = exam.isoformat() if uses_exam else None
    derived = exam_param is not None and exam_param.value != exam.isoformat()
    if uses_exam and exam_param is not None and (derived or exam_param.confidence not in SOURCED):
        report.add("probation.exam_date.unconfirmed", "info", measured=exam.isoformat(), param=exam_param)
    return start, end


def _bounds(exam: date, ctx: Context) -> tuple[date | None, date, bool]:
    start_param = ctx.param("probation.window_start")
    end_param = ctx.param("probation.window_end")
    start = _anchor(start_param.value, exam.year, exam) if start_param.value is not None else None
    end = _anchor(end_param.value, exam.year, exam)
    return start, end, "exam_date" in (start_param.value, end_param.value)


def _exam_date(report: Report, text, ctx: Context):
    if text:
        day = _day(text)
        if day is not None:
            return day, None
        report.add("probation.exam_date.bad", "fail", measured=str(text))
    param = ctx.param("probation.exam_date")
    day = date.fromisoformat(param.value)
    if ctx.rules.cycle and day.year != ctx.rules.cycle:  # the exam year is the rules' cycle
        day = _same_day_in(day, int(ctx.rules.cycle))
    return day, param


def _same_day_in(day: date, year: int) -> date:
    """The same month and day in another year (29 February becomes 28 February)."""
    return date(year, day.month, min(day.day, 28) if day.month == 2 else day.day)


def _anchor(value, exam_year: int, exam: date) -> date:
    """A window end from its parameter value: ``"exam_date"`` or ``{month_day, year_offset}``."""
    if value == "exam_date":
        return exam
    month, day = (int(part) for part in value["month_day"].split("-"))
    return date(exam_year + int(value.get("year_offset", 0)), month, day)


def _clip(report: Report, periods: list[Period], start: date | None, end: date) -> list[Period]:
    counted = []
    for p in periods:
        lo = max(p.start, start) if start else p.start
        hi = min(p.end, end)
        if lo > hi:
            report.add("probation.period.outside_window", "info", measured=_span(p), row=p.row, unit=p.unit)
            continue
        if (lo, hi) != (p.start, p.end):
            kept = f"{lo.isoformat()} – {hi.isoformat()}"
            report.add(
                "probation.period.clipped", "info", measured=_span(p), expected=kept, row=p.row, unit=p.unit
            )
        counted.append(Period(p.row, p.unit, lo, hi))
    return counted


def _overlaps(report: Report, periods: list[Period]) -> None:
    for i, a in enumerate(periods):
        for b in periods[i + 1 :]:
            lo, hi = max(a.start, b.start), min(a.end, b.end)
            if lo <= hi:
                days = (hi - lo).days + 1
                report.add(
                    "probation.period.overlap", "info", measured=str(days), row=a.row, other=b.row, days=days
                )


def _future(report: Report, periods: list[Period], ctx: Context) -> None:
    for p in periods:
        if p.end > ctx.as_of:
            report.add(
                "probation.period.future",
                "info",
                measured=p.end.isoformat(),
                expected=ctx.as_of.isoformat(),
                row=p.row,
                unit=p.unit,
            )


def _span(p: Period) -> str:
    return f"{p.start.isoformat()} – {p.end.isoformat()}"


# totals ---------------------------------------------------------------------------
def merge(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Union of inclusive day ranges: overlapping or touching ranges become one."""
    merged: list[list[date]] = []
    for lo, hi in sorted(spans):
        if merged and (lo - merged[-1][1]).days <= 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def months_and_days(stretches: list[tuple[date, date]]) -> tuple[int, int]:
    """Calendar months per stretch plus remaining days; every 30 days carried into a month."""
    months = days = 0
    for lo, hi in stretches:
        n = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
        while n > 0 and _month_end(lo, n) > hi:
            n -= 1
        months += n
        days += (hi - _month_end(lo, n)).days if n else (hi - lo).days + 1
    return months + days // 30, days % 30


def _month_end(lo: date, n: int) -> date:
    """The last day of ``n`` full calendar months from ``lo`` (date.max past the calendar's end)."""
    try:
        return add_months(lo, n) - ONE_DAY
    except (ValueError, OverflowError):
        return date.max


def total(report: Report, stretches: list[tuple[date, date]], ctx: Context, has_periods: bool) -> None:
    counted = sum((hi - lo).days + 1 for lo, hi in stretches)
    months, days = months_and_days(stretches)
    required = ctx.param("probation.required_days")
    short = max(0, required.value - counted)
    report.facts.update(
        {
            "days_counted": counted,
            "months": months,
            "days": days,
            "required_days": required.value,
            "enough": short == 0,
            "short_days": short,
            "stretches": [[lo.isoformat(), hi.isoformat()] for lo, hi in stretches],
        }
    )
    if not has_periods:
        return
    values = {"months": months, "days": days, "counted": counted}
    if short:
        report.add(
            "probation.total.short",
            "fail",
            measured=str(counted),
            expected=str(required.value),
            param=required,
            short=short,
            **values,
        )
        return
    margin = ctx.param("probation.borderline_days")
    if counted - required.value < margin.value:
        report.add(
            "probation.total.borderline",
            "warn",
            measured=str(counted),
            expected=str(required.value),
            param=margin,
            margin=margin.value,
            **values,
        )
    else:
        report.add(
            "probation.total.ok",
            "info",
            measured=str(counted),
            expected=str(required.value),
            param=required,
            **values,
        )
