"""Reading and decoding a file on the host (the command line and its batch runner; never the browser).

The one place that opens a candidate's file on CPython: the header walk over the open file
(``validator.fileinfo``), then Pillow (``validator.host_pillow``) only when the header allows it.
``UsageError`` carries a usage problem already rendered as a Chinese message; ``shown`` escapes what
came from outside (file names, typed values) before it reaches a terminal.
"""

from __future__ import annotations

import errno
import os
import re
from datetime import date
from pathlib import Path

from validator import api
from validator.ruleset import RuleSet


class UsageError(Exception):
    """A usage problem already rendered as a Chinese message."""


class ReadError(UsageError):
    """A file that could not be read on this machine; ``kind`` says why (:func:`read_problem`)."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


# why a file could not be read, by errno: the last word of the content formats cli.read.reason.* and
# cli.read.fix.* (the OS's own text is English, and it is the reviewer's machine's problem)
READ_PROBLEMS = {
    errno.EACCES: "no_permission",
    errno.EPERM: "no_permission",
    errno.ENOENT: "gone",
    errno.ENOTDIR: "gone",
}


def read_problem(exc: OSError) -> str:
    """``no_permission``, ``gone`` (not there any more: moved or deleted) or ``other``."""
    return READ_PROBLEMS.get(exc.errno or 0, "other")


# Control characters (terminal escape sequences start with ESC) and bidirectional formatting
# characters (a right-to-left override makes "gpj.exe" look like "exe.jpg") in file names and
# typed values: shown as \\uXXXX, never written to the terminal as they are.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# In a file name every control character is escaped, line breaks and tabs too: a newline in a name
# must not start a forged row of the summary table.
NAME_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def name_shown(text: str) -> str:
    """A file name with every control and bidi character escaped as \\uXXXX (every output)."""
    return NAME_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))


def shown(text: str) -> str:
    """``text`` with control and bidi characters escaped (for anything taken from outside)."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))


def check_file(
    rules: RuleSet, op: str, path: Path, as_of: str, region: str, material: str | None = None
) -> dict:
    """Check one file (header walk over the open file, then Pillow); returns the report dict.

    The file is never read whole: the header walk reads the parts it needs, up to
    ``file.max_bytes_analyzed``, and Pillow reads what it decodes (only when the header allows it).
    """
    from validator.fileinfo.source import file_source

    request: dict[str, str | None] = {"as_of": as_of, "region": region, "filename": path.name}
    if op == "scan":
        request["material"] = material
    try:
        with open(path, "rb") as fh:
            source = file_source(fh, os.fstat(fh.fileno()).st_size)
            pixels, error = decode_for(rules, source, region, as_of, fh, op=op)
            if isinstance(error, Skipped):
                request["decode_skipped"] = str(error)
            elif error:
                request["decode_error"] = error
            return api.run(op, request, source, pixels, rules=rules)
    except OSError as exc:
        kind = read_problem(exc)
        reason = rules.fmt(f"cli.read.reason.{kind}")
        said = rules.fmt("cli.error.read", path=name_shown(str(path)), detail=reason)
        raise ReadError(said, kind) from None


class Skipped(str):
    """decode_for's reason for not decoding a sound file: a size (fileinfo.SIZE_REASONS), not damage."""


def decode_for(
    rules: RuleSet, data, region: str = "national", as_of: str | None = None, fh=None, op: str | None = None
):
    """Decode with Pillow, but only after the header passed fileinfo's limits.

    ``data``: bytes, or a Source with ``fh`` the open file Pillow decodes from. A file over
    ``file.max_bytes_analyzed``, with header dimensions over ``file.max_side``/``file.max_pixels``
    (a decompression bomb), whose structure stops the checks, whose format the check ``op``
    refuses anyway, or whose pixel memory is over this host's budget
    (:data:`validator.host_pillow.MAX_DECODE_BYTES`) is never decoded; Pillow's own pixel guard is
    set to the same limit. Returns ``(Image or None, decode_error or None)``; a size refusal is a
    :class:`Skipped` reason instead of an error (a big sound file is not a damaged one).
    """
    from validator import fileinfo
    from validator.context import Context
    from validator.host_pillow import DEFAULT_MAX_SIDE, MAX_DECODE_BYTES, decode

    day = date.fromisoformat(as_of) if as_of else date.max  # no day given: the newest values
    ctx = Context(rules=rules, as_of=day, region=region)
    limits = fileinfo.limits_from(ctx)
    info = fileinfo.analyze(data, limits)
    reason = fileinfo.decode_gate(
        info,
        limits.get("max_pixels"),
        max_decode_bytes=MAX_DECODE_BYTES,
        formats=fileinfo.check_formats(ctx, op),
        jpeg_target=DEFAULT_MAX_SIDE,
    )
    if reason in fileinfo.SIZE_REASONS:
        return None, Skipped(reason)
    if reason:
        return None, None  # the structure or format findings explain it; nothing to decode
    target = data if fh is None else fh
    return decode(target, max_pixels=limits.get("max_pixels"), max_bytes=limits.get("max_bytes_analyzed"))
