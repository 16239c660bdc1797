"""Text reuse across documents: who copied whom, verbatim or in other words.

Three kinds of link, each a pair of exact character spans:

* ``verbatim``: a passage of at least :data:`MIN_PASSAGE_WORDS` words carried by both documents, with
  small edits allowed (a changed, added or dropped word or two), found the way passim finds reuse:
  word 5-gram shingles, MinHash-LSH over short passage windows to pick candidate document pairs
  (near-linear in corpus size, never all pairs), then an alignment of shared shingle runs that
  gives exact passage boundaries;
* ``shared_quote``: such a passage that lies inside a quotation in both documents: two outlets
  quoting the same speaker is not one copying the other;
* ``paraphrase``: a run of at least two consecutive sentences that say the same in other words,
  from sentence-embedding cosine similarity (all-MiniLM-L6-v2).

Direction is earlier -> later publication date when both documents have one and they differ.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz

from manysides.model import Document, Span, Statement

if TYPE_CHECKING:
    from manysides.nlp.embeddings import SentenceEncoder

# --- verbatim stage ---------------------------------------------------------------------------
SHINGLE_WORDS = 5           # passim's default n-gram order: rare enough to be evidence, short enough to survive edits
MIN_PASSAGE_WORDS = 10      # 8-9 shared words on AllSides were mostly formulae ("according to a person familiar with the situation")
WINDOW_SHINGLES = 21        # a window is 25 words; windows overlap by half so any 13-word passage lies inside one
WINDOW_STRIDE = 12
MIN_WINDOW_SHINGLES = 5     # a 10-word passage has 6 shingles; 3 here gave 5x the candidates for 3% more linked pairs
NUM_PERM = 32
LSH_BANDS, LSH_ROWS = 16, 2  # P(candidate) = 1-(1-J^2)^16: 0.70 at J=0.27 (13 of 25 words shared), 0.99 at J=0.5
OUTLET_TEMPLATE_DOCS = 3    # a shingle in this many documents of one outlet ...
OUTLET_TEMPLATE_SHARE = 0.8  # ... making up this share of its documents is that outlet's page furniture
MAX_SHINGLE_DF = 50         # shingles in more documents are formulae or boilerplate, not evidence of copying
MAX_GAP_WORDS = 4           # runs this close (in both documents) join into one passage: small edits allowed
MAX_SKEW_WORDS = 2          # ... when the gaps differ by at most this many words (insertions/deletions)
MIN_FRAGMENT_WORDS = 3      # fewer words past a sentence boundary at a passage end are trimmed off
MAX_POSITIONS_PER_SHINGLE = 8  # a shingle repeated more often within one document is a refrain, not a passage

# --- paraphrase stage -------------------------------------------------------------------------
# Cosine of all-MiniLM-L6-v2 sentence vectors at or above which two sentences count as saying the
# same thing. On 1,500 MSRP train pairs (news sentences, hard negatives) 0.75 gives precision 0.81 and
# recall 0.78 per sentence pair (0.70: 0.79 / 0.86; 0.80: 0.84 / 0.66). Requiring a run of two
# consecutive pairs removes the topical coincidences: on 90 cross-outlet pairs of same-topic,
# same-day AllSides articles, runs at 0.70 or 0.75 appeared only where the articles shared a quote.
PARAPHRASE_MIN_COSINE = 0.75
PARAPHRASE_MIN_RUN = 2
MIN_SENTENCE_WORDS = 5      # shorter sentences (datelines, "He declined.") match anything on topic
ALL_PAIRS_BELOW = 200       # below this many documents compare every pair semantically

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_QUOTED = re.compile(r"“[^”\n]{1,3000}”|\"[^\"\n]{1,3000}\"|«[^»\n]{1,3000}»")
_CLOSERS = ".!?\"”’'»)"
QUOTE_KINDS = frozenset({"direct", "partial"})


@dataclass(frozen=True, slots=True)
class ReuseLink:
    """Two passages, one in each document, that carry the same text or the same sentences reworded."""

    a: Span
    b: Span
    kind: str  # "verbatim" | "paraphrase" | "shared_quote"
    score: float
    direction: str | None  # "a->b" (a published earlier) | "b->a" | None (unknown or same day)

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a.to_dict(), "b": self.b.to_dict(), "kind": self.kind,
                "score": round(self.score, 3), "direction": self.direction}


@dataclass(slots=True)
class Words:
    """A document as normalised words with their character offsets, and the word 5-gram hashes."""

    doc: Document
    words: list[str]
    starts: np.ndarray
    ends: np.ndarray
    shingles: np.ndarray  # uint32 hash of the shingle starting at each word (len = words - 4)
    usable: np.ndarray    # False for shingles that start inside boilerplate


# --- words and shingles -----------------------------------------------------------------------

_WORD_HASHES: dict[str, int] = {}  # process-wide: news vocabulary repeats, blake2b per word does not need to


def _word_hash(word: str) -> int:
    """A stable 64-bit hash (the same in every process, unlike ``hash``), cached."""
    value = _WORD_HASHES.get(word)
    if value is None:
        value = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
        if len(_WORD_HASHES) < 2_000_000:
            _WORD_HASHES[word] = value
    return value


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads a combined hash over all bits before it is cut to 32."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def tokenize(doc: Document) -> Words:
    """Words (case and apostrophe style folded) and stable 32-bit hashes of their 5-grams."""
    matches = list(_WORD.finditer(doc.text))
    words = [unicodedata.normalize("NFKC", m.group()).casefold().replace("’", "'") for m in matches]
    starts = np.fromiter((m.start() for m in matches), dtype=np.int64, count=len(matches))
    ends = np.fromiter((m.end() for m in matches), dtype=np.int64, count=len(matches))
    n = len(words) - SHINGLE_WORDS + 1
    if n <= 0:
        empty = np.zeros(0, dtype=np.uint32)
        return Words(doc, words, starts, ends, empty, np.zeros(0, dtype=bool))
    hashes = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    combined = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE_WORDS):
            combined = _mix64(combined ^ hashes[k:k + n] + np.uint64(k))
    shingles = (combined >> np.uint64(32)).astype(np.uint32)
    usable = np.ones(n, dtype=bool)
    for region in doc.boilerplate:
        usable &= ~((starts[:n] >= region.start) & (starts[:n] < region.end))
    return Words(doc, words, starts, ends, shingles, usable)


def _furniture(texts: Sequence[Words]) -> np.ndarray:
    """Shingles that cannot be evidence of copying: too common, or one outlet's own page furniture.

    Too common: in more than MAX_SHINGLE_DF documents (formulae, wire credit lines). Furniture: in at
    least OUTLET_TEMPLATE_DOCS documents of which OUTLET_TEMPLATE_SHARE come from one known outlet
    (newsletter boxes, copyright lines, related-links lists the reader did not mark as boilerplate).
    """
    shingles, outlets = [], []
    codes: dict[str, int] = {}
    for n, words in enumerate(texts):
        unique = np.unique(words.shingles[words.usable]).astype(np.int64)
        outlet = words.doc.outlet
        code = codes.setdefault(outlet, len(codes)) if outlet else -1 - n  # unknown outlet: never "the same"
        shingles.append(unique)
        outlets.append(np.full(len(unique), code, dtype=np.int64))
    if not shingles or not sum(map(len, shingles)):
        return np.zeros(0, dtype=np.uint32)
    pairs, per_outlet = np.unique(np.stack([np.concatenate(shingles), np.concatenate(outlets)]), axis=1,
                                  return_counts=True)
    known = np.where(pairs[1] >= 0, per_outlet, 0)
    values, first = np.unique(pairs[0], return_index=True)
    docs = np.add.reduceat(per_outlet, first)
    top_outlet = np.maximum.reduceat(known, first)
    template = (top_outlet >= OUTLET_TEMPLATE_DOCS) & (top_outlet >= OUTLET_TEMPLATE_SHARE * docs)
    return values[template | (docs > MAX_SHINGLE_DF)].astype(np.uint32)


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """``np.isin`` for an already sorted set: a binary search per value, no re-sort of the (corpus-sized) set."""
    if len(sorted_set) == 0:
        return np.zeros(len(values), dtype=bool)
    index = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[index] == values


def prepare(documents: Sequence[Document]) -> list[Words]:
    """Tokenise every document and mask shingles that are no evidence of copying (see :func:`_furniture`)."""
    texts = [tokenize(doc) for doc in documents]
    masked = _furniture(texts)
    if len(masked):
        for words in texts:
            words.usable &= ~_member(words.shingles, masked)
    return texts


# --- candidate document pairs: MinHash-LSH over passage windows ------------------------------------

def _cross_document_shingles(texts: Sequence[Words]) -> np.ndarray:
    """Sorted shingle hashes found in 2..MAX_SHINGLE_DF documents: the only ones that can be reuse evidence."""
    per_doc = [np.unique(t.shingles[t.usable]) for t in texts]
    if not per_doc:
        return np.zeros(0, dtype=np.uint32)
    values, counts = np.unique(np.concatenate(per_doc), return_counts=True)
    return values[(counts >= 2) & (counts <= MAX_SHINGLE_DF)]


def _windows(words: Words, shared: np.ndarray) -> Iterable[np.ndarray]:
    """The cross-document shingles of each overlapping window, for windows that have enough of them."""
    keep = words.usable & _member(words.shingles, shared)
    if keep.sum() < MIN_WINDOW_SHINGLES:
        return
    n = len(words.shingles)
    for begin in range(0, max(1, n - WINDOW_SHINGLES + WINDOW_STRIDE), WINDOW_STRIDE):
        window = np.unique(words.shingles[begin:begin + WINDOW_SHINGLES][keep[begin:begin + WINDOW_SHINGLES]])
        if len(window) >= MIN_WINDOW_SHINGLES:
            yield window


def candidate_pairs(texts: Sequence[Words]) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of documents that may share a passage.

    Each document's windows are first queried against the windows of the documents before it and
    then inserted, so every pair is produced once and the work grows with the number of windows.
    """
    shared = _cross_document_shingles(texts)
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(LSH_BANDS, LSH_ROWS))
    template = MinHash(num_perm=NUM_PERM, hashfunc=int)
    owner: list[int] = []
    pairs: set[tuple[int, int]] = set()
    for index, words in enumerate(texts):
        sketches = []
        for window in _windows(words, shared):
            sketch = template.copy()
            sketch.update_batch(window.tolist())
            sketches.append(sketch)
            for key in lsh.query(sketch):
                pairs.add((owner[key], index))
        for sketch in sketches:
            lsh.insert(len(owner), sketch, check_duplication=False)
            owner.append(index)
    return pairs


