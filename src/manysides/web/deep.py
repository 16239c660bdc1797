"""Deep analysis of a story for a web request: one at a time, within the time limit, cached.

spaCy over a story's articles is CPU-bound (seconds per article on two cores), so analyses run one at
a time: a request waits for the slot only as long as its time limit allows (else 503 ``busy``), and the
analysis itself stops between articles at the deadline (504 ``timeout``). The result goes into the
store's ``story_analysis`` cache through a short read-write window; when the store cannot be written
it is kept in a small in-memory cache instead, so a read-only corpus is still usable.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

from manysides.analysis import Analysis
from manysides.settings import Settings
from manysides.store.db import story_members
from manysides.store.stories import StoryNotFound, cached_analysis, compute_analysis, members_key, save_analysis
from manysides.web.errors import Busy
from manysides.web.store import WebStore

MEMORY_CACHE_SIZE = 16


class AnalysisService:
    """Serves :class:`Analysis` objects for stories (see the module docstring)."""

    def __init__(self, store: WebStore, timeout_s: float, settings: Settings | None = None) -> None:
        self.store = store
        self.timeout_s = timeout_s
        self.settings = settings or Settings()
        self._slot = threading.Lock()
        self._nlp: Any = None
        self._memory: OrderedDict[tuple[int, str], Analysis] = OrderedDict()
        self._memory_lock = threading.Lock()

    def members(self, story_id: int) -> tuple[list[str], str]:
        """The story's article ids and their key; :class:`StoryNotFound` when it has none."""
        with self.store.read() as con:
            ids = story_members(con, story_id)
        if not ids:
            raise StoryNotFound(story_id)
        return ids, members_key(ids)

    def lookup(self, story_id: int, key: str) -> Analysis | None:
        """A current analysis from the store's cache or the in-memory one, without computing."""
        with self._memory_lock:
            if (story_id, key) in self._memory:
                self._memory.move_to_end((story_id, key))
                return self._memory[(story_id, key)]
        with self.store.read() as con:
            return cached_analysis(con, story_id, key)

    def is_cached(self, story_id: int, key: str) -> bool:
        with self._memory_lock:
            if (story_id, key) in self._memory:
                return True
        from manysides.web.queries import analysis_state

        with self.store.read() as con:
            return analysis_state(con, story_id, key)

    def get(self, story_id: int) -> Analysis:
        """The story's analysis: cached, or computed now within ``timeout_s`` (503/504 otherwise)."""
        deadline = time.monotonic() + self.timeout_s
        ids, key = self.members(story_id)
        found = self.lookup(story_id, key)
        if found is not None:
            return found
        if not self._slot.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise Busy(f"another story is being analysed; try again in a moment (limit {self.timeout_s:g} s)")
        try:
            found = self.lookup(story_id, key)  # computed by the request we waited for
            if found is not None:
                return found
            analysis = self._compute(story_id, ids, deadline)
            self._remember(story_id, key, analysis)  # inside the slot: a waiting request then finds it cached
            return analysis
        finally:
            self._slot.release()

    def _compute(self, story_id: int, ids: list[str], deadline: float) -> Analysis:
        if self._nlp is None:
            from manysides.nlp import load_pipeline

            self._nlp = load_pipeline(self.settings.model)
        with self.store.read(timeout_s=max(1.0, deadline - time.monotonic())) as con:
            return compute_analysis(con, story_id, ids, nlp=self._nlp, settings=self.settings, deadline=deadline)

    def _remember(self, story_id: int, key: str, analysis: Analysis) -> None:
        """Write the store's cache; keep the result in memory when the store cannot be written."""
        if self.store.try_write(lambda con: save_analysis(con, story_id, key, analysis)):
            return
        with self._memory_lock:
            self._memory[(story_id, key)] = analysis
            while len(self._memory) > MEMORY_CACHE_SIZE:
                self._memory.popitem(last=False)
