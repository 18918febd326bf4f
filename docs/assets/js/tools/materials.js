// Materials check (/tools/materials/): every required material of a pathway with a slot per image;
// each attached file is decoded downscaled in the browser, one at a time, and checked by the
// region's scan rules in the validator worker. Nothing is uploaded or stored.
// The 考区's upload system (its rule profile in content/regions.yaml) decides the slots: the national
// module takes several images per material (more can be added, each checked on its own) with fixed
// counts where sourced (identity proof: two); Hubei's 省网 takes one image per material and side.
// Opened from the pathway finder (?answers=<the finder's answers>), the list is the candidate's own:
// the eligibility engine marks each material yes (a slot), maybe (listed with its condition) or
// leaves it out, exactly as the finder's result and the CLI do. Without answers, the pathway's full
// list is shown (required ones as slots, the others with their conditions).

import { displayName, previewUrl } from "../image-decode.js";
import { fixImage } from "../image-fix.js";
import { decodableForFix, failedNote, failedText } from "../validator-client.js";
import { codeField, keepCode, keptCode, showKeptCode, typedCode } from "./code-field.js";
import {
  add,
  announce,
  fill,
  findingsList,
  focusOn,
  h,
  loadedImage,
  loadRules,
  nextFrames,
  pageTexts,
  replace,
  SITE_ROOT,
  scrollBelowHeader,
  setText,
  siteUrl,
  startTool,
  tooComplex,
  verdictBadge,
} from "./common.js";
import { inlineProse } from "./dom.js";
import { linkified, toolLink, toolUrl } from "./links.js";
import { knownRegion, readRecord, sizeText } from "./record.js";
import { mountRecordBar, remember, showKept, watchChanges } from "./record-ui.js";
import { mountRegionPicker, profileOf } from "./region-picker.js";

const MAX_SIDE = 1024; // the analysis works on a downscaled copy (contract: 600-1024 px long side)
const PASSING = new Set(["pass", "warn"]);
const AT_ONCE = 10; // files taken from one pick of a material's images (each is decoded and checked)

const root = document.querySelector("[data-tool=materials]");
const texts = pageTexts("materials-texts");
let rules = null;
let client = null;
let asOf = null;

// slot key "material:slot" -> {file, verdict, report, state}; slot = a side (A, B), "" for the first image,
// or 2, 3… for images added to a material the upload system takes several images for
const slots = new Map();
// code key "material:code" -> {verdict, state, file: {name}} for a material the 考区's upload system takes as a
// typed code (Hubei's 备案表: its 在线验证码); the code typed stays in this page only (codeValues), never kept
const codes = new Map();
const codeValues = new Map();
let elsewhere = []; // required materials of the pathway that are not scans (photo, printed forms)
let personal = null; // {pathway, region, materials: [{material, applies, when}]} from the finder's answers
let generation = 0; // bumps when region or pathway changes: stale results are dropped

// ---------------------------------------------------------------- one-at-a-time queue
let queue = Promise.resolve();

function enqueue(job) {
  queue = queue.then(job, job);
  return queue;
}

/** Draw a slot's new content (the line that it is being checked, a verdict, a fix) without moving what is
 * on the screen: drawn in place, the result grew and pushed what follows down, seconds after the pick or
 * the tap (a review on a phone: 0.33 on a verdict, 0.34 + 0.35 on a fix). If the slot's result is on the
 * screen or near it, the page is first scrolled so that it starts below the screen's bottom; the result is
 * drawn in one frame there, and two frames later it is brought right below the header (the verdict takes
 * focus if the candidate was at this slot), as on the photo page. The summary above the list changes two
 * frames after that, above the screen (the browser keeps what is on the screen in place): changed in the
 * result's frame, on the screen it moved the list, and above it the browser's scroll to keep the screen in
 * place counted what was just below the screen as moved. Returns false when the slot was
 * changed meanwhile (nothing drawn). */
async function drawSlot(key, slot, target = "[data-testid=slot-verdict], .ykt-error", { focus = true } = {}) {
  const out = root.querySelector(`[data-slot="${CSS.escape(key)}"] .ykt-slot-result`);
  const box = out?.getBoundingClientRect();
  const margin = 40;
  const near = Boolean(box) && box.bottom > -margin && box.top < window.innerHeight + margin;
  const node = root.querySelector(`[data-slot="${CSS.escape(key)}"]`);
  const here = Boolean(node?.contains(document.activeElement)) || document.activeElement === document.body;
  if (!near) {
    renderSlot(key);
    return true;
  }
  window.scrollTo(window.scrollX, Math.max(0, Math.floor(window.scrollY + box.top - window.innerHeight - margin)));
  await nextFrames();
  if (slots.get(key) !== slot) return false;
  summaryHeld += 1; // the summary above the list: changed once the result is in view (updateSummary)
  try {
    renderSlot(key);
    await nextFrames();
    if (slots.get(key) === slot) {
      const shown = node?.querySelector(target);
      if (focus && here) focusOn(shown);
      else scrollBelowHeader(shown);
      await nextFrames();
    }
  } finally {
    summaryHeld -= 1;
  }
  updateSummary();
  return true;
}

