"""Full-text search on the corpus store: index build time and query latency on AllSides.

The first N records of ``../shared/data/allsides/articles.jsonl.gz`` are ingested into a fresh store
(not timed), then the BM25 index (``manysides.store.search.ensure_search_index``) is built from
scratch (timed) and a fixed set of queries is run through the web app's search (timed, best of three
each; the first page of 20, with the total count). Reports seconds per 1k articles and milliseconds per
query, with each query's hit count so a change in what is searchable shows up as well.

    python benchmarks/search_index.py [--articles 5000]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import SHARED, record, require  # noqa: E402

CORPUS = SHARED / "data" / "allsides" / "articles.jsonl.gz"
QUERIES = ("mueller report", "U.S. troops", "health care", "2016", "Supreme Court nominee", "border wall funding")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--no-record", action="store_true", help="print only; do not append to results.jsonl")
    args = parser.parse_args()
    from manysides.store import connect, ingest
    from manysides.store.search import SEARCH_INDEX_VERSION, ensure_search_index
    from manysides.web.queries import Filters, search

    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "subset.jsonl"
        with gzip.open(require(CORPUS), "rt", encoding="utf-8") as src, subset.open("w", encoding="utf-8") as dst:
            dst.writelines(itertools.islice(src, args.articles))
        con = connect(Path(tmp) / "corpus.duckdb")
        ingest(con, [subset], workers=2)
        stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        started = time.perf_counter()
        ensure_search_index(con)
        build = time.perf_counter() - started
        queries = {}
        for q in QUERIES:
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                total, _hits = search(con, Filters(q=q), True, 20, 0)
                best = min(best, time.perf_counter() - started)
            queries[q] = {"hits": total, "ms": round(best * 1000, 1)}
        con.close()
    figures = {"corpus": "AllSides articles.jsonl.gz (first N records)", "articles": stored,
               "index_version": SEARCH_INDEX_VERSION, "build_seconds": round(build, 2),
               "build_seconds_per_1k": round(build / stored * 1000, 2), "queries": queries}
    print(figures)
    if not args.no_record:
        record("search_index", **figures)


if __name__ == "__main__":
    main()
