"""Wording kinds a review found wrong once (issue 23): each test covers every place of its kind.

- Tool pages that keep the candidate's progress on the device (they import record-ui.js) must not
  promise that nothing is kept, and must point to the privacy page that says what is kept.
- Material descriptions and pathway steps are shown for every 考区: Hubei appears only as a labelled
  example of a rule the candidate's own 考区 decides (or beside the national rule it differs from).
- Titles wrap a 考区's name in （）, so a name carries no brackets of its own.
- A citation whose source is the confidence itself (本站推断) says the word once.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "docs" / "tools"
JS = ROOT / "docs" / "assets" / "js" / "tools"

# Promises that nothing is kept: false on a page that keeps a record on the device ("the file itself
# is not kept" stays true: only its name, size and verdict are).
NOTHING_KEPT = (
    r"(?<!文件本身)(?<!文件本身也)不会保存",
    "不保存任何",
    "什么都不会留下",
    "只保存在本页网址",
    "不会上传或保存",
)


def load(rel: str):
    return yaml.safe_load((ROOT / rel).read_text(encoding="utf-8"))


def record_pages() -> list[Path]:
    pages = []
    for page in sorted(TOOLS.glob("*/index.md")):
        script = JS / f"{page.parent.name}.js"
        if script.exists() and "./record-ui.js" in script.read_text(encoding="utf-8"):
            pages.append(page)
    return pages


def test_pages_that_keep_a_record_say_so_and_link_the_privacy_page():
    pages = record_pages()
    # written by hand: the tools whose progress is kept on the device (docs/tools/privacy.md lists them)
    assert {p.parent.name for p in pages} == {"pathway", "materials", "form", "checklist"}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        prose = text.split("<div", 1)[0]  # the intro above the tool
        where = page.relative_to(ROOT)
        assert "](../privacy.md)" in prose, f"{where}: the intro does not link the privacy page"
        for phrase in NOTHING_KEPT:
            assert not re.search(phrase, text), f"{where}: “{phrase}” contradicts the record on the device"


def test_result_and_record_texts_do_not_promise_nothing_is_kept():
    texts = {**load("content/finder.yaml")["texts"], **load("content/site.yaml")["texts"]}
    for key, value in texts.items():
        for phrase in NOTHING_KEPT:
            assert not re.search(phrase, str(value)), (
                f"{key}: “{phrase}” contradicts the record on the device"
            )


def test_hubei_is_a_labelled_example_in_material_descriptions():
    for m in load("content/materials.yaml")["materials"]:
        for key in ("where", "format"):
            text = m.get(key) or ""
            if "湖北" in text:
                assert "考区" in text.replace("湖北考区", "") and "例如" in text, (
                    f"materials.yaml {m['id']}.{key}: shown for every 考区, so say what the 考区 decides "
                    f"and give 湖北 as an example: {text}"
                )


def test_hubei_is_labelled_in_steps_shown_for_every_region():
    for path in sorted((ROOT / "content" / "pathways").glob("*.yaml")):
        for step in yaml.safe_load(path.read_text(encoding="utf-8")).get("steps", []):
            if step.get("system") != "hubei" and "湖北" in step["text"]:
                assert re.search(r"例如|全国", step["text"]), f"{path.name}: {step['text']}"


def test_region_names_carry_no_brackets():
    for region in load("content/regions.yaml")["regions"]:
        assert not re.search(r"[（()）]", region["name"]), f"regions.yaml {region['id']}: {region['name']}"


def test_inferred_source_is_named_once(rules):
    assert rules.citation("INF", "inferred")["line"] == "依据：本站推断"
    assert rules.citation("SEED0 §二(二)", "seed")["line"] == "依据：湖北省网操作说明 · 二(二) · 官方原文"


def test_cli_names_an_inferred_source_once(rules):
    from validator.cli import _source_line

    assert _source_line(rules, rules.citation("INF", "inferred")) == ["    依据：本站推断"]
    expected = ["    依据：报名资格规定（2014 版）（多方一致）"]
    assert _source_line(rules, rules.citation("R1", "c2")) == expected


def test_every_tool_page_says_the_same_while_the_checker_starts():
    """A phone review read two wordings of the same start-up line: 全部在本机运行 on four tools,
    所有检查都在本机进行 on the photo tool, and the byte count with and without brackets. Every tool
    page's status line uses the same words for the same stage."""
    labels = {}
    for page in sorted(TOOLS.glob("*/index.md")):
        text = page.read_text(encoding="utf-8")
        status = re.search(r'<div class="yk[t]?-status"[^>]*>', text, re.S)
        if not status:
            continue
        for stage, words in re.findall(
            r'data-label-(prepare|download|start|install|ready|bytes|error|unsupported)="([^"]*)"', status[0]
        ):
            labels.setdefault(stage, {})[page.parent.name] = words
    # written by hand: the tools that start the checker (docs/tools/*/index.md)
    assert set(labels["ready"]) == {"photo", "materials", "form", "pathway", "checklist"}, labels
    for stage, pages in labels.items():
        assert len(set(pages.values())) == 1, (stage, pages)
    assert labels["ready"]["photo"] == "检查程序已就绪，只在本机检查"
    assert labels["bytes"]["form"] == "（约 {loaded} / {total} MB）"


