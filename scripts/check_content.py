"""Check everything under content/ and list every problem at once.

Usage: python -m scripts.check_content [--verbose] [CONTENT_DIR]   (exit 1 when there are problems;
warnings, codes ``warn.*``, are printed but do not fail)

On success it prints how many rule parameters can make a finding fail (their
value rests on an official source: seed or c2) and how many can only warn;
``--verbose`` lists them one by one, with the confidence per region.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.content import ContentError, load_content
from scripts.content.problems import chinese_parser, text
from scripts.content.register import UNDECIDED, UNKNOWN
from scripts.content.severity import sort_parameters

ROOT = Path(__file__).resolve().parent.parent


def parser() -> argparse.ArgumentParser:
    cli = chinese_parser("python -m scripts.check_content", text("cli_description"))
    cli.add_argument("content_dir", nargs="?", type=Path, default=ROOT / "content", help=text("cli_dir"))
    cli.add_argument("-v", "--verbose", action="store_true", help=text("cli_verbose"))
    return cli


def main(argv: list[str]) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as done:  # --help (0) or an unknown option (2): argparse printed the usage
        return int(done.code or 0)
    root, verbose = args.content_dir, args.verbose
    if not root.is_dir():
        print(text("no_dir", path=root), file=sys.stderr)
        return 1
    try:
        content = load_content(root, complete=True)
    except ContentError as err:
        print(err.report(), file=sys.stderr)
        return 1
    except Exception as err:  # never a traceback: a bug in the checker still prints one line
        print(f"check_content: {type(err).__name__}: {err}", file=sys.stderr)
        return 2
    if content["skipped_modules"]:
        print(text("skipped", modules=", ".join(content["skipped_modules"])), file=sys.stderr)
    for warning in content.get("warnings", []):
        print(f"  ! {warning}", file=sys.stderr)
    print(
        text(
            "ok",
            files=content["files"],
            params=len(content["parameters"]),
            faq=len(content["faq"]),
            pathways=len(content["pathways"]),
            materials=len(content["materials"]),
        )
    )
    print(register_line(content))
    groups = sort_parameters(content)
    print(text("severity", **{k: len(v) for k, v in groups.items()}, unchecked=unchecked(content, groups)))
    if verbose:
        print("\n".join(severity_lines(groups, content)))
    return 0


def unchecked(content: dict, groups: dict) -> int:
    """Parameters in no group: not checked anywhere at the cycle's end (every value null)."""
    return len(content["parameters"]) - sum(len(v) for v in groups.values())


def register_line(content: dict) -> str:
    """How much of the 考区 register rests on a source (the rest says 未找到公开资料)."""
    regions = [r for r in content["regions"] if r.get("id") != UNDECIDED]
    systems = [r["upload"]["system"] if isinstance(r.get("upload"), dict) else "unknown" for r in regions]
    fields = [r.get(f) for r in regions for f in ("upload", "review", "cycles", "notice")]
    return text(
        "register",
        regions=len(regions),
        module=systems.count("national-module"),
        provincial=systems.count("provincial"),
        unknown=systems.count("unknown"),
        fields=len(fields),
        found=sum(1 for f in fields if f != UNKNOWN),
    )


def severity_lines(groups: dict, content: dict) -> list[str]:
    lines = []
    for key in ("fail", "warn", "mixed"):
        lines.append(text(f"severity_head_{key}"))
        for pid, marks in groups[key]:
            shown = " ".join(
                text("severity_mark", region=region or text("severity_national"), confidence=conf)
                for region, conf in marks
            )
            lines.append(text("severity_line", param=pid, marks=shown))
    lines.append(text("firm_head", count=len(content.get("firm", {}))))
    for code, groups in sorted(content.get("firm", {}).items()):
        group = groups[0]
        if group == "stated":
            confidence = content["messages"][code].get("confidence")
            group = text("severity_mark", region=group, confidence=confidence)
        lines.append(text("severity_line", param=code, marks=group))
    return lines


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
