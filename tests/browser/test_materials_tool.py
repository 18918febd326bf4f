"""The materials check in real Chromium: good and bad scans for a Hubei pathway, the summary,
parity with the validator on CPython and with the static checklist page, privacy, 360 px."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from urllib.parse import quote

import pytest

from tests.eligibility_profiles import PROFILES
from tests.gen import photos
from validator.api import run
from validator.host_pillow import decode

AS_OF = "2026-12-15"
READY = 180_000
PATHWAY = "bachelor-physician"


def rules_json(root):
    return json.loads((root / "validator" / "_data" / "rules.json").read_text(encoding="utf-8"))


def required_scans(rules, pathway):
    return [
        m["material"]
        for m in rules["pathways"][pathway]["materials"]
        if m.get("required", True) and rules["materials"][m["material"]]["scan"]
    ]


def cli_verdict(region, material, filename, data):
    """The CLI's path: Pillow decodes (downscaled, EXIF-oriented), validator.api.run judges."""
    pixels, reason = decode(data)
    request = {"region": region, "material": material, "filename": filename, "as_of": AS_OF}
    if pixels is None:
        request["decode_error"] = reason
    return run("scan", request, data, pixels)


def cli_json(*args) -> dict:
    """The real command line (python -m validator ... --json)."""
    args = [sys.executable, "-m", "validator", *args, "--json"]
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def open_tool(page, site_url, pathway=PATHWAY, region="hubei"):
    page.goto(f"{site_url}/tools/materials/?pathway={pathway}&region={region}&as_of={AS_OF}")
    page.wait_for_selector("[data-tool=materials][data-ready=true]", timeout=READY)
    page.wait_for_selector("[data-testid=validator-status][data-state=ready]", timeout=READY)


def attach(page, material, data, name, side=None):
    card = page.locator(f"[data-testid=material][data-material={material}]")
    selector = f"input[type=file][data-side={side}]" if side else "input[type=file]"
    card.locator(selector).first.set_input_files({"name": name, "mimeType": "image/jpeg", "buffer": data})


def card(page, material):
    return page.locator(f"[data-testid=material][data-material={material}]")


def finding_codes(page, material) -> list[str]:
    findings = card(page, material).locator("[data-testid=finding]")
    return findings.evaluate_all("els => els.map(e => e.dataset.code)")


def wait_checked(page, material, name):
    """Wait until the material shows the verdict for this file; returns data-verdict."""
    selector = f"[data-testid=material][data-material={material}][data-file='{name}']"
    page.wait_for_selector(selector, timeout=READY)
    return card(page, material).get_attribute("data-verdict")


def sides(rules, material):
    return rules["materials"][material]["sides"] or [None]


def test_preselected_from_query_and_lists_every_required_material(page, site_url, root):
    rules = rules_json(root)
    open_tool(page, site_url)
    assert page.locator("[data-testid=region-select]").input_value() == "hubei"
    assert page.locator("[data-testid=pathway-select]").input_value() == PATHWAY
    options = page.locator("[data-testid=pathway-select] option").evaluate_all("els => els.map(e => e.value)")
    assert set(options) == set(rules["pathways"])
    listed = page.locator("[data-testid=material]").evaluate_all("els => els.map(e => e.dataset.material)")
    assert listed == required_scans(rules, PATHWAY)
    for material in listed:
        card = page.locator(f"[data-testid=material][data-material={material}]")
        assert card.locator("input[type=file]").count() == len(sides(rules, material))
    summary = page.locator("[data-testid=materials-summary]")
    assert summary.get_attribute("data-missing") == str(len(listed))

    # switching the pathway re-lists the materials and updates the shareable URL
    page.locator("[data-testid=pathway-select]").select_option("assistant-to-physician")
    listed = page.locator("[data-testid=material]").evaluate_all("els => els.map(e => e.dataset.material)")
    assert listed == required_scans(rules, "assistant-to-physician")
    assert "pathway=assistant-to-physician" in page.url


