// Starts the validator worker as early as possible: a classic async script placed at the top of a
// tool page, so Pyodide starts downloading while the rest of the page is still being parsed.
// validator-client.js adopts this worker (and replays the messages it sent in the meantime).
(() => {
  if (globalThis.__ykBoot || typeof Worker === "undefined" || typeof WebAssembly !== "object") return;
  try {
    const script = document.currentScript;
    const url = new URL("validator-worker.js", script?.src || location.href);
    const worker = new Worker(url, { type: "module" });
    const buffer = [];
    worker.onmessage = (event) => {
      buffer.push(event.data);
    };
    worker.onerror = (event) => {
      buffer.push({ type: "error", code: "runtime", detail: event?.message || "worker error" });
    };
    globalThis.__ykBoot = { worker: worker, buffer: buffer, url: url.href };
    deferSearchIndex();
  } catch (_err) {
    // validator-client.js starts the worker itself (or reports why it cannot)
  }

  // The theme loads its search index (about 1 MB) with XMLHttpRequest as soon as the page starts;
  // on a tool page that competes with the runtime's download. Its request is held until the
  // worker says "settled" on the "yikao-runtime" channel (ready and warmed up, or failed), or
  // 20 s have passed; searching still works, it answers once the index is in.
  function deferSearchIndex() {
    const open = XMLHttpRequest.prototype.open;
    const send = XMLHttpRequest.prototype.send;
    const held = [];
    let released = false;
    function release() {
      if (released) return;
      released = true;
      held.splice(0).forEach((go) => {
        go();
      });
    }
    try {
      const channel = new BroadcastChannel("yikao-runtime");
      channel.onmessage = (event) => {
        if (event.data === "settled") release();
      };
    } catch (_err) {
      return;
    }
    setTimeout(release, 20000);
    XMLHttpRequest.prototype.open = function (...args) {
      this.__ykHold = /\/search\/search_index\.json(\?|$)/.test(String(args[1]));
      return open.apply(this, args);
    };
    XMLHttpRequest.prototype.send = function (...args) {
      if (this.__ykHold && !released) {
        held.push(() => {
          send.apply(this, args);
        });
        return;
      }
      return send.apply(this, args);
    };
  }
})();
