"""Material conditions as data (validator/eligibility/conditions.py): the three-valued language,
the predicate registry, and every condition in content/pathways/ being a test, not free text."""

from __future__ import annotations

from datetime import date

import pytest

from validator.context import Context
from validator.eligibility import conditions as c
from validator.eligibility.profile import Education, Profile

AS_OF = date(2026, 12, 15)


def bachelor(graduated, mode="full-time", overseas=False, entry=date(2000, 9, 1)):
    return Education(
        1, "bachelor", "clinical", "临床医学", "clinical", entry, graduated, mode, None, overseas
    )


def facts(rules, edu=None, region="national", **profile):
    return c.Facts(Profile(**profile), Context(rules, AS_OF, region), edu, (edu,) if edu else ())


YES, MAYBE, NO = c.YES, c.MAYBE, c.NO
T, M, F = {"field": "region", "is": "hubei"}, {"maybe": "查询没有问"}, {"field": "region", "is": "national"}


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ({"all": [T, T]}, YES),
        ({"all": [T, M]}, MAYBE),
        ({"all": [M, F]}, NO),
        ({"any": [F, M]}, MAYBE),
        ({"any": [M, T]}, YES),
        ({"any": [F, F]}, NO),
        ({"not": M}, MAYBE),
        ({"not": T}, NO),
        ({"not": F}, YES),
        (M, MAYBE),
    ],
)
def test_three_valued_logic(rules, test, expected):
    """Kleene's logic, written out: a maybe never becomes yes (region hubei: T yes, F no)."""
    assert c.evaluate(test, facts(rules, region="hubei")) == expected


@pytest.mark.parametrize(
    "test",
    [{"pred": "no-such-predicate"}, {"field": "no-such-field", "is": "x"}, {"when": 1}, "text", None, {}],
)
def test_anything_unknown_or_malformed_is_maybe_never_yes(rules, test):
    assert c.evaluate(test, facts(rules)) == MAYBE


@pytest.mark.parametrize(
    ("graduated", "expected"),
    [
        (date(2025, 7, 1), YES),  # registered electronically (from about 2002: E2, E4)
        (date(2002, 1, 1), YES),
        (date(2001, 7, 1), MAYBE),  # the registry started about then: either may be needed
        (date(2000, 12, 1), NO),  # before 2001: the 认证报告
        (None, NO),  # not yet graduated: no diploma to register
    ],
)
def test_basis_on_chsi_by_graduation_month(rules, graduated, expected):
    assert c.evaluate({"pred": "basis-on-chsi"}, facts(rules, bachelor(graduated))) == expected


def test_overseas_and_secondary_diplomas_are_not_on_chsi(rules):
    assert c.on_chsi(bachelor(date(2020, 7, 1), overseas=True), Context(rules, AS_OF)) == NO
    secondary = Education(
        1,
        "secondary",
        "clinical",
        "临床医学",
        "clinical",
        date(2005, 9, 1),
        date(2008, 7, 1),
        "full-time",
        None,
        False,
    )
    assert c.on_chsi(secondary, Context(rules, AS_OF)) == NO


def test_adult_entry_after_the_cut_off(rules):
    late = bachelor(date(2020, 7, 1), mode="adult", entry=date(2018, 3, 1))
    early = bachelor(date(2005, 7, 1), mode="adult", entry=date(2002, 10, 1))
    assert c.evaluate({"pred": "basis-adult-late"}, facts(rules, late)) == YES
    assert c.evaluate({"pred": "basis-adult-late"}, facts(rules, early)) == NO
    assert c.evaluate({"pred": "basis-adult-late"}, facts(rules, bachelor(date(2020, 7, 1)))) == NO


def conditions_in_content(rules):
    for pid, spec in rules.data["pathways"].items():
        for item in spec["materials"]:
            if item.get("when") is not None or item.get("required") is False:
                yield pid, item


def leaves(test):
    if "all" in test or "any" in test:
        for t in test.get("all", test.get("any", [])):
            yield from leaves(t)
    elif "not" in test:
        yield from leaves(test["not"])
    else:
        yield test


def test_every_condition_in_content_is_a_test_with_its_words(rules):
    """No condition is free text alone: each has its wording and a test made of registered names,
    and a maybe-only leaf says why the finder cannot decide."""
    found = list(conditions_in_content(rules))
    assert len(found) > 40
    for pid, item in found:
        when = item["when"]
        assert isinstance(when, dict) and when["text"].strip() and when["test"], (pid, item)
        for leaf in leaves(when["test"]):
            assert set(leaf) & set(c.OPERATORS), (pid, leaf)
            if "pred" in leaf:
                assert leaf["pred"] in c.PREDICATES, (pid, leaf)
            elif "field" in leaf:
                assert leaf["field"] in c.FIELDS, (pid, leaf)
            else:
                assert isinstance(leaf["maybe"], str) and leaf["maybe"].strip(), (pid, leaf)


def test_a_fact_the_finder_does_not_ask_is_never_yes(rules):
    """Names that differ from the ID card, the kind of probation institution: maybe for everyone."""
    everyone = [
        facts(rules, bachelor(date(2020, 7, 1)), region=region, identity=identity)
        for region in ("national", "hubei")
        for identity in ("mainland", "hmt", "foreign")
    ]
    for pid, item in conditions_in_content(rules):
        if item["material"] in ("identity-evidence", "institution-license", "first-registration-proof"):
            assert {c.evaluate(item["when"]["test"], f) for f in everyone} <= {MAYBE, NO}, pid
