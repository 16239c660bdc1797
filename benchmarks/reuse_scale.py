"""Scale of the verbatim text-reuse stage (shingles -> MinHash-LSH candidates -> alignment).

    python benchmarks/reuse_scale.py [--sizes 1000 5000 20000]

Reads the first N articles of ../shared/data/allsides/articles.jsonl.gz (streamed, never copied)
and reports, per size, the time of each stage, the number of candidate document pairs (against
N*(N-1)/2 for all pairs) and the links found. The candidate stage must stay near-linear in N.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import time
from collections.abc import Iterator
from itertools import islice

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


def run(size: int) -> dict:
    documents = list(articles(size))
    start = time.perf_counter()
    texts = prepare(documents)  # tokenise + mask outlet page furniture
    tokenized = time.perf_counter()
    pairs = candidate_pairs(texts)
    candidates = time.perf_counter()
    links = find_verbatim(documents, (), texts, pairs)
    aligned = time.perf_counter()
    words = sum(len(t.words) for t in texts)
    figures = {
        "n_docs": len(documents), "words": words,
        "tokenize_s": round(tokenized - start, 2), "candidates_s": round(candidates - tokenized, 2),
        "align_s": round(aligned - candidates, 2), "total_s": round(aligned - start, 2),
        "candidate_pairs": len(pairs), "all_pairs": len(documents) * (len(documents) - 1) // 2,
        "doc_pairs_linked": len({(l.a.doc, l.b.doc) for l in links}),
        "links_verbatim": sum(l.kind == "verbatim" for l in links),
        "links_shared_quote": sum(l.kind == "shared_quote" for l in links),
        "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
    print(json.dumps(figures))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    args = parser.parse_args()
    for size in args.sizes:
        record("reuse_scale", dataset="allsides", **run(size))


if __name__ == "__main__":
    main()
