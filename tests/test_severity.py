"""Severity follows confidence: the mechanism itself, and every rule family held to it.

The mechanism (validator.severity, used by Report.add) is tested on a small hand-written rule set.
Then every test vector and generated cases of every family (photo, scan, file, fields, probation,
eligibility) go through the real validator, and each finding is checked against the content it
rests on: a ``fail`` must rest on official parameters (seed / c2) or on a code content declares as
firm; a downgraded finding must say why in plain Chinese, without internal codes.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scripts.content import load_content
from scripts.content.leaks import forbidden
from tests.conftest import AS_OF, ROOT
from tests.fuzz import FUZZ
from validator.api import run
from validator.context import Context
from validator.report import Report
from validator.ruleset import RuleSet

OFFICIAL = ("seed", "c2")  # written out here on purpose: the test does not borrow the code's constant


# the mechanism -----------------------------------------------------------------------------------
def _value(value, confidence, since="2021-01-01", source="S1", **extra):
    return {"since": since, "value": value, "source": source, "confidence": confidence, **extra}


MINI = {
    "sources": {"S1": {"short": "某官方指南"}, "S2": {"short": "某转载", "date": "2023"}},
    "parameters": {
        "p.seed": {"label": "官方上限", "values": [_value(1, "seed")]},
        "p.c2": {"label": "多方上限", "values": [_value(1, "c2", source="S2")]},
        "p.c1": {"label": "转载上限", "values": [_value(1, "c1", source="S2 §三")]},
        "p.undated": {"label": "旧上限", "values": [_value(1, "c1", since="", source="S2", dated=False)]},
        "p.inferred": {"label": "推断上限", "values": [_value(1, "inferred", note="理由在这里。")]},
        "p.unconfirmed": {"label": "未确认上限", "values": [_value(1, "unconfirmed")]},
    },
    "messages": {
        code: {"message": "m", **extra}
        for code, extra in {
            "x.any": {},
            "x.unreadable": {},
            "x.invalid": {},
            "x.stated_official": {"source": "S1", "confidence": "seed"},
            "x.stated_single": {"source": "S2", "confidence": "c1"},
        }.items()
    },
    "firm": {"x.unreadable": "unreadable", "x.invalid": "invalid", "x.stated_official": "stated",
             "x.stated_single": "stated"},
    "formats": {
        "confidence.seed": "官方原文", "confidence.c2": "多方一致", "confidence.c1": "单一来源",
        "confidence.inferred": "本站推断", "confidence.unconfirmed": "未确认",
        "cite.section": "{short} · {section}", "cite.join": "、",
        "reading.what.param": "“{label}”", "reading.what.rule": "这条要求",
        "reading.inferred": "{what}是推断。", "reading.unconfirmed": "{what}未确认。",
        "reading.single": "{what}只见于{cite}。", "reading.undated": "{what}只见于无日期的{cite}。",
        "reading.site": "本站的判断。", "reading.with_note": "{reading}{note}",
    },
}


@pytest.fixture
def mini():
    rules = RuleSet(MINI)
    ctx = Context(rules=rules, as_of=date(2026, 12, 15))
    return rules, ctx


@pytest.mark.parametrize(
    ("param", "severity", "reading"),
    [
        ("p.seed", "fail", ""),
        ("p.c2", "fail", ""),
        ("p.c1", "warn", "“转载上限”只见于某转载 · 三。"),
        ("p.undated", "warn", "“旧上限”只见于无日期的某转载。"),
        ("p.inferred", "warn", "“推断上限”是推断。理由在这里。"),
        ("p.unconfirmed", "warn", "“未确认上限”未确认。"),
    ],
)
def test_a_fail_stands_only_on_an_official_parameter(mini, param, severity, reading):
    rules, ctx = mini
    finding = Report(rules, "x").add("x.any", "fail", param=ctx.param(param))

    assert (finding.severity, finding.reading, finding.requested) == (severity, reading, "fail")
    assert finding.basis == ("official" if severity == "fail" else "reading")


def test_every_parameter_named_must_be_official(mini):
    rules, ctx = mini
    both = Report(rules, "x").add("x.any", "fail", param=(ctx.param("p.seed"), ctx.param("p.inferred")))
    official = Report(rules, "x").add("x.any", "fail", param=[ctx.param("p.seed"), ctx.param("p.c2"), None])

    assert both.severity == "warn" and both.reading == "“推断上限”是推断。理由在这里。"
    assert [p["id"] for p in both.params] == ["p.seed", "p.inferred"]
    assert official.severity == "fail" and official.reading == ""


@pytest.mark.parametrize(
    ("code", "severity", "basis"),
    [
        ("x.unreadable", "fail", "unreadable"),
        ("x.invalid", "fail", "invalid"),
        ("x.stated_official", "fail", "stated"),
        ("x.stated_single", "warn", "reading"),
        ("x.any", "warn", "undeclared"),
    ],
)
def test_without_a_parameter_content_decides(mini, code, severity, basis):
    rules, _ = mini
    finding = Report(rules, "x").add(code, "fail")

    assert (finding.severity, finding.basis) == (severity, basis)
    if severity == "warn":
        assert finding.reading in ("这条要求只见于某转载。", "本站的判断。")


def test_warnings_and_notes_are_never_raised_and_keep_their_severity(mini):
    rules, ctx = mini
    report = Report(rules, "x")

    assert report.add("x.any", "warn").severity == "warn"
    assert report.add("x.any", "info", param=ctx.param("p.inferred")).severity == "info"
    assert report.add("x.any", "info", param=ctx.param("p.inferred")).reading == ""  # notes need no reading
    assert report.add("x.any", "warn", param=ctx.param("p.c1")).reading == "“转载上限”只见于某转载 · 三。"
    with pytest.raises(ValueError):
        report.add("x.any", "fatal")


def test_findings_carry_chinese_citations_for_the_browser(mini):
    rules, ctx = mini
    source = Report(rules, "x").add("x.any", "fail", param=ctx.param("p.c1")).source

    assert source["cite"] == "某转载 · 三" and source["confidence_label"] == "单一来源"
    assert source["id"] == "S2 §三" and source["confidence"] == "c1"  # codes stay for --json and /admin/


def test_an_older_rule_set_without_the_texts_still_works():
    rules = RuleSet({"parameters": MINI["parameters"], "messages": MINI["messages"]})
    ctx = Context(rules=rules, as_of=date(2026, 12, 15))
    finding = Report(rules, "x").add("x.any", "fail", param=ctx.param("p.inferred"))

    assert finding.severity == "warn"


# every family held to it --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tokens():
    return forbidden(load_content(ROOT / "content", codes_package=None))


def on_line(rules: RuleSet, param_id: str) -> bool:
    """The parameter is the fail line of an official rule (content ``lines:``, compiled as ``line``)."""
    line = rules.parameters.get(param_id, {}).get("line") or {}
    return line.get("confidence") in OFFICIAL and bool(line.get("reasoning"))


def check_report(report: dict, rules: RuleSet, tokens, where: str) -> None:
    """Each finding against the content it rests on; ``tokens`` (None: skip) checks what a candidate reads.
    Generated field values are echoed in messages, so the fuzz cases skip the token check."""
    for f in report["findings"]:
        label = f"{where}: {f['code']}"
        if f["severity"] == "fail":
            if f["params"]:
                weak = [p for p in f["params"]
                        if p["confidence"] not in OFFICIAL and not on_line(rules, p["id"])]
                assert not weak, f"{label} fails on a parameter that is not official: {weak}"
                if any(p["confidence"] not in OFFICIAL for p in f["params"]):  # a fail line (content lines:)
                    assert f["basis"] == "line" and f["source"]["confidence"] in OFFICIAL and f["reading"]
            else:
                firm = rules.data.get("firm", {}).get(f["code"])
                assert firm, f"{label} fails without a parameter and is not declared in content (firm:)"
                if firm == "stated":
                    confidence = rules.messages[f["code"]].get("confidence")
                    assert confidence in OFFICIAL, f"{label} fails on a rule whose source is {confidence}"
        if f["severity"] == "warn" and f["requested"] == "fail":
            assert f["reading"], f"{label} was softened to a warning without saying why"
        assert f["basis"] != "undeclared", f"{label} asks for fail without a parameter: declare it (firm:)"
        if tokens is None:
            continue
        shown = [f["message"], f["fix"], f["measured"], f["reading"]]
        shown += [(f["source"] or {}).get("cite", ""), (f["source"] or {}).get("confidence_label", "")]
        leaks = [leak for text in shown for leak in tokens.find(text, label)]
        assert not leaks, f"internal tokens a candidate would see: {[str(x) for x in leaks]}"


def test_every_vector_of_every_family(rules, tokens):
    from tests.test_vectors import ALL, cpython_report

    families = set()
    for vector in ALL:
        check_report(cpython_report(vector, rules), rules, tokens, vector["_key"])
        families.add(vector["_file"])
    assert {"photo", "scan", "file", "field", "probation", "eligibility"} <= families


@pytest.mark.parametrize("region", ["national", "hubei"])
def test_every_generated_photo_and_scan(rules, tokens, region):
    from tests.gen.photos import FILENAMES, FIXTURES
    from validator.host_files import decode_for

    for name, make in FIXTURES.items():
        data = make()
        pixels, error = decode_for(rules, data, region, AS_OF.isoformat())
        for op in ("photo", "scan"):
            request = {"as_of": AS_OF.isoformat(), "region": region, "filename": FILENAMES[name]}
            if error:
                request["decode_error"] = error
            check_report(run(op, request, data, pixels, rules=rules), rules, tokens, f"{op}:{name}:{region}")


def test_every_generated_file_structure(rules, tokens):
    from tests.gen.jpegs import FIXTURES

    for name, make in FIXTURES.items():
        report = run("fileinfo", {"as_of": AS_OF.isoformat()}, make(), rules=rules)
        check_report(report, rules, tokens, f"fileinfo:{name}")


def _fuzz_strategies():
    from tests.test_eligibility_fuzz import PROFILE
    from tests.test_fields_fuzz import CONTEXT, VALUES
    from tests.test_probation_fuzz import PERIODS, RAW_DAY
    from validator.fields import KINDS
    from validator.fields.idnumber import ID_TYPES

    field = st.fixed_dictionaries(
        {"kind": st.sampled_from(KINDS), "value": VALUES, "id_type": st.sampled_from(ID_TYPES),
         "context": CONTEXT, "deadline": st.one_of(st.none(), RAW_DAY)}
    ).map(lambda r: ("field", r))
    probation = st.fixed_dictionaries({"periods": PERIODS, "exam_date": st.one_of(st.none(), RAW_DAY)})
    eligibility = st.fixed_dictionaries({"profile": PROFILE})
    return st.one_of(
        field, probation.map(lambda r: ("probation", r)), eligibility.map(lambda r: ("eligibility", r))
    )


@FUZZ
@given(case=_fuzz_strategies(), region=st.sampled_from(["national", "hubei"]))
def test_generated_fields_probation_and_eligibility(rules, case, region):
    op, request = case
    request = {**request, "as_of": AS_OF.isoformat(), "region": region}
    check_report(run(op, request, rules=rules), rules, None, f"{op}:{request}")


def test_a_reasoning_written_over_several_lines_reads_as_one_line():
    """A review saw "官方没有公布数值； 这一段是本站的理解": a YAML block's line break between two Chinese
    characters was drawn as a space. Breaks between Chinese characters are removed; elsewhere they are a
    space."""
    from scripts.compile_rules import _joined

    assert _joined("官方没有公布数值；\n这一段是本站的理解。\n") == "官方没有公布数值；这一段是本站的理解。"
    assert _joined("按 1024 字节算\n30K 是 30720 字节") == "按 1024 字节算 30K 是 30720 字节"
    assert _joined("看 ISO\n19794-5") == "看 ISO 19794-5"
    assert _joined("") == ""


def test_every_compiled_reasoning_is_one_line(rules):
    import re

    found = []
    for pid, spec in rules.parameters.items():
        for key in ("line", "band"):
            text = (spec.get(key) or {}).get("reasoning") or ""
            if "\n" in text or re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef] [\u4e00-\u9fff]", text):
                found.append((pid, key, text))
    assert not found, found
    assert any((spec.get("line") or {}).get("reasoning") for spec in rules.parameters.values())
