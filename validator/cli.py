"""Command line for review staff: ``python -m validator photo|scan|id ...``.

Every text the user sees comes from the rule set (``content/messages/cli.yaml``
formats). Exit codes: 0 pass or warn, 1 fail, 2 usage error or missing file.
This is the only place that reads the clock (the default ``--as-of`` date).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from pathlib import Path

from validator import api, cli_outputs, cli_pathway
from validator.fields.idnumber import ID_TYPES
from validator.host_files import UsageError, name_shown, shown
from validator.ruleset import RuleSet, load_default

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # as shells report a run stopped by Ctrl-C


# argparse's English usage errors (Python 3.11-3.14 wording) -> the content format that says them in Chinese
_USAGE = (
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "cli.usage.required"),
    (
        re.compile(
            r"argument (?P<argument>\S+): invalid choice: '?(?P<value>[^']*?)'?"
            r" \(choose from (?P<choices>.+)\)"
        ),
        "cli.usage.choice",
    ),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), "cli.usage.unrecognized"),
    (re.compile(r"argument (?P<argument>\S+): expected one argument"), "cli.usage.one_value"),
    (re.compile(r"argument (?P<argument>\S+): invalid \w+ value: '?(?P<value>.*?)'?"), "cli.usage.bad_value"),
    (re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)"), "cli.usage.ambiguous"),
)


def usage_detail(rules: RuleSet, message: str) -> str:
    """argparse's usage error in the words of content (review staff read Chinese, not argparse's English)."""
    for pattern, name in _USAGE:
        found = pattern.fullmatch(message.strip())
        if found:
            sep = rules.fmt("cli.usage.sep")
            values = {k: v.replace("'", "").replace(", ", sep) for k, v in found.groupdict().items()}
            if values.get("argument", "").startswith("{"):  # the command itself: {photo,scan,...}
                values["argument"] = rules.fmt("cli.usage.command")
            return rules.fmt(name, **values)
    return rules.fmt("cli.usage.other")


class _Parser(argparse.ArgumentParser):
    rules: RuleSet | None = None
    helped: str | None = None  # whose --help a usage error points to (the sub-command's shows its options)

    def error(self, message: str):  # argparse calls this for every usage error
        if not self.rules:
            raise UsageError(message)
        raise UsageError(usage_error(self.rules, usage_detail(self.rules, message), self.helped or self.prog))

    def parse_args(self, args=None, namespace=None):
        """argparse's own, except that arguments left over after a sub-command (which argparse's top
        parser says) point to that sub-command's help."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = getattr(parsed, "command", None)
            self.helped = f"{self.prog} {command}" if command else None
            self.error("unrecognized arguments: " + " ".join(extras))
        return parsed


def usage_error(rules: RuleSet, detail: str, prog: str) -> str:
    """A usage error's line: what is wrong, and the help to read (``prog``: the command it was made in)."""
    return rules.fmt("cli.error.usage", detail=detail, prog=prog)


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
        dest="command",
        metavar="{photo,scan,id,code,pathway}",
        title=t("cli.help.commands"),
        parser_class=_Parser,
    )
    sub.required = True
    for name in ("photo", "scan", "id", "code"):
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
        elif name == "code":  # the 备案表's 在线验证码, by the rule the web pages use (validator.fields.chsi)
            p.add_argument("value", metavar="VALUE", help=t("cli.help.code_value"))
        else:
            p.add_argument("path", metavar="PATH", help=t("cli.help.path"))
            _batch_arguments(p, rules)
        if name == "scan":
            p.add_argument("--material", default=None, help=t("cli.help.material"))
            folder = _fix_folder(rules, p.prog)
            p.add_argument("--fix", metavar="OUTDIR", type=folder, default=None, help=t("cli.help.fix"))
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
    table = _table_name(rules, p.prog)
    p.add_argument("--csv", metavar="FILE", type=table, default=None, help=t("cli.help.csv"))


# names an image or a scan to check has (the formats of photo.kind.*): a value of --csv with one of
# these is most likely the file to check, written after --csv
INPUT_SUFFIXES = (
    ".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp", ".heic", ".heif", ".avif", ".bmp", ".tif",
    ".tiff", ".pdf",
)  # fmt: skip


