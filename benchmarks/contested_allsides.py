"""Contested points on AllSides topic-days: how many the product reports, and which hand-found disputes it catches.

    python benchmarks/contested_allsides.py [--split dev|test|all] [--workers 2] [--show]

A topic-day is every AllSides article of one topic published on one day (6 to 12 articles), as a reader
would collect them. ``data/contested_days.json`` names 126 such days drawn at random (seeds 15 and 16,
none of them read before): a **dev** split of 66, on which this session's rules were developed, and a
**test** split of 60. Each day is analysed as ``manysides analyze --no-tone`` would (tone plays no part
in claims), and every contested group is printed with ``--show`` for reading: nothing here can tell a
true dispute from a false one, so the count is what a reader checks, not a precision.

``data/contested_pairs.jsonl`` gives recall: 829 sentence pairs from two outlets of one day (MiniLM cosine
at least 0.6, with figures that differ beside a shared unit word, or a negation only one has), each
labelled by a reader ``dispute`` (the two cannot both be true of one fact), ``compatible`` or
``unclear``. Offsets index the AllSides text, never copied here; a checksum of each sentence makes sure
they still do. A labelled pair is caught when one contested group holds both sentences.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from common import SHARED, record, require

CORPUS = SHARED / "data" / "allsides" / "articles.jsonl.gz"
DATA = Path(__file__).resolve().parent / "data"


def load_days(split: str) -> list[tuple[str, str]]:
    days = json.loads((DATA / "contested_days.json").read_text(encoding="utf-8"))
    return [tuple(day) for name in (("dev", "test") if split == "all" else (split,)) for day in days[name]]


def read_articles(days: set[tuple[str, str]]) -> dict[tuple[str, str], list[dict]]:
    """Every article of each wanted (topic, published) day, streamed from the corpus in file order."""
    found: dict[tuple[str, str], list[dict]] = defaultdict(list)
    with gzip.open(require(CORPUS), "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if (row["topic"], row["published"]) in days:
                found[(row["topic"], row["published"])].append(row)
    return found


def analyse_day(rows: list[dict]) -> dict:
    """Contested and other groups of one day: ``{"texts": {doc: text}, "groups": [...]}``."""
    from manysides import Settings, analyze

    with tempfile.TemporaryDirectory() as folder:  # read as a user's .jsonl corpus file would be
        path = Path(folder) / "day.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        analysis = analyze([path], Settings(tone=False))
    return {"texts": {d.id: d.text for d in analysis.documents}, "groups": analysis.claim_groups}


def _holds(group: dict, side: dict) -> bool:
    return any(m["doc"] == side["doc"] and m["start"] < side["end"] and m["end"] > side["start"]
               for m in group["members"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="print every contested group for reading")
    args = parser.parse_args()
    days = load_days(args.split)
    articles = read_articles(set(days))
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        results = dict(zip(days, pool.map(analyse_day, [articles[day] for day in days])))
    seconds = time.perf_counter() - started

    contested = {day: [g for g in r["groups"] if g["status"] == "contested"] for day, r in results.items()}
    if args.show:
        for day, groups in contested.items():
            for group in groups:
                print(f"== {day[1]} {day[0]}", [(c["kind"], c["detail"]) for c in group.get("contradictions", [])])
                for m in group["members"]:
                    print("    ", m["doc"][:8], results[day]["texts"][m["doc"]][m["start"]:m["end"]][:200])

    caught: Counter = Counter()
    labels: Counter = Counter()
    with (DATA / "contested_pairs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            pair = json.loads(line)
            day = (pair["topic"], pair["published"])
            if day not in results:
                continue
            for side in (pair["a"], pair["b"]):
                text = results[day]["texts"][side["doc"]][side["start"]:side["end"]]
                if hashlib.sha1(text.encode()).hexdigest()[:12] != side["sha1"]:
                    raise SystemExit(f"{side['doc']} [{side['start']}, {side['end']}) no longer holds the labelled "
                                     "sentence: has the corpus or the reader's text changed?")
            labels[pair["label"]] += 1
            if any(_holds(g, pair["a"]) and _holds(g, pair["b"]) for g in contested[day]):
                caught[pair["label"]] += 1

    figures = {
        "split": args.split, "days": len(days), "articles": sum(len(articles[d]) for d in days),
        "contested_groups": sum(len(g) for g in contested.values()),
        "labelled_pairs": sum(labels.values()), "disputes": labels["dispute"], "disputes_caught": caught["dispute"],
        "compatible_pairs_contested": caught["compatible"], "unclear": labels["unclear"],
        "seconds": round(seconds, 1),
    }
    print(json.dumps(figures))
    record("contested_allsides", **figures)


if __name__ == "__main__":
    main()
