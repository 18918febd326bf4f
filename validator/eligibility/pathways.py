"""One predicate per pathway id, looked up through :data:`REGISTRY` (no string evaluation).

Each predicate takes the profile and an :class:`Eval` (context, per-education
bases, target) and returns ``(applies, reasons)``; a reason is a message code
under ``eligibility.reason.*`` plus its values. Materials are not decided here:
they come from the compiled pathway files (content/pathways/*.yaml).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from validator.context import Context
from validator.eligibility.basis import Basis, basis
from validator.eligibility.profile import Education, Profile

Reason = tuple[str, dict]
Outcome = tuple[bool, list[Reason]]

CODES = (
    "eligibility.reason.basis",
    "eligibility.reason.no_basis",
    "eligibility.reason.identity_other",
    "eligibility.reason.not_graduated",
    "eligibility.reason.probation_year",
    "eligibility.reason.fresh_pledge",
    "eligibility.reason.graduation_year_unconfirmed",
    "eligibility.reason.not_fresh",
    "eligibility.reason.professional_degree",
    "eligibility.reason.degree_type_unknown",
    "eligibility.reason.diploma_by_deadline",
    "eligibility.reason.use_bachelor",
    "eligibility.reason.both_diplomas",
    "eligibility.reason.no_college",
    "eligibility.reason.no_bachelor_done",
    "eligibility.reason.no_certificate",
    "eligibility.reason.township_certificate",
    "eligibility.reason.cert_no_date",
    "eligibility.reason.years_enough",
    "eligibility.reason.years_short",
    "eligibility.reason.no_assistant_basis",
    "eligibility.reason.tcm_route",
    "eligibility.reason.no_tcm_route",
    "eligibility.reason.hmt_foreign_categories",
    "eligibility.reason.hmt_internship",
    "eligibility.reason.foreign_internship",
    "eligibility.reason.full_time_bachelor",
    "eligibility.reason.needs_cscse",
    "eligibility.reason.foreign_needs_chinese_degree",
    "eligibility.reason.no_overseas",
    "eligibility.reason.not_military",
    "eligibility.reason.military_papers",
    "eligibility.reason.township_years",
    "eligibility.reason.township_short",
    "eligibility.reason.clinical_public_health",
    "eligibility.reason.target_level",
    "eligibility.reason.target_category",
    "eligibility.reason.cert_category",
    "eligibility.reason.tcm_only",
    "eligibility.reason.step_down",
)

HIGHER = ("bachelor", "master", "doctor")
LEVEL_ORDER = ("secondary", "college", "bachelor", "master", "doctor")


class Eval:
    """What every predicate needs: the context, the profile and each education's basis."""

    def __init__(self, pf: Profile, ctx: Context, pathway_categories: dict):
        self.pf = pf
        self.ctx = ctx
        self.cycle = int(ctx.rules.cycle)
        self.bases = [basis(e, pf, ctx) for e in pf.education]
        self.pathway_categories = pathway_categories
        self.pathway = ""

    def level_name(self, edu: Education) -> str:
        return self.ctx.rules.fmt(f"eligibility.level.{edu.level}")

    def fits(self, b: Basis) -> bool:
        """The basis allows the target category and one of this pathway's categories."""
        allowed = b.categories & set(self.pathway_categories.get(self.pathway, b.categories))
        return bool(allowed) and (self.pf.target_category is None or self.pf.target_category in allowed)

    def choose(self, bases: list[Basis], need_done: bool = True) -> tuple[list[Basis], list[Reason]]:
        """Bases that count (and fit the target); otherwise the reasons why not."""
        kept, reasons = [], []
        for b in bases:
            if not b.ok or b.upgrade_only:
                reasons.extend(b.reasons)
            elif need_done and b.edu.graduated is None:
                reasons.append(("eligibility.reason.not_graduated", self.edu_values(b.edu)))
            elif not self.fits(b):
                reasons.append(("eligibility.reason.target_category", self.edu_values(b.edu)))
            else:
                kept.append(b)
        return kept, reasons

    def route_name(self) -> str:
        return self.ctx.rules.fmt(f"eligibility.route.{self.pf.tcm_route}")

    def category_name(self, category: str) -> str:
        return self.ctx.rules.fmt(f"eligibility.category.{category}")

    def edu_values(self, edu: Education) -> dict:
        return {"level": self.level_name(edu), "major": edu.major_name}

    def basis_reasons(self, b: Basis) -> list[Reason]:
        reasons: list[Reason] = [("eligibility.reason.basis", self.edu_values(b.edu))]
        reasons.extend(b.reasons)
        if self.pf.target_category == "public-health" and b.edu.family == "clinical":
            reasons.append(("eligibility.reason.clinical_public_health", {}))
        return reasons

    def of(self, *levels: str, overseas: bool | None = False) -> list[Basis]:
        return [
            b
            for b in self.bases
            if b.edu.level in levels and (overseas is None or b.edu.overseas == overseas)
        ]


