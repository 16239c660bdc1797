"""The HTML pages: story list, search, outlets, a story with its comparison views, and its report.

Each page is filled from the same queries as the JSON API (:mod:`manysides.web.api`), so what a person
sees and what a script reads never disagree.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from manysides.report import render_html
from manysides.store.stories import AnalysisTimeout
from manysides.web import queries
from manysides.web.api import story_detail
from manysides.web.embed import ReportLayoutError, report_csp, split_report
from manysides.web.errors import WebError
from manysides.web.pages import highlight, render, story_csp, stylesheet
from manysides.web.params import Limit, Offset, StoryId, filters, page_params, services
from manysides.web.queries import Filters

router = APIRouter(include_in_schema=False)
SEARCH_PAGE = 20  # hits per search page unless the request says otherwise


def _filter_menus(con: Any) -> dict[str, Any]:
    return {"outlet_names": [o["outlet"] for o in queries.outlets(con) if o["outlet"] is not None][:500],
            "lean_names": queries.leans(con)}


@router.get("/", response_class=HTMLResponse)
def stories_page(request: Request, f: Annotated[Filters, Depends(filters)], limit: Limit = 50,
                 offset: Offset = 0) -> HTMLResponse:
    store, _ = services(request)
    with store.read() as con:
        total, stories = queries.list_stories(con, f, store.fts, limit, offset)
        context = {"summary": queries.corpus_summary(con), **_filter_menus(con)}
    return HTMLResponse(render("stories.html.j2", title="Stories", stories=stories, total=total, limit=limit,
                               offset=offset, filters=f, fts=store.fts, params=page_params(f, limit, offset),
                               db_name=store.path.name, **context))


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, f: Annotated[Filters, Depends(filters)], limit: Limit = SEARCH_PAGE,
                offset: Offset = 0) -> HTMLResponse:
    store, _ = services(request)
    with store.read() as con:
        total, hits = queries.search(con, f, store.fts, limit, offset) if f.q else (0, [])
        menus = _filter_menus(con)
    words = queries.terms(f.q)
    for hit in hits:
        hit["snippet_html"] = highlight(hit["snippet"], words)
    return HTMLResponse(render("search.html.j2", title=f"Search: {f.q}" if f.q else "Search", hits=hits, total=total,
                               limit=limit, offset=offset, filters=f, site_q=f.q or "",
                               mode="bm25" if store.fts else "substring", params=page_params(f, limit, offset, SEARCH_PAGE),
                               **menus))


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(request: Request) -> HTMLResponse:
    store, _ = services(request)
    with store.read() as con:
        rows = queries.outlets(con)
    return HTMLResponse(render("outlets.html.j2", title="Outlets", outlets=rows))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: StoryId) -> HTMLResponse:
    """The story, its articles, and the report's comparison views (the analysis runs now if not cached)."""
    story = story_detail(request, story_id)
    _, service = services(request)
    parts, problem, status = None, "", 200
    try:
        parts = split_report(render_html(service.get(story_id)))
    except (WebError, AnalysisTimeout) as exc:  # busy or out of time: still show the story, say why
        problem = str(exc)
        status = exc.status if isinstance(exc, WebError) else 504
    except ReportLayoutError as exc:
        problem = f"{exc}; the full report is still available"
    embedded = None if parts is None else {
        "css": Markup(parts.css), "nav": Markup(parts.nav), "main": Markup(parts.main), "back": Markup(parts.back),
        "script": Markup(parts.script)}
    page = render("story.html.j2", title=story.title or f"Story {story_id}", story=story.model_dump(), parts=embedded,
                  problem=problem)
    response = HTMLResponse(page, status_code=status)
    if parts is not None:
        response.headers["content-security-policy"] = story_csp(parts.script_hash)
    return response


@router.get("/stories/{story_id}/report", response_class=HTMLResponse)
def story_report(request: Request, story_id: StoryId) -> HTMLResponse:
    """The self-contained report of the story, with the report's own CSP sent as a header too."""
    _, service = services(request)
    html = render_html(service.get(story_id))
    return HTMLResponse(html, headers={"content-security-policy": report_csp(html), "x-frame-options": "SAMEORIGIN"})


@router.get("/assets/web.css")
def css() -> Response:
    """The one stylesheet, from the package: no request path ever reaches the file system."""
    return Response(stylesheet(), media_type="text/css", headers={"cache-control": "public, max-age=3600"})


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)


__all__ = ["router"]
