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
// the store finds corrupt, is removed and the worker starts cold with the same result. The copy
// leaves out what the wasm itself puts in memory when instantiated (packCopy): startRuntime
// watches the loader's instantiation (watchInstance) and puts those pages back from the new
// memory before the loader restores the copy; a restore where it did not see the new memory is
// refused the same way.
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
      const copy = unpackCopy(saved);
      // the pages the copy shares with the wasm's own data come from the new instance's memory
      const watch = watchInstance((memory) => copy.fill(memory));
      try {
        pyodide = await loadPyodide({ ...options, _loadSnapshot: copy.bytes });
      } finally {
        watch.stop();
      }
      if (!copy.filled) throw new Error("start-up copy: the new memory was not seen before the restore");
    } catch (err) {
      pyodide = null;
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
  let image = null;
  const watch = store ? watchInstance((memory) => (image = startImage(memory))) : null;
  let pyodide;
  try {
    pyodide = await loadPyodide({ ...options, _makeSnapshot: Boolean(store) });
  } finally {
    watch?.stop();
  }
  if (image) starts.set(pyodide, image);
  await install(pyodide);
  return { pyodide, start: refusal ? "refused" : "cold", canSnapshot: Boolean(store), refusal };
}

// A cold-started runtime's memory as its instantiation left it (startImage), kept until its copy
// is taken (makeSnapshot), so the copy can leave out what the wasm itself puts back.
const starts = new WeakMap();

/**
 * The copy of a cold-started interpreter, after PREPARE. Call it before any candidate's file
 * was checked (the copy must hold none of it) and only on a runtime started with canSnapshot.
 * The loader insists that its list of loaded packages is empty in a copy (the validator is
 * not one of them: installWheel); anything listed is left out for the moment of the copy.
 * image: the memory as instantiated (startImage; startRuntime keeps it for its cold starts).
 */
export function makeSnapshot(pyodide, image = starts.get(pyodide) ?? null) {
  pyodide.runPython(PREPARE);
  const loaded = { ...pyodide.loadedPackages };
  for (const name of Object.keys(loaded)) delete pyodide.loadedPackages[name];
  try {
    return packCopy(pyodide.makeMemorySnapshot(), image);
  } finally {
    Object.assign(pyodide.loadedPackages, loaded);
    starts.delete(pyodide);
  }
}

/**
 * While the watch runs, see(memory) is called with the memory (a Uint8Array over it) of the
 * first instance the loader makes of a module with a memory of its own (Pyodide's), before
 * the loader has the instance: that memory then holds the wasm's data as instantiation put it
 * there, and none of its code has run. The loader instantiates through instantiateStreaming
 * (in a browser; the worker's stand-in calls instantiate) or instantiate (Node); both are
 * watched, and put back by stop().
 */
export function watchInstance(see) {
  const W = WebAssembly;
  const { instantiate, instantiateStreaming } = W;
  let seen = false;
  const look = (result) => {
    const instance = result instanceof W.Instance ? result : result?.instance;
    const memory = instance?.exports?.memory;
    if (!seen && memory instanceof W.Memory && memory.buffer.byteLength >= 1 << 20) {
      seen = true;
      try {
        see(new Uint8Array(memory.buffer));
      } catch {
        // never the loader's error: its instantiation would then never end (it only logs one).
        // A copy left unfilled is refused after the load; a cold start keeps no image (a full copy).
      }
    }
    return result;
  };
  W.instantiate = (...args) => instantiate.apply(W, args).then(look);
  if (instantiateStreaming) W.instantiateStreaming = (...args) => instantiateStreaming.apply(W, args).then(look);
  return {
    stop() {
      W.instantiate = instantiate;
      if (instantiateStreaming) W.instantiateStreaming = instantiateStreaming;
    },
  };
}

/** A memory as instantiated, kept (a copy): up to its last byte that is not zero. */
export function startImage(memory) {
  const words = new Uint32Array(memory.buffer, memory.byteOffset, Math.floor(memory.length / 4));
  let end = words.length;
  while (end > 0 && words[end - 1] === 0) end--;
  return memory.slice(0, end * 4);
}

// The copy as stored: the loader's snapshot (its head, then the interpreter's memory) without
// what needs no storing: its pages of zeros (measured: 4,563 of 7,681 pages of 4 KiB), and its
// pages still as the wasm's own data put them when it was instantiated (819 pages: 3.4 MB of the
// 3.8 MB its data spans, and 0.95 MB of the site's copy once compressed). The
// zeros are put back when the copy is unpacked; the pages of the wasm's data once the new
// instance's memory holds them, before the loader restores the copy (watchInstance, fill).
// Reading the stored copy from the device was the longest step of a second visit (31.5 MB:
// 250-550 ms in Chromium), and the site's copy is downloaded: both come at 9.4 MB.
// Layout: "YKZ2", the copy's length, its page count and where the memory begins in it (the
// loader's head: offset) as little-endian u32 each, then two maps of one bit per page (stored
// pages, then pages of the wasm's data), then the stored pages in order (the last may be short).
const PAGE = 4096;
const MAGIC = [0x59, 0x4b, 0x5a, 0x32];
const HEAD = 16;

