"""The pathway finder's answers (its URL query keys) -> the engine's profile.

One reading for every host: the finder sends its answers to the worker, the
CLI (``python -m validator pathway "<query>"``) parses the same query string,
so both judge exactly the same profile. Keys are stable (they are in shared
links): ``id lv mj md en cg gr ct cc cr xz rg tl tc tw`` and, for 专升本
(``lv=upgrade``), ``md2``/``en2`` for the 本科 stage. A link made before the
本科 stage was asked has neither; it reads them as ``md`` and ``cg`` (the one
study mode and the 专科 graduation month it used to mean). Nothing is judged
here: values the engine cannot read become its findings.

:func:`asked` keeps only the answers the finder's current screens ask
(content/finder.yaml: each screen's and field's ``when``), as the page does
before it sends them, so a link carrying a stale answer reads the same in the
CLI as in the page.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from validator.fields.dates import parse_month

KEYS = (
    "id",
    "lv",
    "mj",
    "md",
    "en",
    "cg",
    "gr",
    "md2",
    "en2",
    "ct",
    "cc",
    "cr",
    "xz",
    "rg",
    "tl",
    "tc",
    "tw",
)
# The finder's month fields (content/finder.yaml, ``type: month``): a value typed the way people
# type months (2016/9, 2016年9月, 201609) reads as ``YYYY-MM`` here too, as it does in the page.
MONTH_KEYS = ("en", "cg", "gr", "en2")
TCM_ROUTES = {"tcm-apprentice": "apprentice", "tcm-expertise": "expertise"}
PENDING = "pending"
OVERSEAS = "overseas"
ANY = "any"


def parse(answers) -> dict[str, str]:
    """A dict of answers, or a query string / finder URL (``?`` and ``#`` parts handled)."""
    if isinstance(answers, dict):
        a = {str(k): str(v) for k, v in answers.items() if v is not None and v != ""}
    else:
        text = str(answers or "")
        text = text.split("#", 1)[0]
        if "?" in text:
            text = text.split("?", 1)[1]
        a = dict(parse_qsl(text))
    for key in MONTH_KEYS:
        if key in a:
            a[key] = parse_month(a[key]) or a[key]
    return a


def holds(cond, a: dict) -> bool:
    """The finder's condition language (the page's ``holds`` in pathway.js)."""
    if not cond:
        return True
    if "all" in cond:
        return all(holds(c, a) for c in cond["all"])
    if "any" in cond:
        return any(holds(c, a) for c in cond["any"])
    if "not" in cond:
        return not holds(cond["not"], a)
    value = a.get(cond.get("key"), "")
    if "is" in cond:
        return value == str(cond["is"])
    return value in [str(v) for v in cond.get("in", [])]


def asked(screens: list[dict], answers) -> dict[str, str]:
    """The answers the active screens and fields ask; without screens, every answer."""
    a = parse(answers)
    if not screens:
        return a
    keys = {
        f["key"] for s in screens if holds(s.get("when"), a) for f in s["fields"] if holds(f.get("when"), a)
    }
    return {k: v for k, v in a.items() if k in keys}


def profile_from(answers) -> dict:
    """The handbook profile the eligibility engine reads (see validator.eligibility.profile)."""
    a = parse(answers)
    identity = a.get("id") or "mainland"
    level = a.get("lv", "")
    profile = {
        "identity": "mainland" if identity == "military" else identity,
        "military": identity == "military",
        "target": {"level": _chosen(a.get("tl")), "category": _chosen(a.get("tc"))},
        "education": [] if level in TCM_ROUTES or not level else _education(a, level),
        "certificates": _certificates(a),
        "tcm_route": TCM_ROUTES.get(level),
        "township_work_years": _number(a.get("tw")),
        "western_tcm": a.get("xz") == "yes",
    }
    return profile


def region_of(answers, default: str = "national") -> str:
    return parse(answers).get("rg") or default


def _chosen(value: str | None) -> str | None:
    return None if value in (None, "", ANY) else value


def _stage(level: str, mode: str | None, entry, graduated, major, degree=None) -> dict:
    overseas = mode == OVERSEAS
    return {
        "level": level,
        "major": major,
        "entry": entry,
        "graduated": None if graduated == PENDING else graduated,
        "mode": "full-time" if overseas else mode,
        "overseas": overseas,
        "degree_type": degree,
    }


def _education(a: dict, level: str) -> list[dict]:
    major = a.get("mj")
    if level == "upgrade":
        college = _stage("college", a.get("md"), a.get("en"), a.get("cg"), major)
        mode2, entry2 = a.get("md2") or a.get("md"), a.get("en2") or a.get("cg")
        return [college, _stage("bachelor", mode2, entry2, a.get("gr"), major)]
    base, _, degree = level.partition("-")
    return [_stage(base, a.get("md"), a.get("en"), a.get("gr"), major, degree or None)]


def _certificates(a: dict) -> list[dict]:
    kind = a.get("ct")
    if not kind or kind == "none":
        return []
    return [{"type": kind, "category": a.get("cc"), "registered": a.get("cr")}]


def _number(value: str | None):
    if value in (None, ""):
        return None
    try:
        return float(value)
    except ValueError:
        return value  # the engine reports it
