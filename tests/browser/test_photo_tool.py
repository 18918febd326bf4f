"""The photo tool in real Chromium against the built site: parity with the CLI, the fixer,
bad files, the mobile layout and the runtime status hooks."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from tests.browser.conftest import RUNTIME_TIMEOUT_MS, check_photo_in_page, open_tool, type_site_search
from tests.conftest import AS_OF, ROOT

CJK = "\u4e00-\u9fff"


def _has_chinese(text: str) -> bool:
    import re

    return bool(re.search(f"[{CJK}]", text or ""))


@pytest.fixture(scope="session")
def cli_reports(photo_files) -> dict[str, dict]:
    """`python -m validator photo FOLDER --json` over every generated photo fixture (one run)."""
    folder = next(iter(photo_files.values())).parent
    photos = {n: p for n, p in photo_files.items() if n.startswith("photo_")}
    proc = subprocess.run(
        [sys.executable, "-m", "validator", "photo", str(folder), "--json", "--as-of", AS_OF.isoformat()],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    batch = json.loads(proc.stdout)
    by_name = {r["subject"]: r for r in batch["reports"]}
    return {n: by_name[p.name] for n, p in photos.items()}


def test_status_hooks_and_progress(page, site_url):
    page.goto(site_url + "/tools/photo/")
    status = page.locator("[data-testid=validator-status]")
    assert status.get_attribute("data-state") in ("loading", "ready")
    page.wait_for_selector("[data-testid=validator-status][data-state=ready]", timeout=RUNTIME_TIMEOUT_MS)
    assert _has_chinese(status.inner_text())
    assert page.locator("[data-testid=photo-input]").get_attribute("accept").startswith("image/")
    assert page.locator("[data-testid=photo-input]").get_attribute("type") == "file"
    assert not page.js_errors, page.js_errors


def test_parity_with_cli(photo_page, photo_files, cli_reports):
    """Every generated photo fixture gets the same verdict (and the same fail/warn codes) as the CLI."""
    mismatches = []
    for name, report in cli_reports.items():
        verdict, codes = check_photo_in_page(photo_page, photo_files[name])
        cli_codes = {f["code"] for f in report["findings"] if f["severity"] in ("fail", "warn")}
        page_codes = set(
            photo_page.eval_on_selector_all(
                "[data-testid=finding][data-severity=fail], [data-testid=finding][data-severity=warn]",
                "els => els.map(e => e.dataset.code)",
            )
        )
        if verdict != report["verdict"] or page_codes != cli_codes:
            mismatches.append((name, verdict, report["verdict"], sorted(page_codes ^ cli_codes), codes))
    assert not mismatches, "page vs CLI:\n" + "\n".join(map(str, mismatches))
    assert not photo_page.js_errors, photo_page.js_errors


def test_findings_show_message_measured_fix_and_source(photo_page, photo_files):
    verdict, codes = check_photo_in_page(photo_page, photo_files["photo_31k"])
    assert verdict == "fail" and "photo.size.too_large" in codes
    item = photo_page.locator('[data-testid=finding][data-code="photo.size.too_large"]')
    text = item.inner_text()
    assert _has_chinese(text)
    assert "31,948" in text.replace("，", ",") or "31948" in text  # the measured size
    for cls in ("yk-finding-message", "yk-finding-fix", "yk-finding-source"):
        assert item.locator(f".{cls}").count() == 1, cls
    # the message states the measured size, so it is not repeated under it (review of 2026-12-05)
    assert item.locator(".yk-finding-measured").count() == 0
    assert text.replace("，", ",").count("31,948") == 1
    # The overlay: the background band and the 33×48 frame guide over the picture.
    assert photo_page.locator("[data-testid=photo-overlay] rect.yk-band").count() == 4
    assert photo_page.locator("[data-testid=frame-guide]").count() == 1


def test_tool_minimum_is_cited_in_chinese_and_readings_say_why(photo_page, photo_files):
    from scripts.content import load_content
    from scripts.content.leaks import forbidden

    tokens = forbidden(load_content(ROOT / "content", codes_package=None))
    verdict, codes = check_photo_in_page(photo_page, photo_files["photo_150x200"])
    item = photo_page.locator('[data-testid=finding][data-code="photo.shape.too_small"]')
    source = item.locator("[data-testid=finding-source]").inner_text()

    assert verdict == "fail" and "photo.shape.too_small" in codes
    assert "宽度和高度不够" in item.inner_text() and "190×254" in item.inner_text()
    assert source == "依据：照片检测工具说明（转载）、报名照片要求（第三方整理） · 多方一致"
    advice = photo_page.locator("[data-testid=photo-advice]").text_content()  # folded: read, not shown
    assert "摄像头" in advice and "视频" in advice and "打开照片文件" in advice
    assert not tokens.find(photo_page.inner_text("[data-testid=photo-result]"), "photo tool")

    verdict, _ = check_photo_in_page(photo_page, photo_files["photo_blue"])
    blue = photo_page.locator('[data-testid=finding][data-code="photo.background.blue"]')
    assert verdict == "fail" and blue.get_attribute("data-severity") == "fail"
    assert "官方要求白底" in blue.inner_text() and "不是白色背景" in blue.inner_text()
    shown = photo_page.inner_text("[data-testid=photo-result]")
    assert "L*" not in shown and not tokens.find(shown, "photo tool")
    assert not photo_page.js_errors, photo_page.js_errors


def _fix_and_download(page, tmp_path):
    page.click("[data-testid=fix-button]")
    page.wait_for_selector("[data-testid=verdict][data-file$='-30k.jpg']", timeout=RUNTIME_TIMEOUT_MS)
    summary = page.locator("[data-testid=fix-summary]")
    before, after, target = (int(summary.get_attribute(f"data-{k}")) for k in ("before", "after", "target"))
    with page.expect_download() as info:
        page.click("[data-testid=fix-download]")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    return before, after, target, saved


@pytest.mark.parametrize("fixture", ["photo_31k", "photo_phone_12mp"])
def test_fixer_lands_under_the_limit_and_rechecks(photo_page, photo_files, tmp_path, rules, fixture):
    from PIL import Image

    check_photo_in_page(photo_page, photo_files[fixture])
    assert photo_page.locator("[data-testid=fix-button]").is_visible()
    before, after, target, saved = _fix_and_download(photo_page, tmp_path)
    limit = rules.value("photo.max_bytes", "national", AS_OF)
    assert after <= target < limit < before  # target: the plan's inclusive bound (under the warning line)
    assert saved.name.endswith("-30k.jpg") and saved.stat().st_size == after < limit
    # The re-check ran on the fixed file: no size finding is left.
    codes = photo_page.eval_on_selector_all("[data-testid=finding]", "els => els.map(e => e.dataset.code)")
    assert not [c for c in codes if c.startswith("photo.size.")], codes
    assert _has_chinese(photo_page.inner_text("[data-testid=fix-result]"))
    # A real baseline JPEG with the same proportions (resized, never padded or cropped).
    with Image.open(saved) as fixed, Image.open(io.BytesIO(photo_files[fixture].read_bytes())) as original:
        assert fixed.format == "JPEG" and not fixed.info.get("progressive")
        from PIL import ImageOps

        ow, oh = ImageOps.exif_transpose(original).size
        assert abs(fixed.width / fixed.height - ow / oh) < 0.02


def test_the_same_photo_picked_again_after_a_fix_is_checked_again(photo_page, photo_files, tmp_path):
    """A phone review picked the original again after compressing it and kept seeing the fixed file's
    pass: the browser fires no change for the file the input still holds. The input is emptied once taken."""
    check_photo_in_page(photo_page, photo_files["photo_31k"])
    assert photo_page.eval_on_selector("[data-testid=photo-input]", "e => e.value") == ""
    _fix_and_download(photo_page, tmp_path)
    assert photo_page.get_attribute("[data-testid=verdict]", "data-verdict") == "pass"
    verdict, codes = check_photo_in_page(photo_page, photo_files["photo_31k"])
    assert verdict == "fail" and "photo.size.too_large" in codes
    # right under the download: where a phone keeps the file and that leaving the page loses it; then
    # that the official tool's guide is written for a computer (a re-review found one long paragraph
    # below the fold)
    saved = photo_page.locator("[data-testid=fix-next]")
    assert "手机相册" in saved.inner_text() and "“下载”或“文件管理”" in saved.inner_text()
    assert "不会保留" in saved.inner_text()
    assert "Windows 电脑" in photo_page.inner_text("[data-testid=fix-tool]")


def _sixty_mb(tmp_path, good: bytes):
    path = tmp_path / "huge_60mb.jpg"
    with path.open("wb") as fh:
        fh.write(good)
        fh.write(b"\0" * (60 * 1024 * 1024))
    return path


def test_bad_files_give_a_clear_message_and_the_page_stays_usable(photo_page, photo_files, tmp_path):
    bad = [  # the bomb guard is the site's own limit: nothing is decoded, and it is a warning
        (photo_files["photo_empty"], "fail"),
        (photo_files["photo_png"], "fail"),
        (photo_files["photo_truncated"], "fail"),
        (photo_files["photo_bomb"], "warn"),
        (photo_files["photo_random"], "fail"),
        (_sixty_mb(tmp_path, photo_files["photo_good"].read_bytes()), "fail"),
    ]
    for path, expected in bad:
        verdict, codes = check_photo_in_page(photo_page, path)
        assert verdict == expected, (path.name, codes)
        shown = photo_page.inner_text("[data-testid=photo-result]") + photo_page.inner_text(
            "[data-testid=photo-message]"
        )
        assert _has_chinese(shown), path.name
        assert "Traceback" not in shown and "Error:" not in shown, shown
    verdict, codes = check_photo_in_page(photo_page, photo_files["photo_good"])
    assert verdict == "pass", codes
    assert photo_page.get_attribute("[data-testid=validator-status]", "data-state") == "ready"
    assert not photo_page.js_errors, photo_page.js_errors


def test_mobile_viewport_has_no_horizontal_overflow(mobile_context, site_url, photo_files, artifacts):
    page = mobile_context.new_page()
    assert open_tool(page, site_url) == "ready"
    check_photo_in_page(page, photo_files["photo_31k"])
    overflow = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert overflow[0] <= overflow[1], f"horizontal overflow: scrollWidth {overflow[0]} > {overflow[1]}"
    wide = page.evaluate(
        """() => [...document.querySelectorAll('.yk-photo *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .map(e => e.tagName + '.' + e.className)"""
    )
    assert not wide, wide
    page.screenshot(path=str(artifacts / "photo-tool-360x740.png"), full_page=True)
    # a phone's long file name wraps inside the 360 px (numbers are no longer broken anywhere to fit it)
    long_name = "IMG_" + "20261205_" * 12 + "证件照.jpg"
    page.set_input_files(
        "[data-testid=photo-input]",
        {"name": long_name, "mimeType": "image/jpeg", "buffer": photo_files["photo_good"].read_bytes()},
    )
    page.wait_for_selector(f'[data-testid=verdict][data-file="{long_name}"]', timeout=RUNTIME_TIMEOUT_MS)
    widths = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    sizes = page.evaluate(widths)
    assert sizes[0] <= sizes[1], sizes


def test_on_a_phone_the_picker_and_a_passing_photo_s_next_step_are_in_view(
    mobile_context, site_url, photo_files
):
    """Review of 2026-12-05 (360×740): the 选择照片 button was below the first screen, and a photo that passed
    said nothing about what to do next. The button is on the first screen; after a pass, the next step (the
    official tool, with a link to the guide's section on it) is in view under the verdict; after a
    compression the download comes first and the next step is not repeated."""
    page = mobile_context.new_page()
    assert open_tool(page, site_url) == "ready"
    pick = page.locator(".ykt-pick").bounding_box()
    assert pick["y"] + pick["height"] <= 740, pick
    assert page.locator("[data-testid=next-step]").is_hidden()
    verdict, _ = check_photo_in_page(page, photo_files["photo_good"])
    assert verdict == "pass"  # tests/vectors/photo.yaml: photo-good-passes
    step = page.locator("[data-testid=next-step]")
    assert step.is_visible() and "医考报名照片检测工具" in step.inner_text()
    assert step.locator("a").get_attribute("href") == "../../guide/national/#photo-tool"
    box = step.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 740, box
    # a photo that only warns: the next step says to go through the warnings (second review)
    verdict, _ = check_photo_in_page(page, photo_files["photo_off_white"])
    assert verdict == "warn"  # tests/vectors/photo.yaml: photo-off-white-background-warns
    assert step.is_visible() and "逐条看下面的提醒" in step.inner_text()
    # a photo that fails with no fix on the page: the next step says to follow each fix (third review)
    verdict, _ = check_photo_in_page(page, photo_files["photo_blue"])
    assert verdict == "fail"  # blue background: official 白底
    assert step.is_visible() and "按下面每一条的“怎么改”修改或重新拍摄" in step.inner_text()
    box = step.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 740, box
    # one the page can fix: its fix button is the next step, right under the verdict
    verdict, _ = check_photo_in_page(page, photo_files["photo_phone_12mp"])
    assert verdict == "fail" and step.is_hidden()  # 1.4 MB: over 30K under either reading
    assert page.locator("[data-testid=fix-button]").is_visible()
    page.click("[data-testid=fix-button]")
    page.wait_for_selector("[data-testid=verdict][data-file$='-30k.jpg']", timeout=RUNTIME_TIMEOUT_MS)
    assert page.get_attribute("[data-testid=verdict]", "data-verdict") == "pass"
    assert page.locator("[data-testid=next-step]").is_hidden()
    assert page.locator("[data-testid=fix-download]").is_visible()


@pytest.mark.service_worker  # a guide page that registered the worker would show in the requests
def test_guide_pages_load_no_runtime(page, site_url):
    for path in ("/", "/guide/national/", "/faq/", "/tools/"):
        response = page.goto(site_url + path)
        if response is None or response.status == 404:
            continue
        page.wait_for_load_state("networkidle")
    urls = [url for _, url, _, _ in page.requests_log]
    assert urls, "no request recorded"
    markers = ("/pyodide/", "/runtime/", "/assets/js/", "sw.js")
    runtime = [u for u in urls if any(m in u for m in markers)]
    assert not runtime, runtime


def choose_region(page, region: str) -> None:
    """As a candidate does: unfold the 考区 choice (folded: the photo rule is the same everywhere), pick."""
    box = page.locator("[data-testid=photo-region-box]")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    page.select_option("[data-testid=photo-region]", region)


def test_the_region_choice_is_folded_until_one_is_chosen(page, site_url):
    """A phone review: the photo page put a search box, a 考区 list and a note between the pick button and
    the result, though the photo rule is the same in every 考区. Folded, with the reason on its summary; a
    考区 already chosen (?region=) shows unfolded, with its note."""
    open_tool(page, site_url)
    page.wait_for_selector(
        "[data-testid=region-picker][data-mounted]", state="attached", timeout=RUNTIME_TIMEOUT_MS
    )
    box = page.locator("[data-testid=photo-region-box]")
    assert box.get_attribute("open") is None
    assert not page.is_visible("[data-testid=photo-region]")
    assert box.locator("summary").inner_text() == "选择考区（可以不选：各考区的照片要求相同）"
    page.goto(f"{site_url}/tools/photo/?region=hubei&as_of={AS_OF}")
    page.wait_for_selector(
        "[data-testid=region-picker][data-mounted]", state="attached", timeout=RUNTIME_TIMEOUT_MS
    )
    assert box.get_attribute("open") is not None
    assert page.is_visible("[data-testid=photo-region]")
    assert page.locator("[data-testid=photo-region]").input_value() == "hubei"
    assert "湖北考区还要在省网登记同一张照片" in page.inner_text("[data-testid=region-note]")
    # folded again, the summary still says which 考区 is chosen; back to none, its own words
    summary = box.locator("summary")
    summary.click()
    assert box.get_attribute("open") is None
    assert summary.inner_text() == "考区：湖北（照片要求与全国相同）"
    summary.click()
    page.select_option("[data-testid=photo-region]", "national")
    assert summary.inner_text() == "选择考区（可以不选：各考区的照片要求相同）"


def test_region_choice_rechecks_with_the_regions_rules(photo_page, photo_files):
    _, codes = check_photo_in_page(photo_page, photo_files["photo_31k"])
    assert "photo.size.provincial_ok" not in codes
    choose_region(photo_page, "hubei")
    photo_page.wait_for_selector(
        '[data-testid=finding][data-code="photo.size.provincial_ok"]', timeout=RUNTIME_TIMEOUT_MS
    )
    # The findings are drawn before the verdict (the verdict comes last, after the preview): wait for it.
    photo_page.wait_for_selector("[data-testid=verdict][data-verdict]", timeout=RUNTIME_TIMEOUT_MS)
    # The national 30K limit still applies to Hubei candidates.
    assert photo_page.get_attribute("[data-testid=verdict]", "data-verdict") == "fail"


def test_without_webassembly_the_page_says_so_and_links_the_checklists(context, site_url):
    context.add_init_script("delete globalThis.WebAssembly;")
    page = context.new_page()
    state = open_tool(page, site_url)
    assert state == "error"
    status = page.locator("[data-testid=validator-status]")
    assert status.get_attribute("data-error-code") == "unsupported"
    assert _has_chinese(status.inner_text())
    fallback = status.locator("[data-role=fallback]")
    assert fallback.is_visible() and fallback.locator("a[href*='checklists']").count() == 1
    # The checklists page it points to exists.
    href = fallback.locator("a").get_attribute("href")
    response = page.goto(page.url.split("?")[0] + href)
    assert response is not None and response.status == 200


def test_progress_bar_is_visible_while_loading(page, site_url):
    page.goto(site_url + "/tools/photo/")
    status = page.locator("[data-testid=validator-status]")
    if status.get_attribute("data-state") == "loading":
        assert page.locator("[data-testid=validator-status] .yk-progress").is_visible()
        assert page.locator("[data-testid=validator-status] [data-role=stage]").inner_text().strip()
    page.wait_for_selector("[data-testid=validator-status][data-state=ready]", timeout=RUNTIME_TIMEOUT_MS)
    stage = page.locator("[data-testid=validator-status] [data-role=stage]").inner_text()
    assert _has_chinese(stage)


def test_site_search_still_works_on_the_tool_page(photo_page):
    """The theme's search starts after the runtime (assets/js/search-deferred.js) and then works."""
    type_site_search(photo_page, "照片", timeout=RUNTIME_TIMEOUT_MS)
    assert photo_page.locator(".md-search-result__item").count() > 0


def test_clearly_not_white_backgrounds_fail_in_the_page(photo_page, photo_files):
    """白底 is official (SEED4 §二.7): red, mid-grey and black are past any reading of white and fail,
    citing the official rule (issue 20 item 5); the blue case is checked above."""
    for name, code in (
        ("photo_red", "photo.background.red"),
        ("photo_grey_bg", "photo.background.grey"),
        ("photo_black_bg", "photo.background.grey"),
    ):
        verdict, codes = check_photo_in_page(photo_page, photo_files[name])
        item = photo_page.locator(f'[data-testid=finding][data-code="{code}"]')
        assert verdict == "fail" and code in codes, (name, codes)
        assert item.get_attribute("data-severity") == "fail"
        assert "国家系统报名操作指南" in item.locator("[data-testid=finding-source]").inner_text()
        # the citation links the sources page at its first document, in a new tab (the check keeps
        # nothing once its page is left)
        link = item.locator("[data-testid=finding-source] a")
        assert link.get_attribute("href").endswith("/sources/#SEED4")
        assert link.get_attribute("target") == "_blank"
    assert not photo_page.js_errors, photo_page.js_errors


def test_renamed_tiff_with_absurd_header_is_named_in_the_page(photo_page, tmp_path):
    """A TIFF saved as .jpg whose header claims 100000 × 100000: named as not a JPEG (issue 21 item 2)."""
    from tests.gen.jpegs import FIXTURES

    path = tmp_path / "zhengjianzhao.jpg"
    path.write_bytes(FIXTURES["file_tiff_absurd"]())
    verdict, codes = check_photo_in_page(photo_page, path)
    assert verdict == "fail" and "photo.format.renamed" in codes, codes
    text = photo_page.locator('[data-testid=finding][data-code="photo.format.renamed"]').inner_text()
    assert "TIFF" in text


def test_a_result_links_the_official_photo_tool_once(photo_page, site_url, photo_files, tmp_path):
    """A phone review: the result told the candidate to use the official photo tool and never said where it
    is; the next review counted four links to it in one result. The result links it once, where it is first
    named (a finding's message or fix; else the notice under the result), to the guide's section on it
    (it is downloaded from the national system's photo page); the link leads there."""
    from tests.gen.jpegs import FIXTURES

    where = site_url + "/guide/national/#photo-tool"
    result = (
        "[data-testid=findings] a[data-named], [data-testid=photo-advice] a[data-named], "
        "[data-testid=photo-notice] a[data-named]"
    )
    # a good photo: no finding names it, the notice does
    check_photo_in_page(photo_page, photo_files["photo_good"])
    links = photo_page.locator(result)
    assert links.count() == 1
    notice = photo_page.locator("[data-testid=photo-notice] a[data-named=official_photo_tool]")
    assert notice.inner_text() == "医考报名照片检测工具" and notice.evaluate("a => a.href") == where
    # a TIFF saved as .jpg: its fix names it (photo.format.renamed), and only there is it a link
    path = tmp_path / "zhengjianzhao.jpg"
    path.write_bytes(FIXTURES["file_tiff_absurd"]())
    check_photo_in_page(photo_page, path)
    finding = photo_page.locator('[data-testid=finding][data-code="photo.format.renamed"]')
    link = finding.locator("a[data-named=official_photo_tool]")
    assert link.inner_text() == "官方照片检测工具" and link.evaluate("a => a.href") == where
    assert links.count() == 1
    link.click()
    photo_page.wait_for_url(where)
    assert photo_page.locator("#photo-tool").is_visible()
    assert not photo_page.js_errors, photo_page.js_errors


def test_region_note_names_the_photo_rule_not_the_upload_modules(page, site_url):
    """The 考区 note says the photo follows the national system's photo rule in every 考区 (SEED4 §二.7;
    regions.md: no 2023+ provincial photo rule), not the material-upload module's file rule (issue 21
    item 6); Hubei's 省网 40 KB figure (P10, undated, c1) is named with why the national limit applies."""
    note = page.locator("[data-testid=region-note]")
    open_tool(page, site_url)
    page.wait_for_selector(
        "[data-testid=region-picker][data-mounted]", state="attached", timeout=RUNTIME_TIMEOUT_MS
    )
    page.click("[data-testid=photo-region-box] > summary")  # folded: the photo rule is the same everywhere
    text = note.inner_text()
    assert "各考区的照片要求相同" in text and "选不选考区" in text
    assert "上传相关材料" not in text and "模块" not in text
    assert note.locator("[data-testid=region-link]").get_attribute("href").endswith("/requirements/#photo")
    for region, name in (("xizang", "西藏考区"), ("beijing", "北京考区")):
        choose_region(page, region)
        text = note.inner_text()
        assert f"{name}上传证明材料" in text and "只管材料，不用于照片" in text, text
        assert "按国家系统的照片要求检查" in text
        assert "没有找到" not in text and "上传相关材料" not in text and "40 KB" not in text
    choose_region(page, "hubei")
    text = note.inner_text()
    assert "按国家系统的照片要求检查" in text and "湖北考区还要在省网登记同一张照片" in text
    assert "小于 40 KB" in text and "没有日期的转载" in text and "全国系统的上限仍然适用" in text
    assert not page.js_errors, page.js_errors


def test_fixer_offered_only_for_what_it_fixes_in_its_own_words(photo_page, photo_files, tmp_path):
    """The box compresses only for a size problem (issue 21 item 6). A progressive JPEG of 24 KB (size
    fine) gets "另存为 JPG 照片" and never the word 压缩; a blue background and an arithmetic-coded JPEG
    (no browser decodes it): nothing it fixes, no box. A WebP (the check does not decode a non-JPEG,
    but the fixer can: issue 16) gets the box in its converting words."""
    fixer = photo_page.locator("[data-testid=fixer]")
    for name in ("photo_blue", "photo_arithmetic"):
        verdict, codes = check_photo_in_page(photo_page, photo_files[name])
        assert verdict == "fail" and fixer.is_hidden(), (name, codes)
    verdict, codes = check_photo_in_page(photo_page, photo_files["photo_webp"])
    assert verdict == "fail" and "photo.format.not_jpeg" in codes, codes
    assert fixer.is_visible() and fixer.get_attribute("data-mode") == "convert"
    assert photo_page.locator("[data-testid=fix-button]").inner_text() == "另存为 JPG 照片"
    # the box's heading says what the box is, not its button's words again (a phone review)
    assert fixer.locator("h2").inner_text() == "在本机另存照片"

    verdict, codes = check_photo_in_page(photo_page, photo_files["photo_31k"])
    assert verdict == "fail" and "photo.size.too_large" in codes
    assert fixer.is_visible() and fixer.get_attribute("data-mode") == "compress"
    assert photo_page.locator("[data-testid=fix-button]").inner_text() == "压缩到 30 KB 以内"
    assert fixer.locator("h2").inner_text() == "在本机压缩照片"
    # the page names its button (the command line, with no button, prints only the image-editor advice)
    advice = photo_page.locator('[data-testid=finding][data-code="photo.size.too_large"]').inner_text()
    assert "点上方的“压缩到 30 KB 以内”按钮" in advice

    verdict, codes = check_photo_in_page(photo_page, photo_files["photo_progressive"])
    assert verdict == "warn" and codes == ["photo.format.progressive"], codes
    assert fixer.is_visible() and fixer.get_attribute("data-mode") == "convert"
    assert "压缩" not in fixer.inner_text()
    assert photo_page.locator("[data-testid=fix-button]").inner_text() == "另存为 JPG 照片"
    advice = photo_page.locator('[data-testid=finding][data-code="photo.format.progressive"]').inner_text()
    assert "另存为 JPG 照片" in advice and "压缩" not in advice
    photo_page.click("[data-testid=fix-button]")
    fixed = "[data-testid=verdict][data-file$='-30k.jpg']"
    photo_page.wait_for_selector(fixed, timeout=RUNTIME_TIMEOUT_MS)
    result = photo_page.locator("[data-testid=fix-result]").inner_text()
    assert "已另存为 JPG 照片" in result and "压缩" not in result
    assert "photo.format.progressive" not in photo_page.eval_on_selector_all(
        "[data-testid=finding]", "els => els.map(e => e.dataset.code)"
    )
    # back to a size problem: the box compresses again, in its own words
    check_photo_in_page(photo_page, photo_files["photo_31k"])
    assert fixer.get_attribute("data-mode") == "compress" and "压缩到 30 KB 以内" in fixer.inner_text()
    assert not photo_page.js_errors, photo_page.js_errors


def test_a_png_photo_is_saved_as_a_jpeg_the_check_accepts(photo_page, tmp_path):
    """Issue 16: the photo must be a JPEG (content/rules/photo.yaml photo.formats: [jpeg], SEED4 §二.7),
    so the check does not decode a PNG; the fixer still decodes it (the same decodableForFix test as the
    materials check), saves a baseline JPEG and the re-check finds no format problem."""
    from PIL import Image

    from tests.gen import photos

    path = tmp_path / "照片.png"
    path.write_bytes(photos.encode(photos._good_img(), "PNG"))
    verdict, codes = check_photo_in_page(photo_page, path)
    assert verdict == "fail" and "photo.format.not_jpeg" in codes, codes
    assert photo_page.locator("[data-testid=fix-button]").is_visible()  # 337 KB: it compresses too
    before, after, _target, saved = _fix_and_download(photo_page, tmp_path)
    assert saved.name == "照片-30k.jpg" and after == saved.stat().st_size <= 29000 < before
    codes = photo_page.eval_on_selector_all("[data-testid=finding]", "els => els.map(e => e.dataset.code)")
    assert not [c for c in codes if c.startswith("photo.format")], codes
    with Image.open(saved) as fixed:
        assert fixed.format == "JPEG" and fixed.mode == "RGB" and not fixed.info.get("progressive")
    assert not photo_page.js_errors, photo_page.js_errors
