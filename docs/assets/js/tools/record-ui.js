// The record's bar on a page: "继续上次的进度（date）" when this page's part of the record is there and the
// page is still empty, "清除本机记录" whenever anything is kept, and a note when an unreadable record was
// dropped. Texts come from content/site.yaml (record.*), passed in by the page.

import { fill, h, replace } from "./dom.js";
import { readRecord, removeRecord, savedAt, saveSection } from "./record.js";

let paused = false; // after "清除本机记录": nothing is written again until the candidate changes something

/** Save a section unless the record was just cleared (then the next change by the candidate saves). */
export function remember(section, value) {
  if (paused) return false;
  return saveSection(section, value);
}

/** Resume writing after a real change (typing, ticking, picking) made by the candidate. */
export function watchChanges(root) {
  const wake = (event) => {
    if (event.isTrusted) paused = false;
  };
  root.addEventListener("input", wake, true);
  root.addEventListener("change", wake, true);
}

/** "清除本机记录": the one key this site keeps is removed, and the bar says so. */
function clearButton(bar, texts) {
  const button = h(
    "button",
    { type: "button", class: "md-button ykt-record-clear", "data-testid": "record-clear" },
    texts["record.clear"],
  );
  button.addEventListener("click", () => {
    removeRecord();
    paused = true;
    bar.hidden = false;
    replace(
      bar,
      h("p", { class: "ykt-record-note", "data-testid": "record-note", role: "status" }, texts["record.cleared"]),
    );
    bar.dataset.state = "cleared";
    bar.dispatchEvent(new CustomEvent("record-cleared", { bubbles: true }));
  });
  return button;
}

/**
 * Mount the bar at `anchor` (inserted before it). `has(record)` says whether the record holds this page's
 * part; `onResume(record)` restores it; `offer` = false when the page already shows the candidate's state
 * (e.g. answers in the link), so only the clear button is shown.
 */
export function mountRecordBar(anchor, texts, { has, onResume, offer = true }) {
  const { record, dropped } = readRecord();
  const bar = h("div", {
    class: "ykt-record",
    "data-testid": "record-bar",
    role: "region",
    "aria-label": texts["record.clear"],
  });
  const note = h("p", { class: "ykt-record-note", "data-testid": "record-note", role: "status" });
  const clear = clearButton(bar, texts);
  if (dropped) {
    replace(
      bar,
      h(
        "p",
        { class: "ykt-record-note ykt-warn", "data-testid": "record-dropped", role: "status" },
        texts["record.dropped"],
      ),
    );
    bar.dataset.state = "dropped";
    anchor.before(bar);
    return bar;
  }
  if (!record) {
    bar.hidden = true;
    bar.dataset.state = "empty";
    anchor.before(bar);
    return bar;
  }
  const date = savedAt(record);
  if (offer && has(record)) {
    const resume = h(
      "button",
      { type: "button", class: "md-button md-button--primary", "data-testid": "record-resume" },
      texts["record.resume"],
    );
    resume.addEventListener("click", async () => {
      resume.disabled = true;
      await onResume(record);
      replace(note, fill(texts["record.resumed"], { date }));
      resume.remove();
    });
    replace(note, fill(texts["record.saved"], { date }));
    replace(
      bar,
      note,
      h("p", { class: "ykt-record-actions" }, resume, " ", clear),
      h("p", { class: "ykt-help" }, texts["record.where"]),
    );
    bar.dataset.state = "offer";
  } else {
    replace(bar, h("p", { class: "ykt-record-actions" }, clear), h("p", { class: "ykt-help" }, texts["record.where"]));
    bar.dataset.state = "kept";
  }
  anchor.before(bar);
  return bar;
}

/** Show the bar (with its clear button) once something was saved on a page that had no record. */
export function showKept(bar, texts) {
  if (bar?.dataset.state !== "empty" || paused) return;
  const clear = clearButton(bar, texts);
  replace(bar, h("p", { class: "ykt-record-actions" }, clear), h("p", { class: "ykt-help" }, texts["record.where"]));
  bar.hidden = false;
  bar.dataset.state = "kept";
}
