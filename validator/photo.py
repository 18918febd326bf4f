"""Photo rules: the 医师资格考试 registration photo (2021 national spec; Hubei variant from content).

The official rule (SEED4 §二.7, since 2021): a recent (6 months) 小2寸 photo
on a white background, JPEG, smaller than 30K, processed by the official
医考报名照片检测工具, whose own page asks for at least 190 × 254 px (TOOL1,
TOOL2). This module pre-checks what a program can see; the report's notice
says that the official tool decides. Each check asks for the severity it means
and names the parameters it applied; the report keeps a ``fail`` only when those
rest on an official source (see validator.report).

Finding codes (all in ``CODES``): ``photo.format.*`` (real format, coding),
``photo.size.*``, ``photo.shape.*``, ``photo.colour.*``, ``photo.background.*``,
``photo.meta.*``, ``photo.face.*`` (the face and head geometry, :mod:`validator.face`),
``photo.pixels.missing`` and ``photo.integrity.undecodable``.
File structure findings (empty, truncated, padding, bombs) come from
:func:`validator.fileinfo.add_integrity_findings`.
"""

from __future__ import annotations

import math
from datetime import date

from validator import face
from validator import pixels as px
from validator.context import Context
from validator.fileinfo import SIZE_REASONS, unusual_coding
from validator.formatting import KIB, tenths
from validator.media import Header, add_integrity, bytes_text, dims_text, read_header, size_text
from validator.report import Report

CODES = (
    "photo.format.not_jpeg",
    "photo.format.phone",
    "photo.format.renamed",
    "photo.format.extension",
    "photo.format.arithmetic",
    "photo.format.lossless",
    "photo.format.precision",
    "photo.format.progressive",
    "photo.size.too_large",
    "photo.size.unclear_large",
    "photo.size.near_limit",
    "photo.size.provincial_ok",
    "photo.shape.landscape",
    "photo.shape.too_small",
    "photo.shape.aspect",
    "photo.colour.grey",
    "photo.colour.cmyk",
    "photo.background.blue",
    "photo.background.red",
    "photo.background.colour",
    "photo.background.grey",
    "photo.background.busy",
    "photo.background.off_white",
    "photo.background.uneven",
    "photo.background.unmeasured",
    "photo.pixels.missing",
    "photo.pixels.too_big",
    "photo.integrity.undecodable",
    "photo.meta.old",
    "photo.meta.future",
    "photo.meta.orientation",
    "photo.face.none",
    "photo.face.many",
    "photo.face.small",
    "photo.face.large",
    "photo.face.offcentre",
    "photo.face.top",
    "photo.face.tilt",
    "photo.face.unavailable",
)


PHONE_FORMATS = ("heic", "avif")  # what phone cameras save by default instead of JPEG
UNKNOWN_FORMATS = ("empty", "other")  # fileinfo could not name the format: file.empty / file.format.unknown


def run_request(request: dict, ctx: Context, data: bytes | None, pixels) -> Report:
    """Entry point for :func:`validator.api.run` (op ``photo``)."""
    return check_photo(
        data or b"",
        ctx,
        pixels=pixels,
        filename=str(request.get("filename") or ""),
        decode_error=request.get("decode_error"),
        decode_skipped=request.get("decode_skipped"),
    )


def check_photo(
    data: bytes,
    ctx: Context,
    pixels: px.Image | None = None,
    filename: str = "",
    decode_error: str | None = None,
    decode_skipped: str | None = None,
) -> Report:
    """Check one registration photo; never raises on bad input."""
    report = Report(ctx.rules, "photo", subject=filename)
    head = read_header(data, filename, ctx)
    report.facts["file"] = head.facts()
    report.facts["file"]["size_text"] = size_text(ctx, head.size)  # the page shows this one
    sound = add_integrity(report, head, ctx)
    if head.format in UNKNOWN_FORMATS:
        return report  # empty or unknown: its finding says so, nothing else is meaningful
    # the real format and the file size hold whatever the header claims (a TIFF renamed .jpg
    # with absurd dimensions is still named as a TIFF): one finding never hides another
    format_ok = _check_format(report, head, ctx)
    _check_size(report, head, ctx)
    if not (sound and format_ok):
        return report  # truncated, broken or over the header limits: nothing is decoded
    _check_shape(report, head, ctx)
    _check_colour_header(report, head, ctx)
    _check_metadata(report, head, ctx)
    if unusual_coding(head.format, head.coding, head.precision):
        return report  # its format finding fails it; no host decodes such a JPEG (decode_gate)
    _check_pixels(report, head, ctx, pixels, decode_error, decode_skipped)
    return report


