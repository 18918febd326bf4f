// "清除本机记录" on the privacy page: the one key this site keeps (record.js) is removed.
import { removeRecord } from "./record.js";

const button = document.querySelector("[data-testid=record-clear-all]");
const status = document.querySelector("[data-testid=record-clear-status]");
button?.addEventListener("click", () => {
  removeRecord();
  if (status) status.textContent = status.dataset.done || "";
});
