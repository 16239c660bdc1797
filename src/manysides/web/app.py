"""``create_app``: the FastAPI application that browses one corpus store.

Safe by default because it is meant to be started on a laptop next to other local services: requests
read through a read-only DuckDB connection, every SQL statement is parameterised, output is escaped,
requests are bounded in size and time, only requests addressed to the local host are answered (a web
page elsewhere cannot reach it through DNS rebinding), and no request path reaches the file system.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from manysides import __version__
from manysides.web.api import router as api_router
from manysides.web.deep import AnalysisService
from manysides.web.errors import install_handlers
from manysides.web.middleware import LOCAL_HOSTS, HeadMiddleware, SafetyMiddleware, SecurityHeadersMiddleware
from manysides.web.pages import BASE_CSP
from manysides.web.store import WebStore
from manysides.web.views import router as page_router

DESCRIPTION = """Browse a manysides corpus store: stories with outlet counts and coverage over time, full-text
search, filters by outlet, date range and lean, and each story's deep analysis (computed on demand and
cached). Every error has the shape `{"error": {"status", "code", "message"}}`."""


def create_app(db_path: Path, *, analysis_timeout_s: float = 120, max_request_bytes: int = 64_000,
               request_timeout_s: float = 15.0, allowed_hosts: Sequence[str] = LOCAL_HOSTS,
               read_only: bool = False) -> FastAPI:
    """The app for the store at ``db_path`` (opened read-only at once: a missing file fails here).

    ``analysis_timeout_s`` bounds a story's deep analysis, ``request_timeout_s`` every database query;
    requests over ``max_request_bytes`` (URL or body) get 413. ``allowed_hosts`` are the Host header
    names answered (``"*"`` for any, when serving on a public interface). ``read_only`` never writes the
    file (no analysis cache, no search index: analyses are kept in memory, search falls back to ILIKE);
    it is also what happens when the file or its folder is not writable.
    """
    if analysis_timeout_s <= 0 or request_timeout_s <= 0 or max_request_bytes <= 0:
        raise ValueError("time limits and max_request_bytes must be positive")
    store = WebStore(Path(db_path), request_timeout_s=request_timeout_s, read_only=read_only)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="manysides", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")  # the docs UIs load a CDN
    app.state.store = store
    app.state.analysis = AnalysisService(store, analysis_timeout_s)
    install_handlers(app)
    app.include_router(api_router)
    app.include_router(page_router)
    app.add_middleware(SecurityHeadersMiddleware, default_csp=BASE_CSP)
    app.add_middleware(SafetyMiddleware, max_request_bytes=max_request_bytes,
                       time_limit_s=max(analysis_timeout_s, request_timeout_s) + 5, allowed_hosts=allowed_hosts)
    app.add_middleware(HeadMiddleware)  # outermost: HEAD goes through the safety checks as a GET
    return app
