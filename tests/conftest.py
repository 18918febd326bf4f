"""Shared fixtures: the compiled rule set, the repository root, browser gating."""

from __future__ import annotations

import functools
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


@functools.cache
def site_content() -> dict:
    """content/ as the build reads it, checked once per test process (page lists read it at import)."""
    from scripts.content import check

    content, _ = check(ROOT / "content", codes_package=None)
    return content


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


# --- fail fast ------------------------------------------------------------------------------
# pyproject.toml gives every test a 180 s deadline (pytest-timeout, signal method: the test fails, the session
# goes on to its summary). A browser or Pyodide test gets more: a session fixture may start the runtime or run
# every vector through Node first, on 2 shared cores; a plain test marked slow (a whole build or an exhaustive
# sweep, about 2 minutes on a loaded machine) gets 600 s. The smoke check bounds its own steps.
TIMEOUT_S = {"smoke": 240, "browser": 300, "pyodide": 600, "slow": 600}
SMOKE_FAILED = "runtime smoke check failed: the browser and Pyodide tests are not run (see the failure above)"


def _lane(item) -> str | None:
    for mark in TIMEOUT_S:  # in this order: a smoke test is a browser test too
        if item.get_closest_marker(mark) or (mark == "browser" and "tests/browser" in str(item.fspath)):
            return mark
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Per-lane deadlines, and the smoke check first when it shares a session with other tests."""
    for item in items:
        lane = _lane(item)
        if lane and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(TIMEOUT_S[lane]))
    items.sort(key=lambda item: item.get_closest_marker("smoke") is None)  # stable: the rest keep their order


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failed smoke check: every later browser and Pyodide test would wait for the same broken runtime."""
    outcome = yield
    if outcome.get_result().failed and item.get_closest_marker("smoke"):
        item.config.stash[_SMOKE_FAILED] = True


def pytest_runtest_setup(item):
    if item.config.stash.get(_SMOKE_FAILED, False) and _lane(item) in ("browser", "pyodide"):
        pytest.skip(SMOKE_FAILED)


_SMOKE_FAILED = pytest.StashKey[bool]()
