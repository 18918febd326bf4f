"""Many files at once, for review staff: every core, one folder per candidate, a CSV table.

Used by the command line (``python -m validator photo FOLDER --jobs N --recursive --csv FILE``):

* :func:`scan_folder` lists the files of a folder (with ``recursive``, of its sub-folders too:
  one folder per candidate), skipping hidden files and our own precompressed copies, and names
  what is not a regular file (a FIFO, a device, a socket, a symlink loop or a dangling link: each
  skipped with its kind, never opened: opening a FIFO would wait for a writer forever);
* :func:`check_stream` checks them with a pool of ``jobs`` processes
  (``concurrent.futures.ProcessPoolExecutor``; each process loads the rule set once) and yields
  each report as it finishes, with a bounded number in flight, so memory stays flat over tens
  of thousands of files; ``jobs=1`` checks in this process; :func:`check_many` keeps the order;
* every file has the same time budget as in the browser (content: ``file.check_seconds``): past
  it the check stops and the file's report says it was too complex to check in that time
  (``file.too_complex``, a warning: the file was not judged), and the other files go on; the
  timer is the process's interval timer (``signal.setitimer``), where the platform has one;
* :func:`cap_jobs` caps ``--jobs`` by the cores and the memory available;
* :func:`CsvOut` writes one row per file (path, verdict, finding codes, messages each after its
  severity word, [不通过]/[提醒]/[说明]) in UTF-8
  with a byte-order mark, so spreadsheet programs read the Chinese; a cell that starts with
  ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is written with a leading ``'`` so a
  spreadsheet never runs a file name as a formula.

Headers and labels come from the rule set (``content/messages/cli.yaml``). This module runs on
CPython only (the browser checks one file at a time).
"""

from __future__ import annotations

import csv
import os
import signal
import stat
import threading
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from validator.host_files import ReadError, check_file
from validator.report import Report
from validator.ruleset import RuleSet, load_default

# Compute budget of this host, not a rule: the memory one worker may reach (the header walk is
# small; Pillow's decode is bounded by host_pillow.MAX_DECODE_BYTES and peaks near 3× that).
WORKER_BYTES = 512 * 1024 * 1024
IN_FLIGHT_PER_JOB = 4  # files handed to the pool ahead of the results, per worker
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def default_jobs() -> int:
    return os.cpu_count() or 1


def available_memory() -> int | None:
    """Bytes of memory available now (Linux /proc/meminfo MemAvailable); None where unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def cap_jobs(requested: int, cores: int | None = None, memory: int | None = None) -> int:
    """``requested`` capped by the cores and by the memory available (one WORKER_BYTES each)."""
    cores = cores or default_jobs()
    memory = available_memory() if memory is None else memory
    by_memory = max(1, memory // WORKER_BYTES) if memory else cores
    return max(1, min(requested, cores, by_memory))


def kind_of(path: Path) -> str:
    """ "file" for a regular file (through symlinks), "dir", or what else it is: "fifo", "device",
    "socket", "loop" (a symlink loop), "dangling" (a link to nothing), "missing", "unreadable"."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return "loop"
        if os.path.islink(path):
            return "dangling"
        return "missing" if isinstance(exc, FileNotFoundError) else "unreadable"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "socket" if stat.S_ISSOCK(mode) else "other"


def scan_folder(folder: Path, recursive: bool = False) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(files to check, (path, kind) of what is skipped), both sorted by the path relative to ``folder``."""
    files, skipped = [], []
    try:
        candidates = list(folder.rglob("*") if recursive else folder.iterdir())
    except OSError:  # the folder itself cannot be opened (no permission)
        return [], [(folder, "closed")]
    if recursive:  # a sub-folder that cannot be opened is named, never silently left out
        for _root, dirs, _names in os.walk(
            folder, onerror=lambda exc: skipped.append((Path(exc.filename), "closed"))
        ):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
    for path in candidates:
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        kind = kind_of(path)
        if kind == "file":
            files.append(path)
        elif kind != "dir":
            skipped.append((path, kind))
    key = lambda p: p.relative_to(folder).as_posix()  # noqa: E731
    return sorted(files, key=key), sorted(skipped, key=lambda s: key(s[0]))


def subfolders(folder: Path) -> int:
    """How many sub-folders (not hidden) ``folder`` has: without ``recursive`` their files are not checked,
    and staff are told so (one folder per candidate is the usual layout)."""
    try:
        return sum(1 for p in folder.iterdir() if not p.name.startswith(".") and kind_of(p) == "dir")
    except OSError:  # the folder cannot be opened: scan_folder names it already
        return 0


def collect(folder: Path, recursive: bool = False) -> list[Path]:
    """The files to check under ``folder``, sorted by their path relative to it."""
    return scan_folder(folder, recursive)[0]


def check_stream(
    rules: RuleSet,
    op: str,
    paths: list[Path],
    as_of: str,
    region: str,
    material: str | None = None,
    jobs: int = 1,
) -> Iterator[tuple[int, dict]]:
    """(index in ``paths``, report) for every path, as each finishes; at most
    ``jobs × IN_FLIGHT_PER_JOB`` files are in the pool at once (memory flat however many files)."""
    seconds = check_seconds(rules, region, as_of)
    tasks = ((op, str(p), as_of, region, material, seconds) for p in paths)
    if jobs <= 1 or len(paths) <= 1:
        for i, task in enumerate(tasks):
            yield i, _check_with(rules, *task)
        return
    workers = min(jobs, len(paths))
    window = workers * IN_FLIGHT_PER_JOB
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start, initargs=(os.getpid(),))
    try:
        pending = {}
        numbered = enumerate(tasks)
        for i, task in numbered:
            pending[pool.submit(_check_in_worker, task)] = i
            if len(pending) >= window:
                break
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                i = pending.pop(future)
                yield i, future.result()
                nxt = next(numbered, None)
                if nxt is not None:
                    pending[pool.submit(_check_in_worker, nxt[1])] = nxt[0]
    finally:  # also when the caller stops early (Ctrl-C): files not started are dropped, not checked
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_start(parent: int) -> None:
    """In each pool process: Ctrl-C is the parent's to handle (it stops the run and says how far it got),
    and the process ends by itself when the parent is gone (killed), instead of waiting for work forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


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
    out: list = [None] * len(paths)
    for i, report in check_stream(rules, op, paths, as_of, region, material, jobs):
        out[i] = report
    return out