async function checkFile(key, file, material, _side) {
  const gen = generation;
  const slot = { file, state: "queued" };
  slots.set(key, slot);
  // the line that it is being checked (the file chooser's pick is not an input the browser counts)
  if (!(await drawSlot(key, slot, ".ykt-progress", { focus: false }))) return;
  await enqueue(async () => {
    if (gen !== generation || slots.get(key) !== slot) return;
    slot.state = "checking";
    renderSlot(key); // the same line's words: same height
    const region = currentRegion();
    const request = { region, material, filename: file.name, as_of: asOf };
    try {
      await client.ready;
      // The file goes to the worker as it is (its header is read there, never the whole file);
      // the browser decodes it only if the header allows (client.checkPicture).
      const { report, decoded, gate } = await client.checkPicture("scan", request, file, { maxSide: MAX_SIDE });
      if (gen !== generation || slots.get(key) !== slot) return;
      slot.report = report;
      slot.verdict = report.verdict;
      slot.state = "done";
      slot.checkedAt = performance.now();
      // the fix: offered when the browser could decode the file and a finding is one the plan clears
      slot.plan = await planFor(region, material);
      // a sheet covering a small part of a phone photo: the crop to its edges is proposed (adjustable)
      const sheet = report.facts?.document?.crop;
      if (sheet && decoded && slot.plan?.format) {
        slot.crop = { ...sheet, on: true };
        slot.cropUrl = await previewUrl(decoded.pixels);
        slot.cropSize = await loadedImage(slot.cropUrl); // its box known when it goes in (no shift later)
      }
      slot.fixable =
        Boolean(slot.crop) ||
        (fixable(slot.plan, report) && (Boolean(decoded) || (await decodableForFix(client, gate, request, file))));
    } catch (err) {
      if (gen !== generation || slots.get(key) !== slot) return;
      slot.state = "error";
      slot.failed = failedText(client, texts.check_failed); // the checker could not start: not checked
      slot.tooComplex = err?.code === "timeout" ? tooComplex(rules, err.seconds) : null;
      slot.verdict = "fail";
      slot.checkedAt = performance.now();
    }
    if (!(await drawSlot(key, slot))) return;
    settleSlot(key);
    saveMaterials();
    // Let the page breathe between files (many large phone photos in a row).
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

// ---------------------------------------------------------------- the fix (issue 16)
// The validator's fix plan for the 考区 (op "fix": format, byte band, pixel bounds, legibility floor);
// the browser executes it (image-fix.js, the same executor as the photo tool), the validator checks
// the result again and explains each change. Files stay on the device.
const plans = new Map();
const THUMB_SIDE = 480; // the "before" thumbnail's long side (px)

function planFor(region, material) {
  const key = `${region}:${material}:${asOf}`;
  if (!plans.has(key)) {
    const asked = client.call("fix", { kind: "scan", region, material, as_of: asOf }).then((r) => r.facts.plan);
    asked.catch(() => plans.delete(key));
    plans.set(key, asked);
  }
  return plans.get(key);
}

/** Whether a finding of the report is one the plan's executor clears. */
function fixable(plan, report) {
  const codes = new Set(plan?.fixes || []);
  return Boolean(plan?.format) && (report.findings || []).some((f) => codes.has(f.code) && f.severity !== "info");
}

/** The name a fixed image is saved under: the material and its place as the page names it (毕业证书-1.jpg,
 * 居民身份证-人像面.jpg; a phone review saved 居民身份证-A面.jpg from a card that said 人像面). */
function downloadName(key, ext = "jpg") {
  const node = root.querySelector(`[data-slot="${CSS.escape(key)}"]`);
  const card = node?.closest("[data-testid=material]");
  const material = card?.dataset.name || "";
  const side = node?.dataset.side;
  const named = side ? sideName(card?.dataset.material, side) : "";
  const place = side
    ? named && named !== side
      ? named
      : fill(texts.fix_place_side, { side })
    : node?.dataset.image || "1";
  const base = fill(texts.fix_file_name, { material, place }).replace(/[\\/:*?"<>|\s]+/g, "");
  return `${base}.${ext}`;
}

function dimsText(w, h) {
  return fill(texts.fix_dims, { w, h });
}

/** Width × height as shown (after the EXIF orientation mark), from a report's file facts. */
function shownDims(file) {
  const turned = [5, 6, 7, 8].includes(file?.orientation);
  return turned ? [file.height, file.width] : [file?.width || 0, file?.height || 0];
}

function fixPart(key, slot) {
  // while it is fixed, the crop editor stays where it was (taken away with the tap, the slot's result could
  // end above the screen, and the fix's result came in out of view)
  if (slot.fix?.state === "fixing")
    return [
      slot.crop ? cropEditor(key, slot) : null,
      h("p", { class: "ykt-progress", "data-testid": "fix-progress" }, texts.fixing),
    ];
  if (slot.fix?.state === "done") return fixResult(key, slot);
  if (!slot.fixable) return null;
  return [
    slot.crop ? cropEditor(key, slot) : null,
    h(
      "p",
      { class: "ykt-fix-offer" },
      h(
        "button",
        {
          type: "button",
          class: "md-button md-button--primary",
          "data-testid": "fix-one",
          onclick: () => fixSlot(key),
        },
        texts.fix_one,
      ),
      " ",
      h("span", { class: "ykt-help" }, texts.fix_one_help),
    ),
  ];
}

// ---------------------------------------------------------------- crop to the document (issue 16 item 5)
// The validator proposes the sheet's edges (facts.document.crop, fractions of the upright frame); the
// candidate can drag the four corners (pointer: mouse and touch) or move a focused corner with the arrow
// keys (Shift: bigger steps). The crop is applied by the fixer before scaling. Texts: content/messages/fix.yaml.
const CROP_STEP = 0.01; // one arrow key press: 1 % of the picture's side (Shift: 5 %)
const CROP_MIN = 0.05; // the box never gets narrower or lower than 5 % of the picture
const CORNERS = { tl: ["left", "top"], tr: ["right", "top"], bl: ["left", "bottom"], br: ["right", "bottom"] };

function cropText(code, values = {}) {
  return fill(rules.formats?.[code] || "", values);
}

/** Move one corner of the slot's crop to (fx, fy) (fractions), keeping the box inside the picture and
 * at least CROP_MIN wide and high. */
function moveCorner(crop, corner, fx, fy) {
  const [xKey, yKey] = CORNERS[corner];
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  if (xKey === "left") crop.left = clamp(fx, 0, crop.right - CROP_MIN);
  else crop.right = clamp(fx, crop.left + CROP_MIN, 1);
  if (yKey === "top") crop.top = clamp(fy, 0, crop.bottom - CROP_MIN);
  else crop.bottom = clamp(fy, crop.top + CROP_MIN, 1);
}

function placeCrop(stage, crop) {
  const pct = (v) => `${(v * 100).toFixed(2)}%`;
  const box = stage.querySelector("[data-testid=crop-box]");
  Object.assign(box.style, {
    left: pct(crop.left),
    top: pct(crop.top),
    width: pct(crop.right - crop.left),
    height: pct(crop.bottom - crop.top),
  });
  for (const handle of stage.querySelectorAll("[data-corner]")) {
    const [xKey, yKey] = CORNERS[handle.dataset.corner];
    handle.style.left = pct(crop[xKey]);
    handle.style.top = pct(crop[yKey]);
    handle.dataset.x = crop[xKey].toFixed(4);
    handle.dataset.y = crop[yKey].toFixed(4);
  }
  stage.dataset.crop = ["left", "top", "right", "bottom"].map((k) => crop[k].toFixed(4)).join(",");
}

function cropEditor(key, slot) {
  const crop = slot.crop;
  const handles = Object.keys(CORNERS).map((corner) =>
    h("button", {
      type: "button",
      class: "ykt-crop-handle",
      "data-corner": corner,
      "data-testid": `crop-${corner}`,
      "aria-label": cropText(`fix.crop.corner_${corner}`),
    }),
  );
  const stage = h(
    "div",
    { class: "ykt-crop-stage", "data-testid": "crop-stage" },
    h(
      "div",
      { class: "ykt-crop-frame" },
      h("img", {
        src: slot.cropUrl,
        alt: cropText("fix.crop.image_alt"),
        draggable: "false",
        width: slot.cropSize?.width,
        height: slot.cropSize?.height,
      }),
      h("div", { class: "ykt-crop-box", "data-testid": "crop-box" }),
    ),
    handles,
  );
  const point = (event) => {
    const rect = stage.querySelector("img").getBoundingClientRect();
    return [(event.clientX - rect.left) / rect.width, (event.clientY - rect.top) / rect.height];
  };
  for (const handle of handles) {
    const corner = handle.dataset.corner;
    handle.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      handle.setPointerCapture?.(event.pointerId);
      handle.dataset.dragging = "true";
      handle.focus();
    });
    handle.addEventListener("pointermove", (event) => {
      if (handle.dataset.dragging !== "true") return;
      moveCorner(crop, corner, ...point(event));
      placeCrop(stage, crop);
    });
    const stop = () => delete handle.dataset.dragging;
    handle.addEventListener("pointerup", stop);
    handle.addEventListener("pointercancel", stop);
    handle.addEventListener("keydown", (event) => {
      const step = event.shiftKey ? CROP_STEP * 5 : CROP_STEP;
      const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      const [xKey, yKey] = CORNERS[corner];
      moveCorner(crop, corner, crop[xKey] + move[0], crop[yKey] + move[1]);
      placeCrop(stage, crop);
    });
  }
  placeCrop(stage, crop);
  const use = h("input", {
    type: "checkbox",
    "data-testid": "crop-use",
    checked: crop.on || null,
    onchange: (event) => {
      crop.on = event.target.checked;
      stage.hidden = !crop.on;
    },
  });
  stage.hidden = !crop.on;
  return h(
    "div",
    { class: "ykt-crop", "data-testid": "doc-crop", "data-slot-key": key },
    h("p", {}, cropText("fix.crop.offer", { cover: `${Math.round((slot.report.facts.document.cover || 0) * 100)}%` })),
    h("p", {}, h("label", { class: "ykt-crop-use" }, use, " ", cropText("fix.crop.use"))),
    stage,
    h("p", { class: "ykt-help" }, cropText("fix.crop.keys")),
  );
}

/** The candidate's crop in the file's upright pixels (what the fixer takes), or null. */
function cropRect(slot) {
  const crop = slot.crop;
  if (!crop?.on) return null;
  const [width, height] = shownDims(slot.report.facts?.file);
  if (!width || !height) return null;
  const x = Math.round(crop.left * width);
  const y = Math.round(crop.top * height);
  return { x, y, w: Math.round(crop.right * width) - x, h: Math.round(crop.bottom * height) - y };
}

function fixResult(_key, slot) {
  const fix = slot.fix;
  const before = fix.original.report.facts?.file || {};
  const after = fix.file ? fix.report?.facts?.file || {} : null;
  const [bw, bh] = shownDims(before);
  const ok = fix.outcome === "ok" || fix.outcome === "short_bytes";
  const list = (items, testid) =>
    items.length
      ? h(
          "ul",
          { class: `ykt-fix-${testid}`, "data-testid": `fix-${testid}` },
          items.map((r) => h("li", { "data-code": r.code }, r.text)),
        )
      : null;
  const figure = (src, caption, testid, alt, size) =>
    src
      ? h(
          "figure",
          { class: "ykt-fix-thumb" },
          // its width and height: the box (tools.css: width 100 %, height auto) is there before the picture
          h("img", { src, alt, "data-testid": testid, width: size?.width, height: size?.height }),
          h("figcaption", {}, caption),
        )
      : null;
  return h(
    "div",
    {
      class: `ykt-fix ykt-fix-${ok ? "ok" : "cannot"}`,
      "data-testid": "fix-result",
      tabindex: "-1", // a result the page may focus: focusable from its first frame (tools.css: nothing moves)
      "data-outcome": fix.outcome,
      "data-before": String(fix.original.file.size),
      "data-after": fix.file ? String(fix.file.size) : "",
      "data-width": String(fix.result.width || 0),
      "data-height": String(fix.result.height || 0),
      "data-quality": String(fix.result.quality ?? ""),
      "data-ms": String(Math.round(fix.result.ms || 0)),
      "data-plan": JSON.stringify(fix.plan),
    },
    h("p", { class: "ykt-fix-title" }, ok ? texts.fix_done_title : texts.fix_cannot_title),
    list(fix.problems, "problems"),
    after
      ? [
          h(
            "p",
            { "data-testid": "fix-compare" },
            fill(texts.fix_compare, {
              before: before.size_text || "",
              before_dims: dimsText(bw, bh),
              after: after.size_text || "",
              after_dims: dimsText(fix.result.width, fix.result.height),
            }),
          ),
          h(
            "div",
            { class: "ykt-fix-thumbs" },
            // their sizes as decoded; else their proportions known beforehand (the box is there all the same)
            figure(
              slot.beforeUrl,
              texts.fix_before,
              "fix-before-image",
              texts.fix_before_alt,
              slot.beforeSize || {
                width: fix.result.source?.width || bw,
                height: fix.result.source?.height || bh,
              },
            ),
            figure(
              fix.dataUrl,
              texts.fix_after,
              "fix-image",
              fill(texts.fix_after_alt, { name: fix.file.name }),
              fix.size || { width: fix.result.width, height: fix.result.height },
            ),
          ),
          h("p", { class: "ykt-help", "data-testid": "fix-save-hint" }, texts.fix_long_press),
          h("p", { class: "ykt-fix-why" }, texts.fix_reasons_title),
          list(fix.reasons, "reasons"),
          h(
            "p",
            {},
            h(
              "a",
              { class: "md-button", href: fix.url, download: fix.file.name, "data-testid": "fix-download" },
              fill(texts.fix_download, { name: fix.file.name }),
            ),
          ),
        ]
      : null,
  );
}

function dataUrl(blob) {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => resolve("");
    reader.readAsDataURL(blob);
  });
}

/** Fix one image: execute the plan, explain, check the fixed file again; it then stands for the slot. */
function fixSlot(key) {
  const slot = slots.get(key);
  if (!slot?.fixable || slot.fix) return Promise.resolve();
  const gen = generation;
  const material = key.split(":")[0];
  slot.fix = { state: "fixing" };
  renderSlot(key);
  return enqueue(async () => {
    if (gen !== generation || slots.get(key) !== slot) return;
    const region = currentRegion();
    const original = { file: slot.file, report: slot.report };
    try {
      const plan = slot.plan;
      const result = await fixImage(slot.file, plan, { preview: THUMB_SIDE, crop: cropRect(slot) });
      if (result.preview) slot.beforeUrl = URL.createObjectURL(result.preview);
      const before = { ...(slot.report.facts?.file || {}), transparent: Boolean(result.transparent) };
      const after = { status: result.status, width: result.width, height: result.height, size: result.size };
      if (result.crop) after.crop = result.crop;
      const ask = { kind: "scan", region, material, as_of: asOf, before, after };
      const explained = (await client.call("fix", ask)).facts;
      const fix = { state: "done", result, plan, original, outcome: explained.outcome };
      fix.reasons = explained.reasons || [];
      fix.problems = explained.problems || [];
      if (result.blob) {
        fix.file = new File([result.blob], downloadName(key), { type: "image/jpeg" });
        const request = { region, material, filename: fix.file.name, as_of: asOf };
        fix.report = (await client.checkPicture("scan", request, fix.file, { maxSide: MAX_SIDE })).report;
        fix.url = URL.createObjectURL(fix.file);
        fix.dataUrl = await dataUrl(fix.file); // a data: image: WeChat saves it on a long press
        // both pictures decoded, their sizes known: their boxes are there when the result is drawn
        [slot.beforeSize, fix.size] = await Promise.all([loadedImage(slot.beforeUrl), loadedImage(fix.dataUrl)]);
      }
      if (gen !== generation || slots.get(key) !== slot) return;
      slot.fix = fix;
      slot.fixable = false;
      if (fix.file) {
        slot.file = fix.file;
        slot.report = fix.report;
        slot.verdict = fix.report.verdict;
        slot.checkedAt = performance.now();
      }
    } catch {
      if (gen !== generation || slots.get(key) !== slot) return;
      slot.fix = {
        state: "done",
        result: { status: "undecodable" },
        plan: slot.plan,
        original,
        outcome: "undecodable",
      };
      slot.fix.reasons = [];
      slot.fix.problems = [{ code: "fix.cannot.undecodable", text: texts.fix_failed }];
      slot.fixable = false;
    }
    if (await drawSlot(key, slot, "[data-testid=fix-result]")) settleFix(key);
  });
}

function settleFix(key) {
  const node = root.querySelector(`[data-slot="${CSS.escape(key)}"]`);
  const slot = slots.get(key);
  if (!node || !slot?.fix) return;
  const material = node.closest("[data-testid=material]")?.dataset.name || "";
  const verdict = slot.fix.file ? texts[`verdict_${slot.verdict}`] || slot.verdict : texts.fix_cannot_title;
  announce(root, fill(texts.announce_fix, { material, verdict }));
}

/** 全部修正 and 全部下载 above the list, for every image at once. */
function updateFixBar() {
  const bar = root.querySelector("[data-testid=fix-bar]");
  if (!bar) return;
  const entries = [...slots.entries()];
  const open = entries.filter(([, s]) => s.state === "done" && s.fixable && !s.fix);
  const saved = entries.filter(([, s]) => s.state === "done" && s.fix?.file);
  const busy = entries.some(([, s]) => s.fix?.state === "fixing");
  bar.dataset.open = String(open.length);
  bar.dataset.fixed = String(saved.length);
  replace(
    bar,
    open.length > 0
      ? h(
          "button",
          {
            type: "button",
            class: "md-button md-button--primary",
            "data-testid": "fix-all",
            disabled: busy || null,
            onclick: () => fixAll(),
          },
          fill(texts.fix_all, { n: open.length }),
        )
      : null,
    saved.length > 0
      ? h(
          "button",
          { type: "button", class: "md-button", "data-testid": "download-all", onclick: () => downloadAll() },
          fill(texts.download_all, { n: saved.length }),
        )
      : null,
    bar.zipLink || null,
  );
}

async function fixAll() {
  const keys = [...slots.entries()].filter(([, s]) => s.state === "done" && s.fixable && !s.fix).map(([k]) => k);
  await Promise.all(keys.map((k) => fixSlot(k)));
}

/** fflate (vendored from npm, pinned): loaded only when the zip is asked for. */
function loadZipper() {
  if (self.fflate) return Promise.resolve(self.fflate);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL("../../vendor/fflate.js", import.meta.url).pathname;
    script.onload = () => (self.fflate ? resolve(self.fflate) : reject(new Error("fflate")));
    script.onerror = () => reject(new Error("fflate"));
    document.head.append(script);
  });
}

