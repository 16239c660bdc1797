"""Link the same quotation carried by several sources, and say how the wording differs.

Readers want to know that three outlets ran a line, and whether one of them trimmed or reworded
it. Candidates come from an inverted index of word 3-grams (never all pairs), and each candidate
pair is then classified by comparing normalised wording:

* ``verbatim``: the same words;
* ``trimmed``: one is a contiguous part of the other (a partial quote of a longer line);
* ``altered``: mostly the same words with some changed, added or dropped inside;
* ``overlap``: the same speaker's quotes share a distinctive phrase (two consecutive content words in
  lower case: the speaker's own wording, not a name), and most content words of the shorter are in the
  longer, though not as one run: one source quotes a few words of a line, trimmed and adapted, that
  another quotes at length ("the primary roots of the conflict").
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS

from manysides.model import Document, QuoteLink, Statement

LINKED_KINDS = frozenset({"direct", "partial"})
SHINGLE = 3
MIN_WORDS = 2
SHORT_QUOTE_WORDS = 3           # quotes shorter than this link only when the same speaker said both
ALTERED_MIN_SIMILARITY = 80.0   # rapidfuzz ratio (0-100) of the normalised wordings
TRIMMED_MIN_SHARE = 0.35        # the shorter quote must be at least this share of the longer one's words
OVERLAP_MIN_SHARE = 0.6        # same-speaker quotes sharing a phrase: this share of the shorter's content words
MAX_POSTINGS = 50               # 3-grams carried by more quotes than this are too common to be evidence

_WORD = re.compile(r"[\w']+")
_PHRASE_WORD = re.compile(r"[a-z][a-z'-]{2,}")  # a lower-case content word: names and figures do not count


def normalise_wording(text: str) -> list[str]:
    """Lower-cased words with typographic quotes, dashes and punctuation folded away."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").lower()
    return _WORD.findall(text)


def classify(words_a: Sequence[str], words_b: Sequence[str]) -> tuple[str, float] | None:
    """Relation between two quote wordings, or ``None`` when they are different quotes."""
    if not words_a or not words_b:
        return None
    text_a, text_b = " ".join(words_a), " ".join(words_b)
    if text_a == text_b:
        return "verbatim", 1.0
    short, long_ = (text_a, text_b) if len(text_a) <= len(text_b) else (text_b, text_a)
    if f" {short} " in f" {long_} " and len(short.split()) >= TRIMMED_MIN_SHARE * len(long_.split()):
        return "trimmed", len(short) / len(long_)
    similarity = fuzz.ratio(text_a, text_b)
    if similarity >= ALTERED_MIN_SIMILARITY:
        return "altered", similarity / 100.0
    partial = fuzz.partial_ratio(short, long_)
    if partial >= 92.0 and len(short.split()) >= TRIMMED_MIN_SHARE * len(long_.split()):
        return "altered", partial / 100.0
    return None


def distinctive_phrases(text: str) -> set[tuple[str, str]]:
    """Pairs of consecutive lower-case content words in a quote's original text (quote marks ignored)."""
    words = re.findall(r"[\w'-]+", unicodedata.normalize("NFKC", text).replace("’", "'"))
    return {(a, b) for a, b in zip(words, words[1:])
            if _PHRASE_WORD.fullmatch(a) and _PHRASE_WORD.fullmatch(b)
            and a not in STOP_WORDS and b not in STOP_WORDS}


def _shared_phrase_pairs(phrases: dict[str, set[tuple[str, str]]], speaker_of: dict[str, str | None],
                         doc_of: dict[str, str]) -> set[tuple[str, str]]:
    """Pairs of quotes from different documents by the same known speaker that share a distinctive phrase."""
    postings: dict[tuple[str, tuple[str, str]], list[str]] = defaultdict(list)
    for statement_id, found in phrases.items():
        speaker = speaker_of[statement_id]
        if speaker is not None:
            for phrase in found:
                postings[(speaker, phrase)].append(statement_id)
    return _cross_document_pairs(postings.values(), doc_of)


def _cross_document_pairs(postings: Iterable[list[str]], doc_of: dict[str, str]) -> set[tuple[str, str]]:
    """Pairs of statements from different documents that share a postings list.

    A key carried by more than :data:`MAX_POSTINGS` quotes (a stock phrase, or a catchphrase repeated in
    every quote of a big story) is no evidence and would pair everything with everything: it is skipped.
    """
    pairs: set[tuple[str, str]] = set()
    for ids in postings:
        if len(ids) > MAX_POSTINGS:
            continue
        for a, b in combinations(sorted(ids), 2):
            if doc_of[a] != doc_of[b]:
                pairs.add((a, b))
    return pairs


def _overlap(words_a: Sequence[str], words_b: Sequence[str]) -> float:
    """Share of the shorter quote's content words that the other quote also uses."""
    content_a = {w for w in words_a if w not in STOP_WORDS}
    content_b = {w for w in words_b if w not in STOP_WORDS}
    shorter = min(content_a, content_b, key=len)
    return len(content_a & content_b) / len(shorter) if shorter else 0.0


def _candidate_pairs(wordings: dict[str, list[str]], doc_of: dict[str, str]) -> set[tuple[str, str]]:
    """Pairs of quotes from different documents sharing a word 3-gram (or, for short quotes, all words)."""
    postings: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for statement_id, words in wordings.items():
        grams = {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)} or {tuple(words)}
        for gram in grams:
            postings[gram].append(statement_id)
    return _cross_document_pairs(postings.values(), doc_of)


def link_statements(statements: Sequence[Statement], documents: Sequence[Document]) -> int:
    """Fill ``also_in`` on quotes that other sources carry too; returns the number of links made."""
    texts = {doc.id: doc.text for doc in documents}
    by_id = {s.id: s for s in statements if s.kind in LINKED_KINDS}
    wordings = {sid: normalise_wording(texts[s.doc][s.content.start:s.content.end]) for sid, s in by_id.items()}
    wordings = {sid: words for sid, words in wordings.items() if len(words) >= MIN_WORDS}
    doc_of = {sid: by_id[sid].doc for sid in wordings}
    phrases = {sid: distinctive_phrases(texts[by_id[sid].doc][by_id[sid].content.start:by_id[sid].content.end])
               for sid in wordings}
    same_speaker = _shared_phrase_pairs(phrases, {sid: by_id[sid].speaker for sid in wordings}, doc_of)
    links = 0
    for a, b in sorted(_candidate_pairs(wordings, doc_of) | same_speaker):
        if min(len(wordings[a]), len(wordings[b])) < SHORT_QUOTE_WORDS and \
                (by_id[a].speaker is None or by_id[a].speaker != by_id[b].speaker):
            continue  # two words in common prove nothing unless the same speaker said them
        relation = classify(wordings[a], wordings[b])
        if relation is None and (a, b) in same_speaker:
            share = _overlap(wordings[a], wordings[b])
            relation = ("overlap", share) if share >= OVERLAP_MIN_SHARE else None
        if relation is None:
            continue
        kind, similarity = relation
        by_id[a].also_in.append(QuoteLink(b, doc_of[b], kind, similarity))
        by_id[b].also_in.append(QuoteLink(a, doc_of[a], kind, similarity))
        links += 1
    return links
