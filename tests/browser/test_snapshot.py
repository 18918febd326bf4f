"""The start-up copy of the checker (assets/js/runtime-snapshot.js) in Chromium: after a cold start the
worker stores a copy of the started interpreter on this device (Cache Storage); the next visit restores it
and checks a photo exactly as the cold start did; a corrupt copy is removed and the visit starts cold with the
same result. (The Pyodide vectors on a restored copy and a copy the loader refuses: tests/test_vectors.py.)"""

from __future__ import annotations

from tests.browser.conftest import RUNTIME_TIMEOUT_MS, check_photo_in_page, open_tool

# The worker's own record of how it started (validator-worker.js: timings.start, in the ready mark).
START = "() => performance.getEntriesByName('validator-ready')[0]?.detail?.start ?? null"
# Every stored copy with its stored digest and the digest of its bytes.
STORED = """async () => {
  const cache = await caches.open('yk-start-up-copy');
  const out = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    const bytes = await response.arrayBuffer();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    out.push({ url: request.url, size: bytes.byteLength, stored: response.headers.get('x-sha256'),
      actual: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('') });
  }
  return out;
}"""
# The stored copy with one byte in its middle changed, its stored digest kept (a copy damaged on disk).
DAMAGE = """async () => {
  const cache = await caches.open('yk-start-up-copy');
  const [request] = await cache.keys();
  const response = await cache.match(request);
  const bytes = new Uint8Array(await response.arrayBuffer());
  bytes[bytes.length >> 1] ^= 0x5a;
  await cache.put(request, new Response(bytes, { headers: response.headers }));
}"""


def _stored_copy(page):
    """Wait until the worker has stored its copy (it does right after the warm-up)."""
    for _ in range(RUNTIME_TIMEOUT_MS // 500):
        stored = page.evaluate(STORED)
        if stored:
            return stored
        page.wait_for_timeout(500)
    raise AssertionError("no start-up copy was stored after the cold start")


def test_second_visit_restores_the_copy_and_a_corrupt_copy_falls_back(page, site_url, photo_files):
    photo = photo_files["photo_good"]
    assert open_tool(page, site_url) == "ready"
    assert page.evaluate(START) == "cold"
    [copy] = _stored_copy(page)
    assert copy["size"] > 1_000_000 and copy["stored"] == copy["actual"], copy
    cold = check_photo_in_page(page, photo)
    assert cold[0] == "pass", cold  # tests/vectors/photo.yaml: photo-good-passes

    assert open_tool(page, site_url) == "ready"
    assert page.evaluate(START) == "snapshot"
    assert check_photo_in_page(page, photo) == cold

    page.evaluate(DAMAGE)
    assert open_tool(page, site_url) == "ready"
    assert page.evaluate(START) == "refused"
    # the damaged copy is gone (a fresh one may already be stored again: then it is intact)
    assert all(entry["stored"] == entry["actual"] for entry in page.evaluate(STORED))
    assert check_photo_in_page(page, photo) == cold


# The worker's mark once the open tool's modules are imported (validator-client.js), in page time.
WARMED = "() => performance.getEntriesByName('validator-warm')[0]?.startTime ?? null"


def test_a_photo_checked_soon_after_ready_still_leaves_a_copy_for_the_next_visit(page, site_url, photo_files):
    """Most candidates pick a photo within seconds of ready. The copy is taken right after the warm-up,
    before that pick, not once the worker has been idle for 3 s (then a pick at ready + 2 s meant that no
    visit ever started from a copy): stored within 2.5 s of the warm-up, the photo checked next, and the
    next visit restores it and gives the same result."""
    photo = photo_files["photo_good"]
    assert open_tool(page, site_url) == "ready"
    page.wait_for_function(f"() => ({WARMED})() !== null", timeout=RUNTIME_TIMEOUT_MS)
    warmed = page.evaluate(WARMED)
    stored = []
    while not stored and page.evaluate("() => performance.now()") - warmed < 2500:
        stored = page.evaluate(STORED)
        page.wait_for_timeout(100)
    assert stored, "no start-up copy within 2.5 s of the warm-up"
    first = check_photo_in_page(page, photo)
    assert first[0] == "pass", first  # tests/vectors/photo.yaml: photo-good-passes

    assert open_tool(page, site_url) == "ready"
    assert page.evaluate(START) == "snapshot"
    assert check_photo_in_page(page, photo) == first