/** Every image ready to upload (the fixed ones, and files that passed as they were) in one zip. */
async function downloadAll() {
  const bar = root.querySelector("[data-testid=fix-bar]");
  const files = {};
  for (const [key, slot] of slots) {
    if (slot.state !== "done" || !PASSING.has(slot.verdict) || !slot.file) continue;
    const ext = slot.fix?.file ? "jpg" : (slot.file.name.match(/\.([A-Za-z0-9]{1,5})$/)?.[1] || "jpg").toLowerCase();
    const name = slot.fix?.file ? slot.file.name : downloadName(key, ext);
    files[name] = [new Uint8Array(await slot.file.arrayBuffer()), { level: 0 }];
  }
  if (!Object.keys(files).length) return;
  try {
    const { zipSync } = await loadZipper();
    const zipped = new Blob([zipSync(files)], { type: "application/zip" });
    const region = rules.regions?.[currentRegion()]?.short || currentRegion();
    const name = `${fill(texts.zip_name, { region })}.zip`;
    if (bar.zipUrl) URL.revokeObjectURL(bar.zipUrl);
    bar.zipUrl = URL.createObjectURL(zipped);
    bar.zipLink = h(
      "p",
      { class: "ykt-help", "data-testid": "zip-ready", "data-size": String(zipped.size) },
      h("a", { href: bar.zipUrl, download: name, "data-testid": "zip-link" }, fill(texts.zip_ready, { name })),
      " ",
      texts.zip_wechat,
    );
    updateFixBar();
    bar.querySelector("[data-testid=zip-link]")?.click();
  } catch {
    bar.zipLink = h("p", { class: "ykt-error", role: "alert" }, texts.zip_failed);
    updateFixBar();
  }
}

