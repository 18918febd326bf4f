"""Serve the built site on 127.0.0.1 with the right MIME types (wasm, mjs, whl).

Every response carries the site's Content-Security-Policy (written by the build into
``<site>/.csp``): pages also have it as a meta tag, but Web Workers only obey the header.

Usage: python -m scripts.serve [--port 8000] [--host 127.0.0.1] [DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import sys
from pathlib import Path
from typing import ClassVar

EXTRA_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".webmanifest": "application/manifest+json",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict] = {**http.server.SimpleHTTPRequestHandler.extensions_map, **EXTRA_TYPES}

    def end_headers(self):
        if self.server.csp:
            self.send_header("Content-Security-Policy", self.server.csp)
        self.send_header("X-Content-Type-Options", "nosniff")
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


def make_server(directory: str, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False):
    handler = functools.partial(Handler, directory=directory)
    server = Server((host, port), handler)
    server.verbose = verbose
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
