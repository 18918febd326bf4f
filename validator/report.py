"""Findings and reports.

Rules never raise on bad input: they add findings to a :class:`Report`. Every
finding has a stable code; its Chinese message and fix come from the rule set
(``content/messages/*.yaml``), never from Python.

How severity is decided
-----------------------
A rule module asks for a severity and names the threshold parameter(s) it
applied: ``report.add(code, "fail", param=limit)`` (or ``param=(a, b)`` when
the finding depends on several values). The report, not the module, decides
the severity that is kept (:func:`validator.severity.decide`):

* ``fail`` stands only when every parameter named rests on an official source
  (confidence ``seed`` or ``c2``). Otherwise the finding is a ``warn`` and its
  ``reading`` says, in the candidate's words, that the figure is this site's
  reading and why (inferred, unconfirmed, a single repost, an undated repost).
* A ``fail`` without a parameter stands only for codes that content declares
  as not resting on a threshold (``firm:`` in ``content/messages/*.yaml``:
  ``unreadable``, ``invalid``, or ``stated`` with an official message source);
  any other becomes a ``warn`` with the general reading.

So no rule module can make a hard fail out of a figure the site guessed. Each
finding also carries ``basis`` (what it rests on) and ``params`` (id and
confidence of every parameter applied) for ``--json`` and the tests, and a
``source`` dict with the Chinese citation (``cite``) and confidence words
(``confidence_label``) that the browser renders as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from validator.ruleset import Param, RuleSet
from validator.severity import Decision, decide

SEVERITIES = ("fail", "warn", "info")
# what a rule of some 考区 decides (a parameter, a fail line, a rule in words): capped where it is not
# known to apply; a file that cannot be read or a value that is impossible fails anywhere
CAPPED_BASES = ("official", "line", "stated")


@dataclass
class Finding:
    code: str
    severity: str
    message: str
    fix: str = ""
    # what only the web page adds to the fix (its buttons; content ``fix_page``); the command line omits it
    fix_page: str = ""
    measured: str = ""
    expected: str = ""
    value: Any = None
    source: dict | None = None
    reading: str = ""
    basis: str = ""
    requested: str = ""
    params: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix,
            "fix_page": self.fix_page,
            "measured": self.measured,
            "expected": self.expected,
            "value": self.value,
            "source": self.source,
            "reading": self.reading,
            "basis": self.basis,
            "requested": self.requested,
            "params": self.params,
        }


def _as_params(param: Param | tuple | list | None) -> tuple[Param, ...]:
    if param is None:
        return ()
    if isinstance(param, Param):
        return (param,)
    return tuple(p for p in param if p is not None)


@dataclass
class Report:
    """Collects findings for one check (one file, one field, one profile)."""

    rules: RuleSet
    kind: str
    subject: str = ""
    findings: list[Finding] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    # Why no rule-based finding of this report may fail (e.g. the 考区's upload system is unknown, so the
    # module's rules are not known to apply there): set by validator.regions; "" = no cap.
    cap: str = ""

    def add(
        self,
        code: str,
        severity: str,
        *,
        measured: str = "",
        expected: str = "",
        value: Any = None,
        param: Param | tuple | list | None = None,
        **params: Any,
    ) -> Finding:
        """Add a finding; its message and fix come from the rule set, its severity from the decision."""
        if severity not in SEVERITIES:
            raise ValueError(f"unknown severity {severity!r}")
        applied = _as_params(param)
        decision = decide(self.rules, code, severity, applied)
        if self.cap and decision.severity == "fail" and decision.basis in CAPPED_BASES:
            decision = Decision("warn", "region", self.cap)
        text = self.rules.render_message(code, measured=measured, expected=expected, **params)
        source = applied[0].source_dict() if applied else self.rules.message_source(code)
        finding = Finding(
            code=code,
            severity=decision.severity,
            message=text["message"],
            fix=text["fix"],
            fix_page=text["fix_page"],
            measured=measured,
            expected=expected,
            value=value,
            source=source,
            reading=decision.reading,
            basis=decision.basis,
            requested=severity,
            params=[{"id": p.id, "confidence": p.confidence, "dated": p.dated} for p in applied],
        )
        self.findings.append(finding)
        return finding

    def has(self, code: str) -> bool:
        return any(f.code == code for f in self.findings)

    @property
    def verdict(self) -> str:
        severities = {f.severity for f in self.findings}
        if "fail" in severities:
            return "fail"
        if "warn" in severities:
            return "warn"
        return "pass"

    def to_dict(self) -> dict:
        out = {
            "kind": self.kind,
            "subject": self.subject,
            "verdict": self.verdict,
            "findings": [f.to_dict() for f in self.findings],
            "facts": self.facts,
            "notice": self.rules.text("notice." + self.kind, default=self.rules.text("notice.general")),
            "rules_cycle": self.rules.cycle,
            "rules_version": self.rules.version,
        }
        advice = self.rules.advice(self.kind)
        if advice:
            out["advice"] = {"title": self.rules.text("advice." + self.kind, default=""), "items": advice}
        return out
