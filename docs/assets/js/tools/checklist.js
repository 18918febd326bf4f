// 我的材料清单 (/tools/checklist/): the checklist filtered to the candidate's answers and 考区 — the
// materials that apply, those that may apply with their condition, and the steps of their own 考区's
// systems only — with tick boxes kept on this device, the verdicts of files checked in the materials
// check, and an export that works inside WeChat: an image to long-press, plain text to copy. The answers
// come from the link (?answers=&pathway=&region=, from the finder and the materials check) or from
// the record on this device. Texts come from content (rules.texts checklist.* and record.*).

import { codeField, keepCode, keptCode, showKeptCode, typedCode } from "./code-field.js";
import { fill, h, loadRules, replace, SITE_ROOT, setText, siteUrl, startTool } from "./common.js";
import { parseDay } from "./dates.js";
import { inlineProse, plainProse } from "./dom.js";
import { readRecord } from "./record.js";
import { mountRecordBar, watchChanges } from "./record-ui.js";
import { mountTicks } from "./ticks.js";

const root = document.querySelector("[data-tool=checklist]");
let rules = null;
let texts = {};
let client = null;
let asOf = null;
const SYSTEMS_FOR_ALL = new Set(["national", "offline"]);
const WORDS = { pass: "通过", warn: "可用，但请留意", fail: "不符合要求" };
// material -> verdict of a code typed on this page (Hubei's 备案表: its 在线验证码); the code is not kept
const typed = new Map();

/** Where the list comes from: the link first, else the record's finder answers and materials choice. */
function sources(record) {
  const params = new URLSearchParams(location.search);
  let answers = params.get("answers") || "";
  let pathway = params.get("pathway") || "";
  let region = params.get("region") || params.get("rg") || "";
  if (!answers && !pathway && record) {
    if (record.finder?.answers && Object.keys(record.finder.answers).length)
      answers = new URLSearchParams(record.finder.answers).toString();
    pathway = record.materials?.pathway || "";
    region = record.materials?.region || "";
  }
  const asked = Object.fromEntries(new URLSearchParams(answers));
  region = region || asked.rg || "national";
  if (!rules.regions?.[region]) region = "national";
  return { answers, pathway, region };
}

/** The pathway's materials as {material, applies, when}: the engine's answer for these answers, else
 * the pathway's own list (required ones apply, the others with their condition). */
async function materialsFor(src) {
  if (src.answers) {
    await client.ready;
    const report = await client.call("eligibility", { answers: src.answers, region: src.region, as_of: asOf });
    const pathway = rules.pathways?.[src.pathway] ? src.pathway : report.facts?.recommended;
    const list = report.facts?.materials?.[pathway];
    if (pathway && list) return { pathway, list };
  }
  const pathway = rules.pathways?.[src.pathway] ? src.pathway : null;
  if (!pathway) return { pathway: null, list: [] };
  const list = rules.pathways[pathway].materials.map((m) => ({
    material: m.material,
    applies: m.required === false ? "maybe" : "yes",
    when: m.when?.text || "",
  }));
  return { pathway, list };
}

function materialName(id) {
  const m = rules.materials?.[id];
  if (!m) return id;
  const sides = (m.sides || []).map((s) => m.side_names?.[s] || s);
  return sides.length ? `${m.name}（${sides.join("和")}）` : m.name;
}

/** What the materials check found for a material (files kept in the record, same pathway and 考区). */
function checkedStatus(record, pathway, region, id) {
  const m = record?.materials;
  if (!m || m.pathway !== pathway || m.region !== region) return null;
  const files = Object.entries(m.files || {}).filter(([key]) => key.split(":")[0] === id);
  if (!files.length) return null;
  const order = { pass: 0, warn: 1, fail: 2 };
  const worst = files.map(([, f]) => f.verdict).sort((a, b) => order[b] - order[a])[0];
  return worst;
}

