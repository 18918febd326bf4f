// tools/common.js in Node: placeholders, calendar days, parameter values by date and 考区, the findings list.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  debounce,
  fill,
  findingItem,
  findingsList,
  isDay,
  madeWorse,
  pageFix,
  paramValue,
  staleWhileWaiting,
} from "../../docs/assets/js/tools/common.js";
import { installDom } from "./dom.mjs";

installDom();

test("fill replaces known placeholders and keeps unknown ones", () => {
  assert.equal(fill("{a}, and {b}", { a: 1 }), "1, and {b}");
  assert.equal(fill(null, { a: 1 }), "");
  assert.equal(fill("{n}", { n: 0 }), "0");
});

test("fill writes plain text, ordinary spaces (held keeps the number and unit together on the page)", () => {
  assert.equal(fill("小于 {k} KB、白底", { k: 30 }), "小于 30 KB、白底");
  assert.equal(fill("{w}×{h} 像素", { w: 190, h: 254 }), "190×254 像素");
  assert.equal(fill("{months} 个月 {days} 天", { months: 11, days: 29 }), "11 个月 29 天");
  assert.equal(fill("到 {day} 将满一年", { day: "2027-05-31" }), "到 2027-05-31 将满一年"); // not a number
});

test("isDay accepts real calendar days written YYYY-MM-DD only", () => {
  assert.equal(isDay("2024-02-29"), true); // a leap year
  assert.equal(isDay("2023-02-29"), false);
  assert.equal(isDay("2027-04-31"), false);
  assert.equal(isDay("2027-13-01"), false);
  assert.equal(isDay("2027-1-01"), false);
  assert.equal(isDay(" 2027-01-01"), false);
  assert.equal(isDay(null), false);
  assert.equal(isDay(undefined), false);
});

const RULES = {
  regions: { national: {}, hubei: {}, wuhan: { uses: "hubei" } },
  parameters: {
    "photo.max_bytes": {
      values: [
        { since: "2020-01-01", value: 30720 },
        { since: "2027-01-01", value: 40960 },
      ],
      regions: { hubei: [{ since: "2021-01-01", value: 51200 }] },
    },
  },
};

test("paramValue picks the latest value in force on the date, for the 考区 or the profile it uses", () => {
  assert.equal(paramValue(RULES, "photo.max_bytes", "national", "2026-12-31"), 30720);
  assert.equal(paramValue(RULES, "photo.max_bytes", "national", "2027-01-01"), 40960);
  assert.equal(paramValue(RULES, "photo.max_bytes", "national"), 40960); // no date: the latest
  assert.equal(paramValue(RULES, "photo.max_bytes", "hubei", "2026-12-31"), 51200);
  assert.equal(paramValue(RULES, "photo.max_bytes", "wuhan", "2026-12-31"), 51200);
  assert.equal(paramValue(RULES, "photo.nope", "national", "2026-12-31"), undefined);
});

test("findingsList: none is no list; each finding a list item with its message, fix, reading and source", () => {
  assert.equal(findingsList([], {}), null);
  const list = findingsList(
    [
      { code: "a.b", severity: "warn", message: "M1", fix: "F1", reading: "R1", source: { line: "S1" } },
      { code: "c.d", severity: "fail", message: "M2" },
    ],
    { fix_prefix: "fix: " },
  );
  assert.equal(list.tagName, "UL");
  assert.equal(list.className, "ykt-findings");
  const [first, second] = list.children;
  assert.equal(first.className, "ykt-finding ykt-warn");
  assert.equal(first.getAttribute("data-code"), "a.b");
  assert.equal(first.getAttribute("data-testid"), "finding");
  assert.deepEqual(
    first.children.map((c) => c.textContent),
    ["M1", "fix: F1", "R1", "S1"],
  );
  // a finding without fix, reading or source shows its message only: never "undefined" or "null"
  assert.deepEqual(
    second.children.map((c) => c.textContent),
    ["M2"],
  );
  assert.equal(second.className, "ykt-finding ykt-fail");
});

