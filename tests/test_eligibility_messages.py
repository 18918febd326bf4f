"""Every reason, note and message is right for the person reading it (issue 11 item 4).

The engine is run for every identity × every level the finder offers × both regions × a few
targets and certificates; every text it renders (reasons of every pathway, findings, the
recommendation and the differences) is checked against the profile it was rendered for:
"您是X" names the candidate's own identity, "只适用于X；您是Y" never has X = Y, "您的<level>"
names a level the candidate has, "您在湖北考区" appears only for Hubei, and the candidate is
addressed as 您, never 你. The labels come from the rule set's formats, not from the code.
"""

from __future__ import annotations

import itertools
import re

import pytest

from validator.api import run

AS_OF = "2026-12-15"
IDENTITIES = ("mainland", "military", "hmt", "foreign")
LEVELS = (
    "secondary",
    "college",
    "upgrade",
    "bachelor",
    "master-professional",
    "master-academic",
    "doctor-professional",
    "doctor-academic",
    "tcm-apprentice",
    "tcm-expertise",
)
TARGETS = (("any", "any"), ("physician", "clinical"), ("assistant", "tcm"))
CERTS = ("none", "assistant")
DATES = {  # entry, (专科 graduation,) graduation: plausible for each level
    "secondary": {"en": "2005-09", "gr": "2008-07"},
    "college": {"en": "2016-09", "gr": "2019-07"},
    "upgrade": {"en": "2014-09", "cg": "2017-07", "md2": "adult", "en2": "2017-09", "gr": "2020-07"},
    "bachelor": {"en": "2021-09", "gr": "2026-07"},
}


def query(identity, level, region, target, cert):
    a = {"id": identity, "lv": level, "rg": region, "tl": target[0], "tc": target[1], "ct": cert}
    if not level.startswith("tcm-"):
        a.update(
            {"mj": "clinical", "md": "full-time", **DATES.get(level, {"en": "2018-09", "gr": "pending"})}
        )
    if cert != "none":
        a.update({"cc": "clinical", "cr": "2020-03-01"})
    if identity == "mainland" and cert == "none":
        a["tw"] = "1"
    return a


def texts_of(report) -> list[str]:
    facts = report["facts"]
    out = [facts.get("recommendation") or ""]
    for entry in facts["applicable"] + facts["not_applicable"]:
        out += entry["reasons"] + entry.get("differs", []) + [m["when"] for m in entry.get("materials", [])]
    for f in report["findings"]:
        out += [f["message"], f["fix"]]
    return [t for t in out if t]


def levels_of(answers, rules) -> set[str]:
    level = answers["lv"]
    if level.startswith("tcm-"):
        return set()
    names = {"upgrade": ["college", "bachelor"]}.get(level, [level.split("-")[0]])
    return {rules.fmt(f"eligibility.level.{n}") for n in names}


CASES = list(itertools.product(IDENTITIES, LEVELS, ("national", "hubei"), TARGETS, CERTS))


@pytest.mark.parametrize("identity", IDENTITIES)
def test_every_message_fits_the_profile(rules, identity):
    labels = {k: rules.fmt(f"eligibility.identity.{k}") for k in ("mainland", "hmt", "foreign")}
    level_names = "|".join(
        rules.fmt(f"eligibility.level.{k}") for k in ("secondary", "college", "bachelor", "master", "doctor")
    )
    checked = 0
    for _, level, region, target, cert in (c for c in CASES if c[0] == identity):
        answers = query(identity, level, region, target, cert)
        report = run("eligibility", {"answers": answers, "region": region, "as_of": AS_OF}, rules=rules)
        own = labels["mainland" if identity == "military" else identity]
        have = levels_of(answers, rules)
        for text in texts_of(report):
            where = (answers, text)
            assert "你" not in text, where
            assert "{" not in text and "}" not in text, where
            for said in re.findall(r"您是(" + "|".join(labels.values()) + ")", text):
                assert said == own, where
            for wanted, said in re.findall(r"只适用于([^；。，]+)；您是([^；。，]+)", text):
                assert wanted != said and said == own, where
            for named in re.findall(r"专门为([^；。，]+?)整理", text):
                assert named == own and named != labels["mainland"], where
            for level_name in re.findall(r"您的(" + level_names + ")", text):
                assert level_name in have, where
            if "您在湖北考区" in text:
                assert region == "hubei", where
            checked += 1
    assert checked > 1000  # the grid really rendered the texts


def test_the_old_wrong_sentence_is_gone(rules):
    """A mainland candidate never reads "内地居民请看专门的路径" on the 港澳台 and 外籍 pathways."""
    report = run(
        "eligibility",
        {"answers": query("mainland", "bachelor", "national", ("any", "any"), "none"), "as_of": AS_OF},
        rules=rules,
    )
    for pid in ("hmt-resident", "foreign-national"):
        reasons = next(e for e in report["facts"]["not_applicable"] if e["pathway"] == pid)["reasons"]
        assert reasons and all("您是内地居民" in r and "内地居民请看" not in r for r in reasons)
