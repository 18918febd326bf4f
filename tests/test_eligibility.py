"""Eligibility engine (op ``eligibility``): one profile per pathway family, excluded majors, cut-off dates,
profile problems. Checklists must come from the compiled pathway files (content/pathways/*.yaml)."""

from __future__ import annotations

import pytest

from validator import eligibility
from validator.api import run
from validator.eligibility.pathways import REGISTRY

AS_OF = "2026-12-15"
SEEN: set[str] = set()


def edu(
    level,
    major="clinical",
    entry="2016-09",
    graduated="2021-07",
    mode="full-time",
    degree_type=None,
    overseas=False,
):
    return {
        "level": level,
        "major": major,
        "entry": entry,
        "graduated": graduated,
        "mode": mode,
        "degree_type": degree_type,
        "overseas": overseas,
    }


def profile(
    education=(),
    identity="mainland",
    military=False,
    level=None,
    category=None,
    certificates=(),
    tcm_route=None,
    township=None,
):
    return {
        "identity": identity,
        "military": military,
        "target": {"level": level, "category": category},
        "education": list(education),
        "certificates": list(certificates),
        "tcm_route": tcm_route,
        "township_work_years": township,
    }


def check(rules, prof, region="national", as_of=AS_OF):
    report = run("eligibility", {"profile": prof, "region": region, "as_of": as_of}, rules=rules)
    SEEN.update(f["code"] for f in report["findings"])
    for group in ("applicable", "not_applicable"):
        for item in report["facts"][group]:
            SEEN.update(item["reason_codes"])
            assert len(item["reasons"]) == len(item["reason_codes"])
            assert all(r and "{" not in r for r in item["reasons"]), item
    return report


def applicable(report):
    return set(report["facts"]["applicable_ids"])


def reasons_of(report, pathway, group="not_applicable"):
    return next(set(i["reason_codes"]) for i in report["facts"][group] if i["pathway"] == pathway)


def codes(report):
    return {f["code"] for f in report["findings"]}


def cert(kind="assistant", category="clinical", registered="2019-03-01"):
    return {"type": kind, "category": category, "registered": registered}


# one profile per pathway family ------------------------------------------------------
FAMILIES = [
    ("bachelor-physician", profile([edu("bachelor")], level="physician", category="clinical"), "national"),
    (
        "college-assistant",
        profile([edu("college", entry="2019-09", graduated="2022-07")], level="assistant"),
        "hubei",
    ),
    (
        "secondary-assistant",
        profile([edu("secondary", entry="2008-09", graduated="2011-07")], level="assistant"),
        "national",
    ),
    (
        "assistant-to-physician",
        profile(
            [edu("college", entry="2011-09", graduated="2014-07")], level="physician", certificates=[cert()]
        ),
        "national",
    ),
    ("fresh-graduate", profile([edu("bachelor", entry="2021-09", graduated="2026-07")]), "national"),
    (
        "postgraduate-professional",
        profile(
            [
                edu("bachelor", entry="2019-09", graduated="2024-07"),
                edu("master", entry="2024-09", graduated=None, degree_type="professional"),
            ],
            level="physician",
        ),
        "national",
    ),
    (
        "college-to-bachelor",
        profile(
            [
                edu("college", entry="2015-09", graduated="2018-07"),
                edu("bachelor", entry="2018-09", graduated="2020-07"),
            ]
        ),
        "hubei",
    ),
    ("tcm-apprentice", profile([], tcm_route="apprentice", category="tcm"), "national"),
    (
        "hmt-resident",
        profile([edu("bachelor", entry="2015-09", graduated="2020-07")], identity="hmt"),
        "national",
    ),
    (
        "foreign-national",
        profile([edu("bachelor", major="tcm", entry="2015-09", graduated="2020-07")], identity="foreign"),
        "hubei",
    ),
    ("overseas-degree", profile([edu("bachelor", overseas=True)]), "national"),
    ("military", profile([edu("bachelor")], military=True), "hubei"),
    (
        "rural-general-assistant",
        profile(
            [edu("college", entry="2015-09", graduated="2018-07")], township=1.5, category="rural-general"
        ),
        "national",
    ),
    (
        "western-tcm",
        {
            **profile([edu("bachelor")], certificates=[cert("physician")], category="tcm"),
            "western_tcm": True,
        },
        "national",
    ),
]


@pytest.mark.parametrize(("pathway", "prof", "region"), FAMILIES, ids=[f[0] for f in FAMILIES])
def test_each_pathway_family(rules, pathway, prof, region):
    report = check(rules, prof, region)
    assert pathway in applicable(report), report["facts"]["not_applicable"]
    entry = next(i for i in report["facts"]["applicable"] if i["pathway"] == pathway)
    assert entry["reasons"]
    # the checklist is the compiled pathway's material list, not something the engine invents
    compiled = [m["material"] for m in rules.data["pathways"][pathway]["materials"]]
    assert report["facts"]["checklist"][pathway] == compiled
    assert "eligibility.some" in codes(report) and report["verdict"] == "pass"
    everything = set(report["facts"]["applicable_ids"]) | set(report["facts"]["not_applicable_ids"])
    assert everything == set(rules.data["pathways"]) & set(REGISTRY)


