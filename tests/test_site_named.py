"""Every official tool the site's text names is a link (scripts/sitegen/named.py; content/tools.yaml
named): the first mention in each section links to the guide's section that says where to get it;
headings, citations, existing links and code stay as written. A phone review found
"官方“医考报名照片检测工具”" named with no link. Expectations written by hand."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from scripts.sitegen.named import Named, dangling, from_content, link_names
from tests.conftest import ROOT

TOOL = Named(
    "official_photo_tool",
    ("医考报名照片检测工具", "官方检测工具", "检测工具"),
    "guide/national.md",
    "photo-tool",
)
A = '<a href="{href}" data-named="official_photo_tool">{text}</a>'


def a(text: str, href: str = "../../guide/national/#photo-tool") -> str:
    return A.format(href=href, text=text)


def test_the_first_mention_in_a_section_is_linked_and_the_next_are_not():
    page = "<h2 id=x>照片</h2><p>先用官方“医考报名照片检测工具”处理。</p><p>再用检测工具检查一次。</p>"
    assert link_names(page, [TOOL], "tools/photo/") == (
        f"<h2 id=x>照片</h2><p>先用官方“{a('医考报名照片检测工具')}”处理。</p><p>再用检测工具检查一次。</p>"
    )


def test_each_section_links_its_own_first_mention():
    page = '<h3 id="a">一</h3><p>官方检测工具</p><h3 id="b">二</h3><p>用检测工具，官方检测工具</p>'
    assert link_names(page, [TOOL], "faq/") == (
        f'<h3 id="a">一</h3><p>{a("官方检测工具", "../guide/national/#photo-tool")}</p>'
        f'<h3 id="b">二</h3><p>用{a("检测工具", "../guide/national/#photo-tool")}，官方检测工具</p>'
    )


def test_headings_citations_links_box_titles_and_code_stay_as_written():
    page = (
        '<h2 id="t">检测工具的两个按钮</h2>'
        '<details class="yk-meta yk-cite"><summary>出处：照片检测工具说明</summary>'
        '<p><a href="../sources/#TOOL1">照片检测工具说明（转载）</a>、检测工具问答</p></details>'
        '<p class="admonition-title">自查不能代替官方检测工具</p>'
        "<p><code>检测工具</code><button>检测工具</button></p>"
        "<p>最后用检测工具。</p>"
    )
    assert link_names(page, [TOOL], "faq/") == page.replace(
        "<p>最后用检测工具。</p>", f"<p>最后用{a('检测工具', '../guide/national/#photo-tool')}。</p>"
    )


def test_the_chapter_of_the_section_the_link_leads_to_links_none_and_the_rest_of_its_page_links_on_the_page():
    page = (
        '<h2 id="photo">照片</h2><p>照片要经过检测工具。</p>'
        '<h3 id="photo-tool">必须经过检测工具</h3><p>官方检测工具在上传页下载。</p>'
        '<h3 id="buttons">两个按钮</h3><p>检测工具有两个按钮</p>'
        '<h2 id="fill">填报</h2><p>上传已经过检测工具处理的照片</p>'
    )
    assert link_names(page, [TOOL], "guide/national/") == page.replace(
        "<p>上传已经过检测工具处理的照片</p>", f"<p>上传已经过{a('检测工具', '#photo-tool')}处理的照片</p>"
    )


def test_the_address_is_relative_to_the_page():
    assert a("检测工具", "guide/national/#photo-tool") in link_names("<p>检测工具</p>", [TOOL], "")
    deep = link_names("<p>检测工具</p>", [TOOL], "a/b/c/")
    assert a("检测工具", "../../../guide/national/#photo-tool") in deep


def test_a_link_that_leads_nowhere_is_named_for_the_administrator(tmp_path: Path):
    said = "content/tools.yaml 的 named → official_photo_tool → see：指南里没有“national#photo-tool”这一节"
    assert dangling([TOOL], tmp_path).startswith(said)
    (tmp_path / "guide" / "national").mkdir(parents=True)
    built = tmp_path / "guide" / "national" / "index.html"
    built.write_text('<h3 id="photo">x</h3>', encoding="utf-8")
    assert dangling([TOOL], tmp_path).startswith(said)
    built.write_text('<h3 id="photo-tool">x</h3>', encoding="utf-8")
    assert dangling([TOOL], tmp_path) == ""


def test_the_content_names_a_guide_section():
    spec = {"names": ["检测工具", "医考报名照片检测工具"], "see": "national#photo-tool"}
    tools = {"named": {"official_photo_tool": spec}}
    assert from_content(tools) == [
        Named("official_photo_tool", ("医考报名照片检测工具", "检测工具"), "guide/national.md", "photo-tool")
    ]


# --- the built site ---------------------------------------------------------------------------------------

SITE = ROOT / "site"
# the forms content/tools.yaml names the official photo tool in, written here by hand
NAMES = ("医考报名照片检测工具", "官方照片检测工具", "照片检测工具", "官方检测工具", "检测工具", "官方工具")
SKIP = {"a", "summary", "button", "label", "code", "pre", "script", "style", "template", "nav",
        "h1", "h2", "h3", "h4", "h5", "h6"}


class _Sections(HTMLParser):
    """The article's sections (from one heading to the next): their id, the text outside links, headings,
    citations and box titles, and the hrefs of the official-tool links in them."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[list] = [["", "", [], ""]]
        self.chapter = ""  # the id of the h2 (or h1) a section is in
        self.stack: list[bool] = []  # per open element: its text is skipped
        self.inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.inside = True
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            if tag in {"h1", "h2"}:
                self.chapter = attrs.get("id", "")
            self.sections.append([attrs.get("id", ""), "", [], self.chapter])
        if tag == "a" and attrs.get("data-named") == "official_photo_tool":
            self.sections[-1][2].append(attrs.get("href", ""))
        classes = (attrs.get("class") or "").split()
        if tag not in {"br", "img", "input", "hr", "meta", "link", "wbr", "source"}:
            parent = bool(self.stack and self.stack[-1])
            self.stack.append(parent or tag in SKIP or "yk-meta" in classes or "admonition-title" in classes)

    def handle_endtag(self, tag):
        if tag == "article":
            self.inside = False
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.inside and not (self.stack and self.stack[-1]):
            self.sections[-1][1] += data


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    if not (SITE / ".csp").exists():
        pytest.fail("site/ is not built: run `make build` first (make test does it)")
    return {
        p.relative_to(SITE).as_posix(): p.read_text(encoding="utf-8")
        for p in SITE.rglob("index.html")
        if not p.relative_to(SITE).as_posix().startswith(("admin/", "assets/"))
    }


