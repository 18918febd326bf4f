"""Internal tokens that must not reach a candidate: one scanner for content texts and built pages.

Parameter keys (``photo.max_bytes``), source ids (``SEED0``, ``P10``, ``INF``), the
English confidence words (``seed``, ``c2``, ``c1``, ``inferred``, ``unconfirmed``) and
library / colour-science terms belong on /admin/ and in the CLI's ``--json`` only.
:func:`forbidden` builds the list from content (so a newly registered source id
is covered at once); :func:`find` reports every hit with its token and kind,
so a failing check can say which page or key and which token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONFIDENCE_WORDS = ("seed", "c2", "c1", "inferred", "unconfirmed")
TERMS = ("Pillow", "CIELAB", "Laplacian", "拉普拉斯", "L*", "ΔE", "EXIF")
KINDS = {
    "param": "参数键",
    "source": "来源编号",
    "confidence": "英文可信度词",
    "term": "程序或色彩学术语",
    "link": "没有转换的 Markdown 链接",
}


@dataclass(frozen=True)
class Leak:
    token: str
    kind: str  # param | source | confidence | term
    where: str = ""  # a page, a file and key path, …

    @property
    def kind_name(self) -> str:
        return KINDS[self.kind]

    def __str__(self) -> str:
        shown = f"{self.kind_name} {self.token!r}"
        return f"{self.where}: {shown}" if self.where else shown


class Forbidden:
    """Compiled patterns for one content tree's parameter keys and source ids."""

    def __init__(self, params, sources):
        self.kind_of = {p: "param" for p in params}
        self.kind_of.update({s: "source" for s in sources})
        ids = sorted(self.kind_of, key=len, reverse=True)
        self.ids = _whole(ids, flags=0) if ids else None
        self.words = _whole(CONFIDENCE_WORDS, flags=re.I)
        self.terms = re.compile("|".join(re.escape(t) for t in TERMS), re.I)

    def find(self, text: str, where: str = "") -> list[Leak]:
        if not isinstance(text, str) or not text:
            return []
        found = []
        if self.ids is not None:
            found += [Leak(m.group(0), self.kind_of[m.group(0)], where) for m in self.ids.finditer(text)]
        found += [Leak(m.group(0), "confidence", where) for m in self.words.finditer(text)]
        found += [Leak(m.group(0), "term", where) for m in self.terms.finditer(text)]
        return found


def _whole(tokens, flags: int) -> re.Pattern:
    """Tokens as whole words: not inside a longer identifier, file name or key."""
    body = "|".join(re.escape(t) for t in tokens)
    return re.compile(rf"(?<![A-Za-z0-9_.\-/#])(?:{body})(?![A-Za-z0-9_\-])", flags)


def forbidden(content: dict) -> Forbidden:
    """The tokens of this content: every parameter id and every source id."""
    sources = [s.get("id") for s in content.get("sources", []) if isinstance(s.get("id"), str)]
    return Forbidden(list(content.get("parameters", {})), sources)


def content_texts(content: dict):
    """(file, key path, text) of every content text a candidate can read in a tool or on /requirements/.

    Findings show messages, parameter labels and value notes (in the reading) and cite sources by
    their short names; families on /requirements/ (``requirements_order``) also show descriptions.
    """
    for family in content.get("rule_files", []):
        yield from _family_texts(family, content["parameters"])
    for code, spec in content.get("messages", {}).items():
        for key in ("title", "message", "fix", "fix_page"):
            yield content.get("message_files", {}).get(code, "content/messages"), ("messages", code, key), (
                spec.get(key, "") if isinstance(spec, dict) else ""
            )
    for i, src in enumerate(content.get("sources", [])):
        for key in ("short", "title"):
            yield "content/sources.yaml", ("sources", i, key), src.get(key, "")
    yield from register_texts(content)


def _family_texts(family: dict, params: dict):
    """A rules file's texts: description (when on /requirements/), advice, parameter labels, value notes."""
    shown = family.get("requirements_order") is not None
    if shown:
        yield family["file"], ("description",), family.get("description", "")
    for i, item in enumerate(family.get("advice", [])):
        yield family["file"], ("advice", i, "text"), item.get("text", "")
    for pid in family["parameters"]:
        spec = params.get(pid) or {}
        for key in ("label", "description") if shown else ("label",):
            yield family["file"], ("parameters", pid, key), spec.get(key, "")
        lists = [(("values",), spec.get("values") or [])]
        lists += [(("regions", r), v or []) for r, v in (spec.get("regions") or {}).items()]
        for where, values in lists:
            for i, entry in enumerate(values):
                if isinstance(entry, dict):
                    yield family["file"], ("parameters", pid, *where, i, "note"), entry.get("note", "")


def register_texts(content: dict):
    """The 考区 register's texts: region pages, the tools' region notes and the materials check's counts."""
    file = "content/regions.yaml"
    for key, text in content.get("region_texts", {}).items():
        yield file, ("texts", key), text
    for i, profile in enumerate(content.get("profiles", [])):
        for key in ("name", "short", "description"):
            yield file, ("profiles", i, key), profile.get(key, "")
        for j, count in enumerate(profile.get("counts") or []):
            note = count.get("note", "") if isinstance(count, dict) else ""
            yield file, ("profiles", i, "counts", j, "note"), note
    for i, region in enumerate(content.get("regions", [])):
        for key in ("name", "short", "description"):
            yield file, ("regions", i, key), region.get(key, "")
        for key in ("upload", "review", "notice"):
            if isinstance(region.get(key), dict):
                yield file, ("regions", i, key, "text"), region[key].get("text", "")
        for key in ("cycles", "notes"):
            items = region.get(key) if isinstance(region.get(key), list) else []
            for j, item in enumerate(items):
                text = item.get("text", "") if isinstance(item, dict) else ""
                yield file, ("regions", i, key, j, "text"), text
