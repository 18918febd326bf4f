// Module Web Worker: starts the self-hosted Pyodide, verifies and installs the validator wheel,
// then runs validator.bridge.handle() for each request. Everything comes from our own origin:
// indexURL, packageBaseUrl and the (empty) lock file all point at assets/pyodide/.
// No user-facing text here: the page maps stages and error codes to its own Chinese labels.

// A static import: the browser fetches Pyodide's loader together with this module.
import { loadPyodide } from "../pyodide/pyodide.mjs";

const ASSETS = new URL("../", import.meta.url); // .../assets/
const PYODIDE_BASE = new URL("pyodide/", ASSETS).href;

let pyodide = null;
let handle = null;
let readyInfo = null;
let startError = null;
const queue = [];
let busy = false;

function progress(stage, percent, extra = {}) {
  postMessage({ type: "progress", stage, percent: Math.max(0, Math.min(100, Math.round(percent))), ...extra });
}

// Count bytes of what loadPyodide fetches (wasm, stdlib) to report real download progress.
// The count reads a clone: the original response goes to Pyodide untouched, so the wasm still
// compiles while it streams in.
const totals = { loaded: 0, total: 0 };
function countingFetch(originalFetch) {
  return async (input, init) => {
    const response = await originalFetch(input, init);
    if (!response.body || !response.ok) return response;
    const reader = response.clone().body.getReader();
    (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        totals.loaded += value.byteLength;
        if (totals.total) {
          const percent = (70 * Math.min(totals.loaded, totals.total)) / totals.total;
          progress("download", percent, { loaded: totals.loaded, total: totals.total });
        }
      }
    })().catch(() => {});
    return response;
  };
}

