"""Parts of a hand-written tool page the build writes from content/ (templates/parts/), so that what the
server sends takes the same room as what the tool's script builds from the same content (a phone review saw
the first screen jump 1.5–3 s in, when the scripts replaced a one-line placeholder: review 19, n3).

A page asks for a part with an HTML comment, ``<!-- yk-part NAME key=value … -->``; NAME is a template
``templates/parts/NAME.html.j2``, rendered with the ``key=value`` pairs, the page's way to the site root
(``root``) and what :func:`part_data` gives. A part that does not exist stops the build.
"""

from __future__ import annotations

import re
from pathlib import Path

from scripts.sitegen.pages import environment

PART = re.compile(r"<!-- yk-part ([a-z][a-z0-9-]*)((?: [a-z_]+=[^\s>]+)*) -->")
UNDECIDED = "national"  # the 考区 "not decided yet" (docs/assets/js/tools/region-picker.js)


def region_groups(content: dict) -> list[tuple[str, list[dict]]]:
    """[(area, [region, …]), …] in the register's order, "national" left out (region-picker.js's groups)."""
    regions = content.get("regions") or []
    areas = content.get("areas") or list(dict.fromkeys(r.get("area") for r in regions if r.get("area")))
    groups = [(a, [r for r in regions if r["id"] != UNDECIDED and r.get("area") == a]) for a in areas]
    return [(area, members) for area, members in groups if members]


def part_data(content: dict) -> dict:
    regions = {r["id"]: r for r in content.get("regions") or []}
    return {
        "undecided": regions.get(UNDECIDED),
        "groups": region_groups(content),
        "region_texts": content.get("region_texts") or {},
        "finder": (content.get("extra") or {}).get("finder") or {},
    }


def expand(markdown: str, content: dict, page_url: str, templates: Path) -> tuple[str, list[str]]:
    """The page with every part written out; and the names of parts that do not exist."""
    env = None
    unknown: list[str] = []
    root = "../" * page_url.strip("/").count("/") + ("../" if page_url.strip("/") else "")

    def render(match: re.Match) -> str:
        nonlocal env
        name, args = match.group(1), dict(a.split("=", 1) for a in match.group(2).split())
        if not (templates / "parts" / f"{name}.html.j2").exists():
            unknown.append(name)
            return match.group(0)
        env = env or environment(templates, content)
        html = env.get_template(f"parts/{name}.html.j2").render(root=root, **part_data(content), **args)
        # one line: a raw HTML block in Markdown, and no white space between inline boxes the script
        # would not write either
        return "".join(line.strip() for line in html.splitlines())

    return PART.sub(render, markdown), unknown
