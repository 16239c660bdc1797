"""Claim units: the sentences and clauses of one article that assert something checkable.

Comparing sources means lining up *what each one asserts*. The unit of comparison is a sentence, or
a clause when a long sentence joins two independent assertions ("Sanctions strained the economy, but
the economy has recovered"): each side can then agree or disagree with another source on its own.

Not every sentence is a claim. Left out, because no other source could agree or disagree with them:

* questions and headings (no finite verb, no final punctuation, or a line of title case);
* text in marked boilerplate (page headers, bylines, calls to comment);
* calls to action ("Share your thoughts below!"): an imperative with no subject;
* bare attributions ("The ministry commented."): a cue verb whose only content is the speaker.

Each unit carries what alignment needs and is cheap to read here, from the parse: its polarity
(negated main predicate or not), the numbers it states (normalised and typed, so "since 1985" and
"since 1991" can be seen to disagree) with the word each number hangs on, its named entities, and the
lemmas of its content words.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from itertools import islice
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from manysides.extract.actions import ActorIndex, action_keys
from manysides.extract.cues import opens_condition
from manysides.extract.gazetteer import gazetteer
from manysides.model import Actor, Document, Statement
from manysides.nlp.pipeline import doc_ents, doc_text

MIN_WORDS = 5            # shorter sentences ("He declined.") say too little to compare
MIN_SPLIT_WORDS = 16     # sentences at least this long are split into independent clauses ...
MIN_CLAUSE_WORDS = 5     # ... when each side keeps at least this many words
ATTRIBUTION_SHARE = 0.4  # a statement covering this share of a unit is what the unit reports

# Lemmas of verbs that only report speech; a sentence that is nothing but "<speaker> <cue>." is no claim.
REPORTING_VERBS = frozenset({
    "say", "tell", "comment", "add", "note", "state", "declare", "explain", "write", "report", "argue",
    "claim", "insist", "warn", "remark", "respond", "reply", "announce", "acknowledge", "confirm", "deny",
})
NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "none", "nothing", "nobody",
                      "without", "cannot"})
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT",
                           "WORK_OF_ART"})
# Words that make a figure a goal, a requirement or a forecast rather than a result: it cannot contradict a
# figure reached ("needs to win 1,237 delegates" against "has won 740").
AIM_WORDS = frozenset({"aim", "seek", "hope", "plan", "intend", "try", "attempt", "want", "goal", "target",
                       "expect", "project", "forecast", "propose", "push", "bid", "need", "require"})
NUMBER_LABELS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY", "DATE", "ORDINAL"})
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
                 "fifty": 50, "hundred": 100, "dozen": 12, "half": 0.5, "third": 1 / 3, "quarter": 0.25,
                 "thirds": 1 / 3, "quarters": 0.25}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6}
_SUMMARY_NOUNS = frozenset({"average", "median", "mean"})
_RATE_UNITS = frozenset({"day", "week", "month", "year", "quarter", "hour"})  # "90,000 jobs a month"
_PER_WORDS = frozenset({"a", "an", "per", "each"})
_DURATIONS = {"year", "years", "decade", "decades", "month", "months", "week", "weeks", "day", "days",
              "hour", "hours", "minute", "minutes", "century", "centuries"}
_CURRENCY = {"$": "$", "£": "£", "€": "€", "dollar": "$", "dollars": "$", "pound": "£", "pounds": "£",
             "euro": "€", "euros": "€"}
_NUMERAL = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_OPENERS = frozenset({'"', "“", "‘", "'", "«", "("})
_ENTITY_PREFIX = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as stated: its normalised value, its kind, and the word it hangs on ("since", "level")."""

    value: str   # "1985", "51.9%", "$1.33", "17400000", "20 years"
    kind: str    # "year" | "percent" | "money" | "duration" | "count" | "ordinal" | "date"
    anchor: str  # lemma of the governing word, so only numbers about the same thing are compared
    verb: str = ""  # lemma of the verb a count's noun phrase depends on ("two Democrats *voted*")
    aimed: bool = False  # a goal or forecast ("aimed at raising $100,000"), not a figure reached
    part: bool = False   # one item of a listed total ("five counts of X, one count of Y"), not the total
    supposed: bool = False  # inside an if- or unless-clause ("if Cruz wins all 42 delegates"): not stated
    kind_of: str = ""    # what a count counts ("false statement" in "five counts of false statements")
    holder: str = ""     # who the figure is of: the subject above it ("sanders" in "Sanders needs 67%")
    bound: str = ""      # "min" ("at least 525"), "max" ("up to 30"): the figure bounds the true one
    start: bool = False  # where a change began ("from 14 seats to 13"): a former value, not the present one

    def __str__(self) -> str:
        return self.value

    @property
    def magnitude(self) -> float:
        """The figure as a number ("$5000000" -> 5000000.0, "51.9%" -> 51.9); ValueError for "20 years"."""
        return float(self.value.lstrip("$£€").rstrip("%"))


@dataclass(slots=True)
class ClaimUnit:
    """One assertion in one document: the span ``[start, end)`` of ``doc`` and what it is about."""

    doc: str
    start: int
    end: int
    text: str
    attributed_to: str | None = None  # id of the statement the unit reports, if any
    polarity: int = 1                 # -1 when the main predicate is negated
    numbers: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)  # content-word lemmas, lower-cased
    predicate: str = ""  # lemma of the main verb, so a negation is compared with the same predicate
    qualifiers: list[str] = field(default_factory=list)  # "prep:object" phrases on the asserted predicate
    asserted: list[str] = field(default_factory=list)  # lemmas of the predicates the unit asserts (not "if he agreed")
    objects: list[str] = field(default_factory=list)  # lemmas of those predicates' direct objects ("won *delegates*")
    denied: list[str] = field(default_factory=list)  # lemmas negated anywhere in the unit ("cannot *support*")
    actions: list[str] = field(default_factory=list)  # "actor|aspect|verb|object|±" (extract.actions)

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text,
                "attributed_to": self.attributed_to, "polarity": self.polarity,
                "numbers": list(self.numbers), "entities": list(self.entities)}

    @property
    def words(self) -> int:
        return len(self.text.split())


