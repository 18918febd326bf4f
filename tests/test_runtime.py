"""The runtime pieces that need no browser: the deterministic wheels (source and compiled for
Pyodide), the lock file (pyodide-lock's writer and the fallback agree), the trimmed standard
library, the bridge's error reports, and the precompressed files and headers the hosts send."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import subprocess
import zipfile

import pytest

from tests.conftest import AS_OF, ROOT, require_node

# these tests build into the repository's dist/ (dist/runtime is shared): one test process runs them all
# when the plain lane runs in two (scripts/run_tests.sh, --dist loadfile: one process per file)
pytestmark = pytest.mark.xdist_group("dist")

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


@pytest.fixture(scope="session")
def runtime_build():
    require_node()
    from scripts import build_runtime

    return build_runtime.build(), build_runtime.OUT


def test_compiled_wheel_holds_pyc_for_pyodide_and_is_deterministic(runtime_build, tmp_path):
    from scripts import build_runtime

    info, out = runtime_build
    wheel = out / info["wheel"]
    assert wheel.name == "validator-0.1.0-py314-none-any.whl"
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        modules = [n for n in names if n.startswith("validator/") and n.endswith((".py", ".pyc"))]
        assert [n for n in modules if n.endswith(".py")] == ["validator/__init__.py"]
        assert "validator/photo.pyc" in names and "validator/_data/rules.json" in names
        # CPython 3.14's magic number: the first two bytes are 3600 + ... (little endian), then \r\n.
        assert zf.read("validator/photo.pyc")[2:4] == b"\r\n"
        assert "Tag: py314-none-any" in zf.read("validator-0.1.0.dist-info/WHEEL").decode()
    again = tmp_path / wheel.name
    subprocess.run(
        ["node", str(build_runtime.IN_PYODIDE), str(build_runtime.COMPILER), "wheel",
         str(ROOT / "dist" / info["source_wheel"]), str(again)],
        check=True, capture_output=True,
    )
    assert again.read_bytes() == wheel.read_bytes()


def test_lock_lists_only_the_wheel_and_the_fallback_writes_what_pyodide_lock_writes(runtime_build, tmp_path):
    from scripts import build_runtime

    info, out = runtime_build
    wheel = out / info["wheel"]
    lock = json.loads((out / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert list(lock["packages"]) == ["validator"]
    entry = lock["packages"]["validator"]
    assert entry["file_name"] == wheel.name and entry["imports"] == ["validator"]
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    fallback = tmp_path / "fallback.json"
    assert build_runtime.write_lock(wheel, fallback, use_cli=False).startswith("fallback")
    if not build_runtime.PYODIDE_CLI.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("make test bootstraps .venv-pyodide (pyodide-build) when Python >= 3.12 exists")
        pytest.skip("no .venv-pyodide/bin/pyodide (needs Python >= 3.12): the fallback alone was run")
    cli = tmp_path / "cli.json"
    assert build_runtime.write_lock(wheel, cli) == "pyodide lockfile add-wheels"
    assert fallback.read_bytes() == cli.read_bytes()


@pytest.mark.slow  # compiles and minifies the standard library in Pyodide under Node
def test_stdlib_is_cut_to_the_traced_modules_minified_and_compiled(runtime_build, tmp_path):
    from scripts import build_runtime

    info, out = runtime_build
    full = zipfile.ZipFile(build_runtime.PYODIDE / "python_stdlib.zip")
    ext = ".pyc" if info["stdlib"] == "pyc" else ".py"
    with zipfile.ZipFile(out / "python_stdlib.zip") as zf:
        names = zf.namelist()
        assert f"json/__init__{ext}" in names and f"asyncio/__init__{ext}" in names
        assert not [n for n in names if n.startswith(("unittest/", "email/mime/"))]
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())
        if ext == ".pyc":
            assert zf.read("json/decoder.pyc")[2:4] == b"\r\n"  # a pyc header, no source shipped
    assert len(names) < len(full.namelist()) / 2
    # The minifier itself: no comments, no docstrings, one-space indents, still the same module.
    minified = tmp_path / "min.zip"
    subprocess.run(
        ["node", str(build_runtime.IN_PYODIDE), str(build_runtime.COMPILER), "stdlib",
         str(build_runtime.PYODIDE / "python_stdlib.zip"), str(build_runtime.MODULES), str(minified)],
        check=True, capture_output=True,
    )
    source = zipfile.ZipFile(minified).read("json/decoder.py").decode()
    assert "#" not in source.split("\n", 1)[0] and '"""' not in source
    assert "\n def " in source or "\n  " in source
    assert len(source) < 0.7 * len(full.read("json/decoder.py"))


# ---------------------------------------------------------------------------
# served compressed, with the same headers everywhere


def test_accept_encoding_picks_the_precompressed_file(tmp_path):
    from scripts import hosting

    target = tmp_path / "a.js"
    target.write_text("x" * 2000)
    (tmp_path / "a.js.br").write_bytes(b"br")
    (tmp_path / "a.js.gz").write_bytes(b"gz")
    assert hosting.encoded_variant(target, "gzip, deflate, br") == (tmp_path / "a.js.br", "br")
    assert hosting.encoded_variant(target, "gzip") == (tmp_path / "a.js.gz", "gzip")
    assert hosting.encoded_variant(target, "br;q=0, gzip;q=0.5") == (tmp_path / "a.js.gz", "gzip")
    assert hosting.encoded_variant(target, "identity") is None
    assert hosting.encoded_variant(target, "") is None


