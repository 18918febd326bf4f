"""Every tool the site's text names is a link: the official tools a page names (content/tools.yaml ``named``:
the forms a text writes them in, and the guide's section that says where to get them) become a link to
that section, run on each rendered page (MkDocs ``on_page_content``), after the links an author wrote.

A phone review read "上传前仍须用官方“医考报名照片检测工具”处理照片" with no way to learn
where that tool is (it is downloaded from the national system's photo page, which has no public address:
the guide's section says so). Linking every mention would underline half of the photo guide, so the first
mention of a thing in each section (from one heading to the next) is linked; on the page the link leads
to, the chapter (h2) that holds its section links none (the section is a few lines away). The tools'
pages link what their scripts write the same way (docs/assets/js/tools/dom.js ``named``).

Only text is changed, as in units.py: never inside a link, a heading, a ``summary``, a button or a label,
the citation blocks (class ``yk-meta``: a source's title such as "照片检测工具说明（转载）" names the
source, not the tool), a box's title (``admonition-title``: its text below says it in full), code, scripts
and the like.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html import escape

from scripts.sitegen.units import PIECES, TAG_NAME

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
SKIP = frozenset(
    {"a", "summary", "button", "label", "code", "pre", "script", "style", "textarea", "title", "option",
     "kbd", "svg", "math", "nav", "template"}
) | HEADINGS
# citations; a box's title (the text below it says it in full)
SKIP_CLASSES = frozenset({"yk-meta", "admonition-title"})
ID = re.compile(r"""\sid\s*=\s*["']([^"']+)["']""")
CLASS = re.compile(r"""\sclass\s*=\s*["']([^"']*)["']""")
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


@dataclass(frozen=True)
class Named:
    """One named thing: its key in content/tools.yaml, the forms a text writes it in, and where it leads
    (a page source under docs/, e.g. ``guide/national.md``, and an anchor on it)."""

    key: str
    names: tuple[str, ...]
    page: str
    anchor: str = ""


def from_content(tools: dict) -> list[Named]:
    """content/tools.yaml's ``named`` (checked by the content schema: ``see`` is a guide section,
    ``<guide id>#<section or step id>``) as Named."""
    out = []
    for key, spec in ((tools or {}).get("named") or {}).items():
        names = tuple(sorted({str(n) for n in spec.get("names", []) if n}, key=lambda n: (-len(n), n)))
        guide, _, anchor = str(spec.get("see") or "").partition("#")
        if names and guide:
            out.append(Named(str(key), names, f"guide/{guide}.md", anchor))
    return out


def page_url(src: str) -> str:
    """A page source's address from the site's root: ``guide/national.md`` -> ``guide/national/``."""
    src = src.removesuffix(".md")
    if src == "index" or src.endswith("/index"):
        return src.removesuffix("index")
    return src + "/"


def href(thing: Named, from_url: str) -> str:
    """The link from the page at ``from_url`` (its address from the root, "" for the home page)."""
    to = page_url(thing.page)
    if to == from_url:
        target = ""
    else:
        target = posixpath.relpath(to or ".", from_url or ".") + "/"
        target = "" if target == "./" else target
    return f"{target}#{thing.anchor}" if thing.anchor else (target or "./")


def link_names(html: str, things: list[Named], from_url: str) -> str:
    """A page's HTML with the first mention of each named thing in each section linked."""
    if not things:
        return html
    linker = _Linker(things, from_url)
    linker.around = _chapters(html, [t for t in things if t.key in linker.here])
    return "".join(linker.tag(piece) if piece.startswith("<") else linker.text(piece)
                   for piece in PIECES.split(html) if piece)


HEADING = re.compile(r"<h([1-6])\b[^>]*?\sid\s*=\s*[\"']([^\"']+)[\"']", re.I)


def _chapters(html: str, things: list[Named]) -> dict[str, str]:
    """For each thing whose section is on this page: the id of the chapter (the h2, or the h1 before any)
    that holds its section. Its mentions there link none: the section is a few lines away (a review found
    eight links on the guide's photo chapter leading to the section just read)."""
    out = {}
    chapter = ""
    for level, ident in HEADING.findall(html):
        if level in ("1", "2"):
            chapter = ident
        for thing in things:
            if ident == thing.anchor:
                out[thing.key] = chapter
    return out


class _Linker:
    """One page's walk: the section it is in, what that section linked, and the elements whose text stays."""

    def __init__(self, things: list[Named], from_url: str) -> None:
        self.pattern = re.compile("|".join(re.escape(n) for t in things for n in t.names))
        self.owner = {n: t for t in things for n in t.names}
        self.from_url = from_url
        self.here = {t.key for t in things if page_url(t.page) == from_url}
        self.linked: set[str] = set()  # the things linked in this section
        self.section = ""  # the id of the heading that began it
        self.chapter = ""  # the id of the h2 it is in
        self.skipping: list[str] = []  # open elements whose text stays as written
        self.around: dict[str, str] = {}  # on the page a link leads to: the chapter (h2) of its section

    def tag(self, piece: str) -> str:
        tag = TAG_NAME.match(piece)
        if not tag or piece.startswith("<!"):
            return piece
        closing, name = tag.group(1), tag.group(2).lower()
        if name in VOID or piece.rstrip().endswith("/>"):
            return piece
        if closing:
            if name in self.skipping:
                del self.skipping[len(self.skipping) - 1 - self.skipping[::-1].index(name) :]
            return piece
        if name in HEADINGS:
            self.linked = set()
            found = ID.search(piece)
            self.section = found.group(1) if found else ""
            if name in ("h1", "h2"):
                self.chapter = self.section
        classes = CLASS.search(piece)
        if self.skipping or name in SKIP or (classes and SKIP_CLASSES.intersection(classes.group(1).split())):
            self.skipping.append(name)  # a skipped element, or one inside it: its text stays
        return piece

    def text(self, piece: str) -> str:
        return piece if self.skipping else self.pattern.sub(self._link, piece)

    def _link(self, m: re.Match) -> str:
        thing = self.owner[m.group(0)]
        near = thing.key in self.here and self.chapter == self.around.get(thing.key)
        if thing.key in self.linked or near:
            return m.group(0)
        self.linked.add(thing.key)
        address = escape(href(thing, self.from_url), quote=True)
        return f'<a href="{address}" data-named="{thing.key}">{m.group(0)}</a>'


def dangling(things: list[Named], site_dir) -> str:
    """The first named thing whose link leads nowhere in the built site (its page not built, or without its
    anchor), said for the administrator who edits content/tools.yaml; "" when every link leads somewhere.
    The content check already resolves ``see``: this is the build's last word on what it wrote."""
    for thing in things:
        built = site_dir / page_url(thing.page) / "index.html"
        text = built.read_text(encoding="utf-8") if built.is_file() else None
        see = f"{thing.page.removeprefix('guide/').removesuffix('.md')}#{thing.anchor}"
        if text is None or (thing.anchor and f'id="{thing.anchor}"' not in text):
            return (f"content/tools.yaml 的 named → {thing.key} → see：指南里没有“{see}”这一节，链接会指向"
                    "不存在的地方（写法是 <指南 id>#<章节或步骤 id>，id 见 content/guide/<指南 id>.yaml）")
    return ""
