"""Time expressions in one article, resolved to calendar dates and tied to what happened then.

A reader comparing sources needs *when*: "this past Friday" in one outlet and "15 August" in another
may be the same day. Each expression found becomes a :class:`DatedEvent`: the expression's exact
offsets, an ISO date at the precision the text supports, and the sentence it anchors (the evidence of
*what* happened then).

How expressions are found:

* regular expressions for the shapes English news uses (``15 August``, ``Aug. 15, 2025``,
  ``mid-August``, ``in 1848``, ``the 1940s``, ``this past Friday``, ``last week``, ``two days ago``,
  ``three years of war`` ...); every pattern names the parts it resolves, so a match is never kept
  without an interpretation;
* spaCy DATE entities vouch for bare years that no preposition marks ("a 1997 treaty"); entities no
  pattern can interpret ("recent years", "for years", "68-year-old", "the coming months") are vague
  or are durations and ages, and are dropped on purpose: a timeline entry must be datable.

Relative expressions resolve against ``Document.published`` (the reference date). Without one they
are kept with ``date=None`` and precision ``"unresolved"`` so the reader still sees them. Weekday
names and year-less dates look at the tense of the clause: past or present means the most recent
such day on or before the reference, future ("will meet on Friday") the next one. Inside a direct
quotation, relative expressions stay unresolved: "today" there is the day the words were spoken.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from manysides.extract.cues import opens_condition
from manysides.model import Document, Span

try:  # the parser behind ``re``: used only to derive a fast pre-check for each pattern
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # Python 3.10
    try:
        import sre_constants as _sre  # type: ignore[no-redef]
        import sre_parse as _sre_parse  # type: ignore[no-redef]
    except ImportError:  # a Python without either: the patterns simply run unguarded
        _sre = _sre_parse = None  # type: ignore[assignment]

Precision = str  # "day" | "month" | "year" | "decade" | "unresolved"
Resolution = tuple[str | None, Precision]
Tense = str  # "past" | "future" | "near" (the closer of last and next) | "other"
UNRESOLVED: Resolution = (None, "unresolved")
LABEL_CHARS = 120

_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
           "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
             "sunday": 6}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}

# Month names are matched case-insensitively and then required to be capitalised ("may", "march").
MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
         r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b(?!-\w)\.?")
WEEKDAY = r"(?-i:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|MONDAY|TUESDAY" \
          r"|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY))(?!s\b)\b"
YEAR = r"(?<![\d$£€.,/#-])(?P<year>1\d{3}|20\d{2})(?![\d%/]|[.,]\d)"
NUM = r"(?P<num>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty" \
      r"|thirty|forty|fifty|\d{1,3})"
UNIT = r"(?P<unit>day|week|month|year|decade)s?"
# Prepositions: "boundary" ones change what the date means (since 2015 ≠ in 2015), so they are kept
# in the expression's text; plain ones ("in", "on") are left out of it.
BOUNDARY_PREPS = ("since", "until", "till", "before", "after", "by")
PREP = r"(?P<prep>\b(?:in|on|during|of|from|around|since|until|till|before|after|by)\s+)"
PART = r"(?P<part>early|mid|late|the\s+(?:end|beginning|start|middle)\s+of)"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
_WD_PREFIX = r"(?:(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?:the\s+)?)?"


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """A time expression in a document, its resolved date, and the sentence it dates."""

    doc: str
    start: int
    end: int
    text: str
    date: str | None
    precision: Precision
    event: Span
    event_text: str
    # Lemmas of what the expression dates in the parse: the word it attaches to and that word's subject
    # and object ("held" and "summit" in "held a summit on 12 March"); empty when unknown.
    anchors: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text,
                "date": self.date, "precision": self.precision,
                "event": {"start": self.event.start, "end": self.event.end},
                "event_label": self.event_text, "anchors": list(self.anchors)}


class _Context:
    """What a resolver may look at besides the match: reference date, clause tense, quotation.

    ``tense`` and ``quoted`` may be given as zero-argument callables: they are then worked out on
    first use only, since most resolvers never ask (the tense needs a walk over the parse).
    """

    __slots__ = ("_quoted", "_tense", "ref")

    def __init__(self, ref: date | None, tense: Tense | Callable[[], Tense],
                 quoted: bool | Callable[[], bool] = False) -> None:
        self.ref = ref
        self._tense = tense
        self._quoted = quoted  # inside a direct quote: "today" is the speaker's day, not the article's

    @property
    def tense(self) -> Tense:
        if callable(self._tense):
            self._tense = self._tense()
        return self._tense

    @property
    def quoted(self) -> bool:
        if callable(self._quoted):
            self._quoted = self._quoted()
        return self._quoted

    @property
    def anchor(self) -> date | None:
        """The date relative expressions count from: none inside quotes (when the words were said is
        unknown), else the publication date."""
        return None if self.quoted else self.ref


Resolver = Callable[[re.Match[str], _Context], Resolution | None]  # None: not a date after all


def is_boundary(event: DatedEvent) -> bool:
    """True for "since 2015", "before 2014" ...: the date bounds the event rather than dating it."""
    return event.text.split(" ", 1)[0].lower() in BOUNDARY_PREPS


def is_duration(event: DatedEvent) -> bool:
    """True for "three years of war": a start date inferred from a length of time (approximate)."""
    return re.search(r"\b(?:days?|weeks?|months?|years?|decades?)\s+(?:of|under)\b", event.text,
                     re.IGNORECASE) is not None


# --------------------------------------------------------------------------- calendar arithmetic

def _iso(day: date, precision: Precision) -> Resolution:
    """Format ``day`` at ``precision``: 2025-08-15, 2025-08, 2025 or 2020s."""
    if precision == "day":
        return day.isoformat(), precision
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}", precision
    if precision == "year":
        return f"{day.year:04d}", precision
    return f"{day.year // 10 * 10}s", precision


def month_number(name: str) -> int:
    """1 to 12 for a month's name or abbreviation ("Sept", "march")."""
    return _MONTHS[name[:3].lower()]


