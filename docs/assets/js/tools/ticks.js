// Tick boxes of a checklist page (/checklists/<pathway>/ and the personal checklist): real boxes with a
// 44 px tap area, remembered on this device (the record's ticks, per page), printed as ticked or not.
// Texts come from the page (a JSON block written by the template from content/site.yaml).

import { pageTexts } from "./dom.js";
import { readRecord } from "./record.js";
import { mountRecordBar, remember, showKept, watchChanges } from "./record-ui.js";

/** The ticks of one page, by id: a material's id, or "step-N" for the N-th step. */
export function mountTicks(container, pageId, texts, bar) {
  const boxes = [...container.querySelectorAll(".task-list-control input[type=checkbox], input.ykt-tick")];
  const { record } = readRecord();
  const saved = new Set(record?.ticks?.[pageId] || []);
  let step = 0;
  for (const box of boxes) {
    const material = box.closest(".yk-material, [data-material-item]")?.id?.replace(/^m-/, "");
    const id = box.dataset.material || material || `step-${++step}`;
    box.disabled = false;
    box.removeAttribute("disabled");
    box.dataset.testid = "checklist-tick";
    box.setAttribute("data-testid", "checklist-tick");
    if (material || box.dataset.material) box.dataset.material = id;
    else box.dataset.step = id;
    box.dataset.tick = id;
    box.checked = saved.has(id);
    mark(box);
    box.addEventListener("change", () => {
      mark(box);
      // the personal list and the full checklist share a pathway's ticks: keep the ones not on this page
      const all = readRecord().record?.ticks || {};
      const here = new Set(boxes.map((b) => b.dataset.tick));
      const elsewhere = (all[pageId] || []).filter((id) => !here.has(id));
      const ticked = [...elsewhere, ...boxes.filter((b) => b.checked).map((b) => b.dataset.tick)];
      if (remember("ticks", { ...all, [pageId]: ticked })) showKept(bar, texts);
    });
  }
  container.classList.add("yk-tickable");
  // 清除本机记录 empties the storage: the boxes show it at once, not after a reload
  document.addEventListener("record-cleared", () => {
    for (const box of boxes) {
      box.checked = false;
      mark(box);
    }
  });
  // 撤销 right after: the boxes as the record has them again
  document.addEventListener("record-restored", () => {
    const back = new Set(readRecord().record?.ticks?.[pageId] || []);
    for (const box of boxes) {
      box.checked = back.has(box.dataset.tick);
      mark(box);
    }
  });
  return boxes;
}

/** The item carries the state too: the printed page shows ☑ or □ from it. */
function mark(box) {
  box.closest("li")?.classList.toggle("yk-ticked", box.checked);
}

function main() {
  const article = document.querySelector("article");
  const match = /\/checklists\/([^/]+)\/?$/.exec(location.pathname);
  if (!article || !match || !document.querySelector(".yk-material")) return;
  const texts = pageTexts("record-texts");
  const bar = mountRecordBar(article, texts, { has: () => false, onResume: () => {} });
  watchChanges(article);
  mountTicks(article, match[1], texts, bar);
}

main();