// ---------------------------------------------------------------- rule-set data
function currentRegion() {
  return root.querySelector("[data-testid=region-select]").value;
}

/** True while the candidate has not chosen a 考区 (its upload system is "undecided" in the register). */
function undecided() {
  return rules.regions?.[currentRegion()]?.upload === "undecided";
}

function currentPathway() {
  return root.querySelector("[data-testid=pathway-select]").value;
}

/** The pathway's materials as {material, applies, when, note}: the candidate's own list when the
 * page came from the finder for this pathway and region, else every material (required: yes). */
function materialsOf(pathwayId) {
  const pathway = rules.pathways?.[pathwayId];
  if (!pathway) return [];
  const notes = Object.fromEntries(pathway.materials.map((m) => [m.material, m.note || ""]));
  if (personal && personal.pathway === pathwayId && personal.region === currentRegion())
    return personal.materials.map((m) => ({ ...m, note: notes[m.material] || "" }));
  return pathway.materials.map((m) => ({
    material: m.material,
    applies: m.required === false ? "maybe" : "yes",
    when: m.when?.text || "",
    note: m.note || "",
  }));
}

/** Materials of a pathway that apply (yes) and are uploaded as scans, in the pathway's order. */
export function requiredScans(pathwayId) {
  return materialsOf(pathwayId)
    .filter((m) => m.applies === "yes" && rules.materials?.[m.material]?.scan)
    .map((m) => ({ id: m.material, note: m.note, ...rules.materials[m.material] }));
}

function otherMaterials(pathwayId) {
  const all = materialsOf(pathwayId);
  const unscanned = all.filter((m) => m.applies === "yes" && !rules.materials?.[m.material]?.scan);
  const optional = all.filter((m) => m.applies === "maybe");
  return { unscanned, optional };
}

function sidesOf(material) {
  return material.sides?.length ? material.sides : [""];
}

/** How a material is uploaded in the chosen 考区's system: its first slots, whether more images can be
 * added, and a fixed count where the system has one. */
function layoutOf(material) {
  const profile = profileOf(rules, currentRegion());
  const count = profile.counts?.[material.id];
  const sides = sidesOf(material);
  if (count) {
    const fixed = sides.length === count ? sides : Array.from({ length: count }, (_, i) => (i ? String(i + 1) : ""));
    return { slots: fixed, several: false, count };
  }
  return { slots: sides, several: profile.images === "several", count: 0 };
}

/** A side in the card's own words (身份证: 人像面 / 国徽面; content/materials.yaml side_names). */
export function sideName(materialId, side) {
  return rules?.materials?.[materialId]?.side_names?.[side] || side;
}

function slotLabel(slot, position, several, materialId) {
  if (slot && !/^\d+$/.test(slot)) return fill(texts.side_label, { side: sideName(materialId, slot) });
  if (!several && !slot) return texts.file_label;
  return fill(rules.region_texts?.image_label, { n: position + 1 });
}

// ---------------------------------------------------------------- rendering
function slotKey(materialId, side) {
  return `${materialId}:${side}`;
}

