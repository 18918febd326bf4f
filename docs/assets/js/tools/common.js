// Shared helpers for the pathway finder, the materials check and the form pre-check.
// No user-facing Chinese here: every text comes from the page (a JSON block written in the
// Markdown page) or from the compiled rule set (content/*.yaml).

import { todayISO } from "../image-decode.js";
import { getValidator, mountStatus } from "../validator-client.js";
import { add, fill, h, named, pageTexts, replace, setText } from "./dom.js";

export { add, fill, h, named, pageTexts, replace, setText };

/** The site root, derived from this module's own URL (works under any sub-path). */
export const SITE_ROOT = new URL("../../../", import.meta.url);

/** Absolute URL of a site path such as "checklists/bachelor-physician/". */
export function siteUrl(path) {
  return new URL(path.replace(/^\//, ""), SITE_ROOT).href;
}

let rulesPromise = null;

/** The compiled rule set (the same JSON the validator runs on), fetched once from our own origin. */
export function loadRules() {
  if (!rulesPromise) {
    const candidates = [
      document.querySelector("meta[name=validator-rules]")?.content,
      siteUrl("assets/runtime/rules.json"),
    ].filter(Boolean);
    rulesPromise = (async () => {
      let lastError = null;
      for (const url of candidates) {
        try {
          const response = await fetch(new URL(url, SITE_ROOT).href);
          if (response.ok) return await response.json();
          lastError = new Error(`HTTP ${response.status} for ${url}`);
        } catch (err) {
          lastError = err;
        }
      }
      throw lastError || new Error("rules.json not found");
    })();
  }
  return rulesPromise;
}

/** The value list of a parameter for a 考区: its own, else its rule profile's (`uses`), else the base
 * list — the same lookup as validator.ruleset.region_chain / values_for. */
export function valuesFor(rules, spec, region) {
  const uses = rules?.regions?.[region]?.uses;
  return spec.regions?.[region] || (uses && spec.regions?.[uses]) || spec.values || [];
}

/** A rule parameter's entry (value, note, source, confidence) for a region on a date: the same choice
 * as validator.ruleset.RuleSet.param. */
export function paramEntry(rules, id, region = "national", asOf = null) {
  const spec = rules?.parameters?.[id];
  if (!spec) return undefined;
  const values = valuesFor(rules, spec, region);
  if (!values.length) return undefined;
  let chosen = values[0];
  for (const entry of values) {
    if (asOf ? entry.since <= asOf && entry.since >= chosen.since : entry.since >= chosen.since) chosen = entry;
  }
  return chosen;
}

/** A rule parameter's value for a region on a date. */
export function paramValue(rules, id, region = "national", asOf = null) {
  return paramEntry(rules, id, region, asOf)?.value;
}

/** fn once calls have paused for ms. pending (optional) runs at once on every call: a result shown
 * for the earlier input is marked as no longer current (data-state "pending") while the new one waits. */
export function debounce(fn, ms, pending = null) {
  let timer = null;
  let waiting = null; // the arguments of a call still waiting
  const later = (...args) => {
    if (pending) pending();
    clearTimeout(timer);
    waiting = args;
    timer = setTimeout(() => {
      waiting = null;
      fn(...args);
    }, ms);
  };
  /** Run a waiting call now (e.g. when the page is being hidden or closed). */
  later.flush = () => {
    if (!waiting) return;
    clearTimeout(timer);
    const args = waiting;
    waiting = null;
    fn(...args);
  };
  return later;
}

/** debounce's pending for a result element: "done" becomes "pending" until the next check answers. */
export function staleWhileWaiting(el) {
  return () => {
    if (el && el.dataset.state === "done") el.dataset.state = "pending";
  };
}

/** A checked file's or field's findings as a list (null when there are none). */
export function findingsList(findings, texts, opts = {}) {
  return findings.length
    ? h(
        "ul",
        { class: "ykt-findings" },
        findings.map((f) => findingItem(f, texts, opts)),
      )
    : null;
}

/** A finding's advice as the page shows it: the fix (what the command line prints too) and then the
 * sentence only the page has (content ``fix_page``: its buttons, 结果上方 …). */
export function pageFix(finding) {
  return `${finding.fix || ""}${finding.fix_page || ""}`;
}

/** One finding as a list item: [title], message, [measured], [expected], fix, why a figure is only the
 * site's reading, and the citation (Chinese short names and confidence words, written by the validator
 * from content). texts: fix_prefix, measured_prefix, expected_prefix (a figure is shown only with its
 * label). opts: prefix of the class names ("ykt" on the tool pages, "yk" in the photo tool), title, seen (what
 * a result linked already: dom.js named),
 * fix to show instead of finding.fix, and brief (no reading and no citation under the finding: the caller
 * shows one plain note for all its findings instead, as the code field does). */
export function findingItem(finding, texts = {}, opts = {}) {
  const p = opts.prefix || "ykt";
  const fix = opts.fix === undefined ? pageFix(finding) : opts.fix;
  const cite = finding.source?.line || "";
  // a figure the message already states is not repeated under it (a review read "背景起伏 10.1" twice)
  const said = (key) => String(finding.message || "").includes(String(finding[key]));
  // an official tool named in the message and the fix: one link (dom.js named); opts.seen: one for a result
  const seen = opts.seen || new Set();
  const figure = (key, label) =>
    finding[key] && label !== undefined && !said(key)
      ? h("span", { class: `${p}-finding-${key}` }, label + finding[key])
      : null;
  return h(
    "li",
    {
      class: `${p}-finding ${p}-${finding.severity}`,
      "data-testid": "finding",
      "data-code": finding.code,
      "data-severity": finding.severity,
    },
    opts.title ? h("strong", { class: `${p}-finding-title` }, opts.title) : null,
    h("span", { class: `${p}-finding-message` }, named(finding.message, seen)),
    figure("measured", texts.measured_prefix),
    figure("expected", texts.expected_prefix),
    fix ? h("span", { class: `${p}-finding-fix` }, named((texts.fix_prefix || "") + fix, seen)) : null,
    finding.reading && !opts.brief
      ? h("span", { class: `${p}-finding-reading`, "data-testid": "finding-reading" }, finding.reading)
      : null,
    cite && !opts.brief ? citation(finding.source, `${p}-finding-source`, "finding-source") : null,
  );
}

/** A finding's citation line ("依据：… · 官方原文"), linking the sources page at its first source, where
 * each document's full title, date and address are (a phone review: the sources were named, not linked). */
export function citation(source, className, testid) {
  const line = source?.line || "";
  // the first source's entry (validator.ruleset source_info: anchor); in a new tab: the photo check keeps
  // nothing once its page is left
  const href = source?.anchor ? siteUrl(`sources/#${encodeURIComponent(source.anchor)}`) : "";
  const text = href ? h("a", { href, target: "_blank", rel: "noopener" }, line) : line;
  return h("span", { class: className, "data-testid": testid }, text);
}

/**
 * The result for a file whose check ran past its time budget (the client stopped the worker):
 * the content's file.too_complex message with the budget in seconds, as a finding. Not a verdict
 * on the rules: the file was not checked, so it never counts as done.
 */
export function tooComplex(rules, seconds) {
  const spec = rules?.messages?.["file.too_complex"] || {};
  const text = (t) => String(t || "").replace("{seconds}", String(seconds));
  return {
    code: "file.too_complex",
    severity: "warn",
    title: text(spec.title),
    message: text(spec.message),
    fix: text(spec.fix),
    fix_page: text(spec.fix_page),
  };
}

/** A verdict badge whose label comes from the page texts (verdict_pass, verdict_warn, verdict_fail). */
export function verdictBadge(verdict, texts = {}) {
  return h("span", { class: `ykt-badge ykt-${verdict}` }, texts[`verdict_${verdict}`] || verdict);
}

/** A real calendar day written YYYY-MM-DD (2027-02-30 is not one). */
export function isDay(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text ?? ""));
  if (!m) return false;
  const day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return day.getUTCFullYear() === +m[1] && day.getUTCMonth() === +m[2] - 1 && day.getUTCDate() === +m[3];
}

