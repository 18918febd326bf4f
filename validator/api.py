"""One entry point for every host: the CLI, the browser bridge and the test vectors.

``run(op, request, data=None, pixels=None, rules=None)`` returns a plain dict
(the report). Hosts decode pixels themselves (Pillow on CPython, the browser's
decoder under Pyodide) and pass them as :class:`validator.pixels.Image`.

Request keys common to every op: ``region`` (default ``national``) and
``as_of`` (``YYYY-MM-DD``, required: rules never read the clock).
"""

from __future__ import annotations

from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING

from validator.context import Context
from validator.ruleset import RuleSet, load_default

if TYPE_CHECKING:
    from validator.fileinfo.source import Source

# op name -> "module:function"; each function takes (request, ctx, data, pixels) and returns a Report.
OPS = {
    "photo": "validator.photo:run_request",
    "scan": "validator.scan:run_request",
    "field": "validator.fields:run_request",
    "probation": "validator.probation:run_request",
    "eligibility": "validator.eligibility:run_request",
    "fileinfo": "validator.fileinfo:run_request",
    "fix": "validator.fixplan:run_request",
}


def make_context(request: dict, rules: RuleSet | None = None) -> Context:
    rules = rules or load_default()
    as_of = request.get("as_of")
    if not as_of:
        raise ValueError("request needs as_of (YYYY-MM-DD)")
    region = request.get("region") or "national"
    if region not in rules.regions:
        raise ValueError(f"unknown region {region!r}")
    return Context(rules=rules, as_of=date.fromisoformat(as_of), region=region)


def run(
    op: str, request: dict, data: bytes | Source | None = None, pixels=None, rules: RuleSet | None = None
) -> dict:
    """``data``: the file's bytes, or a :class:`Source` the checks read in parts (the CLI's open file)."""
    try:
        target = OPS[op]
    except KeyError:
        raise ValueError(f"unknown op {op!r}; known: {', '.join(sorted(OPS))}") from None
    ctx = make_context(request, rules)
    module_name, func_name = target.split(":")
    func = getattr(import_module(module_name), func_name)
    return func(request, ctx, data, pixels).to_dict()