def _table_name(rules: RuleSet, prog: str):
    """--csv takes a name ending in .csv: ``photo --csv 照片.jpg`` took the photo for the table's name and
    then said PATH was missing; now it says what --csv wants (review m7), and where the file to check
    goes only when the value looks like one (an existing file or folder, an image's name: review s12 F5;
    ``photo a.jpg --csv 结果`` has the order right already)."""

    def table(value: str) -> str:
        if value.lower().endswith(".csv"):
            return value
        looks_input = Path(value).exists() or value.lower().endswith(INPUT_SUFFIXES)
        name = "cli.usage.csv_name_order" if looks_input else "cli.usage.csv_name"
        raise UsageError(usage_error(rules, rules.fmt(name, value=name_shown(value), prog=prog), prog))

    return table


def _fix_folder(rules: RuleSet, prog: str):
    """--fix takes a folder: a file there is most likely the one to check, written after --fix."""

    def folder(value: str) -> str:
        if Path(value).is_file():
            detail = rules.fmt("cli.usage.fix_file", value=name_shown(value), prog=prog)
            raise UsageError(usage_error(rules, detail, prog))
        return value

    return folder


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
        if hasattr(args, "region"):
            args.region = region_id(rules, args.region)
        if getattr(args, "material", None) is not None:
            args.material = material_id(rules, args.material)
        as_of = _as_of(rules, args.as_of)
        if args.command in ("id", "code"):
            return _run_field(rules, args, as_of, out)
        if args.command == "pathway":
            return cli_pathway.run(rules, args, as_of, out)
        return _run_files(rules, args, as_of, out, err)
    except UsageError as exc:
        print(shown(str(exc)), file=err)
        return EXIT_USAGE
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except Exception as exc:  # never a traceback for a user
        print(shown(rules.fmt("cli.error.internal", detail=f"{type(exc).__name__}: {exc}")), file=err)
        return EXIT_USAGE


def region_id(rules: RuleSet, value: str) -> str:
    """The 考区 id ``--region`` names: its id (any case), its short or full name (河南, 河南考区), or the
    short name with an administrative ending (河南省, 广西壮族自治区; the endings are the site's search's,
    region_texts.search_suffixes). Anything else is a usage error naming the ids (review s12 F6)."""
    text = value.strip()
    suffixes = str(rules.data.get("region_texts", {}).get("search_suffixes", "")).split()
    bare = {text} | {text[: -len(s)] for s in suffixes if text.endswith(s) and len(text) > len(s)}
    for rid, r in rules.regions.items():
        if rid == text.lower() or text in (r.get("name"), r.get("short")) or r.get("short") in bare:
            return rid
    ids = rules.fmt("cli.table.sep").join(
        rules.fmt("cli.region_id", id=rid, short=r.get("short", rid)) for rid, r in rules.regions.items()
    )
    raise UsageError(rules.fmt("cli.error.region", value=name_shown(value), ids=ids))


def material_id(rules: RuleSet, value: str) -> str:
    """The material ``--material`` names: its id (any case) or its name (毕业证书). Anything else is a
    usage error naming the ids with their names, as an unknown ``--region`` is (an unknown material
    was only a note under a confident check)."""
    text = value.strip()
    materials = rules.data.get("materials", {})
    for mid, m in materials.items():
        if mid == text.lower() or text == m.get("name"):
            return mid
    ids = rules.fmt("cli.table.sep").join(
        rules.fmt("cli.material_id", id=mid, material=m.get("name", mid)) for mid, m in materials.items()
    )
    raise UsageError(rules.fmt("cli.error.material", value=name_shown(value), ids=ids))


def _as_of(rules: RuleSet, text: str | None) -> str:
    if text is None:
        return date.today().isoformat()  # the only clock read in the validator
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise UsageError(rules.fmt("cli.error.as_of", value=shown(text))) from None


def _run_field(rules: RuleSet, args, as_of: str, out) -> int:
    """``id``: an ID number of the chosen type; ``code``: the 备案表's 在线验证码 (field kind chsi_code)."""
    request = {"as_of": as_of, "region": args.region, "value": args.value}
    if args.command == "code":
        request["kind"] = "chsi_code"
    else:
        request.update({"kind": "id_number", "id_type": args.id_type})
    report = for_cli(api.run("field", request, rules=rules))
    _emit(rules, [report], args.json, out, single=True)
    return _exit(report["verdict"])


def _fixer(rules: RuleSet, args, as_of: str):
    """Issue 16: ``scan --fix OUTDIR`` writes the fixed files and a CSV of before and after."""
    from validator import cli_fix

    if not getattr(args, "fix", None):
        return cli_fix.NoFix()
    from validator.host_files import check_file

    outdir = Path(args.fix)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(rules.fmt("cli.error.fix_dir", path=name_shown(str(outdir))))
    try:
        return cli_fix.FixRun(rules, outdir, as_of, args.region, getattr(args, "material", None), check_file)
    except OSError as exc:  # the folder cannot be made: a plain reason, not the OS's English
        said = cli_outputs.reason(rules, exc)
        detail = rules.fmt("cli.error.out_parent", path=name_shown(str(outdir)), reason=said)
        raise UsageError(detail) from None


