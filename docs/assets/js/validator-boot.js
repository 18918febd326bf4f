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
    deferSearchIndex();
  } catch (err) {
    // validator-client.js starts the worker itself (or reports why it cannot)
  }

  // The theme loads its search index (about 1 MB) with XMLHttpRequest as soon as the page starts;
  // on a tool page that competes with the runtime's download. Its request is held until the
  // worker says "settled" on the "yikao-runtime" channel (ready and warmed up, or failed), or
  // 20 s have passed; searching still works, it answers once the index is in.
  function deferSearchIndex() {
    var open = XMLHttpRequest.prototype.open;
    var send = XMLHttpRequest.prototype.send;
    var held = [];
    var released = false;
    function release() {
      if (released) return;
      released = true;
      held.splice(0).forEach(function (go) {
        go();
      });
    }
    try {
      var channel = new BroadcastChannel("yikao-runtime");
      channel.onmessage = function (event) {
        if (event.data === "settled") release();
      };
    } catch (err) {
      return;
    }
    setTimeout(release, 20000);
    XMLHttpRequest.prototype.open = function (method, target) {
      this.__ykHold = /\/search\/search_index\.json(\?|$)/.test(String(target));
      return open.apply(this, arguments);
    };
    XMLHttpRequest.prototype.send = function () {
      var xhr = this;
      var args = arguments;
      if (xhr.__ykHold && !released) {
        held.push(function () {
          send.apply(xhr, args);
        });
        return;
      }
      return send.apply(xhr, args);
    };
  }
})();
