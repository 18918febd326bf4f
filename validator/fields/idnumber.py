"""ID numbers: 居民身份证 (GB 11643-1999), 港澳台居民居住证, 通行证 and passports.

Resident ID (G4, c2): 6-digit address code + 8-digit birth date + 3-digit
sequence + one check character (ISO 7064 MOD 11-2). The exam system takes only
the 18-character form and half-width characters (F5). Residence permits use
the same layout with fixed address codes 810000 / 830000 (G3) and, inferred,
820000 for Macao. Permit and passport formats come from public code (G5) and
the 2022 form notes (F5); where those sources are weak or contradict each
other (facts §7 item 5) the check warns instead of failing.

香港、澳门、台湾身份证: the 2022 form notes give only their lengths (F5, one
source: 香港 8 or 9, 澳门 8, 台湾 10 characters, no punctuation); a number off
those lengths or with punctuation gets a warning, never a fail. 外国人永久居留
身份证: no source gives its format, so the number is accepted and the report
says the format is not checked. An 18-digit number starting with 9 typed as a
居民身份证 is told about the permanent-residence card, not the 港澳台 permit.
"""

from __future__ import annotations

import re
from datetime import date

from validator.context import Context
from validator.fields.common import ALNUM_RE, DIGITS_RE, join, label, runs, screen
from validator.report import Report

CODES = (
    "id.type_unknown",
    "id.old_15",
    "id.length",
    "id.chars",
    "id.region",
    "id.is_permit",
    "id.birth_invalid",
    "id.birth_future",
    "id.birth_too_old",
    "id.checksum",
    "id.lowercase_x",
    "id.permit.prefix",
    "id.permit.macao_inferred",
    "id.hk_macao.format",
    "id.hk_macao.old",
    "id.hk_macao.mainland_permit",
    "id.hk_macao.lowercase",
    "id.taiwan.format",
    "id.taiwan.old",
    "id.passport.chars",
    "id.passport.length",
    "id.passport.lowercase",
    "id.region_foreign",
    "id.local.chars",
    "id.local.lowercase",
    "id.local.length",
    "id.foreign_permanent.unchecked",
)

ID_TYPES = (
    "resident_id",
    "residence_permit",
    "hk_macao_pass",
    "taiwan_pass",
    "passport",
    "hk_id",
    "macao_id",
    "taiwan_id",
    "foreign_permanent",
)
BODY_RE = re.compile(r"^[0-9]{17}[0-9Xx]$")
MAINLAND_PERMIT_RE = re.compile(r"^C[A-HJ-NP-Z][0-9]{7}$", re.I)


def check(report: Report, value: str, id_type: str, ctx: Context) -> None:
    if id_type not in ID_TYPES:
        report.add("id.type_unknown", "fail", measured=str(id_type), expected=join(ctx, ID_TYPES))
        return
    report.subject = label(ctx, id_type)
    value = screen(report, value, id_type, ctx)
    CHECKS[id_type](report, value, ctx)


# 居民身份证 ------------------------------------------------------------------
def check_resident(report: Report, value: str, ctx: Context) -> None:
    number = _eighteen(report, value, ctx)
    if number is None:
        return
    prefix = number[:2]
    permit = {p[:2] for p in _permit_prefixes(ctx)}
    provinces = ctx.param("fields.province_codes")
    if prefix in permit and prefix not in provinces.value:
        report.add("id.is_permit", "fail", measured=number[:6], param=provinces)
        return
    if prefix not in provinces.value:
        # a number of the permanent-residence card's shape: name that card, not the 港澳台 permit
        foreign = ctx.param("fields.foreign_permanent_prefix")
        code = "id.region_foreign" if number.startswith(foreign.value) else "id.region"
        report.add(code, "fail", measured=prefix, param=provinces)
    _birth_and_checksum(report, number, ctx)


# 港澳台居民居住证 ------------------------------------------------------------
def check_permit(report: Report, value: str, ctx: Context) -> None:
    number = _eighteen(report, value, ctx)
    if number is None:
        return
    known = ctx.param("fields.permit_prefixes")
    inferred = ctx.param("fields.permit_prefixes_inferred")
    head = number[:6]
    if head in inferred.value:
        report.add("id.permit.macao_inferred", "info", measured=head, param=inferred)
    elif head not in known.value:
        expected = join(ctx, [*known.value, *inferred.value])
        report.add("id.permit.prefix", "fail", measured=head, expected=expected, param=known)
    _birth_and_checksum(report, number, ctx)


def _eighteen(report: Report, value: str, ctx: Context) -> str | None:
    """Length and characters of an 18-character number; the normalised number or None."""
    length = ctx.param("fields.resident_id_length")
    if len(value) == 15 and DIGITS_RE.match(value):
        report.add("id.old_15", "fail", measured="15", expected=str(length.value), param=length)
        return None
    if not BODY_RE.match(value):
        if len(value) != length.value:
            report.add(
                "id.length", "fail", measured=str(len(value)), expected=str(length.value), param=length
            )
        else:
            bad = runs(ctx, value, lambda i, c: not _allowed(c, i))
            report.add("id.chars", "fail", measured=bad)
        return None
    if value.endswith("x"):
        report.add("id.lowercase_x", "info", measured=value, value=value.upper(), fixed=value.upper())
    return value.upper()


def _allowed(char: str, index: int) -> bool:
    return char.isascii() and (char.isdigit() or (index == 17 and char in "Xx"))


