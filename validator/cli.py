"""Command line for review staff: ``python -m validator photo|scan|id ...``.

Every text the user sees comes from the rule set (``content/messages/cli.yaml``
formats). Exit codes: 0 pass or warn, 1 fail, 2 usage error or missing file.
This is the only place that reads the clock (the default ``--as-of`` date).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import date
from pathlib import Path

from validator import api, cli_pathway
from validator.ruleset import RuleSet, load_default

ID_TYPES = ("resident_id", "residence_permit", "hk_macao_pass", "taiwan_pass", "passport")
EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A usage problem already rendered as a Chinese message."""


class _Parser(argparse.ArgumentParser):
    rules: RuleSet | None = None

    def error(self, message: str):  # argparse calls this for every usage error
        raise UsageError(self.rules.fmt("cli.error.usage", detail=message) if self.rules else message)


class _Formatter(argparse.HelpFormatter):
    prefix = "usage: "

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix=self.prefix if prefix is None else prefix)


def build_parser(rules: RuleSet) -> argparse.ArgumentParser:
    t = rules.fmt
    _Formatter.prefix = t("cli.help.usage_prefix")
    parser = _Parser(
        prog="python -m validator",
        description=t("cli.help.description"),
        formatter_class=_Formatter,
        add_help=False,
    )
    parser.rules = rules
    _titles(parser, rules)
    parser.add_argument("-h", "--help", action="help", help=t("cli.help.help"))
    sub = parser.add_subparsers(
        dest="command", metavar="{photo,scan,id,pathway}", title=t("cli.help.commands"), parser_class=_Parser
    )
    sub.required = True
    for name in ("photo", "scan", "id"):
        p = sub.add_parser(
            name,
            help=t(f"cli.help.{name}"),
            description=t(f"cli.help.{name}"),
            formatter_class=_Formatter,
            add_help=False,
        )
        p.rules = rules
        _titles(p, rules)
        p.add_argument("-h", "--help", action="help", help=t("cli.help.help"))
        if name == "id":
            p.add_argument("value", metavar="VALUE", help=t("cli.help.value"))
            p.add_argument(
                "--type", dest="id_type", choices=ID_TYPES, default="resident_id", help=t("cli.help.type")
            )
        else:
            p.add_argument("path", metavar="PATH", help=t("cli.help.path"))
            _batch_arguments(p, rules)
        if name == "scan":
            p.add_argument("--material", default=None, help=t("cli.help.material"))
        p.add_argument("--region", default="national", metavar="ID", help=t("cli.help.region"))
        p.add_argument("--as-of", dest="as_of", default=None, metavar="YYYY-MM-DD", help=t("cli.help.as_of"))
        p.add_argument("--json", action="store_true", help=t("cli.help.json"))
    cli_pathway.add_parser(sub, rules, _Parser, _Formatter, _titles)  # the finder's answer (issue 11)
    return parser


def _batch_arguments(p: argparse.ArgumentParser, rules: RuleSet) -> None:
    """Folder options for review staff (validator.batch)."""
    t = rules.fmt
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N", help=t("cli.help.jobs"))
    p.add_argument("--recursive", "-r", action="store_true", help=t("cli.help.recursive"))
    p.add_argument("--csv", metavar="FILE", default=None, help=t("cli.help.csv"))


def _titles(parser: argparse.ArgumentParser, rules: RuleSet) -> None:
    parser._positionals.title = rules.fmt("cli.help.positionals")
    parser._optionals.title = rules.fmt("cli.help.options")


