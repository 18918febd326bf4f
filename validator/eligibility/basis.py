"""Does one education entry count as a basis for registering? (2014 规定 第四条, 医师法)

Returns a :class:`Basis`: whether it counts, for which categories, and the
reasons (codes with values, rendered later). Rules, each a dated parameter:
excluded majors (R4, R6); adult-education entry dates (R3); the 中专 rule of
the enacted 医师法 附则 (LAW1, LAW2: keyed to when the 中专 was obtained, the
period after 2022-03-01 unknown) and 中专 entry cut-offs (R3, R4); 专科 entry
dates (R3); academic postgraduate degrees (R14); categories by major family
(R5, R19). A basis may be ``unsure``: it counts only if a rule the site could
not confirm turns out in the candidate's favour (the pathway is then "maybe").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from validator.context import Context
from validator.eligibility.profile import Education, Profile

CODES = (
    "eligibility.reason.excluded_major",
    "eligibility.reason.major_unlisted",
    "eligibility.reason.major_confirm",
    "eligibility.reason.adult_late",
    "eligibility.reason.adult_upgrade_only",
    "eligibility.reason.adult_upgrade_unsure",
    "eligibility.reason.adult_early",
    "eligibility.reason.secondary_before_law",
    "eligibility.reason.secondary_after_law",
    "eligibility.reason.secondary_within_period",
    "eligibility.reason.secondary_after_period",
    "eligibility.reason.secondary_late",
    "eligibility.reason.secondary_tcm_late",
    "eligibility.reason.secondary_window",
    "eligibility.reason.secondary_village",
    "eligibility.reason.college_moe",
    "eligibility.reason.college_provincial",
    "eligibility.reason.academic_degree",
    "eligibility.reason.academic_old_rules",
)


OFFICIAL = ("seed", "c2")


@dataclass
class Basis:
    edu: Education
    ok: bool = True
    upgrade_only: bool = False  # counts only for 助理→执业 (adult education after an assistant licence)
    unsure: bool = False  # counts only if an unconfirmed rule goes the candidate's way
    categories: set[str] = field(default_factory=set)
    reasons: list[tuple[str, dict]] = field(default_factory=list)

    def no(self, code: str, **values) -> None:
        self.ok = False
        self.reasons.append((code, values))

    def note(self, code: str, **values) -> None:
        self.reasons.append((code, values))

    def maybe(self, code: str, **values) -> None:
        self.unsure = True
        self.reasons.append((code, values))


def basis(edu: Education, pf: Profile, ctx: Context) -> Basis:
    result = Basis(edu)
    if edu.family == "excluded":
        result.no("eligibility.reason.excluded_major", major=edu.major_name)
        return result
    result.categories = _categories(edu, ctx)
    if edu.family == "unknown":
        # a major the list does not know: never a hard no, the 考点 decides (issue 21)
        result.maybe("eligibility.reason.major_unlisted")
    elif edu.confirm:
        result.maybe("eligibility.reason.major_confirm", major=edu.major_name)
    _adult(result, pf, ctx)
    if edu.level == "secondary":
        _secondary(result, ctx)
    elif edu.level == "college":
        _college(result, ctx)
    elif edu.level in ("master", "doctor"):
        _postgraduate(result, ctx)
    return result


def _categories(edu: Education, ctx: Context) -> set[str]:
    categories = set(ctx.value("eligibility.family_categories").get(edu.family, []))
    if edu.family == "clinical" and edu.level in ctx.value("eligibility.clinical_public_health_levels"):
        categories.add("public-health")
    return categories


def _adult(result: Basis, pf: Profile, ctx: Context) -> None:
    edu = result.edu
    if edu.mode not in ctx.value("eligibility.adult_modes"):
        return
    until = ctx.param("eligibility.adult_entry_until")
    limit = date.fromisoformat(until.value)
    if edu.entry <= limit:
        result.note("eligibility.reason.adult_early", until=until.value)
        return
    categories = result.categories
    held = [c for c in pf.certificates if c.type == "assistant" and c.registered and c.category in categories]
    if any(c.registered is not None and c.registered < edu.entry for c in held):
        result.upgrade_only = True
        result.note("eligibility.reason.adult_upgrade_only", until=until.value)
    elif held:
        # the rule counts the qualification (passing the exam), which precedes the registration we ask for
        result.upgrade_only = True
        result.maybe("eligibility.reason.adult_upgrade_unsure", until=until.value)
    else:
        result.no("eligibility.reason.adult_late", until=until.value)


def _secondary(result: Basis, ctx: Context) -> None:
    """The 2014 entry cut-offs by major first (firm dates), then the law's rule on when it was obtained."""
    _secondary_entry(result, ctx)
    if result.ok:
        _secondary_law(result, ctx)


def _secondary_entry(result: Basis, ctx: Context) -> None:
    edu = result.edu
    windows = ctx.value("eligibility.secondary_major_windows")
    if edu.major in windows:
        _window(result, windows[edu.major])
    elif edu.family == "tcm":
        until = ctx.value("eligibility.secondary_tcm_entry_until")
        if edu.entry > date.fromisoformat(until):
            result.no("eligibility.reason.secondary_tcm_late", until=until)
    else:
        until = ctx.value("eligibility.secondary_general_entry_until")
        if edu.entry > date.fromisoformat(until):
            result.no("eligibility.reason.secondary_late", until=until)


def _secondary_law(result: Basis, ctx: Context) -> None:
    """医师法 附则: 中专 obtained before the law, or within a period after it set by the ministry."""
    law = ctx.value("eligibility.secondary_law_effective")
    obtained = result.edu.graduated  # None: still studying, so obtained after the law
    if obtained is not None and obtained < date.fromisoformat(law):
        result.note("eligibility.reason.secondary_before_law", law=law)
        return
    period = ctx.param("eligibility.secondary_period_until")
    if period.value is None:
        result.maybe("eligibility.reason.secondary_after_law", law=law)
    elif obtained is not None and obtained <= date.fromisoformat(period.value):
        add = result.note if official(period) else result.maybe
        add("eligibility.reason.secondary_within_period", law=law, until=period.value)
    else:
        add = result.no if official(period) else result.maybe
        add("eligibility.reason.secondary_after_period", law=law, until=period.value)


def official(param) -> bool:
    """A value resting on an official source (seed or two agreeing sources) may decide on its own."""
    return param.confidence in OFFICIAL


def _window(result: Basis, window: dict) -> None:
    edu = result.edu
    start, until = window.get("from"), window.get("until")
    inside = (start is None or edu.entry >= date.fromisoformat(start)) and (
        until is None or edu.entry <= date.fromisoformat(until)
    )
    if not inside:
        result.no(
            "eligibility.reason.secondary_window", major=edu.major_name, start=start or "", until=until or ""
        )
        return
    result.categories &= {"clinical"}
    result.note("eligibility.reason.secondary_village", major=edu.major_name)


def _college(result: Basis, ctx: Context) -> None:
    if result.edu.family != "clinical":
        return
    start = ctx.value("eligibility.college_clinical_entry_from")
    code = "college_moe" if result.edu.entry >= date.fromisoformat(start) else "college_provincial"
    result.note(f"eligibility.reason.{code}", start=start)


def _postgraduate(result: Basis, ctx: Context) -> None:
    if result.edu.degree_type != "academic":
        return
    start = ctx.value("eligibility.academic_entry_from")
    if result.edu.entry >= date.fromisoformat(start):
        result.no("eligibility.reason.academic_degree", start=start)
    else:
        result.note("eligibility.reason.academic_old_rules", start=start)
