"""Read one YAML file strictly: positions, duplicate keys, dates kept as strings.

PyYAML's composer gives a node tree with marks; we build plain Python values
from it ourselves so that

* every value's position (line, column, 1-based) is kept by key path,
* a key that appears twice in one mapping is a problem, not a silent overwrite,
* a date-looking plain scalar (``since: 2027-02-01``) stays a string and is
  remembered as unquoted, so the schema can ask for the quoted form.

Bounded before anything is built (a content file is text an administrator edits, not a place
for YAML's programming features): files over ``MAX_FILE_BYTES`` are not read; anchors and
aliases (``&a`` / ``*a``: nine lines of them expand to billions of values) and nesting deeper
than ``MAX_DEPTH`` are refused with their line, found by a linear scan of the tokens, so the
composer never recurses or expands.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import tokens as yt
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from scripts.content.problems import catalog as problems_catalog

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MAX_FILE_BYTES = 1 << 20  # the largest content file is about 100 KB
MAX_DEPTH = 30  # content nests about 8 levels deep
OPEN = (yt.BlockMappingStartToken, yt.BlockSequenceStartToken, yt.FlowMappingStartToken,
        yt.FlowSequenceStartToken)
CLOSE = (yt.BlockEndToken, yt.FlowMappingEndToken, yt.FlowSequenceEndToken)

Path_ = tuple  # a key path: str keys and int list indexes
INT_TAG, FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
MAX_DIGITS = 100  # content numbers are byte counts and years; Python refuses ints over 4300 digits
UNREADABLE = frozenset({"yaml.number", "yaml.not_finite"})
# libyaml's scanner and composer where PyYAML has it (its wheels do): the same tokens, nodes and marks
# as the pure-Python ones, six times faster (the whole of content/ in ~3 s instead of ~18 s on a busy machine)
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Issue:
    """A problem found while reading, before any schema applies."""

    code: str
    path: Path_
    line: int | None
    column: int | None = None
    values: dict = field(default_factory=dict)


@dataclass
class Doc:
    """One YAML file: its data, where each value sits, and reading problems."""

    file: str
    data: Any = None
    positions: dict = field(default_factory=dict)
    unquoted_dates: set = field(default_factory=set)
    issues: list = field(default_factory=list)
    ok: bool = True

    def line(self, path: Path_) -> int | None:
        """The line of the value at ``path`` or of its nearest ancestor."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path][0]
            path = path[:-1]
        return self.positions.get((), (None,))[0]


def read(path: Path, label: str) -> Doc:
    doc = Doc(file=label)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        doc.ok = False
        values = {"value": size, "expected": MAX_FILE_BYTES}
        doc.issues.append(Issue("yaml.too_large", (), None, values=values))
        return doc
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:  # one problem for the file, at the first bad byte
        doc.ok = False
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        values = {"detail": raw[err.start : err.start + 4].hex(" "), "value": err.start}
        doc.issues.append(Issue("yaml.encoding", (), line, column, values=values))
        return doc
    if not _bounded(text, doc):
        doc.ok = False
        return doc
    try:
        node = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as err:
        doc.ok = False
        doc.issues.append(_syntax_issue(text, err))
        return doc
    except yaml.YAMLError as err:
        doc.ok = False
        doc.issues.append(Issue("yaml.syntax", (), None, values={"detail": str(err)}))
        return doc
    if node is None:
        doc.data = None
        return doc
    builder = _Builder(doc)
    doc.data = builder.build(node, ())
    if any(issue.code in UNREADABLE for issue in doc.issues):
        doc.ok = False  # a value that cannot be a number: the file is reported once, not checked on
    return doc


TAB_INDENT = re.compile(r"^[ ]*\t", re.M)
# a key written with the full-width colon of a Chinese keyboard: "value： 30720"
FULL_WIDTH_KEY = re.compile(r"^[ ]*(?:- )?[A-Za-z_][\w.]*[ ]*：")


def _syntax_issue(text: str, err: yaml.MarkedYAMLError) -> Issue:
    """A syntax error, named by its usual cause where that is plain (a tab in the indentation, a key
    with a full-width colon), else PyYAML's problem in the catalog's Chinese (templates/content_check.yaml
    ``yaml_problems``), else in PyYAML's own words."""
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    tab = TAB_INDENT.search(text)
    if tab:
        at = text.count("\n", 0, tab.start()) + 1
        return Issue("yaml.tab", (), at, None, values={})
    lines = text.split("\n")
    near = range(max(0, (line or 1) - 3), min(len(lines), (line or 1) + 1))
    for i in near:
        if FULL_WIDTH_KEY.match(lines[i]):
            return Issue("yaml.full_width_colon", (), i + 1, None, values={"value": lines[i].strip()[:40]})
    problem = err.problem or err.context or ""
    known = problems_catalog().get("yaml_problems") or {}
    for english, chinese in known.items() if isinstance(known, dict) else []:
        if english in problem or english in (err.context or ""):
            return Issue("yaml.syntax_known", (), line, col, values={"detail": chinese})
    return Issue("yaml.syntax", (), line, col, values={"detail": problem})


def _bounded(text: str, doc: Doc) -> bool:
    """No anchors, no aliases, no nesting deeper than MAX_DEPTH (a linear pass over the tokens)."""
    depth = 0
    try:
        for token in yaml.scan(text, Loader=LOADER):
            if isinstance(token, yt.AnchorToken | yt.AliasToken):
                kind = "yaml.alias" if isinstance(token, yt.AliasToken) else "yaml.anchor"
                doc.issues.append(_at_mark(kind, token.start_mark, value=token.value))
                return False
            depth += isinstance(token, OPEN) - isinstance(token, CLOSE)
            if depth > MAX_DEPTH:
                doc.issues.append(_at_mark("yaml.too_deep", token.start_mark, expected=MAX_DEPTH))
                return False
    except yaml.YAMLError:
        return True  # compose() reports the syntax error with its place
    return True


def _at_mark(code: str, mark, **values) -> Issue:
    return Issue(code, (), mark.line + 1, mark.column + 1, values=values)


class _Builder:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.scalars = SafeConstructor()

    def build(self, node, path: Path_) -> Any:
        self.doc.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: Path_) -> dict:
        out: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self._issue("yaml.complex_key", path, key_node)
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._issue("yaml.merge_key", path, key_node)
                continue
            key = key_node.value if key_node.tag == TIMESTAMP_TAG else str(self._scalar(key_node, path))
            if key in out:
                self._issue("yaml.duplicate_key", (*path, key), key_node, key=key)
                continue
            self.doc.positions[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: ScalarNode, path: Path_) -> Any:
        if node.tag == TIMESTAMP_TAG:
            self.doc.unquoted_dates.add(path)
            return node.value
        if node.tag == INT_TAG and sum(c.isdigit() for c in node.value) > MAX_DIGITS:
            self._issue("yaml.number", path, node, value=f"{node.value[:12]}…", expected=MAX_DIGITS,
                        detail=sum(c.isdigit() for c in node.value))
            return None
        try:
            value = self.scalars.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            digits = len(node.value)
            self._issue("yaml.number", path, node, value=node.value[:12], expected=MAX_DIGITS, detail=digits)
            return None
        if node.tag == FLOAT_TAG and isinstance(value, float) and not math.isfinite(value):
            self._issue("yaml.not_finite", path, node, value=node.value[:12])
            return None
        return value

    def _issue(self, code: str, path: Path_, node, **values) -> None:
        self.doc.issues.append(
            Issue(code, path, node.start_mark.line + 1, node.start_mark.column + 1, values=values)
        )