def test_every_registered_pathway_has_a_family_profile(rules):
    assert {f[0] for f in FAMILIES} == set(REGISTRY)
    assert set(REGISTRY) <= set(rules.data["pathways"])


def test_a_plain_bachelor_gets_only_the_bachelor_route(rules):
    report = check(rules, profile([edu("bachelor")], level="physician", category="clinical"))
    assert applicable(report) == {"bachelor-physician"}
    assert "eligibility.reason.not_military" in reasons_of(report, "military")
    assert "eligibility.reason.target_level" in reasons_of(
        report, "college-assistant"
    ) or "eligibility.reason.no_basis" in reasons_of(report, "college-assistant")


# excluded majors ----------------------------------------------------------------------
def excluded_majors(rules):
    return [m["id"] for m in rules.param("eligibility.majors").value if m["family"] == "excluded"]


def test_excluded_major_list_covers_the_rule(rules):
    names = {m["id"] for m in rules.param("eligibility.majors").value if m["family"] == "excluded"}
    assert {
        "nursing",
        "pharmacy",
        "medical-technology",
        "basic-medicine",
        "forensic",
        "tcm-pharmacy",
    } <= names
    ids = [m["id"] for m in rules.param("eligibility.majors").value]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "major",
    [
        "nursing",
        "pharmacy",
        "medical-technology",
        "basic-medicine",
        "forensic",
        "tcm-pharmacy",
        "health-management",
        "other",
    ],
)
def test_excluded_majors_never_qualify(rules, major):
    report = check(rules, profile([edu("bachelor", major=major, graduated="2020-07")]))
    assert applicable(report) == set()
    assert "eligibility.reason.excluded_major" in reasons_of(report, "bachelor-physician")
    assert report["verdict"] == "warn" and "eligibility.none" in codes(report)


# 中专 ------------------------------------------------------------------------------------
def test_secondary_cut_offs(rules):
    late = check(rules, profile([edu("secondary", entry="2011-09", graduated="2014-07")]))
    assert "eligibility.reason.secondary_late" in reasons_of(late, "secondary-assistant")
    tcm = check(rules, profile([edu("secondary", major="tcm", entry="2008-09", graduated="2011-07")]))
    assert "eligibility.reason.secondary_tcm_late" in reasons_of(tcm, "secondary-assistant")
    rural = check(
        rules, profile([edu("secondary", major="rural-medicine", entry="2012-09", graduated="2015-07")])
    )
    entry = next(i for i in rural["facts"]["applicable"] if i["pathway"] == "secondary-assistant")
    assert "eligibility.reason.secondary_village" in entry["reason_codes"]
    early = check(
        rules, profile([edu("secondary", major="rural-medicine", entry="2009-09", graduated="2012-07")])
    )
    assert "eligibility.reason.secondary_window" in reasons_of(early, "secondary-assistant")
    care = check(
        rules, profile([edu("secondary", major="health-care", entry="2011-09", graduated="2014-07")])
    )
    assert "eligibility.reason.secondary_window" in reasons_of(care, "secondary-assistant")


def with_param(rules, param_id, value, confidence):
    """The same rule set with one parameter's latest value replaced (a content edit, not a mock)."""
    import copy

    from validator.ruleset import RuleSet

    data = copy.deepcopy(rules.data)
    data["parameters"][param_id]["values"][-1].update(value=value, confidence=confidence)
    return RuleSet(data)


def entry_of(report, pathway):
    groups = report["facts"]["applicable"] + report["facts"]["not_applicable"]
    return next(i for i in groups if i["pathway"] == pathway)


def test_secondary_obtained_before_the_law_applies(rules):
    """医师法 附则 (LAW1, LAW2): a 中专 obtained before 2022-03-01 may sit the exam."""
    param = rules.param("eligibility.secondary_law_effective")
    assert param.value == "2022-03-01" and param.confidence in ("seed", "c2")
    report = check(rules, profile([edu("secondary", entry="2008-09", graduated="2022-02")]))
    item = entry_of(report, "secondary-assistant")
    assert item["applies"] == "yes" and "eligibility.reason.secondary_before_law" in item["reason_codes"]


def test_secondary_obtained_after_the_law_is_maybe_while_the_period_is_unknown(rules):
    """The period after the law is the ministry's and unknown: maybe, never a refusal on a guessed year."""
    period = rules.param("eligibility.secondary_period_until")
    assert period.value is None and period.confidence == "unconfirmed"
    for graduated in ("2022-03", "2026-07", None):  # the month the law took effect, later, still studying
        prof = profile([edu("secondary", major="rural-medicine", entry="2019-09", graduated=graduated)])
        item = entry_of(check(rules, prof), "secondary-assistant")
        assert item["applies"] == ("maybe" if graduated else "no"), (graduated, item)
        if graduated:
            assert "eligibility.reason.secondary_after_law" in item["reason_codes"]
            assert item["reasons"][2].startswith("可能适用，以当年规定为准")


