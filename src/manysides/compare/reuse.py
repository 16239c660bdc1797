"""Text reuse across documents: who copied whom, verbatim or in other words.

Three kinds of link, each a pair of exact character spans:

* ``verbatim``: a passage of at least :data:`MIN_PASSAGE_WORDS` words carried by both documents, with
  small edits allowed (a changed, added or dropped word or two), found the way passim finds reuse:
  word 5-gram shingles, a document-frequency cap (shingles in more than :data:`MAX_SHINGLE_DF`
  independent documents are formulae or boilerplate), MinHash-LSH over short passage windows to
  pick candidate document pairs, then an alignment of shared shingle runs that gives exact passage
  boundaries. Near-identical copies are aligned with their family's first document only, and a
  passage carried by many documents links each to at most :data:`MAX_CARRIERS` earlier carriers, so
  the work grows with the number of passage windows, never with all pairs or k^2 per family;
* ``shared_quote``: such a passage that lies inside a quotation in both documents: two outlets
  quoting the same speaker is not one copying the other;
* ``paraphrase``: a run of at least two consecutive sentences that say the same in other words,
  from sentence-embedding cosine similarity (all-MiniLM-L6-v2), computed only for sentence pairs
  that share a few content words (so only those sentences are embedded).

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
MAX_SHINGLE_DF = 50         # shingles in more families are formulae or boilerplate, not evidence of copying;
                            # 11-50 carriers is a wire passage in a story folder, worth showing (pairs stay
                            # bounded by MAX_CARRIERS; at 5k AllSides articles +18 % links for +6 % time vs 10)
MAX_CARRIERS = 4            # a window is paired with at most this many earlier documents that carry it
MIN_SHARED_SHINGLES = 5     # a candidate pair shares at least this many linkable shingles (a 9-word phrase has 5)
FAMILY_JACCARD = 0.6        # whole-document shingle Jaccard from which two documents are one family
FAMILY_BANDS, FAMILY_ROWS = 8, 4  # P(candidate) = 1-(1-J^4)^8: 0.64 at J=0.6, 0.99 at J=0.8
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
# Content words (5-letter stems, no stop words) two sentences must share before they are embedded and
# compared: 99.7% of the 2,753 MSRP train paraphrase pairs share at least 3. On the five seed articles
# (one story) it leaves 42 of 208 sentences to embed instead of all of them.
PARAPHRASE_MIN_SHARED_WORDS = 3
MIN_SENTENCE_WORDS = 5      # shorter sentences (datelines, "He declined.") match anything on topic
ALL_PAIRS_BELOW = 200       # below this many documents compare every pair semantically

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_QUOTED = re.compile(r"“[^”\n]{1,3000}”|\"[^\"\n]{1,3000}\"|«[^»\n]{1,3000}»|(?:''|``)[^\n]{1,3000}?''")
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
    usable: np.ndarray    # False for shingles that start inside boilerplate or are too common (prepare)
    linkable: np.ndarray | None = None  # usable and in at least two families: may open a candidate pair
    family: int | None = None  # index of the first document of its near-identical family (prepare)


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


# MinHash: the classic universal hash per permutation modulo the Mersenne prime 2^61-1 (as datasketch
# computes it), evaluated with numpy for all rows at once.
_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
_PERMUTATIONS = np.random.RandomState(1)
_PERM_A = _PERMUTATIONS.randint(1, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)
_PERM_B = _PERMUTATIONS.randint(0, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)


def _permuted(values: np.ndarray) -> np.ndarray:
    """``(len(values), NUM_PERM)`` permuted hashes: the MinHash of any subset is their column minimum."""
    return ((values.astype(np.uint64)[:, None] * _PERM_A + _PERM_B) % _PRIME) & _MAX_HASH


def tokenize(doc: Document) -> Words:
    """Words (case and apostrophe style folded) and stable 32-bit hashes of their 5-grams."""
    text = doc.text
    spans = [m.span() for m in _WORD.finditer(text)]
    folded = text.casefold().replace("’", "'")
    words = None
    if len(folded) == len(text) and unicodedata.is_normalized("NFKC", text):
        words = _WORD.findall(folded)  # the usual case: fold the text once, not word by word
    if words is None or len(words) != len(spans):
        words = [unicodedata.normalize("NFKC", text[start:end]).casefold().replace("’", "'") for start, end in spans]
    offsets = np.array(spans, dtype=np.int64).reshape(-1, 2)
    starts, ends = offsets[:, 0].copy(), offsets[:, 1].copy()
    n = len(words) - SHINGLE_WORDS + 1
    if n <= 0:
        empty = np.zeros(0, dtype=np.uint32)
        return Words(doc, words, starts, ends, empty, np.zeros(0, dtype=bool))
    known = list(map(_WORD_HASHES.get, words))
    if None in known:
        known = [_word_hash(w) if h is None else h for w, h in zip(words, known)]
    hashes = np.array(known, dtype=np.uint64)
    combined = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE_WORDS):
            combined = _mix64(combined ^ hashes[k:k + n] + np.uint64(k))
    shingles = (combined >> np.uint64(32)).astype(np.uint32)
    usable = np.ones(n, dtype=bool)
    for region in doc.boilerplate:
        usable &= ~((starts[:n] >= region.start) & (starts[:n] < region.end))
    return Words(doc, words, starts, ends, shingles, usable)


class _Tally:
    """Counts of shingle hashes, fed one document's set at a time and folded into one sorted table.

    A streaming count: each document is read once, memory follows the number of distinct shingles
    (not documents times shingles), and the tallies of two parts of a corpus merge by the same fold,
    so counts can be kept as documents arrive.
    """

    BATCH = 32_000_000  # shingle hashes held before a fold (128 MB)

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=np.uint32)
        self.counts = np.zeros(0, dtype=np.int64)
        self._pending: list[np.ndarray] = []
        self._size = 0

    def add(self, keys: np.ndarray) -> None:
        self._pending.append(keys)
        self._size += len(keys)
        if self._size >= self.BATCH:
            self._fold()

    def _fold(self) -> None:
        if not self._pending:
            return
        batch, batch_counts = np.unique(np.concatenate(self._pending), return_counts=True)
        self._pending, self._size = [], 0
        if len(self.keys) == 0:
            self.keys, self.counts = batch, batch_counts.astype(np.int64)
            return
        keys = np.concatenate([self.keys, batch])
        counts = np.concatenate([self.counts, batch_counts])
        order = np.argsort(keys, kind="stable")  # two sorted runs: a linear merge
        keys, counts = keys[order], counts[order]
        first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        self.keys, self.counts = keys[first], np.add.reduceat(counts, first)

    def table(self) -> tuple[np.ndarray, np.ndarray]:
        self._fold()
        return self.keys, self.counts


def _chronological(documents: Sequence[Document]) -> list[int]:
    """Document indexes: dated documents from the earliest, then the undated in input order."""
    days = [_published(doc) for doc in documents]
    return sorted(range(len(documents)), key=lambda n: (days[n] is None, days[n] or date.min, n))


def _families(sets: Sequence[np.ndarray], order: Sequence[int]) -> list[int]:
    """Per document, the index of the first (earliest) document of its near-identical family.

    Near-identical: whole-document shingle sets with an estimated Jaccard of at least FAMILY_JACCARD
    (one wire story run by several outlets, an article republished). Documents are taken in
    publication order and only each family's first document is indexed: a family of k copies costs
    k look-ups that each meet one representative, not k^2/2 comparisons.
    """
    tables: list[dict[bytes, list[int]]] = [{} for _ in range(FAMILY_BANDS)]
    rank = {index: n for n, index in enumerate(order)}
    family = list(range(len(sets)))
    signatures: dict[int, np.ndarray] = {}
    for index in order:
        if len(sets[index]) < MIN_WINDOW_SHINGLES:
            continue
        signature = _permuted(sets[index]).min(axis=0)
        keys = [band.tobytes() for band in signature.reshape(FAMILY_BANDS, FAMILY_ROWS)]
        found: set[int] = set()
        for table, key in zip(tables, keys):
            found.update(table.get(key, ()))
        matches = [other for other in found if np.mean(signatures[other] == signature) >= FAMILY_JACCARD]
        if matches:
            family[index] = min(matches, key=rank.__getitem__)
        else:
            for table, key in zip(tables, keys):
                table.setdefault(key, []).append(index)
            signatures[index] = signature
    return family


def _mask_uninformative(texts: Sequence[Words], sets: Sequence[np.ndarray], family: Sequence[int]) -> None:
    """Mark the shingles that cannot be evidence of copying unusable, and the cross-document ones linkable.

    * Too common: in more than MAX_SHINGLE_DF families of documents (near-identical copies count
      once): formulae ("chairman of the Joint Chiefs of Staff"), agency credit and copyright lines,
      newsletter promotions, opinion disclaimers. This is passim's document-frequency cap.
    * Page furniture: in at least OUTLET_TEMPLATE_DOCS documents of which OUTLET_TEMPLATE_SHARE come
      from one known outlet (copyright lines, related-links lists the reader did not mark).
    * Linkable (may open a candidate pair): usable and in at least two families.
    """
    tally = _Tally()
    for unique in sets:  # one pass: document frequency of every shingle
        tally.add(unique)
    values, docs = tally.table()
    keep = docs >= 2  # a shingle of one document is never shared: drop it from every later table
    values, docs = values[keep], docs[keep]
    # where each document's distinct shingles sit in that table (-1: in no other document); one look-up each
    where = []
    for unique in sets:
        index = np.minimum(np.searchsorted(values, unique), max(len(values) - 1, 0))
        where.append(np.where(values[index] == unique, index, -1) if len(values) else np.full(len(unique), -1))
    families = docs.copy()
    for n, first in enumerate(family):  # a near-identical copy does not count again
        if first != n:
            both = np.intersect1d(sets[n], sets[first], assume_unique=True)
            families[np.searchsorted(values, both)] -= 1
    # page furniture, among shingles in enough documents: documents per (shingle, outlet)
    outlets: dict[str, int] = {}
    keys = []
    for slots, words in zip(where, texts):
        if words.doc.outlet:
            code = outlets.setdefault(words.doc.outlet, len(outlets))
            slots = slots[slots >= 0]
            hit = slots[docs[slots] >= OUTLET_TEMPLATE_DOCS].astype(np.uint64)
            keys.append(hit << np.uint64(32) | np.uint64(code))
    template = np.zeros(len(values), dtype=bool)
    if keys:
        pairs, per_outlet = np.unique(np.concatenate(keys), return_counts=True)
        if len(pairs):
            slot = (pairs >> np.uint64(32)).astype(np.int64)
            first = np.flatnonzero(np.r_[True, slot[1:] != slot[:-1]])
            top = np.maximum.reduceat(per_outlet, first)
            template[slot[first]] = (top >= OUTLET_TEMPLATE_DOCS) & (top >= OUTLET_TEMPLATE_SHARE * docs[slot[first]])
    masked = template | (families > MAX_SHINGLE_DF)
    shared = ~template & (families >= 2) & (families <= MAX_SHINGLE_DF)
    for words, unique, slots in zip(texts, sets, where):
        if len(unique) == 0:
            words.linkable = np.zeros(len(words.shingles), dtype=bool)
            continue
        found = slots >= 0
        gone, link = np.zeros(len(unique), dtype=bool), np.zeros(len(unique), dtype=bool)
        gone[found], link[found] = masked[slots[found]], shared[slots[found]]
        index = np.minimum(np.searchsorted(unique, words.shingles), len(unique) - 1)
        present = unique[index] == words.shingles
        words.usable &= ~(present & gone[index])
        words.linkable = words.usable & present & link[index]


def prepare(documents: Sequence[Document]) -> list[Words]:
    """Tokenise every document, group near-identical ones into families (:func:`_families`) and mask
    the shingles that are no evidence of copying (:func:`_mask_uninformative`)."""
    texts = [tokenize(doc) for doc in documents]
    sets = [np.unique(words.shingles[words.usable]) for words in texts]
    family = _families(sets, _chronological(documents))
    for words, first in zip(texts, family):
        words.family = first
    _mask_uninformative(texts, sets, family)
    return texts


# --- candidate document pairs: MinHash-LSH over passage windows ------------------------------------

def _window_bands(words: Words) -> Iterable[list[int]]:
    """LSH band keys of each overlapping window's MinHash, over the window's linkable shingles, for the
    windows that have at least MIN_WINDOW_SHINGLES of them.

    The permuted hashes are computed once per linkable shingle of the document and each window takes
    the minimum over its rows: no per-window objects.
    """
    keep = words.linkable
    if keep is None or keep.sum() < MIN_WINDOW_SHINGLES:
        return
    n = len(words.shingles)
    before = np.r_[0, np.cumsum(keep)]  # linkable shingles before each position
    values = words.shingles[keep]
    hashed = _permuted(values)  # (linkable, NUM_PERM)
    for begin in range(0, max(1, n - WINDOW_SHINGLES + WINDOW_STRIDE), WINDOW_STRIDE):
        low, high = before[begin], before[min(n, begin + WINDOW_SHINGLES)]
        if high - low < MIN_WINDOW_SHINGLES:
            continue
        signature = hashed[low:high].min(axis=0).reshape(LSH_BANDS, LSH_ROWS)
        keys = signature[:, 0]
        for row in range(1, LSH_ROWS):
            keys = (keys << np.uint64(32)) ^ signature[:, row]
        yield keys.tolist()


def candidate_pairs(texts: Sequence[Words]) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of documents that may share a passage.

    Documents are taken in publication order. A near-identical copy is paired with its family's
    first document only. The windows of every other document are looked up in the LSH bands of the
    windows indexed so far; a window pairs its document with at most MAX_CARRIERS earlier documents
    (the earliest that carry it), and a window that found that many is not indexed itself: a passage
    carried by k documents gives at most k * MAX_CARRIERS pairs, not k^2/2, and no bucket grows with
    k. A pair is kept when the two documents share at least MIN_SHARED_SHINGLES linkable shingles (a
    shared name or formula of a few words collides in the index but is no passage). The work grows
    with the number of windows.
    """
    if any(t.linkable is None or t.family is None for t in texts):
        texts = prepare([t.doc for t in texts])
    order = _chronological([t.doc for t in texts])
    rank = {index: n for n, index in enumerate(order)}
    bands: list[dict[int, list[int]]] = [{} for _ in range(LSH_BANDS)]
    linkable: dict[int, np.ndarray] = {}
    pairs: set[tuple[int, int]] = set()
    for index in order:
        words = texts[index]
        if words.family != index:
            pairs.add((min(index, words.family), max(index, words.family)))
            continue
        fresh, partners = [], set()
        for keys in _window_bands(words):
            found: set[int] = set()
            for table, key in zip(bands, keys):
                found.update(table.get(key, ()))
            carriers = sorted(found, key=rank.__getitem__)
            partners.update(carriers[:MAX_CARRIERS])
            if len(carriers) < MAX_CARRIERS:
                fresh.append(keys)
        for keys in fresh:
            for table, key in zip(bands, keys):
                bucket = table.setdefault(key, [])
                if not bucket or bucket[-1] != index:
                    bucket.append(index)
        if fresh or partners:
            linkable[index] = mine = np.unique(words.shingles[words.linkable])
            for other in partners:
                if len(np.intersect1d(mine, linkable[other], assume_unique=True)) >= MIN_SHARED_SHINGLES:
                    pairs.add((min(index, other), max(index, other)))
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
    """``shared_quote`` when, in one of the documents at least, the words outside quotation marks would not
    make a passage on their own: the passage is someone's quoted words, which the other document may print
    bare (an embedded post, a transcript) without copying the first."""
    outside = min(int((~quoted_x[span_x.start:span_x.stop]).sum()), int((~quoted_y[span_y.start:span_y.stop]).sum()))
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
_STOP_WORDS = frozenset(
    "the and for are but not you all any can had her was one our out has have him his how its may new now "
    "who did get got let say she too use that with this from they will would there their what about which "
    "when were been into than then them these those some such only also very just more most other over "
    "after before said says could should being does doing while where here each both through during "
    "again further once because until against between under above below own same few nor off why whom "
    "your yours ours itself himself herself themselves myself".split())
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