/** The list as lines: the page, the text copy and the image are drawn from the same model. */
function model(record, src, pathway, list) {
  const region = rules.regions?.[src.region];
  const words = WORDS;
  const ticks = new Set(record?.ticks?.[pathway] || []); // shared with the full checklist page
  const needed = list
    .filter((m) => m.applies === "yes")
    .map((m) => {
      // the 考区's upload system takes a typed code for it, not a file (content/materials.yaml code): its
      // latest verdict from either page, never an older file entry
      const code = Boolean(typedCode(rules, m.material, src.region));
      const verdict = code
        ? keptCode(record, m.material, src.region)
        : checkedStatus(record, pathway, src.region, m.material);
      return {
        id: m.material,
        name: materialName(m.material),
        where: rules.materials?.[m.material]?.where || "",
        verdict,
        status: verdict
          ? fill(texts["checklist.status.done"], { verdict: words[verdict] })
          : ticks.has(m.material)
            ? texts["checklist.status.ticked"]
            : texts["checklist.status.open"],
        ticked: ticks.has(m.material),
        code,
      };
    });
  const maybe = list
    .filter((m) => m.applies === "maybe")
    .map((m) => ({ id: m.material, name: materialName(m.material), when: m.when || "" }));
  const steps = (rules.pathways?.[pathway]?.steps || []).filter(
    (s) => SYSTEMS_FOR_ALL.has(s.system) || s.system === src.region,
  );
  const dates = [fill(texts["checklist.date.as_of"], { date: asOf })];
  const form = record?.form;
  const chsi = parseDay(form?.fields?.["chsi-expiry"] || "");
  if (chsi) dates.push(fill(texts["checklist.date.chsi"], { date: chsi }));
  const exam = parseDay(form?.exam_date || "");
  if (exam) dates.push(fill(texts["checklist.date.exam"], { date: exam }));
  dates.push(fill(texts["checklist.date.announce"], { cycle: rules.cycle }));
  return {
    title: fill(texts["checklist.title"], {
      pathway: rules.pathways?.[pathway]?.title || pathway,
      region: region?.short || region?.name || src.region,
    }),
    regionName: region?.short || region?.name || src.region,
    needed,
    maybe,
    steps,
    dates,
    site: fill(texts["checklist.site"], { url: siteUrl("") }),
  };
}

/** ☑ for a material ticked or whose file passed; a file that failed the check is not done, ticked or not. */
function doneMark(item) {
  if (item.verdict === "fail") return "☐";
  return item.ticked || item.verdict === "pass" ? "☑" : "☐";
}

/** Plain text of the list (复制文字), the same items as the image. */
export function textOf(m) {
  const lines = [m.title, "", `${texts["checklist.needed"]}：`];
  for (const item of m.needed) {
    lines.push(`${doneMark(item)} ${item.name}（${item.status}）`);
    if (item.where) lines.push(`    ${fill(texts["checklist.where"], { where: plainProse(item.where) })}`);
  }
  if (m.maybe.length) {
    lines.push("", `${texts["checklist.maybe"]}：`);
    for (const item of m.maybe) lines.push(`☐ ${item.name}${item.when ? `：${plainProse(item.when)}` : ""}`);
  }
  if (m.steps.length) {
    lines.push("", `${fill(texts["checklist.steps"], { region: m.regionName })}：`);
    m.steps.forEach((s, i) => {
      lines.push(`${i + 1}. ${plainProse(s.text)}`);
    });
  }
  lines.push("", `${texts["checklist.dates"]}：`, ...m.dates.map((d) => `· ${d}`), "", m.site);
  return lines.join("\n");
}

const prose = (text) => inlineProse(text, SITE_ROOT);

/** The code field of a material typed in (checked by format); its verdict becomes the item's status. */
function codeOf(x, region) {
  const verdictTexts = {
    verdict_pass: WORDS.pass,
    verdict_warn: WORDS.warn,
    verdict_fail: WORDS.fail,
    fix_prefix: texts["checklist.fix_prefix"],
    check_failed: texts["checklist.code_failed"],
  };
  const field = codeField({
    rules,
    client,
    asOf,
    region,
    materialId: x.id,
    texts: verdictTexts,
    onResult: (report, { emptied = false } = {}) => {
      if (report) typed.set(x.id, report.verdict);
      else typed.delete(x.id);
      if (emptied) x.verdict = null; // emptied: the kept verdict goes too
      if (report || emptied) keepCode(x.id, region, report?.verdict || null);
      const item = field.node.closest("[data-testid=personal-material]");
      const state = item?.querySelector("[data-testid=personal-status]");
      if (!item || !state) return;
      const shown = { ...x, ...tickState(x) };
      if (shown.verdict) item.dataset.verdict = shown.verdict;
      else item.removeAttribute("data-verdict");
      state.className = `ykt-state${shown.verdict ? ` ykt-${shown.verdict}` : ""}`;
      setText(state, shown.status);
      root.dispatchEvent(new Event("change")); // the text export follows
    },
  });
  if (x.verdict) showKeptCode(field, x.verdict, texts["record.code_remembered"], WORDS);
  return field.node;
}

