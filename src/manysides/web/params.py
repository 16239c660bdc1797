"""Request parameters shared by the pages and the API, validated once.

HTML forms send empty strings for untouched fields, so dates arrive as text and an empty value means
"no filter"; anything else that is not ``YYYY-MM-DD`` is a 422 in the one error shape.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Path, Query, Request

from manysides.web.errors import InvalidRequest
from manysides.web.queries import Filters

MAX_STORY_ID = 2**53
StoryId = Annotated[int, Path(ge=0, le=MAX_STORY_ID, description="story id (a non-negative integer)")]
Limit = Annotated[int, Query(ge=1, le=200, description="items per page")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="items to skip")]


def _date(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidRequest(f"{name}: expected a date as YYYY-MM-DD") from None


def filters(
    q: Annotated[str | None, Query(max_length=200, description="words to find in title or text")] = None,
    outlet: Annotated[str | None, Query(max_length=200, description="exact outlet name")] = None,
    lean: Annotated[str | None, Query(max_length=40, pattern=r"^([A-Za-z][A-Za-z -]*)?$",
                                      description="recorded lean, e.g. left, center, right")] = None,
    date_from: Annotated[str | None, Query(max_length=10, description="first publication day, YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(max_length=10, description="last publication day, YYYY-MM-DD")] = None,
) -> Filters:
    """The article filters of a request (a FastAPI dependency)."""
    start, end = _date("date_from", date_from), _date("date_to", date_to)
    if start and end and start > end:
        raise InvalidRequest("date_from is after date_to")
    return Filters(outlet=outlet or None, lean=(lean or "").strip().lower() or None, date_from=start, date_to=end,
                   q=(q or "").strip() or None)


def page_params(f: Filters, limit: int, offset: int, default_limit: int = 50) -> dict[str, Any]:
    """The filters as query parameters, for links that keep them (pagination, clear).

    ``limit`` is left out when it is the page's own default, so links stay as short as the user's URL.
    """
    return {"q": f.q, "outlet": f.outlet, "lean": f.lean, "date_from": f.date_from and f.date_from.isoformat(),
            "date_to": f.date_to and f.date_to.isoformat(), "limit": limit if limit != default_limit else None,
            "offset": offset}


def services(request: Request) -> tuple[Any, Any]:
    """The app's store and analysis service (set by :func:`manysides.web.app.create_app`)."""
    return request.app.state.store, request.app.state.analysis
