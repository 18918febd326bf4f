"""Shared fixtures: the compiled rule set, the repository root, browser gating."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from scripts.browser import CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI") == "true"
AS_OF = date(2026, 12, 15)  # fixed as-of date for every rule test


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def rules():
    from validator.ruleset import RuleSet

    path = ROOT / "validator" / "_data" / "rules.json"
    if not path.exists():
        pytest.fail("validator/_data/rules.json is missing: run `make rules` (make test does it)")
    return RuleSet.from_json(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def as_of() -> date:
    return AS_OF


def require_chromium() -> None:
    """Browser tests run for real; outside CI a machine without chromium skips them."""
    if Path(CHROMIUM).exists():
        return
    if IN_CI:
        pytest.fail("chromium is required in CI (scripts/ensure_chromium.sh installs it)")
    pytest.skip("no /usr/bin/chromium on this machine")


def require_node() -> None:
    if shutil.which("node") and (ROOT / "node_modules" / "pyodide").exists():
        return
    if IN_CI:
        pytest.fail("node and node_modules/pyodide are required in CI")
    pytest.skip("node or node_modules/pyodide missing (run make bootstrap)")
