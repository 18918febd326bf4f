"""The exam year (cycle) and dates across files (see docs/admin.md, “修改考试年度”).

* ``timeline.yaml``'s ``cycle`` is ``site.yaml``'s (an error: the pages would disagree);
* warnings (``warn.*``): a ``since`` more than a year after ``cycle_end`` (a typo such as
  2207), a ``changes.yaml`` entry dated after the check's day (``YK_AS_OF`` or today) or
  for a later cycle than the site's, and a parameter with a new dated value inside the
  cycle that no ``changes.yaml`` entry names in ``params``;
* an error (``cycle.yearly``): a parameter marked ``yearly`` (the exam's day, a deadline of each year)
  whose value in force at ``cycle_end`` is a day outside the cycle, in the base list or a 考区's: after
  the cycle moved on, last year's day would still count the probation or the 备案表's validity.

Runs once every file is read (from refs.resolve); ``site.cycle`` against ``cycle_end``
is a check of site.yaml alone (kinds.py).
"""

from __future__ import annotations

import os
from datetime import date

from scripts.content.severity import in_force_at
from scripts.content.values import new_values

UNKNOWN_SINCE = "unknown"


def as_of() -> str:
    """The day the content is checked on: ``YK_AS_OF`` (YYYY-MM-DD) or today (the only clock read here)."""
    return os.environ.get("YK_AS_OF") or date.today().isoformat()


def _doc(ctxs: list, name: str):
    found = [c.doc for c in ctxs if c.doc.file == f"content/{name}" and isinstance(c.doc.data, dict)]
    return found[0] if found else None


def check_cycles(ctxs: list, report) -> None:
    site = _doc(ctxs, "site.yaml")
    if (
        site is None
        or not isinstance(site.data.get("cycle"), int)
        or not isinstance(site.data.get("cycle_end"), str)
    ):
        return  # site.yaml is missing or broken: reported by itself
    cycle, start, end = site.data["cycle"], site.data.get("cycle_start", ""), site.data["cycle_end"]
    timeline = _doc(ctxs, "timeline.yaml")
    if (
        timeline is not None
        and isinstance(timeline.data.get("cycle"), int)
        and timeline.data["cycle"] != cycle
    ):
        report(timeline, "cycle.timeline", ("cycle",), value=timeline.data["cycle"], expected=cycle)
    rules = [c.doc for c in ctxs if c.doc.file.startswith("content/rules/") and isinstance(c.doc.data, dict)]
    logged = _check_changes(_doc(ctxs, "changes.yaml"), cycle, report)
    for doc in rules:
        _check_rule_dates(doc, (start, end), logged, report)
        if isinstance(start, str):
            _check_yearly(doc, cycle, (start, end), report)


def _check_yearly(doc, cycle: int, window: tuple, report) -> None:
    params = doc.data.get("parameters")
    for pid, spec in params.items() if isinstance(params, dict) else []:
        if not isinstance(spec, dict) or spec.get("yearly") is not True:
            continue
        lists = [(None, spec.get("values"))]
        regions = spec.get("regions")
        lists += [(r, v) for r, v in regions.items()] if isinstance(regions, dict) else []
        for region, values in lists:
            i = in_force_at(values, window[1])
            if i is None:
                continue
            value = values[i]["value"]
            if isinstance(value, str) and len(value) == 10 and not window[0] <= value <= window[1]:
                where = ("parameters", pid, *(("regions", region) if region else ("values",)), i, "value")
                report(
                    doc, "cycle.yearly", where, value=value, expected=window[0], limit=window[1],
                    detail=cycle, key=pid,
                )


def _check_changes(doc, cycle: int, report) -> set | None:
    """Warn about future entries; return the parameter ids the log names (None: no log to compare)."""
    entries = doc.data.get("entries") if doc is not None else None
    if not isinstance(entries, list):
        return None
    named, today = set(), as_of()
    for i, entry in enumerate(e if isinstance(e, dict) else {} for e in entries):
        day = entry.get("date")
        if isinstance(day, str) and day > today:
            report(doc, "warn.changes.future", ("entries", i, "date"), value=day, expected=today)
        if isinstance(entry.get("cycle"), int) and entry["cycle"] > cycle:
            report(doc, "warn.changes.cycle", ("entries", i, "cycle"), value=entry["cycle"], expected=cycle)
        params = entry.get("params")
        named |= {p for p in params if isinstance(p, str)} if isinstance(params, list) else set()
    return named


def _check_rule_dates(doc, window: tuple, logged: set | None, report) -> None:
    params = doc.data.get("parameters")
    for pid, spec in params.items() if isinstance(params, dict) else []:
        if not isinstance(spec, dict):
            continue
        for region, i, since in new_values(spec):
            where = ("parameters", pid, *(("regions", region) if region else ("values",)), i, "since")
            if _far_after(since, window[1]):
                report(doc, "warn.since.far", where, value=since, expected=window[1])
            elif logged is not None and window[0] <= since <= window[1] and pid not in logged:
                report(doc, "warn.changes.unlogged", where, value=pid, detail=since)


def _far_after(since: str, end: str) -> bool:
    """More than one and at most two years after the cycle's end (beyond: the loader's date.far_future)."""
    try:
        day, last = date.fromisoformat(since), date.fromisoformat(end)
        return last.replace(year=last.year + 1) < day <= last.replace(year=last.year + 2)
    except ValueError:
        return False