def test_secondary_period_once_published(rules):
    """When content sets the period: an official value decides, a weaker one only makes it 'maybe'."""
    prof = lambda g: profile([edu("secondary", major="rural-medicine", entry="2019-09", graduated=g)])  # noqa: E731
    official = with_param(rules, "eligibility.secondary_period_until", "2024-12-31", "c2")
    within = entry_of(check(official, prof("2024-07")), "secondary-assistant")
    assert within["applies"] == "yes"
    assert "eligibility.reason.secondary_within_period" in within["reason_codes"]
    after = entry_of(check(official, prof("2025-07")), "secondary-assistant")
    assert after["applies"] == "no" and "eligibility.reason.secondary_after_period" in after["reason_codes"]
    weak = with_param(rules, "eligibility.secondary_period_until", "2024-12-31", "c1")
    assert entry_of(check(weak, prof("2025-07")), "secondary-assistant")["applies"] == "maybe"
    assert entry_of(check(weak, prof("2024-07")), "secondary-assistant")["applies"] == "maybe"


def test_secondary_entry_cut_offs_come_first(rules):
    """A general 中专 major entered in 2019 is excluded by the firm 2014 entry date, not by the law."""
    report = check(rules, profile([edu("secondary", entry="2019-09", graduated="2022-07")]))
    item = entry_of(report, "secondary-assistant")
    assert item["applies"] == "no" and item["reason_codes"] == ["eligibility.reason.secondary_late"]
    assert report["facts"]["decisive"]["code"] == "eligibility.reason.secondary_late"


# 专科 and adult education ---------------------------------------------------------------
def test_college_entry_date_notes(rules):
    old = check(rules, profile([edu("college", entry="2003-09", graduated="2006-07")]))
    item = next(i for i in old["facts"]["applicable"] if i["pathway"] == "college-assistant")
    assert "eligibility.reason.college_provincial" in item["reason_codes"]
    new = check(rules, profile([edu("college", entry="2005-01", graduated="2008-07")]))
    item = next(i for i in new["facts"]["applicable"] if i["pathway"] == "college-assistant")
    assert "eligibility.reason.college_moe" in item["reason_codes"]


def test_adult_education_entry_boundary(rules):
    ok = check(rules, profile([edu("college", entry="2002-10", graduated="2005-07", mode="adult")]))
    assert "college-assistant" in applicable(ok)
    late = check(rules, profile([edu("college", entry="2002-11", graduated="2005-07", mode="self-study")]))
    assert "college-assistant" not in applicable(late)
    assert "eligibility.reason.adult_late" in reasons_of(late, "college-assistant")


def test_adult_education_after_an_assistant_licence_only_upgrades(rules):
    prof = profile(
        [
            edu("college", entry="2010-09", graduated="2013-07", mode="distance"),
            edu("secondary", entry="1998-09", graduated="2001-07"),
        ],
        certificates=[cert(registered="2005-06-01")],
    )
    report = check(rules, prof)
    assert "assistant-to-physician" in applicable(report)
    assert "college-assistant" not in applicable(report)
    assert "eligibility.reason.adult_upgrade_only" in reasons_of(report, "college-assistant")


def test_registered_after_adult_entry_is_maybe_not_no(rules):
    # R3 asks whether the 助理 qualification (passing the exam) came before entry; the finder asks the
    # registration date, which comes later: registered after entry cannot rule the candidate out
    prof = profile(
        [edu("bachelor", entry="2016-03", graduated="2018-07", mode="adult")],
        certificates=[cert(registered="2017-03-15")],
    )
    report = check(rules, prof)
    item = next(i for i in report["facts"]["applicable"] if i["pathway"] == "bachelor-physician")
    assert item["applies"] == "maybe"
    assert "eligibility.reason.adult_upgrade_unsure" in item["reason_codes"]
    assert "college-assistant" not in applicable(report)


def test_an_assistant_is_not_offered_the_assistant_exam_of_the_same_category(rules):
    college = [edu("college", entry="2010-09", graduated="2013-07")]
    held = check(rules, profile(college, certificates=[cert(registered="2015-03-15")]))
    assert "assistant-to-physician" in applicable(held)
    assert "college-assistant" not in applicable(held)
    assert "eligibility.reason.already_assistant" in reasons_of(held, "college-assistant")
    # a licence in another category does not close this one
    other = check(rules, profile(college, certificates=[cert(category="tcm", registered="2015-03-15")]))
    assert "college-assistant" in applicable(other)