# --- alignment of one document pair ---------------------------------------------------------------

def _diagonal_runs(x: Words, y: Words) -> list[list[int]]:
    """Maximal runs of consecutive shared shingles, as ``[x_start, x_end, y_start, y_end]`` word ranges."""
    common = np.intersect1d(x.shingles[x.usable], y.shingles[y.usable])
    if len(common) == 0:
        return []
    positions: dict[int, list[int]] = {}
    for pos in np.flatnonzero(np.isin(x.shingles, common) & x.usable):
        positions.setdefault(int(x.shingles[pos]), []).append(int(pos))
    matches = [(px - py, py) for py in np.flatnonzero(np.isin(y.shingles, common) & y.usable).tolist()
               if len(found := positions.get(int(y.shingles[py]), ())) <= MAX_POSITIONS_PER_SHINGLE
               for px in found]
    matches.sort()
    runs: list[list[int]] = []
    for diagonal, py in matches:
        last = runs[-1] if runs else None
        if last is not None and last[2] - last[0] == -diagonal and py == last[3] - SHINGLE_WORDS + 1:
            last[1] += 1
            last[3] += 1
        else:
            runs.append([py + diagonal, py + diagonal + SHINGLE_WORDS, py, py + SHINGLE_WORDS])
    return runs


def _merge_runs(runs: list[list[int]]) -> list[list[int]]:
    """Join runs separated by small edits into passages; drop runs contained in a longer passage."""
    passages: list[list[int]] = []
    for run in sorted(runs):
        current = passages[-1] if passages else None
        if current is not None and run[1] <= current[1] and current[2] <= run[2] and run[3] <= current[3]:
            continue  # inside the current passage already (a repeated phrase)
        if current is not None:
            gap_x, gap_y = run[0] - current[1], run[2] - current[3]
            close = -SHINGLE_WORDS < gap_x <= MAX_GAP_WORDS and -SHINGLE_WORDS < gap_y <= MAX_GAP_WORDS
            if close and abs(gap_x - gap_y) <= MAX_SKEW_WORDS and run[3] > current[3]:
                current[1], current[3] = max(current[1], run[1]), run[3]
                continue
        passages.append(list(run))
    return [p for p in passages if min(p[1] - p[0], p[3] - p[2]) >= MIN_PASSAGE_WORDS]


