"""Findings and reports.

Rules never raise on bad input: they add findings to a :class:`Report`. Every
finding has a stable code; its Chinese message and fix come from the rule set
(``content/messages/*.yaml``), never from Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from validator.ruleset import Param, RuleSet

SEVERITIES = ("fail", "warn", "info")


@dataclass
class Finding:
    code: str
    severity: str
    message: str
    fix: str = ""
    measured: str = ""
    expected: str = ""
    value: Any = None
    source: dict | None = None

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix,
            "measured": self.measured,
            "expected": self.expected,
            "value": self.value,
            "source": self.source,
        }


@dataclass
class Report:
    """Collects findings for one check (one file, one field, one profile)."""

    rules: RuleSet
    kind: str
    subject: str = ""
    findings: list[Finding] = field(default_factory=list)
    facts: dict = field(default_factory=dict)

    def add(
        self,
        code: str,
        severity: str,
        *,
        measured: str = "",
        expected: str = "",
        value: Any = None,
        param: Param | None = None,
        **params: Any,
    ) -> Finding:
        """Add a finding; its message and fix are rendered from the rule set."""
        if severity not in SEVERITIES:
            raise ValueError(f"unknown severity {severity!r}")
        text = self.rules.render_message(code, measured=measured, expected=expected, **params)
        source = param.source_dict() if param is not None else self.rules.message_source(code)
        finding = Finding(
            code=code,
            severity=severity,
            message=text["message"],
            fix=text["fix"],
            measured=measured,
            expected=expected,
            value=value,
            source=source,
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
        return {
            "kind": self.kind,
            "subject": self.subject,
            "verdict": self.verdict,
            "findings": [f.to_dict() for f in self.findings],
            "facts": self.facts,
            "notice": self.rules.text("notice." + self.kind, default=self.rules.text("notice.general")),
            "rules_cycle": self.rules.cycle,
            "rules_version": self.rules.version,
        }
