"""The central data model: everything manysides finds is a view over one document's text.

As in spaCy, a finding does not copy text around; it points at character offsets
``[start, end)`` of :attr:`Document.text`, the exact string that ``analysis.json`` ships. The
``to_dict`` methods produce the stable output contract documented in ``docs/output.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 1

ActorKind = Literal["person", "organisation", "state", "outlet", "group", "place"]
StatementKind = Literal["direct", "partial", "indirect"]
MentionKind = Literal["name", "surname", "first_name", "title", "role", "pronoun", "metonym", "abbreviation", "demonym"]
QuoteRelation = Literal["verbatim", "trimmed", "altered", "overlap"]


@dataclass(frozen=True, slots=True)
class Span:
    """A character range ``[start, end)`` in the text of document ``doc``."""

    doc: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"span offsets must satisfy 0 <= start <= end, got start={self.start}, end={self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def overlap(self, other: Span) -> int:
        """Number of characters shared with ``other`` (0 for spans of different documents)."""
        if other.doc != self.doc:
            return 0
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(data["doc"], int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch of a document that is not the article's own prose (page header, disclaimer, footer ...).

    Regions are *marked*, never cut out, so that every offset still indexes the text as received.
    Extractors ignore anything that starts inside a region.
    """

    start: int
    end: int
    kind: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"region offsets must satisfy 0 <= start <= end, got start={self.start}, end={self.end}")

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind}


@dataclass(slots=True)
class Document:
    """One article as read: its text (NFC-normalised) and whatever metadata the file carried."""

    id: str
    text: str
    path: str | None = None
    title: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    url: str | None = None
    format: str = "txt"
    boilerplate: list[Region] = field(default_factory=list)
    # The text as decoded, kept only when normalisation (newlines, byte-order mark, Unicode NFC) changed it.
    original: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("document id must be a non-empty string")

    @property
    def source(self) -> str:
        """Who stands behind the text: its outlet ("outlet:fox news", case and spacing aside), or the document
        itself when no outlet is known. Two articles of one outlet are one source when agreement is counted:
        an outlet repeating itself is no second witness."""
        outlet = " ".join((self.outlet or "").split()).casefold()
        return f"outlet:{outlet}" if outlet else f"doc:{self.id}"

    def in_boilerplate(self, start: int, end: int | None = None) -> bool:
        """True when ``[start, end)`` starts inside a marked boilerplate region, or runs into one that
        covers most of it. A region with prose on both sides (a link card pasted into a sentence) does not
        make the span boilerplate: see :meth:`inner_boilerplate`."""
        end = start + 1 if end is None else end
        for region in self.boilerplate:
            if region.start <= start < region.end:
                return True
            inside = max(0, min(end, region.end) - max(start, region.start))
            if end > start and inside * 2 > end - start and region.end >= end:
                return True
        return False

    def inner_boilerplate(self, start: int, end: int) -> list[Region]:
        """Marked regions that lie inside ``[start, end)`` without covering it: page furniture pasted into
        a sentence (a link card, a photo credit, a video player's caption), in text order."""
        return sorted((r for r in self.boilerplate if start <= r.start and r.end <= end and r.end > r.start
                       and (r.start, r.end) != (start, end)), key=lambda r: r.start)

    def prose_spans(self, start: int, end: int) -> list[tuple[int, int]]:
        """The stretches of ``[start, end)`` between its :meth:`inner_boilerplate` regions, in text order
        (``[(start, end)]`` when it has none)."""
        spans, cursor = [], start
        for region in self.inner_boilerplate(start, end):
            if region.start > cursor:
                spans.append((cursor, region.start))
            cursor = max(cursor, region.end)
        if cursor < end:
            spans.append((cursor, end))
        return spans

    def readable(self, start: int, end: int) -> str:
        """The text of ``[start, end)`` with inner boilerplate replaced by " … ", as a reader should see it.

        Offsets into this string are not offsets into :attr:`text`; evidence spans stay on the full text.
        """
        if not self.inner_boilerplate(start, end):
            return self.text[start:end]
        pieces = (self.text[a:b].strip() for a, b in self.prose_spans(start, end))
        return " … ".join(p for p in pieces if p)

    def span(self, start: int, end: int) -> Span:
        if end > len(self.text):
            raise ValueError(f"span end {end} is past the end of document {self.id!r} ({len(self.text)} characters)")
        return Span(self.id, start, end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "outlet": self.outlet,
            "authors": list(self.authors),
            "published": self.published,
            "url": self.url,
            "format": self.format,
            "text": self.text,
            "boilerplate": [r.to_dict() for r in self.boilerplate],
            **({"original": self.original} if self.original is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            id=data["id"],
            text=data["text"],
            path=data.get("path"),
            title=data.get("title"),
            outlet=data.get("outlet"),
            authors=list(data.get("authors") or []),
            published=data.get("published"),
            url=data.get("url"),
            format=data.get("format", "txt"),
            boilerplate=[Region(r["start"], r["end"], r["kind"]) for r in data.get("boilerplate", [])],
            original=data.get("original"),
        )


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where a document refers to an actor."""

    doc: str
    start: int
    end: int
    text: str
    kind: MentionKind = "name"

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text, "kind": self.kind}

    @property
    def span(self) -> Span:
        return Span(self.doc, self.start, self.end)


@dataclass(slots=True)
class Actor:
    """A person, organisation, state or outlet, with every mention of it across the corpus.

    ``key`` is the identity used to merge actors across documents (a normalised full name, or a
    gazetteer id such as ``state:RUS``); it is internal and not part of the output contract.
    """

    id: str
    name: str
    kind: ActorKind
    key: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class QuoteLink:
    """The same statement carried by another source, and how its wording differs."""

    statement: str
    doc: str
    relation: QuoteRelation
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {"statement": self.statement, "doc": self.doc, "relation": self.relation,
                "similarity": round(self.similarity, 3)}


@dataclass(slots=True)
class Statement:
    """Something a speaker said, as one document reports it."""

    id: str
    doc: str
    kind: StatementKind
    content: Span
    speaker: str | None = None  # actor id
    speaker_span: Span | None = None
    cue: Span | None = None
    also_in: list[QuoteLink] = field(default_factory=list)
    # Actor ids of the others the speaker phrase names as saying it with ``speaker`` ("Pelosi and Hoyer said").
    co_speakers: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc": self.doc,
            "kind": self.kind,
            "content": {"start": self.content.start, "end": self.content.end},
            "speaker": self.speaker,
            "co_speakers": list(self.co_speakers),
            "speaker_span": None if self.speaker_span is None else
            {"start": self.speaker_span.start, "end": self.speaker_span.end},
            "cue": None if self.cue is None else {"start": self.cue.start, "end": self.cue.end},
            "also_in": [link.to_dict() for link in self.also_in],
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """An input that could not be used, kept in the analysis so the user sees what was skipped."""

    source: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "reason": self.reason}
