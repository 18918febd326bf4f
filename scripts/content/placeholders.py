"""Parameter values in prose: placeholders the build fills, and hand-written numbers the check refuses.

Prose that states a parameter's value writes it as a placeholder, so a new dated value changes the prose
too (content/README.md, “文字里的参数取值”):

* ``{photo.max_bytes:K}`` → ``30K``; the forms and their units are :data:`FORMS` (the words around the
  number come from content/messages/_format.yaml, ``value.*``, and the validator's formatter);
* ``{=40k}`` → ``40k``: a number quoted on purpose (another year's rule, another system's, a source's own
  wording); shown as written and never compared.

A placeholder shows the value in force during the site's cycle (site.yaml ``cycle_start`` – ``cycle_end``);
a value that starts inside the cycle follows with its date (``value.change``), as on /requirements/.

The check (``make check-content``) covers the texts a candidate reads in prose (:data:`PROSE`, and a rule
family's ``description``, ``official`` and ``advice``; a parameter's own description and each value's note
describe that parameter or that dated value and keep their numbers):

* ``placeholder.param`` / ``placeholder.form`` / ``placeholder.value``: a placeholder names no parameter,
  a form its unit has not, or a value in the cycle that is not a number;
* ``prose.literal``: a byte size (``30K``, ``30 KB``, ``200k``, ``30,720 字节``, a range's first number too)
  or a pixel count (``190 像素``, ``宽 190``) written by hand that equals a value in the cycle of a
  parameter in bytes or pixels: write the placeholder;
* ``prose.stale``: one that equals only an earlier or later value of such a parameter: the prose
  contradicts the value in force.

The comparison is with the national values (``values``); a 考区's own list is not compared.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from scripts.content.problems import Problem, show
from scripts.content.problems import text as catalog_text
from scripts.content.prose import PLACEHOLDER, PROSE_FILES, VERBATIM, _texts, blank
from scripts.content.schema import nearest
from scripts.content.severity import in_force
from validator import formatting

RULE_PROSE = ("description", "official", "advice")  # a rule family's texts checked and filled
NUMERIC = ("bytes", "px", "number", "days", "months", "percent")
# form -> the units it may write; "" is the plain number (thousands grouped)
FORMS = {
    "": NUMERIC,
    "K": ("bytes",),  # 30K: bytes ÷ 1024, one decimal at most (format value.K)
    "k": ("bytes",),  # 200k (value.k): the upload module's own spelling
    "KB": ("bytes",),  # 30 KB (value.KB)
    "bytes": ("bytes",),  # 30,720 字节 (size.bytes)
    "size": ("bytes",),  # 30 KB（30,720 字节） (the size formatter)
}
CHECKED_UNITS = ("bytes", "px")
FILLED_SPACE = re.compile(PLACEHOLDER.pattern + " ")  # a placeholder and the space after it
_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
SIZE = re.compile(rf"(?<![\d.,A-Za-z]){_NUM}\s*(KB|kB|Kb|kb|K|k|MB|mb|字节)(?![A-Za-z])")
PIXELS = re.compile(r"(?<![\d.])(\d+)\s*(?:[×xX*]\s*(\d+)\s*)?(?:像素|px)")
# 宽 190、高不低于 254: a side's number (not one in millimetres or inches)
SIDE = re.compile(
    r"[宽高]\s*(?:度)?\s*(?:不低于|不小于|不少于|不能低于|至少|为|是)?\s*(\d+)(?![\d.]|\s*(?:毫米|厘米|mm|cm|寸|[.．]))"
)
RATE = re.compile(r"每(?:英寸|厘米|毫米)?\s*$")
RANGE_START = re.compile(rf"{_NUM}\s*(?:[–—~～-]|到|至)\s*$")
# a size's spelling -> (how it is compared, the placeholder form that writes it the same way)
SIZE_UNITS = {
    "K": ("K", "K"), "k": ("K", "k"), "KB": ("K", "KB"), "kB": ("K", "KB"), "Kb": ("K", "KB"),
    "kb": ("K", "KB"), "MB": ("MB", "size"), "mb": ("MB", "size"), "字节": ("字节", "bytes"),
}  # fmt: skip
BASES = {"K": (1000, 1024), "MB": (1000**2, 1024**2), "字节": (1,), "px": (1,)}


# ------------------------------------------------------------------------------------------- filling
def fill(content: dict) -> None:
    """Replace every placeholder in the prose of ``content`` (checked content: every placeholder resolves)."""
    writer = Writer(content)
    for key in ("faq", "guides", "pathways", "materials", "timeline", "regions", "profiles", "region_texts"):
        if key in content:
            content[key] = _filled(content[key], writer)
    for family in content.get("rule_files", []):
        for key in RULE_PROSE:
            if key in family:
                family[key] = _filled(family[key], writer)


def _filled(data, writer: Writer):
    if isinstance(data, str):
        return writer.fill(data)
    if isinstance(data, list):
        data[:] = [_filled(item, writer) for item in data]
    elif isinstance(data, dict):
        for key, value in data.items():
            data[key] = _filled(value, writer)
    return data


class Writer:
    """Writes a parameter's value in the cycle in one of :data:`FORMS`."""

    def __init__(self, content: dict):
        self.params = content.get("parameters", {})
        self.formats = content.get("formats", {})
        site = content.get("site", {})
        self.start, self.end = str(site.get("cycle_start", "")), str(site.get("cycle_end", ""))

    def fill(self, text: str) -> str:
        if "{" not in text:
            return text
        text = FILLED_SPACE.sub(lambda m: self._spaced(m), text)
        text = PLACEHOLDER.sub(lambda m: self.placeholder(m.group(1), m.group(2) or ""), text)
        return VERBATIM.sub(lambda m: m.group(1), text)

    def _spaced(self, m: re.Match) -> str:
        """A placeholder followed by a space: the space stays (“30K 准备”, “190 像素”: a page keeps the number
        and its unit on one line, scripts/sitegen/units.py), and goes after a value that ends in a full-width
        bracket (“30K（2027-03-01 起为 50K）准备”)."""
        filled = self.placeholder(m.group(1), m.group(2) or "")
        return filled if filled.endswith("）") else filled + " "

    def in_cycle(self, pid: str) -> list[tuple[str, object]]:
        """(since, value) of every national value in force on some day of the cycle, oldest first."""
        values = [e for e in self.params[pid].get("values") or [] if isinstance(e, dict)]
        if not values:
            return []
        first = in_force(values, self.start)
        later = [e for e in values if e is not first and self.start < str(e.get("since")) <= self.end]
        return [(str(e.get("since")), e.get("value")) for e in [first, *later]]

    def placeholder(self, pid: str, form: str) -> str:
        """The value(s) in the cycle as ``form`` writes them (one the check refuses stays as it is)."""
        if not self.fillable(pid, form):
            return _placeholder(pid, form)
        shown = [(since, self.number(value, form)) for since, value in self.in_cycle(pid)]
        text = shown[0][1]
        for since, value in shown[1:]:
            text = self.formats["value.change"].format(value=text, since=since, new=value)
        return text

    def fillable(self, pid: str, form: str) -> bool:
        spec = self.params.get(pid)
        if not isinstance(spec, dict) or spec.get("unit") not in FORMS.get(form, ()):
            return False
        values = self.in_cycle(pid)
        needed = [f"value.{form}"] if form in ("K", "k", "KB") else []
        needed += ["value.change"] if len(values) > 1 else []
        numbers = all(_is_number(v) for _, v in values)
        return bool(values) and numbers and all(k in self.formats for k in needed)

    def number(self, n, form: str) -> str:
        sep = self.formats.get("number.group", ",")
        if form in ("K", "k", "KB"):
            return self.formats[f"value.{form}"].format(k=formatting.tenths(n, formatting.KIB, sep))
        if form == "bytes":
            return formatting.byte_count(self.formats, n)
        if form == "size":
            return formatting.size(self.formats, n)
        return formatting.grouped(n, sep) if isinstance(n, int) else str(n)


