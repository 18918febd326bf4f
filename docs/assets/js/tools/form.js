// Form pre-check (/tools/form/): instant feedback on the fields of the official forms, and the
// probation calculator. Every judgement is the validator's (field / probation ops); this module
// only wires inputs to the worker and shows the reports. Texts come from the page.

import { failedNote } from "../validator-client.js";
import {
  add,
  announce,
  debounce,
  fill,
  findingItem,
  findingsList,
  h,
  loadRules,
  named,
  pageTexts,
  replace,
  staleWhileWaiting,
  startTool,
  verdictBadge,
} from "./common.js";
import { parseDay } from "./dates.js";
import { knownRegion, readRecord } from "./record.js";
import { mountRecordBar, remember, showKept, watchChanges } from "./record-ui.js";
import { formNote, mountRegionPicker } from "./region-picker.js";

const DEBOUNCE_MS = 250;
const root = document.querySelector("[data-tool=form]");
const texts = pageTexts("form-texts");
let client = null;
let asOf = null;
let rules = null; // the compiled rule set: every 考区's name for the region choice and the labels

function region() {
  return root.querySelector("[data-testid=form-region]")?.value || "national";
}

// ---------------------------------------------------------------- fields
// name (data-testid suffix) -> how to build the request from the inputs
const FIELDS = {
  "id-number": {
    kind: "id_number",
    extra: () => ({ id_type: root.querySelector("[data-testid=field-id-type]").value }),
  },
  name: { kind: "name", extra: () => ({ id_type: root.querySelector("[data-testid=field-id-type]").value }) },
  "diploma-number": {
    kind: "diploma_number",
    extra: () => {
      const checked = (id) => root.querySelector(`[data-testid=${id}]`)?.checked;
      const context = {};
      if (checked("field-diploma-exempt")) context.graduating_postgraduate = true;
      if (checked("field-diploma-tcm")) context.tcm_apprentice = true;
      if (checked("field-diploma-secondary")) context.level = "secondary";
      // the numbering's era: 17/18 digits only from about 2001/2002 (validator/fields/diploma.py)
      const graduated = root.querySelector("[data-testid=field-graduation-month]")?.value.trim();
      if (graduated) context.graduated = graduated;
      return { context };
    },
  },
  "chsi-code": { kind: "chsi_code" },
  "chsi-expiry": {
    kind: "chsi_expiry",
    // the 考点's own deadline, when the candidate knows it: the remaining validity is counted from it
    extra: () => {
      const deadline = root.querySelector("[data-testid=field-chsi-deadline]")?.value.trim();
      return deadline ? { deadline } : {};
    },
  },
  // a graduation month before the entry month typed below: the two swapped
  "graduation-month": {
    kind: "yyyymm",
    extra: () => {
      const entry = root.querySelector("[data-testid=field-entry-month]")?.value.trim();
      return entry ? { context: { not_before: entry } } : {};
    },
  },
  // an entry month cannot lie after today
  "entry-month": { kind: "yyyymm", extra: () => ({ context: { no_future: true } }) },
};

const latest = new Map(); // field -> sequence number of the latest request

