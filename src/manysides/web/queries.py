"""The read side of the web app: every SQL statement it runs, parameterised, returning plain dicts.

Filters become fixed SQL fragments with ``?`` placeholders; no value from a request is ever formatted
into SQL text. Search uses DuckDB's FTS (BM25 over title and text) when the index is there and falls
back to case-insensitive substring matching when it is not; either way every word must occur.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from manysides.store.search import SEARCH_SCHEMA, query_tokens_sql

LEAN_SQL = "lower(json_extract_string(a.extra, '$.lean'))"
MAX_TERMS = 8
SNIPPET_CHARS = 90
# a query's terms: dotted abbreviations ("U.S.") and numbers ("12.5", "1,250,000") stay whole
_TERM = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:[.,]\w+)*")


@dataclass(frozen=True, slots=True)
class Filters:
    """Article-level filters; a story matches when at least one of its articles does."""

    outlet: str | None = None
    lean: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    q: str | None = None

    def active(self) -> bool:
        return any(v not in (None, "") for v in (self.outlet, self.lean, self.date_from, self.date_to, self.q))


def terms(q: str | None) -> list[str]:
    """The words of a query (at most :data:`MAX_TERMS`), used for substring search and snippets."""
    return _TERM.findall(q or "")[:MAX_TERMS]


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def fts_query(con: Any, q: str | None) -> str:
    """The query's words as the BM25 index holds them, less the stopwords it leaves out ("" when none are left).

    The query text goes through the same normalisation as the indexed text (:mod:`manysides.store.search`):
    "U.S." and "US" become the same token, "12.5" and "1,250,000" stay whole, a common word is dropped.
    """
    words = terms(q)
    if not words:
        return ""
    rows = con.execute(query_tokens_sql(), [" ".join(words)]).fetchall()
    return " ".join(r[0] for r in rows)


# Every word must occur (as in the substring fallback); BM25 only ranks. With any-word matching,
# "mueller report" matched most of a news corpus through "report" alone.
BM25_SQL = f"{SEARCH_SCHEMA}.match_bm25(id, ?, conjunctive := 1)"


def _text_match(con: Any, f: Filters, fts: bool) -> tuple[str, list[Any]]:
    """SQL condition on ``a`` for the query words: the BM25 index when there is one, else ILIKE on each word."""
    words = terms(f.q)
    if not words:
        return "false", []
    if fts:
        query = fts_query(con, f.q)
        if not query:
            return "false", []
        return (f"a.id IN (SELECT id FROM (SELECT id, {BM25_SQL} AS score FROM articles) WHERE score IS NOT NULL)",
                [query])
    parts = ["(coalesce(a.title, '') || ' ' || a.text) ILIKE ? ESCAPE '\\'" for _ in words]
    return "(" + " AND ".join(parts) + ")", [_like(w) for w in words]


def article_conditions(con: Any, f: Filters, fts: bool, *, with_text: bool = True) -> tuple[list[str], list[Any]]:
    """WHERE fragments (on alias ``a``) and their parameters for the filters that are set."""
    conds: list[str] = []
    params: list[Any] = []
    if f.outlet:
        conds.append("a.outlet = ?")
        params.append(f.outlet)
    if f.lean:
        conds.append(f"{LEAN_SQL} = ?")
        params.append(f.lean.lower())
    if f.date_from:
        conds.append("a.published >= ?")
        params.append(f.date_from)
    if f.date_to:
        conds.append("a.published <= ?")
        params.append(f.date_to)
    if with_text and f.q:
        cond, more = _text_match(con, f, fts)
        conds.append(cond)
        params.extend(more)
    return conds, params


STORY_COLUMNS = ("s.story_id, s.title, s.lang, s.n_articles, CAST(s.first_published AS TEXT), "
                 "CAST(s.last_published AS TEXT)")


def _story_row(row: tuple) -> dict[str, Any]:
    keys = ("id", "title", "lang", "n_articles", "first_published", "last_published")
    return dict(zip(keys, row[:6], strict=True))


def list_stories(con: Any, f: Filters, fts: bool, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """One page of stories matching the filters (largest first) and the total number that match."""
    conds, params = article_conditions(con, f, fts)
    where = ""
    if conds:
        where = ("WHERE s.story_id IN (SELECT sa.story_id FROM story_articles sa "
                 f"JOIN articles a ON a.id = sa.article_id WHERE {' AND '.join(conds)})")
    rows = con.execute(f"SELECT {STORY_COLUMNS}, count(*) OVER () FROM stories s {where} "
                       "ORDER BY s.n_articles DESC, s.last_published DESC NULLS LAST, s.story_id LIMIT ? OFFSET ?",
                       [*params, limit, offset]).fetchall()
    total = rows[0][6] if rows else _count_stories(con, where, params)
    stories = [_story_row(row) for row in rows]
    _attach_breakdowns(con, stories)
    return total, stories


def _count_stories(con: Any, where: str, params: list[Any]) -> int:
    return con.execute(f"SELECT count(*) FROM stories s {where}", params).fetchone()[0]


def _attach_breakdowns(con: Any, stories: list[dict[str, Any]]) -> None:
    """Outlet counts, lean counts and articles per day for each story on the page (three grouped queries)."""
    ids = [s["id"] for s in stories]
    for story in stories:
        story.update(outlets=[], leans=[], coverage=[], undated=0)
    if not ids:
        return
    by_id = {s["id"]: s for s in stories}
    base = "FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE list_contains(?, sa.story_id)"
    for sid, outlet, n in con.execute(f"SELECT sa.story_id, a.outlet, count(*) AS n {base} GROUP BY ALL "
                                      "ORDER BY n DESC, a.outlet NULLS LAST", [ids]).fetchall():
        by_id[sid]["outlets"].append({"outlet": outlet, "n": n})
    for sid, lean, n in con.execute(f"SELECT sa.story_id, {LEAN_SQL} AS lean, count(*) AS n {base} "
                                    "AND lean IS NOT NULL GROUP BY ALL ORDER BY n DESC, lean", [ids]).fetchall():
        by_id[sid]["leans"].append({"lean": lean, "n": n})
    for sid, day, n in con.execute(f"SELECT sa.story_id, CAST(a.published AS TEXT) AS day, count(*) {base} "
                                   "GROUP BY ALL ORDER BY day NULLS LAST", [ids]).fetchall():
        if day is None:
            by_id[sid]["undated"] = n
        else:
            by_id[sid]["coverage"].append({"date": day, "n": n})


def get_story(con: Any, story_id: int) -> dict[str, Any] | None:
    """One story with its breakdowns and its articles (oldest first), or None."""
    row = con.execute(f"SELECT {STORY_COLUMNS} FROM stories s WHERE s.story_id = ?", [story_id]).fetchone()
    if row is None:
        return None
    story = _story_row(row)
    _attach_breakdowns(con, [story])
    rows = con.execute(f"SELECT a.id, a.title, a.outlet, CAST(a.published AS TEXT), {LEAN_SQL}, a.url, a.near_dup_of, "
                       "a.n_words, a.lang FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                       "WHERE sa.story_id = ? ORDER BY a.published NULLS LAST, a.seq", [story_id]).fetchall()
    keys = ("id", "title", "outlet", "published", "lean", "url", "near_dup_of", "n_words", "lang")
    story["articles"] = [dict(zip(keys, r, strict=True)) for r in rows]
    return story


def search(con: Any, f: Filters, fts: bool, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """Articles matching ``f.q`` and the other filters, best first (BM25) or newest first (substring)."""
    words = terms(f.q)
    if not words:
        return 0, []
    conds, params = article_conditions(con, f, fts, with_text=False)
    if fts:
        query = fts_query(con, f.q)
        if not query:
            return 0, []
        source = f"(SELECT id, {BM25_SQL} AS score FROM articles) h JOIN articles a ON a.id = h.id"
        conds = ["h.score IS NOT NULL", *conds]
        params = [query, *params]
        order = "h.score DESC, a.seq"
    else:
        cond, more = _text_match(con, f, fts=False)
        source = "articles a CROSS JOIN (SELECT CAST(NULL AS DOUBLE) AS score) h"
        order = "a.published DESC NULLS LAST, a.seq"
        conds, params = [cond, *conds], [*more, *params]
    body = f"FROM {source} LEFT JOIN story_articles sa ON sa.article_id = a.id WHERE {' AND '.join(conds)}"
    rows = con.execute(f"SELECT a.id, a.title, a.outlet, CAST(a.published AS TEXT), {LEAN_SQL}, sa.story_id, h.score, "
                       f"a.text, count(*) OVER () {body} ORDER BY {order} LIMIT ? OFFSET ?",
                       [*params, limit, offset]).fetchall()
    keys = ("id", "title", "outlet", "published", "lean", "story_id", "score")
    hits = [dict(zip(keys, r[:7], strict=True), snippet=snippet(r[7], words)) for r in rows]
    if rows:
        return rows[0][8], hits
    # a page past the last one has no row to carry the window count: count the matches apart
    return (con.execute(f"SELECT count(*) {body}", params).fetchone()[0] if offset else 0), hits


def snippet(text: str, words: list[str]) -> str:
    """About :data:`SNIPPET_CHARS` characters either side of the first query word found (plain text)."""
    lowered = text.lower()
    found = [i for i in (lowered.find(w.lower()) for w in words) if i >= 0]
    at = min(found) if found else 0
    start, end = max(0, at - SNIPPET_CHARS), min(len(text), at + SNIPPET_CHARS)
    body = " ".join(text[start:end].split())
    return ("\u2026" if start else "") + body + ("\u2026" if end < len(text) else "")


def outlets(con: Any) -> list[dict[str, Any]]:
    """Every outlet with its article and story counts, dates and most frequent lean (None when unknown)."""
    rows = con.execute(f"SELECT a.outlet, count(*) AS n, count(DISTINCT sa.story_id), mode({LEAN_SQL}), "
                       "CAST(min(a.published) AS TEXT), CAST(max(a.published) AS TEXT) FROM articles a "
                       "LEFT JOIN story_articles sa ON sa.article_id = a.id GROUP BY a.outlet "
                       "ORDER BY n DESC, a.outlet NULLS LAST").fetchall()
    keys = ("outlet", "n_articles", "n_stories", "lean", "first_published", "last_published")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def leans(con: Any) -> list[str]:
    """The distinct leans recorded in the corpus (for the filter menu)."""
    rows = con.execute(f"SELECT DISTINCT {LEAN_SQL} AS lean FROM articles a WHERE lean IS NOT NULL ORDER BY lean")
    return [r[0] for r in rows.fetchall()]


def corpus_summary(con: Any) -> dict[str, Any]:
    """Totals shown in the page header."""
    n_articles, first, last = con.execute("SELECT count(*), CAST(min(published) AS TEXT), CAST(max(published) AS TEXT) "
                                          "FROM articles").fetchone()
    n_stories = con.execute("SELECT count(*) FROM stories").fetchone()[0]
    return {"n_articles": n_articles, "n_stories": n_stories, "first_published": first, "last_published": last}


def analysis_state(con: Any, story_id: int, key: str) -> bool:
    """Whether the cached analysis of a story is current for these members."""
    row = con.execute("SELECT articles_key FROM story_analysis WHERE story_id = ?", [story_id]).fetchone()
    return bool(row) and row[0] == key
