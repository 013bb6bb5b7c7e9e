"""The pages: each gathers its data with the API's own functions, then renders it or returns it as JSON."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.encoders import jsonable_encoder
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..api import models, queries, relations
from ..api.deps import (
    CODE_PATTERN,
    ID_PATTERN,
    Code,
    Since,
    Text,
    Until,
    Window,
    analysed,
    page,
    read,
    require_known_actors,
    service,
)
from ..api.errors import not_found
from ..api.names import KIND_GROUPS, lookup
from ..api.routes.actors import Kinds, actor_view, kinds_of
from ..api.routes.events import Dyad, event_filter
from ..api.routes.relations import dyad_data
from . import markup

HERE = Path(__file__).resolve().parent
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                          undefined=jinja2.ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
templates = Jinja2Templates(env=_env)


def json_url(request: Request) -> str:
    """The address of the page's JSON twin."""
    url = request.url.include_query_params(format="json")
    return f"{url.path}?{url.query}"


def safe_url(url: Any) -> str | None:
    """Only http(s) links leave the site (an article's `javascript:` URL is dropped)."""
    return url if isinstance(url, str) and url.lower().startswith(("http://", "https://")) else None


_env.globals.update(version=__version__, kinds=list(KIND_GROUPS), sentence_parts=markup.sentence_parts,
                    quad_labels=queries.QUAD_LABELS, json_url=json_url, safe_url=safe_url)

router = APIRouter(include_in_schema=False)
Format = Annotated[str | None, Query(pattern="^(html|json)$", alias="format")]
PageLimit = Annotated[int, Query(ge=1, le=200)]
PageOffset = Annotated[int, Query(ge=0, le=10_000_000)]


