"""NewsMTSC benchmark: how well does the shipped model read the tone of a sentence toward its target?

NewsMTSC (Hamborg & Donnay, EACL 2021) labels the sentiment of a news sentence toward one person or
organisation mentioned in it (negative / neutral / positive). The model in
``manysides/data/stance/`` was trained on the *train* split only; this scores it, exactly as the
runtime runs it (int8 ONNX through :mod:`manysides.stance`), on the two dev splits: ``dev_rw``
(real-world class distribution) and ``dev_mt`` (sentences with several targets). The data is read at
run time from ``../shared/data/newsmtsc`` and never copied into the project. The published reference
(GRU-TSC with RoBERTa) reaches macro-F1 0.831 on the rw *test* split.

Usage: ``python benchmarks/stance_newsmtsc.py [--no-record]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED, record, require  # noqa: E402

from manysides.stance import LABELS, TargetSentimentModel, read_newsmtsc  # noqa: E402

DATA = SHARED / "data" / "newsmtsc"


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, dict[str, float]]:
    """Unweighted mean of per-class F1 over the three labels, and the per-class figures."""
    per_class = {}
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        fp = sum(p == label != g for g, p in zip(gold, predicted))
        fn = sum(g == label != p for g, p in zip(gold, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        per_class[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return sum(per_class.values()) / len(per_class), per_class


def evaluate(model: TargetSentimentModel, split: str) -> dict:
    """Macro-F1, accuracy, per-class F1 and throughput of ``model`` on one dev split."""
    items = read_newsmtsc(require(DATA / f"{split}.jsonl"))
    started = time.perf_counter()
    predictions = model.predict([(s, a, b) for s, a, b, _ in items])
    seconds = time.perf_counter() - started
    gold = [g for _, _, _, g in items]
    predicted = [p["label"] for p in predictions]
    f1, per_class = macro_f1(gold, predicted)
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold)
    return {"split": split, "targets": len(items), "macro_f1": round(f1, 4), "accuracy": round(accuracy, 4),
            "f1_per_class": {k: round(v, 4) for k, v in per_class.items()},
            "targets_per_s": round(len(items) / seconds, 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model-dir", type=Path, default=None, help="another export to score (default: shipped)")
    parser.add_argument("--no-record", action="store_true", help="do not append to benchmarks/results.jsonl")
    args = parser.parse_args(argv)
    model = TargetSentimentModel(args.model_dir)
    results = [evaluate(model, split) for split in ("dev_rw", "dev_mt")]
    for r in results:
        print(f"{r['split']}: macro-F1 {r['macro_f1']:.3f}  accuracy {r['accuracy']:.3f}  "
              f"per class {r['f1_per_class']}  ({r['targets']} targets, {r['targets_per_s']}/s)")
    if not args.no_record:
        record("stance_newsmtsc", model=str(args.model_dir or "shipped int8 ONNX"),
               **{r["split"]: {k: v for k, v in r.items() if k != "split"} for r in results})


if __name__ == "__main__":
    main()
