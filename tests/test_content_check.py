"""The content check: one broken fixture per error class, each with its message.

Every fixture under tests/content_fixtures/<class>/ overlays a small complete
content tree (tests/content_fixtures/_base/) with one broken file (or lists a
file to delete in ``_delete``). The check must name the file, the key path
and say what is wrong, and must report every problem at once.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.content import ContentError, check, load_content, placeholders
from scripts.content.problems import is_warning

FIXTURES = Path(__file__).parent / "content_fixtures"
ROOT = Path(__file__).resolve().parent.parent


def build_tree(tmp_path: Path, overlay: str | None) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "_base", root)
    if overlay:
        src = FIXTURES / overlay
        for path in src.rglob("*.yaml"):
            target = root / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        deletions = src / "_delete"
        if deletions.exists():
            for rel in deletions.read_text(encoding="utf-8").split():
                (root / rel).unlink()
    return root


PHOTO_NEW = "content/rules/photo.yaml"
PHOTO_NEW_KEY = "parameters.photo.max_bytes.values[1].value"  # the base fixture's 2026-12-01 value
FILE_RULES, FILE_VALUE = "content/rules/file.yaml", "parameters.file.max_segments.values[0].value"

# class -> (file, key path, code, words the message must contain, line or None)
CASES = {
    "unknown_key": (
        "content/faq.yaml",
        "entries[0].anwser",
        "key.unknown",
        ["未定义的键", "anwser", "是不是“answer”"],
        5,
    ),
    "missing_source": (
        "content/guide/national.yaml",
        "sections[0].steps[0]",
        "source.missing",
        ["缺少出处"],
        None,
    ),
    "unknown_source": (
        "content/pathways/bachelor-physician.yaml",
        "conditions[0].source",
        "source.unknown",
        ["P99"],
        10,
    ),
    "bad_confidence": (
        "content/materials.yaml",
        "materials[1].confidence",
        "confidence.bad",
        ["high", "seed"],
        22,
    ),
    "unquoted_date": (
        "content/rules/photo.yaml",
        "parameters.photo.max_bytes.values[1].since",
        "date.unquoted",
        ["2026-12-01", "引号"],
        12,
    ),
    "bad_date": (
        "content/rules/photo.yaml",
        "parameters.photo.max_bytes.values[1].since",
        "date.bad",
        ["2026-13-01", "YYYY-MM-DD"],
        12,
    ),
    "dates_order": (
        "content/rules/photo.yaml",
        "parameters.photo.max_bytes.values[1].since",
        "dates.order",
        ["2020-06-01", "2021-01-01"],
        12,
    ),
    "duplicate_id": (
        "content/faq.yaml",
        "entries[1].id",
        "id.duplicate",
        ["forgot-password", "entries[0].id"],
        9,
    ),
    "duplicate_anchor": (
        "content/guide/national.yaml",
        "sections[1].steps[0].id",
        "id.duplicate",
        ["account", "sections[0].id"],
        17,
    ),
    "duplicate_key": (
        "content/materials.yaml",
        "materials[0].name",
        "yaml.duplicate_key",
        ["name", "两次"],
        4,
    ),
    "unknown_pathway": (
        "content/faq.yaml",
        "entries[1].pathways[0]",
        "ref.pathway",
        ["bachelor-physican"],
        13,
    ),
    # a pathway file the engine has no predicate for: listed on the site, never judged
    "pathway_no_predicate": (
        "content/pathways/bachelor-physician-abroad.yaml",
        "id",
        "pathway.predicate",
        ["bachelor-physician-abroad", "REGISTRY", "bachelor-physician"],
        1,
    ),
    # prose that states a parameter's value: a placeholder naming no parameter, a unit its form cannot write
    "placeholder_unknown": (
        "content/faq.yaml",
        "entries[0].answer",
        "placeholder.param",
        ["{photo.max_byte:K}", "photo.max_byte", "相近的参数“photo.max_bytes”", "共 1 处"],
        5,
    ),
    "placeholder_form": (
        "content/faq.yaml",
        "entries[0].answer",
        "placeholder.form",
        ["{photo.max_bytes:px}", "bytes", "{photo.max_bytes:K}"],
        5,
    ),
    # a hand-written number that is the value in force (30720 bytes = 30K), and one that is only an old value
    "prose_literal": (
        "content/faq.yaml",
        "entries[0].answer",
        "prose.literal",
        ["30K", "photo.max_bytes", "{photo.max_bytes:K}"],
        5,
    ),
    "prose_stale": (
        "content/faq.yaml",
        "entries[0].answer",
        "prose.stale",
        ["20 KB", "photo.max_bytes", "2015-01-01", "{photo.max_bytes:KB}"],
        5,
    ),
    # a Markdown link whose target would run script in the candidate's browser
    "link_javascript": (
        "content/faq.yaml",
        "entries[0].answer",
        "value.link",
        ["JavaScript:alert(document.cookie", "http://", "相对路径"],
        5,
    ),
    # content/finder.yaml: a condition the finder cannot read, an answer key no screen asks
    "finder_condition": (
        "content/finder.yaml",
        "screens[4].fields[1].when",
        "finder.condition",
        ["key、equals", "读不懂"],
        166,
    ),
    "finder_key": (
        "content/finder.yaml",
        "screens[4].fields[1].when",
        "finder.key",
        ["levl", "拼写错了"],
        166,
    ),
    # content/tools.yaml: an official tool's forms written as one word, not a list (scripts/sitegen/named.py)
    "tools_named": (
        "content/tools.yaml",
        "named.official_photo_tool.names",
        "type.list",
        ["检测工具", "列表"],
        25,
    ),
    # an official tool's form too short to name only it ("工具" is in every tool's name), one overlapping a
    # name of the site's own tools, and a section of the guide that is not there (the nearest one named)
    "tools_named_short": (
        "content/tools.yaml",
        "named.official_photo_tool.names[1]",
        "named.short",
        ["“工具”", "至少 4 个字", "医考报名照片检测工具"],
        25,
    ),
    "tools_named_bar": (
        "content/tools.yaml",
        "named.official_photo_tool.names[0]",
        "named.bar",
        ["医考报名照片检测工具|官方检测工具", "竖线"],
        25,
    ),
    "tools_named_own": (
        "content/tools.yaml",
        "named.official_photo_tool.names[1]",
        "named.own",
        ["报名照片自查工具", "报名照片自查"],
        25,
    ),
    "tools_named_anchor": (
        "content/tools.yaml",
        "named.official_photo_tool.see",
        "ref.anchor",
        ["national#photo-tools", "是不是“national#photo-tool”"],
        26,
    ),
    "unknown_material": (
        "content/pathways/bachelor-physician.yaml",
        "materials[0].material",
        "ref.material",
        ["photograph"],
        13,
    ),
    "unknown_faq": (
        "content/pathways/bachelor-physician.yaml",
        "related_faq[0]",
        "ref.faq",
        ["probation-merged"],
        28,
    ),
    "unknown_anchor": (
        "content/materials.yaml",
        "materials[0].system_step",
        "ref.anchor",
        ["national#photos"],
        9,
    ),
    "unknown_parameter": ("content/changes.yaml", "entries[0].params[0]", "ref.param", ["photo.max_byte"], 5),
    "value_unit": (
        "content/rules/photo.yaml",
        "parameters.photo.max_bytes.values[0].value",
        "value.unit",
        ["30K", "bytes"],
        9,
    ),
    # an unclosed quote: PyYAML's problem in the catalog's Chinese, with line and column
    "yaml_syntax": (
        "content/faq.yaml",
        "",
        "yaml.syntax_known",
        ["YAML 语法错误", "第 ", "列", "引号没有配对"],
        None,
    ),
    # a slip an administrator's review got in PyYAML's English (could not find expected ':'): named
    "yaml_full_width_colon": (
        "content/faq.yaml",
        "",
        "yaml.full_width_colon",
        ["第 5 行", "answer： 用找回功能。", "全角冒号", "英文冒号"],
        5,
    ),
    "missing_file": ("content/timeline.yaml", "", "file.missing", ["缺少这个文件"], None),
    # a material condition may only name the engine's registered predicates, profile fields and values
    "when_unknown_predicate": (
        "content/pathways/bachelor-physician.yaml",
        "materials[1].when.test.all[0].pred",
        "when.predicate",
        ["has-job", "basis-on-chsi", "PREDICATES"],
        16,
    ),
    "when_unknown_field": (
        "content/pathways/bachelor-physician.yaml",
        "materials[1].when.test.field",
        "when.field",
        ["employer", "identity", "maybe"],
        16,
    ),
    "when_bad_value": (
        "content/pathways/bachelor-physician.yaml",
        "materials[1].when.test.any[0].in[1]",
        "when.value",
        ["martian", "mainland"],
        16,
    ),
    "since_unknown_not_first": (
        "content/rules/photo.yaml",
        "parameters.photo.max_bytes.values[1].since",
        "since.unknown_not_first",
        ["unknown", "第一条"],
        12,
    ),
    "internal_token": (
        "content/rules/photo.yaml",
        "parameters.photo.max_bytes.values[1].note",
        "text.internal",
        ["来源编号“P1”"],
        None,
    ),
    # issue 21 item 1: a family that can fail states its official rule; a fail line rests on one
    # issue 21 item 6: one claim, one confidence on every page
    "claim_two_confidences": (
        "content/faq.yaml",
        "entries[0].claims.photo.no_webcam",
        "claim.confidence",
        ["photo.no_webcam", "c1", "c2"],
        None,
    ),
    "family_no_official": (
        "content/rules/photo.yaml",
        "official",
        "family.no_official",
        ["photo.formats", "official"],
        None,
    ),
    "line_unofficial": (
        "content/rules/photo.yaml",
        "lines.background.confidence",
        "line.unofficial",
        ["background", "inferred"],
        None,
    ),
    # fix_page: the sentence only the web page shows (its buttons); title, message and fix are printed by
    # the command line too, which has no button
    "fix_page_alone": (
        "content/messages/photo.yaml",
        "messages.photo.size.too_large.fix_page",
        "message.fix_page_alone",
        ["fix_page", "没有 fix", "命令行"],
        6,
    ),
    "fix_page_type": (
        "content/messages/photo.yaml",
        "messages.photo.size.too_large.fix_page",
        "type.str",
        ["应为一段文字"],
        7,
    ),
    "page_words": (
        "content/messages/photo.yaml",
        "messages.photo.size.too_large.fix",
        "message.page_words",
        ["fix 里有“按钮”", "命令行", "fix_page"],
        6,
    ),
    # the advice fits the key: a title or message says what was found (no "移到 fix_page")
    "page_words_title": (
        "content/messages/photo.yaml",
        "messages.photo.size.too_large.title",
        "message.page_words_title",
        ["title 里有“按钮”", "标题", "只说查出了什么", "去掉"],
        4,
    ),
    "page_words_message": (
        "content/messages/photo.yaml",
        "messages.photo.size.too_large.message",
        "message.page_words_message",
        ["message 里有“刷新”", "只说查出了什么", "去掉这句"],
        5,
    ),
    # the page shows fix and fix_page as one paragraph: the fix ends with 。
    "fix_stop": (
        "content/messages/photo.yaml",
        "messages.photo.size.too_large.fix",
        "message.fix_stop",
        ["fix_page", "“。”结尾", "现在的结尾是“存”"],
        6,
    ),
    "stated_unsourced": (
        "content/messages/photo.yaml",
        "messages.photo.size.too_large",
        "firm.stated_unsourced",
        ["photo.size.too_large", "source", "confidence"],
        None,
    ),
    "unknown_message": (
        "content/messages/photo.yaml",
        "firm.unreadable[1]",
        "ref.message",
        ["photo.file.broken"],
        12,
    ),
    "short_missing": ("content/sources.yaml", "sources[1]", "key.missing", ["short"], None),
    # the 考区 register (regions.yaml): every provincial 考区 once, each field sourced or 未找到公开资料
    "region_missing": (
        "content/regions.yaml",
        "regions",
        "region.missing",
        ["tianjin", "天津", "未找到公开资料"],
        28,
    ),
    "region_unknown_id": (
        "content/regions.yaml",
        "regions[5].id",
        "region.unknown_id",
        ["neimeng", "neimenggu", "--region"],
        81,
    ),
    "region_duplicate": (
        "content/regions.yaml",
        "regions[32].id",
        "id.duplicate",
        ["tianjin", "regions[2].id"],
        358,  # 4 lines of photo-note texts and 4 of search texts above it
    ),
    "region_name": ("content/regions.yaml", "regions[27].name", "region.name", ["山西考区", "陕西"], 284),
    "region_unsourced": (
        "content/regions.yaml",
        "regions[3].review",
        "region.unsourced",
        ["“线上审核”", "source", "未找到公开资料"],
        69,
    ),
    "region_uses": (
        "content/regions.yaml",
        "regions[1].uses",
        "region.uses",
        ["hubei-site", "national-module"],
        37,
    ),
    "region_text_missing": (
        "content/regions.yaml",
        "texts",
        "region.text_missing",
        ["add_image", "texts"],
        25,
    ),
    "unknown_profile": ("content/regions.yaml", "regions[7].uses", "ref.profile", ["national-modul"], 103),
    "unknown_rule_key": (
        "content/rules/photo.yaml",
        "parameters.photo.max_bytes.regions.hubie",
        "ref.region",
        ["hubie", "规则组"],
        18,
    ),
    "when_missing": (
        "content/pathways/bachelor-physician.yaml",
        "materials[1].required",
        "when.missing",
        ["when"],
        15,
    ),
    # confidence seed (官方原文) needs an official source: kind seed or official in sources.yaml
    "seed_from_repost": (
        "content/faq.yaml",
        "entries[1].confidence",
        "confidence.seed_source",
        ["P1（repost）", "official", "c1"],
        17,
    ),
    "key_null": ("content/changes.yaml", "entries", "key.null", ["entries", "冒号后面是空的"], 1),
    "datetime_since": (
        PHOTO_NEW,
        "parameters.photo.max_bytes.values[1].since",
        "date.unquoted",
        ["2026-12-01 00:00:00", "只写年月日", '例如 "2026-12-01"'],
        13,
    ),
    # the exam year across files, and dates that are probably typos (warnings)
    "cycle_year": ("content/site.yaml", "cycle", "cycle.year", ["2028", "2027-08-31", "2027"], 2),
    "timeline_cycle": ("content/timeline.yaml", "cycle", "cycle.timeline", ["2026", "2027"], 1),
    "since_far": (
        PHOTO_NEW,
        "parameters.photo.max_bytes.values[1].since",
        "warn.since.far",
        ["提醒", "2028-12-01", "2027-08-31", "年份写错了"],
        13,
    ),
    "changes_future": (
        "content/changes.yaml",
        "entries[0].date",
        "warn.changes.future",
        ["2062-11-30", "晚于今天"],
        2,
    ),
    "changes_unlogged": (
        PHOTO_NEW,
        "parameters.photo.max_bytes.values[1].since",
        "warn.changes.unlogged",
        ["photo.max_bytes", "2026-12-01", "changes.yaml"],
        13,
    ),
    # parameter values by unit and shape (scripts/content/values.py): photo.max_bytes is in bytes
    "value_null": (PHOTO_NEW, PHOTO_NEW_KEY, "value.null", ["空的", "nullable: true"], 14),
    "null_other_region": (
        PHOTO_NEW,
        "parameters.photo.max_bytes.values[1].value",
        "value.null",
        ["空的", "nullable: [national]"],
        15,
    ),
    "value_shape": (PHOTO_NEW, PHOTO_NEW_KEY, "value.shape", ["键值映射", "单个值"], 14),
    "value_negative": (PHOTO_NEW, PHOTO_NEW_KEY, "value.range.whole", ["-1", "大于 0 的整数"], 14),
    # issue 17 item 4: every key and every value (a limit that silently stops applying)
    "param_typo": (
        "content/rules/file.yaml",
        "parameters.file.max.segments",
        "param.unused",
        ["file.max.segments", "是不是“file.max_segments”", "不会生效"],
        4,
    ),
    "value_nan": (FILE_RULES, FILE_VALUE, "yaml.not_finite", [".nan", "有限"], 10),
    # HTML is refused in every prose field by the sanitiser, not only in FAQ answers
    "html_meta_refresh": ("content/faq.yaml", "entries[0].answer", "value.html", ["<meta", "Markdown"], 5),
    "html_iframe": ("content/faq.yaml", "entries[0].answer", "value.html", ["<iframe"], 5),
    "html_svg_onload": ("content/faq.yaml", "entries[0].answer", "value.html", ["<svg"], 5),
    "html_img_onerror": ("content/faq.yaml", "entries[0].question", "value.html", ["<img"], 4),
    "html_guide_body": (
        "content/guide/national.yaml",
        "sections[0].steps[0].body",
        "value.html",
        ["<a href"],
        11,
    ),
    "value_inf": (FILE_RULES, FILE_VALUE, "yaml.not_finite", [".inf", "有限"], 10),
    "number_negative": (FILE_RULES, FILE_VALUE, "value.range.negative", ["-1", "负数"], 10),
    "value_fraction": (PHOTO_NEW, PHOTO_NEW_KEY, "value.range.whole", ["40960.5", "大于 0 的整数"], 14),
    # a warning: reported, but the content still loads
    "value_jump": (
        PHOTO_NEW,
        PHOTO_NEW_KEY,
        "warn.value.jump",
        ["提醒", "新取值 409600 和前一条取值 30720 相差 13 倍", "单位写错了吗"],
        14,
    ),
    # a size written in K (40 for 40 KB) would fail every photo: an error, not a 10x reminder (an
    # administrator's review published it with only a reminder)
    "value_in_k": (
        PHOTO_NEW,
        PHOTO_NEW_KEY,
        "value.range.bytes_small",
        ["取值 40", "字节数太小", "不是 K"],
        14,
    ),
    # a group of related parameters changed in part: an error (it was a warning until 2026-12-05)
    "related_missing": (
        PHOTO_NEW,
        "parameters.photo.max_bytes.values[1].since",
        "related.missing",
        ["photo.max_bytes", "2026-12-01", "photo.warn_bytes", "自相矛盾"],
        14,
    ),
    # a 考区's own list, its first value included: the related parameter needs a list for that 考区 too
    "related_regional": (
        PHOTO_NEW,
        "parameters.photo.max_bytes.regions.hubei[0].since",
        "related.missing",
        ["photo.max_bytes", "2019-01-01", "photo.warn_bytes", "自相矛盾"],
        16,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_broken_fixture_names_file_key_and_problem(tmp_path, name):
    file, key, code, words, line = CASES[name]
    root = build_tree(tmp_path, name)

    content, problems = check(root, codes_package=None)

    if is_warning(code):  # a 提醒 is listed with the warnings and never stops the check or the build
        assert code not in {p.code for p in problems}
        problems = content["warnings"]
    matching = [p for p in problems if p.code == code]
    assert matching, f"{name}: expected {code}, got {[str(p) for p in problems]}"
    problem = matching[0]
    assert problem.file == file
    assert problem.key_path == key
    if line is not None:
        assert problem.line == line
    text = str(problem)
    assert text.startswith(file)
    assert key in text
    for word in words:
        assert word in text, f"{word!r} not in {text!r}"
    # every variable of the message is filled ({photo.max_bytes:K} and {=30K} are content syntax it may quote)
    assert not re.search(r"\{[a-z_]+\}", problem.message), problem.message


def test_yaml_syntax_error_gives_line_and_column(tmp_path):
    root = build_tree(tmp_path, "yaml_syntax")

    _, problems = check(root, codes_package=None)

    problem = next(p for p in problems if p.code.startswith("yaml.syntax"))
    assert problem.line is not None and problem.column is not None
    assert f"第 {problem.line} 行第 {problem.column} 列" in str(problem)


def test_missing_message_for_a_validator_code(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(FIXTURES / "missing_message"))
    root = build_tree(tmp_path, None)

    _, problems = check(root, codes_package="fakevalidator")

    missing = [p for p in problems if p.code == "message.missing"]
    assert [p.values["value"] for p in missing] == ["photo.size.too_small"]
    assert missing[0].file.endswith("fakevalidator/photo.py")
    assert "photo.size.too_small" in str(missing[0]) and "fakevalidator.photo" in str(missing[0])


def test_base_fixture_is_clean(tmp_path):
    _, problems = check(build_tree(tmp_path, None), codes_package=None)

    assert [str(p) for p in problems] == []


def test_every_problem_is_reported_at_once(tmp_path):
    root = build_tree(tmp_path, None)
    for name in ("unknown_key", "bad_confidence", "unknown_parameter", "unquoted_date"):
        for path in (FIXTURES / name).rglob("*.yaml"):
            shutil.copyfile(path, root / path.relative_to(FIXTURES / name))

    with pytest.raises(ContentError) as err:
        load_content(root, codes_package=None)

    codes = {p.code for p in err.value.problems}
    assert {"key.unknown", "confidence.bad", "ref.param", "date.unquoted"} <= codes
    report = err.value.report()
    assert report.splitlines()[0].startswith("内容检查发现 ")
    warnings = len(err.value.warnings)  # here: photo.max_bytes is named nowhere in the change log any more
    assert len(report.splitlines()) == len(err.value.problems) + 1 + (warnings + 1 if warnings else 0)


def test_a_later_cycle_in_the_change_log_is_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("YK_AS_OF", "2026-11-30")
    content, problems = check(build_tree(tmp_path, "changes_future"), codes_package=None)

    assert problems == []
    found = {p.code: str(p) for p in content["warnings"]}
    assert set(found) == {"warn.changes.future", "warn.changes.cycle"}
    assert "晚于今天（2026-11-30）" in found["warn.changes.future"]
    head = "content/changes.yaml:3 entries[0].cycle: 提醒：变更日志写的是 2072 年度"
    assert found["warn.changes.cycle"].startswith(head)


def test_internal_tokens_in_faq_prose_are_each_reported_with_their_line(tmp_path):
    _, problems = check(build_tree(tmp_path, "prose_token"), codes_package=None)

    assert [str(p) for p in problems] == [
        "content/faq.yaml:5 entries[0].answer: 考生会看到的文字里出现了" + what + "；参数键、来源编号、"
        "英文可信度词和程序术语只在管理员页面和 --json 里出现，请改用中文说明（出处写在 source 里）。"
        for what in ("来源编号“P1”", "参数键“photo.max_bytes”", "英文可信度词“seed”")
    ]


def test_seed_is_accepted_from_an_official_announcement(tmp_path):
    _, problems = check(build_tree(tmp_path, "seed_from_official"), codes_package=None)

    assert [str(p) for p in problems] == []


def test_null_is_accepted_where_the_parameter_is_nullable(tmp_path):
    _, problems = check(build_tree(tmp_path, "nullable_ok"), codes_package=None)

    assert [str(p) for p in problems] == []


@pytest.mark.parametrize("name", ["related_missing", "related_regional"])
def test_a_related_parameter_left_behind_stops_the_build(tmp_path, name):
    """A new developer's review (2026-12-05): a new photo.max_bytes with the related limits left behind was
    only a reminder, listed last, and the site would have shipped a warning band that contradicts the new
    limit."""
    with pytest.raises(ContentError) as err:
        load_content(build_tree(tmp_path, name), codes_package=None, complete=True)
    assert [p.code for p in err.value.problems] == ["related.missing"]


@pytest.mark.parametrize("name", ["value_jump"])
def test_warnings_do_not_stop_loading(tmp_path, name):
    content = load_content(build_tree(tmp_path, name), codes_package=None, complete=True)

    assert [w.code for w in content["warnings"]] == [CASES[name][2]]


def test_warnings_are_listed_after_the_problems(tmp_path):
    root = build_tree(tmp_path, "value_jump")
    shutil.copyfile(FIXTURES / "unknown_key" / "faq.yaml", root / "faq.yaml")

    with pytest.raises(ContentError) as err:
        load_content(root, codes_package=None)

    lines = err.value.report().splitlines()
    count = len(err.value.problems)
    assert lines[0] == f"内容检查发现 {count} 个问题（按文件排列）："
    assert "warn.value.jump" not in {p.code for p in err.value.problems}
    assert lines[count + 1] == "另有 1 条提醒（不影响构建，发布前请逐条看过）："
    assert lines[count + 2].startswith(
        "  - content/rules/photo.yaml:14 parameters.photo.max_bytes.values[1].value: 提醒："
    )


def test_cli_help_prints_usage_and_checks_nothing():
    result = run_check("--help")

    assert result.returncode == 0
    assert result.stdout.startswith("用法：python -m scripts.check_content")
    assert "选项" in result.stdout and "显示帮助并退出" in result.stdout and "options:" not in result.stdout
    assert "内容目录" in result.stdout and "问题" not in result.stderr


def test_cli_missing_directory_is_one_line(tmp_path):
    missing = tmp_path / "nowhere"
    result = run_check(str(missing))

    assert result.returncode == 1
    expected = (
        f"目录 {missing} 不存在（或不是目录）。请写 content 目录的路径，或者不写，默认检查本项目的 content/。"
    )
    assert result.stderr.strip().splitlines() == [expected]


def run_check(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "scripts.check_content", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_missing_files_are_tolerated_by_the_rule_compiler_only(tmp_path):
    root = build_tree(tmp_path, "missing_file")

    content = load_content(root, codes_package=None)
    with pytest.raises(ContentError):
        load_content(root, codes_package=None, complete=True)

    assert content["timeline"] == {}


def test_dates_stay_strings_and_order_is_kept(tmp_path):
    content = load_content(build_tree(tmp_path, None), codes_package=None)

    values = content["parameters"]["photo.max_bytes"]["values"]
    assert [v["since"] for v in values] == ["2021-01-01", "2026-12-01"]
    assert all(isinstance(v["since"], str) for v in values)


def test_cli_exits_1_with_a_report_and_no_traceback(tmp_path):
    root = build_tree(tmp_path, "unknown_key")

    result = subprocess.run(
        [sys.executable, "-m", "scripts.check_content", str(root)], cwd=ROOT, capture_output=True, text=True
    )

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/faq.yaml:5 entries[0].anwser" in result.stderr


def test_real_content_passes():
    content, problems = check(ROOT / "content")

    assert [str(p) for p in problems] == []
    assert len(content["faq"]) >= 40
    assert len(content["pathways"]) >= 12


def _edit_message(path: Path, code: str, key: str, text: str) -> int:
    """Write ``key: text`` into message ``code`` of a messages file (replacing the key's line, or adding
    it after the code); the line it is on."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"  {code}:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("    "))
    at = next((i for i in range(start + 1, end) if lines[i].startswith(f"    {key}:")), None)
    if at is None:
        at = end
        lines.insert(at, "")
    lines[at] = f"    {key}: {text}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


