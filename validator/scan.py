"""Scan rules: material scans (毕业证、身份证、证明…) per region from content.

National default: the 上传相关材料 module (jpg/jpeg/png, "每张不超过 200k",
reposted by several 考区). Hubei 省网: colour JPEG (SEED0 §二.2); 100–500 KB
and 450–1300 px from one undated repost (P10), so those only warn. A byte
limit written in "k" is checked twice: over under either reading (1000 or 1024
bytes) and over only under the stricter one. Parameters whose value is
``null`` for a region are not checked there. Severity follows the confidence
of the parameters applied (see validator.report).

Finding codes (all in ``CODES``): ``scan.format.*``, ``scan.size.*``,
``scan.dims.*``, ``scan.colour.*``, ``scan.sharpness.blurry``,
``scan.exposure.*``, ``scan.integrity.undecodable``, ``scan.pixels.missing``
``scan.material.unknown`` and ``scan.material.typed_code`` (the 考区's upload system takes a typed
code, not this file: Hubei's 省网 and the 备案表's 在线验证码, SEED0 §二(二)3).
"""

from __future__ import annotations

import math

from validator import pixels as px
from validator.context import Context
from validator.fileinfo import SIZE_REASONS, unusual_coding
from validator.formatting import KIB
from validator.media import Header, add_integrity, bytes_text, dims_text, read_header, size_text
from validator.regions import CODES as REGION_CODES
from validator.regions import note_region
from validator.report import Report

CODES = (
    "scan.format.not_allowed",
    "scan.format.phone",
    "scan.format.renamed",
    "scan.format.extension",
    "scan.format.unusual",
    "scan.size.too_large",
    "scan.size.unclear_large",
    "scan.size.too_small",
    "scan.size.unclear_small",
    "scan.dims.too_large",
    "scan.dims.too_small",
    "scan.dims.cannot_fit",
    "scan.dims.small_for_text",
    "scan.colour.grey",
    "scan.colour.looks_grey",
    "scan.colour.cmyk",
    "scan.meta.orientation",
    "scan.sharpness.blurry",
    "scan.exposure.dark",
    "scan.exposure.washed_out",
    "scan.integrity.undecodable",
    "scan.pixels.missing",
    "scan.pixels.too_big",
    "scan.material.unknown",
    "scan.material.typed_code",
    *REGION_CODES,
)


def run_request(request: dict, ctx: Context, data: bytes | None, pixels) -> Report:
    """Entry point for :func:`validator.api.run` (op ``scan``)."""
    return check_scan(
        data or b"",
        ctx,
        pixels=pixels,
        filename=str(request.get("filename") or ""),
        material=request.get("material"),
        decode_error=request.get("decode_error"),
        decode_skipped=request.get("decode_skipped"),
    )


def check_scan(
    data: bytes,
    ctx: Context,
    pixels: px.Image | None = None,
    filename: str = "",
    material: str | None = None,
    decode_error: str | None = None,
    decode_skipped: str | None = None,
) -> Report:
    """Check one material scan; never raises on bad input."""
    report = Report(ctx.rules, "scan", subject=filename)
    note_region(report, ctx)
    _note_material(report, ctx, material)
    head = read_header(data, filename, ctx)
    report.facts["file"] = head.facts()
    report.facts["file"]["size_text"] = size_text(ctx, head.size)  # the page shows this one
    sound = add_integrity(report, head, ctx)
    if head.format in ("empty", "other"):
        return report  # empty or unknown: its finding says so
    # the real format and the size hold whatever the header claims (a TIFF renamed .jpg with absurd
    # dimensions is still named as a TIFF): one finding never hides another
    format_ok = _check_format(report, head, ctx)
    _check_size(report, head, ctx)
    if not sound:
        return report  # truncated, broken or over the header limits: its header is not trusted further
    # what the header says about colour and rotation holds in every region, whatever the format
    _check_colour_header(report, head, ctx)
    _check_orientation(report, head)
    if not format_ok:
        return report
    _check_dims(report, head, ctx)
    if unusual_coding(head.format, head.coding, head.precision):
        return report  # its format finding fails it; no host decodes such a JPEG (decode_gate)
    _check_pixels(report, head, ctx, pixels, decode_error, decode_skipped)
    return report


def _note_material(report: Report, ctx: Context, material) -> None:
    if not material:
        return
    materials = ctx.rules.data.get("materials", {})
    report.facts["material"] = str(material)
    if material in materials:
        report.facts["material_name"] = materials[material].get("name", "")
        code = ctx.rules.typed_code(material, ctx.region)
        if code:  # the file is still checked (a reviewer may hold it), but it is not what this 考区 takes
            report.add("scan.material.typed_code", "info", expected=code.get("label", ""))
    else:
        report.add("scan.material.unknown", "info", measured=str(material)[:60])


