"""Test vectors (tests/vectors/*.yaml) on both runtimes: CPython and Pyodide in Node.

A vector file is a YAML list (or a mapping with ``vectors:``) of::

    - id: photo-31k
      op: photo
      input:
        fixture: photos:photo_31k     # tests.gen.<module>.FIXTURES[name]; a bare name searches all modules
        region: national              # default national
        as_of: "2026-12-15"           # default tests.conftest.AS_OF
        filename: a.jpg               # other request keys pass through (a fixture's file name by default)
      expect:
        verdict: fail
        codes: [photo.size.too_large] # must all be present
        absent: [photo.size.near_limit]
        facts: {file: {format: jpeg}} # a subset of the report's facts

Bytes can also be given inline as ``data_hex`` or ``data_text``. Photo and scan pixels are
decoded on the host exactly as the CLI does (validator.host_files.decode_for, Pillow). CPython runs
validator.api.run; the Pyodide side runs every case in one Node process through
validator.bridge.handle on the runtime the site ships (tests/pyodide_runner.mjs: the trimmed
standard library, the lock file and the compiled wheel of ``site/assets/pyodide/``, loaded with
loadPackage), after checking that wheel was built from the current sources. Both must meet the
expectation, and agree with each other on the verdict and the set of codes.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.conftest import AS_OF, ROOT, require_node

VECTORS = Path(os.environ.get("YK_VECTORS_DIR", ROOT / "tests" / "vectors"))
GEN_MODULES = ("photos", "jpegs", "faces")
PIXEL_OPS = ("photo", "scan")
DATA_KEYS = ("fixture", "data_hex", "data_text")


def _load_vectors() -> list[dict]:
    vectors = []
    for path in sorted(VECTORS.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        items = doc.get("vectors", []) if isinstance(doc, dict) else doc
        for item in items:
            vectors.append({**item, "_file": path.stem, "_key": f"{path.stem}:{item['id']}"})
    return vectors


ALL = _load_vectors()
IDS = [v["_key"] for v in ALL]


def _fixture(ref: str) -> tuple[bytes, str]:
    """(bytes, file name) of a generated fixture: "module:name", "module.name" or a bare name."""
    if ":" in ref or "." in ref:
        module, name = ref.replace(":", ".").split(".", 1)
        modules = [module]
    else:
        modules, name = list(GEN_MODULES), ref
    for module in modules:
        try:
            mod = importlib.import_module(f"tests.gen.{module}")
        except ImportError:
            continue
        fixtures = getattr(mod, "FIXTURES", {})
        if name in fixtures:
            filenames = getattr(mod, "FILENAMES", {})
            return fixtures[name](), filenames.get(name, f"{name}.jpg")
    raise LookupError(f"no generated fixture {ref!r} in tests.gen.{{{','.join(modules)}}}")


def prepare(vector: dict, rules) -> tuple[str, dict, bytes | None, object]:
    """(op, request, data, pixels) exactly as a host would pass them."""
    op = vector["op"]
    inp = dict(vector.get("input") or {})
    data = None
    name = None
    if "fixture" in inp:
        data, name = _fixture(inp["fixture"])
    elif "data_hex" in inp:
        data = bytes.fromhex(inp["data_hex"])
    elif "data_text" in inp:
        data = inp["data_text"].encode("utf-8")
    request = {k: v for k, v in inp.items() if k not in DATA_KEYS}
    request.setdefault("as_of", AS_OF.isoformat())
    request.setdefault("region", "national")
    for key, value in list(request.items()):
        if isinstance(value, date):  # YAML reads unquoted dates as dates
            request[key] = value.isoformat()
    if op in PIXEL_OPS:
        request.setdefault("filename", name or "upload.jpg")
    pixels = None
    if op in PIXEL_OPS and data is not None:
        from validator.host_files import decode_for

        pixels, error = decode_for(rules, data, request["region"], request["as_of"])
        if error:
            request["decode_error"] = error
    return op, request, data, pixels


# Each vector is prepared (fixture encoded, pixels decoded with Pillow) and run on CPython once per test run
# and rule set; test_vectors, test_severity and test_messages_latin share the results. Read-only.
_PREPARED: dict[tuple, tuple] = {}
_REPORTS: dict[tuple, dict] = {}


def _in_region(vector: dict, region: str | None) -> tuple[dict, str]:
    if region is None:
        return vector, (vector.get("input") or {}).get("region", "national")
    return {**vector, "input": {**(vector.get("input") or {}), "region": region}}, region


def prepared(vector: dict, rules, region: str | None = None) -> tuple:
    """prepare() for a vector (in another 考区 when ``region`` is given), computed once per run."""
    vector, region = _in_region(vector, region)
    key = (id(rules), vector["_key"], region)
    if key not in _PREPARED:
        _PREPARED[key] = prepare(vector, rules)
    return _PREPARED[key]


def cpython_report(vector: dict, rules, region: str | None = None) -> dict:
    """validator.api.run on the prepared vector, computed once per run."""
    from validator import api

    key = (id(rules), vector["_key"], _in_region(vector, region)[1])
    if key not in _REPORTS:
        op, request, data, pixels = prepared(vector, rules, region)
        _REPORTS[key] = api.run(op, dict(request), data, pixels, rules=rules)
    return _REPORTS[key]


def _codes(report: dict) -> set[str]:
    return {f["code"] for f in report.get("findings", [])}


def _subset(expected, actual, where="facts") -> list[str]:
    problems = []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected a mapping, got {actual!r}"]
        for key, value in expected.items():
            if key not in actual:
                problems.append(f"{where}.{key}: missing")
            else:
                problems += _subset(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, float) and isinstance(actual, (int, float)):
        if abs(expected - actual) > 1e-6 * max(1.0, abs(expected)):
            problems.append(f"{where}: expected {expected!r}, got {actual!r}")
    elif expected != actual:
        problems.append(f"{where}: expected {expected!r}, got {actual!r}")
    return problems


def check_expectation(vector: dict, report: dict) -> None:
    __tracebackhide__ = True  # a failure shows the vector's file and id and what differs, not this helper
    expect = vector.get("expect") or {}
    codes = _codes(report)
    problems = []
    if "verdict" in expect and report.get("verdict") != expect["verdict"]:
        problems.append(f"verdict: expected {expect['verdict']!r}, got {report.get('verdict')!r}")
    missing = [c for c in expect.get("codes", []) if c not in codes]
    if missing:
        problems.append(f"missing codes {missing}")
    unwanted = [c for c in expect.get("absent", []) if c in codes]
    if unwanted:
        problems.append(f"unexpected codes {unwanted}")
    if "facts" in expect:
        problems += _subset(expect["facts"], report.get("facts", {}))
    where = f"tests/vectors/{vector['_file']}.yaml, id {vector['id']}"
    if problems:
        pytest.fail(f"{where}: {'; '.join(problems)}\ncodes: {sorted(codes)}", pytrace=False)


def test_vectors_exist_and_ids_unique():
    if not ALL:
        pytest.skip(f"no test vectors in {VECTORS}")
    assert len(IDS) == len(set(IDS)), "duplicate vector ids"
    for vector in ALL:
        assert vector.get("op"), f"{vector['_key']}: no op"


@pytest.fixture(scope="session")
def cpython_reports(rules):
    return {vector["_key"]: cpython_report(vector, rules) for vector in ALL}


@pytest.mark.parametrize("key", IDS)
def test_vector_cpython(key, cpython_reports):
    vector = ALL[IDS.index(key)]
    check_expectation(vector, cpython_reports[key])


SITE = Path(os.environ["SITE_DIR"]) if os.environ.get("SITE_DIR") else ROOT / "site"


def shipped_runtime(tmp_path) -> Path:
    """site/assets/pyodide/, after checking its wheel comes from the current sources."""
    from scripts.build_wheel import build

    runtime = SITE / "assets" / "pyodide"
    manifest_path = SITE / "assets" / "runtime-manifest.json"
    if not (runtime / "pyodide-lock.json").exists() or not manifest_path.exists():
        pytest.fail(f"{SITE} has no runtime: run `make build` first (make test does it)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    fresh = build(tmp_path / "dist").read_bytes()  # deterministic: same sources, same bytes
    if hashlib.sha256(fresh).hexdigest() != manifest.get("source_wheel_sha256"):
        pytest.fail(f"{SITE} was built from other sources than these: run `make build`")
    return runtime


@pytest.fixture(scope="session")
def pyodide_reports(rules, tmp_path_factory):
    require_node()
    work = tmp_path_factory.mktemp("pyodide-vectors")
    runtime = shipped_runtime(work)
    cases = []
    for n, vector in enumerate(ALL):
        op, request, data, pixels = prepared(vector, rules)
        case = {"id": vector["_key"], "op": op, "request": request}
        if data is not None:
            (work / f"{n}.bin").write_bytes(data)
            case["data_path"] = f"{n}.bin"
        if pixels is not None:
            (work / f"{n}.px").write_bytes(pixels.data)
            case["pixels"] = {
                "width": pixels.width,
                "height": pixels.height,
                "channels": pixels.channels,
                "path": f"{n}.px",
            }
        cases.append(case)
    cases_path, out_path = work / "cases.json", work / "results.json"
    cases_path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    # --snapshot: the same cases also on a restored start-up copy and after a refused one (tests below)
    runner = [str(ROOT / "tests" / "pyodide_runner.mjs"), str(cases_path), str(out_path), str(runtime)]
    proc = subprocess.run(
        ["node", *runner, "--snapshot"],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        pytest.fail(f"pyodide runner failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(out_path.read_text(encoding="utf-8"))


@pytest.mark.pyodide
def test_pyodide_runtime_versions(pyodide_reports):
    if not ALL:
        pytest.skip("no test vectors")
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    assert pyodide_reports["pyodide"] == pinned
    assert pyodide_reports["python"].startswith("3.")


@pytest.mark.pyodide
@pytest.mark.parametrize("key", IDS)
def test_vector_pyodide(key, pyodide_reports, cpython_reports):
    vector = ALL[IDS.index(key)]
    report = pyodide_reports["results"][key]
    assert "runner_error" not in report, report.get("runner_error")
    check_expectation(vector, report)
    cp = cpython_reports[key]
    assert report["verdict"] == cp["verdict"], f"{key}: Pyodide {report['verdict']}, CPython {cp['verdict']}"
    assert _codes(report) == _codes(cp), f"{key}: Pyodide {_codes(report)}, CPython {_codes(cp)}"
    # the face model gives the same numbers in both hosts (integer offsets, the same double sums)
    face = (report.get("facts") or {}).get("face")
    cp_face = (cp.get("facts") or {}).get("face")
    assert face == cp_face, f"{key}: face Pyodide {face}, CPython {cp_face}"


@pytest.mark.pyodide
def test_restored_snapshot_gives_the_cold_start_results(pyodide_reports):
    """The start-up copy (assets/js/runtime-snapshot.js, as the worker uses it): every vector gives the same
    report on a runtime restored from the copy as on the cold runtime it was taken from (whose reports the
    test above checks against the vectors' expectations)."""
    cold, restored = pyodide_reports["results"], pyodide_reports["results_snapshot"]
    assert set(restored) == set(cold) == set(IDS)
    differ = sorted(key for key in cold if restored[key] != cold[key])
    assert not differ, f"restored snapshot differs from the cold start on {differ[:5]}: {restored[differ[0]]}"
    assert pyodide_reports["snapshot_bytes"] > 1_000_000  # the interpreter's memory, not an empty copy
    # Most of the wasm's own data (3.2 MB: 785 pages of 4 KiB) is still as instantiation put it when the
    # copy is taken: those pages are left out of the copy and taken from the new memory when restored.
    assert pyodide_reports["snapshot_wasm_pages"] > 400


@pytest.mark.pyodide
def test_the_sites_start_up_copy_gives_the_cold_start_results(pyodide_reports):
    """The copy the build makes under Node (scripts/start_copy.mjs, site/assets/pyodide/start-up-copy.bin),
    which a first visit on a fast connection restores instead of starting Python: every vector gives the
    same report on it as on a cold start in this runner."""
    cold, restored = pyodide_reports["results"], pyodide_reports.get("results_site_copy")
    assert restored is not None, "the built site has no start-up copy (assets/pyodide/start-up-copy.bin)"
    assert set(restored) == set(cold) == set(IDS)
    differ = sorted(key for key in cold if restored[key] != cold[key])
    assert not differ, f"the site's copy differs from the cold start on {differ[:5]}: {restored[differ[0]]}"
    assert pyodide_reports["site_copy_wasm_pages"] > 400  # as the worker's own copy (test above)


@pytest.mark.pyodide
def test_refused_snapshot_falls_back_to_a_cold_start(pyodide_reports):
    """A copy the loader refuses (its magic number broken, as a copy of another build is refused): the
    runner asserts the start was a cold one after the refusal; the copy is removed from the store and the
    fallback runtime gives the cold start's reports (one vector of each operation)."""
    assert pyodide_reports["refused_removed"] is True
    cold, fallback = pyodide_reports["results"], pyodide_reports["results_refused"]
    # the runner checks the first vector of each operation on the fallback (a cold start like the first)
    assert {ALL[IDS.index(key)]["op"] for key in fallback} == {vector["op"] for vector in ALL}
    differ = sorted(key for key in fallback if fallback[key] != cold[key])
    assert not differ, f"the fallback runtime differs from the cold start on {differ[:5]}"


@pytest.mark.pyodide
def test_a_copy_whose_wasm_data_was_not_put_back_falls_back_to_a_cold_start(pyodide_reports):
    """A good copy restored by a loader that instantiates out of the watch's sight (runtime-snapshot.js
    watchInstance): the copy's pages of the wasm's data are never taken from the new memory, so the restore
    must not be used. The runner asserts the start was cold after a refusal; the copy is removed and the
    fallback gives the cold start's reports."""
    assert pyodide_reports["unseen_removed"] is True
    cold, fallback = pyodide_reports["results"], pyodide_reports["results_unseen"]
    assert {ALL[IDS.index(key)]["op"] for key in fallback} == {vector["op"] for vector in ALL}
    differ = sorted(key for key in fallback if fallback[key] != cold[key])
    assert not differ, f"the fallback runtime differs from the cold start on {differ[:5]}"


@pytest.mark.pyodide
def test_pyodide_imports_the_shipped_wheel_as_it_is(pyodide_reports):
    """The validator is imported from its wheel (a zip on sys.path, as the worker installs it),
    not unpacked through Pyodide's package loader (issue 19: no install step at start-up)."""
    wheel = "/lib/yk-wheels/validator-0.1.0-py314-none-any.whl"
    assert pyodide_reports["validator_file"] == f"{wheel}/validator/__init__.py"
    assert pyodide_reports["loaded"] == []


@pytest.mark.pyodide
def test_every_rule_module_imports_on_the_trimmed_stdlib(pyodide_reports):
    """A rule module that needs a standard-library module the build left out fails here:
    run `make stdlib-trace` to list it (scripts/stdlib-modules.txt)."""
    assert pyodide_reports["import_errors"] == {}


@pytest.mark.pyodide
def test_the_run_imported_only_traced_stdlib_modules(pyodide_reports):
    listed = {
        line.strip()
        for line in (ROOT / "scripts" / "stdlib-modules.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert set(pyodide_reports["stdlib_modules"]) <= listed


@pytest.mark.pyodide
def test_the_sites_start_up_copy_is_the_same_wherever_it_is_made(tmp_path):
    """scripts/start_copy.mjs run from two other folders (as another checkout or CI would) writes the very
    bytes the built site serves: no path of the machine that built it, no time, no randomness in it."""
    require_node()
    shipped = SITE / "assets" / "pyodide" / "start-up-copy.bin"
    if not shipped.exists():
        pytest.fail(f"{SITE} has no start-up copy: run `make build` first (make test does it)")
    made = []
    for n, folder in enumerate((tmp_path / "a" / "scripts", tmp_path / "b" / "deeper" / "scripts")):
        folder.mkdir(parents=True)
        script = folder / "start_copy.mjs"
        script.write_bytes((ROOT / "scripts" / "start_copy.mjs").read_bytes())
        out = tmp_path / f"copy{n}.bin"
        proc = subprocess.run(
            ["node", str(script), str(SITE / "assets"), str(out)],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=folder.parent,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        made.append(out.read_bytes())
    assert made[0] == made[1] == shipped.read_bytes()
