"""Accessibility checks run inside real Chromium: axe-core and tap-target sizes.

axe-core comes from npm (pinned in package.json as a dev dependency) and is read from
node_modules by the tests only: its source is evaluated in the page under test through
Playwright (DevTools, so the site's Content-Security-Policy stays as it is) and is never
copied into site/.

The rules are WCAG 2.0, 2.1 and 2.2 at levels A and AA plus axe's best practices (heading
order, landmarks, named dialogs). Every violation fails the test, except the entries of
ALLOWED, each of which must say why it is allowed.
"""

from __future__ import annotations

from tests.conftest import ROOT

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
MIN_TARGET = 44  # CSS px, both ways, on tool pages (the rule; WCAG 2.5.8 asks 24)

# rule id -> (CSS selector the offending node must match, the reason it is allowed)
ALLOWED: dict[str, tuple[str, str]] = {}


def _inject(page) -> None:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))


def _allowed(rule: str, node: dict) -> bool:
    entry = ALLOWED.get(rule)
    if not entry:
        return False
    selector, _reason = entry
    return any(selector in str(t) for t in node.get("target", []))


def violations(page) -> list[dict]:
    """axe's violations on the page as it is now, allowed nodes removed."""
    _inject(page)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )
    found = []
    for v in result["violations"]:
        nodes = [n for n in v["nodes"] if not _allowed(v["id"], n)]
        if nodes:
            found.append({**v, "nodes": nodes})
    return found


def describe(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}")
        for node in v["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())[:220]
            lines.append(f"    {node['target']} {summary}")
    return "\n".join(lines)


SETTLE_JS = """async () => {
  // A wait with a bound: a clean-clone run hung here for 300 s on one page (a frame that never came, or an
  // animation that never ran to its end: a paused one's "finished" never settles).
  const bound = (ms) => new Promise((done) => setTimeout(done, ms));
  // two frames, so that transitions a change started are listed; then every finite running one finished
  const frames = new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await Promise.race([frames, bound(2000)]);
  const finite = document.getAnimations()
    .filter((a) => a.playState === "running" && a.effect?.getComputedTiming().iterations !== Infinity);
  await Promise.race([Promise.all(finite.map((a) => a.finished.catch(() => null))), bound(10000)]);
}"""


def settle(page) -> None:
    """Wait until the page's CSS transitions and finite animations have finished (not a fixed time; at most
    ~12 s when a frame or an animation's end never comes)."""
    page.evaluate(SETTLE_JS)


def check_page(page, where: str, viewports=("phone", "desktop")) -> list[str]:
    """axe at each viewport (the page is resized in place); returns readable problems."""
    problems = []
    original = page.viewport_size
    for name in viewports:
        page.set_viewport_size(VIEWPORTS[name])
        settle(page)  # the theme's colour transitions after a resize
        found = violations(page)
        if found:
            problems.append(f"{where} [{name}]\n{describe(found)}")
    if original:
        page.set_viewport_size(original)
    return problems


SMALL_TARGETS_JS = """
([root, min]) => {
  const scope = document.querySelector(root) || document.body;
  const vw = document.documentElement.clientWidth;
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, label[for],'
    + ' [role=button], [tabindex]:not([tabindex="-1"])';
  // transparent (the theme's closed search box, the skip link and permalinks until focused) or
  // off screen (the closed navigation drawer): not a target now
  const transparent = (el) => {
    for (let n = el; n && n !== document.documentElement; n = n.parentElement)
      if (getComputedStyle(n).opacity === '0') return true;
    return false;
  };
  const shown = (el) => {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none' || el.closest('[hidden]')) return false;
    // checkVisibility: also false inside a closed <details> (content-visibility: hidden)
    const seen = {opacityProperty: true, visibilityProperty: true};
    if (el.checkVisibility && !el.checkVisibility(seen)) return false;
    const r = el.getBoundingClientRect();
    return r.width > 2 && r.height > 2 && r.right > 0 && r.left < vw && !transparent(el);
  };
  const out = [];
  for (const el of scope.querySelectorAll(selector)) {
    // a radio button, check box or visually hidden file input is tapped on its label
    const onLabel = el.matches('input[type=radio], input[type=checkbox], input[type=file]')
      && el.closest('label');
    const target = onLabel ? el.closest('label') : el;
    if (el.matches('input[type=file]') && !onLabel) continue; // tapped on its label[for] (listed itself)
    if (!shown(target)) continue;
    const r = target.getBoundingClientRect();
    if (r.width + 0.5 < min || r.height + 0.5 < min) {
      const text = (target.innerText || target.getAttribute('aria-label') || target.value || '').trim();
      out.push(`${target.tagName.toLowerCase()}.${target.className} "${text.slice(0, 30)}"`
        + ` ${Math.round(r.width)}x${Math.round(r.height)}`);
    }
  }
  return [...new Set(out)];
}
"""


def small_targets(page, root: str = "body", minimum: int = MIN_TARGET) -> list[str]:
    """Visible interactive elements under ``root`` smaller than ``minimum`` CSS px either way."""
    return page.evaluate(SMALL_TARGETS_JS, [root, minimum])


FOCUS_RING_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // a visually hidden file input shows its ring on its picker button (.ykt-pick right after it); a
  // visually hidden tick box on the label that draws it (the checklist's 44 px tick boxes)
  const hidden = getComputedStyle(el).opacity === '0';
  const pick = el.nextElementSibling?.matches('.ykt-pick') ? el.nextElementSibling : null;
  const label = el.matches('[type=checkbox]') ? el.closest('label') : null;
  const holder = hidden ? pick || label : el;
  const info = {tag: el.tagName, testid: el.dataset.testid || '', ring: false};
  if (!holder) return info;
  const s = getComputedStyle(holder);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2
    && s.outlineColor !== 'transparent';
  const r = holder.getBoundingClientRect();
  const onScreen = r.bottom > 0 && r.top < innerHeight && r.width > 0;
  return {...info, ring: outline && onScreen, holder: holder.className};
}
"""


def focus_ring(page) -> dict | None:
    """The focused element and whether a visible focus indicator (outline ≥ 2 px or ring) is drawn."""
    return page.evaluate(FOCUS_RING_JS)
