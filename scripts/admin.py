"""Small administrator commands for the yearly update (output: ids and values, no prose).

Usage:
  python -m scripts.admin changes [--start YYYY-MM-DD --end YYYY-MM-DD]
      parameter values whose ``since`` falls in the cycle (default: site.yaml's window),
      one line each: id [region] old -> new  since  source  confidence
  python -m scripts.admin params
      every parameter with the value in force at the end of the cycle
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scripts.content import ContentError, load_content
from scripts.content.problems import text
from scripts.sitegen.changes import cycle_changes, in_force

ROOT = Path(__file__).resolve().parent.parent


def _show(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def cmd_changes(content: dict, start: str, end: str) -> list[str]:
    lines = []
    for c in cycle_changes(content, start, end):
        old = _show(c["old"]["value"]) if c["old"] else "(new)"
        new = c["new"]
        region = f" [{c['region']}]" if c["region"] else ""
        lines.append(
            f"{c['id']}{region}  {old} -> {_show(new['value'])}  "
            f"since {new['since']}  {new['source']}  {new['confidence']}"
        )
    return lines


def cmd_params(content: dict, end: str) -> list[str]:
    lines = []
    for pid, spec in content["parameters"].items():
        lists = [("", spec["values"])]
        lists += [(f" [{r}]", v) for r, v in (spec.get("regions") or {}).items()]
        for region, values in lists:
            cur = in_force(values, end)
            lines.append(f"{pid}{region}  {_show(cur['value'])}  since {cur['since']}  {cur['source']}")
    return lines


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.admin", description=text("admin_description"))
    parser.add_argument("command", choices=["changes", "params"], help=text("admin_command"))
    parser.add_argument("--start", metavar="YYYY-MM-DD", help=text("admin_start"))
    parser.add_argument("--end", metavar="YYYY-MM-DD", help=text("admin_end"))
    parser.add_argument("--content", default=str(ROOT / "content"), help=text("admin_content"))
    args = parser.parse_args(argv)
    try:
        content = load_content(Path(args.content), codes_package=None)
    except ContentError as err:
        print(err.report(), file=sys.stderr)
        return 1
    site = content["site"]
    start, end = args.start or site["cycle_start"], args.end or site["cycle_end"]
    lines = cmd_changes(content, start, end) if args.command == "changes" else cmd_params(content, end)
    print(f"cycle {site['cycle']}: {start} .. {end}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
