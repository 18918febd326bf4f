"""The compiled rule set: dated parameters with sources, messages and texts.

The rule set is plain JSON compiled from ``content/`` by
``scripts/compile_rules.py``. Nothing here reads files at import time;
:func:`load_default` reads the copy shipped inside the package on demand.

A parameter has a list of dated values (``since`` = first day it applies)
and optional lists keyed by a region or by a rule profile that replace the
base list. A region (考区) may inherit a profile (``uses: national-module`` in
content/regions.yaml), so a rule shared by many 考区 is written once:
:func:`region_chain` gives the keys tried in order (the region, then its
profile), the base list comes last. The value in force on the as-of date is the one with the latest ``since``
not after it; before the first ``since`` the earliest value applies. A value
whose source gives no date has ``since: ""`` and ``dated: false`` (content
writes ``since: unknown``): it applies from the start and is shown as 日期不明.

Every parameter value and message carries a source and a confidence mark;
:meth:`RuleSet.cite` turns the source ids into the Chinese short names a
candidate reads, :meth:`RuleSet.confidence_label` the mark into Chinese words.
"""

from __future__ import annotations

import json
import os
import string
from dataclasses import dataclass
from datetime import date
from typing import Any

from validator import formatting

OFFICIAL = ("seed", "c2")  # confidence marks of values that rest on an official source


@dataclass(frozen=True)
class Param:
    """One parameter value as resolved for a region and an as-of date."""

    id: str
    value: Any
    since: str
    source: str
    confidence: str
    note: str = ""
    source_info: dict | None = None
    label: str = ""
    dated: bool = True
    line: dict | None = None  # this value is the fail line of an official rule (content ``lines:``)
    band: dict | None = None  # this value bounds the warn band near the site's line of an official rule

    @property
    def official(self) -> bool:
        return self.confidence in OFFICIAL

    @property
    def on_line(self) -> bool:
        """Past this value no reasonable reading of an official rule is met: it may fail, citing the rule."""
        return self._official_line() is not None

    def _official_line(self) -> dict | None:
        """The official rule whose fail line this value is (None: not one, or the rule is not official)."""
        return self.line if self.line and self.line.get("confidence") in OFFICIAL else None

    def source_dict(self) -> dict:
        line = self._official_line()
        if line is not None:  # the finding rests on the official rule, the value only says how far past it
            info = dict(line.get("citation") or {})
            source = _source_text(line.get("source", ""))
            info.update({"id": source, "confidence": line["confidence"], "param": self.id})
            info.update({"since": self.since, "dated": self.dated, "fail_line": True})
            return info
        info = dict(self.source_info or {})
        info.update(
            {
                "id": self.source,
                "confidence": self.confidence,
                "param": self.id,
                "since": self.since,
                "dated": self.dated,
            }
        )
        return info


class RuleSetError(KeyError):
    """A parameter, message or text the code asked for is not in the rule set."""