function renderSlot(key) {
  const node = root.querySelector(`[data-slot="${CSS.escape(key)}"]`);
  if (!node) return;
  const slot = slots.get(key);
  const out = node.querySelector(".ykt-slot-result");
  node.removeAttribute("data-verdict");
  node.removeAttribute("data-file");
  node.removeAttribute("data-error");
  node.dataset.state = slot?.state || "empty";
  if (!slot) {
    replace(out);
  } else if (slot.state === "queued" || slot.state === "checking") {
    replace(
      out,
      h("p", { class: "ykt-progress" }, fill(texts[slot.state] || "", { file: displayName(slot.file.name) })),
    );
  } else if (slot.state === "error" && slot.tooComplex) {
    // past the time budget: said as such, with what to do (the page and the other files go on)
    node.dataset.verdict = "fail";
    node.dataset.file = slot.file.name;
    node.dataset.error = "timeout";
    replace(
      out,
      h(
        "p",
        { class: "ykt-error", role: "alert", "data-testid": "too-complex", tabindex: "-1" },
        slot.tooComplex.title,
        " ",
        h("bdi", { class: "ykt-file" }, displayName(slot.file.name)),
      ),
      findingsList([slot.tooComplex], texts),
    );
  } else if (slot.state === "error") {
    node.dataset.verdict = "fail";
    node.dataset.file = slot.file.name;
    // the checker could not start: not checked, and the reload after it (failedNote)
    const words =
      client?.state === "error" ? failedNote(client, texts.check_failed) : slot.failed || texts.check_failed;
    replace(out, h("p", { class: "ykt-error", role: "alert", tabindex: "-1" }, words));
  } else {
    const report = slot.report;
    node.dataset.verdict = report.verdict;
    node.dataset.file = slot.file.name;
    const findings = report.findings || [];
    replace(
      out,
      h(
        "p",
        { class: "ykt-slot-verdict", "data-testid": "slot-verdict", tabindex: "-1" },
        verdictBadge(report.verdict, texts),
        " ",
        h("bdi", { class: "ykt-file" }, displayName(slot.file.name)),
      ),
      // a result kept on this device from an earlier visit: the verdict, never the file
      slot.remembered
        ? h(
            "p",
            { class: "ykt-help", "data-testid": "slot-remembered" },
            fill(rules.texts?.["record.remembered"], {
              verdict: texts[`verdict_${report.verdict}`] || report.verdict,
              file: displayName(slot.file.name),
              size: sizeText(rules.formats, slot.file.size || 0),
            }),
          )
        : null,
      findingsList(findings, texts),
      fixPart(key, slot),
    );
  }
  updateMaterial(node.closest("[data-testid=material]"));
  updateSummary();
}

/** A checked file: its verdict is said through the live region; if the candidate is still on that
 * file's picker, focus moves to the verdict (right above the findings). */
function settleSlot(key) {
  const node = root.querySelector(`[data-slot="${CSS.escape(key)}"]`);
  const slot = slots.get(key);
  if (!node || !slot || (slot.state !== "done" && slot.state !== "error")) return;
  const material = node.closest("[data-testid=material]")?.dataset.name || "";
  const materialId = node.closest("[data-testid=material]")?.dataset.material;
  const side = node.dataset.side ? fill(texts.side_label, { side: sideName(materialId, node.dataset.side) }) : "";
  const verdict =
    slot.state === "error" ? slot.failed || texts.check_failed : texts[`verdict_${slot.verdict}`] || slot.verdict;
  announce(root, fill(texts.announce_slot, { material, side, verdict, file: slot.file.name }));
  if (node.contains(document.activeElement)) focusOn(node.querySelector("[data-testid=slot-verdict], .ykt-error"));
}

/** A material whose files all passed, or passed with a reminder (the reminder is the site's reading). */
function doneText(status) {
  return status.verdict === "warn" ? texts.done_warn || texts.done : texts.done;
}

/** How many of these files stand where: by the badge each shows (通过 / 可用，但请留意 / 不符合要求), still
 * being checked, or not checked at all. A file with a reminder is counted as such, never as 合格 without
 * qualification (a review: "其中 1 张合格" beside the same file's 可用，但请留意). */
function verdictCounts(states) {
  const n = { pass: 0, warn: 0, fail: 0, waiting: 0, error: 0 };
  for (const s of states) {
    if (!s) continue;
    if (s.state === "done" && s.verdict in n) n[s.verdict] += 1;
    else if (s.state === "error") n.error += 1;
    else n.waiting += 1;
  }
  return n;
}

/** "2 张通过；1 张可用，但请留意" (the badge's words) from count_*, the parts that are not zero. */
function countWords(n) {
  return ["pass", "warn", "fail", "waiting", "error"]
    .filter((k) => n[k])
    .map((k) => fill(texts[`count_${k}`], { n: n[k] }))
    .join(texts.list_sep || "");
}

function materialStatus(materialNode) {
  // an extra image slot added with 再加一张 and left empty is not a missing file
  const keys = [...materialNode.querySelectorAll("[data-slot]")]
    .filter((n) => n.dataset.optional !== "true" || slots.get(n.dataset.slot))
    .map((n) => n.dataset.slot);
  const states = keys.map((k) => slots.get(k) || codes.get(k));
  const passing = states.filter((s) => s?.state === "done" && PASSING.has(s.verdict)).length;
  const checked = states.filter((s) => s && (s.state === "done" || s.state === "error"));
  const order = { fail: 2, warn: 1, pass: 0 };
  let verdict = null;
  let latest = null;
  for (const s of checked) {
    if (verdict === null || order[s.verdict] > order[verdict]) verdict = s.verdict;
    if (!latest || s.checkedAt >= latest.checkedAt) latest = s;
  }
  const complete = states.every((s) => s && (s.state === "done" || s.state === "error") && PASSING.has(s.verdict));
  const attached = states.some(Boolean);
  const count = states.filter(Boolean).length;
  const counts = verdictCounts(states);
  // a reminder that is a national-module rule not known to apply in this 考区 (basis "region"): the file
  // would be refused where the rule applies, so the material is not said to be ready (a phone review: a
  // 916 KB diploma ticked 已备好 in 河南)
  const capped = states.some(
    (s) => s?.state === "done" && (s.report?.findings || []).some((f) => f.basis === "region" && f.severity === "warn"),
  );
  return {
    verdict,
    latest,
    complete,
    capped,
    attached,
    checked: checked.length,
    total: keys.length,
    passing,
    count,
    counts,
  };
}

function updateMaterial(materialNode) {
  if (!materialNode) return;
  const status = materialStatus(materialNode);
  if (status.verdict) {
    materialNode.dataset.verdict = status.verdict;
    materialNode.dataset.file = status.latest.file.name;
  } else {
    materialNode.removeAttribute("data-verdict");
    materialNode.removeAttribute("data-file");
  }
  materialNode.dataset.complete = status.complete ? "true" : "false";
  const counter = materialNode.querySelector("[data-testid=material-count]");
  if (counter) {
    counter.dataset.attached = String(status.count);
    counter.dataset.passing = String(status.passing);
    counter.dataset.slots = String(status.total);
    counter.dataset.warned = String(status.counts.warn);
    // nothing chosen yet: no count (a phone review read "已选 0 张：" with nothing after the colon)
    setText(
      counter,
      status.count
        ? fill(rules.region_texts?.images_count, { attached: status.count, parts: countWords(status.counts) })
        : "",
    );
  }
}

let summaryHeld = 0; // while a slot's result is drawn away from the screen, the summary waits (drawSlot)

