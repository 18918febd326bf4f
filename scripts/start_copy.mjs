// The site's start-up copy (build glue, run by scripts/hooks/runtime.py): node scripts/start_copy.mjs
// SITE_ASSETS OUT. Starts the Pyodide the site ships (SITE_ASSETS/pyodide/) under Node, puts the
// validator's wheel in place and imports what every tool needs, exactly as the browser worker does
// (SITE_ASSETS/js/runtime-snapshot.js: installWheel, makeSnapshot), and writes the interpreter's
// memory, packed as the worker stores it, to OUT.
//
// The copy is the same for every build of the same files: the randomness the runtime draws while it
// starts (Python's hash seed, the random module's state) and the clock are fixed here, so the file,
// its sha256 (written into the worker) and its compressed twins do not change from one build to the
// next, wherever the checkout is. Every candidate's copy then holds the same hash seed and the build
// machine's time zone constants (time.timezone): nothing in the checker reads either.

import nodeCrypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [assets, out] = process.argv.slice(2);
if (!assets || !out) {
  console.error("usage: node scripts/start_copy.mjs SITE_ASSETS OUT");
  process.exit(2);
}

let state = 0x9e3779b9;
function fill(array) {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  for (let i = 0; i < bytes.length; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[i] = state & 255;
  }
  return array;
}
globalThis.crypto.getRandomValues = fill;
nodeCrypto.randomFillSync = fill;
const EPOCH = Date.UTC(2026, 0, 1);
Date.now = () => EPOCH;
performance.now = () => 0;

const runtime = path.join(assets, "pyodide") + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(runtime, "pyodide.mjs")).href);
const { installWheel, makeSnapshot, startImage, watchInstance } = await import(
  pathToFileURL(path.join(assets, "js", "runtime-snapshot.js")).href
);
const lock = JSON.parse(fs.readFileSync(path.join(runtime, "pyodide-lock.json"), "utf8"));
const entry = lock.packages.validator;
// the memory as instantiated: the copy leaves out its pages that are still the same (packCopy)
let image = null;
const watch = watchInstance((memory) => {
  image = startImage(memory);
});
const pyodide = await loadPyodide({
  indexURL: runtime,
  packageBaseUrl: runtime,
  lockFileURL: path.join(runtime, "pyodide-lock.json"),
  stdLibURL: path.join(runtime, "python_stdlib.zip"),
  env: { PYTHONHASHSEED: "0" },
  // not this script's path (Emscripten's default, which Python keeps as sys.executable): the copy must
  // not depend on where the checkout is, nor carry its folder names to every visitor
  _sysExecutable: "python",
  _makeSnapshot: true,
  stdout: () => {},
  stderr: (line) => console.error(line),
});
watch.stop();
if (!image) throw new Error("the wasm's memory was not seen as it was instantiated");
installWheel(pyodide, entry.file_name, fs.readFileSync(path.join(runtime, entry.file_name)));
const bytes = makeSnapshot(pyodide, image);
fs.writeFileSync(`${out}.tmp`, bytes);
fs.renameSync(`${out}.tmp`, out);
console.log(JSON.stringify({ file: path.basename(out), size: bytes.length }));
