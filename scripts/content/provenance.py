"""Confidence against the kind of its sources (see content/README.md, “可信度” and sources.yaml ``kind``).

``confidence: seed`` means the official wording itself, so it lets a finding fail; it is
only allowed when at least one of the item's sources is an official text (``kind: seed``,
an operation guide under shared/seeds, or ``kind: official``, an official announcement).
Needs every file's sources, so it runs once all files are read (from refs.resolve).
"""

from __future__ import annotations

import re

OFFICIAL_KINDS = ("seed", "official")


def source_kinds(ctxs: list) -> dict[str, str]:
    """Source id -> kind, from content/sources.yaml."""
    for ctx in ctxs:
        if ctx.doc.file.endswith("sources.yaml") and isinstance(ctx.doc.data, dict):
            items = ctx.doc.data.get("sources")
            return {
                s["id"]: s.get("kind")
                for s in (items if isinstance(items, list) else [])
                if isinstance(s, dict) and isinstance(s.get("id"), str)
            }
    return {}


def source_id(ref: str) -> str:
    """``"SEED4 §二.6"`` -> ``"SEED4"`` (as scripts/content/refs.py reads it)."""
    return re.split(r"[\s#]", ref.strip(), maxsplit=1)[0]


def check_seed_sources(ctxs: list, report) -> None:
    """``confidence: seed`` on an item none of whose sources is official: an error at the confidence."""
    kinds = source_kinds(ctxs)
    if not kinds:
        return  # sources.yaml is missing or broken: reported elsewhere
    for ctx in ctxs:
        records: dict[tuple, list[str]] = {}
        for kind, value, path in ctx.refs:
            if kind == "source" and isinstance(value, str):
                record = path[:-2] if path[-1:] and isinstance(path[-1], int) else path[:-1]
                records.setdefault(tuple(record), []).append(source_id(value))
        for record, ids in records.items():
            _check_record(ctx, kinds, record, ids, report)


def _check_record(ctx, kinds: dict, record: tuple, ids: list[str], report) -> None:
    item = _at(ctx.doc.data, record)
    if not isinstance(item, dict) or item.get("confidence") != "seed":
        return
    if any(kinds.get(i) in OFFICIAL_KINDS for i in ids):
        return
    if not all(i in kinds for i in ids):
        return  # an unknown source id is reported by itself
    shown = "、".join(f"{i}（{kinds[i]}）" for i in ids)
    report(ctx.doc, "confidence.seed_source", (*record, "confidence"), value=shown)


def _at(data, path: tuple):
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
