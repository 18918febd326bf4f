// The page side of the in-browser validator (browser runtime contract):
//   getValidator()            -> singleton client; the worker starts as soon as this is called
//   client.ready              -> Promise (rejects with {code, detail} when the runtime cannot start)
//   client.onProgress(cb)     -> cb({stage, percent, loaded, total}); returns an unsubscribe function
//   client.call(op, request, {file, bytes, pixels}) -> Promise<report dict>
//       file: a Blob/File handed to the worker as it is (no copy): Python reads only its header
//       and what it analyses, through FileReaderSync; bytes: a Uint8Array (tests, small data)
//   client.checkPicture(op, request, file, {maxSide, onWaiting}) -> {report, decoded, gate}
//       asks the worker for the header's verdict first and decodes only what it allows;
//       onWaiting(what, {loaded, total}) is called when the check waits for data that loads after ready
//       (the face models), and again as their bytes come
//       ("face": the face models, fetched right after ready)
//   decodableForFix(client, gate, request, file) -> whether a file the check did not decode for its
//       format alone (gate.reason "policy") may be decoded by the fixer to convert it
//   mountStatus(el)           -> keeps el[data-state] = loading | ready | error, with a progress bar
// Every call has a time budget (content: file.check_seconds, on the boot script's tag; a test may
// lower it with globalThis.__ykBudgetMs): a check still running past it is stopped with its
// worker, the call rejects with {code: "timeout", seconds}, a new worker starts (from the caches),
// and the calls that were waiting go to it; the page stays usable and ready.
// Start-up goes through validator-boot.js (a probe before any download). After an error nothing
// changes the status again; the stages only move forward; a start-up that stops making progress
// for STALL_MS ends in an error too, so the page never waits forever.
// Chinese labels come from the page markup (data-label-* attributes on the status element).
// After the runtime is ready, the service worker is registered so a second visit works offline.

import { DECODE_LIMITS, DecodeError, decodeImage } from "./image-decode.js";
import { setText } from "./tools/dom.js";

const SITE_ROOT = new URL("../../", import.meta.url);
const STAGES = ["prepare", "download", "start", "install", "ready"]; // prepare: nothing heard yet
const STALL_MS = 90000; // no sign of life from the start-up for this long: it failed
// no new byte for this long while downloading: the status says the line is slow (tests set __ykSlowMs)
const SLOW_MS = Number(globalThis.__ykSlowMs) || 15000;
let singleton = null;

class ValidatorClient {
  constructor() {
    this.state = "loading";
    this.last = { stage: "prepare", percent: 0 };
    this.listeners = new Set();
    this.pending = new Map();
    this.nextId = 1;
    this.info = null;
    this.marked = new Set();
    this.error = null;
    this.ready = new Promise((resolve, reject) => {
      this._resolve = resolve;
      this._reject = reject;
    });
    this.ready.catch(() => {}); // callers that never await ready must not see unhandled rejections
    this._start();
  }

  _start() {
    const boot = globalThis.__ykBoot;
    if (boot && !boot.adopted) {
      this._adopt(boot);
      return;
    }
    // A page without the boot script in its head: load it now (it probes, then starts the worker).
    const script = document.createElement("script");
    script.src = new URL("./validator-boot.js", import.meta.url).href;
    script.onload = () => {
      const loaded = globalThis.__ykBoot;
      if (loaded && !loaded.adopted) this._adopt(loaded);
      else this._fail({ code: "unsupported", detail: "boot script did not start" });
    };
    script.onerror = () => this._fail({ code: "runtime", detail: "boot script not loaded" });
    document.head.append(script);
  }

  _adopt(boot) {
    boot.adopted = true;
    this.boot = boot;
    this._watch();
    boot.attach((msg) => this._onMessage(msg || {}));
  }

  get worker() {
    return this.boot?.worker || null;
  }

  get budgetMs() {
    const forced = Number(globalThis.__ykBudgetMs);
    return forced > 0 ? forced : this.boot?.budgetMs || 0;
  }

