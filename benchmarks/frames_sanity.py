"""Sanity check of the zero-shot frame shares on BBC News topic categories (not a frame accuracy).

    python benchmarks/frames_sanity.py [--per-category 100]

There is no Media Frames Corpus data offline, so frame accuracy cannot be measured here. What can be
checked is that the frame distribution moves the way any reader would expect across the five BBC
categories (Greene & Cunningham 2006): business articles should be mostly *economic*, politics
articles *political*, entertainment articles *cultural identity*. Reads the first N articles of each
category of ../shared/data/bbc/articles.jsonl.gz (streamed, never copied), runs each through the
normal reader (so the title line is marked as boilerplate) and :func:`frame_shares`, then prints the
mean share of every frame per category and, per category, how often each frame is the dominant one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter, defaultdict

from common import SHARED, record, require

from manysides.compare.frames import OTHER, dominant_frame, frame_shares, load_frames
from manysides.io import document_from_text
from manysides.model import Document

CORPUS = SHARED / "data" / "bbc" / "articles.jsonl.gz"
CATEGORIES = ("business", "politics", "entertainment", "tech", "sport")
EXPECTED = {"business": "economic", "politics": "political", "entertainment": "cultural_identity"}


def sample(per_category: int) -> dict[str, list[Document]]:
    """The first ``per_category`` articles of each category, in file order (deterministic)."""
    picked: dict[str, list[Document]] = defaultdict(list)
    with gzip.open(require(CORPUS), "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            bucket = picked[row["category"]]
            if len(bucket) < per_category and row.get("text"):
                bucket.append(document_from_text(row["text"], str(row["id"]), outlet=row.get("outlet")))
    return picked


def table(shares: dict[str, dict[str, float]], frames: list[str]) -> str:
    """Mean share of each frame (rows) per category (columns), as a Markdown table."""
    lines = ["| frame | " + " | ".join(CATEGORIES) + " |", "|---|" + "---:|" * len(CATEGORIES)]
    for frame in frames:
        lines.append(f"| {frame} | " + " | ".join(f"{shares[c].get(frame, 0.0):.3f}" for c in CATEGORIES) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-category", type=int, default=100)
    args = parser.parse_args()
    docs = sample(args.per_category)
    frames = [f.id for f in load_frames()] + [OTHER]
    mean_shares: dict[str, dict[str, float]] = {}
    dominant: dict[str, Counter] = {}
    start = time.perf_counter()
    for category in CATEGORIES:
        records = frame_shares(docs[category])
        totals: Counter = Counter()
        for r in records:
            totals[r["frame"]] += r["share"]
        mean_shares[category] = {f: totals[f] / len(docs[category]) for f in frames}
        dominant[category] = Counter(dominant_frame(records, d.id) or OTHER for d in docs[category])
    elapsed = time.perf_counter() - start
    print(table(mean_shares, frames))
    print("\nDominant non-'other' frame per article:")
    for category in CATEGORIES:
        n = len(docs[category])
        top = ", ".join(f"{f} {100 * c / n:.0f}%" for f, c in dominant[category].most_common(3))
        print(f"  {category:13s} (n={n}): {top}")
    hits = {c: round(dominant[c][f] / len(docs[c]), 3) for c, f in EXPECTED.items()}
    print("\nExpected dominant frame hit rate:", hits, f"({elapsed:.1f}s)")
    record("frames_sanity", dataset="BBC News", note="sanity check of frame shares by topic category, "
           "not a frame accuracy (no MFC data offline)", per_category=args.per_category,
           expected_dominant_rate=hits,
           dominant={c: dict(dominant[c].most_common(3)) for c in CATEGORIES},
           mean_share={c: {f: round(v, 3) for f, v in mean_shares[c].items() if v >= 0.01} for c in CATEGORIES},
           seconds=round(elapsed, 1))


if __name__ == "__main__":
    main()
