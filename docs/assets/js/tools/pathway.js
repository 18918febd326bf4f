// Pathway finder (/tools/pathway/): one screen at a time, answers in the URL query string, the
// result from the validator's eligibility engine (the same Python as the CLI and the checklists).
// This module only renders and keeps the URL. The screens, their order, when each screen and field
// is asked, the options and every text come from content/finder.yaml (compiled into rules.json);
// `holds` below is the one interpreter of its condition language. Majors, pathway titles, material
// names and tool names come from the rule set too.

import { typedCode } from "./code-field.js";
import {
  add,
  announce,
  citation,
  fill,
  h,
  headerBottom,
  loadRules,
  named,
  pageFix,
  replace,
  scrollBelowHeader,
  setText,
  siteUrl,
  startTool,
} from "./common.js";
import { parseDay, parseMonth } from "./dates.js";
import { createFinder, holds } from "./finder-logic.js";
import * as links from "./links.js";
import { mountRecordBar, remember, showKept, watchChanges } from "./record-ui.js";
import { mountRegionPicker, regionNote } from "./region-picker.js";

const root = document.querySelector("[data-tool=pathway]");
let rules = null;
let finder = null;
let client = null;
let asOf = null;
let logic = null; // createFinder(finder, rules, asOf), once the rule set is in
let recordBar = null;

// ---------------------------------------------------------------- answers in the URL
function readAnswers() {
  const params = new URLSearchParams(location.search);
  const answers = {};
  for (const key of logic.allKeys()) if (params.has(key)) answers[key] = params.get(key);
  // the other tools and the 考区 pages pass the 考区 as ?region=: it preselects the finder's 考区 answer
  if (!params.has("rg") && params.has("region")) answers.rg = params.get("region");
  return { answers, at: params.get("step") };
}

function writeUrl(answers, at, inPlace = false) {
  const params = new URLSearchParams(logic.activeAnswers(answers));
  const asOfParam = new URLSearchParams(location.search).get("as_of");
  if (asOfParam) params.set("as_of", asOfParam);
  if (at) params.set("step", at); // not "q": the theme opens its search box for ?q=
  const url = `${location.pathname}?${params.toString()}`;
  // history.state.finder counts the finder's own entries, so "back" knows whether it can use history.
  const depth = history.state?.finder || 0;
  if (inPlace) history.replaceState({ finder: depth }, "", url);
  else history.pushState({ finder: depth + 1 }, "", url);
}

/** 复制本页链接: the link holds every answer (WeChat hides the address bar, so a button copies it); where
 * the browser refuses, the link is shown selected in a box to copy by hand. */
function copyLink() {
  const tx = finder.texts;
  const note = h("span", { class: "ykt-help", role: "status", "data-testid": "copy-link-note" });
  const box = h("p", { "data-testid": "copy-link-box", hidden: true });
  const button = h("button", { type: "button", class: "md-button", "data-testid": "copy-link" }, tx.copy_link);
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      note.textContent = tx.copy_link_done;
    } catch {
      const field = h("input", {
        type: "text",
        readonly: true,
        value: location.href,
        "aria-label": tx.copy_link,
        "data-testid": "copy-link-text",
      });
      replace(box, field);
      box.hidden = false;
      field.focus();
      field.select();
      note.textContent = tx.copy_link_failed;
    }
  });
  return h("div", {}, h("p", {}, button, " ", note), box);
}

// ---------------------------------------------------------------- fields on a screen
function choiceField(field, answers) {
  const current = logic.fieldValue(field, answers);
  return h(
    "div",
    { class: "ykt-options", role: "radiogroup", "aria-label": field.label || null },
    field.label ? h("span", { class: "ykt-label" }, field.label) : null,
    logic.optionsOf(field, answers).map((opt) =>
      h(
        "label",
        { class: "ykt-option" },
        h("input", {
          type: "radio",
          name: field.key,
          value: opt.value,
          checked: current === opt.value,
          "data-testid": `option-${field.key}-${opt.value}`,
        }),
        h("span", {}, opt.label),
      ),
    ),
  );
}