def test_a_placeholder_the_code_never_gives_is_named_with_the_ones_it_does(tmp_path):
    """A typo in a message's placeholder ({foo}, {colour_nam}) reached candidates verbatim (review m1):
    the check names file, line, key, the placeholder and what the validator gives that code."""
    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    photo = root / "messages" / "photo.yaml"
    blue = "photo.background.blue"
    blue_message = _edit_message(photo, blue, "message", "背景是蓝色（{foo}），官方要求白底。")
    blue_page = _edit_message(photo, blue, "fix_page", "换成白底（{colour_nam}）。")
    size_fix = _edit_message(photo, "photo.size.too_large", "fix", "压缩到 {strict} 以下，{limit_kb} 也行。")
    size_title = _edit_message(photo, "photo.size.too_large", "title", "文件太大（{measured}）")
    no_face = _edit_message(photo, "photo.face.none", "message", "照片里没有找到人脸（{measured}）。")

    _, problems = check(root)

    found = sorted((p.line, p.key_path, p.code, str(p)) for p in problems)
    assert [(line, key, code) for line, key, code, _ in found] == sorted(
        [
            (blue_message, "messages.photo.background.blue.message", "message.field"),
            (blue_page, "messages.photo.background.blue.fix_page", "message.field"),
            (size_fix, "messages.photo.size.too_large.fix", "message.field"),
            (size_title, "messages.photo.size.too_large.title", "message.field_title"),
            (no_face, "messages.photo.face.none.message", "message.field_none"),
        ]
    )
    text = {key: line for _, key, _, line in found}
    said = text["messages.photo.background.blue.message"]
    assert said.startswith(f"content/messages/photo.yaml:{blue_message} messages.{blue}.message:")
    assert "“{foo}”" in said and "photo.background.blue" in said and "能用的占位符是 {measured}。" in said
    assert "“{colour_nam}”" in text["messages.photo.background.blue.fix_page"]
    size = text["messages.photo.size.too_large.fix"]
    assert "“{limit_kb}”" in size
    assert "能用的占位符是 {bound}、{expected}、{limit_k}、{measured}、{strict}、{why}。" in size
    assert "“{measured}”" in text["messages.photo.size.too_large.title"]
    assert "标题原样显示" in text["messages.photo.size.too_large.title"]
    assert "“{measured}”" in text["messages.photo.face.none.message"]
    assert "没有可用的占位符" in text["messages.photo.face.none.message"]