def best(bases: list[Basis]) -> Basis:
    """The highest education level among the bases (the one a candidate would register with)."""
    return max(bases, key=lambda b: LEVEL_ORDER.index(b.edu.level))


def _mainland(ev: Eval) -> list[Reason]:
    if ev.pf.identity == "mainland":
        return []
    return [
        (
            "eligibility.reason.identity_other",
            {"identity": ev.ctx.rules.fmt(f"eligibility.identity.{ev.pf.identity}")},
        )
    ]


def _first_good(ev: Eval, bases: list[Basis], extra: list[Reason], need_done: bool = True) -> Outcome:
    if blocked := _mainland(ev):
        return False, blocked
    kept, reasons = ev.choose(bases, need_done)
    if not kept:
        return False, reasons or [("eligibility.reason.no_basis", {})]
    return True, ev.basis_reasons(best(kept)) + extra


# pathway predicates ------------------------------------------------------------------
def bachelor_physician(pf: Profile, ev: Eval) -> Outcome:
    """本科及以上 + 1 年试用 → 执业医师 (医师法 第九条, R1)."""
    return _first_good(ev, ev.of(*HIGHER), [("eligibility.reason.probation_year", {})])


def college_assistant(pf: Profile, ev: Eval) -> Outcome:
    """专科 + 1 年试用 → 执业助理医师 (医师法 第十条)."""
    return _first_good(ev, ev.of("college"), [("eligibility.reason.probation_year", {})])


def secondary_assistant(pf: Profile, ev: Eval) -> Outcome:
    """中专 + 1 年试用 → 执业助理医师, only during the 医师法 transition (R10)."""
    return _first_good(ev, ev.of("secondary"), [("eligibility.reason.probation_year", {})])


def fresh_graduate(pf: Profile, ev: Eval) -> Outcome:
    """Graduating this cycle or last year: 试用证明 + 承诺书, one full year by 31 August (R1, R7, R8)."""
    if blocked := _mainland(ev):
        return False, blocked
    back = ev.ctx.value("eligibility.fresh_years_back")
    recent = [
        b for b in ev.of(*LEVEL_ORDER) if b.edu.graduated is None or b.edu.graduated.year >= ev.cycle - back
    ]
    if not recent:
        return False, [("eligibility.reason.not_fresh", {"year": ev.cycle - back})]
    kept, reasons = ev.choose(recent, need_done=False)
    if not kept:
        return False, reasons
    b = best(kept)
    extra: list[Reason] = [("eligibility.reason.fresh_pledge", {})]
    if b.edu.graduated is None and b.edu.level not in ("master", "doctor"):
        extra.append(("eligibility.reason.graduation_year_unconfirmed", {}))
    return True, ev.basis_reasons(b) + extra


def postgraduate_professional(pf: Profile, ev: Eval) -> Outcome:
    """专业学位 postgraduates register with the postgraduate degree (R13); academic degrees may not (R14)."""
    if blocked := _mainland(ev):
        return False, blocked
    post = ev.of("master", "doctor")
    if not post:
        return False, [("eligibility.reason.no_basis", {})]
    academic = [b for b in post if b.edu.degree_type == "academic"]
    kept, reasons = ev.choose([b for b in post if b not in academic], need_done=False)
    if kept:
        b = best(kept)
        code = "professional_degree" if b.edu.degree_type else "degree_type_unknown"
        extra: list[Reason] = [(f"eligibility.reason.{code}", {})]
        if b.edu.graduated is None:
            extra.append(("eligibility.reason.diploma_by_deadline", {}))
        return True, ev.basis_reasons(b) + extra
    start = ev.ctx.value("eligibility.academic_entry_from")
    for b in academic:
        reasons.extend(b.reasons or [("eligibility.reason.academic_degree", {"start": start})])
    if academic and ev.choose(ev.of("bachelor"))[0]:
        reasons.append(("eligibility.reason.use_bachelor", {}))
    return False, reasons or [("eligibility.reason.no_basis", {})]


