"""Where the per-document work runs: in this process, on a local process pool, or on Ray.

The analysis splits in two. The per-document part (spaCy, then the extraction stages) is independent
for every article and is what takes the time, so an *engine* may run it anywhere. The cross-document
part (:func:`manysides.pipeline.combine`) needs every result at once and always runs here, in the
driver. Each engine returns :class:`DocumentResult` objects in input order, and the functions below
are the same for all engines, so the analysis does not depend on where the work ran.

This module never imports Ray; :class:`manysides.scale.ray_engine.RayEngine` does, when it is used.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Protocol

from manysides.analysis import Analysis
from manysides.errors import ManysidesError
from manysides.model import Document, Problem
from manysides.pipeline import DocumentPipeline, annotate, combine, stages_for
from manysides.scale.errors import ScaleError, WorkerError
from manysides.scale.results import DocumentResult
from manysides.settings import Settings


class Engine(Protocol):
    """Runs the per-document part of an analysis and returns one result per document, in input order."""

    def run(self, documents: Sequence[Document], settings: Settings) -> list[DocumentResult]: ...


def extract_documents(documents: Sequence[Document], model: str, batch_size: int = 16,
                      compare: bool = True, tone: bool = True) -> list[DocumentResult]:
    """Annotate and extract ``documents`` in one process, batching spaCy with ``nlp.pipe``.

    ``compare=False`` leaves out the stages only the comparison reads, ``tone=False`` the tone stage
    (:func:`~manysides.pipeline.stages_for`).

    The model is loaded once per process (``load_pipeline`` is cached), so a worker that handles many
    chunks pays for it once. Errors become :class:`WorkerError`, which survives pickling.
    """
    from manysides.nlp import load_pipeline

    try:
        nlp = load_pipeline(model)
        pipeline = DocumentPipeline(stages_for(compare, tone))
        return [DocumentResult.from_state(state)
                for state in annotate(documents, nlp, batch_size=batch_size, pipeline=pipeline)]
    except ManysidesError as exc:
        if isinstance(exc, ScaleError):
            raise
        raise WorkerError(str(exc)) from None


def extract_document(document: Document, model: str) -> DocumentResult:
    """Annotate and extract one document: the unit of work an engine distributes."""
    return extract_documents([document], model, batch_size=1)[0]


def _warm_worker(model: str) -> None:
    """Load the model when a pool process starts, so the first chunk is not slower than the rest."""
    from manysides.nlp import load_pipeline

    try:
        load_pipeline(model)
    except ManysidesError:
        pass  # reported, picklably, by the first chunk that needs the model


class LocalEngine:
    """The per-document part on this machine.

    ``workers=1`` runs in this process, exactly as :func:`manysides.analyze` does. ``workers > 1``
    starts a pool of that many processes (``spawn``: a forked child of a process holding threads,
    such as ONNX Runtime's, can deadlock) and sends each a chunk of ``chunk_size`` documents
    (default: the spaCy batch size, so every ``nlp.pipe`` batch holds the same documents as in
    the single-process run, and a slow article holds up one small chunk only).
    """

    def __init__(self, workers: int = 1, chunk_size: int | None = None) -> None:
        if workers < 1:
            raise ScaleError(f"workers must be at least 1, got {workers}")
        if chunk_size is not None and chunk_size < 1:
            raise ScaleError(f"chunk_size must be at least 1, got {chunk_size}")
        self.workers = workers
        self.chunk_size = chunk_size

    def __repr__(self) -> str:
        return f"LocalEngine(workers={self.workers})"

    def run(self, documents: Sequence[Document], settings: Settings) -> list[DocumentResult]:
        documents = list(documents)
        if self.workers == 1 or len(documents) <= 1:
            return extract_documents(documents, settings.model, settings.batch_size, settings.compare, settings.tone)
        size = self.chunk_size or settings.batch_size
        chunks = [documents[i:i + size] for i in range(0, len(documents), size)]
        workers = min(self.workers, len(chunks))
        context = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_worker,
                                     initargs=(settings.model,)) as pool:
                parts = pool.map(extract_documents, chunks, [settings.model] * len(chunks),
                                 [settings.batch_size] * len(chunks), [settings.compare] * len(chunks),
                                 [settings.tone] * len(chunks))
                return [result for part in parts for result in part]
        except BrokenProcessPool as exc:
            raise ScaleError(f"a worker process died ({exc}); out of memory? try fewer workers") from exc


def combine_results(results: Sequence[DocumentResult], problems: Sequence[Problem] = (),
                    settings: Settings | None = None) -> Analysis:
    """The cross-document step over engine results: the unchanged :func:`manysides.pipeline.combine`."""
    settings = settings or Settings()
    return combine([result.to_state() for result in results], problems, compare=settings.compare,
                   tone=settings.tone)


def analyze_with(engine: Engine, inputs: Sequence[str | Path] | str | Path,
                 settings: Settings | None = None) -> Analysis:
    """Read ``inputs`` (files, folders, ``-``), run the per-document part on ``engine``, combine here.

    Gives the same :class:`Analysis` as :func:`manysides.analyze` on the same files, whatever the engine.
    """
    from manysides.io import read_inputs

    settings = settings or Settings()
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    read = read_inputs(list(inputs), max_file_bytes=settings.max_file_bytes)
    documents = list(read.documents)
    results = engine.run(documents, settings) if documents else []
    if [result.document.id for result in results] != [document.id for document in documents]:
        raise ScaleError(f"{engine!r} returned {len(results)} results for {len(documents)} documents, "
                         "or not in input order")
    return combine_results(results, read.problems, settings)
