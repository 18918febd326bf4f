"""Prepare the face models shipped in validator/_data/face/ from their public upstream files.

Usage: python -m scripts.face_models FACEFINDER PUPLOC   (paths to the upstream files)

Upstream (both MIT, licences beside the models):
  facefinder  esimov/pigo cascade/facefinder (the same file as nenadmarkus/pico rnt/cascades/facefinder),
              shipped unchanged.
  puploc      esimov/pigo cascade/puploc, 5 stages × 20 trees of depth 10 with float32 leaves
              (row, column) pairs. Shipped as ``puploc-int8``: the same header and node codes, each
              tree's leaves re-quantised to int8 with one float32 scale per tree (half the bytes).

The upstream sha256 is checked before anything is written, and validator.face.MODELS pins the
sha256 of each shipped file (tests/test_face.py checks the files against it, and
scripts/build_runtime.py again before it copies them into the site).
"""

from __future__ import annotations

import hashlib
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "validator" / "_data" / "face"
UPSTREAM = {
    # esimov/pigo at 7465ed14de4797ad2e7db017b46c794153e9e7ab
    "facefinder": "d8014993e7298c7b1865d1f8b855d6dbf4ec5c808bf879e2091ab6837abf90cd",
    "puploc": "aa01adf34e5af6ed333be75e934275fc39fba2b63790cb340353b2d459c96ccc",
}


def quantise_puploc(raw: bytes) -> bytes:
    """Float32 leaves → int8 per tree: q = round(v / scale), scale = max |v| / 127 (float32)."""
    stages, _scale, trees, depth = struct.unpack_from("<IfII", raw, 0)
    out = bytearray(raw[:16])
    pos = 16
    leaves = 1 << depth
    ncodes = 4 * leaves - 4
    for _ in range(stages * trees):
        out += raw[pos : pos + ncodes]
        pos += ncodes
        values = struct.unpack_from(f"<{2 * leaves}f", raw, pos)
        pos += 8 * leaves
        top = max(abs(v) for v in values)
        scale = struct.unpack("<f", struct.pack("<f", top / 127 if top else 1.0))[0]
        out += struct.pack("<f", scale)
        out += bytes((max(-127, min(127, round(v / scale))) & 0xFF) for v in values)
    if pos != len(raw):
        raise SystemExit(f"puploc: {len(raw) - pos} bytes left over")
    return bytes(out)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    finder, puploc = (Path(a).read_bytes() for a in argv)
    for name, data in (("facefinder", finder), ("puploc", puploc)):
        got = hashlib.sha256(data).hexdigest()
        if got != UPSTREAM[name]:
            raise SystemExit(f"{name}: sha256 {got} is not the pinned upstream {UPSTREAM[name]}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "facefinder").write_bytes(finder)
    (OUT / "puploc-int8").write_bytes(quantise_puploc(puploc))
    for name in ("facefinder", "puploc-int8"):
        data = (OUT / name).read_bytes()
        print(f"{name}: {len(data)} bytes sha256={hashlib.sha256(data).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