def _safe_date(year: int, month: int, day: int) -> date | None:
    """The calendar date, or None for shapes that are no date ("31 June")."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, ctx: _Context) -> int | None:
    """The year of a date written without one: the reference's, unless the tense rules it out.

    "was signed on 3 December" in an August article is last December; "will meet on 10 January" in
    a December article is next January. A week's grace absorbs publication-date slack.
    """
    if ctx.ref is None:
        return None

    def on(year: int) -> date:  # the day in that year (29 February becomes the 28th where needed)
        return date(year, month, min(day, calendar.monthrange(year, month)[1]))

    year = ctx.ref.year
    if ctx.tense == "past" and on(year) > ctx.ref + timedelta(days=7):
        return year - 1
    if ctx.tense == "future" and on(year) < ctx.ref - timedelta(days=7):
        return year + 1
    if ctx.tense == "near":  # the occurrence closest to the report
        return min((year - 1, year, year + 1), key=lambda y: abs((on(y) - ctx.ref).days))
    return year


def _week_resolution(monday: date) -> Resolution:
    """A week has no precision of its own: its month when it lies in one, else its year."""
    sunday = monday + timedelta(days=6)
    if monday.month == sunday.month:
        return _iso(monday, "month")
    if monday.year == sunday.year:
        return _iso(monday, "year")
    return UNRESOLVED


def _shift(ref: date, n: int, unit: str) -> Resolution:
    """``ref`` moved by ``n`` units (negative: back), at the precision that unit supports."""
    if unit == "day":
        return _iso(ref + timedelta(days=n), "day")
    if unit == "week":
        return _iso(ref + timedelta(weeks=n), "month")
    if unit == "month":
        return _iso(ref + relativedelta(months=n), "month")
    if unit == "year":
        return _iso(ref + relativedelta(years=n), "year")
    return _iso(ref + relativedelta(years=10 * n), "decade")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


# --------------------------------------------------------------------------- resolvers
# Each takes the regex match and the context and returns (date, precision), UNRESOLVED when the
# expression is a date but no reference pins it down, or None when it turns out not to be a date.

def _capitalised_month(m: re.Match[str]) -> bool:
    """"May" and "March" are months; "may" and "march" are a verb and a noun."""
    mon = m.group("mon")
    return mon[0].isupper()


def _r_iso(m: re.Match[str], ctx: _Context) -> Resolution | None:
    day = _safe_date(int(m.group("year")), int(m.group("m")), int(m.group("d")))
    return None if day is None else _iso(day, "day")


def _r_day_month(m: re.Match[str], ctx: _Context) -> Resolution | None:
    """"15 August", "Aug. 15, 2025", "Friday, 15 August": day precision; the year may be inferred."""
    if not _capitalised_month(m):
        return None
    month, day_of_month = month_number(m.group("mon")), int(m.group("day"))
    year = int(m.group("year")) if m.group("year") else _infer_year(month, day_of_month, ctx)
    if not 1 <= day_of_month <= 31:
        return None
    if year is None:
        return UNRESOLVED
    day = _safe_date(year, month, day_of_month)
    return None if day is None else _iso(day, "day")


def _r_month_year(m: re.Match[str], ctx: _Context) -> Resolution | None:
    """"August 2025", "mid-August 2025": month precision."""
    if not _capitalised_month(m):
        return None
    return _iso(date(int(m.group("year")), month_number(m.group("mon")), 1), "month")


def _r_month(m: re.Match[str], ctx: _Context) -> Resolution | None:
    """"in March", "mid-August", "last May": the month of the reference year (or the one before/after)."""
    if not _capitalised_month(m) or not (m.group("prep") or m.group("rel") or m.group("part")):
        return None
    if m.group("mon").lower() in _MONTH_ABBREVIATIONS:
        return None  # alone, "Jan" and "Mar" are more often names than months
    if ctx.ref is None:
        return UNRESOLVED
    month, rel = month_number(m.group("mon")), (m.group("rel") or "").lower()
    year = ctx.ref.year
    if rel == "last":
        year -= 1 if month >= ctx.ref.month else 0
    elif rel == "next":
        year += 1 if month <= ctx.ref.month else 0
    elif rel != "this":
        year = _infer_year(month, 1 if ctx.tense == "past" else 28, ctx) or year
    return _iso(date(year, month, 1), "month")


def _r_year(m: re.Match[str], ctx: _Context) -> Resolution | None:
    """"in 1848", "since 2015", "mid-2024", "a 1997 treaty": year precision (checked later against spaCy)."""
    return _iso(date(int(m.group("year")), 1, 1), "year")


def _r_decade(m: re.Match[str], ctx: _Context) -> Resolution | None:
    """"the 1940s", "the early 2000s", "the '90s": decade precision."""
    if m.group("dy"):
        return f"{m.group('dy')}s", "decade"
    return f"19{m.group('dy2')}s", "decade"


_COMPOUND_DAYS = {"good", "black", "cyber", "super", "ash", "holy", "palm", "easter", "bloody", "fat",
                  "maundy", "shrove", "girl"}


def _r_weekday(m: re.Match[str], ctx: _Context) -> Resolution | None:
    """"this past Friday", "on Tuesday", "next Monday": the nearest such day before or after the reference."""
    before = re.findall(r"[A-Za-z]+", m.string[max(0, m.start() - 20):m.start()])
    if not m.group("mod") and before and before[-1].lower() in _COMPOUND_DAYS:
        return None  # Good Friday, Super Tuesday: names of their own
    mod = " ".join((m.group("mod") or "").lower().split())
    if mod == "past" and not (before and before[-1].lower() == "the"):
        return None  # "delay the vote past Saturday": a preposition (after), not "this past Saturday"
    if ctx.anchor is None:
        return UNRESOLVED
    weekday = _WEEKDAYS[m.group("wd").lower()]
    back, ahead = (ctx.anchor.weekday() - weekday) % 7, (weekday - ctx.anchor.weekday()) % 7
    if mod in ("last", "this past", "past"):
        return _iso(ctx.anchor - timedelta(days=back or 7), "day")
    if mod in ("next", "coming", "this coming"):
        return _iso(ctx.anchor + timedelta(days=ahead or 7), "day")
    if ctx.tense == "future" or (ctx.tense == "near" and ahead < back):
        return _iso(ctx.anchor + timedelta(days=ahead), "day")
    return _iso(ctx.anchor - timedelta(days=back), "day")


_DAY_WORDS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}


def _r_day_word(m: re.Match[str], ctx: _Context) -> Resolution | None:
    """"yesterday", "today", "tomorrow"; not "USA Today" (a capitalised name right before)."""
    word = m.group("dw")
    before = m.string[max(0, m.start() - 30):m.start()].rstrip()
    if word[0].isupper() and re.search(r"[A-Z][A-Za-z]*$", before):
        return None
    if ctx.anchor is None:
        return UNRESOLVED
    return _iso(ctx.anchor + timedelta(days=_DAY_WORDS[word.lower()]), "day")


def _r_relative_unit(m: re.Match[str], ctx: _Context) -> Resolution | None:
    """"last week", "earlier this year", "next month": the unit before, at or after the reference's."""
    if ctx.anchor is None:
        return UNRESOLVED
    rel, unit = m.group("rel").lower().split()[0], m.group("unit").lower()
    step = {"last": -1, "next": 1}.get(rel, 0)  # this / earlier this / later this
    if unit == "week":
        monday = ctx.anchor - timedelta(days=ctx.anchor.weekday()) + timedelta(weeks=step)
        return _week_resolution(monday)
    return _shift(ctx.anchor, step, unit)


