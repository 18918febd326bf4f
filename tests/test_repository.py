"""What the repository tracks: no machine-local set-up (virtualenvs, node_modules, builds) and no symlinks.

A worktree whose .venv and node_modules were symlinks to another checkout committed them with `git add -A`
(.gitignore named them as directories only): a clean clone then held a .venv link to itself and `make`
could not bootstrap. The names are now ignored whatever they are; this keeps them out.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCAL = {".venv", ".venv-pyodide", "node_modules", "site", "dist"}


def _tracked() -> list[tuple[str, str]]:
    if not shutil.which("git") or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    out = subprocess.run(
        ["git", "ls-files", "-s", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode("utf-8")
    rows = []
    for entry in filter(None, out.split("\0")):
        meta, path = entry.split("\t", 1)
        rows.append((meta.split()[0], path))
    return rows


def test_no_machine_local_set_up_is_tracked():
    local = [path for _, path in _tracked() if path.split("/", 1)[0] in LOCAL]
    assert local == []


def test_no_symlink_is_tracked():
    assert [path for mode, path in _tracked() if mode == "120000"] == []


@pytest.mark.parametrize("name", sorted(LOCAL))
def test_each_local_name_is_ignored_as_a_file_or_link_too(name):
    """`git check-ignore` on the bare name (no trailing slash): ignored as a directory, a file or a link."""
    proc = subprocess.run(["git", "check-ignore", "--no-index", "-q", name], cwd=ROOT)
    assert proc.returncode == 0, f"{name} is not ignored when it is a file or a link"
