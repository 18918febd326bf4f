// The photo tool (/tools/photo/): pick or drop a photo, check it in the worker, show the verdict,
// the findings and an overlay of what was measured, and fix an oversized photo to the size limit
// by re-encoding it in the browser. Every Chinese text comes from the page (data-* attributes)
// or from the rule set (messages, parameters); nothing is sent anywhere.

import { displayName, previewUrl, todayISO } from "./image-decode.js";
import { fixImage } from "./image-fix.js";
import {
  announce,
  asOfFrom,
  fill,
  findingItem,
  focusOn,
  h,
  loadedImage,
  loadRules,
  madeWorse,
  named,
  nextFrames,
  pageFix,
  paramValue,
  replace,
  setText,
  tooComplex,
} from "./tools/common.js";
import { mountRegionPicker, photoNote } from "./tools/region-picker.js";
import { decodableForFix, failedNote, getValidator, mountStatus } from "./validator-client.js";

const root = document.getElementById("photo-tool");
const client = getValidator(); // the runtime starts loading now
const $ = (id) => root.querySelector(`[data-testid=${id}]`);
const msgs = root.dataset;
// Size findings: the fixer below the verdict compresses for them (for the others it clears it saves a JPEG again).
const SIZE_CODES = new Set(["photo.size.too_large", "photo.size.unclear_large", "photo.size.near_limit"]);
// WeChat's in-app browser often blocks downloads of generated files: the photo is also shown as an image.
const WECHAT = /MicroMessenger/i.test(navigator.userAgent);

mountStatus($("validator-status"), client);

const state = {
  seq: 0,
  file: null,
  previewUrl: null,
  fixUrl: null,
  fixedFrom: null,
  fixMode: "compress",
  cropFrom: null,
  cropUrls: [],
  note: "", // why the picture was not shown (gateNote): said with the scroll to the verdict (settle)
  shown: null, // the file and verdict drawn, set as the verdict's attributes by settle
};
// ?as_of=YYYY-MM-DD for reproducible links: a real calendar day, else today with a visible note.
const { asOf, bad: badAsOf } = asOfFrom(todayISO);
$("photo-as-of").textContent = asOf;

/** The compiled rule set (tools/common.js), or {} when it cannot be fetched: the page still works. */
function rules() {
  return loadRules().catch(() => ({}));
}

/** A parameter's value for the chosen region on the as-of date (validator.ruleset.RuleSet.param). */
function param(ruleset, id) {
  return paramValue(ruleset, id, region(), asOf);
}

/** A file's size as the validator wrote it (content's photo.bytes format): one formatter for all. */
function sizeOf(report) {
  return report?.facts?.file?.size_text || "—";
}

/** Scroll so that el is on screen when it is below the visible part (nothing moves otherwise). */
function inView(el) {
  if (!el || el.hidden) return;
  if (el.getBoundingClientRect().bottom > window.innerHeight) el.scrollIntoView({ block: "nearest" });
}

/** The line under the pick button (a text, or a text and a button: failedNote). Until the next pick
 * (`reset`) it keeps at least the height it had: a line that went away or got shorter moved everything below
 * it, the result too (a layout shift). */
function message(text, { reset = false } = {}) {
  const node = $("photo-message");
  const held = reset || node.hidden ? 0 : Math.max(node.offsetHeight, Number.parseFloat(node.style.minHeight) || 0);
  replace(node, ...[text || ""].flat());
  node.style.minHeight = held ? `${held}px` : "";
  node.hidden = !node.textContent && !held;
}

/** While a photo is checked, compressed or cropped, the result shown is the last one's: it is kept in its
 * place but not shown (busy), and what it held is taken out (clearOld: the last photo's compression and
 * crop) in the frame the new result is drawn in, which comes in below the screen or unseen, and is
 * scrolled to after (present). Anything changed in between, where the candidate is looking, moved what
 * is below it a second after their tap (a review measured 0.59 after 压缩, 0.5 on a pick after a crop). */
function busy(on) {
  const result = $("photo-result");
  if (on) result.dataset.busy = "true";
  else {
    delete result.dataset.busy;
    clearOld();
  }
}

function clearOld() {
  if (!state.clearOld) return;
  state.clearOld = false;
  if (state.fixedFrom === null) resetFixer();
  if (state.cropFrom === null) resetCrop();
}

/** A tap on 压缩 / 另存 / 裁剪: the line under the pick button says what the page is doing, and is brought
 * in view (and takes the focus of the button, now unseen); in the tap's own frame, the candidate's doing. */
function working(text) {
  message(text, { reset: true });
  busy(true);
  focusOn($("photo-message"));
}

/** Findings whose fix is the crop (a landscape's fix points to the crop button): when there is no
 * crop, the page says why. */