def test_every_card_says_where_to_get_the_material(page, site_url, root):
    """Issue 21's follow-up: outside 湖北 the 学信网 备案表 (in the "may also need" list) said nothing of
    how to get it. Every card and listed material now says where (content/materials.yaml ``where``), as
    我的材料清单 does; a link in it leads into the site."""
    rules = rules_json(root)
    open_tool(page, site_url, region="beijing")
    record = page.locator("[data-testid=material-maybe][data-material=chsi-record]")
    where = record.locator("[data-testid=material-where]").inner_text()
    assert where.startswith("去哪里办：") and "学信网" in where and "在线验证报告" in where, where
    shown = page.locator("[data-testid=material], [data-testid=material-maybe]")
    for i in range(shown.count()):
        item = shown.nth(i)
        material = item.get_attribute("data-material")
        if rules["materials"][material].get("where"):
            assert item.locator("[data-testid=material-where]").count() == 1, material
    link = card(page, "diploma").locator("[data-testid=material-where] a")
    assert link.inner_text() == "常见问题" and link.get_attribute("href").endswith("/faq/#lost-diploma")


def test_good_and_bad_scans_for_a_hubei_pathway(page, site_url, root):
    rules = rules_json(root)
    open_tool(page, site_url)
    materials = required_scans(rules, PATHWAY)
    good = photos.scan_good()
    bad = {
        "small-px.jpg": photos.scan_small_px(),
        "big-bytes.jpg": photos.scan_big_bytes(),
        "grey.jpg": photos.scan_grey(),
        # cut off half-way: unreadable, which fails in every region
        "truncated.jpg": good[: len(good) // 2],
    }
    # every material gets a good scan (each side): nothing is missing afterwards
    for material in materials:
        for side in sides(rules, material):
            name = f"{material}-{side or 'x'}.jpg"
            attach(page, material, good, name, side)
            assert wait_checked(page, material, name) in ("pass", "warn")
    for material in materials:
        assert card(page, material).get_attribute("data-verdict") in ("pass", "warn")
    expected = cli_verdict("hubei", materials[0], "good.jpg", good)["verdict"]
    assert expected in ("pass", "warn")
    summary = page.locator("[data-testid=materials-summary]")
    page.wait_for_selector("[data-testid=materials-summary][data-missing='0']", timeout=READY)
    # nothing the page builds may show a JavaScript null or undefined as words (the DOM writes them out)
    shown = page.inner_text("article")
    assert "null" not in shown and "undefined" not in shown

    # bad scans: the slot shows the validator's verdict and findings; the summary counts it again
    target = next(m for m in materials if sides(rules, m) == [None])
    for name, data in bad.items():
        attach(page, target, data, name)
        verdict = wait_checked(page, target, name)
        report = cli_verdict("hubei", target, name, data)
        assert verdict == report["verdict"], (name, report["findings"])
        assert finding_codes(page, target) == [f["code"] for f in report["findings"]]
        if verdict == "fail":
            assert summary.get_attribute("data-missing") == "1"
    # Hubei's 450 px minimum rests on one undated repost: it warns and says why, it does not fail
    small = cli_verdict("hubei", target, "small-px.jpg", bad["small-px.jpg"])
    assert small["verdict"] == "warn"
    assert any(f.get("reading") for f in small["findings"] if f["severity"] == "warn")
    assert cli_verdict("hubei", target, "truncated.jpg", bad["truncated.jpg"])["verdict"] == "fail"
    assert page.requests_log.foreign(site_url) == []
    # no request carried file bytes
    assert all(size == 0 for method, _, _, size in page.requests_log if method != "GET")
    assert page.js_errors == []


def test_page_equals_cli(page, site_url, root, tmp_path):
    rules = rules_json(root)
    open_tool(page, site_url)
    material = next(m for m in required_scans(rules, PATHWAY) if sides(rules, m) == [None])
    for fixture in ("scan_good", "scan_small_px", "scan_big_bytes", "scan_grey", "scan_blurry"):
        data = getattr(photos, fixture)()
        path = tmp_path / f"{fixture}.jpg"
        path.write_bytes(data)
        attach(page, material, data, path.name)
        verdict = wait_checked(page, material, path.name)
        report = cli_json("scan", "--material", material, "--region", "hubei", "--as-of", AS_OF, str(path))
        assert verdict == report["verdict"], (fixture, report["findings"])
        assert finding_codes(page, material) == [f["code"] for f in report["findings"]], fixture


def test_region_change_rechecks_attached_files(page, site_url, root):
    rules = rules_json(root)
    open_tool(page, site_url)
    material = next(m for m in required_scans(rules, PATHWAY) if sides(rules, m) == [None])
    data = photos.scan_big_bytes()
    attach(page, material, data, "big.jpg")
    for region in ("hubei", "national"):
        page.locator("[data-testid=region-select]").select_option(region)
        want = cli_verdict(region, material, "big.jpg", data)["verdict"]
        assert wait_checked(page, material, "big.jpg") == want
    # another pathway that needs the same material keeps the file (and checks it again)
    other = next(p for p in rules["pathways"] if p != PATHWAY and material in required_scans(rules, p))
    page.locator("[data-testid=pathway-select]").select_option(other)
    assert wait_checked(page, material, "big.jpg") == want


def test_many_large_photos_are_queued_and_page_stays_usable(page, site_url, root):
    rules = rules_json(root)
    open_tool(page, site_url, pathway="assistant-to-physician")
    big = photos.photo_phone_12mp()
    names = []
    for material in required_scans(rules, "assistant-to-physician")[:4]:
        for side in sides(rules, material):
            name = f"phone-{material}-{side or 'x'}.jpg"
            attach(page, material, big, name, side)
            names.append((material, name))
    # while the queue runs the page still answers (the pathway select works)
    assert page.evaluate("1 + 1") == 2
    for _material, name in names:
        page.wait_for_selector(f"[data-testid=material-slot][data-file='{name}']", timeout=READY)
    assert page.js_errors == []


def test_bad_files_get_a_clear_verdict(page, site_url, root):
    rules = rules_json(root)
    open_tool(page, site_url)
    material = next(m for m in required_scans(rules, PATHWAY) if sides(rules, m) == [None])
    bad = {"empty.jpg": b"", "random.jpg": photos.photo_random(), "cut.jpg": photos.photo_truncated()}
    for name, data in bad.items():
        attach(page, material, data, name)
        verdict = wait_checked(page, material, name)
        assert verdict == cli_verdict("hubei", material, name, data)["verdict"] == "fail"
        text = page.locator(f"[data-testid=material][data-material={material}] .ykt-findings").inner_text()
        assert re.search(r"[\u4e00-\u9fff]", text)
    assert page.js_errors == []


CHECKLISTS = ["bachelor-physician", "assistant-to-physician", "military", "hmt-resident"]


@pytest.mark.parametrize("pathway", CHECKLISTS)
def test_static_checklist_lists_the_same_materials(page, site_url, root, pathway):
    rules = rules_json(root)
    open_tool(page, site_url, pathway=pathway)
    tool = page.locator("[data-testid=material]").evaluate_all("els => els.map(e => e.dataset.material)")
    names = page.locator("[data-testid=material] h3").all_inner_texts()
    page.goto(f"{site_url}/checklists/{pathway}/")
    # the checklist page anchors each material as #m-<material id>
    static = page.locator("article [id^='m-']").evaluate_all("els => els.map(e => e.id.slice(2))")
    assert static == [m["material"] for m in rules["pathways"][pathway]["materials"]]
    wanted = set(required_scans(rules, pathway))
    assert tool == [m for m in static if m in wanted]
    text = page.locator("article").inner_text()
    for name in names:
        assert name in text, name


def test_printable_checklist_has_no_file_details(page, site_url, root):
    rules = rules_json(root)
    open_tool(page, site_url)
    material = next(m for m in required_scans(rules, PATHWAY) if sides(rules, m) == [None])
    attach(page, material, photos.scan_good(), "my-secret-name.jpg")
    wait_checked(page, material, "my-secret-name.jpg")
    page.emulate_media(media="print")
    printed = page.locator("body").inner_text()
    assert "my-secret-name" not in printed
    item = page.locator(f"[data-testid=my-checklist] li[data-material={material}]")
    assert item.is_visible()
    assert not page.locator("[data-testid=materials-list]").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"


def test_phone_screen(mobile_context, site_url, artifacts, root):
    rules = rules_json(root)
    page = mobile_context.new_page()
    open_tool(page, site_url)
    material = next(m for m in required_scans(rules, PATHWAY) if sides(rules, m) == [None])
    attach(page, material, photos.scan_small_px(), "small.jpg")
    wait_checked(page, material, "small.jpg")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "materials-360.png"), full_page=True)
    assert mobile_context.requests_log.foreign(site_url) == []