def test_every_section_of_every_page_that_names_the_official_photo_tool_links_it(pages):
    unlinked = []
    for name, html in pages.items():
        parser = _Sections()
        parser.feed(html)
        chapters = {section_id: chapter for section_id, _, _, chapter in parser.sections}
        for section_id, text, hrefs, chapter in parser.sections:
            if name == "guide/national/index.html" and chapter == chapters["photo-tool"]:
                continue  # the chapter of the section the links lead to: it is a few lines away
            if any(n in text for n in NAMES) and not hrefs:
                unlinked.append((name, section_id, text.strip()[:60]))
            for href in hrefs:  # each leads to the guide's section, from wherever the page is
                page = "https://example.org/" + name.removesuffix("index.html")
                assert urljoin(page, href) == "https://example.org/guide/national/#photo-tool", (name, href)
    assert not unlinked, unlinked


def test_the_photo_tools_own_words_link_it(pages):
    photo = pages["tools/photo/index.html"]
    for words in ("这张照片仍须用官方“", "裁剪后的照片仍须用官方“"):  # under the compressed and the cropped
        link = r'<a href="\.\./\.\./guide/national/#photo-tool" data-named="official_photo_tool">'
        assert re.search(re.escape(words) + link + "医考报名照片检测工具</a>", photo), words
    # the page's scripts link what they write from the same list
    assert (
        '<template id="yk-named"><a href="../../guide/national/#photo-tool" '
        'data-named="official_photo_tool" data-names="'
    ) in photo
    assert '<h3 id="photo-tool">' in pages["guide/national/index.html"]


def test_a_source_that_is_its_own_confidence_is_named_once(pages):
    """A 考区 page read 出处：本站推断 · 本站推断: the site's inference (its source) with the confidence
    "inferred" (its label). Said once, the label linking the source; on every page, region pages too."""
    import html as htmllib

    doubled = []
    for name, page in pages.items():
        text = htmllib.unescape(re.sub(r"<[^>]+>", "", page))
        doubled += [name for _ in re.finditer(r"本站推断\s*·\s*本站推断", text)]
    assert not doubled, doubled
    gd = pages["regions/guangdong/index.html"]
    linked = (
        r'出处：<a href="\.\./\.\./sources/#INF">'
        r'<span class="yk-conf yk-conf-inferred"[^>]*>本站推断</span></a>'
    )
    assert re.search(linked, gd)


def test_the_sites_own_reading_is_not_shown_as_borrowed_from_another_region(pages):
    """The 600-pixel legibility line is the site's reading, not another 考区's rule borrowed by 广东."""
    import html as htmllib

    text = htmllib.unescape(re.sub(r"<[^>]+>", "", pages["regions/guangdong/index.html"]))
    line = next(x for x in text.splitlines() if x.strip().startswith("字迹可能看不清的最长边"))
    assert "借用" not in line and "600 像素" in line
    # nor dated: its since is the day the site began the check, not a rule's start (read as 今天起)
    assert line.rstrip().endswith("出处：本站推断"), line
    colour = next(x for x in text.splitlines() if x.strip().startswith("必须是彩色扫描件或照片"))
    assert "借用其他考区的说法" in colour and colour.count("只作提醒") == 1
    # the module's fixed counts are borrowed there too (a re-review: only the file rules said so)
    count = next(x for x in text.splitlines() if x.strip().startswith("居民身份证："))
    assert "（借用其他考区的说法，不知道是否适用于广东考区）固定 2 张" in count
    beijing = htmllib.unescape(re.sub(r"<[^>]+>", "", pages["regions/beijing/index.html"]))
    assert "居民身份证：固定 2 张" in beijing  # 北京 uses the module: its own rule


def test_a_region_known_only_from_the_past_lists_what_is_unknown_now(pages):
    """广东's register holds its 2014–2017 省网 and 现场审核, nothing since (regions.yaml: upload system and
    review mode unknown): its page listed only the dates as not found, though its header says 没有找到资料."""
    import html as htmllib

    text = htmllib.unescape(re.sub(r"<[^>]+>", "", pages["regions/guangdong/index.html"]))
    assert "关于广东考区，本站没有找到这些资料：在哪里上传、审核方式、近年的报名和审核日期。" in text
