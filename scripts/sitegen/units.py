"""A number and its unit on one line: every "number + unit" in a page's text is wrapped in
``<span class="yk-nw">`` (``white-space: nowrap`` in docs/assets/site.css), run on each rendered page
(MkDocs ``on_page_content``).

A no-break space between the number and the unit is not enough: a phone still broke a two-character unit
between its own characters ("30,720 字｜节", "45 毫｜米", "3 个｜月"), and a number written by hand in the
prose ("近 6 个月", "2021 年") had no no-break space at all. The units are data: ``units`` in
content/messages/_format.yaml. The tool pages' scripts hold the text they write the same way
(docs/assets/js/tools/dom.js ``held``, the same pattern).

A number is digits with "," or "." inside ("30,720", "28.3") and may be a size "150×200"; it is not a number
when it follows a Latin letter, a digit, "_", "." or "," ("P25", "v1.2", "§二.7" keep theirs); one space or
no-break space may stand between it and the unit; the longest unit is taken ("3 个月", not "3 个"). Only text
is changed: tags, attributes, and the text of ``code``, ``pre``, ``script``, ``style``, ``textarea``,
``title``, ``option``, ``kbd``, ``svg`` and ``math`` elements stay as they are.
"""

from __future__ import annotations

import re

CLASS = "yk-nw"
SKIP = frozenset({"code", "pre", "script", "style", "textarea", "title", "option", "kbd", "svg", "math"})
PIECES = re.compile(r"""(<!--.*?-->|<(?:[^>"']|"[^"]*"|'[^']*')*>)""", re.S)  # a quoted ">" stays in its tag
TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)")


BEFORE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.,")


def compile_units(units: list[str]) -> re.Pattern:
    """Group 1 the number, group 2 the space (or none), group 3 the unit (the longest first)."""
    if not units:
        return re.compile(r"(?!)()()()")
    alternatives = "|".join(re.escape(u) for u in sorted(set(units), key=lambda u: (-len(u), u)))
    return re.compile(rf"(\d(?:[\d,.]*\d)?(?:×\d(?:[\d,.]*\d)?)?)([ \u00a0]|&nbsp;|&#160;)?({alternatives})")


def hold_text(text: str, pattern: re.Pattern) -> str:
    """HTML text (no tags) with each number + unit wrapped in the nowrap span."""

    def wrap(m: re.Match) -> str:
        if m.start() and text[m.start() - 1] in BEFORE:  # "P25 年": not a number of its own
            return m.group(0)
        return f'<span class="{CLASS}">{m.group(0)}</span>'

    return pattern.sub(wrap, text)


def hold(html: str, units: list[str] | re.Pattern) -> str:
    """A page's HTML with every number + unit in its text held on one line."""
    pattern = units if isinstance(units, re.Pattern) else compile_units(units)
    out = []
    skipping: list[str] = []  # open elements whose text stays as written
    for piece in PIECES.split(html):
        if not piece:
            continue
        if piece.startswith("<"):
            out.append(piece)
            tag = TAG_NAME.match(piece)
            if not tag or piece.startswith("<!"):
                continue
            closing, name = tag.group(1), tag.group(2).lower()
            if name not in SKIP:
                continue
            if closing:
                if name in skipping:
                    del skipping[len(skipping) - 1 - skipping[::-1].index(name) :]
            elif not piece.rstrip().endswith("/>"):  # no element of SKIP is a void one
                skipping.append(name)
            continue
        out.append(piece if skipping else hold_text(piece, pattern))
    return "".join(out)
