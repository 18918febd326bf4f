"""Page generation without a browser: templates, references, navigation, changes.

Rendered from the small complete content tree under tests/content_fixtures/_base
(and once from the real content), through the real templates/.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from scripts.content import check, load_content
from scripts.content.register import PROVINCES
from scripts.sitegen import nav_from, render_pages
from scripts.sitegen.changes import change_log, cycle_changes, in_force, in_window
from scripts.sitegen.labels import unlabelled
from scripts.sitegen.links import DanglingReference, rel
from scripts.sitegen.pages import environment

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
BASE = ROOT / "tests" / "content_fixtures" / "_base"


@pytest.fixture(scope="module")
def base() -> dict:
    return load_content(BASE, codes_package=None, complete=True)


def test_every_stable_page_is_generated(base):
    pages = render_pages(base, TEMPLATES)

    assert set(pages) == {
        "guide/national.md",
        "guide/hubei.md",
        "faq.md",
        "checklists/index.md",
        "checklists/bachelor-physician.md",
        "requirements.md",
        "timeline.md",
        "changes.md",
        "sources.md",
        "admin/parameters.md",
        "regions/index.md",  # the 考区 register: an overview and one page per provincial 考区
        *(f"regions/{rid}.md" for rid in PROVINCES),
    }
    for src, text in pages.items():
        assert text.startswith("---\n"), src
        assert "\n# " in text, f"{src} has its h1"


def test_guide_sections_and_steps_become_anchored_headings(base):
    text = render_pages(base, TEMPLATES)["guide/national.md"]

    assert "## 注册与登录 {#account}" in text
    assert "### 注册账户 {#register}" in text
    assert "[国家系统指南 · 二.1](../sources.md#SEED4)" in text  # the short name and the section, linked


def test_faq_questions_are_headings_with_ids_sources_and_pathways(base):
    text = render_pages(base, TEMPLATES)["faq.md"]

    assert "### 忘记密码怎么办？ {#forgot-password}" in text
    assert "[某转载](sources.md#P1)" in text
    assert "[本科报考执业医师](checklists/bachelor-physician.md)" in text
    assert "(guide/hubei.md#probation)" in text  # see: hubei#probation


def test_checklist_has_every_material_step_and_the_print_header(base):
    text = render_pages(base, TEMPLATES)["checklists/bachelor-physician.md"]

    assert "printable: true" in text
    assert "测试站" in text and "2027" in text.split("yk-print-header")[1].split("</div>")[0]
    assert text.count("- [ ] **") == 2
    assert "{: #m-photo .yk-material }" in text and "{: #m-probation-cert .yk-material }" in text
    assert "（视情况）" in text and "- 什么时候需要：已经工作的" in text  # the condition on a line of its own
    assert "1. [ ]" in text and "2. [ ]" in text
    assert "(../guide/hubei.md#probation-upload)" in text
    assert "(../faq.md#probation-merge)" in text
    assert "data-print" in text
    link = "(../tools/materials/index.md?pathway=bachelor-physician)"
    materials = link + '{: .md-button data-tool-link="materials" }'
    assert materials in text
    assert "[报名照片自查](../tools/photo/index.md)" in text
    assert "[报名表填写自查](../tools/form/index.md)" in text


def test_requirements_come_from_the_rule_parameters(base):
    text = render_pages(base, TEMPLATES)["requirements.md"]

    # the value changes on 2026-12-01, inside the cycle 2026-09-01..2027-08-31: both are listed
    both = "至 2026-11-30：30 KB（30,720 字节）；2026-12-01 起：40 KB（40,960 字节）。"
    assert f"**文件大小上限**：全国：{both}" in text
    assert "    - 湖北：40 KB（40,960 字节）。" in text  # one value in the whole cycle
    assert "**文件格式**：jpg、jpeg" in text
    assert "单一来源" in text and "官方原文" in text  # confidence in Chinese words
    shown = re.sub(r"<[^>]+>|\]\([^)]*\)", "", text)  # without tags and link targets
    assert "photo.max_bytes" not in shown and "c1" not in shown  # keys and marks only on /admin/


def test_admin_parameters_page_lists_keys_sources_and_what_can_fail(base):
    text = render_pages(base, TEMPLATES)["admin/parameters.md"]

    assert "`photo.max_bytes`" in text and "| SEED4 §二.7 |" in text
    assert "`seed`" in text and "可判不合格" in text and "只提醒" in text
    assert "exclude: true" in text  # not in the site search


def test_undated_value_shows_date_unknown_and_is_never_a_change_of_the_cycle(base):
    content = copy.deepcopy(base)
    values = content["parameters"]["photo.max_bytes"]["values"]
    values[1]["since"] = "unknown"
    content["parameters"]["photo.max_bytes"]["values"] = values[1:]
    site = content["site"]

    assert cycle_changes(content, site["cycle_start"], site["cycle_end"]) == []
    pages = render_pages(content, TEMPLATES)
    assert "**文件大小上限**：全国：40 KB（40,960 字节）" in pages["requirements.md"]
    assert "日期不明" in pages["requirements.md"].split("**文件大小上限**")[1].split("\n- ")[0]
    assert "本年度周期内没有新生效的规则取值" in pages["changes.md"]
    assert in_force(content["parameters"]["photo.max_bytes"]["values"], "2020-01-01")["value"] == 40960


def test_several_sources_fold_into_one_disclosure(base):
    """Each item carries at most one citation target: one source is a link, two or more fold into one 出处."""
    env = environment(TEMPLATES, base)
    macro = '{% import "_macros.j2" as m with context %}{{ m.meta(item) }}'
    item = {"source": ["SEED4 §二.7", "P1", "P1 §三"], "confidence": "c2"}

    shown = env.from_string(macro).render(content=base, page="faq.md", item=item)
    two = env.from_string(macro).render(content=base, page="faq.md", item={**item, "source": ["SEED4", "P1"]})

    # sources are counted by document: P1 and P1 §三 are one source, cited in two places
    head = '<details class="yk-meta yk-cite" markdown><summary>出处：'
    assert shown.startswith(head + "国家系统指南等 2 个来源 · ")
    assert "[某转载 · 三](sources.md#P1)" in shown and "多方一致" in shown
    one = env.from_string(macro).render(content=base, page="faq.md", item={**item, "source": "SEED4"})
    assert two.startswith('<details class="yk-meta yk-cite" markdown><summary>出处：国家系统指南等 2 个')
    assert "[国家系统指南](sources.md#SEED4)、[某转载](sources.md#P1)" in two
    assert one.startswith('<span class="yk-meta">出处：[国家系统指南](sources.md#SEED4) · ')
    twice = {**item, "source": ["P1", "P1 §三"]}
    same = env.from_string(macro).render(content=base, page="faq.md", item=twice)
    assert same.startswith(head + "某转载（2 处） · ")


def test_changes_show_old_and_new_values_of_the_cycle(base):
    site = base["site"]
    changes = cycle_changes(base, site["cycle_start"], site["cycle_end"])
    text = render_pages(base, TEMPLATES)["changes.md"]

    assert [(c["id"], c["region"], c["old"]["value"], c["new"]["value"]) for c in changes] == [
        ("photo.max_bytes", None, 30720, 40960)
    ]
    old, new = "30 KB（30,720 字节）", "40 KB（40,960 字节）"
    assert f"{old}<br><small>2021-01-01 起</small> | **{new}**" in text
    assert "<code>" not in text and "photo.max_bytes" not in text  # the log names the parameter in Chinese
    assert "涉及：文件大小上限" in text
    assert "照片大小上限调整。" in text
    assert change_log(base, 2027)[0][0]["date"] == "2026-11-24"


def test_requirements_list_every_value_of_the_cycle_with_its_source(base):
    line = render_pages(base, TEMPLATES)["requirements.md"].split("**文件大小上限**")[1].split("\n")[0]

    assert "自查工具按检查当天的数值判断" in line
    assert line.index("国家系统指南") < line.index("至 2026-11-30</span>") < line.index("某转载")
    assert "2026-12-01 起</span>" in line


def test_a_change_before_the_cycle_shows_one_value(base):
    content = copy.deepcopy(base)
    content["parameters"]["photo.max_bytes"]["values"][1]["since"] = "2026-08-31"  # the day before the cycle

    text = render_pages(content, TEMPLATES)["requirements.md"]

    assert "**文件大小上限**：全国：40 KB（40,960 字节）。" in text and "30 KB" not in text


def test_in_window_lists_the_values_of_each_part_of_the_cycle():
    values = [
        {"since": "unknown", "value": 1},
        {"since": "2026-09-01", "value": 2},
        {"since": "2027-01-01", "value": 3},
        {"since": "2027-09-01", "value": 4},  # after the cycle
    ]

    spans = in_window(values, "2026-09-01", "2027-08-31")

    assert [(s["entry"]["value"], s["until"]) for s in spans] == [(2, "2026-12-31"), (3, None)]
    assert [s["entry"]["value"] for s in in_window(values[:1], "2026-09-01", "2027-08-31")] == [1]


def test_in_force_takes_the_latest_since_not_after_the_day():
    values = [{"since": "2021-01-01", "value": 1}, {"since": "2026-12-01", "value": 2}]

    assert in_force(values, "2026-11-30")["value"] == 1
    assert in_force(values, "2026-12-01")["value"] == 2
    assert in_force(values, "2020-01-01")["value"] == 1


def test_unknown_template_variable_fails(base, tmp_path):
    shutil.copytree(TEMPLATES, tmp_path / "t")
    (tmp_path / "t" / "faq.md.j2").write_text("# {{ no_such_variable }}\n", encoding="utf-8")

    with pytest.raises(UndefinedError):
        render_pages(base, tmp_path / "t")


def test_dangling_reference_fails_at_render_time(base):
    broken = copy.deepcopy(base)
    broken["pathways"][0]["related_faq"] = ["no-such-question"]

    with pytest.raises(DanglingReference, match="no-such-question"):
        render_pages(broken, TEMPLATES)


def test_relative_links_between_pages():
    assert rel("checklists/x.md", "sources.md", "P1") == "../sources.md#P1"
    assert rel("faq.md", "faq.md", "a") == "#a"
    assert rel("guide/hubei.md", "guide/national.md") == "national.md"


def test_nav_expands_folders_and_keeps_every_page():
    pages = [
        "index.md",
        "guide/national.md",
        "guide/hubei.md",
        "checklists/index.md",
        "checklists/b.md",
        "checklists/a.md",
        "faq.md",
        "tools/photo/index.md",
        "tools/index.md",
        "tools/privacy.md",
        "sources.md",
        "extra.md",
    ]

    nav = nav_from(TEMPLATES / "nav.yaml", pages)

    flat = str(nav)
    assert all(p in flat for p in pages)
    checklists = next(item for item in nav if isinstance(item, dict) and "报考路径清单" in item)
    assert checklists["报考路径清单"] == ["checklists/index.md", "checklists/b.md", "checklists/a.md"]
    tools = next(item for item in nav if isinstance(item, dict) and "自查工具" in item)
    assert tools["自查工具"][0] == "tools/index.md"
    assert nav[-1] == "extra.md"


def test_markdown_in_templates_has_no_jinja_comment_clash(base):
    env = environment(TEMPLATES, base)

    assert env.from_string("## t {#x}").render() == "## t {#x}"


def test_real_content_renders():
    content, problems = check(ROOT / "content", codes_package=None)
    if any(p.code.startswith("file.") for p in problems):
        pytest.skip("content is still incomplete")

    pages = render_pages(content, TEMPLATES)

    assert len([p for p in pages if p.startswith("checklists/")]) == len(content["pathways"]) + 1


def test_structured_values_show_chinese_labels_and_fall_back_to_the_id(base):
    content = copy.deepcopy(base)
    content["labels"] = {"clinical": "临床", "from": "起"}
    env = environment(TEMPLATES, content)
    macro = '{% import "_macros.j2" as m with context %}{{ m.value(v, "list") }}'

    shown = env.from_string(macro).render(content=content, v={"clinical": ["clinical", "x-new"]})
    window = env.from_string(macro).render(content=content, v={"bachelor-physician": {"from": "2010-09-01"}})

    assert shown == "临床：临床、x-new"
    assert window == "本科报考执业医师：起：2010-09-01"  # a pathway id shows its title


def test_real_parameter_pages_show_structured_ids_in_chinese():
    content, problems = check(ROOT / "content", codes_package=None)
    if any(p.code.startswith("file.") for p in problems):
        pytest.skip("content is still incomplete")

    text = render_pages(content, TEMPLATES)["admin/parameters.md"]  # eligibility is listed on /admin/

    assert "临床：临床、乡村全科" in text  # eligibility.family_categories
    assert "clinical：clinical" not in text
    assert "农村医学：起：2010-09-01；止：不限" in text  # eligibility.secondary_major_windows
    assert unlabelled(content) == [], "add these ids to content/labels.yaml"


def test_admin_lists_the_changes_of_the_cycle():
    result = subprocess.run(
        [sys.executable, "-m", "scripts.admin", "changes", "--content", str(BASE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    # in Chinese, the size as the pages write it (an administrator's review: raw ids, bytes, "(new)")
    assert (
        "文件大小上限（photo.max_bytes）：30 KB（30,720 字节） → 40 KB（40,960 字节），2026-12-01 起；"
        "出处 P1；单一来源"
    ) in result.stdout


def _hook():
    import importlib.util

    spec = importlib.util.spec_from_file_location("site_hook", ROOT / "scripts" / "hooks" / "site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_broken_content_edit_stops_the_build_with_the_report(tmp_path, monkeypatch):
    from mkdocs.exceptions import PluginError

    root = tmp_path / "content"
    shutil.copytree(BASE, root)
    faq = root / "faq.yaml"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace("confidence: c2", "confidence: sure"), encoding="utf-8"
    )
    monkeypatch.setenv("SITE_CONTENT_DIR", str(root))

    with pytest.raises(PluginError) as err:
        _hook().on_config({})

    assert "content/faq.yaml:8 entries[0].confidence" in str(err.value)
    assert "sure" in str(err.value)


def _build(tmp_path: Path, content: Path, **env_extra: str) -> subprocess.CompletedProcess:
    """A real strict mkdocs build of ``content`` with this repository's theme and site hook."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# t\n", encoding="utf-8")
    # the checklist and requirements pages link to the tools
    for tool in ("pathway", "materials", "checklist", "photo", "form"):
        (docs / "tools" / tool).mkdir(parents=True)
        (docs / "tools" / tool / "index.md").write_text("# tool\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {docs}\n"
        f"site_dir: {tmp_path / 'site'}\n"
        f"theme: {{name: material, custom_dir: {ROOT / 'overrides'}, language: zh}}\n"
        f"hooks: [{ROOT / 'scripts' / 'hooks' / 'site.py'}]\n",
        encoding="utf-8",
    )
    env = {**os.environ, "SITE_CONTENT_DIR": str(content), "NO_MKDOCS_2_WARNING": "1", **env_extra}
    if "SITE_URL" not in env_extra:
        env.pop("SITE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.slow  # a whole strict mkdocs build
def test_strict_mkdocs_build_generates_the_pages(tmp_path):
    # the public address comes from one setting (SITE_URL, README 部署): canonical links and the sitemap
    result = _build(tmp_path, BASE, SITE_URL="https://example.org/yikao/")

    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for page in [
        "guide/national",
        "guide/hubei",
        "faq",
        "checklists",
        "checklists/bachelor-physician",
        "requirements",
        "timeline",
        "changes",
        "sources",
        "admin/parameters",
    ]:
        assert (site / page / "index.html").exists(), page
    html = (site / "checklists" / "bachelor-physician" / "index.html").read_text(encoding="utf-8")
    assert 'id="m-probation-cert"' in html and "print.js" in html and "非官方" in html
    assert '<link rel="canonical" href="https://example.org/yikao/checklists/bachelor-physician/">' in html
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/yikao/faq/</loc>" in sitemap and "127.0.0.1" not in sitemap


@pytest.mark.slow  # a whole strict mkdocs build
def test_a_content_warning_is_logged_and_never_stops_the_strict_build(tmp_path):
    # a change-log entry dated after today is a 提醒 (warn.changes.future): make check-content passes with it,
    # so the build must pass too and say it (content/README.md: 提醒 never stop the check or the build)
    root = tmp_path / "content"
    shutil.copytree(BASE, root)
    future = ROOT / "tests" / "content_fixtures" / "changes_future" / "changes.yaml"
    shutil.copyfile(future, root / "changes.yaml")

    result = _build(tmp_path, root, YK_AS_OF="2026-11-30")

    assert result.returncode == 0, result.stderr
    assert "2062-11-30" in result.stderr and "提醒" in result.stderr
    assert (tmp_path / "site" / "changes" / "index.html").exists()


def test_strict_mkdocs_build_fails_on_broken_content_without_a_traceback(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(BASE, root)
    (root / "changes.yaml").write_text(
        (BASE / "changes.yaml").read_text(encoding="utf-8").replace("photo.max_bytes", "photo.gone"),
        encoding="utf-8",
    )

    result = _build(tmp_path, root)

    assert result.returncode != 0
    assert "content/changes.yaml:5 entries[0].params[0]" in result.stderr
    assert "photo.gone" in result.stderr
    assert "Traceback" not in result.stderr


def test_search_worker_patch_applies_to_the_pinned_theme(tmp_path):
    import material

    from scripts.sitegen.search_fix import BUGGY, FIXED, patch_search_worker

    source = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    workers = tmp_path / "assets" / "javascripts" / "workers"
    shutil.copytree(source, workers)

    patched = patch_search_worker(tmp_path)

    assert len(patched) == 1
    text = patched[0].read_text(encoding="utf-8")
    assert FIXED in text and BUGGY not in text
    assert patch_search_worker(tmp_path) == []  # idempotent
