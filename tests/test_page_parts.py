"""Parts of the tool pages the build writes from content (scripts/sitegen/parts.py, templates/parts/): what
the server sends is what the tool's script would build from the same content, so the first screen does not
jump when the script runs (phone review 19, n3)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.content import load_content
from scripts.sitegen import parts

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


@pytest.fixture(scope="module")
def content() -> dict:
    return load_content(ROOT / "content", codes_package=None, complete=True)


def test_the_region_chooser_lists_every_region_grouped_with_the_note_for_undecided(content):
    page = "x\n<!-- yk-part region-picker testid=form-region note=region -->\ny"
    html, unknown = parts.expand(page, content, "tools/form/", TEMPLATES)
    assert unknown == []
    line = html.splitlines()[1]
    assert line.startswith('<div class="ykt-region" data-testid="region-picker"') and "\n" not in line
    values = re.findall(r'<option value="([^"]+)"', line)
    assert values[0] == "national" and sorted(values) == sorted(r["id"] for r in content["regions"])
    areas = re.findall(r'<optgroup label="([^"]+)"', line)
    assert areas == ["华北", "东北", "华东", "华中", "华南", "西南", "西北"]
    assert '<option value="hubei">湖北</option>' in line
    assert 'data-testid="form-region"' in line and "name=" not in line
    assert "还没选考区：" in line and 'href="../../regions/"' in line  # the page's way to the site root
    assert ">各考区一览</a>" in line


def test_the_photo_tool_gets_the_photo_note_and_its_select_name(content):
    page = "<!-- yk-part region-picker testid=photo-region name=region note=photo -->"
    html, _ = parts.expand(page, content, "tools/photo/", TEMPLATES)
    assert 'data-testid="photo-region" name="region"' in html
    assert 'data-rule="photo"' in html and 'href="../../requirements/#photo"' in html
    assert "选不选考区，检查结果都一样" in html


def test_the_finders_first_question_is_the_first_screen_of_the_finder(content):
    html, _ = parts.expand("<!-- yk-part finder-first -->", content, "tools/pathway/", TEMPLATES)
    first = content["extra"]["finder"]["screens"][0]
    assert f'data-question="{first["id"]}"' in html and f">{first['title']}</h2>" in html
    radios = re.findall(r'<input type="radio" name="([^"]+)" value="([^"]+)"', html)
    assert radios == [(f["key"], o["value"]) for f in first["fields"] for o in f["options"]]
    assert ">第 1 步</p>" in html and ">下一步</button>" in html


def test_a_part_without_a_template_is_reported(content):
    page = "<!-- yk-part no-such-part -->"
    html, unknown = parts.expand(page, content, "tools/form/", TEMPLATES)
    assert unknown == ["no-such-part"] and html == page
