"""The corpus store: one DuckDB file holding articles, their fast-pass features, stories and cached analyses.

DuckDB because the corpus is analytical (scan 37,000 feature blobs, group by story, full-text search
for the web app) and embedded (one file, no server). Every write happens inside a transaction that
also records how far ingest got, so a killed process leaves the file at the last committed batch.

Full-text search comes from the FTS extension shipped by the PyPI wheel ``duckdb-extension-fts``
(``INSTALL fts`` would download it, which fails offline). :func:`connect` loads it from that wheel's
file when the package is installed; :func:`fts_available` tells a caller whether it could.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from manysides.errors import ManysidesError
from manysides.io.boilerplate import mark_boilerplate
from manysides.io.repeated import MIN_ARTICLES, mark_repeated
from manysides.model import Document

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE SEQUENCE IF NOT EXISTS article_seq START 1;
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,            -- the record's id (made unique with -2, -3 ... on collision)
    seq BIGINT NOT NULL UNIQUE,     -- ingest order: stable, used for story ids and "original" choice
    content_hash TEXT NOT NULL UNIQUE,  -- sha256 of the case- and space-folded text: exact dedup
    source TEXT,                    -- file it came from (with :LINE for a corpus record)
    format TEXT, title TEXT, outlet TEXT, url TEXT, published DATE, authors TEXT,  -- authors: JSON list
    lang TEXT NOT NULL, lang_confidence DOUBLE,
    n_chars INTEGER, n_words INTEGER, n_sentences INTEGER,
    sentence_ends BLOB,             -- int32 end offsets of the regex sentences
    text TEXT NOT NULL,             -- NFC-normalised text as received; offsets index it
    boilerplate TEXT,               -- JSON list of {start, end, kind} regions, as the ingesting version marked them
    extra TEXT,                     -- JSON object of other record fields (topic, lean ...)
    near_dup_of TEXT,               -- id of the original this is a syndicated copy of, else NULL
    near_dup_jaccard DOUBLE,
    minhash BLOB,                   -- uint32 MinHash signature of word 5-gram shingles
    features BLOB,                  -- hashed clustering features (manysides.cluster.pack_features)
    ingested_at TIMESTAMP DEFAULT current_timestamp,
    lead_embedding BLOB,            -- float32 MiniLM vector of title and lede (manysides.cluster.lead_embedding)
    line_keys BLOB,                 -- uint64 keys of its prose lines (manysides.io.repeated), counted in outlet_lines
    stripped_keys BLOB              -- keys of its outlet's repeated lines already left out of features and lede
);
-- Stores made before these were part of the fast pass gain the columns (NULL for their articles).
ALTER TABLE articles ADD COLUMN IF NOT EXISTS lead_embedding BLOB;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS line_keys BLOB;
ALTER TABLE articles ADD COLUMN IF NOT EXISTS stripped_keys BLOB;
CREATE TABLE IF NOT EXISTS outlet_lines (
    outlet TEXT NOT NULL,
    key UBIGINT NOT NULL,           -- manysides.io.repeated.line_key of a prose line
    n INTEGER NOT NULL,             -- articles of the outlet that print it
    template BOOLEAN DEFAULT false, -- set by cluster --db: the outlet's template (manysides.io.repeated)
    PRIMARY KEY (outlet, key)
);
ALTER TABLE outlet_lines ADD COLUMN IF NOT EXISTS template BOOLEAN DEFAULT false;
CREATE TABLE IF NOT EXISTS article_aliases (
    alias_id TEXT PRIMARY KEY,      -- id of a record whose text was an exact duplicate ...
    article_id TEXT NOT NULL,       -- ... of this stored article
    source TEXT
);
CREATE TABLE IF NOT EXISTS ingest_sources (
    source TEXT PRIMARY KEY,        -- resolved path of a corpus file
    size BIGINT, mtime DOUBLE,      -- to notice a file changed between runs
    records_done BIGINT NOT NULL,   -- records handled and committed (resume skips them)
    finished BOOLEAN NOT NULL,
    updated_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS stories (
    story_id BIGINT PRIMARY KEY,    -- the seq of the story's oldest article
    lang TEXT, n_articles INTEGER, title TEXT,
    first_published DATE, last_published DATE,
    updated_at TIMESTAMP DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS story_articles (
    article_id TEXT PRIMARY KEY,
    story_id BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_analysis (
    story_id BIGINT PRIMARY KEY,
    analysis_json TEXT NOT NULL,    -- analysis.json of the story's articles (docs/output.md)
    articles_key TEXT,              -- sha256 of the sorted article ids it was computed from (staleness)
    created TIMESTAMP DEFAULT current_timestamp
);
"""


