// The pathway finder's logic, without the page: the one interpreter of content/finder.yaml's condition
// language (`holds`), which screens and fields are asked for some answers, their options, and whether an
// answer is acceptable. No DOM, no fetch: pathway.js renders and keeps the URL; Node's test runner
// (tests/js/) runs this module as it is.

import { paramValue } from "./common.js";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Does a condition from content/finder.yaml hold for these answers? (no condition: yes) */
export function holds(cond, answers) {
  if (!cond) return true;
  if (cond.all) return cond.all.every((c) => holds(c, answers));
  if (cond.any) return cond.any.some((c) => holds(c, answers));
  if (cond.not) return !holds(cond.not, answers);
  const value = answers[cond.key] ?? "";
  if ("is" in cond) return value === String(cond.is);
  if ("in" in cond) return cond.in.map(String).includes(value);
  return false;
}

/** The finder's logic for one rule set (rules.finder, the majors parameter, the 考区 register) on one
 * as-of date (YYYY-MM-DD). */
export function createFinder(finder, rules, asOf) {
  /** An item with the texts of its first variant whose condition holds. */
  function variant(item, answers) {
    const chosen = (item.variants || []).find((v) => holds(v.when, answers));
    return chosen ? { ...item, ...chosen, when: item.when } : item;
  }

  function activeScreens(answers) {
    return finder.screens.filter((s) => holds(s.when, answers)).map((s) => variant(s, answers));
  }

  function activeFields(screen, answers) {
    return screen.fields.filter((f) => holds(f.when, answers)).map((f) => variant(f, answers));
  }

  function allKeys() {
    return [...new Set(finder.screens.flatMap((s) => s.fields.map((f) => f.key)))];
  }

  /** Only the answers the current screens ask (a changed answer can make others irrelevant). */
  function activeAnswers(answers) {
    const out = {};
    for (const screen of activeScreens(answers))
      for (const field of activeFields(screen, answers))
        if (answers[field.key] !== undefined && answers[field.key] !== "") out[field.key] = answers[field.key];
    return out;
  }

  function optionsOf(field, answers) {
    if (field.options) return field.options;
    if (field.options_from === "majors") return majors(answers);
    const source = finder.screens.flatMap((s) => s.fields).find((f) => f.key === field.options_from?.key);
    const except = new Set(field.options_from?.except || []);
    return (source?.options || []).filter((o) => !except.has(o.value));
  }

  function majors(answers) {
    const value = paramValue(rules, "eligibility.majors", "national", asOf);
    const list = Array.isArray(value) ? value : [];
    const level = finder.screens
      .flatMap((s) => s.fields)
      .find((f) => f.key === "lv")
      ?.options.find((o) => o.value === answers.lv)?.education;
    const filtered = list.filter((m) => !level || !m.levels || m.levels.includes(level));
    return (filtered.length ? filtered : list).map((m) => ({ value: m.id, label: m.name }));
  }

  /** The value shown in a field: the answer, else the field's default or another answer it copies. */
  function fieldValue(field, answers) {
    return answers[field.key] ?? field.default ?? (field.default_from ? answers[field.default_from] : undefined) ?? "";
  }

  function fieldProblem(field, answers) {
    const tx = finder.texts;
    const value = answers[field.key] ?? "";
    if (field.type === "choice" || field.type === "select")
      return optionsOf(field, answers).some((o) => o.value === value) ? null : tx.choose_one;
    if (field.type === "region") return rules.regions?.[value] ? null : tx.choose_one;
    if (field.pending && value === field.pending.value) return null;
    if (field.type === "month") {
      if (!MONTH.test(value)) return tx.bad_month;
      // a month still to come where "not graduated yet" can be ticked: say where to tick it
      if (value > asOf.slice(0, 7)) return field.pending ? tx.future_pending : tx.future;
      return null;
    }
    if (field.type === "day") {
      if (!DAY.test(value) || Number.isNaN(Date.parse(value))) return tx.bad_date;
      return value > asOf ? tx.future : null;
    }
    return null;
  }

  function screenProblem(screen, answers) {
    for (const field of activeFields(screen, answers)) {
      const problem = fieldProblem(field, answers);
      if (problem) return problem;
    }
    const isMonth = (v) => MONTH.test(v || "");
    for (const [earlier, later] of screen.order || []) {
      const a = answers[earlier];
      const b = answers[later];
      if (isMonth(a) && isMonth(b) && a > b) return finder.texts.order;
    }
    return null;
  }

  function isAnswered(screen, answers) {
    return !screenProblem(screen, answers);
  }

  /** The first screen still unanswered, or "result". */
  function firstOpen(answers) {
    return activeScreens(answers).find((s) => !isAnswered(s, answers))?.id || "result";
  }

  /** The screen to show for these answers when the URL asks for `at` (a screen id, "result" or null):
   * never past an unanswered screen, never a screen these answers do not ask. */
  function stepFor(answers, at) {
    const open = firstOpen(answers);
    const active = activeScreens(answers).map((s) => s.id);
    let step = at || open;
    // A shared link may point past unanswered screens: go to the first open one instead.
    if (step === "result" && open !== "result") step = open;
    if (step !== "result" && !active.includes(step)) step = open;
    if (step !== "result") {
      const before = activeScreens(answers).slice(0, active.indexOf(step));
      const missing = before.find((s) => !isAnswered(s, answers));
      if (missing) step = missing.id;
    }
    return step;
  }

  return {
    variant,
    activeScreens,
    activeFields,
    allKeys,
    activeAnswers,
    optionsOf,
    fieldValue,
    fieldProblem,
    screenProblem,
    isAnswered,
    firstOpen,
    stepFor,
  };
}
