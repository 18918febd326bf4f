"""Form fields: one request ``{"kind", "value", ...}`` -> one report (op ``field``).

Kinds: ``id_number`` (with ``id_type``), ``name``, ``diploma_number``,
``chsi_code``, ``chsi_expiry`` and ``yyyymm``; each lives in its own module.
Only the format is checked: a well-formed number may still be wrong, and the
report's notice says so. Codes: ``field.*`` (shared), ``id.*``, ``name.*``,
``diploma.*``, ``chsi.*`` and ``yyyymm.*``.
"""

from __future__ import annotations

from validator.context import Context
from validator.fields import chsi, common, diploma, idnumber, months, names
from validator.report import Report

CODES = common.CODES + idnumber.CODES + names.CODES + diploma.CODES + chsi.CODES + months.CODES
KINDS = ("id_number", "name", "diploma_number", "chsi_code", "chsi_expiry", "yyyymm")


def run_request(request: dict, ctx: Context, data=None, pixels=None) -> Report:
    """Entry point for :func:`validator.api.run` (op ``field``); never raises on bad input."""
    report = Report(ctx.rules, "field")
    kind = request.get("kind")
    if kind not in KINDS:
        report.add("field.kind_unknown", "fail", value=str(kind)[:40])  # the key stays out of the text
        return report
    report.facts["kind"] = kind
    value = common.text_value(report, request, kind, ctx)
    if value is None:
        return report
    given = request.get("context")
    context = given if isinstance(given, dict) else {}
    if value == "" and kind != "diploma_number":
        report.subject = common.label(ctx, kind)
        report.add("field.empty", "fail", field=common.label(ctx, kind))
        return report
    _dispatch(report, kind, value, request, context, ctx)
    return report


def _dispatch(report: Report, kind: str, value: str, request: dict, context: dict, ctx: Context) -> None:
    if kind == "id_number":
        idnumber.check(report, value, request.get("id_type") or "resident_id", ctx)
    elif kind == "name":
        names.check(report, value, request.get("id_type"), ctx)
    elif kind == "diploma_number":
        diploma.check(report, value, context, ctx)
    elif kind == "chsi_code":
        chsi.check_code(report, value, ctx)
    elif kind == "chsi_expiry":
        chsi.check_expiry(report, value, request.get("deadline"), ctx)
    else:
        months.check(report, value, context, ctx)
