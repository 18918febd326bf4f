"""Playwright fixtures: the built site served on 127.0.0.1, Debian chromium, request logging.

The suite assumes `make build` produced site/ (make test does it). Every page
fixture records each request so tests can assert that nothing leaves the origin.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import CHROMIUM, ROOT, require_chromium

# SITE_DIR points the suite at a private build (e.g. mkdocs build -d /tmp/x-site)
SITE = Path(os.environ["SITE_DIR"]) if os.environ.get("SITE_DIR") else ROOT / "site"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make build` first (make test does it)")
    return SITE


@pytest.fixture(scope="session")
def site_url(site_dir):
    from scripts.serve import make_server

    server = make_server(str(site_dir), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def playwright_instance():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


class RequestLog(list):
    """Every request a context made: (method, url, resource type, post data size)."""

    def foreign(self, origin: str) -> list[str]:
        own = urlparse(origin).netloc
        return [
            url
            for _, url, _, _ in self
            if urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).netloc != own
        ]


def _new_context(browser, **kwargs):
    context = browser.new_context(locale="zh-CN", **kwargs)
    log = RequestLog()

    def record(request):
        body = request.post_data_buffer
        log.append((request.method, request.url, request.resource_type, len(body) if body else 0))

    context.on("request", record)
    context.requests_log = log
    return context


@pytest.fixture
def context(browser):
    context = _new_context(browser)
    yield context
    context.close()


@pytest.fixture
def mobile_context(browser):
    context = _new_context(
        browser, viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.requests_log = context.requests_log
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
