"""Soft labels for distilling the tone model: the shipped model's probabilities on unlabelled news targets.

Why: a model with fewer layers runs proportionally faster, but fine-tuned on NewsMTSC's 8,400 targets
alone it loses about two macro-F1 points. Knowledge distillation (Hinton et al. 2015) lets the smaller
model learn from the larger one on far more text than was annotated: every named person, organisation,
state or group in a sample of news sentences, labelled with the shipped (teacher) model's class
probabilities. ``scripts/train_stance.py --soft FILE`` then trains on NewsMTSC's gold labels and these.

The sentences come from ``../shared/data/allsides/articles.jsonl.gz`` (read at run time, never copied
into the project; the output goes to a work folder outside it). Targets are spaCy's PERSON, ORG, GPE and
NORP entities in sentences of 8 to 60 words, at most
``--per-article`` per article, articles drawn with a fixed seed::

    python scripts/build_stance_soft_labels.py --articles 1600 --out /tmp/manysides-stance/soft.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from manysides.nlp.pipeline import load_pipeline  # noqa: E402
from manysides.stance import TargetSentimentModel  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "allsides" / "articles.jsonl.gz"
TARGET_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
MIN_WORDS, MAX_WORDS = 8, 60


def sample_texts(path: Path, count: int, seed: int) -> list[str]:
    """``count`` article texts drawn uniformly with a fixed seed (one pass, reservoir sampling)."""
    rng, chosen = random.Random(seed), []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            text = json.loads(line).get("text") or ""
            if n < count:
                chosen.append(text)
            elif (k := rng.randrange(n + 1)) < count:
                chosen[k] = text
    return [t for t in chosen if t.strip()]


def article_targets(sdoc, limit: int, rng: random.Random) -> list[tuple[str, int, int]]:
    """``(sentence, start, end)`` per entity mention in a sentence of usable length, at most ``limit``."""
    found = []
    for sent in sdoc.sents:
        words = sum(not t.is_punct and not t.is_space for t in sent)
        if not MIN_WORDS <= words <= MAX_WORDS:
            continue
        for ent in sent.ents:
            if ent.label_ in TARGET_LABELS and ent.text.strip():
                found.append((sent.text, ent.start_char - sent.start_char, ent.end_char - sent.start_char))
    rng.shuffle(found)
    return found[:limit]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1600, help="articles drawn from the corpus")
    parser.add_argument("--per-article", type=int, default=25, help="targets kept per article at most")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--teacher", type=Path, default=None, help="model folder (default: the shipped one)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/manysides-stance/soft.jsonl"))
    args = parser.parse_args(argv)
    if not CORPUS.is_file():
        raise SystemExit(f"{CORPUS} is missing: soft labels are drawn from the AllSides corpus in ../shared")
    started = time.time()
    texts = sample_texts(CORPUS, args.articles, args.seed)
    nlp, rng, items = load_pipeline(), random.Random(args.seed), []
    for sdoc in nlp.pipe(texts, batch_size=32):
        items.extend(article_targets(sdoc, args.per_article, rng))
    print(f"{len(items)} targets from {len(texts)} articles in {time.time() - started:.0f}s", flush=True)
    probabilities = TargetSentimentModel(args.teacher).probabilities(items)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    staged = args.out.with_suffix(".tmp")
    with staged.open("w", encoding="utf-8") as handle:
        for (sentence, start, end), row in zip(items, probabilities):
            handle.write(json.dumps({"sentence": sentence, "from": start, "to": end,
                                     "probabilities": [round(float(p), 5) for p in row]}) + "\n")
    staged.replace(args.out)
    print(f"wrote {args.out} ({len(items)} soft-labelled targets) in {time.time() - started:.0f}s", flush=True)


if __name__ == "__main__":
    main()
