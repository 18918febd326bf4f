"""File structure analysis: any bytes in, facts out, never an exception.

* :func:`analyze` -> :class:`FileInfo`: the real format by magic bytes
  (:mod:`.sniff`), a JPEG marker walk (:mod:`.jpeg`, with :mod:`.exif`,
  :mod:`.quality`), cheap headers of PNG/GIF/WebP/BMP/TIFF (:mod:`.headers`),
  and the header limits from ``content/rules/file.yaml``.
* :func:`add_integrity_findings` adds the generic ``file.*`` findings
  (:mod:`.findings` lists them); the photo and scan rules call it first.
* :func:`decode_gate` says whether a host may decode the pixels (one rule for every host);
* :func:`run_request` serves the ``fileinfo`` op of :func:`validator.api.run` (the browser asks
  it for the gate's verdict before it decodes anything).
"""

from __future__ import annotations

from validator.fileinfo.analyze import analyze, limits_from
from validator.fileinfo.findings import CODES, add_integrity_findings
from validator.fileinfo.model import FileInfo, JpegInfo
from validator.report import Report

__all__ = [
    "CODES",
    "SIZE_REASONS",
    "FileInfo",
    "JpegInfo",
    "add_integrity_findings",
    "analyze",
    "bytes_per_pixel",
    "check_formats",
    "decode_cost",
    "decode_gate",
    "limits_from",
    "run_request",
    "unusual_coding",
]

# Formats some browser or Pillow can decode into pixels (PDF and unknown data are never decoded).
DECODABLE = frozenset({"jpeg", "png", "gif", "webp", "bmp", "tiff", "heic", "avif"})
# Gate reasons that are about size (the file or its pixels are too big for this host), not damage.
SIZE_REASONS = frozenset({"capped", "too_large", "too_many_pixels"})
# JPEG codings that browsers do not decode (and that the checks fail by their format): no host
# decodes them, so the page and the CLI judge the same file the same way (a CLI decoder that
# reads them anyway would otherwise add colour and face findings the page cannot have).
UNUSUAL_CODINGS = frozenset({"arithmetic", "lossless"})


def unusual_coding(fmt: str, coding: str, precision: int) -> bool:
    """True for a JPEG in an arithmetic or lossless coding, or with samples other than 8 bits."""
    return fmt == "jpeg" and (coding in UNUSUAL_CODINGS or precision not in (0, 8))
JPEG_SCALES = (8, 4, 2)  # libjpeg's DCT scaling (1/8, 1/4, 1/2), what Pillow's draft() uses


def bytes_per_pixel(info: FileInfo) -> int:
    """Bytes a decoder holds per pixel of the full-size image: 4 (8-bit RGBA), 8 for samples over
    8 bits (16-bit PNG or TIFF, 12-bit JPEG), twice that again for an interlaced PNG (its passes
    are collected in a second full-size buffer before the rows come out)."""
    per = 8 if (info.bit_depth or 0) > 8 else 4
    return per * 2 if info.interlaced else per


def decode_cost(info: FileInfo, jpeg_target: int | None = None) -> int:
    """Bytes of pixel memory a decoder needs for ``info`` (0 when the size is unknown).

    ``jpeg_target``: a host that decodes JPEGs with DCT scaling down to this long side (Pillow's
    ``draft``) needs only the scaled frame; every other format is decoded at full size.
    """
    if not info.width or not info.height:
        return 0
    w, h = info.width, info.height
    if info.format == "jpeg" and jpeg_target:
        scale = next((s for s in JPEG_SCALES if min(w, h) // s >= jpeg_target), 1)
        w, h = -(-w // scale), -(-h // scale)
    return w * h * bytes_per_pixel(info)


def decode_gate(
    info: FileInfo,
    max_pixels: int | None = None,
    *,
    max_bytes: int | None = None,
    max_decode_bytes: int | None = None,
    formats=None,
    jpeg_target: int | None = None,
) -> str:
    """Why the pixels must not be decoded ("" = they may): ``empty``, ``format`` (not a picture a
    decoder reads), ``structure`` (truncated, broken, over the header limits), ``policy`` (a format
    the check refuses anyway: ``formats`` is the list it accepts), ``coding`` (a JPEG coding no
    browser decodes: :func:`unusual_coding`), ``capped`` (only the head was
    read), ``unknown_size`` (no dimensions in the header: a decoder would find out by allocating),
    ``too_large`` (the file is over the host's byte budget ``max_bytes``), ``too_many_pixels`` (over
    the host's budget ``max_pixels``, or its pixel memory :func:`decode_cost` over
    ``max_decode_bytes``). The last three are size reasons (:data:`SIZE_REASONS`), not damage."""
    if info.format == "empty":
        return "empty"
    if info.format not in DECODABLE:
        return "format"
    if info.truncated or info.problems or info.limits_exceeded:
        return "structure"
    if formats is not None and info.format not in formats:
        return "policy"
    if info.jpeg and unusual_coding(info.format, info.jpeg.coding, info.jpeg.precision):
        return "coding"
    if info.capped:
        return "capped"
    if not info.width or not info.height:
        return "unknown_size"
    if max_bytes is not None and info.size > max_bytes:
        return "too_large"
    if max_pixels is not None and info.width * info.height > max_pixels:
        return "too_many_pixels"
    if max_decode_bytes is not None and decode_cost(info, jpeg_target) > max_decode_bytes:
        return "too_many_pixels"
    return ""


def _budget(request: dict, key: str) -> int | None:
    value = request.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def check_formats(ctx, op) -> list | None:
    """The formats the check ``op`` accepts (``photo.formats``, ``scan.formats``); None for others."""
    if op not in ("photo", "scan"):
        return None
    value = ctx.value(f"{op}.formats")
    return list(value) if isinstance(value, list | tuple) else None


def run_request(request: dict, ctx, data, pixels=None) -> Report:
    """The ``fileinfo`` op: facts = the FileInfo dict plus ``decode`` (the gate's verdict for the
    host's budgets ``max_pixels``, ``max_bytes`` and ``max_decode_bytes`` of the request, and for
    the formats of the check ``for``: photo or scan), findings = the integrity checks."""
    report = Report(rules=ctx.rules, kind="fileinfo", subject=str(request.get("filename") or ""))
    info = analyze(data if data is not None else b"", limits_from(ctx))
    report.facts = info.to_dict()
    reason = decode_gate(
        info,
        _budget(request, "max_pixels"),
        max_bytes=_budget(request, "max_bytes"),
        max_decode_bytes=_budget(request, "max_decode_bytes"),
        formats=check_formats(ctx, request.get("for")),
    )
    report.facts["decode"] = {"allowed": not reason, "reason": reason, "size": reason in SIZE_REASONS}
    add_integrity_findings(report, info, ctx)
    return report