# 助理 → 执业 --------------------------------------------------------------------------------
def test_assistant_years_college_two_secondary_five(rules):
    college = [edu("college", entry="2011-09", graduated="2014-07")]
    enough = check(rules, profile(college, certificates=[cert(registered="2025-08-31")]))
    assert "assistant-to-physician" in applicable(
        enough
    )  # 2 years reached on 2027-08-31, the national cut-off
    short = check(rules, profile(college, certificates=[cert(registered="2025-09-01")]))
    assert "eligibility.reason.years_short" in reasons_of(short, "assistant-to-physician")
    secondary = [edu("secondary", entry="2005-09", graduated="2008-07")]
    five = check(rules, profile(secondary, certificates=[cert(registered="2022-08-31")]))
    assert "assistant-to-physician" in applicable(five)
    # the 医师法 names only 专科 + 2 years: for a 中专 assistant the route is "maybe" (LAW1, LAW2)
    item = entry_of(five, "assistant-to-physician")
    assert item["applies"] == "maybe"
    assert "eligibility.reason.secondary_upgrade_unconfirmed" in item["reason_codes"]
    assert entry_of(enough, "assistant-to-physician")["applies"] == "yes"
    four = check(rules, profile(secondary, certificates=[cert(registered="2023-01-01")]))
    assert "eligibility.reason.years_short" in reasons_of(four, "assistant-to-physician")


def test_hubei_cut_off_is_the_exam_date(rules):
    college = [edu("college", entry="2011-09", graduated="2014-07")]
    exam = rules.param("probation.exam_date", "hubei").value  # 2027 written exam (unconfirmed)
    report = check(rules, profile(college, certificates=[cert(registered="2025-08-31")]), region="hubei")
    assert "eligibility.reason.years_short" in reasons_of(report, "assistant-to-physician")
    assert rules.param("eligibility.assistant_cutoff", "hubei").confidence == "unconfirmed"
    day_before = f"{int(exam[:4]) - 2}{exam[4:]}"
    ok = check(rules, profile(college, certificates=[cert(registered=day_before)]), region="hubei")
    assert "assistant-to-physician" in applicable(ok)


def test_township_certificate_does_not_qualify(rules):
    report = check(
        rules,
        profile(
            [edu("college", entry="2011-09", graduated="2014-07")],
            level="physician",
            certificates=[cert("assistant-township", registered="2015-03-01")],
        ),
    )
    assert "assistant-to-physician" not in applicable(report)
    assert "eligibility.reason.township_certificate" in reasons_of(report, "assistant-to-physician")


def test_assistant_certificate_problems(rules):
    college = [edu("college", entry="2011-09", graduated="2014-07")]
    none = check(rules, profile(college, level="physician"))
    assert "eligibility.reason.no_certificate" in reasons_of(none, "assistant-to-physician")
    undated = check(rules, profile(college, certificates=[cert(registered=None)]))
    assert "eligibility.reason.cert_no_date" in reasons_of(undated, "assistant-to-physician")
    other = check(rules, profile(college, category="dental", certificates=[cert()]))
    assert "eligibility.reason.cert_category" in reasons_of(other, "assistant-to-physician")
    bachelor_only = check(rules, profile([edu("bachelor")], certificates=[cert()]))
    assert "eligibility.reason.no_assistant_basis" in reasons_of(bachelor_only, "assistant-to-physician")
    tcm = check(
        rules,
        profile([], tcm_route="expertise", certificates=[cert(category="tcm", registered="2020-01-01")]),
    )
    assert "assistant-to-physician" in applicable(tcm)


# 港澳台 / 外籍 / 境外 -------------------------------------------------------------------------
def test_hmt_and_foreign_limited_to_three_categories(rules):
    hk = check(rules, profile([edu("bachelor", major="public-health")], identity="hmt"))
    assert "hmt-resident" not in applicable(hk)
    assert "bachelor-physician" not in applicable(hk)
    assert "eligibility.reason.mainland_only" in reasons_of(hk, "bachelor-physician")
    mainland = check(rules, profile([edu("bachelor")]))
    assert reasons_of(mainland, "hmt-resident") == {"eligibility.reason.identity_only"}
    text = entry_of(mainland, "hmt-resident")["reasons"][0]
    assert "港澳台居民" in text and text.endswith("您是内地居民。")
    target = check(rules, profile([edu("bachelor")], identity="foreign", category="public-health"))
    assert "foreign-national" not in applicable(target)
    ok = check(rules, profile([edu("bachelor", major="dental")], identity="foreign"))
    assert "foreign-national" in applicable(ok)


def test_hmt_needs_full_time_and_taiwan_degree_needs_certification(rules):
    adult = check(
        rules, profile([edu("bachelor", mode="adult", entry="2000-09", graduated="2005-07")], identity="hmt")
    )
    assert "eligibility.reason.full_time_bachelor" in reasons_of(adult, "hmt-resident")
    taiwan = check(rules, profile([edu("bachelor", overseas=True)], identity="hmt"))
    item = next(i for i in taiwan["facts"]["applicable"] if i["pathway"] == "hmt-resident")
    assert "eligibility.reason.needs_cscse" in item["reason_codes"]
    college = check(rules, profile([edu("college", entry="2015-09", graduated="2018-07")], identity="hmt"))
    assert "eligibility.reason.full_time_bachelor" in reasons_of(college, "hmt-resident")