def _first_clause(text: str) -> str:
    """A message's first clause as read: placeholders and quotation marks left out."""
    bare = re.sub(r"\{[^{}]*\}|[“”]", "", text)
    return re.split(r"[，。；：（]", bare, maxsplit=1)[0]


def test_no_message_says_its_title_again():
    """A finding shows its title above its message: 背景看起来是蓝色 / 背景看起来是蓝色，官方要求白底。 read
    the title twice (review c7). Every message of every file: its first clause is not the title."""
    repeats = []
    for path in sorted((ROOT / "content" / "messages").glob("*.yaml")):
        for code, spec in (load(f"content/messages/{path.name}").get("messages") or {}).items():
            if spec.get("title") and _first_clause(spec["message"]) == spec["title"]:
                repeats.append(code)
    assert repeats == []


def test_the_coloured_background_messages_say_what_was_seen(rules):
    """The background findings' messages say what the title does not: where, and how strong."""
    lab = "背景亮度 55、颜色浓度 30（亮度满分 100；颜色浓度越大颜色越浓，白色和灰色接近 0）"
    said = {
        c: rules.render_message(f"photo.background.{c}", measured=lab)["message"]
        for c in ("blue", "red")
    }
    assert said == {
        "blue": f"照片四周露出的背景偏蓝，颜色明显：{lab}。官方要求白底，蓝底证件照不能用。",
        "red": f"照片四周露出的背景偏红，颜色明显：{lab}。官方要求白底，红底证件照不能用。",
    }


def test_a_start_up_failure_points_to_the_checklists_with_a_link_in_one_sentence():
    """The no-CSP error said 按静态材料清单逐项核对 (review c2): 静态 is a developer's word, and the
    checklists' link came only in the next paragraph. The status line cannot hold a link, so the advice
    is the tool page's fallback sentence only, with its link; no candidate text says 静态."""
    texts = load("content/site.yaml")["texts"]
    status = {k: v for k, v in texts.items() if k.startswith("runtime.")}
    assert [k for k, v in status.items() if "静态" in v or "材料清单" in v] == []
    for page in sorted(TOOLS.glob("*/index.md")):
        html = page.read_text(encoding="utf-8")
        fallback = re.search(r'<p data-role="fallback" hidden>(.*?)</p>', html)
        assert fallback, page
        sentence = next(s for s in fallback.group(1).split("。") if "逐项核对" in s)
        assert re.search(r'<a href="\.\./\.\./checklists/">各报考路径的材料清单</a>', sentence), page
    candidate = [*sorted((ROOT / "content").rglob("*.yaml")), *sorted((ROOT / "docs").rglob("*.md"))]
    said = [
        p.relative_to(ROOT).as_posix()
        for p in candidate
        if p.name != "sources.yaml" and not p.name.startswith("admin")
        and "静态" in p.read_text(encoding="utf-8")
    ]
    assert said == []


def _strings(node, key=""):
    """Every string in a YAML document, with the key it sits under (comments are not read)."""
    if isinstance(node, str):
        yield key, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, key)


def _candidate_texts():
    """(where, text) for every candidate-facing text where it is written: content/ YAML (a source's own
    title in sources.yaml is its publisher's and stays as published), templates/ (their {## ##}
    comments left out), the tool and guide pages under docs/ and the theme overrides."""
    for path in sorted((ROOT / "content").rglob("*.yaml")) + sorted((ROOT / "templates").rglob("*.yaml")):
        where = path.relative_to(ROOT).as_posix()
        for key, text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if not (path.name == "sources.yaml" and key == "title"):
                yield f"{where} {key}", text
    pages = [
        *sorted((ROOT / "templates").rglob("*.j2")),
        *sorted((ROOT / "docs").rglob("*.md")),
        *sorted((ROOT / "overrides").rglob("*.html")),
    ]
    for path in pages:
        text = path.read_text(encoding="utf-8")
        yield path.relative_to(ROOT).as_posix(), re.sub(r"\{#.*?#\}", "", text, flags=re.S)