test("findingItem as the photo tool uses it: title, measured and expected with labels, its own fix", () => {
  const finding = { code: "photo.size.too_large", severity: "fail", message: "M", measured: "31 KB", fix: "F" };
  const labels = { fix_prefix: "Fix: ", measured_prefix: "Measured: ", expected_prefix: "Expected: " };
  const item = findingItem(finding, labels, { prefix: "yk", title: "T", fix: "Use the button" });
  assert.equal(item.className, "yk-finding yk-fail");
  assert.equal(item.getAttribute("data-severity"), "fail");
  assert.deepEqual(
    item.children.map((c) => [c.tagName, c.className, c.textContent]),
    [
      ["STRONG", "yk-finding-title", "T"],
      ["SPAN", "yk-finding-message", "M"],
      ["SPAN", "yk-finding-measured", "Measured: 31 KB"],
      ["SPAN", "yk-finding-fix", "Fix: Use the button"],
    ],
  );
  // without labels (the tool pages) a figure is not shown
  const plain = findingItem(finding, {});
  assert.deepEqual(
    plain.children.map((c) => c.textContent),
    ["M", "F"],
  );
});

test("findingItem shows the page's own sentence (fix_page) after the fix; the caller's fix replaces both", () => {
  const finding = { code: "photo.face.small", severity: "warn", message: "M", fix: "F1。", fix_page: "P1。" };
  assert.deepEqual(
    findingItem(finding, { fix_prefix: "fix: " }).children.map((c) => c.textContent),
    ["M", "fix: F1。P1。"],
  );
  assert.equal(pageFix(finding), "F1。P1。");
  assert.equal(pageFix({ fix: "F" }), "F"); // no page sentence: never "undefined"
  assert.deepEqual(
    findingItem(finding, {}, { fix: "Use the button" }).children.map((c) => c.textContent),
    ["M", "Use the button"],
  );
});

test("findingItem does not repeat a figure the message already states", () => {
  const labels = { measured_prefix: "Measured: ", expected_prefix: "Expected: " };
  const finding = {
    code: "photo.background.busy",
    severity: "fail",
    message: "背景看起来不是纯色（背景起伏 10.1），像是有图案或物体。",
    measured: "背景起伏 10.1",
    expected: "小于 2.5",
  };
  assert.deepEqual(
    findingItem(finding, labels).children.map((c) => c.textContent),
    [finding.message, "Expected: 小于 2.5"],
  );
});

test("a crop is worse when it loses the face or fails a rule the original did not fail", () => {
  const lost = new Set(["photo.face.none"]);
  const original = {
    findings: [
      { code: "photo.face.small", severity: "warn" },
      { code: "photo.size.too_large", severity: "fail" },
    ],
  };
  // the busy-background fail is new; the size fail was there before; the warning is not a fail
  const cropped = {
    findings: [
      { code: "photo.background.busy", severity: "fail" },
      { code: "photo.size.too_large", severity: "fail" },
      { code: "photo.face.top", severity: "warn" },
    ],
  };
  assert.deepEqual(
    madeWorse(original, cropped, lost).map((f) => f.code),
    ["photo.background.busy"],
  );
  // a lost face is worse even as a warning
  const noFace = { findings: [{ code: "photo.face.none", severity: "warn" }] };
  assert.deepEqual(
    madeWorse(original, noFace, lost).map((f) => f.code),
    ["photo.face.none"],
  );
  // a crop that fixed the framing and added nothing: not worse
  assert.deepEqual(madeWorse(original, { findings: [] }, lost), []);
  assert.deepEqual(madeWorse(null, null), []);
});

