"""How numbers, file sizes and durations are written, for every text a candidate reads.

The words and units come from content (``content/messages/_format.yaml``, the ``size.*`` and
``duration.*`` formats); this module only decides how the numbers inside them are written:

* whole numbers with a thousands separator (``28,967``);
* sizes in KB below one MB, in MB above, with one decimal rounded half up in integer arithmetic
  (so that the browser's copy of this formatter, ``docs/assets/js/format.js``, gives the same
  digits), and no ``.0`` (``30 KB``, not ``30.0 KB``);
* durations as months and days, leaving out a part that is zero (``12 个月``, ``11 个月 29 天``,
  ``5 天``), never ``12 个月零 0 天``;
* a number and the unit after it joined by a no-break space (:func:`glued`).

Pure functions of a ``formats`` mapping; :class:`validator.ruleset.RuleSet` passes its own.
"""

from __future__ import annotations

import re

KIB = 1024
MIB = 1024 * 1024
NBSP = "\u00a0"
NUMBER = re.compile(r"\d[\d,.]*")
FIELD_SPACE = re.compile(r"\{(\w+)(?:[:!][^{}]*)?\} ")  # a field and the space after it


def glued(template: str) -> str:
    """A template with the space right after each field made a no-break space (U+00A0), so that a number
    and the unit written after it (``{kb} KB``, ``{w}×{h} 像素``, ``{months} 个月``) stay on one line on a
    phone: a review saw "30" end one line and "KB" start the next. Content writes ordinary spaces; every
    filler of a template (here, the build's placeholders, the pages' scripts: dom.js fill) glues them."""
    return template.replace("} ", "}" + NBSP)


def glued_numbers(template: str, values: dict) -> str:
    """Like :func:`glued`, for a message whose fields are not all numbers: only the space after a field whose
    value is a number (or a number already written: "1,840", "28.3") becomes a no-break space."""
    numeric = {k for k, v in values.items() if isinstance(v, (int, float)) or NUMBER.fullmatch(str(v))}

    def glue(m: re.Match) -> str:
        return m.group(0)[:-1] + NBSP if m.group(1) in numeric else m.group(0)

    return FIELD_SPACE.sub(glue, template)


def grouped(n: int, sep: str = ",") -> str:
    """A whole number with a separator every three digits: 28967 -> "28,967"."""
    sign = "-" if n < 0 else ""
    digits = str(abs(int(n)))
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + sep.join([digits, *groups])


def tenths(n: int, unit: int, sep: str = ",") -> str:
    """``n / unit`` with at most one decimal, rounded half up: 28967/1024 -> "28.3", 30720/1024 -> "30"."""
    t = (abs(int(n)) * 10 + unit // 2) // unit
    whole, frac = divmod(t, 10)
    text = grouped(whole, sep) + (f".{frac}" if frac else "")
    return ("-" if n < 0 and t else "") + text


def size(formats: dict, n: int) -> str:
    """A file size: "512 字节", "28.3 KB（28,967 字节）", "1.3 MB（1,415,020 字节）"."""
    sep = formats.get("number.group", ",")
    count = grouped(n, sep)
    if abs(n) < KIB:
        return glued(formats["size.bytes"]).format(n=count)
    if abs(n) < MIB:
        return glued(formats["size.kb"]).format(kb=tenths(n, KIB, sep), n=count)
    return glued(formats["size.mb"]).format(mb=tenths(n, MIB, sep), n=count)


def byte_count(formats: dict, n: int) -> str:
    """An exact byte count: "30,720 字节"."""
    return glued(formats["size.bytes"]).format(n=grouped(n, formats.get("number.group", ",")))


def duration(formats: dict, months: int, days: int) -> str:
    """Months and days, a zero part left out: "12 个月", "11 个月 29 天", "5 天", "0 天"."""
    if months and days:
        return glued(formats["duration.both"]).format(months=months, days=days)
    if months:
        return glued(formats["duration.months"]).format(months=months)
    return glued(formats["duration.days"]).format(days=days)