def _same(x: Words, y: Words, i: int, j: int) -> bool:
    """Word ``i`` of ``x`` equals word ``j`` of ``y``, and neither lies in boilerplate."""
    return (0 <= i < len(x.words) and 0 <= j < len(y.words) and x.words[i] == y.words[j]
            and not x.doc.in_boilerplate(int(x.starts[i])) and not y.doc.in_boilerplate(int(y.starts[j])))


def _extend(x: Words, y: Words, passage: list[int]) -> list[int]:
    """Grow a passage outwards over matching words the shingles could not see (fewer than 5 before an edit).

    One substituted word is stepped over when the two words beyond it match again, as passim does.
    """
    xs, xe, ys, ye = passage
    while True:
        if _same(x, y, xs - 1, ys - 1):
            xs, ys = xs - 1, ys - 1
        elif _same(x, y, xs - 2, ys - 2) and _same(x, y, xs - 3, ys - 3):
            xs, ys = xs - 3, ys - 3
        else:
            break
    while True:
        if _same(x, y, xe, ye):
            xe, ye = xe + 1, ye + 1
        elif _same(x, y, xe + 1, ye + 1) and _same(x, y, xe + 2, ye + 2):
            xe, ye = xe + 3, ye + 3
        else:
            break
    return [xs, xe, ys, ye]


