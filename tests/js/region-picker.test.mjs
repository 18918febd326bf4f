// tools/region-picker.js in Node: which 考区 a search finds, full names (河南省, 广西壮族自治区) included.
// The endings are the content's (content/regions.yaml texts.search_suffixes), read from rules.json.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { installDom } from "./dom.mjs";

installDom();
const { findRegions, suffixList, withoutSuffix } = await import("../../docs/assets/js/tools/region-picker.js");

const rules = JSON.parse(readFileSync(new URL("../../validator/_data/rules.json", import.meta.url), "utf8"));
const suffixes = suffixList(rules.region_texts.search_suffixes);

test("the endings are the content's, longest first", () => {
  assert.deepEqual(suffixList("省 市  自治区 壮族自治区"), ["壮族自治区", "自治区", "省", "市"]);
  assert.ok(suffixes.includes("省") && suffixes.includes("自治区") && suffixes.includes("壮族自治区"));
});

test("an administrative ending is dropped, also while it is still being typed", () => {
  assert.equal(withoutSuffix("河南省", suffixes), "河南");
  assert.equal(withoutSuffix("北京市", suffixes), "北京");
  assert.equal(withoutSuffix("内蒙古自治区", suffixes), "内蒙古");
  assert.equal(withoutSuffix("广西壮族自治区", suffixes), "广西");
  assert.equal(withoutSuffix("广西壮族自", suffixes), "广西");
  assert.equal(withoutSuffix("新疆维吾尔自治区", suffixes), "新疆");
  assert.equal(withoutSuffix("宁夏回族自治区", suffixes), "宁夏");
  assert.equal(withoutSuffix("省", suffixes), "省"); // never to nothing
  assert.equal(withoutSuffix("河南", suffixes), "河南");
});

test("a full name finds its 考区, and only it", () => {
  assert.deepEqual(findRegions(rules, "河南省", suffixes), ["henan"]);
  assert.deepEqual(findRegions(rules, "北京市", suffixes), ["beijing"]);
  assert.deepEqual(findRegions(rules, "内蒙古自治区", suffixes), ["neimenggu"]);
  assert.deepEqual(findRegions(rules, "广西壮族自治区", suffixes), ["guangxi"]);
  assert.deepEqual(findRegions(rules, "黑龙江省", suffixes), ["heilongjiang"]);
  assert.deepEqual(findRegions(rules, " 上海市 ", suffixes), ["shanghai"]);
  assert.deepEqual(findRegions(rules, "河南考区", suffixes), ["henan"]);
});

test("an address that begins with a province's name finds that province (review s12 F2)", () => {
  assert.deepEqual(findRegions(rules, "河南省郑州市", suffixes), ["henan"]);
  assert.deepEqual(findRegions(rules, "广西壮族自治区南宁市", suffixes), ["guangxi"]);
  assert.deepEqual(findRegions(rules, "陕西省西安市", suffixes), ["shaanxi"]);
  assert.deepEqual(findRegions(rules, "湖北省武汉市", suffixes), ["hubei"]);
  assert.deepEqual(findRegions(rules, "河南郑州", suffixes), ["henan"]);
  assert.deepEqual(findRegions(rules, "内蒙古呼和浩特", suffixes), ["neimenggu"]);
  assert.deepEqual(findRegions(rules, "河南省郑", suffixes), ["henan"]); // while the city is being typed
  // a city alone, or a word that only shares a character with a province, is no province
  assert.deepEqual(findRegions(rules, "广州", suffixes), []);
  assert.deepEqual(findRegions(rules, "汕头", suffixes), []);
  assert.deepEqual(findRegions(rules, "郑州市河南", suffixes), []);
});

test("short names, parts and pinyin starts find in the register's order", () => {
  assert.deepEqual(findRegions(rules, "湖", suffixes), ["hubei", "hunan"]);
  assert.deepEqual(findRegions(rules, "x", suffixes), ["xizang", "xinjiang"]);
  assert.deepEqual(findRegions(rules, "Henan", suffixes), ["henan"]);
  assert.equal(findRegions(rules, "", suffixes).length, 32);
  assert.equal(findRegions(rules, "", suffixes)[0], "national");
});

test("a name that begins with the words comes first (review s12 F2b: 江 picked 黑龙江, 海 上海, 西 山西)", () => {
  assert.deepEqual(findRegions(rules, "江", suffixes).slice(0, 2).sort(), ["jiangsu", "jiangxi"]);
  assert.equal(findRegions(rules, "江", suffixes)[2], "heilongjiang");
  assert.deepEqual(findRegions(rules, "海", suffixes), ["hainan", "shanghai", "qinghai"]);
  assert.deepEqual(findRegions(rules, "宁", suffixes), ["ningxia", "liaoning"]);
  assert.equal(findRegions(rules, "西", suffixes)[0], "xizang");
  assert.ok(findRegions(rules, "西", suffixes).includes("shanxi"));
});

test("nothing is found for what is no 考区", () => {
  assert.deepEqual(findRegions(rules, "xyz", suffixes), []);
  assert.deepEqual(findRegions(rules, "hn", suffixes), []);
  assert.deepEqual(findRegions(rules, "火星", suffixes), []);
  assert.deepEqual(findRegions(rules, "香港特别行政区", suffixes), []);
});