async function checkField(name) {
  const spec = FIELDS[name];
  const input = root.querySelector(`[data-testid=field-${name}]`);
  const out = root.querySelector(`[data-testid=result-${name}]`);
  if (!input || !out) return;
  const value = input.value;
  const seq = (latest.get(name) || 0) + 1;
  latest.set(name, seq);
  const request = { kind: spec.kind, value, region: region(), as_of: asOf, ...(spec.extra ? spec.extra() : {}) };
  out.dataset.state = "checking";
  let report;
  try {
    await client.ready;
    report = await client.call("field", request);
  } catch {
    if (latest.get(name) !== seq) return;
    out.dataset.state = "error";
    out.dataset.verdict = "fail";
    out.dataset.value = value;
    replace(out, h("p", { class: "ykt-error", role: "alert" }, failedNote(client, texts.check_failed)));
    return;
  }
  if (latest.get(name) !== seq) return; // a newer keystroke is on its way
  out.dataset.state = "done";
  out.dataset.verdict = report.verdict;
  out.dataset.value = value;
  // the value understood (a month typed as 2019.9 is read as 2019-09), for the page and its tests
  out.dataset.understood = report.facts?.month || report.facts?.expiry || "";
  // the field itself says it was not understood (screen readers: its own message is the result below)
  if (!out.id) out.id = `result-${name}`;
  input.setAttribute("aria-describedby", out.id);
  if (value.trim() && report.verdict === "fail") input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
  const findings = report.findings || [];
  // a pass whose rule is not known (a finding *.unchecked, e.g. a card with no published number format)
  // is said as "not checked", never as "格式正确"
  const unchecked = report.verdict === "pass" && findings.some((f) => f.code.endsWith(".unchecked"));
  out.dataset.checked = unchecked ? "no" : "yes";
  const badge = unchecked
    ? h("span", { class: "ykt-badge ykt-info" }, texts.verdict_unchecked)
    : verdictBadge(report.verdict, texts);
  replace(out, h("p", { class: "ykt-slot-verdict" }, badge), findingsList(findings, texts));
}

function wireFields() {
  for (const name of Object.keys(FIELDS)) {
    const input = root.querySelector(`[data-testid=field-${name}]`);
    if (!input) continue;
    const out = root.querySelector(`[data-testid=result-${name}]`);
    const run = debounce(() => checkField(name), DEBOUNCE_MS, staleWhileWaiting(out));
    input.addEventListener("input", run);
    input.addEventListener("change", run);
  }
  const rerun = (names) => () => {
    for (const n of names) if (root.querySelector(`[data-testid=field-${n}]`)?.value !== "") checkField(n);
  };
  root.querySelector("[data-testid=field-id-type]").addEventListener("change", rerun(["id-number", "name"]));
  // The exemptions make an empty diploma number acceptable: judge it even when empty.
  for (const id of ["field-diploma-exempt", "field-diploma-tcm", "field-diploma-secondary"]) {
    root.querySelector(`[data-testid=${id}]`)?.addEventListener("change", () => checkField("diploma-number"));
  }
  // an entry month typed (or changed) checks the graduation month against it again
  root.querySelector("[data-testid=field-entry-month]")?.addEventListener(
    "input",
    debounce(() => {
      if (root.querySelector("[data-testid=field-graduation-month]")?.value) checkField("graduation-month");
    }, DEBOUNCE_MS),
  );
  // a deadline typed (or cleared) counts the 备案表's validity again
  root.querySelector("[data-testid=field-chsi-deadline]")?.addEventListener(
    "input",
    debounce(() => {
      if (root.querySelector("[data-testid=field-chsi-expiry]")?.value) checkField("chsi-expiry");
    }, DEBOUNCE_MS),
  );
  // the graduation month decides which numbering a diploma number is checked against
  const graduation = root.querySelector("[data-testid=field-graduation-month]");
  graduation?.addEventListener(
    "input",
    debounce(() => {
      if (root.querySelector("[data-testid=field-diploma-number]")?.value) checkField("diploma-number");
    }, DEBOUNCE_MS),
  );
}

/** A new 考区: every filled field and the probation calculator again. */
function regionChanged() {
  for (const name of Object.keys(FIELDS))
    if (root.querySelector(`[data-testid=field-${name}]`)?.value) checkField(name);
  runProbation();
}

/** The rules for a 考区 in words: the page's own label for 全国 and 湖北, else "<考区名>的规则". */
function regionLabel(regionId) {
  const name = rules?.regions?.[regionId]?.name;
  return texts[`region_${regionId}`] || (name ? fill(texts.region_label, { name }) : regionId);
}

