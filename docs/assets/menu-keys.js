// The theme's menu on a phone-width screen, for people who use a keyboard (or switch access).
// The theme opens its drawer with a <label> that Tab never reaches, and leaves the closed drawer's
// links in the Tab order though they are off screen. With site.css hiding the closed drawer, this
// puts a real button in the label's place (same look, same icon): Tab reaches it, Enter or Space
// opens the drawer and moves into it, Escape closes it and returns to the button. The theme's own
// script watches the drawer's checkbox, not the label, so it keeps working. Loaded as a file (CSP).
(() => {
  function bind() {
    const toggle = document.getElementById("__drawer");
    const label = document.querySelector('.md-header label.md-header__button[for="__drawer"]');
    if (!toggle || !label) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = label.className;
    button.setAttribute("aria-label", "打开目录");
    button.dataset.testid = "menu-button";
    button.append(...label.childNodes);
    label.replaceWith(button);
    const sync = () => button.setAttribute("aria-expanded", String(toggle.checked));
    sync();
    toggle.addEventListener("change", sync);
    const firstLink = () => document.querySelector(".md-sidebar--primary a[href]");
    button.addEventListener("click", () => {
      toggle.click(); // toggles the drawer and fires its change event, as the label did
      if (toggle.checked) requestAnimationFrame(() => firstLink()?.focus());
    });
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !toggle.checked) return;
      toggle.click();
      button.focus();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", bind);
  else bind();
})();