function isZero(page) {
  if (page.byteOffset % 4 === 0 && page.length % 4 === 0) {
    const words = new Uint32Array(page.buffer, page.byteOffset, page.length / 4);
    for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
    return true;
  }
  for (let i = 0; i < page.length; i++) if (page[i] !== 0) return false;
  return true;
}

function same(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Where the interpreter's memory begins in the loader's snapshot: the length of its head (the
// loader's restoreSnapshot reads it there, the second u32), or 0 when it is not one.
function memoryOffset(snapshot) {
  if (snapshot.length < 8) return 0;
  const offset = new DataView(snapshot.buffer, snapshot.byteOffset, 8).getUint32(4, true);
  return offset <= snapshot.length ? offset : 0;
}

/**
 * The loader's snapshot (Uint8Array) as stored: its pages of zeros left out, and, given the
 * memory as instantiated (image: startImage), its pages that are the same as there.
 */
export function packCopy(snapshot, image = null) {
  const pages = Math.ceil(snapshot.length / PAGE);
  const offset = memoryOffset(snapshot);
  const mapSize = Math.ceil(pages / 8);
  const stored = new Uint8Array(mapSize);
  const fromStart = new Uint8Array(mapSize);
  const kept = [];
  let size = 0;
  for (let p = 0; p < pages; p++) {
    const page = snapshot.subarray(p * PAGE, Math.min((p + 1) * PAGE, snapshot.length));
    if (isZero(page)) continue;
    const at = p * PAGE - offset; // the page's place in memory
    if (image && offset > 0 && at >= 0 && at + page.length <= image.length) {
      if (same(page, image.subarray(at, at + page.length))) {
        fromStart[p >> 3] |= 1 << (p & 7);
        continue;
      }
    }
    stored[p >> 3] |= 1 << (p & 7);
    kept.push(page);
    size += page.length;
  }
  const out = new Uint8Array(HEAD + 2 * mapSize + size);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, snapshot.length, true);
  view.setUint32(8, pages, true);
  view.setUint32(12, offset, true);
  out.set(stored, HEAD);
  out.set(fromStart, HEAD + mapSize);
  let at = HEAD + 2 * mapSize;
  for (const page of kept) {
    out.set(page, at);
    at += page.length;
  }
  return out;
}

/**
 * A stored copy unpacked: {bytes, fill(memory), filled, startPages}. bytes is the loader's snapshot, its
 * zeros put back; the pages of the wasm's data in it are put back by fill(memory), given the
 * memory of the instance the loader makes (watchInstance), before the loader restores bytes.
 * Throws on anything that is not a whole copy in this layout.
 */
export function unpackCopy(stored) {
  const malformed = () => new Error("start-up copy: not a copy in this layout");
  if (stored.length < HEAD || MAGIC.some((b, i) => stored[i] !== b)) throw malformed();
  const view = new DataView(stored.buffer, stored.byteOffset, stored.length);
  const length = view.getUint32(4, true);
  const pages = view.getUint32(8, true);
  const offset = view.getUint32(12, true);
  if (pages !== Math.ceil(length / PAGE) || offset > length) throw malformed();
  const mapSize = Math.ceil(pages / 8);
  const storedMap = HEAD;
  const startMap = HEAD + mapSize;
  if (stored.length < HEAD + 2 * mapSize) throw malformed();
  const bytes = new Uint8Array(length); // zeros: only the stored pages are copied in
  const fromStart = [];
  let at = HEAD + 2 * mapSize;
  for (let p = 0; p < pages; p++) {
    const bit = 1 << (p & 7);
    const isStored = stored[storedMap + (p >> 3)] & bit;
    const isStart = stored[startMap + (p >> 3)] & bit;
    const size = Math.min(PAGE, length - p * PAGE);
    if (isStored && isStart) throw malformed();
    if (isStart) {
      if (p * PAGE < offset) throw malformed(); // the loader's head is never the wasm's data
      fromStart.push(p);
      continue;
    }
    if (!isStored) continue;
    if (at + size > stored.length) throw malformed();
    bytes.set(stored.subarray(at, at + size), p * PAGE);
    at += size;
  }
  if (at !== stored.length) throw malformed();
  const copy = {
    bytes,
    startPages: fromStart.length,
    filled: fromStart.length === 0,
    fill(memory) {
      if (memory.length < length - offset) return; // not the loader's new memory: left unfilled
      for (const p of fromStart) {
        const end = Math.min((p + 1) * PAGE, length);
        bytes.set(memory.subarray(p * PAGE - offset, end - offset), p * PAGE);
      }
      copy.filled = true;
    },
  };
  return copy;
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