def test_foreign_national_needs_a_chinese_degree(rules):
    report = check(rules, profile([edu("bachelor", overseas=True)], identity="foreign"))
    assert "eligibility.reason.foreign_needs_chinese_degree" in reasons_of(report, "foreign-national")


def test_overseas_degree_needs_cscse(rules):
    report = check(rules, profile([edu("bachelor", overseas=True)]))
    item = next(i for i in report["facts"]["applicable"] if i["pathway"] == "overseas-degree")
    assert "eligibility.reason.needs_cscse" in item["reason_codes"]
    assert "bachelor-physician" not in applicable(report)
    assert "eligibility.reason.no_overseas" in reasons_of(
        check(rules, profile([edu("bachelor")])), "overseas-degree"
    )


# postgraduates, 专升本, 应届 -----------------------------------------------------------------
def test_academic_degree_uses_the_bachelor(rules):
    prof = profile(
        [
            edu("bachelor", entry="2012-09", graduated="2017-07"),
            edu("master", entry="2017-09", graduated="2020-07", degree_type="academic"),
        ]
    )
    report = check(rules, prof)
    assert "postgraduate-professional" not in applicable(report)
    assert {"eligibility.reason.academic_degree", "eligibility.reason.use_bachelor"} <= reasons_of(
        report, "postgraduate-professional"
    )
    item = next(i for i in report["facts"]["applicable"] if i["pathway"] == "bachelor-physician")
    assert item["reasons"][0].startswith("按您的本科")
    assert "eligibility.reason.higher_unused" in item["reason_codes"]
    old = check(rules, profile([edu("master", entry="2010-09", graduated="2013-07", degree_type="academic")]))
    assert "bachelor-physician" in applicable(old)
    assert "eligibility.reason.academic_old_rules" in reasons_of(old, "postgraduate-professional")


def test_postgraduate_alone_is_reminded_to_enter_the_bachelor(rules):
    alone = check(
        rules, profile([edu("master", entry="2018-09", graduated="2021-07", degree_type="professional")])
    )
    assert alone["verdict"] == "warn" and "eligibility.edu.postgraduate_alone" in codes(alone)
    both = check(
        rules,
        profile(
            [
                edu("bachelor", entry="2013-09", graduated="2018-07"),
                edu("master", entry="2018-09", graduated="2021-07", degree_type="professional"),
            ]
        ),
    )
    assert "eligibility.edu.postgraduate_alone" not in codes(both)


def test_postgraduate_without_degree_type_is_flagged(rules):
    report = check(rules, profile([edu("master", entry="2018-09", graduated="2021-07")]))
    assert "eligibility.edu.degree_type_missing" in codes(report)
    item = next(i for i in report["facts"]["applicable"] if i["pathway"] == "postgraduate-professional")
    assert "eligibility.reason.degree_type_unknown" in item["reason_codes"]


def test_upgrade_two_diplomas_only_for_full_time(rules):
    """Seed 000 §二(二)3: 以“全日制专升本”学历报考的 upload both diplomas; every 专升本 enters both levels."""
    college = edu("college", entry="2015-09", graduated="2018-07")
    full = check(rules, profile([college, edu("bachelor", entry="2018-09", graduated="2020-07")]))
    item = entry_of(full, "college-to-bachelor")
    assert {"eligibility.reason.both_levels", "eligibility.reason.both_diplomas"} <= set(item["reason_codes"])
    assert "全日制" in rules.messages["eligibility.reason.both_diplomas"]["message"]
    assert ("college-diploma", "yes") in {(m["material"], m["applies"]) for m in item["materials"]}
    licence = [cert(registered="2017-01-01")]  # before the adult 本科: usable for 执业医师 (R3)
    adult = edu("bachelor", entry="2018-09", graduated="2020-07", mode="adult")
    item = entry_of(check(rules, profile([college, adult], certificates=licence)), "college-to-bachelor")
    assert item["applies"] == "yes"
    assert "eligibility.reason.both_diplomas" not in item["reason_codes"]
    assert ("college-diploma", "maybe") in {(m["material"], m["applies"]) for m in item["materials"]}


def test_upgrade_needs_both_levels(rules):
    only = check(rules, profile([edu("bachelor", entry="2018-09", graduated="2020-07")]))
    assert "college-to-bachelor" not in applicable(only)
    assert "eligibility.reason.no_college" in reasons_of(only, "college-to-bachelor")
    assert "eligibility.edu.upgrade_missing_college" in codes(only)
    pending = check(
        rules,
        profile(
            [
                edu("college", entry="2015-09", graduated="2018-07"),
                edu("bachelor", entry="2018-09", graduated=None),
            ]
        ),
    )
    assert "eligibility.reason.not_graduated" in reasons_of(pending, "college-to-bachelor")
    swapped = check(
        rules,
        profile(
            [
                edu("college", entry="2015-09", graduated="2019-07"),
                edu("bachelor", entry="2018-09", graduated="2020-07"),
            ]
        ),
    )
    assert "eligibility.edu.upgrade_order" in codes(swapped)


