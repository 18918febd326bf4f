"""Hostile files and failed start-ups in real Chromium (issue 13 items 1–3 and 7).

The page must ask the worker for the header's verdict before it decodes anything: a file whose
pixel count is over the browser's budget, or cannot be read from its header, never reaches the
browser's decoder. Each call of ``createImageBitmap`` is counted by an init script (it observes
the browser's own decoder, it does not replace it). Start-up faults are produced by routing the
real files: a probe module the browser cannot parse (what iOS 15 sees), a host that sends no
Content-Security-Policy header, a runtime download that breaks half-way.

Expected values are written by hand from how tests/gen/hostile.py builds each file.
"""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import (
    PHOTO_TOOL,
    RUNTIME_TIMEOUT_MS,
    SETTLED,
    open_tool,
    wait_for_requests_to_end,
)
from tests.gen import hostile, jpegs

COUNT_DECODES = """
window.__decodes = 0;
const original = window.createImageBitmap;
window.createImageBitmap = function (...args) { window.__decodes += 1; return original.apply(this, args); };
"""
STATUS = "[data-testid=validator-status]"


@pytest.fixture
def counted(page, site_url):
    page.add_init_script(COUNT_DECODES)
    state = open_tool(page, site_url)
    assert state == "ready", page.inner_text(STATUS)
    return page


def pick(page, path) -> tuple[str, str, list[str]]:
    page.set_input_files("[data-testid=photo-input]", str(path))
    selector = f'[data-testid=verdict][data-file="{path.name}"]'
    page.wait_for_selector(selector, timeout=RUNTIME_TIMEOUT_MS)
    codes = page.eval_on_selector_all("[data-testid=finding]", "els => els.map(e => e.dataset.code)")
    shown = page.is_visible("[data-testid=photo-message]")
    note = page.inner_text("[data-testid=photo-message]") if shown else ""
    return page.get_attribute(selector, "data-verdict"), note, codes


def test_late_frame_header_claiming_400_megapixels_is_never_decoded(counted, tmp_path):
    path = tmp_path / "late.jpg"
    path.write_bytes(hostile.late_sof(20000, 20000))  # SOF after 1 MB of APP12 segments
    verdict, _, codes = pick(counted, path)
    assert verdict in ("fail", "warn")  # the pixel limits are the site's reading: warn at least
    assert counted.evaluate("window.__decodes") == 0
    assert any(code.startswith("file.") for code in codes), codes


def test_real_picture_over_the_browser_budget_laid_out_late_is_refused_by_its_size(counted, tmp_path):
    from PIL import Image

    path = tmp_path / "big.jpg"
    path.write_bytes(hostile.late_sof_real(Image.new("RGB", (8000, 6500), (200, 200, 200)), quality=50))
    verdict, note, _ = pick(counted, path)  # 52 MP: over the page's 50 MP budget
    assert counted.evaluate("window.__decodes") == 0
    assert "8000×6500" in note, note
    assert verdict in ("fail", "warn")


def test_avif_bomb_is_named_and_never_decoded(counted, tmp_path):
    path = tmp_path / "bomb.avif"
    path.write_bytes(hostile.avif_bomb(8000, 8000))
    verdict, _, _ = pick(counted, path)
    assert counted.evaluate("window.__decodes") == 0
    assert verdict in ("fail", "warn")  # the pixel limits are the site's reading: warn at least
    text = counted.inner_text("[data-testid=findings]")
    assert "AVIF" in text, text
    assert "可能损坏" not in text


def test_iphone_heic_is_named_with_the_phone_side_fix_and_no_broken_preview(counted, tmp_path):
    path = tmp_path / "IMG_0001.HEIC"
    path.write_bytes(jpegs.file_heic())  # 4032×3024 stored: Chromium has no HEIC decoder
    verdict, _, codes = pick(counted, path)
    assert verdict == "fail" and "photo.format.phone" in codes
    text = counted.inner_text("[data-testid=findings]")
    assert "HEIC" in text and "兼容性最佳" in text and "可能损坏" not in text
    assert not counted.is_visible("[data-testid=photo-preview]")  # never a broken-image box