# ------------------------------------------------------------------------------- hand-written pages
def page(content: dict, file: str, text: str, path: tuple = ()) -> tuple[str, list[Problem]]:
    """A hand-written page (docs/, not the admin pages): its text with the placeholders filled as in content
    prose, and its problems (the same checks: a placeholder that cannot be filled, a byte size or pixel count
    written by hand that is a parameter's value), each with its line in ``file`` (``path``: the front-matter
    key the text is, when it is one)."""
    writer = Writer(content)
    problems: list[Problem] = []

    def report(_doc, code: str, _path, _line: int | None = None, **values) -> None:
        # a front-matter value is named by its key: a line of the value is not a line of the file
        line = None if path else _line or _first_line(text, str(values.get("value", "")))
        problems.append(Problem(file, path, code, line=line, values=values))

    seen: dict[tuple, list] = {}
    _check_placeholders(None, (), text, writer, seen)
    for (code, _), (_doc, _path, values, count) in seen.items():
        report(None, code, (), **values, count=count)
    limits = _limits(writer)
    for number, line in enumerate(text.splitlines(), 1):  # every place, each with its line
        for literal in literals(blank(line)):
            _check_literal(None, (), literal, limits, writer, _at(report, number))
    return writer.fill(text), problems


def _at(report, line: int):
    def at_line(doc, code: str, path, **values) -> None:
        report(doc, code, path, **values, _line=line)

    return at_line


