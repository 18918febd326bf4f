"""The dev server cannot be wedged (issue 17 item 5) and answers conditional requests for every
compressed variant (issue 19 item 4, server part). A tiny site written here; no build needed.
Expected statuses written by hand from RFC 9110 and the issue.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import socket
import threading
import time

import pytest


@pytest.fixture
def server(tmp_path):
    from scripts import serve

    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    (tmp_path / "app.js").write_text("export const x = 1;\n" * 50, encoding="utf-8")
    (tmp_path / "app.js.br").write_bytes(b"brotli bytes")
    (tmp_path / "app.js.gz").write_bytes(b"gzip bytes")
    srv = serve.make_server(str(tmp_path), "127.0.0.1", 0, verbose=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def send_raw(server, payload: bytes, wait: float = 5) -> bytes:
    """Send bytes as they are; return all the server sent until it closed the socket."""
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=wait) as sock:
        sock.sendall(payload)
        chunks = []
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                chunks.append(chunk)
    return b"".join(chunks)


def get(server, path: str, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


def tls_client_hello() -> bytes:
    """The start of a TLS 1.2 ClientHello record (RFC 5246 6.2.1, 7.4.1.2), as a browser sends to https://."""
    hello = b"\x03\x03" + bytes(32) + b"\x00" + b"\x00\x02\x00\x2f" + b"\x01\x00"
    handshake = b"\x01" + len(hello).to_bytes(3, "big") + hello
    return b"\x16\x03\x01" + len(handshake).to_bytes(2, "big") + handshake


@pytest.mark.parametrize(
    "payload",
    [
        tls_client_hello(),
        b"GET /" + b"a" * (64 * 1024 + 10) + b" HTTP/1.1\r\nHost: x\r\n\r\n",  # request line over 64 KiB
        b"GET / HTTP/1.1\r\nX-Long: " + b"b" * (64 * 1024 + 10) + b"\r\n\r\n",  # one header line over 64 KiB
        b"\x00\x01\x02 garbage\r\n\r\n",
    ],
    ids=["tls_hello", "long_request_line", "long_header_line", "binary"],
)
def test_malformed_requests_get_400_and_a_closed_socket(server, payload, capsys):
    answer = send_raw(server, payload)  # returns only once the server closed the socket
    assert answer.startswith(b"HTTP/1.0 400") or answer.startswith(b"HTTP/1.1 400"), answer[:80]
    assert b"Traceback" not in answer
    status, _, _ = get(server, "/")  # and the server still serves
    assert status == 200
    err = capsys.readouterr().err
    assert "Traceback" not in err and "AttributeError" not in err


def test_headers_have_a_deadline(server, monkeypatch):
    from scripts import serve

    monkeypatch.setattr(serve, "HEADER_DEADLINE", 1.5)  # the real one is 10 s; a trickle every 0.5 s here
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n")
        started, closed = time.monotonic(), False
        for _ in range(12):
            time.sleep(0.5)
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                closed = True
                break
            sock.settimeout(0.01)
            try:
                if sock.recv(1) == b"":
                    closed = True
                    break
            except TimeoutError:
                pass
        assert closed, "a client trickling header lines is still connected"
        assert time.monotonic() - started < 4
    assert serve.HEADER_DEADLINE <= 30 and serve.MAX_LINE == 65536


def test_no_traceback_reaches_the_console(server, capsys):
    send_raw(server, tls_client_hello())
    send_raw(server, b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n")
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        sock.close()  # gone in the middle of the headers
    get(server, "/")
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("encoding", ["br", "gzip", "identity"])
def test_conditional_requests_get_304_for_every_variant(server, encoding):
    asked = {"Accept-Encoding": encoding}
    status, headers, body = get(server, "/app.js", asked)
    assert status == 200
    assert headers.get("Content-Encoding", "identity") == encoding
    etag, modified = headers["ETag"], headers["Last-Modified"]
    status, headers, body = get(server, "/app.js", {**asked, "If-None-Match": etag})
    assert (status, body) == (304, b"")
    status, _, body = get(server, "/app.js", {**asked, "If-Modified-Since": modified})
    assert (status, body) == (304, b"")
    both = {**asked, "If-None-Match": '"other"', "If-Modified-Since": modified}
    status, _, _ = get(server, "/app.js", both)
    assert status == 200  # If-None-Match decides when both are sent (RFC 9110 13.2.2)
    status, _, _ = get(server, "/app.js", {**asked, "If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"})
    assert status == 200


def test_variants_have_different_etags(server):
    tags = {get(server, "/app.js", {"Accept-Encoding": e})[1]["ETag"] for e in ("br", "gzip", "identity")}
    assert len(tags) == 3  # a cache must not answer a gzip request with the brotli bytes


def test_deadline_stream_raises_once_time_is_up():
    from scripts.serve import _Deadline

    class Sock:
        def settimeout(self, t):
            self.t = t

    stream = _Deadline(io.BytesIO(b"line\n"), Sock(), time.monotonic() - 1)
    with pytest.raises(TimeoutError):
        stream.readline()


def test_the_command_serves_a_mount_on_the_port_it_names(tmp_path):
    """`make bench` runs the server as a process of its own (in a thread it shared Python's lock with the
    browser's driver): with --port=0 the first line names the port taken, and --mount serves a folder."""
    import re
    import subprocess
    import sys
    from pathlib import Path

    site, extra = tmp_path / "site", tmp_path / "extra"
    site.mkdir()
    extra.mkdir()
    (site / "index.html").write_text("<!doctype html><title>site</title>", encoding="utf-8")
    (extra / "page.html").write_text("<!doctype html><title>extra</title>", encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    command = [sys.executable, "-m", "scripts.serve", str(site), "--port=0", "--quiet"]
    command.append(f"--mount=/bench-bare/={extra}")
    proc = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1))
        assert port > 0, line

        class At:  # get() takes a server; this one is only its address
            server_address = ("127.0.0.1", port)

        status, _, body = get(At, "/bench-bare/page.html")
        assert (status, b"extra" in body) == (200, True)
        status, _, body = get(At, "/")
        assert (status, b"site" in body) == (200, True)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
