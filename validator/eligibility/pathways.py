"""One predicate per pathway id, looked up through :data:`REGISTRY` (no string evaluation).

Each predicate takes the profile and an :class:`Eval` (context, per-education
bases, target) and returns an :class:`Outcome`: ``yes``, ``maybe`` (it applies
only if a rule the site could not confirm goes the candidate's way) or ``no``,
the reasons (message codes under ``eligibility.reason.*`` with their values)
and the education the result rests on. Materials are not decided here: the
compiled pathway files list them with conditions (:mod:`.conditions`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from validator import probation
from validator.context import Context
from validator.eligibility.basis import Basis, basis
from validator.eligibility.conditions import MAYBE, NO, YES
from validator.eligibility.profile import Education, Profile

Reason = tuple[str, dict]

CODES = (
    "eligibility.reason.basis",
    "eligibility.reason.no_basis",
    "eligibility.reason.mainland_only",
    "eligibility.reason.identity_only",
    "eligibility.reason.higher_unused",
    "eligibility.reason.not_graduated",
    "eligibility.reason.probation_year",
    "eligibility.reason.fresh_pledge",
    "eligibility.reason.graduation_year_unconfirmed",
    "eligibility.reason.not_fresh",
    "eligibility.reason.professional_degree",
    "eligibility.reason.degree_type_unknown",
    "eligibility.reason.diploma_by_deadline",
    "eligibility.reason.use_bachelor",
    "eligibility.reason.both_levels",
    "eligibility.reason.both_diplomas",
    "eligibility.reason.no_college",
    "eligibility.reason.no_bachelor_done",
    "eligibility.reason.no_certificate",
    "eligibility.reason.township_certificate",
    "eligibility.reason.cert_no_date",
    "eligibility.reason.years_enough",
    "eligibility.reason.years_short",
    "eligibility.reason.secondary_upgrade_unconfirmed",
    "eligibility.reason.secondary_years_short",
    "eligibility.reason.no_assistant_basis",
    "eligibility.reason.tcm_route",
    "eligibility.reason.no_tcm_route",
    "eligibility.reason.hmt_foreign_categories",
    "eligibility.reason.hmt_foreign_major",
    "eligibility.reason.fresh_before_graduation",
    "eligibility.reason.western_tcm",
    "eligibility.reason.no_western_tcm",
    "eligibility.reason.western_tcm_certificate",
    "eligibility.reason.western_tcm_category",
    "eligibility.reason.tcm_assessment",
    "eligibility.reason.rural_target",
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
    "eligibility.reason.township_unknown",
    "eligibility.reason.clinical_public_health",
    "eligibility.reason.target_level",
    "eligibility.reason.target_category",
    "eligibility.reason.already_assistant",
    "eligibility.reason.cert_category",
    "eligibility.reason.tcm_only",
    "eligibility.reason.step_down",
)

HIGHER = ("bachelor", "master", "doctor")
LEVEL_ORDER = ("secondary", "college", "bachelor", "master", "doctor")


@dataclass
class Outcome:
    """A pathway's result for one profile: yes / maybe / no, why, and the education it rests on."""

    state: str = NO
    reasons: list[Reason] = field(default_factory=list)
    basis: Education | None = None
    stages: tuple[Education, ...] = ()

    @property
    def applies(self) -> bool:
        return self.state != NO


def no(*reasons: Reason) -> Outcome:
    return Outcome(NO, list(reasons))


def found(b: Basis | None, reasons: list[Reason], stages: tuple[Education, ...] = ()) -> Outcome:
    """Applies on this basis: ``maybe`` when the basis itself rests on an unconfirmed rule."""
    state = MAYBE if b is not None and b.unsure else YES
    edu = b.edu if b is not None else None
    return Outcome(state, reasons, edu, stages or ((edu,) if edu else ()))


