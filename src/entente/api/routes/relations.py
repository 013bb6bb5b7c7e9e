"""Relations: a dyad over time, the signed network, balance, blocs, why, shifts."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from .. import relations
from ..deps import (
    CODE_PATTERN,
    Code,
    Limit,
    Offset,
    Since,
    Until,
    Window,
    analysed,
    page,
    require_known_actors,
)
from ..errors import ERROR_RESPONSES, ApiError
from ..models import WEIGHTS_DOC, BalanceResult, BlocsResult, Dyad, DyadPage, Network, Shifts, Why
from .actors import Kinds, kinds_of

router = APIRouter(prefix="/api", tags=["relations"], responses=ERROR_RESPONSES)

ActorCode = Annotated[str, Path(pattern=CODE_PATTERN, description="An actor code (ISO3 for states); a code neither "
                                "the knowledge base nor the store knows is a 404. A known actor without events "
                                "answers with empty evidence.")]
OptionalWindow = Annotated[str | None, Query(pattern=r"^(day|month|year)$",
                                             description="Per window (day, month, year); none: the whole range")]
Dimension = Annotated[str | None, Query(pattern=r"^[a-z_]{1,40}$", description="Keep relations on this dimension")]


def two(a: str, b: str) -> None:
    if a == b:
        raise ApiError(422, "invalid_request", "a dyad names two different actors", "e.g. /api/dyads/ISR/AZE")


@router.get("/dyads", response_model=DyadPage, summary="The relations of the range (or of one actor), most events first")
def list_dyads(request: Request, actor: Code = None, since: Since = None, until: Until = None,
               kind: Kinds = None, dimension: Dimension = None, limit: Limit = 50,
               offset: Offset = 0) -> dict[str, Any]:
    require_known_actors(request, actor)
    found = analysed(request, relations_list, actor=actor, since=since, until=until, kinds=kinds_of(kind),
                     dimension=dimension)["items"]
    return page(request, len(found), limit, offset, found[offset:offset + limit])


def relations_list(con: Any, **kwargs: Any) -> dict[str, Any]:
    return {"items": relations.list_dyads(con, **kwargs)}


def dyad_data(request: Request, a: str, b: str, *, window: str, since: str | None, until: str | None,
              limit: int, offset: int) -> dict[str, Any]:
    two(a, b)
    require_known_actors(request, a, b)
    data = analysed(request, relations.dyad_view, a=a, b=b, window=window, since=since, until=until, limit=limit,
                    offset=offset)
    data["events"] = page(request, data["events"]["total"], limit, offset, data["events"]["items"])
    return data


@router.get("/dyads/{a}/{b}", response_model=Dyad,
            summary="A dyad's score over time, its strongest evidence, and every event and quote behind it",
            description="The score per window and overall, with the weights it used (`weights`: the legend of "
                        "mode weights, the units excluded, by mode) and, for each of the strongest records, its "
                        "mode, `mode_weight` and how its weight came about (`weights`). " + WEIGHTS_DOC)
def dyad(request: Request, a: ActorCode, b: ActorCode, window: Window = "month", since: Since = None,
         until: Until = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return dyad_data(request, a, b, window=window, since=since, until=until, limit=limit, offset=offset)


@router.get("/network", response_model=Network, summary="The signed network of a window, with its blocs")
def network(request: Request, since: Since = None, until: Until = None, kind: Kinds = None,
            dimension: Dimension = None,
            min_events: Annotated[int, Query(ge=1, le=10_000, description="Drop relations with fewer events")] = 1,
            ) -> dict[str, Any]:
    return analysed(request, relations.network_view, since=since, until=until, kinds=kinds_of(kind),
                    dimension=dimension, min_events=min_events)


@router.get("/balance", response_model=BalanceResult,
            summary="Structural balance: balanced triads, the unbalanced ones, frustration, blocs")
def balance(request: Request, window: OptionalWindow = None, since: Since = None, until: Until = None,
            kind: Kinds = None) -> dict[str, Any]:
    return analysed(request, relations.balance_view, window=window, since=since, until=until, kinds=kinds_of(kind))


@router.get("/blocs", response_model=BlocsResult, summary="Camps of actors that minimise frustration, per window")
def blocs(request: Request, window: OptionalWindow = None, since: Since = None, until: Until = None,
          kind: Kinds = None) -> dict[str, Any]:
    return analysed(request, relations.blocs_view, window=window, since=since, until=until, kinds=kinds_of(kind))


@router.get("/why/{a}/{b}", response_model=Why,
            summary="Why A and B relate as they do: direct evidence and two-step paths, each step with evidence",
            description="Every evidence record (direct, and of each step) carries its mode, `mode_weight` and how "
                        "its weight came about (`weights`); `weights` at the top gives the legend of mode weights "
                        "and the records excluded (weight 0), by mode. " + WEIGHTS_DOC)
def why(request: Request, a: ActorCode, b: ActorCode, since: Since = None, until: Until = None) -> dict[str, Any]:
    two(a, b)
    require_known_actors(request, a, b)
    return analysed(request, relations.why_view, a=a, b=b, since=since, until=until)


@router.get("/shifts", response_model=Shifts, summary="Dyads whose score changed significantly between windows")
def shifts(request: Request, window: Window = "month", since: Since = None, until: Until = None, actor: Code = None,
           limit: Limit = 50) -> dict[str, Any]:
    require_known_actors(request, actor)
    return analysed(request, relations.shifts_view, window=window, since=since, until=until, actor=actor,
                    limit=limit)