def test_fresh_graduate_window(rules):
    pending = check(rules, profile([edu("bachelor", entry="2022-09", graduated=None)]))
    item = next(i for i in pending["facts"]["applicable"] if i["pathway"] == "fresh-graduate")
    assert {"eligibility.reason.fresh_pledge", "eligibility.reason.graduation_year_unconfirmed"} <= set(
        item["reason_codes"]
    )
    assert "eligibility.reason.not_graduated" in reasons_of(pending, "bachelor-physician")
    old = check(rules, profile([edu("bachelor", graduated="2025-07")]))
    assert "eligibility.reason.not_fresh" in reasons_of(old, "fresh-graduate")


def test_military_and_rural(rules):
    civilian = check(rules, profile([edu("bachelor")]))
    assert "military" not in applicable(civilian)
    soldier = check(
        rules,
        profile([edu("college", entry="2015-09", graduated="2018-07")], military=True, level="assistant"),
    )
    assert {"military", "college-assistant"} <= applicable(soldier)
    item = next(i for i in soldier["facts"]["applicable"] if i["pathway"] == "military")
    assert "eligibility.reason.military_papers" in item["reason_codes"]
    short = check(rules, profile([edu("college", entry="2015-09", graduated="2018-07")], township=0.5))
    assert "eligibility.reason.township_short" in reasons_of(short, "rural-general-assistant")
    dental = check(
        rules, profile([edu("college", major="dental", entry="2015-09", graduated="2018-07")], township=2)
    )
    assert "rural-general-assistant" not in applicable(dental)


def test_public_health_from_a_clinical_bachelor(rules):
    report = check(rules, profile([edu("bachelor")], category="public-health"))
    item = next(i for i in report["facts"]["applicable"] if i["pathway"] == "bachelor-physician")
    assert "eligibility.reason.clinical_public_health" in item["reason_codes"]
    college = check(
        rules, profile([edu("college", entry="2015-09", graduated="2018-07")], category="public-health")
    )
    assert "eligibility.reason.target_category" in reasons_of(college, "college-assistant")


def test_bachelor_may_step_down_to_assistant(rules):
    report = check(rules, profile([edu("bachelor")], level="assistant", category="clinical"))
    item = next(i for i in report["facts"]["applicable"] if i["pathway"] == "bachelor-physician")
    assert "eligibility.reason.step_down" in item["reason_codes"]
    college = check(rules, profile([edu("college", entry="2015-09", graduated="2018-07")], level="physician"))
    assert "eligibility.reason.target_level" in reasons_of(college, "college-assistant")


def test_tcm_route_is_tcm_only(rules):
    report = check(rules, profile([], tcm_route="apprentice", category="clinical"))
    assert "eligibility.reason.tcm_only" in reasons_of(report, "tcm-apprentice")
    assert "eligibility.reason.no_tcm_route" in reasons_of(
        check(rules, profile([edu("bachelor")])), "tcm-apprentice"
    )


def test_hubei_recent_graduates_are_warned_about_the_hubei_window(rules):
    """SEED0 §二(一)4: Hubei counts probation to the written exam, whose 2027 date is the site's inference."""
    fresh = profile([edu("bachelor", entry="2021-09", graduated="2026-07")])
    report = check(rules, fresh, region="hubei")
    finding = next(f for f in report["findings"] if f["code"] == "eligibility.probation.hubei_window")
    assert finding["severity"] == "warn" and finding["source"]["param"] == "probation.exam_date"
    assert "2026-01-01" in finding["message"] and "2027-08-14" in finding["message"]
    assert "本站推断" in finding["message"] and "试用期计算器" in finding["fix"]
    assert "eligibility.probation.hubei_window" not in codes(check(rules, fresh))
    older = profile([edu("bachelor", entry="2015-09", graduated="2020-07")])
    assert "eligibility.probation.hubei_window" not in codes(check(rules, older, region="hubei"))


# profile problems ------------------------------------------------------------------------------
def test_each_level_only_once_is_a_hubei_rule(rules):
    """每级学历只允许录入一次 is in the Hubei 省网 guide (seed 000), not in the national system's."""
    twice = profile([edu("bachelor"), edu("bachelor", entry="2010-09", graduated="2015-07")])
    hubei = check(rules, twice, region="hubei")
    assert hubei["verdict"] == "fail" and "eligibility.edu.duplicate_level" in codes(hubei)
    finding = next(f for f in hubei["findings"] if f["code"] == "eligibility.edu.duplicate_level")
    assert finding["source"]["param"] == "eligibility.one_record_per_level"
    assert finding["source"]["confidence"] == "seed" and "湖北" in finding["message"]
    assert "eligibility.edu.duplicate_level" not in codes(check(rules, twice))


