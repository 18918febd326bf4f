"""Serve the built site on 127.0.0.1 the way the generated host configs do (scripts/hosting.py):
the same headers (the site's Content-Security-Policy from ``<site>/.csp`` among them: pages
have it as a meta tag too, but Web Workers obey only the header), the same content types, and
the precompressed ``FILE.br`` / ``FILE.gz`` when the browser accepts that encoding.

Hardened for use on a network: a NUL byte or a malformed path gets 400 (never a traceback); so
does a request that is not HTTP (a TLS hello) or whose request line or a header line is over
``MAX_LINE`` bytes, and the socket is closed after it. A client must send its request line and
headers within ``HEADER_DEADLINE`` seconds in all (one header line every 20 s does not keep it
connected), and a socket that stays silent is dropped after ``TIMEOUT`` seconds. No traceback
reaches the console. Folders are never listed, and nothing whose path has a part starting with
"." (``.csp``, ``.git``…) or the host config ``_headers`` is served. Conditional requests
(``If-None-Match`` with the ETag, ``If-Modified-Since``) get 304 for the plain file and for every
precompressed variant alike.

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
import time
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

try:
    from scripts import hosting
except ImportError:  # run as a file
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from scripts import hosting


TIMEOUT = 30  # seconds a silent socket is kept (socket timeout)
HEADER_DEADLINE = 10  # seconds for the request line and all the headers together
MAX_LINE = 65536  # bytes in the request line or one header line (as http.server reads them)
HIDDEN = frozenset({"_headers"})


class _Deadline:
    """The request's input stream, read against one deadline: before each read the socket's timeout
    is cut to the time left, so a slow trickle of header lines ends in TimeoutError (http.server
    then closes the connection quietly)."""

    def __init__(self, raw, sock, deadline: float):
        self._raw, self._sock, self.deadline = raw, sock, deadline

    def _arm(self) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("header deadline")
        self._sock.settimeout(min(left, TIMEOUT))

    def readline(self, *args):
        self._arm()
        return self._raw.readline(*args)

    def read(self, *args):
        self._arm()
        return self._raw.read(*args)

    def __getattr__(self, name):
        return getattr(self._raw, name)


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict] = {**http.server.SimpleHTTPRequestHandler.extensions_map, **hosting.TYPES}
    timeout = TIMEOUT
    path = ""  # set by parse_request; a request refused before that has none

    def setup(self):
        super().setup()
        self._raw_rfile = self.rfile

    def handle_one_request(self):
        """One request with a deadline for its head; anything malformed gets 400 and a closed socket."""
        self.rfile = _Deadline(self._raw_rfile, self.connection, time.monotonic() + HEADER_DEADLINE)
        try:
            if not self._starts_like_http():
                self.requestline, self.request_version, self.command = "", "HTTP/1.0", ""
                self.send_error(400)  # a TLS hello or other binary: no line end may ever come
                return
            super().handle_one_request()
        except (TimeoutError, ConnectionError):
            self.close_connection = True
        finally:
            self.connection.settimeout(TIMEOUT)

    def _starts_like_http(self) -> bool:
        """The first byte of a request is a method's capital letter (RFC 9110 9.1); also True at
        the end of the stream (http.server then closes quietly)."""
        self.rfile._arm()
        first = self._raw_rfile.peek(1)[:1]
        return not first or first.isupper()

    def send_error(self, code, message=None, explain=None):
        if code in (400, 414, 431):  # malformed, request line or headers too long: 400, then close
            code = 400
            self.close_connection = True
            if getattr(self, "request_version", "") in ("", "HTTP/0.9"):
                self.request_version = "HTTP/1.0"  # a status line and headers, never a bare HTTP/0.9 body
        super().send_error(code, message, explain)

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
        if not os.path.isfile(path):
            return super().send_head()  # 404 as usual
        variant = hosting.encoded_variant(Path(path), self.headers.get("Accept-Encoding", ""))
        encoded, token = variant if variant is not None else (path, "")
        try:
            f = open(encoded, "rb")  # noqa: SIM115 - returned to the caller, which closes it
        except OSError:
            self.send_error(404)
            return None
        stat = os.fstat(f.fileno())
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}{"-" + token if token else ""}"'
        if self._not_modified(etag, stat.st_mtime):
            f.close()
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        if token:
            self.send_header("Content-Encoding", token)
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.end_headers()
        return f

    def _not_modified(self, etag: str, mtime: float) -> bool:
        """RFC 9110 13.2.2: If-None-Match decides when present; otherwise If-Modified-Since."""
        match = self.headers.get("If-None-Match")
        if match is not None:
            tags = [t.strip().removeprefix("W/") for t in match.split(",")]
            return "*" in tags or etag in tags
        since = self.headers.get("If-Modified-Since")
        if not since:
            return False
        try:
            when = email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        if when is None or when.tzinfo is None:
            return False
        return int(mtime) <= when.timestamp()

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
        # precaches) is normal, not an error worth a traceback; nor is anything else a client
        # can provoke: one line on the console, never a traceback.
        exc = sys.exc_info()[1]
        if isinstance(exc, (BrokenPipeError, ConnectionResetError, TimeoutError)):
            return
        if self.verbose:
            print(f"{client_address[0]}: request dropped ({type(exc).__name__})", file=sys.stderr)


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
    parser.add_argument("--port", type=int, default=8000, help="0: any free port (the line printed names it)")
    parser.add_argument("--mount", action="append", default=[], metavar="PREFIX=DIR", help="DIR under PREFIX")
    parser.add_argument("--quiet", action="store_true", help="no line per request")
    args = parser.parse_args(argv)
    if not Path(args.directory, "index.html").exists():
        print(f"{args.directory}/index.html 不存在：请先运行 make build", file=sys.stderr)
        return 2
    mounts = dict(m.split("=", 1) for m in args.mount if "=" in m)
    server = make_server(args.directory, args.host, args.port, verbose=not args.quiet, mounts=mounts)
    host, port = server.server_address[:2]
    print(f"serving {args.directory} on http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