def _r_ago(m: re.Match[str], ctx: _Context) -> Resolution | None:
    """"two days ago", "a year ago": the reference moved back."""
    if ctx.anchor is None:
        return UNRESOLVED
    return _shift(ctx.anchor, -_number(m.group("num")), m.group("unit").lower())


_NOT_ELAPSED = {"age", "experience", "prison", "jail", "imprisonment", "probation", "salary", "pay",
                "data", "interest", "service", "life"}

def _r_elapsed(m: re.Match[str], ctx: _Context) -> Resolution | None:
    """"(after) three years of war": a duration running up to the reference, dated by its start.

    Only after "after/over/following/in" and with an "of/under + noun" anchor: a bare "for years" or
    "three-hour" dates nothing, "spent ten years of his life" need not end now; never for ages, prison
    terms or experience, nor for spans that stop short of now ("in the first 100 days of").
    """
    if m.group("noun").lower() in _NOT_ELAPSED or ctx.tense == "future":
        return None
    if ctx.anchor is None:
        return UNRESOLVED
    return _shift(ctx.anchor, -_number(m.group("num")), m.group("unit").lower())


# --------------------------------------------------------------------------- patterns

_CATEGORY_CLASSES = ({_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_SPACE: r"\s"}
                     if _sre is not None else {})