class Eval:
    """What every predicate needs: the context, the profile and each education's basis."""

    def __init__(self, pf: Profile, ctx: Context, pathways: dict):
        self.pf = pf
        self.ctx = ctx
        self.cycle = ctx.rules.exam_year()
        self.bases = [basis(e, pf, ctx) for e in pf.education]
        self.pathway_categories = {pid: spec.get("categories", []) for pid, spec in pathways.items()}
        self.pathway_levels = {pid: spec.get("level") for pid, spec in pathways.items()}
        self.pathway = ""

    def fmt(self, kind: str, value: str) -> str:
        return self.ctx.rules.fmt(f"eligibility.{kind}.{value}")

    def level_name(self, edu: Education) -> str:
        return self.fmt("level", edu.level)

    def fits(self, b: Basis) -> bool:
        """The basis allows the target category and one of this pathway's categories."""
        allowed = b.categories & set(self.pathway_categories.get(self.pathway, b.categories))
        return bool(allowed) and (self.pf.target_category is None or self.pf.target_category in allowed)

    def why_not(self, b: Basis, need_done: bool = True) -> list[Reason]:
        """Why this education cannot be this pathway's basis ([] when it can)."""
        # adult education entered after the cut-off with an earlier assistant licence: only for 执业医师
        if not b.ok or (b.upgrade_only and self.pathway_levels.get(self.pathway) != "physician"):
            return b.reasons
        if need_done and b.edu.graduated is None:
            return [("eligibility.reason.not_graduated", self.edu_values(b.edu))]
        if not self.fits(b):
            return [("eligibility.reason.target_category", self.edu_values(b.edu))]
        return self.already_held(b)

    def already_held(self, b: Basis) -> list[Reason]:
        """An assistant-level pathway is no use to someone who already holds that category's licence."""
        if self.pathway_levels.get(self.pathway) != "assistant":
            return []
        allowed = b.categories & set(self.pathway_categories.get(self.pathway, b.categories))
        if self.pf.target_category:
            allowed &= {self.pf.target_category}
        held = {c.category for c in self.pf.certificates if c.type != "none"}
        if not allowed or not allowed <= held:
            return []
        names = "、".join(self.category_name(c) for c in sorted(allowed))
        return [("eligibility.reason.already_assistant", {"category": names})]

    def choose(self, bases: list[Basis], need_done: bool = True) -> tuple[list[Basis], list[Reason]]:
        """Bases that count (and fit the target); otherwise the reasons why not."""
        kept, reasons = [], []
        for b in bases:
            why = self.why_not(b, need_done)
            reasons.extend(why)
            if not why:
                kept.append(b)
        return kept, reasons

    def route_name(self) -> str:
        """The profile's 师承/确有专长 route in words (asked only when the profile has one)."""
        if self.pf.tcm_route is None:
            raise ValueError("route_name: the profile has no TCM route")
        return self.fmt("route", self.pf.tcm_route)

    def category_name(self, category: str) -> str:
        return self.fmt("category", category)

    def edu_values(self, edu: Education) -> dict:
        return {"level": self.level_name(edu), "major": edu.major_name}

    def basis_reasons(self, b: Basis, need_done: bool = True) -> list[Reason]:
        reasons: list[Reason] = [("eligibility.reason.basis", self.edu_values(b.edu))]
        reasons.extend(b.reasons)
        if self.pf.target_category == "public-health" and b.edu.family == "clinical":
            reasons.append(("eligibility.reason.clinical_public_health", {}))
        return reasons + self.higher_unused(b, need_done)

    def higher_unused(self, used: Basis, need_done: bool = True) -> list[Reason]:
        """A sentence (and its reasons) for each higher education that cannot be used here."""
        out: list[Reason] = []
        rank = LEVEL_ORDER.index(used.edu.level)
        for b in self.bases:
            if LEVEL_ORDER.index(b.edu.level) <= rank or not (why := self.why_not(b, need_done)):
                continue
            values = {**self.edu_values(b.edu), "used": self.level_name(used.edu)}
            out += [("eligibility.reason.higher_unused", values), *why]
        return out

    def of(self, *levels: str, overseas: bool | None = False) -> list[Basis]:
        return [
            b
            for b in self.bases
            if b.edu.level in levels and (overseas is None or b.edu.overseas == overseas)
        ]


