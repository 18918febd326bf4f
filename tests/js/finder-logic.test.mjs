// The pathway finder's routing (tools/finder-logic.js) in Node, on a small hand-written finder: which screens
// and fields are asked, where a link lands, which answers are kept and which are refused.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createFinder, holds } from "../../docs/assets/js/tools/finder-logic.js";

const TEXTS = {
  choose_one: "choose",
  bad_month: "month?",
  bad_date: "day?",
  future: "future",
  future_pending: "future: tick pending",
  order: "order",
};
const FINDER = {
  texts: TEXTS,
  screens: [
    {
      id: "edu",
      title: "Education",
      variants: [{ when: { key: "lv", is: "college" }, title: "College" }],
      fields: [
        {
          key: "lv",
          type: "choice",
          options: [
            { value: "bachelor", label: "B", education: "bachelor" },
            { value: "college", label: "C", education: "college" },
          ],
        },
        { key: "mj", type: "select", options_from: "majors" },
      ],
    },
    {
      id: "grad",
      when: { key: "lv", is: "bachelor" },
      order: [["gs", "gm"]],
      fields: [
        { key: "gs", type: "month" },
        { key: "gm", type: "month" },
      ],
    },
    {
      id: "cert",
      fields: [
        { key: "ct", type: "choice", options: [{ value: "y" }, { value: "n" }] },
        { key: "cd", type: "day", when: { key: "ct", is: "y" } },
        { key: "lv2", type: "choice", when: { key: "ct", is: "y" }, options_from: { key: "lv", except: ["college"] } },
      ],
    },
  ],
};
const RULES = {
  regions: { national: {} },
  parameters: {
    "eligibility.majors": {
      values: [
        {
          since: "2020-01-01",
          value: [
            { id: "clinical", name: "Clinical", levels: ["bachelor"] },
            { id: "rural", name: "Rural", levels: ["college"] },
            { id: "any", name: "Any" },
          ],
        },
      ],
    },
  },
};
const AS_OF = "2026-12-15";
const finder = createFinder(FINDER, RULES, AS_OF);
const ids = (screens) => screens.map((s) => s.id);

test("holds: no condition holds; is, in, all, any, not; a missing answer is empty", () => {
  assert.equal(holds(undefined, {}), true);
  assert.equal(holds({ key: "a", is: "x" }, { a: "x" }), true);
  assert.equal(holds({ key: "a", is: 1 }, { a: "1" }), true); // URL answers are strings
  assert.equal(holds({ key: "a", is: "x" }, {}), false);
  assert.equal(holds({ key: "a", is: "" }, {}), true);
  assert.equal(holds({ key: "a", in: ["x", 2] }, { a: "2" }), true);
  assert.equal(holds({ key: "a", in: ["x"] }, { a: "y" }), false);
  assert.equal(
    holds(
      {
        all: [
          { key: "a", is: "x" },
          { key: "b", is: "y" },
        ],
      },
      { a: "x", b: "z" },
    ),
    false,
  );
  assert.equal(
    holds(
      {
        any: [
          { key: "a", is: "x" },
          { key: "b", is: "y" },
        ],
      },
      { a: "q", b: "y" },
    ),
    true,
  );
  assert.equal(holds({ not: { key: "a", is: "x" } }, { a: "x" }), false);
  assert.equal(holds({ key: "a", over: 3 }, { a: "x" }), false); // an unknown test never holds
});

test("a screen is asked only when its condition holds, with the texts of its first matching variant", () => {
  assert.deepEqual(ids(finder.activeScreens({})), ["edu", "cert"]);
  assert.deepEqual(ids(finder.activeScreens({ lv: "bachelor" })), ["edu", "grad", "cert"]);
  assert.equal(finder.activeScreens({ lv: "college" })[0].title, "College");
  assert.equal(finder.activeScreens({ lv: "bachelor" })[0].title, "Education");
  assert.deepEqual(
    finder.activeFields(FINDER.screens[2], { ct: "y" }).map((f) => f.key),
    ["ct", "cd", "lv2"],
  );
  assert.deepEqual(
    finder.activeFields(FINDER.screens[2], { ct: "n" }).map((f) => f.key),
    ["ct"],
  );
});

