"""Story clustering quality and speed on the MMDS 2025 dev set (../shared/data/mmds/dev.json).

MMDS gives 209 articles (English, Malay, Indonesian, Chinese) with a gold event id each; event 166 is
a bucket of unrelated articles and is scored as singletons. All 209 articles are clustered together
(languages are kept apart by the clusterer); scores are on the English ones (detected language), as
pairwise and BCubed precision/recall/F1.

Honest thresholds: the merge threshold of each mode is chosen on half A of the events (even gold ids;
unrelated articles with even article ids), and scores are reported on half B (never seen while
choosing), on half A and on the whole dev set. The shipped defaults in manysides.cluster are the
half-A choices; the script prints them so a drift is visible. No test data is used for anything.

    python benchmarks/cluster_mmds.py [--no-embeddings]
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

from manysides.cluster import (EMBEDDING_WEIGHT, THRESHOLD_MIXED, THRESHOLD_TFIDF, StoryClusterer,  # noqa: E402
                               StoryItem, clustering_scores, embed_leads, story_features)
from manysides.lang import detect_language  # noqa: E402

UNRELATED = 166
GRID = [round(x, 3) for x in np.arange(0.1, 0.601, 0.025)]


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


def tune(weight: float, items: list[StoryItem], arts: list[dict], half: list[int]) -> float:
    """The grid threshold with the best pairwise F1 on ``half`` (ties: the lower threshold)."""
    best = max(GRID, key=lambda t: (english_scores(StoryClusterer(t, weight), items, arts, half)["pairwise_f1"], -t))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-embeddings", action="store_true", help="TF-IDF mode only")
    args = parser.parse_args()
    arts = load_mmds(require(SHARED / "data" / "mmds" / "dev.json"))
    detect_language("warm up: the language model loads once per process, not per article")
    t0 = time.perf_counter()
    langs = [detect_language(f"{a['title']}\n{a['text']}").lang for a in arts]
    features = [story_features(a["title"], a["text"]) for a in arts]
    t_fast = time.perf_counter() - t0
    modes = {"tfidf": (0.0, THRESHOLD_TFIDF, None)}
    if not args.no_embeddings:
        t1 = time.perf_counter()
        vectors = embed_leads([a["title"] for a in arts], [a["text"] for a in arts])
        modes["mixed"] = (EMBEDDING_WEIGHT, THRESHOLD_MIXED, time.perf_counter() - t1)
    half_a = [i for i, a in enumerate(arts) if a["half"] == "A"]
    half_b = [i for i, a in enumerate(arts) if a["half"] == "B"]
    everything = list(range(len(arts)))
    n_en = sum(lang == "en" for lang in langs)
    for mode, (weight, shipped, t_embed) in modes.items():
        items = [StoryItem(f, lang, None, vectors[i] if weight else None)
                 for i, (f, lang) in enumerate(zip(features, langs))]
        chosen = tune(weight, items, arts, half_a)
        clusterer = StoryClusterer(shipped, weight)
        t2 = time.perf_counter()
        full = english_scores(clusterer, items, arts, everything)
        t_cluster = time.perf_counter() - t2
        per_1k = (t_fast + t_cluster + (t_embed or 0.0)) / len(arts) * 1000
        row = record("cluster_mmds", dataset="MMDS2025", split="dev", mode=mode, embedding_weight=weight,
                     threshold=shipped, threshold_tuned_on_half_a=chosen, english_articles=n_en,
                     all_articles=len(arts), scores_full_dev=full,
                     scores_half_b_heldout=english_scores(clusterer, items, arts, half_b),
                     scores_half_a_tuning=english_scores(clusterer, items, arts, half_a),
                     seconds_per_1k_articles=round(per_1k, 2))
        print(json.dumps(row, indent=1))


if __name__ == "__main__":
    main()
