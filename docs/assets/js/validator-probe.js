// Start-up probe: a tiny module, imported by the runtime worker as it starts (its answer then goes to
// the page from there), or run as a worker of its own when that worker failed. If it runs at all,
// the browser has module workers and parses the newest syntax Pyodide's loader uses (class static
// blocks: Safari/iOS 16.4, Chrome 94); it then reports the rest of what the runtime needs, and
// whether this host sent the Content-Security-Policy header (workers obey only the header:
// without it eval is allowed here, and the worker would run without a policy).
// No user-facing text: validator-boot.js maps the answer to the page's Chinese labels.

// biome-ignore lint/complexity/noStaticOnlyClass: the static block is the syntax being probed
class Syntax {
  static ok = false;
  static {
    Syntax.ok = true;
  }
}

function policyEnforced() {
  try {
    // biome-ignore lint/security/noGlobalEval: checks that the host's policy refuses it (indirect eval)
    const evaluate = globalThis.eval;
    evaluate("0");
    return false;
  } catch {
    return true;
  }
}

const missing = [];
if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") missing.push("wasm");
if (typeof BigInt64Array !== "function") missing.push("bigint");
if (typeof TextDecoder !== "function") missing.push("textdecoder");
postMessage({ type: "probe", ok: Syntax.ok && missing.length === 0, missing, csp: policyEnforced() });