# Group ``x`` is the expression as reported; an optional ``prep`` before it joins the text only when
# it is a boundary ("since 2015"). ``spacy_year`` marks patterns whose year needs spaCy's DATE vote.

@dataclass(frozen=True, slots=True)
class _Pattern:
    name: str
    regex: re.Pattern[str]
    resolve: Resolver
    spacy_year: bool = False


def _first_chars(seq: Any) -> tuple[set[str] | None, bool]:
    """Class items (``a``, ``0-3``, ``\\d``) for the characters a parsed regex sequence can start with,
    and whether it can match the empty string; ``None`` when the set is open-ended (``.``, ``[^…]``)."""
    out: set[str] = set()
    for op, av in seq:
        if op is _sre.LITERAL:
            first, empty = {re.escape(chr(av))}, False
        elif op is _sre.IN:
            first, empty = set(), False
            for item, arg in av:
                if item is _sre.LITERAL:
                    first.add(re.escape(chr(arg)))
                elif item is _sre.RANGE:
                    first.add(re.escape(chr(arg[0])) + "-" + re.escape(chr(arg[1])))
                elif item is _sre.CATEGORY and arg in _CATEGORY_CLASSES:
                    first.add(_CATEGORY_CLASSES[arg])
                else:
                    return None, False
        elif op is _sre.BRANCH:
            first, empty = set(), False
            for alternative in av[1]:
                chars, can_be_empty = _first_chars(alternative.data)
                if chars is None:
                    return None, False
                first |= chars
                empty = empty or can_be_empty
        elif op is _sre.SUBPATTERN:
            if av[1] & _sre.SRE_FLAG_IGNORECASE:
                return None, False  # "(?i:…)" inside: the guard would not fold case where it must
            first, empty = _first_chars(av[-1].data)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            first, empty = _first_chars(av[2].data)
            empty = empty or av[0] == 0
        elif op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            first, empty = set(), True  # zero-width: \\b, lookahead, lookbehind
        else:
            return None, False
        if first is None:
            return None, False
        out |= first
        if not empty:
            return out, False
    return out, True


