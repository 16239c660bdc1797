"""Per-document throughput of the scale-out engines on the same AllSides articles.

    python benchmarks/engines.py [--articles 200] [--skip-ray]

Times ``engine.run`` (spaCy + extraction stages, the part an engine distributes) for
``LocalEngine(1)``, ``LocalEngine(2)`` and ``RayEngine(num_cpus=2)``, including each engine's start-up
(pool processes, Ray and its actors each load the model: that cost is real for a user). It then
checks that all engines produced identical per-document results, and appends one line to
``benchmarks/results.jsonl``. On a shared machine, the load average at start and end is recorded:
figures taken under load are not comparable with figures taken on an idle machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import time
from collections.abc import Iterator

from common import SHARED, record, require

from manysides.io import document_from_text
from manysides.model import Document
from manysides.scale import LocalEngine, RayEngine
from manysides.settings import Settings


def allsides_documents(n: int) -> Iterator[Document]:
    """The first ``n`` AllSides articles with text, streamed (the file is large)."""
    path = require(SHARED / "data" / "allsides" / "articles.jsonl.gz")
    count = 0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if not (row.get("text") or "").strip():
                continue
            meta = {key: row[key] for key in ("title", "outlet", "url", "published", "authors") if row.get(key)}
            yield document_from_text(row["text"], str(row["id"]), **meta)
            count += 1
            if count == n:
                return


def timed(engine, documents: list[Document], settings: Settings) -> tuple[float, list[dict]]:
    start = time.perf_counter()
    results = engine.run(documents, settings)
    seconds = time.perf_counter() - start
    return seconds, [result.to_dict() for result in results]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--skip-ray", action="store_true", help="time the local engines only")
    args = parser.parse_args()

    documents = list(allsides_documents(args.articles))
    words = sum(len(doc.text.split()) for doc in documents)
    settings = Settings()
    load_before = os.getloadavg()[0]
    engines: list[tuple[str, object]] = [("local_1", LocalEngine(1)), ("local_2", LocalEngine(2))]
    if not args.skip_ray:
        engines.append(("ray_2", RayEngine(num_cpus=2)))
    figures: dict[str, float] = {}
    reference: list[dict] | None = None
    identical = True
    for name, engine in engines:
        seconds, results = timed(engine, documents, settings)
        if isinstance(engine, RayEngine):
            engine.close()
        figures[f"{name}_s"] = round(seconds, 2)
        figures[f"{name}_articles_per_s"] = round(len(documents) / seconds, 2)
        print(f"{name:8} {seconds:8.1f} s  {len(documents) / seconds:6.2f} articles/s", flush=True)
        reference = reference if reference is not None else results
        identical = identical and results == reference
    row = record("engines", articles=len(documents), words=words, cpus=os.cpu_count(),
                 load_avg_start=round(load_before, 2), load_avg_end=round(os.getloadavg()[0], 2),
                 identical_results=identical, **figures)
    print(json.dumps(row))
    if not identical:
        raise SystemExit("engines disagree: the per-document results differ")


if __name__ == "__main__":
    main()
