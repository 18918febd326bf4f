// Module Web Worker: starts the self-hosted Pyodide, verifies and installs the validator wheel,
// then runs validator.bridge.handle() for each request. Everything comes from our own origin:
// indexURL, packageBaseUrl and the (empty) lock file all point at assets/pyodide/.
// No user-facing text here: the page maps stages and error codes to its own Chinese labels.

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
const totals = { loaded: 0, total: 0 };
function countingFetch(originalFetch) {
  return async (input, init) => {
    const response = await originalFetch(input, init);
    if (!response.body || !response.ok) return response;
    const reader = response.body.getReader();
    const stream = new ReadableStream({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        totals.loaded += value.byteLength;
        if (totals.total) {
          progress("download", (70 * Math.min(totals.loaded, totals.total)) / totals.total, {
            loaded: totals.loaded,
            total: totals.total,
          });
        }
        controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

async function sha256Hex(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

class StageError extends Error {
  constructor(code, detail) {
    super(`${code}: ${detail}`);
    this.code = code;
    this.detail = String(detail);
  }
}

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
    let loadPyodide;
    try {
      ({ loadPyodide } = await import(new URL("pyodide.mjs", PYODIDE_BASE).href));
    } catch (err) {
      throw new StageError("runtime", err);
    }
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
  progress("start", 80);

  const { wheel, manifest } = await wheelPromise;
  progress("install", 90);
  try {
    const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
    pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
    handle = pyodide.pyimport("validator.bridge").handle;
  } catch (err) {
    throw new StageError("install", err);
  }
  readyInfo = { build: manifest.build, rules_version: manifest.rules_version, pyodide: manifest.pyodide?.version };
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
        "        pass\n",
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
