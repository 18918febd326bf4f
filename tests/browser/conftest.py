"""Playwright fixtures: the built site served on 127.0.0.1, Debian chromium, request logging.

The suite assumes `make build` produced site/ (make test does it). Every page
fixture records each request so tests can assert that nothing leaves the origin.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from scripts.browser import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import ROOT, require_chromium

# SITE_DIR points the suite at a private build (e.g. mkdocs build -d /tmp/x-site)
SITE = Path(os.environ["SITE_DIR"]) if os.environ.get("SITE_DIR") else ROOT / "site"
ARTIFACTS = ROOT / "tests" / "artifacts"

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


NAVIGATION_TIMEOUT_MS = 120_000


# validator-boot.js asks for the site's start-up copy when the wasm came in fast enough, which on this
# machine's own server depends on how busy it is: every test says which start it is about (``site_copy``).
COPY_RATE = {False: "1e15", True: "0"}  # never / always (None: the page's own measure, as for a candidate)


def _new_context(browser, site_copy: bool | None = False, **kwargs):
    """A fresh context. The site's service worker is blocked unless asked for (``service_workers="allow"``,
    or the ``service_worker`` mark on a test using the context fixtures): after every tool start it precaches
    the site (about 6 MB), which only the offline and privacy tests need: the rest ran ~17 % slower.
    A first visit starts cold unless ``site_copy`` is True (it then restores the site's start-up copy) or
    None (the page decides by how fast the wasm came, as it does for a candidate)."""
    kwargs.setdefault("service_workers", "block")
    context = browser.new_context(locale="zh-CN", **kwargs)
    if site_copy is not None:
        context.add_init_script(f"globalThis.__ykCopyRateMin = {COPY_RATE[site_copy]};")
    # A page's load event on 2 shared cores under the parallel browser lane: one CI run saw a throttled
    # tool page's goto pass Playwright's 30 s default (1 s when the machine is idle). Never a timing check.
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    log = RequestLog()

    def record(request):
        body = request.post_data_buffer
        log.append((request.method, request.url, request.resource_type, len(body) if body else 0))

    context.on("request", record)
    context.requests_log = log
    context.requests_started, context.requests_ended = [], set()
    context.on("request", lambda request: context.requests_started.append(request))
    context.on("requestfinished", lambda request: context.requests_ended.add(request))
    context.on("requestfailed", lambda request: context.requests_ended.add(request))
    return context


def wait_for_requests_to_end(page, part: str, timeout_s: float = 60, skip: tuple[str, ...] = ()) -> None:
    """Until every request the page's context started whose URL contains ``part`` (and none of ``skip``) has
    finished or failed: the positive signal a "nothing changes afterwards" check waits for, instead of a fixed
    time. ``skip``: requests of a worker the page stops on purpose: an abandoned request never ends."""
    context = page.context
    end = time.monotonic() + timeout_s

    def pending() -> list[str]:
        return [
            r.url
            for r in context.requests_started
            if part in r.url and not any(s in r.url for s in skip) and r not in context.requests_ended
        ]

    while pending():
        if time.monotonic() > end:
            raise AssertionError(f"requests still running after {timeout_s} s: {pending()}")
        page.wait_for_timeout(50)  # a poll that lets Playwright deliver the events, not a delay to pass time
    # then two frames: messages the page had queued from those requests are handled
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


# The page as a person first sees it: every stylesheet linked in <head> is in, and a frame was drawn (the
# browser draws nothing before them). A test that acts on a page still loading (goto's wait_until="commit")
# waits for this before it taps or measures: Playwright can pick a file before anything is drawn, where the
# layout still lacks the styles (a CI run measured the photo's note 97 px lower, never scrolled to, so).
PAINTED = """() => [...document.querySelectorAll('link[rel=stylesheet]')].every((link) => link.sheet)
  && new Promise((done) => requestAnimationFrame(() => done(true)))"""


def wait_until_painted(page) -> None:
    """Until the page is drawn with all of its styles (PAINTED)."""
    page.wait_for_function(PAINTED)


def _service_workers(request) -> str:
    return "allow" if request.node.get_closest_marker("service_worker") else "block"


def _close(context) -> None:
    """Close a test's context. A route handler still running for a request of a worker the page stopped (or of
    the page being closed) would fail in its own thread once the context is gone, and pytest pinned that on
    the next test's setup (a CI run: Route.fetch "Request context disposed" after the CSP test): the routes
    are taken off first, their late errors ignored, on the context and each of its pages."""
    for page in context.pages:
        page.unroute_all(behavior="ignoreErrors")
    context.unroute_all(behavior="ignoreErrors")
    context.close()


@pytest.fixture
def context(browser, request):
    context = _new_context(browser, service_workers=_service_workers(request))
    yield context
    _close(context)


@pytest.fixture
def mobile_context(browser, request):
    context = _new_context(
        browser,
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        service_workers=_service_workers(request),
    )
    yield context
    _close(context)


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


# --- the photo tool (helper G) -------------------------------------------------------------

PHOTO_TOOL = "/tools/photo/"
READY = "[data-testid=validator-status][data-state=ready]"
SETTLED = "[data-testid=validator-status][data-state=ready], [data-testid=validator-status][data-state=error]"
# Pyodide's start-up and a 12-megapixel decode on 2 shared cores: generous, never a timing assertion.
RUNTIME_TIMEOUT_MS = 180_000


@pytest.fixture(scope="session")
def photo_files(tmp_path_factory) -> dict[str, Path]:
    """Every generated photo/scan fixture written once as <fixture name><extension>."""
    from tests.gen.photos import FILENAMES, FIXTURES

    folder = tmp_path_factory.mktemp("photo-fixtures")
    files = {}
    for name, make in FIXTURES.items():
        suffix = Path(FILENAMES.get(name, name + ".jpg")).suffix or ".jpg"
        path = folder / f"{name}{suffix}"
        path.write_bytes(make())
        files[name] = path
    return files


def open_tool(page, site_url: str, path: str = PHOTO_TOOL, as_of: str | None = None):
    """Open a tool page and wait until the in-browser validator is ready (or failed)."""
    from tests.conftest import AS_OF

    query = f"?as_of={as_of or AS_OF.isoformat()}"
    page.goto(site_url + path + query)
    page.wait_for_selector(SETTLED, timeout=RUNTIME_TIMEOUT_MS)
    return page.get_attribute("[data-testid=validator-status]", "data-state")


# A mid-range phone's mobile network, emulated by Chromium (DevTools protocol): 12 Mbit/s down, 40 ms.
PHONE_NETWORK = {"offline": False, "latency": 40, "downloadThroughput": 12e6 / 8, "uploadThroughput": 3e6 / 8}
# On that network a tool page's load comes in 1–3 s and ready in 4–15 s here, even on two loaded cores.
STALLED_LOAD_MS, STALLED_READY_MS = 40_000, 120_000
STALLED_ERROR_MS = 30_000


def open_tool_on_phone_network(
    browser, site_url: str, path: str = PHOTO_TOOL, prepare=None, network: dict = PHONE_NETWORK, **options
):
    """(context, page) of a tool page opened on ``network`` (PHONE_NETWORK unless given) in a fresh context
    (``options``), once settled; ``prepare(context, page)`` runs before it is opened (init scripts).

    Chromium's network emulation now and then stops reading all of a page's connections: about one load
    in 60 with two such runs side by side. Every one of the six sockets held its whole answer unread in the
    browser's own receive queue (``ss``) for 45 s and more. That is the emulator stalling, not the site, so
    such an attempt is dropped and the page opened once more in a fresh context; a second stall fails. A
    stall shows as a time-out, or as the tool's own failed start once its waits (15 s and more) ran out:
    an error only after STALLED_ERROR_MS is taken for one (a start that fails for a reason of the site's
    fails at once, on any line)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    from tests.conftest import AS_OF

    for attempt in (1, 2):
        context = _new_context(browser, **options)
        page = context.new_page()
        if prepare:
            prepare(context, page)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", network)
        began = time.monotonic()
        try:
            join = "&" if "?" in path else "?"
            page.goto(f"{site_url}{path}{join}as_of={AS_OF.isoformat()}", timeout=STALLED_LOAD_MS)
            page.wait_for_selector(SETTLED, timeout=STALLED_READY_MS)
        except PlaywrightTimeoutError:
            context.close()
            if attempt == 2:
                raise
            continue
        stalled = (time.monotonic() - began) * 1000 > STALLED_ERROR_MS
        if attempt == 1 and stalled and page.get_attribute(SETTLED, "data-state") == "error":
            context.close()
            continue
        return context, page
    raise AssertionError("unreachable")


