"""The source checkout around the package, for the command line only (never in the browser).

In a source checkout the compiled rule set (``validator/_data/rules.json``, ``make rules``)
can be missing or older than ``content/``: the command line then says so in Chinese. The
words come from ``content/messages/cli.yaml`` read as text (the rule set that would carry
them is the missing or stale one); outside a checkout nothing is read and nothing is said.
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CONTENT = PACKAGE.parent / "content"
RULES = PACKAGE / "_data" / "rules.json"


def rules_older_than_content(rules: Path = RULES, content: Path = CONTENT) -> bool:
    """True when a file under content/ was changed after rules.json was compiled."""
    if not content.is_dir() or not rules.exists():
        return False
    compiled = rules.stat().st_mtime
    return any(p.stat().st_mtime > compiled for p in content.rglob("*.yaml"))


def checkout_text(key: str, content: Path = CONTENT, **values) -> str | None:
    """The ``cli.yaml`` format ``key`` filled with ``values``; None outside a checkout."""
    try:
        text = (content / "messages" / "cli.yaml").read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(rf"^\s+{re.escape(key)}:\s*\"?(.*?)\"?\s*$", text, re.M)
    if not found:
        return None
    try:
        return found.group(1).format(**values)
    except (KeyError, IndexError, ValueError):
        return found.group(1)
