"""Read a candidate profile (handbook format) into plain records; problems become findings.

Nothing here decides eligibility: entries that cannot be read (unknown level or
major, bad dates) are reported and left out, so the pathway rules only ever see
clean records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from validator.context import Context
from validator.fields.common import month_start
from validator.report import Report

CODES = (
    "eligibility.profile.missing",
    "eligibility.profile.identity",
    "eligibility.profile.no_education",
    "eligibility.profile.target",
    "eligibility.profile.township",
    "eligibility.profile.tcm_route",
    "eligibility.edu.not_a_record",
    "eligibility.edu.bad_level",
    "eligibility.edu.unknown_major",
    "eligibility.edu.major_level",
    "eligibility.edu.bad_entry",
    "eligibility.edu.bad_graduated",
    "eligibility.edu.graduated_before_entry",
    "eligibility.edu.entry_future",
    "eligibility.edu.graduated_future",
    "eligibility.edu.bad_mode",
    "eligibility.edu.duplicate_level",
    "eligibility.edu.degree_type_missing",
    "eligibility.edu.upgrade_missing_college",
    "eligibility.edu.upgrade_order",
    "eligibility.edu.postgraduate_alone",
    "eligibility.cert.not_a_record",
    "eligibility.cert.bad_type",
    "eligibility.cert.bad_category",
    "eligibility.cert.bad_date",
    "eligibility.cert.future",
)

IDENTITIES = ("mainland", "hmt", "foreign")
LEVELS = ("secondary", "college", "bachelor", "master", "doctor")
POSTGRADUATE = ("master", "doctor")
MODES = ("full-time", "adult", "self-study", "distance")
TARGET_LEVELS = ("physician", "assistant")
CATEGORIES = ("clinical", "tcm", "dental", "public-health", "rural-general")
CERT_TYPES = ("assistant", "assistant-township", "physician", "rural-general")
TCM_ROUTES = ("apprentice", "expertise")


@dataclass(frozen=True)
class Education:
    index: int  # 1-based position in the profile
    level: str
    major: str
    major_name: str
    family: str
    entry: date
    graduated: date | None  # None: graduating this cycle
    mode: str
    degree_type: str | None
    overseas: bool
    confirm: bool = False  # a catalogue medical major whose category the site could not confirm


@dataclass(frozen=True)
class Certificate:
    type: str
    category: str | None
    registered: date | None


@dataclass
class Profile:
    identity: str = "mainland"
    military: bool = False
    target_level: str | None = None
    target_category: str | None = None
    education: list[Education] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    tcm_route: str | None = None
    township_years: float | None = None
    western_tcm: bool = False  # a 西学中 certificate (or 中医 study) held by a 临床 doctor

    def levels(self, *levels: str) -> list[Education]:
        return [e for e in self.education if e.level in levels]


def read_profile(report: Report, raw, ctx: Context) -> Profile | None:
    if not isinstance(raw, dict):
        report.add("eligibility.profile.missing", "fail")
        return None
    pf = Profile()
    identity = raw.get("identity") or "mainland"
    if identity not in IDENTITIES:
        report.add(
            "eligibility.profile.identity", "fail", measured=str(identity), expected="、".join(IDENTITIES)
        )
    else:
        pf.identity = identity
    pf.military = raw.get("military") is True
    pf.western_tcm = raw.get("western_tcm") is True
    _target(report, raw.get("target"), pf)
    _route_and_township(report, raw, pf)
    majors = {m["id"]: m for m in ctx.value("eligibility.majors")}
    education = raw.get("education")
    items = education if isinstance(education, list) else []
    for i, item in enumerate(items, start=1):
        edu = _education(report, i, item, majors, ctx)
        if edu is not None:
            pf.education.append(edu)
    _consistency(report, pf, ctx)
    certificates = raw.get("certificates")
    certs = certificates if isinstance(certificates, list) else []
    for i, item in enumerate(certs, start=1):
        cert = _certificate(report, i, item, ctx)
        if cert is not None:
            pf.certificates.append(cert)
    if not items and pf.tcm_route is None:
        report.add("eligibility.profile.no_education", "warn")
    return pf


def _target(report: Report, raw, pf: Profile) -> None:
    target = raw if isinstance(raw, dict) else {}
    level, category = target.get("level"), target.get("category")
    if level is not None and level not in TARGET_LEVELS:
        report.add("eligibility.profile.target", "warn", measured=str(level))
        level = None
    if category is not None and category not in CATEGORIES:
        report.add("eligibility.profile.target", "warn", measured=str(category))
        category = None
    pf.target_level, pf.target_category = level, category


def _route_and_township(report: Report, raw: dict, pf: Profile) -> None:
    route = raw.get("tcm_route")
    if route is not None and route not in TCM_ROUTES:
        report.add("eligibility.profile.tcm_route", "warn", measured=str(route))
    else:
        pf.tcm_route = route
    years = raw.get("township_work_years")
    if years is None:
        return
    if isinstance(years, bool) or not isinstance(years, int | float) or years < 0 or years != years:
        report.add("eligibility.profile.township", "warn", measured=str(years))
    else:
        pf.township_years = float(years)


def _education(report: Report, i: int, item, majors: dict, ctx: Context) -> Education | None:
    if not isinstance(item, dict):
        report.add("eligibility.edu.not_a_record", "fail", row=i)
        return None
    level, major_id = item.get("level"), item.get("major")
    if level not in LEVELS:
        report.add("eligibility.edu.bad_level", "fail", measured=_shown(level, ctx), row=i)
        return None
    level_name = ctx.rules.fmt(f"eligibility.level.{level}")
    major = majors.get(major_id)
    if major is None:
        # a major the list does not know is the 考点's call (a maybe), never a hard no (issue 21)
        report.add(
            "eligibility.edu.unknown_major", "warn", measured=_shown(major_id, ctx), row=i, level=level_name
        )
        major = {"id": str(major_id or ""), "name": _shown(major_id, ctx), "family": "unknown"}
    if level not in major.get("levels", LEVELS):
        report.add("eligibility.edu.major_level", "warn", row=i, level=level_name, major=major["name"])
    entry = month_start(str(item.get("entry") or ""))
    if entry is None:
        report.add(
            "eligibility.edu.bad_entry",
            "fail",
            measured=_shown(item.get("entry"), ctx),
            row=i,
            level=level_name,
        )
        return None
    graduated = _graduated(report, i, item.get("graduated"), entry, level_name, ctx)
    if graduated is False:
        return None
    if entry > ctx.as_of:
        report.add(
            "eligibility.edu.entry_future", "fail", measured=entry.strftime("%Y-%m"), row=i, level=level_name
        )
        return None
    mode = item.get("mode") or "full-time"
    if mode not in MODES:
        report.add("eligibility.edu.bad_mode", "warn", measured=str(mode), row=i, level=level_name)
        mode = "full-time"
    degree = item.get("degree_type") if item.get("degree_type") in ("professional", "academic") else None
    if level in POSTGRADUATE and degree is None:
        report.add("eligibility.edu.degree_type_missing", "warn", row=i, level=level_name)
    return Education(
        i,
        level,
        major["id"],
        major["name"],
        major["family"],
        entry,
        graduated,
        mode,
        degree,
        item.get("overseas") is True,
        major.get("confirm") is True,
    )


def _graduated(report: Report, i: int, raw, entry: date, level_name: str, ctx: Context):
    """The graduation month, None for graduating this cycle, or False after a finding."""
    if raw is None or raw == "":
        return None
    graduated = month_start(str(raw))
    if graduated is None:
        report.add("eligibility.edu.bad_graduated", "fail", measured=str(raw), row=i, level=level_name)
        return False
    if graduated < entry:
        shown = f"{entry.strftime('%Y-%m')} / {graduated.strftime('%Y-%m')}"
        report.add("eligibility.edu.graduated_before_entry", "fail", measured=shown, row=i, level=level_name)
        return False
    if graduated > ctx.as_of:
        report.add("eligibility.edu.graduated_future", "warn", measured=str(raw), row=i, level=level_name)
        return None
    return graduated


def _consistency(report: Report, pf: Profile, ctx: Context) -> None:
    seen: dict[str, Education] = {}
    once = ctx.param("eligibility.one_record_per_level")  # a Hubei 省网 rule (SEED0), not national
    for edu in pf.education:
        if edu.level in seen and once.value:
            name = ctx.rules.fmt(f"eligibility.level.{edu.level}")
            report.add(
                "eligibility.edu.duplicate_level",
                "fail",
                measured=name,
                param=once,
                row=edu.index,
                first=seen[edu.level].index,
            )
        seen.setdefault(edu.level, edu)
    bachelor, college = seen.get("bachelor"), seen.get("college")
    if bachelor and college and college.graduated and bachelor.entry < college.graduated:
        report.add(
            "eligibility.edu.upgrade_order",
            "warn",
            measured=bachelor.entry.strftime("%Y-%m"),
            expected=college.graduated.strftime("%Y-%m"),
        )
    post = [e for e in pf.education if e.level in POSTGRADUATE]
    if post and not (bachelor or college):
        report.add(
            "eligibility.edu.postgraduate_alone",
            "warn",
            level=ctx.rules.fmt(f"eligibility.level.{post[0].level}"),
        )
    limit = ctx.param("eligibility.upgrade_max_years")
    if bachelor and not college and bachelor.graduated and not bachelor.overseas:
        months = (
            (bachelor.graduated.year - bachelor.entry.year) * 12
            + bachelor.graduated.month
            - bachelor.entry.month
        )
        if months <= limit.value * 12:
            report.add(
                "eligibility.edu.upgrade_missing_college",
                "warn",
                measured=str(round(months / 12, 1)),
                param=limit,
            )


def _certificate(report: Report, i: int, item, ctx: Context) -> Certificate | None:
    if not isinstance(item, dict):
        report.add("eligibility.cert.not_a_record", "fail", row=i)
        return None
    kind = item.get("type")
    if kind not in CERT_TYPES:
        report.add("eligibility.cert.bad_type", "fail", measured=_shown(kind, ctx), row=i)
        return None
    category = item.get("category")
    if category not in CATEGORIES:
        report.add("eligibility.cert.bad_category", "warn", measured=_shown(category, ctx), row=i)
        category = None
    registered = _day(item.get("registered"))
    if item.get("registered") and registered is None:
        report.add("eligibility.cert.bad_date", "fail", measured=str(item.get("registered")), row=i)
    if registered is not None and registered > ctx.as_of:
        report.add("eligibility.cert.future", "fail", measured=registered.isoformat(), row=i)
        registered = None
    return Certificate(kind, category, registered)


def _shown(value, ctx: Context) -> str:
    """A value for a message; an empty or missing one is named as such (content format)."""
    return ctx.rules.fmt("eligibility.blank") if value is None or value == "" else str(value)


def _day(value) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None
