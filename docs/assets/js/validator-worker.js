// Module Web Worker: starts the self-hosted Pyodide with the validator package, then runs
// validator.bridge.handle() for each request. Everything comes from our own origin:
// indexURL, packageBaseUrl, the lock (it lists only the validator wheel) and the trimmed
// standard library all point at assets/pyodide/, so Pyodide never turns to its CDN.
// No serial round trips: the page (validator-boot.js) fetches and compiles the wasm from the
// moment it starts and hands this worker the compiled module; the moment this small module runs
// it starts every other download at once (the standard library, the wheel named by the lock the
// build wrote into this file, Pyodide's loader and emscripten module), and loadPyodide is handed
// those same requests (fetch below answers them from the early ones) and the compiled module.
// The wheel is fetched with the lock's sha256 as its subresource integrity: no hashing of our own.
// Files arrive as Blobs (no copy of their bytes): Python reads the parts its header walk needs
// through a synchronous FileReaderSync over Blob.slice, never past what it analyses.
// No user-facing text here: the page maps stages and error codes to its own Chinese labels.

const ASSETS = new URL("../", import.meta.url); // .../assets/
const PYODIDE_BASE = new URL("pyodide/", ASSETS).href;
const LOCK_URL = new URL("pyodide-lock.json", PYODIDE_BASE).href;
const PACKAGE = "validator";
// The lock file, written here by the build (scripts/hooks/runtime.py): one request fewer.
// Without it (an unbuilt copy) the lock is fetched like any other file.
const LOCK = null; // __YK_LOCK__
// The site's start-up copy ({file, sha256}, written here by the build: scripts/start_copy.mjs): the
// interpreter's memory once every tool's modules are imported, as in the copy this worker stores
// after a cold start. A first visit restores it instead of starting Python when the page measured
// a fast connection while the wasm came in (the page decides: validator-boot.js); any other start
// is cold, as before. It is fetched past the HTTP cache and the service worker (no second copy on
// the device): once restored, it is kept in the worker's own store below, like a copy made here.
const SITE_COPY = null; // __YK_COPY__
// Without FileReaderSync (not expected in a browser that runs Pyodide) a file's head is read
// asynchronously up to this many bytes before the call: the largest file the rules analyse.
const FALLBACK_READ = 50 * 1024 * 1024;

const originalFetch = globalThis.fetch.bind(globalThis);
const timings = { origin: performance.timeOrigin, started: performance.now() };

function hexToBase64(hex) {
  return btoa(String.fromCharCode(...hex.match(/../g).map((h) => parseInt(h, 16))));
}

// Every download starts now, side by side; loadPyodide's own requests are answered from these.
const early = new Map(); // absolute URL (no query) -> Promise<Response>, each taken once
function withoutQuery(url) {
  const bare = new URL(url, self.location.href);
  bare.search = "";
  return bare.href;
}
function prefetch(url, init) {
  const request = originalFetch(url, init);
  request.catch(() => {}); // a failure is reported by whoever takes it
  // Keyed without the build's ?v= (the loader asks for the same file with or without it): the
  // loader's request must find this one, never download the file a second time.
  early.set(withoutQuery(url), request);
}
const lockPromise = LOCK
  ? Promise.resolve(LOCK)
  : originalFetch(LOCK_URL).then((res) => {
      if (!res.ok) throw new Error(`lock file: HTTP ${res.status}`);
      return res.json();
    });
lockPromise.catch(() => {});
// The wasm (the largest file) is compiled as its bytes arrive, beside the download and parsing of
// Pyodide's loader and emscripten module (the loader would start the compile only once both are
// in): loadPyodide is handed the compiled module (see instantiateFromEarly).
// A worker the page named "yk-wasm-from-page" (validator-boot.js) is handed the module by the
// page, which started on it earlier; it fetches the wasm itself only if the page says it could
// not. Any other worker (an old page, a test) fetches and compiles it here, from the response
// itself, so the browser's code cache for the wasm is kept for the next visit; a clone of it
// counts the bytes for the progress bar.
const WASM_URL = new URL("pyodide.asm.wasm", PYODIDE_BASE).href;
let fromPage = null; // {resolve, reject} while the page's module is awaited
// Whether to fetch the site's copy: the page's word (it comes once the page knows how fast the wasm
// came, before or after the compiled module); false for any other worker.
let copyWord = null;
const copyWanted = new Promise((resolve) => {
  copyWord = resolve;
});
if (self.name !== "yk-wasm-from-page") copyWord(false);
const wasmModule =
  self.name === "yk-wasm-from-page"
    ? new Promise((resolve, reject) => {
        fromPage = { resolve, reject };
      })
    : originalFetch(WASM_URL).then((response) => {
        if (!response.ok) throw new Error(`pyodide.asm.wasm: HTTP ${response.status}`);
        countBytes(response.clone());
        return WebAssembly.compileStreaming(response);
      });