def _names(ctx: Context, formats: list[str]) -> str:
    return ctx.rules.fmt("scan.list_sep").join(_kind(ctx, f) for f in formats)


def _kind(ctx: Context, fmt: str) -> str:
    try:
        return ctx.rules.fmt(f"photo.kind.{fmt}")
    except KeyError:
        return ctx.rules.fmt("photo.kind.other")


def _check_format(report: Report, head: Header, ctx: Context) -> bool:
    allowed = ctx.param("scan.formats")
    expected = _names(ctx, allowed.value)
    if head.format not in allowed.value:
        real = _kind(ctx, head.format)
        code = (
            "scan.format.phone"
            if head.format in ("heic", "avif")
            else "scan.format.renamed"
            if head.ext_format and head.ext_format != head.format
            else "scan.format.not_allowed"
        )
        report.add(code, "fail", measured=real, expected=expected, real=real, ext=head.ext, param=allowed)
        return False
    if head.ext and head.ext_format != head.format:
        real = _kind(ctx, head.format)
        report.add("scan.format.extension", "warn", measured=head.ext, ext=head.ext, real=real,
                   value=head.ext)
    if unusual_coding(head.format, head.coding, head.precision):
        # named in Chinese (the coding, else the unusual precision: a 12-bit "extended" JPEG)
        unusual = head.coding in ("arithmetic", "lossless")
        measured = (ctx.rules.fmt(f"photo.coding.{head.coding}") if unusual
                    else ctx.rules.fmt("photo.coding.precision", n=head.precision))
        report.add("scan.format.unusual", "fail", measured=measured, value=head.coding or head.precision)
    return True


SIZE_CHECKS = (  # (code, parameter, True for an upper bound): the first that applies is reported
    ("scan.size.too_large", "scan.max_bytes", True),
    ("scan.size.unclear_large", "scan.max_bytes_strict", True),
    ("scan.size.too_small", "scan.min_bytes", False),
    ("scan.size.unclear_small", "scan.min_bytes_strict", False),
)


def _check_size(report: Report, head: Header, ctx: Context) -> None:
    n = head.size
    measured = size_text(ctx, n)
    for code, name, upper in SIZE_CHECKS:
        bound = ctx.param(name)
        if bound.value is None or (n <= bound.value if upper else n >= bound.value):
            continue
        expected = ctx.rules.fmt("scan.at_most" if upper else "scan.at_least", v=bytes_text(ctx, bound.value))
        report.add(code, "fail", measured=measured, expected=expected, bound=_limit_text(ctx, bound.value),
                   value=n, param=bound)
        return


def _limit_text(ctx: Context, n: int) -> str:
    """A size limit as the candidate reads the file's size beside it: "200 KB（204,800 字节）" for a whole
    number of KB; a line drawn in thousands of bytes (the other reading of "k") in bytes only, since
    "195.3 KB" would not be the "200k" the rules say."""
    return size_text(ctx, n) if n % KIB == 0 else bytes_text(ctx, n)


def _check_dims(report: Report, head: Header, ctx: Context) -> None:
    _check_text_size(report, head, ctx)
    w, h = head.display_size
    lo_p, hi_p = ctx.param("scan.min_side"), ctx.param("scan.max_side")
    lo, hi = lo_p.value, hi_p.value
    if not w or not h or (lo is None and hi is None):
        return
    lo = lo or 1
    hi = hi or max(w, h)
    measured = dims_text(ctx, w, h, "scan.dims")
    expected = ctx.rules.fmt("scan.side_range", lo=lo, hi=hi)
    if max(w, h) > hi:
        tw, th = _fit(w, h, hi / max(w, h), math.floor)
        param, code = hi_p, "scan.dims.too_large"
    elif min(w, h) < lo:
        tw, th = _fit(w, h, lo / min(w, h), math.ceil)
        param, code = lo_p, "scan.dims.too_small"
    else:
        return
    if min(tw, th) < lo or max(tw, th) > hi:
        report.add(
            "scan.dims.cannot_fit", "fail", measured=measured, expected=expected, value=[w, h], param=param
        )
        return
    target = dims_text(ctx, tw, th, "scan.dims")
    over = (w > hi, h > hi) if code == "scan.dims.too_large" else (w < lo, h < lo)
    side = ctx.rules.fmt("photo.side." + ("both" if all(over) else "width" if over[0] else "height"))
    report.add(code, "fail", measured=measured, expected=expected, target=target, side=side, value=[w, h],
               param=param)
    report.facts["resize_to"] = [tw, th]