async function sha256Hex(buffer) {
  const digest = globalThis.crypto?.subtle
    ? new Uint8Array(await crypto.subtle.digest("SHA-256", buffer))
    : sha256(new Uint8Array(buffer)); // plain http outside localhost has no SubtleCrypto
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// FIPS 180-4 SHA-256, for insecure contexts only.
function sha256(bytes) {
  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
  ]);
  const H = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const total = Math.ceil((bytes.length + 9) / 64) * 64;
  const msg = new Uint8Array(total);
  msg.set(bytes);
  msg[bytes.length] = 0x80;
  const view = new DataView(msg.buffer);
  view.setUint32(total - 8, Math.floor((bytes.length * 8) / 2 ** 32));
  view.setUint32(total - 4, (bytes.length * 8) >>> 0);
  const W = new Uint32Array(64);
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) W[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(W[i - 15], 7) ^ rotr(W[i - 15], 18) ^ (W[i - 15] >>> 3);
      const s1 = rotr(W[i - 2], 17) ^ rotr(W[i - 2], 19) ^ (W[i - 2] >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, h] = H;
    for (let i = 0; i < 64; i++) {
      const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    H[0] += a;
    H[1] += b;
    H[2] += c;
    H[3] += d;
    H[4] += e;
    H[5] += f;
    H[6] += g;
    H[7] += h;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  H.forEach((v, i) => outView.setUint32(i * 4, v));
  return out;
}

class StageError extends Error {
  constructor(code, detail) {
    super(`${code}: ${detail}`);
    this.code = code;
    this.detail = String(detail);
  }
}

const timings = { origin: performance.timeOrigin, started: performance.now() };

async function start() {
  progress("download", 0);
  if (typeof WebAssembly !== "object") throw new StageError("no_wasm", "WebAssembly missing");
  const originalFetch = globalThis.fetch.bind(globalThis);
  const counted = countingFetch(originalFetch);

  // The manifest and the wheel download in parallel with Pyodide's own start-up.
  const wheelPromise = (async () => {
    let manifest;
    try {
      const res = await originalFetch(new URL("runtime-manifest.json", ASSETS), { cache: "no-cache" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      manifest = await res.json();
    } catch (err) {
      throw new StageError("manifest", err);
    }
    const files = manifest.files || {};
    const wheelInfo = files[manifest.wheel];
    if (!wheelInfo) throw new StageError("manifest", "no wheel in the manifest");
    totals.total = ["pyodide/pyodide.asm.wasm", "pyodide/python_stdlib.zip", manifest.wheel]
      .map((name) => (files[name] ? files[name].size : 0))
      .reduce((a, b) => a + b, 0);
    const url = new URL(manifest.wheel, ASSETS);
    url.searchParams.set("h", wheelInfo.sha256.slice(0, 12));
    const download = async (init) => {
      try {
        const res = await counted(url.href, init);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return await res.arrayBuffer();
      } catch (err) {
        throw new StageError("wheel", err);
      }
    };
    let buffer = await download(undefined);
    let digest = await sha256Hex(buffer);
    if (digest !== wheelInfo.sha256) {
      // A cache may still hold the previous build's wheel: fetch it once more, bypassing caches.
      buffer = await download({ cache: "reload" });
      digest = await sha256Hex(buffer);
    }
    if (digest !== wheelInfo.sha256) throw new StageError("integrity", `wheel sha256 ${digest} != ${wheelInfo.sha256}`);
    return { wheel: new Uint8Array(buffer), manifest };
  })();
  wheelPromise.catch(() => {}); // awaited below; no unhandled rejection while Pyodide loads

  globalThis.fetch = counted; // count what loadPyodide fetches (wasm, stdlib)
  try {
    timings.imported = performance.now();
    try {
      pyodide = await loadPyodide({
        indexURL: PYODIDE_BASE,
        packageBaseUrl: PYODIDE_BASE,
        lockFileURL: new URL("pyodide-lock.json", PYODIDE_BASE).href,
        stdout: () => {},
        stderr: () => {},
      });
    } catch (err) {
      throw new StageError(/memory/i.test(String(err)) ? "memory" : "runtime", err);
    }
  } finally {
    globalThis.fetch = originalFetch;
  }
  timings.loaded = performance.now();
  progress("start", 80);

  const { wheel, manifest } = await wheelPromise;
  timings.wheel = performance.now();
  progress("install", 90);
  try {
    const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
    pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
    handle = pyodide.pyimport("validator.bridge").handle;
  } catch (err) {
    throw new StageError("install", err);
  }
  timings.installed = performance.now();
  readyInfo = {
    build: manifest.build,
    rules_version: manifest.rules_version,
    pyodide: manifest.pyodide?.version,
    timings, // worker-relative milliseconds, with the worker's timeOrigin (make bench)
  };
  progress("ready", 100);
  postMessage({ type: "ready", info: readyInfo });
  // Import the rule modules right after ready (before the first file is usually picked).
  setTimeout(warm, 0);
}

function warm() {
  try {
    pyodide.runPython(
      "import importlib\n" +
        "from validator.api import OPS\n" +
        "from validator.ruleset import load_default\n" +
        "load_default()\n" +
        "for _target in OPS.values():\n" +
        "    try:\n" +
        "        importlib.import_module(_target.split(':')[0])\n" +
        "    except Exception:\n" +
        "        pass\n" +
        // Exercise the pixel measures once on a small synthetic picture, so the interpreter's hot
        // paths are compiled by the browser before the first real photo arrives.
        "try:\n" +
        "    from validator import pixels as _px\n" +
        "    _img = _px.Image(300, 400, bytes([250, 250, 250, 200, 160, 140]) * 60000, 3)\n" +
        "    _planes = _px.prepare(_img)\n" +
        "    _px.colour(_planes)\n" +
        "    _px.background(_planes, {'top': 0.06, 'top_outer': 0.3, 'side': 0.1, 'side_depth': 0.55})\n" +
        "except Exception:\n" +
        "    pass\n",
    );
  } catch {
    // a module that fails to import reports itself on the first call
  }
  postMessage({ type: "warm" });
  settled();
}

// Tell the deferred search worker (tool pages) that the runtime no longer needs the CPU.
function settled() {
  try {
    const channel = new BroadcastChannel("yikao-runtime");
    channel.postMessage("settled");
    channel.close();
  } catch {
    // no BroadcastChannel: the search worker starts on its own timer
  }
}

function runOne(msg) {
  const { id, op, request, bytes, pixels } = msg;
  try {
    const t0 = performance.now();
    const out = handle(op, JSON.stringify(request || {}), bytes ?? null, pixels ?? null);
    postMessage({ type: "result", id, report: JSON.parse(out), ms: performance.now() - t0 });
  } catch (err) {
    postMessage({ type: "failed", id, code: "call", detail: String(err).slice(0, 500) });
  }
}

function drain() {
  if (busy || !handle) return;
  busy = true;
  try {
    while (queue.length) runOne(queue.shift());
  } finally {
    busy = false;
  }
}

const started = start().then(
  () => drain(),
  (err) => {
    const code = err instanceof StageError ? err.code : "runtime";
    startError = code;
    settled();
    postMessage({ type: "error", code, detail: String(err?.detail ?? err).slice(0, 500) });
    for (const msg of queue.splice(0)) postMessage({ type: "failed", id: msg.id, code, detail: "runtime not ready" });
  },
);

onmessage = (event) => {
  const msg = event.data || {};
  if (msg.type === "call") {
    if (startError) {
      postMessage({ type: "failed", id: msg.id, code: startError, detail: "runtime not ready" });
      return;
    }
    queue.push(msg);
    started.then(drain);
  } else if (msg.type === "hello" && readyInfo) {
    postMessage({ type: "ready", info: readyInfo });
  }
};
