// The 考区 choice shared by every tool: all 考区 of the register (content/regions.yaml, compiled into
// rules.json as `regions`, `areas`, `profiles` and `region_texts`), "不确定" first, then grouped by area;
// a search box narrows the list (on a phone a long <select> cannot be searched); a note under it says
// whose rules apply and links the 考区's own page. The page's own <select> keeps its data-testid and its
// styling; this module only fills it and adds the search box and the note around it (or uses the ones the
// page already has: templates/parts/region-picker.html.j2).

import { add, fill, h, paramEntry, replace, setText, siteUrl } from "./common.js";

const UNDECIDED = "national";

/** [[area, [[id, region], …]], …] in the register's order; "national" (not decided) is left out. */
export function regionGroups(rules) {
  const entries = Object.entries(rules?.regions || {}).sort((a, b) => (a[1].order ?? 0) - (b[1].order ?? 0));
  const areas = rules?.areas?.length ? rules.areas : [...new Set(entries.map(([, r]) => r.area).filter(Boolean))];
  return areas
    .map((area) => [area, entries.filter(([id, r]) => id !== UNDECIDED && r.area === area)])
    .filter(([, list]) => list.length);
}

/** The rule profile a 考区 uses (several images per material, fixed counts…), or {}. */
export function profileOf(rules, regionId) {
  const uses = rules?.regions?.[regionId]?.uses;
  return (uses && rules?.profiles?.[uses]) || {};
}

/** The note for a 考区: whose rules apply, and a link to its page (the overview for "不确定"). */
export function regionNote(rules, regionId) {
  const tx = rules?.region_texts || {};
  const region = rules?.regions?.[regionId];
  if (!region) return null;
  const kind = { "national-module": "note_module", provincial: "note_provincial", unknown: "note_unknown" };
  const key = kind[region.upload] || "note_undecided";
  const page = region.page || "regions/";
  const linkText = region.page ? fill(tx.region_link, { name: region.name }) : tx.overview_link;
  return h(
    "p",
    { class: "ykt-region-note", "data-testid": "region-note", "data-upload": region.upload || "" },
    fill(tx[key], { name: region.name }),
    " ",
    h("a", { href: siteUrl(page), "data-testid": "region-link" }, linkText),
  );
}

/** The photo tool's note: the photo follows the national system's photo rule in every 考区 (not the
 * 考区's material-upload file rule); where a 考区 registers the photo again with a figure of its own
 * (Hubei's 省网, photo.provincial_max_bytes) it says so and why the national limit still applies. */
export function photoNote(rules, regionId, asOf = null) {
  const tx = rules?.region_texts || {};
  const region = rules?.regions?.[regionId];
  if (!region) return null;
  const own = regionId === UNDECIDED ? null : region.name;
  const parts = [own ? fill(tx.photo_note, { name: own }) : tx.photo_note_undecided];
  const entry = own ? paramEntry(rules, "photo.provincial_max_bytes", regionId, asOf) : null;
  if (entry && entry.value !== null) {
    const size = fill(rules.formats?.["value.KB"], { k: Math.round(entry.value / 1024) });
    parts.push(fill(tx.photo_note_provincial, { name: own, size, why: entry.note || "" }));
  }
  return h(
    "p",
    { class: "ykt-region-note", "data-testid": "region-note", "data-rule": "photo", "data-region": regionId },
    parts.join(""),
    " ",
    h("a", { href: siteUrl("requirements/#photo"), "data-testid": "region-link" }, tx.photo_link),
  );
}

function option(id, region, selected) {
  return h("option", { value: id, selected: id === selected }, id === UNDECIDED ? region.name : region.short);
}

function fillOptions(select, rules, query, selected) {
  const matches = (id, r) => !query || r.name.includes(query) || r.short.includes(query) || id.startsWith(query);
  const undecided = rules.regions?.[UNDECIDED];
  const groups = regionGroups(rules)
    .map(([area, list]) => [area, list.filter(([id, r]) => matches(id, r))])
    .filter(([, list]) => list.length);
  replace(
    select,
    undecided && (!query || matches(UNDECIDED, undecided)) ? option(UNDECIDED, undecided, selected) : null,
    ...groups.map(([area, list]) =>
      h(
        "optgroup",
        { label: area },
        list.map(([id, r]) => option(id, r, selected)),
      ),
    ),
  );
  return select.options.length;
}

/**
 * Turn the page's region <select> into the 考区 chooser. `value` preselects (e.g. ?region=beijing);
 * `onChange(id)` runs after every change, also when the search box moves the choice.
 */
export function mountRegionPicker(
  select,
  rules,
  { value = UNDECIDED, onChange = () => {}, note: noteFor = regionNote } = {},
) {
  const tx = rules?.region_texts || {};
  // A 考区 the candidate chose in the page's own select while its scripts were loading (a phone
  // review's choice of 湖北 was silently reset to the default) wins over the default passed here.
  const initial = Math.max(
    0,
    [...select.options].findIndex((o) => o.defaultSelected),
  );
  const early = select.selectedIndex >= 0 && select.selectedIndex !== initial ? select.value : null;
  const wanted = early && rules?.regions?.[early] ? early : value;
  const start = rules?.regions?.[wanted] ? wanted : UNDECIDED;
  fillOptions(select, rules, "", start);
  select.value = start;
  // The page may already hold the whole chooser (templates/parts/region-picker.html.j2, written by the
  // build from the same register): it is used as it is, so nothing on the screen moves when this runs.
  // Otherwise it is built around the page's select.
  let box = select.closest("[data-testid=region-picker]");
  let search = box?.querySelector("[data-testid=region-search]");
  let status = box?.querySelector("[data-testid=region-search-status]");
  let note = box?.querySelector(".ykt-region-note-box");
  if (!box || !search || !status || !note) {
    const label = select.closest("label") || select;
    search = h("input", {
      type: "search",
      class: "ykt-region-search",
      placeholder: tx.search_placeholder || "",
      "aria-label": tx.search_label || "",
      autocomplete: "off",
      enterkeyhint: "search",
      "data-testid": "region-search",
    });
    status = h("p", { class: "ykt-help", "data-testid": "region-search-status", role: "status" });
    note = h("div", { class: "ykt-region-note-box", "aria-live": "polite" });
    box = h("div", { class: "ykt-region", "data-testid": "region-picker" });
    label.replaceWith(box);
    add(box, search, status, label, note);
  }
  const changed = () => {
    replace(note, noteFor(rules, select.value) || "");
    box.dataset.region = select.value;
    onChange(select.value);
  };
  search.addEventListener("input", () => {
    const query = search.value.trim();
    const before = select.value;
    const found = fillOptions(select, rules, query, before);
    setText(status, found ? "" : fill(tx.no_match, { query }));
    if (!found) fillOptions(select, rules, "", before);
    if (![...select.options].some((o) => o.value === before)) select.value = select.options[0]?.value || before;
    else select.value = before;
    if (select.value !== before) changed();
  });
  select.addEventListener("change", changed);
  if (search.value.trim()) search.dispatchEvent(new Event("input")); // typed into the page's box before this ran
  replace(note, noteFor(rules, select.value) || "");
  box.dataset.region = select.value;
  box.dataset.mounted = "true"; // the search box works from now on
  if (wanted !== value) onChange(select.value); // the tool learns of the early choice like of any other
  return box;
}
