"""Photo rules on generated JPEGs decoded with Pillow (the CLI's adapter): every row, pass/warn/fail sides."""

from __future__ import annotations

import copy
from datetime import date
from functools import cache

import pytest

from tests.conftest import AS_OF
from tests.gen.photos import FILENAMES, FIXTURES
from validator import photo
from validator.context import Context
from validator.host_files import decode_for
from validator.pixels import Image


@cache
def fixture_bytes(name: str) -> bytes:
    return FIXTURES[name]()


def check(rules, name: str, region: str = "national", as_of: date = date(2026, 12, 15), pixels=True) -> dict:
    data = fixture_bytes(name)
    image, error = decode_for(rules, data, region, as_of.isoformat()) if pixels else (None, None)
    ctx = Context(rules=rules, as_of=as_of, region=region)
    report = photo.check_photo(data, ctx, pixels=image, filename=FILENAMES[name], decode_error=error)
    return report.to_dict()


def codes(report: dict, severity: str | None = None) -> set[str]:
    return {f["code"] for f in report["findings"] if severity is None or f["severity"] == severity}


CASES = [
    # fixture, verdict, codes that must appear. Verdicts follow the sources: fail only on an official
    # threshold (jpg, 小于30K at 30 720 bytes and more, 190 × 254 px, portrait); the site's own measures warn.
    ("photo_good", "pass", set()),
    ("photo_exif_recent", "pass", set()),
    ("photo_29200", "warn", {"photo.size.near_limit"}),
    ("photo_30000", "warn", {"photo.size.unclear_large"}),
    ("photo_29_5k", "warn", {"photo.size.unclear_large"}),
    ("photo_30720", "fail", {"photo.size.too_large"}),
    ("photo_31k", "fail", {"photo.size.too_large"}),
    ("photo_150x200", "fail", {"photo.shape.too_small"}),
    ("photo_180x300", "fail", {"photo.shape.too_small"}),
    ("photo_png", "fail", {"photo.format.renamed"}),
    ("photo_webp", "fail", {"photo.format.not_jpeg"}),
    ("photo_progressive", "warn", {"photo.format.progressive"}),
    ("photo_landscape", "fail", {"photo.shape.landscape"}),
    ("photo_tiny", "fail", {"photo.shape.too_small"}),
    ("photo_aspect_wide", "warn", {"photo.shape.aspect"}),
    ("photo_aspect_narrow", "warn", {"photo.shape.aspect"}),
    ("photo_grey", "warn", {"photo.colour.grey"}),
    ("photo_grey_rgb", "warn", {"photo.colour.grey"}),
    ("photo_cmyk", "warn", {"photo.colour.cmyk"}),
    # 白底 is official (SEED4 §二.7): saturated blue / red, mid-grey, black and busy backgrounds are past
    # any reading of white (content lines.background) and fail; only the band near white warns
    ("photo_blue", "fail", {"photo.background.blue"}),
    ("photo_red", "fail", {"photo.background.red"}),
    ("photo_grey_bg", "fail", {"photo.background.grey"}),
    ("photo_black_bg", "fail", {"photo.background.grey"}),
    ("photo_busy", "fail", {"photo.background.busy"}),
    ("photo_off_white", "warn", {"photo.background.off_white"}),
    ("photo_uneven", "warn", {"photo.background.uneven"}),
    ("photo_exif_old", "warn", {"photo.meta.old"}),
    ("photo_exif_future", "warn", {"photo.meta.future"}),
    ("photo_exif_orient6", "warn", {"photo.meta.orientation"}),
]


@pytest.mark.parametrize(("name", "verdict", "expected"), CASES, ids=[c[0] for c in CASES])
def test_photo_rows(rules, name, verdict, expected):
    report = check(rules, name)
    assert report["verdict"] == verdict, report["findings"]
    assert expected <= codes(report)
    if verdict != "pass":
        # the finding that decides the verdict is one of the expected codes
        assert expected & codes(report, verdict)


def test_good_photo_has_no_background_or_colour_findings(rules):
    report = check(rules, "photo_good")
    assert not [c for c in codes(report) if c.startswith(("photo.background", "photo.colour"))]
    bg = report["facts"]["pixels"]["background"]
    assert bg["l"] > 95 and bg["chroma"] < 2


