"""Limits on what a request may send: body size per path, and the length of the URL.

A pure ASGI middleware, so that an oversized body is refused by its `Content-Length` before a
byte is read, and a body sent without one (chunked) is cut off as soon as it passes the cap.
Either way the client gets `413` with the usual error body.
"""
from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MB = 1024 * 1024
#: Path prefix -> the largest body accepted; the longest matching prefix wins.
DEFAULT_LIMITS: dict[str, int] = {
    "/": 64 * 1024,
    "/api/ingest/": 6 * MB,            # one article as text, HTML or a URL
    "/api/ingest/file": 32 * MB,       # an uploaded file (JSON Lines, CSV, WARC...)
    "/api/ingest/articles": 32 * MB,   # a batch of articles already read by `entente ingest`
}
MAX_URL = 8 * 1024


class _TooLarge(HTTPException):
    """Raised from `receive` once a body passes its cap; FastAPI passes HTTPExceptions through."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the body is over the limit of {limit} bytes")


class BodyLimit:
    """Refuse bodies over the limit for their path (413) and URLs over `MAX_URL` (414)."""

    def __init__(self, app: ASGIApp, limits: dict[str, int] | None = None) -> None:
        self.app = app
        self.limits = sorted((limits or DEFAULT_LIMITS).items(), key=lambda kv: -len(kv[0]))

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.limits:
            if path.startswith(prefix):
                return limit
        return self.limits[-1][1]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"") > MAX_URL:
            await _refuse(send, 414, "uri_too_long", f"the URL is over {MAX_URL} bytes",
                          "send long inputs in a POST body")
            return
        limit = self.limit_for(scope["path"])
        for name, value in scope.get("headers") or []:
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _refuse(send, 400, "bad_request", "the Content-Length header is not a number", "")
                    return
                if declared > limit:
                    await _refuse(send, 413, "too_large", f"the body is {declared} bytes, over the limit of {limit}",
                                  _hint(scope["path"]))
                    return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _refuse(send, 413, "too_large", f"the body is over the limit of {limit} bytes",
                              _hint(scope["path"]))


def _hint(path: str) -> str:
    if path.startswith("/api/ingest/"):
        return "split the input, or ingest it with `entente ingest`, which sends it in batches"
    return "this path takes no large body"


async def _refuse(send: Send, status: int, code: str, message: str, hint: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message, "hint": hint}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