def college_to_bachelor(pf: Profile, ev: Eval) -> Outcome:
    """专升本: both the 专科 and the 本科 are entered and both diplomas uploaded (SEED0, P10)."""
    if blocked := _mainland(ev):
        return False, blocked
    college, bachelor = ev.of("college"), ev.of("bachelor")
    if not college:
        return False, [("eligibility.reason.no_college", {})]
    done, reasons = ev.choose(bachelor)
    if not done:
        return False, reasons or [("eligibility.reason.no_bachelor_done", {})]
    first, _ = ev.choose(college)
    if not first and not any(b.ok for b in college):
        return False, [r for b in college for r in b.reasons]
    return True, [*ev.basis_reasons(done[-1]), ("eligibility.reason.both_diplomas", {})]


def assistant_to_physician(pf: Profile, ev: Eval) -> Outcome:
    """助理 + 2 years (专科) or 5 years (中专, 师承/专长) of 执业 from registration (R9, R12, R21)."""
    if blocked := _mainland(ev):
        return False, blocked
    certs = [c for c in pf.certificates if c.type in ("assistant", "rural-general")]
    if not certs:
        township = any(c.type == "assistant-township" for c in pf.certificates)
        return False, [
            (
                "eligibility.reason.township_certificate"
                if township
                else "eligibility.reason.no_certificate",
                {},
            )
        ]
    years, base = _assistant_years(ev)
    if years is None:
        return False, [("eligibility.reason.no_assistant_basis", {})]
    cert = max(certs, key=lambda c: c.registered or date.min)
    if pf.target_category and cert.category and pf.target_category != cert.category:
        return False, [("eligibility.reason.cert_category", {"category": ev.category_name(cert.category)})]
    if cert.registered is None:
        return False, [("eligibility.reason.cert_no_date", {})]
    cutoff = assistant_cutoff(ev)
    reached = _plus_years(cert.registered, years)
    values = {
        "years": years,
        "registered": cert.registered.isoformat(),
        "cutoff": cutoff.isoformat(),
        "reached": reached.isoformat(),
    }
    if reached > cutoff:
        return False, [("eligibility.reason.years_short", values)]
    return True, [*base, ("eligibility.reason.years_enough", values)]


def _assistant_years(ev: Eval) -> tuple[int | None, list[Reason]]:
    table = ev.ctx.value("eligibility.assistant_years")
    college = [b for b in ev.of("college", overseas=None) if b.ok]
    if college:
        return table["college"], ev.basis_reasons(college[-1])
    secondary = [b for b in ev.of("secondary", overseas=None) if b.ok]
    if secondary:
        return table["secondary"], ev.basis_reasons(secondary[-1])
    if ev.pf.tcm_route:
        return table["tcm-route"], [("eligibility.reason.tcm_route", {"route": ev.route_name()})]
    return None, []


def assistant_cutoff(ev: Eval) -> date:
    """The day the 执业 years are counted to: a region parameter (exam date or a fixed day)."""
    value = ev.ctx.value("eligibility.assistant_cutoff")
    if value == "exam_date":
        exam = date.fromisoformat(ev.ctx.value("probation.exam_date"))
        return date(ev.cycle, exam.month, exam.day)
    month, day = (int(x) for x in value["month_day"].split("-"))
    return date(ev.cycle + int(value.get("year_offset", 0)), month, day)


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def tcm_apprentice(pf: Profile, ev: Eval) -> Outcome:
    """传统医学 师承 (3 years) or 确有专长, assessed → 中医 助理 (R21)."""
    if blocked := _mainland(ev):
        return False, blocked
    if pf.tcm_route is None:
        return False, [("eligibility.reason.no_tcm_route", {})]
    if pf.target_category not in (None, "tcm"):
        return False, [("eligibility.reason.tcm_only", {})]
    return True, [
        ("eligibility.reason.tcm_route", {"route": ev.route_name()}),
        ("eligibility.reason.probation_year", {}),
    ]


