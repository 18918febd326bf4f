"""Issue 23 item 6, each bug fixed as a kind and tested on the built pages (site/, `make build`):
the checklists' list structure, one name per tool, "back to top" never over the text at 360 px,
no canonical link or sitemap without a public address, the ID card's sides in the card's words."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.conftest import site_content

CONTENT = site_content()
PATHWAYS = {p["id"]: p for p in CONTENT["pathways"]}
TOOLS = CONTENT["extra"]["tools"]["tools"]


class Items(HTMLParser):
    """The text of every <li> (nested items' text stays with the nested item)."""

    def __init__(self):
        super().__init__()
        self.stack: list[list[str]] = []
        self.items: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._a: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.stack.append([])
        elif tag == "a":
            self._a, self._href = [], dict(attrs).get("href") or ""
        elif tag in ("input", "img") and self.stack:
            self.stack[-1].append("■")  # a tick box or an image is content

    def handle_endtag(self, tag):
        if tag == "li" and self.stack:
            self.items.append("".join(self.stack.pop()).strip())
        elif tag == "a" and self._a is not None:
            self.links.append((self._href, "".join(self._a).strip()))
            self._a = None

    def handle_data(self, data):
        if self.stack:
            self.stack[-1].append(data)
        if self._a is not None:
            self._a.append(data)


def parsed(site_dir, path) -> Items:
    parser = Items()
    parser.feed((site_dir / path / "index.html").read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("pid", sorted(PATHWAYS))
def test_checklist_where_to_get_each_material_is_its_own_item_and_no_item_is_empty(site_dir, pid):
    items = parsed(site_dir, f"checklists/{pid}").items
    where = [t for t in items if t.startswith("去哪里办：")]
    assert len(where) == len(PATHWAYS[pid]["materials"])  # one per material, never glued to 格式
    assert not [t for t in items if "去哪里办" in t and not t.startswith("去哪里办：")]
    assert "" not in items, "an empty list item"
    formats = [t for t in items if t.startswith("格式：")]
    assert len(formats) == len(PATHWAYS[pid]["materials"])
    assert not [t for t in formats if re.search(r"\s- \S", t)]


def test_every_link_to_a_tool_uses_the_tool_s_one_name(site_dir):
    # the tool pages' own <title>/<h1> are the same names (test_pathway_content checks the pages)
    urls = {f"tools/{t['page'].split('/')[1]}/": t for t in TOOLS.values()}
    names = {
        url: {t["name"] for t in TOOLS.values() if f"tools/{t['page'].split('/')[1]}/" == url} for url in urls
    }
    wrong = []
    for page in sorted(site_dir.glob("**/index.html")):
        rel = page.parent.relative_to(site_dir).as_posix()
        if rel.startswith(("assets", "admin")):
            continue
        for href, text in parsed(site_dir, rel).links:
            target = re.sub(r"^(\.\./)+|^/", "", href.split("#")[0].split("?")[0])
            # a link naming a tool uses its name (nav entries and buttons included)
            named = any(n in text for n in names.get(target, ())) or "自查工具" in text
            if target in names and text and not text.startswith(("http", "¶")) and not named:
                wrong.append((rel, href, text))
    assert wrong == []


def test_no_canonical_link_or_sitemap_without_a_public_address(site_dir):
    # site/ is built without SITE_URL (make build): nothing may point at 127.0.0.1
    assert not (site_dir / "sitemap.xml").exists() and not (site_dir / "sitemap.xml.gz").exists()
    for page in [
        "index.html",
        "faq/index.html",
        "checklists/fresh-graduate/index.html",
        "tools/form/index.html",
    ]:
        html = (site_dir / page).read_text(encoding="utf-8")
        assert 'rel="canonical"' not in html and "127.0.0.1" not in html, page


def test_id_card_sides_are_named_as_on_the_card(site_dir):
    id_card = next(m for m in CONTENT["materials"] if m["id"] == "id-card")
    assert id_card["side_names"] == {"A": "人像面", "B": "国徽面"}
    for pid in PATHWAYS:
        html = (site_dir / "checklists" / pid / "index.html").read_text(encoding="utf-8")
        assert "正反两面" not in html and "反面" not in html
        if 'id="m-id-card"' in html:
            assert "居民身份证</strong>（人像面和国徽面两面）" in html
    hmt = (site_dir / "checklists" / "hmt-resident" / "index.html").read_text(encoding="utf-8")
    assert "两面：港澳台居民居住证和内地身份证一样分人像面和国徽面" in hmt


@pytest.mark.parametrize("path", ["/faq/", "/checklists/fresh-graduate/", "/guide/national/"])
def test_back_to_top_never_covers_text_at_360_px(mobile_context, site_url, path):
    page = mobile_context.new_page()
    page.goto(site_url + path)
    height = page.evaluate("document.documentElement.scrollHeight")
    # down the page, then up a little: the theme showed its floating button over the text here
    for y in (height // 2, height // 2 - 400, height):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(150)
        floating = page.evaluate(
            """() => [...document.querySelectorAll('body *')].filter(el => {
                 const s = getComputedStyle(el);
                 const shown = s.visibility !== 'hidden' && s.display !== 'none';
                 if (!['fixed', 'sticky'].includes(s.position) || !shown) return false;
                 const r = el.getBoundingClientRect();
                 if (!r.width || !r.height) return false;
                 // the header bar is above the text by design (the skip link shows only on keyboard focus)
                 const above = ['.md-header', '.md-banner', '.md-sidebar', '.md-search', '.md-dialog',
                   '.md-tabs',
                   '.md-skip'].join();
                 return !el.closest(above);
               }).map(el => el.className || el.tagName)"""
        )
        assert floating == [], (path, y, floating)
    link = page.locator("[data-testid=back-to-top]")
    assert link.count() == 1 and link.evaluate("el => getComputedStyle(el).position") == "static"
    box = link.bounding_box()
    assert box["height"] >= 44
    link.click()
    page.wait_for_function("() => window.scrollY === 0")
