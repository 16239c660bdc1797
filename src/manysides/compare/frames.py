"""How each source frames the event: the share of its text given to each Media Frames Corpus frame.

Two outlets can report the same facts and still tell different stories: one dwells on costs and
markets, another on law and courts, a third on who wins politically. The Media Frames Corpus codebook
(Boydstun et al. 2014) names fifteen such framing dimensions. No MFC training data is available
offline, so this is a transparent zero-shot classifier that a reader can inspect and argue with:

* every frame has a codebook description, a dozen general prototype sentences and a small keyword
  lexicon, all in ``manysides/data/frames.json`` (written for manysides, about no particular event);
* each sentence is embedded with the MiniLM encoder and scored against each frame as the mean of its
  :data:`TOP_K` highest cosines to the frame's prototypes (the description counts as one), plus
  :data:`KEYWORD_WEIGHT` per distinct keyword it contains (at most :data:`MAX_KEYWORDS`): the
  embedding catches paraphrase, the lexicon anchors vocabulary the small model blurs;
* a sentence goes to its best frame when that score reaches :data:`THRESHOLD`, else to ``other``;
* a frame's share is the characters of the source's sentences assigned to it over the characters of
  all its scored sentences (boilerplate never counts), so shares of one source sum to 1 with ``other``.

This measures *where a text spends its words*, not a trained frame label; ``benchmarks/frames_sanity.py``
checks only that the distribution moves the expected way across BBC topic categories.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from manysides.compare.reuse import sentences as split_sentences
from manysides.model import Document

if TYPE_CHECKING:
    from manysides.nlp.embeddings import SentenceEncoder

FRAMES_FILE = Path(__file__).resolve().parents[1] / "data" / "frames.json"
# The codebook's prototype vectors under the default encoder, computed by scripts/build_frame_vectors.py:
# embedding them costs about a second per process, loading them a few milliseconds.
PROTOTYPE_VECTORS_FILE = FRAMES_FILE.with_name("frame_vectors.npz")
OTHER = "other"
TOP_K = 3              # mean of the 3 best prototype cosines: one lucky prototype is not enough
KEYWORD_WEIGHT = 0.05  # per distinct keyword; 3 keywords move a sentence as much as a fair paraphrase
MAX_KEYWORDS = 3
THRESHOLD = 0.32       # below this a sentence is narration ("The meeting lasted two hours") -> other
EVIDENCE_PER_FRAME = 3


@dataclass(frozen=True, slots=True)
class Frame:
    """One codebook frame: what it means, sentences that typify it, and words that signal it."""

    id: str
    label: str
    description: str
    prototypes: tuple[str, ...]
    keywords: re.Pattern[str] | None


_KEYWORD_REGEX = r"(?<![\w-])(?:{})(?![\w-])"
_WORD_START = re.compile(r"(?<![\w-])\w")
# For a frame's keyword regex: the same regex cut down to the keywords that begin with each letter.
_BY_FIRST_LETTER: dict[re.Pattern[str], dict[str, re.Pattern[str]]] = {}


def _keyword_pattern(keywords: Sequence[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex per frame; ``stem*`` matches any word starting with ``stem``."""
    parts = []
    for keyword in keywords:
        stem = keyword.rstrip("*").strip()
        body = r"\s+".join(re.escape(word) for word in stem.split())
        parts.append((body + (r"\w*" if keyword.endswith("*") else ""), stem[:1]))
    if not parts:
        return None
    parts.sort(key=lambda part: len(part[0]), reverse=True)  # longest first (a stable sort: ties keep their order)
    pattern = re.compile(_KEYWORD_REGEX.format("|".join(body for body, _ in parts)), re.IGNORECASE)
    if all(first.isascii() and first.isalnum() for _, first in parts):
        by_letter: dict[str, list[str]] = {}
        for body, first in parts:
            by_letter.setdefault(first.lower(), []).append(body)
        _BY_FIRST_LETTER[pattern] = {letter: re.compile(_KEYWORD_REGEX.format("|".join(bodies)), re.IGNORECASE)
                                     for letter, bodies in by_letter.items()}
    return pattern


@lru_cache(maxsize=4)
def load_frames(path: str | Path = FRAMES_FILE) -> tuple[Frame, ...]:
    """The codebook frames (``other`` excluded: it is what is left, not something to match)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return tuple(Frame(item["id"], item["label"], item["description"], tuple(item["prototypes"]),
                       _keyword_pattern(item.get("keywords", []))) for item in data["frames"])


_PROTOTYPE_CACHE: weakref.WeakKeyDictionary[Any, dict[tuple[Frame, ...], tuple[np.ndarray, np.ndarray]]] = \
    weakref.WeakKeyDictionary()


def prototype_texts(frames: Sequence[Frame]) -> tuple[list[str], np.ndarray]:
    """Every frame's description and prototypes, in codebook order, and the frame index of each."""
    texts, owner = [], []
    for number, frame in enumerate(frames):
        for text in (frame.description, *frame.prototypes):
            texts.append(text)
            owner.append(number)
    return texts, np.array(owner)