def test_sixty_megabyte_file_is_answered_without_decoding(counted, tmp_path):
    path = hostile.big_file(tmp_path / "sixty.jpg")
    verdict, _, _ = pick(counted, path)
    assert verdict in ("fail", "warn")  # the pixel limits are the site's reading: warn at least
    assert counted.evaluate("window.__decodes") == 0


def test_healthy_small_jpeg_is_still_decoded_once(counted, tmp_path):
    path = tmp_path / "ok.jpg"
    path.write_bytes(jpegs.jpeg(390, 567))
    pick(counted, path)
    assert counted.evaluate("window.__decodes") == 1
    assert counted.get_attribute("[data-testid=photo-preview]", "src").startswith("blob:")


# --- start-up that cannot hang ---------------------------------------------------------------


def _runtime_requests(page) -> list[str]:
    return [url for _, url, _, _ in page.requests_log if "/assets/pyodide/" in url]


# the runtime worker's own script and the modules it imports (beside the Pyodide files): abandoned, never
# finished, when the worker is stopped while they load. The probe is one of them (the runtime worker imports
# it; a CI run caught its import still pending 60 s after the worker was stopped under load); the probe's own
# worker, the other that loads it, is stopped on purpose too, once it answers or its time is up.
RUNTIME_WORKER_FILES = (
    "/assets/js/validator-worker.js",
    "/assets/js/runtime-snapshot.js",
    "/assets/js/validator-probe.js",
)


def _assert_final_error(page, code: str, label_attr: str) -> None:
    page.wait_for_selector(f"{STATUS}[data-state=error]", timeout=60_000)
    # Nothing may change the status afterwards: the page's own modules have all answered. The runtime
    # worker started beside the probe (issue 19) was stopped by the probe's answer, so its downloads are
    # abandoned, never finished: they are not waited for (the tests above check none starts afterwards).
    wait_for_requests_to_end(page, "/assets/js/", skip=RUNTIME_WORKER_FILES)
    status = page.locator(STATUS)
    assert status.get_attribute("data-state") == "error"
    assert status.get_attribute("data-error-code") == code
    assert status.get_attribute(label_attr) in status.inner_text()
    assert page.is_visible(f"{STATUS} [data-role=fallback]")


def test_on_the_usual_path_the_probe_answers_from_the_runtime_worker(page, site_url):
    """The probe is imported by the runtime worker and answers from there: no second worker starts (one
    more worker starting beside the real one cost about 45 ms of ready on two cores). The probe's own worker
    also starts when nothing has answered within 1.5 s; a busy machine once took that long (CI runs two
    browsers side by side), so here that fallback waits two minutes: only the usual path can answer."""
    page.add_init_script("globalThis.__ykProbeAfterMs = 120000")
    assert open_tool(page, site_url) == "ready"
    marks = page.evaluate(
        "() => ['validator-probe-start', 'validator-probe-done']"
        ".map((name) => performance.getEntriesByName(name).length)"
    )
    assert marks == [0, 1]  # answered once, never started as a worker of its own


def test_browser_without_the_needed_syntax_gets_the_minimums_and_no_download(page, site_url):
    # What Safari 15 / iOS 15.x does with the probe: a syntax error (class static blocks). The runtime
    # worker's import of it fails, and the probe then runs as a worker of its own, to say why.
    page.route(
        "**/validator-probe.js*",
        lambda route: route.fulfill(
            status=200,
            content_type="text/javascript",
            body="class A { static { this.x = 1 }",
        ),
    )
    page.goto(site_url + PHOTO_TOOL)
    _assert_final_error(page, "unsupported", "data-label-unsupported")
    text = page.inner_text(STATUS)
    assert "16.4" in text and "94" in text
    assert page.locator("[data-role=reload]").count() == 0  # a reload does not make a browser newer
    # The runtime worker starts beside the probe (issue 19) and the probe's answer stops it: the
    # error above stays final (checked there), no worker starts again and no file of the runtime is
    # requested after it. By the requests' own start times: a clean-clone run under load heard of one
    # request of the stopped worker 2 s late (its count went 8 -> 9), started before the error.
    error_at = time.time() * 1000
    workers = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.wait_for_timeout(2000)
    later = [
        r.url
        for r in page.context.requests_started
        if "/assets/pyodide/" in r.url and r.timing["startTime"] > error_at
    ]
    assert later == [] and workers == [], (later, workers)


