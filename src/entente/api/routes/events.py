"""Events (filtered, paged) and quotes: each with its sentence, mode, date, source and article."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from .. import queries
from ..deps import (
    CODE_PATTERN,
    ID_PATTERN,
    Code,
    Limit,
    Offset,
    Since,
    Text,
    Until,
    page,
    read,
    require_known_actors,
)
from ..errors import ERROR_RESPONSES, ApiError, not_found
from ..models import EventDetail, EventPage, QuotePage

router = APIRouter(prefix="/api", tags=["events"], responses=ERROR_RESPONSES)

Dyad = Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_.\-]{1,64},[A-Za-z0-9_.\-]{1,64}$",
                                   description="Two actor codes, comma-separated: events between them, either way; "
                                               "an unknown code is a 404.")]


def event_filter(*, actor: str | None, dyad: str | None, type: str | None, quad: int | None, mode: str | None,
                 dimension: str | None, since: str | None, until: str | None, source: str | None,
                 article: str | None) -> queries.EventFilter:
    a = b = None
    if dyad:
        a, b = dyad.split(",", 1)
        if a == b:
            raise ApiError(422, "invalid_request", "a dyad names two different actors", "e.g. dyad=ISR,AZE")
    return queries.EventFilter(actor=actor, a=a, b=b, type=type, quad=quad, mode=mode, dimension=dimension,
                               since=since, until=until, source=source, article=article)


@router.get("/events", response_model=EventPage, summary="Events, filtered and paged, newest first")
def list_events(request: Request, actor: Code = None, dyad: Dyad = None,
                type: Annotated[str | None, Query(pattern=r"^[A-Za-z_]{1,32}$", description="PLOVER type")] = None,
                quad: Annotated[int | None, Query(ge=1, le=4, description="Quad class 1-4")] = None,
                mode: Annotated[str | None, Query(pattern=r"^[a-z]{1,20}$")] = None,
                dimension: Annotated[str | None, Query(pattern=r"^[a-z_]{1,40}$")] = None,
                since: Since = None, until: Until = None,
                source: Annotated[str | None, Query(max_length=200, description="Outlet (contains)")] = None,
                article: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
                limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    f = event_filter(actor=actor, dyad=dyad, type=type, quad=quad, mode=mode, dimension=dimension, since=since,
                     until=until, source=source, article=article)
    require_known_actors(request, f.actor, f.a, f.b)
    total, items = queries.list_events(read(request), f, limit=limit, offset=offset)
    return page(request, total, limit, offset, items)


@router.get("/events/{event_id}", response_model=EventDetail,
            summary="One event with the quotes that claim or deny it, and the events it denies or is denied by")
def get_event(request: Request, event_id: Annotated[str, Path(pattern=ID_PATTERN)]) -> dict[str, Any]:
    found = queries.event_detail(read(request), event_id)
    if found is None:
        raise not_found("event", event_id, "list events with GET /api/events")
    return found


@router.get("/quotes", response_model=QuotePage, summary="Quotes, with speakers and the events they claim or deny")
def list_quotes(request: Request, speaker: Text = None,
                actor: Annotated[str | None, Query(pattern=CODE_PATTERN, description="Speaker's actor or country")] = None,
                q: Text = None, article: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
                since: Since = None, until: Until = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    require_known_actors(request, actor)
    f = queries.QuoteFilter(speaker=speaker, actor=actor, q=q, article=article, since=since, until=until)
    total, items = queries.list_quotes(read(request), f, limit=limit, offset=offset)
    return page(request, total, limit, offset, items)
