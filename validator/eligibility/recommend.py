"""One pathway to follow: the most specific one that applies (content: each pathway's ``recommend``).

When several pathways apply, the one whose result is ``yes`` (not only ``maybe``)
with the highest ``specificity`` wins (ties: pathway order), its ``because``
text says why, and every other one says what differs from it (level, materials).
When none applies, the decisive reason comes first: a reason about the
candidate's own education or dates before a mismatch with the chosen level or
category, before a reason that only says a pathway is meant for someone else.
"""

from __future__ import annotations

from datetime import date

from validator import probation
from validator.context import Context
from validator.eligibility.profile import Profile
from validator.report import Report

CODES = ("eligibility.probation.hubei_window",)

# reasons that only say a pathway is meant for someone else (never decisive while another reason exists)
SCOPE = frozenset(
    "eligibility.reason." + c
    for c in (
        "mainland_only",
        "identity_only",
        "not_military",
        "no_tcm_route",
        "no_overseas",
        "no_college",
        "not_fresh",
        "no_certificate",
        "no_basis",
        "no_assistant_basis",
        "no_bachelor_done",
        "township_unknown",
        "no_western_tcm",
        "western_tcm_certificate",
    )
)
# reasons that say the candidate's choice of level or category does not match
TARGET = frozenset(
    "eligibility.reason." + c
    for c in (
        "target_level",
        "target_category",
        "tcm_only",
        "cert_category",
        "rural_target",
        "western_tcm_category",
    )
)


def choose(report: Report, ctx: Context) -> None:
    """Mark the recommended pathway, order the applying ones (recommended first), say what differs."""
    found = report.facts["applicable"]
    if not found:
        report.facts["decisive"] = decisive(report.facts["not_applicable"])
        return
    specs = ctx.rules.data.get("pathways", {})
    found.sort(key=lambda e: _rank(e, specs.get(e["pathway"], {})))
    top = found[0]
    top["recommended"] = True
    report.facts["applicable_ids"] = [e["pathway"] for e in found]
    report.facts["recommended"] = top["pathway"]
    report.facts["recommendation"] = _why(top, specs, len(found), ctx)
    for other in found[1:]:
        other["differs"] = differs(top, other, specs, ctx)


def _rank(entry: dict, spec: dict) -> tuple:
    recommend = spec.get("recommend") or {}
    return (entry["applies"] != "yes", -int(recommend.get("specificity", 0)), spec.get("order", 0))


def _why(top: dict, specs: dict, count: int, ctx: Context) -> str:
    if count == 1:
        return ctx.rules.fmt("eligibility.recommend.only")
    because = (specs.get(top["pathway"], {}).get("recommend") or {}).get("because", "")
    return ctx.rules.fmt("eligibility.recommend.why", title=top["title"], because=because)


def differs(top: dict, other: dict, specs: dict, ctx: Context) -> list[str]:
    """Plain sentences: what the other pathway needs that the recommended one does not, and the reverse."""
    fmt = ctx.rules.fmt
    out = []
    level = specs.get(other["pathway"], {}).get("level")
    if level != specs.get(top["pathway"], {}).get("level"):
        out.append(fmt("eligibility.recommend.level", level=fmt(f"eligibility.target.{level}")))
    mine = {m["material"] for m in top["materials"]}
    theirs = {m["material"] for m in other["materials"]}
    names = ctx.rules.data.get("materials", {})
    sep = fmt("eligibility.list_sep")
    if extra := [m["material"] for m in other["materials"] if m["material"] not in mine]:
        out.append(fmt("eligibility.recommend.extra", names=sep.join(_name(names, x) for x in extra)))
    if fewer := [m["material"] for m in top["materials"] if m["material"] not in theirs]:
        out.append(fmt("eligibility.recommend.fewer", names=sep.join(_name(names, x) for x in fewer)))
    return out or [fmt("eligibility.recommend.same")]


def _name(names: dict, material: str) -> str:
    return (names.get(material) or {}).get("name", material)


def decisive(not_applicable: list[dict]) -> dict | None:
    """The reason to show first when nothing applies: own education or dates, then level, then scope."""
    for wanted in ("own", "target", "scope"):
        for entry in not_applicable:
            lines = entry.get("reason_sources") or [""] * len(entry["reasons"])
            for code, text, line in zip(entry["reason_codes"], entry["reasons"], lines, strict=True):
                if _kind(code) == wanted:
                    return {
                        "pathway": entry["pathway"],
                        "title": entry["title"],
                        "code": code,
                        "reason": text,
                        "source_line": line,
                    }
    return None


def _kind(code: str) -> str:
    if code in SCOPE:
        return "scope"
    return "target" if code in TARGET else "own"


def hubei_probation(report: Report, pf: Profile, ctx: Context) -> None:
    """Hubei counts probation to the written exam: warn recent graduates whose probation is still running."""
    if ctx.region != "hubei" or not _needs_probation(report):
        return
    back = ctx.value("eligibility.fresh_years_back")
    first_year = date(ctx.rules.exam_year() - back, 1, 1)
    if not any(e.graduated is None or e.graduated >= first_year for e in pf.education):
        return
    start, end, exam_param, inferred = probation.bounds(ctx)
    note = ctx.rules.fmt("eligibility.probation.inferred" if inferred else "eligibility.probation.announced")
    report.add(
        "eligibility.probation.hubei_window",
        "warn",
        param=exam_param,
        start=start.isoformat() if start else "",
        end=end.isoformat(),
        note=note,
    )


def _needs_probation(report: Report) -> bool:
    return any(
        m["material"] == "probation-cert" and m["applies"] == "yes"
        for e in report.facts["applicable"]
        for m in e["materials"]
    )