def test_host_without_the_csp_header_is_refused_and_says_why(page, site_url):
    def strip(route):
        response = route.fetch()
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-security-policy"}
        route.fulfill(response=response, headers=headers)

    # a host that sends no policy sends none with any file, the workers' scripts included
    page.route("**/assets/js/validator-*.js*", strip)
    page.goto(site_url + PHOTO_TOOL)
    _assert_final_error(page, "csp", "data-label-error-csp")
    # the host's setting is not mended by a reload: the words say to tell the site's operator, and no
    # button offers one (the status's and a result's buttons follow one rule: validator-client.js)
    assert page.locator("[data-role=reload]").count() == 0


def test_download_failing_half_way_ends_in_a_final_error(page, site_url):
    page.route("**/python_stdlib.zip*", lambda route: route.abort("connectionreset"))
    page.goto(site_url + PHOTO_TOOL)
    page.wait_for_selector(SETTLED, timeout=RUNTIME_TIMEOUT_MS)
    status = page.locator(STATUS)
    assert status.get_attribute("data-state") == "error"
    # the wasm may still be streaming, or be abandoned with its stopped worker: once the page's own modules
    # have answered, no progress has overwritten the error
    wait_for_requests_to_end(page, "/assets/js/", skip=RUNTIME_WORKER_FILES)
    assert status.get_attribute("data-state") == "error"
    assert "%" not in status.inner_text()
    assert page.is_visible(f"{STATUS} [data-role=fallback]")


def test_a_line_that_drops_before_the_probe_loads_is_not_called_an_old_browser(page, site_url):
    """A phone review: the line dropped while a first visit was starting, the probe's script could not be
    fetched, and the page said the browser was too old (it was current, and had already downloaded the
    wasm). A script that cannot be fetched is the network's doing: the page says so and asks for a reload."""
    page.route("**/validator-probe.js*", lambda route: route.abort("internetdisconnected"))
    page.goto(site_url + PHOTO_TOOL)
    _assert_final_error(page, "network", "data-label-error")
    text = page.inner_text(STATUS)
    assert "网络中断" in text and "刷新页面" in text  # content: the tool page's data-label-error
    assert "16.4" not in text and "太旧" not in text


def test_a_tool_script_that_never_loads_ends_in_an_error_not_preparing_for_good(page, site_url):
    """A phone review: the line dropped before the tool's own modules were in (here the client, which one
    of them imports), and the page said "正在准备检查程序…" for good: the client, which gives up after a
    while, never ran. The script element's error tells the page itself; it names the network as the likely
    cause (the tool's script is there, with the right type) and shows the checklist fallback."""
    page.route("**/validator-client.js*", lambda route: route.abort("internetdisconnected"))
    page.goto(site_url + PHOTO_TOOL)
    _assert_final_error(page, "runtime", "data-label-error")
    assert "正在准备" not in page.inner_text(STATUS)


# --- untrusted names -------------------------------------------------------------------------

BIDI = "\u202e\u2066\u200f\u061c"


@pytest.mark.parametrize("name", ["照片\u202egpj.exe.jpg", "a\u2066b\u200fc\x07.jpg"])
def test_file_names_are_isolated_and_stripped_of_bidi_and_control_characters(photo_page, name):
    photo_page.set_input_files(
        "[data-testid=photo-input]", {"name": name, "mimeType": "image/jpeg", "buffer": jpegs.jpeg(390, 567)}
    )
    photo_page.wait_for_selector("[data-testid=verdict][data-verdict]", timeout=RUNTIME_TIMEOUT_MS)
    shown = photo_page.inner_text("[data-testid=verdict] bdi")
    facts = photo_page.inner_text("[data-testid=photo-facts]")
    assert not any(ch in shown + facts for ch in BIDI + "\x07")
    visible = "".join(ch for ch in name if ch not in BIDI + "\x07")
    assert visible in shown and visible in facts