// ---------------------------------------------------------------- probation calculator
function periodRow(period = {}) {
  const row = h(
    "div",
    { class: "ykt-period", "data-testid": "period" },
    h(
      "label",
      { class: "ykt-field" },
      h("span", { class: "ykt-label" }, texts.unit_label),
      h("input", {
        type: "text",
        name: "unit",
        value: period.unit || "",
        "data-testid": "period-unit",
        autocomplete: "off",
      }),
    ),
    dateField(texts.start_label, { name: "start", value: period.start || "", "data-testid": "period-start" }),
    dateField(texts.end_label, {
      name: "end",
      value: period.end && period.end !== "ongoing" ? period.end : "",
      disabled: period.end === "ongoing",
      "data-testid": "period-end",
    }),
    h(
      "label",
      { class: "ykt-check" },
      h("input", {
        type: "checkbox",
        name: "ongoing",
        checked: period.end === "ongoing",
        "data-testid": "period-ongoing",
        onchange: (event) => {
          row.querySelector("[name=end]").disabled = event.target.checked;
        },
      }),
      h("span", {}, texts.ongoing_label),
    ),
    h(
      "button",
      {
        type: "button",
        class: "md-button ykt-remove",
        "data-testid": "period-remove",
        "aria-label": texts.remove_label,
        onclick: () => {
          row.remove();
          if (!root.querySelector("[data-testid=period]")) addPeriod();
          runProbation();
        },
      },
      texts.remove_label,
    ),
  );
  row.addEventListener("input", debouncedProbation);
  row.addEventListener("change", debouncedProbation);
  return row;
}

/** A date typed the way people type it (2024-03-01, 2024.3.1, 20240301, 2024年3月1日): the day understood
 * is said under the field, or the field is marked with its own message when it cannot be read. A text
 * keyboard: an iPhone's number pad has no "-". */
function dateField(label, attrs) {
  const input = h("input", {
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: texts.date_placeholder,
    ...attrs,
  });
  const note = h("span", { class: "ykt-understood", "data-testid": "date-understood", "aria-live": "polite" });
  input.addEventListener("input", () => showDate(input, note));
  queueMicrotask(() => showDate(input, note));
  return h("label", { class: "ykt-field" }, h("span", { class: "ykt-label" }, label), input, note);
}

function showDate(input, note) {
  const typed = input.value.trim();
  const day = parseDay(typed);
  note.dataset.value = day || "";
  if (!typed || input.disabled) {
    replace(note);
    input.removeAttribute("aria-invalid");
    note.removeAttribute("data-state");
  } else if (day) {
    replace(note, fill(texts.date_understood, { value: day }));
    input.removeAttribute("aria-invalid");
    note.dataset.state = "read";
  } else {
    replace(note, texts.date_unreadable);
    input.setAttribute("aria-invalid", "true");
    note.dataset.state = "unreadable";
  }
}

/** The day as the validator wants it (YYYY-MM-DD) when it can be read, else the text as typed (the
 * validator then names the row and the date it could not read). */
function dayValue(input) {
  const typed = input.value.trim();
  return parseDay(typed) || typed;
}

function addPeriod(period) {
  const list = root.querySelector("[data-testid=periods]");
  const row = periodRow(period);
  add(list, row);
  return row;
}

function readPeriods() {
  return [...root.querySelectorAll("[data-testid=period]")]
    .map((row) => ({
      unit: row.querySelector("[name=unit]").value.trim(),
      start: dayValue(row.querySelector("[name=start]")),
      end: row.querySelector("[name=ongoing]").checked ? "ongoing" : dayValue(row.querySelector("[name=end]")),
    }))
    .filter((p) => p.unit || p.start || p.end);
}

let probationSeq = 0;
let showOther = false; // the other region's result, only on request

function otherRegion() {
  return region() === "hubei" ? "national" : "hubei";
}

