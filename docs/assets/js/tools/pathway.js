// Pathway finder (/tools/pathway/): one question per screen, answers in the URL query string,
// the result from the validator's eligibility rules (same Python as the CLI and the checklists).
// Routing only lives here; question texts come from content/finder.yaml (compiled into rules.json),
// majors and pathway titles from the rule set.

import { fill, h, loadRules, paramValue, siteUrl, startTool } from "./common.js";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TCM_LEVELS = new Set(["tcm-apprentice", "tcm-expertise"]);
const CATEGORY_IDS = ["clinical", "tcm", "dental", "public-health"];

// Query-string keys per question (stable: they are in shared links).
const KEYS = {
  identity: ["id"],
  level: ["lv"],
  major: ["mj"],
  mode: ["md"],
  dates: ["en", "cg", "gr"],
  certificate: ["ct", "cc", "cr"],
  region: ["rg"],
  target: ["tl", "tc"],
  township: ["tw"],
};

// The order of the screens and when each one is asked.
const STEPS = [
  { id: "identity" },
  { id: "level" },
  { id: "major", when: (a) => !TCM_LEVELS.has(a.lv) },
  { id: "mode", when: (a) => !TCM_LEVELS.has(a.lv) },
  { id: "dates", when: (a) => !TCM_LEVELS.has(a.lv) },
  { id: "certificate" },
  { id: "region" },
  { id: "target" },
  {
    id: "township",
    when: (a) =>
      a.id === "mainland" &&
      ["any", "rural-general"].includes(a.tc) &&
      a.tl !== "physician" &&
      (a.ct || "none") === "none",
  },
];

const root = document.querySelector("[data-tool=pathway]");
let rules = null;
let finder = null;
let client = null;
let asOf = null;

function readAnswers() {
  const params = new URLSearchParams(location.search);
  const answers = {};
  for (const keys of Object.values(KEYS)) {
    for (const key of keys) if (params.has(key)) answers[key] = params.get(key);
  }
  return { answers, at: params.get("step") };
}

function writeUrl(answers, at, replace = false) {
  const params = new URLSearchParams();
  const active = new Set(activeSteps(answers).map((s) => s.id));
  for (const [step, keys] of Object.entries(KEYS)) {
    if (!active.has(step)) continue;
    for (const key of keys) if (answers[key] !== undefined && answers[key] !== "") params.set(key, answers[key]);
  }
  const asOfParam = new URLSearchParams(location.search).get("as_of");
  if (asOfParam) params.set("as_of", asOfParam);
  if (at) params.set("step", at); // not "q": the theme opens its search box for ?q=
  const url = `${location.pathname}?${params.toString()}`;
  // history.state.finder counts the finder's own entries, so "back" knows whether it can use history.
  const depth = history.state?.finder || 0;
  if (replace) history.replaceState({ finder: depth }, "", url);
  else history.pushState({ finder: depth + 1 }, "", url);
}

function activeSteps(answers) {
  return STEPS.filter((s) => !s.when || s.when(answers));
}

function question(id) {
  return finder.questions.find((q) => q.id === id) || { id, title: id, options: [] };
}

function isAnswered(step, a) {
  switch (step) {
    case "identity":
      return !!a.id;
    case "level":
      return !!a.lv;
    case "major":
      return !!a.mj;
    case "mode":
      return !!a.md;
    case "dates":
      return (
        MONTH.test(a.en || "") &&
        (a.gr === "pending" || MONTH.test(a.gr || "")) &&
        (a.lv !== "upgrade" || MONTH.test(a.cg || ""))
      );
    case "certificate":
      return a.ct === "none" || (!!a.ct && CATEGORY_IDS.includes(a.cc) && DAY.test(a.cr || ""));
    case "region":
      return !!a.rg;
    case "target":
      return !!a.tl && !!a.tc;
    case "township":
      return a.tw !== undefined && a.tw !== "";
    default:
      return false;
  }
}

/** The first screen still unanswered, or "result". */
function firstOpen(answers) {
  for (const step of activeSteps(answers)) if (!isAnswered(step.id, answers)) return step.id;
  return "result";
}

