"""ICC profiles written by code (issue 13 item 4): matrix/TRC display profiles (ICC v2.1).

Pillow's ImageCms.createProfile makes only sRGB, Lab and XYZ, so the wide-gamut profiles a
camera or a phone embeds are built here byte by byte from their published primaries:

* Adobe RGB (1998): Adobe's specification, primaries adapted to D50 as in Adobe's own profile,
  a pure gamma of 563/256 (2.19921875);
* Display P3: the DCI-P3 primaries with a D65 white (what iPhones embed), adapted to D50
  (Bradford), with a gamma of 2.2 standing in for the sRGB curve (close enough for a test
  vector: what matters is that both hosts apply the same embedded profile).

The colorant values are the D50-adapted XYZ columns as published (e.g. in Adobe's
``AdobeRGB1998.icc`` and Apple's ``Display P3.icc``), written here by hand.
"""

from __future__ import annotations

import struct

D50 = (0.9642, 1.0, 0.8249)
ADOBE_RGB = {
    "desc": "Adobe RGB (1998) compatible (test vector)",
    "red": (0.60974, 0.31111, 0.01947),
    "green": (0.20528, 0.62567, 0.06087),
    "blue": (0.14919, 0.06322, 0.74457),
    "gamma": 563 / 256,
}
DISPLAY_P3 = {
    "desc": "Display P3 compatible (test vector)",
    "red": (0.51512, 0.24120, -0.00105),
    "green": (0.29198, 0.69225, 0.04189),
    "blue": (0.15710, 0.06657, 0.78407),
    "gamma": 2.2,
}


def _s15f16(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(values: tuple[float, float, float]) -> bytes:
    return b"XYZ \x00\x00\x00\x00" + b"".join(_s15f16(v) for v in values)


def _curve(gamma: float) -> bytes:
    return b"curv\x00\x00\x00\x00" + struct.pack(">IH", 1, round(gamma * 256))


def _desc(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\x00"
    return (b"desc\x00\x00\x00\x00" + struct.pack(">I", len(ascii_text)) + ascii_text
            + struct.pack(">II", 0, 0) + struct.pack(">HB", 0, 0) + b"\x00" * 67)


def _text(text: str) -> bytes:
    return b"text\x00\x00\x00\x00" + text.encode("ascii") + b"\x00"


def _pad(data: bytes) -> bytes:
    return data + b"\x00" * (-len(data) % 4)


def profile(spec: dict) -> bytes:
    """A v2.1 RGB display profile (mntr, PCS XYZ) from ``spec``'s colorants and gamma."""
    curve = _curve(spec["gamma"])
    tags = [
        (b"desc", _desc(spec["desc"])), (b"cprt", _text("No copyright, generated test data")),
        (b"wtpt", _xyz(D50)), (b"rXYZ", _xyz(spec["red"])), (b"gXYZ", _xyz(spec["green"])),
        (b"bXYZ", _xyz(spec["blue"])), (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve),
    ]
    table_size = 4 + 12 * len(tags)
    offset, table, body = 128 + table_size, b"", b""
    for sig, data in tags:
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += _pad(data)
    size = 128 + table_size + len(body)
    header = (struct.pack(">I", size) + b"\x00" * 4 + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
              + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + b"\x00" * 24
              + struct.pack(">I", 0) + b"".join(_s15f16(v) for v in D50) + b"\x00" * 48)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def adobe_rgb() -> bytes:
    return profile(ADOBE_RGB)


def display_p3() -> bytes:
    return profile(DISPLAY_P3)