async function runProbation() {
  const periods = readPeriods();
  const box = root.querySelector("[data-testid=probation-results]");
  const seq = ++probationSeq;
  if (!periods.length) {
    replace(box);
    box.dataset.state = "empty";
    return;
  }
  const examInput = root.querySelector("[data-testid=probation-exam-date]");
  const examDate = examInput ? dayValue(examInput) : "";
  box.dataset.state = "checking";
  const regions = showOther ? [region(), otherRegion()] : [region()];
  let reports;
  try {
    await client.ready;
    reports = await Promise.all(
      regions.map((r) =>
        client.call("probation", { periods, region: r, as_of: asOf, ...(examDate ? { exam_date: examDate } : {}) }),
      ),
    );
  } catch {
    if (seq !== probationSeq) return;
    box.dataset.state = "error";
    replace(box, h("p", { class: "ykt-error", role: "alert" }, failedNote(client, texts.check_failed)));
    return;
  }
  if (seq !== probationSeq) return;
  box.dataset.state = "done";
  box.dataset.periods = String(periods.length);
  replace(
    box,
    probationCard(regions[0], reports[0], false),
    showOther ? probationCard(regions[1], reports[1], true) : otherToggle(),
  );
  announceProbation(regions[0], reports[0]);
}

/** The verdict in one short sentence for screen readers (the card itself is not a live region). */
function announceProbation(regionId, report) {
  const f = report.facts || {};
  if (typeof f.days_counted !== "number") return;
  const running = f.enough && f.complete_on ? fill(texts.running, { day: f.complete_on }) : null;
  const verdict = running || (f.enough ? texts.enough : f.enough_from ? texts.depends : texts.short);
  announce(
    root,
    fill(texts.announce_probation, {
      region: regionLabel(regionId),
      verdict,
      duration: f.duration,
      total: f.days_counted,
    }),
  );
}

function otherToggle() {
  return h(
    "p",
    {},
    h(
      "button",
      {
        type: "button",
        class: "md-button",
        "data-testid": "probation-other",
        onclick: () => {
          showOther = true;
          runProbation();
        },
      },
      fill(texts.other_show, { region: regionLabel(otherRegion()) }),
    ),
  );
}

function windowLine(f) {
  const inferred = !!f.window_end_inferred;
  const line = h(
    "p",
    {
      class: "ykt-window",
      "data-testid": "probation-window",
      "data-start": f.window_start || "",
      "data-end": f.window_end,
      "data-end-inferred": String(inferred),
    },
    f.window_start
      ? fill(texts.window, { start: f.window_start, end: f.window_end })
      : fill(texts.window_until, { end: f.window_end }),
  );
  if (inferred) {
    add(
      line,
      " ",
      h("span", { class: "ykt-warn" }, texts.window_inferred),
      " ",
      h(
        "button",
        {
          type: "button",
          class: "md-button ykt-small",
          "data-testid": "probation-window-edit",
          onclick: () => root.querySelector("[data-testid=probation-exam-date]")?.focus(),
        },
        texts.window_edit,
      ),
    );
  }
  return line;
}

function periodLine(p) {
  const parts = [fill(texts.period_counted, { row: p.row, unit: p.unit || texts.unit_blank, counted: p.counted_days })];
  if (p.before_days) parts.push(fill(texts.period_before, { days: p.before_days }));
  if (p.after_days) parts.push(fill(texts.period_after, { days: p.after_days }));
  if (p.overlap_days) parts.push(fill(texts.period_overlap, { days: p.overlap_days }));
  return h(
    "li",
    {
      "data-testid": "probation-period-result",
      "data-row": String(p.row),
      "data-counted-days": String(p.counted_days),
      "data-before-days": String(p.before_days),
      "data-after-days": String(p.after_days),
      "data-overlap-days": String(p.overlap_days),
    },
    parts.join(texts.period_sep),
  );
}

