"""Streaming, idempotent, resumable ingest of articles and corpora into the store.

A 37,000-article corpus must not be loaded whole, must survive being killed (even ``kill -9``), and
must not grow when run twice. So records are read one at a time, get a cheap *fast pass* (cleaning and
boilerplate via :func:`manysides.io.document_from_text`, a regex sentence split, the language, a
MinHash signature for syndicated copies, hashed clustering features and a light embedding, MiniLM's
vector of the title and the lede: no spaCy), and are written in
batches. Each batch is one transaction that also advances the file's ``records_done``: after a crash
the file holds exactly the batches committed, and a re-run skips those records and goes on.

Duplicates: an exact duplicate (same sha256 of case- and space-folded text) is not stored twice; its
id becomes an alias of the stored article. A near duplicate (MinHash Jaccard of word 5-grams at or
above :data:`NEAR_DUP_JACCARD`: the same wire story with another intro or footer) is stored, linked
to the first-ingested original.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import re
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from manysides.cluster import document_features, lead_embedding, pack_embedding, pack_features
from manysides.errors import InputError
from manysides.io import document_from_text, format_of, read_inputs
from manysides.io.readers import csv_records, jsonl_records, record_fields
from manysides.io.repeated import line_keys, pack_keys, unpack_keys
from manysides.lang import detect_language
from manysides.model import Problem

NUM_PERM = 64              # signature length: Jaccard estimate +-0.05 at 0.8, 256 bytes per article
NEAR_DUP_JACCARD = 0.7     # syndicated copies with a different intro/footer share 70 %+ of their 5-grams
SHINGLE_WORDS = 5
PROGRESS_EVERY = 100       # records between two progress reports
RAY_CHUNK = 4096           # records per Ray job in ingest: ~25 MB of text, seconds of work per core of a cluster
MAX_RECORD_CHARS = 5_000_000
_KNOWN_FIELDS = frozenset({"id", "text", "title", "outlet", "authors", "author", "published", "url"})
_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|\n\s*\n")


@dataclass(slots=True)
class RawRecord:
    """One article as read from a file, before the fast pass."""

    source: str
    text: str
    wanted_id: str
    fmt: str
    metadata: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Prepared:
    """One article after the fast pass: the row to store, minus its final id and near-dup link."""

    wanted_id: str
    content_hash: str
    row: dict[str, Any]
    minhash: np.ndarray


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did; ``problems`` are unreadable files or records (the rest still loads)."""

    added: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    already_present: int = 0
    resumed_past: int = 0
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "exact_duplicates": self.exact_duplicates,
                "near_duplicates": self.near_duplicates, "already_present": self.already_present,
                "resumed_past": self.resumed_past, "problems": len(self.problems), "seconds": round(self.seconds, 2)}


# --- reading ---------------------------------------------------------------------------------

def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, and files of known formats under folders (sorted, hidden ones skipped)."""
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for file in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in file.relative_to(path).parts)
                if file.is_file() and not hidden and format_of(file) is not None:
                    yield file
        else:
            yield path


def iter_records(path: Path) -> Iterator[RawRecord | Problem]:
    """Records of one file, streamed for corpora (.jsonl, .jsonl.gz, .csv), one for an article file."""
    fmt = format_of(path) or "txt"
    try:
        if fmt in ("jsonl", "csv"):
            records = jsonl_records(path) if fmt == "jsonl" else csv_records(path, streaming=True)
            for ordinal, (line_no, record) in enumerate(records, start=1):
                yield _raw_from_record(path, fmt, ordinal, line_no, record)
            return
    except InputError as exc:
        yield Problem(exc.source, exc.reason)
        return
    result = read_inputs([path])
    yield from result.problems
    for doc in result.documents:
        metadata = {"title": doc.title, "outlet": doc.outlet, "authors": doc.authors, "published": doc.published,
                    "url": doc.url}
        yield RawRecord(str(path), doc.text, doc.id, doc.format, {k: v for k, v in metadata.items() if v})


def _raw_from_record(path: Path, fmt: str, ordinal: int, line_no: int, record: Any) -> RawRecord | Problem:
    where = f"{path}:{line_no}"
    try:
        text, doc_id, metadata = record_fields(record, where, MAX_RECORD_CHARS)
    except InputError as exc:
        return Problem(exc.source, exc.reason)
    extra = {k: v for k, v in record.items()
             if k not in _KNOWN_FIELDS and isinstance(v, (str, int, float, bool)) and v != ""}
    stem = path.name.split(".")[0] or "record"
    return RawRecord(where, text, doc_id or f"{stem}-{ordinal}", fmt, metadata, extra)


# --- the fast pass ---------------------------------------------------------------------------

def content_hash(text: str) -> str:
    """sha256 of the text with case and whitespace folded: the same article re-encoded hashes the same."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()


