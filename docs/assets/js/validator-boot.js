// Starts the validator worker as early as possible: a classic async script placed at the top of a
// tool page, so Pyodide starts downloading while the rest of the page is still being parsed.
// validator-client.js adopts this worker (and replays the messages it sent in the meantime).
(function () {
  if (globalThis.__ykBoot || typeof Worker === "undefined" || typeof WebAssembly !== "object") return;
  try {
    var script = document.currentScript;
    var url = new URL("validator-worker.js", (script && script.src) || location.href);
    var worker = new Worker(url, { type: "module" });
    var buffer = [];
    worker.onmessage = function (event) {
      buffer.push(event.data);
    };
    worker.onerror = function (event) {
      buffer.push({ type: "error", code: "runtime", detail: (event && event.message) || "worker error" });
    };
    globalThis.__ykBoot = { worker: worker, buffer: buffer, url: url.href };
  } catch (err) {
    // validator-client.js starts the worker itself (or reports why it cannot)
  }
})();
