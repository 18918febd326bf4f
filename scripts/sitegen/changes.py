"""What changes in a cycle: dated parameter values whose ``since`` falls in it.

Derived from the same dated values the validator reads, so the 年度变更 page
cannot disagree with the rules. A value whose date is unknown (``since:
unknown``) is never a change of any cycle: nobody knows when it started.
"""

from __future__ import annotations

from scripts.content.kinds import UNKNOWN_SINCE
from scripts.content.severity import in_force

__all__ = ["change_log", "cycle_changes", "in_force"]


def cycle_changes(content: dict, start: str, end: str) -> list[dict]:
    """Every (parameter, region) value that starts within [start, end]."""
    changes = []
    for family in content["rule_files"]:
        for pid in family["parameters"]:
            spec = content["parameters"][pid]
            lists = [(None, spec["values"]), *sorted((spec.get("regions") or {}).items())]
            for region, values in lists:
                for i, entry in enumerate(values):
                    if entry["since"] != UNKNOWN_SINCE and start <= entry["since"] <= end:
                        changes.append(
                            {
                                "id": pid,
                                "family": family,
                                "spec": spec,
                                "region": region,
                                "old": values[i - 1] if i > 0 else None,
                                "new": entry,
                            }
                        )
    changes.sort(key=lambda c: (c["new"]["since"], c["id"], c["region"] or ""))
    return changes


def change_log(content: dict, cycle: int) -> tuple[list[dict], list[dict]]:
    """(entries of this cycle, earlier entries), newest first."""
    entries = sorted(content["changes"], key=lambda e: e["date"], reverse=True)
    return [e for e in entries if e["cycle"] == cycle], [e for e in entries if e["cycle"] != cycle]