class RuleSet:
    def __init__(self, data: dict):
        self.data = data
        self.cycle: int | None = data.get("cycle")  # the exam year the rules are for
        self.version = data.get("version", "")
        self.parameters: dict = data.get("parameters", {})
        self.messages: dict = data.get("messages", {})
        self.texts: dict = data.get("texts", {})
        self.formats: dict = data.get("formats", {})
        self.sources: dict = data.get("sources", {})
        self.regions: dict = data.get("regions", {})
        self.profiles: dict = data.get("profiles", {})

    def exam_year(self) -> int:
        """The cycle: the eligibility rules count years from it, so a rule set without one cannot judge."""
        if not isinstance(self.cycle, int):
            raise RuleSetError("the rule set has no cycle (exam year)")
        return self.cycle

    @classmethod
    def from_json(cls, text: str) -> RuleSet:
        return cls(json.loads(text))

    # parameters -----------------------------------------------------------
    def param(self, param_id: str, region: str = "national", as_of: date | None = None) -> Param:
        try:
            spec = self.parameters[param_id]
        except KeyError:
            raise RuleSetError(f"unknown parameter {param_id!r}") from None
        values = values_for(spec, region_chain(self.regions, region))
        chosen = values[0]
        if as_of is not None:
            day = as_of.isoformat()
            for entry in values:
                if entry["since"] <= day and entry["since"] >= chosen["since"]:
                    chosen = entry
        else:
            chosen = max(values, key=lambda e: e["since"])
        return Param(
            id=param_id,
            value=chosen["value"],
            since=chosen["since"],
            source=_source_text(chosen["source"]),
            confidence=chosen["confidence"],
            note=chosen.get("note", ""),
            source_info=self.citation(chosen["source"], chosen["confidence"]),
            label=spec.get("label", ""),
            dated=chosen.get("dated", True),
            line=self._rule_of(spec.get("line")),
            band=self._rule_of(spec.get("band")),
        )

    def _rule_of(self, line: dict | None) -> dict | None:
        """A line's official rule with its citation in the candidate's words (cite, confidence label)."""
        if not line:
            return None
        return {**line, "citation": self.citation(line.get("source", ""), line.get("confidence", ""))}

    def value(self, param_id: str, region: str = "national", as_of: date | None = None) -> Any:
        return self.param(param_id, region, as_of).value

    def region(self, region: str) -> dict:
        """A 考区 of the register as the validator knows it (name, short, upload system, profile, page)."""
        return {"id": region, **self.regions.get(region, {})}

    def profile(self, region: str) -> dict:
        """The rule profile a 考区 uses (upload system facts such as several images per material)."""
        uses = self.regions.get(region, {}).get("uses", "")
        return {"id": uses, **self.profiles.get(uses, {})} if uses else {}

    def typed_code(self, material: str, region: str) -> dict | None:
        """The code a 考区's upload system takes in place of the material's file (content/materials.yaml
        ``code``: Hubei's 省网 takes the 备案表's 在线验证码), or None where the file is uploaded."""
        code = (self.data.get("materials", {}).get(material) or {}).get("code")
        uses = self.regions.get(region, {}).get("uses", "")
        return code if code and uses and uses in code.get("typed_in", []) else None

    def source_info(self, source_id: str | list) -> dict:
        if isinstance(source_id, list):  # content allows a list of sources; describe the first
            source_id = source_id[0] if source_id else ""
        anchor = _source_id(source_id)
        src = self.sources.get(anchor, {})
        info = {k: src[k] for k in ("title", "url", "file", "kind", "short", "date") if k in src}
        if src:  # where the sources page describes it (its entry's id): the tools link the citation there
            info["anchor"] = anchor
        return info

    def citation(self, source: str | list, confidence: str) -> dict:
        """What a finding carries about its source: the first source's details, every source as
        Chinese short names with their sections (``cite``), and the confidence in Chinese words."""
        info = self.source_info(source)
        cite, label = self.cite(source), self.confidence_label(confidence)
        # the confidence is not said twice when the source's own name already says it (本站推断)
        if not label:
            line = cite
        elif label in cite:
            line = self.fmt_or("cite.alone", cite, cite=cite)
        else:
            line = self.fmt_or("cite.line", cite, cite=cite, confidence=label)
        info.update({"cite": cite, "confidence_label": label, "line": line})
        return info

    def cite(self, source: str | list) -> str:
        """``"SEED0 §二(二)"`` -> ``"湖北省网操作说明 · 二(二)"``; several sources joined with 、."""
        refs = source if isinstance(source, list) else [source]
        return self.fmt_or("cite.join", "、").join(self._cite_one(str(r)) for r in refs if str(r).strip())

    def _cite_one(self, ref: str) -> str:
        sid = _source_id(ref)
        short = self.sources.get(sid, {}).get("short") or sid
        section = ref.strip()[len(sid) :].strip().lstrip("§#").strip()
        return self.fmt_or("cite.section", short, short=short, section=section) if section else short

    def confidence_label(self, confidence: str) -> str:
        return self.fmt_or(f"confidence.{confidence}")

    def firm(self, code: str) -> str:
        """The content's declaration for a code that fails without a threshold: unreadable, invalid,
        stated, or "" (see validator.severity)."""
        return self.data.get("firm", {}).get(code, "")

    def advice(self, family: str) -> list[dict]:
        """Rules in words a program cannot check (content ``advice:``), cited like findings."""
        return [
            {"text": a["text"], **self.citation(a["source"], a["confidence"]), "confidence": a["confidence"]}
            for a in self.data.get("advice", {}).get(family, [])
        ]

    # messages and texts ---------------------------------------------------
    def render_message(self, code: str, **values: Any) -> dict:
        try:
            spec = self.messages[code]
        except KeyError:
            raise RuleSetError(f"no message for finding code {code!r}") from None
        return {
            "message": _fill(spec["message"], values),
            "fix": _fill(spec.get("fix", ""), values),
            "fix_page": _fill(spec.get("fix_page", ""), values),
        }

    def message_source(self, code: str) -> dict | None:
        spec = self.messages.get(code, {})
        if not spec.get("source"):
            return None
        info = self.citation(spec["source"], spec.get("confidence", ""))
        info.update({"id": _source_text(spec["source"]), "confidence": spec.get("confidence", "")})
        return info

    def message_confidence(self, code: str) -> str:
        return self.messages.get(code, {}).get("confidence", "")

    def text(self, key: str, default: str | None = None, **values: Any) -> str:
        if key not in self.texts:
            if default is not None:
                return default
            raise RuleSetError(f"no text {key!r}")
        return _fill(self.texts[key], values)

    def size_text(self, n: int) -> str:
        """A file size as candidates read it: "28.3 KB（28,967 字节）" (validator.formatting.size)."""
        return formatting.size(self._formats_for("size.bytes", "size.kb", "size.mb"), n)

    def bytes_text(self, n: int) -> str:
        """An exact byte count: "30,720 字节"."""
        return formatting.byte_count(self._formats_for("size.bytes"), n)

    def duration_text(self, months: int, days: int) -> str:
        """Months and days without a zero part: "12 个月", "11 个月 29 天"."""
        formats = self._formats_for("duration.months", "duration.days", "duration.both")
        return formatting.duration(formats, months, days)

    def _formats_for(self, *names: str) -> dict:
        missing = [n for n in names if n not in self.formats]
        if missing:
            raise RuleSetError(f"no format {missing[0]!r}")
        return self.formats

    def fmt(self, name: str, **values: Any) -> str:
        """Format a value with a display pattern from content (units, sizes)."""
        try:
            return self.formats[name].format(**values)
        except KeyError:
            raise RuleSetError(f"no format {name!r}") from None

    def fmt_or(self, name: str, default: str = "", **values: Any) -> str:
        """Like :meth:`fmt`, but a rule set without this format gives ``default`` (older rule sets)."""
        try:
            return self.fmt(name, **values)
        except RuleSetError:
            return default


