"""Documents and per-document results as Parquet, the format a cluster run reads and writes.

Input: one row per article with columns ``id, text`` and optionally ``title, outlet, url, published,
authors`` (``authors`` a list of strings or one ``"A, B"`` string), the fields of a JSONL corpus.
Each row becomes a :class:`~manysides.model.Document` through :func:`manysides.io.document_from_text`
in the worker that processes it, so the driver never holds the whole corpus.

Output: one row per document with columns ``id`` and ``result`` (the JSON of a
:class:`~manysides.scale.results.DocumentResult`): Arrow has no column type for our objects, and one
JSON string per row keeps the file readable by DuckDB, pandas or any Parquet reader.

pyarrow comes with the ``ray`` extra; it is imported only inside these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from manysides.model import Document
from manysides.scale.errors import ScaleError
from manysides.scale.results import DocumentResult

DOCUMENT_COLUMNS = ("id", "text", "title", "outlet", "url", "published", "authors")
RESULT_COLUMNS = ("id", "result")


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise ScaleError("Parquet input and output need pyarrow: pip install 'manysides[ray]'") from exc
    return pyarrow


def document_from_row(row: dict[str, Any]) -> Document:
    """A document from one Parquet row, read exactly as a JSONL corpus record would be."""
    from manysides.io import document_from_text

    doc_id, text = row.get("id"), row.get("text")
    if doc_id is None or str(doc_id) == "" or not isinstance(text, str):
        raise ScaleError(f"Parquet document row needs a non-empty 'id' and a string 'text', got id={doc_id!r}")
    metadata: dict[str, Any] = {}
    for name in ("title", "outlet", "url", "published", "authors"):
        value = row.get(name)
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        if value is not None and (not hasattr(value, "__len__") or len(value)):
            metadata[name] = list(value) if name == "authors" and not isinstance(value, str) else value
    return document_from_text(text, str(doc_id), fmt="parquet", **metadata)


def write_documents(documents: Sequence[Document], path: str | Path) -> Path:
    """Write ``documents`` as a Parquet file of the input layout (``DOCUMENT_COLUMNS``)."""
    pa = _pyarrow()
    table = pa.table({
        "id": [d.id for d in documents],
        "text": [d.text for d in documents],
        "title": [d.title for d in documents],
        "outlet": [d.outlet for d in documents],
        "url": [d.url for d in documents],
        "published": [d.published for d in documents],
        "authors": pa.array([list(d.authors) for d in documents], type=pa.list_(pa.string())),
    })
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    pa.parquet.write_table(table, target)
    return target


def read_documents(path: str | Path) -> list[Document]:
    """Every document of a Parquet file or folder, in file order, built as a worker builds them."""
    pa = _pyarrow()
    try:
        rows = pa.parquet.read_table(str(path)).to_pylist()
    except (OSError, pa.ArrowException) as exc:
        raise ScaleError(f"{path}: cannot read Parquet documents ({exc})") from exc
    return [document_from_row(row) for row in rows]


def read_results(path: str | Path) -> list[DocumentResult]:
    """The per-document results a cluster run wrote (a Parquet file or folder), in the order written.

    Ray names its output files so that they sort in write order; with order preserved, that is input order.
    """
    pa = _pyarrow()
    target = Path(path)
    files = sorted(target.rglob("*.parquet")) if target.is_dir() else [target]
    if not files:
        raise ScaleError(f"{path}: no Parquet files of results found")
    results: list[DocumentResult] = []
    for file in files:
        try:
            column = pa.parquet.read_table(file, columns=["result"]).column("result").to_pylist()
        except (OSError, KeyError, pa.ArrowException) as exc:
            raise ScaleError(f"{file}: cannot read per-document results ({exc})") from exc
        results.extend(DocumentResult.from_json(text) for text in column)
    return results