def test_size_message_states_measured_value_and_fix(rules):
    report = check(rules, "photo_31k")
    finding = next(f for f in report["findings"] if f["code"] == "photo.size.too_large")
    assert "31,948" in finding["message"] and "31.2 KB" in finding["message"]
    # 31.2 KB is plainly over "小于30K": the message does not add the limit a second way
    assert finding["message"] == "照片文件是 31.2 KB（31,948 字节），不符合“小于 30K”的要求。"
    assert finding["fix"]
    assert finding["source"]["param"] == "photo.max_bytes"
    assert finding["source"]["confidence"] == "seed"  # "小于30K": 30 720 bytes is over under either reading
    assert finding["source"]["confidence_label"] == "官方原文"
    assert finding["source"]["cite"].startswith("国家系统报名操作指南 · 二.7")
    assert finding["reading"] == "" and finding["basis"] == "official"
    assert finding["value"] == 31948


def test_a_photo_whose_size_reads_as_the_limit_is_told_why_it_is_over(rules):
    """30,720 bytes shows as "30 KB": only there does the message say it is over under either reading."""
    finding = next(f for f in check(rules, "photo_30720")["findings"] if f["code"] == "photo.size.too_large")
    assert finding["message"] == (
        "照片文件是 30 KB（30,720 字节），不符合“小于 30K”的要求："
        "达到 30,720 字节时，无论 1K 按 1000 还是 1024 字节算都已超出。"
    )


def test_the_band_where_only_the_reading_of_30k_differs_warns_and_says_why(rules):
    report = check(rules, "photo_30000")
    finding = next(f for f in report["findings"] if f["code"] == "photo.size.unclear_large")
    assert finding["severity"] == "warn" and finding["requested"] == "fail"
    assert "1000 还是 1024" in finding["message"]
    assert "没有找到可靠的出处" in finding["reading"] and "30000 字节以下" in finding["reading"]
    assert finding["source"]["confidence_label"] == "未确认"


def test_too_small_names_the_short_side_and_cites_the_photo_tool(rules):
    both = next(f for f in check(rules, "photo_150x200")["findings"] if f["code"] == "photo.shape.too_small")
    width = next(f for f in check(rules, "photo_180x300")["findings"] if f["code"] == "photo.shape.too_small")

    assert "150×200 像素" in both["message"] and "宽度和高度不够" in both["message"]
    assert "190×254 像素" in both["message"]
    assert "宽度不够" in width["message"] and "高度" not in width["message"].split("不够")[0]
    assert both["severity"] == "fail" and both["basis"] == "official"
    assert both["source"]["cite"] == "照片检测工具说明（转载）、报名照片要求（第三方整理）"
    assert both["source"]["confidence_label"] == "多方一致"
    assert [p["id"] for p in both["params"]] == ["photo.min_width", "photo.min_height"]


def test_clearly_coloured_background_fails_citing_the_official_white_rule(rules):
    finding = next(f for f in check(rules, "photo_blue")["findings"] if f["code"] == "photo.background.blue")

    assert finding["severity"] == "fail" and finding["basis"] == "line"
    assert "官方要求白底" in finding["message"]
    assert finding["source"]["cite"] == "国家系统报名操作指南 · 二.7"
    assert finding["source"]["confidence_label"] == "官方原文"
    assert "白底证件照" in finding["reading"] and "不是白色背景" in finding["reading"]
    assert "L*" not in finding["message"] and "L*" not in finding["measured"]


def test_near_white_band_is_the_sites_reading_and_says_so(rules):
    report = check(rules, "photo_off_white")
    finding = next(f for f in report["findings"] if f["code"] == "photo.background.off_white")
    assert report["verdict"] == "warn" and finding["severity"] == "warn" and finding["basis"] == "reading"
    assert "本站对官方“白底证件照”要求" in finding["reading"] and "只提醒" in finding["reading"]


def test_notice_points_at_the_official_tool(rules):
    report = check(rules, "photo_good")
    assert report["notice"] == rules.text("notice.photo")
    assert report["kind"] == "photo"