def _first_line(text: str, written: str) -> int | None:
    at = text.find(written) if written else -1
    return text.count("\n", 0, at) + 1 if at >= 0 else None


# ------------------------------------------------------------------------------------------- checking
def check(content: dict, ctxs: list, report) -> None:
    """Report placeholders that cannot be filled and byte or pixel numbers written by hand (see above)."""
    writer = Writer(content)
    limits = _limits(writer)
    seen: dict[tuple, list] = {}  # (code, id) -> [place, count]: one cause, one problem
    for ctx in ctxs:
        for path, text in _prose(ctx.doc):
            _check_placeholders(ctx.doc, path, text, writer, seen)
            for literal in literals(blank(text)):
                _check_literal(ctx.doc, path, literal, limits, writer, report)
    for (code, _), (doc, path, values, count) in seen.items():
        report(doc, code, path, **values, count=count)


def _prose(doc):
    """(key path, text) of the prose of one content file."""
    name = doc.file.removeprefix("content/")
    if name.startswith(PROSE_FILES):
        yield from _texts(doc.data, ())
    elif name.startswith("rules/") and isinstance(doc.data, dict):
        for key in RULE_PROSE:
            if key in doc.data:
                yield from _texts(doc.data[key], (key,))


def _check_placeholders(doc, path: tuple, text: str, writer: Writer, seen: dict) -> None:
    """Placeholders that cannot be filled, kept once per parameter with how many places name it: a renamed or
    broken parameter is one problem at its first place, not one per sentence."""

    def note(code: str, pid: str, **values) -> None:
        if (code, pid) in seen:
            seen[(code, pid)][3] += 1
        else:
            seen[(code, pid)] = [doc, path, values, 1]

    for match in PLACEHOLDER.finditer(text):
        pid, form = match.group(1), match.group(2) or ""
        spec = writer.params.get(pid)
        if not isinstance(spec, dict):
            note("placeholder.param", pid, value=match.group(0), key=pid, near=nearest(pid, writer.params))
            continue
        unit = str(spec.get("unit"))
        if unit not in FORMS.get(form, ()):
            usable = [_placeholder(pid, f) for f, units in FORMS.items() if unit in units]
            note(
                "placeholder.form",
                f"{pid}:{form}",
                value=match.group(0),
                detail=form,
                expected=unit,
                limit="、".join(usable),
            )
            continue
        if not writer.in_cycle(pid):
            note("placeholder.none", pid, value=match.group(0), key=pid)
            continue
        odd = [v for _, v in writer.in_cycle(pid) if not _is_number(v)]
        if odd:
            note("placeholder.value", pid, value=match.group(0), key=pid, detail=show(odd[0]))


