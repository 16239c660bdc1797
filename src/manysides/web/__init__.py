"""Browse a corpus store in a web browser: ``manysides serve corpus.duckdb`` (see ``docs/web.md``).

Needs the optional web dependencies (FastAPI, uvicorn); importing :func:`create_app` pulls them in.
"""

from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any) -> Any:
    """Build the FastAPI app (:func:`manysides.web.app.create_app`); imported lazily so the CLI loads fast."""
    from manysides.web.app import create_app as _create_app

    return _create_app(*args, **kwargs)


__all__ = ["create_app"]
