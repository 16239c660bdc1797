"""The ``ingest``, ``cluster`` and ``analyze-stories`` subcommands; ``manysides.cli`` registers them with
:func:`add_commands`.

Kept apart from ``cli.py`` so the store can grow its commands without touching the analysis CLI.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from manysides.errors import UsageError

EMBED_AUTO_MAX = 5000  # "auto" (the default) uses MiniLM up to this many articles (about a minute on 2 cores)
EMBED_CHUNK = 256      # articles embedded between two progress reports of `cluster INPUT`


class CommandError(UsageError):
    """A store command was called with arguments that cannot work together."""


def _count(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _int_between(low: int, high: int) -> Any:
    """An argparse type: a whole number in [low, high], checked before the store file is created."""

    def parse(value: str) -> int:
        number = int(value)
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, got {number}")
        return number

    return parse


def _print_error(message: str) -> None:
    print(f"manysides: error: {message}", file=sys.stderr)


def _require_store(db: Path) -> None:
    """Commands that read a store refuse a missing one: connecting would create an empty file at a typo."""
    from manysides.store import StoreError

    if not db.is_file():
        raise StoreError(f"{db}: no such corpus database (fill one with: manysides ingest ... --db {db})")


def cmd_ingest(args: argparse.Namespace) -> int:
    from manysides.cli import _interactive, progress_bar
    from manysides.store import connect, counts, ingest
    from manysides.store.search import ensure_search_index

    if not any(Path(item).exists() for item in args.corpus):  # nothing to read: leave no empty store behind
        for item in args.corpus:
            _print_error(f"{item}: no such file or directory")
        return 1
    engine = None
    if args.engine == "ray":
        from manysides.scale import RayEngine

        engine = RayEngine(num_cpus=args.workers if args.workers > 1 else None)
        engine.start()  # without Ray, or when it cannot start, fail before a store file exists
    try:
        con = connect(args.db)
        try:
            with progress_bar(not args.quiet and _interactive(sys.stderr), "ingesting articles") as update:
                report = ingest(con, args.corpus, batch_size=args.batch_size, workers=args.workers, engine=engine,
                                progress=update)
            ensure_search_index(con)
            totals = counts(con)
        finally:
            con.close()
    finally:
        if engine is not None:
            engine.close()
    for problem in report.problems:
        _print_error(f"{problem.source}: {problem.reason}")
    if not args.quiet:
        print(json.dumps({**report.to_dict(), "store": totals}))
    return 0 if report.added or report.already_present or report.exact_duplicates else 1


def cluster_records(path: Path, embeddings: str = "auto", threshold: float | None = None,
                    progress: Callable[[int, int | None], None] | None = None) -> list[dict[str, Any]]:
    """``{"id", "story", "lang"}`` for every record of a JSONL/CSV file, in file order.

    A record that cannot be read keeps its line with ``lang: "und"``, a story of its own and an
    ``error``. Story numbers count from 1 in order of first appearance. ``progress(done, total)``
    follows the embedding of the leads, the slow part, :data:`EMBED_CHUNK` articles at a time.
    """
    import numpy as np

    from manysides.cluster import (EMBEDDING_WEIGHT, StoryClusterer, StoryItem, document_features, embed_leads,
                                   first_sentence, story_text)
    from manysides.io import document_from_text
    from manysides.io.repeated import line_keys, mark_repeated, outlet_templates
    from manysides.lang import UNDETERMINED, detect_language
    from manysides.model import Problem
    from manysides.store.ingest import iter_records

    rows: list[dict[str, Any]] = []
    items, texts, lines = [], [], []
    for record in iter_records(path):
        if isinstance(record, Problem):
            rows.append({"id": None, "lang": UNDETERMINED, "error": f"{record.source}: {record.reason}"})
            items.append(StoryItem((_empty(), _empty("f4")), UNDETERMINED))
            texts.append(("", ""))
            lines.append((None, frozenset()))
            continue
        doc = document_from_text(record.text, record.wanted_id, fmt=record.fmt, **record.metadata)
        lang = detect_language(f"{doc.title or ''}\n{doc.text}").lang
        rows.append({"id": record.wanted_id, "lang": lang})
        items.append(StoryItem(document_features(doc), lang, doc.published))
        texts.append((doc.title, first_sentence(story_text(doc))))  # all that embed_leads reads
        lines.append((doc.outlet, frozenset(int(k) for k in line_keys(doc)) if doc.outlet else frozenset()))
    # Lines an outlet repeats are its template (manysides.io.repeated): read those records again with
    # the lines marked, as a store does once it has counted them.
    templates = outlet_templates(lines)
    repeated = {n: keys & templates.get(outlet, set()) for n, (outlet, keys) in enumerate(lines)}
    if any(repeated.values()):
        for n, record in enumerate(iter_records(path)):
            if repeated.get(n) and not isinstance(record, Problem):
                doc = mark_repeated(document_from_text(record.text, record.wanted_id, fmt=record.fmt,
                                                       **record.metadata), repeated[n])
                items[n] = StoryItem(document_features(doc), items[n].lang, doc.published)
                texts[n] = (doc.title, first_sentence(story_text(doc)))
    use = embeddings == "on" or (embeddings == "auto" and 0 < len(items) <= EMBED_AUTO_MAX)
    if use:
        parts = []
        for start in range(0, len(texts), EMBED_CHUNK):
            chunk = texts[start:start + EMBED_CHUNK]
            parts.append(embed_leads([title for title, _ in chunk], [lede for _, lede in chunk]))
            if progress is not None:
                progress(start + len(chunk), len(texts))
        vectors = np.vstack(parts)
        items = [StoryItem(i.features, i.lang, i.published, vectors[k]) for k, i in enumerate(items)]
    labels = StoryClusterer(threshold, EMBEDDING_WEIGHT if use else 0.0).cluster(items)
    numbers: dict[int, int] = {}
    for row, label in zip(rows, labels):
        row["story"] = numbers.setdefault(label, len(numbers) + 1)
    return [{"id": r["id"], "story": r["story"], "lang": r["lang"], **({"error": r["error"]} if "error" in r else {})}
            for r in rows]


def _empty(dtype: str = "i4"):
    import numpy as np

    return np.zeros(0, dtype=dtype)


def cmd_cluster(args: argparse.Namespace) -> int:
    if (args.input is None) == (args.db is None):
        raise CommandError("give either INPUT (a .jsonl/.csv file) with --out, or --db CORPUS.duckdb")
    if args.db is not None:
        from manysides.store import connect, update_stories

        _require_store(args.db)
        con = connect(args.db)
        try:
            summary = update_stories(con, threshold=args.threshold, rebuild=args.rebuild)
        finally:
            con.close()
        if not args.quiet:
            print(json.dumps(summary))
        return 0
    if args.rebuild:
        raise CommandError("--rebuild is for a store (--db): cluster INPUT always groups every record afresh")
    if args.out is None:
        raise CommandError("cluster INPUT needs --out FILE.jsonl")
    from manysides.cli import _interactive, progress_bar

    with progress_bar(not args.quiet and _interactive(sys.stderr), "embedding leads") as update:
        rows = cluster_records(Path(args.input), args.embeddings, args.threshold, progress=update)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    tmp.replace(args.out)
    for row in rows:  # each also keeps its line in the output, with the same error
        if "error" in row:
            _print_error(row["error"])
    if not args.quiet:
        print(f"{len(rows)} articles, {len({r['story'] for r in rows})} stories -> {args.out}")
    return 0 if rows else 1


def cmd_analyze_stories(args: argparse.Namespace) -> int:
    """The batch tier of the deep analysis: fill the store's analysis cache, largest stories first."""
    from manysides.cli import _interactive, progress_bar
    from manysides.settings import Settings
    from manysides.store import connect
    from manysides.store.stories import StoryOutcome, analyze_stories

    if args.story and (args.limit is not None or args.lang is not None or args.min_articles is not None):
        raise CommandError("--story names the stories itself: leave out --min-articles, --limit and --lang")
    _require_store(args.db)
    con = connect(args.db)
    try:
        if not args.story and not con.execute("SELECT count(*) FROM stories").fetchone()[0]:
            _print_error(f"{args.db}: no stories yet; group the articles first: manysides cluster --db {args.db}")
            return 1

        def report_failure(outcome: StoryOutcome) -> None:
            if outcome.status == "failed":
                _print_error(f"story {outcome.story_id}: {outcome.reason}")

        options = {"story_ids": args.story or None, "min_articles": args.min_articles or 2, "lang": args.lang,
                   "limit": args.limit, "force": args.force, "settings": Settings(), "on_outcome": report_failure}
        try:
            with progress_bar(not args.quiet and _interactive(sys.stderr), "analysing stories") as update:
                if args.engine == "ray":
                    from manysides.scale import RayEngine

                    with RayEngine(num_cpus=args.workers if args.workers > 1 else None) as engine:
                        report = analyze_stories(con, engine=engine, progress=update, **options)
                elif args.workers > 1:
                    from manysides.scale import LocalEngine

                    report = analyze_stories(con, engine=LocalEngine(args.workers), progress=update, **options)
                else:
                    report = analyze_stories(con, progress=update, **options)
        except KeyboardInterrupt:
            done = con.execute("SELECT count(*) FROM story_analysis").fetchone()[0]
            _print_error(f"interrupted; the {done} analyses cached so far are kept: run the command again to go on")
            return 130
    finally:
        con.close()
    if not args.quiet:
        print(json.dumps(report.to_dict()))
    attempted = len(report.analysed) + len(report.failed)
    return 1 if attempted and not report.analysed else 0


