// The start-up copy of the checker (a Pyodide memory snapshot), shared by the browser worker
// (validator-worker.js) and the Node test runner (tests/pyodide_runner.mjs), so both run the
// same code.
//
// A cold start runs Python's start-up and imports the validator and its standard library every
// visit. After the first cold start the worker keeps a copy of the interpreter's memory, taken
// once every tool's modules are imported and before any file of the candidate was checked, on
// this device only (the store: Cache Storage in the browser); the next visit restores it
// instead. The copy is the wasm memory, not the in-memory file system: the standard library
// and the wheel are still loaded as on a cold start, so a module imported later still finds
// its files.
//
// The validator is imported from its wheel as it is (a zip on sys.path: installWheel), never
// unpacked through the loader's package machinery: no install step at start-up, cold or
// restored.
//
// The loader's snapshot options are private (Pyodide 314.0.7, pinned): restore checks the
// copy's magic number and the build id of pyodide.asm.wasm; a copy that is refused, or that
// the store finds corrupt, is removed and the worker starts cold with the same result.
//
// store: {get() -> Promise<Uint8Array|null> (throws on a corrupt copy, after removing it),
//         put(bytes) -> Promise, remove() -> Promise}, or null (no store: a plain cold start).

// Imported before the copy is taken: every operation's module and the rules, as a real check
// would. The warm-up (validator-worker.js) imports only the open tool's; the copy serves all.
export const PREPARE = [
  "import importlib",
  "from validator.api import OPS",
  "from validator.ruleset import load_default",
  "import validator.bridge",
  "load_default()",
  "for _target in OPS.values():",
  "    importlib.import_module(_target.split(':')[0])",
  "del _target",
].join("\n");

// Where the wheel is put in Pyodide's file system: the same path on every start, since a
// restored copy's sys.path and import caches name it.
export const WHEEL_DIR = "/lib/yk-wheels/";

/**
 * Put the validator's wheel (its bytes, checked by the caller) into the file system and on
 * sys.path: Python imports the package from the zip, as it does the standard library.
 */
export function installWheel(pyodide, fileName, bytes) {
  const path = WHEEL_DIR + fileName;
  pyodide.FS.mkdirTree(WHEEL_DIR);
  pyodide.FS.writeFile(path, bytes);
  pyodide.runPython(
    `import sys\nif ${JSON.stringify(path)} not in sys.path: sys.path.insert(0, ${JSON.stringify(path)})`,
  );
}

/**
 * Start Pyodide from the stored copy when there is a usable one, else cold; install(pyodide)
 * (async) then puts the validator's wheel in place (installWheel), before any import.
 * Returns {pyodide, start: "snapshot" | "cold" | "refused", canSnapshot, refusal}.
 * "refused": a stored copy was found but not usable (corrupt, another build); it was removed.
 * An error of install is the start's error (a wheel that cannot be had fails a cold start too).
 */
export async function startRuntime(loadPyodide, options, store, install) {
  let saved = null;
  let refusal = null;
  if (store) {
    try {
      saved = await store.get();
    } catch (err) {
      refusal = String(err?.message ?? err);
    }
  }
  const drop = async (err) => {
    refusal = String(err?.message ?? err);
    try {
      await store.remove();
    } catch {
      // a copy that cannot be removed is refused again next time, never used
    }
  };
  if (saved) {
    let pyodide = null;
    try {
      pyodide = await loadPyodide({ ...options, _loadSnapshot: unpackCopy(saved) });
    } catch (err) {
      await drop(err);
    }
    if (pyodide) {
      await install(pyodide);
      try {
        // The package's files and the restored modules must agree: one import proves the pair.
        pyodide.runPython("import validator.bridge");
        return { pyodide, start: "snapshot", canSnapshot: false, refusal: null };
      } catch (err) {
        await drop(err);
      }
    }
  }
  const pyodide = await loadPyodide({ ...options, _makeSnapshot: Boolean(store) });
  await install(pyodide);
  return { pyodide, start: refusal ? "refused" : "cold", canSnapshot: Boolean(store), refusal };
}