class Literal(NamedTuple):
    written: str  # as the text has it (quoted in the problem; ``{=…}`` around it keeps it)
    number: float
    unit: str  # K | MB | 字节 | px: how the number is compared (:data:`BASES`)
    form: str  # the placeholder form that writes it the same way (:data:`FORMS`)


def literals(text: str) -> list[Literal]:
    """Every byte size and pixel count written in ``text`` (a range's first number with its unit)."""
    found = []
    for match in SIZE.finditer(text):
        unit, form = SIZE_UNITS[match.group(2)]
        found.append(Literal(match.group(0).strip(), _float(match.group(1)), unit, form))
        start = RANGE_START.search(text[: match.start()])
        if start:  # 100–500KB, 30000 到 30719 字节
            found.append(Literal(start.group(1), _float(start.group(1)), unit, form))
    for match in PIXELS.finditer(text):
        if RATE.search(text[: match.start()]):
            continue  # 每英寸 300 像素: a density, not a size
        found += [Literal(match.group(0).strip(), float(n), "px", "") for n in match.groups() if n]
    found += [Literal(m.group(0).strip(), float(m.group(1)), "px", "") for m in SIDE.finditer(text)]
    return list({(lit.number, lit.unit): lit for lit in reversed(found)}.values())[::-1]  # one per number


def _limits(writer: Writer) -> list[tuple[str, str, list, list]]:
    """(id, unit, values in the cycle, other values) of every parameter in bytes or pixels."""
    out = []
    for pid, spec in writer.params.items():
        if not isinstance(spec, dict) or spec.get("unit") not in CHECKED_UNITS:
            continue
        current = [v for _, v in writer.in_cycle(pid) if _is_number(v)]
        values = [e for e in spec.get("values") or [] if isinstance(e, dict)]
        other = [(str(e.get("since")), e["value"]) for e in values
                 if _is_number(e.get("value")) and e["value"] not in current]  # fmt: skip
        out.append((pid, spec["unit"], current, other))
    return out


def _check_literal(doc, path: tuple, literal: Literal, limits: list, writer: Writer, report) -> None:
    wanted = "px" if literal.unit == "px" else "bytes"
    mine = [(pid, current, other) for pid, unit, current, other in limits if unit == wanted]

    def said(code: str, pid: str, **values) -> None:
        label = writer.params[pid].get("label", "")
        report(doc, code, path, value=literal.written, key=pid, label=label, **values)

    # every parameter the number is a value of in the cycle, not the first one found (two limits of one size
    # are two placeholders to choose from)
    equal = [pid for pid, current, _ in mine if any(_equals(v, literal) for v in current)]
    if equal:
        report(
            doc,
            "prose.literal",
            path,
            value=literal.written,
            key=" / ".join(equal),
            label=" / ".join(writer.params[p].get("label", "") for p in equal),
            expected=" / ".join(_placeholder(p, literal.form) for p in equal),
            choose=catalog_text("prose_choose") if len(equal) > 1 else "",
        )
        return
    for pid, current, other in mine:
        old = [since for since, v in other if _equals(v, literal)]
        if old and current:
            said("prose.stale", pid, expected=writer.placeholder(pid, literal.form), detail=old[0],
                 placeholder=_placeholder(pid, literal.form))  # fmt: skip
            return


def _placeholder(pid: str, form: str) -> str:
    return f"{{{pid}:{form}}}" if form else f"{{{pid}}}"


def _equals(value, literal: Literal) -> bool:
    """Whether the literal says ``value`` (in K or MB: with either 1K, to the one decimal written)."""
    return any(abs(value / base - literal.number) < 0.05 for base in BASES[literal.unit])


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _float(text: str) -> float:
    return float(text.replace(",", ""))
