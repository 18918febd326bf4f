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
YI_UNIT = 100_000_000  # from 1 亿 pixels on, dims_limit_yi counts in 亿 (2.5 亿, not 25,000 万)


def add_integrity_findings(report, info: FileInfo, ctx) -> None:
    """Add the ``file.*`` findings for ``info`` to ``report``."""
    fmt = ctx.rules.fmt
    if info.format == "empty":
        report.add("file.empty", "fail", measured=_bytes(ctx, 0), value=0)
        return
    if info.format == "other":
        # the type in words (a video, text, an archive …), never raw bytes; the bytes stay in value (--json)
        kind = fmt("file.kind." + unknown_kind(info))
        value = {"detail": info.detail, "head": info.head_hex}
        report.add("file.format.unknown", "fail", measured=kind, value=value)
        return
    if {"max_side", "max_pixels"} & set(info.limits_exceeded):
        _absurd(report, info, ctx)
    if "max_scans" in info.limits_exceeded:
        param = ctx.param("file.max_scans")
        report.add("file.scans.too_many", "fail", measured=ctx.rules.fmt("file.scans", n=param.value),
                   expected=ctx.rules.fmt("file.scans_limit", n=param.value), value=param.value, param=param)
    if info.truncated:
        where = fmt("file.offset", n=info.truncated_at or 0)
        detail = _detail(ctx, info.truncation, info.format)
        report.add("file.truncated", "fail", measured=where, detail=detail, value=info.truncation)
    if info.problems:
        detail = _detail(ctx, info.problems[0], info.format)
        report.add("file.corrupt", "fail", measured=detail, detail=detail, value=list(info.problems))
    _trailing(report, info, ctx)
    if info.capped:
        param = ctx.param("file.max_bytes_analyzed")
        report.add("file.capped", "info", measured=_bytes(ctx, info.size), expected=_bytes(ctx, param.value),
                   value=info.size, param=param)


VIDEO_BRANDS = ("isom", "iso2", "mp41", "mp42", "avc1", "qt", "M4V", "3gp4", "3gp5", "3g2a", "MSNV", "dash")


def unknown_kind(info: FileInfo) -> str:
    """What an unrecognised file most likely is, as a key of the ``file.kind.*`` words in content."""
    try:
        head = bytes.fromhex(info.head_hex.replace(" ", ""))
    except ValueError:
        head = b""
    if info.detail:  # an ISO BMFF file that is no HEIF/AVIF still: a phone or camera video
        return "video" if info.detail.startswith(VIDEO_BRANDS) or info.detail[:3] == "3gp" else "media"
    if head.startswith((b"PK\x03\x04", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return "archive"
    if head.startswith((b"\xd0\xcf\x11\xe0", b"{\\rtf")):
        return "document"
    media = (b"RIFF", b"\x1aE\xdf\xa3", b"ID3", b"OggS", b"fLaC")
    if head.startswith(media) or head[4:8] in (b"moov", b"mdat"):
        return "media"
    for cut in range(4):  # the first bytes may end inside a multi-byte character
        try:
            text = head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return "text" if text and all(c.isprintable() or c in "\r\n\t" for c in text) else "other"
    return "other"


def _detail(ctx, key: str, fmt_name: str) -> str:
    """The words for a structure problem; a HEIC/AVIF file gets its own words (no JPEG terms)."""
    if fmt_name in ("heic", "avif"):
        special = ctx.rules.fmt_or(f"file.detail.{key}.heif")
        if special:
            return special
    return ctx.rules.fmt("file.detail." + key)


def _absurd(report, info: FileInfo, ctx) -> None:
    side, pixels = ctx.param("file.max_side"), ctx.param("file.max_pixels")
    measured = ctx.rules.fmt("file.dims", w=info.width, h=info.height)
    if pixels.value >= YI_UNIT:
        expected = ctx.rules.fmt("file.dims_limit_yi", side=side.value, yi=pixels.value / YI_UNIT)
    else:
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