def _with_first_char_guard(regex: re.Pattern[str]) -> re.Pattern[str]:
    """``regex`` behind a lookahead for the characters any of its matches starts with.

    The same matches (the lookahead only states what the pattern already requires, under the same
    flags), found about 40% faster: ``re`` otherwise tries every alternative at every position of the
    article, and these patterns open with optional words, so it has no literal prefix to skip by.
    """
    if _sre_parse is None:
        return regex
    try:
        chars, empty = _first_chars(_sre_parse.parse(regex.pattern, regex.flags).data)
    except (AttributeError, IndexError, KeyError, TypeError, ValueError, re.error):
        # an internal module of ``re`` that changed shape: keep the plain pattern
        return regex
    if chars is None or empty:
        return regex
    return re.compile(f"(?=[{''.join(sorted(chars))}])(?:{regex.pattern})", regex.flags)


def _p(name: str, body: str, resolve: Resolver, spacy_year: bool = False) -> _Pattern:
    return _Pattern(name, _with_first_char_guard(re.compile(rf"{PREP}?(?P<x>{body})", re.IGNORECASE)),
                    resolve, spacy_year)


PATTERNS: tuple[_Pattern, ...] = (
    _p("iso", r"(?<![\d/])(?P<year>1\d{3}|20\d{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)\b", _r_iso),
    _p("day_month", rf"{_WD_PREFIX}(?:the\s+)?(?<![\d,.]){DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR})?",
       _r_day_month),
    _p("month_day", rf"{_WD_PREFIX}{MONTH}\s+(?<![\d,.]){DAY}(?:,?\s+{YEAR})?", _r_day_month),
    _p("month_year", rf"(?:{PART}[\s-]+)?{MONTH},?\s+{YEAR}", _r_month_year),
    _p("month", rf"(?:(?P<rel>last|next|this)\s+|{PART}[\s-]+)?{MONTH}(?!\s+(?-i:[A-Z][a-z]))", _r_month),
    _p("decade", r"(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?"
                 r"(?:(?<![\d$£€.,/#-])(?P<dy>1\d{2}0|20\d0)|['’](?P<dy2>[2-9]0))s\b", _r_decade),
    _p("year", rf"(?:{PART}[\s-]+|(?:the\s+)?(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?"
               rf"|the\s+year\s+)?{YEAR}", _r_year, spacy_year=True),
    _p("weekday", rf"(?:(?P<mod>this\s+past|this\s+coming|last|next|this|coming|past)\s+)?{WEEKDAY}",
       _r_weekday),
    _p("day_word", r"\b(?P<dw>yesterday|today|tonight|tomorrow)\b", _r_day_word),
    _p("relative_unit", r"(?<!the\s)\b(?P<rel>earlier\s+this|later\s+this|last|next|this)\s+"
                        r"(?P<unit>week|month|year|decade)\b(?![\s-]+(?:old|long)\b)", _r_relative_unit),
    _p("ago", rf"\b{NUM}\s+{UNIT}\s+ago\b", _r_ago),
)

