"""The smoke check itself: on a copy of the built site with a broken runtime, `scripts/run_tests.sh` stops at
the smoke lane well within 5 minutes, names the failure, and does not run the Pyodide and browser lanes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time

import pytest

from tests.conftest import ROOT

LIMIT_S = 300  # the bound for stopping the browser lane


def _replace(path, data: bytes) -> None:
    """Overwrite a served file and drop its precompressed twins, so the server sends the broken bytes."""
    path.write_bytes(data)
    for twin in (path.with_name(path.name + ".br"), path.with_name(path.name + ".gz")):
        twin.unlink(missing_ok=True)


def _corrupt_wasm(site) -> None:  # Pyodide fails in Node and in Chromium
    wasm = site / "assets" / "pyodide" / "pyodide.asm.wasm"
    _replace(wasm, b"\0asm" + bytes(range(256)) * 64)


def _corrupt_worker(site) -> None:  # Node's runtime is fine; only the page's worker is broken
    _replace(site / "assets" / "js" / "validator-worker.js", b"this is not javascript {{{\n")


@pytest.mark.timeout(LIMIT_S + 60)
@pytest.mark.parametrize("breakage", [_corrupt_wasm, _corrupt_worker], ids=["corrupt-wasm", "broken-worker"])
def test_a_broken_runtime_stops_the_browser_lanes_within_5_minutes(breakage, site_dir, tmp_path):
    broken = tmp_path / "site"
    shutil.copytree(site_dir, broken)
    breakage(broken)
    env = {**os.environ, "SITE_DIR": str(broken), "YK_LANES": "smoke pyodide browser"}
    started = time.monotonic()
    proc = subprocess.Popen(
        ["bash", "scripts/run_tests.sh"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: a timeout stops pytest, node and chromium together
    )
    try:
        out, _ = proc.communicate(timeout=LIMIT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        pytest.fail(f"a broken runtime ({breakage.__name__}) was not stopped in {LIMIT_S} s:\n{out[-3000:]}")
    elapsed = time.monotonic() - started
    assert proc.returncode != 0, out[-3000:]
    assert "RUNTIME SMOKE FAILED" in out, out[-3000:]  # the smoke test's own message, naming what failed
    assert "lane pyodide: NOT RUN" in out and "lane browser: NOT RUN" in out, out[-3000:]
    assert elapsed < LIMIT_S
