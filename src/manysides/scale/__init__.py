"""Scale-out: the same per-document functions in this process, on a process pool, or on Ray.

    from manysides.scale import LocalEngine, RayEngine, analyze_with
    analysis = analyze_with(LocalEngine(workers=4), ["articles/"], settings)

Importing this package does not import Ray (nor pyarrow): :class:`RayEngine` and the Parquet helpers
are loaded on first use, so the local engines work without the ``ray`` extra.
"""

from __future__ import annotations

from typing import Any

from manysides.scale.engines import (
    Engine,
    LocalEngine,
    analyze_with,
    combine_results,
    extract_document,
    extract_documents,
)
from manysides.scale.errors import ScaleError, WorkerError
from manysides.scale.results import DocumentResult

_LAZY = {
    "RayEngine": "manysides.scale.ray_engine",
    "read_results": "manysides.scale.parquet",
    "read_documents": "manysides.scale.parquet",
    "write_documents": "manysides.scale.parquet",
}


def __getattr__(name: str) -> Any:
    """Load the Ray and Parquet parts only when they are asked for (PEP 562)."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'manysides.scale' has no attribute {name!r}")


__all__ = ["DocumentResult", "Engine", "LocalEngine", "RayEngine", "ScaleError", "WorkerError", "analyze_with",
           "combine_results", "extract_document", "extract_documents", "read_documents", "read_results",
           "write_documents"]
