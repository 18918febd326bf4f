// The candidate's own record, kept in this browser only (localStorage, one key): the finder's answers,
// checklist ticks, which materials were checked (names, verdicts, sizes — never a file's bytes), the
// form's fields and probation periods. Versioned and bounded; a record this page cannot read (damaged,
// or from a format this version does not know) is dropped with a note, never a broken page. Nothing is
// sent anywhere. No DOM here except through the storage passed in (node --test can use a Map).
import { fill } from "./dom.js";

export const KEY = "yk-record";
export const VERSION = 1;
export const MAX_CHARS = 60_000; // the whole record as JSON; a write past it is refused (the old record stays)
const MAX_TEXT = 200; // one typed value
const MAX_ITEMS = 60; // entries in one list or map (ticks of a page, files, periods, answers)
const SECTIONS = ["finder", "ticks", "materials", "form", "codes"];
const VERDICTS = ["pass", "warn", "fail"];

function browserStorage() {
  try {
    return globalThis.localStorage || null;
  } catch {
    return null; // storage switched off (a private window, a WebView without it): nothing is kept
  }
}

const text = (v) => (typeof v === "string" ? v.slice(0, MAX_TEXT) : typeof v === "number" ? String(v) : "");
const isMap = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const entries = (v) => (isMap(v) ? Object.entries(v).slice(0, MAX_ITEMS) : []);
const strings = (obj) => Object.fromEntries(entries(obj).map(([k, v]) => [text(k), text(v)]));

/** Only the known shape survives: every section cleaned, unknown keys dropped, sizes bounded. */
export function clean(raw) {
  const out = { v: VERSION, saved: text(raw.saved) };
  if (isMap(raw.finder)) out.finder = { answers: strings(raw.finder.answers), step: text(raw.finder.step) };
  if (isMap(raw.ticks))
    out.ticks = Object.fromEntries(
      entries(raw.ticks).map(([page, ids]) => [
        text(page),
        (Array.isArray(ids) ? ids : []).slice(0, MAX_ITEMS).map(text).filter(Boolean),
      ]),
    );
  if (isMap(raw.materials)) {
    const m = raw.materials;
    out.materials = {
      pathway: text(m.pathway),
      region: text(m.region),
      answers: text(m.answers),
      files: Object.fromEntries(
        entries(m.files)
          .filter(([, f]) => isMap(f) && VERDICTS.includes(f.verdict))
          .map(([slot, f]) => [
            text(slot),
            { name: text(f.name), verdict: f.verdict, size: Number.isFinite(f.size) ? Math.max(0, f.size) : 0 },
          ]),
      ),
    };
  }
  // a typed code's latest verdict per material (the materials check and 我的材料清单): never the code itself
  if (isMap(raw.codes))
    out.codes = Object.fromEntries(
      entries(raw.codes)
        .filter(([, c]) => isMap(c) && VERDICTS.includes(c.verdict))
        .map(([id, c]) => [text(id), { verdict: c.verdict, region: text(c.region) }]),
    );
  if (isMap(raw.form)) {
    const f = raw.form;
    out.form = {
      region: text(f.region),
      fields: strings(f.fields),
      checks: strings(f.checks),
      exam_date: text(f.exam_date),
      periods: (Array.isArray(f.periods) ? f.periods : [])
        .slice(0, 20)
        .filter(isMap)
        .map((p) => ({ unit: text(p.unit), start: text(p.start), end: text(p.end) })),
    };
  }
  return out;
}

/** {record, dropped}: the record (null when there is none), and why one was dropped ("damaged" for
 * text that is no record, "version" for a format this page does not know); a dropped record is removed. */
export function readRecord(storage = browserStorage(), { keep = false } = {}) {
  if (!storage) return { record: null, dropped: null };
  let raw;
  try {
    raw = storage.getItem(KEY);
  } catch {
    return { record: null, dropped: null };
  }
  if (raw === null || raw === undefined) return { record: null, dropped: null };
  let parsed;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  let dropped = null;
  if (!isMap(parsed) || String(raw).length > MAX_CHARS * 2) dropped = "damaged";
  else if (parsed.v !== VERSION) dropped = "version"; // no older format is known yet: nothing to carry over
  if (dropped) {
    if (!keep) removeRecord(storage); // keep: a look only; the page's record bar drops it and says so
    return { record: null, dropped };
  }
  return { record: clean(parsed), dropped: null };
}

/** Replace one section (finder, ticks, materials, form, codes) and stamp the time; false when nothing was kept. */
export function saveSection(name, value, storage = browserStorage(), now = new Date()) {
  if (!storage || !SECTIONS.includes(name)) return false;
  const { record } = readRecord(storage);
  const next = clean({ ...(record || {}), [name]: value, saved: now.toISOString() });
  const json = JSON.stringify(next);
  if (json.length > MAX_CHARS) return false;
  try {
    storage.setItem(KEY, json);
    return true;
  } catch {
    return false; // storage full or refused: the page goes on without a record
  }
}

/** The one key this site keeps, removed; returns what it held (a string, or null) so it can be put back. */
export function removeRecord(storage = browserStorage()) {
  let held = null;
  try {
    held = storage?.getItem(KEY) ?? null;
    storage?.removeItem(KEY);
  } catch {
    // nothing kept, nothing to remove
  }
  return held;
}

/** Put back what removeRecord returned (撤销 right after 清除本机记录); false when it cannot be kept. */
export function putBackRecord(held, storage = browserStorage()) {
  if (typeof held !== "string" || !storage) return false;
  try {
    storage.setItem(KEY, held);
    return true;
  } catch {
    return false;
  }
}

/** The 考区 the candidate already gave on this device (the finder's answer first, then the one chosen in
 * the materials check, then the form's), for a page opened without ?region=; "" when none. */
export function knownRegion(record) {
  const candidates = [record?.finder?.answers?.rg, record?.materials?.region, record?.form?.region];
  return candidates.find((r) => typeof r === "string" && r && r !== "national") || "";
}

/** "YYYY-MM-DD HH:MM" in local time, for "继续上次的进度（…）". */
export function savedAt(record) {
  const d = new Date(record?.saved || "");
  if (Number.isNaN(d.getTime())) return "";
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const grouped = (n, sep) => String(Math.trunc(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

function tenths(n, unit, sep) {
  const t = Math.floor((Math.abs(Math.trunc(n)) * 10 + Math.floor(unit / 2)) / unit);
  const whole = Math.floor(t / 10);
  const frac = t % 10;
  return grouped(whole, sep) + (frac ? `.${frac}` : "");
}

/** A file size the way validator/formatting.py writes it, from content formats (size.bytes/kb/mb). */
export function sizeText(formats, n) {
  const sep = formats?.["number.group"] ?? ",";
  const count = grouped(n, sep);
  const put = (key, values) => fill(formats?.[key], values);
  if (n < 1024) return put("size.bytes", { n: count });
  if (n < 1024 * 1024) return put("size.kb", { kb: tenths(n, 1024, sep), n: count });
  return put("size.mb", { mb: tenths(n, 1024 * 1024, sep), n: count });
}
