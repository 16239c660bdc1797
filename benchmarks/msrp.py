"""The claim link score on MSRP: fit its weights and threshold, report held-out accuracy and F1.

    python benchmarks/msrp.py [--limit N] [--cache parsed.pickle]

Reads ../shared/data/msrp/train.tsv (Quality, id1, id2, s1, s2) at run time. The last 20 % of the
rows (file order) are the held-out dev part; the first 80 % fit the logistic link model of
``manysides.compare.align`` (features from ``pair_features``: cosine, lemma Jaccard, token_set_ratio,
entity Jaccard, shared-number share) and choose the probability threshold with the best accuracy.
Dev figures are reported for the constants the product ships (``LINK_WEIGHTS``, ``LINK_BIAS``,
``LINK_THRESHOLD``, and ``MUTUAL_LINK_THRESHOLD`` for mutually best pairs), for the weights just refitted, and for cosine alone, so a drift between the
shipped constants and a refit is visible.
"""

from __future__ import annotations

import argparse
import os
import pickle
import time
from pathlib import Path

import numpy as np
from common import SHARED, record, require

from manysides.compare import align
from manysides.extract.claims import describe
from manysides.model import Document

DATA = SHARED / "data" / "msrp" / "train.tsv"
DEV_SHARE = 0.2


def read_pairs(path: Path, limit: int | None) -> tuple[list[int], list[str], list[str]]:
    labels, first, second = [], [], []
    with path.open(encoding="utf-8-sig") as handle:
        next(handle)
        for line in handle:
            cells = line.rstrip("\n").split("\t")
            if len(cells) == 5:
                labels.append(int(cells[0]))
                first.append(cells[3])
                second.append(cells[4])
    if limit:
        labels, first, second = labels[-limit:], first[-limit:], second[-limit:]
    return labels, first, second


def parse(first: list[str], second: list[str]) -> tuple[list, np.ndarray]:
    """Claim units (from spaCy, as in the product) for every sentence, and each pair's MiniLM cosine."""
    from manysides.nlp import load_pipeline
    from manysides.nlp.embeddings import default_encoder

    nlp = load_pipeline()
    texts = first + second
    units = [describe(Document(f"p{n}", text), sdoc[:]) for n, (text, sdoc)
             in enumerate(zip(texts, nlp.pipe(texts, batch_size=64)))]
    vectors = default_encoder().encode(texts)
    n = len(first)
    return units, np.einsum("ij,ij->i", vectors[:n], vectors[n:])


def features(units: list, cosines: np.ndarray) -> np.ndarray:
    """``pair_features`` for every pair, with IDF over all the sentences as the product does over units."""
    idf = align.idf_weights(units)
    n = len(cosines)
    return np.array([align.pair_features(units[i], units[n + i], float(cosines[i]), idf) for i in range(n)])


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 50) -> tuple[np.ndarray, float]:
    """Newton's method for L2-regularised logistic regression (a few features: no library needed)."""
    design = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(design.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ w))
        grad = design.T @ (p - y) + l2 * np.r_[w[:-1], 0]
        hess = design.T @ (design * (p * (1 - p))[:, None]) + l2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w[:-1], float(w[-1])


def best_threshold(scores: np.ndarray, y: np.ndarray) -> float:
    candidates = np.unique(np.round(scores, 3))
    accuracy = [((scores >= t) == y).mean() for t in candidates]
    return float(candidates[int(np.argmax(accuracy))])


def evaluate(scores: np.ndarray, y: np.ndarray, threshold: float) -> dict:
    predicted = scores >= threshold
    tp = int((predicted & (y == 1)).sum())
    precision = tp / max(1, predicted.sum())
    recall = tp / max(1, (y == 1).sum())
    return {"accuracy": round(float((predicted == y).mean()), 4), "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(2 * precision * recall / max(1e-9, precision + recall), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="use only the last N pairs (quick runs)")
    parser.add_argument("--cache", type=Path, help="store/reuse parsed units and cosines here (a local scratch file)")
    args = parser.parse_args()
    y_all, first, second = read_pairs(require(DATA), args.limit)
    start = time.perf_counter()
    if args.cache and args.cache.exists():
        units, cosines = pickle.loads(args.cache.read_bytes())
    else:
        units, cosines = parse(first, second)
        if args.cache:
            args.cache.write_bytes(pickle.dumps((units, cosines)))
    seconds = time.perf_counter() - start
    x_all = features(units, cosines)
    y_all = np.array(y_all)
    cut = int(len(y_all) * (1 - DEV_SHARE))
    (x_fit, y_fit), (x_dev, y_dev) = (x_all[:cut], y_all[:cut]), (x_all[cut:], y_all[cut:])
    weights, bias = fit_logistic(x_fit, y_fit)
    refit_threshold = best_threshold(np.array([align.link_score(f, weights, bias) for f in x_fit]), y_fit)
    shipped = np.array([align.link_score(f) for f in x_dev])
    refit = np.array([align.link_score(f, weights, bias) for f in x_dev])
    cosine_threshold = best_threshold(x_fit[:, 0], y_fit)
    row = {
        "n_fit": int(cut), "n_dev": int(len(y_dev)), "features_s": round(seconds, 1),
        "shipped": {"weights": list(align.LINK_WEIGHTS), "bias": align.LINK_BIAS,
                    "threshold": align.LINK_THRESHOLD, **evaluate(shipped, y_dev, align.LINK_THRESHOLD)},
        "shipped_mutual": {"threshold": align.MUTUAL_LINK_THRESHOLD,
                           **evaluate(shipped, y_dev, align.MUTUAL_LINK_THRESHOLD)},
        "refit": {"weights": [round(float(w), 2) for w in weights], "bias": round(bias, 2),
                  "threshold": refit_threshold, **evaluate(refit, y_dev, refit_threshold)},
        "cosine_only": {"threshold": cosine_threshold, **evaluate(x_dev[:, 0], y_dev, cosine_threshold)},
        "load_avg_1m": round(os.getloadavg()[0], 1),
        "dev_majority_baseline": round(float(max(y_dev.mean(), 1 - y_dev.mean())), 4),
    }
    print(row)
    if not args.limit:
        record("msrp_claim_link", dataset="MSRP", split="train[-20%] as dev", **row)


if __name__ == "__main__":
    main()