def test_hubei_keeps_the_national_limit_and_explains_the_40k_figure(rules):
    report = check(rules, "photo_31k", region="hubei")
    assert report["verdict"] == "fail"
    assert {"photo.size.too_large", "photo.size.provincial_ok"} <= codes(report)
    assert "photo.size.provincial_ok" in codes(report, "info")
    note = next(f for f in report["findings"] if f["code"] == "photo.size.provincial_ok")
    assert note["source"]["dated"] is False and note["source"]["since"] == ""  # P10 is undated
    national = check(rules, "photo_31k")
    assert "photo.size.provincial_ok" not in codes(national)


def test_as_of_date_is_injected(rules):
    # the same EXIF date is recent enough when checked in spring 2025
    report = check(rules, "photo_exif_old", as_of=date(2025, 3, 1))
    assert "photo.meta.old" not in codes(report)
    report = check(rules, "photo_exif_recent", as_of=date(2026, 9, 1))
    assert "photo.meta.future" in codes(report)


def test_orientation_uses_display_size_for_shape(rules):
    # stored landscape with orientation 6 is a portrait photo as shown
    report = check(rules, "photo_exif_orient6")
    assert "photo.shape.landscape" not in codes(report)


def test_without_pixels_header_rules_still_run(rules):
    report = check(rules, "photo_31k", pixels=False)
    assert "photo.pixels.missing" in codes(report, "info")
    assert "photo.size.too_large" in codes(report)


def test_decode_error_from_host_fails(rules):
    ctx = Context(rules=rules, as_of=date(2026, 12, 15))
    report = photo.check_photo(fixture_bytes("photo_good"), ctx, None, "a.jpg", decode_error="broken data")
    assert report.verdict == "fail"
    assert report.has("photo.integrity.undecodable")


def test_invalid_pixel_buffer_is_not_an_exception(rules):
    ctx = Context(rules=rules, as_of=date(2026, 12, 15))
    bad = Image(10, 10, b"\x00" * 7, 3)
    report = photo.check_photo(fixture_bytes("photo_good"), ctx, bad, "a.jpg")
    assert report.has("photo.pixels.missing")


@pytest.mark.parametrize(
    ("name", "verdict"),
    [
        ("photo_empty", "fail"),
        ("photo_truncated", "fail"),
        ("photo_random", "fail"),
        ("photo_bomb", "warn"),  # the decoder's size guard is the site's own limit
        ("photo_arithmetic", "fail"),
        ("photo_lossless", "fail"),
        ("photo_12bit", "fail"),
        ("photo_padded", "warn"),
    ],
)
def test_malformed_inputs_never_raise(rules, name, verdict):
    report = check(rules, name)
    assert report["verdict"] == verdict, report["findings"]
    assert all(f["message"] for f in report["findings"])


def test_every_code_has_a_message(rules):
    for code in photo.CODES:
        assert code in rules.messages, code


def test_jpeg_with_another_extension_warns(rules):
    ctx = Context(rules=rules, as_of=date(2026, 12, 15))
    data = fixture_bytes("photo_good")
    image, _ = decode_for(rules, data, "national", "2026-12-15")
    report = photo.check_photo(data, ctx, image, "照片.png")
    assert report.verdict == "warn"
    assert report.has("photo.format.extension")
    assert not photo.check_photo(data, ctx, image, "照片.JPG").findings


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("file_ycck", "photo.colour.cmyk"),
        ("file_heic", "photo.format.phone"),  # named, with the phone-side fix (issue 13)
        ("file_avif", "photo.format.phone"),
        ("file_gif", "photo.format.not_jpeg"),
    ],
)
def test_other_encodings_from_the_fileinfo_generators(rules, name, code):
    from tests.gen.jpegs import FIXTURES as FILE_FIXTURES

    data = FILE_FIXTURES[name]()
    image, error = decode_for(rules, data, "national", "2026-12-15")
    ctx = Context(rules=rules, as_of=date(2026, 12, 15))
    report = photo.check_photo(
        data, ctx, image, "photo.jpg" if code.endswith("cmyk") else "", decode_error=error
    )
    assert report.verdict == "fail"
    assert report.has(code)
    if code.endswith("cmyk"):  # no official rule on colour modes: the CMYK finding itself only warns
        assert next(f for f in report.findings if f.code == code).severity == "warn"


