"""Scale of claim alignment: align_claims on 50, 200, 500 articles of one story.

    python benchmarks/compare_scale.py [--sizes 50 200 500] [--spacy]

Streams ../shared/data/allsides/articles.jsonl.gz (never copied) and takes the articles of the
``topic`` with the most articles. Claim units come from a regex sentence split by default (spaCy
costs ~0.25 s per article on two cores, which would swamp the comparison being measured); with
``--spacy`` they come from ``extract_claims`` on ``nlp.pipe`` (with actors, so the actor-action steps
have keys to index) and the parse time is reported apart.
Reports the time to encode the units, to find and score candidate pairs, and to group them, with
the number of scored pairs against all cross-document pairs: the candidate stage must stay
near-linear in the number of units.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import time
from collections import Counter
from collections.abc import Iterator

import numpy as np
from common import SHARED, record, require

from manysides.compare import align
from manysides.extract.claims import ClaimUnit
from manysides.model import Document

CORPUS = SHARED / "data" / "allsides" / "articles.jsonl.gz"
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")
_WORD = re.compile(r"[A-Za-z][a-z]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?%?")
_NAME = re.compile(r"(?:[A-Z][a-z]+ ?){1,3}")


def _rows() -> Iterator[dict]:
    with gzip.open(require(CORPUS), "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def story(limit: int) -> list[Document]:
    """Up to ``limit`` articles of the most frequent topic (two passes over the stream, nothing stored)."""
    topics = Counter(row.get("topic") for row in _rows() if row.get("text") and row.get("topic"))
    topic = topics.most_common(1)[0][0]
    documents = []
    for row in _rows():
        if row.get("topic") == topic and row.get("text"):
            documents.append(Document(str(row["id"]), row["text"], outlet=row.get("outlet")))
            if len(documents) == limit:
                break
    return documents


def regex_units(document: Document) -> list[ClaimUnit]:
    """Sentences of 8+ words as claim units, with crude lemmas, numbers and names (no spaCy)."""
    units = []
    for match in _SENTENCE.finditer(document.text):
        text = match.group().strip()
        if len(text.split()) < 8 or text.endswith("?"):
            continue
        start = document.text.index(text, match.start())
        units.append(ClaimUnit(document.id, start, start + len(text), text,
                               numbers=_NUMBER.findall(text),
                               entities=[n.strip().lower() for n in _NAME.findall(text[1:])],
                               lemmas=[w.lower() for w in _WORD.findall(text) if len(w) > 3]))
    return units


def spacy_units(documents: list[Document]) -> tuple[dict[str, list[ClaimUnit]], float]:
    """Claim units as the pipeline makes them, actor actions included (renamed to corpus actor ids)."""
    from manysides.extract.actions import rename_actors
    from manysides.extract.actor_merge import merge_actors
    from manysides.extract.actors import extract_actors
    from manysides.extract.claims import extract_claims
    from manysides.extract.statements import extract_statements
    from manysides.nlp import load_pipeline

    nlp = load_pipeline()
    start = time.perf_counter()
    units, actors = {}, []
    for document, sdoc in zip(documents, nlp.pipe((d.text for d in documents), batch_size=16)):
        found = extract_actors(document, sdoc)
        actors.append(found)
        units[document.id] = extract_claims(document, sdoc, extract_statements(document, sdoc, found), found)
    _, id_map = merge_actors(actors)
    for doc_units in units.values():
        for unit in doc_units:
            unit.actions = rename_actors(unit.actions, id_map)
    return units, time.perf_counter() - start


def run(documents: list[Document], use_spacy: bool) -> dict:
    from manysides.nlp.embeddings import default_encoder

    encoder = default_encoder()
    parse_s = 0.0
    if use_spacy:
        units_by_doc, parse_s = spacy_units(documents)
    else:
        units_by_doc = {d.id: regex_units(d) for d in documents}
    units = [u for d in documents for u in units_by_doc[d.id]]
    t0 = time.perf_counter()
    vectors = encoder.encode([u.text for u in units])
    t1 = time.perf_counter()
    codes = np.array([hash(u.doc) for u in units])
    candidates = align.candidate_pairs(vectors, codes)
    pairs = align.score_pairs(units, candidates)
    t2 = time.perf_counter()
    story = align.StorySimilarity(documents)
    shared = align.action_pairs(units, vectors, codes, story)
    opposed = align.opposed_pairs(units, vectors, codes, story)
    t_actions = time.perf_counter() - t2
    t2 = time.perf_counter()
    clusters = align.average_linkage(units, pairs)
    t3 = time.perf_counter()
    groups, omissions = align.align_claims(units_by_doc, documents, _Cached(units, vectors))
    t4 = time.perf_counter()
    per_doc = Counter(u.doc for u in units)
    cross = (len(units) ** 2 - sum(c * c for c in per_doc.values())) // 2
    figures = {
        "n_docs": len(documents), "units": len(units), "parse_s": round(parse_s, 2),
        "encode_s": round(t1 - t0, 2), "candidates_and_score_s": round(t2 - t1, 2),
        "group_s": round(t3 - t2, 2), "align_without_encode_s": round(t4 - t3, 2),
        "units_with_actions": sum(bool(u.actions) for u in units), "action_pairs": len(shared),
        "opposed_pairs": len(opposed), "actions_s": round(t_actions, 2),
        "scored_pairs": len(candidates), "cross_doc_pairs": cross, "links": len(pairs),
        "multi_source_groups": sum(len({units[m].doc for m in c}) > 1 for c in clusters),
        "groups_emitted": len(groups), "omissions": len(omissions),
        "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "load_avg_1m": round(os.getloadavg()[0], 1),  # other processes on the cores inflate every time
    }
    print(json.dumps(figures))
    return figures


class _Cached:
    """An encoder that returns already computed vectors, so align_claims is timed without encoding."""

    def __init__(self, units: list[ClaimUnit], vectors: np.ndarray) -> None:
        self._rows = {u.text: v for u, v in zip(units, vectors)}

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._rows[t] for t in texts])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--spacy", action="store_true", help="claim units from spaCy instead of a regex split")
    args = parser.parse_args()
    documents = story(max(args.sizes))
    for size in args.sizes:
        figures = run(documents[:size], args.spacy)
        record("compare_scale", dataset="allsides", units_from="spacy" if args.spacy else "regex", **figures)


if __name__ == "__main__":
    main()
