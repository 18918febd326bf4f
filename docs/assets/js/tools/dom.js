// The pages' small DOM helpers, with no other import: checklist pages (tick boxes, the record bar)
// use them without loading the tool code (the validator client, the runtime). No prose here.

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

/** Fill "{name}" placeholders in a text from content (plain text: the number and the unit after it, "{kb} KB",
 * are kept on one line where the text is written into the page, by held below). */
export function fill(template, values) {
  return String(template ?? "").replace(/\{(\w+)\}/g, (m, key) => (key in values ? String(values[key]) : m));
}

// A number and its unit stay on one line, a two-character unit ("字节", "毫米") not split either: each
// "number + unit" in text a script writes is a <span class="yk-nw"> (white-space: nowrap, site.css), as the
// build does in the pages' own text (scripts/sitegen/units.py, the same rule). The units come from content
// (content/messages/_format.yaml units), written by every page into <template id="yk-units" data-units>.
const NOT_BEFORE = /[A-Za-z0-9_.,]/;
let pagePattern;

/** The pattern for a list of units, the longest first (group 1 number, 2 space, 3 unit); null for none. */
export function unitPattern(units) {
  const list = [...new Set((units || []).filter(Boolean))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  if (!list.length) return null;
  const alternatives = list.map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  return new RegExp(`(\\d(?:[\\d,.]*\\d)?(?:×\\d(?:[\\d,.]*\\d)?)?)([ \u00a0])?(${alternatives})`, "g");
}

function pageUnits() {
  if (pagePattern === undefined) {
    const node = globalThis.document?.getElementById?.("yk-units");
    pagePattern = unitPattern((node?.dataset?.units || "").split(" "));
  }
  return pagePattern;
}

/** A text as strings and <span class="yk-nw"> nodes, each number with its unit in one span. */
export function held(text, pattern = pageUnits()) {
  const s = String(text ?? "");
  if (!pattern || !/\d/.test(s)) return [s];
  const out = [];
  let last = 0;
  for (const m of s.matchAll(pattern)) {
    if (m.index > 0 && NOT_BEFORE.test(s[m.index - 1])) continue; // "P25 年": not a number of its own
    if (m.index > last) out.push(s.slice(last, m.index));
    const span = document.createElement("span");
    span.className = "yk-nw";
    span.textContent = m[0];
    out.push(span);
    last = m.index + m[0].length;
  }
  if (last < s.length || !out.length) out.push(s.slice(last));
  return out;
}

// The official tools a text names (content/tools.yaml named: "医考报名照片检测工具", "官方检测工具" …) link to the
// page of this site that says where to get them, as the build links them in the pages' own text
// (scripts/sitegen/named.py). Every page writes them into <template id="yk-named">: one <a> each, its address
// relative to the page, data-names its forms (the longest first).
let pageNamed;

function namedThings() {
  if (pageNamed === undefined) {
    const node = globalThis.document?.getElementById?.("yk-named");
    pageNamed = [...(node?.content?.querySelectorAll?.("a[data-names]") || [])].map((a) => ({
      key: a.dataset.named,
      names: a.dataset.names.split("|").filter(Boolean),
      href: new URL(a.getAttribute("href"), document.baseURI).href,
    }));
  }
  return pageNamed;
}

/** A text as strings and links: the first mention of each official tool it names becomes a link to the page
 * that says where to get it. seen: a Set of what is linked already (a finding's message and its fix share one:
 * one link per finding). */
export function named(text, seen = new Set(), things = namedThings()) {
  let parts = [String(text ?? "")];
  for (const thing of things) {
    if (seen.has(thing.key)) continue;
    const at = parts.findIndex((p) => typeof p === "string" && thing.names.some((n) => p.includes(n)));
    if (at < 0) continue;
    const part = parts[at];
    // the earliest mention, and there the longest form
    let best = null;
    for (const n of thing.names) {
      const i = part.indexOf(n);
      if (i >= 0 && (best === null || i < best.i || (i === best.i && n.length > best.n.length))) best = { i, n };
    }
    const link = document.createElement("a");
    link.href = thing.href;
    link.dataset.named = thing.key;
    link.textContent = best.n;
    parts.splice(at, 1, part.slice(0, best.i), link, part.slice(best.i + best.n.length));
    seen.add(thing.key);
  }
  parts = parts.filter((p) => p !== "");
  return parts;
}

/** node.textContent = text, a number and its unit held together (held). */
export function setText(node, text) {
  node.replaceChildren(...held(text));
  return node;
}

/** document.createElement with attributes and children; strings become text (numbers held with their units). */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") setText(node, value);
    else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    if (child instanceof Node) node.append(child);
    else node.append(...held(child));
  }
  return node;
}

/** node.replaceChildren / node.append that skip null, undefined and false (the DOM would write
 * them as the words "null" and "undefined"), like h() does for its children. */
const present = (children) => children.flat().filter((c) => c !== null && c !== undefined && c !== false);
const nodes = (children) => present(children).flatMap((c) => (c instanceof Node ? [c] : held(c)));
export function replace(node, ...children) {
  node.replaceChildren(...nodes(children));
  return node;
}
export function add(node, ...children) {
  node.append(...nodes(children));
  return node;
}

// Content prose may hold Markdown links written for the guide's pages ("见[常见问题](../faq.md#x)").
const MD_LINK = /\[([^\]\n]+)\]\(([^)\s]+)\)/g;

/** A content link as a site address: "../faq.md#x" → "faq/#x", "../tools/photo/index.md" → "tools/photo/"
 * (content links are written relative to a page one level down, as the guide's pages are). */
export function contentHref(target, root) {
  if (/^[a-z]+:/i.test(target)) return target;
  const [path, anchor] = target.split("#");
  const page = path
    .replace(/^(\.\.?\/)+/, "")
    .replace(/(^|\/)index\.md$/, "$1")
    .replace(/\.md$/, "/");
  return new URL(page + (anchor ? `#${anchor}` : ""), root).href;
}

/** Content prose with its Markdown links as links (for the page), and the official tools it names (named). */
export function inlineProse(text, root, seen = new Set()) {
  const out = [];
  let last = 0;
  for (const m of String(text ?? "").matchAll(MD_LINK)) {
    out.push(...named(m.input.slice(last, m.index), seen));
    out.push(h("a", { href: contentHref(m[2], root) }, m[1]));
    last = m.index + m[0].length;
  }
  out.push(...named(String(text ?? "").slice(last), seen));
  return out.filter((x) => x !== "");
}

/** Content prose as plain text: a link keeps its words (for the copied text and the image). */
export function plainProse(text) {
  return String(text ?? "").replace(MD_LINK, "$1");
}
