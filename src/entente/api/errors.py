"""One error body for every failure: `{"error": {"code", "message", "hint"}}`.

`code` is a stable slug a client can branch on; `message` says what happened; `hint` what to do.
Pages (not under `/api/`) render the same error as HTML unless JSON was asked for.
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import ConfigError, EntenteError, InputRejected, ModelNotInstalled, StoreError

log = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    code: str
    message: str
    hint: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class ApiError(Exception):
    """An error with its HTTP status, stable code, message and hint."""

    def __init__(self, status: int, code: str, message: str, hint: str = "",
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.hint = hint
        self.headers = headers

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "hint": self.hint}}


def not_found(what: str, key: str, hint: str = "") -> ApiError:
    return ApiError(404, "not_found", f"no {what} {key!r}", hint or f"search for the {what} first")


_STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                 405: "method_not_allowed", 406: "not_acceptable", 413: "too_large", 415: "unsupported_media_type",
                 422: "invalid_request", 429: "too_many_requests", 500: "internal", 503: "unavailable"}
_STATUS_HINTS = {404: "check the address; the API is described at /api/openapi.json",
                 405: "see /api/openapi.json for the methods each path accepts"}

#: Documented on every route of the OpenAPI schema.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "A client error: the body says what and what to do."},
}


def install(app: FastAPI, render_html: Any = None) -> None:
    """Register the handlers; `render_html(request, status, body)` renders errors of pages."""

    def respond(request: Request, error: ApiError) -> Response:
        wants_json = request.url.path.startswith("/api/") or request.query_params.get("format") == "json" \
            or request.url.path.endswith(".json") or render_html is None
        if not wants_json:
            return render_html(request, error.status, error.body())  # type: ignore[no-any-return]
        return JSONResponse(error.body(), status_code=error.status, headers=error.headers)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return respond(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = _STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return respond(request, ApiError(exc.status_code, code, message, _STATUS_HINTS.get(exc.status_code, ""),
                                         headers=getattr(exc, "headers", None)))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
            problems.append(f"{where}: {err.get('msg', 'invalid')}")
        return respond(request, ApiError(422, "invalid_request", "; ".join(problems) or "invalid request",
                                         "see /api/openapi.json for the parameters this path accepts"))

    @app.exception_handler(InputRejected)
    async def _rejected(request: Request, exc: InputRejected) -> Response:
        status = 413 if exc.reason.value == "too_large" else 422
        return respond(request, ApiError(status, exc.reason.value, exc.detail, exc.reason.hint))

    @app.exception_handler(EntenteError)
    async def _entente(request: Request, exc: EntenteError) -> Response:
        if isinstance(exc, ModelNotInstalled):
            error = ApiError(503, "model_not_installed", str(exc), "ingest with extract=false, or install the model")
        elif isinstance(exc, ConfigError):
            error = ApiError(422, "invalid_option", str(exc), "fix the option named in the message")
        elif isinstance(exc, StoreError):
            error = ApiError(503, "store_unavailable", str(exc), "retry in a moment")
        else:
            error = ApiError(500, "internal", str(exc), "")
        return respond(request, error)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return respond(request, ApiError(500, "internal", f"unexpected {type(exc).__name__}",
                                         "this is a bug in entente; the server log has the details"))
