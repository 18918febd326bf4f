"""Which placeholders each message's code is given: a ``{name}`` nothing supplies would reach candidates.

A message's ``message``, ``fix`` and ``fix_page`` are filled with the values the validator passes where
it reports the code (``report.add("photo.size.too_large", "fail", measured=…, bound=…)``, an eligibility
reason ``("eligibility.reason.years_short", {"years": …})``, ``result.no(code, major=…)``); a ``title``
is shown as written, never filled. Nothing declares the values apart from those calls, so the check reads
them from the validator's source (``ast``; nothing is run):

* a call whose first argument is a code: a literal, an f-string or ``"photo.background." + hue`` (every
  code of that shape), or a name assigned in the same function or module (every code its assignments can
  give: ``code = "a" if … else "b"``, a loop over a table of codes);
* the values are the call's keyword names (not ``Report.add``'s own ``param`` and ``value``), and the keys
  of a ``**words`` (or a reason's dict) that is written out: a dict literal, ``dict(a=…)``, a name
  assigned one, or a call of a package function that returns one (``_limit_words(ctx)``);
* a code is given the names of every place it is reported (a name one place leaves out is filled with
  nothing there at run time: validator.ruleset ``_fill``);
* a code reported with a ``**`` the source does not spell out, or nowhere the check can read, is *open*
  (:func:`supplied` gives ``None``): its placeholders are not checked. Today that is the two bridge
  codes, which have none.
"""

from __future__ import annotations

import ast
import re
import string
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OWN = ("param", "value", "severity")  # Report.add's keywords that are not the message's values
OPEN = None
SHAPES = (ast.Constant, ast.JoinedStr, ast.BinOp, ast.Name)  # how a call's first argument names a code
ANY = r"[\w.]+"
CODE_START = re.compile(r"[a-z]\w*\\\.")  # a pattern that starts with a family: photo\.


class _Module:
    """One source file: its tree and its functions by name (methods too), to follow a name or a call."""

    def __init__(self, tree: ast.Module, index: dict):
        self.tree = tree
        self.index = index  # function name -> definitions, over the whole package
        self.assignments: dict[int, dict] = {}  # id(scope) -> name -> expressions assigned


def _strings(mod: _Module, func: ast.AST, node: ast.AST, depth: int = 0) -> list[str | re.Pattern]:
    """The codes an expression can be: literals, f-strings and ``"prefix." + name`` as patterns, and what
    a name is assigned in the function or the module (a loop over a table of codes)."""
    if depth > 3:
        return []
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, ast.JoinedStr | ast.BinOp):
        pattern = _pattern(node)
        # a code's shape: a literal family first ("photo.background." + hue), one wildcard per gap
        pattern = pattern and re.sub(r"(?:\[\\w\.\]\+)+", lambda m: ANY, pattern)
        return [re.compile(pattern)] if pattern and CODE_START.match(pattern) else []
    if isinstance(node, ast.Name):
        return [s for value in _assigned(mod, func, node.id) for s in _strings(mod, func, value, depth + 1)]
    if isinstance(node, ast.IfExp):
        return _strings(mod, func, node.body, depth) + _strings(mod, func, node.orelse, depth)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):  # a table of codes looped over
        return [s for elt in node.elts for s in _strings(mod, func, elt, depth)]
    return []