function updateSummary() {
  if (summaryHeld) return;
  const summary = root.querySelector("[data-testid=materials-summary]");
  const checklist = root.querySelector("[data-testid=my-checklist] ul");
  const nodes = [...root.querySelectorAll("[data-testid=material]")];
  const missing = [];
  const failing = [];
  const codesMissing = [];
  const codesFailing = [];
  const done = [];
  const doneWarned = [];
  const refusedElsewhere = [];
  const busy = [...slots.values()].some((s) => s.state === "queued" || s.state === "checking");
  replace(checklist);
  for (const node of nodes) {
    const status = materialStatus(node);
    const name = node.dataset.name;
    // a material typed in as a code is worded as a code, never as a picture to scan again
    const typed = node.dataset.typed === "code";
    const ready = status.complete && !status.capped;
    if (status.complete && status.capped) refusedElsewhere.push(name);
    else if (ready && status.verdict === "warn") doneWarned.push(name);
    if (ready) done.push(name);
    else if (status.complete) {
      // listed below as refused under the national module's rule
    } else if (status.verdict === "fail") (typed ? codesFailing : failing).push(name);
    else (typed ? codesMissing : missing).push(name);
    // a file that fails says so here too, not only 待准备 (a re-review: less said than for a reminder)
    const left = status.verdict === "fail" ? texts.left_fail : texts.left;
    const state = ready ? doneText(status) : status.complete ? texts.done_region : left;
    add(
      checklist,
      h(
        "li",
        { class: ready ? "ykt-done" : "ykt-left", "data-material": node.dataset.material },
        h("span", { class: "ykt-box", "aria-hidden": "true" }, ready ? "☑" : "☐"),
        " ",
        name,
        " ",
        h("span", { class: "ykt-state" }, state),
      ),
    );
  }
  for (const m of elsewhere) {
    add(
      checklist,
      h(
        "li",
        { class: "ykt-left ykt-elsewhere", "data-material": m.material },
        h("span", { class: "ykt-box", "aria-hidden": "true" }, "☐"),
        " ",
        rules.materials?.[m.material]?.name || m.material,
        " ",
        h("span", { class: "ykt-state" }, texts.elsewhere),
      ),
    );
  }
  const notPassing =
    missing.length + failing.length + codesMissing.length + codesFailing.length + refusedElsewhere.length;
  const anyCode = nodes.some((node) => node.dataset.typed === "code");
  const images = nodes
    .filter((node) => node.dataset.typed !== "code")
    .map(materialStatus)
    .reduce(
      (n, s) => ({
        count: n.count + s.count,
        passing: n.passing + s.passing,
        counts: Object.fromEntries(Object.entries(n.counts).map(([k, v]) => [k, v + s.counts[k]])),
      }),
      { count: 0, passing: 0, counts: verdictCounts([]) },
    );
  summary.dataset.missing = String(notPassing);
  summary.dataset.total = String(nodes.length);
  summary.dataset.done = String(done.length);
  summary.dataset.images = String(images.count);
  summary.dataset.imagesPassing = String(images.passing);
  summary.dataset.imagesWarned = String(images.counts.warn);
  summary.dataset.busy = busy ? "true" : "false";
  const parts = [
    h(
      "p",
      { class: "ykt-summary-line" },
      fill(
        notPassing
          ? texts.summary_left
          : doneWarned.length
            ? texts.summary_all_done_warn
            : anyCode
              ? texts.summary_all_done_code
              : texts.summary_all_done,
        { done: done.length, total: nodes.length, left: notPassing, warned: doneWarned.length },
      ),
    ),
  ];
  if (images.count)
    parts.push(
      h(
        "p",
        { "data-testid": "summary-images" },
        fill(texts.summary_images, { count: images.count, parts: countWords(images.counts) }),
      ),
    );
  if (failing.length)
    parts.push(h("p", { class: "ykt-fail" }, fill(texts.summary_failing, { names: failing.join("、") })));
  if (refusedElsewhere.length)
    parts.push(
      h(
        "p",
        { class: "ykt-warn", "data-testid": "summary-region" },
        // no 考区 chosen yet: the module's rule may not be the candidate's, said as such
        fill(undecided() ? texts.summary_undecided : texts.summary_region, { names: refusedElsewhere.join("、") }),
      ),
    );
  if (missing.length) parts.push(h("p", {}, fill(texts.summary_missing, { names: missing.join("、") })));
  if (codesFailing.length)
    parts.push(
      h(
        "p",
        { class: "ykt-fail", "data-testid": "summary-codes" },
        fill(texts.summary_code_failing, { names: codesFailing.join("、") }),
      ),
    );
  if (codesMissing.length)
    parts.push(
      h("p", { "data-testid": "summary-codes" }, fill(texts.summary_code_missing, { names: codesMissing.join("、") })),
    );
  if (busy) parts.push(h("p", { class: "ykt-progress" }, texts.busy));
  replace(summary, ...parts);
  updateFixBar();
}

function slotNode(material, slot, position, several, removable) {
  const key = slotKey(material.id, slot);
  const inputId = `file-${material.id}-${slot || "x"}`;
  const side = slot && !/^\d+$/.test(slot) ? slot : null;
  const input = h("input", {
    type: "file",
    id: inputId,
    accept: "image/jpeg,image/png,image/*,.jpg,.jpeg,.png,.pdf",
    // several pages of one material can be picked from the gallery at once (a phone review: one at a
    // time through 再加一张); each further file gets an image of its own, checked on its own
    multiple: several && !side ? true : null,
    "data-testid": "material-input",
    "data-side": side,
    "data-image": String(position + 1),
  });
  input.addEventListener("change", () => {
    const files = [...(input.files || [])];
    input.value = ""; // the same file picked again is checked again (the browser fires no change otherwise)
    if (!files.length) return;
    checkFile(key, files[0], material.id, slot);
    const more = files.slice(1, AT_ONCE);
    for (const file of more) {
      const node = addSlot(material);
      checkFile(node.dataset.slot, file, material.id, node.dataset.slot.slice(material.id.length + 1));
    }
    const note = input.closest("[data-testid=material]")?.querySelector("[data-testid=picked-note]");
    if (note) note.textContent = files.length > AT_ONCE ? fill(texts.picked_too_many, { n: AT_ONCE }) : "";
  });
  input.className = "ykt-file-input";
  const node = h(
    "div",
    {
      class: "ykt-slot",
      "data-slot": key,
      "data-testid": "material-slot",
      "data-side": input.dataset.side || null,
      "data-image": String(position + 1),
      "data-state": "empty",
      "data-optional": removable ? "true" : null,
    },
    h("span", { class: "ykt-label" }, slotLabel(slot, position, several, material.id)),
    input,
    h("label", { for: inputId, class: "md-button ykt-pick" }, texts.pick),
    removable
      ? h(
          "button",
          {
            type: "button",
            class: "md-button ykt-remove-image",
            "data-testid": "image-remove",
            onclick: () => removeSlot(material, key),
          },
          rules.region_texts?.remove_image,
        )
      : null,
    h("div", { class: "ykt-slot-result", "aria-live": "polite" }),
  );
  return node;
}

