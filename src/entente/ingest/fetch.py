"""Fetching one URL over HTTP(S), safely enough to point at addresses users type in.

`fetch` is the only place entente opens a network connection for ingestion. It:

* accepts only `http` and `https` (anything else is `Reason.MALFORMED`);
* follows redirects itself, one hop at a time, so that the host of *every* hop is resolved and
  checked before a request is sent to it: a public page that redirects to `127.0.0.1`, to the
  cloud metadata address or to an intranet name is refused with `Reason.FORBIDDEN_ADDRESS`
  unless `IngestOptions.allow_private` is set;
* refuses a body over `IngestOptions.max_bytes`, first by its `Content-Length`, then while
  streaming (the count is of decoded bytes, so a small gzip bomb is caught too);
* turns timeouts, connection failures and HTTP statuses >= 400 into `Reason.UNREACHABLE`.

A client can be injected (tests use `httpx.MockTransport`), and so can the name resolver, so
that the address policy can be tested without DNS.
"""
from __future__ import annotations

import ipaddress
import logging
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import httpx

from ..errors import InputRejected, Reason
from .options import IngestOptions

log = logging.getLogger(__name__)

__all__ = ["Fetched", "Resolver", "check_host", "fetch"]

#: A name resolver: (host, port) -> the IP addresses a connection to it may use.
Resolver = Callable[[str, int], Sequence[str]]

#: Browsers give up after about 20 hops; news sites need two or three (http -> https -> canonical).
MAX_REDIRECTS = 10
#: The whole fetch, all hops and the body, must end within this many operation timeouts, so that
#: a server trickling a byte per read cannot hold a worker for ever (httpx's timeouts are per read).
_DEADLINE_FACTOR = 4
_CHUNK = 64 * 1024
_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
           "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched document: the URL asked for, the URL that answered, its media type and body."""

    url: str
    final_url: str
    content_type: str
    data: bytes


def fetch(url: str, *, options: IngestOptions, client: httpx.Client | None = None,
          resolve: Resolver | None = None) -> Fetched:
    """GET `url` and return its body, following redirects and checking every hop's address.

    Args:
        url: an absolute `http` or `https` URL.
        options: `timeout`, `user_agent`, `max_bytes` and `allow_private` are used.
        client: an `httpx.Client` to send with (its transport, proxies and TLS settings apply);
            by default a direct-connection client is made for this call and closed after it.
        resolve: the name resolver used for the address check; `socket.getaddrinfo` by default.

    Raises:
        InputRejected: `MALFORMED` for a URL that is not http(s), `FORBIDDEN_ADDRESS` for a hop
            to a non-public address, `TOO_LARGE` past `max_bytes`, `UNREACHABLE` for network
            errors, timeouts, too many redirects and HTTP statuses >= 400.
    """
    resolver = resolve or _getaddrinfo
    own_client = client is None
    if client is None:
        # trust_env=False: an environment proxy would resolve names itself, out of our check's
        # sight, and the peer-address check below would see the proxy instead of the server.
        client = httpx.Client(trust_env=False)
    deadline = time.monotonic() + options.timeout * _DEADLINE_FACTOR
    try:
        request = client.build_request("GET", _parse(url), headers=_headers(options),
                                       timeout=httpx.Timeout(options.timeout))
        for _hop in range(MAX_REDIRECTS + 1):
            if time.monotonic() > deadline:
                raise InputRejected(Reason.UNREACHABLE, f"{url} was still redirecting after the deadline")
            check_host(request.url, allow_private=options.allow_private, resolve=resolver)
            response = _send(client, request)
            try:
                if own_client and not options.allow_private:
                    _check_peer(response)
                if response.next_request is not None:
                    request = response.next_request
                    if request.url.scheme not in _SCHEMES:
                        raise InputRejected(Reason.MALFORMED,
                                            f"{response.url} redirects to a {request.url.scheme}: URL")
                    continue
                _check_status(response)
                data = _read_body(response, max_bytes=options.max_bytes, deadline=deadline)
                return Fetched(url=url, final_url=str(response.url),
                               content_type=response.headers.get("content-type", ""), data=data)
            finally:
                response.close()
        raise InputRejected(Reason.UNREACHABLE, f"more than {MAX_REDIRECTS} redirects from {url}")
    finally:
        if own_client:
            client.close()


