// Execute a fix plan in the browser: the one image fixer of the site (photo tool, materials check,
// the photo's face crop). The plan comes from the validator (op "fix", validator/fixplan.py):
//   {format: "jpeg"|null, max_bytes, min_bytes, max_side, min_side, min_width, min_height,
//    legible_long_side, ...}
// What this does, in order:
//   1. decode with the EXIF orientation applied (an ImageBitmap given is taken as already upright);
//   2. crop to {x, y, w, h} in upright source pixels when asked (the candidate's or the face crop);
//   3. flatten transparency onto white;
//   4. scale down into the pixel bounds (never enlarge), keeping the proportions;
//   5. encode a baseline JPEG and search the quality so the bytes land inside the band
//      [min_bytes, max_bytes]; only when the lowest quality is still too big is the picture made
//      smaller, and a scan never below its legibility floor (legible_long_side);
//   6. drop any colour profile / EXIF segment the encoder wrote; the sizes searched are the bytes
//      saved.
//   fixImage(source, plan, {crop, preview}) -> {status, blob, width, height, size, quality, transparent,
//     source: {width, height}, crop, preview, ms}; preview: a long side in px for a small JPEG of the
//     whole upright source (result.preview, a Blob; the "before" thumbnail), 0 for none.
//   status: ok | legibility (size and the floor cannot both be met) | small_pixels | aspect |
//     short_bytes (the best file is under min_bytes; blob is still given) | format | undecodable.
// No user-facing text here: the validator explains the outcome (op "fix" with before/after).

import { decodeBitmap } from "./image-decode.js";

// Encoder settings of this host, not registration rules: the quality range searched (0.5 keeps
// JPEG's block artefacts off small print; 0.92 is where more bytes stop buying detail), the top
// used only to reach a lower byte bound, and the number of binary-search steps.
export const FIX_SETTINGS = { qMax: 0.92, qMin: 0.5, qTop: 1.0, steps: 6, attempts: 10 };
// Pixels per byte at which the first size guess is taken (a JPEG photo at medium quality is
// about 1/8 byte per pixel; a phone photo of paper, with its grain, more).
const FIRST_GUESS_PX_PER_BYTE = { photo: 10, scan: 4 };
// The transparency probe works on a copy this small (a transparent margin of a few pixels shows).
const PROBE_SIDE = 256;

function makeCanvas(width, height) {
  if (typeof OffscreenCanvas !== "undefined") return new OffscreenCanvas(width, height);
  return Object.assign(document.createElement("canvas"), { width, height });
}

function draw(bitmap, rect, width, height) {
  const canvas = makeCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff"; // transparency flattened onto white
  ctx.fillRect(0, 0, width, height);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, rect.x, rect.y, rect.w, rect.h, 0, 0, width, height);
  return canvas;
}

/** Whether the (cropped) picture has any pixel that is not fully opaque. */
function hasTransparency(bitmap, rect) {
  const scale = Math.min(1, PROBE_SIDE / Math.max(rect.w, rect.h));
  const w = Math.max(1, Math.round(rect.w * scale));
  const h = Math.max(1, Math.round(rect.h * scale));
  const canvas = makeCanvas(w, h);
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.drawImage(bitmap, rect.x, rect.y, rect.w, rect.h, 0, 0, w, h);
  const data = ctx.getImageData(0, 0, w, h).data;
  for (let i = 3; i < data.length; i += 4) if (data[i] < 255) return true;
  return false;
}

function encodeRaw(canvas, quality) {
  if (canvas.convertToBlob) return canvas.convertToBlob({ type: "image/jpeg", quality });
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("toBlob failed"))), "image/jpeg", quality),
  );
}

/** The JPEG without APP1 (EXIF, XMP) and APP2 (ICC profile) segments: nothing but the picture. */
export async function stripMetadata(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return blob;
  const keep = [bytes.subarray(0, 2)];
  let i = 2;
  let dropped = false;
  while (i + 4 <= bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1];
    if (marker === 0xda) break; // start of scan: the rest is picture data
    const length = (bytes[i + 2] << 8) | bytes[i + 3];
    const end = i + 2 + length;
    if (marker === 0xe1 || marker === 0xe2) dropped = true;
    else keep.push(bytes.subarray(i, end));
    i = end;
  }
  if (!dropped) return blob;
  keep.push(bytes.subarray(i));
  return new Blob(keep, { type: "image/jpeg" });
}

async function encode(canvas, quality) {
  return stripMetadata(await encodeRaw(canvas, quality));
}

function clampRect(crop, width, height) {
  if (!crop) return { x: 0, y: 0, w: width, h: height };
  const x = Math.max(0, Math.min(width - 1, Math.round(crop.x)));
  const y = Math.max(0, Math.min(height - 1, Math.round(crop.y)));
  const w = Math.max(1, Math.min(width - x, Math.round(crop.w)));
  const h = Math.max(1, Math.min(height - y, Math.round(crop.h)));
  return { x, y, w, h };
}

/** The scale range allowed by the plan for a W × H picture: [floor, fit] (fit <= 1, never enlarged),
 * or a status saying why no scale fits. */
