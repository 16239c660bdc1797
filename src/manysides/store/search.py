"""The corpus's full-text search index (DuckDB FTS, BM25 over title and text).

DuckDB's FTS index is static: it is rebuilt when articles were added since it was built. ``ingest``
builds it at the end of a run, so the web app rarely has to; a ``meta`` row records what it covers and
which version of the index it is, so an index built by an older manysides is rebuilt too.

The extension's own tokenizer drops digits, dots and (as stopwords) single letters, so "2020", "737" and
"U.S." were not searchable. The index is therefore built over a normalised copy of title and text
(:func:`normalise_sql`, in SQL so one definition serves the index and the query):

- dotted abbreviations in capitals lose their dots: "U.S." and "U.K." are "US" and "UK";
- a word of 2 to 5 capitals is indexed as itself and once more marked (``US`` -> ``us us_abbr``), so an
  abbreviation that is also a common word ("US", "WHO", "IT") is still found when written in capitals,
  while "nato" keeps finding "NATO";
- thousands separators are dropped ("1,250,000" is "1250000") and a decimal point joins ("12.5" is one
  token, not "12" and "5");
- tokens are runs of letters and digits (the extension's default split on a fixed ASCII punctuation list,
  so a word after a curly quote or before an ellipsis was a different token).

The copy is a table only while the index is built: ``match_bm25`` reads nothing but the index's schema.
"""

from __future__ import annotations

import logging
from typing import Any

from manysides.store.db import fts_available

log = logging.getLogger("manysides.store")
FTS_META_KEY = "fts_articles"  # meta row: the index version, article count and max seq the index was built for
SEARCH_INDEX_VERSION = 2  # 1: PRAGMA defaults over articles (no numbers, no "U.S."); 2: the normalised copy
SEARCH_TABLE = "search_text"  # the normalised copy, dropped once indexed
SEARCH_SCHEMA = f"fts_main_{SEARCH_TABLE}"  # where the index's tables and macros (match_bm25, tokenize) live
OLD_SEARCH_TABLES = ("articles",)  # indexed directly by version 1: its index is dropped on rebuild
ABBREVIATION_MARK = "_abbr"
IGNORE = r"[^\p{L}\p{N}_]+"  # what separates tokens: anything but letters, digits and the mark's underscore
# RE2 rewrites applied in order, to indexed text and query alike
REWRITES = (
    (r"\b([A-Z])\.([A-Z])\.(?:([A-Z])\.)?(?:([A-Z])\.)?", r"\1\2\3\4"),  # U.S. -> US, U.S.S.R. -> USSR
    (r"\b([A-Z]{2,5})\b", r"\1 \1" + ABBREVIATION_MARK),  # US -> US US_abbr
    (r"(\d),(\d\d\d)", r"\1\2"),  # 1,250,000 -> 1250,000 ...
    (r"(\d),(\d\d\d)", r"\1\2"),  # ... -> 1250000
    (r"(\d)\.(\d)", r"\1_\2"),  # 12.5 -> 12_5
)


def normalise_sql(expr: str) -> str:
    """SQL that normalises the text ``expr`` (a column name or ``?``) for the index (see the module docstring)."""
    for pattern, replacement in REWRITES:
        expr = f"regexp_replace({expr}, '{pattern}', '{replacement}', 'g')"
    return expr


def query_tokens_sql() -> str:
    """SQL (one ``?``: the query text) giving the query's tokens as the index holds them, one row each.

    Normalised and tokenised as the indexed text was, then, since ``match_bm25`` with ``conjunctive`` wants
    every query token in an article: less the stopwords the index left out, and less the marked copy of a
    word in capitals unless the word is a stopword ("WHO" needs the mark, "NATO" is found as "nato").
    """
    stopwords = f"(SELECT sw FROM {SEARCH_SCHEMA}.stopwords)"
    unmarked = f"left(t, length(t) - {len(ABBREVIATION_MARK)})"
    return (f"SELECT DISTINCT t FROM (SELECT unnest({SEARCH_SCHEMA}.tokenize({normalise_sql('?')})) AS t) "
            f"WHERE t <> '' AND t NOT IN {stopwords} "
            f"AND NOT (suffix(t, '{ABBREVIATION_MARK}') AND {unmarked} NOT IN {stopwords}) ORDER BY t")


def _index_stamp(con: Any) -> str:
    count, max_seq = con.execute("SELECT count(*), coalesce(max(seq), 0) FROM articles").fetchone()
    return f"v{SEARCH_INDEX_VERSION}:{count}:{max_seq}"


def _schema_exists(con: Any, schema: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = ?", [schema]).fetchone()[0])


def search_index_exists(con: Any) -> bool:
    """Whether a BM25 index of this version was built (its macros live in schema :data:`SEARCH_SCHEMA`)."""
    return _schema_exists(con, SEARCH_SCHEMA)


def search_index_stale(con: Any) -> bool:
    """Whether articles were added or removed since the index was built (DuckDB FTS is static), or it is older."""
    row = con.execute("SELECT value FROM meta WHERE key = ?", [FTS_META_KEY]).fetchone()
    return row is None or row[0] != _index_stamp(con)


def ensure_search_index(con: Any) -> bool:
    """(Re)build the BM25 index over title and text when it is missing, stale or older; False without FTS."""
    if not fts_available(con):
        return False
    if search_index_exists(con) and not search_index_stale(con):
        return True
    n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    log.info("building the full-text search index over %d articles (once; again after ingest adds articles)",
                n_articles)
    con.execute(f"CREATE OR REPLACE TABLE {SEARCH_TABLE} AS SELECT id, {normalise_sql('title')} AS title, "
                f"{normalise_sql('text')} AS text FROM articles")
    try:
        con.execute(f"PRAGMA create_fts_index('{SEARCH_TABLE}', 'id', 'title', 'text', stemmer='porter', "
                    f"stopwords='english', ignore='{IGNORE}', strip_accents=1, lower=1, overwrite=1)")
    finally:
        con.execute(f"DROP TABLE IF EXISTS {SEARCH_TABLE}")
    for table in OLD_SEARCH_TABLES:
        if _schema_exists(con, f"fts_main_{table}"):
            con.execute(f"PRAGMA drop_fts_index('{table}')")
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [FTS_META_KEY, _index_stamp(con)])
    return True
