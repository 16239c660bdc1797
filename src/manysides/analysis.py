"""The result of a run: documents, actors, statements, and the problems met on the way.

``Analysis.to_dict()`` is the stable ``analysis.json`` contract (``schema_version`` 1, documented
in ``docs/output.md``); :meth:`Analysis.write` replaces the file atomically so that an interrupted
run never leaves a half-written analysis behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from manysides.errors import SchemaError
from manysides.model import SCHEMA_VERSION, Actor, Document, Mention, Problem, QuoteLink, Span, Statement


# Cross-document sections, in the order a reader meets them. Each is a list of JSON records produced by the
# ``to_dict()`` of the typed objects in ``manysides.compare`` / ``manysides.extract``. ``None`` means the
# section was not computed (the report says so); an empty list means it was computed and found nothing.
COMPARISON_SECTIONS = ("claim_groups", "omissions", "reuse", "stances", "frames", "timeline", "brief")


@dataclass(slots=True)
class Analysis:
    documents: list[Document] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    claim_groups: list[dict[str, Any]] | None = None
    omissions: list[dict[str, Any]] | None = None
    reuse: list[dict[str, Any]] | None = None
    stances: list[dict[str, Any]] | None = None
    frames: list[dict[str, Any]] | None = None
    timeline: list[dict[str, Any]] | None = None
    brief: list[dict[str, Any]] | None = None

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(f"no document with id {doc_id!r}")

    def actor(self, actor_id: str) -> Actor:
        for actor in self.actors:
            if actor.id == actor_id:
                return actor
        raise KeyError(f"no actor with id {actor_id!r}")

    def text_of(self, span: Span) -> str:
        """The exact source text a span points at."""
        return self.document(span.doc).text[span.start:span.end]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "documents": [d.to_dict() for d in self.documents],
            "actors": [a.to_dict() for a in self.actors],
            "statements": [s.to_dict() for s in self.statements],
            "problems": [p.to_dict() for p in self.problems],
        }
        for name in COMPARISON_SECTIONS:
            if getattr(self, name) is not None:
                data[name] = getattr(self, name)
        return data

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def write(self, out_dir: str | Path) -> Path:
        """Write ``OUT/analysis.json`` via a temporary file and an atomic rename."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        target = out / "analysis.json"
        write_atomic(target, self.to_json())
        return target

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise SchemaError(f"analysis has schema_version {version!r}; this version of manysides reads {SCHEMA_VERSION}")
        try:
            return cls(
                documents=[Document.from_dict(d) for d in data["documents"]],
                actors=[actor_from_dict(a) for a in data["actors"]],
                statements=[statement_from_dict(s) for s in data["statements"]],
                problems=[Problem(p["source"], p["reason"]) for p in data.get("problems", [])],
                **{name: list(data[name]) for name in COMPARISON_SECTIONS if data.get(name) is not None},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SchemaError(f"analysis.json is malformed: {exc!r}") from exc

    @classmethod
    def read(cls, path: str | Path) -> Analysis:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SchemaError(f"{path}: cannot read analysis ({exc})") from exc
        if not isinstance(data, dict):  # another JSON file given by mistake (a list, a string)
            raise SchemaError(f"{path}: not an analysis.json (a JSON {type(data).__name__}, not an object)")
        try:
            return cls.from_dict(data)
        except SchemaError as exc:  # name the file: the user may have given several
            raise SchemaError(f"{path}: {exc}") from exc


def write_atomic(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` so that readers see the old file or the new one, never a torn one."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; outputs are ordinary files
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def actor_from_dict(data: dict[str, Any]) -> Actor:
    return Actor(
        id=data["id"], name=data["name"], kind=data["kind"], key=data.get("key", data["id"]),
        aliases=list(data.get("aliases", [])),
        mentions=[Mention(m["doc"], m["start"], m["end"], m.get("text", ""), m.get("kind", "name"))
                  for m in data.get("mentions", [])],
    )


def _local_span(doc: str, data: dict[str, Any] | None) -> Span | None:
    return None if data is None else Span(doc, data["start"], data["end"])


def statement_from_dict(data: dict[str, Any]) -> Statement:
    doc = data["doc"]
    return Statement(
        id=data["id"], doc=doc, kind=data["kind"], content=Span(doc, data["content"]["start"], data["content"]["end"]),
        speaker=data.get("speaker"), speaker_span=_local_span(doc, data.get("speaker_span")),
        cue=_local_span(doc, data.get("cue")),
        also_in=[QuoteLink(link["statement"], link["doc"], link["relation"], link["similarity"])
                 for link in data.get("also_in", [])],
        co_speakers=list(data.get("co_speakers", [])),  # absent from files written before it existed
    )
