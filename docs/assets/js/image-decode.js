// Decode a picked file into downscaled, EXIF-oriented RGBA pixels for the validator.
//   decodeImage(file|blob, {maxSide, maxBytes, maxPixels}) -> {pixels: {width, height, data}, width, height}
//     width/height: the oriented full size; pixels: the downscaled copy (long side <= maxSide).
//     Throws DecodeError with .code = empty | too_large | undecodable.
//   Call it only after the header's verdict allowed it (client.checkPicture asks the worker: the
//   validator's header walk reads every format's dimensions, wherever they sit in the file);
//   this module keeps only the cheap byte-size guard.
//   previewUrl(pixels) -> an object URL of a JPEG made from decoded pixels (always displayable).
//   todayISO() -> the device's local date as YYYY-MM-DD (the as-of date of a check).
//   displayName(name) -> a file name safe to show: bidi and control characters removed, the rest
//     isolated (FSI…PDI, the text form of <bdi>) so it cannot reorder the sentence around it.
// No user-facing text here: callers map the error codes to Chinese from the page.

// Compute budgets of this host, not registration rules (those live in content/rules/*.yaml).
// maxDecodeBytes: the pixel memory one decode may take (full-size pixels × bytes per pixel, as the
// validator's fileinfo.decode_cost counts them: 4 for 8-bit, 8 for 16-bit, twice that for an
// interlaced PNG); the renderer holds the bitmap plus the canvas copy, so keep it well under the
// +250 MB a check may add to the page.
export const DECODE_LIMITS = {
  maxSide: 1024,
  maxBytes: 25 * 1024 * 1024,
  maxPixels: 50_000_000,
  maxDecodeBytes: 120 * 1024 * 1024,
};

export class DecodeError extends Error {
  constructor(code, detail = "") {
    super(`${code}${detail ? `: ${detail}` : ""}`);
    this.name = "DecodeError";
    this.code = code;
    this.detail = detail;
  }
}

export function todayISO(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// C0/C1 controls, the Arabic letter mark, LRM/RLM, embeddings/overrides (U+202A–E), isolates (U+2066–9).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what it removes
const UNSAFE_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function displayName(name) {
  return `\u2068${String(name ?? "").replace(UNSAFE_IN_NAMES, "")}\u2069`;
}

function makeCanvas(width, height) {
  if (typeof OffscreenCanvas !== "undefined") return new OffscreenCanvas(width, height);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

/** Fully decode (EXIF-oriented) to an ImageBitmap; only after the header's verdict allowed it. */
export async function decodeBitmap(blob, options = {}) {
  const limits = { ...DECODE_LIMITS, ...options };
  if (!blob || blob.size === 0) throw new DecodeError("empty");
  if (blob.size > limits.maxBytes) throw new DecodeError("too_large", String(blob.size));
  try {
    return await createImageBitmap(blob, { imageOrientation: "from-image" });
  } catch (err) {
    throw new DecodeError("undecodable", String(err?.message || err));
  }
}

/** Draw a bitmap scaled to width × height and return its RGBA pixels. */
export function bitmapPixels(bitmap, width, height) {
  const canvas = makeCanvas(width, height);
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, 0, 0, width, height);
  const image = ctx.getImageData(0, 0, width, height);
  return { width, height, data: image.data };
}

export async function decodeImage(blob, options = {}) {
  const limits = { ...DECODE_LIMITS, ...options };
  const bitmap = await decodeBitmap(blob, limits);
  try {
    const { width, height } = bitmap;
    if (!width || !height) throw new DecodeError("undecodable", "zero size");
    const scale = Math.min(1, limits.maxSide / Math.max(width, height));
    const tw = Math.max(1, Math.round(width * scale));
    const th = Math.max(1, Math.round(height * scale));
    return { pixels: bitmapPixels(bitmap, tw, th), width, height };
  } finally {
    bitmap.close?.();
  }
}

/** An object URL of a JPEG made from decoded pixels: the preview never shows a broken image. */
export async function previewUrl(pixels) {
  const canvas = makeCanvas(pixels.width, pixels.height);
  canvas.getContext("2d").putImageData(new ImageData(pixels.data, pixels.width, pixels.height), 0, 0);
  const blob = canvas.convertToBlob
    ? await canvas.convertToBlob({ type: "image/jpeg", quality: 0.9 })
    : await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.9));
  return blob ? URL.createObjectURL(blob) : null;
}