wasmModule.then(
  () => {
    timings.compiled = performance.now();
  },
  () => {}, // a failure falls back to the loader's own fetch and compile
);
prefetch(new URL("python_stdlib.zip", PYODIDE_BASE).href);
// The validator's wheel, fetched with the lock's sha256 as its integrity and imported as it is
// (runtime-snapshot.js installWheel): no install step in Python. It is needed only once Python has
// started (or the copy is restored), so it is asked for once the wasm is compiled: on a line slower
// than the start needs, every file shares it, and its 0.19 MB before the wasm's last byte put off the
// compile's end and everything after it (12 Mbit/s: about 0.13 s); it now comes while Python starts.
const wheelEarly = Promise.all([lockPromise, wasmModule.catch(() => null)]).then(([lock]) => {
  const entry = lock?.packages?.[PACKAGE];
  if (!entry) throw new StageError("wheel", "the lock lists no validator wheel");
  const url = new URL(entry.file_name, PYODIDE_BASE).href;
  timings.wheel_asked = performance.now();
  // not on the progress line (setTotals): it comes while Python starts
  const response = originalFetch(url, { integrity: `sha256-${hexToBase64(entry.sha256)}` });
  return { entry, response };
});
wheelEarly.then(
  ({ response }) => response.catch(() => {}),
  () => {},
);
// Pyodide's loader and its emscripten module (1.2 MB) load beside the wasm, not after it.
const loaderModule = import("../pyodide/pyodide.mjs");
const emscriptenModule = import("../pyodide/pyodide.asm.mjs");
// The build puts ?v=<asset version> on this literal (not on import.meta.url: the service worker
// answers this worker's own request with its cached copy, whose URL has no query).
const SNAPSHOT_MODULE = new URL("./runtime-snapshot.js", import.meta.url);
const snapshotModule = import(SNAPSHOT_MODULE.href);
loaderModule.catch(() => {});
emscriptenModule.catch(() => {});
snapshotModule.catch(() => {});
// The start-up probe runs here: imported, it posts its answer to the page from this worker (the page
// then needs no second worker). If it cannot be imported, the page runs it on its own to learn why.
import("./validator-probe.js").catch(() => postMessage({ type: "no-probe" }));

// The start-up copy of the checker (runtime-snapshot.js): kept in Cache Storage on this device,
// one copy, keyed by the asset version the build put on this worker's URL (a new build never
// restores an older copy; the loader also checks the wasm's build id). Its digest is stored
// with it and checked before use: a corrupt copy is removed and the start is a cold one.
// Not in the service worker's caches (those are replaced by build): its own, never sent anywhere.
const SNAPSHOT_CACHE = "yk-start-up-copy";
const ASSET_VERSION = SNAPSHOT_MODULE.searchParams.get("v");
const SNAPSHOT_KEY =
  ASSET_VERSION && typeof caches === "object" && globalThis.crypto?.subtle
    ? new URL(`pyodide/start-up-copy?v=${ASSET_VERSION}`, ASSETS).href
    : null;

