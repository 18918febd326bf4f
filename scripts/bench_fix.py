"""``make bench`` section 7: the materials check's fixer (issue 16) in real Chromium.

A 12 MP phone photo of a certificate (tests/gen/documents.py, 3000 × 4000 px, about 3.4 MB) is
picked in the materials check for a national-module 考区 and for Hubei, then fixed with the
slot's button. Printed: the time from the click to the fixed file's re-checked result, the
executor's own part (decode + scale + quality search, the page's ``data-ms``), and the renderer's
peak memory above the page's level while fixing (``VmHWM`` after ``clear_refs``, as section 6).
Target: the hostile-file budget (section 6: at most 250 MB above the page's level). Printed,
never asserted.
"""

from __future__ import annotations

import time
from pathlib import Path

from scripts.bench_hostile import (
    AS_OF,
    IS_WARM,
    MB,
    TARGET_MB,
    TIMEOUT,
    _page_renderer,
    _renderers,
    _reset_peak,
    _status,
)
from tests.gen import documents

CASES = {"national module (Beijing)": "beijing", "Hubei 省网": "hubei"}


def run_case(browser, cdp, origin: str, region: str, photo: Path) -> dict:
    before = _renderers(cdp)
    ctx = browser.new_context(service_workers="block")
    page = ctx.new_page()
    try:
        page.goto(f"{origin}/tools/materials/?pathway=bachelor-physician&region={region}&as_of={AS_OF}")
        page.wait_for_selector("[data-testid=validator-status][data-state=ready]", timeout=TIMEOUT)
        page.wait_for_function(IS_WARM, timeout=TIMEOUT)
        card = page.locator("[data-testid=material][data-material=diploma]")
        card.locator("input[type=file]").first.set_input_files(str(photo))
        page.wait_for_selector(
            "[data-testid=material][data-material=diploma] [data-testid=fix-one]", timeout=TIMEOUT
        )
        page.wait_for_timeout(1000)
        pid = _page_renderer(cdp, before)
        base = _status(pid)["VmRSS"]
        reset = _reset_peak(pid)
        started = time.perf_counter()
        card.locator("[data-testid=fix-one]").click()
        result = card.locator("[data-testid=fix-result]")
        result.wait_for(timeout=TIMEOUT)
        page.wait_for_selector(
            "[data-testid=material][data-material=diploma][data-file$='.jpg'][data-verdict]", timeout=TIMEOUT
        )
        total = (time.perf_counter() - started) * 1000
        peak = _status(pid)["VmHWM"]
        return {
            "base": base,
            "peak": peak - base if reset else None,
            "total": total,
            "executor": float(result.get_attribute("data-ms") or 0),
            "outcome": result.get_attribute("data-outcome"),
            "after": int(result.get_attribute("data-after") or 0),
            "dims": f"{result.get_attribute('data-width')}×{result.get_attribute('data-height')}",
        }
    finally:
        ctx.close()


def bench(browser, origin: str, folder: Path) -> dict[str, dict]:
    folder.mkdir(parents=True, exist_ok=True)
    photo = folder / "phone_document_12mp.jpg"
    photo.write_bytes(documents.phone_photo())
    cdp = browser.new_browser_cdp_session()
    rows = {name: run_case(browser, cdp, origin, region, photo) for name, region in CASES.items()}
    rows["_size"] = {"bytes": photo.stat().st_size}
    return rows


def report(rows: dict[str, dict]) -> None:
    size = rows.pop("_size", {}).get("bytes", 0)
    print(
        f"\n7. Materials fix (issue 16): a 12 MP phone photo of a certificate ({size / MB:.1f} MB, "
        "3000×4000) "
        f"fixed in the page; renderer peak above the page's level [target ≤ {TARGET_MB} MB]"
    )
    print(f"  {'考区':28s} {'click → re-checked':>19s} {'executor':>9s} {'peak above':>11s}  result")
    for name, r in rows.items():
        peak = "n/a" if r["peak"] is None else f"{r['peak'] / MB:.0f} MB"
        flag = "" if (r["peak"] or 0) <= TARGET_MB * MB else "  (over target)"
        print(
            f"  {name:28s} {r['total'] / 1000:17.1f} s {r['executor'] / 1000:7.1f} s {peak:>11s}  "
            f"{r['outcome']}: {r['after']:,} bytes, {r['dims']}{flag}"
        )
