"""Claims aligned across sources: which outlets state the same thing, which dispute it, who leaves it out.

Every document's claim units (:mod:`manysides.extract.claims`) are compared with those of the other
documents in three steps:

1. **Candidates.** Each unit is embedded once (all-MiniLM-L6-v2); its nearest units in other
   documents are found with a chunked matrix product of unit-normalised vectors, keeping at most
   :data:`NEIGHBOURS` per unit above :data:`CANDIDATE_MIN_COSINE`. The number of scored pairs grows
   linearly with the number of units, never as all pairs.
2. **Link score.** A candidate pair gets a probability that both units state the same thing: a
   logistic model over the cosine, content-lemma Jaccard, rapidfuzz ``token_set_ratio``, entity
   Jaccard and the share of numbers both state. Weights and the :data:`LINK_THRESHOLD` were fitted
   on the first 80 % of MSRP train (``benchmarks/msrp.py`` refits them and reports held-out figures).
   Pairs that contradict each other (:mod:`manysides.compare.contradiction`) are linked too, when
   close enough to be about the same matter, since "contested" needs both sides in one group; so are
   pairs that carry one linked quotation, correspond in one reused passage, or assert one actor
   action (:mod:`manysides.extract.actions`), since such evidence holds however the rest is worded.
3. **Groups.** Average-linkage clustering over the sparse link graph (unscored pairs count as 0),
   so a group cannot grow by chaining A~B~C when A and C say different things.

A group's status is ``consensus`` (two or more sources, none disputing), ``contested`` (a
contradiction between members of different documents) or ``single_source``. A source is an outlet
(:attr:`~manysides.model.Document.source`; a document without one is its own source): two articles of
one outlet that say the same thing are one source, not a consensus. Single-source groups are
kept only for substantive units (:data:`SINGLE_MIN_WORDS` words and a number or two entities), at
most :data:`SINGLE_PER_DOC` per source, so the list stays readable.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz import fuzz

from manysides.compare.contradiction import (
    ACTION_MIN_COSINE,
    ACTION_ONE_OBJECT_MIN_COSINE,
    Contradiction,
    action_confidence,
    figures_apart,
    find_contradiction,
    is_condition_verb,
    jaccard,
    number_conflict,
    opposed_actions,
)
from manysides.extract.actions import (
    EFFECT_POSTINGS,
    ENDED_POSTING,
    EVENT,
    action_posting,
    action_verb,
    parse_action,
    same_action,
)
from manysides.extract.claims import ClaimUnit
from manysides.model import Document, Statement

if TYPE_CHECKING:
    from manysides.nlp.embeddings import SentenceEncoder

NEIGHBOURS = 24              # nearest other-document units scored per unit
CANDIDATE_MIN_COSINE = 0.45  # no MSRP train pair below this cosine reaches LINK_THRESHOLD (lowest: 0.47)
CHUNK_ROWS = 1024            # rows of the similarity matrix held at once
# Logistic link model fitted on MSRP train[:80%] (benchmarks/msrp.py): cosine, lemma Jaccard,
# IDF-weighted lemma Jaccard, token_set_ratio, entity Jaccard, shared-number share, bias.
LINK_WEIGHTS = (4.63, 1.52, 4.31, -0.53, 0.04)
LINK_BIAS = -6.85
LINK_THRESHOLD = 0.52        # best accuracy on MSRP train[:80%]; held-out: accuracy 0.738, F1 0.817
MUTUAL_LINK_THRESHOLD = 0.43  # best F1 on MSRP train[:80%]: for pairs that are each other's best match
CONTESTED_MIN_SCORE = 0.1    # a contradicting pair needs this link score to join one group
# A figure or an opposite word disputes another only between sentences that state one claim by the link
# score (the mutual-best threshold), or that share an exact figure besides: on 126 fresh AllSides
# topic-days, every such dispute between looser pairs (score 0.17 to 0.36) was two different facts.
DISPUTE_MIN_SCORE = MUTUAL_LINK_THRESHOLD
# Title-and-lead TF-IDF cosine (manysides.cluster's story features) below which two articles tell
# different stories, so an action they share is one actor doing one thing on two occasions. Same-story
# pairs linked by actions on 20 AllSides topic-days were all at 0.10 or above (the seeds: 0.16 and up);
# on 200 articles of one topic across years it removes half the action links, nearly all of that kind.
ACTION_MIN_STORY_SIMILARITY = 0.1
# Units that say one state ended ("dismantled that isolation" / "an end to years of attempts to isolate
# Ravel") share little else: the rest of each sentence is about what ended it. The key is most of the evidence.
ENDED_STATE_MIN_COSINE = 0.2
# Units that say what one cause did to one party ("hampered by sanctions" / "recovered under sanctions") share
# a key of three parts; the rest of each sentence is often about something else (the seeds: cosine 0.38 to 0.63).
EFFECT_MIN_COSINE = 0.3
SINGLE_MIN_WORDS = 8
SINGLE_PER_DOC = 6
LABEL_CHARS = 140
OMISSION_MIN_SHARE = 0.2     # in large corpora a claim is "widely stated" when this share of sources state it


@dataclass(slots=True)
class Pair:
    """A scored candidate pair of units (indices into the flat unit list)."""

    i: int
    j: int
    cosine: float
    score: float
    contradiction: Contradiction | None = None
    mutual: bool = False     # each unit is the other's best match in its document
    basis: str = "paraphrase"  # why they link: quote | passage | action | paraphrase | contradiction

    @property
    def carried(self) -> bool:
        """The units share a linked quotation, a reused passage or an actor action."""
        return self.basis in ("quote", "passage", "action")

    @property
    def confidence(self) -> float:
        """How sure the link is: its score, or, where the score alone would call the pair unrelated, at
        least what its evidence gives: for an action link its cosine (as for an action contradiction:
        0.5 at the cosine floor, 1.0 at cosine 1), for a link made by a contradiction that one's own."""
        if self.basis == "action":
            return max(self.score, action_confidence(self.cosine))
        if self.basis == "contradiction" and self.contradiction is not None:
            return max(self.score, self.contradiction.confidence)
        return self.score


