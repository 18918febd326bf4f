"""Severity follows confidence: the content side (see content/README.md, “结果的严重程度怎么定”).

The validator's :mod:`validator.severity` decides each finding's severity from
the confidence of the parameter it applies. Here the content check verifies
the declarations that decision reads, and sorts the parameters into those that
can make a finding fail and those that can only warn (``make check-content``).

* ``firm:`` in ``content/messages/*.yaml`` lists finding codes that may fail
  without a threshold parameter: ``unreadable`` (the file cannot be read),
  ``invalid`` (the value itself is impossible: a date that does not exist, a
  check digit that does not match) and ``stated`` (a rule stated in words, whose
  message carries its own ``source`` and ``confidence``).
* The reading texts (``reading.*``) and the Chinese confidence words
  (``confidence.*``) are formats every finding and page uses.
"""

from __future__ import annotations

from scripts.content.problems import Problem

OFFICIAL = ("seed", "c2")
CONFIDENCES = ("seed", "c2", "c1", "inferred", "unconfirmed")
READINGS = ("inferred", "unconfirmed", "single", "undated", "site")
REQUIRED_FORMATS = (
    *(f"reading.{r}" for r in READINGS),
    "reading.what.param",
    "reading.what.rule",
    "reading.with_note",
    "reading.line",
    "reading.band",
    "reading.region_unknown",
    "cite.section",
    "cite.join",
    "cite.line",
    *(f"confidence.{c}" for c in CONFIDENCES),
    "date.unknown",
    # how numbers, sizes and durations are written (validator/formatting.py)
    "number.group",
    "size.bytes",
    "size.kb",
    "size.mb",
    "duration.months",
    "duration.days",
    "duration.both",
    # a parameter's value in prose (scripts/content/placeholders.py)
    "value.K",
    "value.k",
    "value.KB",
    "value.change",
)


def check(content: dict, sink) -> None:
    """Problems with the firm declarations and the formats the severity decision needs."""
    if not content.get("messages"):
        return  # the message files are missing: reported elsewhere
    files = content.get("message_files", {})
    for code, groups in sorted(content.get("firm", {}).items()):
        where = files.get(code, "content/messages")
        if len(set(groups)) > 1:
            values = {"value": code, "detail": "、".join(sorted(set(groups)))}
            sink.problems.append(Problem(where, ("firm",), "firm.duplicate", values=values))
        spec = content["messages"].get(code)
        sourced = isinstance(spec, dict) and spec.get("source") and spec.get("confidence")
        if "stated" in groups and isinstance(spec, dict) and not sourced:
            problem = Problem(where, ("messages", code), "firm.stated_unsourced", values={"value": code})
            sink.problems.append(problem)
    _check_families(content, sink)
    for name in REQUIRED_FORMATS:
        if name not in content.get("formats", {}):
            problem = Problem("content/messages", ("formats",), "format.missing", values={"value": name})
            sink.problems.append(problem)


def _check_families(content: dict, sink) -> None:
    """Item 1 of issue 21: a family whose findings can fail states its official rule (``official:``);
    a fail line rests on an official rule, names both lines and gives the reasoning of each."""
    site = content.get("site")
    if not (content.get("parameters") and isinstance(site, dict) and isinstance(site.get("cycle_end"), str)):
        return  # reported elsewhere
    try:
        groups = sort_parameters(content)
    except (AttributeError, KeyError, TypeError):
        return  # malformed values: their own problems are reported by the schema
    can_fail = {pid for key in ("fail", "mixed") for pid, _ in groups[key]}
    for family in content.get("rule_files", []):
        lines = family.get("lines") or {}
        where = family.get("file", "content/rules")
        own = set(family.get("parameters", []))
        for name, line in sorted(lines.items()):
            if not isinstance(line, dict):
                continue
            if line.get("confidence") not in OFFICIAL:
                values = {"value": name, "detail": str(line.get("confidence"))}
                problem = Problem(where, ("lines", name, "confidence"), "line.unofficial", values=values)
                sink.problems.append(problem)
            for key in ("fail", "warn"):
                if line.get(key) and line[key] not in own:
                    values = {"value": name, "detail": str(line[key])}
                    sink.problems.append(Problem(where, ("lines", name, key), "line.foreign", values=values))
            if line.get("fail") and line.get("fail") == line.get("warn"):
                sink.problems.append(Problem(where, ("lines", name), "line.same", values={"value": name}))
        fails = sorted(own & can_fail) + sorted(line.get("fail") for line in lines.values()
                                                if isinstance(line, dict) and line.get("fail"))
        if fails and not family.get("official"):
            values = {"value": family.get("family", ""), "detail": "、".join(fails[:5])}
            sink.problems.append(Problem(where, ("official",), "family.no_official", values=values))


def in_force(values: list, day: str) -> dict:
    """The value in force on ``day``; a value of unknown date applies from the start."""
    chosen = values[0]
    for entry in values:
        since = _since(entry)
        if since <= day and since >= _since(chosen):
            chosen = entry
    return chosen


def in_force_at(values, day: str) -> int | None:
    """The index of the entry in force on ``day`` (the latest ``since`` on or before it; a value of unknown
    date counts from the start), among the entries with a ``since`` and a ``value``; None when none is. For
    checks that read content before it is known to be well formed (and need the entry's place)."""
    found = None
    for i, entry in enumerate(values if isinstance(values, list) else []):
        if not (isinstance(entry, dict) and isinstance(entry.get("since"), str) and "value" in entry):
            continue
        since = _since(entry)
        if since <= day and (found is None or since >= _since(values[found])):
            found = i
    return found


def _since(entry: dict) -> str:
    since = entry.get("since", "")
    return "" if since == "unknown" else since


def sort_parameters(content: dict, day: str | None = None) -> dict[str, list]:
    """Parameters by what they can do on ``day`` (default: the cycle's end).

    ``fail``: every checked value (national and each region) rests on an official
    source; ``warn``: none does; ``mixed``: it depends on the region. Each entry is
    ``(parameter id, [(region or None, confidence), …])``; regions whose value is
    ``null`` (not checked there) are left out.
    """
    day = day or content["site"]["cycle_end"]
    groups: dict[str, list] = {"fail": [], "warn": [], "mixed": []}
    for pid, spec in content.get("parameters", {}).items():
        lists = [(None, spec.get("values") or [])]
        lists += sorted((spec.get("regions") or {}).items())
        marks = _marks(lists, day)
        if not marks:
            continue
        official = {conf in OFFICIAL for _, conf in marks}
        key = "mixed" if len(official) == 2 else ("fail" if official == {True} else "warn")
        groups[key].append((pid, marks))
    return groups


def _marks(lists: list, day: str) -> list[tuple]:
    """(region, confidence) of each list's value in force, leaving out values that are not checked (null)."""
    marks = []
    for region, values in lists:
        current = in_force(values, day) if isinstance(values, list) and values else None
        if isinstance(current, dict) and current.get("value") is not None:
            marks.append((region, current.get("confidence")))
    return marks