test("a result shown for earlier input is marked pending at once while the new check waits", async () => {
  const out = { dataset: { state: "done" } };
  const runs = [];
  const later = debounce((v) => runs.push(v), 20, staleWhileWaiting(out));
  later("2025-08-01");
  assert.equal(out.dataset.state, "pending"); // at once, before the check runs
  later("2026-11-30");
  assert.deepEqual(runs, []);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(runs, ["2026-11-30"]); // one check, for the latest input
  for (const state of ["checking", "empty", "error"]) {
    const other = { dataset: { state } };
    staleWhileWaiting(other)();
    assert.equal(other.dataset.state, state); // only a finished result goes stale
  }
  staleWhileWaiting(null)(); // a page without the element: nothing happens
});

test("a waiting call can be run at once (flush), and only once", async () => {
  const runs = [];
  const later = debounce((v) => runs.push(v), 20);
  later.flush(); // nothing waiting: nothing runs
  later("a");
  later("b");
  later.flush();
  assert.deepEqual(runs, ["b"]);
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.deepEqual(runs, ["b"]); // the timer was cleared: not run twice
});

test("held keeps each number with its unit in one nowrap span, two-character units whole", async () => {
  const { held, unitPattern } = await import("../../docs/assets/js/tools/dom.js");
  const units = unitPattern(["个", "个月", "字节", "毫米", "KB", "年", "月", "日"]);
  const shown = (text) => held(text, units).map((p) => (typeof p === "string" ? p : `[${p.textContent}]`));
  assert.deepEqual(shown("近 6 个月内"), ["近 ", "[6 个月]", "内"]);
  assert.deepEqual(shown("宽 33 毫米、高 48 毫米）"), ["宽 ", "[33 毫米]", "、高 ", "[48 毫米]", "）"]);
  assert.deepEqual(shown("（21,891\u00a0字节）"), ["（", "[21,891\u00a0字节]", "）"]);
  assert.deepEqual(shown("28.3 KB"), ["[28.3 KB]"]);
  assert.deepEqual(shown("2021年9月1日"), ["[2021年]", "[9月]", "[1日]"]);
  assert.deepEqual(shown("P25 年、第 3 步"), ["P25 年、第 3 步"]); // after a letter; 步 is not a unit
  assert.deepEqual(shown(""), [""]);
  assert.equal(held("30 KB", null)[0], "30 KB"); // no units on the page: the text as it is
  assert.equal(held("30 KB", units)[0].className, "yk-nw");
});

test("named links the first mention of an official tool, its earliest and there its longest form, once", async () => {
  const { named } = await import("../../docs/assets/js/tools/dom.js");
  const tool = {
    key: "official_photo_tool",
    names: ["医考报名照片检测工具", "官方照片检测工具", "照片检测工具", "官方检测工具", "检测工具"],
    href: "https://example.org/guide/national/#photo-tool",
  };
  const shown = (parts) => parts.map((p) => (typeof p === "string" ? p : `[${p.textContent}→${p.href}]`));
  const link = (words) => `[${words}→https://example.org/guide/national/#photo-tool]`;
  assert.deepEqual(shown(named("上传前仍须用官方“医考报名照片检测工具”处理照片。", new Set(), [tool])), [
    "上传前仍须用官方“",
    link("医考报名照片检测工具"),
    "”处理照片。",
  ]);
  // "官方照片检测工具" starts before "照片检测工具" inside it: the whole of it is the link; the second mention is not
  assert.deepEqual(shown(named("再用官方照片检测工具处理，检测工具会裁剪。", new Set(), [tool])), [
    "再用",
    link("官方照片检测工具"),
    "处理，检测工具会裁剪。",
  ]);
  // a finding's message and fix share what is linked: one link per finding
  const seen = new Set();
  assert.equal(shown(named("官方检测工具要求不小于宽 190 像素。", seen, [tool]))[0], link("官方检测工具"));
  assert.deepEqual(shown(named("然后用检测工具处理。", seen, [tool])), ["然后用检测工具处理。"]);
  assert.deepEqual(shown(named("没有提到工具的句子", new Set(), [tool])), ["没有提到工具的句子"]);
  assert.deepEqual(named("", new Set(), [tool]), []);
  assert.deepEqual(named("检测工具", new Set(), []), ["检测工具"]); // a page without the list: the text as it is
});
