"""What changes in a cycle: dated parameter values whose ``since`` falls in it.

Derived from the same dated values the validator reads, so the 年度变更 page
cannot disagree with the rules. A value whose date is unknown (``since:
unknown``) is never a change of any cycle: nobody knows when it started.
"""

from __future__ import annotations

from datetime import date, timedelta

from scripts.content.kinds import UNKNOWN_SINCE
from scripts.content.severity import in_force

__all__ = ["change_log", "cycle_changes", "in_force", "in_window"]


def in_window(values: list, start: str, end: str) -> list[dict]:
    """Every value in force at some day of [start, end], oldest first: ``{"entry", "until"}``.

    ``until`` is the last day of a value that a later one replaces inside the window (None for
    the last), so a page can say “至 2026-12-31：30 KB；2027-01-01 起：40 KB” instead of the
    year-end value only, while the tools still use the value of the day they run.
    """
    first = in_force(values, start)
    dated = [e for e in values if e is not first and e["since"] != UNKNOWN_SINCE]
    later = [e for e in dated if start < e["since"] <= end]
    spans = [first, *sorted(later, key=lambda e: e["since"])]
    return [
        {"entry": entry, "until": _day_before(spans[i + 1]["since"]) if i + 1 < len(spans) else None}
        for i, entry in enumerate(spans)
    ]


def _day_before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


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
