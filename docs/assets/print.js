// Print button on checklist pages: any element with [data-print] opens the print dialog.
// Loaded as a file (no inline handlers) so the site's strict CSP needs no 'unsafe-inline'.
(() => {
  function bind() {
    for (const button of document.querySelectorAll("[data-print]")) {
      button.addEventListener("click", () => {
        window.print();
      });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind);
  } else {
    bind();
  }
})();