def with_new_limits(rules, limits: dict):
    """The shipped rule set plus a dated value for each parameter in ``limits`` (as an admin adds one), in
    force from the 1 January after the tests' as-of date and after every value the content has now; returns
    (rules, a day it is in force)."""
    from validator.ruleset import RuleSet

    data = copy.deepcopy(rules.data)
    dated = [str(v["since"]) for pid in limits for v in data["parameters"][pid]["values"]]
    latest = max([AS_OF.isoformat(), *dated])
    since = date(int(latest[:4]) + 1, 1, 1).isoformat()
    for pid, value in limits.items():
        values = data["parameters"][pid]["values"]
        values.append({**values[-1], "since": since, "value": value, "source": "SEED4", "confidence": "seed"})
    return RuleSet(data), date.fromisoformat(since).replace(month=3)


def test_size_messages_name_the_limit_in_force_not_a_fixed_30k(rules):
    newer, later = with_new_limits(
        rules,
        {"photo.max_bytes": 40960, "photo.max_bytes_strict": 40000, "photo.warn_bytes": 39000},
    )

    old = next(f for f in check(newer, "photo_31k")["findings"] if f["code"] == "photo.size.too_large")
    new = check(newer, "photo_31k", as_of=later)

    assert "“小于 30K”" in old["message"] and "小于 30,000 字节" in old["fix"]
    assert new["verdict"] == "pass", new["findings"]  # 31.2 KB is under the new limit
    near = check(newer, "photo_30720", as_of=later)
    assert "photo.size.near_limit" not in codes(near)


def test_a_lower_dated_limit_changes_the_words_too(rules):
    lower, later = with_new_limits(
        rules,
        {"photo.max_bytes": 25600, "photo.max_bytes_strict": 25000, "photo.warn_bytes": 24000},
    )

    found = next(
        f
        for f in check(lower, "photo_31k", as_of=later)["findings"]
        if f["code"] == "photo.size.too_large"
    )

    assert found["message"] == "照片文件是 31.2 KB（31,948 字节），不符合“小于 25K”的要求。"
    assert "小于 25,000 字节" in found["fix"]
    assert "30" not in found["message"].replace("31", "") and "30" not in found["fix"]


def test_hubei_note_names_the_national_limit_in_force(rules):
    note = next(
        f
        for f in check(rules, "photo_31k", region="hubei")["findings"]
        if f["code"] == "photo.size.provincial_ok"
    )

    assert "全国系统要求小于 30K" in note["message"] and "处理到 30K 以下" in note["fix"]
    assert "小于 40 KB（40,960 字节）" in note["message"]


def test_a_confidence_the_source_already_names_is_said_once(rules):
    """A fresh review saw "依据：本站推断 · 本站推断": the site's inference (INF, short 本站推断) with the
    confidence "inferred" (本站推断). The line says it once; other citations keep both parts."""
    assert rules.citation("INF", "inferred")["line"] == "依据：本站推断"
    assert rules.citation(["SEED0 §二(二)"], "seed")["line"] == "依据：湖北省网操作说明 · 二(二) · 官方原文"


def test_an_uneven_background_names_the_measure_that_crossed_its_line(rules):
    """A white background with a grey object in one side region: every region's median stays white (the
    regions differ by 0), but a clear share of the background is another colour. The warning must state
    that share, never "the brightest and darkest parts differ by 0" (seen in a review)."""
    from PIL import ImageDraw

    from tests.gen.photos import jpeg, person

    img = person()
    # a light-grey panel in the left side region (photo.background_band) beside the face, over about a
    # third of the piece below the face box's top (the head masks cut the side there): about 10 L* below
    # the white, so more than 5 % of the band is "far" from its median while each piece's median stays white
    ImageDraw.Draw(img).rectangle([0, 150, 30, 215], fill=(222, 222, 222))
    data = jpeg(img, 70)
    image, error = decode_for(rules, data, "national", "2026-12-15")
    ctx = Context(rules=rules, as_of=date(2026, 12, 15), region="national")
    report = photo.check_photo(data, ctx, pixels=image, filename="post.jpg", decode_error=error).to_dict()
    found = [f for f in report["findings"] if f["code"] == "photo.background.uneven"]
    assert found and found[0]["severity"] == "warn", report["findings"]
    assert "相差" not in found[0]["measured"] and "明显不同" in found[0]["measured"], found[0]["measured"]
