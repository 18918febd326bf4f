// The photo tool (/tools/photo/): pick or drop a photo, check it in the worker, show the verdict,
// the findings and an overlay of what was measured, and fix an oversized photo to the size limit
// by re-encoding it in the browser. Every Chinese text comes from the page (data-* attributes)
// or from the rule set (messages, parameters); nothing is sent anywhere.

import { DecodeError, decodeBitmap, decodeImage, todayISO } from "./image-decode.js";
import { fixToLimit } from "./photo-fixer.js";
import { valuesFor } from "./tools/common.js";
import { mountRegionPicker } from "./tools/region-picker.js";
import { getValidator, mountStatus } from "./validator-client.js";

const root = document.getElementById("photo-tool");
const client = getValidator(); // the runtime starts loading now
const $ = (id) => root.querySelector(`[data-testid=${id}]`);
const msgs = root.dataset;
const ASSETS = new URL("../", import.meta.url);

mountStatus($("validator-status"), client);

const state = { seq: 0, file: null, previewUrl: null, fixUrl: null, fixedFrom: null };
const asOfParam = new URLSearchParams(location.search).get("as_of");
const asOf = asOfParam && /^\d{4}-\d{2}-\d{2}$/.test(asOfParam) ? asOfParam : todayISO();
$("photo-as-of").textContent = asOf;

let rulesPromise = null;
function rules() {
  rulesPromise ||= fetch(new URL("runtime/rules.json", ASSETS)).then(
    (r) => (r.ok ? r.json() : {}),
    () => ({}),
  );
  return rulesPromise;
}

/** A parameter's value for a region on a date (same resolution as validator.ruleset.RuleSet.param). */
function param(ruleset, id, region, day) {
  const spec = ruleset?.parameters?.[id];
  if (!spec) return undefined;
  const values = valuesFor(ruleset, spec, region);
  let chosen = values[0];
  for (const entry of values) if (entry.since <= day && entry.since >= chosen.since) chosen = entry;
  return chosen.value;
}

function fill(template, values) {
  return String(template ?? "").replace(/\{(\w+)\}/g, (m, key) => (key in values ? String(values[key]) : m));
}

/** Python-style "{kb:.1f} KB（{n:,} 字节）" formats from the rule set, for sizes shown by the page. */
function pyFormat(template, values) {
  return String(template).replace(/\{(\w+)(?::([^}]*))?\}/g, (m, key, spec) => {
    if (!(key in values)) return m;
    const v = values[key];
    if (!spec) return String(v);
    const fixed = /\.(\d+)f/.exec(spec);
    let out = fixed ? Number(v).toFixed(Number(fixed[1])) : String(v);
    if (spec.includes(",")) {
      const [int, frac] = out.split(".");
      out = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac !== undefined ? `.${frac}` : "");
    }
    return out;
  });
}

async function sizeText(n) {
  const ruleset = await rules();
  const template = ruleset?.formats?.["photo.bytes"] || "{kb:.1f} KB";
  return pyFormat(template, { kb: n / 1024, n });
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function message(text) {
  const node = $("photo-message");
  node.textContent = text || "";
  node.hidden = !text;
}

function region() {
  return $("photo-region").value || "national";
}

// ---------------------------------------------------------------------------------------------
// checking

async function check(file, { fromFix = false } = {}) {
  const seq = ++state.seq;
  const started = performance.now();
  const name = file.name || "photo.jpg";
  state.file = file;
  if (!fromFix) resetFixer();
  const verdict = $("verdict");
  verdict.removeAttribute("data-verdict");
  verdict.removeAttribute("data-file");
  verdict.textContent = "";
  $("findings").replaceChildren();
  message(fill(msgs.msgChecking, { name }));
  if (client.state === "error") {
    message(msgs.msgNotReady);
    return null;
  }

  const request = { as_of: asOf, region: region(), filename: name };
  let decoded = null;
  let note = "";
  try {
    decoded = await decodeImage(file);
  } catch (err) {
    const code = err instanceof DecodeError ? err.code : "undecodable";
    // Only a real decoder failure is a finding; a file this host refuses to decode for its size
    // is judged on its structure (the validator's header analysis runs on the bytes).
    if (code === "undecodable") request.decode_error = `browser: ${String(err?.detail || code).slice(0, 100)}`;
    if (code === "empty") note = msgs.msgEmpty;
    else if (code === "too_large") note = fill(msgs.msgTooLarge, { size: await sizeText(file.size) });
    else if (code === "too_many_pixels") note = fill(msgs.msgTooManyPixels, { dims: err.detail.replace("x", "×") });
    else note = msgs.msgUndecodable;
  }
  if (seq !== state.seq) return null;

  let report;
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    report = await client.call("photo", request, { bytes, pixels: decoded?.pixels || null });
  } catch (err) {
    if (seq === state.seq) message(fill(msgs.msgFailed, { detail: err?.code || String(err) }));
    return null;
  }
  if (seq !== state.seq) return null;
  message(note);
  await render(report, file, name, decoded);
  $("verdict").dataset.ms = String(Math.round(performance.now() - started)); // pick → verdict, for make bench
  $("verdict").dataset.pyMs = String(Math.round(client.lastCallMs ?? -1)); // of which inside Python
  return report;
}

