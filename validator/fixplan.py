"""The fix plan: what a file must become to pass, for the photo or a material in a 考区.

One plan, two hosts. The validator computes it from the rule set; the browser
(``docs/assets/js/image-fix.js``) and the command line (:mod:`validator.fix_pillow`,
Pillow) execute it with their own decoder and encoder:

* ``format``: always a baseline JPEG (``None`` when the 考区 takes no JPEG: nothing to do);
* ``max_bytes`` / ``min_bytes``: the byte band, under the stricter reading of "k" on both ends
  (so a fixed file never lands in a band that only warns); for the photo, the warning line;
  ``limit_bytes``: the size the check fails at, named when the fix aims under it (the reasons say why);
* ``max_side`` / ``min_side`` (scans) and ``min_width`` / ``min_height`` (the photo): pixel bounds;
  the hosts scale down into them and never enlarge;
* ``legible_long_side``: scans are never shrunk below this long side to meet the byte limit
  (``scan.legible_long_side``, the site's inferred legibility floor); when size and
  legibility cannot both be met the host says so instead of giving a blurred file;
* ``upright`` (EXIF orientation applied), ``background`` (transparency flattened onto white),
  ``icc`` (no colour profile in the output): the same for every plan.

:func:`explain` turns what a host did (the file before, the result after) into the reasons the
candidate reads, from ``content/messages/fix.yaml``; the page and the CLI's CSV show the same words.
Op ``fix`` (:func:`run_request`): the plan in ``facts.plan``; with ``before`` and ``after`` in the
request, also ``facts.reasons`` and ``facts.outcome``.
"""

from __future__ import annotations

from validator.context import Context
from validator.media import size_text
from validator.report import Report

# Finding codes a plan's executor can clear: the bytes, the pixel size (down only), the format
# (whatever the host can decode), the orientation mark and the CMYK colour mode.
FIXES = {
    "scan": (
        "scan.size.too_large",
        "scan.size.unclear_large",
        "scan.size.too_small",
        "scan.size.unclear_small",
        "scan.dims.too_large",
        "scan.format.not_allowed",
        "scan.format.phone",
        "scan.format.renamed",
        "scan.format.extension",
        "scan.meta.orientation",
        "scan.colour.cmyk",
    ),
    "photo": (
        "photo.size.too_large",
        "photo.size.unclear_large",
        "photo.size.near_limit",
        "photo.format.not_jpeg",
        "photo.format.phone",
        "photo.format.renamed",
        "photo.format.progressive",
        "photo.meta.orientation",
        "photo.colour.cmyk",
    ),
}

# What a host reports when it could not produce a passing file (``after["status"]``).
STATUSES = ("ok", "legibility", "small_pixels", "aspect", "short_bytes", "format", "undecodable")


def plan_for(ctx: Context, kind: str, material: str | None = None) -> dict:
    """The plan for ``kind`` (``scan`` or ``photo``) in ``ctx``'s 考区 on its as-of date."""
    if kind == "photo":
        return _photo_plan(ctx)
    if kind == "scan":
        return _scan_plan(ctx, material)
    raise ValueError(f"no fix plan for {kind!r}")


def _common(ctx: Context, kind: str, accepts: list) -> dict:
    return {
        "kind": kind,
        "region": ctx.region,
        "as_of": ctx.as_of.isoformat() if ctx.as_of else None,
        "format": "jpeg" if "jpeg" in accepts else None,
        "accepts": list(accepts),
        "baseline": True,
        "upright": True,
        "background": "white",
        "icc": False,
        "fixes": list(FIXES[kind]),
    }


def _scan_plan(ctx: Context, material: str | None) -> dict:
    names = (
        "scan.formats",
        "scan.max_bytes",
        "scan.max_bytes_strict",
        "scan.min_bytes",
        "scan.min_bytes_strict",
        "scan.min_side",
        "scan.max_side",
        "scan.legible_long_side",
    )
    v = {name: ctx.value(name) for name in names}
    plan = _common(ctx, "scan", v["scan.formats"])
    plan.update(
        material=str(material) if material else None,
        max_bytes=_least(v["scan.max_bytes"], v["scan.max_bytes_strict"]),
        limit_bytes=v["scan.max_bytes"],
        min_bytes=_most(v["scan.min_bytes"], v["scan.min_bytes_strict"]),
        max_side=v["scan.max_side"],
        min_side=v["scan.min_side"],
        min_width=None,
        min_height=None,
        legible_long_side=v["scan.legible_long_side"],
        params=[n for n in names if v[n] is not None],
    )
    return plan


