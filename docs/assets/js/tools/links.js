// Links to the site's tools, named and placed by content/tools.yaml (compiled into rules.json as
// `tools`): one name per tool everywhere. A text from the rule set that names a tool gets that
// name turned into a link (preselected with the query the caller passes, e.g. the region).

import { h, named, siteUrl } from "./common.js";

/** The URL of a tool page with a preselecting query, or null for an unknown tool. */
export function toolUrl(rules, id, query = {}) {
  const tool = rules?.tools?.[id];
  if (!tool) return null;
  const params = new URLSearchParams(query).toString();
  const path = tool.page.replace(/index\.md$/, "").replace(/\.md$/, "/");
  return siteUrl(path) + (params ? `?${params}` : "") + (tool.anchor ? `#${tool.anchor}` : "");
}

/** <a> to a tool, named by content. */
export function toolLink(rules, id, query = {}, testid = null) {
  const href = toolUrl(rules, id, query);
  if (!href) return null;
  return h("a", { href, "data-testid": testid || `tool-${id}`, "data-tool-link": id }, rules.tools[id].name);
}

/** Text nodes and links: every tool name in the text becomes a link to that tool, and the first mention of
 * an official tool a link to where to get it (dom.js named). */
export function linkified(rules, text, query = {}) {
  let parts = named(String(text ?? ""));
  for (const [id, tool] of Object.entries(rules?.tools || {})) {
    parts = parts.flatMap((part) => {
      if (typeof part !== "string" || !part.includes(tool.name)) return [part];
      const pieces = part.split(tool.name);
      return pieces.flatMap((piece, i) => (i === 0 ? [piece] : [toolLink(rules, id, query), piece]));
    });
  }
  return parts.filter((p) => p !== "");
}
