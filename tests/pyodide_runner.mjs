// Runs prepared test-vector cases inside Pyodide (Node) exactly as the browser worker does:
// the runtime files the site ships (assets/pyodide/: trimmed standard library, lock file,
// compiled validator wheel), the package loaded by name with pyodide.loadPackage (which checks
// the sha256 from the lock file), then validator.bridge.handle() for each case.
//
//   node tests/pyodide_runner.mjs CASES.json RESULTS.json RUNTIME_DIR [--stdlib ZIP]
//
// RUNTIME_DIR: a folder with pyodide.mjs, pyodide.asm.*, python_stdlib.zip, pyodide-lock.json
// and the wheel it lists (site/assets/pyodide/); the face models in RUNTIME_DIR/../face/ are
// installed as the page does (validator.bridge.install_model) when that folder exists. --stdlib ZIP replaces the standard library
// (the import trace runs on Pyodide's full one, see scripts/stdlib_trace.py).
// CASES.json: [{id, op, request, data_path?, pixels?: {width, height, channels, path}}]
// (bytes are in files next to CASES.json, not inlined, so big pixel buffers stay cheap).
// RESULTS.json: {pyodide, python, results: {id: report}, stdlib_modules: [...],
//                import_errors: {module: error}, loaded: [...]}.
// stdlib_modules: every module imported from the standard library zip by the end of the run;
// import_errors: browser-side validator modules that fail to import on this standard library.
// --snapshot: also the start-up copy, with the worker's own code (assets/js/runtime-snapshot.js):
// the cold runtime is started as the worker starts it, the copy taken before any case runs, the
// cases run on the cold runtime, then again on a runtime restored from the copy
// (results_snapshot), and on one handed a refused copy (wrong magic number), which must start
// cold, remove the copy and give the same results (results_refused: the first case of each operation).
// RESULTS.json then also has snapshot_bytes and refused_removed (the runner exits 1 when a start
// is not the expected one: cold, snapshot, refused).

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const argv = process.argv.slice(2);
const snapshotAt = argv.indexOf("--snapshot");
const withSnapshot = snapshotAt >= 0;
if (withSnapshot) argv.splice(snapshotAt, 1);
const stdlibAt = argv.indexOf("--stdlib");
const stdlibOverride = stdlibAt >= 0 ? path.resolve(argv.splice(stdlibAt, 2)[1]) : null;
const [casesPath, outPath, runtimeArg] = argv;
if (!casesPath || !outPath || !runtimeArg) {
  console.error("usage: node tests/pyodide_runner.mjs CASES.json RESULTS.json RUNTIME_DIR [--stdlib ZIP]");
  process.exit(2);
}
const runtimeDir = path.resolve(runtimeArg) + path.sep;

const { loadPyodide } = await import(pathToFileURL(path.join(runtimeDir, "pyodide.mjs")).href);
const { startRuntime, makeSnapshot, memoryStore, packCopy, unpackCopy, installWheel } = await import(
  pathToFileURL(path.join(runtimeDir, "..", "js", "runtime-snapshot.js")).href
);
const errors = [];
const options = {
  indexURL: runtimeDir,
  packageBaseUrl: runtimeDir, // also where Pyodide would look instead of its CDN: never the network
  lockFileURL: path.join(runtimeDir, "pyodide-lock.json"),
  stdLibURL: stdlibOverride ?? path.join(runtimeDir, "python_stdlib.zip"),
  stdout: () => {},
  stderr: (line) => errors.push(line),
};
const store = withSnapshot ? memoryStore() : null;

// The face models, as the page installs them after ready: from assets/face/ beside assets/pyodide/.
const faceDir = path.join(runtimeDir, "..", "face");
function installFaceModels(runtime) {
  if (!fs.existsSync(faceDir)) return;
  const install = runtime.pyimport("validator.bridge").install_model;
  for (const file of fs
    .readdirSync(faceDir)
    .filter((f) => f.endsWith(".bin"))
    .sort()) {
    const name = file.slice(0, -4);
    const status = install(name, new Uint8Array(fs.readFileSync(path.join(faceDir, file))));
    if (status !== "ok") {
      console.error(`face model ${name}: ${status}`);
      process.exit(1);
    }
  }
}

// The validator's wheel as the worker installs it: named by the lock, imported from the zip.
const wheelName = JSON.parse(fs.readFileSync(options.lockFileURL, "utf8")).packages.validator.file_name;
const wheel = new Uint8Array(fs.readFileSync(path.join(runtimeDir, wheelName)));
async function install(runtime) {
  installWheel(runtime, wheelName, wheel);
}

// The loader's WebAssembly.instantiate as Node has it, before startRuntime watches it (watchInstance).
const plainInstantiate = WebAssembly.instantiate;
// A loader that instantiates out of startRuntime's sight: a restored copy's pages of the wasm's data
// are then never put back (a loader that changed how it instantiates would do this).
async function unwatchedLoader(opts) {
  const watched = WebAssembly.instantiate;
  WebAssembly.instantiate = plainInstantiate;
  try {
    return await loadPyodide(opts);
  } finally {
    WebAssembly.instantiate = watched;
  }
}

async function start(expected, loader = loadPyodide) {
  const started = await startRuntime(loader, options, store, install);
  if (started.start !== expected) {
    console.error(`start: expected ${expected}, got ${started.start} (${started.refusal})\n${errors.join("\n")}`);
    process.exit(1);
  }
  try {
    started.pyodide.runPython("import validator.bridge");
  } catch (err) {
    console.error(`validator package not importable: ${err}\n${errors.join("\n")}`);
    process.exit(1);
  }
  installFaceModels(started.pyodide);
  return started.pyodide;
}

