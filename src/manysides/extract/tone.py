"""Tone toward actors in one document: every sentence that mentions an actor, scored by voice.

A source that quotes a senator attacking the president is reporting an attack, not making one. So
for each actor the document mentions, the target-dependent classifier of :mod:`manysides.stance`
scores every sentence that mentions it, and the sentence is split by voice:

* **author voice**: a mention outside every statement content span (direct, partial or indirect).
  Quoted material in the same sentence is replaced by an ellipsis before scoring, so
  ``Trump is "a disgrace", Kelly said`` counts for the author as the neutral ``Trump is …, Kelly said``;
* **quoted voice**: any sentence that carries statement content and mentions the actor other than
  as the speaker of that content; the whole sentence is scored.

Boilerplate regions are skipped, and so are actors of kind ``place`` (a place is a setting, not a
party with a stance). This is per-document work (the pipeline's ``tone`` stage, so an engine runs it
beside spaCy on any worker); :mod:`manysides.compare.stance` only adds the scored sentences up per
source and actor.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from manysides.model import Actor, Document, Statement

STANCE_KINDS = frozenset({"person", "organisation", "state", "outlet", "group"})
ELLIPSIS = "…"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n\s*\n|\n(?=\s*[-*•])")


@dataclass(slots=True)
class ToneItem:
    """One scored sentence: the tone of ``doc``'s sentence ``[start, end)`` toward ``actor`` in one voice.

    ``score`` is p(positive) − p(negative) and ``weight`` the classifier's top probability, so a
    hesitant sentence counts less when a source's sentences are added up.
    """

    doc: str
    actor: str
    voice: str  # "author" | "quoted"
    start: int
    end: int
    score: float
    weight: float


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
    return _merged([(max(s.content.start, sentence[0]), min(s.content.end, sentence[1])) for s in statements
                    if s.content.start < sentence[1] and s.content.end > sentence[0]])


def _merged(parts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted, with overlapping ones joined and empty ones dropped."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(parts):
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
        # Page furniture pasted into the sentence (a link card) is elided like quoted words.
        furniture = [(r.start, r.end) for r in doc.inner_boilerplate(*sentence)]
        text, target = _residual(doc.text, sentence, _merged(quoted + furniture), outside[0])
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


def document_tones(doc: Document, actors: Sequence[Actor], statements: Sequence[Statement],
                   sentences: Sequence[tuple[int, int]] | None = None, model: Any = None) -> list[ToneItem]:
    """The scored (actor, sentence, voice) items of one document, actors in the given order.

    ``actors`` and ``statements`` may be the document's own or the corpus's (mentions and statements
    of other documents are ignored). ``sentences`` are the document's sentence spans (spaCy's);
    ``None`` splits with :func:`split_sentences`. ``model`` defaults to the shipped
    :class:`~manysides.stance.TargetSentimentModel`.
    """
    own = [s for s in statements if s.doc == doc.id]
    items = _document_items(doc, actors, own, split_sentences(doc.text) if sentences is None else sentences)
    if not items:
        return []
    if model is None:
        from manysides.stance import default_model

        model = default_model()
    labels = list(model.config.labels)
    negative, positive = labels.index("negative"), labels.index("positive")
    probabilities = score_items(model, [(i.text, i.target[0], i.target[1]) for i in items])
    return [ToneItem(doc.id, item.key[1], item.key[2], item.sentence[0], item.sentence[1],
                     round(max(-1.0, min(1.0, float(row[positive] - row[negative]))), 4), float(max(row)))
            for item, row in zip(items, probabilities)]