@dataclass(slots=True)
class Cluster:
    members: list[int]
    docs: Counter = field(default_factory=Counter)


def idf_weights(units: Sequence[ClaimUnit]) -> dict[str, float]:
    """Inverse document frequency of content lemmas over the units being compared.

    Within one story every source says "summit" and "Russia"; sharing "pariah" or "advance" is what
    tells two sentences apart, so shared words count by their rarity among the units at hand.
    """
    df = Counter(lemma for unit in units for lemma in set(unit.lemmas))
    total = len(units) + 1
    return {lemma: math.log(total / (count + 1)) + 1.0 for lemma, count in df.items()}


def weighted_overlap(a: set[str], b: set[str], idf: Mapping[str, float] | None) -> float:
    """IDF-weighted Jaccard of two lemma sets (plain Jaccard without weights)."""
    if idf is None:
        return jaccard(a, b)
    union = sum(idf.get(w, 1.0) for w in a | b)
    return sum(idf.get(w, 1.0) for w in a & b) / union if union else 0.0


def pair_features(a: ClaimUnit, b: ClaimUnit, cosine: float,
                  idf: Mapping[str, float] | None = None) -> tuple[float, ...]:
    """The link model's inputs for one pair (also what ``benchmarks/msrp.py`` fits on)."""
    lexical = weighted_overlap(set(a.lemmas), set(b.lemmas), idf)
    fuzzy = fuzz.token_set_ratio(a.text.lower(), b.text.lower()) / 100.0
    entities = jaccard(set(a.entities), set(b.entities))
    na, nb = set(a.numbers), set(b.numbers)
    numbers = len(na & nb) / len(na | nb) if na and nb else 0.0
    return cosine, lexical, fuzzy, entities, numbers


def link_score(features: Sequence[float], weights: Sequence[float] = LINK_WEIGHTS,
               bias: float = LINK_BIAS) -> float:
    """Probability that two units state the same thing (logistic over :func:`pair_features`)."""
    z = bias + sum(w * f for w, f in zip(weights, features))
    return 1.0 / (1.0 + math.exp(-z))


def candidate_pairs(vectors: np.ndarray, docs: np.ndarray, neighbours: int = NEIGHBOURS,
                    min_cosine: float = CANDIDATE_MIN_COSINE) -> dict[tuple[int, int], float]:
    """Nearest other-document units for every unit: ``{(i, j): cosine}`` with ``i < j``.

    Rows are scored a block at a time; only cells above ``min_cosine`` are ranked, so the cost past
    the matrix product follows the number of close pairs rather than the square of the units.
    """
    pairs: dict[tuple[int, int], float] = {}
    n = len(vectors)
    for begin in range(0, n, CHUNK_ROWS):
        block = vectors[begin:begin + CHUNK_ROWS] @ vectors.T
        rows, cols = np.nonzero(block >= min_cosine)
        keep = docs[begin + rows] != docs[cols]
        rows, cols = rows[keep], cols[keep]
        values = block[rows, cols]
        order = np.lexsort((-values, rows))            # by row, best first within a row
        rows, cols, values = rows[order], cols[order], values[order]
        first = np.searchsorted(rows, rows, side="left")  # position of each row's first cell
        top = np.arange(len(rows)) - first < neighbours
        for row, col, value in zip(rows[top].tolist(), cols[top].tolist(), values[top].tolist()):
            i = begin + row
            pairs[(min(i, col), max(i, col))] = value
    return pairs


