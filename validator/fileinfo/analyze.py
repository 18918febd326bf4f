"""Any bytes in, one :class:`FileInfo` out: sniff the format, read its header, check the limits.

Limits (``max_pixels``, ``max_side``, ``max_bytes_analyzed``, ``max_segments``, ``max_scans``) come from
``content/rules/file.yaml`` through :func:`limits_from`; ``None`` or a
missing key means that limit is not applied.
"""

from __future__ import annotations

from validator.fileinfo import bmff, headers, jpeg
from validator.fileinfo.model import FileInfo
from validator.fileinfo.sniff import SNIFF_BYTES, sniff
from validator.fileinfo.source import Source, Window
from validator.fileinfo.trailing import classify

LIMIT_PARAMS = {
    "max_pixels": "file.max_pixels",
    "max_side": "file.max_side",
    "max_bytes_analyzed": "file.max_bytes_analyzed",
    "max_segments": "file.max_segments",
    "max_scans": "file.max_scans",
}
HEAD_BYTES = 8  # shown in the message for an unknown format


def limits_from(ctx) -> dict:
    """The limits in force for the context's region and as-of date."""
    return {key: ctx.value(param) for key, param in LIMIT_PARAMS.items()}


def analyze(data, limits: dict | None = None, *, filename: str = "", ctx=None) -> FileInfo:
    """Facts about ``data``; never raises (an unexpected parser error becomes the problem ``internal``).

    ``data`` is bytes or a :class:`~validator.fileinfo.source.Source` (a ``read(offset, n)``
    callable and a size): only the parts the header walk needs are read, and nothing past
    ``max_bytes_analyzed``. ``filename`` is accepted for symmetry with the rules and not used:
    the format comes from the bytes only. Without ``limits``, ``ctx`` supplies them.
    """
    if limits is None and ctx is not None:
        limits = limits_from(ctx)
    source = None
    try:
        source = Source.of(data)
        return _analyze(source, limits or {})
    except Exception:  # the fuzz tests show this is not reached; a user must never see a traceback
        return FileInfo(size=source.size if source else 0, format="other", problems=["internal"])


def _analyze(source: Source, limits: dict) -> FileInfo:
    info = FileInfo(size=source.size)
    cap = limits.get("max_bytes_analyzed")
    view = Window(source, cap)
    info.capped = cap is not None and source.size > cap
    head = view.read(0, SNIFF_BYTES)
    info.format, info.detail = sniff(head)
    info.head_hex = head[:HEAD_BYTES].hex(" ")
    info.analyzed_bytes = len(view)
    reader = READERS.get(info.format)
    if reader is not None:
        reader(view, info, limits)
    if info.capped:  # we cut the data ourselves: what lies beyond the cut is unknown, not missing
        info.truncated, info.truncation, info.truncated_at = False, "", None
        info.trailing_bytes, info.trailing_kind = 0, ""
    info.problems = list(dict.fromkeys(info.problems))
    _check_limits(info, limits)
    return info


def _jpeg(data: Window, info: FileInfo, limits: dict) -> None:
    walk = jpeg.walk(data, limits.get("max_segments"), limits.get("max_scans"))
    j = info.jpeg = walk.info
    if walk.too_many_scans:
        info.limits_exceeded.append("max_scans")
    if j.sof is not None:
        info.width, info.height, info.bit_depth = j.width, j.height, j.precision
        info.colour, info.detail = j.colourspace, j.coding
    info.problems.extend(walk.problems)
    if walk.truncation:
        info.truncated, info.truncation, info.truncated_at = True, walk.truncation, walk.truncated_at
    if j.eoi:
        info.trailing_bytes, info.trailing_kind = classify(data, walk.end)


def _check_limits(info: FileInfo, limits: dict) -> None:
    if info.width is None or info.height is None:
        return
    side, pixels = limits.get("max_side"), limits.get("max_pixels")
    if side is not None and max(info.width, info.height) > side:
        info.limits_exceeded.append("max_side")
    if pixels is not None and info.width * info.height > pixels:
        info.limits_exceeded.append("max_pixels")


READERS = {
    "jpeg": _jpeg,
    "png": lambda data, info, limits: headers.png(data, info, limits.get("max_segments")),
    "gif": lambda data, info, _limits: headers.gif(data, info),
    "webp": lambda data, info, _limits: headers.webp(data, info),
    "bmp": lambda data, info, _limits: headers.bmp(data, info),
    "tiff": lambda data, info, _limits: headers.tiff_file(data, info),
    "avif": lambda data, info, limits: bmff.read(data, info, limits.get("max_segments")),
    "heic": lambda data, info, limits: bmff.read(data, info, limits.get("max_segments")),
}
