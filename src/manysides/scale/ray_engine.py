"""The per-document part on Ray Data: a laptop's cores today, a cluster's tomorrow, the same code.

Documents go in as a Ray dataset (from the driver's documents, or read by the workers straight from
Parquet); ``map_batches`` with a callable class runs the extraction on a pool of actors, each of
which loads the spaCy model once; results come back to the driver, or are written to Parquet by the
workers. Order is preserved, so the analysis is identical to the local engines'. Ray is imported
only here, and only when a :class:`RayEngine` runs.
"""

from __future__ import annotations

import json
import logging
import math
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from manysides.model import Document
from manysides.scale.errors import ScaleError
from manysides.scale.results import DocumentResult
from manysides.settings import Settings

Source = Sequence[Document] | str | Path  # documents in the driver, or a Parquet file/folder of documents


def _ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as exc:
        raise ScaleError("the Ray engine needs Ray: pip install 'manysides[ray]'") from exc
    return ray


class _Extractor:
    """One Ray actor: loads the model once, then extracts batch after batch.

    A row holds either ``document`` (the JSON of a driver-side :class:`Document`) or the Parquet input
    columns (``id``, ``text``, ...). Output rows: ``id`` and ``result`` (JSON of a DocumentResult).
    """

    def __init__(self, model: str, batch_size: int, compare: bool = True, tone: bool = True) -> None:
        from manysides.nlp import load_pipeline

        self.model, self.batch_size, self.compare, self.tone = model, batch_size, compare, tone
        load_pipeline(model)

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        from manysides.scale.engines import extract_documents
        from manysides.scale.parquet import document_from_row

        rows = batch.to_pylist()
        documents = [Document.from_dict(json.loads(row["document"])) if "document" in row else document_from_row(row)
                     for row in rows]
        results = extract_documents(documents, self.model, self.batch_size, self.compare, self.tone)
        return pa.table({"id": [r.document.id for r in results], "result": [r.to_json() for r in results]})


def _map_pickled(batch: Any, func: Callable[[Any], Any]) -> Any:
    """``func`` over one batch of pickled items, each result pickled again (one Ray task)."""
    import pyarrow as pa

    return pa.table({"item": [pickle.dumps(func(pickle.loads(blob))) for blob in batch.column("item").to_pylist()]})


