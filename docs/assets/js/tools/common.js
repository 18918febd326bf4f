// Shared helpers for the pathway finder, the materials check and the form pre-check.
// No user-facing Chinese here: every text comes from the page (a JSON block written in the
// Markdown page) or from the compiled rule set (content/*.yaml).

import { todayISO } from "../image-decode.js";
import { getValidator, mountStatus } from "../validator-client.js";

/** The site root, derived from this module's own URL (works under any sub-path). */
export const SITE_ROOT = new URL("../../../", import.meta.url);

/** Absolute URL of a site path such as "checklists/bachelor-physician/". */
export function siteUrl(path) {
  return new URL(path.replace(/^\//, ""), SITE_ROOT).href;
}

/** Texts written into the page as <script type="application/json" id="...">. */
export function pageTexts(id) {
  const node = document.getElementById(id);
  if (!node) return {};
  try {
    return JSON.parse(node.textContent);
  } catch {
    return {};
  }
}

/** Fill "{name}" placeholders in a text from content. */
export function fill(template, values) {
  return String(template ?? "").replace(/\{(\w+)\}/g, (m, key) => (key in values ? String(values[key]) : m));
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

/** A rule parameter's value for a region on a date: the same choice as validator.ruleset.RuleSet.param. */
export function paramValue(rules, id, region = "national", asOf = null) {
  const spec = rules?.parameters?.[id];
  if (!spec) return undefined;
  const values = valuesFor(rules, spec, region);
  if (!values.length) return undefined;
  let chosen = values[0];
  for (const entry of values) {
    if (asOf ? entry.since <= asOf && entry.since >= chosen.since : entry.since >= chosen.since) chosen = entry;
  }
  return chosen.value;
}

/** document.createElement with attributes and children; strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** One finding as a list item: message, fix, why a figure is only the site's reading, and the citation
 * (Chinese short names and confidence words, written by the validator from content). */
export function findingItem(finding, texts = {}) {
  const cite = finding.source?.line || "";
  return h(
    "li",
    { class: `ykt-finding ykt-${finding.severity}`, "data-testid": "finding", "data-code": finding.code },
    h("span", { class: "ykt-finding-message" }, finding.message),
    finding.fix ? h("span", { class: "ykt-finding-fix" }, (texts.fix_prefix || "") + finding.fix) : null,
    finding.reading
      ? h("span", { class: "ykt-finding-reading", "data-testid": "finding-reading" }, finding.reading)
      : null,
    cite ? h("span", { class: "ykt-finding-source", "data-testid": "finding-source" }, cite) : null,
  );
}

/** A verdict badge whose label comes from the page texts (verdict_pass, verdict_warn, verdict_fail). */
export function verdictBadge(verdict, texts = {}) {
  return h("span", { class: `ykt-badge ykt-${verdict}` }, texts[`verdict_${verdict}`] || verdict);
}

/** Today's date on the device as YYYY-MM-DD (local time), or ?as_of=YYYY-MM-DD for reproducible links. */
export function asOfFrom(todayISO) {
  const param = new URLSearchParams(location.search).get("as_of");
  if (param && /^\d{4}-\d{2}-\d{2}$/.test(param)) return param;
  return todayISO();
}

/** Start the validator worker for a tool and keep its status bar current; returns {client, asOf}. */
export function startTool(root) {
  const client = getValidator();
  const status = root.querySelector("[data-testid=validator-status]");
  if (status) mountStatus(status);
  return { client, asOf: asOfFrom(todayISO) };
}
