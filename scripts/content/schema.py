"""A small declarative schema language for content files.

Each spec checks one value at a key path and reports problems to a
:class:`Ctx`; it never raises and never stops at the first problem. Records
list their keys (``"note?"`` marks an optional key); identifiers and
references are handed to the context, which resolves them once every file is
read (see scripts/content/refs.py).
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Callable
from datetime import date
from typing import Any

from scripts.content.problems import show

CONFIDENCE = ("seed", "c2", "c1", "inferred", "unconfirmed")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOTTED_ID_RE = re.compile(r"^[A-Za-z0-9_]+(?:[.\-][A-Za-z0-9_]+)*$")


def nearest(key, known) -> str:
    """The known key closest to a misspelt one ("" if none is close): difflib's ratio over 0.6."""
    found = difflib.get_close_matches(str(key), [str(k) for k in known], n=1, cutoff=0.6)
    return found[0] if found else ""


class Ctx:
    """Collects problems, definitions and references for one file."""

    def __init__(self, doc, report: Callable, scope: str = ""):
        self.doc = doc
        self.report = report  # report(doc, code, path, **values)
        self.scope = scope  # e.g. the guide id for anchors
        self.defs: list[tuple] = []  # (kind, id, path)
        self.refs: list[tuple] = []  # (kind, value, path)

    def problem(self, code: str, path: tuple, **values: Any) -> None:
        self.report(self.doc, code, path, **values)

    def define(self, kind: str, ident: str, path: tuple) -> None:
        self.defs.append((kind, ident, path))

    def ref(self, kind: str, value: str, path: tuple) -> None:
        self.refs.append((kind, value, path))


class Spec:
    nullable = False  # may a required key hold null?

    def check(self, ctx: Ctx, value: Any, path: tuple) -> None:
        raise NotImplementedError


class AnyValue(Spec):
    nullable = True

    def check(self, ctx, value, path):
        pass


class Str(Spec):
    def __init__(self, empty: bool = False):
        self.empty = empty

    def check(self, ctx, value, path):
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            ctx.problem("type.str", path, value=show(value))
        elif not self.empty and not str(value).strip():
            ctx.problem("value.empty", path)


class Text(Str):
    """Markdown prose: a non-empty string. HTML in it (and in every other string of content) is
    checked by the sanitiser for every file at once (scripts/content/html.py)."""


class FormatStr(Str):
    """A message or display pattern with ``{name}`` placeholders."""

    def check(self, ctx, value, path):
        super().check(ctx, value, path)
        if isinstance(value, str):
            try:
                list(string.Formatter().parse(value))
            except ValueError as err:
                ctx.problem("value.format", path, detail=str(err))


class Int(Spec):
    def check(self, ctx, value, path):
        if isinstance(value, bool) or not isinstance(value, int):
            ctx.problem("type.int", path, value=show(value))


class Bool(Spec):
    def check(self, ctx, value, path):
        if not isinstance(value, bool):
            ctx.problem("type.bool", path, value=show(value))


class Enum(Spec):
    def __init__(self, *choices: str, code: str = "value.enum"):
        self.choices = choices
        self.code = code

    def check(self, ctx, value, path):
        if value not in self.choices:
            ctx.problem(self.code, path, value=show(value), expected="、".join(self.choices))


def Confidence() -> Enum:
    return Enum(*CONFIDENCE, code="confidence.bad")


class Url(Str):
    def check(self, ctx, value, path):
        super().check(ctx, value, path)
        if isinstance(value, str) and not value.startswith(("http://", "https://")):
            ctx.problem("value.url", path, value=show(value))


class Date(Spec):
    """A quoted ``"YYYY-MM-DD"`` string naming a real calendar day."""

    def check(self, ctx, value, path):
        if path in ctx.doc.unquoted_dates:
            return  # reported for the whole file by the loader
        if not isinstance(value, str) or not DATE_RE.match(value) or not _real_day(value):
            ctx.problem("date.bad", path, value=show(value))


def _real_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


class Id(Spec):
    """Defines an identifier of ``kind`` (unique within its kind)."""

    def __init__(self, kind: str, dotted: bool = False, scoped: bool = False):
        self.kind = kind
        self.pattern = DOTTED_ID_RE if dotted else ID_RE
        self.scoped = scoped

    def check(self, ctx, value, path):
        if not isinstance(value, str) or not self.pattern.match(value):
            ctx.problem("value.id", path, value=show(value))
            return
        ctx.define(self.kind, f"{ctx.scope}#{value}" if self.scoped else value, path)


class Ref(Spec):
    """A reference to an identifier of ``kind`` defined somewhere in content/."""

    def __init__(self, kind: str, allow: tuple = ()):
        self.kind = kind
        self.allow = allow

    def check(self, ctx, value, path):
        if not isinstance(value, str) or not value.strip():
            ctx.problem("type.str", path, value=show(value))
        elif value not in self.allow:
            ctx.ref(self.kind, value, path)


class SourceRef(Spec):
    """``"SEED4 §二.6"`` or a list of such; the first word is a source id."""

    def check(self, ctx, value, path):
        if value is None or value == "":
            ctx.problem("source.missing", path)
            return
        items = value if isinstance(value, list) else [value]
        if not items:
            ctx.problem("source.empty", path)
        for i, item in enumerate(items):
            where = (*path, i) if isinstance(value, list) else path
            if not isinstance(item, str) or not item.strip():
                ctx.problem("source.missing", where)
            else:
                ctx.ref("source", item, where)


class ListOf(Spec):
    def __init__(self, item: Spec, nonempty: bool = False):
        self.item = item
        self.nonempty = nonempty

    def check(self, ctx, value, path):
        if not isinstance(value, list):
            ctx.problem("type.list", path, value=show(value))
            return
        if self.nonempty and not value:
            ctx.problem("value.list_empty", path)
        for i, item in enumerate(value):
            self.item.check(ctx, item, (*path, i))


class MapOf(Spec):
    """A mapping with free keys (checked by ``key``) and values of one spec."""

    def __init__(self, value: Spec, key: Spec | None = None):
        self.value = value
        self.key = key

    def check(self, ctx, value, path):
        if not isinstance(value, dict):
            ctx.problem("type.map", path, value=show(value))
            return
        for k, v in value.items():
            if self.key is not None:
                self.key.check(ctx, k, (*path, k))
            self.value.check(ctx, v, (*path, k))


class Record(Spec):
    """A mapping with known keys; ``"name?"`` is optional, anything else unknown."""

    def __init__(self, fields: dict[str, Spec], checks: tuple[Callable, ...] = ()):
        self.fields = {k.rstrip("?"): spec for k, spec in fields.items()}
        self.required = [k for k in fields if not k.endswith("?")]
        self.checks = checks

    def check(self, ctx, value, path):
        if not isinstance(value, dict):
            ctx.problem("type.map", path, value=show(value))
            return
        for key in value:
            if key not in self.fields:
                ctx.problem("key.unknown", (*path, key), key=key, expected="、".join(self.fields),
                            near=nearest(key, self.fields))
        for key in self.required:
            if key not in value or (value[key] is None and not self.fields[key].nullable):
                written = key in value  # written with nothing after the colon: say so, not "missing"
                code = "source.missing" if key == "source" else ("key.null" if written else "key.missing")
                ctx.problem(code, (*path, key) if written else path, key=key)
        for key, spec in self.fields.items():
            if key in value and value[key] is not None:
                spec.check(ctx, value[key], (*path, key))
        for extra in self.checks:
            extra(ctx, value, path)
