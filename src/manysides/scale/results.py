"""The per-document result that crosses process and machine boundaries.

A spaCy ``Doc`` is large and tied to its vocabulary, so workers never ship it back: they ship what
the stages extracted from it (sentences, actors, statements, claims, dates, tones) with the document itself. The
cross-document step (:func:`manysides.pipeline.combine`) needs nothing more. The result pickles as is
(for a process pool) and also turns into a JSON string (for Ray Data rows and Parquet files, whose
Arrow columns cannot hold Python objects). The JSON form keeps the internal fields the output
contract leaves out (an actor's merge ``key``, local actor ids), because combining needs them.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from manysides.analysis import actor_from_dict, statement_from_dict
from manysides.extract.claims import ClaimUnit, Quantity
from manysides.extract.dates import DatedEvent
from manysides.extract.tone import ToneItem
from manysides.model import Actor, Document, Span, Statement
from manysides.pipeline import DocumentState
from manysides.scale.errors import ScaleError

RESULT_FORMAT = 3  # bumped when the JSON layout changes, so stale Parquet results are refused, not misread


@dataclass(slots=True)
class DocumentResult:
    """What the stages found in one document, without the spaCy ``Doc``.

    Statements carry *local* actor ids (``speaker``) until :func:`~manysides.pipeline.combine` maps
    them to corpus ids; combine rewrites them in place, so one result feeds one combine only.
    """

    document: Document
    sentences: list[tuple[int, int]]
    actors: list[Actor]
    statements: list[Statement]
    claims: list[ClaimUnit]
    dates: list[DatedEvent]
    tones: list[ToneItem]

    @classmethod
    def from_state(cls, state: DocumentState) -> DocumentResult:
        """Keep the stage outputs of ``state`` and drop its ``Doc``."""
        return cls(document=state.document, sentences=list(state.sentences or []), actors=list(state.actors or []),
                   statements=list(state.statements or []), claims=list(state.claims or []),
                   dates=list(state.dates or []), tones=list(state.tones or []))

    def to_state(self) -> DocumentState:
        """A :class:`DocumentState` for ``combine``, which reads no ``sdoc``."""
        return DocumentState(document=self.document, sdoc=None, sentences=self.sentences, actors=self.actors,
                             statements=self.statements, claims=self.claims, dates=self.dates, tones=self.tones)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": RESULT_FORMAT,
            "document": self.document.to_dict(),
            "sentences": [list(pair) for pair in self.sentences],
            "actors": [{**actor.to_dict(), "key": actor.key} for actor in self.actors],
            "statements": [statement.to_dict() for statement in self.statements],
            "claims": [dataclasses.asdict(unit) for unit in self.claims],
            "dates": [event.to_dict() for event in self.dates],
            "tones": [dataclasses.asdict(tone) for tone in self.tones],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentResult:
        if data.get("format") != RESULT_FORMAT:
            raise ScaleError(f"per-document result has format {data.get('format')!r}; "
                             f"this version of manysides reads {RESULT_FORMAT} (re-run the extraction)")
        try:
            document = Document.from_dict(data["document"])
            return cls(document=document,
                       sentences=[(int(start), int(end)) for start, end in data["sentences"]],
                       actors=[actor_from_dict(item) for item in data["actors"]],
                       statements=[_statement(item) for item in data["statements"]],
                       claims=[_claim(item) for item in data["claims"]],
                       dates=[_dated_event(item) for item in data["dates"]],
                       tones=[ToneItem(**item) for item in data["tones"]])
        except (KeyError, TypeError, ValueError) as exc:
            raise ScaleError(f"per-document result is malformed: {exc!r}") from exc

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> DocumentResult:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScaleError(f"per-document result is not JSON: {exc}") from exc
        return cls.from_dict(data)


def _statement(data: dict[str, Any]) -> Statement:
    if data["also_in"]:
        raise ValueError("a per-document statement cannot have cross-document links yet")
    return statement_from_dict(data)


def _claim(data: dict[str, Any]) -> ClaimUnit:
    """A claim unit from ``dataclasses.asdict`` output (it keeps the fields alignment needs)."""
    return ClaimUnit(**{**data, "quantities": [Quantity(**q) for q in data["quantities"]]})


def _dated_event(data: dict[str, Any]) -> DatedEvent:
    return DatedEvent(doc=data["doc"], start=data["start"], end=data["end"], text=data["text"], date=data["date"],
                      precision=data["precision"], event=Span(data["doc"], **data["event"]),
                      event_text=data["event_label"], anchors=tuple(data.get("anchors", ())))