// ---------------------------------------------------------------- majors from the rule set
function majorsFor(level) {
  const value = paramValue(rules, "eligibility.majors", "national", asOf);
  let list = [];
  if (Array.isArray(value)) list = value;
  else if (value && typeof value === "object")
    list = Object.entries(value).map(([id, spec]) => ({ id, ...(typeof spec === "object" ? spec : { name: spec }) }));
  const eduLevel = educationLevel(level);
  const filtered = list.filter((m) => !m.levels || !eduLevel || m.levels.includes(eduLevel));
  return filtered.length ? filtered : list;
}

function educationLevel(level) {
  if (!level) return null;
  if (level.startsWith("master")) return "master";
  if (level.startsWith("doctor")) return "doctor";
  if (level === "upgrade") return "bachelor";
  return level;
}

// ---------------------------------------------------------------- profile for the validator
export function buildProfile(a) {
  const profile = {
    identity: a.id === "military" ? "mainland" : a.id,
    military: a.id === "military",
    target: { level: a.tl && a.tl !== "any" ? a.tl : null, category: a.tc && a.tc !== "any" ? a.tc : null },
    education: [],
    certificates: [],
    tcm_route: a.lv === "tcm-apprentice" ? "apprentice" : a.lv === "tcm-expertise" ? "expertise" : null,
    township_work_years: a.tw !== undefined && a.tw !== "" ? Number(a.tw) : null,
  };
  if (!TCM_LEVELS.has(a.lv)) {
    const overseas = a.md === "overseas";
    const mode = overseas ? "full-time" : a.md;
    const graduated = a.gr === "pending" ? null : a.gr;
    const base = { major: a.mj, mode, overseas, degree_type: null };
    if (a.lv === "upgrade") {
      profile.education.push({ ...base, level: "college", entry: a.en, graduated: a.cg });
      profile.education.push({ ...base, level: "bachelor", entry: a.cg, graduated });
    } else {
      const level = educationLevel(a.lv);
      const degree = a.lv.endsWith("-professional") ? "professional" : a.lv.endsWith("-academic") ? "academic" : null;
      profile.education.push({ ...base, level, entry: a.en, graduated, degree_type: degree });
    }
  }
  if (a.ct && a.ct !== "none") profile.certificates.push({ type: a.ct, category: a.cc, registered: a.cr });
  return profile;
}

// ---------------------------------------------------------------- screens
function optionList(name, options, current) {
  return h(
    "div",
    { class: "ykt-options", role: "radiogroup" },
    options.map((opt) =>
      h(
        "label",
        { class: "ykt-option" },
        h("input", {
          type: "radio",
          name,
          value: opt.value,
          checked: current === opt.value,
          "data-testid": `option-${name}-${opt.value}`,
        }),
        h("span", {}, opt.label),
      ),
    ),
  );
}

function textInput(name, label, value, placeholder, extra = {}) {
  return h(
    "label",
    { class: "ykt-field" },
    h("span", { class: "ykt-label" }, label),
    h("input", {
      type: "text",
      name,
      value: value || "",
      placeholder,
      inputmode: "numeric",
      autocomplete: "off",
      "data-testid": `input-${name}`,
      ...extra,
    }),
  );
}

function selectInput(name, label, options, value, placeholder) {
  return h(
    "label",
    { class: "ykt-field" },
    h("span", { class: "ykt-label" }, label),
    h(
      "select",
      { name, "data-testid": `input-${name}` },
      placeholder ? h("option", { value: "" }, placeholder) : null,
      options.map((o) => h("option", { value: o.value, selected: o.value === value }, o.label)),
    ),
  );
}

