"""Resolve identifiers and references across every content file.

Each file's check records what it defines (kind, id) and what it refers to
(kind, value). Once all files are read, duplicates and dangling references
become problems pointing at the referring file and key path.
"""

from __future__ import annotations

import re

from scripts.content import cycles, prose, provenance
from scripts.content.problems import format_path
from scripts.content.schema import nearest

REF_CODES = {
    "pathway": "ref.pathway",
    "material": "ref.material",
    "faq": "ref.faq",
    "anchor": "ref.anchor",
    "param": "ref.param",
    "region": "ref.region",
    "profile": "ref.profile",
    "rulekey": "ref.region",
    "guide": "ref.guide",
    "message": "ref.message",
    "source": "source.unknown",
}


# references whose nearest known id is named when they do not resolve ("是不是 national#photo-tool？")
NEAR_KINDS = frozenset({"anchor", "faq", "material", "pathway", "param", "source", "rulekey"})
LIST_SEPARATORS = ("，", "、", ",", "；", ";")  # several sources typed as one string


def source_id(ref: str) -> str:
    """``"SEED4 §二.6"`` -> ``"SEED4"``."""
    return re.split(r"[\s#]", ref.strip(), maxsplit=1)[0]


def resolve(ctxs: list, report, absent: frozenset = frozenset()) -> dict[str, set]:
    """Report duplicate ids and dangling references; return the ids by kind.

    ``absent`` names what a missing file would have defined (``faq``,
    ``guide:hubei``): references to it are not reported again one by one.
    """
    known: dict[str, dict[str, str]] = {}
    for ctx in ctxs:
        for kind, ident, path in ctx.defs:
            seen = known.setdefault(kind, {})
            where = f"{ctx.doc.file} {format_path(path)}"
            if ident in seen:
                report(ctx.doc, "id.duplicate", path, value=ident.split("#")[-1], expected=seen[ident])
            else:
                seen[ident] = where
    ids = {kind: set(values) for kind, values in known.items()}
    for ctx in ctxs:
        for kind, value, path in ctx.refs:
            if _target(kind, value) in absent:
                continue
            if not _exists(ids, kind, value):
                shown = source_id(value) if kind == "source" else value
                if kind == "source" and any(sep in str(value) for sep in LIST_SEPARATORS):
                    report(ctx.doc, "source.joined", path, value=str(value))  # "SEED4，P1": one string
                    continue
                near = nearest(shown, _known(ids, kind)) if kind in NEAR_KINDS else ""
                report(ctx.doc, REF_CODES[kind], path, value=shown, near=near)
    # checks that need every file: confidence against the kind of its sources, the cycle across
    # files, internal tokens in guide/FAQ/pathway/material/timeline prose
    provenance.check_seed_sources(ctxs, report)
    cycles.check_cycles(ctxs, report)
    prose.check_prose_leaks(ctxs, report)
    return ids


def _known(ids: dict[str, set], kind: str) -> set:
    """The ids a reference of this kind may name (a misspelt one is matched against them)."""
    if kind == "rulekey":
        return ids.get("region", set()) | ids.get("profile", set())
    return ids.get(kind, set())


def _exists(ids: dict[str, set], kind: str, value: str) -> bool:
    if kind == "source":
        return source_id(value) in ids.get("source", set())
    if kind == "rulekey":  # a parameter's regions: key names a 考区 or a rule profile
        return value in ids.get("region", set()) | ids.get("profile", set())
    if kind == "anchor":
        if "#" not in value:
            return value in ids.get("guide", set())
        return value in ids.get("anchor", set())
    return value in ids.get(kind, set())


def _target(kind: str, value: str) -> str:
    if kind in ("rulekey", "profile"):
        return "region"
    if kind == "anchor":
        return "guide:" + value.split("#")[0]
    return kind
