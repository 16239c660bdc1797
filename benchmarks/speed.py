"""Speed of `analyze`: model load, the seeds, the demo, and throughput against bare spaCy.

    python benchmarks/speed.py [--articles 500] [--repeat 1]

The throughput comparison runs, in the same process and on the same texts, (a) bare spaCy
``nlp.pipe`` and (b) manysides' per-document pipeline (the same spaCy pass plus sentence, actor,
statement, claim and date extraction, and the tone model's scoring of each sentence that names an
actor) with the cross-document merge and quote linking. The overhead ratio
(b)/(a) should stay under 1.5; with ``--repeat N`` the two alternate N times and the ratio is that of
the fastest of each (on a shared machine a single pass of either can be slowed by other jobs). A third
pass (c) runs the same pipeline without the tone stage, as ``analyze --no-tone`` does.
The comparison step (reuse, timeline, ...) is timed on its own for the seeds and the demo, part by
part: it should not cost more than the per-document extraction. On the seeds the whole analysis
(per-document and comparison) is also set against bare spaCy on the same five texts: the overhead of
the deep analysis with the comparison included. The throughput passes also report processor time:
bare ``nlp.pipe`` runs on one core while the tone model runs beside spaCy's parse of the next
documents on the cores the parse leaves (``annotate``'s background thread), so the wall-clock ratio
flatters manysides on a machine with idle cores; the processor time of spaCy and of
each per-document stage is also given for the first 60 articles. Fixed per-process costs are timed
apart, as the spaCy and encoder loads are: loading the tone model, embedding the frame codebook and
reading the story features' background table.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import time
from itertools import islice

from common import SHARED, record, require

from manysides import pipeline
from manysides.cli import demo_corpus_dir
from manysides.io import document_from_text, read_inputs
from manysides.nlp import load_pipeline
from manysides.pipeline import DocumentPipeline, annotate, combine, compare_documents, stages_for

PROFILED = 60  # articles whose per-stage processor time is reported
COMPARE_PARTS = ("find_reuse", "align_claims", "build_timeline", "stances_from_tones", "frame_shares",
                 "compose_brief")


def timed_analysis(documents, nlp) -> tuple[float, float, dict[str, float]]:
    """Seconds for the per-document part (with merging and quote links), for the comparison, and for
    each part of the comparison."""
    start = time.perf_counter()
    states = list(annotate(documents, nlp))
    analysis = combine(states, compare=False)
    per_document = time.perf_counter() - start
    parts: dict[str, float] = {}
    originals = {name: getattr(pipeline, name) for name in COMPARE_PARTS}

    def timer(name, func):
        def run(*args, **kwargs):
            begin = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                parts[name] = parts.get(name, 0.0) + time.perf_counter() - begin
        return run

    for name, func in originals.items():
        setattr(pipeline, name, timer(name, func))
    try:
        start = time.perf_counter()
        compare_documents(analysis, states)
        compare = time.perf_counter() - start
    finally:
        for name, func in originals.items():
            setattr(pipeline, name, func)
    return per_document, compare, {name: round(seconds, 2) for name, seconds in parts.items()}


def spacy_seconds(texts: list[str], nlp, repeat: int = 2) -> float:
    """Best of ``repeat`` bare ``nlp.pipe`` passes over ``texts``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
        best = min(best, time.perf_counter() - start)
    return best


def stage_seconds(documents, nlp) -> dict[str, float]:
    """Processor seconds of spaCy and of each per-document stage over ``documents``, one after another
    (so the tone model's cost is seen apart, whichever cores it spreads over)."""
    cpu = cpu_seconds()
    parsed = list(nlp.pipe([d.text for d in documents], batch_size=16))
    seconds = {"spacy": cpu_seconds() - cpu}
    for document, sdoc in zip(documents, parsed):
        state = pipeline.DocumentState(document=document, sdoc=sdoc)
        for stage in pipeline.DEFAULT_STAGES:
            cpu = cpu_seconds()
            stage(state)
            seconds[stage.name] = seconds.get(stage.name, 0.0) + cpu_seconds() - cpu
    return {name: round(value, 2) for name, value in seconds.items()}


def cpu_seconds() -> float:
    """Processor time of this process and its threads so far (user + system)."""
    times = os.times()
    return times.user + times.system


