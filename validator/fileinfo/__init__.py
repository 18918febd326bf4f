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
    "CODES", "FileInfo", "JpegInfo", "add_integrity_findings", "analyze", "decode_gate", "limits_from",
    "run_request",
]

# Formats some browser or Pillow can decode into pixels (PDF and unknown data are never decoded).
DECODABLE = frozenset({"jpeg", "png", "gif", "webp", "bmp", "tiff", "heic", "avif"})


def decode_gate(info: FileInfo, max_pixels: int | None = None) -> str:
    """Why the pixels must not be decoded ("" = they may): ``empty``, ``format`` (not a picture a
    decoder reads), ``structure`` (truncated, broken, over the header limits), ``capped`` (only
    the head was read), ``unknown_size`` (no dimensions in the header: a decoder would find out
    by allocating), ``too_many_pixels`` (over the host's own budget ``max_pixels``)."""
    if info.format == "empty":
        return "empty"
    if info.format not in DECODABLE:
        return "format"
    if info.truncated or info.problems or info.limits_exceeded:
        return "structure"
    if info.capped:
        return "capped"
    if not info.width or not info.height:
        return "unknown_size"
    if max_pixels is not None and info.width * info.height > max_pixels:
        return "too_many_pixels"
    return ""


def run_request(request: dict, ctx, data, pixels=None) -> Report:
    """The ``fileinfo`` op: facts = the FileInfo dict plus ``decode`` (the gate's verdict for the
    host budget ``max_pixels`` of the request), findings = the integrity checks."""
    report = Report(rules=ctx.rules, kind="fileinfo", subject=str(request.get("filename") or ""))
    info = analyze(data if data is not None else b"", limits_from(ctx))
    report.facts = info.to_dict()
    budget = request.get("max_pixels")
    reason = decode_gate(info, budget if isinstance(budget, int) and budget > 0 else None)
    report.facts["decode"] = {"allowed": not reason, "reason": reason}
    add_integrity_findings(report, info, ctx)
    return report