# ---------------------------------------------------------------------------
def main(argv: list[str] | None = None, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    from validator import checkout  # the command line only: the browser has no checkout around it

    try:
        rules = load_default()
    except (OSError, ValueError) as exc:  # no compiled rule set: a source checkout before `make rules`
        said = checkout.checkout_text("cli.error.no_rules", detail=exc)
        print(said or f"validator: rules.json missing or unreadable ({exc}); run `make rules`", file=err)
        return EXIT_USAGE
    if checkout.rules_older_than_content():
        print(checkout.checkout_text("cli.warn.stale_rules"), file=err)
    try:
        args = build_parser(rules).parse_args(argv)
        _check_region(rules, getattr(args, "region", "national"))
        as_of = _as_of(rules, args.as_of)
        if args.command == "id":
            return _run_id(rules, args, as_of, out)
        if args.command == "pathway":
            return cli_pathway.run(rules, args, as_of, out)
        return _run_files(rules, args, as_of, out)
    except UsageError as exc:
        print(shown(str(exc)), file=err)
        return EXIT_USAGE
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except Exception as exc:  # never a traceback for a user
        print(shown(rules.fmt("cli.error.internal", detail=f"{type(exc).__name__}: {exc}")), file=err)
        return EXIT_USAGE


def _check_region(rules: RuleSet, region: str) -> None:
    """Every 考区 id of the register is accepted; anything else is a usage error naming the ids."""
    if region in rules.regions:
        return
    ids = rules.fmt("cli.table.sep").join(
        rules.fmt("cli.region_id", id=rid, short=r.get("short", rid)) for rid, r in rules.regions.items()
    )
    raise UsageError(rules.fmt("cli.error.region", value=region, ids=ids))


def _as_of(rules: RuleSet, text: str | None) -> str:
    if text is None:
        return date.today().isoformat()  # the only clock read in the validator
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise UsageError(rules.fmt("cli.error.as_of", value=shown(text))) from None


def _run_id(rules: RuleSet, args, as_of: str, out) -> int:
    request = {
        "as_of": as_of,
        "region": args.region,
        "kind": "id_number",
        "value": args.value,
        "id_type": args.id_type,
    }
    report = api.run("field", request, rules=rules)
    _emit(rules, [report], args.json, out, single=True)
    return _exit(report["verdict"])


def _run_files(rules: RuleSet, args, as_of: str, out) -> int:
    from validator import batch

    path = Path(args.path)
    jobs = batch.default_jobs() if args.jobs is None else args.jobs
    if jobs < 1:
        raise UsageError(rules.fmt("cli.error.jobs", value=jobs))
    if path.is_dir():
        files = batch.collect(path, args.recursive)
        if not files:
            raise UsageError(rules.fmt("cli.error.empty_dir", path=shown(str(path))))
        base = path
    elif path.is_file():
        files, base = [path], path.parent
    else:
        raise UsageError(rules.fmt("cli.error.missing", path=shown(str(path))))
    material = getattr(args, "material", None)
    reports = batch.check_many(rules, args.command, files, as_of, args.region, material, jobs)
    names = [f.relative_to(base).as_posix() for f in files]
    if len(files) > 1 or args.recursive:
        for name, report in zip(names, reports, strict=True):
            report["path"] = name  # the summary table shows the folder too (one per candidate)
    if args.csv:
        batch.write_csv(rules, list(zip(names, reports, strict=True)), Path(args.csv))
    _emit(rules, reports, args.json, out, single=not path.is_dir())
    worst = _worst(r["verdict"] for r in reports)
    return _exit(worst)


def check_file(
    rules: RuleSet, op: str, path: Path, as_of: str, region: str, material: str | None = None
) -> dict:
    """Check one file (header walk over the open file, then Pillow); returns the report dict.

    The file is never read whole: the header walk reads the parts it needs, up to
    ``file.max_bytes_analyzed``, and Pillow reads what it decodes (only when the header allows it).
    """
    from validator.fileinfo.source import file_source

    request = {"as_of": as_of, "region": region, "filename": path.name}
    if op == "scan":
        request["material"] = material
    try:
        with open(path, "rb") as fh:
            source = file_source(fh, os.fstat(fh.fileno()).st_size)
            pixels, error = decode_for(rules, source, region, as_of, fh, op=op)
            if isinstance(error, Skipped):
                request["decode_skipped"] = str(error)
            elif error:
                request["decode_error"] = error
            return api.run(op, request, source, pixels, rules=rules)
    except OSError as exc:
        raise UsageError(
            rules.fmt("cli.error.read", path=shown(str(path)), detail=exc.strerror or str(exc))
        ) from None


class Skipped(str):
    """decode_for's reason for not decoding a sound file: a size (fileinfo.SIZE_REASONS), not damage."""


def decode_for(
    rules: RuleSet, data, region: str = "national", as_of: str | None = None, fh=None, op: str | None = None
):
    """Decode with Pillow, but only after the header passed fileinfo's limits.

    ``data``: bytes, or a Source with ``fh`` the open file Pillow decodes from. A file over
    ``file.max_bytes_analyzed``, with header dimensions over ``file.max_side``/``file.max_pixels``
    (a decompression bomb), whose structure stops the checks, whose format the check ``op``
    refuses anyway, or whose pixel memory is over this host's budget
    (:data:`validator.host_pillow.MAX_DECODE_BYTES`) is never decoded; Pillow's own pixel guard is
    set to the same limit. Returns ``(Image or None, decode_error or None)``; a size refusal is a
    :class:`Skipped` reason instead of an error (a big sound file is not a damaged one).
    """
    from validator import fileinfo
    from validator.context import Context
    from validator.host_pillow import DEFAULT_MAX_SIDE, MAX_DECODE_BYTES, decode

    day = date.fromisoformat(as_of) if as_of else None  # None: the latest values
    ctx = Context(rules=rules, as_of=day, region=region)
    limits = fileinfo.limits_from(ctx)
    info = fileinfo.analyze(data, limits)
    reason = fileinfo.decode_gate(
        info,
        limits.get("max_pixels"),
        max_decode_bytes=MAX_DECODE_BYTES,
        formats=fileinfo.check_formats(ctx, op),
        jpeg_target=DEFAULT_MAX_SIDE,
    )
    if reason in fileinfo.SIZE_REASONS:
        return None, Skipped(reason)
    if reason:
        return None, None  # the structure or format findings explain it; nothing to decode
    target = data if fh is None else fh
    return decode(target, max_pixels=limits.get("max_pixels"), max_bytes=limits.get("max_bytes_analyzed"))


# output ---------------------------------------------------------------------
def _worst(verdicts) -> str:
    order = {"pass": 0, "warn": 1, "fail": 2}
    return max(verdicts, key=lambda v: order.get(v, 2), default="pass")


def _exit(verdict: str) -> int:
    return EXIT_FAIL if verdict == "fail" else EXIT_OK


# Control characters (terminal escape sequences start with ESC) and bidirectional formatting
# characters (a right-to-left override makes "gpj.exe" look like "exe.jpg") in file names and
# typed values: shown as \\uXXXX, never written to the terminal as they are.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """``text`` with control and bidi characters escaped (for anything taken from outside)."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))


def _emit(rules: RuleSet, reports: list[dict], as_json: bool, out, single: bool) -> None:
    if as_json:
        obj = (
            reports[0]
            if single
            else {"kind": "batch", "verdict": _worst(r["verdict"] for r in reports), "reports": reports}
        )
        out.write(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")
        return
    for report in reports:
        out.write(shown(render(rules, report)) + "\n")
    if not single:
        out.write(shown(summary_table(rules, reports)) + "\n")


def render(rules: RuleSet, report: dict) -> str:
    t = rules.fmt
    lines = [
        t(f"cli.heading.{report['kind']}", subject=report.get("subject") or "-"),
        t("cli.verdict", verdict=t(f"cli.verdict.{report['verdict']}")),
    ]
    region = (report.get("facts") or {}).get("region")
    if isinstance(region, dict) and region.get("name"):
        key = "cli.region_undecided" if region.get("upload") == "undecided" else "cli.region"
        lines.append(t(key, region=region["name"], rules=_profile_name(rules, region)))
    file_facts = (report.get("facts") or {}).get("file")
    if isinstance(file_facts, dict) and file_facts.get("format") not in (None, "empty"):
        lines.append(_file_line(rules, file_facts))
    if not report["findings"]:
        lines.append("  " + t("cli.no_findings"))
    for f in report["findings"]:
        lines.append(
            "  "
            + t(
                "cli.finding",
                severity=t(f"cli.severity.{f['severity']}"),
                code=f["code"],
                message=f["message"],
            )
        )
        if f.get("fix"):
            lines.append("    " + t("cli.fix", fix=f["fix"]))
        if f.get("reading"):
            lines.append("    " + t("cli.reading", reading=f["reading"]))
        lines += _source_line(rules, f.get("source") or {})
    if report.get("notice"):
        lines.append(t("cli.notice", notice=report["notice"]))
    return "\n".join(lines) + "\n"


def _profile_name(rules: RuleSet, region: dict) -> str:
    """Whose rules a 考区 is checked by, in words: its profile's short name (湖北省网, 国家系统上传模块)."""
    return rules.profiles.get(region.get("uses", ""), {}).get("short", "")


def _source_line(rules: RuleSet, src: dict) -> list[str]:
    """The citation in Chinese (short names, sections, confidence words); ids stay in --json."""
    if not src.get("cite"):
        return []
    label = src.get("confidence_label") or rules.fmt("cli.confidence_unknown")
    return ["    " + rules.fmt("cli.source", source=src["cite"], confidence=label)]


def _file_line(rules: RuleSet, facts: dict) -> str:
    t = rules.fmt
    kind = f"photo.kind.{facts.get('format')}"
    name = t(kind) if kind in rules.formats else t("photo.kind.other")
    n = int(facts.get("size") or 0)
    w, h = facts.get("width") or 0, facts.get("height") or 0
    dims = t("photo.dims", w=w, h=h) if w and h else "-"
    return t("cli.file", format=name, size=rules.size_text(n), dims=dims)


def summary_table(rules: RuleSet, reports: list[dict]) -> str:
    t = rules.fmt
    head = [t("cli.table.file"), t("cli.table.verdict"), t("cli.table.codes")]
    rows = [
        [
            r.get("path") or r.get("subject") or "-",
            t(f"cli.verdict.{r['verdict']}"),
            t("cli.table.sep").join(f["code"] for f in r["findings"] if f["severity"] != "info") or "-",
        ]
        for r in reports
    ]
    widths = [max(_width(row[i]) for row in [head, *rows]) for i in range(2)]
    lines = [_row(head, widths)] + [_row(row, widths) for row in rows]
    counts = {v: sum(1 for r in reports if r["verdict"] == v) for v in ("pass", "warn", "fail")}
    lines.append(
        t(
            "cli.table.total",
            n=len(reports),
            passed=counts["pass"],
            warned=counts["warn"],
            failed=counts["fail"],
        )
    )
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _row(cells: list[str], widths: list[int]) -> str:
    padded = [c + " " * (widths[i] - _width(c)) for i, c in enumerate(cells[:2])]
    return "  ".join([*padded, cells[2]])