# Durations carry a leading word ("after") that is never part of the expression, hence their own regex.
ELAPSED = _Pattern("elapsed", _with_first_char_guard(re.compile(
    rf"\b(?P<lead>after|over|following|in)\s+(?P<x>\b{NUM}\s+{UNIT}\s+(?:of|under)\s+"
    r"(?:(?:the|a|an|its|his|her|their|our|this)\s+)?(?P<noun>[a-z][\w-]*))", re.IGNORECASE)),
    _r_elapsed)


# --------------------------------------------------------------------------- extraction

@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    resolution: Resolution


class _Tokens:
    """Character offset → spaCy token, for tense and sentence look-ups."""

    def __init__(self, sdoc: SpacyDoc) -> None:
        self.sdoc = sdoc
        self.date_ents = [(e.start_char, e.end_char) for e in sdoc.ents if e.label_ == "DATE"]

    def span(self, start: int, end: int) -> SpacySpan | None:
        return self.sdoc.char_span(start, end, alignment_mode="expand")

    def in_date_entity(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.date_ents)

    def next_token_tag(self, end: int) -> str:
        span = self.span(max(0, end - 1), end)
        if span is None or span.end >= len(self.sdoc):
            return ""
        return self.sdoc[span.end].tag_


_FUTURE_AUX = {"will", "'ll", "’ll", "shall", "wo"}
_PAST_AUX = {"was", "were", "had", "did"}
_PERFECT_AUX = {"has", "have", "had", "'ve", "’ve"}
_PRESENT_BE = {"is", "are", "'s", "’s", "'re", "’re", "am"}
_PLAN_LEMMAS = {"schedule", "plan", "set", "expect", "due", "go"}
# Verbs whose object is a planned event in any tense ("plans a Saturday vote", "had scheduled it for
# Friday"); "set" and "go" are left out: "set a record on Friday", "went to the rally on Friday".
_SCHEDULING_LEMMAS = {"schedule", "plan", "expect", "slate", "intend"}
# "would be confirmed in a Saturday vote", "the vote could come Friday": in news a modal puts the event
# ahead of the report, unless perfect ("would have voted on Saturday" looks back).
_MODAL_AUX = {"would", "could", "might", "may", "can"}  # not "'d": "I'd met them in March" is "I had met"


def _clause_verb(tokens: _Tokens, start: int, end: int) -> Token | None:
    """The verb the expression modifies: up from the expression's root to the first verb."""
    span = tokens.span(start, end)
    if span is None:
        return None
    verb = span.root
    for _ in range(4):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    return verb


def _possessive(tokens: _Tokens, start: int, end: int) -> bool:
    """"Tuesday's result": the date names a thing's day, not when the clause's verb happens."""
    span = tokens.span(start, end)
    return span is not None and (span.root.dep_ == "poss" or tokens.sdoc[span.end - 1].tag_ == "POS"
                                 or (span.end < len(tokens.sdoc) and tokens.sdoc[span.end].tag_ == "POS"))


