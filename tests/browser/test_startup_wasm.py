"""How a tool page starts (issue 19): the page compiles the wasm and hands the worker the module (no
serial round trips); a photo picked before the page's script ran is still checked; the tool's styles are
in the head.

validator-boot.js fetches and compiles pyodide.asm.wasm from the moment the page starts, instead of
waiting until the runtime worker is up, and posts the compiled module to the worker; the worker fetches
the wasm itself only when the page says it has none (here: a browser that cannot post a module to a
worker, simulated in the page). Either way the tool becomes ready and a photo gets its verdict.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    RUNTIME_TIMEOUT_MS,
    _new_context,
    open_tool,
    open_tool_on_phone_network,
    wait_for_requests_to_end,
    wait_until_painted,
)
from tests.browser.test_snapshot import _stored_copy
from tests.conftest import AS_OF
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


def _blue(tmp_path):
    """A blue background: the official 白底 rule fails it (tests/test_photo.py)."""
    path = tmp_path / "blue.jpg"
    path.write_bytes(FIXTURES["photo_blue"]())
    return path


def _check_a_photo(page, tmp_path) -> str:
    """A blue background: the official 白底 rule fails it (tests/test_photo.py)."""
    path = _blue(tmp_path)
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


def test_tool_pages_link_their_styles_in_the_head(site_dir):
    """A tool's own stylesheet is linked in <head>, not where the page text names it: otherwise the tool is
    drawn unstyled first and its status box and pick button jump once the link is reached (a phone review
    saw the button move by 86 px during start-up)."""
    pages = sorted((site_dir / "tools").glob("*/index.html"))
    assert len(pages) >= 5, pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head, body = html.split("</head>", 1)
        if 'data-testid="validator-status"' not in body:
            continue
        assert '<link rel="stylesheet"' not in body, f"{page}: a stylesheet linked in the body"
        assert "/assets/js/tools/tools.css" in head, page
    photo = (site_dir / "tools" / "photo" / "index.html").read_text(encoding="utf-8").split("</head>", 1)[0]
    assert "/assets/js/photo-tool.css" in photo


def test_a_photo_picked_before_the_page_script_ran_is_checked(browser, site_url, tmp_path):
    """On a slow phone the pick button works a second or two before the page's script runs (a phone review
    picked at 1.6-2.1 s and got nothing, ever). The script is held here until the photo is picked."""
    path = _blue(tmp_path)
    context = _new_context(browser)
    held = []
    try:
        page = context.new_page()
        page.set_viewport_size({"width": 360, "height": 740})
        page.route("**/assets/js/photo-tool.js*", lambda route: held.append(route))
        page.goto(f"{site_url}/tools/photo/?as_of={AS_OF.isoformat()}", wait_until="commit")
        page.wait_for_selector("[data-testid=photo-input]", state="attached")
        wait_until_painted(page)  # a candidate taps what is drawn
        page.set_input_files("[data-testid=photo-input]", str(path))
        for _ in range(100):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the page never asked for its script"
        # meanwhile the status box is not blank: it says the program is being prepared
        stage = page.locator("[data-testid=validator-status] [data-role=stage]")
        assert stage.is_visible() and stage.inner_text() == "正在准备检查程序…"
        # and something moves where the bar will be (seconds on a slow network), unless motion is turned off
        busy = "() => getComputedStyle(document.querySelector('[data-testid=validator-status]'), '::after')"
        assert page.evaluate(busy + ".animationName") == "yk-busy"
        page.emulate_media(reduced_motion="reduce")
        assert page.evaluate(busy + ".animationName") == "none"
        page.emulate_media(reduced_motion="no-preference")
        # and the page says it has the photo (a phone review: 0.8-2 s with no sign of the pick, so a
        # candidate picks again), under the pick button and on a phone's screen
        note = page.locator("[data-testid=photo-message]")
        assert note.is_visible()
        box = note.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 740, box
        said = "已收到照片 \u2068blue.jpg\u2069，检查程序准备好后会自动检查，不用重新选择。"
        assert note.inner_text() == said
        drop = page.locator("[data-testid=photo-drop]").bounding_box()  # the pick button's area
        assert 0 <= box["y"] - (drop["y"] + drop["height"]) < 40, (drop, box)
        held[0].continue_()
        verdict = page.wait_for_selector('[data-testid=verdict][data-file="blue.jpg"]', timeout=60_000)
        assert verdict.get_attribute("data-verdict") == "fail"
    finally:
        context.close()


# The bar's place before a byte is counted: before the page's script ran (the box's ::after) and once it
# has put the bar in (the prepare stage): [background-image, animation-name] of each.
BAR_PLACE = """(where) => {
  const box = document.querySelector('[data-testid=validator-status]');
  const style = where === 'before'
    ? getComputedStyle(box, '::after')
    : getComputedStyle(box.querySelector('.yk-progress'));
  return [style.backgroundImage, style.animationName];
}"""


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_where_motion_is_turned_off_the_bar_is_an_empty_track_until_bytes_come(browser, site_url, motion):
    """Before the first byte the bar's place shows a moving light (seconds on a slow network looked stuck).
    With motion turned off it stood still at the left end of the track: a phone review read it as a bar a
    quarter full that never moved. There it is now a plain empty track; elsewhere the light moves."""
    context = _new_context(browser, reduced_motion=motion)
    held, files = [], []
    try:
        context.route("**/assets/pyodide/**", lambda route: files.append(route))  # no byte comes in
        page = context.new_page()
        page.route("**/assets/js/photo-tool.js*", lambda route: held.append(route))
        page.goto(f"{site_url}/tools/photo/?as_of={AS_OF.isoformat()}", wait_until="commit")
        page.wait_for_selector("[data-testid=photo-input]", state="attached")
        for _ in range(100):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the page never asked for its script"
        page.wait_for_function("() => document.documentElement.classList.contains('yk-js')")  # scripts run
        # and the page is drawn with its styles (a CI run on two busy cores measured before: no light at all)
        wait_until_painted(page)
        before = page.evaluate(BAR_PLACE, "before")
        held[0].continue_()
        # the bar once the page's script has put it in (on two busy cores a CI run waited past 30 s for it)
        bar = "[data-testid=validator-status][data-mounted] .yk-progress"
        page.wait_for_selector(bar, state="attached", timeout=RUNTIME_TIMEOUT_MS)
        mounted = page.evaluate(BAR_PLACE, "mounted")
        status = page.locator("[data-testid=validator-status]")
        said = (status.get_attribute("data-stage"), status.get_attribute("data-state"), status.inner_text())
        assert said[0] == "prepare", said  # no byte has come: the page's own words, not the worker's
    finally:
        context.close()
    for place in (before, mounted):
        if motion == "reduce":
            assert place == ["none", "none"], (before, mounted)
        else:
            assert "linear-gradient" in place[0] and place[1] == "yk-busy", (before, mounted)


# Every text the status line shows during start-up, in order.
STATUS_LINES = """(() => {
  window.__lines = [];
  new MutationObserver(() => {
    const el = document.querySelector('[data-testid=validator-status] [data-role=stage]');
    const text = el ? el.textContent : '';
    if (text && text !== window.__lines[window.__lines.length - 1]) window.__lines.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})();"""


def test_the_download_line_counts_what_goes_over_the_network(browser, site_url, site_dir):
    """A phone review read "11.9 / 12.6 MB", the unpacked size: about three times what a candidate's mobile
    data pays. The line now gives the compressed files' size (what the host sends), and it reaches it:
    it used to stop at 75 % while the wheel, counted late, was already in. The count is of what the start
    waits for, the wasm and the standard library: the validator's wheel (0.19 MB), asked for once the wasm
    is compiled, comes while Python starts (counted, the line said 正在下载 on its last 0.2 MB for 1-3 s
    with Python already starting: s16 review)."""
    runtime = site_dir / "assets" / "pyodide"
    wire = sum((runtime / f"{name}.br").stat().st_size for name in ("pyodide.asm.wasm", "python_stdlib.zip"))
    total = f"{wire / 1048576:.1f}"
    # a phone's network: slow enough that the line is seen while the files come in
    context, page = open_tool_on_phone_network(
        browser, site_url, prepare=lambda c, _: c.add_init_script(STATUS_LINES)
    )
    try:
        state = page.get_attribute("[data-testid=validator-status]", "data-state")
        assert state == "ready", page.inner_text("[data-testid=validator-status]")
        lines = page.evaluate("() => window.__lines")
    finally:
        context.close()
    counted = [line for line in lines if "MB" in line]
    assert counted, lines
    assert all(line.endswith(f"/ {total} MB）") for line in counted), (total, counted)
    # the last count is the whole download, then the line moves on to starting the program
    assert counted[-1] == f"正在下载检查程序（约 {total} / {total} MB）", counted[-1]
    # no percent beside the bytes: "80 %" beside the whole download read as a contradiction (a phone review)
    assert not [line for line in counted if "%" in line], counted
    assert lines[-1].startswith("检查程序已就绪"), lines


def test_a_start_from_the_stored_copy_never_says_downloading(browser, site_url):
    """A phone review saw "正在下载检查程序 … MB" on a second visit that downloads nothing: the line now says
    the program is being prepared, then starting, then ready."""
    context = _new_context(browser)
    context.add_init_script(STATUS_LINES)
    try:
        page = context.new_page()
        assert open_tool(page, site_url) == "ready"
        _stored_copy(page)  # the worker keeps its copy once idle after the warm-up
        assert open_tool(page, site_url) == "ready"
        start = page.evaluate("() => performance.getEntriesByName('validator-ready')[0]?.detail?.start")
        lines = page.evaluate("() => window.__lines")
    finally:
        context.close()
    assert start == "snapshot"
    assert not [line for line in lines if line.startswith("正在下载")], lines
    assert lines[0] == "正在准备检查程序…" and lines[-1].startswith("检查程序已就绪"), lines


@pytest.mark.parametrize(
    ("path", "script", "select", "mounted"),
    [
        (
            "/tools/photo/",
            "**/assets/js/photo-tool.js*",
            "[data-testid=photo-region]",
            "[data-testid=region-picker][data-mounted]",
        ),
        (
            "/tools/form/",
            "**/assets/js/tools/form.js*",
            "[data-testid=form-region]",
            "[data-tool=form][data-ready=true]",
        ),
    ],
)
def test_a_region_chosen_while_the_page_loads_is_kept(browser, site_url, path, script, select, mounted):
    """A phone review chose 湖北 in the page's own select before the tool's script ran: once the full 考区
    list was mounted, the choice was silently back at the default (on the form, whose results differ by
    考区)."""
    context = _new_context(browser)
    held = []
    try:
        page = context.new_page()
        page.route(script, lambda route: held.append(route))
        page.goto(f"{site_url}{path}?as_of={AS_OF.isoformat()}", wait_until="commit")
        page.wait_for_selector(select, state="attached")
        if path == "/tools/photo/":  # the photo page folds its 考区 choice away: the candidate unfolds it
            page.click("[data-testid=photo-region-box] > summary")
        page.select_option(select, "hubei")
        for _ in range(100):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the page never asked for its script"
        held[0].continue_()
        page.wait_for_selector(mounted, timeout=180_000)
        page.wait_for_selector("[data-testid=region-picker][data-mounted]", state="attached", timeout=180_000)
        assert page.eval_on_selector(select, "el => el.value") == "hubei"
    finally:
        context.close()


# The status box's height in every frame from the first one drawn until 1 s after ready, and its bottom (where
# what follows it starts: the pick button on the photo page): [[height, bottom, state]], one per change.
HEIGHTS = """(() => {
  window.__heights = [];
  const sample = () => {
    const box = document.querySelector('[data-testid=validator-status]');
    if (box && document.documentElement.classList.contains('yk-js')) {
      const top = box.getBoundingClientRect().bottom + scrollY; // where what follows it starts
      const row = [box.getBoundingClientRect().height, top, box.dataset.state];
      const last = window.__heights[window.__heights.length - 1];
      if (!last || row.some((v, i) => v !== last[i])) window.__heights.push(row);
    }
    requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
})();"""


@pytest.mark.parametrize(
    ("path", "visit"),
    [
        ("/tools/photo/", "first"),
        ("/tools/photo/", "second"),
        ("/tools/form/", "first"),
        ("/tools/materials/", "first"),
    ],
)
def test_the_status_box_keeps_its_height_from_first_paint_to_ready(browser, site_url, path, visit):
    """A phone review saw the pick button move by 16 px when the progress bar appeared, and back at ready,
    just as the candidate reaches for it (on a second visit: a flicker), and on the form and materials tools
    the download line wrapped at 360 px (the box 26 px taller while it lasted). The box now keeps one height
    on a 360 px phone screen from the first frame drawn to a second after ready."""
    phone = {"viewport": {"width": 360, "height": 740}}
    if visit == "second":
        context = _new_context(browser, **phone)
        page = context.new_page()
        assert open_tool(page, site_url, path) == "ready"
        page.add_init_script(HEIGHTS)
        assert open_tool(page, site_url, path) == "ready"
    else:  # a phone's network: every stage's line is drawn, the download line with its byte count
        context, page = open_tool_on_phone_network(
            browser, site_url, path, prepare=lambda _, p: p.add_init_script(HEIGHTS), **phone
        )
    try:
        assert page.get_attribute("[data-testid=validator-status]", "data-state") == "ready"
        page.wait_for_timeout(1000)
        rows = page.evaluate("window.__heights")
        assert rows and rows[-1][2] == "ready", rows
        assert len({(height, top) for height, top, _ in rows}) == 1, rows
    finally:
        context.close()


# Whether the status line's text is cut (it is one line, nowrap with an ellipsis) and its text.
STAGE_CUT = """() => {
  const line = document.querySelector('[data-testid=validator-status] [data-role=stage]');
  return [line.scrollWidth > line.clientWidth, line.textContent];
}"""


@pytest.mark.parametrize("path", ["/tools/photo/", "/tools/form/", "/tools/materials/", "/tools/pathway/",
                                  "/tools/checklist/"])  # fmt: skip
def test_the_ready_line_is_whole_on_a_small_phone_and_with_a_larger_font(browser, site_url, path):
    """A phone review at 320 px read 检查程序已就绪：所有检查都在本机… on every tool: the ready line is kept
    to one line (the box keeps its height) and was cut, losing the end of the promise that files stay on the
    phone. It fits at 320 px, and at 360 px with the text a fifth larger (a phone's or WeChat's font
    setting)."""
    context = _new_context(browser, viewport={"width": 320, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        assert open_tool(page, site_url, path) == "ready"
        cut, text = page.evaluate(STAGE_CUT)
        assert text.startswith("检查程序已就绪") and not cut, (320, text)
        page.set_viewport_size({"width": 360, "height": 740})
        # the text a fifth larger: the theme's root font is 20 px
        page.evaluate("() => { document.documentElement.style.fontSize = '24px'; }")
        cut, text = page.evaluate(STAGE_CUT)
        assert not cut, ("360 px, font ×1.2", text)
    finally:
        context.close()


def test_a_photo_picked_while_the_checker_loads_waits_with_words_that_say_so(browser, site_url, tmp_path):
    """A phone review: once the page's script ran, a photo picked during the download was announced as
    正在检查 … for seconds while the box above still said 正在下载. Until the checker is ready the page
    says it has the photo and will check it; then that it is checking; then the verdict."""
    path = _blue(tmp_path)
    context = _new_context(browser)
    held = []
    try:
        page = context.new_page()
        page.route("**/assets/pyodide/pyodide.asm.wasm*", lambda route: held.append(route))
        page.goto(f"{site_url}/tools/photo/?as_of={AS_OF.isoformat()}")
        page.wait_for_selector("[data-testid=photo-input][data-tool-ready]", state="attached")
        page.set_input_files("[data-testid=photo-input]", str(path))
        note = page.locator("[data-testid=photo-message]")
        page.wait_for_timeout(500)
        said = "已收到照片 \u2068blue.jpg\u2069，检查程序准备好后会自动检查，不用重新选择。"
        assert note.inner_text() == said
        assert page.get_attribute("[data-testid=validator-status]", "data-state") == "loading"
        assert held, "the page never asked for the wasm"
        for route in held:
            route.continue_()
        verdict = page.wait_for_selector('[data-testid=verdict][data-file="blue.jpg"]', timeout=60_000)
        assert verdict.get_attribute("data-verdict") == "fail"
    finally:
        context.close()


def test_a_photo_picked_when_the_checker_cannot_start_is_told_it_was_not_checked_and_to_reload(
    browser, site_url, tmp_path
):
    """Phone reviews: with the start-up broken, a picked photo got 这次检查没有完成：runtime。…本页仍可继续
    使用 (an English code, and a page that could not check anything), below the screen; then the status's
    error repeated, which never said the photo had not been checked. Now, every time and on screen: the photo
    was not checked, why is above, reload and pick it again; the reload button beside those words (the
    status's own may be out of view on a phone), and it brings the checker back once the files can be had."""
    path = _blue(tmp_path)
    context = _new_context(browser)
    try:
        block = lambda route: route.abort()  # noqa: E731
        context.route("**/assets/pyodide/python_stdlib.zip*", block)
        page = context.new_page()
        page.set_viewport_size({"width": 360, "height": 740})
        assert open_tool(page, site_url) == "error"
        reason = page.inner_text("[data-testid=validator-status] [data-role=stage]")
        assert reason == "检查程序没能启动（可能是网络中断或内存不足），请刷新页面重试。"
        note = page.locator("[data-testid=photo-message]")
        said = (
            "还没有检查：检查程序没能启动（原因见本页上方）。"
            "请刷新本页后再检查一次，选过的照片或文件要重新选择。"
        )
        for _ in range(2):  # a second pick is told the same, not to wait
            page.set_input_files("[data-testid=photo-input]", str(path))
            page.wait_for_timeout(300)
            assert note.inner_text().startswith(said), note.inner_text()
            for node in (note, note.locator("[data-testid=result-reload]")):
                box = node.bounding_box()
                assert box["y"] >= 0 and box["y"] + box["height"] <= 740, box
            page.set_input_files("[data-testid=photo-input]", [])
        assert note.locator("[data-testid=result-reload]").inner_text() == "刷新本页"
        context.unroute("**/assets/pyodide/python_stdlib.zip*", block)
        note.locator("[data-testid=result-reload]").click()
        page.wait_for_selector("[data-testid=validator-status][data-state=ready]", timeout=RUNTIME_TIMEOUT_MS)
    finally:
        context.close()


@pytest.mark.parametrize(
    ("blocked", "hold_wasm"), [("python_stdlib.zip", True), ("validator-0.1.0-py314-none-any.whl", False)]
)
def test_a_checker_that_cannot_start_leaves_no_uncaught_error(browser, site_url, blocked, hold_wasm):
    """A phone review: with the standard library blocked, the page said the checker could not start (handled)
    and the console also showed an uncaught "Failed to fetch". Pyodide's loader takes the early request at
    once and awaits it only as Python starts: a request that failed before then was, in between, a rejection
    nobody handled. For the standard library the wasm (Python's start) is held here until after the file has
    failed, so that is always the case. The wheel is asked for once the wasm is compiled and used once Python
    has started: its failure always comes in between, and holding the wasm would hold its request too.
    The page says the checker could not start, and nothing is left uncaught."""
    context = _new_context(browser)
    errors: list[str] = []
    failed, held, released = [], [], []

    def fail(route):
        route.abort()
        failed.append(route.request.url)

    try:
        context.route(f"**/assets/pyodide/{blocked}*", fail)
        if not hold_wasm:
            released.append(True)
        context.route(
            "**/assets/pyodide/pyodide.asm.wasm*",
            lambda route: route.continue_() if released else held.append(route),
        )
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{site_url}/tools/photo/?as_of={AS_OF.isoformat()}", wait_until="commit")
        for _ in range(600):
            if failed and (held or not hold_wasm):
                break
            page.wait_for_timeout(50)
        assert failed and (held or not hold_wasm), (failed, held)
        if hold_wasm:
            page.wait_for_timeout(1500)  # the loader has taken the failed request; Python has not started
            released.append(True)
            for route in held:
                route.continue_()
        page.wait_for_selector("[data-testid=validator-status][data-state=error]", timeout=120_000)
        reason = page.inner_text("[data-testid=validator-status] [data-role=stage]")
        assert reason == "检查程序没能启动（可能是网络中断或内存不足），请刷新页面重试。"
        wait_for_requests_to_end(page, "/assets/")  # every request the start made has ended
    finally:
        context.close()
    assert errors == [], errors


# Each "number unit" in the fallback sentence: its text and how many lines its characters take.
UNIT_LINES = """() => {
  const text = document.querySelector('[data-testid=validator-status] [data-role=fallback]');
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.data.matchAll(/\\d+\\s+KB/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const tops = new Set(rects.map((r) => Math.round(r.top)));
      found.push([m[0], tops.size]);
    }
  }
  return found;
}"""


@pytest.mark.parametrize("width", [320, 340, 360])
def test_the_size_limit_in_the_fallback_sentence_stays_on_one_line(browser, site_url, width):
    """A phone review at 360 px: in the red box's fallback sentence "30" ended one line and "KB" began the
    next. The build holds a parameter's number and unit in one nowrap span (scripts/sitegen/units.py)."""
    context = _new_context(browser, viewport={"width": width, "height": 740}, is_mobile=True, has_touch=True)
    try:
        context.route("**/assets/pyodide/python_stdlib.zip*", lambda route: route.abort())
        page = context.new_page()
        assert open_tool(page, site_url) == "error"
        found = page.evaluate(UNIT_LINES)
    finally:
        context.close()
    assert found == [["30 KB", 1]], found