function render(box, m, pathway, region) {
  const item = (x) =>
    h(
      "li",
      {
        class: "ykt-personal-item",
        "data-testid": "personal-material",
        "data-material": x.id,
        "data-verdict": x.verdict || null,
      },
      h(
        "label",
        { class: "ykt-tick-label" },
        h("input", {
          type: "checkbox",
          class: "ykt-tick",
          "data-material": x.id,
          "aria-label": fill(texts["checklist.tick"], { name: x.name }),
        }),
        h("strong", {}, x.name),
      ),
      " ",
      h(
        "span",
        { class: `ykt-state${x.verdict ? ` ykt-${x.verdict}` : ""}`, "data-testid": "personal-status" },
        x.status,
      ),
      x.where ? h("p", { class: "ykt-help" }, prose(fill(texts["checklist.where"], { where: x.where }))) : null,
      x.code ? codeOf(x, region) : null,
    );
  replace(
    box,
    h("h2", { id: "mine", "data-testid": "personal-title" }, m.title),
    h("h3", {}, texts["checklist.needed"]),
    h("ul", { class: "ykt-personal-list" }, m.needed.map(item)),
    m.maybe.length
      ? [
          h("h3", {}, texts["checklist.maybe"]),
          h(
            "ul",
            { class: "ykt-personal-maybe" },
            m.maybe.map((x) =>
              h(
                "li",
                { "data-testid": "personal-maybe", "data-material": x.id },
                h("strong", {}, x.name),
                x.when ? ["：", prose(x.when)] : "",
              ),
            ),
          ),
        ]
      : null,
    m.steps.length
      ? [
          h("h3", {}, fill(texts["checklist.steps"], { region: m.regionName })),
          h(
            "ol",
            { class: "ykt-personal-steps" },
            m.steps.map((s) => h("li", { "data-testid": "personal-step", "data-system": s.system }, prose(s.text))),
          ),
        ]
      : null,
    h("h3", {}, texts["checklist.dates"]),
    h(
      "ul",
      { "data-testid": "personal-dates" },
      m.dates.map((d) => h("li", {}, d)),
    ),
    h(
      "p",
      { class: "ykt-links" },
      h(
        "a",
        { class: "md-button", href: siteUrl(`checklists/${pathway}/`) },
        texts["checklist.full"] || rules.pathways?.[pathway]?.title,
      ),
    ),
  );
  box.dataset.state = "done";
  box.dataset.pathway = pathway;
}

// ---------------------------------------------------------------- the image (保存为图片)
const IMAGE_WIDTH = 720; // 360 CSS px at 2x: sharp on a phone, readable when the image is opened full width
const PAD = 36;

/** Lines of the image, each {text, size, bold, color, indent}; long lines are wrapped by measuring. */
function imageLines(m) {
  const out = [];
  const add = (text, size = 28, opts = {}) => out.push({ text, size, ...opts });
  add(m.title, 36, { bold: true, color: "#0b3d91" });
  add("", 14);
  add(texts["checklist.needed"], 30, { bold: true });
  for (const x of m.needed) {
    add(`${doneMark(x)} ${x.name}（${x.status}）`, 28);
  }
  if (m.maybe.length) {
    add("", 14);
    add(texts["checklist.maybe"], 30, { bold: true });
    for (const x of m.maybe) add(`☐ ${x.name}${x.when ? `：${plainProse(x.when)}` : ""}`, 26, { color: "#333" });
  }
  if (m.steps.length) {
    add("", 14);
    add(fill(texts["checklist.steps"], { region: m.regionName }), 30, { bold: true });
    m.steps.forEach((s, i) => {
      add(`${i + 1}. ${plainProse(s.text)}`, 26, { color: "#333" });
    });
  }
  add("", 14);
  add(texts["checklist.dates"], 30, { bold: true });
  for (const d of m.dates) add(`· ${d}`, 26);
  add("", 14);
  add(m.site, 24, { color: "#555" });
  return out;
}

function fontOf(line, family) {
  return `${line.bold ? "bold " : ""}${line.size}px ${family}`;
}

/** Break a line into pieces that fit the width (character by character: Chinese has no spaces). */
function wrap(ctx, text, width) {
  if (!text) return [""];
  const pieces = [];
  let current = "";
  for (const ch of text) {
    if (ctx.measureText(current + ch).width > width && current) {
      pieces.push(current);
      current = ch;
    } else current += ch;
  }
  pieces.push(current);
  return pieces;
}

export function drawImage(m) {
  // the page's own fonts (the system's Chinese fonts; no web fonts)
  const family = getComputedStyle(document.body).fontFamily || "sans-serif";
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d");
  const width = IMAGE_WIDTH - 2 * PAD;
  const rows = [];
  for (const line of imageLines(m)) {
    ctx.font = fontOf(line, family);
    for (const piece of wrap(ctx, line.text, width)) rows.push({ ...line, text: piece });
  }
  const height = PAD * 2 + rows.reduce((sum, r) => sum + Math.round(r.size * 1.5), 0);
  canvas.width = IMAGE_WIDTH;
  canvas.height = height;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  let y = PAD;
  ctx.textBaseline = "top";
  for (const r of rows) {
    ctx.font = fontOf(r, family);
    ctx.fillStyle = r.color || "#000";
    ctx.fillText(r.text, PAD, y + Math.round(r.size * 0.2));
    y += Math.round(r.size * 1.5);
  }
  return canvas;
}