function screenBody(step, a) {
  const q = question(step);
  switch (step) {
    case "identity":
      return optionList("id", q.options, a.id);
    case "level":
      return optionList("lv", q.options, a.lv);
    case "major": {
      const majors = majorsFor(a.lv).map((m) => ({ value: m.id, label: m.name || m.label || m.id }));
      return optionList("mj", majors, a.mj);
    }
    case "mode":
      return optionList("md", q.options, a.md);
    case "dates": {
      const upgrade = a.lv === "upgrade";
      const pending = a.gr === "pending";
      return h(
        "div",
        { class: "ykt-fields" },
        textInput("en", upgrade ? q.entry_label_upgrade : q.entry_label, a.en, q.month_placeholder),
        upgrade ? textInput("cg", q.college_graduated_label, a.cg, q.month_placeholder) : null,
        textInput("gr", upgrade ? q.graduated_label_upgrade : q.graduated_label, pending ? "" : a.gr, q.month_placeholder, {
          disabled: pending,
        }),
        h(
          "label",
          { class: "ykt-check" },
          h("input", {
            type: "checkbox",
            name: "pending",
            checked: pending,
            "data-testid": "input-pending",
            onchange: (ev) => {
              const gr = ev.target.form.elements.gr;
              gr.disabled = ev.target.checked;
              if (ev.target.checked) gr.value = "";
            },
          }),
          h("span", {}, q.pending_label),
        ),
      );
    }
    case "certificate": {
      const categories = question("target").categories.filter((c) => CATEGORY_IDS.includes(c.value));
      const details = h(
        "div",
        { class: "ykt-fields ykt-cert-details", hidden: !a.ct || a.ct === "none" },
        selectInput("cc", q.category_label, categories, a.cc),
        textInput("cr", q.registered_label, a.cr, q.date_placeholder),
      );
      const options = optionList("ct", q.options, a.ct);
      options.addEventListener("change", () => {
        const value = options.querySelector("input:checked")?.value;
        details.hidden = !value || value === "none";
      });
      return h("div", {}, options, details);
    }
    case "region":
      return optionList("rg", q.options, a.rg);
    case "target":
      return h(
        "div",
        { class: "ykt-fields" },
        selectInput("tl", q.level_label, q.levels, a.tl || "any"),
        selectInput("tc", q.category_label, q.categories, a.tc || "any"),
      );
    case "township":
      return optionList("tw", q.options, a.tw);
    default:
      return null;
  }
}

/** Read the screen's form into answers; returns an error text or null. */
function collect(step, form, a) {
  const tx = finder.texts;
  const value = (name) => (form.elements[name]?.value ?? "").trim();
  const radio = (name) => form.querySelector(`input[name="${name}"]:checked`)?.value;
  const single = { identity: "id", level: "lv", major: "mj", mode: "md", region: "rg", township: "tw" };
  if (single[step]) {
    const v = radio(single[step]);
    if (!v) return tx.choose_one;
    a[single[step]] = v;
    return null;
  }
  if (step === "dates") {
    const en = value("en");
    const pending = form.elements.pending.checked;
    const gr = pending ? "pending" : value("gr");
    const cg = a.lv === "upgrade" ? value("cg") : undefined;
    if (!MONTH.test(en) || (!pending && !MONTH.test(gr)) || (cg !== undefined && !MONTH.test(cg))) return tx.bad_month;
    const today = asOf.slice(0, 7);
    if (en > today || (!pending && gr > today) || (cg && cg > today)) return tx.future;
    if ((!pending && gr < en) || (cg && (cg < en || (!pending && gr < cg)))) return tx.order;
    Object.assign(a, { en, gr, cg });
    return null;
  }
  if (step === "certificate") {
    const ct = radio("ct");
    if (!ct) return tx.choose_one;
    a.ct = ct;
    if (ct === "none") {
      delete a.cc;
      delete a.cr;
      return null;
    }
    const cc = value("cc");
    const cr = value("cr");
    if (!DAY.test(cr) || Number.isNaN(Date.parse(cr))) return tx.bad_date;
    if (cr > asOf) return tx.future;
    Object.assign(a, { cc, cr });
    return null;
  }
  if (step === "target") {
    a.tl = value("tl") || "any";
    a.tc = value("tc") || "any";
    return null;
  }
  return null;
}

function renderScreen(step, answers) {
  const steps = activeSteps(answers);
  const index = steps.findIndex((s) => s.id === step);
  const q = question(step);
  const tx = finder.texts;
  const error = h("p", { class: "ykt-error", role: "alert", "data-testid": "finder-error", hidden: true });
  const form = h(
    "form",
    { class: "ykt-screen", "data-testid": "finder-question", "data-question": step, novalidate: true },
    h("p", { class: "ykt-progress" }, fill(tx.progress, { n: index + 1 })),
    h("h2", { class: "ykt-question" }, q.title),
    q.help ? h("p", { class: "ykt-help" }, q.help) : null,
    screenBody(step, answers),
    error,
    h(
      "div",
      { class: "ykt-nav" },
      index > 0
        ? h("button", { type: "button", class: "md-button", "data-testid": "finder-back", onclick: () => goBack(steps, index, answers) }, tx.back)
        : null,
      h("button", { type: "submit", class: "md-button md-button--primary", "data-testid": "finder-next" }, tx.next),
    ),
  );
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const next = { ...answers };
    const problem = collect(step, form, next);
    if (problem) {
      error.textContent = problem;
      error.hidden = false;
      return;
    }
    const following = activeSteps(next).slice(activeSteps(next).findIndex((s) => s.id === step) + 1);
    // Keep this answer in the current history entry (back shows it), then go to the next
    // unanswered screen (new screens may appear after an edit), else the result.
    writeUrl(next, step, true);
    writeUrl(next, following.find((s) => !isAnswered(s.id, next))?.id || "result");
    render();
  });
  return form;
}