def _jobs(rules: RuleSet, args, err) -> int:
    """The pool size: ``--jobs`` (or the default), capped to what the machine can run; a cap is said."""
    from validator import batch

    requested = batch.default_jobs() if args.jobs is None else args.jobs
    if requested < 1:
        raise UsageError(rules.fmt("cli.error.jobs", value=requested))
    jobs = batch.cap_jobs(requested)
    if args.jobs is not None and jobs < requested:
        print(rules.fmt("cli.note.jobs_capped", requested=requested, jobs=jobs), file=err)
    return jobs


def _files_of(rules: RuleSet, args, err) -> tuple[list, Path, bool]:
    """(files, the folder their names are shown from, whether a folder was given); what is skipped is said."""
    from validator import batch

    t = rules.fmt
    path = Path(args.path)
    kind = batch.kind_of(path)
    skipped: list = []
    if kind == "dir":
        files, skipped = batch.scan_folder(path, args.recursive)
        base = path
    elif kind == "file":
        files, base = [path], path.parent
    elif kind == "missing":
        raise UsageError(t("cli.error.missing", path=name_shown(str(path))))
    else:  # a FIFO, a device, a symlink loop …: named, never opened
        raise UsageError(t("cli.error.special", path=name_shown(str(path)), kind=t(f"cli.kind.{kind}")))
    for item, what in skipped:
        rel = name_shown(item.relative_to(base).as_posix())
        print(t("cli.note.skipped", path=rel, kind=t(f"cli.kind.{what}")), file=err)
    # without -r the files in sub-folders are not checked: said, never left out silently
    left = batch.subfolders(path) if kind == "dir" and not args.recursive else 0
    if left and files:
        print(t("cli.note.subfolders", n=left), file=err)
    if not files:
        name = "cli.error.empty_dir_subfolders" if left else "cli.error.empty_dir"
        raise UsageError(t(name, path=name_shown(str(path)), n=left))
    return files, base, kind == "dir"


def _run_files(rules: RuleSet, args, as_of: str, out, err=None) -> int:
    """Check a file or a folder; reports are written as they finish (in the order of the files),
    with a progress line on a terminal; only one small summary row per file is kept."""
    from validator import batch

    err = err or sys.stderr
    jobs = _jobs(rules, args, err)
    files, base, folder = _files_of(rules, args, err)
    files = cli_outputs.checked_inputs(rules, args, files, base, folder)  # outputs never harm or join inputs
    files, tables = cli_outputs.without_tables(files) if folder else (files, [])
    if not files:
        raise UsageError(rules.fmt("cli.error.empty_dir", path=name_shown(str(args.path))))
    named = len(files) > 1 or args.recursive
    names = [name_shown(f.relative_to(base).as_posix()) for f in files]
    try:
        table = batch.CsvOut(rules, Path(args.csv)) if args.csv else None
    except OSError as exc:
        said = cli_outputs.reason(rules, exc)
        raise UsageError(
            rules.fmt("cli.error.out_parent", path=name_shown(str(args.csv)), reason=said)
        ) from None
    fixer = _fixer(rules, args, as_of)
    progress = _Progress(rules, err, len(files)) if folder and not args.json and _tty(err) else None
    rows: list = []
    if args.json and folder:
        out.write('{"kind": "batch", "reports": [\n')
    try:
        rows = _check_all(
            rules, args, as_of, files, names, (table, fixer, progress), out, jobs, folder, named
        )
    except _Interrupted as stop:
        if progress:
            progress.clear()
        saved = rules.fmt("cli.note.interrupted_saved") if table else ""
        print(rules.fmt("cli.note.interrupted", done=stop.done, total=len(files), saved=saved), file=err)
        _close_outputs(rules, args, table, fixer, err)
        return EXIT_INTERRUPTED
    if not _close_outputs(rules, args, table, fixer, err):
        return EXIT_USAGE
    worst = _worst(r[1] for r in rows)
    if args.json and folder:
        out.write(f'\n], "verdict": "{worst}"}}\n')
    elif folder and not args.json:
        out.write(shown(summary_table(rules, rows)) + "\n")
        if tables:  # the total above counts only what was checked: staff see what was left out
            sep = rules.fmt("cli.table.names_sep")
            said = sep.join(name_shown(f.relative_to(base).as_posix()) for f in tables)
            out.write(shown(rules.fmt("cli.table.tables_skipped", n=len(tables), names=said)) + "\n")
    return _exit(worst)


