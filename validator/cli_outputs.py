"""Where the command line writes (``--csv FILE``, ``--fix OUTDIR``), checked before any file is read.

Staff point the tool at candidates' folders, so a slip of the keyboard must never cost a candidate's file:

* the table is never written over a file being checked, and a folder or an unwritable place is named
  before the run with a plain reason (not an internal error after it);
* fixed files never go into the folder being checked (or a folder inside it; for one file: its own
  folder): they would mix with, or overwrite, the originals; and the fixer never writes over a file
  already in its folder (``cli_fix``);
* the tool's own outputs (the table, the fixer's ``修正结果.csv``) are never checked as candidates' files;
  nor is any other table (.csv) in a folder checked (review s12 F13: a table written into the folder was
  checked as a photo on the next run and counted as 不通过). Every .csv, not only the ones this tool wrote:
  no 考区 takes a table as a photo or a scan, and a .csv among candidates' files is a table staff keep
  there (this tool's from any earlier run, under any name, or their own list); checking it only adds a
  phantom failed candidate. The summary names what was left out; a .csv named on its own is checked.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from validator.host_files import UsageError, name_shown
from validator.ruleset import RuleSet

REASONS = {
    errno.ENOENT: "no_folder",
    errno.ENOTDIR: "no_folder",
    errno.EACCES: "no_permission",
    errno.EPERM: "no_permission",
    errno.EROFS: "no_permission",
    errno.ENOSPC: "disk_full",
}


def reason(rules: RuleSet, err: OSError) -> str:
    """An OSError as a plain Chinese reason."""
    return rules.fmt(f"cli.reason.{REASONS.get(err.errno or 0, 'other')}")


def checked_inputs(rules: RuleSet, args, files: list[Path], base: Path, folder: bool = True) -> list[Path]:
    """``files`` without the tool's own outputs; a UsageError when an output would harm an input.

    ``base``: the folder checked (``folder``) or the one file's folder: fixed files may go into a folder
    inside a single file's folder, never into the file's folder itself."""
    t = rules.fmt
    inputs = {f.resolve() for f in files}
    outputs = set()
    if getattr(args, "csv", None):
        target = Path(args.csv)
        if target.is_dir():
            raise UsageError(t("cli.error.csv_dir", path=name_shown(str(target))))
        if target.resolve() in inputs:
            raise UsageError(t("cli.error.csv_input", path=name_shown(str(target))))
        _writable_folder(rules, target.parent, target)
        outputs.add(target.resolve())
    if getattr(args, "fix", None):
        outdir, root = Path(args.fix).resolve(), base.resolve()
        if outdir == root or (folder and root in outdir.parents):
            suggest = root.parent / t("cli.fix.suggest_dir", folder=root.name)
            raise UsageError(
                t("cli.error.fix_inside", path=name_shown(str(args.fix)), suggest=name_shown(str(suggest)))
            )
    fix_table = t("cli.fix.csv_name")
    return [f for f in files if f.resolve() not in outputs and f.name != fix_table]


def without_tables(files: list[Path]) -> tuple[list[Path], list[Path]]:
    """(``files`` without tables, the tables: every ``.csv`` in any case) for a folder's check."""
    tables = [f for f in files if f.suffix.lower() == ".csv"]
    return [f for f in files if f.suffix.lower() != ".csv"], tables


def _writable_folder(rules: RuleSet, folder: Path, target: Path) -> None:
    folder = folder if str(folder) else Path(".")
    problem = None
    if not folder.is_dir():
        problem = errno.ENOENT
    elif not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        problem = errno.EACCES
    if problem:
        said = reason(rules, OSError(problem, ""))
        raise UsageError(rules.fmt("cli.error.out_parent", path=name_shown(str(target)), reason=said))
