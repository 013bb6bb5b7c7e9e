"""HTTP routes for watches: a JSON API router and a page router, both over the same library calls.

    app.include_router(watch_router(get_store, require_token), prefix="/api")
    app.include_router(watch_page_router(get_store, require_token, api_prefix="/api"))

`get_store(request)` returns the store to use in the calling thread (a `Store`, or a DuckDB
connection or cursor); it is called inside each route, so a per-thread cursor is fine.
`require_token(request, credentials)` is the app's bearer-token check (raises when the token is
wrong). Writes need the token; the page's forms carry the token in a field.

A watch's random id is a capability: its feed (`GET /watches/{id}/feed.atom`) is open to whoever
holds the address, so that any feed reader can poll it without the token. So the list of watches
shows ids, feed addresses and channel details (the webhook's host and port, the e-mail's domain)
only with the token, and to whoever made the watch (in the answer to the POST that made it, and
on the page it is sent back to); without the token it shows what each watch looks for and its
counts. Private fields (e-mail address, webhook URL and secret) go in, never out: even with the
token, responses and pages show `a***@example.org`, `https://host/…` and `has_secret`.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field

from ..errors import ConfigError, EntenteError
from .detect import preview
from .feed import MEDIA_TYPE, watch_feed
from .records import EMAIL_MODES, MODES, WINDOWS, Watch
from .watches import (
    add_watch,
    alerts_of,
    connection,
    count_alerts,
    deliveries_of,
    delivery_counts,
    get_watch,
    list_watches,
    remove_watch,
)

WATCH_ID = r"^[0-9a-f]{8,64}$"
WatchId = Annotated[str, PathParam(pattern=WATCH_ID, description="The watch's id.")]
_TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(_TEMPLATES), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True)


class WatchIn(BaseModel):
    """A new watch. Give `dyad` (two codes) or `actors` (and optionally `partners`)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    dyad: list[str] | None = Field(default=None, min_length=2, max_length=2, description="e.g. [\"ISR\", \"AZE\"]")
    actors: list[str] = Field(default_factory=list, max_length=50)
    partners: list[str] = Field(default_factory=list, max_length=50)
    types: list[str] = Field(default_factory=list, max_length=50, description="PLOVER event types")
    modes: list[str] = Field(default_factory=list, max_length=len(MODES), description=", ".join(MODES))
    dimensions: list[str] = Field(default_factory=list, max_length=50)
    min_intensity: float | None = Field(default=None, ge=0, le=10, description="least |Goldstein intensity|")
    shift_threshold: float | None = Field(default=None, gt=0, le=2)
    shift_window: str = Field(default="month", pattern="^(day|month|year)$")
    feed: bool | None = Field(default=None, description="publish an Atom feed (default: when no other channel)")
    webhook_url: str | None = Field(default=None, max_length=2000)
    webhook_secret: str | None = Field(default=None, min_length=8, max_length=512)
    email: str | None = Field(default=None, max_length=254)
    email_mode: str = Field(default="immediate", pattern="^(immediate|digest)$")

    def to_watch(self) -> Watch:
        return build_watch(**self.model_dump())


def build_watch(*, name: str, dyad: list[str] | tuple[str, ...] | None = None, actors: Any = (),
                partners: Any = (), feed: bool | None = None, **fields: Any) -> Watch:
    """A validated new watch from loose input (API body, form or CLI options); raises `ConfigError`."""
    actors, partners = list(actors or []), list(partners or [])
    if dyad:
        if actors or partners:
            raise ConfigError("give a dyad, or actors and partners, not both")
        if len(dyad) != 2:
            raise ConfigError("a dyad names two actors, e.g. ISR and AZE")
        actors, partners = [dyad[0]], [dyad[1]]
    if feed is None:
        feed = not (fields.get("webhook_url") or fields.get("email"))
    return Watch.create(name, actors=actors, partners=partners, feed=feed, **fields)


#: What the list of watches says about itself: `owner`, everything but the private fields; `public`,
#: no capability (no id, feed address or channel detail).
OWNER_VIEW, PUBLIC_VIEW = "owner", "public"
PUBLIC_HINT = ("ids, feed addresses and channel details are shown with the token: send "
               "`Authorization: Bearer <token>`, or give the token in the page's form")
LIST_DESCRIPTION = (
    "Without a token: what each watch looks for (name, actors, dyad, filters, shift), which channels it "
    "uses, and its alert and delivery counts, with `view: public`; never a watch's id, feed address or "
    "channel details, since the feed address is an unguessable capability. With `Authorization: Bearer "
    "<token>` (a wrong token is a 401): the same plus each watch's id, `feed_url` and its masked "
    "channels, with `view: owner`.")