# --- link parameters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("/tools/materials/?region=mars&pathway=bachelor-physician", "考区本站没有收录"),
        ("/tools/materials/?region=hubei&pathway=nonexistent", "报考路径本站没有收录"),
        ("/tools/form/?region=mars", "考区本站没有收录"),
        ("/tools/pathway/?rg=mars&step=result", "考区本站没有收录"),
        ("/tools/form/?as_of=2026-13-45", "检查日期写法不对"),
    ],
)
def test_unusable_link_parameters_get_a_visible_note_and_a_fallback(page, site_url, query, note):
    page.goto(site_url + query)
    page.wait_for_selector("[data-testid=url-note]", timeout=60_000)
    assert note in page.inner_text("[data-testid=url-note]")
    assert page.js_errors == []


def _cut_the_line_while_held(context, page, url: str, pattern: str, mounted: bool) -> None:
    """Open ``url`` with the requests for ``pattern`` held, then drop the line (once the client has mounted
    the status, if ``mounted``): the held request goes on offline and fails (as does any new one). The
    status then shows the page's offline words (content: the tool page's data-label-error-offline)."""
    held = []
    context.route(pattern, lambda route: held.append(route))
    page.goto(url, wait_until="commit")  # the page's load may wait for the held request
    if mounted:
        page.wait_for_selector(f"{STATUS}[data-mounted]", timeout=RUNTIME_TIMEOUT_MS)
    for _ in range(200):
        if held:
            break
        page.wait_for_timeout(50)
    context.set_offline(True)
    context.unroute(pattern)
    page.wait_for_selector(f"{STATUS}[data-state=error]", timeout=RUNTIME_TIMEOUT_MS)
    assert page.locator(f"{STATUS} [data-role=stage]").inner_text() == (
        "网络断开了，检查程序没能下载完。网络恢复后，本页会自动刷新。"
    )


def _line_back_reloads_into_ready(context, page) -> None:
    with page.expect_navigation(timeout=RUNTIME_TIMEOUT_MS):
        context.set_offline(False)
    page.wait_for_selector(SETTLED, timeout=RUNTIME_TIMEOUT_MS)
    assert page.get_attribute(STATUS, "data-state") == "ready"


