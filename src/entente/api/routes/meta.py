"""Health, summary and facets (what the page's filters offer)."""
from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter, Request

from ... import __version__
from .. import queries
from ..deps import read, service
from ..errors import ERROR_RESPONSES
from ..names import KIND_GROUPS
from ..relations import WINDOWS

router = APIRouter(prefix="/api", tags=["meta"], responses=ERROR_RESPONSES)


@router.get("/health", summary="Is the server up, and which store does it serve")
def health(request: Request) -> dict[str, Any]:
    svc = service(request)
    con = read(request)
    articles, events = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events)").fetchone() or (0, 0)
    return {"status": "ok", "version": __version__, "db": os.path.abspath(svc.path), "pid": os.getpid(),
            "articles": articles, "events": events, "pending_jobs": svc.pending,
            "writes": bool(request.app.state.token), "allow_private": request.app.state.allow_private}


@router.get("/summary", summary="What the store holds (as `entente summary --json`)")
def summary(request: Request) -> dict[str, Any]:
    data = service(request).read_store().summary()
    data["store"] = os.path.basename(data["store"])
    return data


@router.get("/facets", summary="Values the filters can take: event types, dimensions, kinds, windows, date range")
def facets(request: Request) -> dict[str, Any]:
    con = read(request)
    return {"types": queries.event_types(con), "dimensions": queries.dimensions(con),
            "modes": ["asserted", "reported", "alleged", "denied", "negated", "planned", "hypothetical", "historical"],
            "quads": [{"quad": k, "label": v} for k, v in queries.QUAD_LABELS.items()],
            "kinds": list(KIND_GROUPS), "windows": list(WINDOWS), "dates": queries.date_range(con)}
