"""Cue lexicon and quote-mark scanning for statement extraction.

Two things live here because they are pure text/lexicon knowledge, independent of how statements are
assembled: the words that signal reported speech (verbs such as *say*, *warn*, *insist*; nouns such as
*statement*, *view*), and a scanner that pairs double quote marks into quotations, following the English
convention for quotations that run over several paragraphs (each continued paragraph reopens with a
quote mark, and the previous paragraph is left unclosed).
"""

from __future__ import annotations

from dataclasses import dataclass

# Verbs of saying, writing and communicating: they introduce quotations and reported speech.
SPEECH_VERBS: frozenset[str] = frozenset("""
say tell add declare warn write claim insist argue comment note explain state announce acknowledge admit
deny suggest predict call describe accuse ask answer reply respond report tweet post remark observe stress
emphasize emphasise reiterate repeat continue conclude recall concede confirm reveal disclose assert maintain
contend allege charge complain criticize criticise praise promise pledge vow threaten urge demand propose
recommend forecast estimate testify joke quip boast brag lament muse wonder question caution advise inform
assure reassure signal indicate hint imply mention label dub brand characterize characterise term blog
shout scream yell chant whisper mutter exclaim proclaim order instruct counter retort rebut dispute reject
dismiss acknowledge agree disagree swear affirm cite quote read point mock scoff sneer snap fume marvel
concur speculate theorize theorise opine editorialize editorialise summarize summarise begin finish
interject interrupt plead beg demand complain protest object insinuate remind promise
""".split())

# Verbs of belief and perception that PolNeAR-style attribution counts when they take a clause:
# "Clinton believes that ...", "a poll found that ...".
ATTITUDE_VERBS: frozenset[str] = frozenset("""
believe think feel fear hope expect know worry doubt suspect assume guess reckon consider find show
realize realise understand learn reveal conclude figure hear read recognize recognise
imagine acknowledge wish bet predict prove demonstrate suggest indicate insist
""".split())

CUE_VERBS: frozenset[str] = SPEECH_VERBS | ATTITUDE_VERBS

# Verbs whose infinitive complement is what the subject says it wants or will do: "vowed to fight",
# "urged Congress to act".
INTENT_VERBS: frozenset[str] = frozenset("""
promise pledge vow agree refuse threaten want plan hope seek decline offer propose urge ask call demand
expect intend aim wish vote push press encourage warn advise tell order instruct invite challenge beg plead
""".split())

# Speech and stance verbs whose noun-phrase object is the content: "predicted a Cruz win", "denied the report".
OBJECT_VERBS: frozenset[str] = frozenset("""
announce propose predict deny confirm reveal praise criticize criticise endorse oppose support condemn reject
dismiss defend demand promise pledge question dispute acknowledge admit cite mention tout highlight recommend
blame decry denounce applaud welcome back favor favour prefer advocate champion slam blast attack
""".split())

# Verbs that introduce a quotation ("…," he continued) but whose clausal complement is not reported speech.
QUOTE_ONLY_VERBS: frozenset[str] = frozenset({"continue", "begin", "finish", "interject", "interrupt", "read"})

# Nouns that name an utterance or a view and can carry its content: "his comment about being ...",
# "the paper's view is that ...", "the claim that ...".
CUE_NOUNS: frozenset[str] = frozenset("""
statement remark remarks comment comments word words claim view belief argument assertion suggestion
warning promise pledge message speech interview tweet post letter editorial report conclusion position
opinion insistence accusation allegation denial prediction description response reply answer testimony
announcement declaration admission acknowledgement acknowledgment vow threat demand proposal contention
assessment verdict judgment judgement complaint criticism insisting fear hope
""".split())

# Words that, just before a quotation, mark it as the title of a work rather than something said.
TITLE_WORDS: frozenset[str] = frozenset("""
book film movie song show album titled entitled article column headline programme program series play
novel essay documentary podcast episode poem memoir slogan hashtag campaign newsletter magazine
""".split())

OPENING_MARKS = "“\""
CLOSING_MARKS = "”\""
_MARKS = frozenset("“”\"")


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


def _is_stray_straight_close(text: str, at: int) -> bool:
    """A straight mark glued to the preceding word and followed by space cannot open a quotation (e.g. 5'11")."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return before.isalnum() and (after.isspace() or after in ".,;:!?)")


class _Scanner:
    """State of the quote scan: the quotation currently open, if any, and those already closed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[Quotation] = []
        self.open_at: int | None = None
        self.paragraphs = 0
        self.last_line_end = 0

    def close(self, close_at: int | None, end: int) -> None:
        assert self.open_at is not None
        start, stop = _trimmed(self.text, self.open_at + 1, end)
        if stop > start:
            self.found.append(Quotation(start, stop, self.open_at, close_at, self.paragraphs))
        self.open_at = None

    def start_line(self, offset: int, line: str) -> list[tuple[int, str]]:
        """Handle a new paragraph; returns the marks of the line still to be processed."""
        marks = [(offset + i, ch) for i, ch in enumerate(line) if ch in _MARKS]
        if self.open_at is None:
            return marks
        first = offset + len(line) - len(line.lstrip())
        if marks and marks[0][0] == first and marks[0][1] in OPENING_MARKS:
            self.paragraphs += 1  # English convention: the quotation continues in this paragraph
            return marks[1:]
        self.close(None, self.last_line_end)  # left unclosed: it ends with its paragraph
        return marks

    def mark(self, at: int, ch: str) -> None:
        if self.open_at is None:
            if ch == "”" or (ch == '"' and _is_stray_straight_close(self.text, at)):
                return
            self.open_at, self.paragraphs = at, 1
        elif ch == "“":
            self.open_at, self.paragraphs = at, 1  # a second opener: the first one was a typo
        else:
            self.close(at, at)


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
