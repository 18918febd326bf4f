"""The pathway finder in real Chromium: whole journeys, shareable URLs, back/forward, parity with the rules.

Each journey answers the screens the page actually shows (the page decides which screens apply),
then checks the listed pathways against (a) what the rules must say for that profile and (b) the
validator run on CPython for the exact request the page sent to the worker.
"""

from __future__ import annotations

import pytest

from tests.gen import photos
from validator.api import run

AS_OF = "2026-12-15"
READY = 180_000  # ms: Pyodide start-up on a busy 2-core machine (a wait, not an assertion)

# answers per screen id; "expect" = pathways that must be listed, "absent" = ones that must not.
JOURNEYS = {
    "bachelor-clinical": {
        "answers": {
            "identity": "mainland", "level": "bachelor", "major": "clinical", "mode": "full-time",
            "dates": ("2016-09", "2021-07"), "certificate": "none", "region": "national",
            "target": ("physician", "clinical"),
        },
        "expect": {"bachelor-physician"},
    },
    "college-hubei": {
        "answers": {
            "identity": "mainland", "level": "college", "major": "clinical", "mode": "full-time",
            "dates": ("2019-09", "2022-07"), "certificate": "none", "region": "hubei",
            "target": ("assistant", "clinical"),
        },
        "expect": {"college-assistant"},
    },
    "assistant-upgrade": {
        "answers": {
            "identity": "mainland", "level": "college", "major": "clinical", "mode": "full-time",
            "dates": ("2011-09", "2014-07"), "certificate": ("assistant", "clinical", "2019-03-01"),
            "region": "national", "target": ("physician", "clinical"),
        },
        "expect": {"assistant-to-physician"},
    },
    "nursing": {
        "answers": {
            "identity": "mainland", "level": "bachelor", "major": "nursing", "mode": "full-time",
            "dates": ("2016-09", "2020-07"), "certificate": "none", "region": "national",
            "target": ("any", "any"),
        },
        "expect": set(),
        "not_applicable": {"bachelor-physician"},
    },
    "postgraduate-pending": {
        "answers": {
            "identity": "mainland", "level": "master-professional", "major": "clinical", "mode": "full-time",
            "dates": ("2024-09", "pending"), "certificate": "none", "region": "national",
            "target": ("physician", "clinical"),
        },
        "expect": {"postgraduate-professional"},
    },
    "hong-kong": {
        "answers": {
            "identity": "hmt", "level": "bachelor", "major": "clinical", "mode": "full-time",
            "dates": ("2015-09", "2020-07"), "certificate": "none", "region": "national",
            "target": ("physician", "clinical"),
        },
        "expect": {"hmt-resident"},
    },
    "foreign": {
        "answers": {
            "identity": "foreign", "level": "bachelor", "major": "clinical", "mode": "full-time",
            "dates": ("2015-09", "2020-07"), "certificate": "none", "region": "hubei",
            "target": ("physician", "clinical"),
        },
        "expect": {"foreign-national"},
    },
    "military": {
        "answers": {
            "identity": "military", "level": "bachelor", "major": "clinical", "mode": "full-time",
            "dates": ("2016-09", "2021-07"), "certificate": "none", "region": "hubei",
            "target": ("physician", "clinical"),
        },
        "expect": {"military"},
    },
    "upgrade": {
        "answers": {
            "identity": "mainland", "level": "upgrade", "major": "clinical", "mode": "full-time",
            "dates": ("2015-09", "2018-07", "2020-07"), "certificate": "none", "region": "hubei",
            "target": ("physician", "clinical"),
        },
        "expect": {"college-to-bachelor"},
    },
    "rural-general": {
        "answers": {
            "identity": "mainland", "level": "college", "major": "clinical", "mode": "full-time",
            "dates": ("2019-09", "2022-07"), "certificate": "none", "region": "national",
            "target": ("assistant", "rural-general"), "township": "1",
        },
        "expect": {"rural-general-assistant"},
    },
    "secondary-2005": {
        "answers": {
            "identity": "mainland", "level": "secondary", "major": "clinical", "mode": "full-time",
            "dates": ("2005-09", "2008-07"), "certificate": "none", "region": "hubei",
            "target": ("assistant", "clinical"),
        },
        "expect": {"secondary-assistant"},
    },
    "overseas": {
        "answers": {
            "identity": "mainland", "level": "bachelor", "major": "clinical", "mode": "overseas",
            "dates": ("2014-09", "2020-07"), "certificate": "none", "region": "national",
            "target": ("physician", "clinical"),
        },
        "expect": {"overseas-degree"},
    },
    "apprentice": {
        "answers": {
            "identity": "mainland", "level": "tcm-apprentice", "certificate": "none", "region": "national",
            "target": ("assistant", "tcm"),
        },
        "expect": {"tcm-apprentice"},
    },
}


def open_finder(page, site_url, query=""):
    page.goto(f"{site_url}/tools/pathway/?as_of={AS_OF}{query}")
    page.wait_for_selector("[data-tool=pathway][data-ready=true]", timeout=READY)


