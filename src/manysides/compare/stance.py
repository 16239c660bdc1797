"""Tone toward actors, per source, in the author's own voice and, separately, in the voices it quotes.

A source that quotes a senator attacking the president is reporting an attack, not making one. So
for each document × actor, the target-dependent classifier of :mod:`manysides.stance` scores every
sentence that mentions the actor, and the sentence is split by voice:

* **author voice** — a mention outside every statement content span (direct, partial or indirect).
  Quoted material in the same sentence is replaced by an ellipsis before scoring, so
  ``Trump is "a disgrace", Kelly said`` counts for the author as the neutral ``Trump is …, Kelly said``;
* **quoted voice** — any sentence that carries statement content and mentions the actor other than
  as the speaker of that content; the whole sentence is scored, and reported under ``"quoted"``.

The per-source score is the mean of the sentence scores (p(positive) − p(negative)), weighted by the
classifier's confidence (its top probability), so hesitant sentences count less. Boilerplate regions
are skipped, and so are actors of kind ``place`` (a place is a setting, not a party with a stance).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from manysides.model import Actor, Document, Statement

STANCE_KINDS = frozenset({"person", "organisation", "state", "outlet", "group"})
LABEL_THRESHOLD = 0.2  # |score| below this is "neutral": one mildly worded sentence is not a stance
ELLIPSIS = "…"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-*•])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """A plain regex fallback for when no parser sentences are given: ``(start, end)`` spans, trimmed."""
    spans, begin = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((begin, match.start()))
        begin = match.end()
    spans.append((begin, len(text)))
    trimmed = []
    for start, end in spans:
        piece = text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            trimmed.append((start + left, start + right))
    return trimmed


@dataclass(slots=True)
class _Item:
    """One sentence to score: which record it belongs to, the text the model sees, and the target in it."""

    key: tuple[str, str, str]  # (doc id, actor id, "author" | "quoted")
    sentence: tuple[int, int]
    text: str
    target: tuple[int, int]


@dataclass(slots=True)
class _Tally:
    evidence: list[dict[str, Any]] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)


def _residual(text: str, sentence: tuple[int, int], quoted: list[tuple[int, int]],
              mention: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """The sentence with quoted parts replaced by an ellipsis, and the mention's offsets in that text."""
    pieces: list[str] = []
    length, cursor, target = 0, sentence[0], None
    for q_start, q_end in [*quoted, (sentence[1], sentence[1])]:
        chunk = text[cursor:q_start]
        if cursor <= mention[0] < q_start:
            begin = length + mention[0] - cursor
            target = (begin, length + min(mention[1], q_start) - cursor)
        pieces.append(chunk)
        length += len(chunk)
        if q_end > q_start:
            pieces.append(ELLIPSIS)
            length += len(ELLIPSIS)
        cursor = q_end
    if target is None:
        raise ValueError("mention lies inside quoted text")  # callers only pass author-voice mentions
    return "".join(pieces), target


