"""Deep analysis of one stored story, on demand, cached in ``story_analysis``.

The fast pass at ingest is cheap; the deep pass (spaCy, actors, statements, comparison) costs seconds
per article, so it runs only for the stories someone opens. Its result is cached as analysis JSON keyed
by the story's member ids and the analysing code (``articles_key``): when ``update_stories`` grows or
merges a story, or an upgrade brings another manysides version or other shipped models, the key no
longer matches and the cached analysis is recomputed instead of showing a stale picture.

The pieces (:func:`cached_analysis`, :func:`compute_analysis`, :func:`save_analysis`) are separate so
that a reader with a read-only connection (the web app) can compute and then write the cache through
a short-lived read-write connection of its own.

:func:`analyze_stories` is the batch tier over the same pieces (``manysides analyze-stories``): it
fills the cache ahead of time for many stories, largest first, skipping those whose cached analysis
is current, saving each story as soon as it is done, and recording a failing story as an outcome
instead of stopping.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from manysides.analysis import Analysis
from manysides.errors import ManysidesError, SchemaError
from manysides.model import SCHEMA_VERSION as ANALYSIS_SCHEMA_VERSION
from manysides.settings import Settings
from manysides.store.db import load_documents, story_members


class StoryNotFound(ManysidesError):
    """No story with this id (or it has no articles left) in the corpus database."""

    def __init__(self, story_id: int) -> None:
        self.story_id = story_id
        super().__init__(f"no story {story_id} in the corpus database")


class AnalysisTimeout(ManysidesError):
    """The deep analysis of a story ran past its deadline and was stopped between two articles."""

    def __init__(self, story_id: int, done: int, total: int) -> None:
        self.story_id, self.done, self.total = story_id, done, total
        super().__init__(f"story {story_id}: analysis stopped at its time limit after {done} of {total} articles")


@functools.lru_cache(maxsize=1)
def analyser_fingerprint() -> str:
    """What the analysis was computed with: the manysides version and code, and the shipped models.

    The package's own source files are hashed too (about 1 MB, once per process), so a development
    install whose code changed under an unchanged version number does not serve stale findings. The
    encoder's recorded sha256 and the tone model's config and size stand for the model files, whose
    own hashes would cost a read of 46 MB per process.
    """
    import manysides
    from manysides.nlp.embeddings import DEFAULT_MODEL
    from manysides.stance import MODEL_DIR

    package = Path(manysides.__file__).parent
    code = hashlib.sha256()
    for source in sorted(package.rglob("*.py")):
        code.update(source.relative_to(package).as_posix().encode("utf-8") + b"\0" + source.read_bytes())
    parts = [manysides.__version__, code.hexdigest(), (DEFAULT_MODEL.parent / "config.json").read_text(encoding="utf-8"),
             (MODEL_DIR / "config.json").read_text(encoding="utf-8"), str((MODEL_DIR / "model.onnx").stat().st_size)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def members_key(article_ids: Sequence[str]) -> str:
    """sha256 of the sorted member ids and :func:`analyser_fingerprint`.

    Equal exactly when the story has the same articles and would be analysed by the same code.
    """
    text = "\n".join([analyser_fingerprint(), *sorted(article_ids)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_writable(con: Any) -> bool:
    """Whether ``con`` may write (a read-only connection computes without caching)."""
    row = con.execute("SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return not (row and row[0])


def cached_analysis(con: Any, story_id: int, key: str) -> Analysis | None:
    """The cached analysis when it was computed from exactly these members; ``None`` when absent or stale."""
    row = con.execute("SELECT analysis_json, articles_key FROM story_analysis WHERE story_id = ?",
                      [story_id]).fetchone()
    if row is None or row[1] != key:
        return None
    try:
        return Analysis.from_dict(json.loads(row[0]))
    except (SchemaError, json.JSONDecodeError):
        return None  # written by another schema version: recompute rather than fail


def compute_analysis(con: Any, story_id: int, members: Sequence[str], *, nlp: Any = None,
                     settings: Settings | None = None, deadline: float | None = None) -> Analysis:
    """Run the deep pipeline (annotate, then combine) over the story's stored articles.

    ``deadline`` (a ``time.monotonic()`` value) is checked between articles, so a request that has run
    out of time stops within one article instead of holding a CPU for minutes.
    """
    from manysides.pipeline import DocumentPipeline, annotate, combine, stages_for

    settings = settings or Settings()
    if nlp is None:
        from manysides.nlp import load_pipeline

        nlp = load_pipeline(settings.model)
    documents = load_documents(con, list(members))
    states = []
    pipeline = DocumentPipeline(stages_for(settings.compare, settings.tone))
    for state in annotate(documents, nlp, batch_size=settings.batch_size, pipeline=pipeline):
        states.append(state)
        if deadline is not None and time.monotonic() > deadline and len(states) < len(documents):
            raise AnalysisTimeout(story_id, len(states), len(documents))
    return combine(states, compare=settings.compare, tone=settings.tone)


def save_analysis(con: Any, story_id: int, key: str, analysis: Analysis) -> None:
    """Store (or replace) the cached analysis of a story with the members key it was computed from."""
    con.execute("INSERT OR REPLACE INTO story_analysis (story_id, analysis_json, articles_key, created) "
                "VALUES (?, ?, ?, current_timestamp)", [story_id, analysis.to_json(indent=None), key])


def story_analysis(con: Any, story_id: int, *, nlp: Any = None, settings: Settings | None = None,
                   deadline: float | None = None, on_computed: Callable[[str, Analysis], None] | None = None
                   ) -> Analysis:
    """The deep analysis of one story: from the cache when its members are unchanged, else computed.

    A writable ``con`` stores a fresh result in ``story_analysis``; on a read-only one the result is
    handed to ``on_computed(key, analysis)`` (when given) so the caller can cache it its own way.
    Raises :class:`StoryNotFound` for an unknown story.
    """
    members = story_members(con, story_id)
    if not members:
        raise StoryNotFound(story_id)
    key = members_key(members)
    cached = cached_analysis(con, story_id, key)
    if cached is not None:
        return cached
    analysis = compute_analysis(con, story_id, members, nlp=nlp, settings=settings, deadline=deadline)
    if is_writable(con):
        save_analysis(con, story_id, key, analysis)
    elif on_computed is not None:
        on_computed(key, analysis)
    return analysis


WAVE_ARTICLES = 128  # articles handed to an engine at once: amortises its start-up, bounds the work a kill loses


@dataclass(frozen=True, slots=True)
class StoryTarget:
    """A story chosen for the batch: its members (oldest first), their key, and whether its cache is current."""

    story_id: int
    members: tuple[str, ...]
    key: str
    fresh: bool


@dataclass(frozen=True, slots=True)
class StoryOutcome:
    """What the batch did with one story: ``analysed`` (and saved), ``fresh`` (cache current) or ``failed``."""

    story_id: int
    status: str
    n_articles: int = 0
    reason: str | None = None
    seconds: float = 0.0


@dataclass(slots=True)
class BatchReport:
    """Every story's outcome in the order handled, and the batch's wall time."""

    outcomes: list[StoryOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def _with(self, status: str) -> list[StoryOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == status]

    @property
    def analysed(self) -> list[StoryOutcome]:
        return self._with("analysed")

    @property
    def fresh(self) -> list[StoryOutcome]:
        return self._with("fresh")

    @property
    def failed(self) -> list[StoryOutcome]:
        return self._with("failed")

    def to_dict(self) -> dict[str, Any]:
        """The summary ``analyze-stories`` prints: counts, articles analysed, seconds."""
        return {"stories": len(self.outcomes), "analysed": len(self.analysed), "fresh": len(self.fresh),
                "failed": len(self.failed), "articles_analysed": sum(o.n_articles for o in self.analysed),
                "seconds": round(self.seconds, 2)}


def select_stories(con: Any, story_ids: Sequence[int] | None = None, *, min_articles: int = 1,
                   lang: str | None = None, limit: int | None = None, force: bool = False
                   ) -> list[StoryTarget | StoryOutcome]:
    """The stories a batch should handle, each marked fresh or not, in the order to handle them.

    Without ``story_ids``: every story with at least ``min_articles`` articles (and language ``lang``
    when given), largest first (ties: oldest story first), at most ``limit`` of them. With
    ``story_ids``: those stories in the order given, whatever their size; an id with no articles comes
    back as a ``failed`` :class:`StoryOutcome`. A story is fresh when its cached analysis was computed
    from exactly its current members by this schema version (``force``: nothing is fresh).
    """
    if min_articles < 1:
        raise ValueError(f"min_articles must be at least 1, got {min_articles}")
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    cached = {row[0]: (row[1], row[2]) for row in con.execute(
        "SELECT story_id, articles_key, TRY(json_extract_string(analysis_json, '$.schema_version')) "
        "FROM story_analysis").fetchall()}

    def target(story_id: int, members: Sequence[str]) -> StoryTarget:
        key = members_key(members)
        stored = cached.get(story_id)
        fresh = not force and stored is not None and stored[0] == key and stored[1] == str(ANALYSIS_SCHEMA_VERSION)
        return StoryTarget(story_id, tuple(members), key, fresh)

    if story_ids is not None:
        chosen: list[StoryTarget | StoryOutcome] = []
        for story_id in dict.fromkeys(int(i) for i in story_ids):
            members = story_members(con, story_id)
            chosen.append(target(story_id, members) if members else
                          StoryOutcome(story_id, "failed", reason="no such story in the corpus database"))
        return chosen
    rows = con.execute(
        "SELECT sa.story_id, list(sa.article_id ORDER BY a.seq) AS members FROM story_articles sa "
        "JOIN articles a ON a.id = sa.article_id JOIN stories s ON s.story_id = sa.story_id "
        "WHERE ? IS NULL OR s.lang = ? GROUP BY sa.story_id HAVING count(*) >= ? "
        "ORDER BY count(*) DESC, sa.story_id LIMIT ?", [lang, lang, min_articles, limit]).fetchall()
    return [target(story_id, members) for story_id, members in rows]


def _failure(exc: BaseException) -> str:
    """One line saying why a story failed: the message of our own errors, else the type and message."""
    if isinstance(exc, StoryNotFound):
        return "no such story in the corpus database"
    text = " ".join(str(exc).split()) or "no detail"
    return text if isinstance(exc, ManysidesError) else f"{type(exc).__name__}: {text}"


def _local_analyses(con: Any, targets: Sequence[StoryTarget], nlp: Any, settings: Settings
                    ) -> Iterator[tuple[StoryTarget, Analysis | Exception, float]]:
    """Each story in this process, with :func:`compute_analysis` (what the web app runs on demand)."""
    for item in targets:
        started = time.monotonic()
        try:
            result: Analysis | Exception = compute_analysis(con, item.story_id, item.members, nlp=nlp,
                                                            settings=settings)
        except Exception as exc:  # noqa: BLE001 - one story's failure must not stop the batch
            result = exc
        yield item, result, time.monotonic() - started


def _engine_analyses(con: Any, targets: Sequence[StoryTarget], engine: Any, settings: Settings,
                     wave_articles: int) -> Iterator[tuple[StoryTarget, Analysis | Exception, float]]:
    """The per-article part on ``engine`` for a wave of stories at once, then each story combined here.

    A wave holds whole stories, about ``wave_articles`` articles in all, so the engine's start-up
    is paid once per wave rather than once per story. When the engine fails on a wave of several
    stories, each is run again alone, so only the story at fault fails.
    """
    from manysides.scale import combine_results

    def run(wave: list[StoryTarget]) -> Iterator[tuple[StoryTarget, Analysis | Exception, float]]:
        started = time.monotonic()
        loaded: list[tuple[StoryTarget, list]] = []
        for item in wave:
            try:
                loaded.append((item, load_documents(con, list(item.members))))
            except Exception as exc:  # noqa: BLE001
                yield item, exc, 0.0
        try:
            results = engine.run([doc for _, docs in loaded for doc in docs], settings) if loaded else []
            if [r.document.id for r in results] != [doc.id for _, docs in loaded for doc in docs]:
                raise ManysidesError(f"{engine!r} returned results that do not match the documents sent")
        except Exception as exc:  # noqa: BLE001
            if len(loaded) > 1:
                for item, _ in loaded:
                    yield from run([item])
                return
            for item, _ in loaded:
                yield item, exc, time.monotonic() - started
            return
        elapsed = (time.monotonic() - started) / max(1, len(results))
        offset = 0
        for item, docs in loaded:
            part, offset = results[offset:offset + len(docs)], offset + len(docs)
            began = time.monotonic()
            try:
                result: Analysis | Exception = combine_results(part, settings=settings)
            except Exception as exc:  # noqa: BLE001
                result = exc
            yield item, result, elapsed * len(docs) + time.monotonic() - began

    wave: list[StoryTarget] = []
    for item in targets:
        wave.append(item)
        if sum(len(t.members) for t in wave) >= wave_articles:
            yield from run(wave)
            wave = []
    if wave:
        yield from run(wave)


def analyze_stories(con: Any, story_ids: Sequence[int] | None = None, *, min_articles: int = 1,
                    lang: str | None = None, limit: int | None = None, force: bool = False,
                    engine: Any = None, nlp: Any = None, settings: Settings | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    on_outcome: Callable[[StoryOutcome], None] | None = None,
                    wave_articles: int = WAVE_ARTICLES) -> BatchReport:
    """Fill the ``story_analysis`` cache for many stories: the batch tier of the deep analysis.

    Chooses stories with :func:`select_stories` (same arguments), skips the fresh ones, and analyses
    the rest one after another; each result is saved (one statement, so atomic) as soon as its story
    is done, so an interrupted batch keeps every story finished before the interruption and a re-run
    carries on where it stopped. A story that fails becomes a ``failed`` outcome with the reason and
    the batch goes on; ``KeyboardInterrupt`` and the model failing to load stop it.

    ``engine`` (a :mod:`manysides.scale` engine) runs the per-article part, several stories per call;
    without one, each story runs here with ``nlp`` (loaded once when needed), as the web app does.
    ``progress(done, total)`` is called after each story to analyse; ``on_outcome`` with every outcome,
    as it happens. ``con`` must be writable.
    """
    settings = settings or Settings()
    report = BatchReport()
    started = time.monotonic()

    def record(outcome: StoryOutcome) -> None:
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    chosen = select_stories(con, story_ids, min_articles=min_articles, lang=lang, limit=limit, force=force)
    todo: list[StoryTarget] = []
    for item in chosen:
        if isinstance(item, StoryOutcome):
            record(item)
        elif item.fresh:
            record(StoryOutcome(item.story_id, "fresh", len(item.members)))
        else:
            todo.append(item)
    if todo:
        if progress is not None:
            progress(0, len(todo))
        if engine is None:
            if nlp is None:
                from manysides.nlp import load_pipeline

                nlp = load_pipeline(settings.model)  # once, before any story: a missing model stops the batch
            results = _local_analyses(con, todo, nlp, settings)
        else:
            results = _engine_analyses(con, todo, engine, settings, wave_articles)
        for done, (item, result, seconds) in enumerate(results, start=1):
            if isinstance(result, Analysis):
                try:
                    save_analysis(con, item.story_id, item.key, result)
                    outcome = StoryOutcome(item.story_id, "analysed", len(item.members), seconds=seconds)
                except Exception as exc:  # noqa: BLE001 - e.g. a disk that filled up: report it, go on
                    outcome = StoryOutcome(item.story_id, "failed", len(item.members), _failure(exc), seconds)
            else:
                outcome = StoryOutcome(item.story_id, "failed", len(item.members), _failure(result), seconds)
            record(outcome)
            if progress is not None:
                progress(done, len(todo))
    report.seconds = time.monotonic() - started
    return report


__all__ = ["AnalysisTimeout", "BatchReport", "StoryNotFound", "StoryOutcome", "StoryTarget", "analyze_stories",
           "cached_analysis", "compute_analysis", "is_writable", "members_key", "save_analysis", "select_stories",
           "story_analysis"]