def render(request: Request, template: str, data: dict[str, Any], fmt: str | None, *, model: Any = None,
           **context: Any) -> Response:
    """The page, or its JSON twin (`?format=json`): the same `data` either way (in the API's shape
    when the API serves the same resource, `model`)."""
    if fmt == "json":
        return JSONResponse(jsonable_encoder(model.model_validate(data)) if model is not None else data)
    response: Response = templates.TemplateResponse(request, template, {"data": data, **context})
    return response


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for it on pages without a <link rel=icon> (the JSON twins)."""
    return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml",
                        headers={"Cache-Control": "max-age=86400"})


@router.get("/")
def network_page(request: Request, fmt: Format = None, since: Since = None, until: Until = None,
                 kind: Kinds = None, dimension: Annotated[str | None, Query(pattern=r"^[a-z_]{1,40}$")] = None,
                 ) -> Response:
    """The signed network with its blocs; the script reloads it as the filters change."""
    con = read(request)
    kinds = kinds_of(kind) or ["state"]
    if fmt == "json":
        return JSONResponse(analysed(request, relations.network_view, since=since, until=until, kinds=kinds,
                                     dimension=dimension, min_events=1))
    facets = {"dimensions": queries.dimensions(con), "dates": queries.date_range(con), "kinds": list(KIND_GROUPS)}
    setup = {"since": since, "until": until, "kinds": kinds, "dimension": dimension, "facets": facets}
    return templates.TemplateResponse(request, "network.html", {"setup": setup, "nav": "network"})


@router.get("/dyads/{a}/{b}")
def dyad_page(request: Request, a: Annotated[str, PathParam(pattern=CODE_PATTERN)],
              b: Annotated[str, PathParam(pattern=CODE_PATTERN)], fmt: Format = None, window: Window = "month",
              since: Since = None, until: Until = None, limit: PageLimit = 50, offset: PageOffset = 0) -> Response:
    data = dyad_data(request, a, b, window=window, since=since, until=until, limit=limit, offset=offset)
    data["why"] = analysed(request, relations.why_view, a=a, b=b, since=since, until=until)
    return render(request, "dyad.html", data, fmt, nav="network")


@router.get("/actors")
def actors_page(request: Request, fmt: Format = None, q: Text = None, kind: Kinds = None, limit: PageLimit = 100,
                offset: PageOffset = 0) -> Response:
    total, items = queries.list_actors(read(request), q=q, kinds=kinds_of(kind), limit=limit, offset=offset)
    data = page(request, total, limit, offset, items, q=q, kind=kinds_of(kind))
    return render(request, "actors.html", data, fmt, nav="actors")


@router.get("/actors/{code}")
def actor_page(request: Request, code: Annotated[str, PathParam(pattern=CODE_PATTERN)], fmt: Format = None,
               since: Since = None, until: Until = None, window: Window = "year") -> Response:
    data = analysed(request, actor_view, code=code, since=since, until=until, window=window, limit=30)
    if not data:
        raise not_found("actor", code, "search for actors at /actors")
    return render(request, "actor.html", data, fmt, model=models.ActorDetail, nav="actors")


@router.get("/articles")
def articles_page(request: Request, fmt: Format = None, q: Text = None, source: Text = None, actor: Code = None,
                  since: Since = None, until: Until = None, limit: PageLimit = 30, offset: PageOffset = 0) -> Response:
    require_known_actors(request, actor)
    total, items = queries.search_articles(read(request), q=q, source=source, actor=actor, since=since, until=until,
                                           limit=limit, offset=offset)
    data = page(request, total, limit, offset, items, q=q, source=source, actor=actor)
    return render(request, "articles.html", data, fmt, nav="articles")


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: Annotated[str, PathParam(pattern=ID_PATTERN)],
                 fmt: Format = None) -> Response:
    data = queries.article_detail(read(request), article_id)
    if data is None:
        raise not_found("article", article_id, "search for articles at /articles")
    if fmt == "json":
        return JSONResponse(jsonable_encoder(models.Article.model_validate(data)))
    actors: dict[str, dict[str, Any]] = {}
    for m in data["mentions"]:
        code = m["actor"] or m["country"]
        if code:
            entry = actors.setdefault(code, {**lookup(code).as_dict(), "n": 0})
            entry["n"] += 1
    return templates.TemplateResponse(request, "article.html", {
        "data": data, "segments": markup.segments(data["text"], data), "nav": "articles",
        "actors": sorted(actors.values(), key=lambda a: (-a["n"], a["code"]))})


@router.get("/events")
def events_page(request: Request, fmt: Format = None, actor: Code = None, dyad: Dyad = None,
                type: Annotated[str | None, Query(pattern=r"^[A-Za-z_]{1,32}$")] = None,
                quad: Annotated[int | None, Query(ge=1, le=4)] = None,
                mode: Annotated[str | None, Query(pattern=r"^[a-z]{1,20}$")] = None,
                dimension: Annotated[str | None, Query(pattern=r"^[a-z_]{1,40}$")] = None,
                since: Since = None, until: Until = None, source: Text = None,
                article: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
                limit: PageLimit = 50, offset: PageOffset = 0) -> Response:
    f = event_filter(actor=actor, dyad=dyad, type=type, quad=quad, mode=mode, dimension=dimension, since=since,
                     until=until, source=source, article=article)
    require_known_actors(request, f.actor, f.a, f.b)
    con = read(request)
    total, items = queries.list_events(con, f, limit=limit, offset=offset)
    filters = {"actor": actor, "dyad": dyad, "type": type, "quad": quad, "mode": mode, "dimension": dimension,
               "since": since, "until": until, "source": source, "article": article}
    data = page(request, total, limit, offset, items, filters=filters)
    facets = {"types": queries.event_types(con), "dimensions": queries.dimensions(con)}
    return render(request, "events.html", data, fmt, nav="events", facets=facets)


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: Annotated[str, PathParam(pattern=ID_PATTERN)],
               fmt: Format = None) -> Response:
    data = queries.event_detail(read(request), event_id)
    if data is None:
        raise not_found("event", event_id, "list events at /events")
    return render(request, "event.html", data, fmt, model=models.EventDetail, nav="events")


@router.get("/quotes")
def quotes_page(request: Request, fmt: Format = None, speaker: Text = None, actor: Code = None, q: Text = None,
                since: Since = None, until: Until = None, limit: PageLimit = 50, offset: PageOffset = 0) -> Response:
    require_known_actors(request, actor)
    f = queries.QuoteFilter(speaker=speaker, actor=actor, q=q, since=since, until=until)
    total, items = queries.list_quotes(read(request), f, limit=limit, offset=offset)
    data = page(request, total, limit, offset, items, filters={"speaker": speaker, "actor": actor, "q": q})
    return render(request, "quotes.html", data, fmt, nav="quotes")


@router.get("/search")
def search_page(request: Request, fmt: Format = None, q: Text = None) -> Response:
    """Actors and articles matching the words; an exact actor code or name goes straight to its page."""
    con = read(request)
    needle = (q or "").strip()
    actors_total, actors = queries.list_actors(con, q=needle, limit=20) if needle else (0, [])
    articles_total, articles = queries.search_articles(con, q=needle, limit=20) if needle else (0, [])
    data = {"q": needle, "actors": {"total": actors_total, "items": actors},
            "articles": {"total": articles_total, "items": articles}}
    if fmt != "json" and actors and len(actors) == 1 and not articles:
        return RedirectResponse(f"/actors/{actors[0]['code']}", status_code=303)
    return render(request, "search.html", data, fmt, nav="search")


@router.get("/structure")
def structure_page(request: Request, fmt: Format = None, window: Window = "year", since: Since = None,
                   until: Until = None, kind: Kinds = None) -> Response:
    """Balance and blocs per window, and the shifts of the range."""
    kinds = kinds_of(kind) or ["state"]
    data = {"window": window, "since": since, "until": until, "kinds": kinds,
            "balance": analysed(request, relations.balance_view, window=window, since=since, until=until,
                                kinds=kinds, limit=50),
            "shifts": analysed(request, relations.shifts_view, window="month" if window != "day" else "day",
                               since=since, until=until, actor=None, limit=30)}
    return render(request, "structure.html", data, fmt, nav="structure")


@router.get("/about")
def about_page(request: Request, fmt: Format = None) -> Response:
    """What the store holds and how to use the API."""
    summary = service(request).read_store().summary()
    summary["store"] = Path(summary["store"]).name
    routes = sorted({(r.path, ",".join(sorted(getattr(r, "methods", None) or [])), getattr(r, "summary", "") or "")
                     for r in request.app.routes if getattr(r, "path", "").startswith("/api/")})
    data = {"summary": summary, "api": [{"path": p, "methods": m, "summary": s} for p, m, s in routes]}
    return render(request, "about.html", data, fmt, nav="about")
