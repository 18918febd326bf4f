"""The site's start-up copy in Chromium (assets/pyodide/start-up-copy.bin, made by the build under
Node: scripts/start_copy.mjs). A first visit whose wasm came in fast restores it instead of starting
Python, checks a photo exactly as a cold start does and keeps the copy on the device for the next visit; a
copy that fails its check starts cold with the same result and makes the device's own copy; on a phone's
network it is never asked for. (Every Pyodide vector on the same copy: tests/test_vectors.py.)"""

from __future__ import annotations

import hashlib
import json
import re

from tests.browser.conftest import _new_context, check_photo_in_page, open_tool, open_tool_on_phone_network
from tests.browser.test_snapshot import _stored_copy

# How the worker started (validator-worker.js timings, in the ready mark): cold / snapshot, and whether the
# copy came from the site.
HOW = """() => {
  const t = performance.getEntriesByName('validator-ready')[0]?.detail ?? {};
  return { start: t.start ?? null, copy: t.copy ?? null, failed: Boolean(t.copy_error) };
}"""
COPY = "start-up-copy.bin"


def _asked(context) -> int:
    return sum(1 for _method, url, _type, _size in context.requests_log if COPY in url)


def _site_copy(site_dir):
    """The copy the site serves and the sha256 the built worker names for it."""
    worker = (site_dir / "assets" / "js" / "validator-worker.js").read_text(encoding="utf-8")
    named = json.loads(re.search(r"const SITE_COPY = (\{.*?\});", worker).group(1))
    data = (site_dir / "assets" / "pyodide" / named["file"]).read_bytes()
    assert named["sha256"] == hashlib.sha256(data).hexdigest()
    return data


def test_a_fast_first_visit_restores_the_sites_copy_and_keeps_it(browser, site_url, site_dir, photo_files):
    photo = photo_files["photo_good"]
    cold_context = _new_context(browser, site_copy=False)
    page = cold_context.new_page()
    assert open_tool(page, site_url) == "ready"
    assert page.evaluate(HOW) == {"start": "cold", "copy": None, "failed": False}
    cold = check_photo_in_page(page, photo)
    assert cold[0] == "pass", cold  # tests/vectors/photo.yaml: photo-good-passes
    assert _asked(cold_context) == 0
    cold_context.close()

    context = _new_context(browser, site_copy=True)
    try:
        page = context.new_page()
        assert open_tool(page, site_url) == "ready"
        assert page.evaluate(HOW) == {"start": "snapshot", "copy": "site", "failed": False}
        assert _asked(context) == 1
        assert check_photo_in_page(page, photo) == cold
        # kept on this device as it came (not a copy taken after the candidate's photo)
        [stored] = _stored_copy(page)
        assert stored["actual"] == stored["stored"] == hashlib.sha256(_site_copy(site_dir)).hexdigest()

        # the next visit restores the device's copy: the site's is not asked for again
        assert open_tool(page, site_url) == "ready"
        assert page.evaluate(HOW) == {"start": "snapshot", "copy": None, "failed": False}
        assert _asked(context) == 1
        assert check_photo_in_page(page, photo) == cold
    finally:
        context.close()


def test_a_site_copy_that_fails_its_check_starts_cold_with_the_same_result(
    browser, site_url, site_dir, photo_files
):
    damaged = bytearray(_site_copy(site_dir))
    damaged[len(damaged) // 2] ^= (
        0x5A  # one byte changed on the way: the sha256 the worker names no longer fits
    )
    context = _new_context(browser, site_copy=True)
    try:
        context.route(
            f"**/{COPY}*",
            lambda route: route.fulfill(
                status=200, body=bytes(damaged), content_type="application/octet-stream"
            ),
        )
        page = context.new_page()
        assert open_tool(page, site_url) == "ready"
        assert page.evaluate(HOW) == {"start": "cold", "copy": None, "failed": True}
        assert _asked(context) == 1
        # the cold start makes the device's own copy (neither the damaged one nor the site's is kept)
        [stored] = _stored_copy(page)
        assert stored["actual"] == stored["stored"] != hashlib.sha256(_site_copy(site_dir)).hexdigest()
        assert stored["actual"] != hashlib.sha256(bytes(damaged)).hexdigest()
        verdict = check_photo_in_page(page, photo_files["photo_good"])
        assert verdict[0] == "pass", verdict  # tests/vectors/photo.yaml: photo-good-passes
    finally:
        context.close()


