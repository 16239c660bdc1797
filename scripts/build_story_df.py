"""Regenerate ``src/manysides/data/story_df_en.json``: background document frequencies for story clustering.

Why: TF-IDF computed over the store alone means little in a small store (five articles about one event
give every event word the lowest IDF, so the demo corpus fell apart into three stories). Clustering
therefore blends the store's document frequencies with these, as :data:`manysides.cluster.BACKGROUND_PRIOR`
pseudo-documents. The table holds, for each hashed feature bucket of :func:`manysides.cluster.story_features`
that occurs in at least ``MIN_DF`` articles, the number of articles it occurs in: numbers only, no words
and no text. Source: the 37,554 English news articles of Baly et al. (EMNLP 2020, "We Can Detect Your
Bias", github.com/ramybaly/Article-Bias-Prediction), as ``../shared/data/allsides/articles.jsonl.gz``.

Rerun whenever the features change (tokens, hashing, HASH_BITS):  ``python scripts/build_story_df.py``
(about 3 minutes on 2 cores).
"""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from pathlib import Path

import numpy as np

from manysides.cluster import HASH_BITS, document_features
from manysides.io import document_from_text

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "allsides" / "articles.jsonl.gz"
OUT = ROOT / "src" / "manysides" / "data" / "story_df_en.json"
MIN_DF = 5  # rarer buckets are left out (they count as df 0): the table stays small


def _pack(array: np.ndarray) -> str:
    return base64.b64encode(zlib.compress(array.tobytes(), 9)).decode("ascii")


def main() -> None:
    df = np.zeros(1 << HASH_BITS, dtype=np.int64)
    n_docs = 0
    with gzip.open(SOURCE, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            doc = document_from_text(record.get("text") or "", str(n_docs), title=record.get("title"))
            indices, _ = document_features(doc)  # the features ingest stores: boilerplate left out
            df[indices] += 1
            n_docs += 1
    buckets = np.flatnonzero(df >= MIN_DF).astype(np.uint32)
    counts = np.minimum(df[buckets], np.iinfo(np.uint16).max).astype("<u2")
    gaps = np.diff(buckets, prepend=np.uint32(0)).astype("<u4")  # small numbers: compress well
    table = {"about": "document frequencies of hashed manysides.cluster.story_features buckets "
                      "(numbers only); see scripts/build_story_df.py",
             "source": "Baly et al. 2020, Article-Bias-Prediction (AllSides), 37,554 English news articles",
             "hash_bits": HASH_BITS, "n_docs": n_docs, "min_df": MIN_DF, "buckets": len(buckets),
             "bucket_gaps_u4_zlib_b64": _pack(gaps), "df_u2_zlib_b64": _pack(counts)}
    OUT.write_text(json.dumps(table, indent=0) + "\n", encoding="utf-8")
    print(f"{n_docs} articles, {len(buckets)} buckets with df >= {MIN_DF} -> {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
