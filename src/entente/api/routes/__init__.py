"""The API's routers, one module per resource; `ROUTERS` is what `create_app` includes."""
from __future__ import annotations

from . import actors, articles, events, ingest, meta, relations

ROUTERS = (meta.router, articles.router, actors.router, events.router, relations.router, ingest.router)
