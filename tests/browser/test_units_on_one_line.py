"""A number and its unit are never split across lines on a phone, a two-character unit not between its
own characters either (a review at 320 and 360 px read "254 像/素", "30,720 字/节", "45 毫/米", "3 个/月" on
/requirements/, "宽 33 毫米、高 48 毫/米" in the photo tool's landscape finding and "（21,891 字/节）" in
its file line). Measured with each character's own box (a range per character): all characters of a pair
sit on one line. The build holds the pairs in the guide's text (scripts/sitegen/units.py), the tool's script
in the text it writes (tools/dom.js held).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import RUNTIME_TIMEOUT_MS, _new_context, open_tool

# Written here, not read from the site: the review's units, and those the pages use most.
UNITS = ["毫米", "像素", "字节", "KB", "MB", "个月", "天", "年", "月", "日", "岁", "寸", "张", "位", "%"]

# Every "number unit" in the visible text under `selector` (a block's text nodes read together, so that a
# number and a unit in two nodes count too) whose characters are not all on one line: [text, context].
SPLIT_PAIRS = """([selector, units]) => {
  const blockOf = (node) => {
    for (let el = node.parentElement; el; el = el.parentElement) {
      if (getComputedStyle(el).display !== "inline") return el;
    }
    return document.body;
  };
  const alternatives = units.join("|");
  const pattern = new RegExp(`(\\\\d(?:[\\\\d,.]*\\\\d)?)[ \\u00a0]?(?:${alternatives})`, "g");
  const split = [];
  let pairs = 0;
  for (const root of document.querySelectorAll(selector)) {
    const blocks = new Map();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const block = blockOf(node);
      if (!blocks.has(block)) blocks.set(block, []);
      blocks.get(block).push(node);
    }
    for (const nodes of blocks.values()) {
      let text = "";
      const at = [];
      for (const node of nodes) {
        for (let i = 0; i < node.data.length; i++) at.push([node, i]);
        text += node.data;
      }
      for (const m of text.matchAll(pattern)) {
        if (m.index > 0 && /[A-Za-z0-9_.,]/.test(text[m.index - 1])) continue;
        const boxes = [];
        for (let i = m.index; i < m.index + m[0].length; i++) {
          if (/\\s/.test(text[i])) continue;
          const range = document.createRange();
          range.setStart(at[i][0], at[i][1]);
          range.setEnd(at[i][0], at[i][1] + 1);
          const rect = [...range.getClientRects()].find((r) => r.width > 0 && r.height > 0);
          if (rect) boxes.push(rect);
        }
        if (boxes.length < 2) continue;
        pairs += 1;
        const lowestTop = Math.max(...boxes.map((r) => r.top));
        const highestBottom = Math.min(...boxes.map((r) => r.bottom));
        if (lowestTop >= highestBottom) {
          split.push([m[0], text.slice(Math.max(0, m.index - 12), m.index + m[0].length + 4)]);
        }
      }
    }
  }
  return { pairs, split };
}"""


@pytest.mark.parametrize("width", [320, 360])
def test_no_number_and_unit_split_across_lines(browser, site_url, photo_files, width):
    phone = {"viewport": {"width": width, "height": 740}, "is_mobile": True, "has_touch": True}
    context = _new_context(browser, device_scale_factor=2, **phone)
    try:
        page = context.new_page()
        page.goto(site_url + "/requirements/")
        page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        guide = page.evaluate(SPLIT_PAIRS, ["article", UNITS])

        assert open_tool(page, site_url) == "ready"
        path = photo_files["photo_landscape"]
        page.set_input_files("[data-testid=photo-input]", str(path))
        page.wait_for_selector(f'[data-testid=verdict][data-file="{path.name}"]', timeout=RUNTIME_TIMEOUT_MS)
        codes = page.eval_on_selector_all("[data-testid=finding]", "els => els.map((e) => e.dataset.code)")
        assert "photo.shape.landscape" in codes, codes
        shown = '[data-testid=finding][data-code="photo.shape.landscape"], [data-testid=photo-facts]'
        tool = page.evaluate(SPLIT_PAIRS, [shown, UNITS])
        facts = page.inner_text("[data-testid=photo-facts]")
    finally:
        context.close()
    assert guide["pairs"] > 100, guide  # the page's sizes, pixels, dates and months were all measured
    assert tool["pairs"] >= 5, tool  # 567×390 像素, 33 毫米, 48 毫米 in the finding; the file's size
    assert "21,891" in facts, facts
    assert {"requirements": guide["split"], "photo": tool["split"]} == {"requirements": [], "photo": []}
