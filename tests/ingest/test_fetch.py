"""Fetching URLs: a real server on 127.0.0.1 for the happy and unhappy paths, MockTransport and an
injected resolver for the address policy across redirects. Nothing leaves 127.0.0.1."""
from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from entente.errors import InputRejected, Reason
from entente.ingest import IngestOptions
from entente.ingest.fetch import Fetched, fetch, forbidden_kind
from entente.ingest.html import read_html

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PAGE_ID = "06e5123e4ef7cfb4533250dc45d1e03d0838fc66223f45c583c4d12f48b4da85"  # venturebeat.com

#: A route answers (status, headers, body); a callable body is called for the body (for slow routes).
Route = tuple[int, dict[str, str], bytes | Callable[[], bytes]]
PUBLIC = "93.184.216.34"  # what the injected resolver says public names resolve to


def scrapinghub_page() -> bytes:
    path = SHARED / "data" / "extraction" / "scrapinghub" / "html" / f"{PAGE_ID}.html.gz"
    if not path.exists():
        pytest.skip(f"{path} is not available (the shared data folder sits beside the repository)")
    return gzip.decompress(path.read_bytes())


@contextmanager
def local_server(routes: dict[str, Route]) -> Iterator[str]:
    """Serve `routes` on 127.0.0.1 (a free port) in a thread; yield the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/ua":
                route: Route = (200, {"Content-Type": "text/plain"}, self.headers.get("User-Agent", "").encode())
            else:
                route = routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"not here"))
            status, headers, body = route
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(body() if callable(body) else body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up on purpose (size cap, timeout)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False  # a deliberately slow handler must not hold up the test
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _slow() -> bytes:
    time.sleep(2)
    return b"too late"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    page = scrapinghub_page()
    html = {"Content-Type": "text/html; charset=utf-8"}
    big = b"<p>" + b"x" * 200_000 + b"</p>"
    routes: dict[str, Route] = {
        "/page": (200, {**html, "Content-Length": str(len(page))}, page),
        "/big-declared": (200, {**html, "Content-Length": str(len(big))}, big),
        "/big-streamed": (200, html, big),  # HTTP/1.0, no length: the cap must hold while streaming
        "/bomb": (200, {**html, "Content-Encoding": "gzip"}, gzip.compress(big)),
        "/redirect": (302, {"Location": "/page"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/gone": (410, {"Content-Type": "text/plain"}, b"gone"),
        "/slow": (200, html, _slow),
    }
    with local_server(routes) as base:
        yield base


LOCAL = IngestOptions(allow_private=True, timeout=5.0)


def _reason(call: Callable[[], object]) -> InputRejected:
    with pytest.raises(InputRejected) as caught:
        call()
    return caught.value


def test_fetch_reads_a_page_from_a_local_server(server: str) -> None:
    fetched = fetch(f"{server}/page", options=LOCAL)
    assert isinstance(fetched, Fetched)
    assert fetched.data == scrapinghub_page()
    assert fetched.final_url == fetched.url == f"{server}/page"
    assert fetched.content_type.startswith("text/html")
    article = read_html(fetched.data, origin=fetched.url, url=fetched.final_url)
    assert "New York State Attorney General" in article.text


def test_fetch_sends_the_configured_user_agent(server: str) -> None:
    options = IngestOptions(allow_private=True, user_agent="entente-test/1.0")
    assert fetch(f"{server}/ua", options=options).data == b"entente-test/1.0"


def test_fetch_follows_a_redirect(server: str) -> None:
    fetched = fetch(f"{server}/redirect", options=LOCAL)
    assert fetched.url.endswith("/redirect") and fetched.final_url == f"{server}/page"


def test_fetch_refuses_loopback_unless_allowed(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    for url in (f"{server}/page", f"http://localhost:{port}/page", f"http://2130706433:{port}/page"):
        with pytest.raises(InputRejected) as caught:
            fetch(url, options=IngestOptions())
        assert caught.value.reason is Reason.FORBIDDEN_ADDRESS, url


def test_fetch_checks_the_address_actually_connected_to(server: str) -> None:
    # DNS rebinding: the name looked public when checked, but the connection went to 127.0.0.1.
    port = server.rsplit(":", 1)[1]
    rejected = _reason(lambda: fetch(f"http://localhost:{port}/page", options=IngestOptions(),
                                     resolve=lambda host, port: [PUBLIC]))
    assert rejected.reason is Reason.FORBIDDEN_ADDRESS and "127.0.0.1" in rejected.detail


@pytest.mark.parametrize("path", ["/big-declared", "/big-streamed", "/bomb"])
def test_fetch_stops_past_max_bytes(server: str, path: str) -> None:
    options = IngestOptions(allow_private=True, max_bytes=100_000)
    assert _reason(lambda: fetch(f"{server}{path}", options=options)).reason is Reason.TOO_LARGE


@pytest.mark.parametrize(("path", "expected"), [("/missing", "404"), ("/gone", "410")])
def test_fetch_http_errors_are_unreachable(server: str, path: str, expected: str) -> None:
    rejected = _reason(lambda: fetch(f"{server}{path}", options=LOCAL))
    assert rejected.reason is Reason.UNREACHABLE and expected in rejected.detail


def test_fetch_redirect_loop_is_unreachable(server: str) -> None:
    rejected = _reason(lambda: fetch(f"{server}/loop", options=LOCAL))
    assert rejected.reason is Reason.UNREACHABLE and "redirects" in rejected.detail


def test_fetch_timeout_is_unreachable(server: str) -> None:
    options = IngestOptions(allow_private=True, timeout=0.3)
    rejected = _reason(lambda: fetch(f"{server}/slow", options=options))
    assert rejected.reason is Reason.UNREACHABLE and "timed out" in rejected.detail


def test_fetch_connection_refused_is_unreachable() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    rejected = _reason(lambda: fetch(f"http://127.0.0.1:{port}/", options=LOCAL))
    assert rejected.reason is Reason.UNREACHABLE


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a.html", "gopher://x/", "not a url",
                                 "javascript:alert(1)"])
def test_fetch_only_http_and_https(url: str) -> None:
    assert _reason(lambda: fetch(url, options=LOCAL)).reason is Reason.MALFORMED


# --- the address policy across redirects, with a fake network ---------------------------------


def _resolver(table: dict[str, list[str]]) -> Callable[[str, int], list[str]]:
    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]
    return resolve


def _mock_client(redirect_to: str, seen: list[str]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"Location": redirect_to})
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>secret</p>")
    return httpx.Client(transport=httpx.MockTransport(handler))


@pytest.mark.parametrize("target", [
    "http://127.0.0.1/admin",
    "http://[::1]/admin",
    "http://169.254.169.254/latest/meta-data/",
    "http://intranet.example/wiki",
    "http://mixed.example/",
])
def test_fetch_refuses_a_redirect_from_a_public_host_to_a_private_one(target: str) -> None:
    seen: list[str] = []
    resolve = _resolver({"news.example": [PUBLIC], "intranet.example": ["10.1.2.3"],
                         "mixed.example": [PUBLIC, "192.168.0.7"]})
    with _mock_client(target, seen) as client:
        rejected = _reason(lambda: fetch("http://news.example/story", options=IngestOptions(), client=client,
                                         resolve=resolve))
    assert rejected.reason is Reason.FORBIDDEN_ADDRESS
    assert seen == ["http://news.example/story"]  # the private hop was never requested


def test_fetch_follows_a_redirect_between_public_hosts() -> None:
    seen: list[str] = []
    resolve = _resolver({"news.example": [PUBLIC], "cdn.example": ["2606:4700::6810:84e5"]})
    with _mock_client("https://cdn.example/story", seen) as client:
        fetched = fetch("http://news.example/story", options=IngestOptions(), client=client, resolve=resolve)
    assert fetched.final_url == "https://cdn.example/story" and fetched.data == b"<p>secret</p>"
    assert seen == ["http://news.example/story", "https://cdn.example/story"]


def test_fetch_redirect_to_another_scheme_is_malformed() -> None:
    with _mock_client("file:///etc/passwd", []) as client:
        rejected = _reason(lambda: fetch("http://news.example/", options=IngestOptions(), client=client,
                                         resolve=_resolver({"news.example": [PUBLIC]})))
    assert rejected.reason is Reason.MALFORMED


def test_fetch_unknown_host_is_unreachable() -> None:
    rejected = _reason(lambda: fetch("http://nowhere.invalid/", options=IngestOptions(), resolve=_resolver({})))
    assert rejected.reason is Reason.UNREACHABLE and "nowhere.invalid" in rejected.detail


@pytest.mark.parametrize(("address", "kind"), [
    ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("192.168.1.1", "private"),
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("0.0.0.0", "unspecified"),
    ("::", "unspecified"), ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("240.0.0.1", "reserved"), ("fc00::1", "private"), ("100.64.0.1", "non-global"),
    (PUBLIC, None), ("8.8.8.8", None), ("2606:4700::6810:84e5", None),
])
def test_fetch_forbidden_kind(address: str, kind: str | None) -> None:
    assert forbidden_kind(ipaddress.ip_address(address)) == kind