def _pattern(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(_pattern(v) or r"[\w.]+" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _pattern(node.left), _pattern(node.right)
        return None if left is None and right is None else (left or r"[\w.]+") + (right or r"[\w.]+")
    return None


def _assigned(mod: _Module, func: ast.AST, name: str) -> list[ast.AST]:
    """The expressions assigned to ``name`` in ``func`` (assignments, loop targets), else in the module."""
    for scope in (func, mod.tree):
        found = _assignments(mod, scope).get(name)
        if found:
            return found
    return []


def _assignments(mod: _Module, scope: ast.AST) -> dict[str, list[ast.AST]]:
    if id(scope) not in mod.assignments:
        found: dict[str, list[ast.AST]] = {}
        for node in ast.walk(scope):
            for name, value in _bound(node):
                found.setdefault(name, []).append(value)
        mod.assignments[id(scope)] = found
    return mod.assignments[id(scope)]


def _bound(node: ast.AST) -> list[tuple[str, ast.AST]]:
    """(name, expression) for each name a statement binds: ``a = …``, ``a, b = x, "code"``, ``for a in …``."""
    if isinstance(node, ast.Assign):
        out: list[tuple[str, ast.AST]] = []
        for target in node.targets:
            if isinstance(target, ast.Name):
                out.append((target.id, node.value))
            elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                pairs = zip(target.elts, node.value.elts, strict=False)
                out.extend((one.id, value) for one, value in pairs if isinstance(one, ast.Name))
        return out
    if isinstance(node, ast.AnnAssign | ast.NamedExpr) and isinstance(node.target, ast.Name) and node.value:
        return [(node.target.id, node.value)]
    if isinstance(node, ast.For | ast.comprehension):
        return [(n.id, node.iter) for n in ast.walk(node.target) if isinstance(n, ast.Name)]
    return []


def _dict_keys(mod: _Module, func: ast.AST, node: ast.AST, depth: int = 0) -> set[str] | None:
    """The keys a dict can have: written out (``{"a": 1}``, ``dict(a=1)``, ``{**other, "a": 1}``), a name
    assigned one, or a call of a function of the package that returns one; None when not readable."""
    if depth > 3:
        return None
    if isinstance(node, ast.Dict):
        keys: set[str] = set()
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:  # {**other}
                inner = _dict_keys(mod, func, value, depth + 1)
                if inner is None:
                    return None
                keys |= inner
            elif isinstance(key, ast.Constant) and isinstance(key.value, str):
                keys.add(key.value)
            else:
                return None
        return keys
    if isinstance(node, ast.Name):
        values = _assigned(mod, func, node.id)
        return _union([_dict_keys(mod, func, v, depth + 1) for v in values]) if values else None
    if isinstance(node, ast.Call):
        callee = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if callee == "dict" and not node.args:
            names = [k.arg for k in node.keywords]
            return None if None in names else set(names)  # type: ignore[arg-type]
        defs = mod.index.get(callee, [])
        returns = [(d, r.value) for d in defs for r in ast.walk(d) if isinstance(r, ast.Return) and r.value]
        return _union([_dict_keys(mod, d, v, depth + 1) for d, v in returns]) if returns else None
    return None


def _union(parts: list[set[str] | None]) -> set[str] | None:
    if any(p is None for p in parts):
        return None
    return set().union(*parts)  # type: ignore[arg-type]


@lru_cache(maxsize=4)
def calls(package: Path = ROOT / "validator") -> tuple:
    """Every place the validator names a code with its values: (code or pattern, names given or None,
    file, line). Any call whose first argument is a code counts (``report.add``, ``result.no``,
    ``render_message``); ``report.add`` gives ``measured`` and ``expected`` besides its keywords."""
    trees = []
    for path in sorted(package.rglob("*.py")):
        try:
            trees.append((path, ast.parse(path.read_text(encoding="utf-8"))))
        except (OSError, SyntaxError, UnicodeDecodeError):
            continue
    index: dict[str, list] = {}
    for _path, tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                index.setdefault(node.name, []).append(node)
    found: list[tuple] = []
    for path, tree in trees:
        mod = _Module(tree, index)
        todo: list[tuple[ast.AST, ast.AST]] = [(tree, tree)]  # (node, the function it is in)
        while todo:
            node, func = todo.pop()
            found.extend(_reports(mod, func, node, path))
            inner = node if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else func
            todo.extend((child, inner) for child in ast.iter_child_nodes(node))
    return tuple(found)


def _reports(mod: _Module, func: ast.AST, node: ast.AST, path: Path) -> list[tuple]:
    out: list[tuple] = []
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], SHAPES):
        names: set[str] | None = set()
        for kw in node.keywords:
            more = {kw.arg} if kw.arg is not None else _dict_keys(mod, func, kw.value)
            names = None if more is None or names is None else names | more
        if names is not None and getattr(node.func, "attr", "") == "add":
            names -= set(OWN)  # Report.add's own: not passed to the message
        for code in _strings(mod, func, node.args[0]):
            out.append((code, None if names is None else frozenset(names), path, node.lineno))
    elif isinstance(node, ast.Tuple) and len(node.elts) == 2:  # an eligibility reason ("code", {values})
        code, values = node.elts
        if isinstance(code, ast.Constant | ast.JoinedStr) and not isinstance(values, ast.Constant):
            keys = _dict_keys(mod, func, values)
            for one in _strings(mod, func, code):
                out.append((one, None if keys is None else frozenset(keys), path, node.lineno))
    return out


def supplied(code: str, package: Path = ROOT / "validator") -> frozenset | None:
    """The names the validator gives ``code``'s message; None: open (a ``**`` not spelled out, or the code
    is reported nowhere the check can read), so its placeholders are not checked."""
    exact, patterns = _by_code(package)
    given = exact.get(code, []) + [names for pattern, names in patterns if pattern.fullmatch(code)]
    if not given or any(names is OPEN for names in given):
        return OPEN
    return frozenset().union(*given)


@lru_cache(maxsize=4)
def _by_code(package: Path) -> tuple[dict, list]:
    exact: dict[str, list] = {}
    patterns: list[tuple[re.Pattern, frozenset | None]] = []
    for pattern, given, _path, _line in calls(package):
        if isinstance(pattern, str):
            exact.setdefault(pattern, []).append(given)
        else:
            patterns.append((pattern, given))
    return exact, patterns


def fields(text: str) -> list[str]:
    """The names of a text's ``{name}`` fields, in order, once each (``{{`` is a literal brace; a text
    whose braces do not pair is value.format's problem, not this one)."""
    out: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return out
    for _literal, field, _spec, _conversion in parsed:
        if field is None:
            continue
        name = re.split(r"[.\[]", field, maxsplit=1)[0]
        if name not in out:
            out.append(name)
    return out
