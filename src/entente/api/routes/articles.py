"""Articles: search by words of the title or body, and one article with everything found in it."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from .. import queries
from ..deps import ID_PATTERN, Code, Limit, Offset, Since, Text, Until, page, read, require_known_actors
from ..errors import ERROR_RESPONSES, not_found
from ..models import Article, ArticlePage

router = APIRouter(prefix="/api/articles", tags=["articles"], responses=ERROR_RESPONSES)


@router.get("", response_model=ArticlePage, summary="Search articles (title matches first)")
def search(request: Request, q: Text = None, source: Text = None, actor: Code = None, since: Since = None,
           until: Until = None, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """Articles whose title or body contains `q` (case-insensitive), from outlet `source`, mentioning `actor`."""
    require_known_actors(request, actor)
    total, items = queries.search_articles(read(request), q=q, source=source, since=since, until=until, actor=actor,
                                           limit=limit, offset=offset)
    return page(request, total, limit, offset, items)


@router.get("/{article_id}", response_model=Article, summary="One article with its mentions, events, quotes, stances")
def get(request: Request, article_id: Annotated[str, Path(pattern=ID_PATTERN)]) -> dict[str, Any]:
    found = queries.article_detail(read(request), article_id)
    if found is None:
        raise not_found("article", article_id, "search with GET /api/articles?q=")
    return found
