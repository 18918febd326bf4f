"""Issue 22: the project's licences and the notices for everything the site ships from others.

Expected values come from the packages' own published terms: Pyodide is MPL-2.0 (its npm
package.json), Material for MkDocs is MIT (its dist-info), lunr-languages is MPL-1.1, CPython's
standard library is under the Python licence. The build check (scripts/notices) is run on a
temporary copy of the built site, exactly as the build's post-build hook runs it.
"""

from __future__ import annotations

import json
import shutil
import tomllib
import zipfile
from pathlib import Path

import pytest

from scripts import notices
from tests.conftest import IN_CI, ROOT
from tests.test_plain_chinese import SITE


def _site() -> Path:
    if not (SITE / "notices" / "index.html").exists():
        if IN_CI:
            pytest.fail("site/ is not built: run `make build` first (make test does it)")
        pytest.skip("site/ is not built (make build)")
    return SITE


def test_the_project_is_mit_everywhere(tmp_path):
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
    assert tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"] == "MIT"
    assert json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["license"] == "MIT"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"][""]["license"] == "MIT"
    from scripts.build_wheel import build

    wheel = build(tmp_path)
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        meta = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        licence = zf.read(next(n for n in names if n.endswith(".dist-info/licenses/LICENSE"))).decode()
    assert "License-Expression: MIT\n" in meta and "License-File: LICENSE\n" in meta
    assert licence.startswith("MIT License\n")


def test_the_content_licence_is_the_cc_by_4_text():
    text = (ROOT / "LICENSE-content").read_text(encoding="utf-8")
    assert text.startswith("Creative Commons Attribution 4.0 International")
    assert "Section 3 – License Conditions." in text


def test_the_declared_packages_resolve_from_lockfiles_and_metadata():
    by_id = {p.id: p for p in notices.load()}
    assert by_id["pyodide"].licence == "MPL-2.0"
    assert by_id["pyodide"].version == "314.0.7"  # package.json pins it
    assert by_id["pyodide"].source == "https://github.com/pyodide/pyodide/tree/314.0.7"
    assert by_id["pyodide"].text.startswith("Mozilla Public License Version 2.0")
    assert by_id["mkdocs-material"].licence == "MIT"
    assert by_id["mkdocs-material"].version == "9.8.1"  # requirements.txt pins it
    assert "Martin Donath" in by_id["mkdocs-material"].text
    assert by_id["lunr-languages"].licence == "MPL-1.1"
    assert by_id["python"].licence == "Python-2.0" and by_id["python"].version.startswith("3.14.")
    assert by_id["yikao"].licence == "MIT"


def test_the_footer_names_both_licences_and_links_the_notices():
    site = _site()
    html = (site / "index.html").read_text(encoding="utf-8")
    footer = html[html.index('data-testid="site-licences"') :]
    footer = footer[: footer.index("</span>")]
    assert "MIT 许可" in footer and "CC BY 4.0 许可" in footer
    assert 'href="notices/' in footer


def test_the_notices_page_lists_every_shipped_package_with_its_licence_and_source():
    site = _site()
    html = (site / "notices" / "index.html").read_text(encoding="utf-8")
    assert "Pyodide" in html and "MPL-2.0" in html
    assert "https://github.com/pyodide/pyodide/tree/314.0.7" in html
    assert "Material for MkDocs" in html and "lunr-languages" in html and "Python-2.0" in html
    assert "Mozilla Public License Version 2.0" in html  # the licence text as it is
    for licence in ("yikao", "pyodide", "python", "mkdocs-material", "lunr-languages"):
        assert (site / "assets" / "licenses" / f"{licence}.txt").stat().st_size > 500


def test_every_file_the_built_site_ships_belongs_to_an_allowed_package():
    site = _site()
    assert notices.problems(site, notices.load(), notices.allowed()) == []
    # only the search languages the site loads are shipped (zh: stemmer support and lunr.zh)
    shipped = sorted(p.name for p in (site / "assets/javascripts/lunr").rglob("*.js"))
    assert shipped == ["lunr.stemmer.support.min.js", "lunr.zh.min.js"]


@pytest.fixture
def site_copy(tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(_site() / "assets", copy / "assets")
    return copy


def test_the_build_refuses_a_file_in_a_vendored_folder_that_no_package_claims(site_copy):
    from mkdocs.exceptions import PluginError

    from scripts.hooks import runtime

    runtime._check_notices(site_copy)  # the copy as built passes
    (site_copy / "assets" / "pyodide" / "extra-package.whl").write_bytes(b"PK\x03\x04")
    (site_copy / "assets" / "javascripts" / "vendor").mkdir()
    (site_copy / "assets" / "javascripts" / "vendor" / "helper.js").write_text("void 0;\n")
    with pytest.raises(PluginError) as refused:
        runtime._check_notices(site_copy)
    message = str(refused.value)
    assert "assets/pyodide/extra-package.whl" in message
    assert "assets/javascripts/vendor/helper.js" in message


def test_a_licence_not_on_the_allow_list_is_refused(site_copy):
    allow = notices.allowed()
    del allow["MPL-2.0"]
    found = notices.problems(site_copy, notices.load(), allow)
    # Pyodide itself, and its own Python modules inside the standard library's zip
    assert found == [
        "pyodide: licence MPL-2.0 is not in scripts/notices/allow.yaml",
        "python: licence MPL-2.0 is not in scripts/notices/allow.yaml",
    ]


def test_every_allowed_licence_says_why():
    for licence, reason in notices.allowed().items():
        assert len(reason) > 10, licence