def add_commands(subparsers: Any) -> None:
    """Register the store commands on the CLI's subparsers (handlers return an exit status)."""
    from manysides.cli import _positive_int

    ingest = subparsers.add_parser("ingest", help="add articles and corpora to a DuckDB corpus store")
    ingest.add_argument("corpus", nargs="+", help="files or folders (.jsonl/.jsonl.gz/.csv are streamed)")
    ingest.add_argument("--db", required=True, type=Path, help="corpus database file (created if absent)")
    ingest.add_argument("--engine", default="local", choices=["local", "ray"],
                        help="where the fast pass runs: this machine, or Ray (pip install 'manysides[ray]')")
    ingest.add_argument("--workers", type=_int_between(1, 64), default=1,
                        help="processes for --engine local, CPUs of a local Ray for --engine ray (1-64)")
    ingest.add_argument("--batch-size", type=_int_between(1, 100_000), default=500,
                        help="articles per committed transaction (1-100000)")
    ingest.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    ingest.set_defaults(handler=cmd_ingest)

    cluster = subparsers.add_parser("cluster", help="group articles into stories (one real-world event each)")
    cluster.add_argument("input", nargs="?", help="a .jsonl/.csv corpus; writes one line per record to --out")
    cluster.add_argument("--out", type=Path, help="output JSONL: {id, story, lang} per input record")
    cluster.add_argument("--db", type=Path, help="cluster the unassigned articles of a corpus database instead")
    cluster.add_argument("--threshold", type=float, default=None, help="merge threshold in (0, 1]")
    cluster.add_argument("--embeddings", choices=["auto", "on", "off"], default="auto",
                         help=f"mix in MiniLM similarity (auto: for up to {EMBED_AUTO_MAX} articles; INPUT only: "
                              "a store uses the embeddings ingest stored)")
    cluster.add_argument("--rebuild", action="store_true",
                         help="--db only: forget the stored stories and group every article afresh")
    cluster.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    cluster.set_defaults(handler=cmd_cluster)

    stories = subparsers.add_parser("analyze-stories", help="deep-analyse stored stories ahead of time, cached "
                                    "in the store (largest first; current ones are skipped)")
    stories.add_argument("--db", required=True, type=Path, help="corpus database (filled by ingest and cluster --db)")
    stories.add_argument("--story", type=int, nargs="+", metavar="ID", help="only these stories, in this order")
    stories.add_argument("--min-articles", type=_count, default=None, metavar="N",
                         help="only stories with at least N articles (default 2)")
    stories.add_argument("--lang", help="only stories in this language (e.g. en)")
    stories.add_argument("--limit", type=_count, metavar="N", help="only the N largest stories (default all)")
    stories.add_argument("--force", action="store_true", help="recompute stories whose cached analysis is current")
    stories.add_argument("--engine", choices=("local", "ray"), default="local",
                         help="where the per-article work runs: this machine, or Ray (pip install 'manysides[ray]')")
    stories.add_argument("--workers", type=_positive_int, default=1, metavar="N",
                         help="processes for --engine local, CPUs for --engine ray (default 1: this process)")
    stories.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    stories.set_defaults(handler=cmd_analyze_stories)