function mountExport(m, pathway) {
  const box = root.querySelector("[data-testid=export]");
  const note = box.querySelector("[data-testid=export-note]");
  const area = box.querySelector("[data-testid=export-text]");
  const current = () => ({ ...m, needed: m.needed.map((x) => ({ ...x, ...tickState(x) })) });
  const refreshText = () => {
    area.value = textOf(current());
  };
  refreshText();
  root.addEventListener("change", refreshText);
  box.querySelector("[data-testid=export-image-button]").addEventListener("click", () => {
    const canvas = drawImage(current());
    const url = canvas.toDataURL("image/png");
    const name = `${texts["checklist.file"] || "checklist"}-${pathway}.png`;
    replace(
      box.querySelector("[data-testid=export-image-box]"),
      h("p", { class: "ykt-help" }, texts["checklist.image_hint"]),
      h("img", {
        src: url,
        alt: m.title,
        "data-testid": "export-image",
        width: canvas.width / 2,
        height: canvas.height / 2,
      }),
      h(
        "p",
        {},
        h(
          "a",
          { class: "md-button", href: url, download: name, "data-testid": "export-download" },
          texts["checklist.download"],
        ),
      ),
    );
  });
  box.querySelector("[data-testid=export-copy]").addEventListener("click", async () => {
    refreshText();
    try {
      await navigator.clipboard.writeText(area.value);
      note.textContent = texts["checklist.copied"];
    } catch {
      area.focus();
      area.select();
      const ok = document.execCommand?.("copy");
      note.textContent = ok ? texts["checklist.copied"] : texts["checklist.copy_failed"];
    }
  });
  const print = box.querySelector("[data-testid=export-print]");
  if (typeof window.print === "function") print.addEventListener("click", () => window.print());
  else print.remove();
  box.hidden = false;
}

/** A material's status after the candidate ticked or unticked it on this page. */
function tickState(x) {
  const box = root.querySelector(`input.ykt-tick[data-material="${CSS.escape(x.id)}"]`);
  const ticked = !!box?.checked;
  const code = typed.get(x.id);
  if (code) return { ticked, verdict: code, status: fill(texts["checklist.status.done"], { verdict: WORDS[code] }) };
  if (x.verdict) return { ticked };
  return { ticked, status: ticked ? texts["checklist.status.ticked"] : texts["checklist.status.open"] };
}

/** The page's links to the other tools carry the candidate's answers and 考区 (the materials check and the
 * form then open on the same 考区 instead of the national rules). */
function carryAnswers(src, pathway) {
  const wanted = {
    "tools/materials/": { pathway, region: src.region, ...(src.answers ? { answers: src.answers } : {}) },
    "tools/form/": { region: src.region },
    "tools/pathway/": Object.fromEntries(new URLSearchParams(src.answers)),
  };
  for (const a of document.querySelectorAll("article a[href]")) {
    const url = new URL(a.getAttribute("href"), location.href);
    const path = url.pathname.slice(SITE_ROOT.pathname.length).replace(/index\.html$/, "");
    const query = wanted[path];
    if (!query || url.origin !== location.origin) continue;
    for (const [key, value] of Object.entries(query)) if (value) url.searchParams.set(key, value);
    a.setAttribute("href", url.href);
  }
}

async function main() {
  if (!root) return;
  ({ client, asOf } = startTool(root));
  const box = root.querySelector("[data-testid=personal-checklist]");
  try {
    rules = await loadRules();
  } catch {
    box.dataset.state = "error";
    return;
  }
  texts = rules.texts || {};
  // the bar first: it says so when a damaged record is dropped (reading it drops it)
  const bar = mountRecordBar(root, texts, { has: () => false, onResume: () => {} });
  const { record } = readRecord();
  watchChanges(root);
  const src = sources(record);
  let found;
  try {
    found = await materialsFor(src);
  } catch {
    found = { pathway: null, list: [] };
  }
  if (!found.pathway) {
    replace(
      box,
      h("p", { "data-testid": "personal-none" }, texts["checklist.none"]),
      h(
        "p",
        {},
        h("a", { class: "md-button md-button--primary", href: siteUrl("tools/pathway/") }, rules.tools?.pathway?.name),
      ),
    );
    box.dataset.state = "none";
    root.dataset.ready = "true";
    return;
  }
  carryAnswers(src, found.pathway);
  const m = model(record, src, found.pathway, found.list);
  render(box, m, found.pathway, src.region);
  mountTicks(box, found.pathway, texts, bar);
  mountExport(m, found.pathway);
  root.dataset.ready = "true";
}

main();
