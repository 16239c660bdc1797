"""Site boilerplate found across a corpus: a line that many articles of one outlet print word for word.

Rules that look at one document at a time (:mod:`manysides.io.boilerplate`) catch page furniture by
its shape: credits, calls to subscribe, bylines. A site's own template lines have no shape in common
(a series' one-line pitch, a note that a transcript was made in a rush, a contributor's note, a
newsletter's standing opening quotation), but they repeat: the same line in five articles of one
outlet is the outlet talking, not the story, unless those articles share most of their other lines
too, when they are versions of one developing story (:func:`template_lines`). In all of AllSides
(37,547 articles), 186 lines of 49 outlets reach five articles, all pass the overlap test, and 2,132
articles print one; read by hand, they are promotions, disclaimers, contributor notes, standing boxes
and one newsletter's recycled quotations. At three articles some are a letter or a quotation one
outlet printed in several stories, so five it is.

Counting is per outlet, never across outlets: two outlets printing the same wire paragraph is the
strongest sign that they cover one story. A corpus store counts each line key once per article
(``outlet_lines``, kept by ingest) and marks the repeated lines as ``"repeated"`` boilerplate regions
when it hands documents out (:func:`mark_repeated`), so story features, the lede and the deep
analysis all leave them out.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping

import numpy as np

from manysides.model import Document, Region

MIN_WORDS = 8        # shorter lines ("Advertisement", "Read more") repeat by chance and are left to other rules
MIN_ARTICLES = 5     # articles of one outlet that must print a line before it counts as the outlet's template
MAX_OVERLAP = 0.5    # mean Jaccard of those articles' lines: above it they are versions of one story
OVERLAP_SAMPLE = 12  # articles compared per line (the first in ingest order): enough to tell the two apart
REGION_KIND = "repeated"
_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"\w+")


def line_key(line: str) -> int:
    """A 64-bit key of a line, the same for any case and spacing (an unsigned integer, as DuckDB stores it)."""
    normal = " ".join(line.split()).casefold()
    return int.from_bytes(hashlib.blake2b(normal.encode("utf-8"), digest_size=8).digest(), "little")


def prose_lines(doc: Document) -> list[tuple[int, int, int]]:
    """``(start, end, key)`` of each line of at least :data:`MIN_WORDS` words that is not yet boilerplate."""
    lines = []
    for match in _LINE.finditer(doc.text):
        line = match.group()
        start = match.start() + len(line) - len(line.lstrip())
        end = match.start() + len(line.rstrip())
        if end > start and len(_WORD.findall(line)) >= MIN_WORDS and not doc.in_boilerplate(start, end):
            lines.append((start, end, line_key(line)))
    return lines


def line_keys(doc: Document) -> np.ndarray:
    """The distinct keys of :func:`prose_lines`, as uint64 (what ingest stores and counts per article)."""
    return np.array(sorted({key for _, _, key in prose_lines(doc)}), dtype=np.uint64)


def pack_keys(keys: np.ndarray) -> bytes:
    return np.asarray(keys, dtype="<u8").tobytes()


def unpack_keys(blob: bytes | None) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8") if blob else np.zeros(0, dtype=np.uint64)


def template_lines(candidates: dict[int, list[frozenset[int]]]) -> set[int]:
    """The keys, among lines printed by :data:`MIN_ARTICLES` or more articles of one outlet, that are template.

    ``candidates`` maps a key to the line-key sets of (some of) the articles that print it. A template line
    is one line among otherwise different texts; an outlet's successive versions of one developing story
    share most of their lines, and those lines are the story. So a key counts only when the mean Jaccard
    overlap of its articles' line sets is at most :data:`MAX_OVERLAP`.
    """
    found = set()
    for key, sets in candidates.items():
        sample = sets[:OVERLAP_SAMPLE]
        pairs = [(a, b) for i, a in enumerate(sample) for b in sample[i + 1:]]
        if len(sample) >= MIN_ARTICLES and sum(len(a & b) / len(a | b) for a, b in pairs) / len(pairs) <= MAX_OVERLAP:
            found.add(key)
    return found


def outlet_templates(articles: Iterable[tuple[str | None, frozenset[int]]],
                     counts: Mapping[tuple[str, int], int] | None = None) -> dict[str, set[int]]:
    """Each outlet's template lines, from ``(outlet, line keys)`` of its articles in ingest order.

    ``counts`` gives how many articles of an outlet print a key (a store keeps them, also for articles
    not passed here); by default they are counted from ``articles``. A key printed by at least
    :data:`MIN_ARTICLES` is then put to :func:`template_lines` with the first articles that print it.
    """
    if counts is None:  # two passes over the articles: keep them
        articles = list(articles)
        counts = Counter((outlet, key) for outlet, keys in articles if outlet for key in keys)
    held: dict[str, dict[int, list[frozenset[int]]]] = {}
    for outlet, keys in articles:
        for key in keys:
            if outlet and counts.get((outlet, key), 0) >= MIN_ARTICLES:
                sample = held.setdefault(outlet, {}).setdefault(key, [])
                if len(sample) < OVERLAP_SAMPLE:
                    sample.append(keys)
    return {outlet: found for outlet, by_key in held.items() if (found := template_lines(by_key))}


def mark_repeated(doc: Document, repeated: Collection[int]) -> Document:
    """``doc`` with its lines whose key is in ``repeated`` marked as boilerplate (the same object if none)."""
    if not repeated:
        return doc
    found = [Region(start, end, REGION_KIND) for start, end, key in prose_lines(doc) if key in repeated]
    if not found:
        return doc
    return dataclasses.replace(doc, boilerplate=sorted([*doc.boilerplate, *found], key=lambda r: (r.start, r.end)))