def story_relevance(vectors: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Each unit's cosine with the mean of the other documents' units: how much it is about the story the
    rest of the set tells. A column's aside or a promotion printed inside one article scores low, a detail
    only one source gives about the shared event scores high. 1.0 where no other document has units.
    Linear in the units (one sum per document), so it costs nothing next to the candidate search."""
    if len(vectors) == 0:
        return np.ones(0, dtype=np.float32)
    codes, inverse = np.unique(docs, return_inverse=True)
    sums = np.zeros((len(codes), vectors.shape[1]), dtype=np.float64)
    np.add.at(sums, inverse, vectors)
    others = sums.sum(axis=0)[None, :] - sums[inverse]
    norms = np.linalg.norm(others, axis=1)
    alone = norms <= 1e-9  # no other document has units
    relevance = np.einsum("ij,ij->i", vectors, others) / np.where(alone, 1.0, norms)
    return np.where(alone, 1.0, relevance).astype(np.float32)


def mutual_best(scores: Mapping[tuple[int, int], float], docs: Sequence[Any]) -> set[tuple[int, int]]:
    """Pairs whose units are each other's best-scoring counterpart in the other's document.

    Competitive linking (Melamed 2000): a unit states a given claim at most once or twice per
    source, so a pair that wins in both directions is far more often a true link than a pair of
    the same score that loses to a sibling sentence.
    """
    best: dict[tuple[int, Any], tuple[float, int]] = {}
    for (i, j), score in scores.items():
        for a, b in ((i, j), (j, i)):
            key = (a, docs[b])
            if score > best.get(key, (-1.0, -1))[0]:
                best[key] = (score, b)
    return {(i, j) for (i, j) in scores if best[(i, docs[j])][1] == j and best[(j, docs[i])][1] == i}


def quoted_pairs(units: Sequence[ClaimUnit], statements: Sequence[Statement]) -> set[tuple[int, int]]:
    """Unit pairs ``(i, j)``, ``i < j``, whose units carry two quotes linked across sources (``also_in``).

    Two sources that quote the same line of the same speaker report the same statement, however
    differently the sentences around the quotes are worded.
    """
    by_doc: dict[str, list[int]] = {}
    for n, unit in enumerate(units):
        by_doc.setdefault(unit.doc, []).append(n)
    carriers: dict[str, list[int]] = {}
    for statement in statements:
        if statement.also_in:
            carriers[statement.id] = [n for n in by_doc.get(statement.doc, ())
                                      if units[n].start < statement.content.end
                                      and statement.content.start < units[n].end]
    pairs = set()
    for statement in statements:
        for link in statement.also_in:
            for i in carriers.get(statement.id, ()):
                for j in carriers.get(link.statement, ()):
                    if units[i].doc != units[j].doc:
                        pairs.add((min(i, j), max(i, j)))
    return pairs


def reused_pairs(units: Sequence[ClaimUnit], vectors: np.ndarray,
                 reuse: Sequence[Mapping[str, Any]]) -> set[tuple[int, int]]:
    """Unit pairs ``(i, j)``, ``i < j``, that correspond inside a passage one source shares with another.

    Text reuse aligns whole passages (verbatim, or paraphrased sentence by sentence); within one, a
    unit's counterpart is the unit of the other side it is most similar to, when that choice is mutual.
    """
    def inside(side: Mapping[str, Any]) -> list[int]:
        return [n for n, unit in enumerate(units)
                if unit.doc == side["doc"] and side["start"] <= unit.start and unit.end <= side["end"]]

    pairs = set()
    for link in reuse:
        left, right = inside(link["a"]), inside(link["b"])
        if not left or not right:
            continue
        similarity = vectors[left] @ vectors[right].T
        for row, col in enumerate(similarity.argmax(axis=1)):
            if similarity[:, col].argmax() == row:
                i, j = left[row], right[int(col)]
                pairs.add((min(i, j), max(i, j)))
    return pairs


def action_pairs(units: Sequence[ClaimUnit], vectors: np.ndarray, docs: np.ndarray,
                 story: StorySimilarity | None = None) -> set[tuple[int, int]]:
    """Unit pairs ``(i, j)``, ``i < j``, from different documents that assert one actor action.

    Units are indexed by actor, verb and polarity (:mod:`manysides.extract.actions`); within one such
    posting the nearest units of other documents are found as in :func:`candidate_pairs` (so a story
    of 500 articles that all say "Stone was indicted" yields a bounded number of pairs per unit), and a
    pair is kept when it is at least :data:`ACTION_MIN_COSINE` alike, its objects do not conflict and
    its figures do not differ ("106,000 Americans signed up" / "27,000 signed up on the federal site"
    are two claims, left to the link score and :func:`number_conflict`). With ``story``, the two
    documents must also tell one story (:data:`ACTION_MIN_STORY_SIMILARITY`).
    """
    postings: dict[str, list[int]] = {}
    for n, unit in enumerate(units):
        for key in unit.actions:
            postings.setdefault(action_posting(key), []).append(n)
    found = chain.from_iterable(
        _posting_neighbours({p: m for p, m in postings.items() if _action_floor(p) == floor}, vectors, docs, floor)
        for floor in sorted({_action_floor(p) for p in postings}))
    return {(i, j) for i, j, cosine in found
            if number_conflict(units[i], units[j]) is None
            and any(same_action(x, y) and (cosine >= ACTION_ONE_OBJECT_MIN_COSINE or _objects_alike(x, y))
                    for x in units[i].actions for y in units[j].actions)
            and _one_story(story, units[i], units[j])}


def _action_floor(posting: str) -> float:
    """The cosine two units sharing an action of ``posting`` (:func:`action_posting`) must reach to link."""
    if posting == ENDED_POSTING:
        return ENDED_STATE_MIN_COSINE
    return EFFECT_MIN_COSINE if posting in EFFECT_POSTINGS else ACTION_MIN_COSINE


def _objects_alike(a: str, b: str) -> bool:
    """Both keys name the same object, or neither names one: no :data:`ACTION_ONE_OBJECT_MIN_COSINE` needed."""
    return parse_action(a).object == parse_action(b).object


def _one_story(story: StorySimilarity | None, a: ClaimUnit, b: ClaimUnit) -> bool:
    return story is None or story(a.doc, b.doc) >= ACTION_MIN_STORY_SIMILARITY


class StorySimilarity:
    """How alike two documents are as stories: the cosine of their story-clustering features.

    Uses :func:`manysides.cluster.document_features` (title, lead, names and numbers) with the shipped
    background document frequencies, so five articles are weighed as a large store would weigh them.
    Pairs are computed on demand (a story of 20,000 articles never builds a dense matrix).
    """

    def __init__(self, documents: Sequence[Document]) -> None:
        from manysides.cluster import BACKGROUND_PRIOR, document_features, tfidf_matrix
        from manysides.lang import ENGLISH

        self._row = {doc.id: n for n, doc in enumerate(documents)}
        features = [document_features(doc) for doc in documents]
        self._matrix = tfidf_matrix(features, [ENGLISH] * len(features), BACKGROUND_PRIOR)
        self._known: dict[tuple[str, str], float] = {}

    def __call__(self, a: str, b: str) -> float:
        if a not in self._row or b not in self._row:
            return 1.0  # unknown documents are not held apart
        key = (a, b) if a <= b else (b, a)
        if key not in self._known:  # many unit pairs fall on one document pair
            self._known[key] = float(self._matrix[self._row[a]].multiply(self._matrix[self._row[b]]).sum())
        return self._known[key]


def _posting_neighbours(postings: Mapping[str, list[int]], vectors: np.ndarray, docs: np.ndarray,
                        floor: float = ACTION_MIN_COSINE) -> Iterator[tuple[int, int, float]]:
    """``(i, j, cosine)`` for the nearest other-document units within each posting (:func:`candidate_pairs`),
    at least ``floor`` alike."""
    for members in postings.values():
        members = sorted(set(members))
        if len(set(docs[members].tolist())) < 2:
            continue
        for (a, b), cosine in candidate_pairs(vectors[members], docs[members], NEIGHBOURS, floor).items():
            yield members[a], members[b], cosine


def opposed_pairs(units: Sequence[ClaimUnit], vectors: np.ndarray, docs: np.ndarray,
                  story: StorySimilarity | None = None) -> dict[tuple[int, int], Contradiction]:
    """Unit pairs from different documents that put one actor in opposite conditions, with why.

    "Russia, which has long been hampered by sanctions" and "Russia's economy has recovered" contradict
    each other whatever else the two sentences say. Units are indexed by the actor of a condition verb;
    within one posting the nearest other-document units (at least :data:`ACTION_MIN_COSINE` alike)
    are checked with :func:`~manysides.compare.contradiction.opposed_actions`.
    """
    postings: dict[str, list[int]] = {}
    for n, unit in enumerate(units):
        for key in unit.actions:
            if is_condition_verb(action_verb(key)):
                postings.setdefault(parse_action(key).actor, []).append(n)
    found: dict[tuple[int, int], Contradiction] = {}
    effects = {EVENT: postings.pop(EVENT)} if EVENT in postings else {}  # effect keys: one cause, one party
    for i, j, cosine in chain(_posting_neighbours(postings, vectors, docs),
                              _posting_neighbours(effects, vectors, docs, EFFECT_MIN_COSINE)):
        verbs = opposed_actions(units[i], units[j])
        if verbs is not None and (i, j) not in found and _one_story(story, units[i], units[j]):
            found[(i, j)] = Contradiction("antonym", f"{verbs[0]} vs {verbs[1]}", action_confidence(cosine))
    return found


def score_pairs(units: Sequence[ClaimUnit], candidates: Mapping[tuple[int, int], float],
                best: dict[int, float] | None = None, carried: Mapping[tuple[int, int], str] | None = None,
                actions: frozenset[tuple[int, int]] = frozenset(),
                opposed: Mapping[tuple[int, int], Contradiction] | None = None) -> list[Pair]:
    """The links among candidate pairs: link score above threshold, or a contradiction close enough.

    Mutually best pairs (:func:`mutual_best`) link from :data:`MUTUAL_LINK_THRESHOLD`, the F1-optimal
    point on MSRP; all others need the stricter accuracy-optimal :data:`LINK_THRESHOLD`. Pairs in
    ``carried`` (pair -> ``"quote"`` from :func:`quoted_pairs` or ``"passage"`` from
    :func:`reused_pairs`) link as contradicting pairs do, from :data:`CONTESTED_MIN_SCORE`: the quote or
    passage they share is the evidence.
    Pairs in ``actions`` (:func:`action_pairs`) link whatever their score: the action they share and
    the cosine floor it was found with are the evidence, and the rest of a sentence may say more. So do
    pairs in ``opposed`` (:func:`opposed_pairs`), with the contradiction given there. Each link records
    its :attr:`Pair.basis`, the strongest of these reasons (a shared quote first, the score last). A pair
    linked by its score alone is dropped when the two give figures of one kind and share none
    (:func:`figures_apart`): that is not one claim, whoever holds them.
    ``best`` (when given) receives every unit's highest link score with any other-document unit,
    linked or not: how sure we are that a single-source claim really has no counterpart.
    """
    carried = carried or {}
    idf = idf_weights(units)
    scores = {pair: link_score(pair_features(units[pair[0]], units[pair[1]], cosine, idf))
              for pair, cosine in candidates.items()}
    mutual = mutual_best(scores, [unit.doc for unit in units])
    links = []
    for (i, j), cosine in candidates.items():
        score = scores[(i, j)]
        if best is not None:
            best[i], best[j] = max(best.get(i, 0.0), score), max(best.get(j, 0.0), score)
        # Two renderings of one quotation ("'I'm not going to ...,' he said" / "I am not going to ...")
        # report the same words: they can differ in length and wording, never contradict each other.
        same_quote = carried.get((i, j)) == "quote"
        contradiction = (find_contradiction(units[i], units[j], cosine)
                         if score >= CONTESTED_MIN_SCORE and not same_quote else None)
        if contradiction is not None and contradiction.kind in {"number", "antonym"} \
                and score < DISPUTE_MIN_SCORE and not set(units[i].numbers) & set(units[j].numbers):
            contradiction = None  # loosely alike sentences with two figures are most often two facts
        opposite = opposed.get((i, j)) if opposed and not same_quote else None
        contradiction = contradiction or opposite
        threshold = MUTUAL_LINK_THRESHOLD if (i, j) in mutual else LINK_THRESHOLD
        quoted = (i, j) in carried and score >= CONTESTED_MIN_SCORE
        disputed = contradiction is not None and (score >= CONTESTED_MIN_SCORE or opposite is not None)
        basis = (carried[(i, j)] if quoted else "action" if (i, j) in actions
                 else "paraphrase" if score >= threshold else "contradiction" if disputed else None)
        if basis == "paraphrase" and contradiction is None and figures_apart(units[i], units[j]):
            basis = None  # "He carried it by 16 points" / "Brandt carried it by 13": not one claim, whoever "he" is
        if basis is not None:
            links.append(Pair(i, j, cosine, score, contradiction, mutual=(i, j) in mutual, basis=basis))
    return links


def _cross_pairs(a: Cluster, b: Cluster) -> int:
    """Pairs between two clusters whose units come from different documents."""
    same = sum(count * b.docs.get(doc, 0) for doc, count in a.docs.items())
    return len(a.members) * len(b.members) - same


def _effective(pair: Pair) -> float:
    """A contradicting pair links as strongly as a threshold pair: it is about the same matter.

    So do a pair carried by a shared quotation or passage and a mutually best pair that passed
    :data:`MUTUAL_LINK_THRESHOLD`; the reported confidence stays the pair's own score.
    """
    lifted = (pair.contradiction is not None or pair.carried
              or (pair.mutual and pair.score >= MUTUAL_LINK_THRESHOLD))
    return max(pair.score, LINK_THRESHOLD) if lifted else pair.score


def average_linkage(units: Sequence[ClaimUnit], pairs: Sequence[Pair]) -> list[list[int]]:
    """Merge clusters while the mean score over their cross-document pairs stays above the threshold."""
    clusters = {i: Cluster([i], Counter([units[i].doc])) for i in range(len(units))}
    sums: dict[int, dict[int, float]] = {i: {} for i in range(len(units))}
    for p in pairs:
        sums[p.i][p.j] = sums[p.i].get(p.j, 0.0) + _effective(p)
        sums[p.j][p.i] = sums[p.j].get(p.i, 0.0) + _effective(p)
    heap = [(-_effective(p), p.i, p.j) for p in pairs]
    heapq.heapify(heap)
    next_id = len(units)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in clusters or b not in clusters or -negative < LINK_THRESHOLD:
            continue
        merged = Cluster(clusters[a].members + clusters[b].members, clusters[a].docs + clusters[b].docs)
        links: dict[int, float] = {}
        for old in (a, b):
            for other, total in sums.pop(old).items():
                if other not in (a, b):
                    links[other] = links.get(other, 0.0) + total
                    sums[other].pop(old, None)
        del clusters[a], clusters[b]
        clusters[next_id], sums[next_id] = merged, links
        for other, total in links.items():
            sums[other][next_id] = total
            cross = _cross_pairs(merged, clusters[other])
            if cross:
                heapq.heappush(heap, (-total / cross, next_id, other))
        next_id += 1
    return [sorted(c.members) for c in clusters.values()]


def join_lone_dissenters(clusters: list[list[int]], units: Sequence[ClaimUnit],
                         pairs: Sequence[Pair]) -> list[list[int]]:
    """A sentence that no other sentence states, and that disputes a member of a larger group with the link
    score of one claim (:data:`DISPUTE_MIN_SCORE`), joins that group, which then reads as contested.

    Average linkage alone leaves it out: its dispute counts once against the group's several members, so
    the mean link falls short ("pledged to cut emissions 26 to 28 percent by 2030", stated by two
    sources, against "by 2025" in a third). Only a lone sentence joins, and only a group its document has
    no sentence in, so no group is dragged into another."""
    where = {member: n for n, cluster in enumerate(clusters) for member in cluster}
    chosen: dict[int, tuple[float, int]] = {}
    for pair in pairs:
        if pair.contradiction is None or pair.score < DISPUTE_MIN_SCORE:
            continue
        for lone, other in ((pair.i, pair.j), (pair.j, pair.i)):
            target = clusters[where[other]]
            if len(clusters[where[lone]]) == 1 and len(target) > 1 \
                    and units[lone].doc not in {units[m].doc for m in target} \
                    and pair.score > chosen.get(lone, (0.0, -1))[0]:
                chosen[lone] = (pair.score, where[other])
    if not chosen:
        return clusters
    joined = [list(cluster) for cluster in clusters]
    for lone, (_, target) in chosen.items():
        joined[target].append(lone)
    return [sorted(cluster) for n, cluster in enumerate(joined)
            if not (len(clusters[n]) == 1 and clusters[n][0] in chosen)]


def _label(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= LABEL_CHARS:
        return text
    cut = text[:LABEL_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:—– ") + "…"


def _substantive(unit: ClaimUnit) -> bool:
    """Worth listing although no other source states it: long enough and about someone or some figure."""
    return unit.words >= SINGLE_MIN_WORDS and (bool(unit.numbers) or len(unit.entities) >= 2)


def _group(members: list[int], units: Sequence[ClaimUnit], links: Mapping[tuple[int, int], Pair],
           best: Mapping[int, float], sources: Mapping[str, str], relevance: np.ndarray) -> dict[str, Any]:
    """One claim group record: status, medoid label, confidences, contradictions between its members.

    ``sources`` maps document ids to :attr:`Document.source`: a claim two articles of one outlet make is
    that outlet's alone (``single_source``); a contradiction between them is still reported."""
    inside = [links[(i, j)] for n, i in enumerate(members) for j in members[n + 1:] if (i, j) in links]
    support = Counter()
    for p in inside:
        support[p.i] += p.score
        support[p.j] += p.score
    focused = _focused(members, units)
    medoid = max(members, key=lambda m: (support[m], m in focused, -m))
    disputes = [p for p in inside if p.contradiction is not None]
    docs = {units[m].doc for m in members}
    side = _sides(medoid, inside) if disputes else {}
    disputes = _between_sources(disputes, members, units, side)
    outlets = {sources.get(doc, doc) for doc in docs}
    if len(docs) == 1:
        status, confidence = "single_source", 1.0 - best.get(medoid, 0.0)
    elif disputes:
        status, confidence = "contested", max(p.contradiction.confidence for p in disputes)
    elif len(outlets) == 1:
        status = "single_source"
        confidence = sum(p.confidence for p in inside) / len(inside)
    else:
        status = "consensus"
        confidence = sum(p.confidence for p in inside) / len(inside)
    member_conf = {m: max((p.confidence for p in inside if m in (p.i, p.j)), default=confidence) for m in members}
    side = side if status == "contested" else {}
    position = {m: n for n, m in enumerate(members)}
    return {
        "status": status, "label": _label(units[medoid].text), "confidence": round(confidence, 3),
        "on_story": round(float(relevance[medoid]), 3),
        "members": [{"doc": units[m].doc, "start": units[m].start, "end": units[m].end,
                     "polarity": units[m].polarity, "side": side.get(m, 0), "confidence": round(member_conf[m], 3)}
                    for m in members],
        "links": [{"a": position[p.i], "b": position[p.j], "basis": p.basis, "confidence": round(p.confidence, 3)}
                  for p in inside],
        "contradictions": [{"a": _span(units[p.i]), "b": _span(units[p.j]), **p.contradiction.to_dict()}
                           for p in disputes],
        "_order": (-len(outlets), -len(docs), min(members)),
    }


def _between_sources(disputes: Sequence[Pair], members: Sequence[int], units: Sequence[ClaimUnit],
                     side: Mapping[int, int]) -> list[Pair]:
    """The disputes between sources. An article that states both figures ("a Fox poll showed Penhallow 10
    points up" and "an average of polls had Tolland 2 points ahead") is reporting two facts, not disputing
    itself, so another source stating one of them disputes nothing either. Words are another matter: an
    article that grants that sanctions strained Russia and then says its economy recovered still disputes
    a source for which Russia is hampered by sanctions, and stands on both sides of the group."""
    holds = {(units[m].doc, side.get(m, 0)) for m in members}
    return [p for p in disputes if p.contradiction.kind != "number"
            or ((units[p.i].doc, side.get(p.j, 0)) not in holds and (units[p.j].doc, side.get(p.i, 0)) not in holds)]


def _focused(members: Sequence[int], units: Sequence[ClaimUnit]) -> set[int]:
    """Members whose main verb is an action they share with another member: the best label.

    "Russian forces are advancing ..." names the claim better than "... while Russia continues to
    advance", where the shared action sits in a subordinate clause.
    """
    holders: dict[str, set[int]] = {}
    for m in members:
        for key in units[m].actions:
            holders.setdefault(action_posting(key), set()).add(m)
    return {m for m in members for key in units[m].actions
            if action_verb(key) == units[m].predicate and len(holders[action_posting(key)]) > 1}


def _sides(medoid: int, links: Sequence[Pair]) -> dict[int, int]:
    """Which side of a contested group each member takes: 0 with the label (the medoid), 1 against it.

    Sides follow the links outward from the medoid: a contradicting link crosses to the other side, any
    other link stays. Polarity alone cannot say it: "no agreement was reached" and "the talks ended
    without results" are both negated and agree, and "lowest since 1985" / "since 1991" are both
    affirmative and disagree. Members no link reaches stay on the label's side.
    """
    side = {medoid: 0}
    frontier = [medoid]
    while frontier:
        node = frontier.pop()
        for p in links:
            if node in (p.i, p.j):
                other = p.j if p.i == node else p.i
                if other not in side:
                    side[other] = side[node] ^ (p.contradiction is not None)
                    frontier.append(other)
    return side


def _span(unit: ClaimUnit) -> dict[str, Any]:
    return {"doc": unit.doc, "start": unit.start, "end": unit.end}


def _keep_singles(clusters: list[list[int]], units: Sequence[ClaimUnit], links: Mapping[tuple[int, int], Pair],
                  sources: Mapping[str, str], relevance: np.ndarray) -> list[list[int]]:
    """Multi-source clusters (and any cluster of documents that disagree), plus the most substantive
    single-source clusters about the story (names and figures, times :func:`story_relevance`), a few per
    document: two articles of one outlet repeating each other (an update and its first version share most
    sentences) count as one source here too."""
    kept, singles = [], {}
    for members in clusters:
        outlets = {sources.get(units[m].doc, units[m].doc) for m in members}
        disputed = any(links[(i, j)].contradiction is not None for n, i in enumerate(members)
                       for j in members[n + 1:] if (i, j) in links)
        if len(outlets) > 1 or disputed:
            kept.append(members)
        elif _substantive(units[members[0]]):
            singles.setdefault(units[members[0]].doc, []).append(members)
    for doc_clusters in singles.values():
        doc_clusters.sort(key=lambda ms: (-(1 + len(units[ms[0]].numbers) + len(units[ms[0]].entities))
                                          * max(float(relevance[ms[0]]), 0.0), ms[0]))
        kept.extend(doc_clusters[:SINGLE_PER_DOC])
    return kept


def omissions(groups: Sequence[dict[str, Any]], documents: Sequence[Document]) -> list[dict[str, Any]]:
    """For each source, the widely stated claim groups it does not state.

    "Widely" is at least two other sources, and in large corpora also at least
    :data:`OMISSION_MIN_SHARE` of all sources, so 500 articles do not yield 500 x every group.
    """
    source_of = {doc.id: doc.source for doc in documents}
    needed = max(2, math.ceil(OMISSION_MIN_SHARE * len(set(source_of.values()))))
    found = []
    for group in groups:
        stated = sorted({m["doc"] for m in group["members"]})
        stating = {source_of.get(doc, doc) for doc in stated}
        if group["status"] == "single_source" or len(stating) < needed:
            continue
        for document in documents:
            if document.source not in stating:  # an outlet's second article omits nothing its first states
                found.append({"doc": document.id, "claim_group": group["id"], "stated_by": stated})
    return found


def align_claims(units_by_doc: Mapping[str, Sequence[ClaimUnit]], documents: Sequence[Document],
                 encoder: SentenceEncoder | None = None, statements: Sequence[Statement] = (),
                 reuse: Sequence[Mapping[str, Any]] = ()) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Group claim units from different documents that state the same thing; list who omits what.

    ``statements`` with their cross-source quote links (``also_in``) and the ``reuse`` records (see
    :mod:`manysides.compare.reuse`) let units that carry the same quotation, or that correspond in a
    passage two sources share, link even when the rest of their wording differs.

    Returns ``(claim_groups, omissions)`` as JSON-ready records (see ``docs/output.md``). Groups are
    ordered by the number of sources, then by position in the corpus; ids are ``c1``, ``c2`` ...
    """
    units = [u for doc in documents for u in units_by_doc.get(doc.id, ())]
    if not units:
        return [], []
    if encoder is None:
        from manysides.nlp.embeddings import default_encoder

        encoder = default_encoder()
    vectors = np.asarray(encoder.encode([u.text for u in units]), dtype=np.float32)
    codes = {doc.id: n for n, doc in enumerate(documents)}
    doc_codes = np.array([codes.get(u.doc, -1) for u in units])
    best: dict[int, float] = {}
    candidates = candidate_pairs(vectors, doc_codes)
    carried = {pair: "passage" for pair in reused_pairs(units, vectors, reuse)}
    carried.update((pair, "quote") for pair in quoted_pairs(units, statements))
    story = StorySimilarity(documents)
    actions = frozenset(action_pairs(units, vectors, doc_codes, story))
    opposed = opposed_pairs(units, vectors, doc_codes, story)
    for i, j in (carried.keys() | actions | opposed.keys()) - candidates.keys():
        candidates[(i, j)] = float(vectors[i] @ vectors[j])
    pairs = score_pairs(units, candidates, best, carried, actions, opposed)
    links = {(p.i, p.j): p for p in pairs}
    sources = {doc.id: doc.source for doc in documents}
    relevance = story_relevance(vectors, doc_codes)
    clusters = _keep_singles(join_lone_dissenters(average_linkage(units, pairs), units, pairs), units, links,
                             sources, relevance)
    groups = [_group(members, units, links, best, sources, relevance) for members in clusters]
    groups.sort(key=lambda g: g.pop("_order"))
    for number, group in enumerate(groups, start=1):
        group["id"] = f"c{number}"
    groups = [{"id": g["id"], **{k: v for k, v in g.items() if k != "id"}} for g in groups]
    return groups, omissions(groups, documents)