function verdictLine(f) {
  if (f.enough && f.complete_on) {
    // still on probation: the year completes on that day if the candidate stays (not a green 已满)
    return h(
      "p",
      { class: "ykt-warn", "data-testid": "probation-running", "data-complete-on": f.complete_on },
      verdictBadge("warn", { verdict_warn: fill(texts.running, { day: f.complete_on }) }),
      " ",
      fill(texts.running_detail, { required: f.required_days }),
    );
  }
  if (f.enough) {
    return h(
      "p",
      { class: "ykt-pass" },
      verdictBadge("pass", { verdict_pass: texts.enough }),
      " ",
      fill(texts.enough_detail, { required: f.required_days }),
    );
  }
  if (f.enough_from) {
    return h(
      "p",
      { class: "ykt-warn" },
      verdictBadge("warn", { verdict_warn: texts.depends }),
      " ",
      fill(texts.depends_detail, { day: f.enough_from, short: f.short_days, end: f.window_end }),
    );
  }
  return h(
    "p",
    { class: "ykt-fail" },
    verdictBadge("fail", { verdict_fail: texts.short }),
    " ",
    fill(texts.short_detail, { short: f.short_days, required: f.required_days }),
  );
}

function probationCard(regionId, report, other) {
  const f = report.facts || {};
  const hasFacts = typeof f.days_counted === "number";
  const card = h("section", {
    class: `ykt-probation${other ? " ykt-other-region" : ""}`,
    "data-testid": "probation-result",
    "data-region": regionId,
    "data-other": String(other),
    "data-verdict": report.verdict,
    "data-enough": hasFacts ? String(!!f.enough) : null,
    "data-days": hasFacts ? String(f.days_counted) : null,
    "data-months": hasFacts ? String(f.months) : null,
    "data-short": hasFacts ? String(f.short_days ?? 0) : null,
    "data-enough-from": f.enough_from || null,
  });
  const label = regionLabel(regionId);
  add(
    card,
    h("h3", {}, other ? fill(texts.other_label, { region: label }) : fill(texts.chosen_label, { region: label })),
  );
  if (hasFacts) {
    add(
      card,
      windowLine(f),
      h("ul", { class: "ykt-periods-result" }, (f.periods || []).map(periodLine)),
      h("p", { class: "ykt-big" }, fill(texts.counted, { duration: f.duration, total: f.days_counted })),
      verdictLine(f),
    );
  }
  // every finding, notes included: they say why a day was or was not counted
  const findings = report.findings || [];
  if (findings.length)
    add(
      card,
      h(
        "ul",
        { class: "ykt-findings" },
        findings.map((x) => findingItem(x, texts)),
      ),
    );
  if (report.notice) add(card, h("p", { class: "ykt-notice" }, named(report.notice)));
  return card;
}

const debouncedProbation = debounce(runProbation, DEBOUNCE_MS, () =>
  staleWhileWaiting(root?.querySelector("[data-testid=probation-results]"))(),
);

function wireProbation() {
  root.querySelector("[data-testid=period-add]").addEventListener("click", () => {
    const row = addPeriod();
    row.querySelector("input")?.focus();
  });
  const exam = root.querySelector("[data-testid=probation-exam-date]");
  if (exam) {
    const note = h("span", { class: "ykt-understood", "data-testid": "date-understood", "aria-live": "polite" });
    exam.after(note);
    exam.addEventListener("input", () => showDate(exam, note));
    exam.addEventListener("input", debouncedProbation);
    exam.addEventListener("change", debouncedProbation);
  }
  addPeriod();
}

/** Every 考区 in the region choice; ?region=hubei (e.g. from the finder or a 考区's page) preselects it.
 * Without the rule set the page keeps its two built-in choices. */
async function mountRegions() {
  const wanted =
    new URLSearchParams(location.search).get("region") || knownRegion(readRecord(undefined, { keep: true }).record);
  const select = root.querySelector("[data-testid=form-region]");
  if (!select) return;
  try {
    rules = await loadRules();
  } catch {
    rules = null;
  }
  if (rules?.regions) {
    mountRegionPicker(select, rules, { value: wanted || "national", onChange: regionChanged, note: formNote });
    return;
  }
  if ([...select.options].some((o) => o.value === wanted)) select.value = wanted;
  select.addEventListener("change", regionChanged);
}