def _content_words(text: str) -> frozenset[str]:
    """Lower-cased words that carry content (no stop words, no 1-2 letter words), cut to 5 letters as a stem."""
    return frozenset(w[:5] for w in _WORD.findall(text.casefold()) if len(w) > 2 and w not in _STOP_WORDS)


def _lexical(wx: Sequence[frozenset[str]], wy: Sequence[frozenset[str]]) -> np.ndarray:
    """Sentence pairs that share at least PARAPHRASE_MIN_SHARED_WORDS content words (a boolean matrix)."""
    related = np.zeros((len(wx), len(wy)), dtype=bool)
    index: dict[str, list[int]] = {}
    for j, words in enumerate(wy):
        for word in words:
            index.setdefault(word, []).append(j)
    for i, words in enumerate(wx):
        counts: dict[int, int] = {}
        for word in words:
            for j in index.get(word, ()):
                counts[j] = counts.get(j, 0) + 1
        related[i, [j for j, k in counts.items() if k >= PARAPHRASE_MIN_SHARED_WORDS]] = True
    return related


def _paraphrase_pair(x: Document, y: Document, sx: list[tuple[int, int]], sy: list[tuple[int, int]],
                     cosine: np.ndarray, taken: list[Span]) -> list[tuple[Span, Span, float]]:
    """Runs of consecutive sentence pairs above the cosine threshold, outside verbatim passages."""
    similar = cosine >= PARAPHRASE_MIN_COSINE
    similar[[i for i, s in enumerate(sx) if _covered(s, [t for t in taken if t.doc == x.id])], :] = False
    similar[:, [j for j, s in enumerate(sy) if _covered(s, [t for t in taken if t.doc == y.id])]] = False
    found = []
    for i, j, length in _runs(similar):
        score = float(np.mean([cosine[i + k, j + k] for k in range(length)]))
        found.append((Span(x.id, sx[i][0], sx[i + length - 1][1]), Span(y.id, sy[j][0], sy[j + length - 1][1]), score))
    return found


