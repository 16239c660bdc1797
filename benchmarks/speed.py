"""Speed of `analyze`: model load, the seeds, the demo, and throughput against bare spaCy.

    python benchmarks/speed.py [--articles 500]

The throughput comparison runs, in the same process and on the same texts, (a) bare spaCy
``nlp.pipe`` and (b) manysides' per-document pipeline (the same spaCy pass plus sentence, actor,
statement and date extraction) with the cross-document merge and quote linking. The overhead ratio
(b)/(a) should stay under 1.5. The comparison step (reuse, timeline, ...) is timed on its own for the
seeds and the demo: it should not cost more than the per-document extraction.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from itertools import islice

from common import SHARED, record, require

from manysides.cli import demo_corpus_dir
from manysides.io import document_from_text, read_inputs
from manysides.nlp import load_pipeline
from manysides.pipeline import annotate, combine, compare_documents


def timed_analysis(documents, nlp) -> tuple[float, float]:
    """Seconds for the per-document part (with merging and quote links), and for the comparison."""
    start = time.perf_counter()
    states = list(annotate(documents, nlp))
    analysis = combine(states, compare=False)
    per_document = time.perf_counter() - start
    start = time.perf_counter()
    compare_documents(analysis, states)
    return per_document, time.perf_counter() - start


def allsides_documents(n: int):
    path = require(SHARED / "data" / "allsides" / "articles.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in islice(handle, n)]
    return [document_from_text(row["text"], str(row["id"])) for row in rows if row.get("text", "").strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()

    start = time.perf_counter()
    nlp = load_pipeline()
    load_s = time.perf_counter() - start
    nlp("Warm-up sentence so that lazy initialisation is not timed.")
    from manysides.nlp.embeddings import default_encoder

    start = time.perf_counter()
    default_encoder().encode(["Warm-up sentence for the encoder."])
    encoder_load_s = time.perf_counter() - start

    seeds = read_inputs([require(SHARED / "seeds")]).documents
    demo = read_inputs([demo_corpus_dir()]).documents
    seeds_s, seeds_compare_s = timed_analysis(seeds, nlp)
    demo_s, demo_compare_s = timed_analysis(demo, nlp)

    documents = allsides_documents(args.articles)
    texts = [d.text for d in documents]
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    spacy_s = time.perf_counter() - start
    start = time.perf_counter()
    combine(annotate(documents, nlp), compare=False)
    manysides_s = time.perf_counter() - start

    figures = {
        "model_load_s": round(load_s, 2), "encoder_load_s": round(encoder_load_s, 2),
        "seeds_docs": len(seeds), "seeds_per_document_s": round(seeds_s, 2),
        "seeds_compare_s": round(seeds_compare_s, 2),
        "demo_docs": len(demo), "demo_per_document_s": round(demo_s, 2), "demo_compare_s": round(demo_compare_s, 2),
        "corpus": "allsides articles.jsonl.gz (first N)", "articles": len(documents), "words": words,
        "spacy_pipe_s": round(spacy_s, 1), "manysides_s": round(manysides_s, 1),
        "spacy_articles_per_s": round(len(documents) / spacy_s, 2),
        "manysides_articles_per_s": round(len(documents) / manysides_s, 2),
        "overhead_ratio": round(manysides_s / spacy_s, 3),
    }
    row = record("speed_analyze", **figures)
    for key, value in row.items():
        print(f"{key:>26}: {value}")


if __name__ == "__main__":
    main()
