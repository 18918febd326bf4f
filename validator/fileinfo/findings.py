"""Generic integrity findings (codes ``file.*``) shared by the photo and scan rules.

Only what is wrong with any file whatever it is for: empty, unknown format,
truncated, broken structure, absurd header dimensions, data after the end,
too large to analyse fully. Format policies (which formats, progressive,
CMYK, file size) belong to the photo and scan rules.

Codes::

    file.empty               fail  0 bytes
    file.format.unknown      fail  no known magic bytes
    file.dimensions.absurd   fail  header dimensions beyond file.max_side / file.max_pixels
    file.scans.too_many      fail  a progressive JPEG with more scans than file.max_scans
    file.truncated           fail  the data ends early
    file.corrupt             fail  broken structure (bad lengths, no frame, zero size …)
    file.trailing.padding    warn  zero bytes after the end of the image
    file.trailing.data       warn  other data after the end of the image
    file.capped              info  larger than file.max_bytes_analyzed: only the head was read
"""

from __future__ import annotations

from validator.fileinfo.model import FileInfo

CODES = (
    "file.empty",
    "file.format.unknown",
    "file.dimensions.absurd",
    "file.scans.too_many",
    "file.truncated",
    "file.corrupt",
    "file.trailing.padding",
    "file.trailing.data",
    "file.capped",
)
MEGAPIXEL_UNIT = 10_000  # the dims_limit format counts in 万 (ten thousand) pixels


def add_integrity_findings(report, info: FileInfo, ctx) -> None:
    """Add the ``file.*`` findings for ``info`` to ``report``."""
    fmt = ctx.rules.fmt
    if info.format == "empty":
        report.add("file.empty", "fail", measured=_bytes(ctx, 0), value=0)
        return
    if info.format == "other":
        head = fmt("file.head", hex=info.head_hex)
        report.add("file.format.unknown", "fail", measured=head, value=info.detail)
        return
    if {"max_side", "max_pixels"} & set(info.limits_exceeded):
        _absurd(report, info, ctx)
    if "max_scans" in info.limits_exceeded:
        param = ctx.param("file.max_scans")
        report.add("file.scans.too_many", "fail", measured=ctx.rules.fmt("file.scans", n=param.value),
                   expected=ctx.rules.fmt("file.scans_limit", n=param.value), value=param.value, param=param)
    if info.truncated:
        where = fmt("file.offset", n=info.truncated_at or 0)
        detail = fmt("file.detail." + info.truncation)
        report.add("file.truncated", "fail", measured=where, detail=detail, value=info.truncation)
    if info.problems:
        detail = fmt("file.detail." + info.problems[0])
        report.add("file.corrupt", "fail", measured=detail, detail=detail, value=list(info.problems))
    _trailing(report, info, ctx)
    if info.capped:
        param = ctx.param("file.max_bytes_analyzed")
        report.add("file.capped", "info", measured=_bytes(ctx, info.size), expected=_bytes(ctx, param.value),
                   value=info.size, param=param)


def _absurd(report, info: FileInfo, ctx) -> None:
    side, pixels = ctx.param("file.max_side"), ctx.param("file.max_pixels")
    measured = ctx.rules.fmt("file.dims", w=info.width, h=info.height)
    expected = ctx.rules.fmt("file.dims_limit", side=side.value, mp=pixels.value / MEGAPIXEL_UNIT)
    param = side if "max_side" in info.limits_exceeded else pixels
    report.add("file.dimensions.absurd", "fail", measured=measured, expected=expected,
               value=[info.width, info.height], param=param)


def _trailing(report, info: FileInfo, ctx) -> None:
    if not info.trailing_kind:
        return
    measured = _bytes(ctx, info.trailing_bytes)
    if info.trailing_kind == "zero":
        report.add("file.trailing.padding", "warn", measured=measured, value=info.trailing_bytes)
    else:
        detail = ctx.rules.fmt("file.detail." + info.trailing_kind)
        report.add("file.trailing.data", "warn", measured=measured, detail=detail, value=info.trailing_bytes)


def _bytes(ctx, n: int) -> str:
    return ctx.rules.size_text(n)