def test_page_words_advice_fits_the_key(tmp_path):
    """A page word in a title or message is not to be "moved to fix_page" as a sentence (review c4)."""
    for name, key in (("page_words_title", "title"), ("page_words_message", "message")):
        _, problems = check(build_tree(tmp_path / name, name), codes_package=None)
        text = next(str(p) for p in problems if p.code.startswith("message.page_words"))
        assert f"{key} 里有" in text
        assert "把这句话移到 fix_page" not in text
        assert "写进 fix_page" in text


GARBAGE = {
    "faq.yaml": "- 1\n- 2\n",
    "site.yaml": "just text\n",
    "rules/photo.yaml": "family: photo\ntitle: x\nparameters: [1, 2]\n",
    "materials.yaml": "materials:\n  - 3\n  - {id: Bad Id, sides: A}\n",
    "pathways/bachelor-physician.yaml": "id: bachelor-physician\nmaterials: {a: 1}\nsteps: null\n",
    "guide/national.yaml": "id: national\nsections:\n  - steps: [{id: 1}]\n",
    "changes.yaml": "",
    "timeline.yaml": "cycle: x\nevents: [{examples: [{year: 2025, dates: 2025-02-08}]}]\n",
    "sources.yaml": "sources:\n  - {id: P1, kind: repost, title: t, url: 'ftp://x'}\n",
}


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_any_shape_of_bad_content_is_reported_never_raised(tmp_path, name):
    root = build_tree(tmp_path, None)
    (root / name).write_text(GARBAGE[name], encoding="utf-8")

    _, problems = check(root, codes_package=None)

    assert problems
    unfilled = re.compile(r"\{[a-z_]+\}")
    assert all(p.file and not unfilled.search(p.message) for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize(
    ("value", "unit", "fits"),
    [
        ("2027-02-28", "date", True),
        ("exam_date", "date", True),  # a symbolic day named by the rule family
        ("2027-02-30", "date", False),
        ("2027/02/01", "date", False),
        (30720, "bytes", True),
        ("30K", "bytes", False),
        (True, "number", False),
        (None, "px", True),
        ({"hubei": 1}, "number", True),
        (["jpeg"], "list", True),
        ("jpeg", "list", False),
    ],
)
def test_parameter_values_fit_their_unit(value, unit, fits):
    from scripts.content.kinds import _value_fits_unit

    assert _value_fits_unit(value, unit) is fits


def test_admin_help_explains_every_option():
    result = subprocess.run(
        [sys.executable, "-m", "scripts.admin", "--help"], cwd=ROOT, capture_output=True, text=True
    )

    assert result.returncode == 0
    for words in ("本年度新生效的取值", "起始日期", "结束日期", "内容目录", "用法：", "选项"):
        assert words in result.stdout
    assert "positional arguments" not in result.stdout and "show this help" not in result.stdout


# --- bounds (issue 13 item 5): never a traceback, never unbounded memory -------------------------


@pytest.mark.parametrize(
    ("name", "code", "line", "words"),
    [
        ("yaml_alias", "yaml.anchor", 2, ["&a", "锚点"]),
        ("yaml_anchor_only", "yaml.anchor", 2, ["&first"]),
        ("yaml_deep", "yaml.too_deep", 1, ["30 层"]),
    ],
)
def test_anchors_aliases_and_deep_nesting_are_refused_with_their_line(tmp_path, name, code, line, words):
    root = build_tree(tmp_path, name)
    _, problems = check(root, codes_package=None)
    assert problems[0].code == code, [str(p) for p in problems]  # the real error first
    assert (problems[0].file, problems[0].line) == ("content/faq.yaml", line)
    for word in words:
        assert word in str(problems[0])


def test_a_billion_laughs_stays_small(tmp_path):
    import tracemalloc

    root = build_tree(tmp_path, "yaml_alias")
    tracemalloc.start()
    check(root, codes_package=None)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 64 * 1024 * 1024, peak


def test_tab_indented_file_lists_the_syntax_error_first(tmp_path):
    _, problems = check(build_tree(tmp_path, "yaml_tabs"), codes_package=None)
    assert problems[0].code == "yaml.tab" and problems[0].file == "content/faq.yaml"
    # named for its cause at the first tab-indented line, not in PyYAML's English
    assert problems[0].line == 3 and "制表符（Tab）" in str(problems[0]) and "token" not in str(problems[0])
    # one problem for one cause (issue 17): references to the unread entries are not echoed
    assert len(problems) == 1


def test_file_and_total_size_are_bounded(tmp_path):
    from scripts.content.loader import MAX_TOTAL_BYTES
    from scripts.content.yamlio import MAX_FILE_BYTES

    root = build_tree(tmp_path / "one", None)
    (root / "faq.yaml").write_text("# x\n" * (MAX_FILE_BYTES // 4 + 1), encoding="utf-8")
    _, problems = check(root, codes_package=None)
    assert problems[0].code == "yaml.too_large" and problems[0].file == "content/faq.yaml"
    assert "1,048,576" in str(problems[0])

    root = build_tree(tmp_path / "all", None)
    for i in range(MAX_TOTAL_BYTES // MAX_FILE_BYTES + 1):
        (root / "guide" / f"big{i}.yaml").write_text("# x\n" * (MAX_FILE_BYTES // 4 - 1), encoding="utf-8")
    _, problems = check(root, codes_package=None)
    assert [p.code for p in problems] == ["content.too_large"]


@pytest.mark.parametrize(
    ("name", "code", "words"),
    [
        ("far_future", "date.far_future", ["9999-12-31", "2029"]),
        ("stray_file", "content.unknown_file", ["不属于任何已知的内容类别"]),
    ],
)
def test_far_future_dates_and_stray_files_are_warnings(tmp_path, name, code, words):
    root = build_tree(tmp_path, name)
    content, problems = check(root, codes_package=None)
    assert [str(p) for p in problems] == []  # not an error: the build goes on
    warning = next(w for w in content["warnings"] if w.code == code)
    for word in words:
        assert word in str(warning)


def test_check_content_prints_warnings_and_passes(tmp_path, capsys):
    from scripts import check_content

    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    (root / "notes.yaml").write_text("notes: 待整理\n", encoding="utf-8")
    assert check_content.main([str(root)]) == 0
    assert "content/notes.yaml" in capsys.readouterr().err


def test_site_hook_refuses_to_skip_the_message_check(monkeypatch):
    from mkdocs.exceptions import PluginError

    from scripts.hooks import site

    monkeypatch.setattr(site, "check", lambda *a, **k: ({"skipped_modules": ["validator.photo"]}, []))
    with pytest.raises(PluginError, match=r"validator\.photo"):
        site.on_config({})


def test_site_hook_keeps_each_builds_content_on_its_instance(monkeypatch):
    from mkdocs.exceptions import PluginError

    from scripts.hooks import site

    hook = site.SiteHook()
    with pytest.raises(PluginError, match="on_config"):  # a build error, not a KeyError
        hook.on_files(files=None, config={})
    builds = iter([{"site": {"texts": {}}, "build": 1}, {"site": {"texts": {}}, "build": 2}])
    monkeypatch.setattr(site, "check", lambda *a, **k: (next(builds), []))
    hook.on_config({})
    hook.on_config({})  # mkdocs serve: the next build replaces the content
    assert hook.content["build"] == 2 and hook.content["missing"] == []
    assert site.SiteHook().content is None  # another instance shares nothing


# issue 17 item 4: one problem per cause, with file and line ------------------------------------
def test_a_five_thousand_digit_number_is_one_problem_with_its_line(tmp_path):
    root = build_tree(tmp_path, None)
    rules = root / "rules" / "photo.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "value: 30720" in text.splitlines()[9]  # line 10 of the base fixture
    rules.write_text(text.replace("value: 30720", "value: " + "9" * 5001, 1), encoding="utf-8")

    _, problems = check(root, codes_package=None)

    assert [(p.code, p.file, p.line, p.key_path) for p in problems] == [
        ("yaml.number", "content/rules/photo.yaml", 10, "parameters.photo.max_bytes.values[0].value")
    ]
    assert "5,001 位" in str(problems[0]) and "ValueError" not in str(problems[0])


def test_invalid_utf8_is_one_problem_with_its_line(tmp_path):
    root = build_tree(tmp_path, None)
    sources = root / "sources.yaml"
    lines = sources.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b"SEED4", b"SE\xff\xfe4", 1)  # line 2: "  - id: SEED4"
    sources.write_bytes(b"\n".join(lines))

    _, problems = check(root, codes_package=None)

    assert [(p.code, p.file, p.line) for p in problems] == [("yaml.encoding", "content/sources.yaml", 2)]
    assert "第 2 行" in str(problems[0]) and "ff fe" in str(problems[0])


def test_check_content_cli_fails_each_hostile_edit_with_file_and_line(tmp_path):
    root = build_tree(tmp_path, "param_typo")
    result = subprocess.run(
        [sys.executable, "-m", "scripts.check_content", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/rules/file.yaml:4 parameters.file.max.segments" in result.stdout + result.stderr


def test_placeholders_are_filled_with_the_values_of_the_cycle(tmp_path):
    # base fixture: photo.max_bytes is 30720 from 2021-01-01 and 40960 from 2026-12-01 (inside the cycle
    # 2026-09-01 – 2027-08-31), so the prose shows the first value and the change with its date
    root = build_tree(tmp_path, None)
    faq = root / "faq.yaml"
    text = faq.read_text(encoding="utf-8").replace(
        "answer: 用找回功能。",
        "answer: 小于 {photo.max_bytes:K} 的照片，即 {photo.max_bytes:bytes}；曾写作 {=40k}。",
    )
    faq.write_text(text, encoding="utf-8")

    content, problems = check(root, codes_package=None)

    assert problems == []
    answer = content["faq"][0]["answer"]
    # no space is left between a closing full-width bracket and the next word
    want = (
        "小于 30K（2026-12-01 起为 40K）的照片，"
        "即 30,720 字节（2026-12-01 起为 40,960 字节）；曾写作 40k。"
    )
    assert answer == want


def test_a_number_quoted_on_purpose_is_not_compared(tmp_path):
    root = build_tree(tmp_path, None)
    faq = root / "faq.yaml"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace("answer: 用找回功能。", "answer: 原文写作“{=30K}”。"),
        encoding="utf-8",
    )

    _, problems = check(root, codes_package=None)

    assert [p.code for p in problems if p.code.startswith(("prose.", "placeholder."))] == []


def test_a_renamed_parameter_is_one_problem_at_its_first_place(tmp_path):
    # the parameter's id changed in rules/photo.yaml while three sentences still name the old id: one problem,
    # at the first sentence, counting the places (not one per sentence, each inviting an edit of the sentence)
    root = build_tree(tmp_path, None)
    faq = root / "faq.yaml"
    text = faq.read_text(encoding="utf-8")
    text = text.replace(
        "answer: 用找回功能。", "answer: 小于 {photo.max_bytes:K}，即 {photo.max_bytes:bytes}。"
    )
    text = text.replace("answer: 合并成一次上传。", "answer: 照片小于 {photo.max_bytes:KB}。")
    faq.write_text(text, encoding="utf-8")
    photo = root / "rules" / "photo.yaml"
    photo.write_text(
        photo.read_text(encoding="utf-8").replace("  photo.max_bytes:", "  photo.max.bytes:", 1),
        encoding="utf-8",
    )

    _, problems = check(root, codes_package=None)

    unknown = [p for p in problems if p.code == "placeholder.param"]
    assert len(unknown) == 1
    assert unknown[0].key_path == "entries[0].answer"
    assert "共 3 处" in str(unknown[0]) and "改回参数的 id" in str(unknown[0])


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("[说明](javascript:alert(1))", "javascript:alert(1"),
        ("![图](data:image/svg+xml;base64,PHN2Zz4=)", "data:image/svg+xml;base64,PHN2Zz4="),
        ("[说明]( java&#115;cript:alert(1))", "java&#115;cript:alert(1"),
        ("[说明](java%73cript:alert(1))", "java%73cript:alert(1"),
        ("[说明][r]\n\n[r]: vbscript:msgbox", "vbscript:msgbox"),
        ("[说明](file:///etc/passwd)", "file:///etc/passwd"),
        ("[官方公告](https://www.nmec.org.cn/)", None),
        ("[常见问题](../faq.md#photo-requirements)", None),
        ("[本页](#top) 或发邮件 [联系](mailto:a@example.org)、[电话](tel:027-1234)", None),
        ("注意: 这不是链接。时间 9:30 也不是。", None),
    ],
)
def test_link_targets_are_web_addresses_or_site_paths(text, refused):
    from scripts.content.html import unsafe_link

    assert unsafe_link(text) == refused


# ------------------------------------------------------------------------------------ hand-written pages
def test_a_hand_written_page_is_filled_and_a_value_written_by_hand_is_refused_with_its_line(tmp_path):
    # base fixture as above: photo.max_bytes 30720, then 40960 from 2026-12-01 inside the cycle. The photo
    # tool's page wrote "30 KB" by hand in its button and heading: a new dated value left the page behind.
    content, problems = check(build_tree(tmp_path, None), codes_package=None)
    assert problems == []
    page = "# 照片\n\n<button>压缩到 {photo.max_bytes:KB} 以内</button>\n\n另存为 -{photo.max_bytes:k}.jpg\n"
    filled, found = placeholders.page(content, "docs/tools/photo/index.md", page)
    assert found == []
    assert "压缩到 30 KB（2026-12-01 起为 40 KB）以内" in filled
    assert "-30k（2026-12-01 起为 40k）.jpg" in filled

    by_hand = "# 照片\n\n说明\n\n<button>压缩到 30 KB 以内</button>\n还有 {photo.max.bytes:KB}、{=30 KB}\n"
    _, found = placeholders.page(content, "docs/tools/photo/index.md", by_hand)
    assert sorted((p.code, p.line) for p in found) == [("placeholder.param", 6), ("prose.literal", 5)]
    literal = next(p for p in found if p.code == "prose.literal")
    assert str(literal).startswith("docs/tools/photo/index.md:5: ")
    assert "{photo.max_bytes:KB}" in str(literal)


def test_hand_written_pages_write_no_parameter_value_by_hand():
    # the real pages (the admin pages quote the placeholder syntax itself and are left as written)
    content, problems = check(ROOT / "content")
    assert problems == []
    pages = sorted(
        p
        for p in (ROOT / "docs").rglob("*.md")
        if not p.relative_to(ROOT / "docs").as_posix().startswith("admin")
    )
    assert len(pages) >= 8, pages
    for path in pages:
        _, found = placeholders.page(
            content, path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")
        )
        assert found == [], "\n".join(str(p) for p in found)


def test_a_usage_slip_is_said_in_chinese_with_the_help_to_read():
    result = run_check("--bogus")

    assert result.returncode == 2
    assert result.stderr.startswith("用法：python -m scripts.check_content")
    assert "python -m scripts.check_content：用法有误（" in result.stderr
    assert "运行 python -m scripts.check_content --help 查看用法。" in result.stderr
    assert "Traceback" not in result.stderr