def _check_text_size(report: Report, head: Header, ctx: Context) -> None:
    """A picture whose long side is under scan.small_long_side (the site's reading: the small print of a
    certificate, its number and dates, cannot be made out) warns wherever no 考区 rule already failed it."""
    w, h = head.display_size
    floor = ctx.param("scan.small_long_side")
    if not w or not h or floor.value is None or max(w, h) >= floor.value:
        return
    report.add(
        "scan.dims.small_for_text",
        "warn",
        measured=dims_text(ctx, w, h, "scan.dims"),
        expected=str(floor.value),
        value=[w, h],
        param=floor,
    )


def _fit(w: int, h: int, factor: float, rounding) -> tuple[int, int]:
    return int(rounding(w * factor)), int(rounding(h * factor))


def _check_orientation(report: Report, head: Header) -> None:
    """Upright only by its EXIF rotation mark: some systems show it lying on its side (as photos)."""
    if head.orientation not in (None, 1):
        report.add("scan.meta.orientation", "warn", measured=str(head.orientation), value=head.orientation)


def _check_colour_header(report: Report, head: Header, ctx: Context) -> None:
    if head.colourspace in ("cmyk", "ycck"):
        report.add(
            "scan.colour.cmyk", "warn", measured=ctx.rules.fmt(f"photo.colourspace.{head.colourspace}")
        )
    elif head.colourspace == "grey":
        required = ctx.param("scan.colour_required")
        if required.value:
            measured = ctx.rules.fmt("photo.grey_header")
            report.add("scan.colour.grey", "fail", measured=measured, param=required)


def _check_pixels(report: Report, head: Header, ctx: Context, pixels, decode_error, decode_skipped=None):
    if pixels is None or not getattr(pixels, "valid", False):
        if decode_skipped in SIZE_REASONS:  # the host refused the size: not damage, and said so
            report.add("scan.pixels.too_big", "info", value=str(decode_skipped))
        elif decode_error:
            # the decoder's own words (English) stay in value (--json), not in the candidate's text
            report.add("scan.integrity.undecodable", "fail", value=str(decode_error)[:120])
        else:
            report.add("scan.pixels.missing", "info")
        return
    planes = px.prepare(pixels, ctx.value("scan.analysis_max_side"))
    col_p, sharp_p, exp_p = ctx.param("scan.colour"), ctx.param("scan.sharpness"), ctx.param("scan.exposure")
    e = exp_p.value
    col = px.colour(planes, col_p.value["chroma_min"])
    exp = px.exposure(planes, e["dark_level"], e["bright_level"])
    sharp = px.sharpness(planes)
    report.facts["pixels"] = {
        "analysed": [planes.width, planes.height],
        "colour": col,
        "exposure": exp,
        "sharpness": sharp,
    }
    _propose_crop(report, planes, ctx)
    if (
        ctx.value("scan.colour_required")
        and head.colourspace not in ("grey", "cmyk", "ycck")
        and col["colour_share"] < col_p.value["min_colour_share"]
    ):
        share = ctx.rules.fmt("scan.share", p=col["colour_share"])
        report.add("scan.colour.looks_grey", "warn", measured=share, value=col["colour_share"], param=col_p)
    min_var = sharp_p.value["min_laplacian_var"]
    if sharp["laplacian_var"] < min_var:
        measured = ctx.rules.fmt("scan.laplacian", v=sharp["laplacian_var"], min=min_var)
        report.add(
            "scan.sharpness.blurry", "warn", measured=measured, value=sharp["laplacian_var"], param=sharp_p
        )
    if exp["mean"] < e["min_mean"]:
        report.add(
            "scan.exposure.dark",
            "warn",
            measured=ctx.rules.fmt("scan.luma", v=exp["mean"]),
            expected=ctx.rules.fmt("scan.luma", v=e["min_mean"]),
            value=exp["mean"],
            param=exp_p,
        )
    elif exp["p01"] > e["washed_p01"] and exp["bright_share"] > e["washed_bright_share"]:
        report.add(
            "scan.exposure.washed_out",
            "warn",
            measured=ctx.rules.fmt("scan.luma", v=exp["p01"]),
            value=exp["p01"],
            param=exp_p,
        )


def _propose_crop(report: Report, planes: px.Planes, ctx: Context) -> None:
    """A phone photo whose sheet covers a small part of the frame: the crop to the sheet's edges the
    fixer proposes (``facts.document.crop``, fractions of the upright frame). Advice, never a finding:
    no official rule says how much of the frame the paper must fill."""
    limits = ctx.value("scan.document_crop")
    found = px.paper(planes)
    if not found:
        return
    if (
        limits["min_cover"] <= found["cover"] <= limits["max_cover"]
        and found["paper"] - found["background"] >= limits["min_contrast"]
        and found["inside"] >= limits["min_inside"]
        and found["outside"] <= limits["max_outside"]
    ):
        crop = {k: found[k] for k in ("left", "top", "right", "bottom")}
        report.facts["document"] = {"crop": crop, "cover": found["cover"]}