async function render(report, file, name, decoded) {
  const ruleset = await rules();
  $("photo-result").hidden = false;

  // Findings: message, measured, expected, fix, why a figure is only the site's reading, and the
  // citation (Chinese short names and confidence words, written by the validator from content).
  const list = $("findings");
  list.replaceChildren(
    ...report.findings.map((f) => {
      const spec = ruleset?.messages?.[f.code] || {};
      const cite = f.source?.line || "";
      return el(
        "li",
        {
          class: `yk-finding yk-${f.severity}`,
          "data-testid": "finding",
          "data-code": f.code,
          "data-severity": f.severity,
        },
        spec.title ? el("strong", { class: "yk-finding-title", text: spec.title }) : null,
        el("span", { class: "yk-finding-message", text: f.message }),
        f.measured ? el("span", { class: "yk-finding-measured", text: msgs.labelMeasured + f.measured }) : null,
        f.expected ? el("span", { class: "yk-finding-expected", text: msgs.labelExpected + f.expected }) : null,
        f.fix ? el("span", { class: "yk-finding-fix", text: msgs.labelFix + f.fix }) : null,
        f.reading
          ? el("span", { class: "yk-finding-reading", "data-testid": "finding-reading", text: f.reading })
          : null,
        cite ? el("span", { class: "yk-finding-source", "data-testid": "finding-source", text: cite }) : null,
      );
    }),
  );
  renderAdvice(report.advice);
  $("photo-notice").textContent = report.notice || "";

  const fileFacts = report.facts?.file || {};
  const w = decoded?.width || fileFacts.width;
  const h = decoded?.height || fileFacts.height;
  $("photo-facts").textContent = fill(msgs.labelFile, {
    name,
    size: await sizeText(file.size),
    dims: w && h ? `${w}×${h}` : "—",
  });

  // The photo with the measured band and the 33×48 frame guide.
  const img = $("photo-preview");
  if (state.previewUrl) URL.revokeObjectURL(state.previewUrl);
  state.previewUrl = null;
  if (decoded) {
    state.previewUrl = URL.createObjectURL(file);
    img.src = state.previewUrl;
    img.closest("figure").hidden = false;
    drawOverlay(ruleset, decoded.width, decoded.height);
  } else {
    img.removeAttribute("src");
    img.closest("figure").hidden = true;
  }

  // The verdict last: tests and screen readers wait for it.
  const verdict = $("verdict");
  verdict.replaceChildren(
    el("span", {
      class: `yk-badge yk-${report.verdict}`,
      text: msgs[`labelVerdict${cap(report.verdict)}`] || report.verdict,
    }),
    el("span", { class: "yk-verdict-file", text: name }),
  );
  verdict.dataset.file = name;
  verdict.dataset.verdict = report.verdict;

  const tooBig = report.findings.some((f) => f.code === "photo.size.too_large" || f.code === "photo.size.near_limit");
  const fixable = decoded && tooBig && state.fixedFrom === null;
  $("fixer").hidden = !(fixable || state.fixedFrom);
  $("fix-button").hidden = !fixable;
}

/** The photo tool's own rules in words (webcam ban, composition…), from content, folded under the
 * findings so that the next step (the fixer) stays in view on a phone. */
function renderAdvice(advice) {
  let box = root.querySelector("[data-testid=photo-advice]");
  if (!advice?.items?.length) {
    box?.remove();
    return;
  }
  if (!box) {
    box = el("details", { class: "yk-advice", "data-testid": "photo-advice" });
    $("findings").after(box);
  }
  const items = advice.items.map((a) =>
    el("li", {}, a.text, el("span", { class: "yk-finding-source", text: a.line || "" })),
  );
  box.replaceChildren(el("summary", { class: "yk-advice-title", text: advice.title || "" }), el("ul", {}, ...items));
}

