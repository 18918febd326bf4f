"""Chinese labels for the ids that appear inside structured rule values.

The words come from content: content/labels.yaml (``labels:``) first, then the
names content already gives (pathway titles, major names in
eligibility.majors). An id without a label shows as itself.
"""

from __future__ import annotations

import re

ID_RE = re.compile(r"^[a-z][a-z0-9_-]*$")


def label_map(content: dict) -> dict[str, str]:
    labels: dict[str, str] = {}
    majors = content.get("parameters", {}).get("eligibility.majors") or {}
    for entry in majors.get("values") or []:
        value = entry.get("value") if isinstance(entry, dict) else None
        for major in value if isinstance(value, list) else []:
            if isinstance(major, dict) and isinstance(major.get("name"), str):
                labels[str(major.get("id"))] = major["name"]
    for pathway in content.get("pathways", []):
        if isinstance(pathway.get("title"), str):
            labels[str(pathway.get("id"))] = pathway["title"]
    labels.update(content.get("labels", {}))
    return labels


def labeller(content: dict):
    labels = label_map(content)

    def label(value):
        return labels.get(value, value) if isinstance(value, str) else value

    return label


def _ids(value, found: set) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and ID_RE.match(key):
                found.add(key)
            _ids(item, found)
    elif isinstance(value, list):
        if value and isinstance(value[0], dict) and "name" in value[0]:
            return  # shown by name
        for item in value:
            _ids(item, found)
    elif isinstance(value, str) and ID_RE.match(value):
        found.add(value)


def unlabelled(content: dict) -> list[str]:
    """Ids in parameter values (inside lists and mappings, or a bare id) that have no label."""
    found: set = set()
    for spec in content.get("parameters", {}).values():
        entries = list(spec.get("values") or [])
        for values in (spec.get("regions") or {}).values():
            entries += values or []
        for entry in entries:
            if isinstance(entry, dict):
                _ids(entry.get("value"), found)
    labels = label_map(content)
    return sorted(found - set(labels))
