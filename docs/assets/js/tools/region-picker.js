// The 考区 choice shared by every tool: all 考区 of the register (content/regions.yaml, compiled into
// rules.json as `regions`, `areas`, `profiles` and `region_texts`), "不确定" first, then grouped by area;
// a search box narrows the list (on a phone a long <select> cannot be searched); a note under it says
// whose rules apply and links the 考区's own page. The page's own <select> keeps its data-testid and its
// styling; this module only fills it and adds the search box and the note around it (or uses the ones the
// page already has: templates/parts/region-picker.html.j2).

import { add, fill, h, paramEntry, replace, setText, siteUrl } from "./common.js";

const UNDECIDED = "national";
const SETTLE_MS = 700; // the search's choice is the candidate's once no key has come for this long

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

/** The form check's note: a 考区 changes how the probation and the 备案表's validity are counted, not the
 * upload rules (a phone review read the upload note on a page that checks no file). */
export function formNote(rules, regionId) {
  const tx = rules?.region_texts || {};
  const region = rules?.regions?.[regionId];
  if (!region) return null;
  const chosen = regionId !== UNDECIDED;
  const page = region.page || "regions/";
  return h(
    "p",
    { class: "ykt-region-note", "data-testid": "region-note", "data-rule": "form", "data-region": regionId },
    chosen ? fill(tx.form_note, { name: region.name }) : tx.form_note_undecided,
    " ",
    h(
      "a",
      { href: siteUrl(page), "data-testid": "region-link" },
      region.page ? fill(tx.form_link, { name: region.name }) : tx.overview_link,
    ),
  );
}

function option(id, region, selected) {
  return h("option", { value: id, selected: id === selected }, id === UNDECIDED ? region.name : region.short);
}

/** The endings a 考区's full name may carry (content/regions.yaml texts.search_suffixes, written by the
 * template onto the chooser's data-suffixes): "省 市 自治区 …", longest first. */
export function suffixList(text) {
  return String(text || "")
    .split(/\s+/)
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
}

/** The query without an administrative ending: 河南省 -> 河南, 广西壮族自治区 -> 广西, and while the ending
 * is still being typed too (广西壮族自 -> 广西), so the list does not empty half-way through a full name.
 * Nothing is taken away that would leave the query empty. */
export function withoutSuffix(query, suffixes) {
  for (let k = query.length - 1; k >= 1; k--) {
    const tail = query.slice(-k);
    if (suffixes.some((s) => s.startsWith(tail))) return query.slice(0, -k);
  }
  return query;
}

/** The ids of the 考区 a search finds, in the register's order ("national" first when it matches): by
 * the query as typed, else by the query without its administrative ending, else by the name or short
 * name the query begins with (an address typed the way forms ask for it: 河南省郑州市, 广西壮族自治区南宁市,
 * 河南郑州). Empty when none. */
export function findRegions(rules, query, suffixes = []) {
  const ids = [UNDECIDED, ...regionGroups(rules).flatMap(([, list]) => list.map(([id]) => id))].filter(
    (id) => rules?.regions?.[id],
  );
  // A name that begins with the words comes before one that only holds them (江: 江苏, 江西, then
  // 黑龙江), so the first found, which the select takes, is the one the candidate is most likely typing.
  const find = (q) => {
    const lower = q.toLowerCase();
    const found = ids.filter((id) => {
      const r = rules.regions[id];
      return r.name.includes(q) || (r.short || "").includes(q) || id.startsWith(lower);
    });
    const begins = (id) => {
      const r = rules.regions[id];
      return r.name.startsWith(q) || (r.short || "").startsWith(q) || id.startsWith(lower);
    };
    return [...found.filter(begins), ...found.filter((id) => !begins(id))];
  };
  const q = query.trim();
  if (!q) return ids;
  const found = find(q);
  if (found.length) return found;
  const bare = withoutSuffix(q, suffixes);
  const short = bare === q ? [] : find(bare);
  if (short.length) return short;
  return ids.filter((id) => {
    const r = rules.regions[id];
    return id !== UNDECIDED && [r.name, r.short].some((n) => n && q.startsWith(n));
  });
}