def _trailing_punctuation(text_x: str, end_x: int, text_y: str, end_y: int) -> tuple[int, int]:
    """Extend both passage ends over closing punctuation the two documents share (". or ”)."""
    fold = str.maketrans("”’»", "\"'\"")
    while (end_x < len(text_x) and end_y < len(text_y) and text_x[end_x] in _CLOSERS
           and text_x[end_x].translate(fold) == text_y[end_y].translate(fold)):
        end_x, end_y = end_x + 1, end_y + 1
    return end_x, end_y


def _sentence_starts(x: Words, begin: int, stop: int) -> list[int]:
    """Word indexes in ``(begin, stop)`` that open a sentence (a full stop, ?, ! or line break before them)."""
    text = x.doc.text
    return [k for k in range(begin + 1, stop) if re.search(r"[.!?\n]", text[x.ends[k - 1]:x.starts[k]])]


def _trim_fragments(x: Words, passage: list[int]) -> list[int]:
    """Cut a word or two that spill over a sentence boundary at either end ("... Putin. The").

    Such spill-overs are coincidences of common sentence openings, and a passage that ends on
    a sentence end is what a reader expects to see highlighted.
    """
    xs, xe, ys, ye = passage
    starts = _sentence_starts(x, xs, xe)
    if starts and xe - starts[-1] < MIN_FRAGMENT_WORDS:
        xe, ye = starts[-1], ye - (xe - starts[-1])
    if starts and starts[0] - xs < MIN_FRAGMENT_WORDS and starts[0] < xe:
        xs, ys = starts[0], ys + (starts[0] - xs)
    return [xs, xe, ys, ye]


def align(x: Words, y: Words) -> list[tuple[Span, Span, float, range, range]]:
    """Shared passages of two documents: spans, word-level similarity (0-1) and word ranges."""
    found = []
    for passage in _merge_runs(_diagonal_runs(x, y)):
        xs, xe, ys, ye = _trim_fragments(x, _extend(x, y, passage))
        if min(xe - xs, ye - ys) < MIN_PASSAGE_WORDS:
            continue
        end_x, end_y = _trailing_punctuation(x.doc.text, int(x.ends[xe - 1]), y.doc.text, int(y.ends[ye - 1]))
        span_x = Span(x.doc.id, int(x.starts[xs]), end_x)
        span_y = Span(y.doc.id, int(y.starts[ys]), end_y)
        score = fuzz.ratio(" ".join(x.words[xs:xe]), " ".join(y.words[ys:ye])) / 100.0
        found.append((span_x, span_y, score, range(xs, xe), range(ys, ye)))
    return found


# --- quotations, direction ------------------------------------------------------------------------