def _birth_and_checksum(report: Report, number: str, ctx: Context) -> None:
    report.facts["normalised"] = number
    born = _birth(report, number, ctx)
    if born is not None:
        report.facts["birth_date"] = born.isoformat()
        report.facts["sex"] = "male" if int(number[16]) % 2 else "female"
    weights = ctx.param("fields.id_weights")
    chars = ctx.param("fields.id_check_chars")
    expected = check_char(number[:17], weights.value, chars.value)
    if number[17] != expected:
        report.add("id.checksum", "fail", measured=number[17], expected=expected, param=weights)


def check_char(first17: str, weights: list, chars: str) -> str:
    """ISO 7064 MOD 11-2 check character over the first 17 digits (GB 11643-1999)."""
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return chars[total % 11]


def _birth(report: Report, number: str, ctx: Context) -> date | None:
    text = number[6:14]
    shown = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        born = date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        report.add("id.birth_invalid", "fail", measured=shown)
        return None
    if born > ctx.as_of:
        report.add("id.birth_future", "fail", measured=shown, expected=ctx.as_of.isoformat())
        return None
    floor = ctx.param("fields.id_min_birth_year")
    if born.year < floor.value:
        report.add("id.birth_too_old", "fail", measured=shown, expected=str(floor.value), param=floor)
        return None
    return born


def _permit_prefixes(ctx: Context) -> list[str]:
    return [*ctx.value("fields.permit_prefixes"), *ctx.value("fields.permit_prefixes_inferred")]


# 港澳居民来往内地通行证 ------------------------------------------------------
def check_hk_macao(report: Report, value: str, ctx: Context) -> None:
    spec = ctx.param("fields.hk_macao_pass")
    head, tail = value[:1], value[1:]
    if MAINLAND_PERMIT_RE.match(value):
        report.add("id.hk_macao.mainland_permit", "warn", measured=value, param=spec)
        return
    if head.upper() not in spec.value["letters"] or not DIGITS_RE.match(tail):
        report.add(
            "id.hk_macao.format", "fail", measured=value, param=spec, letters="/".join(spec.value["letters"])
        )
        return
    if head.islower():
        report.add("id.hk_macao.lowercase", "info", measured=value, value=value.upper(), fixed=value.upper())
    if len(tail) in spec.value["old_digits"]:
        report.add("id.hk_macao.old", "info", measured=str(len(tail)), param=spec)
    elif len(tail) not in spec.value["digits"]:
        report.add(
            "id.hk_macao.format", "fail", measured=value, param=spec, letters="/".join(spec.value["letters"])
        )
        return
    report.facts["normalised"] = value.upper()


# 台湾居民来往大陆通行证 ------------------------------------------------------
def check_taiwan(report: Report, value: str, ctx: Context) -> None:
    spec = ctx.param("fields.taiwan_pass")
    if DIGITS_RE.match(value) and len(value) in spec.value["digits"]:
        report.facts["normalised"] = value
        return
    if ALNUM_RE.match(value) and len(value) in spec.value["old_lengths"]:
        report.add("id.taiwan.old", "warn", measured=f"{len(value)}", param=spec)
        report.facts["normalised"] = value.upper()
        return
    report.add("id.taiwan.format", "fail", measured=value, expected=str(spec.value["digits"][0]), param=spec)


# 护照 ------------------------------------------------------------------------
def check_passport(report: Report, value: str, ctx: Context) -> None:
    if not ALNUM_RE.match(value):
        bad = runs(ctx, value, lambda _i, c: not (c.isascii() and c.isalnum()))
        report.add("id.passport.chars", "fail", measured=bad)
        return
    spec = ctx.param("fields.passport_length")
    low, high = spec.value["min"], spec.value["max"]
    if not low <= len(value) <= high:
        report.add(
            "id.passport.length", "warn", measured=str(len(value)), expected=f"{low}–{high}", param=spec
        )
    if value != value.upper():
        report.add("id.passport.lowercase", "info", measured=value, value=value.upper(), fixed=value.upper())
    report.facts["normalised"] = value.upper()


# 香港、澳门、台湾身份证 --------------------------------------------------------
def _local(place: str):
    """A local ID of 香港, 澳门 or 台湾: punctuation and length are checked against the 2022 form notes
    (F5, one source), each only a warning; the number is read without the punctuation either way."""

    def run(report: Report, value: str, ctx: Context) -> None:
        spec = ctx.param("fields.local_id_lengths")
        bad = runs(ctx, value, lambda _i, c: not (c.isascii() and c.isalnum()))
        number = "".join(c for c in value if c.isascii() and c.isalnum())
        if bad:
            report.add(
                "id.local.chars", "warn", measured=bad, value=number.upper(), fixed=number.upper(), param=spec
            )
        if number != number.upper():
            report.add(
                "id.local.lowercase", "info", measured=number, value=number.upper(), fixed=number.upper()
            )
        number = number.upper()
        lengths = spec.value[place]
        if len(number) not in lengths:
            expected = join(ctx, [str(n) for n in lengths], "or")
            report.add("id.local.length", "warn", measured=str(len(number)), expected=expected, param=spec)
        report.facts["normalised"] = number

    return run


# 外国人永久居留身份证 ----------------------------------------------------------
def check_foreign_permanent(report: Report, value: str, ctx: Context) -> None:
    """No source gives this card's number format: accepted as typed, and said so."""
    report.add("id.foreign_permanent.unchecked", "info", measured=value)
    report.facts["normalised"] = value.upper()


CHECKS = {
    "resident_id": check_resident,
    "residence_permit": check_permit,
    "hk_macao_pass": check_hk_macao,
    "taiwan_pass": check_taiwan,
    "passport": check_passport,
    "hk_id": _local("hk"),
    "macao_id": _local("macao"),
    "taiwan_id": _local("taiwan"),
    "foreign_permanent": check_foreign_permanent,
}
