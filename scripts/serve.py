"""Serve the built site on 127.0.0.1 the way the generated host configs do (scripts/hosting.py):
the same headers (the site's Content-Security-Policy from ``<site>/.csp`` among them: pages
have it as a meta tag too, but Web Workers obey only the header), the same content types, and
the precompressed ``FILE.br`` / ``FILE.gz`` when the browser accepts that encoding.

Hardened for use on a network: a NUL byte or a malformed path gets 400 (never a traceback), a
request that stalls is dropped after ``TIMEOUT`` seconds, folders are never listed, and nothing
whose path has a part starting with "." (``.csp``, ``.git``…) or the host config ``_headers`` is
served.

Usage: python -m scripts.serve [--port 8000] [--host 127.0.0.1] [DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import functools
import http.server
import os
import posixpath
import sys
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

try:
    from scripts import hosting
except ImportError:  # run as a file
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from scripts import hosting


TIMEOUT = 30  # seconds a client may take to send its request (socket timeout)
HIDDEN = frozenset({"_headers"})


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict] = {**http.server.SimpleHTTPRequestHandler.extensions_map, **hosting.TYPES}
    timeout = TIMEOUT

    def _refused(self) -> int | None:
        """400 for paths that cannot be a file of the site, 404 for hidden ones; None when fine."""
        try:
            path = unquote(urlsplit(self.path).path, errors="strict")
        except (ValueError, UnicodeDecodeError):
            return 400
        if not path.startswith("/") or "\x00" in path or "\\" in path:
            return 400
        parts = [p for p in path.split("/") if p]
        if any(p.startswith(".") or p in HIDDEN for p in parts):
            return 404
        return None

    def send_head(self):
        refused = self._refused()
        if refused is not None:
            self.send_error(refused)
            return None
        try:
            return self._send_head()
        except (ValueError, OSError):
            self.send_error(400)
            return None

    def list_directory(self, path):
        self.send_error(404)  # folders are never listed
        return None

    def translate_path(self, path: str) -> str:
        """Paths under a mount (``make bench``'s bare page) come from that folder."""
        clean = posixpath.normpath(unquote(urlsplit(path).path))
        for prefix, folder in self.server.mounts.items():
            if clean.startswith(prefix):
                rest = [p for p in clean[len(prefix) :].split("/") if p not in ("", ".", "..")]
                return os.path.join(folder, *rest)
        return super().translate_path(path)

    def _send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            index = os.path.join(path, "index.html")
            if not self.path.split("?", 1)[0].endswith("/") or not os.path.isfile(index):
                return super().send_head()  # redirects and listings as usual
            path = index
        variant = hosting.encoded_variant(Path(path), self.headers.get("Accept-Encoding", ""))
        if variant is None or not os.path.isfile(path):
            return super().send_head()
        encoded, token = variant
        try:
            f = open(encoded, "rb")  # noqa: SIM115 - returned to the caller, which closes it
        except OSError:
            return super().send_head()
        stat = os.fstat(f.fileno())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", token)
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.end_headers()
        return f

    def end_headers(self):
        self.send_header("Vary", "Accept-Encoding")
        path = urlsplit(self.path).path
        for name, value in hosting.headers_for(path, self.server.csp).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format, *args):
        if self.server.verbose:
            super().log_message(format, *args)

class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that closes a connection mid-transfer (a page closed while the service worker
        # precaches) is normal, not an error worth a traceback.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def make_server(directory: str, host="127.0.0.1", port=8000, verbose=False, mounts: dict | None = None):
    """A threaded server for ``directory``; ``mounts`` maps URL prefixes ("/bench/") to folders."""
    handler = functools.partial(Handler, directory=directory)
    server = Server((host, port), handler)
    server.verbose = verbose
    server.mounts = dict(mounts or {})
    csp = Path(directory, ".csp")
    server.csp = csp.read_text(encoding="utf-8").strip() if csp.exists() else ""
    return server


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", nargs="?", default="site")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not Path(args.directory, "index.html").exists():
        print(f"{args.directory}/index.html 不存在：请先运行 make build", file=sys.stderr)
        return 2
    server = make_server(args.directory, args.host, args.port, verbose=True)
    print(f"serving {args.directory} on http://{args.host}:{args.port}/ (Ctrl-C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