def quoted_words(words: Words, statements: Sequence[Statement]) -> np.ndarray:
    """Per word: does it lie inside a quotation (a direct/partial statement, or between quote marks)?"""
    inside = np.zeros(len(words.words), dtype=bool)
    intervals = [(m.start(), m.end()) for m in _QUOTED.finditer(words.doc.text)]
    intervals += [(s.content.start, s.content.end) for s in statements
                  if s.kind in QUOTE_KINDS and s.content.doc == words.doc.id]
    for start, end in intervals:
        inside |= (words.starts >= start) & (words.ends <= end)
    return inside


def _kind(quoted_x: np.ndarray, span_x: range, quoted_y: np.ndarray, span_y: range) -> str:
    """``shared_quote`` when the words outside quotation marks would not make a passage on their own."""
    outside = max(int((~quoted_x[span_x.start:span_x.stop]).sum()), int((~quoted_y[span_y.start:span_y.stop]).sum()))
    return "shared_quote" if outside < MIN_PASSAGE_WORDS else "verbatim"


def _published(doc: Document) -> date | None:
    try:
        return date.fromisoformat((doc.published or "")[:10])
    except ValueError:
        return None


def direction(a: Document, b: Document) -> str | None:
    """``"a->b"`` when ``a`` was published first, ``"b->a"`` when ``b`` was, else ``None``."""
    day_a, day_b = _published(a), _published(b)
    if day_a is None or day_b is None or day_a == day_b:
        return None
    return "a->b" if day_a < day_b else "b->a"


# --- paraphrase stage -------------------------------------------------------------------------------

_BREAK = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\s*\n\s*|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_ABBREVIATIONS = frozenset("mr mrs ms dr st gen sen rep gov lt col sgt capt prof jr sr inc co corp ltd no vs "
                           "etc jan feb aug sept oct nov dec rev hon pres".split())


def _is_abbreviation(text: str, stop: int) -> bool:
    """Is the full stop at ``stop`` the end of an abbreviation ("Mr.", "U.S.") rather than a sentence?"""
    match = re.search(r"([A-Za-z.]+)\.$", text[max(0, stop - 20):stop + 1])
    if text[stop] != "." or match is None:
        return False
    token = match.group(1)
    return token.lower() in _ABBREVIATIONS or len(token.rsplit(".", 1)[-1]) == 1


def sentences(doc: Document) -> list[tuple[int, int]]:
    """Sentence spans by a cheap rule splitter (no spaCy), skipping boilerplate and very short ones."""
    spans, begin = [], 0
    for match in _BREAK.finditer(doc.text):
        if match.group().strip() and _is_abbreviation(doc.text, match.start()):
            continue
        cut = match.start() + len(match.group().rstrip())
        spans.append((begin, cut))
        begin = match.end()
    spans.append((begin, len(doc.text)))
    kept = []
    for start, end in spans:
        stripped = doc.text[start:end]
        start, end = start + len(stripped) - len(stripped.lstrip()), start + len(stripped.rstrip())
        if len(_WORD.findall(doc.text[start:end])) >= MIN_SENTENCE_WORDS and not doc.in_boilerplate(start, end):
            kept.append((start, end))
    return kept


def _runs(similar: np.ndarray) -> list[tuple[int, int, int]]:
    """Diagonal runs ``(i, j, length)`` of True in a sentence-pair matrix, at least PARAPHRASE_MIN_RUN long."""
    runs = []
    for i, j in zip(*np.nonzero(similar)):
        if i > 0 and j > 0 and similar[i - 1, j - 1]:
            continue  # not the start of its run
        length = 1
        while i + length < similar.shape[0] and j + length < similar.shape[1] and similar[i + length, j + length]:
            length += 1
        if length >= PARAPHRASE_MIN_RUN:
            runs.append((int(i), int(j), length))
    return runs


def _covered(sentence: tuple[int, int], spans: list[Span]) -> bool:
    start, end = sentence
    return any(max(0, min(end, s.end) - max(start, s.start)) * 2 > end - start for s in spans)