function selectField(field, answers) {
  const current = logic.fieldValue(field, answers);
  return h(
    "label",
    { class: "ykt-field" },
    h("span", { class: "ykt-label" }, field.label),
    h(
      "select",
      { name: field.key, "data-testid": `input-${field.key}` },
      logic
        .optionsOf(field, answers)
        .map((o) => h("option", { value: o.value, selected: o.value === current }, o.label)),
    ),
  );
}

function textField(field, answers) {
  const current = logic.fieldValue(field, answers);
  const pending = field.pending && current === field.pending.value;
  const input = h("input", {
    type: "text",
    name: field.key,
    value: pending ? "" : current,
    placeholder: field.placeholder || "",
    autocomplete: "off",
    spellcheck: "false",
    disabled: pending,
    "data-testid": `input-${field.key}`,
  });
  const check = field.pending
    ? h(
        "label",
        { class: "ykt-check" },
        h("input", {
          type: "checkbox",
          name: `${field.key}-pending`,
          checked: pending,
          "data-testid": "input-pending",
          onchange: (ev) => {
            input.disabled = ev.target.checked;
            if (ev.target.checked) input.value = "";
          },
        }),
        h("span", {}, field.pending.label),
      )
    : null;
  // a month or day says what it was read as while it is typed; the screen's check marks it when unreadable
  const note = h("span", { class: "ykt-understood", "data-testid": "input-understood", "aria-live": "polite" });
  const show = () => {
    const typed = input.value.trim();
    const read = field.type === "month" ? parseMonth(typed) : parseDay(typed);
    note.dataset.value = read || "";
    delete note.dataset.state;
    input.removeAttribute("aria-invalid");
    replace(note, typed && read && !input.disabled ? fill(finder.texts.understood, { value: read }) : null);
  };
  input.addEventListener("input", show);
  queueMicrotask(show);
  return h(
    "div",
    {},
    h("label", { class: "ykt-field" }, h("span", { class: "ykt-label" }, field.label), input, note),
    check,
  );
}

/** Mark each field of the screen its check refuses, with its own message under it; the first one's
 * message (with the field's name) is also the screen's alert. */
function markProblems(screen, form, answers) {
  let first = null;
  for (const raw of logic.activeFields(screen, answers)) {
    const field = logic.variant(raw, answers);
    const problem = logic.fieldProblem(field, answers);
    const input = form.querySelector(`[data-field="${field.key}"] input[type=text]`);
    const note = form.querySelector(`[data-field="${field.key}"] [data-testid=input-understood]`);
    if (!problem || !input) continue;
    input.setAttribute("aria-invalid", "true");
    if (note) {
      replace(note, problem);
      note.dataset.state = "unreadable";
    }
    first = first || fill(finder.texts.field_problem, { label: field.label, problem });
  }
  return first;
}

/** Every 考区 of the register (grouped, searchable, "不确定" first), with the note on whose rules apply. */
function regionField(field, answers) {
  const select = h("select", { name: field.key, "data-testid": `input-${field.key}` });
  const label = h(
    "label",
    { class: "ykt-field" },
    h("span", { class: "ykt-label" }, field.label || rules.region_texts?.label || ""),
    select,
  );
  const wrap = h("div", {}, label);
  mountRegionPicker(select, rules, { value: logic.fieldValue(field, answers) || "national" });
  return wrap;
}

const RENDER = { choice: choiceField, select: selectField, month: textField, day: textField, region: regionField };

/** Read one field from the form (pending boxes included). */
function readField(field, form) {
  if (field.type === "choice") return form.querySelector(`input[name="${field.key}"]:checked`)?.value ?? "";
  if (field.pending && form.elements[`${field.key}-pending`]?.checked) return field.pending.value;
  const typed = (form.elements[field.key]?.value ?? "").trim();
  // a month or day typed the way people type it (2019-9, 2019.09, 201909, 2019年9月) is kept as the
  // form writes it (2019-09); what cannot be read stays as typed and gets the field's message
  if (field.type === "month") return parseMonth(typed) || typed;
  if (field.type === "day") return parseDay(typed) || typed;
  return typed;
}

/** The screen's answers as they stand in the form. A field its condition hides keeps no new value;
 * answers no screen asks any more are dropped when the URL is written (activeAnswers). */
