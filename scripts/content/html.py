"""HTML in content: prose is Markdown, and HTML is refused except a short allow-list.

Every string of every content file is run through nh3 (the Python binding of ammonia, a
well-kept HTML sanitiser; pinned in requirements.txt) with only :data:`ALLOWED` tags and no
attributes at all. A string whose text the sanitiser changes holds HTML that would reach a page:
a tag outside the list (``<iframe>``, ``<meta http-equiv="refresh">``, ``<svg>``, ``<script>``),
an attribute (``onerror=``, ``href=``: links are written in Markdown), a comment. Such a string is
a content error with its file, line and key; the build never writes it into a page.

Markdown links and images go the same way: a target with a scheme other than ``http``, ``https``,
``mailto`` and ``tel`` (``javascript:``, ``data:``, ``vbscript:``, ``file:``; also when written with entities,
percent escapes or spaces inside) is a content error (code ``value.link``): site pages are linked by
relative paths and anchors.

A regular expression of tag names cannot do this: HTML has too many ways to start a tag or an
event handler, and the sanitiser is the parser browsers' HTML rules describe.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

ALLOWED = frozenset({"br", "kbd", "sub", "sup"})  # harmless inline markup Markdown has no syntax for
TAG_LIKE = re.compile(r"<[!/?]?[A-Za-z][^>]{0,80}>?|<!--")
SHOWN = 60
# [text](target), ![alt](target), [label]: target (a reference), <scheme:...> (an autolink)
LINK = re.compile(r"\]\(\s*<?([^)>\s]*)|^\s*\[[^\]]+\]:\s*<?(\S+)|<([A-Za-z][A-Za-z0-9+.\-]*:[^>\s]*)>", re.M)
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def active_html(text: str) -> str | None:
    """The first piece of refused HTML in ``text`` (shown in the problem), or None when it is clean."""
    if "<" not in text:
        return None  # nothing a parser could take for markup (entities alone are text)
    import nh3

    cleaned = nh3.clean(text, tags=set(ALLOWED), attributes={}, strip_comments=True, link_rel=None)
    if html.unescape(cleaned) == html.unescape(text):
        return None
    m = TAG_LIKE.search(text)
    return (m.group(0) if m else text)[:SHOWN]


def unsafe_link(text: str) -> str | None:
    """The first Markdown link or image target in ``text`` whose scheme is not :data:`SAFE_SCHEMES`."""
    if "](" not in text and "]:" not in text and "<" not in text:
        return None
    for match in LINK.finditer(text):
        target = next(g for g in match.groups() if g is not None)
        plain = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(unquote(target)))
        scheme = SCHEME.match(plain)
        if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            return target[:SHOWN]
    return None


def strings(value, path: tuple = ()):
    """(key path, string) of every string in a parsed YAML value, keys included."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and "<" in key:
                yield (*path, key), key
            yield from strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(item, (*path, i))


def check_doc(doc, sink) -> None:
    """Report each string of ``doc`` with refused HTML (``value.html``) or an unsafe link (``value.link``)."""
    for path, text in strings(doc.data):
        found = active_html(text)
        if found:
            sink(doc, "value.html", path, value=found)
        link = unsafe_link(text)
        if link:
            sink(doc, "value.link", path, value=link)
