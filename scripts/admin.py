"""Small administrator commands for the yearly update, in the catalog's Chinese (templates/content_check.yaml
``admin_*``): parameters by their label and id, sizes and durations as the pages write them.

Usage:
  python -m scripts.admin changes [--start YYYY-MM-DD --end YYYY-MM-DD]
      parameter values whose ``since`` falls in the cycle (default: site.yaml's window), one line each:
      label (id) [考区]: old -> new, since, sources, confidence
  python -m scripts.admin params
      every parameter with the value in force at the end of the cycle
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scripts.content import ContentError, load_content
from scripts.content.problems import chinese_parser, text
from scripts.sitegen.changes import cycle_changes, in_force
from validator import formatting

ROOT = Path(__file__).resolve().parent.parent
LONGEST = 120  # characters of a value shown (a list of 30 majors is cut)


def _show(value, unit: str, formats: dict) -> str:
    """A value as the pages write it: a size in KB and bytes, months and days in words, else as written."""
    if isinstance(value, int) and not isinstance(value, bool):
        if unit == "bytes":
            return formatting.size(formats, value)
        if unit in ("months", "days"):
            return formats[f"duration.{unit}"].format(**{unit: value})
    if value is None:
        return text("admin_null")
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= LONGEST else shown[: LONGEST - 1] + "…"


def _sources(value, formats: dict) -> str:
    return formats["cite.join"].join(str(s) for s in (value if isinstance(value, list) else [value]))


def cmd_changes(content: dict, start: str, end: str) -> list[str]:
    formats = content.get("formats", {})
    lines = []
    for c in cycle_changes(content, start, end):
        spec = c["spec"]
        unit = spec.get("unit", "")
        new = c["new"]
        lines.append(
            text(
                "admin_change",
                label=spec.get("label", c["id"]),
                id=c["id"],
                region=text("admin_region", region=c["region"]) if c["region"] else "",
                old=_show(c["old"]["value"], unit, formats) if c["old"] else text("admin_new"),
                new=_show(new["value"], unit, formats),
                since=new["since"],
                sources=_sources(new["source"], formats),
                confidence=formats.get(f"confidence.{new['confidence']}", new["confidence"]),
            )
        )
    return lines or [text("admin_none")]


def cmd_params(content: dict, end: str) -> list[str]:
    formats = content.get("formats", {})
    lines = []
    for pid, spec in content["parameters"].items():
        lists = [("", spec["values"])]
        lists += [(r, v) for r, v in (spec.get("regions") or {}).items()]
        for region, values in lists:
            cur = in_force(values, end)
            lines.append(
                text(
                    "admin_param",
                    label=spec.get("label", pid),
                    id=pid,
                    region=text("admin_region", region=region) if region else "",
                    value=_show(cur["value"], spec.get("unit", ""), formats),
                    since=cur["since"],
                    sources=_sources(cur["source"], formats),
                )
            )
    return lines


def main(argv: list[str]) -> int:
    parser = chinese_parser("python -m scripts.admin", text("admin_description"))
    parser.add_argument("command", choices=["changes", "params"], help=text("admin_command"))
    parser.add_argument("--start", metavar="YYYY-MM-DD", help=text("admin_start"))
    parser.add_argument("--end", metavar="YYYY-MM-DD", help=text("admin_end"))
    parser.add_argument("--content", default=str(ROOT / "content"), help=text("admin_content"))
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help (0) or a usage error (2): the parser printed it
        return int(done.code or 0)
    try:
        content = load_content(Path(args.content), codes_package=None)
    except ContentError as err:
        print(err.report(), file=sys.stderr)
        return 1
    site = content["site"]
    start, end = args.start or site["cycle_start"], args.end or site["cycle_end"]
    lines = cmd_changes(content, start, end) if args.command == "changes" else cmd_params(content, end)
    print(text("admin_cycle", cycle=site["cycle"], start=start, end=end))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