async function sha256Hex(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

const snapshotStore = SNAPSHOT_KEY && {
  async get() {
    const response = await caches.match(SNAPSHOT_KEY, { cacheName: SNAPSHOT_CACHE }); // creates no cache
    if (!response) return null;
    const bytes = new Uint8Array(await response.arrayBuffer());
    if ((await sha256Hex(bytes)) !== response.headers.get("x-sha256")) {
      await this.remove();
      throw new Error("start-up copy: digest mismatch");
    }
    return bytes;
  },
  async put(bytes) {
    const digest = await sha256Hex(bytes);
    const cache = await caches.open(SNAPSHOT_CACHE);
    for (const old of await cache.keys()) await cache.delete(old); // one copy: this build's
    await cache.put(
      SNAPSHOT_KEY,
      new Response(bytes, { headers: { "content-type": "application/octet-stream", "x-sha256": digest } }),
    );
  },
  async remove() {
    await (await caches.open(SNAPSHOT_CACHE)).delete(SNAPSHOT_KEY);
  },
};
// The stored copy is read from disk beside the downloads; the loader is handed it when it asks.
const savedSnapshot = snapshotStore ? snapshotStore.get() : Promise.resolve(null);
// Until the store has answered, bytes are counted but not shown: a start from the stored copy
// downloads nothing (the wasm comes from the browser's cache), and under load the page's count of
// the cached wasm arrived first and the line said "downloading" on such a visit (CI caught it).
let copyKnown = false;
savedSnapshot.then(
  (bytes) => {
    copyKnown = true;
    if (bytes) timings.saved_read = performance.now(); // read and checked (make bench's phases)
    // the program is on this device: "starting", never "downloading"
    if (bytes) downloaded();
    else showBytes();
  },
  () => {
    copyKnown = true;
    showBytes();
  },
);
const earlyStore = snapshotStore && {
  ...snapshotStore,
  // a damaged stored copy has been removed by get(): the site's copy can still serve this start,
  // else the start is cold and says the stored copy was refused
  get: () =>
    savedSnapshot.then(
      (bytes) => bytes ?? siteCopy(),
      async (err) => {
        const site = await siteCopy();
        if (site) return site;
        throw err;
      },
    ),
};

// The site's copy, when the page asked for it and this device has none of its own (or only a
// damaged one): its bytes, checked against the build's sha256, or null (the start is then cold).
// It is fetched the moment the page's word comes, beside the rest of the downloads, and counted on
// the progress line like them. A copy not in within COPY_WAIT_MS of its request (the line dropped
// or stalled) is given up: the cold start goes on with what is already here. The bytes are kept
// until the worker stores them (right after the warm-up: storeSnapshot).
const COPY_WAIT_MS = 4000;
let siteCopyBytes = null;
const siteCopyFetch = Promise.all([copyWanted, savedSnapshot.catch(() => null)]).then(async ([wanted, saved]) => {
  if (!SITE_COPY || !wanted || saved) return null;
  timings.copy_asked = performance.now();
  if (!totals.done) setTotals(); // its bytes join the count
  let counted = 0; // its bytes on the progress line: taken out again if it is given up
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`not in within ${COPY_WAIT_MS} ms`)), COPY_WAIT_MS);
  try {
    const response = await originalFetch(new URL(SITE_COPY.file, PYODIDE_BASE).href, {
      cache: "no-store",
      signal: abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    const bytes = await readCounted(response, (n) => {
      counted += n;
      addBytes(n);
    });
    if ((await sha256Hex(bytes)) !== SITE_COPY.sha256) throw new Error("sha256 mismatch");
    timings.copy_received = performance.now();
    timings.copy = "site";
    siteCopyBytes = bytes;
    return bytes;
  } catch (err) {
    timings.copy_error = String(abort.signal.reason ?? err).slice(0, 200);
    totals.loaded -= counted; // the line counts to what the cold start still needs
    if (!totals.done) setTotals();
    return null;
  } finally {
    clearTimeout(timer);
  }
});
const siteCopy = () => siteCopyFetch;

// The face models (assets/face/, validator.face): fetched after ready so they never delay it,
// checked against the manifest's sha256 (fetchModel) and installed into the package.
// A photo check that arrives before they are in waits for them (the page says so).
const FACE_MODELS = ["facefinder", "puploc-int8"];
let faceModels = null; // Promise<boolean>, started once
let faceReady = false;
let manifestLoaded = Promise.resolve({});

let pyodide = null;
let makeSnapshot = null;
let canSnapshot = false; // a cold start that may store its start-up copy
let handle = null;
let readyInfo = null;
let startError = null;
const queue = [];
let busy = false;

function progress(stage, percent, extra = {}) {
  postMessage({ type: "progress", stage, percent: Math.max(0, Math.min(100, Math.round(percent))), ...extra });
}

// What the progress line counts to: the runtime's files in the manifest. The counts are of the bytes
// as they arrive unpacked (size); the line shows what the download costs on the wire (transfer: the
// compressed size the host sends), in proportion. The site's start-up copy is counted only once it
// has been asked for (a fast first visit: siteCopyFetch). The validator's wheel is not counted: it is
// asked for once the wasm is compiled and comes while Python starts (counted, the line said "downloading"
// on its last 0.2 MB for 1-3 s of a phone's start, with Python already starting).
let manifestFiles = null;
function setTotals() {
  if (!manifestFiles) return;
  const copy = `pyodide/${SITE_COPY?.file}`;
  const files = Object.entries(manifestFiles).filter(
    ([name]) =>
      name.startsWith("pyodide/") &&
      !name.endsWith(".mjs") &&
      !name.endsWith(".json") &&
      !name.endsWith(".whl") &&
      (name !== copy || (timings.copy_asked !== undefined && timings.copy_error === undefined)),
  );
  totals.total = files.reduce((sum, [, info]) => sum + (info.size || 0), 0);
  totals.wire = files.reduce((sum, [, info]) => sum + (info.transfer || info.size || 0), 0);
  showBytes();
}