def best(bases: list[Basis]) -> Basis:
    """The highest confirmed education level (the one a candidate would register with)."""
    return max(bases, key=lambda b: (not b.unsure, LEVEL_ORDER.index(b.edu.level)))


def _mainland(ev: Eval) -> list[Reason]:
    if ev.pf.identity == "mainland":
        return []
    return [("eligibility.reason.mainland_only", {"identity": ev.fmt("identity", ev.pf.identity)})]


def _first_good(ev: Eval, bases: list[Basis], extra: list[Reason], need_done: bool = True) -> Outcome:
    if blocked := _mainland(ev):
        return no(*blocked)
    kept, reasons = ev.choose(bases, need_done)
    if not kept:
        return no(*(reasons or [("eligibility.reason.no_basis", {})]))
    b = best(kept)
    return found(b, ev.basis_reasons(b, need_done) + extra)


# pathway predicates ------------------------------------------------------------------
def bachelor_physician(pf: Profile, ev: Eval) -> Outcome:
    """本科及以上 + 1 年试用 → 执业医师 (医师法 第九条, R1)."""
    return _first_good(ev, ev.of(*HIGHER), [("eligibility.reason.probation_year", {})])


def college_assistant(pf: Profile, ev: Eval) -> Outcome:
    """专科 + 1 年试用 → 执业助理医师 (医师法 第十条)."""
    return _first_good(ev, ev.of("college"), [("eligibility.reason.probation_year", {})])


def secondary_assistant(pf: Profile, ev: Eval) -> Outcome:
    """中专 + 1 年试用 → 执业助理医师, if obtained before the 医师法 or within the period after it (LAW1)."""
    return _first_good(ev, ev.of("secondary"), [("eligibility.reason.probation_year", {})])


def fresh_graduate(pf: Profile, ev: Eval) -> Outcome:
    """Graduating this cycle or last year: 试用证明 + 承诺书, one full year by 31 August (R1, R7, R8)."""
    if blocked := _mainland(ev):
        return no(*blocked)
    back = ev.ctx.value("eligibility.fresh_years_back")
    recent = [
        b for b in ev.of(*LEVEL_ORDER) if b.edu.graduated is None or b.edu.graduated.year >= ev.cycle - back
    ]
    if not recent:
        return no(("eligibility.reason.not_fresh", {"year": ev.cycle - back}))
    kept, reasons = ev.choose(recent, need_done=False)
    if not kept:
        return no(*reasons)
    b = best(kept)
    extra: list[Reason] = [("eligibility.reason.fresh_pledge", {"deadline": probation_deadline(ev.ctx)})]
    if b.edu.graduated is not None:
        return found(b, ev.basis_reasons(b, need_done=False) + extra)
    # the 应届 way is for the season right after graduation; before it, only a maybe (facts §7 item 12)
    code = "fresh_before_graduation" if b.edu.level in ("master", "doctor") else "graduation_year_unconfirmed"
    outcome = found(b, [*ev.basis_reasons(b, need_done=False), *extra, (f"eligibility.reason.{code}", {})])
    outcome.state = MAYBE
    return outcome


def probation_deadline(ctx: Context) -> str:
    """The day the probation year must be complete by, in words, for the region (R1, SEED0 §二(一)4)."""
    _, end, _, inferred = probation.bounds(ctx)
    if ctx.value("probation.window_end") != "exam_date":
        return ctx.rules.fmt("eligibility.deadline.day", end=end.isoformat())
    note = ctx.rules.fmt("eligibility.probation.inferred" if inferred else "eligibility.probation.announced")
    return ctx.rules.fmt("eligibility.deadline.exam", end=end.isoformat(), note=note)