class StoreError(ManysidesError):
    """The corpus database could not be opened, or is not a manysides store of a version this reads."""


class StoreLocked(StoreError):
    """Another process holds the database file's lock (DuckDB allows one writer, or readers only)."""


_LOCK_CONFLICT = re.compile(r"Could not set lock on file|Conflicting lock is held", re.I)
_LOCK_PID = re.compile(r"\(PID (\d+)\)")


def _locked_error(target: str, exc: Exception, read_only: bool) -> StoreLocked:
    """DuckDB's lock conflict as one line that names the file, the holder and what to do."""
    found = _LOCK_PID.search(str(exc))
    pid = f"PID {found.group(1)}: " if found else ""
    if read_only:  # only a writer keeps readers out
        hint = f"({pid}is an ingest, cluster or analyze-stories running?); let it finish, then re-run"
    else:
        hint = f"({pid}is `manysides serve` running, or another ingest?); stop it and re-run"
    return StoreLocked(f"{target} is in use by another process {hint}")


def fts_extension_file() -> Path | None:
    """The FTS extension binary shipped by ``duckdb-extension-fts`` for this DuckDB version, if installed."""
    import duckdb

    try:
        import duckdb_extension_fts
    except ImportError:
        return None
    path = Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    return path if path.is_file() else None


def _load_fts(con: Any) -> bool:
    """Load FTS from the wheel's file, else an already-installed copy; False when neither works."""
    import duckdb

    candidates = [f"LOAD '{path}'" for path in [fts_extension_file()] if path is not None] + ["LOAD fts"]
    for statement in candidates:
        try:
            con.execute(statement)
            return True
        except duckdb.Error:
            continue
    return False


def connect(path: str | Path, read_only: bool = False) -> Any:
    """Open (creating when writable) the store at ``path``; loads FTS when available.

    ``":memory:"`` gives a throwaway store. The schema is created on first write access and its
    version checked on every open. A file another process holds (``manysides serve`` keeps it open)
    raises :class:`StoreLocked` before anything is read or written.
    """
    import duckdb

    target = str(path)
    if read_only and target != ":memory:" and not Path(target).is_file():
        raise StoreError(f"{target}: no such corpus database")
    try:
        con = duckdb.connect(target, read_only=read_only,
                             config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    except duckdb.Error as exc:
        if _LOCK_CONFLICT.search(str(exc)):
            raise _locked_error(target, exc, read_only) from exc
        raise StoreError(f"{target}: cannot open corpus database: {exc}") from exc
    _load_fts(con)
    if not read_only:
        con.execute(SCHEMA)
        con.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING", [str(SCHEMA_VERSION)])
    _check_version(con, target)
    return con


def _check_version(con: Any, target: str) -> None:
    import duckdb

    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except duckdb.Error as exc:
        raise StoreError(f"{target}: not a manysides corpus database (no meta table)") from exc
    if row is None or int(row[0]) != SCHEMA_VERSION:
        found = row[0] if row else "none"
        raise StoreError(f"{target}: corpus schema version {found}, this manysides reads {SCHEMA_VERSION}")


def fts_available(con: Any) -> bool:
    """Whether the FTS extension is loaded on ``con`` (``PRAGMA create_fts_index`` will work)."""
    row = con.execute("SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'fts'").fetchone()
    return bool(row and row[0])


def counts(con: Any) -> dict[str, int]:
    """Row counts of the main tables (for reports, tests and benchmarks)."""
    tables = ("articles", "article_aliases", "stories", "story_articles", "story_analysis")
    out = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}
    out["near_duplicates"] = con.execute("SELECT count(*) FROM articles WHERE near_dup_of IS NOT NULL").fetchone()[0]
    return out