// Count bytes of what loadPyodide fetches (wasm, stdlib) to report real download progress.
// The count reads a clone: the original response goes to Pyodide untouched, so the wasm still
// compiles while it streams in. Sizes are of the bytes on the wire when the server sends
// Content-Length (a compressed response counts compressed), else of the manifest's files.
const totals = { loaded: 0, total: 0 };
function countBytes(copy) {
  if (!copy.body) return;
  const reader = copy.body.getReader();
  (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      addBytes(value.byteLength);
    }
  })().catch(() => {});
}

/** A response's whole body as one Uint8Array, each chunk told to counted(n) as it arrives; a body that
 * breaks off takes its count back (counted(-n)) before the error goes on. */
async function readCounted(response, counted) {
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
      counted(value.byteLength);
    }
  } catch (err) {
    counted(-size);
    throw err;
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

// Bytes received, here or by the page (the wasm's: {type: "bytes"} messages).
function addBytes(n) {
  totals.loaded += n;
  showBytes();
}

// The line's numbers never go back: the site's copy joining the total (or leaving it) changes the
// proportion of unpacked bytes to bytes on the wire, and 2.7 MB of 3.4 read as 2.6 of 6.5.
// Never "downloading 0 %" before a byte came in: the page's own words stay until then (the totals
// and the store's answer each came first in some runs, and either said so at 0 bytes).
let shownWire = 0;
let lastShown = "";
function showBytes() {
  if (copyKnown && totals.total && totals.loaded > 0 && !totals.done) {
    const loaded = Math.min(totals.loaded, totals.total);
    const wire = totals.wire || totals.total;
    shownWire = Math.min(wire, Math.max(shownWire, Math.round((loaded * wire) / totals.total)));
    // Posted only when the line or the bar would change (a tenth of a MB, a whole percent): one post
    // per network chunk was 1,280 messages on a fast first visit, each handled on the page's busy
    // main thread.
    const percent = Math.round((80 * loaded) / totals.total);
    const shown = `${percent} ${(shownWire / 1048576).toFixed(1)} ${(wire / 1048576).toFixed(1)}`;
    if (shown !== lastShown) {
      lastShown = shown;
      progress("download", percent, { loaded: shownWire, total: wire });
    }
    if (loaded >= totals.total) downloaded();
  }
}

// The loader's request for the wasm gets a stand-in (no body): the early compile has the bytes.
const standIns = new WeakSet();
// A request the loader made that failed (no network, a blocked file). Pyodide's loader asks for the
// standard library at once but awaits it only as Python starts: a failure in between is, for that
// moment, a rejection nobody handles, which the browser reports as an uncaught error although the
// start reports it (the page says the checker could not start). Only those are kept quiet.
const loaderFailures = new WeakSet();
self.addEventListener("unhandledrejection", (event) => {
  if (loaderFailures.has(Object(event.reason))) event.preventDefault();
});
function countingFetch() {
  return async (input, init) => {
    const url = withoutQuery(String(input?.url ?? input));
    if (url === withoutQuery(WASM_URL)) {
      const standIn = new Response(null, { headers: { "content-type": "application/wasm" } });
      standIns.add(standIn);
      return standIn;
    }
    const mine = early.get(url);
    early.delete(url);
    const response = await (mine || originalFetch(input, init)).catch((err) => {
      if (Object(err) === err) loaderFailures.add(err);
      throw err;
    });
    if (!response.body || !response.ok) return response;
    countBytes(response.clone());
    return response;
  };
}

// While loadPyodide runs: its instantiateStreaming of the stand-in instantiates the early
// compiled module; if the early compile failed, the loader's own path runs on a new request. Should
// that fail too, the wasm cannot be had (the line is down): Pyodide's loader only logs a failed
// instantiation and then waits for good (the start stalled until the page gave up after 90 s: a phone
// review's dropped line), so the failure also rejects wasmFailure, which the start races the loader with.
const originalInstantiateStreaming = globalThis.WebAssembly?.instantiateStreaming;
let wasmFailed = null;
const wasmFailure = new Promise((_resolve, reject) => {
  wasmFailed = reject;
});
wasmFailure.catch(() => {});
async function instantiateFromEarly(source, imports) {
  const response = await source;
  if (!standIns.has(response)) return originalInstantiateStreaming(response, imports);
  let module = null;
  try {
    module = await wasmModule;
  } catch {
    return originalInstantiateStreaming(originalFetch(WASM_URL), imports).catch((err) => {
      wasmFailed(err);
      throw err;
    });
  }
  const instance = await WebAssembly.instantiate(module, imports);
  timings.instantiated = performance.now();
  return { module, instance };
}

// Everything is in: the label says the program is starting, not "downloading 80 %".
function downloaded() {
  if (totals.done) return;
  totals.done = true;
  progress("start", 82);
}

// The host must send the Content-Security-Policy header (workers obey only the header): under
// the site's policy eval is forbidden, so eval working here means this worker runs without one.
function policyEnforced() {
  try {
    // biome-ignore lint/security/noGlobalEval: checks that the host's policy refuses it (indirect eval)
    const evaluate = globalThis.eval;
    evaluate("0");
    return false;
  } catch {
    return true;
  }
}

class StageError extends Error {
  constructor(code, detail) {
    super(`${code}: ${detail}`);
    this.code = code;
    this.detail = String(detail);
  }
}

async function start() {
  // No "downloading 0 %" before a byte came in: the page's own line ("正在准备检查程序…") stays until
  // then, and a start from the stored copy, which downloads nothing, says it is starting.
  if (typeof WebAssembly !== "object") throw new StageError("unsupported", "WebAssembly missing");
  if (!policyEnforced()) throw new StageError("csp", "the host sent no Content-Security-Policy header");
  // The manifest (sizes for the progress bar, build id) downloads alongside; nothing waits on it.
  const manifestPromise = originalFetch(new URL("runtime-manifest.json", ASSETS), { cache: "no-cache" })
    .then((res) => (res.ok ? res.json() : {}))
    .catch(() => ({}));
  manifestLoaded = manifestPromise;
  manifestPromise.then((manifest) => {
    manifestFiles = manifest.files || {};
    setTotals();
  });

  const errors = [];
  globalThis.fetch = countingFetch(); // count what loadPyodide fetches, answer it from the early requests
  WebAssembly.instantiateStreaming = instantiateFromEarly;
  try {
    let loadPyodide;
    let createPyodideModule;
    let lockFileContents;
    let startRuntime;
    let snap;
    let installWheel;
    try {
      [
        { loadPyodide },
        { default: createPyodideModule },
        lockFileContents,
        { startRuntime, makeSnapshot: snap, installWheel },
      ] = await Promise.all([loaderModule, emscriptenModule, lockPromise, snapshotModule]);
    } catch (err) {
      throw new StageError("runtime", err);
    }
    makeSnapshot = snap;
    timings.imported = performance.now();
    try {
      // ended too when the wasm cannot be had at all (instantiateFromEarly: the loader would wait for good)
      const started = await Promise.race([
        startRuntime(
          loadPyodide,
          {
            indexURL: PYODIDE_BASE,
            packageBaseUrl: PYODIDE_BASE,
            lockFileContents,
            createPyodideModule,
            stdLibURL: new URL("python_stdlib.zip", PYODIDE_BASE).href,
            stdout: () => {},
            stderr: (line) => errors.push(String(line)),
          },
          earlyStore,
          async (runtime) => {
            const { entry, bytes } = await wheelBytes();
            installWheel(runtime, entry.file_name, bytes);
          },
        ),
        wasmFailure,
      ]);
      pyodide = started.pyodide;
      canSnapshot = started.canSnapshot;
      timings.start = started.start; // snapshot | cold | refused (make bench, tests)
      if (started.refusal) timings.refusal = started.refusal.slice(0, 200);
    } catch (err) {
      if (err instanceof StageError) throw err;
      throw new StageError(/memory/i.test(String(err)) ? "memory" : "runtime", err);
    }
    timings.loaded = performance.now();
    downloaded();
  } finally {
    globalThis.fetch = originalFetch;
    WebAssembly.instantiateStreaming = originalInstantiateStreaming;
  }
  timings.wheel = performance.now();
  progress("install", 90);
  try {
    handle = pyodide.pyimport("validator.bridge").handle;
  } catch (err) {
    throw new StageError("install", err);
  }
  timings.installed = performance.now();
  const manifest = await manifestPromise;
  timings.resources = resourceTimings();
  readyInfo = {
    build: manifest.build,
    rules_version: manifest.rules_version,
    pyodide: pyodide.version,
    timings, // worker-relative milliseconds, with the worker's timeOrigin (make bench)
  };
  progress("ready", 100);
  postMessage({ type: "ready", info: readyInfo });
  // The face models for a page that checks photos: right after ready, beside the warm-up.
  if (!warmOps || warmOps.includes("photo")) loadFaceModels();
  // Import what the open tool needs right after ready (before the first file is usually picked).
  setTimeout(warm, 0);
}

/** What this worker fetched, when it arrived and its size on the wire (make bench's phase table). */
function resourceTimings() {
  try {
    return performance.getEntriesByType("resource").map((e) => ({
      name: e.name,
      start: e.startTime,
      end: e.responseEnd,
      encoded: e.encodedBodySize,
      decoded: e.decodedBodySize,
    }));
  } catch {
    return [];
  }
}

/**
 * The validator's wheel: the early request (with the lock's integrity). A cache may still hold
 * the previous build's wheel under the same name: then it is fetched once more past every
 * cache. A wheel that still does not match its sha256 is an integrity error; one that cannot be
 * fetched at all is a wheel error.
 */
async function wheelBytes() {
  let early;
  try {
    early = await wheelEarly;
  } catch (err) {
    throw err instanceof StageError ? err : new StageError("wheel", `lock file: ${err}`);
  }
  const { entry } = early;
  try {
    const response = await early.response;
    if (response.ok) return { entry, bytes: new Uint8Array(await response.arrayBuffer()) };
  } catch {
    // a stale copy (integrity) or no network: once more, past every cache
  }
  const url = new URL(entry.file_name, PYODIDE_BASE).href;
  const integrity = `sha256-${hexToBase64(entry.sha256)}`;
  try {
    const response = await originalFetch(url, { cache: "reload", integrity });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return { entry, bytes: new Uint8Array(await response.arrayBuffer()) };
  } catch (err) {
    const plain = await originalFetch(url, { cache: "reload" }).catch(() => null);
    if (plain?.ok) throw new StageError("integrity", `${entry.file_name} does not match the lock's sha256`);
    throw new StageError("wheel", `${entry.file_name}: ${plain ? `HTTP ${plain.status}` : err}`);
  }
}

// The models' bytes as they come, for a photo that waits for them (the page shows "约 0.3 / 0.8 MB": on a
// slow line the first check waited for them up to 18 s with no count: s16 phone review). Checked against
// the manifest's sha256 here (a fetch with integrity gives no bytes before its last one).
const faceBytes = { loaded: 0, total: 0 };
let faceWaiting = false;
let faceShown = "";
function faceCount(n) {
  faceBytes.loaded += n;
  const shown = `${(faceBytes.loaded / 1048576).toFixed(1)} ${(faceBytes.total / 1048576).toFixed(1)}`;
  if (!faceWaiting || shown === faceShown) return;
  faceShown = shown;
  postMessage({ type: "face-bytes", loaded: faceBytes.loaded, total: faceBytes.total });
}

async function fetchModel(name, files) {
  const key = `face/${name}.bin`;
  const url = new URL(key, ASSETS);
  const sha = files[key]?.sha256;
  faceBytes.total += files[key]?.size || 0;
  const read = async (init) => {
    const response = await originalFetch(url, init);
    if (!response.ok || !response.body) throw new Error(`${key}: HTTP ${response.status}`);
    const bytes = await readCounted(response, faceCount); // a broken body is counted again by the next try
    if (sha && (await sha256Hex(bytes)) !== sha) {
      faceCount(-bytes.length);
      throw new Error(`${key}: sha256 mismatch`);
    }
    return bytes;
  };
  try {
    return await read({});
  } catch {
    return await read({ cache: "reload" }); // a stale cached copy, or a dropped request: once more
  }
}

function loadFaceModels() {
  if (faceModels) return faceModels;
  faceModels = manifestLoaded
    .then((manifest) => Promise.all(FACE_MODELS.map((name) => fetchModel(name, manifest?.files || {}))))
    .then((parts) => {
      const install = pyodide.pyimport("validator.bridge").install_model;
      FACE_MODELS.forEach((name, i) => {
        const status = install(name, parts[i]);
        if (status !== "ok") throw new Error(status);
      });
      return true;
    })
    .catch((err) => {
      timings.face_error = String(err).slice(0, 200);
      return false; // the photo check then says the face was not checked (photo.face.unavailable)
    })
    .then((ok) => {
      faceReady = true;
      timings.face = performance.now();
      postMessage({ type: "models", ok });
      return ok;
    });
  return faceModels;
}

// What the open tool needs warmed up ({type: "warm", ops} from the page, sent before ready);
// null: every operation (a page that did not say).
let warmOps = null;
let callsSeen = 0;
const KNOWN_OPS = ["photo", "scan", "field", "probation", "eligibility", "fileinfo"];
const PIXEL_OPS = new Set(["photo", "scan"]);

// The warm-up in small steps, each its own task: a call that arrives meanwhile (a photo picked
// at the moment of ready) runs before the next step, never after the whole warm-up.
function importStep(op) {
  return `import importlib\nfrom validator.api import OPS\nimportlib.import_module(OPS["${op}"].split(":")[0])`;
}

function warmSteps() {
  const ops = (warmOps || KNOWN_OPS).filter((op) => KNOWN_OPS.includes(op));
  const steps = ["from validator.ruleset import load_default\nload_default()"];
  for (const op of ops) steps.push(importStep(op));
  if (ops.some((op) => PIXEL_OPS.has(op))) {
    // Exercise the pixel measures once on a small synthetic picture, so the interpreter's hot
    // paths are compiled by the browser before the first real photo arrives (skipped once a real
    // file came in: it does the same).
    steps.push(
      "from validator import pixels as _px\n" +
        "_img = _px.Image(300, 400, bytes([250, 250, 250, 200, 160, 140]) * 60000, 3)\n" +
        "_planes = _px.prepare(_img, 300)\n" +
        "_px.colour(_planes)\n" +
        "_px.background(_planes, {'top': 0.06, 'top_outer': 0.3, 'side': 0.1, 'side_depth': 0.55})\n" +
        "del _img, _planes",
    );
  }
  return steps;
}

function warm() {
  const steps = warmSteps();
  const last = steps.length - 1;
  const next = (i) => {
    if (i > last) {
      postMessage({ type: "warm" });
      setTimeout(() => copySoon(0), 0);
      return;
    }
    if (!(i === last && callsSeen && steps[i].includes("_px"))) {
      try {
        pyodide.runPython(steps[i]);
      } catch {
        // a module that fails to import reports itself on the first call
      }
    }
    setTimeout(() => next(i + 1), 0);
  };
  next(0);
}

// The start-up copy right after the warm-up, while no file of the candidate has come in: most
// candidates check a photo within seconds of ready, and a copy taken only once the worker had been
// idle for a while was then never taken (every later visit started cold). The other tools'
// modules are imported first (the copy serves every tool), one task each like the warm-up; a call
// that arrives meanwhile runs first and the copy is left for a later cold start (it must hold
// none of the candidate's files). Only the last step, the copy itself, cannot be interrupted.
function copySoon(i) {
  if (siteCopyBytes && timings.start === "snapshot") {
    // restored from the site's copy: kept now, as it came (a page closed soon after ready, or a
    // worker started again in this visit, then finds it on the device)
    storeSnapshot();
    settleWhenIdle();
    return;
  }
  if (!canSnapshot || callsSeen || busy) {
    settleWhenIdle();
    return;
  }
  const warmed = new Set(warmOps || KNOWN_OPS);
  const rest = KNOWN_OPS.filter((op) => !warmed.has(op));
  if (i < rest.length) {
    try {
      pyodide.runPython(importStep(rest[i]));
    } catch {
      // a module that fails to import reports itself on the first call
    }
    setTimeout(() => copySoon(i + 1), 0);
    return;
  }
  storeSnapshot();
  settleWhenIdle();
}

// Tell the deferred search index and worker (tool pages) that the runtime no longer needs the
// CPU: once the worker has been idle for a while after the warm-up, so that building the search
// index does not compete with the first checks (a candidate often picks a photo right away).
const IDLE_MS = 3000;
let idleTimer = null;
let hasSettled = false;
function settleWhenIdle() {
  if (hasSettled) return;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(settled, IDLE_MS);
}

function settled() {
  if (hasSettled) return;
  hasSettled = true;
  clearTimeout(idleTimer);
  storeSnapshot();
  try {
    const channel = new BroadcastChannel("yikao-runtime");
    channel.postMessage("settled");
    channel.close();
  } catch {
    // no BroadcastChannel: the search worker starts on its own timer
  }
}

// The start-up copy (after a cold start) is taken right after the warm-up (copySoon), or else
// once the worker is idle, and only when no file of the candidate has come in yet (the copy must
// hold none of it: a later visit takes it). A restored site's copy is kept as it came.
function storeSnapshot() {
  if (siteCopyBytes && timings.start === "snapshot") {
    // restored from the site's copy: kept as it came (it holds no file of the candidate)
    const bytes = siteCopyBytes;
    siteCopyBytes = null;
    keepCopy(bytes);
    return;
  }
  siteCopyBytes = null; // refused: the start was cold, and makes its own copy below
  if (!canSnapshot || callsSeen || !handle || !makeSnapshot) return;
  canSnapshot = false;
  const t0 = performance.now();
  let bytes;
  try {
    bytes = makeSnapshot(pyodide);
  } catch (err) {
    timings.snapshot_error = String(err).slice(0, 200);
    return;
  }
  timings.snapshot_ms = performance.now() - t0;
  timings.snapshot_bytes = bytes.length;
  keepCopy(bytes);
}

function keepCopy(bytes) {
  snapshotStore.put(bytes).then(
    () => postMessage({ type: "snapshot", ok: true, bytes: bytes.length }),
    (err) => {
      timings.snapshot_error = String(err).slice(0, 200);
      postMessage({ type: "snapshot", ok: false });
    },
  );
}

/** A Blob as Python's reader: {size, read(offset, n)} over FileReaderSync and Blob.slice. */
function blobReader(blob, head = null) {
  const sync = typeof FileReaderSync === "function" ? new FileReaderSync() : null;
  return {
    size: blob.size,
    read(offset, n) {
      if (head) return head.subarray(Math.min(offset, head.length), Math.min(offset + n, head.length));
      return new Uint8Array(sync.readAsArrayBuffer(blob.slice(offset, offset + n)));
    },
  };
}

async function prepare(msg) {
  if (!msg.file || typeof FileReaderSync === "function") return msg;
  const head = new Uint8Array(await msg.file.slice(0, FALLBACK_READ).arrayBuffer());
  return { ...msg, head };
}

function runOne(msg) {
  const { id, op, request, bytes, pixels, file, head } = msg;
  postMessage({ type: "begin", id }); // the page's time budget for this check starts now
  try {
    const t0 = performance.now();
    const data = file ? blobReader(file, head) : (bytes ?? null);
    const out = handle(op, JSON.stringify(request || {}), data, pixels ?? null);
    postMessage({ type: "result", id, report: JSON.parse(out), ms: performance.now() - t0 });
  } catch (err) {
    postMessage({ type: "failed", id, code: "call", detail: String(err).slice(0, 500) });
  }
}

async function drain() {
  if (busy || !handle) return;
  busy = true;
  clearTimeout(idleTimer);
  try {
    while (queue.length) {
      const next = queue[0];
      if (next.op === "photo" && !faceReady) {
        postMessage({ type: "waiting", id: next.id, what: "face", loaded: faceBytes.loaded, total: faceBytes.total });
        faceWaiting = true;
        try {
          await loadFaceModels();
        } finally {
          faceWaiting = false;
        }
      }
      runOne(queue.shift());
    }
  } finally {
    busy = false;
    settleWhenIdle();
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

self.onmessage = (event) => {
  const msg = event.data || {};
  if (msg.type === "wasm") {
    // the page's compiled wasm, or word that it has none (instantiateFromEarly then fetches it)
    if (!fromPage) return;
    setTimeout(() => copyWord(false), 2000); // a page that never says: no copy
    if (msg.module instanceof WebAssembly.Module) fromPage.resolve(msg.module);
    else fromPage.reject(new Error(`the page has no compiled wasm: ${String(msg.detail).slice(0, 200)}`));
    fromPage = null;
  } else if (msg.type === "copy") {
    timings.word ??= performance.now(); // when the page's word came (make bench's phases)
    copyWord(msg.wanted === true); // the page's word on the site's copy
  } else if (msg.type === "bytes") {
    addBytes(Number(msg.n) || 0);
  } else if (msg.type === "warm") {
    if (Array.isArray(msg.ops)) warmOps = msg.ops.map(String);
  } else if (msg.type === "call") {
    callsSeen += 1;
    if (startError) {
      postMessage({ type: "failed", id: msg.id, code: startError, detail: "runtime not ready" });
      return;
    }
    prepare(msg).then(
      (ready) => {
        queue.push(ready);
        started.then(drain);
      },
      (err) => postMessage({ type: "failed", id: msg.id, code: "read", detail: String(err).slice(0, 200) }),
    );
  } else if (msg.type === "hello" && readyInfo) {
    postMessage({ type: "ready", info: readyInfo });
  }
};
