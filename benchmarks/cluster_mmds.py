"""Story clustering quality and speed on the MMDS 2025 dev set (../shared/data/mmds/dev.json).

MMDS gives 209 articles (English, Malay, Indonesian, Chinese) with a gold event id each; event 166 is
a bucket of unrelated articles and is scored as singletons. All 209 articles are clustered together
(languages are kept apart by the clusterer); scores are on the English ones (detected language), as
pairwise and BCubed precision/recall/F1.

Honest thresholds: the merge threshold of each mode (and, in mixed mode, the embedding weight) is
chosen on half A of the events (even gold ids; unrelated articles with even article ids), and scores
are reported on half B (never seen while choosing), on half A and on the whole dev set. The shipped
defaults in manysides.cluster are the half-A choices; the script prints them so a drift is visible.
The halves are small (33 and 36 English gold pairs), so the swapped fold is reported as well (choose
on B, score A). No test data is used for anything.

Modes: ``mixed`` (the store's and ``cluster``'s default: the MiniLM cosine of ``embed_leads`` vectors,
the mean of the title's and the lede's, mixed into TF-IDF whose IDF is blended with the background
table as MIXED_BACKGROUND_PRIOR pseudo-documents), ``mixed_store_idf`` (the same on the store's own IDF),
``tfidf`` (no embeddings, the background as BACKGROUND_PRIOR pseudo-documents: ``--embeddings off``)
and ``tfidf_store_idf`` (the store's own IDF only, as before the background table). Each row also
says into how many stories the 5-article demo corpus (one event) falls. ``--no-record`` prints the
rows without appending them to benchmarks/results.jsonl (for exploration).

    python benchmarks/cluster_mmds.py [--no-embeddings] [--no-record]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import SHARED, record, require  # noqa: E402

from manysides.cli import demo_corpus_dir  # noqa: E402
from manysides.cluster import (BACKGROUND_PRIOR, EMBEDDING_WEIGHT, MIXED_BACKGROUND_PRIOR,  # noqa: E402
                               THRESHOLD_MIXED, THRESHOLD_TFIDF,
                               StoryClusterer, StoryItem, clustering_scores, document_features, embed_leads,
                               story_text)
from manysides.io import document_from_text, read_inputs  # noqa: E402
from manysides.lang import detect_language  # noqa: E402

UNRELATED = 166
GRID = [round(x, 3) for x in np.arange(0.1, 0.601, 0.025)]
WEIGHTS = [0.2, 0.3, 0.4, 0.5, 0.6]  # embedding weights tried in mixed mode (on half A only)


def load_mmds(path: Path) -> list[dict]:
    """One dict per article: id, title, text (sentences joined), gold label (unrelated -> own label)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for article, event in zip(data["articles"], data["clusters"]):
        text = " ".join(s["content"] for s in article["sentences"])
        gold = f"unrelated-{article['ID']}" if event == UNRELATED else f"event-{event}"
        half = "A" if (article["ID"] if event == UNRELATED else event) % 2 == 0 else "B"
        out.append({"id": str(article["ID"]), "title": article["title"], "text": text, "gold": gold, "half": half})
    return out


def english_scores(clusterer: StoryClusterer, items: list[StoryItem], arts: list[dict], subset: list[int]) -> dict:
    """Cluster the subset (all languages in it) and score its English articles."""
    labels = clusterer.cluster([items[i] for i in subset])
    english = [k for k, i in enumerate(subset) if items[i].lang == "en"]
    mixed = any(items[subset[a]].lang != items[subset[b]].lang
                for a in range(len(subset)) for b in range(a) if labels[a] == labels[b])
    scores = clustering_scores([labels[k] for k in english], [arts[subset[k]]["gold"] for k in english])
    return {**scores, "cross_language_merges": bool(mixed)}


def tune(weight: float, prior: float, items: list[StoryItem], arts: list[dict], half: list[int]) -> tuple[float, float]:
    """The grid threshold with the best pairwise F1 on ``half`` (ties: the lower threshold), and that F1."""
    f1 = {t: english_scores(StoryClusterer(t, weight, prior), items, arts, half)["pairwise_f1"] for t in GRID}
    best = max(GRID, key=lambda t: (f1[t], -t))
    return best, f1[best]


def demo_stories(clusterer: StoryClusterer, vectors_of_demo) -> int:
    """Stories the built-in demo corpus (five articles on one event) falls into."""
    docs = read_inputs([str(demo_corpus_dir())]).documents
    items = [StoryItem(document_features(d), detect_language(f"{d.title or ''}\n{d.text}").lang,
                       d.published, vectors_of_demo(docs)[k] if clusterer.embedding_weight else None)
             for k, d in enumerate(docs)]
    return len(set(clusterer.cluster(items)))