# --- what is not a claim ------------------------------------------------------------------------

def _has_finite_verb(tokens: Sequence[Token]) -> bool:
    """A tensed verb, or a verb with its own subject (the tagger sometimes calls a past tense VBN), or a
    past tense the parser hung on its subject as a participle (:func:`_subject_with_participle`)."""
    return any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in tokens) or any(
        t.pos_ in {"VERB", "AUX"} and (_has_subject(t) or _subject_with_participle(t)) for t in tokens)


_CAPTION_PARTICIPLES = frozenset("photograph picture see show depict film shoot take capture".split())


def _subject_with_participle(verb: Token) -> bool:
    """"Almost six in 10 Port Ellery voters approved of the loan": the tagger called "approved" a participle
    and the parser made the sentence one noun phrase, "voters" modified by it. In a sentence whose root is a
    noun, a VBN hung on a noun before it (no comma between, as a caption's "Smith, pictured at ..." has) with
    an object, particle or preposition of its own is read as a past tense. On 158 AllSides topic-days this
    turned 23 sentences back into claims: 19 claims and 4 fragments."""
    head = verb.head
    return (verb.tag_ == "VBN" and verb.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"} and verb.i > head.i
            and verb.sent.root.pos_ in {"NOUN", "PROPN"} and verb.nbor(-1).text not in {",", "—", "–", "-", "("}
            and verb.lemma_.lower() not in _CAPTION_PARTICIPLES  # "A ferry photographed at the quay on Monday."
            and any(child.dep_ in {"dobj", "prt", "prep"} for child in verb.children))


def _is_heading(text: str, tokens: Sequence[Token]) -> bool:
    """A heading or fragment: no finite verb, or no final punctuation and most words capitalised."""
    if not _has_finite_verb(tokens):
        return True
    if text.rstrip(" \"'”’)").endswith((".", "!", ";", ":")):
        return False
    words = [t for t in tokens if t.is_alpha and len(t.text) > 3]
    return bool(words) and sum(t.text[0].isupper() for t in words) / len(words) > 0.6


def _is_call_to_action(root: Token) -> bool:
    """An imperative: a base-form root verb with no subject, opening its sentence ("Share your thoughts")."""
    subjects = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"}]
    return root.tag_ == "VB" and not subjects and root.i == root.sent.start


def _is_bare_attribution(tokens: Sequence[Token], root: Token) -> bool:
    """"X commented." / "He said so on Friday.": a reporting verb with nothing besides its speaker."""
    if root.lemma_.lower() not in REPORTING_VERBS or any(c.dep_ == "nsubjpass" for c in root.children):
        return False
    speaker = {t.i for c in root.children if c.dep_ in {"nsubj", "agent"} for t in c.subtree}
    rest = [t for t in tokens if t.i not in speaker and t.i != root.i and not t.is_punct and not t.is_space
            and t.dep_ not in {"aux", "neg", "advmod", "npadvmod"}]
    return len(rest) < 3


def _word_count(tokens: SpacySpan) -> int:
    return sum(1 for t in tokens if not t.is_punct and not t.is_space)


def _is_claim(document: Document, tokens: SpacySpan, root: Token) -> bool:
    text = tokens.text.strip()
    if _word_count(tokens) < MIN_WORDS or document.in_boilerplate(tokens.start_char, tokens.end_char):
        return False
    if text.rstrip(" \"'”’)").endswith("?"):
        return False
    return not (_is_heading(text, tokens) or _is_call_to_action(root) or _is_bare_attribution(tokens, root))


# --- clauses ----------------------------------------------------------------------------------

def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"} for c in verb.children)


def _clause_breaks(sent: SpacySpan) -> list[int]:
    """Token indices where ``sent`` splits into independent clauses (a coordinator or a semicolon)."""
    root = sent.root
    breaks: list[int] = []
    long_enough = sum(not t.is_punct for t in sent) >= MIN_SPLIT_WORDS
    for conj in root.children if long_enough else ():
        if conj.dep_ != "conj" or conj.pos_ not in {"VERB", "AUX"} or not _has_subject(conj):
            continue
        left_edge = conj.left_edge.i
        before = [t for t in sent.doc[sent.start:left_edge] if t.head == root and t.dep_ in {"cc", "punct"}]
        cut = before[-1].i if before else left_edge
        breaks.append(cut)
    for token in sent:
        if token.text == ";" and token.i not in breaks:
            breaks.append(token.i)
    return sorted(set(breaks))


def _clauses(sent: SpacySpan) -> list[SpacySpan]:
    """``sent`` itself, or its independent clauses when it is long and every side has a subject and verb."""
    words = sum(not t.is_punct for t in sent)
    has_semicolon = any(t.text == ";" for t in sent)
    if (words < MIN_SPLIT_WORDS and not has_semicolon) or not _has_subject(sent.root):
        return [sent]
    pieces: list[SpacySpan] = []
    begin = sent.start
    for cut in _clause_breaks(sent):
        left = sent.doc[begin:cut]
        if sum(not t.is_punct for t in left) >= MIN_CLAUSE_WORDS:
            pieces.append(left)
            begin = cut
    last = sent.doc[begin:sent.end]
    if pieces and sum(not t.is_punct for t in last) < MIN_CLAUSE_WORDS:
        pieces[-1] = sent.doc[pieces[-1].start:sent.end]
    elif pieces:
        pieces.append(last)
    pieces = [_trim(p) for p in pieces]
    if len(pieces) < 2 or not all(_clause_root(p) is not None and _has_subject(_clause_root(p)) for p in pieces):
        return [sent]
    return pieces