# format -------------------------------------------------------------------
def _check_format(report: Report, head: Header, ctx: Context) -> bool:
    """True when the file is a JPEG by its bytes (further checks make sense)."""
    allowed = ctx.param("photo.formats")
    if head.format not in allowed.value:
        real = _kind_name(ctx, head.format)
        if head.format in PHONE_FORMATS:  # named, with the phone-side fix
            report.add("photo.format.phone", "fail", measured=real, real=real, param=allowed)
        elif head.ext_format and head.ext_format != head.format:
            report.add("photo.format.renamed", "fail", measured=real, real=real, ext=head.ext, param=allowed)
        else:
            report.add("photo.format.not_jpeg", "fail", measured=real, real=real, param=allowed)
        return False
    if head.ext and head.ext_format != head.format:
        report.add("photo.format.extension", "warn", measured=head.ext, ext=head.ext, value=head.ext)
    if head.coding in ("arithmetic", "lossless"):  # named in Chinese; the English term stays in value
        named = ctx.rules.fmt(f"photo.coding.{head.coding}")
        report.add(f"photo.format.{head.coding}", "fail", measured=named, value=head.coding)
    if head.precision and head.precision != 8:
        report.add("photo.format.precision", "fail", measured=str(head.precision), value=head.precision)
    if head.progressive:
        report.add("photo.format.progressive", "warn")
    return True


def _kind_name(ctx: Context, fmt: str) -> str:
    try:
        return ctx.rules.fmt(f"photo.kind.{fmt}")
    except KeyError:
        return ctx.rules.fmt("photo.kind.other")


# size ---------------------------------------------------------------------
def _check_size(report: Report, head: Header, ctx: Context) -> None:
    """ "小于30K": at photo.max_bytes it is over under either reading of K; the band below it up to
    photo.max_bytes_strict is over only if K means 1000 bytes; photo.warn_bytes gives early notice."""
    n = head.size
    measured = size_text(ctx, n)
    words = _limit_words(ctx)
    for code, name in (
        ("photo.size.too_large", "photo.max_bytes"),
        ("photo.size.unclear_large", "photo.max_bytes_strict"),
    ):
        limit = ctx.param(name)
        if limit.value is not None and n >= limit.value:
            # what to aim for: below the stricter reading of "小于30K" (1K = 1000 bytes) is safe under both
            safe = ctx.value("photo.max_bytes_strict") or limit.value
            expected = ctx.rules.fmt("photo.below", v=bytes_text(ctx, safe))
            bound = bytes_text(ctx, limit.value)
            report.add(
                code, "fail", measured=measured, expected=expected, bound=bound, value=n, param=limit,
                why=_why_over(ctx, n, limit.value, bound), **words,
            )
            _provincial_note(report, n, measured, ctx, words)
            return
    warn = ctx.param("photo.warn_bytes")
    if n >= warn.value:
        expected = ctx.rules.fmt("photo.better_below", v=bytes_text(ctx, warn.value))
        bound = bytes_text(ctx, warn.value)
        report.add(
            "photo.size.near_limit", "warn", measured=measured, expected=expected, bound=bound, value=n,
            param=warn, **words,
        )


def _why_over(ctx: Context, n: int, limit: int, bound: str) -> str:
    """Why a file at the limit is over "小于30K", said only where its size reads as the limit itself
    ("30 KB（30,720 字节）"): a 31.2 KB or 1.4 MB file is plainly over and needs no second figure."""
    if tenths(n, KIB) != tenths(limit, KIB):
        return ""
    return ctx.rules.fmt("photo.size.either_reading", bound=bound)


