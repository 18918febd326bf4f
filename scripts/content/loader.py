"""Read every file under content/, check it against its schema, resolve ids.

:func:`check` returns the assembled content and the full list of problems; it
never raises on bad content (a broken file is reported and skipped).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from scripts.content import claims, html, kinds, placeholders, severity, supplied, usage, yamlio
from scripts.content.codes import validator_codes
from scripts.content.leaks import content_texts, forbidden
from scripts.content.problems import Problem, is_warning
from scripts.content.prose import blank
from scripts.content.refs import resolve
from scripts.content.schema import Ctx


@dataclass(frozen=True)
class Kind:
    pattern: str  # a file name or a glob under content/
    schema: object
    key: str  # where the data goes in the content dict
    required: tuple[str, ...] = ()  # for globs: files that must exist
    optional: bool = False  # a single file that may be absent


KINDS = (
    Kind("site.yaml", kinds.SITE, "site"),
    Kind("sources.yaml", kinds.SOURCES, "sources"),
    Kind("regions.yaml", kinds.REGIONS, "regions"),
    Kind("rules/*.yaml", kinds.RULES, "rules"),
    Kind("messages/*.yaml", kinds.MESSAGES, "messages"),
    Kind("guide/*.yaml", kinds.GUIDE, "guides", required=("national", "hubei")),
    Kind("faq.yaml", kinds.FAQ, "faq"),
    Kind("pathways/*.yaml", kinds.PATHWAY, "pathways"),
    Kind("materials.yaml", kinds.MATERIALS, "materials"),
    Kind("timeline.yaml", kinds.TIMELINE, "timeline"),
    Kind("changes.yaml", kinds.CHANGES, "changes"),
    Kind("labels.yaml", kinds.LABELS, "labels", optional=True),
)


class _Sink:
    def __init__(self):
        self.problems: list[Problem] = []
        self.unreadable = False  # a file could not be read: cross-file checks would only echo it

    def __call__(self, doc, code, path, **values):
        line = doc.line(path) if doc is not None else None
        column = None
        if doc is not None and tuple(path) in doc.positions:
            column = doc.positions[tuple(path)][1]
        self.problems.append(Problem(doc.file if doc else "", tuple(path), code, line, column, values))

    def missing(self, label: str, code: str, detail: str = "") -> None:
        self.problems.append(Problem(label, (), code, values={"detail": detail}))


MAX_TOTAL_BYTES = 8 << 20  # all of content/ (about 0.5 MB today)
KNOWN_EXTRA = frozenset({"finder.yaml", "tools.yaml"})  # other files under content/ the site reads
EXTRA_SCHEMAS = {"finder.yaml": kinds.FINDER, "tools.yaml": kinds.TOOLS}  # of those, the ones with a schema
FAR_FUTURE_YEARS = 2  # a since more than this many years after the cycle is probably a typo


def check(root: Path, codes_package: str | None = "validator") -> tuple[dict, list[Problem]]:
    """(content, problems); warnings (a stray file, a far-future date) are in content["warnings"]."""
    root = Path(root)
    sink = _Sink()
    total = sum(p.stat().st_size for p in root.rglob("*.yaml") if p.is_file())
    if total > MAX_TOTAL_BYTES:
        sink.problems.append(
            Problem("content/", (), "content.too_large", values={"value": total, "expected": MAX_TOTAL_BYTES})
        )
        return {"warnings": []}, sink.problems
    docs: dict[str, list] = {}
    ctxs: list[Ctx] = []
    for kind in KINDS:
        docs[kind.key] = []
        for path in _files(root, kind, sink):
            doc = _read(root, path, sink)
            if doc is None:
                continue
            ctx = Ctx(doc, sink, scope=path.stem)
            kind.schema.check(ctx, doc.data, ())
            html.check_doc(doc, sink)  # every string of every file, whatever its schema calls it
            ctxs.append(ctx)
            docs[kind.key].append((path, doc))
    extra = _extra_files(root, sink, ctxs)
    if sink.unreadable:
        # A file that cannot be read (encoding, syntax, a number that is not one) is the cause of
        # whatever its absence breaks elsewhere: report it (and each file's own schema problems),
        # not a hundred missing references that follow from it.
        return {"warnings": []}, sorted(sink.problems, key=Problem.sort_key)
    ids = resolve(ctxs, sink, absent=_absent(root))
    usage.check_unused(docs["rules"], sink)
    content = _assemble(docs, extra)
    content["skipped_modules"] = _check_codes(content, codes_package, sink) if codes_package else []
    if codes_package:
        _check_fields(docs["messages"], codes_package, sink)
    severity.check(content, sink)
    claims.check(content, sink)
    _check_leaks(content, sink)
    placeholders.check(content, ctxs, sink)
    if not content["pathways"] and docs["pathways"]:
        sink.missing("content/pathways", "pathway.none")
    _far_future(content, docs, sink)
    content["ids"] = ids
    content["files"] = sum(len(v) for v in docs.values()) + len(extra)
    placeholders.fill(content)  # the prose as pages and tools show it: parameter values written in
    problems = sorted(_without_follow_ons(sink.problems), key=Problem.sort_key)
    content["warnings"] = [p for p in problems if is_warning(p.code)]  # the build logs them, never stops
    return content, [p for p in problems if not is_warning(p.code)]


# Problems that follow from a parameter's own broken entry (a misspelt key, a value in K, a malformed
# date): the prose that writes the parameter in, and the related parameters' dates. An administrator's
# review saw one slip listed as eight problems, the real one seventh ("请把这些地方改成文字说明").
FOLLOW_ON_PREFIXES = ("placeholder.", "prose.", "related.", "order.")


def _without_follow_ons(problems: list[Problem]) -> list[Problem]:
    """The problems without those that only follow from an error in a parameter's own entry."""
    broken = {
        p.path[1]
        for p in problems
        if p.file.startswith("content/rules/")
        and len(p.path) >= 2
        and p.path[0] == "parameters"
        and not is_warning(p.code)
        and not p.code.startswith(FOLLOW_ON_PREFIXES)
    }

    def follows(p: Problem) -> bool:
        about = {p.values.get("key")} | ({p.values.get("value")} if p.code.startswith("related.") else set())
        return p.code.startswith(FOLLOW_ON_PREFIXES) and bool(about & broken)

    return [p for p in problems if not follows(p)]