/** Fill the select with the 考区 in `only` (a list of ids; all when null), grouped by area. */
function fillOptions(select, rules, only, selected) {
  const keep = only ? new Set(only) : null;
  const undecided = rules.regions?.[UNDECIDED];
  const groups = regionGroups(rules)
    .map(([area, list]) => [area, list.filter(([id]) => !keep || keep.has(id))])
    .filter(([, list]) => list.length);
  replace(
    select,
    undecided && (!keep || keep.has(UNDECIDED)) ? option(UNDECIDED, undecided, selected) : null,
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
  fillOptions(select, rules, null, start);
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
    status = h(
      "p",
      { class: "ykt-help ykt-region-status", "data-testid": "region-search-status", role: "status" },
      tx.search_hint || "",
    );
    note = h("div", { class: "ykt-region-note-box", "aria-live": "polite" });
    box = h("div", { class: "ykt-region", "data-testid": "region-picker" });
    label.replaceWith(box);
    add(box, search, status, label, note);
  }
  // The tool hears of a 考区 the search moved to once the search settles (SETTLE_MS after the last
  // key, or when the box loses focus or Enter is pressed), not at every key: the materials and photo
  // tools re-check every attached file for a new 考区. A search that ends where it started tells nothing.
  let told = select.value;
  let timer = null;
  const tell = () => {
    clearTimeout(timer);
    timer = null;
    if (select.value === told) return;
    told = select.value;
    onChange(select.value);
  };
  const changed = (settled = true) => {
    replace(note, noteFor(rules, select.value) || "");
    box.dataset.region = select.value;
    clearTimeout(timer);
    timer = settled ? null : setTimeout(tell, SETTLE_MS);
    if (settled) tell();
  };
  // The search narrows the list and picks its first 考区; the status line under the box says what was
  // found. When nothing is found the choice from before the candidate began typing this word comes
  // back (typing "xyz" must not leave 西藏 chosen from its "x"), and the line names it. A word begins
  // when the box was empty or the new text does not go on from the last one (deleted or replaced).
  const suffixes = suffixList(box.dataset.suffixes ?? tx.search_suffixes);
  const shortName = (id) => rules.regions?.[id]?.short || rules.regions?.[id]?.name || id;
  let anchor = select.value;
  let last = "";
  const say = (text) => setText(status, text || "");
  const run = () => {
    const query = search.value.trim();
    const before = select.value;
    if (!last || !query.startsWith(last)) anchor = before;
    last = query;
    if (!query) {
      fillOptions(select, rules, null, before);
      select.value = before;
      say(tx.search_hint);
      return;
    }
    // a 考区 the register does not hold (新疆兵团, 军队): not 新疆 by its first two characters, but "not decided"
    const unlisted = suffixList(tx.unlisted_words).some((w) => query.includes(w)) && rules.regions?.[UNDECIDED];
    const found = unlisted ? [] : findRegions(rules, query, suffixes);
    if (unlisted) {
      fillOptions(select, rules, null, UNDECIDED);
      select.value = UNDECIDED;
      say(fill(tx.unlisted, { query, name: rules.regions[UNDECIDED].name })); // as the list shows it
    } else if (found.length) {
      fillOptions(select, rules, found, before);
      select.value = found.includes(before) ? before : found[0];
      const values = { name: shortName(select.value), count: found.length };
      say(fill(found.length === 1 ? tx.search_found_one : tx.search_found_many, values));
    } else {
      fillOptions(select, rules, null, anchor);
      select.value = anchor;
      say(fill(tx.no_match, { query, name: shortName(anchor) }));
    }
    if (select.value !== before) changed(false);
  };
  // An input method's composing text (the pinyin "guang" on the way to 广州) is not what the candidate
  // searches for: it is left alone, and the word is searched for once it is committed.
  search.addEventListener("input", (event) => {
    if (!event.isComposing) run();
  });
  search.addEventListener("compositionend", run);
  // Enter (the phone keyboard's 搜索 key) ends the search; it never sends the form the box is in (the
  // pathway finder's step would go on with a 考区 the search picked, not the candidate).
  search.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing) return;
    event.preventDefault();
    tell();
  });
  search.addEventListener("blur", () => timer && tell());
  select.addEventListener("change", () => {
    anchor = select.value; // chosen in the list itself: this is the choice a later search falls back to
    changed();
  });
  if (search.value.trim()) {
    run(); // typed into the page's box before this ran: the tool hears of it now
    tell();
  }
  replace(note, noteFor(rules, select.value) || "");
  box.dataset.region = select.value;
  box.dataset.mounted = "true"; // the search box works from now on
  if (wanted !== value) onChange(select.value); // the tool learns of the early choice like of any other
  return box;
}