def test_host_configs_carry_the_same_headers():
    from scripts import hosting

    csp = "default-src 'self'; worker-src 'self'"
    headers = hosting.headers_for("/tools/photo/", csp)
    # every host adds frame-ancestors 'none' (a header-only directive; issue 13)
    csp = "default-src 'self'; worker-src 'self'; frame-ancestors 'none'"
    assert headers["Content-Security-Policy"] == csp and headers["X-Content-Type-Options"] == "nosniff"
    for text in (hosting.render_headers_file(csp), hosting.render_nginx(csp), hosting.render_caddy(csp)):
        assert csp in text and "nosniff" in text and "application/wasm" in text
    assert "gzip_static on;" in hosting.render_nginx(csp) and "brotli_static on;" in hosting.render_nginx(csp)
    assert "precompressed br gzip" in hosting.render_caddy(csp)


def test_serve_sends_the_precompressed_file_with_the_original_type(tmp_path):
    import gzip
    import threading
    import urllib.request

    from scripts.serve import make_server

    body = b"export const x = 1;\n" * 200
    (tmp_path / "m.mjs").write_bytes(body)
    (tmp_path / "m.mjs.gz").write_bytes(gzip.compress(body))
    (tmp_path / ".csp").write_text("default-src 'self'\n")
    server = make_server(str(tmp_path), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/m.mjs"
    try:
        request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert response.headers["Content-Type"] == "text/javascript"
            assert response.headers["Content-Security-Policy"] == "default-src 'self'; frame-ancestors 'none'"
            assert "Accept-Encoding" in response.headers["Vary"]
            assert gzip.decompress(response.read()) == body
        with urllib.request.urlopen(url) as response:  # no Accept-Encoding: the file as it is
            assert response.headers.get("Content-Encoding") is None and response.read() == body
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------------------
# what the service worker precaches (issue 19)


def _hook():
    import importlib.util

    path = ROOT / "scripts" / "hooks" / "runtime.py"
    spec = importlib.util.spec_from_file_location("yk_runtime_hook", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("assets/pyodide/start-up-copy.bin", False),  # asked for by a fast first visit only, then kept apart
        ("assets/javascripts/bundle.a5f9d56c.min.js.map", False),  # source maps: never
        ("assets/stylesheets/main.57a0d79d.min.css.map", False),
        ("assets/javascripts/workers/search.a7633da7.min.js.map", False),
        ("assets/javascripts/lunr/min/lunr.de.min.js", False),  # a search language the site does not use
        ("assets/javascripts/lunr/tinyseg.js", False),  # Japanese segmenter
        ("assets/pyodide/pyodide.asm.wasm.br", False),  # compressed twins: the server picks them
        ("sitemap.xml", False),
        ("_headers", False),
        ("assets/javascripts/lunr/min/lunr.zh.min.js", True),  # the site's search language (zh)
        ("assets/javascripts/lunr/min/lunr.stemmer.support.min.js", True),
        ("assets/pyodide/pyodide.asm.wasm", True),
        ("assets/js/validator-worker.js", True),
        ("tools/photo/index.html", True),
    ],
)
def test_precache_holds_what_the_tools_need_and_no_source_maps(path, kept):
    from pathlib import Path

    assert _hook().precached(Path(path)) is kept


def test_built_service_worker_precaches_no_source_maps():
    sw = ROOT / "site" / "sw.js"
    if not sw.exists():
        pytest.skip("site/ is not built")
    match = re.search(r"const PRECACHE = (\[.*?\]);", sw.read_text(encoding="utf-8"))
    urls = json.loads(match.group(1))
    assert "assets/pyodide/pyodide.asm.wasm" in urls and "tools/photo/" in urls
    assert [u for u in urls if u.endswith(".map")] == []
    used = ("lunr.zh.", "lunr.stemmer.support.", "lunr.multi.")
    assert [u for u in urls if "/lunr/" in u and not u.rsplit("/", 1)[-1].startswith(used)] == []
    worker = (ROOT / "site" / "assets" / "js" / "validator-worker.js").read_text(encoding="utf-8")
    assert 'const LOCK = {"info": ' in worker  # the lock travels inside the worker: no round trip
    # the site's start-up copy: never precached (9.4 MB unpacked on every device), named in the worker
    # with the sha256 of the file the site serves
    assert [u for u in urls if "start-up-copy" in u] == []
    named = json.loads(re.search(r"const SITE_COPY = (\{.*?\});", worker).group(1))
    copy = ROOT / "site" / "assets" / "pyodide" / named["file"]
    assert named["file"] == "start-up-copy.bin" and copy.stat().st_size > 5_000_000
    assert named["sha256"] == hashlib.sha256(copy.read_bytes()).hexdigest()


def test_the_lock_is_written_into_the_worker(tmp_path):
    from mkdocs.exceptions import PluginError

    hook = _hook()
    worker = tmp_path / "validator-worker.js"
    worker.write_text(f"const A = 1;\n{hook.LOCK_MARK}\nconst B = 2;\n", encoding="utf-8")
    lock = tmp_path / "pyodide-lock.json"
    lock.write_text('{"packages": {"validator": {"file_name": "v.whl"}}, "info": {}}', encoding="utf-8")
    hook.inline_lock(worker, lock)
    text = worker.read_text(encoding="utf-8")
    assert 'const LOCK = {"info": {}, "packages": {"validator": {"file_name": "v.whl"}}};' in text
    with pytest.raises(PluginError, match="cannot be inlined"):
        hook.inline_lock(worker, lock)  # the mark is gone: a second run says so (a build error)
