"""The corpus's full-text search index (DuckDB FTS, BM25 over title and text).

DuckDB's FTS index is static: it is rebuilt when articles were added since it was built. ``ingest``
builds it at the end of a run, so the web app rarely has to; a ``meta`` row records what it covers.
"""

from __future__ import annotations

import logging
from typing import Any

from manysides.store.db import fts_available

log = logging.getLogger("manysides.store")
FTS_META_KEY = "fts_articles"  # meta row: the article count and max seq the search index was built for


def _index_stamp(con: Any) -> str:
    count, max_seq = con.execute("SELECT count(*), coalesce(max(seq), 0) FROM articles").fetchone()
    return f"{count}:{max_seq}"


def search_index_exists(con: Any) -> bool:
    """Whether a BM25 index over the articles was built (its macros live in schema ``fts_main_articles``)."""
    row = con.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'fts_main_articles'").fetchone()
    return bool(row[0])


def search_index_stale(con: Any) -> bool:
    """Whether articles were added or removed since the search index was built (DuckDB FTS is static)."""
    row = con.execute("SELECT value FROM meta WHERE key = ?", [FTS_META_KEY]).fetchone()
    return row is None or row[0] != _index_stamp(con)


def ensure_search_index(con: Any) -> bool:
    """(Re)build the BM25 index over title and text when it is missing or stale; False without FTS."""
    if not fts_available(con):
        return False
    if search_index_exists(con) and not search_index_stale(con):
        return True
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    log.warning("building the full-text search index over %d articles (once; again after ingest adds articles)",
                n_articles)
    con.execute("PRAGMA create_fts_index('articles', 'id', 'title', 'text', overwrite=1)")
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [FTS_META_KEY, _index_stamp(con)])
    return True