def _far_future(content: dict, docs: dict, sink: _Sink) -> None:
    """A parameter value whose ``since`` lies more than FAR_FUTURE_YEARS after the cycle."""
    cycle = content["site"].get("cycle")
    if not isinstance(cycle, int):
        return
    for _, doc in docs["rules"]:
        for pid, spec in _dict(doc.data, "parameters").items():
            for where, values in _value_lists(spec):
                for i, entry in enumerate(values):
                    since = entry.get("since") if isinstance(entry, dict) else None
                    year = int(since[:4]) if isinstance(since, str) and since[:4].isdigit() else 0
                    if year > cycle + FAR_FUTURE_YEARS:
                        sink(
                            doc,
                            "date.far_future",
                            ("parameters", pid, *where, i, "since"),
                            value=since,
                            expected=cycle + FAR_FUTURE_YEARS,
                        )


def _value_lists(spec) -> list:
    if not isinstance(spec, dict):
        return []
    out = [(("values",), spec["values"])] if isinstance(spec.get("values"), list) else []
    for region, values in _dict(spec, "regions").items():
        if isinstance(values, list):
            out.append((("regions", region), values))
    return out


def _absent(root: Path) -> frozenset:
    ref_kinds = {"faq": "faq", "materials": "material", "sources": "source", "regions": "region"}
    absent = {
        ref_kinds.get(k.key, k.key) for k in KINDS if "*" not in k.pattern and not (root / k.pattern).exists()
    }
    absent |= {f"guide:{g}" for g in ("national", "hubei") if not (root / "guide" / f"{g}.yaml").exists()}
    if not list((root / "pathways").glob("*.yaml")):
        absent.add("pathway")
    if not list((root / "rules").glob("*.yaml")):
        absent.add("param")
    return frozenset(absent)


