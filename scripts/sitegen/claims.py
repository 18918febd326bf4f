"""Which claim a confidence word on a page belongs to (the ``data-claim`` of templates/_macros.j2's badge).

:func:`claim_key` is the claim's id where content declares one (``claim:``), else a key from what the
item states (its text or value, with its source and date), so one item rendered on several pages has one
key there; scripts.sitegen.claim_audit reads the keys back from the built site. :func:`claim_texts`
gives each declared claim's wording (its first place in content), for the FAQ's "其中……" line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from scripts.content.claims import places

# what an item states; its confidence (and anything a template adds) is not part of its identity
IDENTITY = (
    "question", "title", "name", "text", "rule", "description", "summary", "value", "dates", "year",
    "count", "material", "date", "since", "source", "note",
)  # fmt: skip


def claim_key(item) -> str:
    if not isinstance(item, Mapping):
        return ""
    if isinstance(item.get("claim"), str) and item["claim"]:
        return item["claim"]
    stated = {k: item[k] for k in IDENTITY if k in item}
    if not stated:
        return ""
    text = json.dumps(stated, sort_keys=True, ensure_ascii=False, default=str)
    return "item-" + hashlib.sha256(text.encode()).hexdigest()[:12]


def claim_texts(content: dict) -> dict[str, str]:
    """claim id -> the wording at its first place in content (without the closing full stop)."""
    out: dict[str, str] = {}
    for claim, file, path, _confidence in places(content):
        if claim in out:
            continue
        item = _at(content, file, path)
        if isinstance(item, Mapping) and isinstance(item.get("text"), str):
            out[claim] = " ".join(item["text"].split()).rstrip("。")
    return out


def _at(content: dict, file: str, path: tuple):
    """The item at (file, key path) as scripts.content.claims.places names it."""
    if file == "content/faq.yaml":
        return None
    if file.startswith("content/pathways/"):
        pid = file.removeprefix("content/pathways/").removesuffix(".yaml")
        owner = next(
            (p for p in content.get("pathways", []) if isinstance(p, dict) and p.get("id") == pid), None
        )
    else:
        owner = next((f for f in content.get("rule_files", []) if f.get("file", "") == file), None)
    if owner is None:
        return None
    key, index = path
    items = owner.get(key) or []
    return items[index] if index < len(items) else None