def watch_view(store: Any, watch: Watch, *, feed_url: str | None = None) -> dict[str, Any]:
    """The owner's view of a watch: id, feed address, masked channels, alert and delivery counts."""
    return {**watch.public_dict(), "description": watch.describe(),
            "feed_url": feed_url if watch.feed else None, "alerts": count_alerts(store, watch.id),
            "deliveries": delivery_counts(store, watch.id)}


def public_watch_view(store: Any, watch: Watch) -> dict[str, Any]:
    """What anyone may see of a watch: what it looks for and its counts, with no capability in it.

    The id is left out because the feed address is made of it; the webhook's host and port and the
    e-mail's domain because they say where alerts go. Channels are named, not described.
    """
    owner = watch.public_dict()
    hidden = {"id", "channels"}
    return {**{k: v for k, v in owner.items() if k not in hidden}, "description": watch.describe(),
            "channels": list(watch.channels), "alerts": count_alerts(store, watch.id),
            "deliveries": delivery_counts(store, watch.id)}


def holder_view(store: Any, watch: Watch, *, feed_url: str) -> dict[str, Any]:
    """What whoever holds a watch's id sees without the token: the public view, the id and the feed address."""
    return {**public_watch_view(store, watch), "id": watch.id, "feed_url": feed_url if watch.feed else None}


def bearer_of(request: Request) -> HTTPAuthorizationCredentials | None:
    """The `Authorization: Bearer <token>` the caller sent, if any (checked by the app's `require_token`)."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if not scheme:
        return None
    return HTTPAuthorizationCredentials(scheme=scheme, credentials=token.strip())


def shows_capabilities(request: Request, require_token: Callable[..., Any],
                       credentials: HTTPAuthorizationCredentials | None) -> bool:
    """True when the caller gave the server's token; False when it gave none; a wrong one raises (401).

    A wrong token is refused rather than answered with the public view, so that a client with a
    stale token is told so instead of seeing its watches vanish.
    """
    if credentials is None:
        return False
    if credentials.scheme.lower() != "bearer":
        raise _error(401, "unauthorized", "the token goes in a bearer Authorization header",
                     "send `Authorization: Bearer <token>`")
    require_token(request, credentials)
    return True


def listed_watches(store: Any, *, owner: bool, feed_url: Callable[[str], str]) -> dict[str, Any]:
    """The body of the list of watches, in the owner's view or the public one."""
    watches = list_watches(store)
    if owner:
        items = [watch_view(store, w, feed_url=feed_url(w.id)) for w in watches]
        return {"total": len(items), "view": OWNER_VIEW, "items": items}
    items = [public_watch_view(store, w) for w in watches]
    return {"total": len(items), "view": PUBLIC_VIEW, "hint": PUBLIC_HINT, "items": items}


def require_known_actors(store: Any, watch: Watch) -> None:
    """Refuse (`ConfigError`) a watch on an actor code neither the knowledge base nor the store knows.

    Such a watch would wait, silently and for ever, for events no extractor can code: the API
    answers an unknown code with a 404 everywhere else, and a new watch is told the same.
    """
    from ..api.names import in_knowledge_base
    from ..api.queries import actor_seen
    con = connection(store)
    for code in [*watch.actors, *watch.partners]:
        if not (in_knowledge_base(code) or actor_seen(con, code)):
            raise ConfigError(f"no actor {code!r}: find actor codes at /actors or with GET /api/actors?q=<name> "
                              "(ISO3 for states, e.g. ISR; dotted for others, e.g. UN.SC)")


def _error(status: int, code: str, message: str, hint: str = "") -> Exception:
    try:
        from ..api.errors import ApiError
    except ImportError:  # pragma: no cover - the API package is always there in practice
        from fastapi import HTTPException
        return HTTPException(status, message)
    return ApiError(status, code, message, hint)


def _store(get_store: Callable[[Request], Any], request: Request) -> Any:
    return connection(get_store(request))


def _found(store: Any, watch_id: str) -> Watch:
    watch = get_watch(store, watch_id)
    if watch is None:
        raise _error(404, "not_found", f"no watch {watch_id!r}", "list the watches at /api/watches")
    return watch


def _feed_url(request: Request, watch_id: str, name: str = "watch_feed") -> str:
    try:
        return str(request.url_for(name, watch_id=watch_id))
    except Exception:  # noqa: BLE001 - not mounted under that name: no link
        return ""


