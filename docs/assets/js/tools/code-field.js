// A material typed in as a code instead of uploaded (content/materials.yaml `code`): Hubei's 省网 takes the
// 学信网备案表's 在线验证码 (SEED0 §二(二)3), not an image of the 备案表. The materials check and the personal
// checklist show a code field there, checked by format in the validator worker with the form check's own
// field kind; the upload systems the content does not name keep the upload slot. The code is never stored:
// both pages keep only the latest verdict, in the record's `codes` section (keepCode / keptCode below), and
// show it again with the same note (showKeptCode).

import { failedNote } from "../validator-client.js";
import { debounce, fill, findingsList, h, replace, SITE_ROOT, staleWhileWaiting, verdictBadge } from "./common.js";
import { inlineProse } from "./dom.js";
import { readRecord } from "./record.js";
import { remember } from "./record-ui.js";

const DEBOUNCE_MS = 300;

/** The material's code block where the 考区's upload system takes the code, else null. */
export function typedCode(rules, materialId, regionId) {
  const code = rules?.materials?.[materialId]?.code;
  const uses = rules?.regions?.[regionId]?.uses;
  return code && uses && (code.typed_in || []).includes(uses) ? code : null;
}

/**
 * The code field of a material: its label, what to type and why, the input and the result.
 * opts: rules, client, asOf, region, materialId, texts (verdict_pass/warn/fail, fix_prefix, measured_prefix,
 * expected_prefix), onResult(report, {emptied}) after each check (report null when the field was emptied, with
 * emptied true, or when the check did not run).
 */
export function codeField(opts) {
  const { rules, client, asOf, region, materialId, texts = {}, onResult = () => {} } = opts;
  const code = typedCode(rules, materialId, region);
  const inputId = `code-${materialId}`;
  const input = h("input", {
    type: "text",
    id: inputId,
    class: "ykt-code-input",
    autocomplete: "off",
    autocapitalize: "characters",
    spellcheck: "false",
    "data-testid": "material-code",
    "data-kind": code.kind,
    placeholder: code.placeholder || null,
  });
  const out = h("div", {
    class: "ykt-slot-result",
    id: `${inputId}-result`,
    "data-testid": "code-result",
    "aria-live": "polite",
  });
  input.setAttribute("aria-describedby", out.id);
  let seq = 0;
  const run = async () => {
    const value = input.value;
    const mine = ++seq;
    if (!value.trim()) {
      replace(out);
      out.dataset.state = "empty";
      out.removeAttribute("data-verdict");
      input.removeAttribute("aria-invalid");
      onResult(null, { emptied: true });
      return;
    }
    out.dataset.state = "checking";
    let report;
    try {
      await client.ready;
      report = await client.call("field", { kind: code.kind, value, region, as_of: asOf });
    } catch {
      report = null;
    }
    if (mine !== seq) return; // a newer keystroke is on its way
    if (!report) {
      out.dataset.state = "error";
      replace(out, h("p", { class: "ykt-error", role: "alert" }, failedNote(client, texts.check_failed || "")));
      onResult(null);
      return;
    }
    out.dataset.state = "done";
    out.dataset.verdict = report.verdict;
    if (report.verdict === "fail") input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    replace(
      out,
      h("p", { class: "ykt-slot-verdict", "data-testid": "code-verdict" }, verdictBadge(report.verdict, texts)),
      // message and fix only: the card's own note says in plain words how sure the format is
      findingsList(report.findings || [], texts, { brief: true }),
    );
    onResult(report);
  };
  const later = debounce(run, DEBOUNCE_MS, staleWhileWaiting(out));
  input.addEventListener("input", later);
  input.addEventListener("change", later);
  const node = h(
    "div",
    { class: "ykt-code", "data-testid": "code-field", "data-material": materialId },
    h("p", { class: "ykt-help", "data-testid": "code-text" }, code.text),
    code.where ? h("p", { class: "ykt-help", "data-testid": "code-where" }, inlineProse(code.where, SITE_ROOT)) : null,
    h("label", { class: "ykt-label", for: inputId }, code.label),
    input,
    out,
    code.reading ? h("p", { class: "ykt-help", "data-testid": "code-reading" }, code.reading) : null,
  );
  return { node, input, out, check: run };
}

/** The latest verdict kept on this device for a material's code in this 考区 (either page), else null. */
export function keptCode(record, materialId, region) {
  const kept = record?.codes?.[materialId];
  return kept && kept.region === region ? kept.verdict : null;
}

/** Keep the latest verdict of a material's code (null: the field was emptied, nothing kept); never the code. */
export function keepCode(materialId, region, verdict) {
  const { record } = readRecord(undefined, { keep: true });
  const codes = { ...(record?.codes || {}) };
  if (verdict) codes[materialId] = { verdict, region };
  else if (codes[materialId]) delete codes[materialId];
  else return false;
  return remember("codes", codes);
}

/** An empty field shows the kept verdict: "上次检查过（…）", and that the code itself was not kept and must be
 * typed again to check it again (content/site.yaml record.code_remembered). */
export function showKeptCode(field, verdict, note, words) {
  field.out.dataset.state = "done";
  field.out.dataset.verdict = verdict;
  replace(
    field.out,
    h("p", { class: "ykt-help", "data-testid": "code-remembered" }, fill(note, { verdict: words[verdict] || "" })),
  );
}