def _photo_plan(ctx: Context) -> dict:
    names = (
        "photo.formats",
        "photo.max_bytes",
        "photo.max_bytes_strict",
        "photo.warn_bytes",
        "photo.min_width",
        "photo.min_height",
    )
    v = {name: ctx.value(name) for name in names}
    plan = _common(ctx, "photo", v["photo.formats"])
    plan.update(
        material=None,
        # under the warning line, itself a margin under both readings of "30K" ("小于": a size at a
        # line is over it, so the plan's bound, inclusive like every plan bound, is one byte less)
        max_bytes=_least(v["photo.max_bytes"], v["photo.max_bytes_strict"], v["photo.warn_bytes"]) - 1,
        limit_bytes=v["photo.max_bytes"],
        min_bytes=None,
        max_side=None,
        min_side=None,
        min_width=v["photo.min_width"],
        min_height=v["photo.min_height"],
        legible_long_side=None,
        params=[n for n in names if v[n] is not None],
    )
    return plan


def _least(*values):
    present = [x for x in values if x is not None]
    return min(present) if present else None


def _most(*values):
    present = [x for x in values if x is not None]
    return max(present) if present else None


def fixable(plan: dict, report: dict) -> bool:
    """Whether a checked file has a finding this plan's executor can clear."""
    codes = set(plan.get("fixes") or ())
    return plan.get("format") is not None and any(
        f.get("code") in codes and f.get("severity") in ("fail", "warn") for f in report.get("findings", [])
    )


# ---------------------------------------------------------------------------- reasons
def explain(ctx: Context, plan: dict, before: dict, after: dict) -> dict:
    """What changed and why, or why it could not be done.

    ``before``: the file's header facts (``format``, ``size``, ``width``/``height`` as displayed,
    ``orientation``, ``colourspace``) and ``transparent`` from the host's decoder.
    ``after``: ``status`` (one of :data:`STATUSES`), ``width``, ``height``, ``size`` and ``crop``
    (``{"w", "h"}`` when a crop rectangle was applied).
    Returns ``{"outcome": status, "reasons": [{"code", "text"}], "problems": [{"code", "text"}]}``.
    """
    fmt = ctx.rules.fmt
    status = str(after.get("status") or "ok")
    if status not in STATUSES:
        status = "undecodable"
    reasons: list[dict] = []
    problems: list[dict] = []

    def said(target: list, code: str, **values) -> None:
        target.append({"code": code, "text": fmt(code, **values)})

    w0, h0 = shown_dims(before)
    crop = after.get("crop") or None
    if status in ("ok", "short_bytes"):
        if before.get("orientation") not in (None, 1):
            said(reasons, "fix.reason.orient")
        if before.get("transparent"):
            said(reasons, "fix.reason.flatten")
        if before.get("format") and before.get("format") != "jpeg":
            code = "fix.reason.format_smaller" if before["format"] in plan["accepts"] else "fix.reason.format"
            said(reasons, code, real=_kind(ctx, before["format"]), allowed=_allowed(ctx, plan))
        if before.get("colourspace") in ("cmyk", "ycck"):
            said(reasons, "fix.reason.colour")
        if crop and w0 and h0:
            said(reasons, "fix.reason.crop", w0=w0, h0=h0, w=int(crop["w"]), h=int(crop["h"]))
            w0, h0 = int(crop["w"]), int(crop["h"])
        _explain_scale(ctx, plan, (w0, h0), after, said, reasons)
        _explain_bytes(ctx, plan, before, after, said, reasons)
        _explain_margin(ctx, plan, said, reasons)
        said(reasons, "fix.reason.baseline")
    _explain_problems(ctx, plan, status, int(after.get("size") or 0), said, problems)
    return {"outcome": status, "reasons": reasons, "problems": problems}


def _explain_problems(ctx, plan, status: str, n: int, said, problems) -> None:
    """Why a fix could not be done (``status``), with the figures the candidate can act on."""
    if status == "legibility":
        said(
            problems,
            "fix.cannot.legible",
            max_size=_size(ctx, plan.get("max_bytes")),
            floor=plan.get("legible_long_side") or 0,
        )
        said(problems, "fix.cannot.legible_next")
    elif status == "short_bytes":
        said(
            problems,
            "fix.cannot.short_bytes",
            after=_size(ctx, n),
            min_size=_size(ctx, plan.get("min_bytes")),
        )
    elif status in ("small_pixels", "aspect"):
        low = plan.get("min_side") or max(plan.get("min_width") or 0, plan.get("min_height") or 0)
        said(problems, "fix.cannot.small_pixels", min=low)
    elif status == "format":
        said(problems, "fix.cannot.format")
    elif status == "undecodable":
        said(problems, "fix.cannot.undecodable")


