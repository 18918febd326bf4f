"""Eligibility engine (op ``eligibility``): a candidate profile -> the pathways that apply.

Each pathway id (content/pathways/*.yaml, compiled into ``rules.data["pathways"]``)
has a predicate in :data:`validator.eligibility.pathways.REGISTRY`. The report's
facts list the pathways that apply (``yes`` or ``maybe``) with reasons and
their materials (each ``yes`` or ``maybe`` by the material's condition, see
:mod:`.conditions`; ruled-out materials are left out), the one to follow
(:mod:`.recommend`), and the other pathways with the reasons they do not
apply, the decisive one first. Problems in the profile itself (missing fields,
impossible dates, a level entered twice where the region forbids it) are
findings. The request carries a ``profile`` (handbook format) or the finder's
``answers`` (its query keys, read by :mod:`.answers`).
"""

from __future__ import annotations

from validator.context import Context
from validator.eligibility import answers, basis, conditions, pathways, profile, recommend
from validator.eligibility.pathways import REGISTRY, Eval, Outcome, Reason
from validator.report import Report

CODES = (
    *profile.CODES,
    *basis.CODES,
    *pathways.CODES,
    *recommend.CODES,
    "eligibility.none",
    "eligibility.some",
)


def run_request(request: dict, ctx: Context, data=None, pixels=None) -> Report:
    """Entry point for :func:`validator.api.run`; never raises on a bad profile."""
    report = Report(ctx.rules, "eligibility")
    for key in ("applicable", "not_applicable", "applicable_ids", "not_applicable_ids"):
        report.facts[key] = []
    report.facts.update({"checklist": {}, "materials": {}, "recommended": None, "decisive": None})
    raw = request.get("profile")
    if "answers" in request:
        screens = (ctx.rules.data.get("finder") or {}).get("screens", [])
        raw = answers.profile_from(answers.asked(screens, request["answers"]))
    pf = profile.read_profile(report, raw, ctx)
    if pf is None:
        return report
    compiled = ctx.rules.data.get("pathways", {})
    ev = Eval(pf, ctx, compiled)
    for pid, spec in sorted(compiled.items(), key=lambda item: (item[1].get("order", 0), item[0])):
        predicate = REGISTRY.get(pid)
        if predicate is None:
            continue  # a pathway file without rules: listed on the site, never judged here
        ev.pathway = pid
        outcome = _with_level(pid, spec, predicate(pf, ev), pf, ctx)
        _record(report, pid, spec, outcome, conditions.Facts(pf, ctx, outcome.basis, outcome.stages))
    recommend.choose(report, ctx)
    recommend.hubei_probation(report, pf, ctx)
    _summary(report)
    return report


def _with_level(pid: str, spec: dict, outcome: Outcome, pf: profile.Profile, ctx: Context) -> Outcome:
    """The chosen level must be the pathway's (a physician pathway may be stepped down to assistant)."""
    if not outcome.applies or pf.target_level is None or pid in ctx.value("eligibility.any_level_pathways"):
        return outcome
    if spec.get("level") == pf.target_level:
        return outcome
    if pid in ctx.value("eligibility.step_down_pathways") and pf.target_level == "assistant":
        outcome.reasons.append(("eligibility.reason.step_down", {}))
        return outcome
    name = ctx.rules.fmt(f"eligibility.target.{spec.get('level')}")
    return pathways.no(("eligibility.reason.target_level", {"level": name}))


def _record(report: Report, pid: str, spec: dict, outcome: Outcome, facts: conditions.Facts) -> None:
    unique = list(dict.fromkeys((code, tuple(sorted(values.items()))) for code, values in outcome.reasons))
    render = facts.ctx.rules.render_message
    render_source = facts.ctx.rules.message_source
    entry = {
        "pathway": pid,
        "title": spec.get("title", pid),
        "applies": outcome.state,
        "reasons": [render(code, **dict(values))["message"] for code, values in unique],
        "reason_codes": [code for code, _ in unique],
        "reason_sources": [(render_source(code) or {}).get("line", "") for code, _ in unique],
    }
    if not outcome.applies:
        report.facts["not_applicable"].append(entry)
        report.facts["not_applicable_ids"].append(pid)
        return
    entry["materials"] = conditions.materials(spec, facts)
    entry["recommended"] = False
    report.facts["applicable"].append(entry)
    report.facts["applicable_ids"].append(pid)
    report.facts["checklist"][pid] = [m["material"] for m in spec.get("materials", [])]
    report.facts["materials"][pid] = entry["materials"]


def _summary(report: Report) -> None:
    found = report.facts["applicable"]
    if found:
        chosen = next(e for e in found if e["recommended"])
        titles = "、".join(e["title"] for e in found)
        report.add("eligibility.some", "info", measured=str(len(found)), titles=titles, title=chosen["title"])
    else:
        decisive = report.facts["decisive"] or {}
        report.add("eligibility.none", "warn", reason=decisive.get("reason", ""))


__all__ = ["CODES", "Reason", "run_request"]
