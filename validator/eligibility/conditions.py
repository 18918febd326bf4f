"""Conditions as data: does a pathway material apply to this candidate? (content/pathways ``when:``)

A material's ``when`` holds its plain-Chinese wording (``text``) and a ``test``
in a small language evaluated here (never by string evaluation):

* ``{pred: <name>}`` calls a named predicate from :data:`PREDICATES`;
* ``{field: <name>, is: <value>}`` or ``{field: <name>, in: [...]}`` compares a
  profile field from :data:`FIELDS`;
* ``{all: [...]}``, ``{any: [...]}``, ``{not: {...}}`` combine tests;
* ``{maybe: <why>}`` is a fact the finder does not ask (names that differ from
  the ID card, the kind of probation institution): never ``yes``.

Every test is three-valued: ``yes`` (applies by the answers), ``maybe`` (the
answers cannot decide) or ``no`` (ruled out). ``all``/``any``/``not`` follow
Kleene's logic, so a ``maybe`` can never turn into ``yes``; an unknown name
(the content check reports it) also gives ``maybe``. The profile is the one the
eligibility engine reads (:class:`validator.eligibility.profile.Profile`), plus
the education the pathway's result rests on (its basis).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from validator.context import Context
from validator.eligibility.profile import (
    CATEGORIES,
    IDENTITIES,
    LEVELS,
    MODES,
    TARGET_LEVELS,
    TCM_ROUTES,
    Education,
    Profile,
)

YES, MAYBE, NO = "yes", "maybe", "no"
RANK = {NO: 0, MAYBE: 1, YES: 2}
OPERATORS = ("pred", "field", "all", "any", "not", "maybe")


@dataclass(frozen=True)
class Facts:
    """What a condition may look at: the profile, the rules, and the education the pathway uses."""

    pf: Profile
    ctx: Context
    basis: Education | None = None  # the education the pathway's result rests on
    stages: tuple[Education, ...] = ()  # every education the pathway uses (专升本: 专科 and 本科)


@dataclass(frozen=True)
class Field:
    get: Callable[[Facts], object]
    choices: tuple | None  # allowed values for is/in; None: checked elsewhere (regions)


def _basis(attr: str, default="none") -> Callable[[Facts], object]:
    return lambda f: getattr(f.basis, attr) if f.basis is not None else default


def _latest_certificate(f: Facts) -> str:
    dated = [c for c in f.pf.certificates if c.type]
    return dated[-1].type if dated else "none"


# profile fields a condition may compare (the finder asks each of them) ------------------
FIELDS: dict[str, Field] = {
    "identity": Field(lambda f: f.pf.identity, IDENTITIES),
    "military": Field(lambda f: f.pf.military, (True, False)),
    "region": Field(lambda f: f.ctx.region, None),
    "target-level": Field(lambda f: f.pf.target_level or "any", (*TARGET_LEVELS, "any")),
    "target-category": Field(lambda f: f.pf.target_category or "any", (*CATEGORIES, "any")),
    "tcm-route": Field(lambda f: f.pf.tcm_route or "none", (*TCM_ROUTES, "none")),
    "basis-level": Field(_basis("level"), (*LEVELS, "none")),
    "basis-mode": Field(_basis("mode"), (*MODES, "none")),
    "certificate": Field(
        _latest_certificate, ("assistant", "assistant-township", "physician", "rural-general", "none")
    ),
}


# named predicates -------------------------------------------------------------------------
def on_chsi(edu: Education, ctx: Context) -> str:
    """Is this diploma in 学信网's electronic registry? (registered from about 2001/2002: E2, E4)."""
    if edu.level == "secondary" or edu.overseas or edu.graduated is None:
        return NO
    if edu.graduated >= date.fromisoformat(ctx.value("eligibility.chsi_registered_from")):
        return YES
    if edu.graduated < date.fromisoformat(ctx.value("eligibility.chsi_unregistered_before")):
        return NO
    return MAYBE


def basis_on_chsi(f: Facts) -> str:
    return on_chsi(f.basis, f.ctx) if f.basis is not None else NO


def every_stage_on_chsi(f: Facts) -> str:
    return all_of([on_chsi(e, f.ctx) for e in f.stages or _basis_only(f)])


def some_stage_on_chsi(f: Facts) -> str:
    return any_of([on_chsi(e, f.ctx) for e in f.stages or _basis_only(f)])


def basis_graduated(f: Facts) -> str:
    return YES if f.basis is not None and f.basis.graduated is not None else NO


def basis_overseas(f: Facts) -> str:
    return YES if f.basis is not None and f.basis.overseas else NO


def basis_adult_late(f: Facts) -> str:
    """Adult education entered after the cut-off: usable only with an earlier assistant licence (R3)."""
    edu = f.basis
    if edu is None or edu.mode not in f.ctx.value("eligibility.adult_modes"):
        return NO
    return YES if edu.entry > date.fromisoformat(f.ctx.value("eligibility.adult_entry_until")) else NO


def _basis_only(f: Facts) -> tuple[Education, ...]:
    return (f.basis,) if f.basis is not None else ()


PREDICATES: dict[str, Callable[[Facts], str]] = {
    "basis-on-chsi": basis_on_chsi,
    "every-stage-on-chsi": every_stage_on_chsi,
    "some-stage-on-chsi": some_stage_on_chsi,
    "basis-graduated": basis_graduated,
    "basis-overseas": basis_overseas,
    "basis-adult-late": basis_adult_late,
}


# the interpreter --------------------------------------------------------------------------
def all_of(states: list[str]) -> str:
    return min(states, key=RANK.__getitem__, default=YES)


def any_of(states: list[str]) -> str:
    return max(states, key=RANK.__getitem__, default=NO)


def evaluate(test, facts: Facts) -> str:
    """``yes`` / ``maybe`` / ``no`` for one test; anything malformed or unknown is ``maybe``."""
    if not isinstance(test, dict) or len(set(test) & set(OPERATORS)) != 1:
        return MAYBE
    if "pred" in test:
        predicate = PREDICATES.get(test["pred"])
        return predicate(facts) if predicate else MAYBE
    if "field" in test:
        return _compare(test, facts)
    if "all" in test:
        return all_of([evaluate(t, facts) for t in test["all"]])
    if "any" in test:
        return any_of([evaluate(t, facts) for t in test["any"]])
    if "not" in test:
        return {YES: NO, NO: YES, MAYBE: MAYBE}[evaluate(test["not"], facts)]
    return MAYBE  # {maybe: why}


def _compare(test: dict, facts: Facts) -> str:
    spec = FIELDS.get(test["field"])
    if spec is None:
        return MAYBE
    wanted = [test["is"]] if "is" in test else test.get("in", [])
    return YES if spec.get(facts) in wanted else NO


def _unconditional(item: dict) -> str:
    return YES if item.get("required", True) else MAYBE


def materials(spec: dict, facts: Facts) -> list[dict]:
    """A pathway's materials for this candidate, ``no`` left out: ``[{material, applies, when}]``."""
    out = []
    for item in spec.get("materials", []):
        when = item.get("when") or {}
        state = evaluate(when.get("test"), facts) if when else _unconditional(item)
        if state != NO:
            out.append({"material": item["material"], "applies": state, "when": when.get("text", "")})
    return out
