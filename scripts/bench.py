"""Benchmark the in-browser runtime (prints figures; asserts nothing).

Usage: python -m scripts.bench [--site site] [--runs 5]

Serves the built site on 127.0.0.1 and drives Debian chromium (Playwright), a fresh browser
context (cold cache, no service worker) for every run, alternating the two pages:

* time to ``ready``: /tools/photo/ vs. assets/bench/bare.html (the same vendored Pyodide started in
  a module worker, nothing else), both read from the ``validator-ready`` performance mark;
* photo verdict latency after ready (pick → verdict, decode included) for a ~30 KB photo and a
  12-megapixel phone picture;
* the fixer on a ~3 MB phone picture: time to a result under the limit (decode + quality search);
* bytes of a guide page and of the tool page until ready, cold: raw (what python's server sends,
  it does not compress) and gzip -6 of the same files.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - after the path set-up

READY_MARK = "() => performance.getEntriesByName('validator-ready')[0]?.startTime ?? null"
WARM_MARK = "() => performance.getEntriesByName('validator-warm')[0]?.startTime ?? null"
IS_WARM = "() => performance.getEntriesByName('validator-warm').length > 0"
IS_READY = "() => performance.getEntriesByName('validator-ready').length > 0"
TIMEOUT = 300_000


def _serve(site: Path):
    from scripts.serve import make_server

    server = make_server(str(site), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _photos(folder: Path) -> dict[str, Path]:
    from PIL import Image

    from tests.gen.photos import FIXTURES, jpeg, person

    files = {}
    good = FIXTURES["photo_29_5k"]() if "photo_29_5k" in FIXTURES else FIXTURES["photo_good"]()
    files["30k"] = folder / "photo_30k.jpg"
    files["30k"].write_bytes(good)
    files["12mp"] = folder / "phone_12mp.jpg"
    files["12mp"].write_bytes(FIXTURES["photo_phone_12mp"]())
    # A ~3 MB phone picture: more sensor-like noise and a high camera quality.
    img: Image.Image = person(3000, 4000, noise=14, seed=11)
    files["3mb"] = folder / "phone_3mb.jpg"
    files["3mb"].write_bytes(jpeg(img, 94))
    return files


BREAKDOWN = """() => {
  const m = performance.getEntriesByName('validator-ready')[0];
  const t = (m && m.detail) || {};
  const off = (t.origin || performance.timeOrigin) - performance.timeOrigin;
  const at = (k) => (k in t ? t[k] + off : null);
  return { worker: at('started'), pyodide: at('loaded') - at('imported'),
           after: m.startTime - at('loaded') };
}"""
breakdown: dict[str, list[dict]] = {"tool": [], "bare": []}


def _ready_ms(page, url: str, which: str | None = None) -> float:
    page.goto(url)
    page.wait_for_function(IS_READY, timeout=TIMEOUT)
    if which:
        breakdown[which].append(page.evaluate(BREAKDOWN))
    return float(page.evaluate(READY_MARK))


def _bytes_of(urls: list[str], site: Path, origin: str) -> tuple[int, int, int]:
    """(requests, raw bytes, gzip bytes) of the same-origin files behind these URLs."""
    raw = gz = n = 0
    seen = set()
    for url in urls:
        parsed = urlparse(url)
        if f"{parsed.scheme}://{parsed.netloc}" != origin or parsed.path in seen:
            continue
        seen.add(parsed.path)
        path = site / unquote(parsed.path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            continue
        data = path.read_bytes()
        n += 1
        raw += len(data)
        gz += len(gzip.compress(data, 6))
    return n, raw, gz


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _mb(n: int) -> str:
    return f"{n / 1048576:.2f} MB"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", default=str(ROOT / "site"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not (site / "assets" / "bench" / "bare.html").exists():
        print(f"{site} is not a built site with the runtime: run `make build` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    server, origin = _serve(site)
    tool_url = f"{origin}/tools/photo/?as_of=2026-12-15"
    bare_url = f"{origin}/assets/bench/bare.html"
    ready = {"tool": [], "bare": []}
    verdict = {"30k": [], "12mp": []}
    in_python = {"30k": [], "12mp": []}
    fixer, fixer_search, fixer_after, warm = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        photos = _photos(Path(tmp))
        sizes_of = {k: p.stat().st_size for k, p in photos.items()}
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            # Warm the OS file cache and the server once; not counted.
            ctx = browser.new_context()
            _ready_ms(ctx.new_page(), bare_url)
            ctx.close()
            for run in range(args.runs):
                order = ("bare", "tool") if run % 2 == 0 else ("tool", "bare")
                for which in order:
                    ctx = browser.new_context(service_workers="block")
                    page = ctx.new_page()
                    ready[which].append(_ready_ms(page, bare_url if which == "bare" else tool_url, which))
                    if which == "tool":
                        page.wait_for_function(IS_WARM, timeout=TIMEOUT)
                        warm.append(float(page.evaluate(WARM_MARK)) - ready["tool"][-1])
                        for key in ("30k", "12mp"):
                            page.set_input_files("[data-testid=photo-input]", str(photos[key]))
                            sel = f'[data-testid=verdict][data-file="{photos[key].name}"]'
                            page.wait_for_selector(sel, timeout=TIMEOUT)
                            verdict[key].append(float(page.get_attribute(sel, "data-ms")))
                            in_python[key].append(float(page.get_attribute(sel, "data-py-ms")))
                        page.set_input_files("[data-testid=photo-input]", str(photos["3mb"]))
                        page.wait_for_selector(
                            f'[data-testid=verdict][data-file="{photos["3mb"].name}"]', timeout=TIMEOUT
                        )
                        page.click("[data-testid=fix-button]")
                        page.wait_for_selector(
                            "[data-testid=verdict][data-file$='-30k.jpg']", timeout=TIMEOUT
                        )
                        summary = page.locator("[data-testid=fix-summary]")
                        fixer.append(float(summary.get_attribute("data-total-ms")))
                        fixer_search.append(float(summary.get_attribute("data-ms")))
                        fixer_after.append(int(summary.get_attribute("data-after")))
                    ctx.close()

            # Bytes, cold: a guide page, and the tool page until ready (no service worker precache).
            sizes = {}
            for label, url, wait_ready in (
                ("guide page /guide/national/", f"{origin}/guide/national/", False),
                ("home page /", f"{origin}/", False),
                ("tool page /tools/photo/ until ready", tool_url, True),
            ):
                ctx = browser.new_context(service_workers="block")
                urls: list[str] = []
                ctx.on("request", lambda r, urls=urls: urls.append(r.url))
                page = ctx.new_page()
                response = page.goto(url)
                if response is None or response.status >= 400:
                    ctx.close()
                    continue
                if wait_ready:
                    page.wait_for_function(IS_READY, timeout=TIMEOUT)
                else:
                    page.wait_for_load_state("networkidle")
                sizes[label] = _bytes_of(urls, site, origin)
                ctx.close()
        finally:
            browser.close()
            server.shutdown()
            server.server_close()

    tool, bare = _median(ready["tool"]), _median(ready["bare"])
    print(f"医考报名指南 runtime benchmark ({args.runs} alternating runs, fresh context each, medians)")
    print(f"  time to ready, bare Pyodide page : {bare:8.0f} ms   runs {[round(v) for v in ready['bare']]}")
    print(f"  time to ready, /tools/photo/     : {tool:8.0f} ms   runs {[round(v) for v in ready['tool']]}")
    print(f"  ratio tool / bare                : {tool / bare:8.3f}   (target <= 1.15)")
    for which in ("bare", "tool"):
        rows = breakdown[which]
        parts = {
            k: _median([r[k] for r in rows if r.get(k) is not None]) for k in ("worker", "pyodide", "after")
        }
        print(
            f"    {which}: worker at {parts['worker']:.0f} ms, loadPyodide {parts['pyodide']:.0f} ms, "
            f"then {parts['after']:.0f} ms to ready"
        )
    print(f"  warm-up after ready (rule modules imported): {_median(warm):.0f} ms; checks start after it")
    print(
        f"  verdict after ready, ~30 KB photo: {_median(verdict['30k']):8.0f} ms   (target <= 200 ms)"
        f"   [{sizes_of['30k']:,} bytes]"
    )
    print(
        f"  verdict after ready, 12 MP photo : {_median(verdict['12mp']):8.0f} ms   (target <= 1500 ms)"
        f"   [{sizes_of['12mp']:,} bytes]"
    )
    print(
        f"    of which inside Python (worker): 30 KB {_median(in_python['30k']):.0f} ms, "
        f"12 MP {_median(in_python['12mp']):.0f} ms"
    )
    size_3mb, after = sizes_of["3mb"], int(_median(fixer_after))
    print(f"  fixer, 3 MB phone picture        : {_median(fixer):8.0f} ms   (target <= 1000 ms)")
    print(f"    quality search alone {_median(fixer_search):.0f} ms; {size_3mb:,} -> {after:,} bytes")
    for label, (n, raw, gz) in sizes.items():
        print(f"  bytes, {label:31s}: {n:3d} files, raw {_mb(raw)}, gzip {_mb(gz)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
