"""How the built site is served, in one place: the response headers, the content types and the
precompressed files, rendered into the configuration of common hosts and used by
``scripts/serve.py`` (so ``make serve`` previews what a host sends).

The build (scripts/hooks/runtime.py, at the very end) calls:

* :func:`precompress`: ``FILE.br`` (brotli, quality 11, through Node's zlib) and ``FILE.gz``
  (gzip -9) next to every compressible file of at least ``MIN_SIZE`` bytes, kept only when
  smaller; results are cached by content hash in ``dist/compress-cache/`` (Pyodide's files do
  not change between builds, and brotli 11 on the wasm takes a while);
* :func:`write_configs`: ``site/_headers`` (Netlify / Cloudflare Pages syntax: headers only,
  those hosts compress by themselves), ``dist/hosting/nginx.conf`` (an include for the
  ``server`` block: ``gzip_static``/``brotli_static`` serve the files above) and
  ``dist/hosting/Caddyfile`` (a snippet: ``file_server { precompressed br gzip }``).

To add a header (e.g. a security header), add it to :func:`header_rules`: every config and
``scripts/serve.py`` pick it up.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "dist" / "compress-cache"
HOSTING = ROOT / "dist" / "hosting"
BROTLI = ROOT / "scripts" / "brotli.mjs"

COMPRESSIBLE = (
    ".html", ".css", ".js", ".mjs", ".json", ".wasm", ".zip", ".whl", ".xml", ".svg", ".txt",
    ".bin",  # the face models (assets/face/)
)
MIN_SIZE = 1024
# Content-Encoding token and file suffix, in the order the server prefers them.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
# Types a host may not know (or get wrong): wasm must be application/wasm for streaming compile.
TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".webmanifest": "application/manifest+json",
    ".bin": "application/octet-stream",  # the face models (assets/face/)
}


# Sent with every response. frame-ancestors works only in the header (browsers ignore it in the
# pages' meta tag), hence it is added here and not to the policy the pages carry.
SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
FRAME_ANCESTORS = "frame-ancestors 'none'"


def header_policy(csp: str) -> str:
    """The site's policy (``site/.csp``, the same as the pages' meta tag) as a response header."""
    return f"{csp}; {FRAME_ANCESTORS}" if csp and FRAME_ANCESTORS not in csp else csp


def header_rules(csp: str) -> list[tuple[str, dict[str, str]]]:
    """(path prefix, headers) in order; a response gets the headers of every matching prefix.

    The Content-Security-Policy goes out as a header because Web Workers obey only the header
    (pages carry it as a meta tag too); the start-up probe and the worker refuse to run without it.
    """
    rules: list[tuple[str, dict[str, str]]] = [("/", dict(SECURITY))]
    if csp:
        rules[0][1]["Content-Security-Policy"] = header_policy(csp)
    return rules


def headers_for(path: str, csp: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for prefix, headers in header_rules(csp):
        if path.startswith(prefix):
            out.update(headers)
    return out


# ---------------------------------------------------------------------------
# precompressed files


def compressible(path: Path) -> bool:
    return path.suffix in COMPRESSIBLE and path.is_file() and path.stat().st_size >= MIN_SIZE


def precompress(site: Path) -> dict[str, dict[str, int]]:
    """Write FILE.br / FILE.gz next to each compressible file; returns {relative path: sizes}."""
    CACHE.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in site.rglob("*") if compressible(p))
    digests = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    cached = {p: CACHE / f"{digests[p]}.br" for p in files}
    missing = [(str(p), str(cached[p])) for p in files if not cached[p].exists()]
    if missing:
        _brotli(missing)
    sizes = {}
    for path in files:
        data = path.read_bytes()
        gz_cached = CACHE / f"{digests[path]}.gz"
        if not gz_cached.exists():
            gz_cached.write_bytes(gzip.compress(data, 9, mtime=0))
        row = {"raw": len(data)}
        for token, suffix in ENCODINGS:
            packed = (CACHE / f"{digests[path]}{suffix}").read_bytes()
            if len(packed) < 0.95 * len(data):
                path.with_name(path.name + suffix).write_bytes(packed)
                row[token] = len(packed)
        sizes[path.relative_to(site).as_posix()] = row
    return sizes


def _brotli(pairs: list[tuple[str, str]]) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(pairs, fh)
    try:
        proc = subprocess.run(["node", str(BROTLI), fh.name], capture_output=True, text=True)
    finally:
        Path(fh.name).unlink()
    if proc.returncode != 0:
        raise SystemExit(f"brotli compression failed:\n{proc.stderr[-2000:]}")


def encoded_variant(path: Path, accept_encoding: str) -> tuple[Path, str] | None:
    """The precompressed file to send for this Accept-Encoding header, if any."""
    accepted = _accepted(accept_encoding)
    for token, suffix in ENCODINGS:
        variant = path.with_name(path.name + suffix)
        if token in accepted and variant.is_file():
            return variant, token
    return None


def _accepted(header: str) -> set[str]:
    out = set()
    for part in (header or "").split(","):
        token, _, params = part.strip().partition(";")
        q = params.strip()
        if q.startswith("q=") and _float(q[2:]) == 0:
            continue
        if token:
            out.add(token.strip().lower())
    return out


def _float(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 1.0


# ---------------------------------------------------------------------------
# host configs


def write_configs(site: Path, csp: str) -> None:
    (site / "_headers").write_text(render_headers_file(csp), encoding="utf-8")
    HOSTING.mkdir(parents=True, exist_ok=True)
    (HOSTING / "nginx.conf").write_text(render_nginx(csp), encoding="utf-8")
    (HOSTING / "Caddyfile").write_text(render_caddy(csp), encoding="utf-8")


GENERATED = "generated by scripts/hosting.py at build time: edit header_rules() there, not this file"


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_headers_file(csp: str) -> str:
    lines = [f"# {GENERATED}"]
    for prefix, headers in header_rules(csp):
        lines.append(prefix + "*")
        lines += [f"  {name}: {value}" for name, value in headers.items()]
    for suffix, ctype in TYPES.items():
        if suffix in (".wasm", ".mjs"):
            lines += [f"/*{suffix}", f"  Content-Type: {ctype}"]
    return "\n".join(lines) + "\n"


def render_nginx(csp: str) -> str:
    """An include for a ``server { root .../site; ... }`` block."""
    lines = [
        f"# {GENERATED}",
        "# include inside the server block whose root is the built site/ folder",
        "gzip_static on;      # serves FILE.gz written at build time",
        "brotli_static on;    # serves FILE.br; needs the ngx_brotli module (drop the line without it)",
        "gzip_vary on;",
    ]
    # nginx drops inherited add_header lines inside a location that has its own: each location
    # repeats every header that applies to it.
    locations = [("/", "location /", None)]
    locations += [(None, f"location ~* \\{suffix}$", ctype) for suffix, ctype in TYPES.items()
                  if suffix in (".wasm", ".mjs")]
    for prefix, head, ctype in locations:
        headers = headers_for(prefix or "/", csp)
        lines.append(f"{head} {{")
        if ctype:
            lines += ["    types { }", f"    default_type {ctype};"]
        lines += [f"    add_header {name} {_quote(value)} always;" for name, value in headers.items()]
        lines.append("}")
    return "\n".join(lines) + "\n"


def render_caddy(csp: str) -> str:
    """A snippet: ``import yikao-site`` inside a site block whose root is site/."""
    lines = [f"# {GENERATED}", "(yikao-site) {", "\tfile_server {", "\t\tprecompressed br gzip", "\t}"]
    for prefix, headers in header_rules(csp):
        lines.append(f"\theader {prefix}* {{")
        lines += [f"\t\t{name} {_quote(value)}" for name, value in headers.items()]
        lines.append("\t}")
    for n, (suffix, ctype) in enumerate((s, t) for s, t in TYPES.items() if s in (".wasm", ".mjs")):
        lines += [f"\t@type{n} path *{suffix}", f"\theader @type{n} Content-Type {ctype}"]
    lines.append("}")
    return "\n".join(lines) + "\n"