def _tense(tokens: _Tokens, start: int, end: int) -> Tense:
    """"future" ("will meet on Friday", "is scheduled for", "is expected to"), "past" ("met", "was
    signed", "has met") or "other" (present, headlines, no verb): enough to pick a weekday's week and
    a year-less date's year."""
    verb = _clause_verb(tokens, start, end)
    if verb is None:
        return "other"
    planner = verb.head if verb.dep_ in ("xcomp", "acomp") or (verb.dep_ == "ccomp" and verb.head.lemma_ in
                                                                   _SCHEDULING_LEMMAS) else verb
    for candidate in (verb, planner):
        auxes = {c.lower_ for c in candidate.children if c.dep_ in ("aux", "auxpass")}
        if auxes & _FUTURE_AUX or (candidate.lemma_ in _PLAN_LEMMAS and auxes & _PRESENT_BE):
            return "future"
        if candidate.lemma_ in _SCHEDULING_LEMMAS and candidate.tag_ in ("VBZ", "VBP") and not auxes:
            return "future"  # "McConnell plans a Saturday vote", "he expects the panel to vote Friday"
        if candidate.lemma_ in _SCHEDULING_LEMMAS and candidate.tag_ in ("VBD", "VBN") \
                and candidate.dep_ not in ("acl", "amod") and not opens_condition(candidate):
            # "The board has scheduled its vote for Friday": the plan was made before, the day is the
            # nearest one, ahead when written on a Thursday, behind when written after it.
            return "near"
        if auxes & _MODAL_AUX and not auxes & {"have", "'ve", "’ve"} and not _possessive(tokens, start, end):
            # Reported ("she believed a deal could be reached on Monday night", said on a day we do not
            # know): the nearest such day; said in the article's own voice: ahead.
            return "near" if candidate.dep_ == "ccomp" and candidate.head.tag_ == "VBD" else "future"
        if candidate.lemma_ in _PLAN_LEMMAS and candidate.tag_ == "VBN" and candidate.dep_ in ("acl", "amod"):
            return "future"  # "a vote planned on Saturday", "the vote expected Saturday"
    if opens_condition(verb):
        return "other"  # "if the sequester was set in motion on March 1": a hypothesis, not a past event
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if verb.tag_ == "VBD" or auxes & _PAST_AUX or (verb.tag_ == "VBN" and auxes & _PERFECT_AUX):
        return "past"
    return "other"


def _in_quote(text: str, start: int) -> bool:
    """True when ``start`` lies inside a direct quotation opened earlier in the same paragraph."""
    paragraph = text[text.rfind("\n", 0, start) + 1:start]
    curly = paragraph.count("“") > paragraph.count("”")
    return curly or paragraph.count('"') % 2 == 1


def _expression_span(m: re.Match[str]) -> tuple[int, int]:
    """Offsets of the expression: group ``x``, widened to a boundary preposition, without a full stop."""
    start, end = m.span("x")
    prep = m.groupdict().get("prep")
    if prep and prep.strip().lower() in BOUNDARY_PREPS:
        start = m.start("prep")
    abbreviated = m.groupdict().get("mon") is not None and m.end("mon") == end - 1 \
        and m.group("mon").lower() in _MONTH_ABBREVIATIONS
    if m.string[end - 1] == "." and not abbreviated:
        end -= 1  # a sentence's full stop after "in May."; "Aug." keeps its abbreviation dot
    return start, end


def _candidates(text: str, tokens: _Tokens, ref: date | None) -> list[_Found]:
    """Every interpretable expression, overlapping ones included."""
    found: list[_Found] = []
    for pattern in (*PATTERNS, ELAPSED):
        for m in pattern.regex.finditer(text):
            start, end = _expression_span(m)
            if pattern.spacy_year and not _year_is_date(m, tokens):
                continue
            resolution = pattern.resolve(m, _Context(ref, lambda s=start, e=end: _tense(tokens, s, e),
                                                     lambda s=start: _in_quote(text, s)))
            if resolution is not None:
                found.append(_Found(start, end, resolution))
    return found


def _year_is_date(m: re.Match[str], tokens: _Tokens) -> bool:
    """A four-digit number is a year unless it counts something ("in 2000 cases", "by 2015 votes").

    A count is a number modifying a plural noun; otherwise spaCy's DATE label, or a preposition or
    modifier introducing the number ("in 1848", "mid-2024"), makes it a year.
    """
    start, end = m.span("year")
    span = tokens.span(start, end)
    if span is not None and len(span) == 1 and span.root.dep_ == "nummod" \
            and span.root.head.tag_ in ("NNS", "NNPS"):
        return False
    if tokens.in_date_entity(start, end):
        return True
    introduced = m.group("prep") or m.group("part") or m.group("x") != m.group("year")
    return bool(introduced) and tokens.next_token_tag(end) not in ("NN", "NNS")


def _longest_first(found: list[_Found]) -> list[_Found]:
    """Keep the longest of overlapping expressions ("Friday, 15 August 2025" over "2025")."""
    kept: list[_Found] = []
    for item in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(item.end <= k.start or item.start >= k.end for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)


