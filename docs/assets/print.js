// Print button on checklist pages: any element with [data-print] opens the print dialog.
// Loaded as a file (no inline handlers) so the site's strict CSP needs no 'unsafe-inline'.
(function () {
  "use strict";
  function bind() {
    var buttons = document.querySelectorAll("[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () {
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