const pyodide = await start("cold");
let snapshotBytes = 0;
if (withSnapshot) {
  const copy = makeSnapshot(pyodide); // as the worker does: after the models, before any file
  snapshotBytes = copy.length;
  await store.put(copy);
}
const handle = pyodide.pyimport("validator.bridge").handle;
const pythonVersion = pyodide.runPython("import sys; sys.version.split()[0]");

const base = path.dirname(casesPath);
const read = (p) => new Uint8Array(fs.readFileSync(path.resolve(base, p)));
const cases = JSON.parse(fs.readFileSync(casesPath, "utf8"));
function runCases(run, only = cases) {
  const out = {};
  for (const c of only) {
    const data = c.data_path ? read(c.data_path) : null;
    const pixels = c.pixels
      ? { width: c.pixels.width, height: c.pixels.height, channels: c.pixels.channels, data: read(c.pixels.path) }
      : null;
    try {
      out[c.id] = JSON.parse(run(c.op, JSON.stringify(c.request), data, pixels));
    } catch (err) {
      out[c.id] = { runner_error: String(err).slice(0, 2000) };
    }
  }
  return out;
}
const results = runCases(handle);

const snapshotRun = {};
if (withSnapshot) {
  const copy = store.peek();
  const restored = await start("snapshot");
  snapshotRun.results_snapshot = runCases(restored.pyimport("validator.bridge").handle);
  // A refused copy: the same memory with the loader's magic number broken (as a copy of another build
  // is), stored in the worker's layout, so the loader itself refuses it.
  const bad = unpackCopy(copy).bytes;
  bad[0] ^= 0xff;
  await store.put(packCopy(bad));
  const fallback = await start("refused");
  snapshotRun.refused_removed = store.peek() === null;
  // A fallback is a plain cold start (every case ran on one above): one case of each operation proves it works.
  const ops = new Set();
  const sample = cases.filter((c) => !ops.has(c.op) && ops.add(c.op));
  snapshotRun.results_refused = runCases(fallback.pyimport("validator.bridge").handle, sample);
  snapshotRun.snapshot_bytes = snapshotBytes;
  snapshotRun.snapshot_wasm_pages = unpackCopy(copy).startPages;
  // The same good copy, restored by a loader whose new memory startRuntime never sees: its pages of
  // the wasm's data stay empty, the copy is refused and removed, and the start is cold.
  await store.put(copy);
  const unseen = await start("refused", unwatchedLoader);
  snapshotRun.unseen_removed = store.peek() === null;
  snapshotRun.results_unseen = runCases(unseen.pyimport("validator.bridge").handle, sample);
  // The site's own copy (RUNTIME_DIR/start-up-copy.bin, made by the build under Node: scripts/
  // start_copy.mjs), as a first visit on a fast connection restores it: handed to the loader as the
  // worker hands it, then the face models as the page installs them after ready.
  const siteCopy = path.join(runtimeDir, "start-up-copy.bin");
  if (fs.existsSync(siteCopy)) {
    const siteBytes = new Uint8Array(fs.readFileSync(siteCopy));
    snapshotRun.site_copy_wasm_pages = unpackCopy(siteBytes).startPages;
    await store.put(siteBytes);
    const fromSite = await start("snapshot");
    snapshotRun.results_site_copy = runCases(fromSite.pyimport("validator.bridge").handle);
  }
}

// What the browser worker's warm-up imports, then every module the page can reach.
const trace = JSON.parse(
  pyodide.runPython(`
import importlib, json, os, sys
import validator
from validator.api import OPS
from validator.ruleset import load_default
load_default()
# Modules the browser never runs (command line, Pillow adapter, batch pool) are left out.
HOST_ONLY = {"validator.__main__", "validator.cli", "validator.host_files", "validator.host_pillow", "validator.batch",
             "validator.cli_fix", "validator.fix_pillow"}
errors = {}
# Every module file of the package (compiled .pyc or source), read from the wheel it is
# imported from (zipfile: the loader has imported it already), without pkgutil: the trace
# must not list a module only this runner needs.
import zipfile
names = []
for entry in zipfile.ZipFile(validator.__loader__.archive).namelist():
    parts = entry.split("/")
    stem, ext = os.path.splitext(parts[-1])
    if parts[0] != "validator" or ext not in (".py", ".pyc") or any(p.startswith(("_", ".")) for p in parts[1:-1]):
        continue
    package = ".".join(parts[:-1])
    names.append(package if stem == "__init__" else f"{package}.{stem}")
for name in sorted({*names, *(t.split(":")[0] for t in OPS.values())} - HOST_ONLY):
    try:
        importlib.import_module(name)
    except Exception as exc:
        errors[name] = f"{type(exc).__name__}: {exc}"
zip_path = "/lib/python%d%d.zip/" % sys.version_info[:2]
stdlib = sorted(
    name for name, module in list(sys.modules.items())
    if (getattr(module, "__file__", None) or "").startswith(zip_path)
)
json.dumps({"stdlib_modules": stdlib, "import_errors": errors})
`),
);
fs.writeFileSync(
  outPath,
  JSON.stringify({
    pyodide: pyodide.version,
    python: pythonVersion,
    results,
    loaded: Object.keys(pyodide.loadedPackages),
    validator_file: pyodide.runPython("import validator; validator.__file__"),
    ...trace,
    ...snapshotRun,
  }),
);