test("the first open screen, and the result once every asked screen is answered", () => {
  assert.equal(finder.firstOpen({}), "edu");
  assert.equal(finder.firstOpen({ lv: "college", mj: "rural" }), "cert");
  assert.equal(finder.firstOpen({ lv: "college", mj: "rural", ct: "n" }), "result");
  assert.equal(finder.firstOpen({ lv: "college", mj: "rural", ct: "y" }), "cert"); // cd still missing
  assert.equal(finder.firstOpen({ lv: "college", mj: "rural", ct: "y", cd: "2026-01-05", lv2: "bachelor" }), "result");
});

test("a link never lands past an unanswered screen or on a screen these answers do not ask", () => {
  assert.equal(finder.stepFor({}, "result"), "edu");
  assert.equal(finder.stepFor({}, "cert"), "edu");
  assert.equal(finder.stepFor({ lv: "college", mj: "rural" }, "grad"), "cert");
  assert.equal(finder.stepFor({ lv: "college", mj: "rural", ct: "n" }, "edu"), "edu"); // going back is fine
  assert.equal(finder.stepFor({ lv: "college", mj: "rural", ct: "n" }, null), "result");
});

test("only the answers the current screens ask are kept", () => {
  const answers = { lv: "college", mj: "rural", gs: "2020-09", gm: "2023-07", ct: "n", cd: "2026-01-05", x: "1" };
  assert.deepEqual(finder.activeAnswers(answers), { lv: "college", mj: "rural", ct: "n" });
  assert.deepEqual(finder.allKeys(), ["lv", "mj", "gs", "gm", "ct", "cd", "lv2"]);
});

test("options: the majors for the chosen level, or another field's options less the excepted ones", () => {
  const majors = FINDER.screens[0].fields[1];
  assert.deepEqual(finder.optionsOf(majors, { lv: "bachelor" }), [
    { value: "clinical", label: "Clinical" },
    { value: "any", label: "Any" },
  ]);
  assert.deepEqual(
    finder.optionsOf(majors, {}).map((o) => o.value),
    ["clinical", "rural", "any"],
  );
  const copied = FINDER.screens[2].fields[2];
  assert.deepEqual(
    finder.optionsOf(copied, {}).map((o) => o.value),
    ["bachelor"],
  );
});

test("answers refused: not an option, a malformed or future month or day, months out of order", () => {
  const [lv] = FINDER.screens[0].fields;
  const [gs] = FINDER.screens[1].fields;
  const cd = FINDER.screens[2].fields[1];
  assert.equal(finder.fieldProblem(lv, { lv: "master" }), "choose");
  assert.equal(finder.fieldProblem(lv, { lv: "college" }), null);
  assert.equal(finder.fieldProblem(gs, { gs: "2026-13" }), "month?");
  assert.equal(finder.fieldProblem(gs, { gs: "2026-1" }), "month?");
  assert.equal(finder.fieldProblem(gs, { gs: "2027-01" }), "future");
  assert.equal(finder.fieldProblem(gs, { gs: "2026-12" }), null); // the as-of month itself
  assert.equal(finder.fieldProblem(cd, { cd: "2026-1-05" }), "day?");
  assert.equal(finder.fieldProblem(cd, { cd: "2026-12-16" }), "future");
  assert.equal(finder.fieldProblem(cd, { cd: "2026-12-15" }), null);
  const grad = FINDER.screens[1];
  assert.equal(finder.screenProblem(grad, { gs: "2023-09", gm: "2020-07" }), "order");
  assert.equal(finder.screenProblem(grad, { gs: "2020-09", gm: "2023-07" }), null);
  assert.equal(finder.isAnswered(grad, { gs: "2020-09" }), false);
  // a month to come where "not graduated yet" can be ticked says to tick it (a phone review was stuck)
  const graduation = { key: "gx", type: "month", pending: { value: "pending", label: "应届" } };
  assert.equal(finder.fieldProblem(graduation, { gx: "2027-07" }), "future: tick pending");
  assert.equal(finder.fieldProblem(graduation, { gx: "pending" }), null);
  assert.equal(finder.fieldProblem(graduation, { gx: "2026-07" }), null);
});
