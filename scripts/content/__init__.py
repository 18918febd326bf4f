"""Load and check everything under content/.

Minimal first version: it loads every file and merges parameters and
messages. The full schema check (unknown keys, sources, dates, references,
one report listing every problem) lives in scripts/content/schema.py.
"""

from __future__ import annotations

from pathlib import Path

import yaml


class ContentError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems

    def report(self) -> str:
        head = f"内容检查发现 {len(self.problems)} 个问题："
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


def _read(path: Path):
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_content(root: Path) -> dict:
    root = Path(root)
    site = _read(root / "site.yaml")
    params: dict = {}
    for f in sorted((root / "rules").glob("*.yaml")):
        params.update((_read(f) or {}).get("parameters", {}) or {})
    messages: dict = {}
    formats: dict = {}
    for f in sorted((root / "messages").glob("*.yaml")):
        data = _read(f) or {}
        messages.update(data.get("messages", {}) or {})
        formats.update(data.get("formats", {}) or {})
    pathways = [_read(f) for f in sorted((root / "pathways").glob("*.yaml"))]
    materials_file = root / "materials.yaml"
    materials = (_read(materials_file) or {}).get("materials", []) if materials_file.exists() else []
    return {
        "site": site,
        "sources": _read(root / "sources.yaml")["sources"],
        "regions": _read(root / "regions.yaml")["regions"],
        "parameters": params,
        "messages": messages,
        "formats": formats,
        "pathways": [p for p in pathways if p],
        "materials": materials,
    }