def check_host(url: httpx.URL, *, allow_private: bool, resolve: Resolver | None = None) -> None:
    """Refuse a URL whose host is, or resolves to, an address that is not public.

    Every address the name resolves to must be public: a connection may use any of them, and a
    name with one public and one private address is a classic way round a single-address check.
    """
    if url.scheme not in _SCHEMES:
        raise InputRejected(Reason.MALFORMED, f"only http and https URLs are fetched, not {url.scheme or 'no'} scheme")
    host = url.host
    if not host:
        raise InputRejected(Reason.MALFORMED, f"the URL {url} names no host")
    if allow_private:
        return
    port = url.port or (443 if url.scheme == "https" else 80)
    literal = _ip(host)
    if literal is not None:
        addresses = [literal]
    else:
        try:
            addresses = [ip for ip in map(_ip, (resolve or _getaddrinfo)(host, port)) if ip is not None]
        except OSError as exc:  # socket.gaierror and friends
            raise InputRejected(Reason.UNREACHABLE, f"cannot resolve {host} ({exc})") from exc
        if not addresses:
            raise InputRejected(Reason.UNREACHABLE, f"{host} resolves to no address")
    for address in addresses:
        kind = forbidden_kind(address)
        if kind is not None:
            raise InputRejected(Reason.FORBIDDEN_ADDRESS, f"{host} is {address}, a {kind} address")


def forbidden_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address may not be fetched from ('loopback', 'private', ...), or None if it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1 to the kernel
    checks = (("unspecified", address.is_unspecified), ("loopback", address.is_loopback),
              ("link-local", address.is_link_local), ("multicast", address.is_multicast),
              ("reserved", address.is_reserved), ("private", address.is_private))
    for kind, hit in checks:
        if hit:
            return kind
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return "site-local"
    # Shared (carrier-grade NAT) space, documentation ranges and the like are in none of the
    # classes above but are not on the public internet either.
    if not address.is_global:
        return "non-global"
    return None


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


def _getaddrinfo(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise InputRejected(Reason.MALFORMED, f"not a valid URL: {url!r} ({exc})") from exc
    if parsed.scheme not in _SCHEMES:
        raise InputRejected(Reason.MALFORMED,
                            f"only http and https URLs are fetched, not {parsed.scheme or 'no'} scheme: {url}")
    return parsed


def _headers(options: IngestOptions) -> dict[str, str]:
    return {"User-Agent": options.user_agent, "Accept": _ACCEPT}


def _send(client: httpx.Client, request: httpx.Request) -> httpx.Response:
    """Send one request without following redirects; network trouble becomes UNREACHABLE."""
    try:
        return client.send(request, stream=True, follow_redirects=False)
    except httpx.TimeoutException as exc:
        raise InputRejected(Reason.UNREACHABLE, f"{request.url} timed out ({type(exc).__name__})") from exc
    except httpx.UnsupportedProtocol as exc:
        raise InputRejected(Reason.MALFORMED, f"{request.url}: {exc}") from exc
    except httpx.HTTPError as exc:
        raise InputRejected(Reason.UNREACHABLE, f"{request.url}: {type(exc).__name__}: {exc}") from exc


def _check_peer(response: httpx.Response) -> None:
    """Check the address actually connected to, when the transport tells us.

    The host check resolves the name before httpx resolves it again; a name whose DNS answer
    changes in between (DNS rebinding) would slip through without this second look.
    """
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if not peer:
        return
    address = _ip(str(peer[0]))
    kind = forbidden_kind(address) if address is not None else None
    if kind is not None:
        raise InputRejected(Reason.FORBIDDEN_ADDRESS, f"{response.url.host} connected to {address}, a {kind} address")


def _check_status(response: httpx.Response) -> None:
    if response.status_code >= 400:
        raise InputRejected(Reason.UNREACHABLE,
                            f"{response.url} answered HTTP {response.status_code} {response.reason_phrase}".rstrip())
    if response.is_redirect:
        raise InputRejected(Reason.UNREACHABLE,
                            f"{response.url} answered HTTP {response.status_code} with no usable Location")


def _read_body(response: httpx.Response, *, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > max_bytes:
        raise InputRejected(Reason.TOO_LARGE,
                            f"{response.url} announces {int(declared)} bytes, over the cap of {max_bytes}")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise InputRejected(Reason.TOO_LARGE, f"{response.url} sent more than {max_bytes} bytes")
            if time.monotonic() > deadline:
                raise InputRejected(Reason.UNREACHABLE, f"{response.url} was still sending after the deadline")
            chunks.append(chunk)
    except httpx.TimeoutException as exc:
        raise InputRejected(Reason.UNREACHABLE, f"{response.url} timed out while sending the body") from exc
    except httpx.HTTPError as exc:
        raise InputRejected(Reason.UNREACHABLE, f"{response.url}: {type(exc).__name__}: {exc}") from exc
    return b"".join(chunks)
