"""content/finder.yaml stays in step with the finder's routing and with the eligibility engine.

No browser needed: the question ids must be the screens pathway.js routes, and every option value
the page turns into a profile must be one the validator accepts (so an edit to the wording file
cannot silently produce profiles the rules reject).
"""

from __future__ import annotations

import json
import re

from validator.eligibility import profile as engine

JS = "docs/assets/js/tools/pathway.js"


def finder(root):
    rules = json.loads((root / "validator" / "_data" / "rules.json").read_text(encoding="utf-8"))
    return rules, rules["finder"]


def options(question, key="options"):
    return [o["value"] for o in question[key]]


def test_questions_match_the_routed_screens(root):
    _, f = finder(root)
    js = (root / JS).read_text(encoding="utf-8")
    block = js[js.index("const STEPS") :]
    steps = re.findall(r'id: "([a-z-]+)"', block[: block.index("];")])
    assert [q["id"] for q in f["questions"]] == steps
    assert len(steps) <= 9  # about eight screens at most; some are skipped by the answers


def test_option_values_are_what_the_engine_accepts(root):
    rules, f = finder(root)
    q = {x["id"]: x for x in f["questions"]}
    assert set(options(q["identity"])) == {*engine.IDENTITIES, "military"}
    modes = set(options(q["mode"]))
    assert modes - {"overseas"} <= set(engine.MODES)
    levels = {v.split("-")[0] for v in options(q["level"]) if not v.startswith("tcm-")}
    assert levels - {"upgrade"} <= set(engine.LEVELS)
    routes = {v.removeprefix("tcm-") for v in options(q["level"]) if v.startswith("tcm-")}
    assert routes == set(engine.TCM_ROUTES)
    assert set(options(q["certificate"])) - {"none"} == set(engine.CERT_TYPES)
    assert set(options(q["target"], "levels")) - {"any"} == set(engine.TARGET_LEVELS)
    assert set(options(q["target"], "categories")) - {"any"} == set(engine.CATEGORIES)
    assert set(options(q["region"])) == set(rules["regions"])
    assert {o["value"] for o in q["township"]["options"]} == {"0", "1", "2"}


def test_every_text_the_page_uses_exists(root):
    _, f = finder(root)
    js = (root / JS).read_text(encoding="utf-8")
    used = set(re.findall(r"\btx\.([a-z_]+)", js)) | set(re.findall(r"finder\.texts\.([a-z_]+)", js))
    assert used <= set(f["texts"]), used - set(f["texts"])