def postgraduate_professional(pf: Profile, ev: Eval) -> Outcome:
    """专业学位 postgraduates register with the postgraduate degree (R13); academic degrees may not (R14)."""
    if blocked := _mainland(ev):
        return no(*blocked)
    post = ev.of("master", "doctor")
    if not post:
        return no(("eligibility.reason.no_basis", {}))
    academic = [b for b in post if b.edu.degree_type == "academic"]
    kept, reasons = ev.choose([b for b in post if b not in academic], need_done=False)
    if kept:
        b = best(kept)
        code = "professional_degree" if b.edu.degree_type else "degree_type_unknown"
        extra: list[Reason] = [(f"eligibility.reason.{code}", {})]
        if b.edu.graduated is None:
            extra.append(("eligibility.reason.diploma_by_deadline", {}))
        stages = tuple(x.edu for x in ev.of("college", "bachelor", "master", "doctor"))
        return found(b, ev.basis_reasons(b, need_done=False) + extra, stages)
    start = ev.ctx.value("eligibility.academic_entry_from")
    for b in academic:
        reasons.extend(b.reasons or [("eligibility.reason.academic_degree", {"start": start})])
    if academic and ev.choose(ev.of("bachelor"))[0]:
        reasons.append(("eligibility.reason.use_bachelor", {}))
    return no(*(reasons or [("eligibility.reason.no_basis", {})]))


def college_to_bachelor(pf: Profile, ev: Eval) -> Outcome:
    """专升本: both levels entered (SEED0 说明); full-time 专升本 uploads both diplomas (SEED0 §二(二)3)."""
    if blocked := _mainland(ev):
        return no(*blocked)
    college, bachelor = ev.of("college"), ev.of("bachelor")
    if not college:
        return no(("eligibility.reason.no_college", {}))
    done, reasons = ev.choose(bachelor)
    if not done:
        return no(*(reasons or [("eligibility.reason.no_bachelor_done", {})]))
    if not any(b.ok for b in college):
        return no(*[r for b in college for r in b.reasons])
    b = best(done)
    extra: list[Reason] = [("eligibility.reason.both_levels", {})]
    if b.edu.mode == "full-time":
        extra.append(("eligibility.reason.both_diplomas", {}))
    return found(b, ev.basis_reasons(b) + extra, (college[0].edu, b.edu))


def assistant_to_physician(pf: Profile, ev: Eval) -> Outcome:
    """助理 + 2 years (专科) or 5 years (中专, 师承/专长) of 执业 from registration (R9, R12, R21)."""
    if blocked := _mainland(ev):
        return no(*blocked)
    certs = [c for c in pf.certificates if c.type in ("assistant", "rural-general")]
    if not certs:
        township = any(c.type == "assistant-township" for c in pf.certificates)
        code = "township_certificate" if township else "no_certificate"
        return no((f"eligibility.reason.{code}", {}))
    years, used, base = _assistant_years(ev)
    if years is None:
        return no(("eligibility.reason.no_assistant_basis", {}))
    cert = max(certs, key=lambda c: c.registered or date.min)
    if pf.target_category and cert.category and pf.target_category != cert.category:
        return no(("eligibility.reason.cert_category", {"category": ev.category_name(cert.category)}))
    if cert.registered is None:
        return no(("eligibility.reason.cert_no_date", {}))
    cutoff = assistant_cutoff(ev)
    reached = _plus_years(cert.registered, years)
    values = {
        "years": years,
        "registered": cert.registered.isoformat(),
        "cutoff": cutoff.isoformat(),
        "reached": reached.isoformat(),
    }
    secondary = used is not None and used.edu.level == "secondary"
    if reached > cutoff and secondary:
        # the 5 years are the old law's (eligibility.assistant_years_secondary, unconfirmed): one claim, one
        # confidence — the checklist calls it 未确认, so a shortfall is a maybe, never a hard no
        outcome = found(used, [*base, ("eligibility.reason.secondary_years_short", values)])
        outcome.state = MAYBE
        outcome.reasons.append(("eligibility.reason.secondary_upgrade_unconfirmed", {"years": years}))
        return outcome
    if reached > cutoff:
        return no(("eligibility.reason.years_short", values))
    outcome = found(used, [*base, ("eligibility.reason.years_enough", values)])
    if secondary:
        # the 医师法 names only 专科 + 2 years; how 中专 assistants reach 执业 now is not published (LAW1)
        outcome.state = MAYBE
        outcome.reasons.append(("eligibility.reason.secondary_upgrade_unconfirmed", {"years": years}))
    return outcome


