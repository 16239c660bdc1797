"""Response models of the JSON API: what ``/openapi.json`` documents and what every endpoint returns.

Kept in one place so that the pages and the API cannot drift: both are filled from the same query
results, and the API's shape is checked by pydantic on the way out.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class OutletCount(BaseModel):
    outlet: str | None = Field(description="outlet name; null when the article did not say")
    n: int


class LeanCount(BaseModel):
    lean: str = Field(description="political lean as recorded in the corpus (AllSides: left, center, right)")
    n: int


class DayCount(BaseModel):
    date: str = Field(description="publication day, YYYY-MM-DD")
    n: int


class StorySummary(BaseModel):
    id: int = Field(description="story id: the ingest sequence number of its oldest article")
    title: str | None
    lang: str | None
    n_articles: int
    first_published: str | None
    last_published: str | None
    outlets: list[OutletCount] = Field(description="articles per outlet, most first")
    leans: list[LeanCount] = Field(description="articles per recorded lean (empty when the corpus has none)")
    coverage: list[DayCount] = Field(description="articles per publication day, in date order")
    undated: int = Field(description="articles without a publication date")


class StoryList(BaseModel):
    total: int = Field(description="stories matching the filters (before limit/offset)")
    limit: int
    offset: int
    stories: list[StorySummary]


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    lean: str | None
    url: str | None
    near_dup_of: str | None = Field(description="id of the article this is a syndicated copy of")
    n_words: int | None
    lang: str | None


class StoryDetail(StorySummary):
    articles: list[ArticleSummary]
    analysis_cached: bool = Field(description="a current deep analysis is cached (the analysis endpoint is instant)")
    analysis_url: str
    report_url: str


class AnalysisDocument(BaseModel):
    """``analysis.json`` of the story's articles (schema_version 1, docs/output.md), passed through as is."""

    model_config = ConfigDict(extra="allow")

    schema_version: int
    documents: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    statements: list[dict[str, Any]]
    problems: list[dict[str, Any]]


class SearchHit(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    lean: str | None
    story_id: int | None
    score: float | None = Field(description="BM25 score (null in substring mode)")
    snippet: str = Field(description="plain text around the first query word")


class SearchResult(BaseModel):
    query: str
    mode: Literal["bm25", "substring"] = Field(description="bm25 with the FTS index, else substring (ILIKE)")
    total: int
    limit: int
    offset: int
    hits: list[SearchHit]


class Outlet(BaseModel):
    outlet: str | None
    n_articles: int
    n_stories: int
    lean: str | None = Field(description="most frequent recorded lean of the outlet's articles")
    first_published: str | None
    last_published: str | None


class ErrorDetail(BaseModel):
    status: int
    code: str = Field(description="not_found, invalid_request, request_too_large, timeout, busy, ...")
    message: str


class ErrorResponse(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in ((404, "not found"), (413, "request too large"), (422, "invalid parameter"),
                         (503, "analysis slot busy"), (504, "time limit reached"))
}