def prototype_fingerprint(texts: Sequence[str], encoder: SentenceEncoder) -> str:
    """What the shipped vectors were computed from: the texts, the encoder's model file and length limit."""
    digest = hashlib.sha256("\x1f".join(texts).encode("utf-8"))
    model = Path(getattr(encoder, "model_path", "") or "")
    digest.update(f"|{model.name}|{model.stat().st_size if model.is_file() else -1}|"
                  f"{getattr(encoder, 'max_length', '')}".encode())
    return digest.hexdigest()


def _shipped_vectors(texts: Sequence[str], encoder: SentenceEncoder) -> np.ndarray | None:
    """The precomputed vectors when they were made from exactly these texts by this encoder, else None."""
    if not PROTOTYPE_VECTORS_FILE.is_file():
        return None
    with np.load(PROTOTYPE_VECTORS_FILE) as shipped:
        if str(shipped["fingerprint"]) != prototype_fingerprint(texts, encoder):
            return None
        return shipped["vectors"].astype(np.float32)


def _prototype_matrix(frames: Sequence[Frame], encoder: SentenceEncoder) -> tuple[np.ndarray, np.ndarray]:
    """All prototype vectors and the frame index of each row; embedded once per encoder and codebook
    (read from :data:`PROTOTYPE_VECTORS_FILE` when it matches the codebook and the encoder)."""
    try:
        cache = _PROTOTYPE_CACHE.setdefault(encoder, {})
    except TypeError:  # an encoder that cannot be weakly referenced is simply not cached
        cache = {}
    key = tuple(frames)
    if key not in cache:
        texts, owner = prototype_texts(frames)
        vectors = _shipped_vectors(texts, encoder)
        cache[key] = (encoder.encode(texts) if vectors is None else vectors, owner)
    return cache[key]


def prepare(encoder: SentenceEncoder | None = None, frames: Sequence[Frame] | None = None) -> None:
    """Embed the codebook's prototypes now: a fixed cost, once per encoder and process, that the first
    :func:`frame_shares` would otherwise pay (a long-running service or a benchmark calls this at start)."""
    if encoder is None:
        from manysides.nlp.embeddings import default_encoder

        encoder = default_encoder()
    _prototype_matrix(frames or load_frames(), encoder)


def keyword_counts(text: str, frames: Sequence[Frame]) -> np.ndarray:
    """Distinct keyword hits per frame in ``text`` (capped at :data:`MAX_KEYWORDS`)."""
    counts = np.zeros(len(frames), dtype=np.float32)
    starts: list[tuple[int, str | None]] | None = None
    for number, frame in enumerate(frames):
        if frame.keywords is None:
            continue
        by_letter = _BY_FIRST_LETTER.get(frame.keywords)
        if by_letter is None:
            found = {m.group().lower() for m in frame.keywords.finditer(text)}
        else:
            if starts is None:
                starts = [(m.start(), m.group().lower() if m.group().isascii() else None)
                          for m in _WORD_START.finditer(text)]
            found = _keyword_hits(text, frame.keywords, by_letter, starts)
        counts[number] = min(len(found), MAX_KEYWORDS)
    return counts


def _keyword_hits(text: str, pattern: re.Pattern[str], by_letter: dict[str, re.Pattern[str]],
                  starts: list[tuple[int, str | None]]) -> set[str]:
    """``{m.group().lower() for m in pattern.finditer(text)}``, several times faster.

    Every keyword starts with an ASCII letter or digit at the start of a word, so a match can only
    begin at a word start, and there only a keyword beginning with that letter can match: trying just
    those, in the pattern's own order, finds the very matches ``finditer`` finds. A word starting
    with any other character (which case-folding might still match, such as "ſ") gets the whole pattern.
    """
    found: set[str] = set()
    end = 0
    for start, letter in starts:
        if start < end:
            continue  # inside the previous match: finditer resumes after it
        regex = pattern if letter is None else by_letter.get(letter)
        if regex is None:
            continue
        match = regex.match(text, start)
        if match is not None:
            found.add(match.group().lower())
            end = match.end()
    return found