function formAnswers(screen, form, answers) {
  const typed = { ...answers };
  for (const field of screen.fields) typed[field.key] = readField(field, form);
  const next = { ...answers };
  for (const field of screen.fields) if (holds(field.when, typed)) next[field.key] = typed[field.key];
  return next;
}

// ---------------------------------------------------------------- a screen
function renderScreen(screenId, answers) {
  const screens = logic.activeScreens(answers);
  const index = screens.findIndex((s) => s.id === screenId);
  const screen = screens[index];
  const tx = finder.texts;
  const error = h("p", { class: "ykt-error", role: "alert", "data-testid": "finder-error", hidden: true });
  const body = h(
    "div",
    { class: "ykt-fields" },
    screen.fields.map((raw) => {
      const field = logic.variant(raw, answers);
      // a value copied from an earlier answer (专升本: the 本科's study form and entry from the 专科's) is
      // said to be one, so it is checked rather than taken unread (a phone review took it for typed)
      const copied =
        answers[field.key] === undefined && field.default_from && answers[field.default_from] !== undefined;
      return h(
        "div",
        { "data-field": field.key, hidden: !holds(field.when, answers) },
        RENDER[field.type](field, answers),
        copied ? h("p", { class: "ykt-help", "data-testid": "input-prefilled" }, tx.prefilled) : null,
      );
    }),
  );
  const form = h(
    "form",
    { class: "ykt-screen", "data-testid": "finder-question", "data-question": screen.id, novalidate: true },
    h("p", { class: "ykt-progress" }, fill(tx.progress, { n: index + 1 })),
    h("h2", { class: "ykt-question" }, screen.title),
    screen.help ? h("p", { class: "ykt-help" }, screen.help) : null,
    body,
    error,
    h(
      "div",
      { class: "ykt-nav" },
      index > 0
        ? h(
            "button",
            {
              type: "button",
              class: "md-button",
              "data-testid": "finder-back",
              onclick: () => goBack(screens, index, answers),
            },
            tx.back,
          )
        : null,
      h("button", { type: "submit", class: "md-button md-button--primary", "data-testid": "finder-next" }, tx.next),
    ),
  );
  // a field may depend on another one on the same screen (the certificate's details)
  form.addEventListener("change", () => {
    const now = formAnswers(screen, form, answers);
    for (const field of screen.fields)
      form.querySelector(`[data-field="${field.key}"]`).hidden = !holds(field.when, now);
  });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const next = formAnswers(screen, form, answers);
    const problem = logic.screenProblem(screen, next);
    if (problem) {
      setText(error, markProblems(screen, form, next) || problem);
      error.hidden = false;
      return;
    }
    const after = logic.activeScreens(next);
    const following = after.slice(after.findIndex((s) => s.id === screen.id) + 1);
    // Keep this answer in the current history entry (back shows it), then go to the next
    // unanswered screen (new screens may appear after an edit), else the result.
    writeUrl(next, screen.id, true);
    writeUrl(next, following.find((s) => !logic.isAnswered(s, next))?.id || "result");
    render();
  });
  return form;
}

/** Back: the browser's back while inside the finder's own history, else the previous screen. */
function goBack(screens, index, answers) {
  if ((history.state?.finder || 0) > 0) {
    history.back();
    return;
  }
  writeUrl(answers, screens[index - 1].id, true);
  render();
}

// ---------------------------------------------------------------- the answers so far
function shownValue(field, answers) {
  const value = answers[field.key] ?? "";
  if (field.pending && value === field.pending.value) return field.pending.label;
  if (field.type === "region") return rules.regions?.[value]?.name || value;
  const option =
    field.type === "choice" || field.type === "select"
      ? logic.optionsOf(field, answers).find((o) => o.value === value)
      : null;
  return option ? option.label : value;
}

