"""The personal answer for 32 finder profiles (tests/eligibility_profiles.py, written by hand):
the engine and the CLI (``python -m validator pathway "<query>" --json``) must both give the
expected pathways, recommendation and yes/maybe materials. The browser test checks the finder
page and the materials check against the same table."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT
from tests.eligibility_profiles import AS_OF, PROFILES
from validator.api import run
from validator.cli import main
from validator.eligibility.answers import MONTH_KEYS, region_of
from validator.eligibility.pathways import REGISTRY


def engine(query: str) -> dict:
    return run("eligibility", {"answers": query, "region": region_of(query), "as_of": AS_OF})


def cli_json(query: str) -> dict:
    out = io.StringIO()
    assert main(["pathway", query, "--json", "--as-of", AS_OF], out=out, err=io.StringIO()) == 0
    return json.loads(out.getvalue())


def materials(items, key="material") -> tuple[set, set]:
    return {m[key] for m in items if m["applies"] == "yes"}, {
        m[key] for m in items if m["applies"] == "maybe"
    }


def test_the_table_covers_every_pathway_and_at_least_twenty_profiles():
    assert len(PROFILES) >= 20
    seen = {pid for p in PROFILES.values() for pid in p["pathways"]}
    assert seen == set(REGISTRY)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_engine_gives_the_expected_answer(name):
    want = PROFILES[name]
    report = engine(want["query"])
    facts = report["facts"]
    assert {e["pathway"]: e["applies"] for e in facts["applicable"]} == want["pathways"]
    assert facts["recommended"] == want["recommended"]
    assert [e["pathway"] for e in facts["applicable"] if e["recommended"]] == (
        [want["recommended"]] if want["recommended"] else []
    )
    if want["recommended"]:
        top = facts["applicable"][0]
        assert top["recommended"] and top["pathway"] == want["recommended"]
        assert materials(top["materials"]) == (set(want["yes"]), set(want["maybe"]))
        assert all(m["when"] for m in top["materials"] if m["applies"] == "maybe")  # the condition in words
        for other in facts["applicable"][1:]:
            assert other["differs"], other  # what differs from the recommended one, in words
    else:
        assert facts["decisive"]["code"] == want["decisive"]
        assert report["findings"][-1]["code"] == "eligibility.none"
        assert facts["decisive"]["reason"] in report["findings"][-1]["message"]  # decisive reason first
    for pid, spec in want.get("others", {}).items():
        entry = next(e for e in facts["applicable"] if e["pathway"] == pid)
        assert materials(entry["materials"]) == (set(spec["yes"]), set(spec["maybe"]))
    for pid, expected in want.get("reason_codes", {}).items():
        entry = next(e for e in facts["applicable"] if e["pathway"] == pid)
        assert set(expected) <= set(entry["reason_codes"])
    for code in want.get("findings", []):
        assert code in {f["code"] for f in report["findings"]}


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_cli_json_gives_the_same_answer(name):
    want = PROFILES[name]
    out = cli_json(want["query"])
    pathways = {p["id"]: p["applies"] for p in out["pathways"]}
    assert pathways == want["pathways"]
    recommended = [p["id"] for p in out["pathways"] if p["recommended"]]
    assert recommended == ([want["recommended"]] if want["recommended"] else [])
    if want["recommended"]:
        assert out["pathways"][0]["id"] == want["recommended"]  # recommended first
    assert materials(out["materials"], "id") == (set(want["yes"]), set(want["maybe"]))
    assert {r["pathway"] for r in out["reasons"]} == set(REGISTRY) - set(want["pathways"])
    if not want["recommended"]:
        assert out["reasons"][0]["pathway"] == out["decisive"]["pathway"]  # the decisive reason first


def test_cli_runs_as_a_command_with_a_shared_link():
    want = PROFILES["upgrade-full-time"]
    link = f"https://example.org/tools/pathway/?{want['query']}&step=result"
    done = subprocess.run(
        [sys.executable, "-m", "validator", "pathway", link, "--as-of", AS_OF],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "专升本学历报考执业医师" in next(line for line in lines if line.startswith("推荐"))
    assert "[需要] 专科毕业证书（college-diploma）" in done.stdout
    assert "assistant-qualification" not in done.stdout
    assert "Traceback" not in done.stderr


def test_cli_text_and_bad_queries():
    out = io.StringIO()
    assert main(["pathway", PROFILES["nursing"]["query"], "--as-of", AS_OF], out=out) == 0
    text = out.getvalue()
    assert text.splitlines()[1].startswith("没有找到适用的报考路径。最主要的原因：“护理学”")
    bad = io.StringIO()
    assert (
        main(
            ["pathway", "id=mainland&lv=bachelor&mj=clinical&en=2016-13&gr=2021-07", "--as-of", AS_OF],
            out=bad,
        )
        == 1
    )
    assert "入学年月" in bad.getvalue()


def test_months_typed_as_people_type_them_read_as_in_the_page():
    """The CLI reads en=2016/9 as the page does (2016-09), so a pasted query is not refused for it."""
    base = "id=mainland&lv=bachelor&mj=clinical&md=full-time&ct=none&rg=hubei&tl=physician&tc=clinical"
    texts = []
    for en, gr in (("2016-09", "2021-07"), ("2016/9", "2021年7月"), ("201609", "2021.7")):
        out = io.StringIO()
        assert main(["pathway", f"{base}&en={en}&gr={gr}", "--as-of", AS_OF], out=out) == 0
        texts.append(out.getvalue())
    assert texts[0] == texts[1] == texts[2]


def test_the_month_keys_are_the_finders_month_fields():
    screens = yaml.safe_load((ROOT / "content" / "finder.yaml").read_text(encoding="utf-8"))["screens"]
    months = {f["key"] for s in screens for f in s["fields"] if f["type"] == "month"}
    assert months == {"en", "cg", "gr", "en2"}
    assert set(MONTH_KEYS) == months


def test_an_old_link_without_the_bachelor_stage_reads_the_one_mode_it_had():
    """Links made before md2/en2 existed stay valid: the 本科 stage takes md and cg."""
    old = (
        "id=mainland&lv=upgrade&mj=clinical&md=full-time&en=2015-09&cg=2018-07&gr=2020-07"
        "&ct=none&rg=hubei&tl=physician&tc=clinical"
    )
    facts = engine(old)["facts"]
    assert facts["recommended"] == "college-to-bachelor"
    stage = next(e for e in facts["applicable"] if e["pathway"] == "college-to-bachelor")
    assert "eligibility.reason.both_diplomas" in stage["reason_codes"]


def test_answers_a_screen_no_longer_asks_are_ignored():
    """A stale answer (the 乡镇 years once target is 执业医师) reads as the page would send it."""
    base = PROFILES["bachelor-2025"]["query"].replace("tl=any", "tl=physician")
    assert engine(base + "&tw=2")["facts"] == engine(base)["facts"]
