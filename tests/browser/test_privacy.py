"""Nothing leaves the device: the request log of a whole session, the Content-Security-Policy on
every page and response, the vendored runtime (no CDN) and the wheel's integrity check."""

from __future__ import annotations

import json
import re
import shutil
import threading
from pathlib import Path
from urllib.request import urlopen

import pytest

from tests.browser.conftest import RUNTIME_TIMEOUT_MS, check_photo_in_page, open_tool

SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)


@pytest.mark.service_worker
def test_whole_session_stays_on_the_origin_and_uploads_nothing(photo_page, site_url, photo_files):
    for name in ("photo_good", "photo_blue", "photo_png", "photo_31k"):
        check_photo_in_page(photo_page, photo_files[name])
    photo_page.click("[data-testid=fix-button]")
    photo_page.wait_for_selector("[data-testid=verdict][data-file$='-30k.jpg']", timeout=RUNTIME_TIMEOUT_MS)
    # late requests (the service worker's precache) are in the log once it is installed and active
    assert photo_page.evaluate(
        """() => Promise.race([navigator.serviceWorker.ready.then(() => true),
                              new Promise((done) => setTimeout(() => done(false), 60000))])"""
    ), "the service worker never became active"

    log = photo_page.requests_log
    assert len(log) > 5
    assert log.foreign(site_url) == [], "requests to another origin"
    # GET, and HEAD to the site's own runtime files (issue 19: start-up checks the content types the host
    # sends; a HEAD carries no body): nothing is ever sent
    sent = [(m, u) for m, u, _, _ in log if m != "GET" and not (m == "HEAD" and "/assets/" in u)]
    assert sent == [], "only GET (and HEAD to the site's own assets) requests"
    assert [(u, size) for _, u, _, size in log if size] == [], "requests carrying a body"
    # The runtime came from our own origin, never from Pyodide's CDN.
    urls = [u for _, u, _, _ in log]
    assert any(u.startswith(site_url + "/assets/pyodide/pyodide.asm.wasm") for u in urls)
    assert any("/assets/pyodide/validator-" in u and ".whl" in u for u in urls)
    assert not [u for u in urls if "cdn" in u or "jsdelivr" in u]
    # File names and contents never appear in a URL either.
    assert not [u for u in urls if "photo_png" in u or "photo_blue" in u]


def test_every_page_has_the_csp_meta_first(site_dir):
    pages = [p for p in site_dir.rglob("*.html") if "/assets/bench/" not in p.as_posix()]
    assert len(pages) > 5
    for page in pages:
        html = page.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert meta, f"{page}: no CSP meta"
        first_script = html.find("<script")
        assert first_script == -1 or meta.start() < first_script, f"{page}: a script comes before the CSP"
        policy = meta.group(1)
        for directive in (
            "default-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
        ):
            assert directive in policy, (page, directive)
        assert re.search(r"script-src 'self' 'wasm-unsafe-eval'( 'sha256-[^']+')*;", policy), policy
        assert "unsafe-eval'" not in policy.replace("'wasm-unsafe-eval'", ""), policy
        # Each inline script is allowed by its hash, nothing else inline runs.
        for match in SCRIPT.finditer(html):
            if "src=" in (match.group("attrs") or ""):
                src = re.search(r'src="([^"]+)"', match.group("attrs")).group(1)
                assert not src.startswith(("http:", "https:", "//")), (page, src)
        for link in re.findall(r'<link[^>]+rel="stylesheet"[^>]*>', html):
            assert not re.search(r'href="(https?:)?//', link), (page, link)


def test_server_sends_the_policy_as_a_header(site_url):
    for path in ("/tools/photo/", "/assets/js/validator-worker.js", "/sw.js"):
        with urlopen(site_url + path) as response:
            header = response.headers.get("Content-Security-Policy", "")
            assert "worker-src 'self'" in header and "'wasm-unsafe-eval'" in header, path


def test_csp_blocks_a_request_to_another_origin(photo_page):
    result = photo_page.evaluate(
        """async () => {
            const seen = [];
            document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
            try {
                await fetch('https://example.com/upload', {method: 'POST', body: 'x'});
                return ['sent', seen];
            }
            catch (err) { await new Promise(r => setTimeout(r, 50)); return ['blocked', seen]; }
        }"""
    )
    assert result[0] == "blocked"
    assert any(d.startswith("connect-src") for d in result[1]), result


def test_vendored_runtime_is_minimal_and_cannot_load_packages(site_dir):
    pyodide = site_dir / "assets" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text(encoding="utf-8"))
    assert list(lock["packages"]) == ["validator"], "no Pyodide package but ours can be loaded"
    wheel = lock["packages"]["validator"]["file_name"]
    assert "/" not in wheel and (pyodide / wheel).is_file(), "the wheel sits next to the lock file"
    names = sorted(p.name for p in pyodide.iterdir() if p.suffix not in (".br", ".gz"))
    shipped = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]
    shipped.append("start-up-copy.bin")  # its memory once the validator is imported (scripts/start_copy.mjs)
    assert names == sorted([*shipped, wheel])
    manifest = json.loads((site_dir / "assets" / "runtime-manifest.json").read_text(encoding="utf-8"))
    import hashlib

    for rel, info in manifest["files"].items():
        data = (site_dir / "assets" / rel).read_bytes()
        assert hashlib.sha256(data).hexdigest() == info["sha256"] and len(data) == info["size"], rel
    worker = (site_dir / "assets" / "js" / "validator-worker.js").read_text(encoding="utf-8")
    assert "indexURL: PYODIDE_BASE" in worker and "packageBaseUrl: PYODIDE_BASE" in worker
    assert "stdLibURL:" in worker and "micropip" not in worker


@pytest.fixture
def tampered_site_url(site_dir, tmp_path):
    """A copy of the site whose wheel no longer matches the sha256 in the lock file."""
    from scripts.serve import make_server

    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    wheel = next((copy / "assets" / "pyodide").glob("validator-*.whl"))
    for variant in (wheel.with_name(wheel.name + ".br"), wheel.with_name(wheel.name + ".gz")):
        variant.unlink(missing_ok=True)  # the server would send these (untouched) instead
    data = bytearray(wheel.read_bytes())
    data[len(data) // 2] ^= 0xFF
    wheel.write_bytes(bytes(data))
    server = make_server(str(copy), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_tampered_wheel_is_refused_with_a_fallback(page, tampered_site_url):
    state = open_tool(page, tampered_site_url)
    assert state == "error"
    status = page.locator("[data-testid=validator-status]")
    assert status.get_attribute("data-error-code") == "integrity"
    fallback = status.locator("[data-role=fallback]")
    assert fallback.is_visible()
    assert fallback.locator("a[href*='checklists']").count() == 1
    assert re.search("[\u4e00-\u9fff]", status.inner_text())


def test_no_other_origin_in_shipped_code(site_dir):
    """Our own scripts name no other origin (Pyodide's files are checked by the request log)."""
    ours = [*Path(site_dir, "assets", "js").rglob("*.js"), site_dir / "sw.js"]
    for path in ours:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"https?://(?!127\.0\.0\.1|www\.w3\.org/2000/svg)", text), path
