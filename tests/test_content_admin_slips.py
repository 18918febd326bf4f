"""Slips an administrator makes in a yearly update, on a copy of the real content: each is an error
that names the file, the key and the problem, and one slip is one problem (an administrator's review,
2026-12-07, published a 40-byte limit with a reminder, kept last year's exam day after moving the cycle,
and saw one misspelt key reported as eight problems).

Expected values are written by hand from content/ as it is: the exam day 2027-08-14 and the 备案表
deadline 2027-03-10 (national and Hubei) are the 2027 cycle's estimates."""

from __future__ import annotations

import shutil
from pathlib import Path

from scripts.content import check

ROOT = Path(__file__).resolve().parent.parent


def checked(tmp_path: Path, edits: list[tuple[str, str, str]]):
    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    for name, old, new in edits:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    _, problems = check(root)
    return problems


NEXT_CYCLE = [
    ("site.yaml", "cycle: 2027", "cycle: 2028"),
    ("site.yaml", 'cycle_start: "2026-09-01"', 'cycle_start: "2027-09-01"'),
    ("site.yaml", 'cycle_end: "2027-08-31"', 'cycle_end: "2028-08-31"'),
    ("timeline.yaml", "cycle: 2027", "cycle: 2028"),
]


def test_moving_the_cycle_without_new_yearly_days_stops_the_build(tmp_path):
    problems = checked(tmp_path, NEXT_CYCLE)

    stale = {(p.file, p.key_path, p.values["value"]) for p in problems if p.code == "cycle.yearly"}
    assert stale == {
        ("content/rules/probation.yaml", "parameters.probation.exam_date.values[1].value", "2027-08-14"),
        ("content/rules/fields.yaml", "parameters.fields.chsi_deadline.values[2].value", "2027-03-10"),
        ("content/rules/fields.yaml", "parameters.fields.chsi_deadline.regions.hubei[0].value", "2027-03-10"),
    }
    exam = next(p for p in problems if p.code == "cycle.yearly" and "exam_date" in p.key_path)
    assert "2028 年度，2027-09-01 至 2028-08-31" in exam.message
    assert "往年" in exam.message and 'since 写 "2027-09-01"' in exam.message


def test_the_next_cycle_with_its_own_estimates_passes(tmp_path):
    def estimate(pad: str, day: str) -> str:
        lines = ['- since: "2027-09-01"', f'  value: "{day}"', "  source: INF", "  confidence: inferred"]
        return "".join(f"{pad}{line}\n" for line in lines)

    exam_note = "以当年公告为准。\n"  # the end of exam_date's last entry (its note)
    national = "按 2025 年的 3 月 10 日推断，以当年公告为准。\n"
    hubei = "湖北 2027 年的审核截止日尚未公布，按往年推断，以当年公告为准。\n"
    edits = [
        *NEXT_CYCLE,
        (
            "rules/probation.yaml",
            "（取偏早的日期，算出的天数偏保守），" + exam_note,
            "（取偏早的日期，算出的天数偏保守），" + exam_note + estimate("      ", "2028-08-19"),
        ),
        ("rules/fields.yaml", national, national + estimate("      ", "2028-03-10")),
        ("rules/fields.yaml", hubei, hubei + estimate("        ", "2028-03-10")),
    ]

    assert [p for p in checked(tmp_path, edits) if p.code == "cycle.yearly"] == []


def test_a_size_written_in_k_is_an_error_and_its_follow_ons_are_not_listed(tmp_path):
    problems = checked(tmp_path, [("rules/photo.yaml", "value: 30720", "value: 30")])

    assert [(p.code, p.file, p.key_path) for p in problems] == [
        ("value.range.bytes_small", "content/rules/photo.yaml", "parameters.photo.max_bytes.values[0].value")
    ]
    assert "30 KB 要写 30720" in problems[0].message


def test_lines_of_one_limit_in_the_wrong_order_are_an_error(tmp_path):
    # 31,000 as the 1K = 1000 reading of "小于 30K", above the limit of 30,720 it is a reading of
    problems = checked(tmp_path, [("rules/photo.yaml", "value: 30000", "value: 31000")])

    assert [(p.code, p.key_path) for p in problems] == [
        ("order.at_most", "parameters.photo.max_bytes_strict.values[0].value")
    ]
    assert "31000" in problems[0].message and "photo.max_bytes" in problems[0].message
    assert "30720（2021-01-01 起）" in problems[0].message


