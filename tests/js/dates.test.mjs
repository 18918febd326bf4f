// tools/dates.js in Node on the hand-written table of date forms (tests/date_forms.json), the same
// table the validator (tests/test_dates.py) and the real page (tests/browser/test_dates_page.py) read.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { parseDay, parseMonth } from "../../docs/assets/js/tools/dates.js";

const table = JSON.parse(readFileSync(new URL("../date_forms.json", import.meta.url), "utf8"));

test("every month form of the table reads as written by hand", () => {
  assert.ok(table.months.length >= 20);
  for (const [typed, expected] of table.months) assert.equal(parseMonth(typed), expected, JSON.stringify(typed));
});

test("every day form of the table reads as written by hand", () => {
  assert.ok(table.days.length >= 20);
  for (const [typed, expected] of table.days) assert.equal(parseDay(typed), expected, JSON.stringify(typed));
});