def _paraphrase_pair(x: Document, y: Document, sx: list[tuple[int, int]], sy: list[tuple[int, int]],
                     ex: np.ndarray, ey: np.ndarray, taken: list[Span]) -> list[tuple[Span, Span, float]]:
    """Runs of consecutive sentence pairs above the cosine threshold, outside verbatim passages."""
    if len(sx) < PARAPHRASE_MIN_RUN or len(sy) < PARAPHRASE_MIN_RUN:
        return []
    cosine = ex @ ey.T
    similar = cosine >= PARAPHRASE_MIN_COSINE
    similar[[i for i, s in enumerate(sx) if _covered(s, [t for t in taken if t.doc == x.id])], :] = False
    similar[:, [j for j, s in enumerate(sy) if _covered(s, [t for t in taken if t.doc == y.id])]] = False
    found = []
    for i, j, length in _runs(similar):
        score = float(np.mean([cosine[i + k, j + k] for k in range(length)]))
        found.append((Span(x.id, sx[i][0], sx[i + length - 1][1]), Span(y.id, sy[j][0], sy[j + length - 1][1]), score))
    return found


def find_paraphrases(documents: Sequence[Document], pairs: Iterable[tuple[int, int]], encoder: SentenceEncoder,
                     taken: Sequence[ReuseLink] = ()) -> list[ReuseLink]:
    """Paraphrase links between the given document pairs, skipping text already linked verbatim."""
    pairs = sorted(pairs)
    involved = sorted({i for pair in pairs for i in pair})
    spans = {i: sentences(documents[i]) for i in involved}
    flat = [(i, k) for i in involved for k in range(len(spans[i]))]
    vectors = encoder.encode([documents[i].text[spans[i][k][0]:spans[i][k][1]] for i, k in flat])
    offsets, cursor = {}, 0
    for i in involved:
        offsets[i] = (cursor, cursor + len(spans[i]))
        cursor += len(spans[i])
    links = []
    for i, j in pairs:
        x, y = documents[i], documents[j]
        already = [s for link in taken if {link.a.doc, link.b.doc} == {x.id, y.id} for s in (link.a, link.b)]
        ex, ey = vectors[slice(*offsets[i])], vectors[slice(*offsets[j])]
        for span_x, span_y, score in _paraphrase_pair(x, y, spans[i], spans[j], ex, ey, already):
            links.append(ReuseLink(span_x, span_y, "paraphrase", score, direction(x, y)))
    return links


# --- entry point ------------------------------------------------------------------------------------

def find_verbatim(documents: Sequence[Document], statements: Sequence[Statement] = (),
                  texts: Sequence[Words] | None = None,
                  pairs: Iterable[tuple[int, int]] | None = None) -> list[ReuseLink]:
    """Verbatim and shared-quote links (the candidate + alignment stage)."""
    texts = prepare(documents) if texts is None else texts
    pairs = candidate_pairs(texts) if pairs is None else pairs
    by_doc: dict[str, list[Statement]] = {}
    for statement in statements:
        by_doc.setdefault(statement.doc, []).append(statement)
    quoted: dict[int, np.ndarray] = {}
    links = []
    for i, j in sorted(pairs):
        for span_x, span_y, score, words_x, words_y in align(texts[i], texts[j]):
            for k in (i, j):
                if k not in quoted:
                    quoted[k] = quoted_words(texts[k], by_doc.get(documents[k].id, ()))
            kind = _kind(quoted[i], words_x, quoted[j], words_y)
            links.append(ReuseLink(span_x, span_y, kind, score, direction(documents[i], documents[j])))
    return links


def find_reuse(documents: Sequence[Document], statements: Sequence[Statement] = (),
               encoder: SentenceEncoder | None = None) -> list[ReuseLink]:
    """All reuse links between ``documents``; ``a`` is always the document listed first.

    Paraphrase search compares every document pair when there are fewer than
    :data:`ALL_PAIRS_BELOW` documents, otherwise only the pairs the verbatim candidate stage found.
    """
    ids = [doc.id for doc in documents]
    if len(set(ids)) != len(ids):
        raise ValueError("find_reuse needs distinct document ids")
    texts = prepare(documents)
    pairs = candidate_pairs(texts)
    links = find_verbatim(documents, statements, texts, pairs)
    if encoder is None:
        from manysides.nlp.embeddings import default_encoder

        encoder = default_encoder()
    semantic_pairs = combinations(range(len(documents)), 2) if len(documents) < ALL_PAIRS_BELOW else pairs
    links += find_paraphrases(documents, semantic_pairs, encoder, links)
    order = {doc_id: n for n, doc_id in enumerate(ids)}
    return sorted(links, key=lambda l: (order[l.a.doc], order[l.b.doc], l.a.start, l.b.start, l.kind))