const CROP_FIXES = new Set([
  "photo.face.small",
  "photo.face.large",
  "photo.face.offcentre",
  "photo.face.top",
  "photo.shape.landscape",
]);
/** Findings a crop must not bring: the face lost or another one in frame. */
const WORSE = new Set(["photo.face.none", "photo.face.many"]);

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
  if (!fromFix) {
    // a new photo: the compression's and the crop's results go with the drawing of its own (clearOld)
    state.fixedFrom = null;
    state.cropFrom = null;
    state.clearOld = true;
  }
  busy(true);
  const verdict = $("verdict");
  verdict.removeAttribute("data-verdict");
  verdict.removeAttribute("data-file");
  verdict.textContent = "";
  $("figure-link").hidden = true;
  $("next-step").hidden = true;
  $("findings").replaceChildren();
  if (client.state === "error") {
    message(failedNote(client, msgs.msgFailed), { reset: !fromFix }); // the checker could not start: why, and to reload
    busy(false);
    inView($("photo-message"));
    return null;
  }
  const checking = fill(msgs.msgChecking, { name: displayName(name) });
  if (client.state === "ready") message(checking, { reset: !fromFix });
  else {
    // picked while the checker is still on its way (often before this script ran): the page says it has
    // the photo and will check it (the words validator-boot.js showed), and that it checks once it can
    message(fill($("photo-message").dataset.labelEarly || msgs.msgChecking, { name: displayName(name) }), {
      reset: !fromFix,
    });
    client.ready.then(
      () => {
        if (seq === state.seq) message(checking);
      },
      () => {},
    );
  }
  if (!fromFix) inView($("photo-message")); // on a phone the pick button is above it: say it is checking

  const request = { as_of: asOf, region: region(), filename: name };
  let result;
  try {
    // The worker reads the header first; the browser decodes only what the header allows.
    result = await client.checkPicture("photo", request, file, {
      onWaiting: (_what, bytes) => {
        if (seq !== state.seq) return;
        // the models' count while they come (in view: on a phone the line sat half below the screen), then,
        // once they are in, that the photo is being checked (a review read "0.8 / 0.8 MB" for 2 s)
        const counted = bytes?.total > 0 && msgs.msgWaitingFaceBytes;
        if (counted && bytes.loaded >= bytes.total) message(checking);
        else
          message(counted ? fill(counted, { loaded: mb(bytes.loaded), total: mb(bytes.total) }) : msgs.msgWaitingFace);
        inView($("photo-message"));
      },
    });
  } catch (err) {
    if (seq !== state.seq) return null;
    if (err?.code === "timeout") await renderTooComplex(name, err.seconds);
    else {
      message(failedNote(client, msgs.msgFailed)); // never the error's code: the candidate's words
      busy(false);
      inView($("photo-message"));
    }
    return null;
  }
  if (seq !== state.seq) return null;
  const { report, decoded, gate } = result;
  // A PNG or WebP the check did not decode (only JPEG is taken) can still be converted by the fixer.
  const decodable = Boolean(decoded) || (!fromFix && (await decodableForFix(client, gate, request, file)));
  if (seq !== state.seq) return null;
  state.note = gateNote(gate, report); // shown with the scroll to the verdict (settle)
  state.report = report;
  await render(report, name, decoded, decodable);
  $("verdict").dataset.ms = String(Math.round(performance.now() - started)); // pick → verdict, for make bench
  $("verdict").dataset.pyMs = String(Math.round(client.lastCallMs ?? -1)); // of which inside Python
  return report;
}

/** The check ran past its time budget: this file's result says so and what to do; the worker was
 * restarted and the page goes on (another photo can be picked at once). */
async function renderTooComplex(name, seconds) {
  const finding = tooComplex(await rules(), seconds);
  message("");
  busy(false);
  $("photo-result").hidden = false;
  replace($("findings"), [findingItem(finding, { fix_prefix: msgs.labelFix }, { prefix: "yk" })]);
  $("photo-facts").textContent = "";
  $("photo-preview").closest("figure").hidden = true;
  $("figure-link").hidden = true;
  $("next-step").hidden = true;
  $("fixer").hidden = true;
  const verdict = $("verdict");
  replace(verdict, [
    h("span", { class: "yk-badge yk-warn" }, finding.title),
    h("bdi", { class: "yk-verdict-file" }, displayName(name)),
  ]);
  verdict.dataset.file = name;
  verdict.dataset.verdict = "unchecked";
}

/** Why the picture was not shown and measured, when the findings do not say it already. */
function gateNote(gate, report) {
  if (gate.allowed) return "";
  if (gate.reason === "empty") return msgs.msgEmpty;
  if (gate.reason === "capped" || gate.reason === "too_large") return fill(msgs.msgTooLarge, { size: sizeOf(report) });
  if (gate.reason === "too_many_pixels") return fill(msgs.msgTooManyPixels, { dims: `${gate.width}×${gate.height}` });
  if (gate.reason === "unknown_size") return msgs.msgUnknownSize || msgs.msgUndecodable;
  if (gate.reason === "undecodable" && (gate.format === "heic" || gate.format === "avif")) return "";
  if (gate.reason === "undecodable") return msgs.msgUndecodable;
  return ""; // empty / not a picture / broken structure: the findings explain it
}

