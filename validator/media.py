"""What the photo and scan rules need from a file's structure, in one small view.

:func:`read_header` asks :mod:`validator.fileinfo` (file structure analysis:
real format, JPEG frame, components, EXIF, padding, truncation, limits) and
keeps only the facts the photo and scan rules use, as a :class:`Header`.
:func:`add_integrity` adds fileinfo's integrity findings (empty, truncated,
bomb, padding) to a report and says whether further checks make sense.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from validator.context import Context
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
    "bmp": "bmp",
    "tif": "tiff",
    "tiff": "tiff",
    "pdf": "pdf",
}


@dataclass
class Header:
    size: int
    format: str  # jpeg | png | gif | webp | heic | bmp | tiff | pdf | empty | other
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
    info: Any = field(default=None, repr=False)

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height as shown, after the EXIF orientation (5–8 swap the sides)."""
        if self.orientation in (5, 6, 7, 8):
            return self.height, self.width
        return self.width, self.height

    def facts(self) -> dict:
        out = asdict(self)
        out.pop("info", None)
        out["taken"] = self.taken.isoformat() if self.taken else None
        return out


def extension(filename: str) -> tuple[str, str]:
    name = (filename or "").strip().rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." not in name:
        return "", ""
    ext = name.rsplit(".", 1)[1]
    return "." + ext, EXTENSIONS.get(ext.lower(), "")


def read_header(data: bytes, filename: str, ctx: Context) -> Header:
    from validator import fileinfo

    info = fileinfo.analyze(data, filename=filename, ctx=ctx)
    return from_fileinfo(info, data, filename)


def from_fileinfo(info: Any, data: bytes, filename: str) -> Header:
    ext, ext_format = extension(filename)
    get = info.get if isinstance(info, dict) else lambda k, d=None: getattr(info, k, d)
    jpeg = get("jpeg") or {}
    jget = jpeg.get if isinstance(jpeg, dict) else lambda k, d=None: getattr(jpeg, k, d)
    taken = jget("datetime_original") or get("datetime_original")
    if isinstance(taken, str):
        taken = _parse_exif_date(taken)
    return Header(
        size=len(data),
        format=get("format") or ("empty" if not data else "other"),
        ext=ext,
        ext_format=ext_format,
        width=int(get("width") or 0),
        height=int(get("height") or 0),
        coding=jget("coding") or jget("frame") or "",
        progressive=bool(jget("progressive")),
        precision=int(jget("precision") or 0),
        colourspace=jget("colourspace") or get("colour") or "",
        orientation=jget("orientation") or get("orientation"),
        taken=taken if isinstance(taken, date) else None,
        info=info,
    )


def _parse_exif_date(text: str) -> date | None:
    try:
        y, m, d = int(text[0:4]), int(text[5:7]), int(text[8:10])
        return date(y, m, d)
    except (ValueError, IndexError):
        return None


def add_integrity(report: Report, head: Header, ctx: Context) -> bool:
    """Add fileinfo's integrity findings; False when the file is empty, truncated or unsafe to decode."""
    from validator import fileinfo

    before = len(report.findings)
    fileinfo.add_integrity_findings(report, head.info, ctx)
    return not any(f.severity == "fail" for f in report.findings[before:])


def bytes_text(ctx: Context, n: int, fmt: str) -> str:
    return ctx.rules.fmt(fmt, kb=n / 1024, n=n)


def dims_text(ctx: Context, w: int, h: int, fmt: str) -> str:
    return ctx.rules.fmt(fmt, w=w, h=h)
