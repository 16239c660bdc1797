"""Target-dependent sentiment: how does a news sentence treat one named person or organisation?

Sentence-level sentiment cannot tell "Kelly attacked Trump" (negative toward Trump) from "Trump
attacked Kelly" (negative toward Kelly), so the classifier sees the target itself: the tokens of the
mention are wrapped in two marker tokens, ``<`` and ``>``, inserted by *token id* after WordPiece
tokenisation (so the sentence text is never edited and offsets stay exact). The model is
all-MiniLM-L6-v2 fine-tuned on NewsMTSC (Hamborg & Donnay 2021) by ``scripts/train_stance.py``,
exported to int8 ONNX (per-channel weight scales) and shipped in ``manysides/data/stance/``; its head
reads the hidden state of the opening marker together with the [CLS] state.

Inference needs only onnxruntime, tokenizers and numpy. ``encode_target`` is also what the training
script uses, so training and inference build identical inputs.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from manysides.errors import ManysidesError, ModelLoadError
from manysides.nlp.embeddings import DEFAULT_TOKENIZER, map_threaded, onnx_session, tokenizer_file

MODEL_DIR = Path(__file__).resolve().parent / "data" / "stance"
LABELS = ("negative", "neutral", "positive")


class StanceModelLoadError(ModelLoadError):
    """The target-sentiment ONNX model, its config or its tokenizer could not be loaded."""

    what = "target-sentiment model"


class TargetSpanError(ManysidesError, ValueError):
    """A target span does not lie inside its sentence (a caller's mistake, so also a ValueError)."""


@dataclass(frozen=True, slots=True)
class StanceConfig:
    """What training fixed and inference must repeat: labels, marker tokens and the token budget."""

    labels: tuple[str, ...]
    open_marker: str
    close_marker: str
    max_length: int

    @classmethod
    def load(cls, path: Path) -> StanceConfig:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(tuple(data["labels"]), data["markers"]["open"], data["markers"]["close"],
                       int(data["max_length"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StanceModelLoadError(str(path), f"unreadable config ({exc})") from exc


def validate_target(sentence: str, start: int, end: int) -> None:
    """Raise :class:`TargetSpanError` unless ``[start, end)`` is a non-empty span inside ``sentence``."""
    if not isinstance(sentence, str):
        raise TargetSpanError(f"sentence must be a string, got {type(sentence).__name__}")
    for name, value in (("start", start), ("end", end)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TargetSpanError(f"{name} must be an integer character offset, got {value!r}")
    if not 0 <= start < end <= len(sentence):
        raise TargetSpanError(f"target span [{start}, {end}) must satisfy 0 <= start < end <= "
                              f"len(sentence) = {len(sentence)}")
    if not sentence[start:end].strip():
        raise TargetSpanError(f"target span [{start}, {end}) covers only whitespace")


def load_tokenizer(path: Path = DEFAULT_TOKENIZER):
    """The MiniLM WordPiece tokenizer, without the shipped file's fixed padding and truncation."""
    tokenizer = tokenizer_file(path, StanceModelLoadError)
    tokenizer.no_padding()
    tokenizer.no_truncation()  # encode_target cuts a window around the target itself
    return tokenizer


def _target_tokens(offsets: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """Token range ``[a, b)`` covering the characters ``[start, end)`` (empty at the insertion point)."""
    inside = [i for i, (s, e) in enumerate(offsets) if s < end and e > start]
    if inside:
        return inside[0], inside[-1] + 1
    after = next((i for i, (s, _) in enumerate(offsets) if s >= start), len(offsets))
    return after, after


def encode_target(encoding: Any, start: int, end: int, config: StanceConfig,
                  vocab: dict[str, int]) -> tuple[list[int], int]:
    """Token ids ``[CLS] … < target > … [SEP]`` for one target, and the position of the opening marker.

    A sentence longer than ``max_length`` tokens is cut to a window centred on the target, so a
    mention late in a long sentence is never truncated away.
    """
    ids = list(encoding.ids)
    a, b = _target_tokens(encoding.offsets, start, end)
    budget = config.max_length - 4  # [CLS], [SEP] and the two markers
    if b - a > budget:
        b = a + budget
    room = budget - (b - a)
    lo = max(0, min(a - room // 2, len(ids) - (b - a) - room))
    hi = min(len(ids), lo + (b - a) + room)
    lo = max(0, min(lo, a))
    body = (ids[lo:a] + [vocab[config.open_marker]] + ids[a:b] + [vocab[config.close_marker]] + ids[b:hi])
    return [vocab["[CLS]"]] + body + [vocab["[SEP]"]], 1 + (a - lo)


class TargetSentimentModel:
    """The shipped NewsMTSC classifier run by onnxruntime; ``model_dir`` may point at another export.

    ``batch_size`` defaults to 1 on purpose: the int8 model quantises activations per batch, so in a
    larger batch a score shifts (by up to ~0.1) with its batch mates. One row per run makes every
    result independent of what else is scored; the runs are spread over the cores side by side.
    """

    def __init__(self, model_dir: str | Path | None = None, batch_size: int = 1) -> None:
        if not isinstance(batch_size, int) or not 1 <= batch_size <= 4096:
            raise ValueError(f"batch_size must be an integer between 1 and 4096, got {batch_size!r}")
        directory = Path(model_dir) if model_dir is not None else MODEL_DIR
        self.batch_size = batch_size
        self.config = StanceConfig.load(directory / "config.json")
        own = directory / "tokenizer.json"
        self._tokenizer = load_tokenizer(own if own.is_file() else DEFAULT_TOKENIZER)
        self._vocab = self._tokenizer.get_vocab()
        missing = [m for m in (self.config.open_marker, self.config.close_marker) if m not in self._vocab]
        if missing:
            raise StanceModelLoadError(str(directory), f"marker tokens {missing} are not in the vocabulary")
        self._session = onnx_session(directory / "model.onnx", StanceModelLoadError,
                                     threads=1 if batch_size == 1 else None)

    def probabilities(self, items: Sequence[tuple[str, int, int]]) -> np.ndarray:
        """An ``(n, 3)`` array of class probabilities (columns in ``config.labels`` order)."""
        for sentence, start, end in items:
            validate_target(sentence, start, end)
        out = np.zeros((len(items), len(self.config.labels)), dtype=np.float32)
        # Sorting by length keeps padding (wasted compute) small within each batch.
        order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
        batches = [order[begin:begin + self.batch_size] for begin in range(0, len(order), self.batch_size)]
        for batch, probabilities in zip(batches, map_threaded(lambda b: self._run([items[i] for i in b]), batches)):
            out[batch] = probabilities
        return out

    def _run(self, items: list[tuple[str, int, int]]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch([s for s, _, _ in items], add_special_tokens=False)
        rows = [encode_target(enc, start, end, self.config, self._vocab)
                for enc, (_, start, end) in zip(encodings, items)]
        width = max(len(ids) for ids, _ in rows)
        ids = np.zeros((len(rows), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for i, (row, _) in enumerate(rows):
            ids[i, :len(row)] = row
            mask[i, :len(row)] = 1
        target = np.array([pos for _, pos in rows], dtype=np.int64)
        logits = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "target_index": target})[0]
        logits = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, items: Sequence[tuple[str, int, int]]) -> list[dict[str, Any]]:
        """``{"label", "score"}`` per item; score = p(positive) − p(negative), in [-1, 1]."""
        probs = self.probabilities(items)
        labels = self.config.labels
        neg, pos = labels.index("negative"), labels.index("positive")
        return [{"label": labels[int(row.argmax())], "score": float(np.clip(row[pos] - row[neg], -1.0, 1.0))}
                for row in probs]


@functools.lru_cache(maxsize=1)
def default_model() -> TargetSentimentModel:
    """The shared shipped model: loading the session takes a moment, so do it once per process."""
    return TargetSentimentModel()


def target_sentiments(items: Sequence[tuple[str, int, int]]) -> list[dict[str, Any]]:
    """Sentiment toward each ``(sentence, start, end)`` target; identical to one-by-one calls, cheaper."""
    if isinstance(items, (str, tuple)) and items and isinstance(items[0], str):
        raise TypeError("target_sentiments() takes a sequence of (sentence, start, end) tuples")
    items = list(items)
    return default_model().predict(items) if items else []


def target_sentiment(sentence: str, start: int, end: int) -> dict[str, Any]:
    """Sentiment of ``sentence`` toward the mention at ``sentence[start:end]``.

    Returns ``{"label": "negative" | "neutral" | "positive", "score": p(pos) − p(neg)}``.
    """
    validate_target(sentence, start, end)
    return default_model().predict([(sentence, start, end)])[0]


_NEWSMTSC_POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


def read_newsmtsc(path: Path) -> list[tuple[str, int, int, str]]:
    """One ``(sentence, start, end, label)`` per annotated target of a NewsMTSC JSONL file.

    Shared by ``scripts/train_stance.py`` and ``benchmarks/stance_newsmtsc.py`` so that training and
    evaluation read the data the same way.
    """
    items = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            for target in row["targets"]:
                items.append((row["sentence_normalized"], int(target["from"]), int(target["to"]),
                              _NEWSMTSC_POLARITY[float(target["polarity"])]))
    return items
