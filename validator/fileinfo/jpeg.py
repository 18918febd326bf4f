"""JPEG marker walk (ITU-T T.81 Annex B): frame, components, metadata, tables, scans, end.

:func:`walk` never raises and always finishes: every step moves forward, every
length is checked against the end of the data, and the entropy-coded data is
searched in chunks. It seeks: a segment whose content is not needed (most APPn
segments) is skipped by its length without being read, so a frame header after
megabytes of metadata is found after a few dozen small reads. Header facts
(dimensions, components) are read before any decoding, so absurd sizes are
caught before a decoder sees them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from validator.fileinfo import exif as exif_mod
from validator.fileinfo import quality
from validator.fileinfo.model import JpegInfo
from validator.fileinfo.source import Source, Window

SOI, EOI, SOS, DQT, DRI, DHT, DAC, JPG, DNL = 0xD8, 0xD9, 0xDA, 0xDB, 0xDD, 0xC4, 0xCC, 0xC8, 0xDC
APP0, APP1, APP2, APP14 = 0xE0, 0xE1, 0xE2, 0xEE
RST = frozenset(range(0xD0, 0xD8))
STANDALONE = RST | {0x01}  # TEM and RSTn carry no length
SOF = frozenset(range(0xC0, 0xD0)) - {DHT, JPG, DAC}
PROGRESSIVE = frozenset({0xC2, 0xC6, 0xCA, 0xCE})
LOSSLESS = frozenset({0xC3, 0xC7, 0xCB, 0xCF})
ARITHMETIC = frozenset({0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
HIERARCHICAL = frozenset({0xC5, 0xC6, 0xC7, 0xCD, 0xCE, 0xCF})
ICC_TAG = b"ICC_PROFILE\x00"
EXIF_TAG = b"Exif\x00\x00"
ADOBE_TAG = b"Adobe"
JFIF_TAG = b"JFIF\x00"
RGB_IDS = [0x52, 0x47, 0x42]  # component ids 'R', 'G', 'B'
COM = 0xFE
# Markers that may follow a scan (T.81 B.2.4: tables, restart interval, comments, the next scan,
# DNL, EOI). Anything else there is not a marker but corrupt entropy-coded data.
AFTER_SCAN = frozenset({DHT, DAC, DQT, DRI, SOS, DNL, COM, EOI} | set(range(0xE0, 0xF0)))
NOT_FILL = re.compile(rb"[^\xff]")
# In entropy-coded data 0xFF is followed by 0x00 (stuffing), RSTn or 0xFF (fill); anything else is a marker.
SCAN_END = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


@dataclass
class Walk:
    """The result of :func:`walk`: JPEG facts plus what the file-level checks need."""

    info: JpegInfo = field(default_factory=JpegInfo)
    truncation: str = ""  # no_eoi | scan_cut | segment_cut | header_cut
    truncated_at: int | None = None
    problems: list[str] = field(default_factory=list)
    end: int = 0  # offset just after EOI (0 if none)
    too_many_scans: bool = False  # stopped at the scan past max_scans (a size limit, not damage)


def walk(data, max_segments: int | None = None, max_scans: int | None = None) -> Walk:
    """Walk the markers of a JPEG (``data``, a :class:`Window` or bytes, starts with SOI).

    ``max_segments`` (content: ``file.max_segments``) bounds the work on
    crafted files made of millions of tiny segments; ``max_scans`` (``file.max_scans``) stops the
    walk at the first scan past it: each progressive scan makes a decoder pass over the whole
    image again, so thousands of nearly empty scans hang a decoder on a small file.
    """
    if not isinstance(data, Window):
        data = Window(Source.of(data))
    w = Walk()
    n, pos, count = len(data), 2, 0
    if n < 2 or data[:2] != b"\xff\xd8":
        w.problems.append("bad_header")
        return w
    while pos < n:
        count += 1
        if max_segments is not None and count > max_segments:
            w.problems.append("too_many_segments")
            break
        marker, pos = _next_marker(data, pos, w)
        if marker is None:
            break
        if marker == EOI:
            w.info.eoi, w.end = True, pos
            break
        if w.info.sos and marker not in STANDALONE and not _may_follow_scan(marker, w.info):
            w.problems.append("scan_corrupt")  # broken image data, not a header segment
            break
        if marker in STANDALONE or marker == SOI:
            if marker == SOI:
                _note(w, "extra_soi")
            continue
        if marker == SOS and max_scans is not None and w.info.scans >= max_scans:
            w.too_many_scans = True
            break
        following = _segment(data, pos, marker, w)
        if following is None:
            break
        pos = following
    _finish(w, n)
    return w


def _may_follow_scan(marker: int, info: JpegInfo) -> bool:
    """AFTER_SCAN, plus the next frame, DHP and EXP in a hierarchical JPEG (T.81 B.3)."""
    return marker in AFTER_SCAN or (info.hierarchical and (marker in SOF or marker in (0xDE, 0xDF)))


def _next_marker(data: Window, pos: int, w: Walk) -> tuple[int | None, int]:
    """The next marker code and the offset after it; skips fill bytes and (noted) garbage."""
    n = len(data)
    if data[pos] != 0xFF:
        nxt = data.find(b"\xff", pos)
        _note(w, "extraneous_bytes")
        if nxt < 0:
            return None, n
        pos = nxt
    found = data.search_re(NOT_FILL, pos)
    if found is None:
        return None, n
    return data[found], found + 1


# Bytes of a segment's content the walk needs: all of it for tables and frames, the tag of
# APPn segments, nothing of the others (they are skipped by their length, unread).
WHOLE = frozenset(SOF | {DQT, SOS, DRI, DNL})
PREFIX = {APP0: 14, APP2: len(ICC_TAG), APP14: 12}


def _needed(marker: int, w: Walk, size: int) -> int:
    if marker in WHOLE or (marker == APP1 and w.info.exif is None):
        return size
    return min(PREFIX.get(marker, 0), size)


def _segment(data: Window, pos: int, marker: int, w: Walk) -> int | None:
    """Read one length-prefixed segment starting at pos (after the marker); returns the next offset."""
    n = len(data)
    if pos + 2 > n:
        _cut(w, "segment_cut", n)
        return None
    length = int.from_bytes(data[pos : pos + 2], "big")
    if length < 2:
        w.problems.append("bad_length")
        return None
    end = pos + length
    need = _needed(marker, w, length - 2)
    if end > n:
        _cut(w, "segment_cut", n)
        _parse(data.read(pos + 2, min(need, n - pos - 2)), marker, w, partial=True)
        return None
    _parse(data.read(pos + 2, need), marker, w, partial=need < length - 2)
    if marker == SOS:
        return _scan(data, end, w)
    return end


def _parse(body: bytes, marker: int, w: Walk, partial: bool) -> None:
    info = w.info
    if marker in SOF:
        _sof(body, marker, w, partial)
    elif marker == DQT and not partial:
        _dqt(body, w)
    elif marker == APP0 and body.startswith(JFIF_TAG):
        _jfif(body, info)
    elif marker == APP1 and body.startswith(EXIF_TAG) and info.exif is None and not partial:
        _exif(body[len(EXIF_TAG) :], info)
    elif marker == APP2 and body.startswith(ICC_TAG):
        info.icc = True
    elif marker == APP14 and body.startswith(ADOBE_TAG) and len(body) >= 12:
        info.adobe_transform = body[11]
    elif marker == DRI and len(body) >= 2:
        info.restart_interval = int.from_bytes(body[0:2], "big")
    elif marker == SOS:
        _sos(body, w)
    elif marker == DNL:
        _note(w, "dnl")


def _sof(body: bytes, marker: int, w: Walk, partial: bool) -> None:
    """Frame header (T.81 B.2.2); a frame cut by the end of the file is truncation, not corruption."""
    info = w.info
    if info.sof is not None:
        _note(w, "extra_frame")
        return
    if len(body) < 6:
        if not partial:
            w.problems.append("bad_header")
        return
    info.sof = marker
    info.precision = body[0]
    info.height = int.from_bytes(body[1:3], "big")
    info.width = int.from_bytes(body[3:5], "big")
    info.components = body[5]
    for i in range(info.components):
        at = 6 + 3 * i
        if at + 3 > len(body):
            if not partial:
                w.problems.append("bad_header")
            break
        info.component_ids.append(body[at])
        info.sampling.append([body[at + 1] >> 4, body[at + 1] & 0x0F])
    info.progressive = marker in PROGRESSIVE
    info.lossless = marker in LOSSLESS
    info.arithmetic = marker in ARITHMETIC
    info.hierarchical = marker in HIERARCHICAL
    info.coding = _coding(marker)


def _coding(marker: int) -> str:
    if marker in LOSSLESS:
        return "lossless"
    if marker in ARITHMETIC:
        return "arithmetic"
    if marker in HIERARCHICAL:
        return "hierarchical"
    if marker in PROGRESSIVE:
        return "progressive"
    return "extended" if marker == 0xC1 else "baseline"


def _dqt(body: bytes, w: Walk) -> None:
    pos = 0
    while pos < len(body):
        pq, tq = body[pos] >> 4, body[pos] & 0x0F
        size = 128 if pq else 64
        raw = body[pos + 1 : pos + 1 + size]
        if pq > 1 or len(raw) < size:
            w.problems.append("bad_length")
            return
        step = 2 if pq else 1
        values = [int.from_bytes(raw[i : i + step], "big") for i in range(0, size, step)]
        table = {"id": tq, "precision": 16 if pq else 8, "values": quality.natural(values)}
        w.info.qtables = [t for t in w.info.qtables if t["id"] != tq] + [table]
        pos += 1 + size


def _jfif(body: bytes, info: JpegInfo) -> None:
    if len(body) < 12 or info.jfif is not None:
        return
    info.jfif = {
        "version": f"{body[5]}.{body[6]:02d}",
        "units": body[7],
        "x_density": int.from_bytes(body[8:10], "big"),
        "y_density": int.from_bytes(body[10:12], "big"),
    }


def _exif(payload: bytes, info: JpegInfo) -> None:
    facts = exif_mod.parse(payload)
    info.exif = facts
    info.orientation = facts.get("orientation")
    info.datetime_original = facts.get("datetime_original") or facts.get("datetime")


def _sos(body: bytes, w: Walk) -> None:
    w.info.sos = True
    w.info.scans += 1
    if w.info.sof is None:
        w.problems.append("no_frame")


def _scan(data: Window, pos: int, w: Walk) -> int | None:
    """Skip entropy-coded data: stop before the first marker that is not stuffing, RSTn or fill."""
    found = data.search_re(SCAN_END, pos)
    if found is None:
        _cut(w, "scan_cut", len(data))
        return None
    return found


def _note(w: Walk, note: str) -> None:
    if note not in w.info.notes:
        w.info.notes.append(note)


def _cut(w: Walk, reason: str, at: int) -> None:
    if not w.truncation:
        w.truncation, w.truncated_at = reason, at


def _finish(w: Walk, n: int) -> None:
    info = w.info
    if not info.eoi and not w.truncation and not w.problems and not w.too_many_scans:
        _cut(w, "no_eoi", n)
    stopped = bool(w.truncation or w.problems or w.too_many_scans)  # later facts are unknown, not missing
    if info.sof is None and not stopped:
        w.problems.append("no_frame")
    if info.sof is not None and not info.sos and not stopped:
        w.problems.append("no_scan")
    if info.sof is not None and _zero_size(info):
        w.problems.append("zero_size")
    info.colourspace = _colourspace(info)
    _quality(info)


def _zero_size(info: JpegInfo) -> bool:
    """Width and components must be set; height 0 is allowed only with a DNL marker (T.81 B.2.5)."""
    return info.width == 0 or info.components == 0 or (info.height == 0 and "dnl" not in info.notes)


def _colourspace(info: JpegInfo) -> str:
    """libjpeg's guess (jdapimin.c default_decompress_parms): Adobe transform, JFIF, component ids."""
    if info.components == 1:
        return "grey"
    if info.components == 3:
        if info.jfif is None and info.adobe_transform == 0:
            return "rgb"
        if info.jfif is None and info.adobe_transform is None and info.component_ids == RGB_IDS:
            return "rgb"
        return "ycbcr"
    if info.components == 4:
        return "cmyk" if info.adobe_transform in (None, 0) else "ycck"
    return "other" if info.components else ""


def _quality(info: JpegInfo) -> None:
    tables = {t["id"]: t["values"] for t in info.qtables}
    if 0 not in tables:
        return
    chroma = tables.get(1) if info.components >= 3 else None
    info.quality, info.quality_exact = quality.estimate(tables[0], chroma)