def answer_screen(page, step, value):
    form = page.locator(f"[data-testid=finder-question][data-question={step}]")
    if step in ("identity", "level", "major", "mode", "region", "township"):
        form.locator(f"input[type=radio][value='{value}']").check()
    elif step == "dates":
        if len(value) == 3:
            entry, college, graduated = value
            form.locator("[data-testid=input-cg]").fill(college)
        else:
            entry, graduated = value
        form.locator("[data-testid=input-en]").fill(entry)
        if graduated == "pending":
            form.locator("[data-testid=input-pending]").check()
        else:
            form.locator("[data-testid=input-gr]").fill(graduated)
    elif step == "certificate":
        if value == "none":
            form.locator("input[type=radio][value=none]").check()
        else:
            kind, category, registered = value
            form.locator(f"input[type=radio][value='{kind}']").check()
            form.locator("[data-testid=input-cc]").select_option(category)
            form.locator("[data-testid=input-cr]").fill(registered)
    elif step == "target":
        form.locator("[data-testid=input-tl]").select_option(value[0])
        form.locator("[data-testid=input-tc]").select_option(value[1])
    form.locator("[data-testid=finder-next]").click()


def walk(page, answers) -> list[str]:
    """Answer every screen the page shows until the result; returns the screens seen."""
    seen = []
    for _ in range(12):
        view = page.locator("[data-testid=finder-view]")
        view.locator("[data-testid=finder-question], [data-testid=finder-result]").first.wait_for()
        step = view.get_attribute("data-step")
        if step == "result":
            return seen
        assert step not in seen, f"screen {step} shown twice"
        seen.append(step)
        answer_screen(page, step, answers.get(step, "0"))
    raise AssertionError(f"no result after {seen}")


def listed(page, testid) -> set[str]:
    return set(page.locator(f"[data-testid={testid}]").evaluate_all("els => els.map(e => e.dataset.pathway)"))


def result_of(page):
    page.wait_for_selector("[data-testid=finder-result][data-state=done]", timeout=READY)
    shown = listed(page, "pathway-result")
    missing = listed(page, "pathway-not-applicable")
    request = page.evaluate("document.querySelector('[data-testid=finder-result]').request")
    return shown, missing, request


@pytest.mark.parametrize("name", sorted(JOURNEYS))
def test_journey(page, site_url, name):
    journey = JOURNEYS[name]
    open_finder(page, site_url)
    seen = walk(page, journey["answers"])
    assert len(seen) <= 9, seen
    shown, not_applicable, request = result_of(page)

    assert journey["expect"] <= shown, (name, shown)
    if not journey["expect"]:
        assert not shown, (name, shown)
        page.locator("[data-testid=finder-none]").wait_for()
    assert journey.get("not_applicable", set()) <= not_applicable

    # parity: the same request through the validator on CPython lists the same pathways
    report = run("eligibility", request)
    assert shown == {a["pathway"] for a in report["facts"]["applicable"]}
    assert not_applicable == {a["pathway"] for a in report["facts"]["not_applicable"]}
    assert request["as_of"] == AS_OF and request["region"] == journey["answers"]["region"]

    # every applicable pathway links to its checklist and to the materials check, preselected
    for pathway in shown:
        item = page.locator(f"[data-testid=pathway-result][data-pathway={pathway}]")
        checklist = item.locator("[data-testid=checklist-link]").get_attribute("href")
        assert checklist.endswith(f"/checklists/{pathway}/")
        href = item.locator("[data-testid=materials-link]").get_attribute("href")
        assert f"pathway={pathway}" in href and f"region={request['region']}" in href
    assert page.requests_log.foreign(site_url) == []
    assert page.js_errors == []


def test_nursing_reason_is_shown(page, site_url):
    open_finder(page, site_url)
    walk(page, JOURNEYS["nursing"]["answers"])
    _, _, request = result_of(page)
    report = run("eligibility", request)
    reasons = [r for item in report["facts"]["not_applicable"] if item["pathway"] == "bachelor-physician"
               for r in item["reasons"]]
    assert reasons
    text = page.locator("[data-testid=pathway-not-applicable][data-pathway=bachelor-physician]").inner_text()
    assert all(reason in text for reason in reasons)


def test_url_is_shareable_and_back_forward_work(page, context, site_url):
    open_finder(page, site_url)
    walk(page, JOURNEYS["bachelor-clinical"]["answers"])
    shown, _, _ = result_of(page)
    shared = page.url
    assert "step=result" in shared and "lv=bachelor" in shared

    # a fresh tab opened from the link shows the same result without any question
    other = context.new_page()
    other.goto(shared)
    other.wait_for_selector("[data-testid=finder-result][data-state=done]", timeout=READY)
    assert other.locator("[data-testid=pathway-result]").first.is_visible()
    # the result is usable: its links can be clicked (nothing covers the page)
    other.locator("[data-testid=checklist-link]").first.click(trial=True)
    assert listed(other, "pathway-result") == shown
    other.close()

    # back goes to the previous screen with its answer kept; forward returns to the result
    page.go_back()
    page.wait_for_selector("[data-testid=finder-question][data-question=target]")
    assert page.locator("[data-testid=input-tl]").input_value() == "physician"
    page.go_back()
    page.wait_for_selector("[data-testid=finder-question][data-question=region]")
    assert page.locator("input[type=radio][value=national]").is_checked()
    page.go_forward()
    page.go_forward()
    page.wait_for_selector("[data-testid=finder-result][data-state=done]", timeout=READY)
    assert page.requests_log.foreign(site_url) == []