def _assistant_years(ev: Eval) -> tuple[int | None, Basis | None, list[Reason]]:
    table = ev.ctx.value("eligibility.assistant_years")
    table = {**table, "secondary": ev.ctx.value("eligibility.assistant_years_secondary")}
    for level in ("college", "secondary"):
        usable = [b for b in ev.of(level, overseas=None) if b.ok]
        if usable:
            return table[level], usable[-1], ev.basis_reasons(usable[-1])
    if ev.pf.tcm_route:
        return table["tcm-route"], None, [("eligibility.reason.tcm_route", {"route": ev.route_name()})]
    return None, None, []


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
        return no(*blocked)
    if pf.tcm_route is None:
        return no(("eligibility.reason.no_tcm_route", {}))
    if pf.target_category not in (None, "tcm"):
        return no(("eligibility.reason.tcm_only", {}))
    return found(
        None,
        [
            ("eligibility.reason.tcm_route", {"route": ev.route_name()}),
            ("eligibility.reason.probation_year", {}),
            # the route without the exam (医师法 第十一条第二款, 中医药法 第十五条第二款)
            ("eligibility.reason.tcm_assessment", {}),
        ],
    )


def western_tcm(pf: Profile, ev: Eval) -> Outcome:
    """西学中: a 临床 doctor with a recognised 中医 study → 中西医结合 at the level held (2014 规定, R2)."""
    if blocked := _mainland(ev):
        return no(*blocked)
    held = [c for c in pf.certificates if c.type in ("physician", "assistant") and c.category == "clinical"]
    if not held:
        return no(("eligibility.reason.western_tcm_certificate", {}))
    if not pf.western_tcm:
        return no(("eligibility.reason.no_western_tcm", {}))
    if pf.target_category not in (None, "tcm"):
        return no(("eligibility.reason.western_tcm_category", {}))
    level = "physician" if any(c.type == "physician" for c in held) else "assistant"
    name = ev.fmt("target", level)
    if pf.target_level not in (None, level):
        return no(("eligibility.reason.target_level", {"level": name}))
    return found(None, [("eligibility.reason.western_tcm", {"level": name})])


def _non_mainland(ev: Eval, identity: str, internship: str, overseas_ok: bool) -> Outcome:
    if ev.pf.identity != identity:
        values = {"wanted": ev.fmt("identity", identity), "identity": ev.fmt("identity", ev.pf.identity)}
        return no(("eligibility.reason.identity_only", values))
    levels = ev.ctx.value("eligibility.hmt_foreign_levels")
    cats = ev.ctx.param("eligibility.hmt_foreign_categories")
    bases = [b for b in ev.of(*levels, overseas=None) if overseas_ok or not b.edu.overseas]
    if not bases:
        chinese = ev.of(*levels, overseas=True)
        return no(
            (f"eligibility.reason.{'foreign_needs_chinese_degree' if chinese else 'full_time_bachelor'}", {})
        )
    full_time = [b for b in bases if b.edu.mode == "full-time"]
    if not full_time:
        return no(("eligibility.reason.full_time_bachelor", {}))
    outside = [b for b in full_time if b.ok and b.categories and not b.categories & set(cats.value)]
    if outside and len(outside) == len(full_time):
        # the category limit is the reason, whatever category was chosen (R16, R17, R18)
        return no(("eligibility.reason.hmt_foreign_major", ev.edu_values(outside[0].edu)))
    kept, reasons = ev.choose(full_time, need_done=False)
    kept = [b for b in kept if b.categories & set(cats.value)]
    if not kept:
        return no(*(reasons or [("eligibility.reason.hmt_foreign_categories", {})]))
    b = best(kept)
    extra: list[Reason] = [("eligibility.reason.hmt_foreign_categories", {}), (internship, {})]
    if b.edu.overseas:
        extra.append(("eligibility.reason.needs_cscse", {}))
    return found(b, ev.basis_reasons(b, need_done=False) + extra)