/** The advice for a finding: the validator's own (fix, as the command line prints it), then the sentence
 * only the page has (fix_page). For a finding the fixer on the page clears, its button comes first: it
 * works on a phone, where the validator's fix (an image editor) often does not (review F9); the fix
 * follows (review m3: a too-large photo's page advice had dropped the image-editor advice). */
function fixText(f, clears, mode) {
  if (!clears.includes(f)) return pageFix(f);
  const here = { convert: msgs.msgConvertHere, crop: msgs.msgCropHere }[mode] || msgs.msgFixHere;
  return `${here || ""}${f.fix || ""}`;
}

/** The validator's fix plan for the photo in the chosen 考区 (validator.fixplan: the same plan the CLI's
 * --fix and the materials check use), or null when it cannot be had. */
async function fixPlan() {
  try {
    const { facts } = await client.call("fix", { kind: "photo", region: region(), as_of: asOf });
    return facts?.plan || null;
  } catch {
    return null;
  }
}

/** The findings the plan's executor clears (validator.fixplan.fixable): fail and warn findings whose code
 * the plan lists. Empty when the plan writes no JPEG. */
function clearedBy(plan, report) {
  const codes = new Set(plan?.fixes || []);
  if (!plan?.format) return [];
  return report.findings.filter((f) => codes.has(f.code) && f.severity !== "info");
}

// The fixer's own words as the page was written (compressing), kept to switch back after a conversion.
const COMPRESS_WORDS = {
  title: $("fixer").querySelector("h2").textContent,
  intro: $("fixer").querySelector(".yk-fixer-intro").innerHTML,
  button: $("fix-button").textContent,
};

/** Compressing for a size problem; for a photo already small enough whose format, orientation or colour
 * mode is wrong, the same executor saves it again as a standard JPEG, and the box says that instead. */
function fixerWords(mode) {
  const convert = mode === "convert";
  $("fixer").dataset.mode = mode;
  setText($("fixer").querySelector("h2"), convert ? msgs.labelConvertTitle : COMPRESS_WORDS.title);
  const intro = $("fixer").querySelector(".yk-fixer-intro");
  if (convert) setText(intro, msgs.labelConvertIntro);
  else intro.innerHTML = COMPRESS_WORDS.intro;
  setText($("fix-button"), convert ? msgs.labelConvertButton : COMPRESS_WORDS.button);
}

