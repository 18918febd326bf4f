// Runs a Python script inside the pinned npm Pyodide (Node), for build steps that need
// Pyodide's own Python (e.g. compiling .pyc for it):
//
//   node scripts/in_pyodide.mjs SCRIPT.py [ARG ...]
//
// The host's file system is mounted at /host; arguments that look like paths (they contain a
// "/" or a ".") and name an existing host file or folder, or one whose folder exists (outputs),
// are rewritten to /host/... so the script can read and write them directly. Exit status: the script's SystemExit code (0 when it returns).
// Everything is local: Pyodide loads from node_modules/pyodide and no package is fetched.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const pyodideDir = path.join(here, "..", "node_modules", "pyodide") + path.sep;
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error("usage: node scripts/in_pyodide.mjs SCRIPT.py [ARG ...]");
  process.exit(2);
}

// Symbolic links are resolved on the host (inside, a link's absolute target would miss /host).
const hostPath = (arg) => {
  if (!/[/.]/.test(arg)) return arg;
  const abs = path.resolve(arg);
  if (fs.existsSync(abs)) return `/host${fs.realpathSync(abs)}`;
  const dir = path.dirname(abs);
  return fs.existsSync(dir) ? `/host${path.join(fs.realpathSync(dir), path.basename(abs))}` : arg;
};

const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: pyodideDir,
  packageBaseUrl: pyodideDir,
  // compile() writes line numbers but no column ranges: a third smaller .pyc (tracebacks keep
  // their lines, lose only the ^^^ markers).
  env: { HOME: "/home/pyodide", PYTHONNODEBUGRANGES: "1" },
  stdout: (line) => console.log(line),
  stderr: (line) => console.error(line),
});
pyodide.FS.mkdir("/host");
pyodide.mountNodeFS("/host", "/");
pyodide.globals.set("_argv", [hostPath(script), ...args.map(hostPath)]);
let status = 1;
try {
  status = pyodide.runPython(`
import runpy, sys
sys.argv = list(_argv)
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
    _status = 0
except SystemExit as exc:
    _status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
_status
`);
} catch (err) {
  console.error(String(err?.message ?? err).slice(-4000)); // a Python traceback, not Pyodide's source
}
process.exit(status);
