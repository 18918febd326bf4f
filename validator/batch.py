"""Many files at once, for review staff: every core, one folder per candidate, a CSV table.

Used by the command line (``python -m validator photo FOLDER --jobs N --recursive --csv FILE``):

* :func:`collect` lists the files of a folder (with ``recursive``, of its sub-folders too:
  one folder per candidate), skipping hidden files and our own precompressed copies;
* :func:`check_many` checks them with a pool of ``jobs`` processes
  (``concurrent.futures.ProcessPoolExecutor``; each process loads the rule set once), in the
  order given; ``jobs=1`` checks in this process;
* :func:`write_csv` writes one row per file (path, verdict, finding codes, messages) in UTF-8
  with a byte-order mark, so spreadsheet programs read the Chinese.

Headers and labels come from the rule set (``content/messages/cli.yaml``). This module runs on
CPython only (the browser checks one file at a time).
"""

from __future__ import annotations

import csv
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from validator.host_files import UsageError, check_file
from validator.ruleset import RuleSet, load_default


def default_jobs() -> int:
    return os.cpu_count() or 1


def collect(folder: Path, recursive: bool = False) -> list[Path]:
    """The files to check under ``folder``, sorted by their path relative to it."""
    candidates = folder.rglob("*") if recursive else folder.iterdir()
    files = []
    for path in candidates:
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        files.append(path)
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix())


def check_many(
    rules: RuleSet,
    op: str,
    paths: list[Path],
    as_of: str,
    region: str,
    material: str | None = None,
    jobs: int = 1,
) -> list[dict]:
    """One report per path, in order; ``jobs`` > 1 spreads the files over that many processes."""
    tasks = [(op, str(p), as_of, region, material) for p in paths]
    if jobs <= 1 or len(tasks) <= 1:
        return [_check_with(rules, *task) for task in tasks]
    workers = min(jobs, len(tasks))
    # Several files per hand-off keep the pool busy without a round trip per small photo.
    chunk = max(1, len(tasks) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_check_in_worker, tasks, chunksize=chunk))


def _check_in_worker(task: tuple) -> dict:
    return _check_with(load_default(), *task)  # load_default() is cached per process


def _check_with(rules: RuleSet, op: str, path: str, as_of: str, region: str, material: str | None) -> dict:
    try:
        return check_file(rules, op, Path(path), as_of, region, material)
    except UsageError as exc:  # unreadable file: a failed row, the other files still get checked
        name = Path(path).name
        finding = {"code": "cli.read_error", "severity": "fail", "message": str(exc)}
        return {"kind": op, "subject": name, "verdict": "fail", "findings": [finding]}


def write_csv(rules: RuleSet, rows: list[tuple[str, dict]], target: Path) -> None:
    """``rows``: (path shown, report). UTF-8 with BOM; messages of one file on separate lines."""
    t = rules.fmt
    with open(target, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([t("cli.csv.path"), t("cli.csv.verdict"), t("cli.csv.codes"), t("cli.csv.messages")])
        for shown, report in rows:
            findings = report.get("findings", [])
            out.writerow(
                [
                    shown,
                    t(f"cli.verdict.{report['verdict']}"),
                    t("cli.table.sep").join(f["code"] for f in findings),
                    "\n".join(f["message"] for f in findings),
                ]
            )
