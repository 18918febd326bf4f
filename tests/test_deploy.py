"""Deployment as part of the build (issue 13 item 7): security headers for every host from the one
policy, versioned asset URLs, the Chinese offline page, and a local server that refuses what a
static host must refuse. Expected values written by hand from the issue's requirements.
"""

from __future__ import annotations

import http.client
import re
import socket
import threading

import pytest

from tests.conftest import ROOT

SITE = ROOT / "site"


@pytest.fixture(scope="module")
def site():
    if not (SITE / ".csp").exists():
        pytest.fail("site/ is not built: run `make build` first (make test does it)")
    return SITE


@pytest.fixture(scope="module")
def server(site):
    from scripts.serve import make_server

    srv = make_server(str(site), "127.0.0.1", 0)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def raw_get(server, path: str) -> tuple[int, dict, bytes]:
    """A GET with the path sent byte for byte (no client-side quoting)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=30)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), body


def header(site) -> str:
    """The policy a host sends: the pages' policy (site/.csp) plus what works only as a header."""
    from scripts.hosting import header_policy

    return header_policy((site / ".csp").read_text(encoding="utf-8").strip())


def test_policy_forbids_framing_and_inline_styles(site):
    csp = header(site)
    directives = dict([*d.strip().split(" ", 1), ""][:2] for d in csp.split(";") if d.strip())
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in directives.get("script-src", "")


@pytest.mark.parametrize("where", ["site/_headers", "dist/hosting/nginx.conf", "dist/hosting/Caddyfile"])
def test_every_host_config_carries_the_same_policy(site, where):
    csp = header(site)
    path = ROOT / where
    assert path.exists(), f"the build wrote no {where}"
    assert csp in path.read_text(encoding="utf-8")


def test_tool_pages_load_assets_versioned_by_content(site):
    html = (site / "tools" / "photo" / "index.html").read_text(encoding="utf-8")
    ours = re.findall(r'(?:src|href)="([^"]*assets/(?:js|runtime)/[^"]+)"', html)
    assert ours, "no asset URL found"
    versions = {re.search(r"\?v=([0-9a-f]+)", url).group(1) for url in ours if "?v=" in url}
    assert len(versions) == 1 and all("?v=" in url for url in ours), ours


def test_offline_page_is_chinese(site):
    text = (site / "offline.html").read_text(encoding="utf-8")
    assert re.search(r"[\u4e00-\u9fff]{4}", text) and "Not found" not in text
    assert "offline.html" in (site / "sw.js").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/%00", 400),
        ("/index.html%00.js", 400),
        ("/%ff%fe", 400),
        ("/..%5c..%5cetc/passwd", 400),
        ("/.csp", 404),
        ("/assets/.hidden", 404),
        ("/_headers", 404),
        ("/assets/js/", 404),  # a folder without an index is never listed
    ],
)
def test_server_refuses_what_a_static_host_must_refuse(server, path, status):
    got, _, body = raw_get(server, path)
    assert got == status
    assert b"Traceback" not in body and b"<title>Directory listing" not in body


def test_server_sends_the_policy_and_answers_after_a_refusal(server):
    raw_get(server, "/%00")
    status, headers, _ = raw_get(server, "/tools/photo/")
    assert status == 200 and "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_server_drops_a_client_that_never_sends_its_request(server):
    from scripts.serve import Handler

    assert Handler.timeout and Handler.timeout <= 60
    with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\n")  # and never finishes: the handler must not wait forever
    status, _, _ = raw_get(server, "/")  # other clients are still served meanwhile
    assert status == 200
