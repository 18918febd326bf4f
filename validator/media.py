"""What the photo and scan rules need from a file's structure, in one small view.

:func:`read_header` asks :mod:`validator.fileinfo` (file structure analysis:
real format, JPEG frame, components, EXIF, padding, truncation, limits) and
keeps only the facts the photo and scan rules use, as a :class:`Header`.
:func:`add_integrity` adds fileinfo's integrity findings (empty, truncated,
bomb, padding) to a report and says whether further checks make sense.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from validator.context import Context
from validator.fileinfo import FileInfo, add_integrity_findings, analyze
from validator.report import Report

EXTENSIONS = {
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "jpe": "jpeg",
    "jfif": "jpeg",
    "png": "png",
    "gif": "gif",
    "webp": "webp",
    "heic": "heic",
    "heif": "heic",
    "hif": "heic",
    "avif": "avif",
    "bmp": "bmp",
    "tif": "tiff",
    "tiff": "tiff",
    "pdf": "pdf",
}


@dataclass
class Header:
    size: int
    format: str  # jpeg | png | gif | webp | heic | avif | bmp | tiff | pdf | empty | other
    ext: str = ""  # the file name's extension as typed, with the dot
    ext_format: str = ""  # the format that extension names ("" if unknown)
    width: int = 0
    height: int = 0
    coding: str = ""  # baseline | extended | progressive | lossless | arithmetic | hierarchical
    progressive: bool = False
    precision: int = 0
    colourspace: str = ""  # grey | ycbcr | rgb | cmyk | ycck
    orientation: int | None = None
    taken: date | None = None
    info: FileInfo = field(default_factory=FileInfo, repr=False)  # the structure it was read from

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height as shown, after the EXIF orientation (5–8 swap the sides)."""
        if self.orientation in (5, 6, 7, 8):
            return self.height, self.width
        return self.width, self.height

    def facts(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "info"}
        out["taken"] = self.taken.isoformat() if self.taken else None
        return out


def extension(filename: str) -> tuple[str, str]:
    name = (filename or "").strip().rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." not in name:
        return "", ""
    ext = name.rsplit(".", 1)[1]
    return "." + ext, EXTENSIONS.get(ext.lower(), "")


def read_header(data, filename: str, ctx: Context) -> Header:
    """``data``: bytes or a :class:`validator.fileinfo.source.Source` (read in parts, never whole)."""
    return from_fileinfo(analyze(data, filename=filename, ctx=ctx), filename)


def from_fileinfo(info: FileInfo, filename: str) -> Header:
    ext, ext_format = extension(filename)
    jpeg = info.jpeg
    taken = _parse_exif_date(jpeg.datetime_original) if jpeg and jpeg.datetime_original else None
    return Header(
        size=info.size,
        format=info.format,
        ext=ext,
        ext_format=ext_format,
        width=int(info.width or 0),
        height=int(info.height or 0),
        coding=jpeg.coding if jpeg else "",
        progressive=bool(jpeg and jpeg.progressive),
        precision=int(jpeg.precision or 0) if jpeg else 0,
        colourspace=(jpeg.colourspace if jpeg else "") or info.colour or "",
        orientation=jpeg.orientation if jpeg else None,
        taken=taken,
        info=info,
    )


def _parse_exif_date(text: str) -> date | None:
    try:
        y, m, d = int(text[0:4]), int(text[5:7]), int(text[8:10])
        return date(y, m, d)
    except (ValueError, IndexError):
        return None


def add_integrity(report: Report, head: Header, ctx: Context) -> bool:
    """Add fileinfo's integrity findings; False when the file is empty, unknown, truncated, broken or
    unsafe to decode. Decided from the file's structure, not from the findings' severity (a finding
    about an inferred limit may be only a warning, but the file is still not decoded)."""
    add_integrity_findings(report, head.info, ctx)
    return not stops_checks(head.info)


def stops_checks(info: FileInfo) -> bool:
    return info.format in ("empty", "other") or info.truncated or bool(info.problems or info.limits_exceeded)


def size_text(ctx: Context, n: int) -> str:
    """A file size ("28.3 KB（28,967 字节）"), written by validator.formatting from content."""
    return ctx.rules.size_text(n)


def bytes_text(ctx: Context, n: int) -> str:
    """An exact byte count ("30,720 字节")."""
    return ctx.rules.bytes_text(n)


def dims_text(ctx: Context, w: int, h: int, fmt: str) -> str:
    return ctx.rules.fmt(fmt, w=w, h=h)