/** Today's date on the device as YYYY-MM-DD (local time), or ?as_of=YYYY-MM-DD for reproducible links;
 * a malformed or impossible ?as_of= falls back to today (bad: true, the page says so). */
export function asOfFrom(todayISO) {
  const param = new URLSearchParams(location.search).get("as_of");
  if (param === null) return { asOf: todayISO(), bad: false };
  return isDay(param) ? { asOf: param, bad: false } : { asOf: todayISO(), bad: true };
}

/** A visible note about a link parameter that was not usable (text from content, rules.json texts). */
export async function urlNote(root, key) {
  let text = "";
  try {
    text = (await loadRules()).texts?.[key] || "";
  } catch {
    return;
  }
  if (!text) return;
  const note = h("p", { class: "ykt-url-note", role: "status", "data-testid": "url-note" }, text);
  const status = root.querySelector("[data-testid=validator-status]");
  if (status) status.after(note);
  else root.prepend(note);
}

/** Say a short text through the tool's polite live region (a [data-testid=live] element inside
 * root, created if missing): screen readers read it once, nothing changes on screen. The text is
 * set in the next frame so that the same words said twice are still read. */
export function announce(root, text) {
  let live = root.querySelector("[data-testid=live]");
  if (!live) {
    live = h("div", {
      class: "ykt-live",
      "data-testid": "live",
      role: "status",
      "aria-live": "polite",
      "aria-atomic": "true",
    });
    root.append(live);
  }
  live.textContent = "";
  requestAnimationFrame(() => {
    setText(live, text || "");
  });
  return live;
}

