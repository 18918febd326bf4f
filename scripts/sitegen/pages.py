"""Render every generated page (src path -> Markdown) from content and templates."""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from scripts.content.severity import sort_parameters
from scripts.sitegen.changes import change_log, cycle_changes, in_force, in_window
from scripts.sitegen.claims import claim_key, claim_texts
from scripts.sitegen.labels import labeller
from scripts.sitegen.links import Links
from scripts.sitegen.regions import globals_for as region_globals
from scripts.sitegen.regions import registered
from validator import formatting

ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")  # not the no-break space


def environment(templates: Path, content: dict) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        comment_start_string="{##",  # Markdown anchors are written {#id}
        comment_end_string="##}",
    )
    env.globals.update(Links(content).globals())
    env.globals.update(in_force=in_force, in_window=in_window, label=labeller(content))
    formats = content.get("formats", {})
    env.filters.update(as_list=as_list, cell=cell, oneline=oneline)
    # sizes and durations written by the validator's formatter, from content/messages/_format.yaml (a number
    # and its unit are kept on one line in the rendered page: scripts/sitegen/units.py)
    env.filters.update(
        size=lambda n: formatting.size(formats, n),
        months=lambda n: formats["duration.months"].format(months=n),
        days=lambda n: formats["duration.days"].format(days=n),
    )
    env.globals.update(region_globals(content))
    # which claim each confidence word belongs to (one claim, one confidence on every page; issue 21)
    texts_of_claims = claim_texts(content)
    env.globals.update(claim_key=claim_key, claim_text=lambda cid: texts_of_claims.get(cid, cid))
    texts = content["site"].get("texts", {})
    # page texts for the browser (e.g. record.*: the record bar on checklist pages), as a JSON block's body
    env.globals["texts_json"] = lambda prefix: json.dumps(
        {k: v for k, v in texts.items() if k.startswith(prefix)}, ensure_ascii=False
    ).replace("</", "<\\/")
    return env


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def cell(value) -> str:
    """Text safe inside a Markdown table cell (one line, escaped pipes)."""
    return oneline(value).replace("|", "\\|")


def oneline(value) -> str:
    """One line: runs of spaces and line breaks become one space; a no-break space written in content is
    kept."""
    return " ".join(ASCII_SPACE.split(str(value).strip(" \t\r\n\f\v")))


def page_plan(content: dict) -> list[tuple[str, str, dict]]:
    """(src path, template, extra variables) for each generated page."""
    site = content["site"]
    plan = [(f"guide/{gid}.md", "guide.md.j2", {"guide": guide}) for gid, guide in content["guides"].items()]
    plan += [("faq.md", "faq.md.j2", {})] if content["faq"] else []
    plan += [("timeline.md", "timeline.md.j2", {})] if content["timeline"] else []
    plan += [
        ("checklists/index.md", "checklists.md.j2", {}),
        ("requirements.md", "requirements.md.j2", {}),
        (
            "changes.md",
            "changes.md.j2",
            {
                "changes": cycle_changes(content, site["cycle_start"], site["cycle_end"]),
                "log": change_log(content, site["cycle"]),
            },
        ),
        ("sources.md", "sources.md.j2", {}),
        ("admin/parameters.md", "admin_parameters.md.j2", {"severity": sort_parameters(content)}),
    ]
    plan += [(f"checklists/{p['id']}.md", "checklist.md.j2", {"pathway": p}) for p in content["pathways"]]
    if content.get("profiles"):  # the 考区 register: an overview and one page per 考区
        plan += [("regions/index.md", "regions.md.j2", {})]
        plan += [(f"regions/{r['id']}.md", "region.md.j2", {"region": r}) for r in registered(content)]
    return plan


def render_pages(content: dict, templates: Path) -> dict[str, str]:
    env = environment(templates, content)
    base = {"content": content, "site": content["site"]}
    pages = {}
    for src, template, extra in page_plan(content):
        pages[src] = env.get_template(template).render(page=src, **base, **extra)
    return pages
