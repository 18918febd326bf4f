"""Build what the browser worker loads besides Pyodide itself, into dist/runtime/.

Usage: python -m scripts.build_runtime [--out dist/runtime]

* ``validator-<version>-py314-none-any.whl``: the validator compiled to ``.pyc`` for Pyodide's
  Python (compiled inside Pyodide under Node: scripts/pyodide_compile.py), from the source
  wheel of scripts/build_wheel.py;
* ``python_stdlib.zip``: Pyodide's standard library cut down to the modules listed in
  scripts/stdlib-modules.txt (traced while the Pyodide test vectors run:
  ``python -m scripts.stdlib_trace``), minified and compiled to ``.pyc`` by default: start-up then
  unmarshals instead of compiling some 150 modules (time to ready about halved here, on a phone
  profile 17 → 8 s) for about 0.5 MB more gzip (0.35 MB brotli); ``YK_STDLIB=source``
  (``make build YK_STDLIB=source``) ships the minified source instead (fewest bytes);
* ``pyodide-lock.json``: a lock file that lists only the validator wheel, written by
  pyodide-build's ``pyodide lockfile add-wheels`` (pyodide-lock) from the virtualenv
  ``make`` sets up when a Python >= 3.12 is available (requirements-pyodide.txt), else by
  :func:`lock_entry`, which writes the same bytes (tests/test_runtime.py compares the two);
* ``build-info.json``: the inputs' digest (the step is skipped when nothing changed), the
  source wheel's sha256 and which lock writer ran.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT / "node_modules" / "pyodide"
OUT = ROOT / "dist" / "runtime"
MODULES = ROOT / "scripts" / "stdlib-modules.txt"
COMPILER = ROOT / "scripts" / "pyodide_compile.py"
IN_PYODIDE = ROOT / "scripts" / "in_pyodide.mjs"
PYODIDE_CLI = ROOT / ".venv-pyodide" / "bin" / "pyodide"
STDLIB = "python_stdlib.zip"
LOCK = "pyodide-lock.json"
# What loadPyodide fetches besides our files: the loader, the emscripten module and the wasm.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")


def stdlib_format() -> str:
    return "source" if os.environ.get("YK_STDLIB", "pyc") == "source" else "pyc"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _inputs_digest(source_wheel: Path) -> str:
    digest = hashlib.sha256()
    for path in (source_wheel, PYODIDE / STDLIB, PYODIDE / LOCK, MODULES, COMPILER, Path(__file__)):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    digest.update(b"pyodide-cli" if PYODIDE_CLI.exists() else b"fallback")
    digest.update(stdlib_format().encode())
    return digest.hexdigest()


def compiled_wheel_name(source_wheel: Path, python: str) -> str:
    major, minor = python.split(".")[:2]
    return source_wheel.name.replace("-py3-none-any.whl", f"-py{major}{minor}-none-any.whl")


def _in_pyodide(*args: str) -> None:
    if not (PYODIDE / "pyodide.mjs").exists():
        raise SystemExit("node_modules/pyodide is missing: run `make bootstrap` (npm ci)")
    proc = subprocess.run(["node", str(IN_PYODIDE), *args], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"in Pyodide: {' '.join(args[:2])} failed:\n{proc.stderr[-3000:]}")


def _lock_info() -> dict:
    return json.loads((PYODIDE / LOCK).read_text(encoding="utf-8"))["info"]


# ---------------------------------------------------------------------------
# the lock file


def lock_entry(wheel: Path, info: dict) -> bytes:
    """The lock file ``pyodide lockfile add-wheels`` writes for one pure wheel with no
    dependencies, on an input lock that lists no package: same keys, order and spacing."""
    name, version = wheel.name.split("-")[:2]
    package = {
        "depends": [],
        "file_name": wheel.name,
        "imports": [name],
        "install_dir": "site",
        "name": name,
        "package_type": "package",
        "sha256": _sha256(wheel.read_bytes()),
        "tool": {},
        "unvendored_tests": False,
        "version": version,
    }
    fields = ("abi_version", "arch", "platform", "python")
    doc = {"info": {k: info.get(k) for k in fields}, "packages": {name: package}, "tool": {}}
    return json.dumps(doc, sort_keys=True).encode("utf-8")


def write_lock(wheel: Path, out: Path, use_cli: bool = True) -> str:
    """Write ``out`` listing only ``wheel`` (in the same folder); returns the writer used."""
    info = _lock_info()
    if use_cli and PYODIDE_CLI.exists():
        with tempfile.TemporaryDirectory() as tmp:
            empty = Path(tmp) / "empty-lock.json"
            empty.write_text(json.dumps({"info": info, "packages": {}}), encoding="utf-8")
            cmd = [str(PYODIDE_CLI), "lockfile", "add-wheels", "--input", str(empty), "--output", str(out)]
            proc = subprocess.run([*cmd, str(wheel)], capture_output=True, text=True)
        if proc.returncode == 0:
            return "pyodide lockfile add-wheels"
        print(f"pyodide lockfile add-wheels failed, fallback:\n{proc.stderr[-2000:]}", file=sys.stderr)
    out.write_bytes(lock_entry(wheel, info))
    return "fallback (scripts.build_runtime.lock_entry)"


# ---------------------------------------------------------------------------


def build(out: Path = OUT) -> dict:
    """Build dist/runtime/ (or reuse it when its inputs have not changed); returns build-info."""
    sys.path.insert(0, str(ROOT))
    from scripts.build_wheel import build as build_source_wheel

    source = build_source_wheel(ROOT / "dist")
    digest = _inputs_digest(source)
    info_path = out / "build-info.json"
    if info_path.exists():
        info = json.loads(info_path.read_text(encoding="utf-8"))
        if info.get("inputs") == digest and all((out / f).exists() for f in info["files"]):
            return info
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    python = _lock_info()["python"]
    wheel = out / compiled_wheel_name(source, python)
    _in_pyodide(str(COMPILER), "wheel", str(source), str(wheel))
    extra = ["--pyc"] if stdlib_format() == "pyc" else []
    _in_pyodide(str(COMPILER), "stdlib", str(PYODIDE / STDLIB), str(MODULES), str(out / STDLIB), *extra)
    writer = write_lock(wheel, out / LOCK)
    info = {
        "inputs": digest,
        "files": [wheel.name, STDLIB, LOCK],
        "wheel": wheel.name,
        "source_wheel": source.name,
        "source_wheel_sha256": _sha256(source.read_bytes()),
        "lock_writer": writer,
        "python": python,
        "stdlib": stdlib_format(),
    }
    info_path.write_text(json.dumps(info, indent=1, sort_keys=True), encoding="utf-8")
    return info


def assemble(dest: Path, out: Path = OUT) -> dict:
    """Fill ``dest`` with everything the worker loads from assets/pyodide/; returns build-info."""
    info = build(out)
    dest.mkdir(parents=True, exist_ok=True)
    for name in PYODIDE_FILES:
        shutil.copyfile(PYODIDE / name, dest / name)
    for name in info["files"]:
        shutil.copyfile(out / name, dest / name)
    return info


def face_models(dest: Path) -> list[Path]:
    """Copy the face models (validator/_data/face/) into ``dest`` after checking each against the
    sha256 pinned in validator.face.MODELS. They are not in the wheel: the page fetches them after
    the runtime is ready, so they do not delay it (docs/assets/js/validator-worker.js)."""
    sys.path.insert(0, str(ROOT))
    from validator.face import DATA, MODELS

    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for name, pinned in MODELS.items():
        data = (DATA / name).read_bytes()
        if _sha256(data) != pinned:
            got = _sha256(data)
            raise SystemExit(f"validator/_data/face/{name}: sha256 {got} is not the pinned {pinned}")
        (dest / f"{name}.bin").write_bytes(data)  # .bin: served precompressed like the other assets
        out.append(dest / f"{name}.bin")
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    info = build(Path(args.out))
    out = Path(args.out)
    for name in info["files"]:
        print(f"runtime: {name} {(out / name).stat().st_size:,} bytes")
    print(f"runtime: lock written by {info['lock_writer']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