def _reference(published: str | None) -> date | None:
    """The publication date as a :class:`date`, or None when absent or malformed."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _is_dateline(text: str, start: int, end: int, resolved: str | None, published: str | None) -> bool:
    """The article's own date line ("JANE DOE, AUG 18 2025"): the source of ``published``, not an event.

    Recognised as a short line without sentence punctuation whose date equals the publication date.
    """
    if resolved is None or published is None or resolved != published[:10]:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:len(text) if line_end < 0 else line_end].strip()
    return len(line) <= 100 and not line.endswith((".", "!", "?", '"', "”"))


def _sentence(document: Document, tokens: _Tokens, start: int, end: int) -> Span:
    """The sentence around the expression, trimmed of surrounding whitespace."""
    span = tokens.span(start, end)
    if span is None:
        return document.span(start, end)
    sent = span.sent if span.end - span.start else tokens.sdoc[span.start].sent
    s, e = sent.start_char, sent.end_char
    text = document.text
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return document.span(min(s, start), max(e, end))


def _label(text: str, sentence: Span, start: int, end: int) -> str:
    """The sentence on one line, cut to about LABEL_CHARS around the expression at word boundaries."""
    s, e = sentence.start, sentence.end
    if e - s > LABEL_CHARS:
        if end - s > LABEL_CHARS - 10:  # the expression sits late: show a window around it
            s = max(s, start - LABEL_CHARS // 3)
            s = text.find(" ", s, start) + 1 if text.find(" ", s, start) >= 0 else s
        e = min(e, s + LABEL_CHARS)
        if e < sentence.end:
            cut = text.rfind(" ", max(s, end), e)
            e = cut if cut > 0 else e
    label = " ".join(text[s:e].split())
    return ("…" if s > sentence.start else "") + label + ("…" if e < sentence.end else "")


def extract_dates(document: Document, sdoc: SpacyDoc) -> list[DatedEvent]:
    """Every datable time expression in ``document``, resolved against its publication date.

    ``sdoc`` is the spaCy parse of ``document.text`` (token offsets equal document offsets).
    Expressions inside boilerplate, and the article's own date line, are left out.
    """
    text, ref = document.text, _reference(document.published)
    tokens = _Tokens(sdoc)
    events: list[DatedEvent] = []
    for found in _longest_first(_candidates(text, tokens, ref)):
        start, end = found.start, found.end
        resolved, precision = found.resolution
        if document.in_boilerplate(start, end) \
                or _is_dateline(text, start, end, resolved, document.published):
            continue
        sentence = _sentence(document, tokens, start, end)
        events.append(DatedEvent(document.id, start, end, text[start:end], resolved, precision,
                                 sentence, _label(text, sentence, start, end), _anchors(tokens, start, end)))
    return events


_ANCHOR_ARGS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})
_TIME_NOUNS = frozenset({"morning", "afternoon", "evening", "night", "weekend", "week", "day", "time"})


def _anchors(tokens: _Tokens, start: int, end: int) -> tuple[str, ...]:
    """What the expression dates: the verb or noun it hangs on (through "on", "in", "by" ...), with that
    word's subject and object, as lemmas. "Posted a statement Tuesday" dates a posting, not the death
    named later in the sentence; "was shot by police Aug. 9" dates the shooting."""
    span = tokens.span(start, end)
    if span is None or len(span) == 0:
        return ()
    head, steps = span.root, 0
    while steps < 4 and head.head.i != head.i and (head.i == span.root.i or head.pos_ in {"ADP", "NUM", "PROPN"}
                                                   or span.start <= head.i < span.end or head.lower_ in _TIME_NOUNS):
        head, steps = head.head, steps + 1
    if span.start <= head.i < span.end:
        return ()
    words = {head.lemma_.lower(), head.lower_}
    words |= {c.lemma_.lower() for c in head.children if c.dep_ in _ANCHOR_ARGS and not span.start <= c.i < span.end}
    return tuple(sorted(words))