@pytest.mark.parametrize(
    ("prof", "code"),
    [
        ("nonsense", "eligibility.profile.missing"),
        (None, "eligibility.profile.missing"),
        ({"identity": "alien"}, "eligibility.profile.identity"),
        ({"education": []}, "eligibility.profile.no_education"),
        ({"education": [edu("bachelor")], "target": {"level": "boss"}}, "eligibility.profile.target"),
        ({"education": [edu("bachelor")], "tcm_route": "dream"}, "eligibility.profile.tcm_route"),
        ({"education": [edu("bachelor")], "township_work_years": "many"}, "eligibility.profile.township"),
        ({"education": [5]}, "eligibility.edu.not_a_record"),
        ({"education": [{"level": "phd"}]}, "eligibility.edu.bad_level"),
        ({"education": [edu("college", major="alchemy")]}, "eligibility.edu.unknown_major"),
        ({"education": [edu("secondary", major="anesthesiology")]}, "eligibility.edu.major_level"),
        ({"education": [edu("college", entry="2016/9")]}, "eligibility.edu.bad_entry"),
        ({"education": [edu("college", graduated="2019-13")]}, "eligibility.edu.bad_graduated"),
        (
            {"education": [edu("college", entry="2019-09", graduated="2016-07")]},
            "eligibility.edu.graduated_before_entry",
        ),
        ({"education": [edu("college", entry="2027-09", graduated=None)]}, "eligibility.edu.entry_future"),
        (
            {"education": [edu("college", entry="2024-09", graduated="2027-07")]},
            "eligibility.edu.graduated_future",
        ),
        ({"education": [edu("college", mode="evening")]}, "eligibility.edu.bad_mode"),
        ({"education": [edu("bachelor")], "certificates": ["x"]}, "eligibility.cert.not_a_record"),
        ({"education": [edu("bachelor")], "certificates": [cert("gold")]}, "eligibility.cert.bad_type"),
        (
            {"education": [edu("bachelor")], "certificates": [cert(category="magic")]},
            "eligibility.cert.bad_category",
        ),
        (
            {"education": [edu("bachelor")], "certificates": [cert(registered="2019-02-30")]},
            "eligibility.cert.bad_date",
        ),
        (
            {"education": [edu("bachelor")], "certificates": [cert(registered="2027-01-01")]},
            "eligibility.cert.future",
        ),
    ],
)
def test_profile_problems_are_findings(rules, prof, code):
    report = check(rules, prof)
    assert code in codes(report)
    finding = next(f for f in report["findings"] if f["code"] == code)
    assert finding["message"] and "{" not in finding["message"] and finding["fix"]


# issue 21: majors from the Ministry of Education catalogues, routes, limits ----------------------------
@pytest.mark.parametrize(
    ("major", "level", "category", "pathway"),
    [
        # 本科目录 临床医学类 (100204TK 眼视光医学, 100206TK 放射医学, 100207TK 儿科学) → 临床
        ("optometry-medicine", "bachelor", "clinical", "bachelor-physician"),
        ("radiation-medicine", "bachelor", "clinical", "bachelor-physician"),
        ("pediatrics", "bachelor", "clinical", "bachelor-physician"),
        # 本科目录 中医学类 (100512TK 中医儿科学, 100513TK 中医骨伤科学) → 中医; 专科 中医骨伤 → 中医 助理
        ("tcm-pediatrics", "bachelor", "tcm", "bachelor-physician"),
        ("tcm-orthopedics", "bachelor", "tcm", "bachelor-physician"),
        ("tcm-orthopedics", "college", "tcm", "college-assistant"),
        ("acupuncture", "college", "tcm", "college-assistant"),
        ("integrated", "bachelor", "tcm", "bachelor-physician"),
        ("dental", "bachelor", "dental", "bachelor-physician"),
        ("public-health", "bachelor", "public-health", "bachelor-physician"),
    ],
)
def test_catalogue_majors_reach_their_category(rules, major, level, category, pathway):
    dates = {"entry": "2015-09", "graduated": "2020-07"} if level == "bachelor" else {"entry": "2017-09"}
    report = check(rules, profile([edu(level, major=major, **dates)], category=category))
    item = entry_of(report, pathway)
    assert item["applies"] == "yes"
    assert not codes(report) & {"eligibility.edu.unknown_major", "eligibility.edu.major_level"}


def test_catalogue_lists_every_medical_class(rules):
    majors = {m["id"]: m for m in rules.param("eligibility.majors").value}
    classes = {m.get("class") for m in majors.values()}
    assert {"临床医学类", "口腔医学类", "中医学类", "中西医结合类", "公共卫生与预防医学类"} <= classes
    names = {m["name"] for m in majors.values()}
    for wanted in ("眼视光医学", "放射医学", "中医儿科学", "儿科学", "精神医学", "麻醉学", "医学影像学"):
        assert wanted in names
    assert any(n.startswith("中医骨伤科学") for n in names)


