"""File structure analysis: any bytes in, facts out, never an exception.

* :func:`analyze` -> :class:`FileInfo`: the real format by magic bytes
  (:mod:`.sniff`), a JPEG marker walk (:mod:`.jpeg`, with :mod:`.exif`,
  :mod:`.quality`), cheap headers of PNG/GIF/WebP/BMP/TIFF (:mod:`.headers`),
  and the header limits from ``content/rules/file.yaml``.
* :func:`add_integrity_findings` adds the generic ``file.*`` findings
  (:mod:`.findings` lists them); the photo and scan rules call it first.
* :func:`run_request` serves the ``fileinfo`` op of :func:`validator.api.run`.
"""

from __future__ import annotations

from validator.fileinfo.analyze import analyze, limits_from
from validator.fileinfo.findings import CODES, add_integrity_findings
from validator.fileinfo.model import FileInfo, JpegInfo
from validator.report import Report

__all__ = ["CODES", "FileInfo", "JpegInfo", "add_integrity_findings", "analyze", "limits_from", "run_request"]


def run_request(request: dict, ctx, data: bytes | None, pixels=None) -> Report:
    """The ``fileinfo`` op: facts = the FileInfo dict, findings = the integrity checks."""
    report = Report(rules=ctx.rules, kind="fileinfo", subject=str(request.get("filename") or ""))
    info = analyze(data or b"", limits_from(ctx))
    report.facts = info.to_dict()
    add_integrity_findings(report, info, ctx)
    return report
