"""How a finding's severity is decided: it follows the confidence of what it rests on.

A rule module asks for a severity (``fail``, ``warn`` or ``info``) and names the
threshold parameter(s) it applied (``param=``). :func:`decide` then settles it:

1. With parameters: ``fail`` stands only when every one of them rests on an
   official source (confidence ``seed`` or ``c2``), or is the fail line of an
   official rule whose line the site draws (content ``lines:``: past it no
   reasonable reading of the rule is met; basis ``line``, the reading cites the
   rule and the reasoning; a value in the warn band says it is the site's
   reading). Otherwise the finding becomes a ``warn`` and carries a reading:
   plain Chinese from content saying that the figure is this site's reading
   and why (inferred, unconfirmed, a single repost, an undated repost),
   followed by the value's own ``note``.
2. Without parameters the content decides (``firm:`` in content/messages):
   ``unreadable`` (the file cannot be read) and ``invalid`` (the value itself is
   impossible, e.g. a check digit that does not match) may fail; ``stated`` (a
   rule in words) fails only when its message's confidence is official.
3. Any other ``fail`` without a parameter is not allowed to stand: it becomes a
   ``warn`` with the general reading (basis ``undeclared``).

``info`` and ``warn`` are never raised. The decision also says what the finding
rests on (``basis``), for the CLI's ``--json``, /admin/ and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from validator.ruleset import OFFICIAL, Param, RuleSet

FIRM_WITHOUT_SOURCE = ("unreadable", "invalid")


@dataclass(frozen=True)
class Decision:
    severity: str
    basis: str  # official | line | reading | unreadable | invalid | stated | undeclared | ""
    reading: str = ""


def decide(rules: RuleSet, code: str, requested: str, params: tuple[Param, ...]) -> Decision:
    if params:
        return _by_params(rules, requested, params)
    firm = rules.firm(code)
    if firm in FIRM_WITHOUT_SOURCE:
        return Decision(requested, firm)
    if firm == "stated":
        return _by_message(rules, code, requested)
    if requested == "fail":
        return Decision("warn", "undeclared", rules.fmt_or("reading.site"))
    return Decision(requested, "")


def _by_params(rules: RuleSet, requested: str, params: tuple[Param, ...]) -> Decision:
    weak = [p for p in params if not (p.official or p.on_line)]
    if not weak:
        lines = [p for p in params if p.on_line and not p.official]
        if lines and requested == "fail":
            return Decision(requested, "line", " ".join(line_reading(rules, p) for p in lines))
        return Decision(requested, "official")
    severity = _softened(requested)
    reading = " ".join(param_reading(rules, p) for p in weak) if severity == "warn" else ""
    return Decision(severity, "reading", reading)


def _by_message(rules: RuleSet, code: str, requested: str) -> Decision:
    confidence = rules.message_confidence(code)
    if confidence in OFFICIAL:
        return Decision(requested, "stated")
    severity = _softened(requested)
    source = rules.message_source(code) or {}
    what = rules.fmt_or("reading.what.rule")
    text = _reading(rules, confidence, dated=True, what=what, cite=source.get("cite", ""))
    return Decision(severity, "reading", text if severity == "warn" else "")


def _softened(requested: str) -> str:
    return "warn" if requested == "fail" else requested


def line_reading(rules: RuleSet, param: Param) -> str:
    """Why a finding past the fail line fails: the official rule, and why no reading meets it there."""
    line = param.line or {}
    cite = (line.get("citation") or {}).get("cite", "")
    return rules.fmt_or("reading.line", rule=line.get("rule", ""), cite=cite,
                        reasoning=str(line.get("reasoning", "")).strip())


def param_reading(rules: RuleSet, param: Param) -> str:
    """Why the value of ``param`` is only this site's reading, in the candidate's words."""
    if param.band:  # the warn band near the site's line of an official rule: say whose reading it is
        what = rules.fmt_or("reading.what.param", param.label, label=param.label)
        cite = (param.band.get("citation") or {}).get("cite", "")
        return rules.fmt_or("reading.band", what=what, rule=param.band.get("rule", ""), cite=cite,
                            reasoning=str(param.band.get("reasoning", "")).strip())
    what = rules.fmt_or("reading.what.param", param.label, label=param.label)
    cite = (param.source_info or {}).get("cite", "")
    text = _reading(rules, param.confidence, param.dated, what=what, cite=cite)
    return rules.fmt_or("reading.with_note", text, reading=text, note=param.note) if param.note else text


def _reading(rules: RuleSet, confidence: str, dated: bool, what: str, cite: str) -> str:
    key = confidence if confidence in ("inferred", "unconfirmed") else ("single" if dated else "undated")
    return rules.fmt_or(f"reading.{key}", what=what, cite=cite)
