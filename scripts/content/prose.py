"""Internal tokens in the prose of guides, FAQ, pathways, materials, the timeline and the 考区 register.

The same scanner as for rules, messages and sources (scripts/content/leaks.py), over the
texts a candidate reads on the guide, FAQ, checklist and timeline pages, reported with
the file, line and key path. Keys that hold ids and references
(``id``, ``source``, ``see``, ``params``, …) are not prose and are not scanned.
"""

from __future__ import annotations

import re

from scripts.content.leaks import Forbidden

PROSE_FILES = ("faq.yaml", "materials.yaml", "timeline.yaml", "regions.yaml", "guide/", "pathways/")
NOT_PROSE = {
    "id", "source", "sources", "confidence", "see", "faq", "params", "pathways", "related", "related_faq",
    "material", "system_step", "ref", "system", "topic", "level", "categories", "test", "sides", "order",
    "cycle", "year", "required", "scan", "specificity", "uses", "mode", "counts", "claim", "claims",
}  # fmt: skip


# A parameter's value in prose, filled by the build (scripts/content/placeholders.py): {photo.max_bytes:K};
# a number quoted on purpose, shown as written: {=40k}.
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)(?::([A-Za-z]+))?\}")
VERBATIM = re.compile(r"\{=([^{}\n]+)\}")


def blank(text: str) -> str:
    """``text`` without its placeholders and quoted numbers (what is left was written by hand)."""
    return VERBATIM.sub(" ", PLACEHOLDER.sub(" ", text))


def forbidden_from(ctxs: list) -> Forbidden:
    params, sources = [], []
    for ctx in ctxs:
        for kind, ident, _ in ctx.defs:
            if kind == "param":
                params.append(ident)
            elif kind == "source":
                sources.append(ident)
    return Forbidden(params, sources)


def check_prose_leaks(ctxs: list, report) -> None:
    tokens = forbidden_from(ctxs)
    for ctx in ctxs:
        if ctx.doc.file.removeprefix("content/").startswith(PROSE_FILES):
            for path, text in _texts(ctx.doc.data, ()):
                for leak in tokens.find(blank(text)):  # a placeholder's id is filled, never shown
                    report(ctx.doc, "text.internal", path, value=leak.token, detail=leak.kind_name)


def _texts(data, path: tuple):
    """(key path, text) of every string under ``data`` outside id and reference keys."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _texts(item, (*path, i))
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in NOT_PROSE:
                yield from _texts(value, (*path, key))
