// A material typed in as a code instead of uploaded (content/materials.yaml `code`): Hubei's 省网 takes the
// 学信网备案表's 在线验证码 (SEED0 §二(二)3), not an image of the 备案表. The materials check and the personal
// checklist show a code field there, checked by format in the validator worker with the form check's own
// field kind; the upload systems the content does not name keep the upload slot. The code is never stored.

import { debounce, findingsList, h, replace, verdictBadge } from "./common.js";

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
 * expected_prefix), onResult(report) after each check (null when the field is emptied).
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
      onResult(null);
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
      replace(out, h("p", { class: "ykt-error", role: "alert" }, texts.check_failed || ""));
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
      findingsList(report.findings || [], texts),
    );
    onResult(report);
  };
  const later = debounce(run, DEBOUNCE_MS);
  input.addEventListener("input", later);
  input.addEventListener("change", later);
  const node = h(
    "div",
    { class: "ykt-code", "data-testid": "code-field", "data-material": materialId },
    h("p", { class: "ykt-help", "data-testid": "code-text" }, code.text),
    h("label", { class: "ykt-label", for: inputId }, code.label),
    input,
    out,
  );
  return { node, input, out, check: run };
}
