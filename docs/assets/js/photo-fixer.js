// Re-encode a photo as JPEG under a byte limit, in the browser.
// Only the JPEG quality changes (binary search), and if even the lowest allowed quality is too big,
// the picture is scaled down proportionally. Never padded, never retouched, the background untouched.
//   fixToLimit(bitmap, targetBytes, {width, height} minimum) -> {blob, quality, width, height, resized, ms} | null

// Encoder settings of this host, not registration rules: the quality range searched and the number of steps.
const Q_MAX = 0.92;
const Q_MIN = 0.5;
const STEPS = 6;
// Bytes per pixel at which the first size guess is taken (a JPEG photo at medium quality is about 1/8 B/px).
const FIRST_GUESS_PX_PER_BYTE = 10;

function canvasFor(bitmap, width, height) {
  const canvas =
    typeof OffscreenCanvas !== "undefined"
      ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement("canvas"), { width, height });
  const ctx = canvas.getContext("2d");
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(bitmap, 0, 0, width, height);
  return canvas;
}

function encode(canvas, quality) {
  if (canvas.convertToBlob) return canvas.convertToBlob({ type: "image/jpeg", quality });
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("toBlob failed"))), "image/jpeg", quality),
  );
}

export async function fixToLimit(bitmap, targetBytes, minSize = { width: 1, height: 1 }) {
  const t0 = performance.now();
  const W = bitmap.width;
  const H = bitmap.height;
  // Start at full size unless the picture is far too big for the limit at any sane quality.
  let scale = Math.min(1, Math.sqrt((targetBytes * FIRST_GUESS_PX_PER_BYTE) / (W * H)));
  for (let attempt = 0; attempt < 8; attempt++) {
    const width = Math.max(1, Math.round(W * scale));
    const height = Math.max(1, Math.round(H * scale));
    if (width < minSize.width || height < minSize.height) return null;
    const canvas = canvasFor(bitmap, width, height);
    const best = await encode(canvas, Q_MAX);
    const done = (blob, quality) => ({ blob, quality, width, height, resized: scale < 1, ms: performance.now() - t0 });
    if (best.size < targetBytes) return done(best, Q_MAX);
    const low = await encode(canvas, Q_MIN);
    if (low.size >= targetBytes) {
      // Even the lowest quality is too big: shrink in proportion to the overshoot, with some room.
      scale *= Math.min(0.95, Math.sqrt(targetBytes / low.size) * 0.95);
      continue;
    }
    let lo = Q_MIN;
    let hi = Q_MAX;
    let found = { blob: low, quality: Q_MIN };
    for (let i = 0; i < STEPS; i++) {
      const mid = (lo + hi) / 2;
      const blob = await encode(canvas, mid);
      if (blob.size < targetBytes) {
        found = { blob, quality: mid };
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return done(found.blob, Math.round(found.quality * 100) / 100);
  }
  return null;
}
