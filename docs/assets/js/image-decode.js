// Decode a picked file into downscaled, EXIF-oriented RGBA pixels for the validator.
//   decodeImage(file|blob, {maxSide, maxBytes, maxPixels}) -> {pixels: {width, height, data}, width, height}
//     width/height: the oriented full size; pixels: the downscaled copy (long side <= maxSide).
//     Throws DecodeError with .code = empty | too_large | too_many_pixels | undecodable.
//     Never decodes blindly: the size and the header dimensions are checked first.
//   headerDimensions(blob) -> {format, width, height} | null  (JPEG, PNG, GIF, WebP, BMP)
//   todayISO() -> the device's local date as YYYY-MM-DD (the as-of date of a check).
// No user-facing text here: callers map the error codes to Chinese from the page.

// Compute budgets of this host, not registration rules (those live in content/rules/*.yaml).
export const DECODE_LIMITS = { maxSide: 1024, maxBytes: 25 * 1024 * 1024, maxPixels: 50_000_000 };

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

function u16be(b, i) {
  return (b[i] << 8) | b[i + 1];
}
function u32be(b, i) {
  return ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
}
function u16le(b, i) {
  return b[i] | (b[i + 1] << 8);
}
function u32le(b, i) {
  return (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16)) + b[i + 3] * 16777216;
}

/** Dimensions from the file header alone (reads at most the first 1 MB). */
export async function headerDimensions(blob) {
  const head = new Uint8Array(await blob.slice(0, 1 << 20).arrayBuffer());
  const b = head;
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) {
        i += 1;
        continue;
      }
      const marker = b[i + 1];
      if (marker === 0xff) {
        i += 1;
        continue;
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2;
        continue;
      }
      const len = u16be(b, i + 2);
      const isSOF = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSOF) return { format: "jpeg", height: u16be(b, i + 5), width: u16be(b, i + 7) };
      if (marker === 0xda || marker === 0xd9) break;
      i += 2 + len;
    }
    return { format: "jpeg", width: 0, height: 0 };
  }
  if (b.length >= 24 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    return { format: "png", width: u32be(b, 16), height: u32be(b, 20) };
  }
  if (b.length >= 10 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) {
    return { format: "gif", width: u16le(b, 6), height: u16le(b, 8) };
  }
  if (b.length >= 30 && b[0] === 0x52 && b[1] === 0x49 && b[8] === 0x57 && b[9] === 0x45) {
    const chunk = String.fromCharCode(b[12], b[13], b[14], b[15]);
    if (chunk === "VP8X")
      return {
        format: "webp",
        width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)),
        height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)),
      };
    if (chunk === "VP8L") {
      const bits = u32le(b, 21);
      return { format: "webp", width: 1 + (bits & 0x3fff), height: 1 + ((bits >>> 14) & 0x3fff) };
    }
    if (chunk === "VP8 ") return { format: "webp", width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) {
    return { format: "bmp", width: Math.abs(u32le(b, 18) | 0), height: Math.abs(u32le(b, 22) | 0) };
  }
  return null;
}

function makeCanvas(width, height) {
  if (typeof OffscreenCanvas !== "undefined") return new OffscreenCanvas(width, height);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

/** Fully decode (EXIF-oriented) to an ImageBitmap, after the size and header checks. */
export async function decodeBitmap(blob, options = {}) {
  const limits = { ...DECODE_LIMITS, ...options };
  if (!blob || blob.size === 0) throw new DecodeError("empty");
  if (blob.size > limits.maxBytes) throw new DecodeError("too_large", String(blob.size));
  const header = await headerDimensions(blob);
  if (header && header.width * header.height > limits.maxPixels) {
    throw new DecodeError("too_many_pixels", `${header.width}x${header.height}`);
  }
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