def _limit_words(ctx: Context) -> dict:
    """The limits in force as the size messages name them, so a new dated limit changes the text too:
    ``{limit_k}`` photo.max_bytes in K (photo.kilo), ``{strict}`` photo.max_bytes_strict in bytes."""
    top, strict = ctx.value("photo.max_bytes"), ctx.value("photo.max_bytes_strict")
    return {
        "limit_k": ctx.rules.fmt("photo.kilo", k=top / 1024) if top else "",
        "strict": bytes_text(ctx, strict) if strict else "",
    }


def _provincial_note(report: Report, n: int, measured: str, ctx: Context, words: dict) -> None:
    """Hubei's 省网 once allowed 40 KB: say why the stricter national limit still applies."""
    provincial = ctx.param("photo.provincial_max_bytes")
    if provincial.value is not None and n < provincial.value:
        expected = size_text(ctx, provincial.value)
        report.add(
            "photo.size.provincial_ok",
            "info",
            measured=measured,
            expected=expected,
            value=n,
            param=provincial,
            **words,
        )


# shape --------------------------------------------------------------------
def _check_shape(report: Report, head: Header, ctx: Context) -> None:
    w, h = head.display_size
    if not w or not h:
        return
    measured = dims_text(ctx, w, h, "photo.dims")
    if w > h:
        report.add("photo.shape.landscape", "fail", measured=measured, value=[w, h])
        return
    _check_minimum(report, w, h, measured, ctx)
    band = ctx.param("photo.aspect")
    ratio = w / h
    if not band.value["min"] <= ratio <= band.value["max"]:
        mm = ctx.value("photo.nominal_mm")
        report.add(
            "photo.shape.aspect",
            "warn",
            measured=ctx.rules.fmt("photo.ratio", r=ratio),
            expected=ctx.rules.fmt("photo.range", lo=band.value["min"], hi=band.value["max"]),
            nominal=ctx.rules.fmt("photo.mm", w=mm[0], h=mm[1]),
            nominal_ratio=ctx.rules.fmt("photo.ratio", r=mm[0] / mm[1]),
            value=round(ratio, 4),
            param=band,
        )


def _check_minimum(report: Report, w: int, h: int, measured: str, ctx: Context) -> None:
    """The photo tool's minimum (宽 190 × 高 254); the message names the side that is short."""
    min_w, min_h = ctx.param("photo.min_width"), ctx.param("photo.min_height")
    narrow, short = w < min_w.value, h < min_h.value
    if not (narrow or short):
        return
    side = "both" if narrow and short else ("width" if narrow else "height")
    report.add(
        "photo.shape.too_small",
        "fail",
        measured=measured,
        expected=dims_text(ctx, min_w.value, min_h.value, "photo.dims"),
        side=ctx.rules.fmt(f"photo.side.{side}"),
        value=[w, h],
        param=(min_w, min_h),
    )
    report.facts["too_small"] = side


# colour from the header ------------------------------------------------------
def _check_colour_header(report: Report, head: Header, ctx: Context) -> None:
    if head.colourspace in ("cmyk", "ycck"):
        name = ctx.rules.fmt(f"photo.colourspace.{head.colourspace}")
        report.add("photo.colour.cmyk", "warn", measured=name, value=head.colourspace)
    elif head.colourspace == "grey":
        measured = ctx.rules.fmt("photo.grey_header")
        required = ctx.param("photo.colour_required")
        if required.value:
            report.add("photo.colour.grey", "fail", measured=measured, value="components=1", param=required)


# metadata -----------------------------------------------------------------
def _check_metadata(report: Report, head: Header, ctx: Context) -> None:
    if head.orientation not in (None, 1):
        report.add("photo.meta.orientation", "warn", measured=str(head.orientation), value=head.orientation)
    taken = head.taken
    if taken is None:
        return
    months = ctx.param("photo.max_age_months")
    earliest = _months_before(ctx.as_of, int(months.value))
    shown = _date_text(ctx, taken)
    if taken > ctx.as_of:
        report.add(
            "photo.meta.future",
            "warn",
            measured=shown,
            expected=_date_text(ctx, ctx.as_of),
            value=taken.isoformat(),
        )
    elif taken < earliest:
        report.add(
            "photo.meta.old",
            "warn",
            measured=shown,
            expected=_date_text(ctx, earliest),
            months=months.value,
            value=taken.isoformat(),
            param=months,
        )