/**
 * The copy of a cold-started interpreter, after PREPARE. Call it before any candidate's file
 * was checked (the copy must hold none of it) and only on a runtime started with canSnapshot.
 * The loader insists that its list of loaded packages is empty in a copy (the validator is
 * not one of them: installWheel); anything listed is left out for the moment of the copy.
 */
export function makeSnapshot(pyodide) {
  pyodide.runPython(PREPARE);
  const loaded = { ...pyodide.loadedPackages };
  for (const name of Object.keys(loaded)) delete pyodide.loadedPackages[name];
  try {
    return packCopy(pyodide.makeMemorySnapshot());
  } finally {
    Object.assign(pyodide.loadedPackages, loaded);
  }
}

// The copy as stored: the interpreter's memory without its pages of zeros. About half of it is
// zeros (measured: 3,876 of 7,681 pages of 4 KiB), and reading the stored copy from the device
// was the longest step of a second visit (31.5 MB: 250-550 ms in Chromium), so it is read at
// half the size and the zeros are put back in memory. Layout: "YKZ1", the memory's length and
// its page count (little-endian u32 each), one bit per page (set: the page is stored), then the
// stored pages in order (the last page may be short).
const PAGE = 4096;
const MAGIC = [0x59, 0x4b, 0x5a, 0x31];
const HEAD = 12;

function isZero(page) {
  if (page.byteOffset % 4 === 0 && page.length % 4 === 0) {
    const words = new Uint32Array(page.buffer, page.byteOffset, page.length / 4);
    for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
    return true;
  }
  for (let i = 0; i < page.length; i++) if (page[i] !== 0) return false;
  return true;
}

/** The interpreter's memory (Uint8Array) as stored: its pages of zeros left out. */
export function packCopy(memory) {
  const pages = Math.ceil(memory.length / PAGE);
  const map = new Uint8Array(Math.ceil(pages / 8));
  const kept = [];
  let size = 0;
  for (let p = 0; p < pages; p++) {
    const page = memory.subarray(p * PAGE, Math.min((p + 1) * PAGE, memory.length));
    if (isZero(page)) continue;
    map[p >> 3] |= 1 << (p & 7);
    kept.push(page);
    size += page.length;
  }
  const out = new Uint8Array(HEAD + map.length + size);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, memory.length, true);
  view.setUint32(8, pages, true);
  out.set(map, HEAD);
  let at = HEAD + map.length;
  for (const page of kept) {
    out.set(page, at);
    at += page.length;
  }
  return out;
}

/** The memory back from a stored copy; throws on anything that is not a whole copy in this layout. */
export function unpackCopy(stored) {
  const malformed = () => new Error("start-up copy: not a copy in this layout");
  if (stored.length < HEAD || MAGIC.some((b, i) => stored[i] !== b)) throw malformed();
  const view = new DataView(stored.buffer, stored.byteOffset, stored.length);
  const length = view.getUint32(4, true);
  const pages = view.getUint32(8, true);
  if (pages !== Math.ceil(length / PAGE)) throw malformed();
  const mapEnd = HEAD + Math.ceil(pages / 8);
  if (stored.length < mapEnd) throw malformed();
  const memory = new Uint8Array(length); // zeros: only the stored pages are copied in
  let at = mapEnd;
  for (let p = 0; p < pages; p++) {
    if (!(stored[HEAD + (p >> 3)] & (1 << (p & 7)))) continue;
    const size = Math.min(PAGE, length - p * PAGE);
    if (at + size > stored.length) throw malformed();
    memory.set(stored.subarray(at, at + size), p * PAGE);
    at += size;
  }
  if (at !== stored.length) throw malformed();
  return memory;
}

/** A store in memory (Node tests): the same contract as the worker's Cache Storage store. */
export function memoryStore() {
  let bytes = null;
  return {
    async get() {
      return bytes;
    },
    async put(value) {
      bytes = value;
    },
    async remove() {
      bytes = null;
    },
    peek() {
      return bytes;
    },
  };
}
