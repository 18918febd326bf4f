"""MkDocs hook: the in-browser runtime, the Content-Security-Policy and the service worker.

At build time:

* fills ``assets/pyodide/`` with what the worker loads (scripts/build_runtime.py): Pyodide's
  loader, emscripten module and wasm from node_modules/pyodide, the trimmed standard library,
  the validator compiled to .pyc as a wheel, and a lock file that lists only that wheel (so
  no Pyodide package can ever be requested, from anywhere);
* copies the compiled rules into ``assets/runtime/`` (the pages render findings with them);
* writes ``assets/runtime-manifest.json``: sha256, size and compressed size of each runtime
  file, the Content-Security-Policy and a build hash over the whole site;
* adds a CSP ``<meta>`` to every page, with the sha256 of each inline script the
  theme emits (``scripts/serve.py`` sends the same policy as a header, which is what
  workers obey);
* fills the build hash and the precache list into the service worker (``/sw.js``);
* writes precompressed ``.br``/``.gz`` files next to the large assets and the host configs
  that serve them (scripts/hosting.py: ``site/_headers``, ``dist/hosting/nginx.conf``,
  ``dist/hosting/Caddyfile``), with the same headers ``scripts/serve.py`` sends.

The build's state (the inline-script hashes the policy allows) lives on a :class:`RuntimeHook`; what
stops the build is mkdocs' ``PluginError`` (one line, no traceback).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent.parent
PYODIDE_SRC = ROOT / "node_modules" / "pyodide"
RULES = ROOT / "validator" / "_data" / "rules.json"

CSP_BASE = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "worker-src": ["'self'"],
    "connect-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "style-src": ["'self'"],  # the built pages have no inline styles (a test scans them)
    "font-src": ["'self'"],
    "media-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)


def policy(hashes=()) -> str:
    parts = []
    for directive, values in CSP_BASE.items():
        if directive == "script-src":
            values = values + sorted(f"'sha256-{h}'" for h in set(hashes))
        parts.append(f"{directive} {' '.join(values)}")
    return "; ".join(parts)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _script_hashes(html: str) -> list[str]:
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        if re.search(r"\ssrc\s*=", match.group("attrs") or "", re.I):
            continue
        body = match.group("body")
        hashes.append(base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode())
    return hashes


# Start-up labels of the status bar, from content (site.yaml texts): one text for every tool page.
STATUS_LABELS = {
    "data-label-start": "runtime.start",
    "data-label-unsupported": "runtime.unsupported",
    "data-label-error-csp": "runtime.csp",
    "data-label-error-stalled": "runtime.stalled",
    "data-label-error-mime": "runtime.mime",
    "data-label-not-checked": "runtime.not_checked",
    "data-label-slow": "runtime.slow",
    "data-label-error-offline": "runtime.offline",
    "data-label-reload": "runtime.reload",
}


def _site_texts() -> dict:
    import os

    import yaml

    folder = Path(os.environ.get("SITE_CONTENT_DIR") or ROOT / "content")
    data = yaml.safe_load((folder / "site.yaml").read_text(encoding="utf-8")) or {}
    return data.get("texts") or {}


def _with_status_labels(output: str) -> str:
    """Every status bar gets the start-up labels from content (they replace a page's own)."""
    from html import escape

    texts = _site_texts()

    def fill(match: re.Match) -> str:
        tag = match.group(0)
        for attr, key in STATUS_LABELS.items():
            if key not in texts:
                continue
            tag = re.sub(rf'\s{attr}="[^"]*"', "", tag)
            tag = tag[:-1] + f' {attr}="{escape(str(texts[key]).strip(), quote=True)}">'
        return tag

    return re.sub(r'<div[^>]*data-testid="validator-status"[^>]*>', fill, output)


def check_seconds() -> float | None:
    """The time budget of one check in the browser (content: file.check_seconds, newest value)."""
    if not RULES.exists():
        return None
    spec = json.loads(RULES.read_text(encoding="utf-8")).get("parameters", {}).get("file.check_seconds")
    values = sorted((spec or {}).get("values") or [], key=lambda v: v.get("since", ""))
    value = values[-1].get("value") if values else None
    return float(value) if isinstance(value, (int, float)) and value > 0 else None


# Inline (allowed by its hash in the policy): when the boot script could not run at all, a host
# that sends scripts with a wrong type is the usual reason (browsers refuse them); this says so
# on the status bar with the page's own label (runtime.mime), for the site's operator.
BOOT_FALLBACK = (
    'addEventListener("load",function(){setTimeout(function(){'
    'if(window.__ykBoot||!window.fetch)return;'
    'var el=document.querySelector("[data-testid=validator-status]");'
    'var s=document.querySelector("script[data-yk-boot]");'
    'if(!el||!s||el.getAttribute("data-mounted"))return;'
    'fetch(s.src,{method:"HEAD",cache:"no-store"}).then(function(r){'
    'var t=r.headers.get("Content-Type")||"";'
    "if(!r.ok||/javascript|ecmascript/i.test(t))return;"
    'var n=el.querySelector("[data-role=stage]");'
    'if(!n){n=document.createElement("span");n.setAttribute("data-role","stage");el.insertBefore(n,el.firstChild);}'
    'document.documentElement.classList.add("yk-js");'
    'n.textContent=(el.getAttribute("data-label-error-mime")||"")'
    '.replace("{files}","validator-boot.js: "+(t||"no Content-Type")+" \u2192 text/javascript");'
    'el.setAttribute("data-state","error");el.setAttribute("data-error-code","mime");'
    'var f=el.querySelector("[data-role=fallback]");if(f)f.removeAttribute("hidden");'
    "},function(){})},1500)})"
)


YK_JS = 'document.documentElement.classList.add("yk-js")'


# A stylesheet a tool page links in its text (the tool's own styles): moved into <head>, so the tool
# is laid out from the first paint instead of jumping once the link is reached (on a slow phone the
# status box and the pick button moved by up to 86 px during start-up).
STYLE_LINK = re.compile(r'<link rel="stylesheet" href="[^"<>]+">')


def _styles_in_head(output: str) -> str:
    head_end = output.find("</head>")
    if head_end < 0:
        return output
    body = output[head_end:]
    links = STYLE_LINK.findall(body)
    if not links:
        return output
    body = STYLE_LINK.sub("", body)
    body = re.sub(r"<p>\s*</p>", "", body)
    return output[:head_end] + "".join(links) + body


def _with_boot(output: str, page) -> str:
    """Tool pages that use the validator start its worker from <head>, before the page is parsed."""
    from mkdocs.utils import get_relative_url

    output = _defer_search(output, page)
    src = get_relative_url("assets/js/validator-boot.js", page.url)
    # What the open tool needs warmed up after ready (the page's front matter: warm: [ops]).
    warm = page.meta.get("warm") or []
    ops = " ".join(str(op) for op in warm if re.fullmatch(r"[a-z]+", str(op)))
    wasm = get_relative_url("assets/pyodide/pyodide.asm.wasm", page.url)
    # The wasm (the largest file) is asked for as soon as the head is read, not once the boot script
    # has arrived and run (on a phone a round trip and more later); the boot script's fetch of the
    # same address takes this response (same mode and credentials: crossorigin, same origin).
    tag = f'<link rel="preload" href="{wasm}" as="fetch" crossorigin>'
    # Scripts run: the status bar's place is kept from the first paint (tools.css), not from when the
    # boot script has arrived (a late boot script moved everything below the bar by 16 px).
    tag += f"<script>{YK_JS}</script>"
    tag += f'<script async data-yk-boot src="{src}"' + (f' data-warm="{ops}"' if ops else "")
    budget = check_seconds()
    tag += (f' data-budget-s="{budget:g}"' if budget else "") + "></script>"
    tag += f"<script>{BOOT_FALLBACK}</script>"
    head = re.search(r"<head[^>]*>", output, re.I)
    if not head or "validator-boot.js" in output[: head.end() + 2000]:
        return output
    charset = re.search(r"<meta charset=[^>]*>", output, re.I)
    at = charset.end() if charset else head.end()
    return output[:at] + tag + output[at:]


class RuntimeHook:
    """One build's state: the sha256 of every inline script the built pages carry, which the site's
    policy (manifest, ``.csp``, host configs) allows. ``on_pre_build`` starts each build afresh
    (``mkdocs serve`` rebuilds with the same module)."""

    def __init__(self) -> None:
        self.hashes: set[str] = set()

    def on_pre_build(self, config, **kwargs):
        self.hashes = set()

    def on_post_page(self, output: str, page, config, **kwargs):
        if page.meta.get("tool") and 'data-testid="validator-status"' in output:
            output = _styles_in_head(_with_status_labels(_with_boot(output, page)))
        return self.with_csp(output)

    def on_post_template(self, output_content: str, template_name: str, config, **kwargs):
        """Static theme templates (404.html) get the policy too; sitemap.xml is left alone."""
        if template_name.endswith(".html"):
            return self.with_csp(output_content)
        return output_content

    def static_pages_get_the_policy(self, site: Path) -> None:
        """HTML copied as is from docs/ (offline.html) gets the same policy meta as every page."""
        for page in site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            if 'http-equiv="Content-Security-Policy"' not in text:
                page.write_text(self.with_csp(text), encoding="utf-8")

    def with_csp(self, output: str) -> str:
        """The page with the policy's ``<meta>`` (its own inline scripts allowed), remembered for the site."""
        hashes = _script_hashes(output)
        self.hashes.update(hashes)
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
        # The policy must come before any script: put it right after <head> (charset first if present).
        charset = re.search(r"<meta charset=[^>]*>", output, re.I)
        if charset:
            at = charset.end()
        else:
            head = re.search(r"<head[^>]*>", output, re.I)
            at = head.end() if head else 0
        return output[:at] + meta + output[at:]

    def on_post_build(self, config, **kwargs):
        site = Path(config["site_dir"])
        self.static_pages_get_the_policy(site)  # every page has its policy: the hashes are complete
        manifest = _runtime_assets(site / "assets")
        manifest["csp"] = policy(self.hashes)
        _finish_site(site, config, manifest)


# MkDocs finds a hook's events as module attributes: the bound methods of this build's state.
_hook = RuntimeHook()
on_pre_build = _hook.on_pre_build
on_post_page = _hook.on_post_page
on_post_template = _hook.on_post_template
on_post_build = _hook.on_post_build


def _runtime_assets(assets: Path) -> dict:
    """Fill ``assets/`` with the runtime (Pyodide, the wheel, the rules, the face models, fflate); the
    manifest's entries for them."""
    manifest: dict = {"pyodide": {}, "files": {}}

    # Pyodide, only what the worker loads, and our package (scripts/build_runtime.py).
    pyo = assets / "pyodide"
    if not PYODIDE_SRC.exists():
        raise PluginError("node_modules/pyodide is missing: run `make bootstrap` (npm ci)")
    build_info = _build_runtime().assemble(pyo)
    inline_lock(assets / "js" / "validator-worker.js", pyo / "pyodide-lock.json")
    # The start-up copy a first visit on a fast connection restores instead of starting Python
    # (validator-worker.js SITE_COPY): made from the files just assembled, named in the worker.
    inline_copy(assets / "js" / "validator-worker.js", start_copy(assets))
    manifest["pyodide"]["version"] = json.loads((PYODIDE_SRC / "package.json").read_text("utf-8"))["version"]

    # fflate (pinned in package.json, MIT): the materials check's "全部下载" zip, loaded only when
    # asked for; its minified build as published (no CDN: served from the site like Pyodide).
    vendor = assets / "vendor"
    vendor.mkdir(parents=True, exist_ok=True)
    fflate = ROOT / "node_modules" / "fflate" / "umd" / "index.js"
    if not fflate.exists():
        raise PluginError("node_modules/fflate is missing: run `make bootstrap` (npm ci)")
    shutil.copyfile(fflate, vendor / "fflate.js")

    # The compiled rules, for the pages (the wheel carries its own copy for Python).
    runtime = assets / "runtime"
    runtime.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(RULES, runtime / "rules.json")

    # The face models: fetched by the worker after ready (not part of the first download).
    face = assets / "face"
    _build_runtime().face_models(face)

    for path in sorted([*pyo.iterdir(), *runtime.iterdir(), *face.iterdir()]):
        data = path.read_bytes()
        manifest["files"][path.relative_to(assets).as_posix()] = {"sha256": _sha256(data), "size": len(data)}
    manifest["wheel"] = f"pyodide/{build_info['wheel']}"
    manifest["source_wheel_sha256"] = build_info["source_wheel_sha256"]
    manifest["lock_writer"] = build_info["lock_writer"]
    manifest["rules"] = "runtime/rules.json"
    manifest["rules_version"] = json.loads(RULES.read_text(encoding="utf-8")).get("version", "")
    return manifest


def _finish_site(site: Path, config, manifest: dict) -> None:
    """Licences, asset versions, the build hash, the service worker and the host configs (last: every
    file is final)."""
    assets = site / "assets"

    workers = assets / "javascripts" / "workers"
    if workers.is_dir():
        shutil.copyfile(assets / "js" / "search-deferred.js", workers / "search-deferred.js")

    # Licences: only the search languages the site uses, every file under assets/ owned by a
    # declared package with an allowed licence, and the licence texts beside the files.
    _prune_search_languages(site, _search_languages(config))
    _check_notices(site)

    # Every URL of our own scripts, styles and rule files carries the assets' content version, so
    # a page never runs with another build's scripts or rules (a cache keyed by URL cannot mix them).
    version = asset_version(site)
    manifest["asset_version"] = version
    version_urls(site, version)

    # Build hash over every file the site serves (the service worker's cache version).
    sw_path = site / "sw.js"
    skip = {sw_path, assets / "runtime-manifest.json"}
    files = sorted(p for p in site.rglob("*") if p.is_file() and p not in skip)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(site).as_posix().encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    build = digest.hexdigest()[:16]
    manifest["build"] = build

    # The service worker: precache what the pages and tools need, nothing else (not the host
    # config files, the .br/.gz twins, source maps or the search languages the site never uses).
    precache = ["./"] + [p.relative_to(site).as_posix() for p in files if precached(p.relative_to(site))]
    precache.append("assets/runtime-manifest.json")
    precache = [_pretty(u) for u in precache]
    if sw_path.exists():
        text = sw_path.read_text(encoding="utf-8")
        text = text.replace('"__BUILD_HASH__"', json.dumps(build))
        text = text.replace('"__ASSET_VERSION__"', json.dumps(version))
        text = text.replace('["__PRECACHE__"]', json.dumps(sorted(set(precache)), ensure_ascii=False))
        sw_path.write_text(text, encoding="utf-8")
    (site / ".csp").write_text(manifest["csp"] + "\n", encoding="utf-8")

    # Last, when every file is final: .br/.gz next to the large assets, and the host configs.
    hosting = _hosting()
    hosting.precompress(site)
    # The bytes a runtime file takes on the wire (its .br twin, which the host configs serve): the
    # progress line tells a candidate on mobile data what the download costs, not the unpacked size.
    for name, info in manifest["files"].items():
        twin = assets / f"{name}.br"
        if twin.is_file():
            info["transfer"] = twin.stat().st_size
    # Written once, now that the wire sizes are known (the build hash above leaves the manifest out).
    text = json.dumps(manifest, indent=1, sort_keys=True)
    (assets / "runtime-manifest.json").write_text(text, encoding="utf-8")
    hosting.precompress(site)  # the manifest's own twins (the others are unchanged and cached)
    hosting.write_configs(site, manifest["csp"])


LOCK_MARK = "const LOCK = null; // __YK_LOCK__"


def _inline(worker: Path, mark: str, name: str, value, what: str) -> None:
    """Replace the worker's line ``mark`` with ``const NAME = <value as JSON>;`` (none: a build error)."""
    text = worker.read_text(encoding="utf-8")
    if mark not in text:
        raise PluginError(f"{worker}: the line {mark!r} is missing ({what})")
    worker.write_text(text.replace(mark, f"const {name} = {json.dumps(value, sort_keys=True)};"), "utf-8")


def inline_lock(worker: Path, lock: Path) -> None:
    """Write the lock file into the worker (one request fewer before the wheel can be fetched)."""
    doc = json.loads(lock.read_text(encoding="utf-8"))
    _inline(worker, LOCK_MARK, "LOCK", doc, "the lock cannot be inlined")


COPY_MARK = "const SITE_COPY = null; // __YK_COPY__"
COPY_NAME = "start-up-copy.bin"
COPY_SCRIPT = ROOT / "scripts" / "start_copy.mjs"


def start_copy(assets: Path) -> Path:
    """The interpreter's memory after the validator is imported, made under Node from the site's own
    runtime files (scripts/start_copy.mjs; the same bytes for the same files)."""
    out = assets / "pyodide" / COPY_NAME
    try:
        proc = subprocess.run(["node", str(COPY_SCRIPT), str(assets), str(out)], capture_output=True,
                              text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise PluginError(
            f"the start-up copy could not be made ({COPY_SCRIPT.name}): {err}. Node.js (18 or later) must be "
            "on PATH: the build runs the shipped Pyodide under it"
        ) from None
    if proc.returncode != 0 or not out.is_file():
        raise PluginError(
            f"the start-up copy could not be made ({COPY_SCRIPT.name}):\n{proc.stderr[-2000:]}"
        )
    return out


def inline_copy(worker: Path, copy: Path) -> None:
    """Name the start-up copy and its sha256 in the worker (it checks the copy's bytes against it)."""
    entry = {"file": copy.name, "sha256": _sha256(copy.read_bytes())}
    print(f"start-up copy: {copy.name}, {copy.stat().st_size:,} bytes, sha256 {entry['sha256'][:16]}…")
    _inline(worker, COPY_MARK, "SITE_COPY", entry, "the start-up copy cannot be named")


# The theme's search languages the site uses (mkdocs.yml: search lang zh); the others are never loaded.
SEARCH_LANGS = ("lunr.stemmer.support.", "lunr.zh.", "lunr.multi.")


def precached(rel: Path) -> bool:
    """Whether the service worker precaches this file of the built site."""
    name = rel.name
    if name.startswith((".", "_", "sitemap.xml")) or name.endswith((".map", ".br", ".gz")):
        return False
    if name == COPY_NAME:  # fetched by a first visit on a fast connection only, then kept by the worker
        return False
    parts = rel.as_posix()
    if "/javascripts/lunr/" in f"/{parts}":
        return name.startswith(SEARCH_LANGS)
    return True


VERSIONED = (".js", ".mjs", ".css", ".json", ".zip")
# In HTML: src/href to our own assets (the theme's files carry their own hashes; a query is harmless).
_HTML_ASSET = re.compile(r'((?:src|href)=")([^"?#:]*assets/[^"?#:]+\.(?:js|mjs|css|json))(")')
# In our scripts: string literals naming a sibling file (imports, new URL("x.js", ...), fetches).
_JS_ASSET = re.compile(r'(")((?:\.{1,2}/)*[\w-]+(?:[/.][\w-]+)*\.(?:js|mjs|json|zip))(")')
_UNVERSIONED = {"sw.js", "runtime-manifest.json"}  # the service worker URL and the no-cache manifest


def asset_version(site: Path) -> str:
    """sha256 (16 hex) over our scripts, styles, rule files and runtime lock: the content version."""
    digest = hashlib.sha256()
    roots = [site / "assets" / "js", site / "assets" / "runtime", site / "assets" / "pyodide"]
    files = [site / "assets" / name for name in ("site.css", "print.js", "menu-keys.js")] + [site / "sw.js"]
    files += sorted(p for r in roots if r.is_dir() for p in r.rglob("*") if p.is_file())
    for path in files:
        if path.is_file() and path.suffix in (*VERSIONED, ".whl"):
            digest.update(path.relative_to(site).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def version_urls(site: Path, version: str) -> None:
    """Add ``?v=<version>`` to our asset URLs in every page and in our own scripts."""

    def tag(match: re.Match) -> str:
        name = match.group(2).rsplit("/", 1)[-1]
        if name in _UNVERSIONED:
            return match.group(0)
        return f"{match.group(1)}{match.group(2)}?v={version}{match.group(3)}"

    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = _HTML_ASSET.sub(tag, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    for script in (site / "assets" / "js").rglob("*.js"):
        text = script.read_text(encoding="utf-8")
        new = _JS_ASSET.sub(tag, text)
        if new != text:
            script.write_text(new, encoding="utf-8")


def _build_runtime():
    """scripts.build_runtime (the hook is loaded by file path; the repository root may not be on
    sys.path)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if not RULES.exists():
        raise PluginError("validator/_data/rules.json is missing: run `make rules`")
    from scripts import build_runtime

    return build_runtime


def _search_languages(config) -> list[str]:
    plugin = config["plugins"].get("search") or config["plugins"].get("material/search")
    lang = getattr(plugin, "config", {}).get("lang") if plugin else None
    return [lang] if isinstance(lang, str) else list(lang or [])


def _prune_search_languages(site: Path, languages: list[str]) -> None:
    """Drop the theme's search language files the site never loads (the theme's search worker
    loads lunr.stemmer.support, lunr.<lang> per language, lunr.multi for several, and tinyseg /
    wordcut only for ja / hi, th)."""
    lunr = site / "assets" / "javascripts" / "lunr"
    if not lunr.is_dir():
        return
    keep = {"min/lunr.stemmer.support.min.js"}
    keep |= {f"min/lunr.{code}.min.js" for code in languages if code != "en"}
    if len(languages) > 1:
        keep.add("min/lunr.multi.min.js")
    if "ja" in languages:
        keep.add("tinyseg.js")
    if {"hi", "th"} & set(languages):
        keep.add("wordcut.js")
    for path in sorted(lunr.rglob("*")):
        if path.is_file() and path.relative_to(lunr).as_posix() not in keep:
            path.unlink()


def _check_notices(site: Path) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from scripts import notices

    try:
        packages = notices.load()
        notices.write_texts(site, packages)
        found = notices.problems(site, packages, notices.allowed())
    except (notices.NoticeError, OSError, KeyError) as err:
        raise PluginError(f"third-party notices: {err}") from None
    if found:
        raise PluginError("third-party notices: the site ships files without a known, allowed licence:\n  "
                          + "\n  ".join(found))


def _hosting():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from scripts import hosting

    return hosting


def _defer_search(output: str, page) -> str:
    """Point the theme's search worker at assets/js/search-deferred.js, which starts it after the runtime."""
    from mkdocs.utils import get_relative_url

    match = re.search(r'"search": "([^"]*/workers/(search\.[^"/]+\.js))"', output)
    if not match:
        return output
    # The wrapper sits next to the theme's worker (copied at post_build): that worker loads its
    # language files relative to its own location.
    wrapper = get_relative_url("assets/javascripts/workers/search-deferred.js", page.url)
    replacement = f'"search": "{wrapper}?worker={match.group(2)}"'
    return output[: match.start()] + replacement + output[match.end() :]


def _pretty(url: str) -> str:
    """Directory pages are requested as .../ (use_directory_urls), not .../index.html."""
    if url.endswith("/index.html"):
        return url[: -len("index.html")]
    if url == "index.html":
        return "./"
    return url