def _months_before(day: date, months: int) -> date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    m += 1
    last = (date(y + (m == 12), m % 12 + 1, 1) - date(y, m, 1)).days
    return date(y, m, min(day.day, last))


def _date_text(ctx: Context, d: date) -> str:
    return ctx.rules.fmt("photo.date", y=d.year, m=d.month, d=d.day)


# pixels: colour and background ----------------------------------------------------
def _check_pixels(report: Report, head: Header, ctx: Context, pixels, decode_error, decode_skipped=None):
    if pixels is None or not getattr(pixels, "valid", False):
        if decode_skipped in SIZE_REASONS:  # the host refused the size: not damage, and said so
            report.add("photo.pixels.too_big", "info", value=str(decode_skipped))
        elif decode_error:
            # the decoder's own words (English) stay in value (--json), not in the candidate's text
            report.add("photo.integrity.undecodable", "fail", value=str(decode_error)[:120])
        else:
            report.add("photo.pixels.missing", "info")
        return
    planes = px.prepare(pixels, ctx.value("photo.analysis_max_side"))
    col_p = ctx.param("photo.colour")
    col = px.colour(planes, col_p.value["chroma_min"])
    band = ctx.param("photo.background_band").value
    far = ctx.param("photo.background_far_delta").value
    # the faces first: their heads are cut out of the background band (hair beside a tightly
    # framed head is not a busy background); the head top scan is kept only over a plain one
    found = _find_faces(ctx, planes)
    mask = ctx.value("photo.background_head_mask")
    masks = face.head_masks(found, planes.width, planes.height, mask) if found else ()
    bg = px.background(planes, band, far, exclude=masks)
    report.facts["pixels"] = {"analysed": [planes.width, planes.height], "colour": col, "background": bg}
    required = ctx.param("photo.colour_required")
    if (
        required.value
        and head.colourspace not in ("grey", "cmyk", "ycck")
        and col["colour_share"] < col_p.value["min_colour_share"]
    ):
        measured = ctx.rules.fmt("photo.grey_pixels", p=col["colour_share"])
        report.add(
            "photo.colour.grey", "fail", measured=measured, value=col["colour_share"], param=(required, col_p)
        )
    if bg.get("pixels"):
        # no face found: the person may lie in the band (a face cut by the edge), so unevenness and texture
        # there say nothing about the background; its colour (the band's median) still does
        _check_background(report, ctx, bg, person_unknown=found is not None and found.get("faces") == 0)
    else:  # the head fills the band: say the background was not measured rather than pass in silence
        report.add("photo.background.unmeasured", "info")
    plain = bool(bg.get("pixels")) and bg["texture"] < ctx.value("photo.face_detector")["plain_texture"]
    _check_face(report, ctx, found, pixels, plain, head.display_size)


def _find_faces(ctx: Context, planes: px.Planes) -> dict | None:
    """validator.face's analysis of the analysed planes (None when the model is not available)."""
    if not face.available():
        return None
    return face.analyse(px.luma(planes), planes.width, planes.height, ctx.value("photo.face_detector"))