class RayEngine:
    """The per-document part on Ray.

    ``address``: ``None`` starts a private local Ray (with ``num_cpus`` CPUs, default all), ``"auto"``
    or ``"ray://host:10001"`` joins a running cluster (``RAY_ADDRESS`` is honoured when ``address``
    is ``None`` and Ray is started elsewhere). ``concurrency``: extractor actors (default: one per CPU
    Ray reports). ``runtime_env``: passed to ``ray.init`` (e.g. ``{"py_modules": [...]}`` when the
    cluster's nodes do not have manysides installed). :meth:`close` (or leaving a ``with`` block)
    disconnects: a local Ray the engine started stops with it, a cluster it joined keeps running.
    An engine finding Ray already initialised in the process uses that connection and leaves it open.
    """

    def __init__(self, address: str | None = None, num_cpus: int | None = None, *, concurrency: int | None = None,
                 object_store_memory: int | None = None, runtime_env: dict[str, Any] | None = None) -> None:
        if num_cpus is not None and num_cpus < 1:
            raise ScaleError(f"num_cpus must be at least 1, got {num_cpus}")
        if concurrency is not None and concurrency < 1:
            raise ScaleError(f"concurrency must be at least 1, got {concurrency}")
        self.address, self.num_cpus, self.concurrency = address, num_cpus, concurrency
        self.object_store_memory, self.runtime_env = object_store_memory, runtime_env
        self._started = False

    def __repr__(self) -> str:
        return f"RayEngine(address={self.address!r}, num_cpus={self.num_cpus!r})"

    def __enter__(self) -> RayEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start or join Ray now (``run`` does it on first use); a no-op when Ray is already up."""
        ray = _ray()
        if ray.is_initialized():
            return
        options: dict[str, Any] = {"address": self.address, "runtime_env": self.runtime_env,
                                   "include_dashboard": False, "logging_level": logging.WARNING}
        if self.address is None and not os.environ.get("RAY_ADDRESS"):  # sizes only a Ray we start ourselves
            options.update(num_cpus=self.num_cpus, object_store_memory=self.object_store_memory)
        try:
            ray.init(**options)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise ScaleError(f"cannot start or join Ray at {self.address or 'a new local instance'}: {exc}") from exc
        self._started = True

    def close(self) -> None:
        """Disconnect from Ray if this engine connected (which stops a local Ray it started)."""
        if self._started:
            _ray().shutdown()
            self._started = False

    def dataset(self, source: Source, settings: Settings) -> Any:
        """The lazy Ray dataset of results (columns ``id``, ``result``), order preserved."""
        ray = _ray()
        self.start()
        _ordered_context(ray)
        if isinstance(source, (str, Path)):
            inputs = ray.data.read_parquet(str(source))
        else:
            inputs = ray.data.from_items([{"document": json.dumps(doc.to_dict(), ensure_ascii=False)}
                                          for doc in source])
        # One block per spaCy batch: a Parquet file of one row group would otherwise reach a single actor.
        inputs = inputs.repartition(target_num_rows_per_block=settings.batch_size)
        cpus = ray.cluster_resources().get("CPU", 1.0)
        concurrency = self.concurrency or max(1, int(cpus))
        return inputs.map_batches(_Extractor, fn_constructor_kwargs={"model": settings.model,
                                                                     "batch_size": settings.batch_size,
                                                                     "compare": settings.compare,
                                                                     "tone": settings.tone},
                                  batch_size=settings.batch_size, batch_format="pyarrow",
                                  compute=ray.data.ActorPoolStrategy(size=concurrency),
                                  num_cpus=actor_cpus(cpus, concurrency))

    def run(self, source: Source, settings: Settings) -> list[DocumentResult]:
        """Extract every document of ``source`` and return the results to the driver, in input order."""
        if not isinstance(source, (str, Path)) and not source:
            return []
        dataset = self.dataset(source, settings)
        with _ray_errors():
            rows = [row["result"] for batch in dataset.iter_batches(batch_format="pyarrow", batch_size=None)
                    for row in batch.select(["result"]).to_pylist()]
        return [DocumentResult.from_json(text) for text in rows]

    def map_ordered(self, func: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
        """``func`` over ``items`` in Ray tasks, the results in input order: ingest's fast pass.

        ``func`` and the items must pickle (a module-level function, plain data). Items travel pickled in
        one binary column, so any Python object crosses; about four blocks per CPU keep every core busy
        while the slowest block finishes.
        """
        if not items:
            return []
        ray = _ray()
        self.start()
        _ordered_context(ray)
        cpus = ray.cluster_resources().get("CPU", 1.0)
        per_block = max(1, math.ceil(len(items) / (4 * cpus)))
        inputs = ray.data.from_items([{"item": pickle.dumps(item)} for item in items])
        mapped = inputs.repartition(target_num_rows_per_block=per_block).map_batches(
            _map_pickled, fn_kwargs={"func": func}, batch_format="pyarrow", batch_size=None)
        with _ray_errors():
            return [pickle.loads(blob) for batch in mapped.iter_batches(batch_format="pyarrow", batch_size=None)
                    for blob in batch.column("item").to_pylist()]

    def write_results(self, source: Source, path: str | Path, settings: Settings) -> Path:
        """Extract ``source`` and have the workers write the results to the Parquet folder ``path``.

        Nothing passes through the driver; read them back with :func:`manysides.scale.read_results`.
        An existing ``path`` is refused: results of two runs in one folder would be read as one corpus.
        """
        ray = _ray()
        dataset = self.dataset(source, settings)
        with _ray_errors():
            try:
                dataset.write_parquet(str(path), mode=ray.data.SaveMode.ERROR)
            except ValueError as exc:  # Ray's refusal of an existing path
                raise ScaleError(f"{path}: cannot write results there ({exc})") from exc
        return Path(path)


def actor_cpus(cpus: float, concurrency: int) -> float:
    """Logical CPUs each extractor actor asks for: all but one CPU, shared among the actors.

    Ray Data lists, reads and writes Parquet in tasks that each need a whole CPU. Actors that hold
    every CPU would leave those tasks unscheduled for ever (a deadlock seen with 2 CPUs and 2 actors).
    The figure only steers Ray's scheduler: each actor still uses a full core when one is free.
    """
    return round(min(1.0, max(0.0, cpus - 1) / concurrency), 3)


def _ordered_context(ray: Any) -> None:
    """Make the driver's Ray Data context preserve order (identical results) and draw no progress bars.

    Set on the current context and left set: some Ray readers bind the live context object to the
    dataset rather than a copy, so restoring it afterwards would change the datasets built here.
    """
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False


@contextmanager
def _ray_errors() -> Iterator[None]:
    """Turn a failed Ray job into one :class:`ScaleError` line naming the worker's error."""
    ray = _ray()
    try:
        yield
    except ray.exceptions.RayError as exc:
        lines = [line for line in str(exc).splitlines() if line.strip()]
        reason = next((line for line in reversed(lines) if "Error" in line), lines[-1] if lines else repr(exc))
        raise ScaleError(f"Ray run failed: {reason.strip()}") from exc
