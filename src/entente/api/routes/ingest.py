"""Ingestion: text, HTML, a URL, an uploaded file, or articles a client has read; bearer token required.

Each request is read in its own thread, then queued for the store's one writer. The response
waits for the job up to `wait` seconds: `200` with what was stored, or `202` with the job's
address (`GET /api/ingest/jobs/{id}`) when it is still running.
"""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Request, UploadFile
from fastapi.responses import JSONResponse

from ...ingest import ColumnMap, IngestOptions
from ...ingest.options import FORMATS
from ...records import Article, Rejected
from .. import intake
from ..deps import require_token, service
from ..errors import ERROR_RESPONSES, ApiError, not_found
from ..models import ArticlesIn, HtmlIn, IngestJob, TextIn, UrlIn

router = APIRouter(prefix="/api/ingest", tags=["ingest"], responses=ERROR_RESPONSES)
_WRITE: dict[str, Any] = {"dependencies": [Depends(require_token)], "response_model": IngestJob,
          "responses": {202: {"model": IngestJob, "description": "Queued or running; poll the job's address."}}}


def _options(request: Request, **overrides: Any) -> IngestOptions:
    return IngestOptions(allow_private=bool(request.app.state.allow_private), **overrides)


def _submit(request: Request, kind: str, items: list[Article | Rejected], *, extract: bool, wait: float,
            single: bool = False) -> JSONResponse:
    """Queue the items; answer with the job once done (200), or still running after `wait` (202)."""
    articles, rejects = intake.articles_only(items)
    if single and not articles and rejects:
        r = rejects[0]
        status = 413 if r.reason.value == "too_large" else 422
        raise ApiError(status, r.reason.value, r.detail, r.reason.hint)
    store_items: list[Article | Rejected] = list(articles) + ([] if single else list(rejects))
    job = service(request).submit(kind, store_items, extract=extract)
    job.done.wait(wait)
    body = job.as_dict()
    body["rejects"] = [r.as_dict() for r in rejects[:100]]
    if job.status == "failed":
        error = job.error or {}
        if error.get("code") == "ModelNotInstalled":
            raise ApiError(503, "model_not_installed", error.get("message", ""),
                           "send extract=false to store the articles without extraction")
        raise ApiError(500, "ingest_failed", error.get("message", "the job failed"),
                       f"see GET /api/ingest/jobs/{job.id} and the server log")
    status = 200 if job.status == "done" else 202
    headers = {"Location": f"/api/ingest/jobs/{job.id}"}
    return JSONResponse(body, status_code=status, headers=headers)


@router.post("/text", summary="Ingest one article given as text (a body, or a raw scrape)", **_WRITE)
def ingest_text(request: Request, body: TextIn) -> JSONResponse:
    items = intake.from_text(body, _options(request))
    return _submit(request, "text", items, extract=body.extract, wait=body.wait, single=True)


@router.post("/html", summary="Ingest one article given as an HTML page", **_WRITE)
def ingest_html(request: Request, body: HtmlIn) -> JSONResponse:
    items = intake.from_html(body, _options(request))
    return _submit(request, "html", items, extract=body.extract, wait=body.wait, single=True)


@router.post("/url", summary="Fetch a URL (a page or a feed) and ingest what it holds", **_WRITE)
def ingest_url(request: Request, body: UrlIn) -> JSONResponse:
    items = intake.from_url(body.url, _options(request))
    return _submit(request, "url", items, extract=body.extract, wait=body.wait, single=len(items) == 1)


@router.post("/file", summary="Upload a file in any format `entente ingest` reads", **_WRITE)
def ingest_file(request: Request, file: Annotated[UploadFile, File(description="The file")],
                format: Annotated[str, Form(pattern="^(" + "|".join(FORMATS) + ")$")] = "auto",
                text_col: Annotated[str, Form(max_length=100)] = "text",
                title_col: Annotated[str, Form(max_length=100)] = "title",
                date_col: Annotated[str, Form(max_length=100)] = "date",
                url_col: Annotated[str, Form(max_length=100)] = "url",
                id_col: Annotated[str, Form(max_length=100)] = "id",
                language: Annotated[str, Form(max_length=100, description="Comma-separated ISO 639-1 codes, or 'any'")] = "en",
                min_words: Annotated[int, Form(ge=0, le=100_000)] = 15,
                extract: Annotated[bool, Form()] = True,
                wait: Annotated[float, Form(ge=0, le=600)] = 60.0) -> JSONResponse:
    languages = tuple(x.strip() for x in language.split(",") if x.strip())
    options = _options(request, format=format, min_words=min_words,
                       languages=() if "any" in languages else languages,
                       columns=ColumnMap(text=text_col, title=title_col, date=date_col, url=url_col, id=id_col))
    items = intake.from_upload(file.file, file.filename, options)
    return _submit(request, "file", items, extract=extract, wait=wait)


@router.post("/articles", summary="Store articles a client has already read (used by `entente ingest` "
                                  "while a server owns the store)", **_WRITE)
def ingest_articles(request: Request, body: ArticlesIn) -> JSONResponse:
    return _submit(request, "articles", intake.from_records(body), extract=body.extract, wait=body.wait)


@router.get("/jobs/{job_id}", response_model=IngestJob, summary="An ingestion job's status and result")
def get_job(request: Request, job_id: Annotated[str, Path(pattern=r"^[0-9a-f]{16}$")]) -> dict[str, Any]:
    job = service(request).job(job_id)
    if job is None:
        raise not_found("job", job_id, "jobs are kept in memory for the life of the server")
    return {**job.as_dict(), "rejects": []}
