"""The runtime pieces that need no browser: the deterministic wheel, the bridge's error reports,
the worker's SHA-256 fallback."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import subprocess
import zipfile

import pytest

from tests.conftest import AS_OF, ROOT, require_node

CJK = re.compile("[\u4e00-\u9fff]")


def test_wheel_is_deterministic_and_complete(tmp_path, rules):
    from scripts.build_wheel import build

    first = build(tmp_path / "a").read_bytes()
    second = build(tmp_path / "b").read_bytes()
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        names = set(zf.namelist())
        modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "validator").rglob("*.py")}
        modules = {m for m in modules if "__pycache__" not in m}
        assert modules <= names
        assert "validator/_data/rules.json" in names
        assert json.loads(zf.read("validator/_data/rules.json"))["version"] == rules.version
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in zf.infolist())
        record = next(n for n in names if n.endswith(".dist-info/RECORD"))
        for row in csv.reader(io.StringIO(zf.read(record).decode())):
            name, digest, size = row
            if name == record:
                continue
            data = zf.read(name)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={expected}" and int(size) == len(data), name
        wheel_meta = zf.read(next(n for n in names if n.endswith(".dist-info/WHEEL"))).decode()
        assert "Tag: py3-none-any" in wheel_meta


@pytest.mark.parametrize(
    ("op", "request_json", "code"),
    [
        ("photo", "{not json", "bridge.bad_request"),
        ("photo", "[1, 2]", "bridge.bad_request"),
        ("nope", json.dumps({"as_of": AS_OF.isoformat()}), "bridge.bad_request"),
        ("photo", json.dumps({"region": "national"}), "bridge.bad_request"),  # no as_of
        ("photo", json.dumps({"as_of": AS_OF.isoformat(), "region": "mars"}), "bridge.bad_request"),
    ],
)
def test_bridge_turns_bad_requests_into_chinese_reports(op, request_json, code, rules):
    from validator.bridge import handle

    report = json.loads(handle(op, request_json, b"\xff\xd8", None))
    assert report["verdict"] == "fail"
    assert [f["code"] for f in report["findings"]] == [code]
    assert CJK.search(report["findings"][0]["message"]) and CJK.search(report["findings"][0]["fix"])


def test_bridge_survives_bad_pixels(rules):
    from tests.gen.photos import FIXTURES
    from validator.bridge import handle

    request = json.dumps({"as_of": AS_OF.isoformat(), "filename": "a.jpg"})
    bad = {"width": 10, "height": 10, "data": b"\0" * 7}  # a buffer that does not match its size
    report = json.loads(handle("photo", request, FIXTURES["photo_good"](), bad))
    assert report["verdict"] in ("pass", "warn", "fail")
    assert "photo.integrity.undecodable" in {f["code"] for f in report["findings"]}


def test_bridge_accepts_rgba_pixels_like_the_browser(rules):
    from PIL import Image

    from tests.gen.photos import FIXTURES
    from validator.bridge import handle

    data = FIXTURES["photo_blue"]()
    with Image.open(io.BytesIO(data)) as im:
        rgba = im.convert("RGBA")
        pixels = {"width": rgba.width, "height": rgba.height, "data": rgba.tobytes()}
    request = json.dumps({"as_of": AS_OF.isoformat(), "filename": "blue.jpg"})
    report = json.loads(handle("photo", request, data, pixels))
    assert "photo.background.blue" in {f["code"] for f in report["findings"]}


def test_worker_sha256_fallback_matches_hashlib(tmp_path):
    require_node()
    source = (ROOT / "docs" / "assets" / "js" / "validator-worker.js").read_text(encoding="utf-8")
    function = re.search(r"^function sha256\(bytes\) \{.*?^\}", source, re.S | re.M).group(0)
    samples = [b"", b"abc", bytes(range(256)) * 3, b"x" * 55, b"y" * 56, b"z" * 64, b"w" * 100_001]
    (tmp_path / "samples.json").write_text(json.dumps([s.hex() for s in samples]), encoding="utf-8")
    script = tmp_path / "sha.mjs"
    script.write_text(
        "import fs from 'node:fs';\n"
        + function
        + "\nconst samples = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));\n"
        + "const hex = (h) => Buffer.from(sha256(Buffer.from(h, 'hex'))).toString('hex');\n"
        + "console.log(JSON.stringify(samples.map(hex)));\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        ["node", str(script), str(tmp_path / "samples.json")], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == [hashlib.sha256(s).hexdigest() for s in samples]
