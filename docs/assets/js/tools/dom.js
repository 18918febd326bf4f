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

/** Fill "{name}" placeholders in a text from content. */
export function fill(template, values) {
  return String(template ?? "").replace(/\{(\w+)\}/g, (m, key) => (key in values ? String(values[key]) : m));
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

/** node.replaceChildren / node.append that skip null, undefined and false (the DOM would write
 * them as the words "null" and "undefined"), like h() does for its children. */
const present = (children) => children.flat().filter((c) => c !== null && c !== undefined && c !== false);
export function replace(node, ...children) {
  node.replaceChildren(...present(children));
  return node;
}
export function add(node, ...children) {
  node.append(...present(children));
  return node;
}