def sentence_ends(text: str) -> np.ndarray:
    """End offsets of sentences by a regex (terminal punctuation before a capital, or a blank line)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    if text.strip() and (not ends or ends[-1] < len(text.rstrip())):
        ends.append(len(text.rstrip()))
    return np.asarray(ends, dtype="<i4")


_RNG = np.random.default_rng(20240521)  # fixed: stored signatures must stay comparable across runs
_PERM_A = _RNG.integers(1, 1 << 63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd 64-bit
_PERM_B = _RNG.integers(0, 1 << 63, NUM_PERM, dtype=np.uint64)


def minhash_signature(text: str) -> np.ndarray:
    """uint32 MinHash of lower-cased word 5-gram shingles (short texts: of their words).

    Vectorised multiply-shift hashing (about 1 ms per article; datasketch's per-shingle sha1 took 11):
    the signature is used with datasketch's LSH, which only reads the values.
    """
    words = [w.lower() for w in _WORD.findall(text)] or [""]
    hashes = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), dtype=np.uint64, count=len(words))
    n = max(1, len(words) - SHINGLE_WORDS + 1)
    combined = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(min(SHINGLE_WORDS, len(words))):
            combined = (combined ^ hashes[k:k + n]) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(k)
        shingles = np.unique(combined)  # 64-bit: the product below must wrap
        permuted = (_PERM_A[:, None] * shingles[None, :] + _PERM_B[:, None]) >> np.uint64(32)
    return permuted.min(axis=1).astype(np.uint32)


def fast_pass(raw: RawRecord | Problem) -> Prepared | Problem:
    """Everything ingest computes per article (no spaCy; MiniLM encodes the title and the lede)."""
    if isinstance(raw, Problem):
        return raw
    doc = document_from_text(raw.text, raw.wanted_id, path=raw.source, fmt=raw.fmt, **raw.metadata)
    body = doc.text
    guess = detect_language(f"{doc.title or ''}\n{body}")
    ends = sentence_ends(body)
    row = {"source": raw.source, "format": doc.format, "title": doc.title, "outlet": doc.outlet, "url": doc.url,
           "published": doc.published, "authors": json.dumps(doc.authors, ensure_ascii=False),
           "lang": guess.lang, "lang_confidence": guess.confidence, "n_chars": len(body),
           "n_words": len(_WORD.findall(body)), "n_sentences": len(ends), "sentence_ends": ends.tobytes(),
           "text": body, "boilerplate": json.dumps([r.to_dict() for r in doc.boilerplate]),
           "extra": json.dumps(raw.extra, ensure_ascii=False) if raw.extra else None,
           "features": pack_features(document_features(doc)), "lead_embedding": pack_embedding(lead_embedding(doc)),
           "line_keys": pack_keys(line_keys(doc))}
    signature = minhash_signature(body)
    row["minhash"] = signature.tobytes()
    return Prepared(raw.wanted_id, content_hash(body), row, signature)


def prepare_stream(records: Iterable[RawRecord | Problem], workers: int = 1,
                   chunk: int = 256, engine: Any = None) -> Iterator[Prepared | Problem]:
    """The fast pass over a stream, in order; ``workers`` > 1 uses forked processes, chunk by chunk.

    Chunks bound memory: ``Pool.imap`` would read the whole corpus ahead into its task queue. With a
    :class:`manysides.scale.RayEngine` as ``engine`` the same :func:`fast_pass` runs in Ray tasks,
    :data:`RAY_CHUNK` records at a time (``workers`` is then the engine's business).
    """
    if not 1 <= workers <= 64:
        raise ValueError(f"workers must be between 1 and 64, got {workers!r}")
    iterator = iter(records)
    if engine is not None:
        while batch := list(islice(iterator, RAY_CHUNK)):
            yield from engine.map_ordered(fast_pass, batch)
        return
    if workers == 1:
        yield from map(fast_pass, iterator)
        return
    detect_language("load the model before forking, so workers share it")
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        while batch := list(islice(iterator, chunk * workers)):
            yield from pool.map(fast_pass, batch, chunksize=max(1, chunk // 4))


def near_dup_index(con: Any) -> tuple[MinHashLSH, dict[str, np.ndarray]]:
    """LSH over the stored originals' signatures, rebuilt from the store so a resumed run sees them all."""
    lsh = MinHashLSH(threshold=NEAR_DUP_JACCARD, num_perm=NUM_PERM)
    signatures: dict[str, np.ndarray] = {}
    for doc_id, blob in con.execute("SELECT id, minhash FROM articles WHERE near_dup_of IS NULL ORDER BY seq").fetchall():
        add_to_index(lsh, signatures, doc_id, np.frombuffer(blob, dtype=np.uint32))
    return lsh, signatures


def add_to_index(lsh: MinHashLSH, signatures: dict[str, np.ndarray], doc_id: str, signature: np.ndarray) -> None:
    sketch = MinHash(num_perm=NUM_PERM, seed=1, hashvalues=signature.astype(np.uint64), scheme="affine32")
    lsh.insert(doc_id, sketch)
    signatures[doc_id] = signature


def find_original(lsh: MinHashLSH, signatures: dict[str, np.ndarray],
                  signature: np.ndarray) -> tuple[str, float] | None:
    """The most similar stored original at or above the threshold (earliest id on ties), or None."""
    sketch = MinHash(num_perm=NUM_PERM, seed=1, hashvalues=signature.astype(np.uint64), scheme="affine32")
    best: tuple[str, float] | None = None
    for candidate in sorted(lsh.query(sketch)):
        jaccard = float(np.mean(signatures[candidate] == signature))
        if jaccard >= NEAR_DUP_JACCARD and (best is None or jaccard > best[1]):
            best = (candidate, jaccard)
    return best


_COLUMNS = ("id", "seq", "content_hash", "source", "format", "title", "outlet", "url", "published", "authors",
            "lang", "lang_confidence", "n_chars", "n_words", "n_sentences", "sentence_ends", "text", "boilerplate",
            "extra", "near_dup_of", "near_dup_jaccard", "minhash", "features", "lead_embedding", "line_keys")


def _count_lines(con: Any, rows: list[dict]) -> None:
    """Add the new articles' prose lines to their outlet's counts (``outlet_lines``; each article counts once)."""
    outlets, keys = [], []
    for row in rows:
        if row["outlet"]:
            found = unpack_keys(row["line_keys"])
            outlets.extend([row["outlet"]] * len(found))
            keys.append(found)
    if not outlets:
        return
    con.register("batch_lines", {"outlet": np.array(outlets, dtype=object), "key": np.concatenate(keys)})
    con.execute("INSERT INTO outlet_lines (outlet, key, n) SELECT outlet, key, count(*) FROM batch_lines "
                "GROUP BY outlet, key "
                "ON CONFLICT (outlet, key) DO UPDATE SET n = n + excluded.n")
    con.unregister("batch_lines")


class Ingester:
    """Writes fast-passed articles into an open store, ``batch_size`` articles per transaction.

    The fast pass runs here (``workers`` = 1), on a local process pool, or on Ray (``engine``, a
    :class:`manysides.scale.RayEngine`); deduplication and every write stay in this process, the one
    that holds the store, so the three give identical stores. ``progress(records_read, None)`` is called
    every :data:`PROGRESS_EVERY` records (a streamed corpus has no known length) and once at the end
    with the final count as both figures.
    """

    def __init__(self, con: Any, batch_size: int = 500, workers: int = 1, engine: Any = None,
                 progress: Callable[[int, int | None], None] | None = None) -> None:
        if not 1 <= batch_size <= 100_000:
            raise ValueError(f"batch_size must be between 1 and 100000 articles, got {batch_size!r}")
        if not 1 <= workers <= 64:
            raise ValueError(f"workers must be between 1 and 64, got {workers!r}")
        self.con, self.batch_size, self.workers, self.engine = con, batch_size, workers, engine
        self.progress, self.records_read = progress, 0
        self.lsh, self.signatures = near_dup_index(con)

    def ingest(self, paths: Iterable[str | Path]) -> IngestReport:
        """Ingest files and folders; files already finished (unchanged since) are skipped whole."""
        report, started = IngestReport(), time.perf_counter()
        for path in iter_files(paths):
            if not path.is_file():
                report.problems.append(Problem(str(path), "no such file or directory"))
                continue
            self._ingest_file(path, report)
        if self.progress is not None:
            self.progress(self.records_read, self.records_read)
        report.seconds = time.perf_counter() - started
        return report

    def _ingest_file(self, path: Path, report: IngestReport) -> None:
        key, stat = str(path.resolve()), path.stat()
        state = self.con.execute("SELECT size, mtime, records_done, finished FROM ingest_sources WHERE source = ?",
                                 [key]).fetchone()
        unchanged = state is not None and state[0] == stat.st_size and state[1] == stat.st_mtime
        skip = state[2] if unchanged else 0
        report.resumed_past += skip
        if unchanged and state[3]:
            return
        done, batch = skip, []
        for item in prepare_stream(islice(iter_records(path), skip, None), self.workers, engine=self.engine):
            done += 1
            self.records_read += 1
            if self.progress is not None and self.records_read % PROGRESS_EVERY == 0:
                self.progress(self.records_read, None)
            if isinstance(item, Problem):
                report.problems.append(item)
            else:
                batch.append(item)
            if len(batch) >= self.batch_size:
                self._commit(batch, (key, stat.st_size, stat.st_mtime, done, False), report)
                batch = []
        self._commit(batch, (key, stat.st_size, stat.st_mtime, done, True), report)

    def _commit(self, batch: list[Prepared], progress: tuple, report: IngestReport) -> None:
        """One transaction: the batch's new articles and aliases, and the file's progress."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            rows, aliases = self._resolve(batch, report)
            if rows:
                con.register("batch_articles", {c: np.array([r[c] for r in rows], dtype=object) for c in _COLUMNS})
                select = ", ".join("TRY_CAST(published AS DATE)" if c == "published" else c for c in _COLUMNS)
                con.execute(f"INSERT INTO articles ({', '.join(_COLUMNS)}) SELECT {select} FROM batch_articles")
                con.unregister("batch_articles")
                _count_lines(con, rows)
            for alias in aliases:
                con.execute("INSERT INTO article_aliases VALUES (?, ?, ?) ON CONFLICT DO NOTHING", alias)
            con.execute("INSERT OR REPLACE INTO ingest_sources (source, size, mtime, records_done, finished) "
                        "VALUES (?, ?, ?, ?, ?)", list(progress))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _resolve(self, batch: list[Prepared], report: IngestReport) -> tuple[list[dict], list[tuple]]:
        """Decide per article: new row (with a free id and near-dup link), alias, or already stored."""
        con = self.con
        by_hash = dict(con.execute("SELECT content_hash, id FROM articles WHERE list_contains(?, content_hash)",
                                   [[p.content_hash for p in batch]]).fetchall())
        wanted = [p.wanted_id for p in batch]
        taken = {r[0] for r in con.execute("SELECT id FROM articles WHERE list_contains(?, id) UNION "
                                           "SELECT alias_id FROM article_aliases WHERE list_contains(?, alias_id)",
                                           [wanted, wanted]).fetchall()}
        seq = con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]
        rows, aliases = [], []
        for item in batch:
            stored = by_hash.get(item.content_hash)
            if stored is not None:
                if stored == item.wanted_id or stored.startswith(item.wanted_id + "-") or item.wanted_id in taken:
                    report.already_present += 1
                else:
                    aliases.append((item.wanted_id, stored, item.row["source"]))
                    taken.add(item.wanted_id)
                    report.exact_duplicates += 1
                continue
            seq += 1
            doc_id = self._free_id(item.wanted_id, taken)
            taken.add(doc_id)
            by_hash[item.content_hash] = doc_id
            original = find_original(self.lsh, self.signatures, item.minhash)
            if original is None:
                add_to_index(self.lsh, self.signatures, doc_id, item.minhash)
            else:
                report.near_duplicates += 1
            rows.append({**item.row, "id": doc_id, "seq": seq, "content_hash": item.content_hash,
                         "near_dup_of": original[0] if original else None,
                         "near_dup_jaccard": original[1] if original else None})
            report.added += 1
        return rows, aliases

    def _free_id(self, wanted: str, taken: set[str]) -> str:
        doc_id, n = wanted, 1
        while doc_id in taken or self.con.execute(
                "SELECT 1 FROM articles WHERE id = ? UNION SELECT 1 FROM article_aliases WHERE alias_id = ?",
                [doc_id, doc_id]).fetchone():
            n += 1
            doc_id = f"{wanted}-{n}"
        return doc_id


def ingest(con: Any, paths: Iterable[str | Path], batch_size: int = 500, workers: int = 1, engine: Any = None,
           progress: Callable[[int, int | None], None] | None = None) -> IngestReport:
    """Ingest files and folders into the open store ``con`` (see :class:`Ingester`)."""
    return Ingester(con, batch_size=batch_size, workers=workers, engine=engine, progress=progress).ingest(paths)


__all__ = ["IngestReport", "Ingester", "ingest", "Prepared", "RawRecord", "content_hash", "fast_pass", "iter_files", "iter_records",
           "minhash_signature", "near_dup_index", "prepare_stream", "sentence_ends"]
