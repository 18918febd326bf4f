"""Reference helpers for templates: every lookup of an unknown id raises.

The content check already resolves references; these raise again at render
time so that a template asking for something that does not exist can never
produce a dangling link.
"""

from __future__ import annotations

import posixpath

from jinja2 import pass_context

from scripts.content.refs import source_id


class DanglingReference(LookupError):
    pass


def rel(from_src: str, to_src: str, anchor: str | None = None) -> str:
    """Relative Markdown link from one page source to another (and an anchor)."""
    target = "" if from_src == to_src else posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return f"{target}#{anchor}" if anchor else target


class Links:
    """Resolves ids to titles and page-relative links; built once per build."""

    def __init__(self, content: dict):
        self.content = content
        self.sources = {s["id"]: s for s in content["sources"]}
        self.faq = {e["id"]: e for e in content["faq"]}
        self.pathways = {p["id"]: p for p in content["pathways"]}
        self.materials = {m["id"]: m for m in content["materials"]}
        self.anchors: dict[str, dict] = {}
        for gid, guide in content["guides"].items():
            self.anchors[gid] = {"title": guide["title"], "src": f"guide/{gid}.md", "anchor": None}
            for section in guide["sections"]:
                self._anchor(gid, section, section["title"])
                for step in section["steps"]:
                    self._anchor(gid, step, step["title"], section["title"])

    def _anchor(self, gid: str, item: dict, title: str, parent: str | None = None) -> None:
        self.anchors[f"{gid}#{item['id']}"] = {
            "title": title,
            "parent": parent,
            "guide": self.content["guides"][gid]["title"],
            "src": f"guide/{gid}.md",
            "anchor": item["id"],
        }

    def _get(self, table: dict, key: str, kind: str):
        try:
            return table[key]
        except KeyError:
            raise DanglingReference(f"unknown {kind} {key!r}") from None

    def _absent(self, src: str) -> bool:
        """True while the file behind ``src`` is still missing (development builds only)."""
        return f"content/{src}" in self.content.get("missing", ())

    def globals(self) -> dict:
        return {
            "source": self.source,
            "conf_word": self.conf_word,
            "anchor": self.anchor,
            "faq_link": self.faq_link,
            "pathway_link": self.pathway_link,
            "material": self.material,
            "page_link": self.page_link,
            "param": self.param,
        }

    @pass_context
    def source(self, ctx, ref: str) -> dict:
        """A citation as a candidate reads it: the short Chinese name and the section (``text``)."""
        sid = source_id(ref)
        src = self._get(self.sources, sid, "source")
        section = ref.strip()[len(sid) :].strip().lstrip("§#").strip()
        short = src.get("short") or sid
        return {
            "id": sid,
            "text": self._cite(short, section),
            "short": short,
            "section": section,
            "title": src["title"],
            "url": rel(ctx["page"], "sources.md", sid),
        }

    def _cite(self, short: str, section: str) -> str:
        if not section:
            return short
        pattern = self.content["formats"].get("cite.section", "{short} · {section}")
        return pattern.format(short=short, section=section)

    def conf_word(self, confidence: str) -> str:
        """The confidence mark in Chinese words (content/messages/_severity.yaml ``confidence.*``)."""
        return self._get(self.content["formats"], f"confidence.{confidence}", "confidence word")

    @pass_context
    def anchor(self, ctx, ref: str) -> dict:
        if ref not in self.anchors and self._absent(f"guide/{ref.split('#')[0]}.yaml"):
            return {"title": ref, "parent": None, "guide": ref.split("#")[0], "url": "#"}
        target = self._get(self.anchors, ref, "guide anchor")
        return {**target, "url": rel(ctx["page"], target["src"], target["anchor"])}

    @pass_context
    def faq_link(self, ctx, fid: str) -> dict:
        if fid not in self.faq and self._absent("faq.yaml"):
            return {"title": fid, "url": "#"}
        entry = self._get(self.faq, fid, "FAQ entry")
        return {"title": entry["question"], "url": rel(ctx["page"], "faq.md", fid)}

    @pass_context
    def pathway_link(self, ctx, pid: str) -> dict:
        pathway = self._get(self.pathways, pid, "pathway")
        return {"title": pathway["title"], "url": rel(ctx["page"], f"checklists/{pid}.md")}

    @pass_context
    def page_link(self, ctx, src: str, anchor: str | None = None) -> str:
        return rel(ctx["page"], src, anchor)

    def material(self, mid: str) -> dict:
        return self._get(self.materials, mid, "material")

    def param(self, pid: str) -> dict:
        return self._get(self.content["parameters"], pid, "parameter")