def _check_in_worker(task: tuple) -> dict:
    return _check_with(load_default(), *task)  # load_default() is cached per process


def check_seconds(rules: RuleSet, region: str, as_of: str) -> float | None:
    """The time budget of one file's check (content: file.check_seconds), None when there is none."""
    try:
        value = rules.value("file.check_seconds", region, date.fromisoformat(as_of))
    except (KeyError, ValueError, TypeError):
        return None
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value > 0
    return float(value) if ok else None


class CheckTimeout(BaseException):
    """Raised inside a check that ran past its budget. A BaseException, so that no ``except
    Exception`` in the checks (findings are collected, never thrown) can turn it into a finding."""


@contextmanager
def time_budget(seconds: float | None):
    """Raise :class:`CheckTimeout` in this thread after ``seconds``; nothing where the platform has
    no interval timer or this is not the main thread (signals are delivered only there)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return

    def expire(signum, frame):
        raise CheckTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    outer, outer_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer > 0:  # a timer someone else had set (e.g. a test runner's deadline) runs on
            left = outer - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), outer_interval)


def too_complex(rules: RuleSet, op: str, name: str, seconds: float) -> dict:
    """The report of a file whose check ran past its budget: not judged, said so (a warning)."""
    report = Report(rules, op, subject=name)
    report.add("file.too_complex", "warn", seconds=f"{seconds:g}", value=seconds)
    return report.to_dict()


def _check_with(
    rules: RuleSet, op: str, path: str, as_of: str, region: str, material: str | None, seconds=None
) -> dict:
    try:
        with time_budget(seconds):
            return check_file(rules, op, Path(path), as_of, region, material)
    except CheckTimeout:
        return too_complex(rules, op, Path(path).name, seconds)
    except ReadError as exc:  # the other files still get checked
        return read_error(rules, op, Path(path).name, exc.kind)


def read_error(rules: RuleSet, op: str, name: str, kind: str) -> dict:
    """The report of a file this machine could not read (``kind``: host_files.read_problem): not judged,
    said so (a warning, as a file too complex to check in time): the reviewer's machine's problem, not
    the candidate's; the reason and what to do in Chinese, never the OS's English."""
    t = rules.fmt
    report = Report(rules, op, subject=name)
    reason, advice = t(f"cli.read.reason.{kind}"), t(f"cli.read.fix.{kind}")
    report.add("cli.read_error", "warn", reason=reason, advice=advice)
    return report.to_dict()


def cell(text) -> str:
    """A CSV cell a spreadsheet shows as text: formula starts neutralised with a leading '."""
    text = str(text)
    return "'" + text if text.startswith(FORMULA_START) else text


class CsvOut:
    """The CSV table, one row written per report as it arrives (``add``); close() when done."""

    def __init__(self, rules: RuleSet, target: Path):
        t = self.t = rules.fmt
        self.fh = open(target, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by close()
        self.out = csv.writer(self.fh)
        head = [t("cli.csv.path"), t("cli.csv.verdict"), t("cli.csv.codes"), t("cli.csv.messages")]
        self.out.writerow(head)

    def add(self, shown: str, report: dict) -> None:
        t, findings = self.t, report.get("findings", [])
        self.out.writerow(
            [
                cell(shown),
                cell(t(f"cli.verdict.{report['verdict']}")),
                cell(t("cli.table.sep").join(f["code"] for f in findings)),
                cell("\n".join(self.said(f) for f in findings)),
            ]
        )

    def said(self, finding: dict) -> str:
        """A finding's line in the 说明 cell: its severity word first, as the text output says it."""
        severity = self.t(f"cli.severity.{finding['severity']}")
        return self.t("cli.csv.message", severity=severity, message=finding["message"])

    def close(self) -> None:
        self.fh.close()


def write_csv(rules: RuleSet, rows: list[tuple[str, dict]], target: Path) -> None:
    """``rows``: (path shown, report). UTF-8 with BOM; messages of one file on separate lines."""
    table = CsvOut(rules, target)
    try:
        for shown, report in rows:
            table.add(shown, report)
    finally:
        table.close()
