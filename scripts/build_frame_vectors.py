"""Regenerate ``src/manysides/data/frame_vectors.npz``: the frame codebook's prototype vectors.

Why: embedding the codebook's descriptions and prototype sentences (about 200 texts) with MiniLM costs
about a second in every process that computes frames; loading the vectors takes milliseconds. They are
used only when their fingerprint (the texts, the encoder's model file and length limit) matches, so an
edited codebook or another encoder falls back to embedding live. Rerun after editing ``frames.json``::

    python scripts/build_frame_vectors.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from manysides.compare.frames import (  # noqa: E402
    PROTOTYPE_VECTORS_FILE, load_frames, prototype_fingerprint, prototype_texts,
)
from manysides.nlp.embeddings import default_encoder  # noqa: E402


def main() -> None:
    encoder = default_encoder()
    texts, _ = prototype_texts(load_frames())
    vectors = encoder.encode(texts)
    np.savez_compressed(PROTOTYPE_VECTORS_FILE, vectors=vectors,
                        fingerprint=np.array(prototype_fingerprint(texts, encoder)))
    print(f"wrote {PROTOTYPE_VECTORS_FILE} ({len(texts)} vectors)")


if __name__ == "__main__":
    main()
