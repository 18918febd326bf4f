"""The finder's routing without a browser: for each of the 27 hand-written profiles
(tests/eligibility_profiles.py), the page's own routing module (docs/assets/js/tools/finder-logic.js,
run by Node) and the Python reading of content/finder.yaml (validator.eligibility.answers: the CLI's)
ask the same screens, keep the same answers, and find every screen answered. The browser test walks the
real page; this one runs in `make test-fast`."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.conftest import ROOT
from tests.eligibility_profiles import AS_OF, PROFILES
from validator.eligibility.answers import asked, holds, parse


@pytest.fixture(scope="module")
def js_routes(rules):
    if not shutil.which("node"):
        pytest.fail("node is required (make bootstrap)")
    cases = [parse(p["query"]) for p in PROFILES.values()]
    proc = subprocess.run(
        ["node", "tests/js/finder_routes.mjs", "validator/_data/rules.json", AS_OF],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return dict(zip(PROFILES, json.loads(proc.stdout), strict=True))


@pytest.mark.parametrize("name", list(PROFILES))
def test_page_and_python_route_a_profile_alike(name, js_routes, rules):
    screens = rules.data["finder"]["screens"]
    answers = parse(PROFILES[name]["query"])
    route = js_routes[name]
    assert route["screens"] == [s["id"] for s in screens if holds(s.get("when"), answers)]
    assert route["asked"] == asked(screens, answers)
    # a complete profile: every screen it is asked is answered acceptably, so the page shows the result
    assert route["problems"] == {screen: None for screen in route["screens"]}
    assert route["open"] == "result"

