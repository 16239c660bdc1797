"""The per-document pipeline and the whole-corpus run built on it.

Data flows one way: read → annotate (spaCy) → extract per document → compare across documents.
Per-document work is a list of :class:`Stage` objects: plain callables that declare the fields of
:class:`DocumentState` they need and the fields they assign. The pipeline checks the declarations
when it is built (every need is met by an earlier stage) and as it runs (every stage assigns what it
promised), so a misconfigured or broken stage fails loudly instead of producing a silent gap.
The same :func:`analyze_document` is what a Ray worker runs at scale.

A stage may be marked ``background``: it reads nothing of spaCy's parse and nothing later reads what
it assigns (the tone model), so :func:`annotate` runs it in a second thread while spaCy parses the
next documents. spaCy's pass uses one core; the tone model's runs release the interpreter lock, so
the two overlap on a machine with a second core. The results are the same as a sequential run's.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from manysides.analysis import Analysis
from manysides.brief import compose_brief
from manysides.compare.align import align_claims
from manysides.compare.frames import frame_shares
from manysides.compare.quotes import link_statements
from manysides.compare.reuse import find_reuse
from manysides.compare.stance import stances_from_tones
from manysides.compare.timeline import build_timeline
from manysides.errors import PipelineError
from manysides.extract.actions import rename_actors
from manysides.extract.actor_merge import merge_actors
from manysides.extract.actors import extract_actors
from manysides.extract.claims import ClaimUnit, extract_claims
from manysides.extract.dates import DatedEvent, extract_dates
from manysides.extract.speakers import pronoun_contradicts
from manysides.extract.statements import extract_statements
from manysides.extract.tone import ToneItem, document_tones
from manysides.model import Actor, Document, Statement
from manysides.nlp.embeddings import cores_taken, quick_handover
from manysides.settings import Settings


@dataclass(slots=True)
class DocumentState:
    """What is known about one document as the stages run; ``None`` means not yet assigned."""

    document: Document
    sdoc: Doc | None = None
    sentences: list[tuple[int, int]] | None = None
    actors: list[Actor] | None = None
    statements: list[Statement] | None = None
    claims: list[ClaimUnit] | None = None
    dates: list[DatedEvent] | None = None
    tones: list[ToneItem] | None = None

    def has(self, name: str) -> bool:
        return getattr(self, name) is not None


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of per-document extraction: ``func(state)`` returns ``{field: value}`` for ``assigns``.

    ``background`` stages may run beside spaCy's parse of later documents (see :func:`annotate`):
    they must not read ``sdoc``, and only other background stages may follow them.
    """

    name: str
    func: Callable[[DocumentState], dict[str, Any]]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    background: bool = False

    def __call__(self, state: DocumentState) -> None:
        missing = [need for need in self.requires if not state.has(need)]
        if missing:
            raise PipelineError(f"stage {self.name!r} needs {', '.join(missing)}, which no earlier stage assigned")
        result = self.func(state)
        if set(result) != set(self.assigns):
            raise PipelineError(f"stage {self.name!r} declared {sorted(self.assigns)} but assigned {sorted(result)}")
        for name, value in result.items():
            setattr(state, name, value)


def _sentences_stage(state: DocumentState) -> dict[str, Any]:
    """Sentence spans, trimmed of surrounding whitespace; comparison works sentence by sentence."""
    spans = []
    for sent in state.sdoc.sents:
        text = sent.text
        start = sent.start_char + (len(text) - len(text.lstrip()))
        end = sent.end_char - (len(text) - len(text.rstrip()))
        if end > start:
            spans.append((start, end))
    return {"sentences": spans}


def _claims_stage(state: DocumentState) -> dict[str, Any]:
    return {"claims": extract_claims(state.document, state.sdoc, state.statements, state.actors or ())}


def _dates_stage(state: DocumentState) -> dict[str, Any]:
    return {"dates": extract_dates(state.document, state.sdoc)}


def _tone_stage(state: DocumentState) -> dict[str, Any]:
    return {"tones": document_tones(state.document, state.actors, state.statements, state.sentences)}


def _actors_stage(state: DocumentState) -> dict[str, Any]:
    return {"actors": extract_actors(state.document, state.sdoc)}


def _statements_stage(state: DocumentState) -> dict[str, Any]:
    return {"statements": extract_statements(state.document, state.sdoc, state.actors)}


DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage("sentences", _sentences_stage, requires=("sdoc",), assigns=("sentences",)),
    Stage("actors", _actors_stage, requires=("document", "sdoc"), assigns=("actors",)),
    Stage("statements", _statements_stage, requires=("document", "sdoc", "actors"), assigns=("statements",)),
    Stage("claims", _claims_stage, requires=("document", "sdoc", "actors", "statements"), assigns=("claims",)),
    Stage("dates", _dates_stage, requires=("document", "sdoc"), assigns=("dates",)),
    Stage("tone", _tone_stage, requires=("document", "sentences", "actors", "statements"), assigns=("tones",),
          background=True),
)


