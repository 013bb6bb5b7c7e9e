"""Actors the store has seen: search, and one actor with its partners and adversaries over time."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from .. import queries, relations
from ..deps import CODE_PATTERN, Limit, Offset, Since, Text, Until, Window, analysed, page, read
from ..errors import ERROR_RESPONSES, ApiError, not_found
from ..models import ActorDetail, ActorPage
from ..names import KIND_GROUPS, lookup

router = APIRouter(prefix="/api/actors", tags=["actors"], responses=ERROR_RESPONSES)

Kinds = Annotated[list[str] | None, Query(description="Kind groups to keep: state, organisation, group, person.")]


def kinds_of(kind: list[str] | None) -> list[str]:
    out = [k for item in kind or [] for k in item.split(",") if k]
    unknown = sorted(set(out) - set(KIND_GROUPS))
    if unknown:
        raise ApiError(422, "invalid_request", f"unknown kind {', '.join(unknown)!s}",
                       f"choose among {', '.join(KIND_GROUPS)}")
    return out


@router.get("", response_model=ActorPage, summary="Actors seen in the store, most events first")
def search(request: Request, q: Text = None, kind: Kinds = None, limit: Limit = 50,
           offset: Offset = 0) -> dict[str, Any]:
    total, items = queries.list_actors(read(request), q=q, kinds=kinds_of(kind), limit=limit, offset=offset)
    return page(request, total, limit, offset, items)


def actor_view(con: Any, code: str, *, since: str | None, until: str | None, window: str,
               limit: int = 20) -> dict[str, Any]:
    """One actor: counts, partners and adversaries with their series, latest events and quotes ({} if unseen)."""
    counts = queries.actor_counts(con, code)
    if counts is None:
        return {}
    rel = relations.partners(con, code, since=since, until=until, window=window)
    total, events = queries.list_events(con, queries.EventFilter(actor=code, since=since, until=until), limit=limit)
    q_total, quotes = queries.list_quotes(con, queries.QuoteFilter(actor=code, since=since, until=until), limit=limit)
    return {**lookup(code).as_dict(), "counts": counts, **rel,
            "events": {"total": total, "limit": limit, "offset": 0, "next": None, "prev": None,
                       "items": events},
            "quotes": {"total": q_total, "limit": limit, "offset": 0, "next": None, "prev": None,
                       "items": quotes}}


@router.get("/{code}", response_model=ActorDetail,
            summary="One actor: counts, partners and adversaries (with their series), latest events and quotes")
def get(request: Request, code: Annotated[str, Path(pattern=CODE_PATTERN)], since: Since = None, until: Until = None,
        window: Window = "year") -> dict[str, Any]:
    found = analysed(request, actor_view, code=code, since=since, until=until, window=window)
    if not found:
        raise not_found("actor", code, "list actors with GET /api/actors?q=")
    return found