def test_on_a_phones_network_the_sites_copy_is_never_asked_for(browser, site_url):
    """12 Mbit/s is 1,500 bytes per millisecond, under the 1,750 (14 Mbit/s) at which the copy comes in
    well before a phone's Python has started: the page measures it from the wasm's download and starts
    cold."""
    context, page = open_tool_on_phone_network(browser, site_url, site_copy=None)
    try:
        assert page.evaluate(HOW) == {"start": "cold", "copy": None, "failed": False}
        assert _asked(context) == 0
        rate = page.evaluate("() => window.__ykBoot.wasmRate")
        assert 0 < rate <= 1_500, rate
    finally:
        context.close()


def test_a_wasm_from_the_browsers_cache_never_brings_the_sites_copy(browser, site_url):
    """A phone review (s16): a reload after a dropped line at 1.6 Mbit/s asked for the site's 2.2 MB copy,
    since a word given mid-download took the wasm coming from the browser's cache for the fastest of lines;
    the start then waited up to 4 s for the copy. Only the wasm's timing at its end tells a cache apart, and
    a wasm from a cache says nothing about the line: the start is cold. Here any rate of the line is fast
    enough, the device keeps no copy of its own, and the wasm comes from the HTTP cache."""
    context = _new_context(browser, site_copy=False)
    try:
        page = context.new_page()
        assert open_tool(page, site_url) == "ready"
        _stored_copy(page)  # the device's own copy is stored (after the warm-up) ...
        page.evaluate("() => caches.delete('yk-start-up-copy')")  # ... and removed: none on the device
        context.add_init_script("globalThis.__ykCopyRateMin = 1;")  # runs after the first: any rate is fast
        assert open_tool(page, site_url) == "ready"
        assert page.evaluate(HOW) == {"start": "cold", "copy": None, "failed": False}
        assert _asked(context) == 0
    finally:
        context.close()


def test_a_site_copy_that_never_comes_is_given_up_and_the_start_goes_on_cold(browser, site_url, photo_files):
    """The line drops after the wasm came fast: the copy's request is never answered. The worker gives it up
    (validator-worker.js COPY_WAIT_MS) and starts cold with what it already has; before, the tool never
    became ready and failed after 90 s (review s13, finding 1)."""
    held = []
    context = _new_context(browser, site_copy=True)
    try:
        context.route(f"**/{COPY}*", lambda route: held.append(route))
        page = context.new_page()
        assert open_tool(page, site_url) == "ready"
        assert page.evaluate(HOW) == {"start": "cold", "copy": None, "failed": True}
        assert len(held) == 1
        verdict = check_photo_in_page(page, photo_files["photo_good"])
        assert verdict[0] == "pass", verdict  # tests/vectors/photo.yaml: photo-good-passes
    finally:
        context.close()


def _open_at_any_rate(browser, site_url, script: str):
    """The photo tool in a fresh context where any rate of the wasm is fast enough (the page's own measure
    decides, not a forced word), with ``script`` run first in the page: it must restore the site's copy."""
    context = _new_context(browser, site_copy=None)
    try:
        context.add_init_script("globalThis.__ykCopyRateMin = 1;")
        context.add_init_script(script)
        page = context.new_page()
        assert open_tool(page, site_url) == "ready"
        assert page.evaluate(HOW) == {"start": "snapshot", "copy": "site", "failed": False}
    except BaseException:
        context.close()
        raise
    return context, page


