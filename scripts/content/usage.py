"""Which rule parameters the code and the pages use: a parameter id nothing uses is a typo.

``file.max.segments:`` written for ``file.max_segments:`` is a valid id, so the schema accepts
it, and the limit silently stops applying (the validator asks for ``file.max_segments`` and finds
nothing). The check reads the project's code and page sources once (``validator/``, ``docs/``,
``templates/``, ``overrides/``, ``scripts/``) for quoted ids of the rule families and reports every
defined parameter that none of them names, with the nearest id they do name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from scripts.content.schema import nearest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("validator", "docs", "templates", "overrides", "scripts")
SUFFIXES = frozenset({".py", ".js", ".mjs", ".html", ".md", ".yaml", ".j2", ".txt"})
MAX_SOURCE_BYTES = 1 << 20  # sources are small; built or vendored bundles are skipped
QUOTED = re.compile(r"""["'`]([a-z][a-z0-9_]*\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)["'`]""")


@lru_cache(maxsize=1)
def used_ids(root: Path = ROOT) -> frozenset:
    """Every quoted dotted id in the sources (parameter ids among them)."""
    found: set[str] = set()
    for base in SOURCES:
        for path in (root / base).rglob("*"):
            if path.suffix not in SUFFIXES or not path.is_file() or "node_modules" in path.parts:
                continue
            if path.stat().st_size > MAX_SOURCE_BYTES:
                continue
            try:
                found.update(QUOTED.findall(path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue
    return frozenset(found)


def check_unused(docs: list, sink, used: frozenset | None = None) -> None:
    """``docs``: (path, Doc) of the rules files. A parameter no source names is reported at its key,
    with the nearest id of its family that the sources name and content does not define."""
    used = used_ids() if used is None else used
    defined = {pid for _, doc in docs for pid in _params(doc)}
    for _, doc in docs:
        for pid in _params(doc):
            if pid in used:
                continue
            family = pid.split(".", 1)[0]
            wanted = sorted(u for u in used if u.startswith(family + ".") and u not in defined)
            sink(doc, "param.unused", ("parameters", pid), key=pid, near=nearest(pid, wanted))


def _params(doc) -> list[str]:
    params = doc.data.get("parameters") if isinstance(doc.data, dict) else None
    return [str(p) for p in params] if isinstance(params, dict) else []