function cap(s) {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

function drawOverlay(ruleset, w, h) {
  const svg = $("photo-overlay");
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("preserveAspectRatio", "none");
  const ns = "http://www.w3.org/2000/svg";
  const rect = (x, y, rw, rh, cls) => {
    const r = document.createElementNS(ns, "rect");
    for (const [k, v] of Object.entries({ x, y, width: rw, height: rh, class: cls })) r.setAttribute(k, String(v));
    return r;
  };
  const shapes = [];
  const band = param(ruleset, "photo.background_band", region(), asOf);
  if (band) {
    // Same regions as validator.pixels._band_boxes: top corners and the upper sides.
    const top = Math.max(1, Math.round(h * band.top));
    const outer = Math.max(1, Math.round(w * band.top_outer));
    const side = Math.max(1, Math.round(w * band.side));
    const depth = Math.max(top + 1, Math.round(h * band.side_depth));
    shapes.push(
      rect(0, 0, outer, top, "yk-band"),
      rect(w - outer, 0, outer, top, "yk-band"),
      rect(0, top, side, depth - top, "yk-band"),
      rect(w - side, top, side, depth - top, "yk-band"),
    );
  }
  const mm = param(ruleset, "photo.nominal_mm", region(), asOf) || [33, 48];
  const ratio = mm[0] / mm[1];
  let fw = w;
  let fh = w / ratio;
  if (fh > h) {
    fh = h;
    fw = h * ratio;
  }
  const frame = rect((w - fw) / 2, (h - fh) / 2, fw, fh, "yk-frame");
  frame.setAttribute("data-testid", "frame-guide");
  shapes.push(frame);
  svg.replaceChildren(...shapes);
}

// ---------------------------------------------------------------------------------------------
// the fixer

function resetFixer() {
  state.fixedFrom = null;
  if (state.fixUrl) URL.revokeObjectURL(state.fixUrl);
  state.fixUrl = null;
  $("fix-result").hidden = true;
  $("fixer").hidden = true;
}

async function fix() {
  const source = state.file;
  if (!source) return;
  const button = $("fix-button");
  const started = performance.now();
  button.disabled = true;
  message(msgs.msgFixing);
  try {
    const ruleset = await rules();
    const limit = param(ruleset, "photo.max_bytes", region(), asOf);
    const warnAt = param(ruleset, "photo.warn_bytes", region(), asOf);
    // Land under the warning line (itself a safety margin under the limit).
    const target = Math.min(limit ?? Infinity, warnAt ?? Infinity);
    if (!Number.isFinite(target)) throw new Error("no size limit in the rule set");
    if (source.size < target) {
      message(fill(msgs.msgFixNotNeeded, { target: await sizeText(target) }));
      return;
    }
    const minSize = {
      width: param(ruleset, "photo.min_width", region(), asOf) || 1,
      height: param(ruleset, "photo.min_height", region(), asOf) || 1,
    };
    const bitmap = await decodeBitmap(source);
    let result;
    try {
      result = await fixToLimit(bitmap, target, minSize);
    } finally {
      bitmap.close?.();
    }
    if (!result) {
      message(msgs.msgFixFailed);
      return;
    }
    const base = (source.name || "photo").replace(/\.[^.]*$/, "");
    const name = base + (msgs.fixSuffix || "-30k.jpg");
    const fixed = new File([result.blob], name, { type: "image/jpeg" });
    if (state.fixUrl) URL.revokeObjectURL(state.fixUrl);
    state.fixUrl = URL.createObjectURL(fixed);
    const link = $("fix-download");
    link.href = state.fixUrl;
    link.download = name;
    link.textContent = msgs.labelDownload;
    const resized = result.resized ? fill(msgs.msgFixResized, { width: result.width, height: result.height }) : "";
    $("fix-summary").textContent = fill(msgs.msgFixDone, {
      before: await sizeText(source.size),
      after: await sizeText(fixed.size),
      quality: Math.round(result.quality * 100),
      resized,
    });
    const summary = $("fix-summary");
    summary.dataset.before = String(source.size);
    summary.dataset.after = String(fixed.size);
    summary.dataset.quality = String(result.quality);
    summary.dataset.target = String(target);
    summary.dataset.ms = String(Math.round(result.ms)); // encoding search only
    summary.dataset.totalMs = String(Math.round(performance.now() - started)); // decode + search
    $("fix-result").hidden = false;
    state.fixedFrom = source.name;
    message("");
    await check(fixed, { fromFix: true }); // re-check the result automatically
  } catch (err) {
    message(
      err instanceof DecodeError ? msgs.msgUndecodable : fill(msgs.msgFailed, { detail: String(err?.message || err) }),
    );
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// wiring

const input = $("photo-input");
input.addEventListener("change", () => {
  const file = input.files?.[0];
  if (file) check(file);
});
const drop = $("photo-drop");
drop.addEventListener("dragover", (e) => {
  e.preventDefault();
  drop.classList.add("yk-drag");
});
drop.addEventListener("dragleave", () => drop.classList.remove("yk-drag"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("yk-drag");
  const file = e.dataTransfer?.files?.[0];
  if (file) check(file);
});
$("fix-button").addEventListener("click", fix);
// The rule set renders findings: fetched once the runtime is ready, off the path to ready. Then every
// 考区 of the register goes into the region choice (?region=beijing preselects it, e.g. from a 考区's page).
const recheck = () => {
  if (state.file) check(state.file, { fromFix: state.fixedFrom !== null });
};
function mountRegions(ruleset) {
  if (!ruleset?.regions) {
    $("photo-region").addEventListener("change", recheck); // the page's two built-in choices
    return;
  }
  const value = new URLSearchParams(location.search).get("region") || "national";
  mountRegionPicker($("photo-region"), ruleset, { value, onChange: recheck });
}
client.ready.then(
  () => rules().then(mountRegions),
  () => mountRegions(null),
);
