"""entente's REST API and web server over one store (`entente serve`).

`create_app(db_path, token=..., allow_private=False)` builds the FastAPI application: the API under
`/api/` (OpenAPI schema at `/api/openapi.json`) and the web page at `/` (`entente.web`).

Serving while ingesting: the server owns the store (DuckDB allows one writing process per file).
Requests read through per-thread cursors; ingestion jobs are written by one writer thread
(`service.StoreService`). `entente serve` writes a discovery file beside the store
(`<db>.serve.json`, mode 0600, holding the URL, pid and token), through which `entente ingest` in
another process finds the server and sends its articles to it (`remote`) instead of opening the
file.
"""
from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # The app (FastAPI and every route) loads only when it is asked for: the command line imports
    # `api.discovery` and `api.remote` to talk to a running server and must start at once.
    if name == "create_app":
        from .app import create_app
        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