def allsides_documents(n: int):
    path = require(SHARED / "data" / "allsides" / "articles.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in islice(handle, n)]
    return [document_from_text(row["text"], str(row["id"])) for row in rows if row.get("text", "").strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=1, help="alternate the two throughput passes N times")
    args = parser.parse_args()

    start = time.perf_counter()
    nlp = load_pipeline()
    load_s = time.perf_counter() - start
    nlp("Warm-up sentence so that lazy initialisation is not timed.")
    from manysides.nlp.embeddings import default_encoder

    start = time.perf_counter()
    default_encoder().encode(["Warm-up sentence for the encoder."])
    encoder_load_s = time.perf_counter() - start
    from manysides.compare.frames import prepare
    from manysides.stance import default_model

    start = time.perf_counter()
    default_model()
    stance_load_s = time.perf_counter() - start
    start = time.perf_counter()
    prepare()
    codebook_s = time.perf_counter() - start
    from manysides.cluster import background_df

    start = time.perf_counter()
    background_df()  # the story features' background table (claim alignment's story check)
    story_table_s = time.perf_counter() - start

    seeds = read_inputs([require(SHARED / "seeds")]).documents
    demo = read_inputs([demo_corpus_dir()]).documents
    seeds_spacy_s = spacy_seconds([d.text for d in seeds], nlp)  # its first pass also warms spaCy up
    seeds_s, seeds_compare_s, seeds_parts = timed_analysis(seeds, nlp)
    demo_s, demo_compare_s, demo_parts = timed_analysis(demo, nlp)

    documents = allsides_documents(args.articles)
    texts = [d.text for d in documents]
    words = sum(len(t.split()) for t in texts)
    spacy_runs, manysides_runs, spacy_cpu, manysides_cpu = [], [], [], []
    no_tone_runs, no_tone_cpu = [], []
    no_tone = DocumentPipeline(stages_for(tone=False))  # `analyze --no-tone`
    for _ in range(max(1, args.repeat)):
        start, cpu = time.perf_counter(), cpu_seconds()
        for _ in nlp.pipe(texts, batch_size=16):
            pass
        spacy_runs.append(time.perf_counter() - start)
        spacy_cpu.append(cpu_seconds() - cpu)
        start, cpu = time.perf_counter(), cpu_seconds()
        combine(annotate(documents, nlp), compare=False)
        manysides_runs.append(time.perf_counter() - start)
        manysides_cpu.append(cpu_seconds() - cpu)
        start, cpu = time.perf_counter(), cpu_seconds()
        combine(annotate(documents, nlp, pipeline=no_tone), compare=False, tone=False)
        no_tone_runs.append(time.perf_counter() - start)
        no_tone_cpu.append(cpu_seconds() - cpu)
    spacy_s, manysides_s = min(spacy_runs), min(manysides_runs)
    profiled = documents[:PROFILED]
    stages = stage_seconds(profiled, nlp)

    figures = {
        "model_load_s": round(load_s, 2), "encoder_load_s": round(encoder_load_s, 2),
        "stance_load_s": round(stance_load_s, 2), "frames_codebook_s": round(codebook_s, 2),
        "story_table_s": round(story_table_s, 2),
        "seeds_docs": len(seeds), "seeds_per_document_s": round(seeds_s, 2),
        "seeds_compare_s": round(seeds_compare_s, 2), "seeds_compare_parts_s": seeds_parts,
        "seeds_spacy_s": round(seeds_spacy_s, 2),
        "seeds_full_overhead_ratio": round((seeds_s + seeds_compare_s) / seeds_spacy_s, 2),
        "demo_docs": len(demo), "demo_per_document_s": round(demo_s, 2), "demo_compare_s": round(demo_compare_s, 2),
        "demo_compare_parts_s": demo_parts,
        "corpus": "allsides articles.jsonl.gz (first N)", "articles": len(documents), "words": words,
        "spacy_pipe_s": round(spacy_s, 1), "manysides_s": round(manysides_s, 1),
        "spacy_articles_per_s": round(len(documents) / spacy_s, 2),
        "manysides_articles_per_s": round(len(documents) / manysides_s, 2),
        "overhead_ratio": round(manysides_s / spacy_s, 3),
        # spaCy's pass runs on one core; the tone model spreads its runs over all of them. Processor time
        # is the like-for-like figure: what the machine spends, whoever runs in parallel.
        "spacy_cpu_s": round(min(spacy_cpu), 1), "manysides_cpu_s": round(min(manysides_cpu), 1),
        "cpu_overhead_ratio": round(min(manysides_cpu) / min(spacy_cpu), 3),
        # `analyze --no-tone`: every per-document stage but the tone model.
        "no_tone_s": round(min(no_tone_runs), 1), "no_tone_overhead_ratio": round(min(no_tone_runs) / spacy_s, 3),
        "no_tone_cpu_s": round(min(no_tone_cpu), 1),
        "no_tone_cpu_overhead_ratio": round(min(no_tone_cpu) / min(spacy_cpu), 3),
        "stage_cpu_s": stages, "stage_profile_articles": len(profiled),
    }
    if args.repeat > 1:
        figures["repeats"] = args.repeat
        figures["overhead_ratios_each"] = [round(m / s, 3) for s, m in zip(spacy_runs, manysides_runs)]
        figures["no_tone_overhead_ratios_each"] = [round(m / s, 3) for s, m in zip(spacy_runs, no_tone_runs)]
    row = record("speed_analyze", **figures)
    for key, value in row.items():
        print(f"{key:>26}: {value}")


if __name__ == "__main__":
    main()