export function scaleRange(plan, W, H) {
  const long = Math.max(W, H);
  const short = Math.min(W, H);
  let fit = 1;
  if (plan.max_side && long > plan.max_side) fit = plan.max_side / long;
  if (plan.min_side && short < plan.min_side) return { status: "small_pixels" };
  if ((plan.min_width && W < plan.min_width) || (plan.min_height && H < plan.min_height))
    return { status: "small_pixels" };
  let floor = 0;
  if (plan.min_side) floor = Math.max(floor, plan.min_side / short);
  if (plan.min_width) floor = Math.max(floor, plan.min_width / W);
  if (plan.min_height) floor = Math.max(floor, plan.min_height / H);
  if (floor > fit + 1e-9) return { status: "aspect" };
  if (plan.legible_long_side) floor = Math.max(floor, Math.min(fit, plan.legible_long_side / long));
  return { status: "ok", floor, fit };
}

function dimsAt(W, H, scale) {
  return { width: Math.max(1, Math.round(W * scale)), height: Math.max(1, Math.round(H * scale)) };
}

/** A small JPEG of the whole upright source (the "before" thumbnail), long side `side`. */
async function previewOf(bitmap, side) {
  const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
  const rect = { x: 0, y: 0, w: bitmap.width, h: bitmap.height };
  const canvas = draw(bitmap, rect, Math.max(1, Math.round(rect.w * scale)), Math.max(1, Math.round(rect.h * scale)));
  return encodeRaw(canvas, 0.8);
}

export async function fixImage(source, plan, { crop = null, preview = 0 } = {}) {
  const t0 = performance.now();
  const settings = FIX_SETTINGS;
  if (!plan?.format) return { status: "format", blob: null, ms: 0 };
  let bitmap = source;
  const owned = !(typeof ImageBitmap !== "undefined" && source instanceof ImageBitmap);
  try {
    if (owned) bitmap = await decodeBitmap(source);
  } catch {
    return { status: "undecodable", blob: null, ms: performance.now() - t0 };
  }
  try {
    const rect = clampRect(crop, bitmap.width, bitmap.height);
    const base = {
      source: { width: bitmap.width, height: bitmap.height },
      crop: crop ? rect : null,
      transparent: hasTransparency(bitmap, rect),
      preview: preview ? await previewOf(bitmap, preview) : null,
    };
    const finish = (status, found, dims) => ({
      ...base,
      status,
      blob: found?.blob || null,
      size: found?.blob?.size || 0,
      quality: found ? Math.round(found.quality * 100) / 100 : null,
      width: dims?.width || 0,
      height: dims?.height || 0,
      ms: performance.now() - t0,
    });
    const W = rect.w;
    const H = rect.h;
    const range = scaleRange(plan, W, H);
    if (range.status !== "ok") return finish(range.status, null, null);
    const top = plan.max_bytes ?? Number.POSITIVE_INFINITY;
    const low = plan.min_bytes ?? 0;
    const perByte = FIRST_GUESS_PX_PER_BYTE[plan.kind] || FIRST_GUESS_PX_PER_BYTE.scan;
    let scale = range.fit;
    if (Number.isFinite(top)) scale = Math.max(range.floor, Math.min(scale, Math.sqrt((top * perByte) / (W * H))));
    const within = (blob) => blob.size <= top && blob.size >= low;
    for (let attempt = 0; attempt < settings.attempts; attempt++) {
      const dims = dimsAt(W, H, scale);
      const canvas = draw(bitmap, rect, dims.width, dims.height);
      const best = await encode(canvas, settings.qMax);
      if (within(best)) return finish("ok", { blob: best, quality: settings.qMax }, dims);
      if (best.size < low) {
        // Under the lower bound: more quality first, then more pixels (up to the bounds, never enlarged).
        const most = await encode(canvas, settings.qTop);
        if (within(most)) return finish("ok", { blob: most, quality: settings.qTop }, dims);
        if (most.size < low) {
          if (scale < range.fit - 1e-9) {
            scale = Math.min(range.fit, scale * Math.max(1.1, Math.sqrt(low / most.size) * 1.05));
            continue;
          }
          return finish("short_bytes", { blob: most, quality: settings.qTop }, dims);
        }
        const found = await search(canvas, settings.qMax, settings.qTop, best, settings.qMax, within, top);
        return finish("ok", found, dims);
      }
      const least = await encode(canvas, settings.qMin);
      if (least.size > top) {
        if (scale <= range.floor + 1e-9) return finish("legibility", null, dims);
        // Even the lowest quality is too big: shrink in proportion to the overshoot, with some room,
        // but never under the floor (legibility, the minimum pixels).
        scale = Math.max(range.floor, scale * Math.min(0.95, Math.sqrt(top / least.size) * 0.95));
        continue;
      }
      const found = await search(canvas, settings.qMin, settings.qMax, least, settings.qMin, within, top);
      if (found.blob.size < low) return finish("short_bytes", found, dims);
      return finish("ok", found, dims);
    }
    return finish("legibility", null, null);
  } finally {
    if (owned) bitmap.close?.();
  }
}

/** The highest quality in [lo, hi] whose bytes stay under `top` (binary search). */
async function search(canvas, lo, hi, loBlob, loQuality, within, top) {
  let found = { blob: loBlob, quality: loQuality };
  for (let i = 0; i < FIX_SETTINGS.steps; i++) {
    const mid = (lo + hi) / 2;
    const blob = await encode(canvas, mid);
    if (blob.size <= top) {
      if (within(blob) || !within(found.blob)) found = { blob, quality: mid };
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return found;
}
