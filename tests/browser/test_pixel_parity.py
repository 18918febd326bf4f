"""CLI–browser parity of the pixel measures themselves, with the tolerance stated.

Both hosts decode with their own JPEG decoder (Pillow on CPython, the browser's in the page)
and hand pixels to the same validator code. A photo up to 1024 px a side (every registration
photo) reaches Python at full size on both hosts, so the measures may differ only by what the
two decoders do differently (IDCT and chroma upsampling rounding: a level or two per channel).
A bigger picture is first scaled to 1024 px, by the canvas in the browser and by Pillow's box
filter on the CLI, which moves the measures a little more. TOLERANCE says how much; the verdict
and codes must agree anyway (test_photo_tool.py::test_parity_with_cli).
"""

from __future__ import annotations

import base64

import pytest

from tests.browser.conftest import open_tool
from tests.conftest import AS_OF

# (measure, tolerance up to 1024 px, tolerance for bigger pictures scaled by each host)
TOLERANCE = {
    ("background", "l"): (1.0, 2.0),
    ("background", "a"): (1.0, 2.0),
    ("background", "b"): (1.0, 2.0),
    ("background", "chroma"): (1.0, 2.0),
    ("background", "l_std"): (1.0, 2.0),
    ("background", "far_share"): (0.02, 0.05),
    ("background", "texture"): (0.5, 1.0),
    ("colour", "colour_share"): (0.02, 0.05),
    ("colour", "chroma_mean"): (1.0, 2.0),
}

# The page's own module instances: asset URLs carry the build's ?v= version, and a module imported
# under another URL would be a second instance (a second client the boot script never attaches to).
BROWSER_CHECK = """async ([files, asOf]) => {
  const loaded = (file) => performance.getEntriesByType('resource').map((e) => e.name)
    .find((name) => new URL(name).pathname.endsWith('/assets/js/' + file));
  const { getValidator } = await import(loaded('validator-client.js'));
  const { decodeImage } = await import(loaded('image-decode.js'));
  const client = getValidator();
  await client.ready;
  const out = {};
  for (const [name, b64] of Object.entries(files)) {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    let decoded;
    try {
      decoded = await decodeImage(new Blob([bytes], { type: 'image/jpeg' }));
    } catch (err) {
      out[name] = { undecodable: String(err.code || err) }; // e.g. arithmetic coding: no pixels to compare
      continue;
    }
    const request = { as_of: asOf, region: 'national', filename: name };
    const report = await client.call('photo', request, { bytes, pixels: decoded.pixels });
    out[name] = { pixels: (report.facts || {}).pixels || null, width: decoded.width, height: decoded.height };
  }
  return out;
}"""


@pytest.fixture(scope="module")
def jpeg_photos():
    from tests.gen.photos import FIXTURES

    names = [n for n in FIXTURES if n.startswith("photo_") and not n.startswith(("photo_png", "photo_empty"))]
    out = {}
    for name in names:
        data = FIXTURES[name]()
        if data[:2] == b"\xff\xd8":
            out[name] = data
    return out


def test_pixel_measures_agree_within_the_stated_tolerance(page, site_url, jpeg_photos, rules):
    from validator import api
    from validator.host_files import decode_for

    assert open_tool(page, site_url) == "ready"
    payload = {name: base64.b64encode(data).decode() for name, data in jpeg_photos.items()}
    browser = page.evaluate(BROWSER_CHECK, [payload, AS_OF.isoformat()])
    compared, problems = 0, []
    for name, data in jpeg_photos.items():
        pixels, _ = decode_for(rules, data, "national", AS_OF.isoformat())
        request = {"as_of": AS_OF.isoformat(), "region": "national", "filename": name}
        cli = api.run("photo", request, data, pixels, rules=rules)["facts"].get("pixels")
        page_facts = browser[name]
        if "undecodable" in page_facts:
            continue
        if cli is None or page_facts["pixels"] is None:
            assert cli is None and page_facts["pixels"] is None, name  # both judged on structure alone
            continue
        big = max(page_facts["width"], page_facts["height"]) > 1024
        for (group, key), limits in TOLERANCE.items():
            a, b = cli[group].get(key), page_facts["pixels"][group].get(key)
            if a is None and b is None:
                continue
            compared += 1
            limit = limits[1 if big else 0]
            if abs(a - b) > limit:
                problems.append(f"{name} {group}.{key}: CLI {a}, browser {b} (tolerance {limit})")
    assert compared > 20
    assert problems == []
