"""学信网: the 在线验证码 of the 备案表 and its 有效期至 date.

The code is 16 upper-case letters and digits (G1, G2, E3); a 12-digit numeric
form was seen in older reports (weak, warn only). No checksum is published, so
only the format can be checked here; validity needs the CHSI site itself.

The 备案表 must still be valid for some months at the region's deadline
(Hubei: 2 months, SEED0). The deadline and the months are dated parameters; a
request may pass its own ``deadline``. A shortfall names both parameters it
applied (the months, and the deadline unless the request gave its own), so the
report fails it only when both rest on an official source; with the site's
inferred deadline it is a warning that says which date was inferred.
"""

from __future__ import annotations

import re
from datetime import date

from validator.context import Context
from validator.fields.common import ALNUM_RE, DAY_RE, DIGITS_RE, add_months, label, runs, screen
from validator.fields.dates import parse_day
from validator.report import Report

CODES = (
    "chsi.code.stripped",
    "chsi.code.lowercase",
    "chsi.code.tidied",
    "chsi.code.chars",
    "chsi.code.length",
    "chsi.code.legacy",
    "chsi.expiry.format",
    "chsi.expiry.normalised",
    "chsi.expiry.expired",
    "chsi.expiry.short",
    "chsi.expiry.deadline_unconfirmed",
    "chsi.expiry.deadline_bad",
)

SEPARATORS_RE = re.compile(r"[\s\-]+")
SPACES_RE = re.compile(r"\s+")


def check_code(report: Report, value: str, ctx: Context) -> None:
    report.subject = label(ctx, "chsi_code")
    value = screen(report, value, "chsi_code", ctx, spaces=False, final=_tidy)
    code = _tidy(value)
    if not ALNUM_RE.match(code):
        bad = runs(ctx, code, lambda _i, c: not (c.isascii() and c.isalnum()))
        report.add("chsi.code.chars", "fail", measured=bad)
        return
    length = ctx.param("fields.chsi_code_length")
    legacy = ctx.param("fields.chsi_legacy_length")
    if len(code) == legacy.value and DIGITS_RE.match(code):
        report.add("chsi.code.legacy", "warn", measured=str(len(code)), param=legacy)
    elif len(code) != length.value:
        report.add(
            "chsi.code.length", "fail", measured=str(len(code)), expected=str(length.value), param=length
        )
        return
    # one fix line with the final form, and only for a code of the right shape: the full-width
    # finding above already names it; else one finding says what was tidied (separators, lower
    # case or both), never one line per step
    if code != value and not report.has("field.fullwidth"):
        stripped = SEPARATORS_RE.sub("", value)
        step = "stripped" if stripped == code else "lowercase" if stripped == value else "tidied"
        report.add(f"chsi.code.{step}", "info", measured=value, value=code, fixed=code)
    report.facts["normalised"] = code


def _tidy(value: str) -> str:
    """The code as the 省网 takes it: no spaces or dashes, upper case."""
    return SEPARATORS_RE.sub("", value).upper()


def check_expiry(report: Report, value: str, deadline_text: str | None, ctx: Context) -> None:
    report.subject = label(ctx, "chsi_expiry")
    expiry = _parse_day(report, value.strip())
    if expiry is None:
        return
    report.facts["expiry"] = expiry.isoformat()
    if expiry < ctx.as_of:
        report.add("chsi.expiry.expired", "fail", measured=expiry.isoformat(), expected=ctx.as_of.isoformat())
        return
    deadline, deadline_param = _deadline(report, deadline_text, ctx)
    if deadline is None:
        return
    months = ctx.param("fields.chsi_remaining_months")
    needed = add_months(deadline, months.value)
    report.facts.update({"deadline": deadline.isoformat(), "valid_until_needed": needed.isoformat()})
    if expiry < needed:
        report.add(
            "chsi.expiry.short",
            "fail",
            measured=expiry.isoformat(),
            expected=needed.isoformat(),
            param=(months, deadline_param),
            months=months.value,
            deadline=deadline.isoformat(),
        )
    if deadline_param is not None and not deadline_param.official:
        report.add(
            "chsi.expiry.deadline_unconfirmed", "info", measured=deadline.isoformat(), param=deadline_param
        )


def _parse_day(report: Report, text: str) -> date | None:
    # any form people type (2027-6-30, 2027.06.30, 20270630, 2027年6月30日), spaces around its parts too
    day = parse_day(SPACES_RE.sub("", text))
    if day is None:
        report.add("chsi.expiry.format", "fail", measured=text)
    elif not DAY_RE.match(text):
        report.add(
            "chsi.expiry.normalised", "info", measured=text, value=day.isoformat(), fixed=day.isoformat()
        )
    return day


def _deadline(report: Report, text: str | None, ctx: Context):
    """The request's own deadline, else the region's dated parameter."""
    if text:
        try:
            return date.fromisoformat(str(text)), None
        except ValueError:
            report.add("chsi.expiry.deadline_bad", "fail", measured=str(text))
            return None, None
    param = ctx.param("fields.chsi_deadline")
    return date.fromisoformat(param.value), param