def _files(root: Path, kind: Kind, sink: _Sink) -> list[Path]:
    if "*" not in kind.pattern:
        path = root / kind.pattern
        if not path.exists():
            if kind.optional:
                return []
            sink.missing(f"content/{kind.pattern}", "file.missing")
            return []
        return [path]
    folder = kind.pattern.split("/")[0]
    files = sorted((root / folder).glob("*.yaml"))
    if not files and not kind.required:
        sink.missing(f"content/{folder}/", "file.missing_dir")
    for name in kind.required:
        if not (root / folder / f"{name}.yaml").exists():
            sink.missing(f"content/{folder}/{name}.yaml", "file.missing")
    return files


def _read(root: Path, path: Path, sink: _Sink):
    label = "content/" + path.relative_to(root).as_posix()
    doc = yamlio.read(path, label)
    for issue in doc.issues:
        sink.problems.append(Problem(label, issue.path, issue.code, issue.line, issue.column, issue.values))
    if not doc.ok:
        sink.unreadable = True
        return None
    if doc.data is None:
        sink(doc, "yaml.empty", ())
        return None
    for unquoted in sorted(doc.unquoted_dates, key=str):
        sink(doc, "date.unquoted", unquoted, value=_at(doc.data, unquoted))
    return doc


def _extra_files(root: Path, sink: _Sink, ctxs: list) -> dict:
    """Other YAML under content/: syntax and duplicate keys, and finder.yaml and tools.yaml their schemas
    (kinds.FINDER, kinds.TOOLS; their references are resolved with the rest: ``ctxs``)."""
    known = {k.pattern for k in KINDS if "*" not in k.pattern}
    folders = {k.pattern.split("/")[0] for k in KINDS if "*" in k.pattern}
    extra = {}
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        if rel in known or rel.split("/")[0] in folders:
            continue
        if rel not in KNOWN_EXTRA:
            sink.missing("content/" + rel, "content.unknown_file")
        doc = _read(root, path, sink)
        if doc is not None:
            html.check_doc(doc, sink)
            if rel in EXTRA_SCHEMAS:
                ctx = Ctx(doc, sink, scope=path.stem)
                EXTRA_SCHEMAS[rel].check(ctx, doc.data, ())
                ctxs.append(ctx)
            extra[path.stem] = doc.data
    return extra


def _at(data, path):
    for part in path:
        data = data[part]
    return data


def _dict_get(data, key):
    return data.get(key) if isinstance(data, dict) else None


def _dict(data, key):
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _list(data, key):
    value = data.get(key) if isinstance(data, dict) else None
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _texts(data) -> dict:
    return {str(k): v for k, v in _dict(data, "texts").items() if isinstance(v, str)}


