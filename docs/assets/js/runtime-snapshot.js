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

/**
 * Start Pyodide from the stored copy when there is a usable one, else cold.
 * Returns {pyodide, start: "snapshot" | "cold" | "refused", canSnapshot, refusal}.
 * "refused": a stored copy was found but not usable (corrupt, another build); it was removed.
 */
export async function startRuntime(loadPyodide, options, store) {
  let saved = null;
  let refusal = null;
  if (store) {
    try {
      saved = await store.get();
    } catch (err) {
      refusal = String(err?.message ?? err);
    }
  }
  if (saved) {
    try {
      const pyodide = await loadPyodide({ ...options, _loadSnapshot: saved });
      // The package's files and the restored modules must agree: one import proves the pair.
      pyodide.runPython("import validator.bridge");
      return { pyodide, start: "snapshot", canSnapshot: false, refusal: null };
    } catch (err) {
      refusal = String(err?.message ?? err);
      try {
        await store.remove();
      } catch {
        // a copy that cannot be removed is refused again next time, never used
      }
    }
  }
  const pyodide = await loadPyodide({ ...options, _makeSnapshot: Boolean(store) });
  return { pyodide, start: refusal ? "refused" : "cold", canSnapshot: Boolean(store), refusal };
}

/**
 * The copy of a cold-started interpreter, after PREPARE. Call it before any candidate's file
 * was checked (the copy must hold none of it) and only on a runtime started with canSnapshot.
 * The loader insists that its list of loaded packages is empty in a copy (it is filled again
 * when the restored runtime loads the wheel): it is emptied for the moment of the copy.
 */
export function makeSnapshot(pyodide) {
  pyodide.runPython(PREPARE);
  const loaded = { ...pyodide.loadedPackages };
  for (const name of Object.keys(loaded)) delete pyodide.loadedPackages[name];
  try {
    return pyodide.makeMemorySnapshot();
  } finally {
    Object.assign(pyodide.loadedPackages, loaded);
  }
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
