"""The application: the REST API under `/api/`, the web page at `/`, both over one served store."""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from .. import __version__
from . import errors, names
from .limits import BodyLimit
from .routes import ROUTERS
from .service import StoreService

log = logging.getLogger(__name__)

DESCRIPTION = """\
entente's REST API over one store: articles, actors, events, quotes, dyads, the signed network,
balance, blocs, "why" and shifts. Reads are open; ingestion needs `Authorization: Bearer <token>`
(the token `entente serve` printed). Lists are paged with `limit` and `offset` and carry `total`
and `next`. Every error has the body `{"error": {"code", "message", "hint"}}`. Every page of the
web interface has a JSON twin: add `?format=json` (or `.json`) to its address.
"""

#: Headers on every response. The page runs only its own scripts (no inline script, no CDN).
SECURITY_HEADERS = [
    (b"content-security-policy", (b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                                  b"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                                  b"frame-ancestors 'none'; form-action 'self'")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        await self.app(scope, receive, with_headers)


class JsonSuffix:
    """`/actors/ISR.json` is `/actors/ISR?format=json`: the JSON twin of a page by its address."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path.endswith(".json") and not path.startswith(("/api/", "/static/")):
            scope = dict(scope)
            scope["path"] = path[: -len(".json")] or "/"
            scope["raw_path"] = scope["path"].encode()
            query = scope.get("query_string") or b""
            scope["query_string"] = (query + b"&" if query else b"") + b"format=json"
        await self.app(scope, receive, send)


def create_app(db_path: str | Path, *, token: str | None, allow_private: bool = False,
               web: bool = True, cache: bool | None = None) -> FastAPI:
    """Build the app over the store at `db_path`, opened now (read-write) and closed at shutdown.

    Args:
        db_path: the DuckDB store; created and migrated when missing.
        token: the bearer token that ingestion requires; empty or None disables writes.
        allow_private: let `POST /api/ingest/url` fetch private and loopback addresses.
        web: serve the web page too (the default).
        cache: reuse the relations endpoints' results while the store is unchanged (and for a few
            seconds after it changes); by default on unless ENTENTE_API_CACHE=0.
    """
    if cache is None:
        cache = os.environ.get("ENTENTE_API_CACHE", "1") not in ("0", "off", "false", "no")
    service = StoreService(db_path, cache=cache)
    threading.Thread(target=names.warm, name="entente-names", daemon=True).start()

    from ..watch import DeliveryWorker, load_config
    from ..watch.api import watch_page_router, watch_router
    from .deps import require_token

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # alerts are delivered off the writer thread, through their own cursor
        worker = DeliveryWorker(lambda: service.store.con.cursor(), load_config())
        worker.start()
        app.state.delivery = worker
        yield
        worker.stop()
        service.close()

    app = FastAPI(title="entente", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.state.service = service
    app.state.token = token or ""
    app.state.allow_private = allow_private
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(watch_router(lambda r: r.app.state.service.read(), require_token), prefix="/api")
    app.include_router(watch_page_router(lambda r: r.app.state.service.read(), require_token, api_prefix="/api"))
    render_html = None
    if web:
        from ..web import mount
        render_html = mount(app)
    errors.install(app, render_html)
    app.add_middleware(BodyLimit)
    app.add_middleware(JsonSuffix)
    app.add_middleware(SecurityHeaders)
    return app
