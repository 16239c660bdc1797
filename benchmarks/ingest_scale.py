"""Fast-pass ingest throughput and its scaling on AllSides (../shared/data/allsides/articles.jsonl.gz).

For each size N the first N records are streamed into a fresh DuckDB store (one child process per
size, so peak memory from resource.getrusage is that run's own). Reports articles/s, seconds, peak
RSS, and what the store holds (articles, exact duplicates as aliases, near-duplicates).

    python benchmarks/ingest_scale.py [--sizes 1000 5000] [--workers 2]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import SHARED, record, require  # noqa: E402

CORPUS = SHARED / "data" / "allsides" / "articles.jsonl.gz"


def one_run(size: int, workers: int) -> dict:
    """Ingest the first ``size`` AllSides records into a fresh store (runs in its own process)."""
    from manysides.lang import detect_language
    from manysides.store import connect, counts, ingest

    detect_language("load the language model before timing: it is loaded once per process")
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "subset.jsonl"
        with gzip.open(require(CORPUS), "rt", encoding="utf-8") as src, subset.open("w", encoding="utf-8") as dst:
            dst.writelines(itertools.islice(src, size))
        con = connect(Path(tmp) / "corpus.duckdb")
        started = time.perf_counter()
        report = ingest(con, [subset], workers=workers)
        seconds = time.perf_counter() - started
        totals = counts(con)
        con.close()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": size, "workers": workers, "seconds": round(seconds, 2),
            "articles_per_s": round(size / seconds, 1), "peak_rss_mib": round(peak_mib, 1),
            "stored": totals["articles"], "exact_duplicates": totals["article_aliases"],
            "near_duplicates": totals["near_duplicates"], "problems": len(report.problems)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(args.child, args.workers)))
        return
    require(CORPUS)
    curve = []
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(size), "--workers", str(args.workers)],
                             capture_output=True, text=True, check=True)
        curve.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(curve[-1]))
    row = record("ingest_scale", dataset="AllSides", split="all (first N records)", cores=2,
                 workers=args.workers, curve=curve)
    print(json.dumps(row))


if __name__ == "__main__":
    main()