/** Where the theme's sticky header ends in the viewport (0 when it does not stay on screen, e.g. in
 * print): measured, since its height is the theme's and this site's (44 px buttons), not a constant. */
export function headerBottom() {
  const header = document.querySelector(".md-header");
  if (!header || !["sticky", "fixed"].includes(getComputedStyle(header).position)) return 0;
  return Math.max(0, header.getBoundingClientRect().bottom);
}

/** Resolves once the picture at url is loaded and decoded, with its size ({width, height}, or null if it
 * failed or there is none): an <img> given that url (and size) has its box at once, so nothing below it
 * moves later. */
export function loadedImage(url) {
  if (!url) return Promise.resolve(null);
  const img = new Image();
  img.src = url;
  return img.decode().then(
    () => ({ width: img.naturalWidth, height: img.naturalHeight }),
    () => null,
  );
}

/** Resolves at the start of the frame after the next one: what the page changed before has been laid
 * out and drawn in a frame of its own. */
export function nextFrames() {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}

/** Scroll so that el's top is right at the sticky header's bottom: nothing of what comes before it
 * shows between the two (a phone review saw a sliver of the line above under the header). */
export function scrollBelowHeader(el) {
  if (!el) return;
  // whole pixels, rounded down: the element's top is never under the header's edge
  window.scrollTo(window.scrollX, Math.floor(window.scrollY + el.getBoundingClientRect().top - headerBottom()));
}

/** Move focus to an element that shows a result (made focusable with tabindex=-1) and bring it
 * into view at the top, right below the theme's sticky header (its focus ring is drawn inside it,
 * tools.css, so the header does not hide it). */
export function focusOn(el) {
  if (!el) return;
  if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
  el.focus({ preventScroll: true });
  scrollBelowHeader(el);
}

/** Start the validator worker for a tool and keep its status bar current; returns {client, asOf}. */
export function startTool(root) {
  const client = getValidator();
  const status = root.querySelector("[data-testid=validator-status]");
  if (status) mountStatus(status);
  const { asOf, bad } = asOfFrom(todayISO);
  if (bad) urlNote(root, "url.bad_as_of");
  checkLinkIds(root);
  return { client, asOf };
}

// Link parameters naming a region or a pathway: each page falls back (national rules, the first
// pathway) when the id is unknown; here the page also says so.
const LINK_IDS = { region: "regions", rg: "regions", pathway: "pathways" };

async function checkLinkIds(root) {
  const params = new URLSearchParams(location.search);
  let rules;
  try {
    rules = await loadRules();
  } catch {
    return;
  }
  const notes = new Set();
  for (const [param, table] of Object.entries(LINK_IDS)) {
    const value = params.get(param);
    if (value !== null && !Object.hasOwn(rules?.[table] || {}, value)) {
      notes.add(table === "regions" ? "url.unknown_region" : "url.unknown_pathway");
    }
  }
  for (const key of notes) urlNote(root, key);
}

/** What a change to a file made worse (a crop, a fix): the findings of the new report that are in ``lost``
 * (e.g. the face no longer found) or that fail a rule the original did not fail. */
export function madeWorse(original, changed, lost = new Set()) {
  const failedBefore = new Set((original?.findings || []).filter((f) => f.severity === "fail").map((f) => f.code));
  return (changed?.findings || []).filter(
    (f) => lost.has(f.code) || (f.severity === "fail" && !failedBefore.has(f.code)),
  );
}
