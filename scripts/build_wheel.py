"""Build the validator wheel (pure Python, py3-none-any) with zipfile only.

Usage: python -m scripts.build_wheel [--out dist]

No pyodide-build, no setuptools: the wheel is a zip of validator/**.py plus the
compiled rule set validator/_data/rules.json (run `make rules` first) and the
dist-info files. Entries are sorted and carry a fixed timestamp and mode, so the
same sources give the same bytes and the same sha256 on every machine.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "validator"
DIST = ROOT / "dist"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
NAME = "validator"
LICENSE_EXPRESSION = "MIT"  # the same as pyproject.toml's `license` (tests/test_notices.py compares them)


def version() -> str:
    text = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', text, re.M)
    if not match:
        raise SystemExit("validator/__init__.py has no __version__")
    return match.group(1)


def wheel_name(ver: str | None = None) -> str:
    return f"{NAME}-{ver or version()}-py3-none-any.whl"


def package_files() -> list[tuple[str, bytes]]:
    """(archive name, bytes) for every module and the compiled rules, sorted."""
    rules = PACKAGE / "_data" / "rules.json"
    if not rules.exists():
        raise SystemExit("validator/_data/rules.json is missing: run `make rules` first")
    files = []
    for path in sorted(PACKAGE.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        # modules, the rules, and the licence texts that travel with shipped data (e.g. model weights)
        if path.suffix == ".py" or path == rules or path.name.startswith("LICENSE"):
            files.append((path.relative_to(ROOT).as_posix(), path.read_bytes()))
    return files


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def build(out_dir: Path = DIST) -> Path:
    ver = version()
    dist_info = f"{NAME}-{ver}.dist-info"
    entries = package_files()
    entries.append(
        (
            f"{dist_info}/METADATA",
            (
                "Metadata-Version: 2.4\n"
                f"Name: {NAME}\n"
                f"Version: {ver}\n"
                "Summary: 医考报名指南 self-check (photos, scans, fields, probation, eligibility)\n"
                f"License-Expression: {LICENSE_EXPRESSION}\n"
                "License-File: LICENSE\n"
                "Requires-Python: >=3.11\n"
            ).encode(),
        )
    )
    entries.append((f"{dist_info}/licenses/LICENSE", (ROOT / "LICENSE").read_bytes()))
    entries.append(
        (
            f"{dist_info}/WHEEL",
            b"Wheel-Version: 1.0\nGenerator: scripts.build_wheel\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
    )
    entries.append((f"{dist_info}/top_level.txt", f"{NAME}\n".encode()))
    record_name = f"{dist_info}/RECORD"
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in entries)
    record += f"{record_name},,\n"
    entries.append((record_name, record.encode()))

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / wheel_name(ver)
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100644 & 0xFFFF) << 16
            info.create_system = 3
            zf.writestr(info, data, compresslevel=9)
    tmp.replace(target)
    for stale in out_dir.glob(f"{NAME}-*-py3-none-any.whl"):
        if stale != target:
            stale.unlink()
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(DIST))
    args = parser.parse_args(argv)
    target = build(Path(args.out))
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    print(
        f"wheel: {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target} sha256={digest[:16]}…"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
