"""How numbers, file sizes and durations are written, for every text a candidate reads.

The words and units come from content (``content/messages/_format.yaml``, the ``size.*`` and
``duration.*`` formats); this module only decides how the numbers inside them are written:

* whole numbers with a thousands separator (``28,967``);
* sizes in KB below one MB, in MB above, with one decimal rounded half up in integer arithmetic
  (so that the browser's copy of this formatter, ``docs/assets/js/format.js``, gives the same
  digits), and no ``.0`` (``30 KB``, not ``30.0 KB``);
* durations as months and days, leaving out a part that is zero (``12 个月``, ``11 个月 29 天``,
  ``5 天``), never ``12 个月零 0 天``.

The texts are plain, with ordinary spaces (the command line's text, ``--json`` and ``--csv`` carry no
invisible characters); a page keeps a number and its unit on one line itself (scripts/sitegen/units.py in
the build, tools/dom.js ``held`` in the pages' scripts).

Pure functions of a ``formats`` mapping; :class:`validator.ruleset.RuleSet` passes its own.
"""

from __future__ import annotations

KIB = 1024
MIB = 1024 * 1024


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
        return formats["size.bytes"].format(n=count)
    if abs(n) < MIB:
        return formats["size.kb"].format(kb=tenths(n, KIB, sep), n=count)
    return formats["size.mb"].format(mb=tenths(n, MIB, sep), n=count)


def byte_count(formats: dict, n: int) -> str:
    """An exact byte count: "30,720 字节"."""
    return formats["size.bytes"].format(n=grouped(n, formats.get("number.group", ",")))


def duration(formats: dict, months: int, days: int) -> str:
    """Months and days, a zero part left out: "12 个月", "11 个月 29 天", "5 天", "0 天"."""
    if months and days:
        return formats["duration.both"].format(months=months, days=days)
    if months:
        return formats["duration.months"].format(months=months)
    return formats["duration.days"].format(days=days)