function answerSummary(answers) {
  const rows = logic.activeScreens(answers).map((screen) => {
    const text = logic
      .activeFields(screen, answers)
      .map((f) => shownValue(f, answers))
      .filter(Boolean)
      .join("，");
    return h(
      "li",
      {},
      h("span", { class: "ykt-answer-q" }, screen.title),
      " ",
      h("strong", {}, text),
      " ",
      h(
        "button",
        {
          type: "button",
          class: "ykt-link-button ykt-edit",
          "aria-label": `${finder.texts.edit}：${screen.title}`,
          onclick: () => {
            writeUrl(answers, screen.id);
            render();
          },
        },
        finder.texts.edit,
      ),
    );
  });
  return h("details", { class: "ykt-answers" }, h("summary", {}, finder.texts.answers_title), h("ul", {}, rows));
}

// ---------------------------------------------------------------- links to pages and tools
const toolUrl = (id, query) => links.toolUrl(rules, id, query);
const toolLink = (id, query, testid) => links.toolLink(rules, id, query, testid);
const linkified = (text, region) => links.linkified(rules, text, { region });

function pathwayTitle(id) {
  return rules.pathways?.[id]?.title || id;
}

function materialName(id) {
  return rules.materials?.[id]?.name || id;
}

// ---------------------------------------------------------------- the result
function renderResult(answers) {
  const tx = finder.texts;
  const region = answers.rg || "national";
  const box = h("section", { class: "ykt-result", "data-testid": "finder-result", "data-state": "checking" });
  add(box, h("p", { class: "ykt-progress" }, tx.checking));
  const request = { answers: logic.activeAnswers(answers), region, as_of: asOf };
  box.request = request;
  client.ready
    .then(() => client.call("eligibility", request))
    .then((report) => {
      replace(box, ...resultBody(report, request));
      box.dataset.state = "done";
      box.dataset.verdict = report.verdict;
      box.dataset.recommended = report.facts?.recommended || "";
      const top = report.facts?.recommended;
      announce(root, top ? fill(tx.announce_result, { title: pathwayTitle(top) }) : tx.announce_none);
    })
    .catch(() => {
      replace(box, h("p", { class: "ykt-error", role: "alert" }, tx.failed), checklistsLink());
      box.dataset.state = "error";
    });
  return h(
    "div",
    {},
    h("h2", { class: "ykt-result-title" }, tx.result_title),
    box,
    answerSummary(answers),
    h("p", { class: "ykt-share" }, tx.share),
    copyLink(),
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
            writeUrl({}, finder.screens[0].id);
            render();
          },
        },
        tx.restart,
      ),
    ),
  );
}

function checklistsLink() {
  return h("p", {}, h("a", { href: siteUrl("checklists/") }, finder.texts.checklists_link));
}

function materialsGroup(title, items, region) {
  if (!items.length) return null;
  const tx = finder.texts;
  return h(
    "div",
    { class: "ykt-material-group" },
    h("p", { class: "ykt-label" }, title),
    h(
      "ul",
      { class: "ykt-needed" },
      items.map((m) =>
        h(
          "li",
          { "data-testid": "result-material", "data-material": m.material, "data-applies": m.applies },
          materialName(m.material),
          m.applies === "maybe" && m.when
            ? h("span", { class: "ykt-when" }, fill(tx.materials_maybe_when, { when: m.when }))
            : null,
          typedCode(rules, m.material, region)
            ? h(
                "span",
                { class: "ykt-when", "data-testid": "result-material-code" },
                fill(tx.materials_code, { label: typedCode(rules, m.material, region).label }),
              )
            : null,
          finder.material_tools?.[m.material] ? [" ", toolLink(finder.material_tools[m.material], { region })] : null,
        ),
      ),
    ),
  );
}

function pathwayLinks(item, request) {
  const query = new URLSearchParams(request.answers).toString();
  const materials = toolUrl("materials", { pathway: item.pathway, region: request.region, answers: query });
  return h(
    "p",
    { class: "ykt-links" },
    h(
      "a",
      { class: "md-button", href: siteUrl(`checklists/${item.pathway}/`), "data-testid": "checklist-link" },
      finder.texts.checklist_link,
    ),
    " ",
    h(
      "a",
      { class: "md-button md-button--primary", href: materials, "data-testid": "materials-link" },
      rules.tools.materials.name,
    ),
    " ",
    // the candidate's own list: these answers and this 考区 carried along (issue 23)
    h(
      "a",
      {
        class: "md-button",
        href: toolUrl("checklist", { pathway: item.pathway, region: request.region, answers: query }),
        "data-testid": "personal-link",
      },
      rules.tools.checklist?.name,
    ),
  );
}

