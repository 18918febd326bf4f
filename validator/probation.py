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

Each period is accounted for on its own (``facts["periods"]``): days inside the
window, days before and after it, and days already counted by an earlier row
(an overlap is counted once, on the row listed first), so the rows' counted
days add up to the total. When the window's end is the written-exam date and
that date is the site's inference, the verdict says what depends on it: the
first exam date from which the year is complete (``enough_from``). A shortfall
that a later exam date would cure is a warning (it rests on the inferred
date); one that no exam date can cure rests on the year itself (a failure).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from validator.context import Context
from validator.fields.common import add_months
from validator.fields.dates import parse_day
from validator.report import Report
from validator.ruleset import Param

CODES = (
    "probation.periods.empty",
    "probation.periods.not_list",
    "probation.period.bad_row",
    "probation.period.bad_date",
    "probation.period.end_before_start",
    "probation.period.ongoing",
    "probation.period.outside_window",
    "probation.period.clipped",
    "probation.period.overlap",
    "probation.period.future",
    "probation.exam_date.bad",
    "probation.exam_date.unconfirmed",
    "probation.total.short",
    "probation.total.short_if_exam",
    "probation.total.ok_if_exam",
    "probation.total.borderline",
    "probation.total.ok",
    "probation.total.ok_if_continuing",
)

ONE_DAY = timedelta(days=1)
ONGOING = "ongoing"  # a period's end when the candidate is still on probation
OFFICIAL = ("seed", "c2")  # a value resting on these may decide a failure on its own


@dataclass(frozen=True)
class Period:
    row: int  # 1-based, as the user sees the rows
    unit: str
    start: date
    end: date
    ongoing: bool = False  # still on probation: counted to the window's last day


def run_request(request: dict, ctx: Context, data=None, pixels=None) -> Report:
    """Entry point for :func:`validator.api.run` (op ``probation``)."""
    report = Report(ctx.rules, "probation")
    start, end, exam_param, inferred = window(report, request.get("exam_date"), ctx)
    periods = _periods(report, request.get("periods"), end)
    report.facts.update(
        {
            "region": ctx.region,
            "window_start": start.isoformat() if start else None,
            "window_end": end.isoformat(),
            "window_end_inferred": inferred,
            "periods_valid": len(periods),
        }
    )
    counted = _clip(report, periods, start, end)
    report.facts["periods"] = account(periods, start, end)
    _overlaps(report, counted)
    _future(report, counted, ctx)
    stretches = merge([(p.start, p.end) for p in counted])
    open_end = (_from_start(periods, start), exam_param) if inferred else None
    total(
        report,
        stretches,
        ctx,
        has_periods=bool(periods),
        open_end=open_end,
        running=_running(counted, stretches, ctx),
    )
    return report


def _running(counted: list[Period], stretches: list[tuple[date, date]], ctx: Context) -> date | None:
    """The day the year completes when it is still ahead and rests on a period still running (counted
    to the window's end as if the candidate stays): the verdict then says "到 X 日将满一年", not "已满"."""
    if not any(p.ongoing for p in counted):
        return None
    day = enough_from(stretches, ctx.param("probation.required_days").value)
    return day if day is not None and day > ctx.as_of else None


def _from_start(periods: list[Period], start: date | None) -> list[tuple[date, date]]:
    """The periods from the window's start on, with no end: what a later exam date could count."""
    return merge(
        [(max(p.start, start) if start else p.start, p.end) for p in periods if not start or p.end >= start]
    )


# periods ----------------------------------------------------------------------
def _periods(report: Report, raw, window_end: date) -> list[Period]:
    if raw is None or raw == []:
        report.add("probation.periods.empty", "fail")
        return []
    if not isinstance(raw, list):
        report.add("probation.periods.not_list", "fail", measured=type(raw).__name__)
        return []
    periods = []
    for row, item in enumerate(raw, start=1):
        period = _period(report, row, item, window_end)
        if period is not None:
            periods.append(period)
    return periods


def _period(report: Report, row: int, item, window_end: date) -> Period | None:
    if not isinstance(item, dict):
        report.add("probation.period.bad_row", "fail", measured=str(row), row=row)
        return None
    unit = str(item.get("unit") or "").strip()
    ongoing = item.get("end") == ONGOING
    start, end = _day(item.get("start")), window_end if ongoing else _day(item.get("end"))
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
    if ongoing:
        report.add("probation.period.ongoing", "info", measured=end.isoformat(), row=row, unit=unit)
    return Period(row, unit, start, end, ongoing)


def _day(value) -> date | None:
    """A day in any form people type (2024-03-01, 2024.3.1, 20240301, 2024年3月1日)."""
    return parse_day(value) if isinstance(value, str) else None


# the counting window ------------------------------------------------------------
def window(report: Report, exam_text, ctx: Context) -> tuple[date | None, date, Param | None, bool]:
    """(first day counted or None, last day counted, the exam-date parameter used, end inferred?)."""
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
    inferred = uses_exam and exam_param is not None and (derived or exam_param.confidence not in OFFICIAL)
    if inferred:
        report.add("probation.exam_date.unconfirmed", "info", measured=exam.isoformat(), param=exam_param)
    return start, end, exam_param if uses_exam else None, inferred


def bounds(ctx: Context) -> tuple[date | None, date, Param, bool]:
    """The region's window from the rules alone (no request): for other checks that mention it."""
    param = ctx.param("probation.exam_date")
    exam = _in_cycle(date.fromisoformat(param.value), ctx)
    start, end, uses_exam = _bounds(exam, ctx)
    derived = param.value != exam.isoformat()
    return start, end, param, uses_exam and (derived or param.confidence not in OFFICIAL)