/** Back: the browser's back while inside the finder's own history, else the previous screen. */
function goBack(steps, index, answers) {
  if ((history.state?.finder || 0) > 0) {
    history.back();
    return;
  }
  writeUrl(answers, steps[index - 1].id, true);
  render();
}

function answerSummary(answers) {
  const rows = [];
  for (const step of activeSteps(answers)) {
    const q = question(step.id);
    const labelOf = (opts, v) => opts?.find((o) => o.value === v)?.label ?? v;
    let text = "";
    switch (step.id) {
      case "identity":
        text = labelOf(q.options, answers.id);
        break;
      case "level":
        text = labelOf(q.options, answers.lv);
        break;
      case "major":
        text = labelOf(
          majorsFor(answers.lv).map((m) => ({ value: m.id, label: m.name || m.id })),
          answers.mj,
        );
        break;
      case "mode":
        text = labelOf(q.options, answers.md);
        break;
      case "dates":
        text = [answers.en, answers.cg, answers.gr === "pending" ? q.pending_label : answers.gr].filter(Boolean).join(" → ");
        break;
      case "certificate":
        text = [labelOf(q.options, answers.ct), answers.ct !== "none" ? answers.cc && labelOf(question("target").categories, answers.cc) : null, answers.ct !== "none" ? answers.cr : null]
          .filter(Boolean)
          .join("，");
        break;
      case "region":
        text = labelOf(q.options, answers.rg);
        break;
      case "target":
        text = `${labelOf(q.levels, answers.tl)}，${labelOf(q.categories, answers.tc)}`;
        break;
      case "township":
        text = labelOf(q.options, answers.tw);
        break;
    }
    rows.push(
      h(
        "li",
        {},
        h("span", { class: "ykt-answer-q" }, q.title),
        " ",
        h("strong", {}, text),
        " ",
        h(
          "a",
          {
            href: "#",
            class: "ykt-edit",
            onclick: (ev) => {
              ev.preventDefault();
              writeUrl(answers, step.id);
              render();
            },
          },
          finder.texts.edit,
        ),
      ),
    );
  }
  return h("details", { class: "ykt-answers" }, h("summary", {}, finder.texts.answers_title), h("ul", {}, rows));
}

function pathwayTitle(id) {
  return rules.pathways?.[id]?.title || id;
}

function renderResult(answers) {
  const tx = finder.texts;
  const region = answers.rg || "national";
  const box = h("section", { class: "ykt-result", "data-testid": "finder-result", "data-state": "checking" });
  box.append(h("p", { class: "ykt-progress" }, tx.checking));
  const request = { profile: buildProfile(answers), region, as_of: asOf };
  box.request = request;
  client.ready
    .then(() => client.call("eligibility", request))
    .then((report) => {
      box.replaceChildren(...resultBody(report, region));
      box.dataset.state = "done";
      box.dataset.verdict = report.verdict;
    })
    .catch(() => {
      box.replaceChildren(h("p", { class: "ykt-error", role: "alert" }, tx.failed), checklistsLink());
      box.dataset.state = "error";
    });
  return h(
    "div",
    {},
    box,
    answerSummary(answers),
    h("p", { class: "ykt-share" }, tx.share),
    h(
      "p",
      {},
      h(
        "button",
        {
          type: "button",
          class: "md-button",
          "data-testid": "finder-restart",
          onclick: () => {
            writeUrl({}, "identity");
            render();
          },
        },
        tx.restart,
      ),
    ),
  );
}

function checklistsLink() {
  return h("p", {}, h("a", { href: siteUrl("checklists/") }, finder.texts.checklist_link));
}

