"""One timeline across sources, with the places where sources disagree on a date.

Entries are the :class:`~manysides.extract.dates.DatedEvent` of every document, sorted by date
(unresolved last). Two entries are flagged as a *date conflict* when different sources appear to date
the same happening differently. Wrongly accusing a source of an error is worse than missing one, so
the rule is deliberately conservative; a pair conflicts only when all of these hold:

* the entries come from different documents;
* both dates are resolved, at the same precision, and differ ("2025-08-15" vs "2025-08-16"; a year
  against a day is a difference of detail, not a contradiction);
* neither date is a boundary ("since 2015", "before 2014") nor inferred from a duration ("three years
  of war"): those bound or approximate an event rather than date it;
* both expressions date the same kind of happening, using a small vocabulary of event words in classes
  ("summit", "meeting", "met", "talks" are one class; "election", "vote", "referendum" another ...):
  the word each expression hangs on in the parse, or that word's subject or object (its
  :attr:`~manysides.extract.dates.DatedEvent.anchors`; without a parse, event words within a few words);
* the sentences share at least two proper names (capitalised words not opening the sentence: the
  same actors and places) near the dates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from manysides.extract.dates import DatedEvent, is_boundary, is_duration
from manysides.model import Document

MIN_SHARED_NAMES = 2
EVENT_WINDOW = 10  # words between the date expression and the event word (events without anchors)
NAME_WINDOW = 12  # words between the date expression and a name that identifies the happening

_EVENT_CLASSES: dict[str, tuple[str, ...]] = {
    "meeting": ("summit", "summits", "meeting", "meetings", "meet", "meets", "met", "talks", "visit",
                "visits", "visited", "encounter", "conference", "negotiations"),
    "election": ("election", "elections", "vote", "voted", "ballot", "referendum", "poll", "polls"),
    "attack": ("attack", "attacked", "attacks", "strike", "strikes", "struck", "bombing", "shelling",
               "raid", "assault", "invasion", "invaded", "offensive"),
    "agreement": ("agreement", "deal", "treaty", "accord", "ceasefire", "truce", "signed", "signing"),
    "protest": ("protest", "protests", "protested", "demonstration", "demonstrations", "rally"),
    "death": ("died", "killed", "death", "assassination", "assassinated", "shot"),
    "disaster": ("earthquake", "flood", "floods", "storm", "hurricane", "crash", "explosion", "fire"),
    "court": ("trial", "verdict", "ruling", "ruled", "sentenced", "arrested", "arrest", "charged",
              "indicted"),
    "office": ("resigned", "resignation", "inauguration", "inaugurated", "sworn", "elected", "appointed"),
    "announcement": ("announced", "announcement", "speech", "launch", "launched", "unveiled"),
}
_EVENT_WORD = {form: name for name, forms in _EVENT_CLASSES.items() for form in forms}
_CALENDAR_NAMES = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
                   "friday", "saturday", "sunday", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
                   "sep", "sept", "oct", "nov", "dec", "i"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


@dataclass(frozen=True, slots=True)
class _Features:
    """What the conflict rule compares: event classes near the date, and proper names."""

    event_classes: frozenset[str]
    names: frozenset[str]


def _features(event: DatedEvent, sentence: str, offset: int) -> _Features:
    """Features of ``sentence`` (the event's sentence text, starting at document offset ``offset``)."""
    words = [(m.start() + offset, m.group()) for m in _WORD.finditer(sentence)]
    at = next((i for i, (pos, _) in enumerate(words) if pos >= event.start), len(words))
    if event.anchors:
        classes = {_EVENT_WORD[w] for w in event.anchors if w in _EVENT_WORD}
    else:
        classes = {_EVENT_WORD[w.lower()] for i, (_, w) in enumerate(words)
                   if abs(i - at) <= EVENT_WINDOW and w.lower() in _EVENT_WORD}
    names = set()
    for i, (pos, word) in enumerate(words):
        word = re.sub(r"['’]s?$", "", word)
        if i > 0 and word[:1].isupper() and word.lower() not in _CALENDAR_NAMES \
                and not event.start <= pos < event.end and abs(i - at) <= NAME_WINDOW:
            names.add(word.lower())
    return _Features(frozenset(classes), frozenset(names))


def _sentence_of(event: DatedEvent, texts: Mapping[str, str]) -> tuple[str, int]:
    """The event's sentence from its document, or the label when the document is not at hand."""
    text = texts.get(event.doc)
    if text is not None and event.event.end <= len(text):
        return text[event.event.start:event.event.end], event.event.start
    return event.event_text, event.event.start


def _datable(event: DatedEvent) -> bool:
    return event.date is not None and not is_boundary(event) and not is_duration(event)


Documents = Sequence[Document] | Mapping[str, Document]


def find_date_conflicts(events: Sequence[DatedEvent], documents: Documents = ()) -> list[tuple[int, int, str]]:
    """Pairs ``(i, j, reason)`` of indices into ``events`` that date the same happening differently.

    See the module docstring for the rule. ``documents`` supplies the sentences; without them the
    (shorter) event labels are compared.
    """
    docs = documents.values() if isinstance(documents, Mapping) else documents
    texts = {d.id: d.text for d in docs}
    features = {i: _features(e, *_sentence_of(e, texts)) for i, e in enumerate(events) if _datable(e)}
    # The dates each sentence states: two sentences that both give "Johnson in 1868 and Clinton in 1999"
    # agree on both dates, whichever pair of them is compared.
    stated: dict[tuple[str, int], set[str]] = {}
    for e in events:
        stated.setdefault((e.doc, e.event.start), set()).add(e.date)
    conflicts: list[tuple[int, int, str]] = []
    for i, j in combinations(sorted(features), 2):
        a, b = events[i], events[j]
        if a.doc == b.doc or a.precision != b.precision or a.date == b.date \
                or a.date in stated[(b.doc, b.event.start)] or b.date in stated[(a.doc, a.event.start)]:
            continue
        shared_classes = features[i].event_classes & features[j].event_classes
        shared_names = features[i].names & features[j].names
        if shared_classes and len(shared_names) >= MIN_SHARED_NAMES:
            conflicts.append((i, j, _reason(a, b, shared_classes, shared_names)))
    return conflicts


def _reason(a: DatedEvent, b: DatedEvent, classes: frozenset[str], names: frozenset[str]) -> str:
    return (f"different dates for the same {'/'.join(sorted(classes))}: {a.doc} says {a.date} "
            f"(\"{a.text}\"), {b.doc} says {b.date} (\"{b.text}\"); both name "
            f"{', '.join(sorted(n.title() for n in names))}")


def _sort_key(event: DatedEvent) -> tuple[bool, str, int, str, int]:
    """Unresolved last; decades ("1940s") sort as their first year; coarser before finer on a tie."""
    date = (event.date or "").removesuffix("s")
    return event.date is None, date, len(date), event.doc, event.start


def build_timeline(events: Sequence[DatedEvent], documents: Documents = ()) -> list[dict[str, Any]]:
    """The ``timeline`` entries: each event's ``to_dict()`` plus ``conflict``.

    ``conflict`` is None, or ``{"with": [positions in the returned list], "reason": str}`` (the
    reasons of all pairs the entry is in, joined by "; ").
    """
    order = sorted(range(len(events)), key=lambda i: _sort_key(events[i]))
    position = {original: pos for pos, original in enumerate(order)}
    partners: dict[int, list[int]] = {}
    reasons: dict[int, list[str]] = {}
    for i, j, reason in find_date_conflicts(events, documents):
        for x, y in ((i, j), (j, i)):
            partners.setdefault(x, []).append(position[y])
            reasons.setdefault(x, []).append(reason)
    timeline = []
    for original in order:
        entry = events[original].to_dict()
        del entry["anchors"]  # internal: what the conflict rule reads
        entry["conflict"] = None if original not in partners else {
            "with": sorted(partners[original]), "reason": "; ".join(reasons[original])}
        timeline.append(entry)
    return timeline
