// Runs prepared test-vector cases inside the pinned npm Pyodide (Node), through the same
// validator.bridge.handle() the browser worker calls.
//
//   node tests/pyodide_runner.mjs CASES.json RESULTS.json WHEEL.whl
//
// CASES.json: [{id, op, request, data_path?, pixels?: {width, height, channels, path}}]
// (bytes are in files next to CASES.json, not inlined, so big pixel buffers stay cheap).
// RESULTS.json: {"pyodide": version, "python": version, "results": {id: report}}.
// Everything is local: indexURL is node_modules/pyodide, no package is ever loaded.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const pyodideDir = path.join(here, "..", "node_modules", "pyodide") + path.sep;
const [casesPath, outPath, wheelPath] = process.argv.slice(2);
if (!casesPath || !outPath || !wheelPath) {
  console.error("usage: node tests/pyodide_runner.mjs CASES.json RESULTS.json WHEEL.whl");
  process.exit(2);
}

const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: pyodideDir,
  packageBaseUrl: pyodideDir,
  stdout: () => {},
  stderr: (line) => console.error(line),
});
const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
pyodide.unpackArchive(new Uint8Array(fs.readFileSync(wheelPath)), "wheel", { extractDir: sitePackages });
const handle = pyodide.pyimport("validator.bridge").handle;
const pythonVersion = pyodide.runPython("import sys; sys.version.split()[0]");

const base = path.dirname(casesPath);
const read = (p) => new Uint8Array(fs.readFileSync(path.resolve(base, p)));
const cases = JSON.parse(fs.readFileSync(casesPath, "utf8"));
const results = {};
for (const c of cases) {
  const data = c.data_path ? read(c.data_path) : null;
  const pixels = c.pixels
    ? { width: c.pixels.width, height: c.pixels.height, channels: c.pixels.channels, data: read(c.pixels.path) }
    : null;
  try {
    results[c.id] = JSON.parse(handle(c.op, JSON.stringify(c.request), data, pixels));
  } catch (err) {
    results[c.id] = { runner_error: String(err).slice(0, 2000) };
  }
}
fs.writeFileSync(outPath, JSON.stringify({ pyodide: pyodide.version, python: pythonVersion, results }));