def _in_cycle(day: date, ctx: Context) -> date:
    if ctx.rules.cycle and day.year != ctx.rules.cycle:  # the exam year is the rules' cycle
        return _same_day_in(day, int(ctx.rules.cycle))
    return day


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
    return _in_cycle(date.fromisoformat(param.value), ctx), param


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
            report.add(
                "probation.period.clipped",
                "info",
                measured=_span(p),
                expected=f"{lo.isoformat()} – {hi.isoformat()}",
                row=p.row,
                unit=p.unit,
                outside=_outside_text(report, *_outside(p, start, end)),
                counted=(hi - lo).days + 1,
            )
        counted.append(Period(p.row, p.unit, lo, hi, p.ongoing))
    return counted


def _outside(p: Period, start: date | None, end: date) -> tuple[int, int]:
    """Days of a period before the window's start and after its end."""
    before = _days(p.start, min(p.end, start - ONE_DAY)) if start and p.start < start else 0
    after = _days(max(p.start, end + ONE_DAY), p.end) if p.end > end else 0
    return before, after


def _outside_text(report: Report, before: int, after: int) -> str:
    """“范围开始以前 N 天、结束以后 M 天” with the parts that are not zero (content formats)."""
    parts = [
        report.rules.fmt(f"probation.outside.{k}", days=n)
        for k, n in (("before", before), ("after", after))
        if n
    ]
    return report.rules.fmt("probation.outside.sep").join(parts)


def _days(lo: date, hi: date) -> int:
    return max(0, (hi - lo).days + 1)


def account(periods: list[Period], start: date | None, end: date) -> list[dict]:
    """Per row: days inside the window, before, after, and already counted by an earlier row."""
    rows: list[dict] = []
    covered: list[tuple[date, date]] = []  # the periods already counted
    for p in periods:
        lo, hi = (max(p.start, start) if start else p.start), min(p.end, end)
        inside = _days(lo, hi)
        overlap = sum(_days(max(lo, a), min(hi, b)) for a, b in covered) if inside else 0
        before, after = _outside(p, start, end)
        rows.append(
            {
                "row": p.row,
                "unit": p.unit,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "ongoing": p.ongoing,
                "inside_days": inside,
                "overlap_days": overlap,
                "counted_days": inside - overlap,
                "before_days": before,
                "after_days": after,
            }
        )
        if inside:
            covered = merge([*covered, (lo, hi)])
    return rows


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
        if p.end > ctx.as_of and not p.ongoing:
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
    """Full calendar months per stretch plus the days left over, summed over the stretches. Days are
    never carried into a month: 2025-08-15 – 2026-08-13 is 11 months and 30 days (364 days, one
    short of a year), not "12 months"."""
    months = days = 0
    for lo, hi in stretches:
        n = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
        while n > 0 and _month_end(lo, n) > hi:
            n -= 1
        months += n
        days += (hi - _month_end(lo, n)).days if n else (hi - lo).days + 1
    return months, days


def _month_end(lo: date, n: int) -> date:
    """The last day of ``n`` full calendar months from ``lo`` (date.max past the calendar's end)."""
    try:
        return add_months(lo, n) - ONE_DAY
    except (ValueError, OverflowError):
        return date.max


def total(
    report: Report,
    stretches: list[tuple[date, date]],
    ctx: Context,
    has_periods: bool,
    open_end=None,
    running: date | None = None,
) -> None:
    """The verdict. ``open_end`` = (periods from the window's start, exam-date parameter) when the
    window ends on an inferred exam date: the verdict then says from which exam date the year is
    complete, and a shortfall that a later date would cure is a warning resting on that date."""
    counted = sum((hi - lo).days + 1 for lo, hi in stretches)
    months, days = months_and_days(stretches)
    required = ctx.param("probation.required_days")
    short = max(0, required.value - counted)
    cure = enough_from(open_end[0], required.value) if open_end else None
    report.facts.update(
        {
            "days_counted": counted,
            "months": months,
            "days": days,
            "duration": report.rules.duration_text(months, days),
            "required_days": required.value,
            "enough": short == 0,
            "short_days": short,
            "stretches": [[lo.isoformat(), hi.isoformat()] for lo, hi in stretches],
            "enough_from": cure.isoformat() if cure else None,
            "complete_on": running.isoformat() if running and not short else None,
        }
    )
    if not has_periods:
        return
    values = {
        "months": months,
        "days": days,
        "duration": report.facts["duration"],
        "counted": counted,
        "end": report.facts["window_end"],
    }
    common = {"measured": str(counted), "expected": str(required.value)}
    if short and cure:
        report.add(
            "probation.total.short_if_exam",
            "warn",
            **common,
            param=open_end[1],
            short=short,
            day=cure.isoformat(),
            **values,
        )
    elif short:
        report.add("probation.total.short", "fail", **common, param=required, short=short, **values)
    elif counted - required.value < (margin := ctx.param("probation.borderline_days")).value:
        report.add(
            "probation.total.borderline", "warn", **common, param=margin, margin=margin.value, **values
        )
    elif running:
        report.add(
            "probation.total.ok_if_continuing",
            "info",
            **common,
            param=required,
            day=running.isoformat(),
            **values,
        )
    else:
        report.add("probation.total.ok", "info", **common, param=required, **values)
    if not short and cure:
        report.add(
            "probation.total.ok_if_exam", "info", measured=cure.isoformat(), param=open_end[1], **values
        )


def enough_from(spans: list[tuple[date, date]], required: int) -> date | None:
    """The first day on which the days counted from the window's start reach the requirement."""
    total_days = 0
    for lo, hi in spans:
        length = _days(lo, hi)
        if total_days + length >= required:
            return lo + timedelta(days=required - total_days - 1)
        total_days += length
    return None