def test_checklists_link_the_tools_they_name(page, site_url, root):
    """Every checklist page links the materials check (preselected), the photo tool and the form
    pre-check, named as content/tools.yaml names them (issue 11 item 6)."""
    rules = rules_json(root)
    tools = rules["tools"]
    for pathway in rules["pathways"]:
        page.goto(f"{site_url}/checklists/{pathway}/")
        for tool in ("materials", "photo", "form", "pathway"):
            link = page.locator(f"article a[data-tool-link={tool}], article a[href*='/tools/{tool}/']").first
            assert link.inner_text().strip() == tools[tool]["name"], (pathway, tool)
        href = page.locator("article a[data-tool-link=materials]").get_attribute("href")
        assert href.endswith(f"tools/materials/?pathway={pathway}")


def test_opened_from_the_finder_the_list_is_the_candidates_own(page, site_url):
    """The finder's answers narrow the list to yes / maybe; another region asks the engine again."""
    answers = (
        "id%3Dmainland%26lv%3Dbachelor%26mj%3Dclinical%26md%3Dfull-time%26en%3D2021-09%26gr%3D2026-07"
        "%26ct%3Dnone%26rg%3Dnational%26tl%3Dany%26tc%3Dany%26tw%3D0"
    )
    page.goto(
        f"{site_url}/tools/materials/?pathway=fresh-graduate&region=national&as_of={AS_OF}&answers={answers}"
    )
    page.wait_for_selector("[data-testid=materials-personal]", timeout=READY)

    def listed():
        pairs = page.locator("[data-tool=materials] [data-applies][data-material]").evaluate_all(
            "els => els.map(e => [e.dataset.material, e.dataset.applies])"
        )
        return dict(pairs)

    # graduated July 2026, outside Hubei: diploma yes, school proof not needed (fresh-graduate conditions)
    national = listed()
    assert national["diploma"] == "yes" and "school-proof" not in national
    assert national["chsi-record"] == "maybe"
    page.locator("[data-testid=region-select]").select_option("hubei")
    page.wait_for_selector("[data-material=school-proof][data-applies=yes]", timeout=READY)
    assert listed()["school-proof"] == "yes"  # Hubei asks every fresh graduate for the school's proof
    assert page.js_errors == []