def _check_background(report: Report, ctx: Context, bg: dict, person_unknown: bool = False) -> None:
    """Colour and lightness from the band's median; texture and unevenness only where the person is known
    to be outside the band (``person_unknown``: the face model ran and found no face)."""
    fail = ctx.param("photo.background_fail")
    warn = ctx.param("photo.background_warn")
    lab = ctx.rules.fmt("photo.lab", l=bg["l"], c=bg["chroma"])
    if not person_unknown and bg["texture"] >= fail.value["max_texture"]:
        measured = ctx.rules.fmt("photo.texture", t=bg["texture"], l=bg["l"])
        report.add("photo.background.busy", "fail", measured=measured, value=bg["texture"], param=fail)
        return
    if bg["chroma"] >= fail.value["max_chroma"]:
        code = "photo.background." + _hue_name(ctx, bg["a"], bg["b"])
        report.add(code, "fail", measured=lab, value=bg["chroma"], param=fail)
        return
    if bg["l"] < fail.value["min_l"]:
        report.add("photo.background.grey", "fail", measured=lab, value=bg["l"], param=fail)
        return
    if bg["l"] < warn.value["min_l"] or bg["chroma"] >= warn.value["max_chroma"]:
        report.add(
            "photo.background.off_white", "warn", measured=lab, value=[bg["l"], bg["chroma"]], param=warn
        )
    if person_unknown:
        return
    # measures of unevenness: the finding states the one that crossed its line (never a spread of 0)
    for key, limit, text in (
        ("spread", "max_spread", "photo.uneven"),
        ("l_std", "max_l_std", "photo.uneven_std"),
        ("far_share", "max_far_share", "photo.uneven_far"),
        ("texture", "max_texture", "photo.uneven_texture"),
    ):
        if bg[key] >= warn.value[limit]:
            measured = ctx.rules.fmt(text, v=bg[key])
            report.add("photo.background.uneven", "warn", measured=measured, value=bg[key], param=warn)
            return


def _hue_name(ctx: Context, a: float, b: float) -> str:
    """``blue``, ``red`` or ``colour`` from the CIELAB hue angle and the ranges in content."""
    hue = math.degrees(math.atan2(b, a)) % 360
    for name, (lo, hi) in ctx.value("photo.background_hues").items():
        inside = lo <= hue <= hi if lo <= hi else (hue >= lo or hue <= hi)
        if inside:
            return name
    return "colour"


# pixels: the face ---------------------------------------------------------------------
def _check_face(
    report: Report, ctx: Context, found: dict | None, img: px.Image, plain: bool, size: tuple | None
) -> None:
    """Find the face and measure the head (validator.face); every threshold is the site's
    reading for 小二寸 (inferred), so these findings warn. Facts: ``face`` (fractions of the
    picture, for --json and the page's overlay) with the 小二寸 crop in the file's own pixels
    (``size``, from its header: a host may decode a smaller copy) and as fractions (``box``)."""
    if found is None:
        report.add("photo.face.unavailable", "info")
        return
    face.settle_top(found, plain)
    w0, h0 = size if size and size[0] and size[1] else (img.width, img.height)
    found["width"], found["height"] = w0, h0  # fractions hold for any size
    report.facts["face"] = found
    if found["faces"] == 0:
        report.add("photo.face.none", "warn", param=ctx.param("photo.face_detector"))
        return
    if found["faces"] > 1:
        n = found["faces"]
        report.add(
            "photo.face.many", "warn", measured=str(n), value=n, param=ctx.param("photo.face_detector")
        )
    else:
        _check_geometry(report, ctx, found)
    crop = _crop(report, ctx, found, w0, h0)
    if crop:
        found["crop"] = crop


def _check_geometry(report: Report, ctx: Context, found: dict) -> None:
    fmt = ctx.rules.fmt
    head = found["head"]
    band = ctx.param("photo.face_head")
    share = head["height"]
    expected = fmt("photo.range_share", lo=band.value["min"], hi=band.value["max"])
    if share < band.value["min"]:
        report.add(
            "photo.face.small",
            "warn",
            measured=fmt("photo.share", p=share),
            expected=expected,
            value=share,
            param=band,
        )
    elif share > band.value["max"]:
        report.add(
            "photo.face.large",
            "warn",
            measured=fmt("photo.share", p=share),
            expected=expected,
            value=share,
            param=band,
        )
    top = ctx.param("photo.face_top")
    if head["top"] < top.value["min"]:
        report.add(
            "photo.face.top",
            "warn",
            measured=fmt("photo.share", p=max(0.0, head["top"])),
            expected=fmt("photo.share", p=top.value["min"]),
            value=head["top"],
            param=top,
        )
    _check_centre(report, ctx, found)
    tilt = ctx.param("photo.face_tilt")
    if abs(found["roll"]) >= tilt.value:
        report.add(
            "photo.face.tilt",
            "warn",
            measured=fmt("photo.degrees", d=abs(found["roll"])),
            expected=fmt("photo.degrees", d=tilt.value),
            value=found["roll"],
            param=tilt,
        )


