"""content/finder.yaml and content/tools.yaml stay in step with the page scripts and the engine.

No browser needed. The finder's routing lives in content (screens, their order and the
conditions under which each screen and field is asked), so the page scripts must not carry any; every
condition uses the small language finder-logic.js interprets and names a key some screen asks; every
option value the page turns into a profile is one the validator accepts. Each tool has one name,
taken from content/tools.yaml, and the hand-written pages use exactly that name as a link.
"""

from __future__ import annotations

import json
import re

from validator.eligibility import answers as reader
from validator.eligibility import profile as engine

JS = ("docs/assets/js/tools/pathway.js", "docs/assets/js/tools/finder-logic.js")
CONDITION_KEYS = {"key", "is", "in", "all", "any", "not"}
FIELD_TYPES = {"choice", "select", "month", "day", "region"}  # region: every 考区 of the register


def compiled(root):
    rules = json.loads((root / "validator" / "_data" / "rules.json").read_text(encoding="utf-8"))
    return rules, rules["finder"]


def fields(finder):
    return {f["key"]: f for s in finder["screens"] for f in s["fields"]}


def conditions(finder):
    for screen in finder["screens"]:
        yield screen["id"], screen.get("when")
        for variant in screen.get("variants", []):
            yield screen["id"], variant["when"]
        for field in screen["fields"]:
            yield field["key"], field.get("when")
            for variant in field.get("variants", []):
                yield field["key"], variant["when"]


def leaves(cond):
    if not cond:
        return
    assert set(cond) <= CONDITION_KEYS, cond
    for key in ("all", "any"):
        for c in cond.get(key, []):
            yield from leaves(c)
    if "not" in cond:
        yield from leaves(cond["not"])
    if "key" in cond:
        yield cond


def test_routing_lives_in_content_not_in_the_script(root):
    for path in JS:
        js = (root / path).read_text(encoding="utf-8")
        assert "STEPS" not in js and "when: (" not in js and "=> a." not in js, path
    _, finder = compiled(root)
    assert [s["id"] for s in finder["screens"]][:2] == ["identity", "level"]
    assert len(finder["screens"]) <= 10
    keys = fields(finder)
    for where, cond in conditions(finder):
        for leaf in leaves(cond):
            assert leaf["key"] in keys, (where, leaf)  # a condition only reads answers a screen asks
            assert ("is" in leaf) != ("in" in leaf), (where, leaf)
    for key, field in keys.items():
        assert field["type"] in FIELD_TYPES, key
        if field["type"] in ("choice", "select"):
            assert field.get("options") or field.get("options_from"), key


def test_query_keys_are_the_stable_ones(root):
    """Shared links keep working: the old keys stay, the 本科 stage of 专升本 adds md2 and en2."""
    _, finder = compiled(root)
    assert set(fields(finder)) == set(reader.KEYS)
    assert {"md2", "en2"} <= set(fields(finder))


def test_option_values_are_what_the_engine_accepts(root):
    rules, finder = compiled(root)
    f = fields(finder)
    options = lambda key, name="options": [o["value"] for o in f[key][name]]  # noqa: E731
    assert set(options("id")) == {*engine.IDENTITIES, "military"}
    assert set(options("md")) - {"overseas"} <= set(engine.MODES)
    levels = {o["education"] for o in f["lv"]["options"] if "education" in o}
    assert levels == set(engine.LEVELS)
    routes = {v.removeprefix("tcm-") for v in options("lv") if v.startswith("tcm-")}
    assert routes == set(engine.TCM_ROUTES)
    assert set(options("ct")) - {"none"} == set(engine.CERT_TYPES)
    assert set(options("tl")) - {"any"} == set(engine.TARGET_LEVELS)
    assert set(options("tc")) - {"any"} == set(engine.CATEGORIES)
    assert f["rg"]["type"] == "region"  # every 考区 of the register (the page lists rules["regions"])
    assert {"national", "hubei", "beijing", "xinjiang"} <= set(rules["regions"])
    assert set(options("tw")) == {"0", "1", "2"}
    # every level option reads into the level the option names (none for 师承 / 确有专长)
    for option in f["lv"]["options"]:
        profile = reader.profile_from({"lv": option["value"], "md": "full-time", "mj": "clinical"})
        got = [e["level"] for e in profile["education"]]
        assert got[-1:] == ([option["education"]] if "education" in option else []), option


def test_every_text_the_page_uses_exists(root):
    _, finder = compiled(root)
    js = "\n".join((root / path).read_text(encoding="utf-8") for path in JS)
    used = set(re.findall(r"\btx\.([a-z_]+)", js)) | set(re.findall(r"finder\.texts\.([a-z_]+)", js))
    assert "choose_one" in used and "bad_month" in used  # the texts the routing module uses are seen too
    assert used <= set(finder["texts"]), used - set(finder["texts"])


def test_finding_and_material_links_name_real_tools_and_codes(root):
    rules, finder = compiled(root)
    for code, link in finder["finding_links"].items():
        assert code in rules["messages"] and link["tool"] in rules["tools"]
    for material, tool in finder["material_tools"].items():
        assert material in rules["materials"] and tool in rules["tools"]


def test_one_name_per_tool_and_every_page_uses_it(root):
    rules, _ = compiled(root)
    tools = rules["tools"]
    names = [t["name"] for t in tools.values()]
    assert len(set(names)) == len(names)
    for tool_id, tool in tools.items():
        if tool.get("anchor"):
            continue
        page = (root / "docs" / tool["page"]).read_text(encoding="utf-8")
        assert f"title: {tool['name']}" in page and f"# {tool['name']}" in page, tool_id
    # the tools list and the home page name each tool by its one name, as a link
    for page in ("docs/tools/index.md", "docs/index.md"):
        text = (root / page).read_text(encoding="utf-8")
        for tool in tools.values():
            assert f"[{tool['name']}](" in text, (page, tool["name"])
    # the other names the form tool used to have are gone from these pages and the tool texts
    mine = ["docs/index.md", "docs/tools/index.md", *[f"docs/{t['page']}" for t in tools.values()]]
    for path in mine:
        text = (root / path).read_text(encoding="utf-8")
        for old in ("报名表填写预检", "表单预检", "“照片自查”工具"):
            assert old not in text, (path, old)


def test_the_finder_page_links_what_it_names(root):
    page = (root / "docs/tools/pathway/index.md").read_text(encoding="utf-8")
    assert "[报考路径与材料清单](" in page and "[材料自查](" in page
