// Face analysis inside Pyodide (Node), on the runtime the site ships: make bench, section 7.
//   node scripts/bench_face.mjs SITE_DIR CASES.json  -> JSON on stdout
// CASES.json: [{name, width, height, channels, path (raw pixel bytes), runs}]. For each case: the pixels are
// prepared as the photo check does (validator.pixels.prepare to photo.analysis_max_side), then
// the face part (luma + validator.face.analyse) is timed `runs` times.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [siteArg, casesPath] = process.argv.slice(2);
const runtime = path.join(path.resolve(siteArg), "assets", "pyodide") + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(runtime, "pyodide.mjs")).href);
const { installWheel } = await import(pathToFileURL(path.join(runtime, "..", "js", "runtime-snapshot.js")).href);
const lockFileURL = path.join(runtime, "pyodide-lock.json");
const pyodide = await loadPyodide({
  indexURL: runtime,
  packageBaseUrl: runtime,
  lockFileURL,
  stdLibURL: path.join(runtime, "python_stdlib.zip"),
  stdout: () => {},
  stderr: () => {},
});
// The validator as the worker installs it (runtime-snapshot.js): its wheel on sys.path.
const wheelName = JSON.parse(fs.readFileSync(lockFileURL, "utf8")).packages.validator.file_name;
installWheel(pyodide, wheelName, new Uint8Array(fs.readFileSync(path.join(runtime, wheelName))));
const bridge = pyodide.pyimport("validator.bridge");
const faceDir = path.join(runtime, "..", "face");
for (const file of fs.readdirSync(faceDir).filter((f) => f.endsWith(".bin"))) {
  const status = bridge.install_model(file.slice(0, -4), new Uint8Array(fs.readFileSync(path.join(faceDir, file))));
  if (status !== "ok") throw new Error(status);
}
const cases = JSON.parse(fs.readFileSync(casesPath, "utf8"));
const out = {};
const timeIt = pyodide.runPython(`
import time
from validator import face, pixels as px
from validator.ruleset import load_default
from datetime import date

def time_it(width, height, channels, data, runs):
    rules = load_default()
    detector = rules.param("photo.face_detector", "national", date(2026, 12, 15)).value
    side = rules.param("photo.analysis_max_side", "national", date(2026, 12, 15)).value
    img = px.Image(width, height, bytes(data.to_py()) if hasattr(data, "to_py") else bytes(data), channels)
    t0 = time.perf_counter()
    planes = px.prepare(img, side)
    prep = (time.perf_counter() - t0) * 1000
    times, found = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        grey = px.luma(planes)
        found = face.analyse(grey, planes.width, planes.height, detector)
        times.append((time.perf_counter() - t0) * 1000)
    return {"prepare_ms": prep, "face_ms": times, "faces": found["faces"], "analysed": [planes.width, planes.height]}
time_it
`);
for (const c of cases) {
  const data = new Uint8Array(fs.readFileSync(path.resolve(path.dirname(casesPath), c.path)));
  out[c.name] = timeIt(c.width, c.height, c.channels ?? 3, data, c.runs).toJs({ dict_converter: Object.fromEntries });
}
process.stdout.write(JSON.stringify(out));
