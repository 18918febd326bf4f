"""The runtime start-up smoke check: the shipped Pyodide runtime boots and runs one real check, in Node and
in Chromium, on the built site. It runs first (`scripts/run_tests.sh` runs it as its own lane; in a single
pytest session tests/conftest.py moves it to the front and skips the browser and Pyodide tests after a
failure):
each of those tests would otherwise wait minutes for a runtime that never becomes ready.

Each step has its own bound well inside the smoke marker's timeout, so a broken runtime (a corrupt wasm, a
worker that does not load) ends the lane in about two minutes at most, with one clear message.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.browser.conftest import SETTLED
from tests.conftest import AS_OF, ROOT, require_node

pytestmark = pytest.mark.smoke

# one real photo check, with its expectation as written in tests/vectors/photo.yaml
VECTOR = "photo:photo-good-passes"
NODE_BOOT_S = 90
BROWSER_READY_MS = 100_000
BROWSER_CHECK_MS = 60_000
FAILED = "RUNTIME SMOKE FAILED"


def _vector():
    from tests.test_vectors import ALL, IDS

    return ALL[IDS.index(VECTOR)]


def test_pyodide_starts_in_node_on_the_built_site(site_dir, rules, tmp_path):
    require_node()
    from tests.test_vectors import prepare

    runtime = site_dir / "assets" / "pyodide"
    if not (runtime / "pyodide-lock.json").exists():
        pytest.fail(f"{FAILED}: {runtime} has no runtime (run `make build`)")
    vector = _vector()
    op, request, data, pixels = prepare(vector, rules)
    (tmp_path / "0.bin").write_bytes(data)
    (tmp_path / "0.px").write_bytes(pixels.data)
    size = {"width": pixels.width, "height": pixels.height, "channels": pixels.channels}
    case = {
        "id": VECTOR,
        "op": op,
        "request": request,
        "data_path": "0.bin",
        "pixels": {**size, "path": "0.px"},
    }
    (tmp_path / "cases.json").write_text(json.dumps([case]), encoding="utf-8")
    command = ["node", str(ROOT / "tests" / "pyodide_runner.mjs"), "cases.json", "results.json", str(runtime)]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=NODE_BOOT_S, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{FAILED}: Pyodide did not start in Node within {NODE_BOOT_S} s on {runtime}")
    if proc.returncode != 0:
        pytest.fail(
            f"{FAILED}: Pyodide did not start in Node on {runtime} (exit {proc.returncode}):\n"
            + proc.stderr[-2000:]
        )
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    wheel = "/lib/yk-wheels/validator-0.1.0-py314-none-any.whl/"  # imported from the wheel as it is
    where = results["validator_file"]
    assert where.startswith(wheel), f"{FAILED}: the validator was not imported from its wheel: {where}"
    report = results["results"][VECTOR]
    assert "runner_error" not in report, f"{FAILED}: {report['runner_error']}"
    assert report["verdict"] == vector["expect"]["verdict"], f"{FAILED}: {VECTOR} gave {report}"


def test_pyodide_starts_in_chromium_on_the_built_site(page, site_url, rules, tmp_path):
    vector = _vector()
    photo = tmp_path / "photo.jpg"
    from tests.test_vectors import _fixture

    photo.write_bytes(_fixture(vector["input"]["fixture"])[0])
    page.goto(f"{site_url}/tools/photo/?as_of={AS_OF.isoformat()}")
    status = "[data-testid=validator-status]"
    try:
        page.wait_for_selector(SETTLED, timeout=BROWSER_READY_MS)
    except Exception:  # Playwright's TimeoutError: say what the page showed instead of a stack
        pytest.fail(
            f"{FAILED}: the photo tool's runtime was not ready in {BROWSER_READY_MS // 1000} s in Chromium;"
            f" the page showed: {page.inner_text(status)!r}; page errors: {page.js_errors}"
        )
    state = page.get_attribute(status, "data-state")
    if state != "ready":
        code = page.get_attribute(status, "data-error-code")
        pytest.fail(
            f"{FAILED}: the runtime did not start in Chromium (state {state}, code {code}):"
            f" {page.inner_text(status)!r}; page errors: {page.js_errors}"
        )
    page.set_input_files("[data-testid=photo-input]", str(photo))
    selector = '[data-testid=verdict][data-file="photo.jpg"]'
    try:
        page.wait_for_selector(selector, timeout=BROWSER_CHECK_MS)
    except Exception:
        pytest.fail(
            f"{FAILED}: the runtime started in Chromium but gave no verdict within"
            f" {BROWSER_CHECK_MS // 1000} s; page errors: {page.js_errors}"
        )
    assert page.get_attribute(selector, "data-verdict") == vector["expect"]["verdict"]
