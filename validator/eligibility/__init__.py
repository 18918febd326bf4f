"""Eligibility engine (op ``eligibility``): a candidate profile -> the pathways that apply.

Each pathway id (content/pathways/*.yaml, compiled into ``rules.data["pathways"]``)
has a predicate in :data:`validator.eligibility.pathways.REGISTRY`. The report's
facts list the applicable pathways with reasons, the others with the reasons
they do not apply, and the checklist (material ids) of each applicable pathway,
taken from the compiled pathway files at run time. Problems in the profile
itself (missing fields, impossible dates, a level entered twice) are findings.
"""

from __future__ import annotations

from validator.context import Context
from validator.eligibility import basis, pathways, profile
from validator.eligibility.pathways import REGISTRY, Eval, Reason
from validator.report import Report

CODES = (
    *profile.CODES,
    *basis.CODES,
    *pathways.CODES,
    "eligibility.none",
    "eligibility.some",
)


def run_request(request: dict, ctx: Context, data=None, pixels=None) -> Report:
    """Entry point for :func:`validator.api.run`; never raises on a bad profile."""
    report = Report(ctx.rules, "eligibility")
    for key in ("applicable", "not_applicable", "applicable_ids", "not_applicable_ids"):
        report.facts[key] = []
    report.facts["checklist"] = {}
    pf = profile.read_profile(report, request.get("profile"), ctx)
    if pf is None:
        return report
    compiled = ctx.rules.data.get("pathways", {})
    ev = Eval(pf, ctx, {pid: spec.get("categories", []) for pid, spec in compiled.items()})
    for pid, spec in sorted(compiled.items(), key=lambda item: (item[1].get("order", 0), item[0])):
        predicate = REGISTRY.get(pid)
        if predicate is None:
            continue  # a pathway file without rules: listed on the site, never judged here
        ev.pathway = pid
        applies, reasons = predicate(pf, ev)
        if applies and (mismatch := _level_mismatch(pid, spec, pf, ctx)):
            if pid in ctx.value("eligibility.step_down_pathways") and pf.target_level == "assistant":
                reasons = [*reasons, ("eligibility.reason.step_down", {})]
            else:
                applies, reasons = False, mismatch
        _record(report, pid, spec, applies, reasons, ctx)
    _summary(report)
    return report


def _level_mismatch(pid: str, spec: dict, pf: profile.Profile, ctx: Context) -> list[Reason]:
    if pf.target_level is None or pid in ctx.value("eligibility.any_level_pathways"):
        return []
    if spec.get("level") == pf.target_level:
        return []
    name = ctx.rules.fmt(f"eligibility.target.{spec.get('level')}")
    return [("eligibility.reason.target_level", {"level": name})]


def _record(report: Report, pid: str, spec: dict, applies: bool, reasons: list[Reason], ctx: Context) -> None:
    unique = list(dict.fromkeys((code, tuple(sorted(values.items()))) for code, values in reasons))
    entry = {
        "pathway": pid,
        "title": spec.get("title", pid),
        "reasons": [ctx.rules.render_message(code, **dict(values))["message"] for code, values in unique],
        "reason_codes": [code for code, _ in unique],
    }
    if applies:
        report.facts["applicable"].append(entry)
        report.facts["applicable_ids"].append(pid)
        report.facts["checklist"][pid] = [m["material"] for m in spec.get("materials", [])]
    else:
        report.facts["not_applicable"].append(entry)
        report.facts["not_applicable_ids"].append(pid)


def _summary(report: Report) -> None:
    found = report.facts["applicable_ids"]
    if found:
        titles = "、".join(e["title"] for e in report.facts["applicable"])
        report.add("eligibility.some", "info", measured=str(len(found)), titles=titles)
    else:
        report.add("eligibility.none", "warn")
