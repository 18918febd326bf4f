"""Accessibility fixes applied to each rendered page (MkDocs ``on_page_content``).

* Tick boxes of task lists (checklists) get an accessible name: the text of their item, which
  Python-Markdown places after the box, outside its label.
* Tables become focusable scroll regions (``tabindex="0"`` and a name), so that a keyboard user
  can scroll a wide table sideways on a phone (WCAG 2.1.1, axe ``scrollable-region-focusable``).

Both only add attributes; the page's text and structure stay as rendered.
"""

from __future__ import annotations

import html
import re

BOX = re.compile(
    r'(<label class="task-list-control"><input type="checkbox")((?: disabled)?(?: checked)?/?>)'
    r'(<span class="task-list-indicator"></span></label>)(.*?)(?=</p>|</li>|<ul>|<ol>|\n)',
    re.S,
)
TAG = re.compile(r"<[^>]+>")
TABLE = re.compile(r"<table(?![^>]*\btabindex=)")
LABEL_MAX = 60


def text_of(fragment: str) -> str:
    """Plain text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(TAG.sub("", fragment)).split())


def name_task_boxes(page: str) -> str:
    def named(match: re.Match) -> str:
        label = text_of(match.group(4))[:LABEL_MAX]
        if not label:
            return match.group(0)
        attr = f' aria-label="{html.escape(label, quote=True)}"'
        return match.group(1) + attr + match.group(2) + match.group(3) + match.group(4)

    return BOX.sub(named, page)


def focusable_tables(page: str, name: str) -> str:
    attr = '<table tabindex="0"' + (f' aria-label="{html.escape(name, quote=True)}"' if name else "")
    return TABLE.sub(attr, page)


def fix(page: str, table_name: str) -> str:
    return focusable_tables(name_task_boxes(page), table_name)