class _Interrupted(Exception):
    def __init__(self, done: int):
        self.done = done


def _close_outputs(rules: RuleSet, args, table, fixer, err) -> bool:
    """Close the table and write the fixer's table; a place that cannot be written is said plainly."""
    for closer, path in ((table, args.csv), (fixer, getattr(args, "fix", None))):
        if closer is None:
            continue
        try:
            closer.close()
        except OSError as exc:
            print(
                rules.fmt(
                    "cli.error.out_write", path=name_shown(str(path)), reason=cli_outputs.reason(rules, exc)
                ),
                file=err,
            )
            return False
    return True


def _check_all(rules: RuleSet, args, as_of: str, files, names, outputs, out, jobs, folder, named) -> list:
    """Every file checked, its report written as it finishes; Ctrl-C stops it as :class:`_Interrupted`."""
    from validator import batch

    table, fixer, progress = outputs
    rows: list = []
    try:
        material = getattr(args, "material", None)
        stream = batch.check_stream(rules, args.command, files, as_of, args.region, material, jobs)
        for i, report in _in_order(stream):
            report = for_cli(report)
            # one folder per candidate (-r): the heading names the folder too (two a.jpg are two people's)
            report["subject"] = names[i] if args.recursive else name_shown(report.get("subject") or "")
            if named:
                report["path"] = names[i]  # the summary table shows the folder too (one per candidate)
            fixer.add(files[i], names[i], report)
            if table:
                table.add(names[i], report)
            rows.append(_row_of(rules, report))
            if progress:
                progress.clear()
            _write_report(rules, report, out, args.json, (",\n" if i else "") if folder else None)
            if progress:
                progress.show(i + 1)
    except KeyboardInterrupt:
        raise _Interrupted(len(rows)) from None
    finally:
        if progress:
            progress.clear()
    return rows


def _write_report(rules: RuleSet, report: dict, out, as_json: bool, separator: str | None) -> None:
    """One report as it finishes: JSON (``separator`` before it inside a folder's list, None for a single
    file, which ends in a newline) or the readable text; flushed so a long run shows its progress."""
    if as_json:
        text = json.dumps(report, ensure_ascii=False, indent=1)
        out.write((separator or "") + text + ("" if separator is not None else "\n"))
    else:
        out.write(shown(render(rules, report)) + "\n")
    if hasattr(out, "flush"):
        out.flush()


def _in_order(stream):
    """(index, item) in index order from a stream that yields them as they finish (a small buffer:
    no more than the pool has in flight)."""
    waiting, following = {}, 0
    for i, item in stream:
        waiting[i] = item
        while following in waiting:
            yield following, waiting.pop(following)
            following += 1


def _row_of(rules: RuleSet, report: dict) -> tuple:
    """What the summary table needs of a report (the report itself is not kept): a small tuple."""
    return (report.get("path") or report.get("subject") or "-", report["verdict"], _codes(rules, report))


def _codes(rules: RuleSet, report: dict) -> str:
    """Every finding's code, notes (info) too, as in the CSV: scan.pixels.too_big or file.capped says
    what was not checked (颜色、清晰度和亮度没有检查)."""
    return rules.fmt("cli.table.sep").join(f["code"] for f in report["findings"])