  /** The worker began call `id`: its time budget runs from now. */
  _begin(id) {
    const entry = this.pending.get(id);
    const budget = this.budgetMs;
    if (!entry || !budget) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this._overBudget(id, budget), budget);
  }

  _overBudget(id, budget) {
    const entry = this.pending.get(id);
    if (!entry || this.state !== "ready") return;
    this.pending.delete(id);
    const seconds = Math.round(budget / 100) / 10;
    entry.reject({ code: "timeout", seconds, detail: `no result within ${seconds} s` });
    this._restart();
  }

  /** Stop the stuck worker and start a new one; what was waiting goes to the new one once ready. */
  _restart() {
    this.restarts = (this.restarts || 0) + 1;
    this.worker?.terminate();
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    this.restarting = new Promise((resolve) => {
      this._restarted = resolve;
    });
    clearTimeout(this._restartStall);
    this._restartStall = setTimeout(() => {
      if (this.restarting) this._fail({ code: "stalled", detail: `restart: no progress for ${STALL_MS} ms` });
    }, STALL_MS);
    if (!this.boot.start()) {
      this._fail({ code: "runtime", detail: "the worker could not be restarted" });
      return;
    }
    this.restarting.then(() => {
      for (const entry of this.pending.values()) this._post(entry);
    });
  }

  _post(entry) {
    try {
      this.worker.postMessage(entry.payload);
    } catch (err) {
      this.pending.delete(entry.payload.id);
      entry.reject({ code: "call", detail: String(err) });
    }
  }

  /** Start-up watchdog: any message from the worker resets it; silence for STALL_MS fails. */
  _watch() {
    clearTimeout(this._stall);
    if (this.state !== "loading") return;
    this._stall = setTimeout(() => this._fail({ code: "stalled", detail: `no progress for ${STALL_MS} ms` }), STALL_MS);
  }

  _emit(progress) {
    if (this.state === "error" && progress.stage !== "error") return; // an error is final
    const was = STAGES.indexOf(this.last.stage);
    const now = STAGES.indexOf(progress.stage);
    if (now >= 0 && was >= 0 && now < was) return; // a late download count after "start"
    this.last = progress;
    for (const cb of this.listeners) {
      try {
        cb(progress);
      } catch (err) {
        console.error(err);
      }
    }
  }

  _fail(error) {
    for (const entry of this.pending.values()) clearTimeout(entry.timer);
    if (this.state === "ready") {
      // The worker died after start (e.g. out of memory): fail what is in flight.
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    }
    if (this.state === "error") return;
    clearTimeout(this._stall);
    this.state = "error";
    this.error = error;
    this._emit({ stage: "error", percent: this.last.percent, code: error.code });
    this._reject(error);
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  _onMessage(msg) {
    if (this.state === "loading") this._watch();
    if (this.state === "error" && msg.type !== "result" && msg.type !== "failed") return;
    if (msg.type === "progress") {
      if (!this.marked.has(msg.stage) && msg.stage !== "ready") {
        this.marked.add(msg.stage);
        performance.mark?.(`validator-${msg.stage}`); // stage timings for make bench
      }
      this._emit({ stage: msg.stage, percent: msg.percent, loaded: msg.loaded, total: msg.total });
    } else if (msg.type === "begin") {
      this._begin(msg.id);
    } else if (msg.type === "ready") {
      if (this.state === "ready") {
        // a restarted worker is ready: the calls that waited go to it
        const restarted = this._restarted;
        clearTimeout(this._restartStall);
        this._restarted = null;
        this.restarting = null;
        restarted?.();
        return;
      }
      clearTimeout(this._stall);
      this.state = "ready";
      this.info = msg.info || {};
      performance.mark?.("validator-ready", { detail: this.info.timings || null }); // read by make bench
      this._emit({ stage: "ready", percent: 100 });
      this._resolve(this);
      registerServiceWorker();
    } else if (msg.type === "waiting") {
      // A photo check waits for the face models, which load after ready (the page says so, with their
      // bytes so far: onWaiting(what, {loaded, total}), again at each "face-bytes").
      const entry = this.pending.get(msg.id);
      if (entry) entry.waiting = msg.what;
      entry?.onWaiting?.(msg.what, { loaded: msg.loaded || 0, total: msg.total || 0 });
    } else if (msg.type === "face-bytes") {
      for (const entry of this.pending.values()) {
        if (entry.waiting === "face") entry.onWaiting?.("face", { loaded: msg.loaded, total: msg.total });
      }
    } else if (msg.type === "models") {
      this.faceModels = Boolean(msg.ok);
      performance.mark?.("validator-face", { detail: { ok: this.faceModels } }); // make bench
    } else if (msg.type === "warm") {
      performance.mark?.("validator-warm"); // every rule module imported (make bench)
    } else if (msg.type === "error") {
      this._fail({ code: msg.code || "runtime", detail: msg.detail || "" });
    } else if (msg.type === "result" || msg.type === "failed") {
      const entry = this.pending.get(msg.id);
      if (!entry) return;
      clearTimeout(entry.timer);
      this.pending.delete(msg.id);
      this.lastCallMs = msg.ms; // time inside Python, for make bench
      if (msg.type === "result") entry.resolve(msg.report);
      else entry.reject({ code: msg.code || "call", detail: msg.detail || "" });
    }
  }

  onProgress(cb) {
    this.listeners.add(cb);
    cb(this.last);
    return () => this.listeners.delete(cb);
  }

  /** Run one check. file: Blob; bytes: Uint8Array|ArrayBuffer; pixels: {width, height, data (RGBA)}. */
  async call(op, request, { file = null, bytes = null, pixels = null, onWaiting = null } = {}) {
    await this.ready;
    const id = this.nextId++;
    const payload = { type: "call", id, op, request, file: file || null, bytes: null, pixels: null };
    if (bytes) payload.bytes = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    if (pixels) payload.pixels = { width: pixels.width, height: pixels.height, data: pixels.data, channels: 4 };
    return new Promise((resolve, reject) => {
      const entry = { resolve, reject, payload, timer: null, onWaiting };
      this.pending.set(id, entry);
      if (!this.restarting) this._post(entry); // else sent when the new worker is ready
    });
  }
}

