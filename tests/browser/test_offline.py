"""Offline after the first visit: the service worker caches the site and the runtime; a second
visit with the network cut works, tool included; a new build replaces the old caches."""

from __future__ import annotations

import re
import shutil
import threading

import pytest

from tests.browser.conftest import _new_context, check_photo_in_page, open_tool

pytestmark = pytest.mark.service_worker  # what these tests are about


def _wait_controlled(page):
    page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=180_000)


def test_second_visit_works_offline(page, site_url, photo_files):
    assert open_tool(page, site_url) == "ready"
    _wait_controlled(page)  # installed (the whole site precached) and in control
    keys = page.evaluate("() => caches.keys()")
    assert [k for k in keys if k.startswith("yikao-")], keys
    # Pages are requested while the service worker starts up (navigation preload), and a page
    # opened that way is the tool as before.
    state = page.evaluate("async () => (await navigator.serviceWorker.ready).navigationPreload.getState()")
    assert state["enabled"] is True
    assert open_tool(page, site_url) == "ready"

    page.context.set_offline(True)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    try:
        assert open_tool(page, site_url) == "ready"
        # the start-up's look at the host (HEAD requests the service worker does not answer) is skipped
        assert errors == []
        verdict, codes = check_photo_in_page(page, photo_files["photo_31k"])
        # 31,948 bytes is over the official tool's 30 KB (30,720 bytes): a fail, offline too
        assert verdict == "fail" and "photo.size.too_large" in codes
        # Another page of the site is there too.
        page.goto(site_url + "/tools/privacy/")
        assert re.search("[\u4e00-\u9fff]", page.inner_text("h1"))
    finally:
        page.context.set_offline(False)


@pytest.fixture
def site_copy(site_dir, tmp_path):
    from scripts.serve import make_server

    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    server = make_server(str(copy), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield copy, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_new_build_replaces_the_old_cache(browser, site_copy):
    copy, url = site_copy
    context = _new_context(browser, service_workers="allow")
    try:
        page = context.new_page()
        assert open_tool(page, url) == "ready"
        _wait_controlled(page)
        sw = (copy / "sw.js").read_text(encoding="utf-8")
        old = re.search(r'const BUILD = "([0-9a-f]+)"', sw).group(1)
        # the service worker's caches (the worker's start-up copy has its own, which builds do not replace)
        yikao = "() => caches.keys().then(k => k.filter(n => n.startsWith('yikao-')))"
        assert page.evaluate(yikao) == [f"yikao-{old}"]

        # A new build: only the build hash changes here (the hook derives it from every file).
        new = "f" * len(old) if old != "f" * len(old) else "e" * len(old)
        (copy / "sw.js").write_text(sw.replace(old, new), encoding="utf-8")
        page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r.update())")
        page.wait_for_function(
            f"() => caches.keys().then(k => k.filter(n => n.startsWith('yikao-')))"
            f".then(k => k.length === 1 && k[0] === 'yikao-{new}')",
            timeout=180_000,
        )
    finally:
        context.close()