def test_a_start_the_line_cut_off_says_so_and_starts_again_once_the_line_is_back(browser, site_url):
    """A phone review (s16): a drop of 3 s during the download ended the start for good; the page asked for
    a reload (inside WeChat hidden in a menu) and blamed the network "or too little memory", though the
    browser knew it was offline. Now it says the line is down, and reloads itself once the line is back."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        context.add_init_script("globalThis.__ykCopyRateMin = 1e15;")  # a cold start (no site's copy)
        page = context.new_page()
        wasm = "**/assets/pyodide/pyodide.asm.wasm*"
        _cut_the_line_while_held(context, page, site_url + PHOTO_TOOL, wasm, mounted=True)
        assert page.is_visible("[data-testid=validator-reload]")
        _line_back_reloads_into_ready(context, page)
    finally:
        context.close()


def test_a_line_that_hangs_says_it_is_slow_and_the_count_comes_back_with_the_bytes(browser, site_url):
    """A phone review (s16): a line that stays open but sends nothing left
    "正在下载检查程序（约 2.3 / 3.4 MB）" standing for 40 s with no word. After a while with no new
    byte (content: the tool page's data-label-slow; here 1.5 s instead of 15) the line says the network is
    slow and the page waits on, in words whole on a small phone; the bytes coming back bring the download
    line back and the start ends in ready."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        context.add_init_script("globalThis.__ykSlowMs = 1500; globalThis.__ykCopyRateMin = 1e15;")
        held = []
        wasm = "**/assets/pyodide/pyodide.asm.wasm*"
        context.route(wasm, lambda route: held.append(route))
        page = context.new_page()
        page.goto(site_url + PHOTO_TOOL, wait_until="commit")  # the page's load may wait for the held request
        stage = page.locator(f"{STATUS} [data-role=stage]")
        page.wait_for_function(
            "() => document.querySelector('[data-testid=validator-status] [data-role=stage]')"
            "?.textContent.startsWith('网络很慢')",
            timeout=30_000,
        )
        assert stage.inner_text() == "网络很慢，会自动继续下载"
        assert page.get_attribute(STATUS, "data-state") == "loading"
        # the status is one line: whole on a 320 px phone, and at 360 px with the text a fifth larger
        # (a phone review saw the longer first words cut before 会自动…)
        whole = (
            "() => { const l = document.querySelector('[data-testid=validator-status] [data-role=stage]');"
            " return l.scrollWidth <= l.clientWidth; }"
        )
        page.set_viewport_size({"width": 320, "height": 740})
        assert page.evaluate(whole)
        page.set_viewport_size({"width": 360, "height": 740})
        page.evaluate("() => { document.documentElement.style.fontSize = '24px'; }")
        assert page.evaluate(whole)
        assert held, "the wasm was never asked for"
        context.unroute(wasm)  # the held requests go on
        page.wait_for_selector(f"{STATUS}[data-state=ready]", timeout=RUNTIME_TIMEOUT_MS)
        assert "网络很慢" not in stage.inner_text()
    finally:
        context.close()


def test_the_download_line_ends_when_the_start_can_begin_not_with_the_wheel(browser, site_url):
    """A phone review (s16): "正在下载" stood on its last 0.2 MB for 1-3 s while Python was already
    starting: the validator's wheel (0.19 MB), asked for only once the wasm is compiled, was in the count.
    It joins the count only once asked for, and comes during the start unseen: with the wheel held, the line
    says the program is starting, and the start ends in ready once the wheel comes."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        context.add_init_script("globalThis.__ykCopyRateMin = 1e15;")  # a cold start (no site's copy)
        held = []
        wheel = "**/assets/pyodide/validator-*.whl*"
        context.route(wheel, lambda route: held.append(route))
        page = context.new_page()
        page.goto(site_url + PHOTO_TOOL)
        for _ in range(600):
            if held:
                break
            page.wait_for_timeout(50)
        assert held, "the wheel was never asked for"
        page.wait_for_selector(f"{STATUS}[data-stage=start]", timeout=RUNTIME_TIMEOUT_MS)
        assert page.locator(f"{STATUS} [data-role=stage]").inner_text().startswith("正在启动检查程序")
        context.unroute(wheel)  # the held request goes on
        page.wait_for_selector(f"{STATUS}[data-state=ready]", timeout=RUNTIME_TIMEOUT_MS)
    finally:
        context.close()


def test_after_a_failed_start_a_button_reloads_the_page(page, site_url):
    """The failed start's words ask for a reload, which inside WeChat is hidden in a menu: a button under them
    does it (any failure but a browser too old, which a reload does not mend)."""
    page.route("**/python_stdlib.zip*", lambda route: route.abort("connectionreset"))
    page.goto(site_url + PHOTO_TOOL)
    _assert_final_error(page, "runtime", "data-label-error")
    button = page.locator("[data-testid=validator-reload]")
    assert button.inner_text() == "刷新本页"  # content: the tool page's data-label-reload
    page.unroute("**/python_stdlib.zip*")
    with page.expect_navigation(timeout=RUNTIME_TIMEOUT_MS):
        button.click()
    page.wait_for_selector(SETTLED, timeout=RUNTIME_TIMEOUT_MS)
    assert page.get_attribute(STATUS, "data-state") == "ready"


def test_a_tool_script_the_line_cut_off_says_so_and_starts_again_once_the_line_is_back(browser, site_url):
    """The same drop, before the tool's own modules were in (here the client): the boot script shows the
    failure itself, and says the line is down and the page starts again once it is back, as the client
    does for the starts it shows."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    try:
        page = context.new_page()
        client = "**/validator-client.js*"
        _cut_the_line_while_held(context, page, site_url + PHOTO_TOOL, client, mounted=False)
        _line_back_reloads_into_ready(context, page)
    finally:
        context.close()