def _explain_scale(ctx, plan, source, after, said, reasons) -> None:
    w0, h0 = source
    w, h = int(after.get("width") or 0), int(after.get("height") or 0)
    if not (w0 and h0 and w and h) or max(w, h) >= max(w0, h0):
        return
    bound = plan.get("max_side")
    fit = min(max(w0, h0), bound) if bound else max(w0, h0)
    if max(w, h) >= fit - 1:  # rounding: the long side is the bound itself
        said(reasons, "fix.reason.scale_bounds", w=w, h=h, w0=w0, h0=h0, max=bound)
    elif plan.get("legible_long_side"):
        said(
            reasons,
            "fix.reason.scale_bytes",
            w=w,
            h=h,
            w0=w0,
            h0=h0,
            max_size=_size(ctx, plan.get("max_bytes")),
            floor=plan["legible_long_side"],
        )
    else:
        said(
            reasons,
            "fix.reason.scale_bytes_photo",
            w=w,
            h=h,
            w0=w0,
            h0=h0,
            max_size=_size(ctx, plan.get("max_bytes")),
        )


def _explain_margin(ctx, plan, said, reasons) -> None:
    """After a reason that names the size pressed to, when that is under the size the check fails
    at (``limit_bytes``): why the fix aims lower (the stricter reading of "k"; for the photo, also
    the warning line)."""
    top, limit = plan.get("max_bytes"), plan.get("limit_bytes")
    named = {"fix.reason.bytes_down", "fix.reason.scale_bytes", "fix.reason.scale_bytes_photo"}
    if top is None or limit is None or top >= limit or not named & {r["code"] for r in reasons}:
        return
    code = "fix.reason.margin_photo" if plan.get("kind") == "photo" else "fix.reason.margin"
    said(reasons, code, limit=_size(ctx, limit))


def _explain_bytes(ctx, plan, before, after, said, reasons) -> None:
    n0, n = int(before.get("size") or 0), int(after.get("size") or 0)
    top, low = plan.get("max_bytes"), plan.get("min_bytes")
    if top is not None and n0 > top and n <= top:
        said(
            reasons,
            "fix.reason.bytes_down",
            before=_size(ctx, n0),
            after=_size(ctx, n),
            max_size=_size(ctx, top),
        )
    elif low is not None and n0 < low <= n:
        said(
            reasons,
            "fix.reason.bytes_up",
            before=_size(ctx, n0),
            after=_size(ctx, n),
            min_size=_size(ctx, low),
        )


def shown_dims(facts: dict) -> tuple[int, int]:
    """The size as displayed (after the orientation mark), from header facts or a host's numbers."""
    w, h = int(facts.get("width") or 0), int(facts.get("height") or 0)
    if facts.get("orientation") in (5, 6, 7, 8) and not facts.get("oriented"):
        return h, w
    return w, h


def _size(ctx: Context, n) -> str:
    return size_text(ctx, int(n)) if n is not None else ""


def _kind(ctx: Context, fmt: str) -> str:
    return ctx.rules.fmt_or(f"photo.kind.{fmt}", ctx.rules.fmt("photo.kind.other"))


def _allowed(ctx: Context, plan: dict) -> str:
    return ctx.rules.fmt("scan.list_sep").join(_kind(ctx, f) for f in plan.get("accepts") or ())


# ---------------------------------------------------------------------------- op "fix"
def run_request(request: dict, ctx: Context, data: bytes | None, pixels) -> Report:
    """Entry point for :func:`validator.api.run` (op ``fix``): ``kind`` (``scan`` or ``photo``),
    ``material``; optional ``before`` and ``after`` (see :func:`explain`)."""
    kind = str(request.get("kind") or "scan")
    report = Report(ctx.rules, "fix", subject=str(request.get("filename") or ""))
    plan = plan_for(ctx, kind if kind in FIXES else "scan", request.get("material"))
    report.facts["plan"] = plan
    before, after = request.get("before"), request.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        report.facts.update(explain(ctx, plan, before, after))
    return report