function materialsLine(ids) {
  if (!Array.isArray(ids) || !ids.length) return null;
  const names = ids.map((id) => rules.materials?.[id]?.name || id);
  return h("p", { class: "ykt-needed" }, fill(finder.texts.materials_needed, { names: names.join("、") }));
}

function resultBody(report, region) {
  const tx = finder.texts;
  const facts = report.facts || {};
  const applicable = facts.applicable || [];
  const notApplicable = facts.not_applicable || [];
  const out = [h("h2", {}, tx.result_title)];
  if (!applicable.length) out.push(h("p", { "data-testid": "finder-none" }, tx.result_none));
  out.push(
    h(
      "ul",
      { class: "ykt-pathways" },
      applicable.map((item) =>
        h(
          "li",
          { class: "ykt-pathway", "data-testid": "pathway-result", "data-pathway": item.pathway },
          h("h3", {}, pathwayTitle(item.pathway)),
          h("ul", { class: "ykt-reasons" }, (item.reasons || []).map((r) => h("li", {}, r))),
          materialsLine(facts.checklist?.[item.pathway]),
          h(
            "p",
            { class: "ykt-links" },
            h("a", { class: "md-button", href: siteUrl(`checklists/${item.pathway}/`), "data-testid": "checklist-link" }, tx.checklist_link),
            " ",
            h(
              "a",
              {
                class: "md-button md-button--primary",
                href: siteUrl(`tools/materials/?pathway=${encodeURIComponent(item.pathway)}&region=${encodeURIComponent(region)}`),
                "data-testid": "materials-link",
              },
              tx.materials_link,
            ),
          ),
        ),
      ),
    ),
  );
  const findings = (report.findings || []).filter((f) => f.severity !== "info" || f.message);
  if (findings.length)
    out.push(h("ul", { class: "ykt-findings" }, findings.map((f) => h("li", { class: `ykt-${f.severity}`, "data-code": f.code }, f.message, f.fix ? ` ${f.fix}` : ""))));
  if (notApplicable.length) {
    out.push(
      h(
        "details",
        { class: "ykt-not-applicable", open: !applicable.length },
        h("summary", {}, tx.not_applicable_title),
        h(
          "ul",
          {},
          notApplicable.map((item) =>
            h(
              "li",
              { "data-testid": "pathway-not-applicable", "data-pathway": item.pathway },
              h("strong", {}, pathwayTitle(item.pathway)),
              h("ul", { class: "ykt-reasons" }, (item.reasons || []).map((r) => h("li", {}, r))),
            ),
          ),
        ),
      ),
    );
  }
  if (report.notice) out.push(h("p", { class: "ykt-notice" }, report.notice));
  out.push(h("p", { class: "ykt-asof" }, fill(tx.as_of, { date: asOf })));
  return out;
}

function render(moveFocus = true) {
  const { answers, at } = readAnswers();
  const open = firstOpen(answers);
  let step = at || open;
  const active = activeSteps(answers).map((s) => s.id);
  // A shared link may point past unanswered screens: go to the first open one instead.
  if (step === "result" && open !== "result") step = open;
  if (step !== "result" && !active.includes(step)) step = open;
  if (step !== "result") {
    const before = active.slice(0, active.indexOf(step));
    const missing = before.find((s) => !isAnswered(s, answers));
    if (missing) step = missing;
  }
  const view = root.querySelector("[data-testid=finder-view]");
  view.dataset.step = step;
  view.replaceChildren(step === "result" ? renderResult(answers) : renderScreen(step, answers));
  if (moveFocus) {
    // After "next", "back" or "edit" the new screen's heading takes focus (screen readers, phones).
    const heading = view.querySelector("h2");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
    if (view.getBoundingClientRect().top < 0) view.scrollIntoView({ block: "start" });
  }
}

async function main() {
  if (!root) return;
  ({ client, asOf } = startTool(root));
  try {
    rules = await loadRules();
  } catch {
    root.querySelector("[data-testid=finder-view]").replaceChildren(h("p", { class: "ykt-error", role: "alert" }, root.dataset.failed || ""));
    return;
  }
  finder = rules.finder || { questions: [], texts: {} };
  window.addEventListener("popstate", () => render(true));
  render(false);
  root.dataset.ready = "true";
}

main();