async function render(report, name, decoded, decodable = Boolean(decoded)) {
  const ruleset = await rules();
  // The fixer shows only for findings it clears (the plan's list): too large → compress; a picture the
  // browser can decode but in another format (PNG, WebP, HEIC on Safari…), turned by an orientation mark
  // or in CMYK, already small enough → save again as a standard JPEG. Never for other problems.
  const offer = Boolean(decodable && state.fixedFrom === null);
  const clears = offer ? clearedBy(await fixPlan(), report) : [];
  const preview = decoded ? await previewUrl(decoded.pixels) : null;
  if (preview) await loadedImage(preview); // its size known when it goes in: the figure does not grow later
  // From here on nothing is awaited: the whole result is drawn in one frame (a frame with the findings
  // but not yet the verdict and the fixer above them was a layout shift of 0.8 with the scroll after it).
  busy(false);
  $("photo-result").hidden = false;
  // A landscape with a face the crop can frame: compressing or re-saving cannot make it upright, and the
  // crop also writes a JPEG under the limit, so the crop is the one fixer offered (a second review
  // compressed first and was left with a failing photo to download).
  // 按小二寸裁剪: offered when a face was found and the framing is off or the picture is far larger
  // than needed (the validator says so: facts.face.crop.advised); after a crop, before/after stay.
  const crop = report.facts?.face?.crop;
  const croppable = Boolean(decoded && crop?.advised && state.cropFrom === null);
  const cropFirst = croppable && report.findings.some((f) => f.code === "photo.shape.landscape");
  const fixable = clears.length > 0 && !cropFirst;
  if (clears.length) state.fixMode = clears.some((f) => SIZE_CODES.has(f.code)) ? "compress" : "convert";
  const adviceMode = cropFirst ? "crop" : state.fixMode;

  // Findings (tools/common.js findingItem): title, message, measured, expected, fix, why a figure is
  // only the site's reading, and the citation (written by the validator from content).
  const labels = {
    fix_prefix: msgs.labelFix,
    measured_prefix: msgs.labelMeasured,
    expected_prefix: msgs.labelExpected,
  };
  // The official tool the result names: one link in the whole result (a review counted four, all to the
  // same place): the first finding that names it, else the notice under the result (the advice is folded).
  const linked = new Set();
  replace(
    $("findings"),
    report.findings.map((f) =>
      findingItem(f, labels, {
        prefix: "yk",
        title: ruleset?.messages?.[f.code]?.title,
        fix: fixText(f, clears, adviceMode),
        seen: linked,
      }),
    ),
  );
  replace($("photo-notice"), named(report.notice || "", linked)); // before the advice, folded away
  renderAdvice(report.advice, linked);

  const fileFacts = report.facts?.file || {};
  const w = decoded?.width || fileFacts.width;
  const ht = decoded?.height || fileFacts.height;
  setText(
    $("photo-facts"),
    fill(msgs.labelFile, {
      name: displayName(name),
      size: sizeOf(report),
      dims: w && ht ? fill(msgs.labelDims, { w, h: ht }) : "—",
    }),
  );

  // The photo with the measured band and the 33×48 frame guide: drawn from the decoded pixels
  // (a JPEG made here), so a file the browser cannot show never becomes a broken-image box.
  const img = $("photo-preview");
  if (state.previewUrl) URL.revokeObjectURL(state.previewUrl);
  state.previewUrl = null;
  img.removeAttribute("src");
  img.closest("figure").hidden = true;
  if (decoded) {
    state.previewUrl = preview;
    if (state.previewUrl) {
      img.src = state.previewUrl;
      img.closest("figure").hidden = false;
      drawOverlay(ruleset, decoded.width, decoded.height, report);
    }
  }

  // the picture with its overlay, below on phones; the link says what the picture shows (a review: it
  // promised a face box on a photo where no face was found)
  const figureLink = $("figure-link");
  figureLink.hidden = img.closest("figure").hidden;
  const link = figureLink.querySelector("a");
  link.dataset.face ??= link.textContent;
  const faces = report.facts?.face?.faces;
  link.textContent =
    faces === 1 ? link.dataset.face : faces > 1 ? figureLink.dataset.labelFaces : figureLink.dataset.labelNoFace;

  // The verdict last: tests and screen readers wait for it.
  const verdict = $("verdict");
  replace(
    verdict,
    h("span", {
      class: `yk-badge yk-${report.verdict}`,
      text: msgs[`labelVerdict${cap(report.verdict)}`] || report.verdict,
    }),
    h("bdi", { class: "yk-verdict-file", text: displayName(name) }),
  );
  // its file and verdict as attributes once it is in view (settle): tests and the bench wait for them
  state.shown = { file: name, verdict: report.verdict };
  // the next step right under the verdict (a phone review: a failed photo had none); a failed photo the
  // page can fix has its fix button there instead (the next Tab stop after the verdict), and a
  // compression or crop that passed says the same beside its download, which comes first
  const next = { pass: msgs.msgNextPass, warn: msgs.msgNextWarn, fail: msgs.msgNextFail }[report.verdict];
  setText($("next-step").querySelector("[data-role=text]"), next || "");
  // (a warning stays worth its line after a crop or a compression: the warnings still need a look)
  const fixedPass = report.verdict === "pass" && (state.fixedFrom !== null || state.cropFrom !== null);
  const fixHere = report.verdict === "fail" && (fixable || croppable);
  $("next-step").hidden = !next || fixedPass || fixHere;

  // a crop that cannot help (head too small to enlarge, face at the edge): say why, and to retake
  // why a crop cannot help, as the validator says it (validator.photo._crop: blocked; tiny: no crop fits)
  const blocked = state.cropFrom === null && decoded ? crop?.blocked?.[0] || null : null;
  const cropWanted = report.findings.some((f) => CROP_FIXES.has(f.code));
  const blockedText = blocked && cropWanted ? msgs[`msgCropBlocked${cap(blocked)}`] || "" : "";
  setText($("crop-blocked"), blockedText);
  $("crop-blocked").hidden = !blockedText;
  $("crop-blocked").dataset.reason = blockedText ? blocked : "";
  $("cropper").hidden = !(croppable || state.cropFrom || blockedText);
  $("crop-button").hidden = !croppable;
  $("cropper").querySelector(".yk-fixer-intro").hidden = Boolean(blockedText) || state.cropFrom !== null;

  if (fixable) fixerWords(state.fixMode);
  $("fixer").hidden = !(fixable || state.fixedFrom);
  $("fix-button").hidden = !fixable;
  // once compressed, only the result stays under the verdict: verdict and download together in view
  for (const node of $("fixer").querySelectorAll("h2, .yk-fixer-intro")) node.hidden = state.fixedFrom !== null;
}

/** The photo tool's own rules in words (webcam ban, composition…), from content, folded under the
 * findings so that the next step (the fixer) stays in view on a phone. */
function renderAdvice(advice, linked = new Set()) {
  let box = root.querySelector("[data-testid=photo-advice]");
  if (!advice?.items?.length) {
    box?.remove();
    return;
  }
  if (!box) {
    box = h("details", { class: "yk-advice", "data-testid": "photo-advice" });
    $("findings").after(box);
  }
  const items = advice.items.map((a) =>
    h("li", {}, named(a.text, linked), h("span", { class: "yk-finding-source", text: a.line || "" })),
  );
  replace(box, h("summary", { class: "yk-advice-title", text: advice.title || "" }), h("ul", {}, ...items));
}

/** Bytes as MB with one decimal (the start-up line's way: validator-client.js). */
function mb(n) {
  return (n / 1048576).toFixed(1);
}

