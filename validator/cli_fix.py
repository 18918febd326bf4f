"""``python -m validator scan PATH --fix OUTDIR``: fix every failing scan to the 考区's rule (issue 16).

The same plan as the materials check (:func:`validator.fixplan.plan_for`), executed with Pillow
(:mod:`validator.fix_pillow`). For each file checked: when a finding is one the plan clears, the
fixed JPEG is written under OUTDIR at the file's relative path (``.jpg``), checked again, and
its before/after and reasons are added to the report (``report["fix"]``, in ``--json`` too).
OUTDIR also gets a CSV of before and after (UTF-8 with BOM), one row per file. Files that pass as
they are, or that cannot be fixed, are not written; the CSV says why. CPython only.
"""

from __future__ import annotations

import csv
import os
from datetime import date
from pathlib import Path

from validator import fixplan
from validator.batch import cell
from validator.context import Context
from validator.ruleset import RuleSet


class NoFix:
    """Without --fix: nothing to do per file."""

    def add(self, path: Path, name: str, report: dict) -> None:
        return None

    def close(self) -> None:
        return None


class FixRun:
    """The streaming CLI's fixer: :meth:`add` each checked file as it comes, :meth:`close` writes the CSV."""

    def __init__(self, rules: RuleSet, outdir: Path, as_of: str, region: str, material, check_file):
        self.rules, self.outdir, self.check_file = rules, outdir, check_file
        self.ctx = Context(rules=rules, as_of=date.fromisoformat(as_of), region=region)
        self.plan = fixplan.plan_for(self.ctx, "scan", material)
        outdir.mkdir(parents=True, exist_ok=True)
        self.taken: set[str] = set()
        self.rows: list[tuple[str, dict]] = []

    def add(self, path: Path, name: str, report: dict) -> None:
        report["fix"] = _fix_one(
            self.rules, self.ctx, self.plan, path, name, report, self.outdir, self.taken, self.check_file
        )
        keep = {"verdict": report["verdict"], "fix": report["fix"], "facts": {"file": _file_facts(report)}}
        self.rows.append((name, keep))

    def close(self) -> None:
        _write_csv(self.rules, self.rows, self.outdir / self.rules.fmt("cli.fix.csv_name"))


def _file_facts(report: dict) -> dict:
    return (report.get("facts") or {}).get("file") or {}


def _fix_one(
    rules, ctx, plan, path: Path, name: str, report: dict, outdir: Path, taken: set, check_file
) -> dict:
    out: dict = {"plan": plan, "outcome": "not_needed", "output": None, "reasons": [], "problems": []}
    if not fixplan.fixable(plan, report):
        return out
    from validator import fileinfo
    from validator.fileinfo.source import file_source
    from validator.fix_pillow import fix_image
    from validator.host_pillow import MAX_DECODE_BYTES

    limits = fileinfo.limits_from(ctx)
    with open(path, "rb") as fh:
        source = file_source(fh, os.fstat(fh.fileno()).st_size)
        gate = fileinfo.decode_gate(  # the CLI's own decode budget; any format the host decodes
            fileinfo.analyze(source, limits), limits.get("max_pixels"), max_decode_bytes=MAX_DECODE_BYTES
        )
        if gate:  # the check's own findings explain the file; nothing is decoded
            result: dict = {"status": "undecodable"}
        else:
            fh.seek(0)
            result = fix_image(fh, plan, max_pixels=limits.get("max_pixels"))
    before = {**(report.get("facts", {}).get("file") or {}), "transparent": bool(result.get("transparent"))}
    after = {k: result.get(k) for k in ("status", "width", "height", "size", "crop")}
    out.update(fixplan.explain(ctx, plan, before, after))
    bw, bh = fixplan.shown_dims(before)
    out["before"] = {"size": before.get("size"), "width": bw, "height": bh}
    out["after"] = {k: result.get(k) for k in ("width", "height", "size", "quality")}
    if result.get("data"):
        rel = _output_name(name, taken, outdir)
        target = outdir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(result["data"])
        out["output"] = rel
        again = check_file(ctx.rules, "scan", target, ctx.as_of.isoformat(), ctx.region, plan.get("material"))
        out["verdict_after"] = again["verdict"]
        out["codes_after"] = [f["code"] for f in again["findings"] if f["severity"] != "info"]
    return out


def _output_name(name: str, taken: set, outdir: Path | None = None) -> str:
    """The file's relative path with ``.jpg``; ``-2``, ``-3``… when two sources would share a name or a
    file of that name is already in ``outdir`` (never written over)."""
    stem = name.rsplit(".", 1)[0] if "." in name.rsplit("/", 1)[-1] else name
    candidate, n = f"{stem}.jpg", 2
    while candidate.lower() in taken or (outdir is not None and (outdir / candidate).exists()):
        candidate, n = f"{stem}-{n}.jpg", n + 1
    taken.add(candidate.lower())
    return candidate


def _write_csv(rules: RuleSet, rows: list[tuple[str, dict]], target: Path) -> None:
    t = rules.fmt
    head = (
        "path",
        "verdict",
        "outcome",
        "before_size",
        "before_dims",
        "output",
        "after_size",
        "after_dims",
        "verdict_after",
        "reasons",
    )
    with open(target, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([cell(t(f"cli.fix.csv.{h}")) for h in head])
        for shown, report in rows:
            fix = report.get("fix") or {}
            before, after = fix.get("before") or {}, fix.get("after") or {}
            texts = [r["text"] for r in fix.get("reasons", [])] + [p["text"] for p in fix.get("problems", [])]
            out.writerow(
                [
                    cell(shown),
                    t(f"cli.verdict.{report['verdict']}"),
                    t(f"cli.fix.outcome.{fix.get('outcome', 'not_needed')}"),
                    before.get("size") or (report.get("facts", {}).get("file") or {}).get("size") or "",
                    _dims(rules, before),
                    fix.get("output") or "",
                    after.get("size") or "",
                    _dims(rules, after),
                    t(f"cli.verdict.{fix['verdict_after']}") if fix.get("verdict_after") else "",
                    cell("\n".join(texts)),
                ]
            )


def _dims(rules: RuleSet, facts: dict) -> str:
    w, h = facts.get("width"), facts.get("height")
    return rules.fmt("photo.dims", w=w, h=h) if w and h else ""
