"""Scale of the verbatim text-reuse stage (shingles -> MinHash-LSH candidates -> alignment).

    python benchmarks/reuse_scale.py [--sizes 1000 5000 20000]

Reads the first N articles of ../shared/data/allsides/articles.jsonl.gz (streamed, never copied)
and reports, per size, the time of each stage (wall clock and CPU: the machine may be shared, and CPU
seconds are the steadier measure there), the number of candidate document pairs (against N*(N-1)/2
for all pairs), the links found and the peak memory; then the growth from one size to the next. The
whole stage must stay near-linear in N: its time ratio close to the size (and word-count) ratio.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import time
from collections.abc import Iterator
from itertools import islice, pairwise

from common import SHARED, record, require

from manysides.compare.reuse import candidate_pairs, find_verbatim, prepare
from manysides.model import Document

CORPUS = SHARED / "data" / "allsides" / "articles.jsonl.gz"


def articles(limit: int) -> Iterator[Document]:
    with gzip.open(require(CORPUS), "rt", encoding="utf-8") as handle:
        for line in islice(handle, limit):
            row = json.loads(line)
            if row.get("text"):
                yield Document(str(row["id"]), row["text"], published=row.get("published"),
                               outlet=row.get("outlet"))


def _load_average() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def run(size: int) -> dict:
    documents = list(articles(size))
    clocks = [(time.perf_counter(), time.process_time())]
    texts = prepare(documents)  # tokenise, near-identical families, mask formulae and outlet page furniture
    clocks.append((time.perf_counter(), time.process_time()))
    pairs = candidate_pairs(texts)
    clocks.append((time.perf_counter(), time.process_time()))
    links = find_verbatim(documents, (), texts, pairs)
    clocks.append((time.perf_counter(), time.process_time()))
    words = sum(len(t.words) for t in texts)
    wall = [round(b[0] - a[0], 2) for a, b in pairwise(clocks)]
    cpu = [round(b[1] - a[1], 2) for a, b in pairwise(clocks)]
    figures = {
        "n_docs": len(documents), "words": words,
        "prepare_s": wall[0], "candidates_s": wall[1], "align_s": wall[2],
        "total_s": round(clocks[-1][0] - clocks[0][0], 2),
        "prepare_cpu_s": cpu[0], "candidates_cpu_s": cpu[1], "align_cpu_s": cpu[2],
        "total_cpu_s": round(clocks[-1][1] - clocks[0][1], 2),
        "families": sum(t.family != n for n, t in enumerate(texts)),
        "candidate_pairs": len(pairs), "all_pairs": len(documents) * (len(documents) - 1) // 2,
        "doc_pairs_linked": len({(l.a.doc, l.b.doc) for l in links}),
        "links": len(links),
        "links_verbatim": sum(l.kind == "verbatim" for l in links),
        "links_shared_quote": sum(l.kind == "shared_quote" for l in links),
        "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "load_avg_1m": _load_average(),
    }
    print(json.dumps(figures), flush=True)
    return figures


def growth(rows: list[dict]) -> list[dict]:
    """Ratios from each size to the next: near-linear means the time ratios follow the size ratios."""
    keys = ("n_docs", "words", "total_s", "total_cpu_s", "candidate_pairs", "doc_pairs_linked", "max_rss_mib")
    return [{f"{key}_ratio": round(b[key] / a[key], 2) if a[key] else None for key in keys}
            for a, b in pairwise(rows)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        rows.append(run(size))
        record("reuse_scale", dataset="allsides", **rows[-1])
    if len(rows) > 1:
        ratios = growth(rows)
        print(json.dumps({"growth": ratios}))
        record("reuse_scale_growth", dataset="allsides", sizes=[r["n_docs"] for r in rows], growth=ratios)


if __name__ == "__main__":
    main()