/** Another image for a material the upload system takes several images for. */
function addSlot(material) {
  const cardNode = root.querySelector(`[data-testid=material][data-material="${CSS.escape(material.id)}"]`);
  const list = cardNode.querySelector(".ykt-slots");
  const next = cardNode.dataset.next || "2";
  cardNode.dataset.next = String(Number(next) + 1);
  const node = slotNode(material, next, list.children.length, true, true);
  add(list, node);
  relabel(material, cardNode);
  updateMaterial(cardNode);
  updateSummary();
  node.querySelector(".ykt-pick")?.focus();
  return node;
}

function removeSlot(material, key) {
  const cardNode = root.querySelector(`[data-testid=material][data-material="${CSS.escape(material.id)}"]`);
  slots.delete(key);
  cardNode.querySelector(`[data-slot="${CSS.escape(key)}"]`)?.remove();
  relabel(material, cardNode);
  updateMaterial(cardNode);
  updateSummary();
  cardNode.querySelector("[data-testid=image-add]")?.focus();
}

/** Keep "第 n 张" in order after an image is added or removed. */
function relabel(material, cardNode) {
  [...cardNode.querySelectorAll("[data-testid=material-slot]")].forEach((node, i) => {
    const slot = node.dataset.slot.slice(material.id.length + 1);
    node.dataset.image = String(i + 1);
    setText(node.querySelector(".ykt-label"), slotLabel(slot, i, true));
  });
}

/** One required material's card: its name and note, then what the candidate gives (slots or a code field). */
function materialSection(material, attrs, ...children) {
  return h(
    "section",
    {
      class: "ykt-material",
      "data-testid": "material",
      "data-material": material.id,
      "data-name": material.name,
      "data-applies": "yes",
      ...attrs,
    },
    h("h3", {}, material.name),
    material.note ? h("p", { class: "ykt-help" }, material.note) : null,
    whereLine(material),
    ...children,
  );
}

/** Where the candidate gets the material (content: materials.yaml `where`), as 我的材料清单 says it: a
 * card for the 学信网 备案表 outside 湖北 once said nothing of how to apply for it. */
function whereLine(material) {
  const where = rules.materials?.[material.id]?.where;
  const words = rules.texts?.["checklist.where"];
  if (!where || !words) return null;
  return h("p", { class: "ykt-help", "data-testid": "material-where" }, inlineProse(fill(words, { where }), SITE_ROOT));
}

/** A material the 考区's upload system takes as a typed code: a code field in place of the upload slot.
 * `maybe` (a material that applies only in some cases, e.g. 湖北's 备案表 on the pathway's default list):
 * the field sits in the "may also need" list, outside the required materials and their count. */
function codeCard(material, maybe = null) {
  const key = `${material.id}:code`;
  const field = codeField({
    rules,
    client,
    asOf,
    region: currentRegion(),
    materialId: material.id,
    texts,
    onResult: (report, { emptied = false } = {}) => {
      const gen = generation;
      codeValues.set(material.id, field.input.value);
      if (gen !== generation) return;
      if (report || emptied) keepCode(material.id, currentRegion(), report?.verdict || null);
      if (report) {
        codes.set(key, {
          state: "done",
          verdict: report.verdict,
          checkedAt: performance.now(),
          file: { name: field.node.querySelector("label").textContent },
        });
      } else codes.delete(key);
      updateMaterial(card);
      updateSummary();
      saveMaterials();
    },
  });
  field.node.dataset.slot = key;
  field.node.dataset.code = "true";
  const card = maybe
    ? h(
        "li",
        {
          "data-testid": "material-maybe",
          "data-material": material.id,
          "data-applies": "maybe",
          "data-typed": "code",
        },
        material.name,
        maybe.when ? `：${maybe.when}` : "",
        whereLine(material),
        field.node,
      )
    : materialSection(material, { "data-typed": "code" }, field.node);
  const typed = codeValues.get(material.id);
  const kept = typed ? null : keptCode(readRecord(undefined, { keep: true }).record, material.id, currentRegion());
  if (typed) {
    field.input.value = typed;
    field.check();
  } else if (kept) rememberCode(key, kept, field, card);
  return card;
}

/** A code's verdict kept on this device (from this page or 我的材料清单): the verdict only, the code
 * itself is not kept; the field says so. */
function rememberCode(key, verdict, field, card) {
  codes.set(key, {
    state: "done",
    verdict,
    remembered: true,
    checkedAt: 0,
    file: { name: field.node.querySelector("label").textContent },
  });
  const words = { pass: texts.verdict_pass, warn: texts.verdict_warn, fail: texts.verdict_fail };
  showKeptCode(field, verdict, rules.texts?.["record.code_remembered"] || "", words);
  updateMaterial(card);
}

function materialCard(material, kept = []) {
  if (typedCode(rules, material.id, currentRegion())) return codeCard(material);
  const layout = layoutOf(material);
  const tx = rules.region_texts || {};
  const help = layout.count ? fill(tx.images_fixed, { count: layout.count }) : layout.several ? tx.images_several : "";
  const extra = layout.several ? kept.filter((slot) => !layout.slots.includes(slot)) : [];
  const list = h(
    "div",
    { class: "ykt-slots" },
    [...layout.slots, ...extra].map((slot, i) => slotNode(material, slot, i, layout.several, i >= layout.slots.length)),
  );
  const numbers = extra.map(Number).filter(Number.isFinite);
  const card = materialSection(
    material,
    {
      "data-several": layout.several ? "true" : "false",
      "data-count": layout.count ? String(layout.count) : null,
      "data-next": String(Math.max(2, ...numbers.map((n) => n + 1))),
    },
    help ? h("p", { class: "ykt-help", "data-testid": "material-images-help" }, help) : null,
    list,
    layout.several
      ? h(
          "p",
          { class: "ykt-add" },
          h(
            "button",
            { type: "button", class: "md-button", "data-testid": "image-add", onclick: () => addSlot(material) },
            tx.add_image,
          ),
          " ",
          h("span", { class: "ykt-image-count", "data-testid": "material-count", "aria-live": "polite" }),
          " ",
          h("span", { class: "ykt-help", "data-testid": "picked-note", role: "status" }),
        )
      : null,
  );
  return card;
}

/** The list for the chosen pathway and 考区; `keep` = slot keys whose files are checked again (an image
 * added to a material survives a change between 考区 that take several images). */
