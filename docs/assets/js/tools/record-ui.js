// The record's bar on a page: "继续上次的进度（date）" when this page's part of the record is there and the
// page is still empty, "清除本机记录" whenever anything is kept, and a note when an unreadable record was
// dropped. Texts come from content/site.yaml (record.*), passed in by the page.

import { fill, h, replace } from "./dom.js";
import { putBackRecord, readRecord, removeRecord, savedAt, saveSection } from "./record.js";

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
    // what the bar showed, for 撤销 (a phone review: 清除 sits beside 继续上次的进度, one wrong tap away)
    const before = { nodes: [...bar.childNodes], state: bar.dataset.state, float: bar.dataset.float };
    const held = removeRecord();
    paused = true;
    bar.hidden = false;
    // The button is gone with the note: focus goes to the note (it was left on <body>), and the note,
    // floating over the screen's bottom or at the tool's end, can be closed (知道了): nothing is kept now.
    const note = h(
      "p",
      { class: "ykt-record-note", "data-testid": "record-note", role: "status", tabindex: "-1" },
      texts["record.cleared"],
    );
    const close = h(
      "button",
      { type: "button", class: "md-button", "data-testid": "record-close" },
      texts["record.close"],
    );
    close.addEventListener("click", () => {
      const shown = (el) => el.getClientRects().length > 0;
      const heading = [
        ...(bar.parentElement?.querySelectorAll("h1, h2") || []),
        ...document.querySelectorAll("h1"),
      ].find(shown);
      delete bar.dataset.float;
      bar.hidden = true;
      if (heading) {
        if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true }); // the page stays where the candidate was
      }
    });
    const undo =
      held === null
        ? null
        : h("button", { type: "button", class: "md-button", "data-testid": "record-undo" }, texts["record.undo"]);
    undo?.addEventListener("click", () => {
      if (!putBackRecord(held)) return;
      paused = false;
      // said, so the bar's return is not taken for nothing having happened (a phone review)
      const back = h(
        "p",
        { class: "ykt-record-note", "data-testid": "record-restored", role: "status" },
        texts["record.restored"],
      );
      replace(bar, back, ...before.nodes.filter((n) => n.dataset?.testid !== "record-restored"));
      bar.dataset.state = before.state;
      if (before.float === undefined) delete bar.dataset.float;
      else bar.dataset.float = before.float;
      bar.dispatchEvent(new CustomEvent("record-restored", { bubbles: true }));
      button.focus({ preventScroll: true });
    });
    replace(bar, note, h("p", { class: "ykt-record-actions" }, undo, undo ? " " : null, close));
    bar.dataset.state = "cleared";
    note.focus({ preventScroll: true });
    bar.dispatchEvent(new CustomEvent("record-cleared", { bubbles: true }));
  });
  return button;
}

/** The bar's kept state: the clear button and where the record is. */
function showClearOnly(bar, texts) {
  replace(
    bar,
    h("p", { class: "ykt-record-actions" }, clearButton(bar, texts)),
    h("p", { class: "ykt-help" }, texts["record.where"]),
  );
  bar.dataset.state = "kept";
}

/** The bar floats at the screen's bottom, over the page (tools.css), until the candidate changes something
 * in `container` (starts anew, or goes on after clearing); `then()` runs at that moment. */
function floatUntilChange(bar, container, then = () => {}) {
  bar.dataset.float = "";
  const change = (event) => {
    if (!event.isTrusted || bar.contains(event.target)) return;
    container.removeEventListener("input", change, true);
    container.removeEventListener("change", change, true);
    then();
    delete bar.dataset.float;
  };
  container.addEventListener("input", change, true);
  container.addEventListener("change", change, true);
}

/**
 * Mount the bar at the end of `container` (the tool, or the checklist's article): it comes from this
 * device's record once the page's script runs, after the page is drawn, and put in above the tool it
 * moved the tool down (a layout shift of 0.08 on a phone); at the end only what follows the tool moves,
 * and on a phone that is below the screen. The offer to resume, and the note that an unreadable record was
 * dropped, float at the screen's bottom until the offer is taken or the candidate changes something on
 * the page (then the bar is the clear button at the tool's end). `has(record)` says whether the record holds this page's part;
 * `onResume(record)` restores it; `offer` = false when the page already shows the candidate's state
 * (e.g. answers in the link), so only the clear button is shown.
 */
export function mountRecordBar(container, texts, { has, onResume, offer = true }) {
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
    floatUntilChange(bar, container);
    container.append(bar);
    return bar;
  }
  if (!record) {
    bar.hidden = true;
    bar.dataset.state = "empty";
    container.append(bar);
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
    resume.addEventListener("click", () => delete bar.dataset.float); // the page shows it: the bar goes in it
    replace(
      bar,
      note,
      h("p", { class: "ykt-record-actions" }, resume, " ", clear),
      h("p", { class: "ykt-help" }, texts["record.where"]),
    );
    bar.dataset.state = "offer";
    floatUntilChange(bar, container, () => {
      if (bar.dataset.state === "offer") showClearOnly(bar, texts);
    });
  } else showClearOnly(bar, texts);
  container.append(bar);
  return bar;
}

/** Show the bar (with its clear button) once something was saved on a page that had no record. */
export function showKept(bar, texts) {
  if (bar?.dataset.state !== "empty" || paused) return;
  showClearOnly(bar, texts);
  bar.hidden = false;
}