/**
 * Check a picked picture: the header's verdict first (the worker reads the file's header through
 * Blob.slice), then the browser decodes it only if the verdict allows (size known and within this
 * host's pixel budget, structure sound), then the check itself with the pixels.
 * Returns {report, decoded, gate}: decoded = {pixels, width, height} or null; gate = {allowed,
 * reason, size} with reason "" | empty | format | structure | policy (a format the check refuses) |
 * coding (a JPEG coding browsers do not decode: its format finding explains it) |
 * capped | unknown_size | too_large | too_many_pixels | undecodable (the browser's decoder failed);
 * size is true for the size reasons (capped, too_large, too_many_pixels): the check is told
 * (decode_skipped), so the candidate reads "too big", never "damaged".
 */
ValidatorClient.prototype.checkPicture = async function checkPicture(op, request, file, options = {}) {
  const limits = { ...DECODE_LIMITS, ...options };
  const budget = {
    max_pixels: limits.maxPixels,
    max_bytes: limits.maxBytes,
    max_decode_bytes: limits.maxDecodeBytes,
    for: op, // a format the check refuses anyway is never decoded
  };
  const header = await this.call("fileinfo", { ...request, ...budget }, { file });
  const gate = { ...(header.facts?.decode || { allowed: false, reason: "structure" }) };
  const facts = header.facts || {};
  gate.width = facts.width || 0;
  gate.height = facts.height || 0;
  gate.format = facts.format || "";
  let decoded = null;
  const ask = { ...request };
  if (!gate.allowed && gate.size) ask.decode_skipped = gate.reason; // too big for this device, not damaged
  if (gate.allowed) {
    try {
      decoded = await decodeImage(file, limits);
    } catch (err) {
      gate.allowed = false;
      gate.reason = err instanceof DecodeError ? err.code : "undecodable";
      if (gate.reason === "too_large") ask.decode_skipped = gate.reason;
      else ask.decode_error = `browser: ${String(err?.detail || err?.message || err).slice(0, 100)}`;
    }
  }
  const report = await this.call(op, ask, { file, pixels: decoded?.pixels || null, onWaiting: options.onWaiting });
  return { report, decoded, gate };
};

/** A file the check did not decode because the 考区 refuses its format (a PNG or WebP where only JPEG is
 * taken: gate.reason "policy"): whether the fixer may still decode it to convert it, that is whether its
 * header is sound and within this device's decode budget. The one test of it for the materials check
 * and the photo tool. */
export async function decodableForFix(client, gate, request, file) {
  if (gate?.reason !== "policy") return false;
  const budget = {
    max_pixels: DECODE_LIMITS.maxPixels,
    max_bytes: DECODE_LIMITS.maxBytes,
    max_decode_bytes: DECODE_LIMITS.maxDecodeBytes,
  };
  const header = await client.call("fileinfo", { ...request, ...budget }, { file });
  return Boolean(header.facts?.decode?.allowed);
}