# Stages whose output only the cross-document comparison reads: skipped when it will not run.
COMPARISON_STAGES = frozenset({"tone"})


def stages_for(compare: bool = True, tone: bool = True) -> tuple[Stage, ...]:
    """The default stages, without :data:`COMPARISON_STAGES` when there will be no comparison, and
    without the tone stage when tone is not wanted (``Settings.tone``)."""
    skipped = (set() if compare else set(COMPARISON_STAGES)) | (set() if tone else {"tone"})
    return tuple(s for s in DEFAULT_STAGES if s.name not in skipped)


@dataclass(slots=True)
class DocumentPipeline:
    """An ordered list of stages, validated when built."""

    stages: Sequence[Stage] = DEFAULT_STAGES
    provided: tuple[str, ...] = ("document", "sdoc")

    def __post_init__(self) -> None:
        known = set(DocumentState.__dataclass_fields__)
        available = set(self.provided)
        for stage in self.stages:
            unknown = set(stage.requires + stage.assigns) - known
            if unknown:
                raise PipelineError(f"stage {stage.name!r} names unknown fields {sorted(unknown)}")
            unmet = set(stage.requires) - available
            if unmet:
                raise PipelineError(f"stage {stage.name!r} needs {sorted(unmet)} before any stage assigns it")
            available |= set(stage.assigns)
        seen_background = False
        for stage in self.stages:
            if stage.background and "sdoc" in stage.requires:
                raise PipelineError(f"background stage {stage.name!r} may not read sdoc: spaCy's next batch "
                                    "is being parsed while it runs")
            if seen_background and not stage.background:
                raise PipelineError(f"stage {stage.name!r} follows a background stage; background stages "
                                    "must come last")
            seen_background = seen_background or stage.background

    @property
    def background(self) -> tuple[Stage, ...]:
        """The trailing stages that may run in a second thread."""
        return tuple(stage for stage in self.stages if stage.background)

    def run(self, document: Document, sdoc: Doc) -> DocumentState:
        """Every stage, in order, in this thread."""
        return self.finish(self.start(document, sdoc))

    def start(self, document: Document, sdoc: Doc) -> DocumentState:
        """The stages that read the parse (all but the background ones)."""
        state = DocumentState(document=document, sdoc=sdoc)
        for stage in self.stages:
            if not stage.background:
                stage(state)
        return state

    def finish(self, state: DocumentState) -> DocumentState:
        """The background stages, on a state that :meth:`start` returned."""
        for stage in self.background:
            stage(state)
        return state


def analyze_document(document: Document, nlp: Language, pipeline: DocumentPipeline | None = None) -> DocumentState:
    """Annotate and extract one document: the unit of work that scales out."""
    return (pipeline or DocumentPipeline()).run(document, nlp(document.text))


def annotate(documents: Sequence[Document], nlp: Language, batch_size: int = 16,
             pipeline: DocumentPipeline | None = None) -> Iterator[DocumentState]:
    """Run spaCy over all documents in batches (``nlp.pipe``), then the extraction stages on each.

    States come out in input order. The pipeline's background stages (the tone model) run in one
    worker thread, at most ``batch_size`` documents behind the parse, so their cost overlaps spaCy's.
    """
    pipeline = pipeline or DocumentPipeline()
    parsed = zip(documents, nlp.pipe((doc.text for doc in documents), batch_size=batch_size))
    if not pipeline.background:
        for document, sdoc in parsed:
            yield pipeline.run(document, sdoc)
        return
    yield from _overlapped(parsed, pipeline, max(1, batch_size))


