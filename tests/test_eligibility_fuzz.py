"""Fuzzing the eligibility engine: any profile-shaped value -> a report, never an exception.

Bounded (hypothesis max_examples, derandomized). Checks that every reason is rendered text and that
the applicable and not-applicable lists together name every registered pathway once.
"""

from __future__ import annotations

import json
import re
import string

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import FUZZ
from validator.api import run
from validator.eligibility.answers import KEYS
from validator.eligibility.pathways import REGISTRY

MONTH = st.one_of(
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(1990, 2028), st.integers(0, 13)),
    st.none(),
    st.text(max_size=7),
)
JUNK = st.one_of(st.none(), st.integers(), st.text(max_size=5), st.booleans())


TEXTS = ("message", "fix", "fix_page")  # what a finding says, with its page-only sentence


def unfilled(rules, finding: dict) -> list[str]:
    """Template placeholders of the finding's message and fix still present in the rendered text."""
    spec = rules.messages[finding["code"]]
    names = {
        n for part in TEXTS for _, n, _, _ in string.Formatter().parse(spec.get(part, "")) if n
    }
    return [n for n in names if "{" + n + "}" in finding["message"] + finding["fix"] + finding["fix_page"]]


def pick(*values):
    return st.one_of(st.sampled_from(values), JUNK)


EDU = st.one_of(
    st.fixed_dictionaries(
        {
            "level": pick("secondary", "college", "bachelor", "master", "doctor"),
            "major": pick(
                "clinical",
                "tcm",
                "dental",
                "public-health",
                "nursing",
                "rural-medicine",
                "health-care",
                "other",
            ),
            "entry": MONTH,
            "graduated": MONTH,
            "mode": pick("full-time", "adult", "self-study", "distance"),
            "degree_type": pick("professional", "academic"),
            "overseas": st.booleans(),
        }
    ),
    JUNK,
)
CERT = st.one_of(
    st.fixed_dictionaries(
        {
            "type": pick("assistant", "assistant-township", "physician", "rural-general"),
            "category": pick("clinical", "tcm", "dental", "public-health", "rural-general"),
            "registered": st.one_of(st.dates().map(lambda d: d.isoformat()), JUNK),
        }
    ),
    JUNK,
)
PROFILE = st.one_of(
    st.fixed_dictionaries(
        {
            "identity": pick("mainland", "hmt", "foreign"),
            "military": st.one_of(st.booleans(), JUNK),
            "target": st.one_of(
                st.fixed_dictionaries(
                    {
                        "level": pick("physician", "assistant"),
                        "category": pick("clinical", "tcm", "dental", "rural-general"),
                    }
                ),
                JUNK,
            ),
            "education": st.one_of(st.lists(EDU, max_size=4), JUNK),
            "certificates": st.one_of(st.lists(CERT, max_size=2), JUNK),
            "tcm_route": pick("apprentice", "expertise"),
            "township_work_years": st.one_of(st.floats(allow_nan=True), JUNK),
        }
    ),
    JUNK,
)


@FUZZ
@given(profile=PROFILE, region=st.sampled_from(["national", "hubei"]))
def test_any_profile_gives_a_report(rules, profile, region):
    report = run("eligibility", {"profile": profile, "region": region, "as_of": "2026-12-15"}, rules=rules)
    assert report["verdict"] in ("pass", "warn", "fail")
    json.dumps(report, ensure_ascii=False)
    facts = report["facts"]
    if isinstance(profile, dict):
        named = facts["applicable_ids"] + facts["not_applicable_ids"]
        assert sorted(named) == sorted(set(REGISTRY) & set(rules.data["pathways"]))
        assert set(facts["checklist"]) == set(facts["applicable_ids"])
    for group in ("applicable", "not_applicable"):
        for item in facts[group]:
            assert item["reasons"] and all(r and not re.search(r"\{[a-z_]+\}", r) for r in item["reasons"]), (
                item
            )
    for finding in report["findings"]:
        assert not unfilled(rules, finding), finding


ANSWER = st.one_of(st.text(max_size=8), st.sampled_from(["pending", "any", "none", "upgrade", "overseas"]))
FINDER_KEYS = sorted(KEYS)  # the finder's query keys
ANSWERS = st.one_of(
    st.dictionaries(
        st.sampled_from(FINDER_KEYS), st.one_of(ANSWER, MONTH.filter(lambda m: m is not None)), max_size=16
    ),
    st.text(max_size=60),  # a pasted link or anything else
    JUNK,
)


@FUZZ
@given(answers=ANSWERS, region=st.sampled_from(["national", "hubei"]))
def test_any_finder_answers_give_a_report_with_one_recommendation_at_most(rules, answers, region):
    """The finder's answers (a dict or a query string) never raise; the answer stays consistent."""
    report = run("eligibility", {"answers": answers, "region": region, "as_of": "2026-12-15"}, rules=rules)
    json.dumps(report, ensure_ascii=False)
    facts = report["facts"]
    recommended = [e["pathway"] for e in facts["applicable"] if e["recommended"]]
    assert recommended == ([facts["recommended"]] if facts["applicable"] else [])
    for item in facts["applicable"]:
        assert item["applies"] in ("yes", "maybe")
        assert all(m["applies"] in ("yes", "maybe") for m in item["materials"])
    if not facts["applicable"] and facts["not_applicable"]:
        assert facts["decisive"] and facts["decisive"]["reason"]
    for finding in report["findings"]:
        assert not unfilled(rules, finding), finding