def test_hubei_takes_the_chsi_record_as_a_code_not_a_file(page, site_url):
    """Seed 000 §二(二)3: Hubei's 省网 takes the 备案表's 在线验证码 (and the 毕业证书 as a file).
    In Hubei the materials check and the personal checklist show a code field checked by format
    instead of the upload slot; 上海 (upload system not known) and no 考区 keep the slot.
    Verdicts by hand: 15 characters fail the 16-character form (G1/G2), a G2 example passes,
    12 digits (the older form) only warn."""
    answers = quote(PROFILES["bachelor-2025"]["query"].replace("rg=national", "rg=hubei"))
    page.goto(f"{site_url}/tools/materials/?pathway={PATHWAY}&region=hubei&as_of={AS_OF}&answers={answers}")
    page.wait_for_selector("[data-testid=materials-personal]", timeout=READY)
    chsi = card(page, "chsi-record")
    assert chsi.get_attribute("data-typed") == "code"
    assert chsi.locator("input[type=file]").count() == 0
    assert "在线验证码" in chsi.locator("[data-testid=code-text]").inner_text()
    assert card(page, "diploma").locator("input[type=file]").count() == 1  # the diploma is still uploaded
    code = chsi.locator("[data-testid=material-code]")
    code.fill("ACY3RBVSBQQDN6Z")
    page.wait_for_selector(
        "[data-testid=material][data-material=chsi-record][data-verdict=fail]", timeout=READY
    )
    assert finding_codes(page, "chsi-record") == ["chsi.code.length"]
    assert code.get_attribute("aria-invalid") == "true"
    # the summary words a code as a code: never an image to scan again, never an image counted
    summary = page.locator("[data-testid=materials-summary]")
    said = summary.inner_text()
    assert "验证码需要核对：教育部学历证书电子注册备案表" in said, said
    assert "还不符合要求" not in said and not re.search("还没有合格文件：[^。]*备案表", said), said
    assert page.locator("[data-testid=summary-images]").count() == 0  # no image chosen yet
    assert "逐项检查材料" in page.locator("#check").inner_text()
    # where the code is, an example-shaped hint, and in plain words how sure the format check is
    where = chsi.locator("[data-testid=code-where]")
    assert "学信档案" in where.inner_text() and "以学信网页面为准" in where.inner_text()
    assert where.locator("a").get_attribute("href").endswith("/guide/hubei/#chsi-code")
    assert "A1B2C3D4E5F6G7H8" in code.get_attribute("placeholder")
    reading = chsi.locator("[data-testid=code-reading]").inner_text()
    assert "本站" in reading and "省网" in reading
    assert chsi.locator("[data-testid=finding-source], [data-testid=finding-reading]").count() == 0
    # a code typed in lower case with spaces: one fix line, with the final form
    code.fill("acy3 rbvs bqqd n6z1")
    page.wait_for_selector(
        "[data-testid=material][data-material=chsi-record][data-verdict=pass]", timeout=READY
    )
    fixes = chsi.locator(".ykt-finding-fix").all_inner_texts()
    assert fixes == ["怎么改：填表时输入：ACY3RBVSBQQDN6Z1"], fixes
    code.fill("ACY3RBVSBQQDN6Z1")
    chsi.locator(".ykt-finding-fix").wait_for(state="detached", timeout=READY)
    assert page.locator("[data-testid=my-checklist] li[data-material=chsi-record]").get_attribute(
        "class"
    ) == ("ykt-done")
    assert "备案表" not in summary.inner_text()  # a passing code is done
    page.wait_for_function("() => (localStorage.getItem('yk-record') || '').includes('\"codes\"')")
    record = json.loads(page.evaluate("localStorage.getItem('yk-record')"))
    assert record["codes"]["chsi-record"] == {"verdict": "pass", "region": "hubei"}
    assert "chsi-record:code" not in record["materials"]["files"]  # one place for a code's verdict
    assert "ACY3RBVSBQQDN6Z1" not in page.evaluate(
        "localStorage.getItem('yk-record')"
    )  # the code is not kept, and the field says so: the verdict is kept, the code is not
    text = chsi.locator("[data-testid=code-text]").inner_text()
    assert "验证码本身不会保存" in text and "只记下检查结论" in text

    # no answers yet: the 备案表 is on the pathway's "may also need" list, and in Hubei that entry is the
    # code field too (no upload slot anywhere for it), outside the required materials
    page.evaluate("localStorage.clear()")
    page.goto(f"{site_url}/tools/materials/?pathway={PATHWAY}&region=hubei&as_of={AS_OF}")
    maybe = page.locator("[data-testid=material-maybe][data-material=chsi-record]")
    maybe.wait_for(timeout=READY)
    assert maybe.get_attribute("data-typed") == "code"
    assert card(page, "chsi-record").count() == 0
    assert page.locator("[data-material=chsi-record] input[type=file]").count() == 0
    assert "在线验证码" in maybe.locator("[data-testid=code-text]").inner_text()
    maybe.locator("[data-testid=material-code]").fill("ACY3RBVSBQQDN6Z1")
    page.wait_for_selector(
        "[data-testid=material-maybe][data-material=chsi-record][data-verdict=pass]", timeout=READY
    )
    assert "ACY3RBVSBQQDN6Z1" not in (page.evaluate("localStorage.getItem('yk-record')") or "")

    # the personal checklist: the same field in Hubei, the verdict kept from the materials check, with
    # the same note as the materials page (the code itself was not kept)
    checklist = f"{site_url}/tools/checklist/?as_of={AS_OF}&region=hubei&pathway={PATHWAY}&answers={answers}"
    page.goto(checklist)
    page.wait_for_selector("[data-testid=personal-checklist][data-state=done]", timeout=READY)
    item = page.locator("[data-testid=personal-material][data-material=chsi-record]")
    assert item.locator("[data-testid=personal-status]").inner_text() == "已检查：通过"
    note = item.locator("[data-testid=code-remembered]").inner_text()
    assert "上次检查过：通过" in note and "验证码本身没有保存" in note and "再填一次" in note
    item.locator("[data-testid=material-code]").fill("828264861563")
    page.wait_for_selector(
        "[data-testid=personal-material][data-material=chsi-record][data-verdict=warn]", timeout=READY
    )
    assert item.locator("[data-testid=personal-status]").inner_text() == "已检查：可用，但请留意"
    assert "备案表（已检查：可用，但请留意）" in page.locator("[data-testid=export-text]").input_value()
    # the 12-digit form: two short sentences, the second the next step; no long paragraph under them
    legacy = item.locator("[data-testid=finding][data-code='chsi.code.legacy']").inner_text()
    assert legacy.count("。") == 2 and "学信网" in legacy, legacy
    # reopened: the checklist's own latest verdict (not the older one from the materials page) ...
    page.wait_for_function("() => (localStorage.getItem('yk-record') || '').includes('\"warn\"')")
    page.goto(checklist)
    page.wait_for_selector("[data-testid=personal-checklist][data-state=done]", timeout=READY)
    assert item.locator("[data-testid=personal-status]").inner_text() == "已检查：可用，但请留意"
    assert "上次检查过：可用，但请留意" in item.locator("[data-testid=code-remembered]").inner_text()
    assert "828264861563" not in page.evaluate("localStorage.getItem('yk-record')")
    # ... and the materials page shows that same latest verdict, with the same note
    page.goto(f"{site_url}/tools/materials/?pathway={PATHWAY}&region=hubei&as_of={AS_OF}&answers={answers}")
    page.wait_for_selector("[data-testid=materials-personal]", timeout=READY)
    kept = card(page, "chsi-record")
    assert kept.get_attribute("data-verdict") == "warn"
    assert "上次检查过：可用，但请留意" in kept.locator("[data-testid=code-remembered]").inner_text()
    assert "验证码本身没有保存" in kept.locator("[data-testid=code-remembered]").inner_text()

    # a 考区 whose upload system is not known, and no 考区 yet: the upload slot, no code field
    for region in ("shanghai", "national"):
        page.goto(
            f"{site_url}/tools/materials/?pathway={PATHWAY}&region={region}&as_of={AS_OF}&answers={answers}"
        )
        page.wait_for_selector("[data-testid=materials-personal]", timeout=READY)
        assert card(page, "chsi-record").locator("input[type=file]").count() == 1, region
        assert page.locator("[data-testid=material-code]").count() == 0, region
        page.goto(
            f"{site_url}/tools/checklist/?as_of={AS_OF}&region={region}&pathway={PATHWAY}&answers={answers}"
        )
        page.wait_for_selector("[data-testid=personal-checklist][data-state=done]", timeout=READY)
        assert page.locator("[data-testid=personal-material][data-material=chsi-record]").count() == 1, region
        assert page.locator("[data-testid=material-code]").count() == 0, region
    assert page.js_errors == []
