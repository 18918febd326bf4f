"""The page compiles the wasm and hands the worker the module (issue 19: no serial round trips).

validator-boot.js fetches and compiles pyodide.asm.wasm from the moment the page starts, instead of
waiting until the runtime worker is up, and posts the compiled module to the worker; the worker fetches
the wasm itself only when the page says it has none (here: a browser that cannot post a module to a
worker, simulated in the page). Either way the tool becomes ready and a photo gets its verdict.
"""

from __future__ import annotations

from tests.browser.conftest import _new_context, open_tool
from tests.gen.photos import FIXTURES

# Who fetched the wasm: the page's own resource timings, and the worker's (sent with its ready message).
WHO_FETCHED = """() => {
  const wasm = (name) => name.split('?')[0].endsWith('/assets/pyodide/pyodide.asm.wasm');
  const page = performance.getEntriesByType('resource').filter((e) => wasm(e.name) && e.decodedBodySize > 0);
  const ready = performance.getEntriesByName('validator-ready')[0];
  const worker = ((ready && ready.detail && ready.detail.resources) || []).filter((e) => wasm(e.name));
  return { page: page.length, worker: worker.length };
}"""

# A browser whose workers cannot be handed a compiled module (structured clone refuses it).
NO_MODULE_TO_WORKERS = """(() => {
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.module instanceof WebAssembly.Module) {
      throw new DOMException('test: a module cannot be sent to a worker here', 'DataCloneError');
    }
    return post.call(this, message, ...rest);
  };
})();"""


def _check_a_photo(page, tmp_path) -> str:
    """A blue background: the official 白底 rule fails it (tests/test_photo.py)."""
    path = tmp_path / "blue.jpg"
    path.write_bytes(FIXTURES["photo_blue"]())
    page.set_input_files("[data-testid=photo-input]", str(path))
    verdict = page.wait_for_selector('[data-testid=verdict][data-file="blue.jpg"]', timeout=60_000)
    return verdict.get_attribute("data-verdict") or ""


def test_the_page_compiles_the_wasm_and_the_worker_fetches_none(browser, site_url, tmp_path):
    context = _new_context(browser)
    try:
        page = context.new_page()
        assert open_tool(page, site_url) == "ready", page.inner_text("[data-testid=validator-status]")
        assert page.evaluate(WHO_FETCHED) == {"page": 1, "worker": 0}
        assert _check_a_photo(page, tmp_path) == "fail"
    finally:
        context.close()


def test_a_worker_that_cannot_be_handed_the_module_fetches_the_wasm_itself(browser, site_url, tmp_path):
    context = _new_context(browser)
    context.add_init_script(NO_MODULE_TO_WORKERS)
    try:
        page = context.new_page()
        assert open_tool(page, site_url) == "ready", page.inner_text("[data-testid=validator-status]")
        assert page.evaluate(WHO_FETCHED)["worker"] == 1
        assert _check_a_photo(page, tmp_path) == "fail"
    finally:
        context.close()
