"""Fuzzing the field checks: any value, any kind, any id type -> a report, never an exception.

Bounded (hypothesis max_examples, derandomized, no database). Every finding's message must be fully
rendered (no ``{placeholder}`` left) and every report must survive json.dumps, as the browser bridge does.
"""

from __future__ import annotations

import json
import string

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import FUZZ
from validator.api import run
from validator.fields import KINDS
from validator.fields.idnumber import ID_TYPES

ALPHABET = st.sampled_from(
    [*list("0123456789Xx HMCAhm-./?·•．？１Ｘ年月日\u3000张三阿依古丽"), "\t", "\n", "é", "😀"]
)
TEXT = st.one_of(st.text(ALPHABET, max_size=24), st.text(max_size=24))
VALUES = st.one_of(
    TEXT,
    st.none(),
    st.integers(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.floats(allow_nan=True),
)
CONTEXT = st.one_of(
    st.none(),
    st.text(max_size=3),
    st.dictionaries(
        st.sampled_from(
            ["graduating_postgraduate", "combined_master_doctor", "tcm_apprentice", "level", "no_future"]
        ),
        st.one_of(st.booleans(), st.just("secondary"), st.none()),
        max_size=3,
    ),
)


TEXTS = ("message", "fix", "fix_page")  # what a finding says, with its page-only sentence


def unfilled(rules, finding: dict) -> list[str]:
    """Template placeholders of the finding's message and fix still present in the rendered text."""
    spec = rules.messages[finding["code"]]
    names = {
        n for part in TEXTS for _, n, _, _ in string.Formatter().parse(spec.get(part, "")) if n
    }
    return [n for n in names if "{" + n + "}" in finding["message"] + finding["fix"] + finding["fix_page"]]


def assert_report(rules, report: dict) -> None:
    assert report["verdict"] in ("pass", "warn", "fail")
    json.dumps(report, ensure_ascii=False)
    for finding in report["findings"]:
        assert finding["message"] and not unfilled(rules, finding), finding


@FUZZ
@given(
    kind=st.one_of(st.sampled_from(KINDS), st.text(max_size=5), st.none()),
    value=VALUES,
    id_type=st.one_of(st.sampled_from(ID_TYPES), st.none(), st.text(max_size=4)),
    context=CONTEXT,
    deadline=st.one_of(st.none(), TEXT),
    region=st.sampled_from(["national", "hubei"]),
)
def test_any_field_request_gives_a_report(rules, kind, value, id_type, context, deadline, region):
    request = {
        "kind": kind,
        "value": value,
        "id_type": id_type,
        "context": context,
        "deadline": deadline,
        "region": region,
        "as_of": "2026-12-15",
    }
    assert_report(rules, run("field", request, rules=rules))


@FUZZ
@given(
    digits=st.text(st.sampled_from("0123456789"), min_size=17, max_size=17),
    tail=st.sampled_from("0123456789Xx"),
)
def test_any_eighteen_character_number(rules, digits, tail):
    report = run("field", {"kind": "id_number", "value": digits + tail, "as_of": "2026-12-15"}, rules=rules)
    assert_report(rules, report)
    codes = {f["code"] for f in report["findings"]}
    assert codes <= {
        "id.region",
        "id.region_foreign",
        "id.birth_invalid",
        "id.birth_future",
        "id.birth_too_old",
        "id.checksum",
        "id.lowercase_x",
        "id.is_permit",
    }