def watch_router(get_store: Callable[[Request], Any], require_token: Callable[..., Any]) -> APIRouter:
    """The JSON API of watches: list, create, read, delete, test, alerts, Atom feed."""
    router = APIRouter(tags=["watches"])
    token = [Depends(require_token)]

    @router.get("/watches", summary="List the watches (ids and feed addresses only with the token)",
                description=LIST_DESCRIPTION)
    def list_route(request: Request) -> dict[str, Any]:
        owner = shows_capabilities(request, require_token, bearer_of(request))
        return listed_watches(_store(get_store, request), owner=owner,
                              feed_url=lambda watch_id: _feed_url(request, watch_id))

    @router.post("/watches", status_code=201, dependencies=token, summary="Create a watch")
    def create_route(request: Request, body: WatchIn) -> dict[str, Any]:
        store = _store(get_store, request)
        try:
            watch = body.to_watch()
            require_known_actors(store, watch)
            watch = add_watch(store, watch)
        except ConfigError as exc:
            raise _error(422, "invalid_watch", str(exc), "see the WatchIn schema at /api/openapi.json") from None
        return watch_view(store, watch, feed_url=_feed_url(request, watch.id))

    @router.get("/watches/{watch_id}", summary="One watch, to whoever holds its id",
                description="The id is the feed's capability, so whoever holds it sees the watch with its "
                            "feed address; its channel details (webhook host, e-mail domain) only with the token.")
    def get_route(request: Request, watch_id: WatchId) -> dict[str, Any]:
        store = _store(get_store, request)
        watch = _found(store, watch_id)
        if shows_capabilities(request, require_token, bearer_of(request)):
            return watch_view(store, watch, feed_url=_feed_url(request, watch_id))
        return holder_view(store, watch, feed_url=_feed_url(request, watch_id))

    @router.delete("/watches/{watch_id}", status_code=204, dependencies=token, summary="Delete a watch")
    def delete_route(request: Request, watch_id: WatchId) -> Response:
        store = _store(get_store, request)
        if not remove_watch(store, watch_id):
            raise _error(404, "not_found", f"no watch {watch_id!r}", "list the watches at /api/watches")
        return Response(status_code=204)

    @router.post("/watches/{watch_id}/test", dependencies=token,
                 summary="What the watch would alert on among stored events (nothing is sent)")
    def test_route(request: Request, watch_id: WatchId,
                   limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
        store = _store(get_store, request)
        watch = _found(store, watch_id)
        alerts = preview(store, watch, limit=limit)
        return {"watch": watch.public_dict(), "total": len(alerts), "items": [a.as_dict() for a in alerts]}

    @router.get("/watches/{watch_id}/alerts", summary="The watch's alerts, newest first, with their deliveries")
    def alerts_route(request: Request, watch_id: WatchId, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                     offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
        store = _store(get_store, request)
        _found(store, watch_id)
        items = []
        for alert in alerts_of(store, watch_id, limit=limit, offset=offset):
            deliveries = [{**d, "next_attempt_at": _iso(d["next_attempt_at"]), "sent_at": _iso(d["sent_at"])}
                          for d in deliveries_of(store, alert.id)]
            items.append({**alert.as_dict(), "deliveries": deliveries})
        return {"total": count_alerts(store, watch_id), "limit": limit, "offset": offset, "items": items}

    @router.get("/watches/{watch_id}/feed.atom", name="watch_feed", response_class=Response,
                responses={200: {"content": {MEDIA_TYPE: {}}, "description": "An Atom 1.0 feed"}},
                summary="The watch's Atom feed")
    def feed_route(request: Request, watch_id: WatchId) -> Response:
        store = _store(get_store, request)
        body = watch_feed(store, watch_id, self_url=str(request.url.remove_query_params(list(request.query_params))))
        if body is None:
            raise _error(404, "not_found", f"no feed for watch {watch_id!r}",
                         "the watch does not exist or was made without --feed")
        return Response(body, media_type=MEDIA_TYPE)

    return router


def watch_page_router(get_store: Callable[[Request], Any], require_token: Callable[..., Any], *,
                      api_prefix: str = "/api") -> APIRouter:
    """The page at `/watches`: the watches, a form to add one, a button to delete each.

    Without the token the page lists what each watch looks for, and no id or feed address (see the
    module's docstring); the token, given in the page's form (or as a bearer header to the page or
    its JSON twin), shows them. Forms post with the token in a password field; after a change the
    page redirects (303) to itself, so a reload never posts twice, and after an addition it shows
    the new watch's feed address to whoever added it. `?format=json` gives its JSON twin.
    """
    router = APIRouter(include_in_schema=False)

    def check(request: Request, token: str) -> None:
        require_token(request, HTTPAuthorizationCredentials(scheme="Bearer", credentials=token) if token else None)

    def feed_url(watch_id: str) -> str:
        return f"{api_prefix}/watches/{watch_id}/feed.atom"

    def just_added(store: Any, watch_id: str | None) -> dict[str, Any] | None:
        """The watch the caller has just added (its id is in the address it was sent back to)."""
        if not watch_id or not re.match(WATCH_ID, watch_id):
            return None
        watch = get_watch(store, watch_id)
        return None if watch is None else holder_view(store, watch, feed_url=feed_url(watch.id))

    def render(request: Request, *, owner: bool, error: str | None = None, form: dict[str, Any] | None = None,
               status: int = 200) -> Response:
        store = _store(get_store, request)
        listed = listed_watches(store, owner=owner, feed_url=feed_url)
        html = _env.get_template("watches.html").render(
            items=listed["items"], owner=owner, error=error, form=form or {}, modes=MODES, windows=WINDOWS,
            email_modes=EMAIL_MODES, created=just_added(store, request.query_params.get("created")),
            removed=request.query_params.get("removed"))
        return Response(html, status_code=status, media_type="text/html; charset=utf-8")

    @router.get("/watches")
    def page(request: Request, fmt: Annotated[str | None, Query(alias="format", pattern="^(html|json)$")] = None,
             ) -> Response:
        owner = shows_capabilities(request, require_token, bearer_of(request))
        if fmt == "json":
            return JSONResponse(listed_watches(_store(get_store, request), owner=owner, feed_url=feed_url))
        return render(request, owner=owner)

    @router.post("/watches/show")
    def show(request: Request, token: Annotated[str, Form()] = "") -> Response:
        """The page with ids, feed addresses and channels, for whoever gives the token in the form."""
        check(request, token)
        return render(request, owner=True)

    @router.post("/watches")
    def create(request: Request, token: Annotated[str, Form()] = "", name: Annotated[str, Form()] = "",
               actors: Annotated[str, Form()] = "", partners: Annotated[str, Form()] = "",
               types: Annotated[str, Form()] = "", modes: Annotated[list[str] | None, Form()] = None,
               dimensions: Annotated[str, Form()] = "", min_intensity: Annotated[str, Form()] = "",
               shift_threshold: Annotated[str, Form()] = "", shift_window: Annotated[str, Form()] = "month",
               feed: Annotated[str, Form()] = "", webhook_url: Annotated[str, Form()] = "",
               webhook_secret: Annotated[str, Form()] = "", email: Annotated[str, Form()] = "",
               email_mode: Annotated[str, Form()] = "immediate") -> Response:
        check(request, token)
        # What the form shows again on an error: never the address, URL or secret just typed.
        form = {"name": name, "actors": actors, "partners": partners, "types": types, "modes": modes or [],
                "dimensions": dimensions, "min_intensity": min_intensity, "shift_threshold": shift_threshold,
                "shift_window": shift_window, "feed": bool(feed), "email_mode": email_mode}
        try:
            watch = build_watch(
                name=name, actors=actors.split(), partners=partners.split(), types=types.replace(",", " ").split(),
                modes=modes or [], dimensions=dimensions.replace(",", " ").split(),
                min_intensity=_number(min_intensity, "min intensity"),
                shift_threshold=_number(shift_threshold, "shift threshold"), shift_window=shift_window,
                feed=True if feed else (False if (webhook_url or email) else None),
                webhook_url=webhook_url or None, webhook_secret=webhook_secret or None, email=email or None,
                email_mode=email_mode)
            require_known_actors(_store(get_store, request), watch)
            add_watch(_store(get_store, request), watch)
        except EntenteError as exc:
            # the one who tried to add a watch gave the token: the page shows them everything
            return render(request, owner=True, error=str(exc), form=form, status=422)
        return RedirectResponse(f"{request.url.path}?created={watch.id}", status_code=303)

    @router.post("/watches/{watch_id}/delete")
    def delete(request: Request, watch_id: WatchId, token: Annotated[str, Form()] = "") -> Response:
        check(request, token)
        store = _store(get_store, request)
        if not remove_watch(store, watch_id):
            raise _error(404, "not_found", f"no watch {watch_id!r}", "it may have been deleted already")
        return RedirectResponse(f"{request.url.path.rsplit('/', 2)[0]}?removed={watch_id}", status_code=303)

    return router


def _number(text: str, label: str) -> float | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ConfigError(f"the {label} must be a number") from None


def _iso(ts: Any) -> str | None:
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ") if ts else None
