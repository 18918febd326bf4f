"""Hostile inputs, round two (issue 17 item 2) in real Chromium: the photo tool and the materials
check answer files that claim more work than they carry without handing them to the browser's
decoder (each createImageBitmap call is counted), and a big sound file is called too big, never
damaged. Files from tests/gen/hostile.py; expected values written by hand from how they are built.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_tool
from tests.browser.test_hostile_browser import COUNT_DECODES, STATUS, pick
from tests.browser.test_materials_tool import attach, finding_codes, wait_checked
from tests.browser.test_materials_tool import open_tool as open_materials
from tests.gen import hostile

pytestmark = pytest.mark.browser


@pytest.fixture
def counted(page, site_url):
    page.add_init_script(COUNT_DECODES)
    state = open_tool(page, site_url)
    assert state == "ready", page.inner_text(STATUS)
    return page


def test_nine_thousand_scans_are_refused_from_the_header(counted, tmp_path):
    path = tmp_path / "scans.jpg"
    path.write_bytes(hostile.many_scans(9000))
    verdict, _, codes = pick(counted, path)
    assert "file.scans.too_many" in codes and verdict in ("warn", "fail")
    assert counted.evaluate("window.__decodes") == 0
    assert "photo.integrity.undecodable" not in codes


def test_a_kilobyte_bmp_claiming_7000_square_is_never_decoded(counted, tmp_path):
    path = tmp_path / "claims.bmp"
    path.write_bytes(hostile.bmp_claims(7000, 7000))
    _, _, codes = pick(counted, path)
    assert counted.evaluate("window.__decodes") == 0
    assert "photo.format.not_jpeg" in codes or "photo.format.renamed" in codes
    assert "photo.integrity.undecodable" not in codes


def test_a_big_sound_jpeg_is_called_too_big_not_damaged(counted, tmp_path):
    path = tmp_path / "big.jpg"
    path.write_bytes(hostile.big_valid_jpeg())
    assert path.stat().st_size > 25 * 1024 * 1024  # over the page's byte budget (image-decode.js)
    verdict, _, codes = pick(counted, path)
    text = counted.inner_text("#photo-tool")
    assert counted.evaluate("window.__decodes") == 0
    assert "photo.integrity.undecodable" not in codes and "可能损坏" not in text
    assert "photo.size.too_large" in codes and verdict == "fail"


def test_materials_check_answers_nine_thousand_scans(page, site_url):
    page.add_init_script(COUNT_DECODES)
    open_materials(page, site_url)
    name = "scans.jpg"
    material = page.locator("[data-testid=material]").first.get_attribute("data-material")
    attach(page, material, hostile.many_scans(9000), name)
    assert wait_checked(page, material, name) in ("warn", "fail")
    codes = finding_codes(page, material)
    assert "file.scans.too_many" in codes and "scan.integrity.undecodable" not in codes
    assert page.evaluate("window.__decodes") == 0