@pytest.mark.parametrize(
    "major", ["tcm-rehabilitation", "tcm-wellness", "maternal-child-health", "health-inspection"]
)
def test_catalogue_majors_without_a_known_category_are_maybe(rules, major):
    report = check(rules, profile([edu("bachelor", major=major, entry="2015-09", graduated="2020-07")]))
    item = entry_of(report, "bachelor-physician")
    assert item["applies"] == "maybe"
    assert "eligibility.reason.major_confirm" in item["reason_codes"]
    assert any("请向考点确认" in r for r in item["reasons"])


@pytest.mark.parametrize("major", ["unlisted", "radiology-of-the-future"])
def test_a_major_the_list_does_not_know_is_maybe_never_no(rules, major):
    report = check(rules, profile([edu("bachelor", major=major, entry="2015-09", graduated="2020-07")]))
    item = entry_of(report, "bachelor-physician")
    assert item["applies"] == "maybe"
    assert "eligibility.reason.major_unlisted" in item["reason_codes"]
    assert report["verdict"] != "fail"
    unknown = [f for f in report["findings"] if f["code"] == "eligibility.edu.unknown_major"]
    assert (major == "unlisted") == (not unknown)
    assert all(f["severity"] == "warn" for f in unknown)


def test_hmt_public_health_is_told_the_category_limit(rules):
    report = check(rules, profile([edu("bachelor", major="public-health")], identity="hmt"))
    assert applicable(report) == set()
    assert reasons_of(report, "hmt-resident") == {"eligibility.reason.hmt_foreign_major"}
    decisive = report["facts"]["decisive"]
    assert decisive["code"] == "eligibility.reason.hmt_foreign_major"
    assert "临床、中医、口腔" in decisive["reason"] and "不对应" not in decisive["reason"]
    foreign = check(rules, profile([edu("bachelor", major="public-health")], identity="foreign"))
    assert reasons_of(foreign, "foreign-national") == {"eligibility.reason.hmt_foreign_major"}


def test_fresh_graduate_is_maybe_before_graduation_and_never_recommended_over_a_yes(rules):
    master = check(
        rules,
        profile(
            [edu("master", entry="2024-09", graduated=None, degree_type="professional")], level="physician"
        ),
    )
    assert entry_of(master, "fresh-graduate")["applies"] == "maybe"
    assert "eligibility.reason.fresh_before_graduation" in entry_of(master, "fresh-graduate")["reason_codes"]
    assert master["facts"]["recommended"] == "postgraduate-professional"
    season = check(rules, profile([edu("bachelor", entry="2021-09", graduated="2026-07")]))
    assert entry_of(season, "fresh-graduate")["applies"] == "yes"


def test_western_tcm_route(rules):
    def western(certs, **kw):
        return check(rules, {**profile([edu("bachelor")], certificates=certs, **kw), "western_tcm": True})

    physician = western([cert("physician")], category="tcm")
    item = entry_of(physician, "western-tcm")
    assert item["applies"] == "yes" and "执业医师" in item["reasons"][0]
    assistant = western([cert("assistant")], level="physician", category="tcm")
    assert "eligibility.reason.target_level" in reasons_of(assistant, "western-tcm")
    assert "eligibility.reason.western_tcm_category" in reasons_of(
        western([cert("physician")], category="dental"), "western-tcm"
    )
    no_study = check(rules, profile([edu("bachelor")], certificates=[cert("physician")], category="tcm"))
    assert "eligibility.reason.no_western_tcm" in reasons_of(no_study, "western-tcm")
    dentist = western([cert("physician", category="dental")], category="tcm")
    assert "eligibility.reason.western_tcm_certificate" in reasons_of(dentist, "western-tcm")


def test_tcm_routes_name_the_assessment_without_the_exam(rules):
    report = check(rules, profile([], tcm_route="expertise"))
    item = entry_of(report, "tcm-apprentice")
    assert "eligibility.reason.tcm_assessment" in item["reason_codes"]
    text = next(
        r for r, c in zip(item["reasons"], item["reason_codes"], strict=True) if c.endswith("assessment")
    )
    assert "第十一条第二款" in text and "第十五条第二款" in text and "不用参加考试" in text


def test_a_question_not_asked_stays_silent(rules):
    clinical = check(rules, profile([edu("bachelor")], category="clinical"))
    assert reasons_of(clinical, "rural-general-assistant") == {"eligibility.reason.rural_target"}
    unknown = check(rules, profile([edu("college", entry="2015-09", graduated="2018-07")]))
    text = entry_of(unknown, "rural-general-assistant")["reasons"]
    assert text and not any("没有填写" in t for t in text)


def test_every_code_has_a_message_and_was_exercised(rules):
    for code in eligibility.CODES:
        assert code in rules.messages, code
    assert not set(eligibility.CODES) - SEEN, sorted(set(eligibility.CODES) - SEEN)
