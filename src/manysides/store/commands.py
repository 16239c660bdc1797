"""The ``ingest`` and ``cluster`` subcommands; ``manysides.cli`` registers them with :func:`add_commands`.

Kept apart from ``cli.py`` so the store can grow its commands without touching the analysis CLI.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from manysides.errors import UsageError

EMBED_AUTO_MAX = 5000  # "auto" uses MiniLM up to this many articles (about 35 s on 2 cores)


class CommandError(UsageError):
    """A store command was called with arguments that cannot work together."""


def _print_error(message: str) -> None:
    print(f"manysides: error: {message}", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    from manysides.store import connect, counts, ingest
    from manysides.store.search import ensure_search_index

    if args.engine != "local":
        raise CommandError(f"engine {args.engine!r} is not available yet (allowed: local)")
    con = connect(args.db)
    try:
        report = ingest(con, args.corpus, batch_size=args.batch_size, workers=args.workers)
        ensure_search_index(con)
        totals = counts(con)
    finally:
        con.close()
    for problem in report.problems:
        _print_error(f"{problem.source}: {problem.reason}")
    if not args.quiet:
        print(json.dumps({**report.to_dict(), "store": totals}))
    return 0 if report.added or report.already_present or report.exact_duplicates else 1


def cluster_records(path: Path, embeddings: str = "off", threshold: float | None = None) -> list[dict[str, Any]]:
    """``{"id", "story", "lang"}`` for every record of a JSONL/CSV file, in file order.

    A record that cannot be read keeps its line with ``lang: "und"``, a story of its own and an
    ``error``. Story numbers count from 1 in order of first appearance.
    """
    from manysides.cluster import EMBEDDING_WEIGHT, StoryClusterer, StoryItem, embed_leads, story_features
    from manysides.io import document_from_text
    from manysides.lang import UNDETERMINED, detect_language
    from manysides.model import Problem
    from manysides.store.ingest import iter_records

    rows: list[dict[str, Any]] = []
    items, texts = [], []
    for record in iter_records(path):
        if isinstance(record, Problem):
            rows.append({"id": None, "lang": UNDETERMINED, "error": f"{record.source}: {record.reason}"})
            items.append(StoryItem((_empty(), _empty("f4")), UNDETERMINED))
            texts.append(("", ""))
            continue
        doc = document_from_text(record.text, record.wanted_id, fmt=record.fmt, **record.metadata)
        lang = detect_language(f"{doc.title or ''}\n{doc.text}").lang
        rows.append({"id": record.wanted_id, "lang": lang})
        items.append(StoryItem(story_features(doc.title, doc.text), lang, doc.published))
        texts.append((doc.title, doc.text))
    use = embeddings == "on" or (embeddings == "auto" and 0 < len(items) <= EMBED_AUTO_MAX)
    if use:
        vectors = embed_leads([t for t, _ in texts], [x for _, x in texts])
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
        from manysides.cluster import StoryClusterer
        from manysides.store import connect, update_stories

        con = connect(args.db)
        try:
            summary = update_stories(con, StoryClusterer(args.threshold))
        finally:
            con.close()
        if not args.quiet:
            print(json.dumps(summary))
        return 0
    if args.out is None:
        raise CommandError("cluster INPUT needs --out FILE.jsonl")
    rows = cluster_records(Path(args.input), args.embeddings, args.threshold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    tmp.replace(args.out)
    if not args.quiet:
        print(f"{len(rows)} articles, {len({r['story'] for r in rows})} stories -> {args.out}")
    return 0 if rows else 1


def add_commands(subparsers: Any) -> None:
    """Register ``ingest`` and ``cluster`` on the CLI's subparsers (handlers return an exit status)."""
    ingest = subparsers.add_parser("ingest", help="add articles and corpora to a DuckDB corpus store")
    ingest.add_argument("corpus", nargs="+", help="files or folders (.jsonl/.jsonl.gz/.csv are streamed)")
    ingest.add_argument("--db", required=True, type=Path, help="corpus database file (created if absent)")
    ingest.add_argument("--engine", default="local", choices=["local"], help="where the fast pass runs")
    ingest.add_argument("--workers", type=int, default=1, help="processes for the fast pass (1-64)")
    ingest.add_argument("--batch-size", type=int, default=500, help="articles per committed transaction")
    ingest.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    ingest.set_defaults(handler=cmd_ingest)

    cluster = subparsers.add_parser("cluster", help="group articles into stories (one real-world event each)")
    cluster.add_argument("input", nargs="?", help="a .jsonl/.csv corpus; writes one line per record to --out")
    cluster.add_argument("--out", type=Path, help="output JSONL: {id, story, lang} per input record")
    cluster.add_argument("--db", type=Path, help="cluster the unassigned articles of a corpus database instead")
    cluster.add_argument("--threshold", type=float, default=None, help="merge threshold in (0, 1]")
    cluster.add_argument("--embeddings", choices=["auto", "on", "off"], default="off",
                         help=f"mix in MiniLM similarity (auto: up to {EMBED_AUTO_MAX} articles; INPUT only)")
    cluster.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    cluster.set_defaults(handler=cmd_cluster)