def _assemble(docs: dict, extra: dict) -> dict:
    first = {key: (items[0][1].data if items else {}) for key, items in docs.items()}
    parameters: dict = {}
    rule_files = []
    for path, doc in docs["rules"]:
        params = _dict(doc.data, "parameters")
        parameters.update(params)
        rule_files.append(
            {
                "family": path.stem,
                "title": doc.data.get("title", path.stem) if isinstance(doc.data, dict) else path.stem,
                "description": doc.data.get("description", "") if isinstance(doc.data, dict) else "",
                "advice": _list(doc.data, "advice"),
                "official": _list(doc.data, "official"),
                "lines": _dict(doc.data, "lines"),
                "requirements_order": _dict_get(doc.data, "requirements_order"),
                "file": doc.file,
                "parameters": list(params),
            }
        )
    messages: dict = {}
    formats: dict = {}
    units: list = []
    message_files: dict = {}
    firm: dict = {}
    for _, doc in docs["messages"]:
        found = _dict(doc.data, "messages")
        messages.update(found)
        message_files.update({code: doc.file for code in found})
        formats.update(_dict(doc.data, "formats"))
        found_units = doc.data.get("units") if isinstance(doc.data, dict) else None
        units += [u for u in found_units or [] if isinstance(u, str) and u.strip()]
        for group, codes in _dict(doc.data, "firm").items():
            for code in codes if isinstance(codes, list) else []:
                firm.setdefault(str(code), []).append(group)
    guides = {path.stem: doc.data for path, doc in docs["guides"] if isinstance(doc.data, dict)}
    pathways = [doc.data for _, doc in docs["pathways"] if isinstance(doc.data, dict)]
    pathways.sort(key=lambda p: (p["order"] if isinstance(p.get("order"), int) else 0, str(p.get("id"))))
    return {
        "site": first["site"] if isinstance(first["site"], dict) else {},
        "sources": _list(first["sources"], "sources"),
        "regions": _list(first["regions"], "regions"),
        "profiles": _list(first["regions"], "profiles"),
        "areas": [a for a in (_dict_get(first["regions"], "areas") or []) if isinstance(a, str)],
        "region_texts": _texts(first["regions"]),
        "parameters": parameters,
        "rule_files": rule_files,
        "messages": messages,
        "message_files": message_files,
        "firm": firm,
        "formats": formats,
        "units": units,
        "guides": {k: guides[k] for k in sorted(guides, key=lambda g: (g != "national", g))},
        "faq": _list(first["faq"], "entries"),
        "pathways": pathways,
        "materials": _list(first["materials"], "materials"),
        "timeline": first["timeline"] if isinstance(first["timeline"], dict) else {},
        "changes": _list(first["changes"], "entries"),
        "labels": {str(k): v for k, v in _dict(first["labels"], "labels").items() if isinstance(v, str)},
        "extra": extra,
    }


def _check_leaks(content: dict, sink: _Sink) -> None:
    """Candidate-facing texts in rules, messages and sources name no parameter key, source id or term."""
    tokens = forbidden(content)
    for file, path, text in content_texts(content):
        for leak in tokens.find(blank(text) if isinstance(text, str) else text):
            values = {"value": leak.token, "detail": leak.kind_name}
            sink.problems.append(Problem(file, tuple(path), "text.internal", values=values))


def _check_codes(content: dict, package: str, sink: _Sink) -> list[str]:
    """Report codes without a message; return the modules that could not be imported."""
    found, skipped = validator_codes(package)
    reported: set[str] = set()
    for module, file, code in found:
        if code not in content["messages"] and code not in reported:
            reported.add(code)
            values = {"value": code, "detail": module}
            sink.problems.append(Problem(file, (), "message.missing", values=values))
    return skipped


def _check_fields(message_docs: list, package: str, sink: _Sink) -> None:
    """A ``{name}`` in a message's texts that the validator never gives that code would reach candidates
    as a blank (scripts/content/supplied.py reads what each code is given; a title is never filled)."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return
    if spec is None or not spec.submodule_search_locations:
        return
    folder = Path(next(iter(spec.submodule_search_locations)))
    for _, doc in message_docs:
        for code, message in _dict(doc.data, "messages").items():
            if isinstance(message, dict):
                _message_fields(doc, str(code), message, supplied.supplied(str(code), folder), sink)


def _message_fields(doc, code: str, message: dict, given: frozenset | None, sink: _Sink) -> None:
    for key in ("title", "message", "fix", "fix_page"):
        text = message.get(key)
        if not isinstance(text, str) or (given is None and key != "title"):
            continue  # an open code (supplied.OPEN): its placeholders cannot be checked
        available = frozenset() if key == "title" or given is None else given
        for name in supplied.fields(text):
            if name in available:
                continue
            problem = "message.field" if available else "message.field_none"
            shown = "、".join(f"{{{n}}}" for n in sorted(available))
            values = {"key": key, "value": name, "result": code, "expected": shown}
            sink(doc, "message.field_title" if key == "title" else problem, ("messages", code, key), **values)