function recommendedCard(item, facts, request) {
  const tx = finder.texts;
  const mats = item.materials || [];
  return h(
    "section",
    {
      class: "ykt-pathway ykt-recommended",
      "data-testid": "pathway-result",
      "data-pathway": item.pathway,
      "data-recommended": "true",
      "data-applies": item.applies,
    },
    h("p", { class: "ykt-badge ykt-pass" }, tx.recommended_label),
    h("h3", {}, pathwayTitle(item.pathway)),
    item.applies === "maybe" ? h("p", { class: "ykt-warn", "data-testid": "pathway-maybe" }, tx.maybe_label) : null,
    facts.recommendation ? h("p", { class: "ykt-why", "data-testid": "recommendation" }, facts.recommendation) : null,
    materialsGroup(
      tx.materials_yes,
      mats.filter((m) => m.applies === "yes"),
      request.region,
    ),
    materialsGroup(
      tx.materials_maybe,
      mats.filter((m) => m.applies === "maybe"),
      request.region,
    ),
    pathwayLinks(item, request),
    h(
      "details",
      { class: "ykt-reasons-box" },
      h("summary", {}, tx.reasons_title),
      h(
        "ul",
        { class: "ykt-reasons" },
        (item.reasons || []).map((r) => h("li", {}, linkified(r, request.region))),
      ),
    ),
  );
}

function otherCard(item, request) {
  const tx = finder.texts;
  return h(
    "li",
    {
      class: "ykt-pathway",
      "data-testid": "pathway-result",
      "data-pathway": item.pathway,
      "data-recommended": "false",
      "data-applies": item.applies,
    },
    h("strong", {}, pathwayTitle(item.pathway)),
    item.applies === "maybe" ? h("span", { class: "ykt-warn" }, ` ${tx.maybe_label}`) : null,
    h("p", { class: "ykt-label" }, tx.differs_title),
    h(
      "ul",
      { class: "ykt-differs" },
      (item.differs || []).map((d) => h("li", {}, d)),
    ),
    h(
      "details",
      {},
      h("summary", {}, tx.reasons_title),
      h(
        "ul",
        { class: "ykt-reasons" },
        (item.reasons || []).map((r) => h("li", {}, linkified(r, request.region))),
      ),
    ),
    pathwayLinks(item, request),
  );
}

function findingList(findings, region) {
  const shown = findings.filter((f) => f.severity !== "info" || f.code !== "eligibility.some");
  if (!shown.length) return null;
  return h(
    "ul",
    { class: "ykt-findings" },
    shown.map((f) => {
      const link = finder.finding_links?.[f.code];
      return h(
        "li",
        { class: `ykt-finding ykt-${f.severity}`, "data-testid": "finder-finding", "data-code": f.code },
        linkified(f.message, region),
        pageFix(f) ? [" ", ...linkified(pageFix(f), region)] : null,
        link ? [" ", toolLink(link.tool, link.query, "finding-link")] : null,
        // the validator's reading (why a figure only warns) and citation, as the other tools show them
        f.reading ? h("span", { class: "ykt-finding-reading", "data-testid": "finding-reading" }, f.reading) : null,
        f.source?.line ? citation(f.source, "ykt-finding-source", "finding-source") : null,
      );
    }),
  );
}