function renderList(keep = []) {
  generation += 1;
  slots.clear();
  codes.clear();
  const pathwayId = currentPathway();
  const region = currentRegion();
  const list = root.querySelector("[data-testid=materials-list]");
  const materials = requiredScans(pathwayId);
  const kept = (id) => keep.filter((k) => k.startsWith(`${id}:`)).map((k) => k.slice(id.length + 1));
  replace(list, ...materials.map((m) => materialCard(m, kept(m.id))));
  for (const node of list.querySelectorAll("[data-testid=material]")) updateMaterial(node);
  const { unscanned, optional } = otherMaterials(pathwayId);
  elsewhere = unscanned;
  const extra = root.querySelector("[data-testid=materials-extra]");
  const name = (id) => rules.materials?.[id]?.name || id;
  const query = { region };
  replace(
    extra,
    personal?.pathway === pathwayId && personal.region === region
      ? h("p", { class: "ykt-help", "data-testid": "materials-personal" }, linkified(rules, texts.personal, query))
      : null,
    unscanned.length
      ? h(
          "div",
          {},
          h("p", {}, texts.unscanned_title),
          h(
            "ul",
            {},
            unscanned.map((m) =>
              h(
                "li",
                { "data-testid": "material-other", "data-material": m.material, "data-applies": "yes" },
                name(m.material),
                texts[`tool_for_${m.material}`]
                  ? [" ", ...linkified(rules, texts[`tool_for_${m.material}`], query)]
                  : null,
              ),
            ),
          ),
        )
      : null,
    optional.length
      ? h(
          "details",
          { open: true },
          h("summary", {}, texts.optional_title),
          h(
            "ul",
            {},
            optional.map((m) =>
              typedCode(rules, m.material, region) && rules.materials?.[m.material]
                ? codeCard({ id: m.material, ...rules.materials[m.material] }, m)
                : h(
                    "li",
                    { "data-testid": "material-maybe", "data-material": m.material, "data-applies": "maybe" },
                    name(m.material),
                    m.when ? `：${m.when}` : "",
                    whereLine({ id: m.material }),
                  ),
            ),
          ),
        )
      : null,
  );
  const links = root.querySelector("[data-testid=materials-links]");
  replace(
    links,
    h(
      "a",
      {
        href: toolUrl(rules, "checklist", personalQuery(pathwayId, region)),
        "data-testid": "personal-link",
      },
      rules.tools?.checklist?.name,
    ),
    " · ",
    h("a", { href: siteUrl(`checklists/${pathwayId}/`), "data-testid": "checklist-link" }, texts.checklist_link),
    " · ",
    toolLink(rules, "photo"),
    " · ",
    toolLink(rules, "form"),
  );
  setText(
    root.querySelector("[data-testid=my-checklist-title]"),
    fill(texts.my_checklist_title, {
      pathway: rules.pathways?.[pathwayId]?.title || pathwayId,
      region: rules.regions?.[region]?.short || region,
      date: asOf,
    }),
  );
  updateSummary();
  const params = new URLSearchParams(location.search);
  params.set("pathway", pathwayId);
  params.set("region", region);
  history.replaceState(null, "", `${location.pathname}?${params.toString()}`);
}

/** From the finder: ask the engine which of the pathway's materials apply to these answers. */
async function loadPersonal() {
  const params = new URLSearchParams(location.search);
  const answers = params.get("answers");
  const pathway = params.get("pathway");
  if (!answers || !pathway) return;
  const region = currentRegion();
  personal = null;
  try {
    await client.ready;
    const report = await client.call("eligibility", { answers: answers, region, as_of: asOf });
    const materials = report.facts?.materials?.[pathway];
    if (materials) personal = { pathway, region, materials };
  } catch {
    personal = null; // the full list stays: nothing is lost
  }
}

/** Region or pathway change: keep the attached files of materials still listed and check them again. */
function recheckAll() {
  const attached = [...slots.entries()].filter(([, s]) => s.file instanceof Blob); // not a remembered result
  renderList(attached.map(([key]) => key));
  for (const [key, slot] of attached) {
    const [material, side] = key.split(":");
    // a fixed file was made for the old 考区's rule: the candidate's own file is checked again
    const file = slot.fix?.original?.file || slot.file;
    if (root.querySelector(`[data-slot="${CSS.escape(key)}"]`)) checkFile(key, file, material, side);
  }
}

function fillSelects() {
  const params = new URLSearchParams(location.search);
  const regionSelect = root.querySelector("[data-testid=region-select]");
  const pathwaySelect = root.querySelector("[data-testid=pathway-select]");
  const pathways = Object.entries(rules.pathways || {}).sort((a, b) => (a[1].order || 0) - (b[1].order || 0));
  replace(pathwaySelect, ...pathways.map(([id, p]) => h("option", { value: id }, p.title || id)));
  const wantedPathway = params.get("pathway");
  if (wantedPathway && rules.pathways?.[wantedPathway]) pathwaySelect.value = wantedPathway;
  // every 考区 of the register; the candidate's own list depends on the region too (e.g. Hubei's
  // school proof), and so do the slots (several images or one): ask again and re-list
  mountRegionPicker(regionSelect, rules, {
    value: params.get("region") || knownRegion(readRecord(undefined, { keep: true }).record) || "national",
    onChange: async () => {
      await loadPersonal();
      recheckAll();
      // kept at once, files or not: the form and the finder open on this 考区 too (a review chose 四川
      // here before picking any file and found the form on 不确定)
      saveMaterials();
    },
  });
  pathwaySelect.addEventListener("change", recheckAll);
}

/** The link to 我的材料清单 carries the pathway, the 考区 and the finder's answers when there are some. */
function personalQuery(pathway, region) {
  const answers = new URLSearchParams(location.search).get("answers");
  return answers ? { pathway, region, answers } : { pathway, region };
}

// ---------------------------------------------------------------- the record on this device
let recordBar = null;

/** Which materials were checked: names, verdicts and sizes of the files, never their bytes. */
function saveMaterials() {
  const files = {};
  for (const [key, slot] of slots)
    if (slot.state === "done" && slot.verdict)
      files[key] = { name: slot.file.name, verdict: slot.verdict, size: slot.file.size || 0 };
  const answers = new URLSearchParams(location.search).get("answers") || "";
  if (remember("materials", { pathway: currentPathway(), region: currentRegion(), answers, files }))
    showKept(recordBar, rules.texts || {});
}

/** The saved pathway, 考区 and answers, and each checked file's verdict shown in its slot again. */
async function restoreMaterials(record) {
  const m = record.materials;
  const params = new URLSearchParams(location.search);
  if (m.answers) params.set("answers", m.answers);
  if (rules.pathways?.[m.pathway]) {
    params.set("pathway", m.pathway);
    root.querySelector("[data-testid=pathway-select]").value = m.pathway;
  }
  const select = root.querySelector("[data-testid=region-select]");
  if (rules.regions?.[m.region] && [...select.options].some((o) => o.value === m.region)) select.value = m.region;
  params.set("region", currentRegion());
  history.replaceState(null, "", `${location.pathname}?${params.toString()}`);
  await loadPersonal();
  renderList();
  for (const [key, f] of Object.entries(m.files || {})) {
    if (!root.querySelector(`[data-slot="${CSS.escape(key)}"]`)) continue;
    if (key.endsWith(":code")) continue; // a code's verdict lives in the record's codes (shown with its card)
    slots.set(key, {
      state: "done",
      verdict: f.verdict,
      remembered: true,
      checkedAt: 0,
      file: { name: f.name, size: f.size },
      report: { verdict: f.verdict, findings: [] },
    });
    renderSlot(key);
  }
  saveMaterials();
}

async function main() {
  if (!root) return;
  ({ client, asOf } = startTool(root));
  try {
    rules = await loadRules();
  } catch {
    root
      .querySelector("[data-testid=materials-list]")
      .replaceChildren(h("p", { class: "ykt-error", role: "alert" }, texts.load_failed));
    return;
  }
  document.body.classList.add("ykt-print-checklist");
  fillSelects();
  renderList();
  await loadPersonal();
  if (personal) recheckAll();
  root.querySelector("[data-testid=print-checklist]")?.addEventListener("click", () => window.print());
  recordBar = mountRecordBar(root, rules.texts || {}, {
    has: (record) => Object.keys(record.materials?.files || {}).length > 0,
    onResume: restoreMaterials,
  });
  watchChanges(root);
  root.dataset.ready = "true";
}

main();