def test_a_regions_lines_in_the_wrong_order_name_the_region(tmp_path):
    # Hubei's scans: the shortest side allowed (450 px) above the longest (1,300 px)
    problems = checked(tmp_path, [("rules/scan.yaml", "value: 450", "value: 1400")])

    assert [(p.code, p.key_path) for p in problems] == [
        ("order.at_most_region", "parameters.scan.min_side.regions.hubei[0].value")
    ]
    assert problems[0].message.startswith("在考区 hubei，取值 1400 比参数 scan.max_side")


def test_a_misspelt_values_key_is_two_problems_at_the_parameter_not_ten_in_the_prose(tmp_path):
    problems = checked(
        tmp_path,
        [("rules/photo.yaml", "所以判为不合格。\n    values:", "所以判为不合格。\n    valeus:")],
    )

    assert {p.code for p in problems} == {"key.missing", "key.unknown"}
    assert all(p.file == "content/rules/photo.yaml" for p in problems)
    assert not any("None" in p.message for p in problems)


def test_a_malformed_date_is_one_problem(tmp_path):
    note = "达到 30720 字节时两种算法都超了。\n"
    added = "".join(
        f"      {line}\n"
        for line in ['- since: "2027-13-01"', "  value: 40960", "  source: SEED4", "  confidence: seed"]
    )
    problems = checked(tmp_path, [("rules/photo.yaml", note, note + added)])

    assert [(p.code, p.key_path) for p in problems] == [
        ("date.bad", "parameters.photo.max_bytes.values[1].since")
    ]


def test_a_number_two_limits_share_names_both_placeholders(tmp_path):
    # the 1K = 1000 reading set to 30,720 too (allowed: at most the limit), and a hand-written 30,720 字节:
    # it is the value of both, so both placeholders are offered, not the first found
    problems = checked(
        tmp_path,
        [
            ("rules/photo.yaml", "value: 30000", "value: 30720"),
            (
                "faq.yaml",
                "      报名由三部分组成，缺一不可：\n",
                "      报名由三部分组成（照片小于 30,720 字节），缺一不可：\n",
            ),
        ],
    )

    literal = [p for p in problems if p.code == "prose.literal"]
    assert [(p.file, p.key_path) for p in literal] == [("content/faq.yaml", "entries[0].answer")]
    message = literal[0].message
    assert "photo.max_bytes / photo.max_bytes_strict" in message
    assert "{photo.max_bytes:bytes} / {photo.max_bytes_strict:bytes}" in message
    assert "选这句话说的那一个" in message


def test_the_checks_catalog_reads_and_names_every_code_the_checker_reports():
    """A quote or a colon out of place in templates/content_check.yaml would leave every problem as a bare
    code (the catalog is read leniently, so that a broken one never raises): it must parse, and hold a
    message for each code the checker's modules name."""
    import re

    import yaml

    data = yaml.safe_load((ROOT / "templates" / "content_check.yaml").read_text(encoding="utf-8"))
    messages = data["messages"]
    named = set()
    for module in (ROOT / "scripts" / "content").glob("*.py"):
        named |= set(re.findall(r'"((?:source|ref|order|cycle|yaml|value)\.[a-z_.]+)"', module.read_text()))
    # two names of the same shape are the pages' formats (content/messages/_format.yaml), not problems
    named = {code for code in named if not code.endswith(".")} - {"value.change", "value.k"}
    missing = sorted(code for code in named if code not in messages and f"value.{code}" not in messages)
    assert missing == [], missing
    for code in ("source.joined", "source.unknown.near", "ref.region.near", "cycle.yearly", "order.at_most"):
        assert code in messages, code


def test_a_misspelt_source_or_region_gets_a_suggestion_and_joined_sources_a_list(tmp_path):
    source = 'source: ["SEED4 §二.7", P1, P9]'
    problems = checked(tmp_path, [("rules/photo.yaml", source, "source: SEED5")])
    assert [p.code for p in problems] == ["source.unknown"]
    assert "是不是“SEED4”" in problems[0].message

    problems = checked(tmp_path / "b", [("rules/photo.yaml", source, "source: SEED4，P1")])
    assert [p.code for p in problems] == ["source.joined"]
    assert "source: [SEED4, P1]" in problems[0].message

    problems = checked(tmp_path / "c", [("rules/scan.yaml", "      hubei:\n", "      hubie:\n")])
    assert [p.code for p in problems] == ["ref.region"]
    assert "是不是“hubei”" in problems[0].message