# A page whose compile of the wasm ends 3 s after it was handed the response (a slow phone's, at its worst).
SLOW_COMPILE = """(() => {
  const compile = WebAssembly.compileStreaming;
  WebAssembly.compileStreaming = (source) =>
    new Promise((done) => setTimeout(() => done(compile.call(WebAssembly, source)), 3000));
})();"""
WHEN = """() => {
  const t = performance.getEntriesByName('validator-ready')[0]?.detail ?? {};
  return { word: t.word ?? null, compiled: t.compiled ?? null };
}"""


def test_the_word_on_the_copy_comes_once_the_wasm_is_in_not_once_it_is_compiled(browser, site_url):
    """A phone review (page CPU 4x, 100 Mbit/s): the page measured how fast the wasm came only once its
    compile had ended, then through a callback on a busy page; the worker heard the word up to 340 ms after
    the compiled module, and the measured rate was a coin toss. It is measured when the wasm's last byte is
    read now. Here the compile ends 3 s after the wasm is in, and any rate is fast enough (the page's own
    measure, not a forced word): the copy is asked for long before the module comes."""
    context, page = _open_at_any_rate(browser, site_url, SLOW_COMPILE)
    try:
        when = page.evaluate(WHEN)
        assert when["word"] is not None and when["compiled"] is not None, when
        assert when["compiled"] - when["word"] > 1500, when  # the compile was held 3 s after the wasm was in
    finally:
        context.close()


# A page whose observer of resource timings never calls back: Chromium delivers an observer's entries only
# when the page is idle, and a long task of the page's own scripts put that past the 300 ms after which the
# word was "no".
SILENT_OBSERVER = """(() => {
  globalThis.PerformanceObserver = class {
    observe() {}
    disconnect() {}
  };
})();"""


def test_the_word_on_the_copy_is_read_from_the_timeline_when_the_observer_is_late(browser, site_url):
    """The page's rate of the wasm comes from its timeline's entry as soon as the page has the wasm's last
    byte, not only from an observer's callback: here the observer never calls back, any rate is fast enough,
    and the copy is asked for and restored (before, the 300 ms fallback said "no" and the start was cold)."""
    context, page = _open_at_any_rate(browser, site_url, SILENT_OBSERVER)
    try:
        assert page.evaluate("() => window.__ykBoot.wasmRate") > 0
        assert _asked(context) == 1
    finally:
        context.close()


# Counts the runtime worker's download progress messages as the page receives them.
COUNT_PROGRESS = """(() => {
  const Base = globalThis.Worker;
  globalThis.__ykDownloadPosts = 0;
  globalThis.Worker = class extends Base {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const m = event.data || {};
        if (m.type === 'progress' && m.stage === 'download') globalThis.__ykDownloadPosts += 1;
      });
    }
  };
})();"""


def test_the_download_line_is_posted_when_it_changes_not_per_network_chunk(browser, site_url):
    """A phone review: a first visit with the site's copy sent about 1,280 progress messages to the page,
    one per network chunk, each handled on the page's busy main thread, while the line changes only at
    each tenth of a MB (5.6 MB: 56 steps) and the bar at each whole percent (80 steps while downloading).
    At most one message per change: never more than 80 + 56 + a few, rounded up to 150."""
    # a line (100 Mbit/s, 20 ms) that brings the files in small chunks, as a phone's does
    fast = {"offline": False, "latency": 20, "downloadThroughput": 100e6 / 8, "uploadThroughput": 25e6 / 8}
    context, page = open_tool_on_phone_network(
        browser,
        site_url,
        prepare=lambda context, page: context.add_init_script(COUNT_PROGRESS),
        network=fast,
        site_copy=True,
    )
    try:
        assert page.get_attribute("[data-testid=validator-status]", "data-state") == "ready"
        assert page.evaluate(HOW) == {"start": "snapshot", "copy": "site", "failed": False}
        posts = page.evaluate("() => globalThis.__ykDownloadPosts")
        assert 0 < posts <= 150, posts
    finally:
        context.close()