function cap(s) {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

function drawOverlay(ruleset, w, ht, report) {
  const svg = $("photo-overlay");
  svg.setAttribute("viewBox", `0 0 ${w} ${ht}`);
  svg.setAttribute("preserveAspectRatio", "none");
  const ns = "http://www.w3.org/2000/svg";
  const rect = (x, y, rw, rh, cls) => {
    const r = document.createElementNS(ns, "rect");
    for (const [k, v] of Object.entries({ x, y, width: rw, height: rh, class: cls })) r.setAttribute(k, String(v));
    return r;
  };
  const shapes = [];
  const band = param(ruleset, "photo.background_band");
  const measured = report?.facts?.pixels?.background?.regions;
  if (measured) {
    // the regions the validator measured: the band with the heads cut out (validator.pixels.background)
    for (const [x, y, rw, rh] of measured) shapes.push(rect(x * w, y * ht, rw * w, rh * ht, "yk-band"));
  } else if (band) {
    // Same regions as validator.pixels._band_boxes: top corners and the upper sides.
    const top = Math.max(1, Math.round(ht * band.top));
    const outer = Math.max(1, Math.round(w * band.top_outer));
    const side = Math.max(1, Math.round(w * band.side));
    const depth = Math.max(top + 1, Math.round(ht * band.side_depth));
    shapes.push(
      rect(0, 0, outer, top, "yk-band"),
      rect(w - outer, 0, outer, top, "yk-band"),
      rect(0, top, side, depth - top, "yk-band"),
      rect(w - side, top, side, depth - top, "yk-band"),
    );
  }
  const mm = param(ruleset, "photo.nominal_mm") || [33, 48];
  const overlay = $("overlay-text");
  overlay.dataset.plain ||= overlay.textContent;
  setText(overlay, overlay.dataset.plain);
  const ratio = mm[0] / mm[1];
  let fw = w;
  let fh = w / ratio;
  if (fh > ht) {
    fh = ht;
    fw = ht * ratio;
  }
  const found = report?.facts?.face;
  // after a crop the photo is the crop: its frame is the whole picture (no crop is offered on it)
  const crop = state.cropFrom === null ? found?.crop?.box : null;
  // The 小二寸 frame: where the crop would go when a face was found, else the ratio in the middle.
  const [fx, fy] = crop ? [crop[0] * w, crop[1] * ht] : [(w - fw) / 2, (ht - fh) / 2];
  if (crop) [fw, fh] = [crop[2] * w, crop[3] * ht];
  // several faces: no frame (a frame between two people would explain nothing)
  if (!(found?.faces > 1)) {
    const frame = rect(fx, fy, fw, fh, "yk-frame");
    frame.setAttribute("data-testid", "frame-guide");
    shapes.push(frame);
  }
  const words = [];
  if (found) words.push(...drawFace(ruleset, found, { w, h: ht, fx, fy, fw, fh, crop: Boolean(crop) }, shapes, rect));
  if (found && !found.faces) words.push(msgs.labelOverlayRatio);
  // with no face found the band may cover the person: say it, rather than that the head was avoided
  if (band) words.push(found && !found.faces ? msgs.labelOverlayBandNoFace : msgs.labelOverlayBand);
  svg.replaceChildren(...shapes);
  // The same in words, for everyone who cannot see the drawing.
  if (found) setText($("overlay-text"), words.filter(Boolean).join(""));
}

/** The face box(es), the eye line and the expected head band inside the 小二寸 frame; returns the
 * sentences that say the same. Coordinates in the report are fractions of the picture. */
function drawFace(ruleset, found, g, shapes, rect) {
  const ns = "http://www.w3.org/2000/svg";
  const pct = (v) => `${Math.round(v * 100)}%`;
  const words = [];
  if (!found.faces) return [msgs.labelOverlayNone];
  for (const box of [found.box, ...(found.others || []).map((o) => o.box)]) {
    const r = rect(box[0] * g.w, box[1] * g.h, box[2] * g.w, box[3] * g.h, "yk-face");
    r.setAttribute("data-testid", "face-box");
    shapes.push(r);
  }
  if (found.faces > 1) return [fill(msgs.labelOverlayMany, { n: found.faces })];
  words.push(msgs.labelOverlayFace);
  if (found.eyes) {
    const [[lx, ly], [rx, ry]] = found.eyes;
    const line = document.createElementNS(ns, "line");
    const at = { x1: lx * g.w, y1: ly * g.h, x2: rx * g.w, y2: ry * g.h, class: "yk-eyes", "data-testid": "eye-line" };
    for (const [k, v] of Object.entries(at)) line.setAttribute(k, String(v));
    shapes.push(line);
    const limit = param(ruleset, "photo.face_tilt");
    words.push(fill(msgs.labelOverlayEyes, { deg: Math.abs(found.roll).toFixed(0), limit }));
  }
  const head = param(ruleset, "photo.face_head");
  const top = param(ruleset, "photo.face_top");
  if (found.head && head) {
    words.push(
      fill(msgs.labelOverlayHead, {
        share: pct(found.head.height),
        lo: pct(head.min),
        hi: pct(head.max),
        centre: centreWords(found.centre_x),
      }),
    );
  }
  if (g.crop && head && top) {
    // where the head should be inside the frame: from the hair-top margin down by the target share
    const bh = head.target * g.fh;
    const bw = Math.min(g.fw, bh * 0.78);
    const band = rect(g.fx + (g.fw - bw) / 2, g.fy + top.target * g.fh, bw, bh, "yk-head-band");
    band.setAttribute("data-testid", "head-band");
    shapes.push(band);
    words.push(fill(msgs.labelOverlayFrame, { target: pct(head.target) }));
  }
  return words;
}

// Where the eyes' midpoint is across the photo, in words: in the middle (within 2 % of its width), or
// how far left or right of it (as the photo is seen).
function centreWords(x) {
  const off = x - 0.5;
  if (Math.abs(off) < 0.02) return msgs.labelOverlayCentred;
  const share = `${Math.round(Math.abs(off) * 100)}%`;
  return fill(off < 0 ? msgs.labelOverlayLeft : msgs.labelOverlayRight, { off: share });
}

// ---------------------------------------------------------------------------------------------
// the fixer

/** Beside the download: whether the compressed photo passed its re-check, and if not, why. */
function fixVerdict(report, ruleset) {
  const node = $("fix-verdict");
  const failing = report.findings.filter((f) => f.severity === "fail");
  const titles = [...new Set(failing.map((f) => ruleset?.messages?.[f.code]?.title || f.message))];
  const word = state.fixMode === "convert" ? "msgConverted" : "msgFixed";
  // no face found in the saved photo: perhaps the wrong file (a scan picked by mistake was called usable
  // and offered for download); said first, before the reminders
  const noFace = report.verdict === "warn" && report.findings.some((f) => f.code === "photo.face.none");
  const key = noFace && msgs.msgFixedNoFace ? "msgFixedNoFace" : `${word}${cap(report.verdict)}`;
  const text = fill(msgs[key] || "", { reasons: titles.join("、") });
  setText(node, text);
  node.dataset.verdict = report.verdict;
  node.className = `yk-fix-verdict yk-${report.verdict}`;
  return text;
}

/** WeChat's in-app browser blocks the download of a file made here: every download of a made photo has a
 * note beside it (box: its words are the page's) and the photo as an image to long-press and save, with
 * a hint to open the page in the system browser. The image is a data: URL, which the in-app browser
 * saves like any image: the note's own (the compressed photo) or, returned, for the caller to show (the
 * crop's 裁剪后 picture). Elsewhere nothing is shown and "" returned. */
async function showForWeChat(file, box) {
  box.hidden = true;
  if (!WECHAT) return "";
  const url = await new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => resolve("");
    reader.readAsDataURL(file);
  });
  if (!url) return "";
  const img = box.querySelector("img");
  if (img) {
    img.src = url;
    img.alt = msgs.labelWechatAlt || "";
    setText(box.querySelector("[data-role=title]"), msgs.labelWechatTitle || "");
    setText(box.querySelector("[data-role=hint]"), msgs.labelWechatHint || "");
  }
  box.hidden = false;
  return url;
}