def _overlapped(parsed: Iterator[tuple[Document, Doc]], pipeline: DocumentPipeline,
                lag: int) -> Iterator[DocumentState]:
    """:func:`annotate` with the background stages one thread behind. An error is raised where a
    sequential run would raise it (after every earlier document's state), and a consumer that stops
    early stops the thread."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="manysides-background")
    pending: deque[Future[DocumentState]] = deque()
    documents = iter(parsed)
    try:
        # The parse keeps a core; the background stages' model runs share the rest, and get the lock back quickly.
        with cores_taken(1), quick_handover():
            while True:
                try:
                    document, sdoc = next(documents)
                    state = pipeline.start(document, sdoc)
                except StopIteration:
                    break
                except Exception:
                    while pending:
                        yield pending.popleft().result()
                    raise
                pending.append(pool.submit(pipeline.finish, state))
                while pending and (len(pending) > lag or pending[0].done()):
                    yield pending.popleft().result()
        while pending:  # the parse is done: the last documents' model runs get every core
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def combine(states: Iterable[DocumentState], problems: Sequence = (), compare: bool = True,
            tone: bool = True) -> Analysis:
    """Cross-document step: merge actors into corpus-level ids, number statements, link shared quotes, and
    (with ``compare``) find text reuse and build the timeline; ``tone=False`` leaves ``stances`` uncomputed."""
    states = list(states)
    actors, id_map = merge_actors([state.actors or [] for state in states])
    by_id = {actor.id: actor for actor in actors}
    statements: list[Statement] = []
    for state in states:
        for statement in state.statements or []:
            statement.speaker = id_map.get(statement.speaker) if statement.speaker else None
            statement.co_speakers = list(dict.fromkeys(
                id_map[c] for c in statement.co_speakers if id_map.get(c) not in (None, statement.speaker)))
            where = statement.speaker_span
            if statement.speaker in by_id and where is not None and pronoun_contradicts(
                    state.document.text[where.start:where.end], by_id[statement.speaker]):
                statement.speaker = None  # a "she" resolved in one article to a man the corpus knows
            statements.append(statement)
    renumbered: dict[str, str] = {}
    for number, statement in enumerate(statements, start=1):
        new_id = f"s{number}"
        renumbered[statement.id] = new_id
        statement.id = new_id
    for state in states:
        for unit in state.claims or []:
            unit.attributed_to = renumbered.get(unit.attributed_to) if unit.attributed_to else None
            unit.actions = rename_actors(unit.actions, id_map)
        for tone in state.tones or []:
            tone.actor = id_map.get(tone.actor, tone.actor)
    documents = [state.document for state in states]
    link_statements(statements, documents)
    analysis = Analysis(documents=documents, actors=actors, statements=statements, problems=list(problems))
    if compare and documents:
        compare_documents(analysis, states, tone)
    return analysis


def compare_documents(analysis: Analysis, states: Sequence[DocumentState], tone: bool = True) -> None:
    """Fill the cross-document sections of ``analysis`` from the per-document results (``stances``
    only with ``tone``)."""
    analysis.reuse = [link.to_dict() for link in find_reuse(analysis.documents, analysis.statements)]
    units = {state.document.id: state.claims or [] for state in states}
    analysis.claim_groups, analysis.omissions = align_claims(units, analysis.documents,
                                                             statements=analysis.statements, reuse=analysis.reuse)
    events = [event for state in states for event in state.dates or []]
    analysis.timeline = build_timeline(events, analysis.documents)
    sentences = {state.document.id: state.sentences or [] for state in states}
    if tone:
        tones = [item for state in states for item in (
            state.tones if state.tones is not None  # scored per document by the tone stage
            else document_tones(state.document, analysis.actors, analysis.statements, state.sentences))]
        analysis.stances = stances_from_tones(tones, analysis.documents, analysis.actors)
    analysis.frames = frame_shares(analysis.documents, sentences)
    analysis.brief = compose_brief(analysis.documents, analysis.actors, analysis.statements,
                                   analysis.claim_groups or (), analysis.reuse, analysis.timeline)


def _exists(name: str) -> bool:
    """Whether ``name`` is an existing path; a long article text is no file name (the OS refuses it)."""
    try:
        return Path(name).exists()
    except (OSError, ValueError):  # ENAMETOOLONG, or a NUL character in the text
        return False


def _split_inputs(inputs: Sequence[str | Path]) -> tuple[list[str | Path], list[str]]:
    """Tell file paths from raw texts: Path objects and existing paths are files; strings with whitespace are text."""
    paths: list[str | Path] = []
    texts: list[str] = []
    for item in inputs:
        if isinstance(item, Path) or item == "-" or _exists(item) or not any(c.isspace() for c in item):
            paths.append(item)
        else:
            texts.append(item)
    return paths, texts


def analyze(paths_or_texts: Sequence[str | Path] | str | Path, settings: Settings | None = None,
            progress: Callable[[int, int], None] | None = None) -> Analysis:
    """Analyse files, folders or raw article texts and return the :class:`Analysis`.

    ``progress(done, total)`` is called after each document (the CLI draws a progress bar with it).
    """
    from manysides.io import document_from_text, read_inputs
    from manysides.nlp import load_pipeline

    settings = settings or Settings()
    if isinstance(paths_or_texts, (str, Path)):
        paths_or_texts = [paths_or_texts]
    paths, texts = _split_inputs(paths_or_texts)
    read = read_inputs(paths, max_file_bytes=settings.max_file_bytes) if paths else None
    documents = list(read.documents) if read else []
    problems = list(read.problems) if read else []
    taken = {doc.id for doc in documents}
    for number, text in enumerate(texts, start=1):
        doc_id = f"text-{number}"
        while doc_id in taken:
            doc_id += "-b"
        taken.add(doc_id)
        documents.append(document_from_text(text, doc_id))
    nlp = load_pipeline(settings.model)
    states = []
    pipeline = DocumentPipeline(stages_for(settings.compare, settings.tone))
    for state in annotate(documents, nlp, batch_size=settings.batch_size, pipeline=pipeline):
        states.append(state)
        if progress:
            progress(len(states), len(documents))
    return combine(states, problems, compare=settings.compare, tone=settings.tone)