def _non_mainland(ev: Eval, identity: str, internship: str, overseas_ok: bool) -> Outcome:
    if ev.pf.identity != identity:
        return False, [
            (
                "eligibility.reason.identity_other",
                {"identity": ev.ctx.rules.fmt(f"eligibility.identity.{ev.pf.identity}")},
            )
        ]
    levels = ev.ctx.value("eligibility.hmt_foreign_levels")
    cats = ev.ctx.param("eligibility.hmt_foreign_categories")
    bases = [b for b in ev.of(*levels, overseas=None) if overseas_ok or not b.edu.overseas]
    if not bases:
        code = (
            "eligibility.reason.foreign_needs_chinese_degree"
            if ev.of(*levels, overseas=True)
            else "eligibility.reason.full_time_bachelor"
        )
        return False, [(code, {})]
    full_time = [b for b in bases if b.edu.mode == "full-time"]
    if not full_time:
        return False, [("eligibility.reason.full_time_bachelor", {})]
    kept, reasons = ev.choose(full_time, need_done=False)
    kept = [b for b in kept if b.categories & set(cats.value)]
    if not kept:
        return False, reasons or [("eligibility.reason.hmt_foreign_categories", {})]
    b = best(kept)
    extra: list[Reason] = [("eligibility.reason.hmt_foreign_categories", {}), (internship, {})]
    if b.edu.overseas:
        extra.append(("eligibility.reason.needs_cscse", {}))
    return True, ev.basis_reasons(b) + extra


def hmt_resident(pf: Profile, ev: Eval) -> Outcome:
    """港澳台: full-time 本科+ (mainland or certified Taiwan degree), internship (R16, R17)."""
    return _non_mainland(ev, "hmt", "eligibility.reason.hmt_internship", overseas_ok=True)


def foreign_national(pf: Profile, ev: Eval) -> Outcome:
    """外籍: a Chinese full-time 本科+ medical degree, 1-year internship, 临床/中医/口腔 (R18)."""
    return _non_mainland(ev, "foreign", "eligibility.reason.foreign_internship", overseas_ok=False)


def overseas_degree(pf: Profile, ev: Eval) -> Outcome:
    """Mainland citizens with a foreign medical degree: 教育部留学服务中心 certification first (R2, R17)."""
    if blocked := _mainland(ev):
        return False, blocked
    bases = ev.of(*LEVEL_ORDER, overseas=True)
    if not bases:
        return False, [("eligibility.reason.no_overseas", {})]
    kept, reasons = ev.choose(bases)
    if not kept:
        return False, reasons
    extra: list[Reason] = [("eligibility.reason.needs_cscse", {}), ("eligibility.reason.probation_year", {})]
    return True, ev.basis_reasons(best(kept)) + extra


def military(pf: Profile, ev: Eval) -> Outcome:
    """现役军人: military 试用 certificate, 团级 consent, extra 军事医学 (R1, R6, SEED0, R22)."""
    if not pf.military:
        return False, [("eligibility.reason.not_military", {})]
    kept, reasons = ev.choose(ev.of(*LEVEL_ORDER, overseas=None), need_done=False)
    if kept:
        return True, [*ev.basis_reasons(best(kept)), ("eligibility.reason.military_papers", {})]
    if pf.tcm_route:
        return True, [
            ("eligibility.reason.tcm_route", {"route": ev.route_name()}),
            ("eligibility.reason.military_papers", {}),
        ]
    return False, reasons or [("eligibility.reason.no_basis", {})]


def rural_general_assistant(pf: Profile, ev: Eval) -> Outcome:
    """乡村全科执业助理医师: ≥1 year at a 乡镇卫生院/村卫生室 + a 临床 or 中医 qualifying education (R19)."""
    if blocked := _mainland(ev):
        return False, blocked
    need = ev.ctx.value("eligibility.rural_min_years")
    years = pf.township_years
    if years is None or years < need:
        return False, [("eligibility.reason.township_short", {"years": need})]
    kept, reasons = ev.choose(ev.of(*LEVEL_ORDER))
    if not kept:
        return False, reasons or [("eligibility.reason.no_basis", {})]
    return True, [*ev.basis_reasons(best(kept)), ("eligibility.reason.township_years", {"years": need})]


REGISTRY: dict[str, Callable[[Profile, Eval], Outcome]] = {
    "bachelor-physician": bachelor_physician,
    "college-assistant": college_assistant,
    "secondary-assistant": secondary_assistant,
    "assistant-to-physician": assistant_to_physician,
    "fresh-graduate": fresh_graduate,
    "postgraduate-professional": postgraduate_professional,
    "college-to-bachelor": college_to_bachelor,
    "tcm-apprentice": tcm_apprentice,
    "hmt-resident": hmt_resident,
    "foreign-national": foreign_national,
    "overseas-degree": overseas_degree,
    "military": military,
    "rural-general-assistant": rural_general_assistant,
}