def check_photo_in_page(page, path: Path, timeout: int = RUNTIME_TIMEOUT_MS) -> tuple[str, list[str]]:
    """Pick a file in the photo tool; returns (verdict, finding codes) once the check finished."""
    page.set_input_files("[data-testid=photo-input]", str(path))
    selector = f'[data-testid=verdict][data-file="{path.name}"]'
    page.wait_for_selector(selector, timeout=timeout)
    verdict = page.get_attribute(selector, "data-verdict")
    codes = page.eval_on_selector_all("[data-testid=finding]", "els => els.map(e => e.dataset.code)")
    return verdict, codes


@pytest.fixture
def photo_page(page, site_url):
    """The photo tool, loaded and ready."""
    state = open_tool(page, site_url)
    assert state == "ready", page.inner_text("[data-testid=validator-status]")
    return page


def type_site_search(page, query: str, timeout: int = 90_000) -> None:
    """Type into the theme's search box once its index is ready, and wait for results."""
    # the theme's "initialising" text as served, replaced in the page once the index is ready
    loading = page.evaluate(
        """() => fetch(location.href).then(r => r.text()).then(t => new DOMParser()
            .parseFromString(t, 'text/html').querySelector('.md-search-result__meta').textContent)"""
    )
    box = page.locator("input.md-search__input")
    box.click()
    # the search worker builds its index on first use; a query typed before that is dropped
    page.wait_for_function(
        "text => document.querySelector('.md-search-result__meta').textContent !== text",
        arg=loading,
        timeout=timeout,
    )
    box.type(query)
    box.press("End")  # CJK text arrives as text input; the theme reads the box on key events, as after an IME
    page.wait_for_selector(".md-search-result__item", timeout=timeout)