def _trim(span: SpacySpan) -> SpacySpan:
    """Drop a leading coordinator or separator and surrounding punctuation/space from a clause."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and ((doc[start].is_punct and doc[start].text not in _OPENERS) or doc[start].is_space
                           or doc[start].dep_ == "cc"):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in {",", ";", "—", "–", "-"}):
        end -= 1
    return doc[start:end]


def _clause_root(span: SpacySpan) -> Token | None:
    """The verb heading ``span`` (the token whose head lies outside it, or the sentence root)."""
    verbs = [t for t in span if t.pos_ in {"VERB", "AUX"} and (t.head.i < span.start or t.head.i >= span.end
                                                             or t.head == t or t.dep_ == "ROOT")]
    return verbs[0] if verbs else None


# --- what a unit says -------------------------------------------------------------------------

def _norm(token: Token) -> str:
    return token.lower_.replace("’", "'")


def polarity(root: Token) -> int:
    """-1 when the clause's main predicate is negated ("no agreement was reached", "ended without results").

    Negators count on the predicate itself, its auxiliaries, and the determiners of its subject or
    object ("no formal agreement", "neither a ceasefire nor ..."), not inside subordinate clauses.
    """
    heads = [root] + [c for c in root.children if c.dep_ in {"aux", "auxpass", "xcomp"}]
    args = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "dobj", "attr", "prep", "neg",
                                                   "preconj", "advmod", "det", "npadvmod", "pobj"}]
    marks = 0
    for token in heads + args:
        if _norm(token) in NEGATORS or token.dep_ == "neg":
            marks += 1
        elif token.dep_ in {"nsubj", "nsubjpass", "dobj", "attr", "pobj"} or token.dep_ == "prep":
            marks += any(_norm(c) in NEGATORS for c in token.children if c.dep_ in {"det", "preconj", "neg"})
            if token.dep_ == "prep":
                marks += any(c.lower_ in {"no", "none", "nothing"} for c in token.children)
    return -1 if marks % 2 else 1


def _asserted_clause(root: Token) -> Token:
    """The clause whose polarity a unit asserts: for "'I am not going to support it,' he said" the reported
    words, not "said", so the sentence agrees with the bare quotation in another source. A negated report
    ("he did not say that ...") is its own assertion."""
    if polarity(root) < 0 or root.lemma_.lower() not in REPORTING_VERBS:
        return root
    content = [c for c in root.children if c.dep_ in {"ccomp", "parataxis"} and c.pos_ in {"VERB", "AUX"}]
    if not content:  # "told the crowd that we can never ...": the parser hangs the clause on the listener
        content = [g for c in root.children if c.dep_ not in {"nsubj", "nsubjpass"}
                   for g in c.children if g.dep_ == "ccomp" and g.pos_ in {"VERB", "AUX"}]
    if len(content) != 1:
        return root
    clause = content[0]
    while not _has_subject(clause):  # a "clause" without a subject ("crowd" read as a verb): look inside it
        inner = [g for g in clause.children if g.dep_ == "ccomp" and g.pos_ in {"VERB", "AUX"}]
        if len(inner) != 1:
            break
        clause = inner[0]
    return clause


# Adverbs that do not narrow what a predicate asserts (a denial with them denies the whole of it).
_PLAIN_ADVERBS = frozenset({"also", "still", "even", "now", "then", "ever", "really", "just", "yet", "already",
                            "never", "not", "n't", "too", "however", "therefore", "again", "actually", "here",
                            "there", "ago", "later", "today", "yesterday", "tomorrow", "so"})


def asserted_predicates(root: Token, clause: Token) -> list[str]:
    """Lemmas of what the unit asserts happened: the main and the reported predicate, with their open
    complements and conjoined predicates ("is expected to *rise*", "rose and then *fell*"). Not verbs of
    subordinate clauses: "asked if he *agreed*" asserts no agreeing."""
    out: list[str] = []
    for head in dict.fromkeys((root, clause)):
        out.append(head.lemma_.lower())
        out.extend(c.lemma_.lower() for c in head.children
                   if c.dep_ in {"xcomp", "acomp", "conj", "attr"} and c.pos_ in {"VERB", "AUX", "ADJ", "NOUN"})
    return list(dict.fromkeys(out))


def asserted_objects(root: Token, clause: Token) -> list[str]:
    """Lemmas of the direct objects of what the unit asserts: "won 48 percent of the delegates" is about a
    share ("percent"), "has been losing delegates to Cruz" about delegates."""
    heads = [h for head in dict.fromkeys((root, clause))
             for h in (head, *(c for c in head.children if c.dep_ in {"xcomp", "conj"}))]
    return list(dict.fromkeys(c.lemma_.lower() for h in heads for c in h.children if c.dep_ == "dobj"))


def qualifiers(clause: Token) -> list[str]:
    """The phrases that restrict a predicate: prepositional ones as ``"prep:object lemma"`` ("under:clause")
    and manner or degree adverbs as ``"adv:lemma"`` ("adv:immediately").

    "The mandate could not be upheld under the commerce clause" denies less than "the mandate was not
    upheld": it is compatible with "the mandate was upheld" on other grounds; "did not immediately
    respond" with "responded". "of" phrases belong to a noun, not to the predicate, and are left out.
    """
    out = []
    for child in clause.children:
        if child.dep_ == "prep" and child.lower_ != "of":
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            out.extend(f"{child.lower_}:{o.lemma_.lower()}" for o in objects)
        elif child.dep_ == "advmod" and child.pos_ == "ADV" and child.lower_ not in _PLAIN_ADVERBS:
            out.append(f"adv:{child.lemma_.lower()}")  # "did not *immediately* respond", "not *as sharply*"
    return out


def _number_value(text: str) -> float | None:
    match = _NUMERAL.search(text)
    if match:
        raw = match.group()
        try:
            return float(raw.replace(",", "")) if raw.count(".") <= 1 else None
        except ValueError:
            return None
    words = [w for w in re.findall(r"[a-z]+", text.lower()) if w in _WORD_NUMBERS]
    return _words_value(words) if words else None


_MULTIPLIERS = frozenset({"hundred", "dozen", "half", "third", "quarter", "thirds", "quarters"})


def _words_value(words: list[str]) -> float:
    """A number written in words: "one hundred" is 100 (not 1), "two dozen" 24, "two thirds" 2/3,
    "twenty five" 25; a multiplier alone counts once ("hundred", "a third")."""
    total = 0.0
    for word in words:
        if word in _MULTIPLIERS:
            total = (total or 1.0) * _WORD_NUMBERS[word]
        else:
            total += _WORD_NUMBERS[word]
    return total


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.4g}"


def _quantity(ent: SpacySpan) -> Quantity | None:
    """Normalise one number entity ("51.9 per cent" -> 51.9%, "$1.33", "17.4 million" -> 17400000)."""
    text = ent.text.lower().replace("per cent", "%").replace("percent", "%")
    value = _number_value(text)
    if value is None or (ent.label_ == "CARDINAL" and text.strip() == "one") or _in_code(ent):
        return None  # "one" is mostly a pronoun
    quantity = _plain_quantity(ent, text, value, _anchor(ent))
    return replace(quantity, aimed=_aimed(ent.root), part=_listed_part(ent.root), supposed=_supposed(ent.root),
                   holder=_holder(ent.root), bound=_bound(ent), start=_change_start(ent.root))


_PERCENT_SUFFIX = r"(?:%|\s*percent\b|\s*per cent\b)"
_RANGE_JOIN = r"\s*(?:to|-|–|and)\s*"
# "26 to 28 percent", "30-35%", "between 40 and 45 percent" after a bare first number (NER tags the first
# number alone, or not the second at all)
_RANGE_TAIL = re.compile(f"{_RANGE_JOIN}({_NUMERAL.pattern}){_PERCENT_SUFFIX}", re.IGNORECASE)
# "$5 to $7 million", "26 to 28 percent", "between 40 and 45 percent" inside one entity
_RANGE_INSIDE = re.compile(f"({_NUMERAL.pattern}){_PERCENT_SUFFIX}?{_RANGE_JOIN}[$£€]?\\s*({_NUMERAL.pattern})"
                           r"(?:\s*([a-z]+))?")


def _with_ranges(found: list[tuple[SpacySpan, Quantity]]) -> list[Quantity]:
    """The quantities of a unit, with a range read as one: "26 to 28 percent" is 26% (at least) and 28% (at
    most), not a count of 26 hung on "28"; "$5 to $7 million" starts at $5 million. A range that follows
    "from" is a change ("from 5 to 7 percent"): its first figure is where the change began, and no bound."""
    out: list[Quantity] = []
    claimed: set[int] = set()  # entities already taken as the high end of the range before them
    for ent, quantity in found:
        if ent.start in claimed:
            continue
        ends = _range_into_percent(ent, quantity, found, claimed) or _range_within(ent, quantity)
        out.extend(ends or [quantity])
    return out


def _range_into_percent(ent: SpacySpan, quantity: Quantity, found: list[tuple[SpacySpan, Quantity]],
                        claimed: set[int]) -> list[Quantity] | None:
    """A bare first figure (NER's count or date) followed by "to 28 percent": both ends, as percentages.
    The entity holding the second figure, if NER found one, goes into ``claimed``."""
    tail = _RANGE_TAIL.match(doc_text(ent.doc), ent.end_char)
    if not tail or quantity.kind not in {"count", "date"} or \
            (tail.group().lstrip()[:3].lower() == "and" and not _after_word(ent, "between")):
        return None
    second = [(e, q) for e, q in found if e.start_char <= tail.start(1) < e.end_char]
    claimed.update(e.start for e, _ in second)
    high = second[0][1] if second else None
    if high is None or high.kind != "percent":
        percent = next((t for t in ent.doc[ent.end:] if t.idx >= tail.start(1) and not t.like_num), ent.root)
        high = Quantity(f"{_fmt(float(tail.group(1).replace(',', '')))}%", "percent", percent.head.lemma_.lower(),
                        kind_of=_percent_base(percent), holder=quantity.holder)
    low = replace(high, value=f"{_fmt(_number_value(ent.text.lower()) or 0.0)}%", bound=quantity.bound)
    return _range_ends(low, high, _is_change(ent, quantity))


def _range_within(ent: SpacySpan, quantity: Quantity) -> list[Quantity] | None:
    """Both ends of a range NER tagged as one entity ("$5 to $7 million", "between 40 and 45 percent")."""
    text = ent.text.lower()
    inside = _RANGE_INSIDE.search(text)
    if not inside or quantity.kind not in {"percent", "money", "count"} or \
            (" and " in inside.group() and "between" not in text and not _after_word(ent, "between")):
        return None
    first, second = (float(inside.group(n).replace(",", "")) for n in (1, 2))
    if "-" in inside.group() and len(inside.group(2)) - len(inside.group(1)) >= 2:
        return None  # "plane number 42-97374": a serial number, not a range
    if quantity.kind == "percent":
        low, high = replace(quantity, value=f"{_fmt(first)}%"), replace(quantity, value=f"{_fmt(second)}%")
    else:  # the scale word after the second figure covers the first, unless that would pass it
        scale = _SCALES.get(inside.group(3) or "", 1.0)
        prefix = quantity.value[:len(quantity.value) - len(quantity.value.lstrip("$£€"))]
        low = replace(quantity, value=f"{prefix}{_fmt(first * scale if first <= second else first)}")
        high = replace(quantity, value=f"{prefix}{_fmt(second * scale)}")
    return _range_ends(low, high, _is_change(ent, quantity))


def _range_ends(low: Quantity, high: Quantity, change: bool) -> list[Quantity]:
    """The two ends of a range as bounds, or of a change as its start and its end. Two figures falling
    ("46 percent to 27 percent") are a score, not a range: both stand as stated."""
    if change:
        return [replace(low, start=True, bound=""), replace(high, start=False, bound="")]
    first, second = low.magnitude, high.magnitude
    if first == second:
        return [replace(low, start=False)]  # "a 50-50 split": one figure
    if first > second:
        return [replace(low, start=False), replace(high, start=False, bound="")]
    return [replace(low, bound=low.bound or "min", start=False), replace(high, bound=high.bound or "max", start=False)]


def _is_change(ent: SpacySpan, quantity: Quantity) -> bool:
    """The range follows "from" ("rose from 5 to 7 percent"), unless the verb is "range" itself ("fares
    range from 5% to 25% above the winter rate")."""
    ranging = any(t.lemma_.lower() == "range" for t in islice(ent.root.ancestors, 3))
    return (quantity.start or _after_word(ent, "from")) and not ranging


def _after_word(ent: SpacySpan, word: str) -> bool:
    """The entity opens with ``word`` or follows it ("between 40", "from 5")."""
    return ent[0].lower_ == word or (ent.start > 0 and ent.doc[ent.start - 1].lower_ == word)


def _anchor(ent: SpacySpan) -> str:
    """The word a number hangs on, so only numbers about the same thing are compared: a name with its
    compounds ("26-year-old Aurel Penhallow" / "22-year-old Davin Penhallow": two people), and a distance
    with the place it is measured from."""
    token = ent.root.head if ent.root.head.i != ent.root.i else ent.root
    words = [t.lower_ for t in token.children if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i < token.i] \
        if token.pos_ == "PROPN" else []
    return " ".join([*words, token.lemma_.lower()]) + _distance_reference(ent)


_CODE = re.compile(r"[A-Z]-\d|\d-[A-Z0-9]*[A-Z]")
_NON_SPACE = re.compile(r"\S*")


def _in_code(ent: SpacySpan) -> bool:
    """The number is part of a code or a name joined by a hyphen to capitals ("plate 316-ES9", "an F-16",
    "I-95"), not a quantity."""
    text, start = doc_text(ent.doc), ent.start_char
    while start and not text[start - 1].isspace():
        start -= 1
    return bool(_CODE.search(text[start:_NON_SPACE.match(text, ent.start_char).end()]))


_DISTANCE_UNITS = frozenset({"mile", "kilometer", "kilometre", "km", "foot", "feet", "yard", "meter", "metre"})


def _distance_reference(ent: SpacySpan) -> str:
    """For a distance, the place it is measured from (":boston" in "60 miles south of Boston"): distances
    from two places are two facts ("65 miles south of Cambridge")."""
    units = {t.lemma_.lower() for t in ent} | {ent.root.head.lemma_.lower()}
    if not units & _DISTANCE_UNITS:
        return ""
    for token in (ent.root.head, ent.root.head.head):
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in {"of", "from"}:
                places = [c for c in prep.children if c.dep_ == "pobj"]
                if places:
                    return ":" + places[0].lemma_.lower()
    return ""


_MORE_WORDS = frozenset({"other", "more", "additional", "further", "another", "extra"})


def _listed_part(token: Token) -> bool:
    """The number counts one item of a list of like items ("five *counts* of X, one *count* of Y"), or the
    rest beside something named ("the ambassador and three *other* Americans": four in all)."""
    if any(c.lower_ in _MORE_WORDS for c in token.children if c.dep_ == "amod"):
        return True  # "would add a further $76 billion": an amount on top of another
    noun = token.head
    if noun.i == token.i:
        return False
    if any(c.lower_ in _MORE_WORDS for c in noun.children if c.dep_ == "amod"):
        return True
    # the parser joins such lists by conjunction or by apposition ("five counts ..., one count ...")
    like = [*noun.conjuncts, *(c for c in noun.children if c.dep_ in {"appos", "conj"})]
    if noun.dep_ in {"appos", "conj"}:
        like.append(noun.head)
    return any(c.lemma_ == noun.lemma_ for c in like)


def _aimed(token: Token) -> bool:
    """The number is under a word of aim or expectation ("aimed at raising", "hopes to sell", "a goal of"),
    within its own clause."""
    for head in islice(token.ancestors, 6):
        if head.lemma_.lower() in AIM_WORDS or any(c.dep_ == "aux" and c.lower_ == "must" for c in head.children):
            return True
        if head.lemma_.lower() == "have" and any(c.dep_ == "xcomp" for c in head.children):
            return True  # "has to win 270 electoral votes": what is required, not what was won
        if head.dep_ in {"ccomp", "relcl", "advcl", "ROOT", "conj", "parataxis"}:
            return False
    return False


# Words a change hangs on, so that "from N" under them is where it began.
_CHANGE_WORDS = frozenset("""up down rise fall increase decrease drop climb jump grow shrink expand decline gain slip
inch edge dip surge plunge soar sink tick rebound shrinking improve improvement""".split())


def _change_start(token: Token) -> bool:
    """The number is where a change began: under "from" with a "to" beside it ("fell from 8.1% to 7.9%",
    "went from holding 14 seats to holding 13")."""
    if any(t.lower_ == "to" and t.dep_ == "quantmod" and _own_number(t.head, token) for t in token.subtree):
        return False  # "from 12% in 2016 to 14%" parsed with "to" on the 14: this is the 14
    for head in islice(token.ancestors, 5):
        if head.lower_ == "to" and head.dep_ in {"prep", "dative"}:
            return False  # the value it went to, though the parser may hang "to ..." under "from ..."
        if head.dep_ == "prep" and head.lower_ == "from":
            if head.head.lemma_.lower() in _CHANGE_WORDS:
                return True  # "up slightly from 31 percent", "grew from 12% in 2016 ..."
            # "to" as a preposition beside "from", or on a later figure hung under this one ("from 66% in
            # 2008 to 60% in 2012", where the parser puts the 60% under the 66%)
            return any((c.dep_ in {"prep", "dative"} or (c.dep_ == "quantmod" and c.i > token.i)) and c.lower_ == "to"
                       for c in (*head.head.children, *head.subtree))
    return False


def _own_number(number: Token, root: Token) -> bool:
    """Whether ``number`` belongs to the figure headed by ``root`` ("60" in "60%"), not to one hung under it."""
    return number == root or (number.head == root and number.dep_ in {"nummod", "compound", "quantmod"})


_LOWER_BOUND = re.compile(r"\b(?:at least|more than|over|upwards of|in excess of|no fewer than|no less than)\s*$")
_UPPER_BOUND = re.compile(r"\b(?:at most|no more than|up to|less than|fewer than|under)\s*$")


def _bound(ent: SpacySpan) -> str:
    """"min" for "at least 525" or "more than 80", "max" for "up to 30" or "fewer than 12": a figure that
    only bounds the true one, whether NER puts the hedge inside the entity or just before it."""
    doc = ent.doc
    first = next((t.i for t in ent if t.like_num or t.lower_ in _WORD_NUMBERS), ent.start)
    before = doc[max(0, first - 4):first].text.lower()
    return "min" if _LOWER_BOUND.search(before) else "max" if _UPPER_BOUND.search(before) else ""


def _supposed(token: Token) -> bool:
    """The number sits in a clause opened by "if" or "unless", or in what such a clause conditions ("If Cruz
    wins all 42 delegates, Trump would need 57 percent"): a supposition, not a figure stated."""
    for head in islice(token.ancestors, 8):
        if head.pos_ not in {"VERB", "AUX"}:
            continue
        if opens_condition(head) or any(c.dep_ == "advcl" and opens_condition(c) for c in head.children):
            return True
    return False


_HOLDER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
UNKNOWN_HOLDER = "?"  # "He carried it by 16 points", "that share fell to 20 percent": someone, not said who
_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
# People, never named in the clause; "it" is left out: it is most often the story's own subject ("By
# dawn it had sunk below $1.33": the pound) or no referent at all ("It was the first summit in 10 years").
_PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you"})


def _holder(token: Token) -> str:
    """Who the number is about, when that is a person or party: the subject of the nearest verb above it,
    as a name's last word or an office ("Obama beat Clinton by 18 points": "obama"; "the senator beat
    Clinton by 10 points": "senator"), else whom the verb is done for ("a dinner raised $2 million for
    Tolland": "tolland"). Empty for any other subject ("the storm killed 12 people" and "the
    hurricane killed 14" may be one event) or none: an empty holder fits any other. A personal pronoun or
    a demonstrative subject points back to something this unit does not name, so its figure is
    :data:`UNKNOWN_HOLDER`'s, which fits nothing (a relative pronoun stands for its antecedent). A possessor
    of the figure itself comes first ("48.1 percent to Brandt's 46.9 percent": "brandt")."""
    noun = token.head if token.dep_ == "nummod" else token
    owner = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
    if owner is not None:
        return _holder_name(owner)
    for head in islice(token.ancestors, 8):
        subject = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if head.pos_ not in {"VERB", "AUX"} or subject is None:
            continue
        if subject.i <= token.i <= subject.right_edge.i:
            return ""  # the number is part of the subject ("42 delegates were won")
        if subject.tag_ in {"WP", "WDT"} and head.dep_ == "relcl":
            subject = head.head  # "Tolland, who won the primary by 13 points"
        elif subject.lower_ in _PERSONAL_PRONOUNS or any(c.dep_ == "det" and c.lower_ in _DEMONSTRATIVES
                                                          for c in subject.children):
            return UNKNOWN_HOLDER
        parts = [subject, *(c for c in subject.conjuncts if c.i > subject.i)]
        if len(parts) == 1:  # "the gala raised $2 million for the Tolland campaign": the campaign's money
            beneficiaries = (o for p in head.children if p.dep_ == "prep" and p.lower_ == "for"
                             for o in p.children if o.dep_ == "pobj")
            return _holder_part(subject) or next(filter(None, map(_holder_part, beneficiaries)), "")
        # "Smith and his allied groups spent $50 million": the parties together, not Smith alone
        held = sorted({_holder_part(part) or part.lemma_.lower() for part in parts})
        return " + ".join(held)
    return ""


def _holder_name(token: Token) -> str:
    """A named holder: the gazetteer's key where it knows the whole name ("the U.S." and "the United
    States" are both ``state:USA``), else the name's last word ("obama" for "Barack Obama" and "Obama")."""
    words = [c for c in token.children if c.dep_ == "compound" and c.i < token.i] + [token]
    known = gazetteer().lookup(" ".join(t.text for t in words))
    return known.entry.key if known is not None else token.lower_


def _holder_part(subject: Token) -> str:
    """One subject as a holder: a name's word, an office, or a common noun owned by a name ("the Obama
    campaign": "obama campaign", so its spending is not the Romney and Obama teams'); else empty."""
    if subject.pos_ == "PROPN" or subject.ent_type_ in _HOLDER_LABELS \
            or (subject.text[:1].isupper() and subject.i > subject.sent.start):
        return _holder_name(subject)
    if gazetteer().office(subject.text):
        return subject.lemma_.lower()
    names = [c for c in subject.children if c.dep_ in {"compound", "poss", "nmod"} and c.pos_ == "PROPN"]
    owners = [t.lower_ for name in names for t in (name, *name.conjuncts) if t.pos_ == "PROPN"]
    # "Their support for Obama rose to 74 percent": some group's, not the whole poll's; support for someone
    owners += [c.lower_ for c in subject.children if c.dep_ == "poss" and c.pos_ == "PRON"]
    owners += [o.lower_ for c in subject.children if c.dep_ == "prep" and c.lower_ == "for"
               for o in c.children if o.dep_ == "pobj" and o.pos_ == "PROPN"]
    return " ".join(sorted(set(owners)) + [subject.lemma_.lower()]) if owners else ""


def _plain_quantity(ent: SpacySpan, text: str, value: float, anchor: str) -> Quantity:
    """The value normalised by kind: percent, money, duration, year or date, ordinal, else a count."""
    words = set(re.findall(r"[a-z]+", text))
    numeral = _NUMERAL.search(text)
    if numeral:  # the scale of the first figure: "312,000 to 4.6 million" is 312,000, not 312 billion
        following = re.match(r"\s*([a-z]+)", text[numeral.end():])
        scale = _SCALES.get(following.group(1), 1.0) if following else 1.0
    else:
        scale = next((_SCALES[w] for w in words if w in _SCALES), 1.0)
    currency = next((_CURRENCY[k] for k in _CURRENCY if k in text.split() or text.startswith(k)
                     or (len(k) == 1 and k in text)), None)  # "about $120 billion": the sign after a hedge
    if "%" in text or ent.label_ == "PERCENT":
        return Quantity(f"{_fmt(value)}%", "percent", anchor, kind_of=_percent_base(ent.root))
    if currency or ent.label_ == "MONEY":
        return Quantity(f"{currency or ''}{_fmt(value * scale)}", "money", anchor)
    if words & _DURATIONS:
        unit = next(w for w in ("century", "decade", "year", "month", "week", "day", "hour", "minute")
                    if w in words or w + "s" in words or (w == "century" and "centuries" in words))
        return Quantity(f"{_fmt(value * scale)} {unit}s", "duration", anchor)
    if ent.label_ == "DATE":
        year = _YEAR.fullmatch(_NUMERAL.search(text).group()) if _NUMERAL.search(text) else None
        return Quantity(year.group() if year else ent.text.lower(), "year" if year and
                        text.strip() == year.group() else "date", anchor)
    if ent.label_ == "ORDINAL":
        return Quantity(ent.text.lower(), "ordinal", anchor)
    return Quantity(_fmt(value * scale), "count", anchor, _governing_verb(ent.root), kind_of=_kind_of(ent.root))


def _percent_base(token: Token) -> str:
    """What a percentage is a share or a change of, as content lemmas: "defense spending" in "13 percent of
    defense spending", "pay" in "a 20 percent pay cut", "government reimbursement" in "a 2 percent cut in
    government reimbursements"; "" where the sentence does not say. Shares of different things are
    different facts."""
    phrases = [c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"]
    words: list[Token] = []
    head = token.head
    issue = _poll_issue(head)
    if issue:
        return issue
    if not phrases:
        if token.dep_ == "nsubj" and head.pos_ == "VERB":
            answer = next((c for c in head.children if c.dep_ in {"ccomp", "xcomp"} and c.pos_ == "VERB"), None)
            # "23 percent said the opposite": the answer is the verb's own object when no clause follows
            return _answer(answer if answer is not None else head)
        if token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ in _PERCENT_WORDS:
            return _percent_base(head.head)  # "by 20 percent to 25 percent": one range, one base
        if token.dep_ == "pobj" and head.lower_ in {"by", "to"} and head.head.pos_ == "VERB":
            return _changed_thing(head.head)
        if token.dep_ in {"compound", "amod", "nmod", "nummod"} and head.pos_ == "NOUN":
            words = [c for c in head.children if c.dep_ == "compound" and c.i != token.i]
            phrases = [c for c in head.children if c.dep_ == "prep" and c.lower_ in {"of", "in"}]
    words += [t for prep in phrases for c in prep.children if c.dep_ == "pobj" for t in c.subtree]
    return " ".join(t.lemma_.lower() for t in words if t.is_alpha and not t.is_stop)


_PERCENT_WORDS = frozenset({"percent", "%", "cent"})
# Words a poll's figures hang on when they answer a question about one issue ("leads on the economy")
_POLL_LEAD_WORDS = frozenset({"lead", "trust", "advantage", "edge", "prefer", "favor", "favour", "approve"})


def _poll_issue(head: Token) -> str:
    """The issue a poll figure is about, as ``on:`` and content lemmas ("a lead on handling the economy":
    ``on:handle economy``); "" for the horse race. A lead on one issue and the overall lead are answers to
    two questions, not two figures for one."""
    leads = [t for t in (head, *(c for c in head.children if c.dep_ in {"dobj", "attr"}))  # "holds a lead on"
             if t.lemma_.lower() in _POLL_LEAD_WORDS]
    # "on ..." hangs on the lead or on the verb that has it ("holds a lead ... on handling the budget")
    hosts = leads + [lead.head for lead in leads if lead.dep_ in {"dobj", "attr"}]
    topics = [o for host in hosts for c in host.children if c.dep_ == "prep" and c.lower_ == "on"
              for o in c.children if o.dep_ in {"pobj", "pcomp"}]
    words = [t.lemma_.lower() for o in topics for t in o.subtree if t.is_alpha and not t.is_stop]
    return "on:" + " ".join(words) if words else ""


def _changed_thing(verb: Token) -> str:
    """What a change "by" or "to" a percentage is of: the verb's object, else its subject ("cut its emissions
    by 26 percent": "emission"; "the share rose to 20 percent": "share"), as content lemmas."""
    thing = next((c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}), None) \
        or next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if thing is None and verb.dep_ == "acl":  # "the share of power made by wind turbines to 45 percent"
        thing = verb.head.head.head if verb.head.dep_ == "pobj" and verb.head.head.lower_ == "of" else verb.head
    if thing is None:
        return ""
    return " ".join(t.lemma_.lower() for t in thing.subtree if t.is_alpha and not t.is_stop and t.pos_ != "PRON")


def _answer(verb: Token) -> str:
    """A poll share's answer as one word: "37 percent told us they would not back Tolland" is the share of
    ``back~not:tolland``, so "19 percent told us they would back a third candidate" (``back:candidate``)
    is another share, not a second figure for the same one."""
    negated = "~not" if any(c.dep_ == "neg" for c in verb.children) else ""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "attr"}]
    objects += [o for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    return f"{verb.lemma_.lower()}{negated}:{objects[0].lemma_.lower() if objects else ''}"


def _kind_of(token: Token) -> str:
    """What the counted things are counts of: "false statement" in "five counts of false statements", ""
    for "seven counts". Five of one kind may be part of seven in all, so only counts of one kind compare."""
    noun = token.head if token.dep_ == "nummod" else token
    rate = next((f" per {c.lemma_.lower()}" for c in noun.children if c.dep_ == "npadvmod"
                 and c.lemma_.lower() in _RATE_UNITS and any(d.lower_ in _PER_WORDS for d in c.children)), "")
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in _SUMMARY_NOUNS:
        return noun.head.head.lemma_.lower() + rate  # "an average of 90,000 jobs a month": not one month's count
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if objects:
                return " ".join(t.lemma_.lower() for t in objects[0].subtree if t.is_alpha and not t.is_stop) + rate
    return rate.strip()


def _governing_verb(token: Token) -> str:
    """Lemma of the nearest verb above ``token``: what a counted group did ("31 Democrats *said*"); a
    participle on the counted noun says it first ("of the 3 million jobs *lost*, a million ...")."""
    noun = token.head if token.dep_ == "nummod" else token
    while noun.dep_ == "nummod" or (noun.pos_ == "NUM" and noun.head is not noun and noun.head.pos_ == "NOUN"):
        noun = noun.head
    participle = next((c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
    if participle is not None:
        return participle.lemma_.lower()
    return next((head.lemma_.lower() for head in islice(token.ancestors, 8) if head.pos_ in {"VERB", "AUX"}), "")


def _entity_text(ent: SpacySpan) -> str:
    text = _ENTITY_PREFIX.sub("", ent.text.strip()).lower()
    return re.sub(r"['’]s$", "", text).strip()


def _ents_within(span: SpacySpan) -> list[SpacySpan]:
    """The entities inside ``span`` as ``Span.ents`` finds them (up to the first one running past its end),
    else every entity inside it; from the parse's entities built once."""
    ents = doc_ents(span.doc)
    first = bisect.bisect_left(ents, span.start, key=lambda e: e.start)
    found = []
    for ent in ents[first:]:
        if ent.end > span.end:
            break
        found.append(ent)
    return found or [e for e in ents[first:] if e.end <= span.end]


def describe(document: Document, span: SpacySpan, statements: Sequence[Statement] = (),
             actors: ActorIndex | None = None) -> ClaimUnit:
    """A :class:`ClaimUnit` for any span of a parsed document (also used to score sentence pairs).

    With ``actors`` (the document's), the unit also lists the actor actions it asserts.
    """
    root = _clause_root(span) or span.root
    start, end = span.start_char, span.end_char
    furniture = [(r.start, r.end) for r in document.inner_boilerplate(start, end)]

    def prose(a: int, b: int) -> bool:  # not inside a link card or photo credit pasted into the sentence
        return not any(r0 <= a and b <= r1 for r0, r1 in furniture)

    ents = _ents_within(span)
    ents = [e for e in ents if prose(e.start_char, e.end_char)]
    quantities = _with_ranges([(e, q) for e in ents if e.label_ in NUMBER_LABELS
                               for q in (_quantity(e),) if q is not None])
    entities = list(dict.fromkeys(_entity_text(e) for e in ents if e.label_ in ENTITY_LABELS))
    lemmas = [t.lemma_.lower() for t in span if t.is_alpha and not t.is_stop and len(t.text) > 1
              and prose(t.idx, t.idx + len(t.text))]
    clause = _asserted_clause(root)
    return ClaimUnit(doc=document.id, start=start, end=end, text=document.readable(start, end),
                     attributed_to=_attribution(start, end, statements), polarity=polarity(clause),
                     numbers=[q.value for q in quantities], entities=[e for e in entities if e],
                     quantities=quantities, lemmas=lemmas, predicate=root.lemma_.lower(),
                     qualifiers=qualifiers(clause), asserted=asserted_predicates(root, clause),
                     objects=asserted_objects(root, clause), denied=_denied(span),
                     actions=action_keys(span, actors) if actors is not None else [])


def _denied(span: SpacySpan) -> list[str]:
    """Lemmas of the words negated anywhere in the span ("they cannot *support* the bill", "revenue that
    cannot *pass*"): a unit does not assert what it denies, even in a clause below its main verb."""
    return list(dict.fromkeys(t.lemma_.lower() for t in span if any(c.dep_ == "neg" for c in t.children)))


def _attribution(start: int, end: int, statements: Sequence[Statement]) -> str | None:
    """The statement whose content makes up the largest share (at least ATTRIBUTION_SHARE) of the unit."""
    best, best_share = None, ATTRIBUTION_SHARE
    for statement in statements:
        inside = max(0, min(end, statement.content.end) - max(start, statement.content.start))
        share = inside / max(1, end - start)
        if share >= best_share:
            best, best_share = statement.id, share
    return best


def extract_claims(document: Document, sdoc: Doc, statements: Sequence[Statement] = (),
                   actors: Sequence[Actor] = ()) -> list[ClaimUnit]:
    """The claim units of ``document`` in text order; ``sdoc`` must be ``nlp(document.text)``.

    ``statements`` (this document's) let a unit that reports someone's words point at that statement,
    so a reader can tell what a source asserts from what it quotes others asserting. ``actors`` (this
    document's) give each unit its actor actions (:mod:`manysides.extract.actions`).
    """
    index = ActorIndex(actors)
    units: list[ClaimUnit] = []
    for sent in sdoc.sents:
        sent = _trim(sent)
        if len(sent) == 0 or not _is_claim(document, sent, sent.root):
            continue
        for clause in _clauses(sent):
            clause = _within_prose(document, clause)
            if clause is not None:
                units.append(describe(document, clause, statements, index))
    return units


def _within_prose(document: Document, clause: SpacySpan) -> SpacySpan | None:
    """The clause without page furniture at its edges: ``None`` when it starts inside a link card pasted
    into its sentence (the headlines of other stories, not a claim of this one), and cut where one
    begins and runs past its end. Furniture inside the clause stays and is read around (see ``describe``)."""
    end = clause.end_char
    for region in document.boilerplate:
        if clause.start_char < region.start < end < region.end:
            end = region.start
    if end < clause.end_char:
        cut = clause.doc.char_span(clause.start_char, end, alignment_mode="contract")
        if cut is None:
            return None
        clause = _trim(cut)
        if _word_count(clause) < MIN_WORDS:
            return None
    return None if document.in_boilerplate(clause.start_char, clause.end_char) else clause