def load_documents(con: Any, ids: list[str]) -> list[Document]:
    """Stored articles as :class:`Document` s, in the order asked for.

    Boilerplate is marked by this version's rules, not read from the ``boilerplate`` column (what the
    ingesting version marked), so an upgrade's better rules reach a store without ingesting it again,
    and a stored story is analysed as the same files given to ``analyze`` would be. The regions also
    include the lines their outlet repeats across the store (:mod:`manysides.io.repeated`), so a site's
    template text never becomes a claim, a quote or a story.
    """
    if not ids:
        return []
    rows = con.execute("SELECT id, text, source, title, outlet, authors, CAST(published AS TEXT), url, format "
                       "FROM articles WHERE list_contains(?, id)", [list(ids)]).fetchall()
    by_id = {row[0]: row for row in rows}
    repeated = repeated_lines(con, sorted({row[4] for row in rows if row[4]}))
    docs = []
    for doc_id in ids:
        if doc_id not in by_id:
            raise StoreError(f"article {doc_id!r} is not in the corpus database")
        _, text, source, title, outlet, authors, published, url, fmt = by_id[doc_id]
        regions = mark_boilerplate(text)
        doc = Document(id=doc_id, text=text, path=source, title=title, outlet=outlet,
                       authors=json.loads(authors or "[]"), published=published, url=url,
                       format=fmt or "txt", boilerplate=regions)
        docs.append(mark_repeated(doc, repeated.get(outlet, set())))
    return docs


def repeated_lines(con: Any, outlets: list[str] | None = None) -> dict[str, set[int]]:
    """Each outlet's template lines, as the last ``cluster --db`` found them (:func:`_find_templates`); all
    outlets when ``outlets`` is None; none in a store from before the count."""
    tables = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'outlet_lines'").fetchone()
    if not tables[0] or outlets == []:
        return {}
    where, params = ("AND list_contains(?, outlet)", [outlets]) if outlets else ("", [])
    found: dict[str, set[int]] = {}
    for outlet, key in con.execute(f"SELECT outlet, key FROM outlet_lines WHERE template {where}", params).fetchall():
        found.setdefault(outlet, set()).add(int(key))
    return found


