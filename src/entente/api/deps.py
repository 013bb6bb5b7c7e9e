"""What every route shares: the served store, the token check, and validated query parameters."""
from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator

from .errors import ApiError
from .service import StoreService

#: An ISO 8601 date prefix: a year, a month or a day.
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
#: Actor codes: ISO3 for states, `UN.SC`, `USA.CIA`, `AZE.ILHAM_ALIYEV`.
CODE_PATTERN = r"^[A-Za-z0-9_.\-]{1,64}$"
ID_PATTERN = r"^[A-Za-z0-9_.\-:]{1,64}$"
MAX_LIMIT = 500

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]


def _real_date(value: str | None) -> str | None:
    """A date the calendar has (no year 0, no 31 February)."""
    if value is not None:
        from ..graph.dyads import period_bounds
        period_bounds(value)  # ValueError: a 422 naming the parameter
    return value


Since = Annotated[str | None, Query(pattern=DATE_PATTERN, description="From this ISO date (YYYY, YYYY-MM or YYYY-MM-DD)."),
                  AfterValidator(_real_date)]
Until = Annotated[str | None, Query(pattern=DATE_PATTERN, description="Up to this ISO date, inclusive of its whole period."),
                  AfterValidator(_real_date)]
Text = Annotated[str | None, Query(max_length=200)]
Code = Annotated[str | None, Query(pattern=CODE_PATTERN, description="An actor code (ISO3 for states); a code "
                                   "neither the knowledge base nor the store knows is a 404.")]
Window = Annotated[str, Query(pattern=r"^(day|month|year)$", description="The time window: day, month or year.")]


def service(request: Request) -> StoreService:
    return request.app.state.service  # type: ignore[no-any-return]


def read(request: Request) -> Any:
    """The calling thread's cursor. Call it inside the route, not as a dependency (threads differ)."""
    return service(request).read()


_bearer = HTTPBearer(auto_error=False, scheme_name="token",
                     description="The token `entente serve` printed at start, or the one it was given "
                                 "(--token or ENTENTE_TOKEN).")


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    """Writes need `Authorization: Bearer <token>`; reads are open."""
    expected: str = request.app.state.token or ""
    challenge = {"WWW-Authenticate": 'Bearer realm="entente"'}
    if not expected:
        raise ApiError(403, "writes_disabled", "this server was started without a token, so it takes no writes",
                       "restart `entente serve` with --token or ENTENTE_TOKEN")
    if credentials is None:
        raise ApiError(401, "unauthorized", "this endpoint needs a bearer token",
                       "send `Authorization: Bearer <token>`; `entente serve` prints the token when it starts",
                       headers=challenge)
    if not secrets.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise ApiError(401, "invalid_token", "the bearer token is not this server's",
                       "use the token `entente serve` printed, or the one in ENTENTE_TOKEN", headers=challenge)


#: Where to find valid actor codes, from the API and from the pages.
API_ACTOR_HINT = ("list actors with GET /api/actors?q=<name>; codes are ISO3 for states (ISR) "
                  "and dotted for others (UN.SC, USA.CIA)")
PAGE_ACTOR_HINT = "search for actors at /actors?q=<name>; codes are ISO3 for states (ISR) and dotted for others (UN.SC)"


def actor_known(request: Request, code: str) -> bool:
    """Whether the knowledge base knows the code, or the store holds it (from an extended knowledge base)."""
    from . import names, queries
    return names.in_knowledge_base(code) or queries.actor_seen(read(request), code)


def unknown_actor(request: Request, code: str) -> ApiError:
    """The 404 of `/api/actors/XXX`, with the upper-case code when that one is known (`isr` -> ISR)."""
    hint = API_ACTOR_HINT if request.url.path.startswith("/api/") else PAGE_ACTOR_HINT
    if code != code.upper() and actor_known(request, code.upper()):
        hint = f"actor codes are upper case: try {code.upper()}"
    return ApiError(404, "not_found", f"no actor {code!r}", hint)


def require_known_actors(request: Request, *codes: str | None) -> None:
    """Refuse an invented actor code (404) before answering with an empty relation or list for it.

    An analysis of a code nobody knows would answer 200 with nothing, which reads as "no evidence"
    when the truth is "no such actor"; `None` (no code given) passes.
    """
    for code in codes:
        if code is not None and not actor_known(request, code):
            raise unknown_actor(request, code)


def page(request: Request, total: int, limit: int, offset: int, items: list[Any], **extra: Any) -> dict[str, Any]:
    """A page of results with its total and the URL of the next page."""
    nxt = prev = None
    if offset + limit < total:
        url = request.url.include_query_params(offset=offset + limit, limit=limit)
        nxt = f"{url.path}?{url.query}"
    if offset > 0:
        url = request.url.include_query_params(offset=max(0, offset - limit), limit=limit)
        prev = f"{url.path}?{url.query}"
    return {"total": total, "limit": limit, "offset": offset, "next": nxt, "prev": prev, "items": items, **extra}


def _frozen(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def analysed(request: Request, fn: Any, **kwargs: Any) -> dict[str, Any]:
    """`fn(cursor, **kwargs)` of `api.relations` on an analysis cursor, cached per store version.

    The result is shared between requests: callers copy it before changing it.
    """
    svc = service(request)
    key = (fn.__name__, tuple(sorted((k, _frozen(v)) for k, v in kwargs.items())))

    def compute() -> Any:
        with svc.analysis() as con:
            return fn(con, **kwargs)

    return dict(svc.cached(key, compute))
