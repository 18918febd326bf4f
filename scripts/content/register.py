"""The 考区 register (content/regions.yaml): every provincial 考区 once, each field sourced or unknown.

A 考区's ``upload``, ``review``, ``cycles`` and ``notice`` are each either a sourced record (text, source,
confidence) or the literal marker :data:`UNKNOWN` ("未找到公开资料"); free text without a source is refused.
Region ids are stable pinyin ids (they appear in shared links and in the CLI's ``--region``): the checker
knows the 31 provincial ids and their names, so a missing, misspelt or mislabelled 考区 is reported.
"""

from __future__ import annotations

from scripts.content.problems import show
from scripts.content.schema import (
    Confidence,
    Enum,
    FormatStr,
    Id,
    Int,
    ListOf,
    MapOf,
    Record,
    Ref,
    SourceRef,
    Spec,
    Str,
    Text,
)

UNKNOWN = "未找到公开资料"
UNDECIDED = "national"  # the candidate has not chosen a 考区 yet (kept from the first two-region version)
SYSTEMS = ("national-module", "provincial", "unknown")
REVIEW_MODES = ("online", "onsite", "online-onsite", "unknown")
IMAGES = ("several", "one")
FIELDS = ("area", "upload", "review", "cycles", "notice")

# The 31 provincial 考区: stable id -> the province's name (a 考区 name must contain it).
PROVINCES = {
    "beijing": "北京", "tianjin": "天津", "hebei": "河北", "shanxi": "山西", "neimenggu": "内蒙古",
    "liaoning": "辽宁", "jilin": "吉林", "heilongjiang": "黑龙江",
    "shanghai": "上海", "jiangsu": "江苏", "zhejiang": "浙江", "anhui": "安徽", "fujian": "福建",
    "jiangxi": "江西", "shandong": "山东",
    "henan": "河南", "hubei": "湖北", "hunan": "湖南",
    "guangdong": "广东", "guangxi": "广西", "hainan": "海南",
    "chongqing": "重庆", "sichuan": "四川", "guizhou": "贵州", "yunnan": "云南", "xizang": "西藏",
    "shaanxi": "陕西", "gansu": "甘肃", "qinghai": "青海", "ningxia": "宁夏", "xinjiang": "新疆",
}  # fmt: skip
# Texts the region pages and the tools' region choice use (content/regions.yaml texts:).
TEXTS = (
    "label", "search_label", "search_placeholder", "search_hint", "search_found_one", "search_found_many",
    "no_match", "search_suffixes", "undecided_group",
    "note_module", "note_provincial", "note_unknown", "note_undecided", "region_link", "overview_link",
    "photo_note", "photo_note_undecided", "photo_note_provincial", "photo_link",
    *(f"system.{s}" for s in SYSTEMS), *(f"review.{m}" for m in REVIEW_MODES),
    "images_several", "images_fixed", "image_label", "add_image", "remove_image", "images_count",
)  # fmt: skip
# 考区 that may be added once a source is found (not surveyed so far).
OPTIONAL = {"bingtuan": "兵团", "military": "军队"}

SOURCED = {"source": SourceRef(), "confidence": Confidence()}


class Fact(Spec):
    """A sourced record, or the literal "未找到公开资料"."""

    def __init__(self, record: Record):
        self.record = record

    def check(self, ctx, value, path):
        if value == UNKNOWN:
            return
        if isinstance(value, str):
            ctx.problem("region.unsourced", path, value=show(value), expected=UNKNOWN)
            return
        self.record.check(ctx, value, path)


class FactList(Fact):
    def __init__(self, item: Record):
        super().__init__(ListOf(item, nonempty=True))


UPLOAD = Record({"system": Enum(*SYSTEMS), "text": Text(), **SOURCED})
REVIEW = Record({"mode": Enum(*REVIEW_MODES), "text": Text(), **SOURCED})
CYCLE = Record({"year": Int(), "text": Text(), **SOURCED})
SOURCED_TEXT = Record({"text": Text(), **SOURCED})


def _fields_present(ctx, value, path):
    """A provincial 考区 states every field (sourced or 未找到公开资料); ``national`` is not a 考区."""
    if value.get("id") == UNDECIDED:
        return
    for key in FIELDS:
        if key not in value:
            ctx.problem("key.missing", path, key=key)


def _name_matches(ctx, value, path):
    ident, name = value.get("id"), value.get("name")
    province = {**PROVINCES, **OPTIONAL}.get(ident)
    if province and isinstance(name, str) and province not in name:
        ctx.problem("region.name", (*path, "name"), value=name, expected=province)


def _uses_matches(ctx, value, path):
    """The rule profile follows the upload system: module and unknown 考区 use the module's rules."""
    upload, uses = value.get("upload"), value.get("uses")
    system = upload.get("system") if isinstance(upload, dict) else "unknown"
    if not isinstance(uses, str) or value.get("id") == UNDECIDED:
        return
    wanted_module = system in ("national-module", "unknown")
    if wanted_module != (uses == "national-module"):
        ctx.problem("region.uses", (*path, "uses"), value=uses, expected=system)


REGION = Record(
    {
        "id": Id("region"),
        "name": Str(),
        "short": Str(),
        "area?": Str(),
        "uses": Ref("profile"),
        "description?": Text(),
        "upload?": Fact(UPLOAD),
        "review?": Fact(REVIEW),
        "cycles?": FactList(CYCLE),
        "notice?": Fact(SOURCED_TEXT),
        "notes?": ListOf(SOURCED_TEXT, nonempty=True),
    },
    checks=(_fields_present, _name_matches, _uses_matches),
)

PROFILE = Record(
    {
        "id": Id("profile"),
        "name": Str(),
        "short": Str(),
        "guide": Ref("guide"),
        "images": Enum(*IMAGES),
        "description": Text(),
        "counts?": ListOf(
            Record({"material": Ref("material"), "count": Int(), "note?": Text(), **SOURCED}),
            nonempty=True,
        ),
        **SOURCED,
    }
)


def _complete(ctx, value, path):
    """Every provincial 考区 present (duplicate ids: refs.py); no unknown id; every area known."""
    regions = [r for r in value.get("regions") or [] if isinstance(r, dict)]
    ids = [r.get("id") for r in regions]
    for ident, name in PROVINCES.items():
        if ident not in ids:
            ctx.problem("region.missing", ("regions",), value=ident, expected=name)
    texts = value.get("texts") if isinstance(value.get("texts"), dict) else {}
    for key in TEXTS:
        if key not in texts:
            ctx.problem("region.text_missing", ("texts",), value=key)
    known = {*PROVINCES, *OPTIONAL, UNDECIDED}
    areas = value.get("areas") if isinstance(value.get("areas"), list) else []
    for i, region in enumerate(regions):
        ident = region.get("id")
        if isinstance(ident, str) and ident not in known:
            ctx.problem("region.unknown_id", ("regions", i, "id"), value=ident, expected=_near(ident))
        area = region.get("area")
        if isinstance(area, str) and area not in areas:
            ctx.problem("value.enum", ("regions", i, "area"), value=area, expected="、".join(map(str, areas)))


def _near(ident: str) -> str:
    """Known ids sharing the first letters, to point at a probable misspelling."""
    close = [k for k in (*PROVINCES, *OPTIONAL) if k[:3] == ident[:3]]
    return "、".join(close or PROVINCES)


REGISTER = Record(
    {
        "areas": ListOf(Str(), nonempty=True),
        "profiles": ListOf(PROFILE, nonempty=True),
        "texts": MapOf(FormatStr()),
        "regions": ListOf(REGION, nonempty=True),
    },
    checks=(_complete,),
)
