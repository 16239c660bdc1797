"""Tone toward actors, per source, in the author's own voice and, separately, in the voices it quotes.

Each document's sentences that mention an actor are scored per voice by the per-document ``tone``
stage (:mod:`manysides.extract.tone`); here they are added up. The per-source score is the mean of the
sentence scores (p(positive) − p(negative)), weighted by the classifier's confidence (its top
probability), so hesitant sentences count less.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from manysides.extract.tone import ToneItem, document_tones, split_sentences
from manysides.model import Actor, Document, Statement

__all__ = ["LABEL_THRESHOLD", "label_for", "source_stances", "split_sentences", "stances_from_tones"]

LABEL_THRESHOLD = 0.2  # |score| below this is "neutral": one mildly worded sentence is not a stance


@dataclass(slots=True)
class _Tally:
    evidence: list[dict[str, Any]] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)


def _summary(tally: _Tally) -> dict[str, Any]:
    """Confidence-weighted mean score, its label, and the evidence sentences."""
    total = sum(tally.weights)
    score = sum(w * e["score"] for w, e in zip(tally.weights, tally.evidence)) / total if total else 0.0
    score = max(-1.0, min(1.0, score))
    return {"score": round(score, 4), "label": label_for(score), "n": len(tally.evidence),
            "evidence": tally.evidence}


def label_for(score: float) -> str:
    """The label of an aggregate score: beyond ±LABEL_THRESHOLD it leans, otherwise it is neutral."""
    if score >= LABEL_THRESHOLD:
        return "positive"
    if score <= -LABEL_THRESHOLD:
        return "negative"
    return "neutral"


def source_stances(documents: Sequence[Document], actors: Sequence[Actor], statements: Sequence[Statement],
                   sentences_by_doc: Mapping[str, Sequence[tuple[int, int]]] | None = None,
                   model: Any = None) -> list[dict[str, Any]]:
    """Tone of each source toward each actor it mentions, author voice and quoted voice kept apart.

    Scores every document (:func:`~manysides.extract.tone.document_tones`) and adds the sentences up
    (:func:`stances_from_tones`). ``sentences_by_doc`` maps document id → sentence spans (e.g.
    spaCy's); a document missing from it (or ``None``) is split by :func:`split_sentences`. ``model``
    is a :class:`~manysides.stance.TargetSentimentModel` (the shipped one by default).
    """
    tones = [tone for doc in documents
             for tone in document_tones(doc, actors, statements, (sentences_by_doc or {}).get(doc.id), model)]
    return stances_from_tones(tones, documents, actors)


def stances_from_tones(tones: Sequence[ToneItem], documents: Sequence[Document],
                       actors: Sequence[Actor]) -> list[dict[str, Any]]:
    """One record per (source, actor) from scored sentences, in document order, then actor order.

    A record whose source never speaks of the actor in its own voice has ``score`` and ``label``
    ``None`` and ``n`` 0; its quoted voice is still reported. A sentence counts once per voice, even
    where two of a document's actors turned out to be one corpus actor.
    """
    doc_rank = {doc.id: n for n, doc in enumerate(documents)}
    actor_rank = {actor.id: n for n, actor in enumerate(actors)}
    tallies: dict[tuple[str, str, str], _Tally] = {}
    seen: set[tuple[str, str, str, int, int]] = set()
    for tone in tones:
        if (tone.doc, tone.actor, tone.voice, tone.start, tone.end) in seen:
            continue
        seen.add((tone.doc, tone.actor, tone.voice, tone.start, tone.end))
        tally = tallies.setdefault((tone.doc, tone.actor, tone.voice), _Tally())
        tally.evidence.append({"doc": tone.doc, "start": tone.start, "end": tone.end, "score": tone.score})
        tally.weights.append(tone.weight)
    pairs = sorted({key[:2] for key in tallies},
                   key=lambda p: (doc_rank.get(p[0], len(doc_rank)), actor_rank.get(p[1], len(actor_rank)), p))
    for tally in tallies.values():  # sentence order, also where two local actors' sentences interleave
        order = sorted(range(len(tally.evidence)), key=lambda n: (tally.evidence[n]["start"], tally.evidence[n]["end"]))
        tally.evidence = [tally.evidence[n] for n in order]
        tally.weights = [tally.weights[n] for n in order]
    records = []
    for doc_id, actor_id in pairs:
        author = tallies.get((doc_id, actor_id, "author"))
        quoted = tallies.get((doc_id, actor_id, "quoted"))
        record = {"doc": doc_id, "actor": actor_id, "score": None, "label": None, "n": 0, "evidence": []}
        if author is not None:
            record.update(_summary(author))
        record["quoted"] = None if quoted is None else _summary(quoted)
        records.append(record)
    return records