// ---------------------------------------------------------------- the record on this device
const CHECKS = ["field-diploma-exempt", "field-diploma-tcm", "field-diploma-secondary"];
const INPUTS = ["chsi-deadline"]; // typed fields that are no check of their own (they inform one)
let recordBar = null;

/** The form as the record keeps it: the fields as typed, the boxes, the periods and the exam date. */
function snapshot() {
  const fields = { "id-type": root.querySelector("[data-testid=field-id-type]").value };
  for (const name of [...Object.keys(FIELDS), ...INPUTS])
    fields[name] = root.querySelector(`[data-testid=field-${name}]`)?.value || "";
  const checks = Object.fromEntries(
    CHECKS.map((id) => [id, root.querySelector(`[data-testid=${id}]`)?.checked ? "1" : ""]),
  );
  const periods = [...root.querySelectorAll("[data-testid=period]")]
    .map((row) => ({
      unit: row.querySelector("[name=unit]").value,
      start: row.querySelector("[name=start]").value,
      end: row.querySelector("[name=ongoing]").checked ? "ongoing" : row.querySelector("[name=end]").value,
    }))
    .filter((p) => p.unit || p.start || p.end);
  const examDate = root.querySelector("[data-testid=probation-exam-date]")?.value || "";
  return { region: region(), fields, checks, periods, exam_date: examDate };
}

const saveForm = debounce(() => {
  if (remember("form", snapshot())) showKept(recordBar, rules?.texts || {});
}, DEBOUNCE_MS);

function hasForm(record) {
  const f = record.form;
  if (!f) return false;
  const typed = Object.entries(f.fields || {}).some(([k, v]) => k !== "id-type" && v);
  return typed || (f.periods || []).length > 0 || !!f.exam_date;
}

/** Put a saved form back and check it again. */
function restoreForm(record) {
  const f = record.form;
  const select = root.querySelector("[data-testid=form-region]");
  if (f.region && [...select.options].some((o) => o.value === f.region) && select.value !== f.region) {
    select.value = f.region;
    select.dispatchEvent(new Event("change"));
  }
  const idType = root.querySelector("[data-testid=field-id-type]");
  if (f.fields["id-type"] && [...idType.options].some((o) => o.value === f.fields["id-type"]))
    idType.value = f.fields["id-type"];
  for (const id of CHECKS) {
    const box = root.querySelector(`[data-testid=${id}]`);
    if (box) box.checked = f.checks?.[id] === "1";
  }
  for (const name of INPUTS) {
    const input = root.querySelector(`[data-testid=field-${name}]`);
    if (input && f.fields[name]) input.value = f.fields[name];
  }
  for (const name of Object.keys(FIELDS)) {
    const input = root.querySelector(`[data-testid=field-${name}]`);
    if (input && f.fields[name]) {
      input.value = f.fields[name];
      checkField(name);
    }
  }
  const exam = root.querySelector("[data-testid=probation-exam-date]");
  if (exam && f.exam_date) {
    exam.value = f.exam_date;
    exam.dispatchEvent(new Event("input"));
  }
  if (f.periods?.length) {
    replace(root.querySelector("[data-testid=periods]"));
    for (const p of f.periods) addPeriod(p);
  }
  runProbation();
}

async function main() {
  if (!root) return;
  ({ client, asOf } = startTool(root));
  await mountRegions();
  wireFields();
  wireProbation();
  const texts = rules?.texts || {};
  recordBar = mountRecordBar(root, texts, { has: hasForm, onResume: restoreForm });
  watchChanges(root);
  root.addEventListener("input", (event) => event.isTrusted && saveForm());
  root.addEventListener("change", (event) => event.isTrusted && saveForm());
  root.addEventListener("click", (event) => {
    if (event.isTrusted && event.target.closest?.("[data-testid=period-remove]")) saveForm();
  });
  // The last thing typed is kept even when the page is left at once (WeChat closed, another app opened):
  // a save still waiting for the typing to pause is done as the page is hidden.
  addEventListener("pagehide", () => saveForm.flush());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") saveForm.flush();
  });
  root.dataset.ready = "true";
}

main();
