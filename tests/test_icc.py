"""The CLI measures what a browser shows: an embedded ICC profile is applied before measuring
(issue 13 item 4). Profiles are written by code (tests/gen/icc.py).

The reference for a tagged file is the same picture converted to sRGB beforehand and stored
without a profile (the way a browser displays it); the untagged original shows the difference
the conversion makes. Tolerance: 1.0 in L*, a*, b* (JPEG rounding of two encodes).
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms

from tests.gen import icc, photos
from validator import api
from validator.host_files import decode_for

AS_OF = "2026-12-15"
TOLERANCE = 1.0


def background(rules, data: bytes) -> dict:
    pixels, error = decode_for(rules, data, "national", AS_OF)
    assert error is None
    report = api.run("photo", {"as_of": AS_OF, "region": "national", "filename": "a.jpg"}, data, pixels,
                     rules=rules)
    return report["facts"]["pixels"]["background"]


def as_srgb(img: Image.Image, profile: bytes) -> bytes:
    source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    srgb = ImageCms.profileToProfile(img, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
    return photos.jpeg(srgb, 95)


@pytest.mark.parametrize("profile", [icc.adobe_rgb, icc.display_p3], ids=["adobe-rgb", "display-p3"])
def test_embedded_profile_is_applied_before_measuring(rules, profile):
    img = photos.person(bg=(60, 130, 220))
    tagged = background(rules, photos.jpeg(img, 95, icc_profile=profile()))
    shown = background(rules, as_srgb(img, profile()))
    raw = background(rules, photos.jpeg(img, 95))
    for key in ("l", "a", "b"):
        assert abs(tagged[key] - shown[key]) <= TOLERANCE, (key, tagged, shown)
    # the stored values read as sRGB would be measurably different (what the CLI used to do)
    assert max(abs(raw[k] - shown[k]) for k in ("a", "b")) > 3 * TOLERANCE, (raw, shown)


def test_broken_profile_falls_back_to_the_stored_values(rules):
    img = photos.person(bg=(60, 130, 220))
    broken = background(rules, photos.jpeg(img, 95, icc_profile=b"\x00" * 200))
    raw = background(rules, photos.jpeg(img, 95))
    for key in ("l", "a", "b"):
        assert abs(broken[key] - raw[key]) <= TOLERANCE
