"""The web app's access to the corpus store: read-only by default, writes only through a short window.

DuckDB lets one process hold a file either read-only or read-write, not both, so requests read through
cursors of one read-only connection, and the rare write (the analysis cache, the search index) takes an
exclusive lock, closes that connection, writes through a short-lived read-write one and reopens
read-only. When the file cannot be written at all, nothing is cached and search falls back to ILIKE.
Every read runs under a timer that interrupts the DuckDB query at the request's time limit.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from manysides.store.db import StoreError, connect, fts_available
from manysides.store.search import ensure_search_index, search_index_exists, search_index_stale
from manysides.web.errors import RequestTimeout

log = logging.getLogger("manysides.web")
T = TypeVar("T")


class ReadWriteLock:
    """Many readers or one writer; a waiting writer is not starved by a stream of new readers."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._waiting_writers = 0

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._waiting_writers -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


class WebStore:
    """One corpus database as the web app sees it (see the module docstring)."""

    def __init__(self, path: Path, request_timeout_s: float = 15.0, read_only: bool = False) -> None:
        self.path = Path(path)
        self.request_timeout_s = request_timeout_s
        self._lock = ReadWriteLock()
        self.writable = not read_only and os.access(self.path, os.W_OK) and os.access(self.path.parent, os.W_OK)
        self.fts = False
        self._base = _quiet(connect(self.path, read_only=True))  # fails early on a missing or foreign file
        if self.writable:
            self._try_write(ensure_search_index)
        self.fts = self._search_index_ready()

    def _search_index_ready(self) -> bool:
        with self.read() as con:
            if not fts_available(con):
                return False
            return search_index_exists(con) and not search_index_stale(con)

    @contextmanager
    def read(self, timeout_s: float | None = None) -> Iterator[Any]:
        """A cursor on the read-only connection; its query is interrupted at the time limit (then 504)."""
        import duckdb

        limit = self.request_timeout_s if timeout_s is None else timeout_s
        with self._lock.shared():
            cursor = self._base.cursor()
            timer = threading.Timer(limit, cursor.interrupt)
            timer.daemon = True
            timer.start()
            try:
                yield cursor
            except duckdb.InterruptException as exc:
                raise RequestTimeout(f"the query ran past the {limit:g} s time limit") from exc
            finally:
                timer.cancel()
                cursor.close()

    def write(self, func: Callable[[Any], T]) -> T:
        """Run ``func(con)`` on a short-lived read-write connection while no reader holds the file."""
        with self._lock.exclusive():
            self._base.close()
            try:
                con = _quiet(connect(self.path))
                try:
                    return func(con)
                finally:
                    con.close()
            finally:
                self._base = _quiet(connect(self.path, read_only=True))

    def _try_write(self, func: Callable[[Any], Any]) -> bool:
        """:meth:`write`, but a failure (file locked by an ingest, disk full) only turns caching off."""
        import duckdb

        try:
            self.write(func)
            return True
        except (duckdb.Error, OSError, StoreError) as exc:
            log.warning("%s: cannot write, serving without caching: %s", self.path, exc)
            self.writable = False
            return False

    def try_write(self, func: Callable[[Any], Any]) -> bool:
        """Write when the store is writable; False (and nothing written) otherwise."""
        return self.writable and self._try_write(func)

    def close(self) -> None:
        with self._lock.exclusive():
            self._base.close()


def _quiet(con: Any) -> Any:
    """No progress bar: DuckDB draws one on the server's terminal for queries over a couple of seconds."""
    con.execute("SET enable_progress_bar = false")
    return con