def region_chain(regions: dict, region: str) -> tuple[str, ...]:
    """Keys a parameter's ``regions:`` is looked up under, most specific first: the 考区 itself,
    then the profile it uses (``uses``). The parameter's base ``values`` come after all of them."""
    uses = (regions.get(region) or {}).get("uses")
    return (region, uses) if uses and uses != region else (region,)


def values_for(spec: dict, chain: tuple[str, ...]) -> list:
    """The dated value list of a parameter for the first key of ``chain`` it has, else the base list."""
    by_key = spec.get("regions") or {}
    for key in chain:
        if by_key.get(key):
            return by_key[key]
    return spec["values"]


def _source_id(ref: str) -> str:
    """``"SEED4 §二.6"`` -> ``"SEED4"``."""
    return ref.strip().split("#")[0].split(" ")[0]


def _source_text(source: str | list) -> str:
    """Content may cite several sources as a list; findings carry them as one string."""
    return ", ".join(str(s) for s in source) if isinstance(source, list) else source


class _Filler(string.Formatter):
    """Fills a template from content; a value the code did not give (``{colour_nam}``, a typo) is left
    out, never shown as ``{name}``, and a value its format does not fit is written plainly. make
    check-content names a placeholder no code gives (scripts/content/supplied.py)."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        try:
            return super().get_field(field_name, args, kwargs)
        except (KeyError, AttributeError, IndexError, TypeError):
            return "", field_name

    def format_field(self, value: Any, format_spec: str) -> str:
        try:
            return super().format_field(value, format_spec)
        except (ValueError, TypeError):
            return str(value)


_FILLER = _Filler()


def _fill(template: str, values: dict) -> str:
    """A message or text from content with its values; a placeholder without a value is left out."""
    try:
        return _FILLER.vformat(template, (), values)
    except ValueError:  # unpaired braces (make check-content refuses them): the text as written
        return template


_DEFAULT: RuleSet | None = None


def load_default() -> RuleSet:
    """The rule set shipped in ``validator/_data/rules.json`` (read once, on demand)."""
    global _DEFAULT
    if _DEFAULT is None:
        # Next to this module, through the module's own loader: files on CPython, the wheel
        # itself in the browser (imported from the zip, never unpacked). Not
        # importlib.resources: in the browser its six modules are compiled at first import.
        path = os.path.join(os.path.dirname(__file__), "_data", "rules.json")
        loader = globals()["__loader__"]  # this module's loader (not in mypy's module namespace)
        _DEFAULT = RuleSet.from_json(loader.get_data(path).decode("utf-8"))
    return _DEFAULT
