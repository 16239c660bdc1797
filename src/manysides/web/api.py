"""The JSON API: everything the pages show, with pydantic response models for ``/openapi.json``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from manysides.web import queries
from manysides.web.errors import InvalidRequest, NotFound
from manysides.web.params import Limit, Offset, StoryId, filters, services
from manysides.web.queries import Filters
from manysides.web.schemas import (ERROR_RESPONSES, AnalysisDocument, Outlet, SearchResult, StoryDetail, StoryList)

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES)


@router.get("/stories", response_model=StoryList, summary="Stories, largest first, with outlet counts and coverage")
def api_stories(request: Request, f: Annotated[Filters, Depends(filters)], limit: Limit = 50,
                offset: Offset = 0) -> StoryList:
    """Stories with at least one article matching every filter given (words, outlet, lean, date range)."""
    store, _ = services(request)
    with store.read() as con:
        total, stories = queries.list_stories(con, f, store.fts, limit, offset)
    return StoryList(total=total, limit=limit, offset=offset, stories=stories)


def story_detail(request: Request, story_id: int) -> StoryDetail:
    """One story's detail (shared by the API and the story page); :class:`NotFound` when absent."""
    store, analysis = services(request)
    with store.read() as con:
        story = queries.get_story(con, story_id)
    if story is None:
        raise NotFound(f"no story {story_id}")
    _, key = analysis.members(story_id)
    return StoryDetail(**story, analysis_cached=analysis.is_cached(story_id, key),
                       analysis_url=f"/api/stories/{story_id}/analysis", report_url=f"/stories/{story_id}/report")


@router.get("/stories/{story_id}", response_model=StoryDetail, summary="One story and its articles")
def api_story(request: Request, story_id: StoryId) -> StoryDetail:
    return story_detail(request, story_id)


@router.get("/stories/{story_id}/analysis", response_model=AnalysisDocument,
            summary="The story's deep analysis (analysis.json, computed on first request, then cached)")
def api_story_analysis(request: Request, story_id: StoryId) -> JSONResponse:
    """Runs the deep analysis when no current one is cached: may take a while (503 busy, 504 timeout)."""
    _, analysis = services(request)
    return JSONResponse(analysis.get(story_id).to_dict())


@router.get("/search", response_model=SearchResult, summary="Full-text search over article titles and texts")
def api_search(request: Request, f: Annotated[Filters, Depends(filters)],
               limit: Annotated[int, Query(ge=1, le=200, description="hits per page")] = 20,
               offset: Offset = 0) -> SearchResult:
    """BM25 over title and text with the FTS index; substring matching of every word without it. ``q`` is required."""
    if not f.q:
        raise InvalidRequest("q: give one or more words to search for")
    store, _ = services(request)
    with store.read() as con:
        total, hits = queries.search(con, f, store.fts, limit, offset)
    return SearchResult(query=f.q, mode="bm25" if store.fts else "substring", total=total, limit=limit, offset=offset,
                        hits=hits)


@router.get("/outlets", response_model=list[Outlet], summary="Outlets with article and story counts")
def api_outlets(request: Request) -> list[Outlet]:
    store, _ = services(request)
    with store.read() as con:
        return [Outlet(**row) for row in queries.outlets(con)]