def _check_centre(report: Report, ctx: Context, found: dict) -> None:
    fmt = ctx.rules.fmt
    centre, line = ctx.param("photo.face_centre"), ctx.param("photo.face_eye_line")
    dx = found["centre_x"] - 0.5
    eye = found["eye_line"]
    lo, hi = line.value["min"], line.value["max"]
    ways, measures, applied = [], [], []
    if abs(dx) > centre.value:
        ways.append(fmt("photo.face.left" if dx < 0 else "photo.face.right"))
        measures.append(fmt("photo.face.offset_x", p=abs(dx)))
        applied.append(centre)
    if not lo <= eye <= hi:
        ways.append(fmt("photo.face.high" if eye < lo else "photo.face.low"))
        measures.append(fmt("photo.face.offset_y", p=eye, lo=lo, hi=hi))
        applied.append(line)
    if ways:
        join = fmt("photo.face.join")
        report.add(
            "photo.face.offcentre",
            "warn",
            direction=join.join(ways),
            measured=join.join(measures),
            value={"centre_x": found["centre_x"], "eye_line": eye},
            param=tuple(applied),
        )


def _crop(report: Report, ctx: Context, found: dict, w: int, h: int) -> dict | None:
    """The 小二寸 crop around the head (source pixels), and whether to offer it (``advised``)."""
    if found.get("faces") != 1:
        return None
    mm = ctx.value("photo.nominal_mm")
    frame = ctx.value("photo.face_frame")
    params = {
        "ratio": mm[0] / mm[1],
        "head": ctx.value("photo.face_head")["target"],
        "top": ctx.value("photo.face_top")["target"],
        "min": [ctx.value("photo.min_width"), ctx.value("photo.min_height")],
        "out": [frame["out_width"], frame["out_height"]],
    }
    crop = face.frame(found, w, h, params)
    if crop is None:
        # the picture cannot hold a 小二寸 crop of the smallest allowed size: no rectangle, but the
        # page says why there is no crop button (a landscape's fix points to it)
        return {"advised": False, "limits": ["tiny"], "blocked": ["tiny"]}
    framing = any(report.has(f"photo.face.{c}") for c in ("small", "large", "offcentre", "top"))
    crop["limits"] = _crop_limits(ctx, crop)
    # a crop that cannot bring the head to a usable size or to the middle is not offered: the
    # page says to take the photo again (closer, or with the face in the middle). Nor one that leaves
    # the head as large or the hair as near the top as before (a crop only takes away: no room can be
    # added above the head), unless the photo is on its side, which the crop still puts upright.
    stays = () if report.has("photo.shape.landscape") else ("large", "top")
    blocked = [x for x in crop["limits"] if x in ("small", "edge", *stays)]
    crop["blocked"] = blocked
    crop["advised"] = not blocked and (
        framing or report.has("photo.shape.landscape") or h > frame["advise_factor"] * frame["out_height"]
    )
    return crop


def _crop_limits(ctx: Context, crop: dict) -> list[str]:
    """What the crop leaves outside the head bands (the same parameters as the face findings):
    ``small``/``large`` head share, ``edge`` the face off the middle (it sits at the picture's edge),
    ``eyes`` the eye line, ``top`` the hair top at the crop's top edge. (``tiny``, set by _crop: the
    picture is too small to hold a crop of the smallest allowed size, so there is none.)"""
    band, top = ctx.value("photo.face_head"), ctx.value("photo.face_top")
    line, centre = ctx.value("photo.face_eye_line"), ctx.value("photo.face_centre")
    out = []
    if crop["head_share"] < band["min"]:
        out.append("small")
    elif crop["head_share"] > band["max"]:
        out.append("large")
    if abs(crop["centre_x"] - 0.5) > centre:
        out.append("edge")
    if not line["min"] <= crop["eye_line"] <= line["max"]:
        out.append("eyes")
    if crop["top"] < top["min"]:
        out.append("top")
    return out
