// Starts the validator as early as possible, safely: a classic script placed at the top of a tool
// page (written for old browsers too: it must run where the modules cannot, to say why).
// Four things, none waits for another to finish:
// 1. the real worker (validator-worker.js: Pyodide, about 4 MB compressed), which starts every
//    download the moment it runs; its messages are held here until 2 and 3 have answered, then
//    buffered until validator-client.js adopts them (__ykBoot.attach);
// 2. the probe (validator-probe.js): module workers, the syntax and APIs the runtime needs and the
//    host's security header. The real worker imports it as it starts, and its answer comes from
//    there: no second worker on the usual path (one more worker starting beside the real one on a
//    two-core machine cost about 45 ms of ready). Only when the real worker fails, or has not
//    answered within PROBE_AFTER_MS, does the probe run as a worker of its own, to learn why;
// 3. on a failure only, a look at how the host serves the runtime (HEAD requests): the wasm must
//    come as application/wasm, the worker modules as JavaScript, the lock as JSON, or the browser
//    refuses them and the failure would blame the browser or the network. A start that works needs
//    no look (the browser has checked every type itself); six requests at start cost a phone on
//    HTTP/1.1 a round trip or two before the worker's own script could even be fetched.
// 4. the wasm (the largest file, 2.8 MB compressed): this page fetches and compiles it from the
//    moment this script runs, not once the worker is up (on a phone two or three round trips
//    later, about 0.3 s), and hands the worker the compiled module; a worker named
//    WASM_FROM_PAGE waits for it, and fetches the wasm itself only if the page says it could not.
//    On a second visit the compile from the browser's cache likewise starts at once.
// If 2 fails or 3 finds a wrong type, the worker is stopped and that failure goes to the client like a worker error
// (code unsupported | csp | mime); if the page's modules never run (a browser too old for them)
// this script writes the page's own Chinese label into the status element itself.
// The open tool's warm-up list (data-warm on this script's tag) is passed on to the worker.
// biome-ignore-all lint/complexity/useOptionalChain: runs on browsers too old for ?. so it can say so
(() => {
  if (globalThis.__ykBoot) return;
  // scripts run here (tools.css: the bar's place is kept while the page's modules load)
  document.documentElement.classList.add("yk-js");
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
  // The probe starts then at the latest. Tests of the usual path set globalThis.__ykProbeAfterMs (an
  // init script) to a time no start takes, so a start slowed by a busy machine does not look like one
  // whose runtime worker could not import the probe.
  const PROBE_AFTER_MS = Number(globalThis.__ykProbeAfterMs) || 1500;
  // The site's start-up copy (validator-worker.js SITE_COPY: 2.2 MB on the wire) saves Python's
  // start (0.6-0.9 s on a fast computer, three to four times that on a phone) where it is not
  // stored on this device yet. It is asked for only when the wasm came in at this many bytes per
  // millisecond or more on the wire, and never when the browser asks to save data. 1,750 (14 Mbit/s):
  // the copy then takes about 1.3 s, against 2.5-3.5 s of a phone's start; a computer on such a
  // line loses up to half a second, on a faster one it gains (the rate at which the copy costs as
  // long as the copy of 3.2 MB did at 2,500, before it left out the wasm's own data). The rate
  // measured is below the line's (the page takes the wasm in as it compiles it, beside the other
  // downloads): the copy is asked for less often than the line would allow, never more. Tests set
  // globalThis.__ykCopyRateMin (an init script).
  const copyRateGiven = Number(globalThis.__ykCopyRateMin);
  const COPY_RATE_MIN = Number.isFinite(copyRateGiven) ? copyRateGiven : 1750;
  boot.copy = null; // the word on the site's copy once the rate is known: true or false
  // The time budget of one check (content: file.check_seconds, written on this tag by the build).
  boot.budgetMs = Number((script && script.getAttribute("data-budget-s")) || 0) * 1000;
  const warmOps = ((script && script.getAttribute("data-warm")) || "").split(/\s+/).filter(Boolean);
  // The worker's messages wait here until the probe has answered (and, after a failure, the host check).
  const gate = { probe: false, host: true, held: [] };
  const HOST_MS = 4000; // a host check that has not answered by then (lie-fi) is no evidence
  const JS_TYPES = ["text/javascript", /javascript|ecmascript/i];
  let hostChecked = null;
  const WASM_FROM_PAGE = "yk-wasm-from-page"; // the worker's name: validator-worker.js reads it
  boot.wasmBytes = 0;
  const earlyNotes = []; // listenForEarlyPicks: hidden again if the checker cannot start
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are what it removes
  const UNSAFE_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

  function mark(name) {
    if (typeof performance === "object" && performance.mark) performance.mark(name); // make bench's phases
  }

  function fail(code, detail) {
    if (boot.failed) return;
    boot.failed = code;
    boot.detail = detail || code;
    for (let i = 0; i < earlyNotes.length; i++) earlyNotes[i].hidden = true;
    if (boot.worker) boot.worker.terminate();
    gate.held = [];
    boot.deliver({ type: "error", code: code, detail: detail || code });
    whenLoaded(showIfNoClient);
  }

  function pass(msg) {
    if (boot.failed) return;
    if (gate.probe && gate.host) boot.deliver(msg);
    else gate.held.push(msg);
  }

  function open(which) {
    gate[which] = true;
    if (!gate.probe || !gate.host || boot.failed) return;
    const held = gate.held.splice(0);
    for (let i = 0; i < held.length; i++) boot.deliver(held[i]);
  }

  /** A (new) runtime worker; the client calls it again to restart one that was stopped. */
  boot.start = () => {
    mark("validator-worker-start");
    let worker;
    try {
      worker = new Worker(boot.url, { type: "module", name: boot.wasm ? WASM_FROM_PAGE : "" });
    } catch (err) {
      fail("unsupported", String(err));
      return null;
    }
    boot.worker = worker;
    if (boot.wasm) handOver(worker);
    worker.onmessage = (event) => {
      const msg = event.data || {};
      if (msg.type === "probe") answered(msg);
      else if (msg.type === "no-probe") startProbe();
      else if (boot.worker === worker) {
        if (msg.type === "error") {
          startProbe(); // why it failed: the probe says if the browser is the cause,
          checkHost(); // and the host check if the host is
        }
        pass(msg);
      }
    };
    worker.onerror = (event) => {
      startProbe();
      checkHost();
      if (event && event.preventDefault) event.preventDefault();
      if (boot.worker === worker)
        pass({ type: "error", code: "runtime", detail: (event && event.message) || "worker error" });
    };
    if (warmOps.length) worker.postMessage({ type: "warm", ops: warmOps });
    return worker;
  };

  if (typeof Worker === "undefined" || typeof WebAssembly !== "object") {
    fail("unsupported", "Worker/WebAssembly missing");
    return;
  }
  boot.wasm = compileWasm();
  if (boot.wasm) boot.wasm.then(measureWasm, () => decideCopy(false));
  boot.start();
  deferSearchIndex();
  listenForEarlyPicks();
  watchPageModules();

  const probeTimer = setTimeout(startProbe, PROBE_AFTER_MS);

  // A file picked before the tool's own script runs (on a slow phone the pick button works a second
  // or two earlier): the page says at once that it has the file, and the tool checks it when it runs.
  // The input names the element that says so (data-early-note: its data-testid), whose
  // data-label-early has the words ({name}: the file's name, isolated and without control characters,
  // as image-decode.js displayName writes it); the tool marks the input (data-tool-ready) once it
  // has taken over.
  function listenForEarlyPicks() {
    document.addEventListener(
      "change",
      (event) => {
        const input = event.target;
        if (!input || !input.getAttribute || input.getAttribute("data-tool-ready") || boot.failed) return;
        const id = input.getAttribute("data-early-note");
        const note = id ? document.querySelector(`[data-testid="${id}"]`) : null;
        const file = input.files && input.files[0];
        if (!note || !file) return;
        const name = String(file.name || "").replace(UNSAFE_IN_NAMES, "");
        note.textContent = (note.getAttribute("data-label-early") || "").replace("{name}", `\u2068${name}\u2069`);
        note.hidden = false;
        earlyNotes.push(note);
        // on a phone it is below the pick button, often under the screen's edge: scrolled into view
        if (note.getBoundingClientRect().bottom > window.innerHeight && note.scrollIntoView) note.scrollIntoView(false);
      },
      true,
    );
  }

  // The probe's answer, from the real worker (which imports the probe) or from the probe's own worker.
  function answered(answer) {
    if (gate.probe || boot.failed) return;
    mark("validator-probe-done");
    clearTimeout(probeTimer);
    if (!answer.ok) fail("unsupported", `missing: ${(answer.missing || []).join(",")}`);
    else if (!answer.csp) fail("csp", "the host sent no Content-Security-Policy header");
    else open("probe");
  }

  function startProbe() {
    if (boot.probeStarted || boot.failed || gate.probe) return;
    boot.probeStarted = true;
    let probe;
    mark("validator-probe-start");
    try {
      probe = new Worker(new URL("validator-probe.js", base), { type: "module" });
    } catch (err) {
      fail("unsupported", String(err));
      return;
    }
    const timer = setTimeout(() => {
      probe.terminate();
      whyNotLoaded(new URL("validator-probe.js", base).href, "unsupported", "probe timeout");
    }, PROBE_MS);
    probe.onmessage = (event) => {
      clearTimeout(timer);
      probe.terminate();
      answered(event.data || {});
    };
    probe.onerror = (event) => {
      if (event && event.preventDefault) event.preventDefault();
      clearTimeout(timer);
      // A probe that cannot even load may be the host's fault (a script sent as text/plain): the
      // host check names that; or the network's (the line dropped: its file cannot be fetched);
      // else the browser cannot run module workers.
      checkHost().then((bad) => {
        if (!bad)
          whyNotLoaded(
            new URL("validator-probe.js", base).href,
            "unsupported",
            (event && event.message) || "probe failed",
          );
      });
    };
  }

  // The wasm, compiled as its bytes arrive (from the response itself, so the browser keeps its
  // code cache for the next visit); null where the browser cannot (the worker then does it all).
  function compileWasm() {
    if (typeof WebAssembly.compileStreaming !== "function" || typeof fetch !== "function") return null;
    let compiled;
    try {
      compiled = fetch(new URL("../pyodide/pyodide.asm.wasm", base).href).then((response) => {
        if (!response.ok) throw new Error(`pyodide.asm.wasm: HTTP ${response.status}`);
        countWasm(response.clone());
        slowUnless(Number(response.headers.get("content-length")) || 0);
        return WebAssembly.compileStreaming(response);
      });
    } catch (_err) {
      return null;
    }
    // The worker is told, and fetches the wasm itself (a wrong type still works that way, slower:
    // the host check names it for the site's operator).
    compiled.catch(() => {
      checkHost();
    });
    return compiled;
  }

  // The wasm's bytes as they arrive, for the worker's progress bar (it counts the other files).
  function countWasm(copy) {
    if (!copy.body || !copy.body.getReader) return;
    const reader = copy.body.getReader();
    const pump = () =>
      reader.read().then((step) => {
        if (step.done) {
          boot.wasmIn = true;
          measureWasm(); // its timing is there now, usually: the word comes before the compile ends
          return;
        }
        boot.wasmBytes += step.value.byteLength;
        if (boot.worker) boot.worker.postMessage({ type: "bytes", n: step.value.byteLength });
        return pump();
      });
    pump().catch(() => {});
  }

  // How fast the wasm came (COPY_RATE_MIN): its bytes on the wire over the time from its request
  // to its last byte, as the browser's network timing has them (not the page's own clock, which a
  // busy page reads late). The entry is there by the time the compile is done, or a moment later;
  // a wasm from a cache (no bytes on the wire), or no entry within 300 ms, tells nothing: no copy
  // (the worker's cold start waits for this word, so it is never long in coming). Measured once:
  // when its last byte has been read here, or when the compile ends, whichever is first (a phone
  // review: on a slow page the word came up to 340 ms after the compiled module).
  function measureWasm() {
    if (boot.measuring) return;
    boot.measuring = true;
    const url = new URL("../pyodide/pyodide.asm.wasm", base).href;
    let observer = null;
    let timer = 0;
    const settle = (entry) => {
      if (observer) observer.disconnect();
      clearTimeout(timer);
      const ms = entry ? entry.responseEnd - (entry.requestStart || entry.startTime) : 0;
      boot.wasmRate = ms > 0 ? Math.round(entry.transferSize / ms) : 0;
      // The copy comes as packed as the wasm did (brotli: 0.29 of its size). A host that sends it
      // less packed sends the copy so too: so much more is needed of the rate.
      const packed = entry && entry.decodedBodySize > 0 ? entry.transferSize / entry.decodedBodySize : 1;
      decideCopy(ms > 0 && boot.wasmRate >= COPY_RATE_MIN * Math.max(1, packed / 0.3));
    };
    // true once settled by an entry of the wasm's (or of the wasm from a cache)
    const look = (entries) => {
      for (let i = 0; i < entries.length; i++) {
        const e = entries[i];
        if (e.name !== url || !(e.responseEnd > 0)) continue;
        if (e.transferSize > 1024) {
          settle(e);
          return true;
        }
        if (e.transferSize === 0 && e.encodedBodySize > 1024) {
          settle(null); // from a cache
          return true;
        }
      }
      return false;
    };
    // The entry as the page's timeline has it now: usually there once the last byte is read. An
    // observer's callback comes only when the page is idle, which a long task of the page's own
    // scripts (the theme's, about 120 ms on a computer) put off past the wasm's end, and past the
    // 300 ms after which the word was "no" on a fast line.
    const lookNow = () => {
      try {
        return look(performance.getEntriesByName(url, "resource"));
      } catch (_err) {
        return false;
      }
    };
    if (lookNow()) return;
    timer = setTimeout(() => {
      if (!lookNow()) settle(null);
    }, 300);
    try {
      observer = new PerformanceObserver((list) => look(list.getEntries()));
      observer.observe({ type: "resource", buffered: true });
    } catch (_err) {
      settle(null);
    }
  }

  // The word on the site's copy, given once; the worker hears it now or when it is started.
  function decideCopy(fast) {
    if (boot.copy !== null) return;
    const saving = Boolean(navigator.connection && navigator.connection.saveData);
    boot.copy = COPY_RATE_MIN === 0 || (fast && !saving);
    if (boot.worker) tellCopy(boot.worker);
  }

  // A wasm of this many bytes on the wire that is still not in well after it would be at
  // COPY_RATE_MIN (half as long again, counted from the page's start, before its request) came
  // slower than that: the word is "no" then, so the worker's cold start does not wait for the
  // compile to end to hear it.
  function slowUnless(wire) {
    if (!(wire > 0) || COPY_RATE_MIN === 0) return;
    const late = () => {
      if (!boot.wasmIn) decideCopy(false);
    };
    setTimeout(late, Math.max(0, (1.5 * wire) / COPY_RATE_MIN - performance.now()));
  }

  // Only the first worker may fetch the site's copy: it keeps the copy on this device, and a worker
  // started again later in the visit (after a check ran too long) restores that one or starts cold.
  function tellCopy(worker) {
    if (boot.copy === null) return;
    worker.postMessage({ type: "copy", wanted: boot.copy && !boot.copyTold });
    if (boot.copy) boot.copyTold = true;
  }

  // A (new) worker gets the bytes counted so far, then the compiled module, or word that there
  // is none (it then fetches and compiles the wasm itself).
  function handOver(worker) {
    if (boot.wasmBytes) worker.postMessage({ type: "bytes", n: boot.wasmBytes });
    const none = (err) => {
      worker.postMessage({ type: "wasm", module: null, detail: String(err) });
      worker.postMessage({ type: "copy", wanted: false });
    };
    tellCopy(worker);
    boot.wasm.then((module) => {
      try {
        worker.postMessage({ type: "wasm", module: module });
      } catch (err) {
        none(err); // a browser that cannot hand a module to a worker
      }
    }, none);
  }

  // The content types a browser insists on (module scripts and streamed wasm are refused under
  // any other type). Only a clear wrong answer fails: a host that refuses HEAD, or no network
  // (offline, served by the service worker), says nothing here. Run once, after a failure: the
  // worker's messages are held until it answers.
  function checkHost() {
    if (hostChecked) return hostChecked;
    if (navigator.onLine === false) {
      // offline (the service worker serves the files; it does not answer HEAD): nothing to learn
      hostChecked = Promise.resolve(false);
      return hostChecked;
    }
    gate.host = false;
    const files = [
      ["../pyodide/pyodide.asm.wasm", ["application/wasm", /^application\/wasm\b/i]],
      ["validator-worker.js", JS_TYPES],
      ["validator-probe.js", JS_TYPES],
      ["../pyodide/pyodide.mjs", JS_TYPES],
      ["../pyodide/pyodide.asm.mjs", JS_TYPES],
      ["../pyodide/pyodide-lock.json", ["application/json", /json|^text\/plain\b/i]],
    ];
    const looks = [];
    for (let i = 0; i < files.length; i++) looks.push(lookAt(files[i][0], files[i][1]));
    const late = new Promise((resolve) => {
      setTimeout(() => resolve([]), HOST_MS);
    });
    hostChecked = Promise.race([Promise.all(looks), late]).then((answers) => {
      const bad = answers.filter(Boolean);
      mark("validator-host-checked");
      if (bad.length) fail("mime", bad.join("; "));
      else open("host");
      return bad.length > 0;
    });
    return hostChecked;
  }

  function lookAt(path, want) {
    const url = new URL(path, base);
    const name = url.pathname.split("/").pop();
    return fetch(url.href, { method: "HEAD", cache: "no-store", credentials: "same-origin" }).then(
      (res) => {
        if (!res.ok) return res.status === 404 ? `${name}: HTTP 404` : "";
        const type = (res.headers.get("Content-Type") || "").trim();
        return want[1].test(type) ? "" : `${name}: ${type || "no Content-Type"} → ${want[0]}`;
      },
      () => null, // not reachable: the network (checkHost: no evidence against the host)
    );
  }

  // A script the page needs did not load (code: what it means when the host and the network are
  // fine): the host's wrong type (mime), a file that cannot be fetched (network: the line dropped;
  // not an old browser, not a fault of the host), or else code. Never waits longer than HOST_MS.
  function whyNotLoaded(url, code, detail) {
    if (boot.failed) return;
    const late = new Promise((resolve) => {
      setTimeout(() => resolve(undefined), HOST_MS);
    });
    const look = navigator.onLine === false ? Promise.resolve(null) : lookAt(url, JS_TYPES);
    Promise.race([look, late]).then((answer) => {
      if (answer) fail("mime", answer);
      else if (answer === "") fail(code, detail);
      else fail("network", `${url.split("?")[0].split("/").pop()}: ${answer === null ? "not reachable" : "no answer"}`);
    });
  }

  // A module of the page (the tool's own script or one it imports) that does not load fires an error
  // on its script element; without this the page said "preparing" for good (the client, which would
  // give up after a while, is one of those modules). Scripts of other types are not this kind.
  function watchPageModules() {
    document.addEventListener(
      "error",
      (event) => {
        const el = event.target;
        if (!el || el.tagName !== "SCRIPT" || el.type !== "module") return;
        whyNotLoaded(el.src || location.href, "runtime", `page module ${el.src || "(inline)"} did not load`);
      },
      true,
    );
  }

  function whenLoaded(fn) {
    if (document.readyState === "complete") setTimeout(fn, 3000);
    else
      addEventListener("load", () => {
        setTimeout(fn, 3000);
      });
  }

  // The page's modules did not take over the status (too old a browser to run them, or a host
  // that serves them with the wrong type): show the page's label for this failure ourselves.
  function showIfNoClient() {
    const el = document.querySelector("[data-testid=validator-status]");
    if (!el || el.getAttribute("data-mounted")) return;
    const keys = {
      csp: "data-label-error-csp",
      mime: "data-label-error-mime",
      unsupported: "data-label-unsupported",
      stalled: "data-label-error-stalled",
    };
    // the network, or another cause; a line the browser says is down: those words, and the page starts
    // again once it is back (as validator-client.js does for the starts it shows)
    const lineCut = !keys[boot.failed] && navigator.onLine === false && el.getAttribute("data-label-error-offline");
    if (lineCut) window.addEventListener("online", () => location.reload(), { once: true });
    const key = keys[boot.failed] || (lineCut ? "data-label-error-offline" : "data-label-error");
    let text = el.getAttribute(key) || el.getAttribute("data-label-error") || "";
    if (boot.failed === "mime") text = text.replace("{files}", boot.detail || "");
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