// Start-up errors a reload does not mend (an old browser, the host's settings): the status's own words say
// what to do instead, and neither the status nor a tool's result offers a reload for them.
const NOT_MENDED_BY_RELOAD = new Set(["unsupported", "csp", "mime"]);
const reloadMends = (code) => !NOT_MENDED_BY_RELOAD.has(code);

/**
 * What a tool says where the candidate looks when a check could not be done. While the checker itself could
 * not start, no retry helps: the check was not done, and a reload (the button after it: failedNote) is the
 * next step, with the photo or file picked again (a phone review: the result repeated the status's error and
 * never said the photo had not been checked). Where a reload does not mend it, the status's own words. Else
 * the tool's own text for one failed check.
 */
export function failedText(client, ownText) {
  if (client?.state !== "error") return ownText;
  const el = document.querySelector("[data-testid=validator-status]");
  const stage = el?.querySelector("[data-role=stage]")?.textContent?.trim();
  if (!reloadMends(client.error?.code)) return stage || ownText;
  return el?.dataset.labelNotChecked || stage || ownText;
}

/** failedText, and the reload button after it when a reload is the next step: the status's button may be
 * out of view on a phone, where the tool's result is. */
export function failedNote(client, ownText) {
  const text = failedText(client, ownText);
  const el = document.querySelector("[data-testid=validator-status]");
  if (client?.state !== "error" || !reloadMends(client.error?.code) || !el?.dataset.labelReload) {
    return [text];
  }
  return [text, " ", reloadButton(el.dataset.labelReload, "result-reload")];
}

function reloadButton(words, testid) {
  const again = document.createElement("button");
  again.type = "button";
  again.className = "md-button yk-reload";
  again.dataset.role = "reload";
  again.dataset.testid = testid;
  again.textContent = words;
  again.addEventListener("click", () => location.reload());
  return again;
}

export function getValidator() {
  if (!singleton) singleton = new ValidatorClient();
  return singleton;
}

let swRegistered = false;
function registerServiceWorker() {
  if (swRegistered || !("serviceWorker" in navigator)) return;
  swRegistered = true;
  const url = new URL("sw.js", SITE_ROOT);
  navigator.serviceWorker.register(url.href, { scope: SITE_ROOT.pathname }).catch((err) => {
    console.warn("service worker not registered", err);
  });
}

function label(el, stage) {
  const key = `label${stage.charAt(0).toUpperCase()}${stage.slice(1)}`;
  return el.dataset[key] || stage;
}

function formatMB(n) {
  return (n / 1048576).toFixed(1);
}

/**
 * Keep a status element up to date: data-state, a progress bar and the stage text.
 * Labels: data-label-prepare / -download / -start / -install / -ready / -error, data-label-bytes
 * ("{loaded} / {total} MB"), data-label-error-offline (a start the line cut off: the page reloads itself
 * once the line is back) and data-label-reload (a button to reload the page after any failure but a
 * browser too old).
 * A child [data-role=fallback] (hidden) is shown when the runtime cannot start.
 */
let stageIds = 0;
let reloadArmed = false;
function reloadWhenOnline() {
  if (reloadArmed) return;
  reloadArmed = true;
  globalThis.addEventListener("online", () => location.reload(), { once: true });
}