def hmt_resident(pf: Profile, ev: Eval) -> Outcome:
    """港澳台: full-time 本科+ (mainland or certified Taiwan degree), internship (R16, R17)."""
    return _non_mainland(ev, "hmt", "eligibility.reason.hmt_internship", overseas_ok=True)


def foreign_national(pf: Profile, ev: Eval) -> Outcome:
    """外籍: a Chinese full-time 本科+ medical degree, 1-year internship, 临床/中医/口腔 (R18)."""
    return _non_mainland(ev, "foreign", "eligibility.reason.foreign_internship", overseas_ok=False)


def overseas_degree(pf: Profile, ev: Eval) -> Outcome:
    """Mainland citizens with a foreign medical degree: 教育部留学服务中心 certification first (R2, R17)."""
    if blocked := _mainland(ev):
        return no(*blocked)
    bases = ev.of(*LEVEL_ORDER, overseas=True)
    if not bases:
        return no(("eligibility.reason.no_overseas", {}))
    kept, reasons = ev.choose(bases)
    if not kept:
        return no(*reasons)
    b = best(kept)
    extra: list[Reason] = [("eligibility.reason.needs_cscse", {}), ("eligibility.reason.probation_year", {})]
    return found(b, ev.basis_reasons(b) + extra)


def military(pf: Profile, ev: Eval) -> Outcome:
    """现役军人: military 试用 certificate, 团级 consent, extra 军事医学 (R1, R6, SEED0, R22)."""
    if not pf.military:
        return no(("eligibility.reason.not_military", {}))
    kept, reasons = ev.choose(ev.of(*LEVEL_ORDER, overseas=None), need_done=False)
    papers: Reason = ("eligibility.reason.military_papers", {})
    if kept:
        b = best(kept)
        return found(b, [*ev.basis_reasons(b, need_done=False), papers])
    if pf.tcm_route:
        return found(None, [("eligibility.reason.tcm_route", {"route": ev.route_name()}), papers])
    return no(*(reasons or [("eligibility.reason.no_basis", {})]))


def rural_general_assistant(pf: Profile, ev: Eval) -> Outcome:
    """乡村全科执业助理医师: ≥1 year at a 乡镇卫生院/村卫生室 + a 临床 or 中医 qualifying education (R19)."""
    if blocked := _mainland(ev):
        return no(*blocked)
    if pf.target_category not in (None, "rural-general") or pf.target_level == "physician":
        return no(("eligibility.reason.rural_target", {}))
    need = ev.ctx.value("eligibility.rural_min_years")
    years = pf.township_years
    if years is None:
        return no(("eligibility.reason.township_unknown", {"years": need}))
    if years < need:
        return no(("eligibility.reason.township_short", {"years": need}))
    kept, reasons = ev.choose(ev.of(*LEVEL_ORDER))
    if not kept:
        return no(*(reasons or [("eligibility.reason.no_basis", {})]))
    b = best(kept)
    return found(b, [*ev.basis_reasons(b), ("eligibility.reason.township_years", {"years": need})])


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
    "western-tcm": western_tcm,
}
