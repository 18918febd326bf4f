// Starts the validator as early as possible, safely: a classic script placed at the top of a tool
// page (written for old browsers too: it must run where the modules cannot, to say why).
// 1. A tiny same-origin probe module worker (validator-probe.js) checks module workers, the
//    syntax and APIs the runtime needs and the host's security header, before any download.
// 2. Only then the real worker starts (Pyodide, about 12 MB); its messages are buffered until
//    validator-client.js adopts them (__ykBoot.attach).
// 3. If the probe fails, nothing is downloaded: the failure goes to the client like a worker error
//    (code unsupported | csp), and if the page's modules never run (a browser too old for them)
//    this script writes the page's own Chinese label into the status element itself.
// biome-ignore-all lint/complexity/useOptionalChain: runs on browsers too old for ?. so it can say so
(() => {
  if (globalThis.__ykBoot) return;
  const script = document.currentScript;
  const base = (script && script.src) || location.href;
  const boot = { buffer: [], url: new URL("validator-worker.js", base).href, worker: null, failed: null };
  boot.deliver = (msg) => {
    boot.buffer.push(msg);
  };
  boot.attach = (deliver) => {
    boot.deliver = deliver;
    const held = boot.buffer.splice(0);
    for (let i = 0; i < held.length; i++) deliver(held[i]);
  };
  globalThis.__ykBoot = boot;
  const PROBE_MS = 15000;

  function fail(code, detail) {
    if (boot.failed) return;
    boot.failed = code;
    boot.deliver({ type: "error", code: code, detail: detail || code });
    whenLoaded(showIfNoClient);
  }

  function start() {
    try {
      boot.worker = new Worker(boot.url, { type: "module" });
    } catch (err) {
      fail("unsupported", String(err));
      return;
    }
    boot.worker.onmessage = (event) => {
      boot.deliver(event.data);
    };
    boot.worker.onerror = (event) => {
      if (event && event.preventDefault) event.preventDefault();
      boot.deliver({ type: "error", code: "runtime", detail: (event && event.message) || "worker error" });
    };
    deferSearchIndex();
  }

  if (typeof Worker === "undefined" || typeof WebAssembly !== "object") {
    fail("unsupported", "Worker/WebAssembly missing");
    return;
  }
  let probe;
  try {
    probe = new Worker(new URL("validator-probe.js", base), { type: "module" });
  } catch (err) {
    fail("unsupported", String(err));
    return;
  }
  const timer = setTimeout(() => {
    probe.terminate();
    fail("unsupported", "probe timeout");
  }, PROBE_MS);
  probe.onmessage = (event) => {
    clearTimeout(timer);
    probe.terminate();
    const answer = event.data || {};
    if (!answer.ok) fail("unsupported", `missing: ${(answer.missing || []).join(",")}`);
    else if (!answer.csp) fail("csp", "the host sent no Content-Security-Policy header");
    else start();
  };
  probe.onerror = (event) => {
    if (event && event.preventDefault) event.preventDefault();
    clearTimeout(timer);
    fail("unsupported", (event && event.message) || "probe failed");
  };

  function whenLoaded(fn) {
    if (document.readyState === "complete") setTimeout(fn, 3000);
    else
      addEventListener("load", () => {
        setTimeout(fn, 3000);
      });
  }

  // The page's modules did not take over the status (too old a browser to run them): show the
  // page's label for this failure and the fallback link ourselves.
  function showIfNoClient() {
    const el = document.querySelector("[data-testid=validator-status]");
    if (!el || el.getAttribute("data-mounted")) return;
    const key = boot.failed === "csp" ? "data-label-error-csp" : "data-label-unsupported";
    const text = el.getAttribute(key) || el.getAttribute("data-label-error") || "";
    let line = el.querySelector("[data-role=stage]");
    if (!line) {
      line = document.createElement("span");
      line.setAttribute("data-role", "stage");
      el.insertBefore(line, el.firstChild);
    }
    line.textContent = text;
    el.setAttribute("data-state", "error");
    el.setAttribute("data-error-code", boot.failed);
    const fallback = el.querySelector("[data-role=fallback]");
    if (fallback) fallback.removeAttribute("hidden");
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