def find_paraphrases(documents: Sequence[Document], pairs: Iterable[tuple[int, int]],
                     encoder: SentenceEncoder | None = None, taken: Sequence[ReuseLink] = ()) -> list[ReuseLink]:
    """Paraphrase links between the given document pairs, skipping text already linked verbatim.

    Only sentences that can open or continue a run are embedded: a sentence pair is scored when the
    two share at least PARAPHRASE_MIN_SHARED_WORDS content words and so does the pair before or after
    it on the same diagonal (a run needs two consecutive pairs). Sentences that say the same thing in
    other words still share their names and key nouns; the rest never reach the cosine threshold.
    """
    pairs = sorted(pairs)
    involved = sorted({i for pair in pairs for i in pair})
    spans = {i: sentences(documents[i]) for i in involved}
    words = {i: [_content_words(documents[i].text[a:b]) for a, b in spans[i]] for i in involved}
    plans = []
    needed: dict[int, set[int]] = {}
    for i, j in pairs:
        if len(spans[i]) < PARAPHRASE_MIN_RUN or len(spans[j]) < PARAPHRASE_MIN_RUN:
            continue
        related = _lexical(words[i], words[j])
        chained = np.zeros_like(related)  # a related pair with a related neighbour on its diagonal
        both = related[:-1, :-1] & related[1:, 1:]
        chained[:-1, :-1] |= both
        chained[1:, 1:] |= both
        if chained.any():
            rows, cols = np.nonzero(chained)
            needed.setdefault(i, set()).update(rows.tolist())
            needed.setdefault(j, set()).update(cols.tolist())
            plans.append((i, j, chained))
    if not plans:
        return []
    if encoder is None:
        from manysides.nlp.embeddings import default_encoder

        encoder = default_encoder()
    keys = [(i, k) for i in sorted(needed) for k in sorted(needed[i])]
    vectors = encoder.encode([documents[i].text[spans[i][k][0]:spans[i][k][1]] for i, k in keys])
    dimensions = vectors.shape[1]
    embedded = {i: np.zeros((len(spans[i]), dimensions), dtype=np.float32) for i in needed}
    for (i, k), vector in zip(keys, vectors):
        embedded[i][k] = vector
    links = []
    for i, j, chained in plans:
        x, y = documents[i], documents[j]
        already = [s for link in taken if {link.a.doc, link.b.doc} == {x.id, y.id} for s in (link.a, link.b)]
        cosine = np.where(chained, embedded[i] @ embedded[j].T, 0.0)
        for span_x, span_y, score in _paraphrase_pair(x, y, spans[i], spans[j], cosine, already):
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
    semantic_pairs = combinations(range(len(documents)), 2) if len(documents) < ALL_PAIRS_BELOW else pairs
    links += find_paraphrases(documents, semantic_pairs, encoder, links)
    order = {doc_id: n for n, doc_id in enumerate(ids)}
    return sorted(links, key=lambda l: (order[l.a.doc], order[l.b.doc], l.a.start, l.b.start, l.kind))