def _unrecorded(benchmark: str, **figures) -> dict:
    return {"benchmark": benchmark, "recorded": False, **figures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-embeddings", action="store_true", help="TF-IDF mode only")
    parser.add_argument("--no-record", action="store_true",
                        help="print the figures without appending them to benchmarks/results.jsonl (exploration)")
    args = parser.parse_args()
    arts = load_mmds(require(SHARED / "data" / "mmds" / "dev.json"))
    detect_language("warm up: the language model loads once per process, not per article")
    t0 = time.perf_counter()
    docs = [document_from_text(a["text"], a["id"], title=a["title"]) for a in arts]  # as `manysides cluster` reads
    langs = [detect_language(f"{d.title}\n{d.text}").lang for d in docs]
    features = [document_features(d) for d in docs]
    t_fast = time.perf_counter() - t0
    blob_bytes = [8 * len(f[0]) for f in features]  # stored per article: int32 index + float32 weight
    modes = {"tfidf": (0.0, BACKGROUND_PRIOR, THRESHOLD_TFIDF, None), "tfidf_store_idf": (0.0, 0.0, None, None)}
    vectors = None
    if not args.no_embeddings:
        t1 = time.perf_counter()
        vectors = embed_leads([d.title for d in docs], [story_text(d) for d in docs])
        t_embed = time.perf_counter() - t1
        modes["mixed"] = (EMBEDDING_WEIGHT, MIXED_BACKGROUND_PRIOR, THRESHOLD_MIXED, t_embed)
        modes["mixed_store_idf"] = (EMBEDDING_WEIGHT, 0.0, None, t_embed)
    demo_vectors: dict[str, np.ndarray] = {}

    def vectors_of_demo(docs):
        if "v" not in demo_vectors:
            demo_vectors["v"] = embed_leads([d.title for d in docs], [story_text(d) for d in docs])
        return demo_vectors["v"]

    half_a = [i for i, a in enumerate(arts) if a["half"] == "A"]
    half_b = [i for i, a in enumerate(arts) if a["half"] == "B"]
    everything = list(range(len(arts)))
    n_en = sum(lang == "en" for lang in langs)
    for mode, (weight, prior, shipped, t_embed) in modes.items():
        items_of = {w: [StoryItem(f, lang, None, vectors[i] if w else None)
                        for i, (f, lang) in enumerate(zip(features, langs))]
                    for w in ([weight] if not weight else sorted({*WEIGHTS, weight}))}
        tuned = {w: tune(w, prior, items_of[w], arts, half_a) for w in items_of}
        chosen_weight = max(tuned, key=lambda w: (tuned[w][1], -w))
        chosen = tuned[chosen_weight][0]
        shipped = chosen if shipped is None else shipped  # *_store_idf: no shipped value, use the half-A choice
        items = items_of[weight]
        clusterer = StoryClusterer(shipped, weight, prior)
        t2 = time.perf_counter()
        full = english_scores(clusterer, items, arts, everything)
        t_cluster = time.perf_counter() - t2
        per_1k = (t_fast + t_cluster + (t_embed or 0.0)) / len(arts) * 1000
        swapped_threshold, _ = tune(weight, prior, items, arts, half_b)
        swapped = english_scores(StoryClusterer(swapped_threshold, weight, prior), items, arts, half_a)
        row = (_unrecorded if args.no_record else record)("cluster_mmds", dataset="MMDS2025", split="dev", mode=mode, embedding_weight=weight,
                     embedding_weight_tuned_on_half_a=chosen_weight if weight else None, background_prior=prior,
                     threshold=shipped, threshold_tuned_on_half_a=chosen, english_articles=n_en,
                     all_articles=len(arts), scores_full_dev=full,
                     scores_half_b_heldout=english_scores(clusterer, items, arts, half_b),
                     scores_half_a_tuning=english_scores(clusterer, items, arts, half_a),
                     swapped_fold={"threshold_tuned_on_half_b": swapped_threshold,
                                   "half_a_heldout_pairwise_f1": swapped["pairwise_f1"]},
                     demo_corpus_stories=demo_stories(clusterer, vectors_of_demo),
                     stored_feature_bytes_mean=round(float(np.mean(blob_bytes))),
                     stored_embedding_bytes=vectors.shape[1] * 4 if weight else 0,
                     seconds_per_1k_articles=round(per_1k, 2),
                     seconds_per_1k_articles_parts={"features_and_language": round(t_fast / len(arts) * 1000, 2),
                                                    "embeddings": round((t_embed or 0.0) / len(arts) * 1000, 2),
                                                    "clustering": round(t_cluster / len(arts) * 1000, 2)})
        print(json.dumps(row, indent=1))


if __name__ == "__main__":
    main()