export function mountStatus(el, client = getValidator()) {
  if (!el) return () => {};
  el.setAttribute("data-testid", "validator-status");
  el.dataset.mounted = "true"; // validator-boot.js writes the status itself only when this is missing
  document.documentElement.classList.add("yk-js"); // scripts run here (tools.css)
  el.dataset.state = client.state === "ready" ? "ready" : client.state === "error" ? "error" : "loading";
  let text = el.querySelector("[data-role=stage]");
  if (!text) {
    text = document.createElement("span");
    text.dataset.role = "stage";
    el.prepend(text);
  }
  text.id ||= `yk-stage-${++stageIds}`; // names the progress bar (WCAG: every progress bar is named)
  let bar = el.querySelector("[data-role=bar]");
  if (!bar) {
    const track = document.createElement("div");
    track.className = "yk-progress";
    track.setAttribute("role", "progressbar");
    track.setAttribute("aria-valuemin", "0");
    track.setAttribute("aria-valuemax", "100");
    track.setAttribute("aria-labelledby", text.id);
    bar = document.createElement("div");
    bar.dataset.role = "bar";
    bar.className = "yk-progress-bar";
    track.append(bar);
    text.after(track);
  }
  const track = bar.parentElement;
  const fallback = el.querySelector("[data-role=fallback]");
  // A line that hangs (open, no bytes): the download line would stand still for a minute with no word (a
  // phone review watched "正在下载检查程序（约 2.3 / 3.4 MB）" for 40 s). After SLOW_MS with no new byte the
  // line says the network is slow and the page keeps waiting (data-label-slow: short, the line is one line
  // and the count would cut it on a small phone); the next byte puts the count back. The start-up's own
  // watchdog (STALL_MS) still ends a start that never moves again.
  let slowTimer = null;
  let heard = null; // the stage and bytes last shown
  const bytesOf = (p) =>
    p.total && el.dataset.labelBytes
      ? el.dataset.labelBytes.replace("{loaded}", formatMB(p.loaded || 0)).replace("{total}", formatMB(p.total))
      : "";
  const watchSlow = (p, stage) => {
    const now = `${stage} ${p.loaded || 0}`;
    if (now === heard) return;
    heard = now;
    clearTimeout(slowTimer);
    if (!el.dataset.labelSlow || (stage !== "prepare" && stage !== "download")) return;
    slowTimer = setTimeout(() => {
      if (client.state === "loading" && el.dataset.stage === stage) setText(text, el.dataset.labelSlow);
    }, SLOW_MS);
  };
  const render = (p) => {
    const stage = p.stage || "download";
    watchSlow(p, stage);
    if (stage === "error") {
      el.dataset.state = "error";
      const code = client.error?.code || p.code || "runtime";
      const own = {
        unsupported: "labelUnsupported",
        csp: "labelErrorCsp",
        stalled: "labelErrorStalled",
        mime: "labelErrorMime",
      }[code];
      const files = code === "mime" ? client.error?.detail || "" : "";
      // A start the line cut off (the browser says it is offline): the page says so, and starts again by
      // itself once the line is back (a phone review: a 3 s drop ended the start for good, and inside
      // WeChat the reload is hidden in a menu). The host's and the browser's own refusals are not the
      // line's, and a reload does not mend them.
      const lineCut = !own && navigator.onLine === false && el.dataset.labelErrorOffline;
      setText(text, lineCut || ((own && el.dataset[own]) || label(el, "error")).replace("{files}", files));
      if (lineCut) reloadWhenOnline();
      el.dataset.errorCode = code;
      track.hidden = true;
      if (reloadMends(code) && el.dataset.labelReload && !el.querySelector("[data-role=reload]")) {
        track.after(reloadButton(el.dataset.labelReload, "validator-reload"));
      }
      if (fallback) fallback.hidden = false;
      return;
    }
    el.dataset.state = stage === "ready" ? "ready" : "loading";
    el.dataset.stage = stage;
    if (stage === "prepare") {
      // nothing heard from the worker yet: the page's own words (also in the page before this runs)
      setText(text, el.dataset.labelPrepare || text.textContent);
      bar.style.width = "0%";
      track.setAttribute("aria-valuenow", "0");
      track.hidden = false;
      if (fallback) fallback.hidden = true;
      return;
    }
    const percent = Math.max(0, Math.min(100, p.percent || 0));
    bar.style.width = `${percent}%`;
    track.setAttribute("aria-valuenow", String(percent));
    // while bytes come in the line counts them (the bar shows the whole start-up: "80 %" beside
    // "3.4 / 3.4 MB" read as a contradiction); the other stages say what is happening, with no percent
    // (a review read "正在启动检查程序 82%" right after the count in MB: two units for one start-up)
    let line = label(el, stage);
    if (stage === "download" && bytesOf(p)) line = `${label(el, stage)}${bytesOf(p)}`;
    setText(text, stage === "ready" ? label(el, "ready") : line);
    // kept in the layout once ready, unseen (tools.css): the box keeps its height from the first paint
    // to ready, so the pick button below never moves at the moment the candidate reaches for it
    track.hidden = false;
    if (fallback) fallback.hidden = true;
  };
  return client.onProgress(render);
}