/** The result drawn by render, a frame later: the line under the pick button (`note`: why the picture
 * was not shown, else which file was checked) and the verdict's file and verdict as attributes (tests
 * and the bench wait for them); with `scroll`, the verdict takes focus and is brought right below the
 * header. The scroll comes a frame after the result was drawn (below the screen), with the line (above
 * the verdict: the scroll is measured after it), so that nothing on the screen is counted as moved:
 * content drawn in the scroll's frame below the verdict would be. */
async function present(note = null, { scroll = true } = {}) {
  const seq = state.seq;
  await nextFrames();
  if (seq !== state.seq) return; // another photo was picked meanwhile
  message(note ?? (state.note || fill(msgs.msgChecked || "", { name: displayName(state.shown?.file || "") })));
  const shown = $("verdict");
  if (scroll) focusOn(shown);
  shown.dataset.file = state.shown?.file || "";
  shown.dataset.verdict = state.shown?.verdict || "";
}

/** After a check or a compression: the live region says what the verdict is, and it takes focus (it
 * sits right above the next step). */
async function settle(report, template, extra = "", note = null) {
  const serious = report.findings.filter((f) => f.severity === "fail" || f.severity === "warn").length;
  const count = serious ? fill(msgs.msgCount, { n: serious }) : msgs.msgCountNone;
  const verdict = msgs[`labelVerdict${cap(report.verdict)}`] || report.verdict;
  announce(root, [fill(template, { verdict, count }), extra].filter(Boolean).join(" "));
  await present(note);
}