def test_the_photo_size_is_written_one_way_outside_quotes():
    """小二寸 was written three ways (小二寸, 小2寸, 小 2 寸). The site's own words say 小二寸, as the photo
    tool's button does; only a quotation of the official text (inside “…”) keeps its own spelling."""
    other = re.compile(r"小\s*2\s*寸")
    found = [
        f"{where}: {m.group(0)}"
        for where, text in _candidate_texts()
        for m in other.finditer(re.sub(r"“[^”]*”", "", text))
    ]
    assert found == []


# A space next to full-width punctuation: after （, before ）, either side of ，。：；、！？, and between ）
# and the Chinese word or arrow after it (a figure written with its bytes in brackets, then “ 以内”).
LOOSE = re.compile(
    r"（[ \t]|[ \t]）|[ \t][，。：；、！？]|[，。：；、！？][ \t]|）[ \t]+(?=[\u4e00-\u9fff→])"
)


def test_no_space_beside_full_width_punctuation_where_texts_are_written():
    found = [
        f"{where}: {text[max(0, m.start() - 10) : m.end() + 10]!r}"
        for where, text in _candidate_texts()
        if not where.startswith("docs/")  # pages: code and markup around the words
        for m in LOOSE.finditer(text)
    ]
    assert found == []


def _fix_texts():
    """The fixer's reasons and its cannot-do notes with real figures, and the size findings they answer."""
    from validator import api

    def fix(region, kind, before, after):
        request = {"as_of": "2026-12-15", "region": region, "kind": kind, "material": "diploma"}
        facts = api.run("fix", {**request, "before": before, "after": after})["facts"]
        return [x["text"] for x in facts["reasons"] + facts["problems"]]

    png = {"format": "png", "size": 2_000_000, "width": 1700, "height": 2400, "orientation": 6}
    yield from fix("national", "scan", png, {"status": "ok", "width": 760, "height": 1073, "size": 190000})
    yield from fix("hubei", "scan", png, {"status": "ok", "width": 920, "height": 1300, "size": 300000})
    small = {"format": "jpeg", "size": 40000, "width": 600, "height": 800}
    yield from fix("hubei", "scan", small, {"status": "ok", "width": 600, "height": 800, "size": 110000})
    short = {"status": "short_bytes", "width": 600, "height": 800, "size": 90000}
    yield from fix("hubei", "scan", small, short)
    big = {"format": "jpeg", "size": 9_000_000, "width": 4000, "height": 3000}
    yield from fix("national", "scan", big, {"status": "legibility", "width": 1000, "height": 750})
    photo = {"format": "jpeg", "size": 120000, "width": 780, "height": 1134}
    yield from fix("national", "photo", photo, {"status": "ok", "width": 390, "height": 567, "size": 28000})
    from tests.gen.photos import person, sized_jpeg

    for size in (29_500, 30_500, 40_000):
        report = api.run("photo", {"as_of": "2026-12-15"}, sized_jpeg(person(390, 567, noise=9), size))
        for f in report["findings"]:
            yield from (f.get(k) or "" for k in ("title", "message", "fix", "fix_page"))


def test_no_space_beside_full_width_punctuation_in_the_fixers_words():
    """The materials fixer read “…（200,000 字节） 以内”: a figure written with its bytes in
    brackets, then a space the YAML put there for a bare number. The texts as the candidate reads them."""
    texts = list(_fix_texts())
    assert len(texts) > 15
    assert [t for t in texts if LOOSE.search(t)] == []


def test_the_fixer_says_why_it_aims_under_the_limit_the_check_states():
    """The check fails a national scan over 204,800 bytes (200k at 1024 bytes), the fixer presses it
    to 200,000 (200k at 1000): the reasons say both figures and why (validator.fixplan,
    scan.max_bytes_strict)."""
    texts = [t for t in _fix_texts() if "204,800 字节" in t]
    assert texts == [
        "压到的大小比上限 200 KB（204,800 字节）小一些，因为官方没有说明 1k 按 1000 还是 1024 字节算："
        "这里按 1000 字节算，两种算法都不超。"
    ]
