"""The site navigation: templates/nav.yaml, expanded, plus every page it misses.

nav.yaml is MkDocs nav syntax with two additions: an item ``"*checklists"``
or ``"*tools"`` expands to every page under that folder (index first, then in
the order given), and pages that appear nowhere are appended at the end so that the
strict build never drops a page from the navigation.
"""

from __future__ import annotations

from pathlib import Path

import yaml


def nav_from(path: Path, pages: list[str]) -> list:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))["nav"]
    used: set[str] = set()
    nav = _expand(spec, pages, used)
    rest = [p for p in sorted(pages) if p not in used]
    return nav + rest


def _expand(items: list, pages: list[str], used: set[str]) -> list:
    out: list = []
    for item in items:
        if isinstance(item, str) and item.startswith("*"):
            found = [p for p in _under(item[1:], pages) if p not in used]
            used.update(found)
            out.extend(found)
        elif isinstance(item, str):
            if item in pages:
                used.add(item)
                out.append(item)
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    children = _expand(value, pages, used)
                    if children:
                        out.append({title: children})
                elif value in pages:
                    used.add(value)
                    out.append({title: value})
    return out


def _under(folder: str, pages: list[str]) -> list[str]:
    """Pages under ``folder``: shallow first, index first, otherwise in the given order."""
    found = [p for p in pages if p.startswith(folder + "/")]
    return sorted(found, key=lambda p: (p.count("/"), not p.endswith("/index.md"), pages.index(p)))