function resetFixer() {
  state.fixedFrom = null;
  $("wechat-save").hidden = true;
  $("wechat-image").removeAttribute("src");
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
  const before = state.report;
  const convert = state.fixMode === "convert";
  button.disabled = true;
  working(convert ? msgs.msgConverting : msgs.msgFixing);
  try {
    const ruleset = await rules();
    // The validator's fix plan for the photo (the same one the CLI's --fix and the materials check use).
    const { facts } = await client.call("fix", { kind: "photo", region: region(), as_of: asOf });
    const plan = facts.plan;
    const target = plan.max_bytes;
    // the header's verdict allowed decoding (the fixer shows only then)
    const result = await fixImage(source, plan);
    if (result.status !== "ok") {
      message(msgs.msgFixFailed);
      busy(false);
      return;
    }
    const base = (source.name || "photo").replace(/\.[^.]*$/, "");
    // named by the limit it was made for (the official one on the check's day, in K: 照片-30k.jpg)
    const k = Math.round(((param(ruleset, "photo.max_bytes") ?? target) / 1024) * 10) / 10;
    const name = base + fill(msgs.fixSuffix || "-{k}k.jpg", { k: Number.isFinite(k) ? String(k) : "" });
    const fixed = new File([result.blob], name, { type: "image/jpeg" });
    if (state.fixUrl) URL.revokeObjectURL(state.fixUrl);
    state.fixUrl = URL.createObjectURL(fixed);
    const link = $("fix-download");
    link.href = state.fixUrl;
    link.download = name;
    setText(link, convert ? msgs.labelConvertDownload : msgs.labelDownload);
    state.fixedFrom = source.name || "photo";
    message("");
    await showForWeChat(fixed, $("wechat-save"));
    const after = await check(fixed, { fromFix: true }); // re-check the result automatically
    const resized =
      result.width < result.source.width
        ? fill(msgs.msgFixResized, { width: result.width, height: result.height })
        : "";
    const summary = $("fix-summary");
    setText(
      summary,
      fill(convert ? msgs.msgConvertDone : msgs.msgFixDone, {
        before: sizeOf(before),
        after: sizeOf(after),
        resized,
      }),
    );
    summary.dataset.before = String(source.size);
    summary.dataset.after = String(fixed.size);
    summary.dataset.quality = String(result.quality);
    summary.dataset.target = String(target);
    summary.dataset.ms = String(Math.round(result.ms)); // decode + encoding search
    summary.dataset.totalMs = String(Math.round(performance.now() - started)); // decode + search
    $("fix-result").hidden = false;
    $("fixer").hidden = false;
    if (after) {
      const said = fixVerdict(after, ruleset);
      settle(after, convert ? msgs.msgAnnounceConvert : msgs.msgAnnounceFix, said);
    }
  } catch {
    message(failedNote(client, msgs.msgFailed));
    busy(false);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------------------------------------
// the 小二寸 crop

/** The validator's 小二寸 crop (in the file's own upright pixels) as the shared executor's crop
 * rectangle, and its plan bounded by the crop's output size (never enlarged: the executor only
 * scales down). */
function cropRequest(plan, crop) {
  const longest = Math.max(crop.out_width, crop.out_height);
  return {
    plan: { ...plan, max_side: plan.max_side ? Math.min(plan.max_side, longest) : longest },
    crop: { x: crop.x, y: crop.y, w: crop.width, h: crop.height },
  };
}

function resetCrop() {
  state.cropFrom = null;
  for (const url of state.cropUrls) URL.revokeObjectURL(url);
  state.cropUrls = [];
  $("crop-wechat").hidden = true;
  $("crop-after").removeAttribute("src");
  $("crop-result").hidden = true;
  $("cropper").hidden = true;
}

async function cropPhoto() {
  const source = state.file;
  const originalReport = state.report;
  const crop = originalReport?.facts?.face?.crop;
  if (!source || !crop) return;
  const button = $("crop-button");
  button.disabled = true;
  working(msgs.msgCropping);
  try {
    // the same fix plan as the compressor (op "fix"), with the face crop as its crop rectangle
    const { facts } = await client.call("fix", { kind: "photo", region: region(), as_of: asOf });
    const { plan, crop: rect } = cropRequest(facts.plan, crop);
    const result = await fixImage(source, plan, { crop: rect });
    if (result.status === "small_pixels") {
      message(msgs.msgCropFailed);
      busy(false);
      return;
    }
    if (result.status !== "ok") {
      message(msgs.msgFixFailed);
      busy(false);
      return;
    }
    const base = (source.name || "photo").replace(/\.[^.]*$/, "");
    const name = base + (msgs.cropSuffix || "-crop.jpg");
    const cropped = new File([result.blob], name, { type: "image/jpeg" });
    // before and after side by side: the original's preview is kept for the comparison
    const before = state.previewUrl;
    state.previewUrl = null;
    const after = URL.createObjectURL(cropped);
    state.cropUrls.push(...[before, after].filter(Boolean));
    $("crop-before").src = before || "";
    const link = $("crop-download");
    link.href = after;
    link.download = name;
    // in WeChat the 裁剪后 picture is the one to long-press (a data: URL, as for the compressed photo)
    const shown = (await showForWeChat(cropped, $("crop-wechat"))) || after;
    await loadedImage(shown); // its size known when it goes in
    $("crop-after").src = shown;
    state.cropFrom = source;
    message("");
    const report = await check(cropped, { fromFix: true }); // re-check the cropped photo
    // what the crop could not fix (the picture has no room above or below), from the original's crop
    const limits = (crop.limits || []).map((x) => msgs[`msgCropLimit${cap(x)}`]).filter(Boolean);
    const worse = madeWorse(originalReport, report, WORSE);
    const titles = (await rules())?.messages || {};
    const summary = worse.length
      ? fill(msgs.msgCropWorse, { reasons: worse.map((f) => titles[f.code]?.title || "").join("、") })
      : fill(msgs.msgCropDone, { width: result.width, height: result.height, size: sizeOf(report) }) +
        (limits.length ? limits.join("") + (msgs.msgCropLimitEnd || "") : "");
    setText($("crop-summary"), summary);
    $("crop-result").dataset.worse = worse.length ? "true" : "false";
    link.hidden = worse.length > 0; // never offer a crop that lost the face or fails a new rule
    if (worse.length) $("crop-wechat").hidden = true;
    $("crop-summary").dataset.width = String(result.width);
    $("crop-summary").dataset.height = String(result.height);
    $("crop-result").hidden = false;
    $("cropper").hidden = false;
    if (report) settle(report, msgs.msgAnnounceCrop);
  } catch {
    message(failedNote(client, msgs.msgFailed));
    busy(false);
  } finally {
    button.disabled = false;
  }
}

async function keepOriginal() {
  const original = state.cropFrom;
  if (!original) return;
  resetCrop();
  const report = await check(original);
  if (report) settle(report, msgs.msgAnnounceCheck, "", msgs.msgCropKept);
}

// ---------------------------------------------------------------------------------------------
// wiring

const input = $("photo-input");
async function pickAndCheck(file) {
  const report = await check(file);
  if (report) settle(report, msgs.msgAnnounceCheck);
}

input.addEventListener("change", () => {
  const file = input.files?.[0];
  // emptied once taken, so picking the same photo again is checked again (a phone review picked the
  // original after a fix and saw the fixed file's result stay, since the browser fired no change)
  input.value = "";
  if (file) pickAndCheck(file);
});
// A photo picked before this script ran (the button works as soon as the page shows; on a slow
// phone this script runs a second or two later), or kept by the browser on a return to the page:
// it gets its check now, no second pick needed (validator-boot.js has said meanwhile that the
// page has it; from here on this script answers a pick).
input.dataset.toolReady = "true";
if (input.files?.[0]) {
  const early = input.files[0];
  input.value = "";
  pickAndCheck(early);
}
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
  if (file) pickAndCheck(file);
});
$("fix-button").addEventListener("click", fix);
$("crop-button").addEventListener("click", cropPhoto);
$("crop-keep").addEventListener("click", keepOriginal);
// A malformed ?as_of= falls back to today, and the page says so (text from content).
if (badAsOf) rules().then((r) => message(r.texts?.["url.bad_as_of"] || ""));
// The rule set renders findings: fetched once the runtime is ready, off the path to ready. Then every
// 考区 of the register goes into the region choice (?region=beijing preselects it, e.g. from a 考区's page).
// (the candidate is at the 考区 choice: the new result is not scrolled to)
const recheck = async () => {
  if (!state.file) return;
  if (await check(state.file, { fromFix: state.fixedFrom !== null })) present(null, { scroll: false });
};
// The 考区 choice is folded away (the photo rule is the same in every 考区, and on a phone the choice stood
// between the pick button and the result): it is unfolded where a 考区 is chosen already (?region=, or
// chosen before this script ran), so the candidate sees which one and its note.
function unfoldIfChosen() {
  const box = $("photo-region-box");
  if (box && $("photo-region").value !== "national") box.open = true;
  showChosen();
}
// The fold's summary names the 考区 chosen (data-label-chosen, {name}: the option's name), so a folded
// choice still shows; with none chosen, its own words.
function showChosen() {
  const box = $("photo-region-box");
  const summary = box?.querySelector("summary");
  if (!summary || !box.dataset.labelChosen) return;
  summary.dataset.labelNone ??= summary.textContent;
  const select = $("photo-region");
  const option = select.selectedOptions?.[0];
  summary.textContent =
    select.value !== "national" && option
      ? box.dataset.labelChosen.replace("{name}", option.textContent.trim())
      : summary.dataset.labelNone;
}
function mountRegions(ruleset) {
  if (!ruleset?.regions) {
    $("photo-region").addEventListener("change", () => {
      showChosen();
      recheck();
    }); // the page's two built-in choices
    unfoldIfChosen();
    return;
  }
  const value = new URLSearchParams(location.search).get("region") || "national";
  // the note says which rule the photo check applies: the national photo rule, not the 考区's file rule
  mountRegionPicker($("photo-region"), ruleset, {
    value,
    onChange: () => {
      showChosen();
      recheck();
    },
    note: (rules, id) => photoNote(rules, id, asOf),
  });
  unfoldIfChosen();
}
client.ready.then(
  () => rules().then(mountRegions),
  () => mountRegions(null),
);