def _quoted_parts(statements: Sequence[Statement], sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """Statement content spans clipped to the sentence, sorted and merged."""
    parts = sorted((max(s.content.start, sentence[0]), min(s.content.end, sentence[1])) for s in statements
                   if s.content.start < sentence[1] and s.content.end > sentence[0])
    merged: list[tuple[int, int]] = []
    for start, end in parts:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        elif end > start:
            merged.append((start, end))
    return merged


def _sentence_items(doc: Document, actor: Actor, mentions: list[tuple[int, int]], sentence: tuple[int, int],
                    statements: Sequence[Statement]) -> list[_Item]:
    """Items for one actor in one sentence: at most one author-voice item and one quoted-voice item."""
    quoted = _quoted_parts(statements, sentence)
    inside = [m for m in mentions if any(q0 <= m[0] < q1 for q0, q1 in quoted)]
    outside = [m for m in mentions if m not in inside]
    s0, s1 = sentence
    items = []
    if outside:
        text, target = _residual(doc.text, sentence, quoted, outside[0])
        items.append(_Item((doc.id, actor.id, "author"), sentence, text, target))
    # A speaker named outside the quotation ("…," Kelly said) is not what the quotation is about.
    speakers = [(st.speaker_span.start, st.speaker_span.end) for st in statements if st.speaker_span is not None]
    about = inside + [m for m in outside if not any(a < m[1] and m[0] < b for a, b in speakers)]
    if quoted and about:
        first = min(about)
        items.append(_Item((doc.id, actor.id, "quoted"), sentence, doc.text[s0:s1], (first[0] - s0, first[1] - s0)))
    return items


def _document_items(doc: Document, actors: Sequence[Actor], statements: Sequence[Statement],
                    sentences: Sequence[tuple[int, int]]) -> list[_Item]:
    """Every (actor, sentence, voice) item of one document, sentences in text order."""
    sentences = sorted((int(s), int(e)) for s, e in sentences if e > s)
    starts = [s for s, _ in sentences]
    items = []
    for actor in actors:
        if actor.kind not in STANCE_KINDS:
            continue
        by_sentence: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for mention in actor.mentions:
            if mention.doc != doc.id or mention.end <= mention.start or doc.in_boilerplate(mention.start, mention.end):
                continue
            index = bisect.bisect_right(starts, mention.start) - 1
            if index < 0 or mention.end > sentences[index][1] or doc.in_boilerplate(*sentences[index]):
                continue
            if doc.text[mention.start:mention.end].strip():
                by_sentence.setdefault(sentences[index], []).append((mention.start, mention.end))
        for sentence in sorted(by_sentence):
            items.extend(_sentence_items(doc, actor, sorted(by_sentence[sentence]), sentence, statements))
    return items


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

    ``sentences_by_doc`` maps document id → sentence spans (e.g. spaCy's); a document missing from it
    (or ``None``) is split by :func:`split_sentences`. ``model`` is a
    :class:`~manysides.stance.TargetSentimentModel` (the shipped one by default). A record whose
    source never speaks of the actor in its own voice has ``score`` and ``label`` ``None`` and
    ``n`` 0; its quoted voice is still reported.
    """
    statements_by_doc: dict[str, list[Statement]] = {}
    for statement in statements:
        statements_by_doc.setdefault(statement.doc, []).append(statement)
    items: list[_Item] = []
    for doc in documents:
        given = (sentences_by_doc or {}).get(doc.id)
        sentences = split_sentences(doc.text) if given is None else given
        items.extend(_document_items(doc, actors, statements_by_doc.get(doc.id, []), sentences))
    if not items:
        return []
    if model is None:
        from manysides.stance import default_model

        model = default_model()
    probabilities = score_items(model, [(i.text, i.target[0], i.target[1]) for i in items])
    return _records(items, probabilities, model.config.labels)


def score_items(model: Any, items: Sequence[tuple[str, int, int]]) -> Any:
    """``model.probabilities(items)``, with a repeated (sentence, target) scored once.

    Only for a model that scores one item per run (``batch_size == 1``, the shipped default): its
    probabilities for an item do not depend on what else is scored. Any other model is called as given.
    """
    if getattr(model, "batch_size", None) != 1 or len(items) < 2:
        return model.probabilities(list(items))
    unique = list(dict.fromkeys(items))
    position = {item: n for n, item in enumerate(unique)}
    return np.asarray(model.probabilities(unique))[[position[item] for item in items]]


def _records(items: list[_Item], probabilities: Any, labels: Sequence[str]) -> list[dict[str, Any]]:
    """Group scored items into one output record per (doc, actor), in first-seen order."""
    neg, pos = labels.index("negative"), labels.index("positive")
    tallies: dict[tuple[str, str, str], _Tally] = {}
    order: list[tuple[str, str]] = []
    for item, row in zip(items, probabilities):
        if item.key[:2] not in order:
            order.append(item.key[:2])
        tally = tallies.setdefault(item.key, _Tally())
        score = max(-1.0, min(1.0, float(row[pos] - row[neg])))
        tally.evidence.append({"doc": item.key[0], "start": item.sentence[0], "end": item.sentence[1],
                               "score": round(score, 4)})
        tally.weights.append(float(max(row)))
    records = []
    for doc_id, actor_id in order:
        author = tallies.get((doc_id, actor_id, "author"))
        quoted = tallies.get((doc_id, actor_id, "quoted"))
        record = {"doc": doc_id, "actor": actor_id, "score": None, "label": None, "n": 0, "evidence": []}
        if author is not None:
            record.update(_summary(author))
        record["quoted"] = None if quoted is None else _summary(quoted)
        records.append(record)
    return records