def _find_templates(con: Any) -> None:
    """Mark as template each line that :data:`~manysides.io.repeated.MIN_ARTICLES` or more articles of one
    outlet print, unless those articles are versions of one story (:func:`~manysides.io.repeated.template_lines`)."""
    from manysides.io.repeated import outlet_templates, unpack_keys

    counts = {(outlet, int(key)): n for outlet, key, n in con.execute(
        "SELECT outlet, key, n FROM outlet_lines WHERE n >= ?", [MIN_ARTICLES]).fetchall()}
    articles = ((outlet, frozenset(int(k) for k in unpack_keys(blob))) for outlet, blob in con.execute(
        "SELECT outlet, line_keys FROM articles WHERE line_keys IS NOT NULL AND list_contains(?, outlet) "
        "ORDER BY seq", [sorted({outlet for outlet, _ in counts})]).fetchall())
    rows = [(outlet, key) for outlet, keys in outlet_templates(articles, counts).items() for key in keys]
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("UPDATE outlet_lines SET template = false WHERE template")
        if rows:
            con.executemany("UPDATE outlet_lines SET template = true WHERE outlet = ? AND key = ?", rows)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def story_members(con: Any, story_id: int) -> list[str]:
    """Article ids of one story, oldest first (input for the deep analysis of that story)."""
    rows = con.execute("SELECT sa.article_id FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                       "WHERE sa.story_id = ? ORDER BY a.seq", [story_id]).fetchall()
    return [row[0] for row in rows]


def update_stories(con: Any, clusterer: Any = None, threshold: float | None = None,
                   rebuild: bool = False) -> dict[str, int]:
    """Assign every unassigned article to a story, growing stored stories or starting new ones.

    Stored stories are seeds (their articles keep their story unless a bridging article merges two
    stories, when the older id survives); only new articles are compared, against everything within
    the time window. Uses what ingest stored: the hashed features and, when every article has one,
    the lead embedding (mixed mode); a store ingested before embeddings were stored clusters on
    TF-IDF alone until it is ingested afresh. ``clusterer`` overrides that choice (and ``threshold``).
    ``rebuild`` forgets the stored stories and clusters every article afresh (after an upgrade or a new
    threshold); a story that comes out with the same articles keeps its id and its cached analysis.
    """
    import numpy as np

    from manysides.cluster import EMBEDDING_WEIGHT, StoryClusterer, StoryItem, unpack_embedding, unpack_features

    _find_templates(con)
    rows = _story_rows(con)
    if _strip_repeated_lines(con, rows):
        rows = _story_rows(con)  # refreshed features; the articles concerned left their stories
    if rebuild:
        rows = [(*row[:5], None, row[6]) for row in rows]
    query = [i for i, row in enumerate(rows) if row[5] is None]
    if not query:
        return {"articles": len(rows), "new_articles": 0, "stories": len(set(r[5] for r in rows))}
    mixed = all(row[6] is not None for row in rows)
    clusterer = clusterer or StoryClusterer(threshold, EMBEDDING_WEIGHT if mixed else 0.0)
    items = [StoryItem(unpack_features(row[4]), row[2], row[3], unpack_embedding(row[6]) if mixed else None)
             for row in rows]
    labels = clusterer.cluster(items, seeds=[row[5] for row in rows], query=query)
    story_of_group: dict[int, int] = {}
    for row, label in zip(rows, labels):  # the oldest stored story wins, else the oldest article's seq
        current = story_of_group.get(label)
        candidate = row[5] if row[5] is not None else row[1] + (1 << 40)
        story_of_group[label] = candidate if current is None else min(current, candidate)
    ids = np.array([row[0] for row in rows], dtype=object)
    stories = np.array([story_of_group[label] % (1 << 40) if story_of_group[label] >= (1 << 40)
                        else story_of_group[label] for label in labels], dtype=object)
    _write_stories(con, ids, stories)
    return {"articles": len(rows), "new_articles": len(query), "stories": len(set(stories.tolist()))}


def _story_rows(con: Any) -> list[tuple]:
    """(id, seq, lang, published, features, story_id, lead_embedding) of every article, in ingest order."""
    return con.execute("SELECT a.id, a.seq, a.lang, CAST(a.published AS TEXT), a.features, sa.story_id, "
                       "a.lead_embedding FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id "
                       "ORDER BY a.seq").fetchall()


def _strip_repeated_lines(con: Any, rows: list[tuple]) -> int:
    """Recompute the story features and lede of articles that print a line their outlet has since been
    found to repeat (:mod:`manysides.io.repeated`), so a shared template line cannot make them one story.

    In one transaction with taking those articles out of their stories: the clustering that follows
    places them again as new, and a crash in between leaves nothing half done. Returns how many changed.
    """
    import numpy as np

    from manysides.cluster import document_features, lead_embedding, pack_embedding, pack_features
    from manysides.io.repeated import pack_keys, unpack_keys

    repeated = repeated_lines(con)
    if not repeated:
        return 0
    stale: dict[str, np.ndarray] = {}
    for article_id, outlet, keys, stripped in con.execute(
            "SELECT id, outlet, line_keys, stripped_keys FROM articles WHERE line_keys IS NOT NULL AND "
            "list_contains(?, outlet)", [sorted(repeated)]).fetchall():
        found = {int(k) for k in unpack_keys(keys)} & repeated[outlet]
        if found - {int(k) for k in unpack_keys(stripped)}:
            stale[article_id] = np.array(sorted(found), dtype=np.uint64)
    if not stale:
        return 0
    embedded = {row[0] for row in rows if row[6] is not None}
    updates = []
    for doc in load_documents(con, sorted(stale)):
        embedding = pack_embedding(lead_embedding(doc)) if doc.id in embedded else None
        updates.append((pack_features(document_features(doc)), embedding, pack_keys(stale[doc.id]), doc.id))
    con.execute("BEGIN TRANSACTION")
    try:
        con.executemany("UPDATE articles SET features = ?, lead_embedding = ?, stripped_keys = ? WHERE id = ?", updates)
        con.execute("DELETE FROM story_articles WHERE list_contains(?, article_id)", [sorted(stale)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(stale)


def _write_stories(con: Any, ids: Any, stories: Any) -> None:
    """Replace the story tables in one transaction; cached analyses of vanished stories are dropped."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.register("new_story_articles", {"article_id": ids, "story_id": stories})
        con.execute("DELETE FROM story_articles")
        con.execute("INSERT INTO story_articles SELECT article_id, CAST(story_id AS BIGINT) FROM new_story_articles")
        con.unregister("new_story_articles")
        con.execute("DELETE FROM stories")
        con.execute("INSERT INTO stories (story_id, lang, n_articles, title, first_published, last_published) "
                    "SELECT sa.story_id, arg_min(a.lang, a.seq), count(*), arg_min(a.title, a.seq), "
                    "min(a.published), max(a.published) FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
                    "GROUP BY sa.story_id")
        con.execute("DELETE FROM story_analysis WHERE story_id NOT IN (SELECT story_id FROM stories)")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


__all__ = ["SCHEMA_VERSION", "update_stories", "StoreError", "StoreLocked", "connect", "counts", "fts_available", "fts_extension_file",
           "load_documents", "story_members"]