def score_sentences(texts: Sequence[str], encoder: SentenceEncoder | None = None,
                    frames: Sequence[Frame] | None = None) -> np.ndarray:
    """An ``(n_sentences, n_frames)`` matrix of frame scores (embedding similarity + keyword bonus)."""
    frames = frames or load_frames()
    if not texts:
        return np.zeros((0, len(frames)), dtype=np.float32)
    if encoder is None:
        from manysides.nlp.embeddings import default_encoder

        encoder = default_encoder()
    prototypes, owner = _prototype_matrix(frames, encoder)
    cosines = encoder.encode(list(texts)) @ prototypes.T  # (n, n_prototypes)
    scores = np.zeros((len(texts), len(frames)), dtype=np.float32)
    for number in range(len(frames)):
        columns = cosines[:, owner == number]
        k = min(TOP_K, columns.shape[1])
        scores[:, number] = np.sort(columns, axis=1)[:, -k:].mean(axis=1)
    bonus = np.stack([keyword_counts(text, frames) for text in texts])
    return scores + KEYWORD_WEIGHT * bonus


def classify_sentences(texts: Sequence[str], encoder: SentenceEncoder | None = None,
                       frames: Sequence[Frame] | None = None) -> list[tuple[str, float]]:
    """``(frame id, score)`` per sentence: the best frame when it clears :data:`THRESHOLD`, else ``other``."""
    frames = frames or load_frames()
    scores = score_sentences(texts, encoder, frames)
    labels = []
    for row in scores:
        best = int(np.argmax(row))
        labels.append((frames[best].id if row[best] >= THRESHOLD else OTHER, float(row[best])))
    return labels


def _doc_sentences(document: Document, given: list[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """Sentences to score: the caller's (minus boilerplate and empty ones), else the rule splitter's."""
    if given is None:
        return split_sentences(document)
    kept = []
    for start, end in given:
        piece = document.text[start:end] if 0 <= start < end <= len(document.text) else ""
        start, end = start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())
        if piece.strip() and not document.in_boilerplate(start, end):
            kept.append((start, end))  # trimmed of surrounding whitespace, so evidence is the sentence itself
    return kept


def _records_for(document: Document, spans: list[tuple[int, int]],
                 labels: list[tuple[str, float]]) -> list[dict[str, Any]]:
    """Share and top evidence per frame for one document, frames in codebook order, ``other`` last."""
    total = sum(end - start for start, end in spans)
    by_frame: dict[str, list[tuple[float, int, int]]] = {}
    for (start, end), (frame, score) in zip(spans, labels):
        by_frame.setdefault(frame, []).append((score, start, end))
    order = [frame.id for frame in load_frames()] + [OTHER]
    records = []
    for frame in order:
        members = by_frame.get(frame)
        if not members or total == 0:
            continue
        # Rounded down, so that the shares of one document never sum past 1.
        share = math.floor(10_000 * sum(end - start for _, start, end in members) / total) / 10_000
        if share == 0:
            continue
        # For "other" the most typical evidence is the least frame-like sentence, hence the reversed sort.
        best = sorted(members, key=lambda m: (m[0] if frame == OTHER else -m[0], m[1]))[:EVIDENCE_PER_FRAME]
        records.append({"doc": document.id, "frame": frame, "share": share,
                        "evidence": [{"doc": document.id, "start": s, "end": e, "score": round(score, 3)}
                                     for score, s, e in best]})
    return records


def frame_shares(documents: Sequence[Document], sentences_by_doc: dict[str, list[tuple[int, int]]] | None = None,
                 encoder: SentenceEncoder | None = None) -> list[dict[str, Any]]:
    """The ``frames`` section: one record per (document, frame with a non-zero share).

    Record: ``{"doc", "frame", "share", "evidence": [{"doc", "start", "end", "score"}]}`` with the
    :data:`EVIDENCE_PER_FRAME` highest-scoring sentences as evidence. ``sentences_by_doc`` lets the
    pipeline pass its spaCy sentence spans; without it a regex splitter is used. All sentences of the
    corpus are embedded in one batch (the encoder sorts by length, so batching across documents pays).
    """
    given = sentences_by_doc or {}
    spans_by_doc = [_doc_sentences(doc, given.get(doc.id)) for doc in documents]
    texts = [doc.text[s:e] for doc, spans in zip(documents, spans_by_doc) for s, e in spans]
    labels = classify_sentences(texts, encoder)
    records: list[dict[str, Any]] = []
    at = 0
    for doc, spans in zip(documents, spans_by_doc):
        records.extend(_records_for(doc, spans, labels[at:at + len(spans)]))
        at += len(spans)
    return records


def dominant_frame(records: Sequence[dict[str, Any]], doc_id: str) -> str | None:
    """The document's largest non-``other`` frame, or None when it has none (ties: codebook order)."""
    shares = [(r["share"], r["frame"]) for r in records if r["doc"] == doc_id and r["frame"] != OTHER]
    return max(shares, key=lambda item: item[0])[1] if shares else None