function resultBody(report, request) {
  const tx = finder.texts;
  const facts = report.facts || {};
  const applicable = facts.applicable || [];
  const notApplicable = facts.not_applicable || [];
  const out = [];
  if (!applicable.length) {
    out.push(h("p", { "data-testid": "finder-none" }, tx.result_none));
    if (facts.decisive)
      out.push(
        h(
          "p",
          { class: "ykt-fail", "data-testid": "finder-decisive", "data-pathway": facts.decisive.pathway },
          fill(tx.decisive, { reason: facts.decisive.reason }),
          fill(tx.decisive_from, { title: facts.decisive.title }),
          facts.decisive.source_line
            ? h(
                "span",
                { class: "ykt-finding-source", "data-testid": "finder-decisive-source" },
                facts.decisive.source_line,
              )
            : null,
        ),
      );
  }
  const top = applicable.find((item) => item.recommended);
  if (top) out.push(recommendedCard(top, facts, request));
  // where this 考区's materials are uploaded and under which rule, with a link to its page
  out.push(regionNote(rules, request.region));
  out.push(findingList(report.findings || [], request.region));
  const others = applicable.filter((item) => !item.recommended);
  if (others.length)
    out.push(
      h("h3", {}, tx.others_title),
      h(
        "ul",
        { class: "ykt-pathways" },
        others.map((item) => otherCard(item, request)),
      ),
    );
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
              h(
                "ul",
                { class: "ykt-reasons" },
                (item.reasons || []).map((r) => h("li", {}, linkified(r, request.region))),
              ),
            ),
          ),
        ),
      ),
    );
  }
  if (report.notice) out.push(h("p", { class: "ykt-notice" }, named(report.notice)));
  out.push(h("p", { class: "ykt-asof" }, fill(tx.as_of, { date: asOf })));
  return out.filter(Boolean);
}

// ---------------------------------------------------------------- page
function render(moveFocus = true) {
  const { answers, at } = readAnswers();
  const step = logic.stepFor(answers, at);
  const view = root.querySelector("[data-testid=finder-view]");
  view.dataset.step = step;
  // the answers so far, kept on this device (a reload by WeChat keeps the link; the menu's link does not)
  const kept = logic.activeAnswers(answers);
  if (Object.keys(kept).length && remember("finder", { answers: kept, step })) showKept(recordBar, rules.texts || {});
  replace(view, step === "result" ? renderResult(answers) : renderScreen(step, answers));
  if (moveFocus) {
    // After "next", "back" or "edit" the new screen's heading takes focus (screen readers, phones).
    const heading = view.querySelector("h2");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
    // its top under the sticky header or above the screen: brought right below the header
    if (view.getBoundingClientRect().top < headerBottom()) scrollBelowHeader(view);
  }
}

/**
 * The first question the page came with (templates/parts/finder-first.html.j2) until the rule set is in:
 * a tap on 下一步 is kept (the page's form goes nowhere by itself), and so is what was ticked.
 * Returns what to do once the script's own first screen is drawn.
 */
function keepEarlyAnswers() {
  const early = root.querySelector("form[data-testid=finder-question]");
  let next = false;
  early?.addEventListener("submit", (ev) => {
    ev.preventDefault();
    next = true;
    early.setAttribute("aria-busy", "true");
  });
  return () => {
    const form = root.querySelector("form[data-testid=finder-question]");
    if (!early || !form || form === early || form.dataset.question !== early.dataset.question) return;
    let picked = false;
    for (const input of early.querySelectorAll("input:checked")) {
      const same = form.querySelector(`input[name="${CSS.escape(input.name)}"][value="${CSS.escape(input.value)}"]`);
      if (same && !same.checked) {
        same.checked = true;
        picked = true;
      }
    }
    if (picked) form.dispatchEvent(new Event("change", { bubbles: true }));
    if (next) form.querySelector("[data-testid=finder-next]")?.click();
  };
}

async function main() {
  if (!root) return;
  const afterFirstScreen = keepEarlyAnswers();
  ({ client, asOf } = startTool(root));
  try {
    rules = await loadRules();
  } catch {
    root
      .querySelector("[data-testid=finder-view]")
      .replaceChildren(h("p", { class: "ykt-error", role: "alert" }, root.dataset.failed || ""));
    return;
  }
  finder = rules.finder || { screens: [], texts: {} };
  logic = createFinder(finder, rules, asOf);
  window.addEventListener("popstate", () => render(true));
  const fromLink = Object.keys(readAnswers().answers).length > 0;
  recordBar = mountRecordBar(root, rules.texts || {}, {
    has: (record) => Object.keys(record.finder?.answers || {}).length > 0,
    onResume: (record) => {
      writeUrl(record.finder.answers, record.finder.step || null);
      render(true);
    },
    offer: !fromLink,
  });
  watchChanges(root);
  render(false);
  afterFirstScreen();
  root.dataset.ready = "true";
}

main();
