"""Pairing double quote marks into quotations, from the text alone.

The English convention for quotations that run over several paragraphs is followed: each continued
paragraph reopens with a quote mark, and the previous paragraph is left unclosed. Besides “ ” and ",
the typewriter pairs of news archives count as double marks: two apostrophes ('') and two backquotes
(``, which only open), as in ``Yes,'' she said and ''No,'' he said. Both the sentence
splitter (:mod:`manysides.nlp.pipeline`, which must know whether a mark glued between two sentences
closes the first or opens the second) and statement extraction read this one scan, so that they agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING_MARKS = "“\""
_MARK = re.compile("''|``|[“”\"]")  # the typewriter pairs first: '' behaves as ", `` as “


@dataclass(frozen=True, slots=True)
class Quotation:
    """A quotation found in the text: ``[start, end)`` is the text inside the marks.

    ``open_at`` is the offset of the opening mark, ``close_at`` that of the closing mark (``None`` when the
    quotation was left unclosed at the end of its paragraph); ``paragraphs`` counts the paragraphs it spans.
    """

    start: int
    end: int
    open_at: int
    close_at: int | None
    paragraphs: int = 1
    close_width: int = 1  # characters of the closing mark: 2 for ''

    @property
    def close_end(self) -> int | None:
        """The offset just past the closing mark, ``None`` when the quotation was left unclosed."""
        return None if self.close_at is None else self.close_at + self.close_width


def _lines(text: str) -> list[tuple[int, str]]:
    """Split ``text`` into ``(offset, line)`` pairs, one per non-blank line (a paragraph in news text)."""
    out: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((offset, line))
        offset += len(line) + 1
    return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_stray_straight_close(text: str, at: int, width: int = 1) -> bool:
    """A straight mark glued to the preceding word and followed by space cannot open a quotation (e.g. 5'11"),
    nor one glued to a sentence's closing stop ('... run amok." The statement'): text glued together from
    paragraphs leaves such closers where the scan had no quotation open, and opening one there would turn the
    narration up to the next mark into a quotation."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + width] if at + width < len(text) else " "
    return (before.isalnum() and (after.isspace() or after in ".,;:!?)")) or (before in ".,!?" and after.isspace())


def _between_letters(text: str, at: int) -> bool:
    return at > 0 and at + 2 < len(text) and text[at - 1].isalpha() and text[at + 2].isalpha()


class _Scanner:
    """State of the quote scan: the quotation currently open, if any, and those already closed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[Quotation] = []
        self.open_at: int | None = None
        self.open_width = 1
        self.paragraphs = 0
        self.last_line_end = 0

    def close(self, close_at: int | None, end: int, width: int = 1) -> None:
        assert self.open_at is not None
        start, stop = _trimmed(self.text, self.open_at + self.open_width, end)
        if stop > start:
            self.found.append(Quotation(start, stop, self.open_at, close_at, self.paragraphs, width))
        self.open_at = None

    def open(self, at: int, mark: str) -> None:
        self.open_at, self.open_width, self.paragraphs = at, len(mark), 1

    def start_line(self, offset: int, line: str) -> list[tuple[int, str]]:
        """Handle a new paragraph; returns the marks of the line still to be processed."""
        marks = [(offset + m.start(), m.group()) for m in _MARK.finditer(line)]
        if self.open_at is None:
            return marks
        first = offset + len(line) - len(line.lstrip())
        if marks and marks[0][0] == first and marks[0][1] != "”":
            self.paragraphs += 1  # English convention: the quotation continues in this paragraph
            return marks[1:]
        self.close(None, self.last_line_end)  # left unclosed: it ends with its paragraph
        return marks

    def mark(self, at: int, mark: str) -> None:
        if mark == "''" and _between_letters(self.text, at):
            return  # "don''t": a doubled apostrophe, not a mark
        straight = mark in {'"', "''"}
        if self.open_at is None:
            if mark == "”" or (straight and _is_stray_straight_close(self.text, at, len(mark))):
                return
            self.open(at, mark)
        elif mark in {"“", "``"}:
            self.open(at, mark)  # a second opener: the first one was a typo
        else:
            self.close(at, at, len(mark))


def find_quotations(text: str) -> list[Quotation]:
    """Pair the double quote marks of ``text`` into quotations, in text order.

    Single quotes are left alone: in the American style they mark quotations inside quotations, and
    telling an apostrophe from a single closing quote is unreliable.
    """
    scanner = _Scanner(text)
    for offset, line in _lines(text):
        for at, ch in scanner.start_line(offset, line):
            scanner.mark(at, ch)
        scanner.last_line_end = offset + len(line.rstrip())
    if scanner.open_at is not None:
        scanner.close(None, scanner.last_line_end)
    return scanner.found
