"""Settings a user may change, checked where they are made so a bad value fails early and says why."""

from __future__ import annotations

from dataclasses import dataclass

from manysides.nlp.pipeline import DEFAULT_MODEL

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    """Knobs for one run of :func:`manysides.analyze`.

    ``model``: spaCy package name or model directory. ``max_file_bytes``: files larger than this are
    refused as input (a 200 MB "article" is almost always a mistake). ``batch_size``: documents per
    spaCy ``nlp.pipe`` batch. ``compare``: run the cross-document comparison (reuse, timeline, ...);
    off, only the per-document findings and quote links are produced. ``tone``: score the tone toward
    each actor (the ``stances`` section); the tone model costs about as much processor time as spaCy
    itself, so a user who only needs who said what and the claim matrix may turn it off, and
    ``stances`` is then absent (not computed) rather than empty.
    """

    model: str = DEFAULT_MODEL
    max_file_bytes: int = 50 * MiB
    batch_size: int = 16
    compare: bool = True
    tone: bool = True

    def __post_init__(self) -> None:
        if not self.model:
            raise ValueError("model must name a spaCy package or a model directory, got an empty string")
        if not 1 <= self.max_file_bytes <= 4096 * MiB:
            raise ValueError(f"max_file_bytes must be between 1 and {4096 * MiB}, got {self.max_file_bytes}")
        for name in ("compare", "tone"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be True or False, got {getattr(self, name)!r}")
        if not 1 <= self.batch_size <= 10_000:
            raise ValueError(f"batch_size must be between 1 and 10000, got {self.batch_size}")
