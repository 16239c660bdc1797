"""Deep analysis of one stored story, on demand, cached in ``story_analysis``.

The fast pass at ingest is cheap; the deep pass (spaCy, actors, statements, comparison) costs seconds
per article, so it runs only for the stories someone opens. Its result is cached as analysis JSON keyed
by the story's member ids (``articles_key``): when ``update_stories`` grows or merges a story, the key
no longer matches and the cached analysis is recomputed instead of showing a stale picture.

The pieces (:func:`cached_analysis`, :func:`compute_analysis`, :func:`save_analysis`) are separate so
that a reader with a read-only connection (the web app) can compute and then write the cache through
a short-lived read-write connection of its own.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from typing import Any

from manysides.analysis import Analysis
from manysides.errors import ManysidesError, SchemaError
from manysides.settings import Settings
from manysides.store.db import load_documents, story_members


class StoryNotFound(ManysidesError):
    """No story with this id (or it has no articles left) in the corpus database."""

    def __init__(self, story_id: int) -> None:
        self.story_id = story_id
        super().__init__(f"no story {story_id} in the corpus database")


class AnalysisTimeout(ManysidesError):
    """The deep analysis of a story ran past its deadline and was stopped between two articles."""

    def __init__(self, story_id: int, done: int, total: int) -> None:
        self.story_id, self.done, self.total = story_id, done, total
        super().__init__(f"story {story_id}: analysis stopped at its time limit after {done} of {total} articles")


def members_key(article_ids: Sequence[str]) -> str:
    """sha256 of the sorted member ids: equal exactly when the story has the same articles."""
    return hashlib.sha256("\n".join(sorted(article_ids)).encode("utf-8")).hexdigest()


def is_writable(con: Any) -> bool:
    """Whether ``con`` may write (a read-only connection computes without caching)."""
    row = con.execute("SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return not (row and row[0])


def cached_analysis(con: Any, story_id: int, key: str) -> Analysis | None:
    """The cached analysis when it was computed from exactly these members; ``None`` when absent or stale."""
    row = con.execute("SELECT analysis_json, articles_key FROM story_analysis WHERE story_id = ?",
                      [story_id]).fetchone()
    if row is None or row[1] != key:
        return None
    try:
        return Analysis.from_dict(json.loads(row[0]))
    except (SchemaError, json.JSONDecodeError):
        return None  # written by another schema version: recompute rather than fail


def compute_analysis(con: Any, story_id: int, members: Sequence[str], *, nlp: Any = None,
                     settings: Settings | None = None, deadline: float | None = None) -> Analysis:
    """Run the deep pipeline (annotate, then combine) over the story's stored articles.

    ``deadline`` (a ``time.monotonic()`` value) is checked between articles, so a request that has run
    out of time stops within one article instead of holding a CPU for minutes.
    """
    from manysides.pipeline import annotate, combine

    settings = settings or Settings()
    if nlp is None:
        from manysides.nlp import load_pipeline

        nlp = load_pipeline(settings.model)
    documents = load_documents(con, list(members))
    states = []
    for state in annotate(documents, nlp, batch_size=settings.batch_size):
        states.append(state)
        if deadline is not None and time.monotonic() > deadline and len(states) < len(documents):
            raise AnalysisTimeout(story_id, len(states), len(documents))
    return combine(states, compare=settings.compare)


def save_analysis(con: Any, story_id: int, key: str, analysis: Analysis) -> None:
    """Store (or replace) the cached analysis of a story with the members key it was computed from."""
    con.execute("INSERT OR REPLACE INTO story_analysis (story_id, analysis_json, articles_key, created) "
                "VALUES (?, ?, ?, current_timestamp)", [story_id, analysis.to_json(indent=None), key])


def story_analysis(con: Any, story_id: int, *, nlp: Any = None, settings: Settings | None = None,
                   deadline: float | None = None, on_computed: Callable[[str, Analysis], None] | None = None
                   ) -> Analysis:
    """The deep analysis of one story: from the cache when its members are unchanged, else computed.

    A writable ``con`` stores a fresh result in ``story_analysis``; on a read-only one the result is
    handed to ``on_computed(key, analysis)`` (when given) so the caller can cache it its own way.
    Raises :class:`StoryNotFound` for an unknown story.
    """
    members = story_members(con, story_id)
    if not members:
        raise StoryNotFound(story_id)
    key = members_key(members)
    cached = cached_analysis(con, story_id, key)
    if cached is not None:
        return cached
    analysis = compute_analysis(con, story_id, members, nlp=nlp, settings=settings, deadline=deadline)
    if is_writable(con):
        save_analysis(con, story_id, key, analysis)
    elif on_computed is not None:
        on_computed(key, analysis)
    return analysis


__all__ = ["AnalysisTimeout", "StoryNotFound", "cached_analysis", "compute_analysis", "is_writable", "members_key",
           "save_analysis", "story_analysis"]
