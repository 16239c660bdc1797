"""Web errors and their one rendering: a JSON shape for ``/api/...``, an HTML page for everything else.

Every error a request can cause is a :class:`WebError` (a :class:`~manysides.errors.ManysidesError`)
carrying its HTTP status and a stable ``code``, so clients can branch on ``error.code`` and a person
sees the same message on the HTML error page. Internal failures are logged and answered with a
generic message: a stack trace or a server path never reaches the client.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from manysides.errors import ManysidesError
from manysides.store.stories import AnalysisTimeout, StoryNotFound

log = logging.getLogger("manysides.web")

STATUS_CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                413: "request_too_large", 414: "request_too_large", 422: "invalid_request",
                500: "internal_error", 503: "unavailable", 504: "timeout"}


class WebError(ManysidesError):
    """An error answered to the client with ``status`` and a machine-readable ``code``."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        self.code = code or STATUS_CODES.get(self.status, self.code)


class NotFound(WebError):
    """The story, article or page asked for does not exist."""

    status, code = 404, "not_found"


class InvalidRequest(WebError):
    """A parameter is malformed (bad date, unknown lean, an id that is not a story number)."""

    status, code = 422, "invalid_request"


class RequestTooLarge(WebError):
    """The request body or query string is over the configured limit."""

    status, code = 413, "request_too_large"


class RequestTimeout(WebError):
    """The work for a request ran past its time limit and was stopped."""

    status, code = 504, "timeout"


class Busy(WebError):
    """Another deep analysis holds the (single) analysis slot for longer than this request may wait."""

    status, code = 503, "busy"


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The one JSON error shape: ``{"error": {"status", "code", "message"}}``."""
    return {"error": {"status": status, "code": code, "message": message}}


def wants_json(path: str) -> bool:
    """API paths (and the OpenAPI document) answer JSON; pages answer HTML."""
    return path.startswith("/api/") or path == "/api" or path == "/openapi.json"


def error_response(path: str, status: int, code: str, message: str) -> Response:
    """Render an error for ``path``: JSON for the API, the HTML error page for pages."""
    if wants_json(path):
        return JSONResponse(error_body(status, code, message), status_code=status)
    from manysides.web.pages import render_error

    return HTMLResponse(render_error(status, code, message), status_code=status)


def _as_web_error(exc: Exception) -> WebError:
    """Map library errors onto web errors (a missing story is a 404, a timed-out analysis a 504)."""
    if isinstance(exc, WebError):
        return exc
    if isinstance(exc, StoryNotFound):
        return NotFound(str(exc))
    if isinstance(exc, AnalysisTimeout):
        return RequestTimeout(f"{exc}; try again, or analyse a smaller story")
    log.error("request failed: %s", exc)
    return WebError("the server could not complete this request")


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def install_handlers(app: Any) -> None:
    """Route every error, ours, FastAPI's validation errors and Starlette's 404/405, through one renderer."""

    @app.exception_handler(ManysidesError)
    async def _manysides(request: Request, exc: ManysidesError) -> Response:
        err = _as_web_error(exc)
        return error_response(request.url.path, err.status, err.code, err.message)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request.url.path, 422, "invalid_request", _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404:
            message = "no such page"
        response = error_response(request.url.path, exc.status_code,
                                  STATUS_CODES.get(exc.status_code, "error"), message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request.url.path, 500, "internal_error", "the server could not complete this request")