def test_bad_input_gets_a_message_and_no_progress(page, site_url):
    open_finder(page, site_url)
    page.locator("[data-testid=finder-next]").click()  # nothing chosen
    error = page.locator("[data-testid=finder-error]")
    error.wait_for()
    assert error.inner_text().strip()
    assert page.locator("[data-testid=finder-view]").get_attribute("data-step") == "identity"
    for step in ("identity", "level", "major", "mode"):
        answer_screen(page, step, JOURNEYS["bachelor-clinical"]["answers"][step])
    form = page.locator("[data-testid=finder-question][data-question=dates]")
    form.locator("[data-testid=input-en]").fill("2016/9")
    form.locator("[data-testid=input-gr]").fill("2021-07")
    form.locator("[data-testid=finder-next]").click()
    page.locator("[data-testid=finder-error]").wait_for()
    assert page.locator("[data-testid=finder-view]").get_attribute("data-step") == "dates"
    assert page.js_errors == []


def test_phone_screen(mobile_context, site_url, artifacts):
    page = mobile_context.new_page()
    page.goto(f"{site_url}/tools/pathway/?as_of={AS_OF}")
    page.wait_for_selector("[data-tool=pathway][data-ready=true]", timeout=READY)
    page.screenshot(path=str(artifacts / "pathway-360-question.png"), full_page=True)
    walk(page, JOURNEYS["assistant-upgrade"]["answers"])
    page.wait_for_selector("[data-testid=finder-result][data-state=done]", timeout=READY)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts / "pathway-360-result.png"), full_page=True)
    assert mobile_context.requests_log.foreign(site_url) == []


def test_works_offline_after_one_visit(page, context, site_url):
    open_finder(page, site_url)
    page.wait_for_selector("[data-testid=validator-status][data-state=ready]", timeout=READY)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    context.set_offline(True)
    try:
        page.reload()
        page.wait_for_selector("[data-tool=pathway][data-ready=true]", timeout=READY)
        walk(page, JOURNEYS["college-hubei"]["answers"])
        shown, _, request = result_of(page)
        assert shown == {a["pathway"] for a in run("eligibility", request)["facts"]["applicable"]}
        # the materials check linked from the result opens offline too
        page.locator("[data-testid=materials-link]").first.click()
        page.wait_for_selector("[data-tool=materials][data-ready=true]", timeout=READY)
        material = page.locator("[data-testid=material]").first
        material.locator("input[type=file]").first.set_input_files(
            {"name": "offline.jpg", "mimeType": "image/jpeg", "buffer": photos.scan_good()}
        )
        checked = "[data-testid=material-slot][data-file='offline.jpg'][data-verdict]"
        page.wait_for_selector(checked, timeout=READY)
    finally:
        context.set_offline(False)
    assert page.requests_log.foreign(site_url) == []


def test_back_button_on_a_shared_mid_journey_link(page, site_url):
    query = "&id=mainland&lv=college&mj=clinical&md=full-time&en=2011-09&gr=2014-07&step=certificate"
    open_finder(page, site_url, query)
    page.wait_for_selector("[data-testid=finder-question][data-question=certificate]")
    page.locator("[data-testid=finder-back]").click()
    page.wait_for_selector("[data-testid=finder-question][data-question=dates]")
    assert page.locator("[data-testid=input-en]").input_value() == "2011-09"
    assert "/tools/pathway/" in page.url
    # a link that skips unanswered screens lands on the first open one
    open_finder(page, site_url, "&id=mainland&step=result")
    page.wait_for_selector("[data-testid=finder-question][data-question=level]")


def test_without_webassembly_the_finder_points_to_the_checklists(page, site_url):
    page.add_init_script("delete globalThis.WebAssembly")
    query = "&id=mainland&lv=bachelor&mj=clinical&md=full-time&en=2016-09&gr=2021-07&ct=none&rg=national"
    open_finder(page, site_url, query + "&tl=physician&tc=clinical&step=result")
    page.wait_for_selector("[data-testid=validator-status][data-state=error]", timeout=READY)
    page.wait_for_selector("[data-testid=finder-result][data-state=error]", timeout=READY)
    link = page.locator("[data-testid=finder-result] a")
    assert link.first.get_attribute("href").endswith("/checklists/")
    assert page.locator("[data-testid=finder-result] [role=alert]").inner_text().strip()
    assert page.js_errors == []