def _tty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Progress:
    """One line on the terminal (stderr): files checked of all, with a bar; the standard library only."""

    WIDTH = 24

    def __init__(self, rules: RuleSet, stream, total: int):
        self.rules, self.stream, self.total = rules, stream, total

    def show(self, done: int) -> None:
        filled = self.WIDTH * done // max(1, self.total)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write("\r" + self.rules.fmt("cli.progress", bar=bar, done=done, total=self.total))
        self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r\x1b[2K")
        self.stream.flush()


# output ---------------------------------------------------------------------
def for_cli(report: dict) -> dict:
    """The report as the command line gives it (text, --json, --csv): without the sentences only the web
    page shows (``fix_page``: its buttons, 结果上方 …; the command line has none of them)."""
    for finding in report.get("findings", []):
        finding.pop("fix_page", None)
    return report


def _worst(verdicts) -> str:
    order = {"pass": 0, "warn": 1, "fail": 2}
    return max(verdicts, key=lambda v: order.get(v, 2), default="pass")


def _exit(verdict: str) -> int:
    return EXIT_FAIL if verdict == "fail" else EXIT_OK


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
    heading = f"cli.heading.{report['kind']}"
    if report["kind"] == "field" and (report.get("facts") or {}).get("kind") == "chsi_code":
        heading = "cli.heading.code"
    lines = [
        t(heading, subject=report.get("subject") or "-"),
        t("cli.verdict", verdict=t(f"cli.verdict.{report['verdict']}")),
    ]
    region = (report.get("facts") or {}).get("region")
    if isinstance(region, dict) and region.get("name"):
        key = "cli.region_undecided" if region.get("upload") == "undecided" else "cli.region"
        lines.append(t(key, region=region["name"], rules=_profile_name(rules, region)))
    file_facts = (report.get("facts") or {}).get("file")
    if isinstance(file_facts, dict) and file_facts.get("format") not in (None, "empty"):
        lines.append(_file_line(rules, file_facts))
    # a note (info) is no problem: "没有发现问题" still follows it (a typed-code note on a scan says the
    # check of the file below is for reference only, and the check below must be there)
    infos = [f for f in report["findings"] if f["severity"] == "info"]
    others = [f for f in report["findings"] if f["severity"] != "info"]
    for f in [*infos, *others]:
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
        if f["code"] == "scan.material.typed_code":  # what the command line has for the code itself
            lines.append("    " + t("cli.code_command", region=_region_id(report)))
        lines += _source_line(rules, f.get("source") or {})
    if not others:
        lines.append("  " + t("cli.no_findings"))
    lines += _fix_lines(rules, report.get("fix"))
    if report.get("notice"):
        lines.append(t("cli.notice", notice=report["notice"]))
    return "\n".join(lines) + "\n"


def _region_id(report: dict) -> str:
    region = (report.get("facts") or {}).get("region")
    return str(region.get("id") or "national") if isinstance(region, dict) else str(region or "national")


def _fix_lines(rules: RuleSet, fix: dict | None) -> list[str]:
    """What --fix did with the file: where the fixed copy is, its verdict, and each reason."""
    if not fix or fix.get("outcome") == "not_needed":
        return []
    t = rules.fmt
    if fix.get("output"):
        verdict = t(f"cli.verdict.{fix.get('verdict_after', 'fail')}")
        head = [t("cli.fix.written", output=fix["output"], verdict=verdict)]
    else:
        head = [t("cli.fix.not_written")]
    items = [r["text"] for r in fix.get("reasons", [])] + [p["text"] for p in fix.get("problems", [])]
    return ["  " + line for line in head] + ["    " + t("cli.fix.item", text=x) for x in items]


def _profile_name(rules: RuleSet, region: dict) -> str:
    """Whose rules a 考区 is checked by, in words: its profile's short name (湖北省网, 国家系统上传模块)."""
    return rules.profiles.get(region.get("uses", ""), {}).get("short", "")


def _source_line(rules: RuleSet, src: dict) -> list[str]:
    """The citation in Chinese (short names, sections, confidence words); ids stay in --json."""
    if not src.get("cite"):
        return []
    label = src.get("confidence_label") or rules.fmt("cli.confidence_unknown")
    if label in src["cite"]:  # the source's own name says it already (本站推断): not twice
        return ["    " + rules.fmt("cite.alone", cite=src["cite"])]
    return ["    " + rules.fmt("cli.source", source=src["cite"], confidence=label)]


def _file_line(rules: RuleSet, facts: dict) -> str:
    t = rules.fmt
    kind = f"photo.kind.{facts.get('format')}"
    name = t(kind) if kind in rules.formats else t("photo.kind.other")
    n = int(facts.get("size") or 0)
    w, h = facts.get("width") or 0, facts.get("height") or 0
    dims = t("photo.dims", w=w, h=h) if w and h else "-"
    return t("cli.file", format=name, size=rules.size_text(n), dims=dims)


def summary_table(rules: RuleSet, reports: list) -> str:
    """The table under a folder's reports; ``reports``: report dicts or (path, verdict, codes) rows."""
    t = rules.fmt
    head = [t("cli.table.file"), t("cli.table.verdict"), t("cli.table.codes")]
    rows = [r if isinstance(r, tuple) else _row_of(rules, r) for r in reports]
    table = [[path, t(f"cli.verdict.{verdict}"), codes or "-"] for path, verdict, codes in rows]
    widths = [max(_width(row[i]) for row in [head, *table]) for i in range(2)]
    lines = [_row(head, widths)] + [_row(row, widths) for row in table]
    counts = {v: sum(1 for r in rows if r[1] == v) for v in ("pass", "warn", "fail")}
    lines.append(
        t(
            "cli.table.total",
            n=len(rows),
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
