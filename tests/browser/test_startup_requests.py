"""A cold start of a tool page downloads each runtime file once (issue 19: none twice on the way to ready).

The runtime worker starts every download the moment it runs and hands Pyodide's loader those same requests.
The build puts ``?v=<asset version>`` on some of the URLs; the loader's request for the same file must still
find the early one (the standard library was once fetched a second time that way, 690 KB br on the path to
ready). The page's head asks for the wasm before the boot script runs (a preload): the boot script's fetch
must take that response, not download the wasm again.

A start that works sends no HEAD request: the boot script looks at the host's content types only after a
failure (six HEAD requests at every start kept a phone's worker script waiting for a free connection).
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlparse

from tests.browser.conftest import _new_context, open_tool

# the files a cold start needs, as the build ships them in site/assets/pyodide/ (the wheel named by the lock)
RUNTIME_FILES = {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"}


def test_a_cold_start_downloads_each_runtime_file_once(browser, site_url):
    # no service worker: its precache (after ready) fetches the runtime files once more, on purpose
    context = _new_context(browser, service_workers="block")
    try:
        page = context.new_page()
        assert open_tool(page, site_url) == "ready", page.inner_text("[data-testid=validator-status]")
        gets = Counter(
            urlparse(url).path.rsplit("/", 1)[-1]
            for method, url, _, _ in context.requests_log
            if method == "GET" and "/assets/pyodide/" in url
        )
        heads = [url for method, url, _, _ in context.requests_log if method == "HEAD"]
    finally:
        context.close()
    assert heads == []
    wheels = [name for name in gets if name.endswith(".whl")]
    assert len(wheels) == 1, gets
    assert set(gets) >= RUNTIME_FILES, gets
    assert {name: n for name, n in gets.items() if n != 1} == {}, "a runtime file was downloaded twice"
