"""Who said what: direct quotations, partial quotations and reported speech, with their speakers.

The extractor is rule-based on top of the spaCy parse, because no attribution model installs offline and
the rules are easy to audit. Two passes run over a document:

1. **Quotations.** Double quote marks are paired (:mod:`manysides.extract.cues`), then each quotation is
   tied to the cue that governs it in the parse ("…," said X; X warned: "…"; described it as "…"). Short
   quoted phrases that nothing governs are scare quotes or terms ("red lines") and are dropped.
2. **Reported speech, beliefs and stances.** A cue verb with a clausal complement (X insisted [that] …),
   "according to X", cue nouns carrying a clause (X's view is that …), stance verbs with a noun-phrase or
   prepositional object (X endorsed Y for president, X spoke about Y, X called Y a Z, X accused Y of Z),
   stance and intent nouns (X's support for Y, X's plan to …), stance adjectives (X is confident that …)
   and "Name: …" headlines give indirect statements.

Speakers (the subject of the cue, or the speaker carried over from the statement before) and their link to
the document's actors live in :mod:`manysides.extract.speakers`; ``resolve_speaker`` is re-exported here.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span as SpacySpan, Token

from manysides.extract.cues import (
    CUE_NOUNS, CUE_VERBS, HEADLINE_LABELS, INTENT_NOUNS, INTENT_VERBS, NAMING_VERBS, OBJECT_VERBS, PLACE_OBJECTS,
    PREP_OBJECT_VERBS, QUOTE_ONLY_VERBS, REGARD_VERBS, SPEECH_VERBS, STANCE_ADJECTIVES, STANCE_NOUNS, colon_cue,
    cue_lemma, finite_clause, governing_cue, is_cue, looks_like_title, mistagged_cue, nearby_cue, opens_condition,
    quote_frame, quote_kind,
)
from manysides.extract.speakers import (
    agentive_subject, carry_speakers, holds_views, joint_parts, name_span, passive_agent, resolve_speaker, speaker_of,
    subject_span, MentionFacts, NAMING_ENTITIES, mention_facts, window_start,
)
from manysides.model import Actor, Document, Span, Statement
from manysides.nlp.pipeline import doc_ents
from manysides.nlp.quotes import Quotation, find_quotations

__all__ = ["extract_statements", "resolve_speaker"]

_NOUN_DETERMINERS = frozenset({"the", "a", "an", "so-called", "this", "that", "these", "those", "its", "their"})
_MARKS = frozenset('"“”‘’\'')
_DOUBLE_MARKS = frozenset({'"', "“", "”", "''", "``"})  # as tokens
_CLOSING_DOUBLE_MARKS = frozenset({'"', "”", "''"})
# Speech verbs that, conjoined inside a reported clause, continue the report rather than belong to it:
# "said A and added B" (but "said he would sit them down and tell them B").
_CONTINUING_VERBS = frozenset({"add", "say", "continue", "note", "explain", "insist", "argue", "stress", "warn",
                               "declare", "conclude", "write", "tweet", "acknowledge", "admit"})
# Verbs that are not cues for quotations but carry a stance through their object or infinitive.
_STANCE_VERBS = OBJECT_VERBS | INTENT_VERBS | frozenset(PREP_OBJECT_VERBS) | REGARD_VERBS
_TENSED_TAGS = frozenset({"VBD", "VBP", "VBZ", "MD"})
_CUE_POS = frozenset({"VERB", "AUX", "NOUN", "PROPN"})  # is_cue: VERB/AUX; mistagged_cue: NOUN/PROPN


@dataclass(frozen=True, slots=True)
class _Found:
    """A statement before ids and actors are assigned; offsets are document characters."""

    kind: str
    start: int
    end: int
    speaker: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    from_quote: bool = False
    speech: bool = False  # the cue is a verb of saying (not of wanting, planning or agreeing)


class _Context:
    """The document, its parse and lookups shared by both passes."""

    def __init__(self, document: Document, sdoc: Doc) -> None:
        self.document = document
        self.sdoc = sdoc
        self.quotations = find_quotations(document.text)
        self._starts = [t.idx for t in sdoc]
        self._name_words: frozenset[str] | None = None
        self.quoted = [False] * len(sdoc)
        for q in self.quotations:
            end = q.close_end if q.close_end is not None else q.end
            for i in range(self.token_at(q.open_at), self.token_at(max(q.open_at, end - 1)) + 1):
                self.quoted[i] = True

    def name_words(self) -> frozenset[str]:
        """Lower-cased words of the document's person, organisation and place entities not printed in capitals."""
        if self._name_words is None:
            self._name_words = frozenset(t.lower_ for e in doc_ents(self.sdoc) if e.label_ in NAMING_ENTITIES
                                         for t in e if t.is_alpha and not t.is_upper)
        return self._name_words

    def token_at(self, char: int) -> int:
        """Index of the token that contains (or is the last to start before) character ``char``."""
        return max(0, bisect.bisect_right(self._starts, char) - 1)

    def tokens(self, start: int, end: int) -> SpacySpan:
        """The tokens covering characters ``[start, end)``."""
        return self.sdoc[self.token_at(start):self.token_at(max(start, end - 1)) + 1]


# ------------------------------------------------------------------------------------------ quotations

def _quote_statement(ctx: _Context, q: Quotation) -> _Found | None:
    """Turn one quotation into a statement, or ``None`` for a scare quote, a term or a title."""
    inner = ctx.tokens(q.start, q.end)
    words = [t for t in inner if t.is_alpha or t.like_num]
    if not words:
        return None
    before, after = quote_frame(ctx.sdoc, ctx.quoted, ctx.token_at, q)
    cue = governing_cue(inner, ctx.quoted)
    governed = cue is not None
    if cue is None:
        cue = colon_cue(before) or _as_clause_cue(inner, ctx.quoted)
        governed = cue is not None
    naming = governed and cue.lemma_.lower() in NAMING_VERBS
    if len(words) <= 6 and not naming and looks_like_title(inner, before):
        return None
    prev = [t for t in before if not t.is_space and t.text not in _MARKS]
    if len(words) <= 4 and not naming and prev and prev[-1].lower_ in _NOUN_DETERMINERS:
        return None  # 'mocked the "strongman synergy"': a quoted term used as a noun
    if not governed:
        if len(words) <= 4 or looks_like_title(inner, before) \
                or (prev and prev[-1].lower_ in _NOUN_DETERMINERS):
            return None
        cue = nearby_cue(before, after)
    elif len(words) == 1 and not naming:
        return None
    kind = quote_kind(ctx.document.text, q, before)
    speaker = speaker_of(cue, ctx.quoted) if cue is not None else None
    cue_span = (cue.idx, cue.idx + len(cue.text)) if cue is not None else None
    end = q.end
    while end > q.start and ctx.document.text[end - 1] in ",;:":
        end -= 1  # "extremely productive," — the comma belongs to the sentence, not the quotation
    return _Found(kind, q.start, end, speaker, cue_span, from_quote=True)


def _as_clause_cue(inner: SpacySpan, quoted: Sequence[bool]) -> Token | None:
    """The cue of an "as X said" clause in the quotation's sentence: 'the "primary roots", as Putin put it'.

    The clause attaches to the main verb, not to the quotation, so the parse gives no governing cue;
    it still says whose words the quotation is. It needs its own subject ("as expected" is no cue).
    """
    for token in inner.sent:
        if quoted[token.i] or not is_cue(token) or token.dep_ != "advcl":
            continue
        if cue_lemma(token) not in SPEECH_VERBS and token.lemma_.lower() != "put":
            continue
        children = list(token.children)
        if any(c.dep_ == "mark" and c.lower_ == "as" for c in children) \
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in children):
            return token
    return None


# ------------------------------------------------------------------------------------ reported speech

def _clause_span(ctx: _Context, head: Token, skip: Token | None = None) -> tuple[int, int] | None:
    """Characters of the clause headed by ``head``, without a leading "that"/quote mark or trailing punctuation.

    ``skip`` (a cue inside the clause, as in "The plan, he said, will fail") and any cue participle hanging
    off the clause ("…, declaring, “…”", a statement of its own) are cut out; the unbroken stretch of words
    around ``head`` is kept.
    """
    cut = set() if skip is None else {t.i for t in skip.subtree}
    for token in head.subtree:
        if token.lower_ == "according" and token.dep_ == "prep" and token.i > head.i and is_cue(token) \
                and head.doc[token.i - 1].is_punct \
                and all(t.is_punct for t in head.doc[token.right_edge.i + 1:head.right_edge.i + 1]):
            cut.update(t.i for t in token.subtree)  # a closing "…, according to Y" names who says the clause
            continue
        if token.i != head.i and token.dep_ in ("advcl", "conj", "parataxis") and is_cue(token) \
                and token.lemma_.lower() in SPEECH_VERBS and (token.dep_ != "advcl" or not any(
                    c.dep_ in ("nsubj", "nsubjpass", "mark") for c in token.children)) \
                and not (token.dep_ == "conj" and token.lemma_.lower() not in _CONTINUING_VERBS
                         and not any(c.dep_ == "nsubj" for c in token.children)):
            cut.update(t.i for t in token.subtree)
        if token.i != head.i and _walks_out(token):
            cut.update(t.i for t in token.subtree)
    run = [head]
    while run[0].i > head.left_edge.i and run[0].i - 1 not in cut:
        run.insert(0, head.doc[run[0].i - 1])
    while run[-1].i < head.right_edge.i and run[-1].i + 1 not in cut:
        run.append(head.doc[run[-1].i + 1])
    while run and (run[0].dep_ == "mark" and run[0].lower_ in ("that", "for")
                   or run[0].is_punct or run[0].is_space):
        run = run[1:]
    while run and (run[-1].is_punct or run[-1].is_space or run[-1].dep_ == "cc") \
            and run[-1].text not in _CLOSING_DOUBLE_MARKS:
        run = run[:-1]
    if len([t for t in run if not t.is_punct]) < 2:
        return None
    end = run[-1].i + 1
    if end < len(head.doc) and head.doc[end].text in _CLOSING_DOUBLE_MARKS and _opens_quote([t.text for t in run]):
        run.append(head.doc[end])  # the parser hung the closing mark on the main verb: keep the quotation whole
    return run[0].idx, run[-1].idx + len(run[-1].text)


# Leaving a room, a stage or a call: what a speaker does after speaking ("said A and then left the room").
_EXITS = frozenset({"leave", "walk", "storm", "hang", "head", "rush", "stride"})
_EXIT_PLACES = frozenset({"room", "stage", "podium", "chamber", "building", "meeting", "floor", "hall", "studio",
                          "briefing", "microphone", "lectern", "call", "phone", "interview"})


def _walks_out(verb: Token) -> bool:
    """A verb joined to a reported clause that tells how the speaker left ("said A and left the room", "…
    and walked out"): no subject of its own and an exit particle or place, so it is narration, not report."""
    if verb.dep_ != "conj" or verb.pos_ != "VERB" or verb.lemma_.lower() not in _EXITS \
            or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    return any((c.dep_ in ("prt", "advmod") and c.lower_ in ("out", "off", "away", "up"))
               or (c.dep_ in ("dobj", "pobj", "prep") and (c.lemma_.lower() in _EXIT_PLACES or any(
                   g.dep_ == "pobj" and g.lemma_.lower() in _EXIT_PLACES for g in c.children)))
               for c in verb.children)


def _opens_quote(words: Sequence[str]) -> bool:
    """Whether the words leave a quotation open: more “ than ” (or `` than ''), or an odd number of straight
    marks (" or, with no ``, '')."""
    typewriter = words.count("``") > words.count("''") if "``" in words else words.count("''") % 2 == 1
    return words.count("“") > words.count("”") or words.count('"') % 2 == 1 or typewriter


def _object_span(ctx: _Context, verb: Token, xcomp: Token) -> tuple[int, int] | None:
    """Content of "X urged Congress to act" / "X vowed to fight": from the object (if any) to the end of the
    infinitive clause."""
    span = _clause_span(ctx, xcomp)
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < xcomp.i), None) or _called_on(verb, xcomp)
    if span is None or obj is None:
        return span
    return obj.left_edge.idx, span[1]


def _about_phrase(verb: Token, obj: Token) -> Token | None:
    """A "for"/"as"/"of" phrase of ``verb`` right after its object: what the stance is about ("accused him [of
    lying]", "praised the deal [as historic]")."""
    after = obj.right_edge.i + 1
    return next((c for c in verb.rights if c.i == after and c.dep_ == "prep" and c.lower_ in ("for", "as", "of")),
                None)


def _called_on(verb: Token, xcomp: Token | None) -> Token | None:
    """The one *called on* to act, in "called on the council to reopen the bridge" (before ``xcomp``, or
    before any infinitive of the verb when ``xcomp`` is None)."""
    if cue_lemma(verb) != "call":
        return None
    infinitive = xcomp or next((c for c in verb.children if c.dep_ == "xcomp" and _infinitive(c)), None)
    if infinitive is None:
        return None
    return next((o for c in verb.children if c.dep_ == "prep" and c.lower_ in ("on", "upon") and c.i < infinitive.i
                 for o in c.children if o.dep_ == "pobj"), None)


def _noun_object_span(ctx: _Context, verb: Token, obj: Token) -> tuple[int, int] | None:
    """Content of "endorsed Cruz for president", "praised the deal as historic", "accused X of lying": the
    object, and a "for"/"as"/"of" phrase of the verb right after it, which says what the stance is about."""
    span = _clause_span(ctx, obj)
    extra = _about_phrase(verb, obj)
    if span is None and not (obj.pos_ == "PROPN" or (obj.lower_ in _OBJECT_PRONOUNS and extra is not None)):
        return None  # a bare "this" or "it" says nothing; "accused him of sexism" does
    span = span or (obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge.text))
    if extra is not None:
        tail = _clause_span(ctx, extra)
        span = (span[0], tail[1]) if tail is not None else span
    return _continued_object(ctx, verb, span)


# Prepositions that, right after a stance verb's object, still say what the stance is ("showed Clinton with a
# lead", "credited the win to the volunteers", "praised the deal over the objections of …"). Others mostly
# give the time, place or occasion of speaking ("in an interview", "on Monday", "at a rally", "during the
# debate"), which is no part of what was said.
_OBJECT_PREPS = frozenset({"to", "with", "for", "over", "about", "against", "than", "because", "except", "without"})


def _continued_object(ctx: _Context, verb: Token, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` (a stance verb's object) extended over what the parser hung on the verb right after it, with no
    comma between: a phrase with one of :data:`_OBJECT_PREPS` or a "to" infinitive ("praised the efforts of
    the envoy to end the war", where the infinitive belongs to "efforts")."""
    end = ctx.token_at(span[1] - 1)
    for sib in verb.rights:
        if sib.i <= end:
            continue
        adjoining = sib.left_edge.i == end + 1 and not ctx.quoted[sib.i]
        infinitive = sib.dep_ == "advcl" and not any(c.dep_ == "mark" for c in sib.children) \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in sib.children)
        if not adjoining or not (infinitive or (sib.dep_ == "prep" and sib.lower_ in _OBJECT_PREPS)):
            break
        tail = _clause_span(ctx, sib)
        if tail is None or tail[0] < span[1]:
            break
        span, end = (span[0], tail[1]), ctx.token_at(tail[1] - 1)
    return span


def _naming_span(ctx: _Context, verb: Token) -> tuple[int, int] | None:
    """Content of "called Trump a fascist", "described the plan as reckless": the object and what it is called."""
    parts = [c for c in verb.rights if (c.dep_ in ("dobj", "oprd", "xcomp", "ccomp") and not _infinitive(c))
             or (c.dep_ == "prep" and c.lower_ == "as" and not _as_a_whole(c))]
    if len(parts) == 1 and parts[0].dep_ == "dobj":  # "see the old quarry as wasted land", "as" on the object
        parts += [c for c in parts[0].rights if c.dep_ == "prep" and c.lower_ == "as" and not _as_a_whole(c)][:1]
    start, end = (parts[0].left_edge, parts[-1].right_edge) if len(parts) >= 2 else (verb, verb)
    if len(parts) < 2 or any(ctx.quoted[start.i:end.i + 1]):
        return None  # 'described the talks as "tough but honest"': the quotation is the statement
    while end.i > start.i and (end.is_punct and end.text not in "’'"):
        end = end.doc[end.i - 1]
    return start.idx, end.idx + len(end.text)


def _infinitive(verb: Token) -> bool:
    """A "to" infinitive: "called them to testify" names the task they were given, not what they were called."""
    return verb.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _as_a_whole(prep: Token) -> bool:
    """"see the country as a whole vote to leave": the idiom qualifies the object and names no view of it
    ("see the plan as a whole new tax" does: an adjective or "lot" follows)."""
    following = prep.doc[prep.i + 1:prep.i + 4]
    return [t.lower_ for t in following[:2]] == ["a", "whole"] and not (
        len(following) == 3 and (following[2].tag_.startswith("JJ") or following[2].lower_ == "lot"))


def _set_off(clause: Token, cue: Token) -> bool:
    """Reported words placed before their verb are set off by punctuation ("The economy is weak, he said");
    without it the parse has hung a sentence's start on a later verb ("Romney's main contribution ... it's
    obvious he hopes to avoid ...")."""
    return any(t.is_punct and t.text in _SETTING_OFF for t in cue.doc[clause.right_edge.i + 1:cue.i])


_SETTING_OFF = frozenset({",", ":", "—", "–", "-", "--", ";", '"', "”", "’", "'"})
# Adverbial clauses that give the reported claim's reason or condition ("said the bridge is unsafe because
# the cables are rusted"): the speaker's words, though the parser hangs them on the cue verb.
_REASON_MARKS = frozenset({"because", "if", "unless", "although"})


def _continued_report(ctx: _Context, cue: Token, clause: Token, span: tuple[int, int],
                      taken: set[int]) -> tuple[int, int]:
    """``span`` (the content of ``cue``'s complement ``clause``) extended over the rest of the report, which
    the parser hung on the cue verb instead of on the clause.

    A later child of the cue continues the report when it is another complement headed by a verb (the
    parser often splits one clause between its subject and its verb: "hoped the sonar tested in Norway |
    can help", "said the inquiry had no link to the port, | had begun in March"), a conjunct with a "that"
    of its own ("said A, but that B") or a clause of reason or condition ("said A because B"), and only a
    comma, semicolon, conjunction or "that" stands between it and the content. A conjunct verb without its
    own "that" is left out, with or without a subject: in "said A and left the room" or "said A, but she
    declined to comment" it tells what the speaker did, not what they said (on PolNeAR train such
    conjuncts were outside the annotated content about as often as inside). The children joined are added
    to ``taken``, so that a joined complement is not a statement of its own as well.
    """
    end = ctx.token_at(span[1] - 1)
    for sib in cue.rights:
        if sib.i <= max(end, clause.right_edge.i) or sib.dep_ in ("punct", "cc"):
            continue  # the words between are checked below
        kids = list(sib.children)
        marks = {c.lower_ for c in kids if c.dep_ == "mark"}
        continues = (sib.dep_ == "ccomp" and sib.pos_ in ("VERB", "AUX")) \
            or (sib.dep_ == "conj" and marks & {"that", "whether"}) \
            or (sib.dep_ == "advcl" and marks & _REASON_MARKS)
        if not continues or ctx.quoted[sib.i] or (is_cue(sib) and any(
                c.dep_ in ("nsubj", "nsubjpass", "ccomp", "dobj", "xcomp") for c in kids)):
            break  # a cue verb with a subject or object of its own makes another statement ("…, added that …")
        tail = _clause_span(ctx, sib)
        if tail is None or tail[0] < span[1]:
            break
        if not all(t.is_space or t.text in (",", ";") or t.dep_ in ("cc", "mark")
                   for t in cue.doc[end + 1:ctx.token_at(tail[0])]):
            break
        span, end = (span[0], tail[1]), ctx.token_at(tail[1] - 1)
        taken.add(sib.i)
    return span


def _verb_statements(ctx: _Context, token: Token) -> list[_Found]:
    """Indirect statements governed by cue verb ``token``: "X insisted (that) …", "X called for …"."""
    lemma = cue_lemma(token)
    out: list[_Found] = []
    cue = (token.idx, token.idx + len(token.text))
    if _extraposed(token):
        return []  # an "it is <adjective> to say" frame: the author's own words, not a report of anyone's
    if _withheld(token):
        return []  # "did not say the bridge was unsafe": reported as not said, so it is no one's statement
    if _imperative(token):
        return []  # "Expect to hear more from him": the author addressing the reader
    if _supposed(token):
        return []  # "for fear of encouraging others to follow": what might happen, said by no one
    if token.dep_ == "ccomp" and (relayed := _misparsed_report(token.head, token)) is not None:
        span = _clause_span(ctx, relayed)  # "X said it failed, the Gazette reported": the Gazette reported all of it
        return [] if span is None else [_Found("indirect", _first_word(token.head.left_edge).idx, span[1],
                                               speaker_of(token, ctx.quoted), cue, speech=True)]
    taken: set[int] = set()  # later complements already joined to the report before them
    for child in token.children:
        span = None
        if child.i in taken:
            continue
        if child.dep_ == "ccomp" and (inner := _misparsed_report(token, child)) is not None:
            if inner.head.i != token.i:  # a complement of its own is taken where the loop reaches it
                span = _clause_span(ctx, inner)  # "X said [it failed], the Gazette reported": X said only that
        elif child.dep_ == "ccomp" and finite_clause(child) and lemma not in QUOTE_ONLY_VERBS \
                and (child.i > token.i or (lemma in CUE_VERBS and _set_off(child, token))):
            span = _clause_span(ctx, child)
            if span is not None and child.i > token.i:
                span = _continued_report(ctx, token, child, span, taken)
        elif child.dep_ in ("ccomp", "xcomp") and child.i > token.i and _gerund_report(token, child, lemma):
            span = _clause_span(ctx, child)  # "denied taking the money", "the poll showed Trump leading"
        elif child.dep_ in ("ccomp", "xcomp") and _broken_complement(token, child, lemma):
            span = _clause_span(ctx, child)  # "said [dredging it had made …]": the parser broke the clause
            if span is not None:
                span = _continued_report(ctx, token, child, span, taken)
        elif lemma == "call" and child.dep_ == "prep" and child.lower_ in ("for", "on") \
                and _called_on(token, None) is None:  # "called on X to act" is the infinitive's (below)
            objs = [c for c in child.children if c.dep_ == "pobj"]
            span = _clause_span(ctx, objs[0]) if objs else None
        elif child.dep_ in ("dobj", "oprd", "xcomp") and lemma in NAMING_VERBS | REGARD_VERBS and child.i > token.i \
                and not _infinitive(child) \
                and not out and agentive_subject(token):
            span = _naming_span(ctx, token)
            named_as = any(c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as")
                           for c in (*token.rights, *child.rights))  # 'as "tough"': the quotation is the statement
            if span is None and not named_as and _stance_object(ctx, token, child, lemma):
                span = _noun_object_span(ctx, token, child)  # "described the meeting with Obama"
        elif child.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in child.children) \
                and "for" in PREP_OBJECT_VERBS.get(lemma, ("for",) if lemma == "call" else ()):
            span = _clause_span(ctx, child)  # "called for the US to take a stronger role"
        elif child.dep_ == "prep" and child.lower_ in PREP_OBJECT_VERBS.get(lemma, ()) and agentive_subject(token):
            objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp") and not ctx.quoted[c.i]
                    and c.lemma_.lower() not in PLACE_OBJECTS]  # "responded to the scene" says nothing
            span = _noun_object_span(ctx, token, objs[0]) if objs else None
        elif child.dep_ == "xcomp" and lemma in INTENT_VERBS and child.pos_ == "VERB" and not _summoned(token) \
                and (lemma not in _DESIRE_VERBS or _stated_desire(token)):
            span = _object_span(ctx, token, child)
        elif _stance_object(ctx, token, child, lemma):
            span = _noun_object_span(ctx, token, child)
        if span is not None and not span[0] <= cue[0] < span[1]:
            raised = child.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in token.children)
            speaker = passive_agent(token) if raised else speaker_of(token, ctx.quoted)  # "X is expected to …"
            out.append(_Found("indirect", span[0], span[1], speaker, cue))
    if not out and not any(c.dep_ in ("dobj", "xcomp", "ccomp", "prep") for c in token.children):
        clause = _detached_clause(token)
        span = _clause_span(ctx, clause, skip=token) if clause is not None and lemma not in QUOTE_ONLY_VERBS else None
        if span is not None:
            out.append(_Found("indirect", span[0], span[1], speaker_of(token, ctx.quoted), cue))
    if token.dep_ == "parataxis" and lemma in SPEECH_VERBS and not out:
        span = _clause_span(ctx, token.head, skip=token)
        if span is not None:
            out.append(_Found("indirect", span[0], span[1], speaker_of(token, ctx.quoted), cue))
    return [replace(found, speech=lemma in SPEECH_VERBS) for found in out]


# Verbs of evidence whose subject-and-participle complement is a finding: "the poll showed Trump leading".
_EVIDENCE_VERBS = frozenset({"show", "find", "reveal", "indicate", "suggest", "report", "predict", "project"})
# Object pronouns that carry a stance when a phrase says what it is about ("accused him of sexism").
_OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "you"})
# Verbs of wanting, common in narration of anyone ("anyone wanting to borrow"): a stance only of someone who
# can hold one ("Clinton wants to triple the programme").
_DESIRE_VERBS = frozenset({"want", "seek"})


def _stated_desire(verb: Token) -> bool:
    """"Clinton wants to triple the programme" states a stance; "Muslims who want to visit", "anyone seeking
    to borrow" or "if you want to raise revenue" describe or suppose people, and say nothing of anyone's."""
    return verb.dep_ not in ("relcl", "acl") and not opens_condition(verb) and agentive_subject(verb)


def _stance_object(ctx: _Context, verb: Token, child: Token, lemma: str) -> bool:
    """``child`` is the noun object that says what a stance or speech verb is about ("endorsed McSally",
    "denied the report"), of a subject that can hold a view."""
    pronoun = child.lower_ in _OBJECT_PRONOUNS and _about_phrase(verb, child) is not None
    return child.dep_ == "dobj" and (lemma in OBJECT_VERBS or lemma == "say") and not ctx.quoted[child.i] \
        and (child.pos_ in ("NOUN", "PROPN") or pronoun) and not any(c.dep_ == "xcomp" for c in verb.children) \
        and agentive_subject(verb)


def _gerund_report(cue: Token, child: Token, lemma: str) -> bool:
    """A participle complement that reports: a gerund right after a verb of saying ("denied taking the money",
    "reported raising $9 million", "recalled meeting him"), or a participle with its own subject after a
    verb of evidence ("the poll showed Trump leading"). Not "began speaking" or "continued talking"."""
    if child.tag_ != "VBG" or lemma in QUOTE_ONLY_VERBS:
        return False
    has_subject = any(c.dep_ == "nsubj" for c in child.children)
    if child.dep_ == "xcomp":
        return lemma in SPEECH_VERBS and not has_subject and child.i == cue.i + 1
    return lemma in _EVIDENCE_VERBS and has_subject


def _broken_complement(cue: Token, child: Token, lemma: str) -> bool:
    """``child``, a non-finite complement right after a verb of saying, holds a finite clause: the parser
    broke a that-less report there, at its gerund subject ("said [dredging it] had made the port safer") or
    at an adjective it took for a verb ("said [acting] harbourmaster Vane was …"). The words from
    ``child`` on are then what was said."""
    if lemma not in SPEECH_VERBS or lemma in QUOTE_ONLY_VERBS or child.i != cue.i + 1 or finite_clause(child):
        return False  # right after the cue: "said to tell them …" (an order) has "to" between
    return any(c.dep_ == "ccomp" and c.i > child.i and finite_clause(c) for c in child.children)


_WITHHOLDING_VERBS = frozenset({"decline", "refuse", "fail"})


def _withheld(cue: Token) -> bool:
    """The sentence reports that the cue's words were *not* said or held: "did not say", "never said", "would
    not say if …", "has yet to say when …", "declined to say whether …". Its content is then not the speaker's
    (a refusal itself stays a statement of the refusing verb: "declined [to say whether …]")."""
    if any(c.dep_ == "neg" for c in cue.children) or _nobody(cue):
        return True
    if cue.dep_ == "pcomp" and cue.head.lower_ == "without":
        return True  # "ended his speech without endorsing Trump"
    head = cue.head
    if cue.dep_ != "xcomp":
        return False
    denied = any(c.dep_ == "neg" for c in head.children)  # "did not fail to say", "did not hesitate to say"
    return (head.lemma_.lower() in _WITHHOLDING_VERBS and not denied) \
        or any(c.lower_ == "yet" and c.i < cue.i for c in head.children)


_NO_ONE = frozenset({"nobody", "none", "few", "neither", "noone"})


def _nobody(cue: Token) -> bool:
    """The cue's subject says that no one (or hardly anyone) said it: "no official said", "few disputed that
    …", "neither side claimed …" ("a few analysts said" is some who did)."""
    subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    words = [t for t in subject.subtree if t.i <= subject.i]
    if any(t.lower_ == "a" for t in words[:2]):
        return False
    return subject.lower_ in _NO_ONE or any(t.lower_ in _NO_ONE | {"no"} and t.dep_ in ("det", "amod")
                                            for t in words)


def _imperative(cue: Token) -> bool:
    """The cue is a bare verb that heads its sentence with no subject or auxiliary: an instruction to the
    reader ("Expect delays", "Consider that …"), not a report of anyone's words or views."""
    return cue.dep_ == "ROOT" and cue.tag_ == "VB" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass") for c in cue.children)


# Nouns of what might happen: a gerund after "<noun> of" names a possibility, not something anyone did.
_POSSIBILITY_NOUNS = frozenset({"fear", "risk", "danger", "threat", "prospect", "possibility", "chance", "idea",
                                "thought", "spectre", "specter"})


def _supposed(cue: Token) -> bool:
    """A gerund cue after "fear of", "risk of" and the like with no one's name on it ("for fear of encouraging
    others to follow", not "her fear of …"): a possibility that no one is reported to have spoken."""
    prep, noun = cue.head, cue.head.head
    return cue.tag_ == "VBG" and cue.dep_ == "pcomp" and prep.lower_ == "of" and noun.pos_ == "NOUN" \
        and noun.lemma_.lower() in _POSSIBILITY_NOUNS and not any(c.dep_ == "poss" for c in noun.children)


def _summoned(cue: Token) -> bool:
    """"Called the referendum to settle …": *call* with an object that holds no view convenes or names
    something, with a purpose; only "called [someone] to act" is asking them to."""
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    return cue.lemma_.lower() == "call" and obj is not None and not holds_views(obj)


def _extraposed(cue: Token) -> bool:
    """The cue is the infinitive of an "it is <adjective> to …" frame ("fair to say", "hard to imagine"),
    whose *it* stands for the infinitive and names nobody."""
    head = cue.head
    return cue.dep_ == "xcomp" and (head.lemma_ == "be" or head.lower_ in ("’s", "'s")) \
        and any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in head.children) \
        and any(c.dep_ in ("acomp", "attr") for c in head.children)


def _misparsed_report(cue: Token, clause: Token) -> Token | None:
    """The words ``cue`` reports when the parser took a trailing attribution for its complement.

    In "X said the ferry sank, the Gazette reported" the parser may hang *reported* under *said*, with
    *sank* under either verb; the sentence means the Gazette reported that X said the ferry sank. So
    when ``clause`` (a complement of ``cue``, after it) is a speech verb whose subject comes first and
    a complement of either verb stands between ``cue`` and that subject, set off before ``clause``,
    that complement is returned.
    """
    if clause.i < cue.i or cue_lemma(clause) not in SPEECH_VERBS or not is_cue(clause):
        return None
    subject = next((c for c in clause.children if c.dep_ == "nsubj" and c.i < clause.i), None)
    if subject is None or any(c.dep_ == "ccomp" and c.i > clause.i for c in clause.children):
        return None  # "…, Y said that …" reports words of its own
    doc = cue.doc

    def set_off(complement: Token) -> bool:  # only a comma or dash between it and the subject: no "but"
        between = doc[complement.right_edge.i + 1:subject.left_edge.i]
        return len(between) > 0 and all(t.is_punct for t in between) and any(t.text in _SETTING_OFF for t in between)

    return next((c for c in (*clause.children, *cue.children) if c.dep_ == "ccomp" and c.i != clause.i
                 and cue.i < c.left_edge.i and c.right_edge.i < subject.left_edge.i and set_off(c)), None)


def _first_word(token: Token) -> Token:
    """``token`` or the first word after it that is not punctuation, space or a joining "But"/"And"."""
    doc = token.doc
    while token.i + 1 < len(doc) and (token.is_punct or token.is_space or token.dep_ == "cc"):
        token = doc[token.i + 1]
    return token


def _detached_clause(cue: Token) -> Token | None:
    """The complement clause of ``cue`` when the parser hung it elsewhere: "While X insisted [any … were …],
    …" gives *were* as a complement of the main verb. Accepted only when the clause starts right after the
    cue (or after its "that")."""
    doc = cue.doc
    start = cue.i + 1 + (cue.i + 1 < len(doc) and doc[cue.i + 1].lower_ == "that")
    for token in doc[start:min(len(doc), start + 12)]:
        if token.dep_ == "ccomp" and token.pos_ in ("VERB", "AUX") and token.head.i != cue.i \
                and (token.left_edge.i in (cue.i + 1, start) or (cue.head.i == token.i and cue.dep_ == "advcl")):
            return token
    return None


def _adjective_statements(ctx: _Context, token: Token) -> list[_Found]:
    """"X is confident that …", "voters are worried that …": a stance adjective with a finite clause."""
    clause = next((c for c in token.children if c.dep_ == "ccomp" and finite_clause(c)), None)
    if clause is None or token.dep_ != "acomp" or not agentive_subject(token.head):
        return []
    span = _clause_span(ctx, clause)
    if span is None:
        return []
    cue = (token.idx, token.idx + len(token.text))
    return [_Found("indirect", span[0], span[1], speaker_of(token.head, ctx.quoted), cue)]


def _according_to(ctx: _Context, token: Token) -> _Found | None:
    """"According to X, …" / "…, according to X": the rest of the clause is what X said."""
    if token.lower_ != "according" or token.head.i == token.i or not is_cue(token):
        return None  # "went according to plan" names no one
    speaker = speaker_of(token, ctx.quoted)
    head = token.head
    while token.i > head.i and head.dep_ == "conj" and head.head.i < head.i and not is_cue(head.head):
        head = head.head  # "A won 37 percent, B 36 and C 13, according to X": the parser hangs it on the last part
    span = _clause_span(ctx, head, skip=token) if head is not token.head else None
    if span is None or ctx.document.in_boilerplate(*span):  # (the whole may start inside a link card)
        span = _clause_span(ctx, token.head, skip=token)
    if speaker is None or span is None:
        return None
    relayed = token.head.head  # "X said it “failed,” according to Y", parsed as "failed, according to Y"
    if token.head.dep_ == "ccomp" and relayed.i < token.head.i < token.i and is_cue(relayed) \
            and cue_lemma(relayed) in SPEECH_VERBS and any(c.dep_ == "nsubj" for c in relayed.children):
        span = (_first_word(relayed.left_edge).idx, span[1])
    return _Found("indirect", span[0], span[1], speaker, (token.idx, token.idx + len(token.text) + 3))


_POLL_NOUNS = frozenset({"poll", "polls", "survey", "surveys", "polling"})


def _poll_finding(ctx: _Context, token: Token) -> _Found | None:
    """"In a Gallup poll released Monday, 50 percent chose Clinton", "Trump leads in the polls": the clause is
    what the poll found, as if "according to" it. Not where the clause has a cue of its own ("in a survey,
    researchers found that …" is the researchers' statement)."""
    obj = next((c for c in token.children if c.dep_ == "pobj"), None)
    clause = token.head if token.head.dep_ not in ("dobj", "attr") else token.head.head  # "a lead in the polls"
    if token.dep_ != "prep" or obj is None or obj.lower_ not in _POLL_NOUNS or ctx.quoted[token.i] \
            or clause.pos_ not in ("VERB", "AUX") or is_cue(clause) or cue_lemma(clause) in _STANCE_VERBS \
            or clause.dep_ not in ("ROOT", "conj") or any(c.dep_ == "mark" for c in clause.children) \
            or not any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.tag_ not in ("WP", "WDT", "WRB")
                       for c in clause.children):
        return None  # "…, where she is ahead in the polls": a description, not the poll's finding
    span = _clause_span(ctx, clause, skip=token)
    if span is None:
        return None
    return _Found("indirect", span[0], span[1], name_span(obj), (token.idx, token.idx + len(token.text)))


def _noun_statement(ctx: _Context, token: Token) -> _Found | None:
    """Cue nouns carrying a clause: "X's view is that …", "the claim that …"."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in CUE_NOUNS:
        return None
    clause = None
    if token.dep_ == "nsubj" and token.head.lemma_ == "be":
        clause = next((c for c in token.head.children if c.dep_ in ("ccomp", "attr") and c.pos_ in ("VERB", "AUX")), None)
    if clause is None:
        clause = next((c for c in token.children if c.dep_ in ("acl", "ccomp")
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if clause is None:
        return None
    span = _clause_span(ctx, clause)
    if span is None:
        return None
    speaker = subject_span(token, ctx.quoted)
    if speaker is None:
        of = next((c for c in token.rights if c.dep_ == "prep" and c.lower_ in ("of", "by")), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        speaker = name_span(obj) if obj is not None else None
    return _Found("indirect", span[0], span[1], speaker, (token.idx, token.idx + len(token.text)))


def _stance_noun_statement(ctx: _Context, token: Token) -> _Found | None:
    """Nouns of stance or intent: "Trump's support for the ban", "took a swipe at Bush", "her plan to run".

    The content is the stance itself, noun included ("support for the ban"). The holder is the possessor of
    the noun or the subject of the verb it is the object of ("X voiced support for …"); with neither, the
    noun is no one's statement."""
    if token.pos_ != "NOUN" or ctx.quoted[token.i]:
        return None
    lemma = token.lemma_.lower()
    span = None
    preps = STANCE_NOUNS.get(lemma, frozenset())
    if not preps and lemma not in INTENT_NOUNS:
        return None  # neither a preposition nor an infinitive can carry its content
    after = [c for c in token.head.rights if c.i == token.right_edge.i + 1] if token.dep_ == "dobj" else []
    for child in list(token.rights) + after:  # "took a swipe at X" may hang *at* on the verb
        if child.dep_ == "prep" and child.lower_ in preps:
            objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp") and not ctx.quoted[c.i]]
            span = _clause_span(ctx, objs[0]) if objs else None
            if span is None and objs and objs[0].pos_ == "PROPN":
                span = objs[0].idx, objs[0].idx + len(objs[0].text)
        elif child.dep_ in ("acl", "relcl") and lemma in INTENT_NOUNS and child.pos_ == "VERB" \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            span = _clause_span(ctx, child)
        if span is not None:
            break
    if span is None:
        return None
    span = (min(span[0], token.idx), span[1])  # the stance itself: "support for the ban", "plan to run"
    speaker = next((name_span(c) for c in token.children if c.dep_ == "poss"), None)
    if speaker is None and token.dep_ == "dobj" and token.head.pos_ == "VERB" and agentive_subject(token.head):
        speaker = speaker_of(token.head, ctx.quoted)
    if speaker is None:
        return None
    return _Found("indirect", span[0], span[1], speaker, (token.idx, token.idx + len(token.text)))


_RACE_LABELS = frozenset("""senate house governor mayor president congress assembly legislature council
parliament attorney treasurer""".split())


def _race_label(name: SpacySpan) -> bool:
    """"Senate: Under a new primary system ...", "Governor: Former Rep. Rick Hill has won ...": a results
    roundup's label for a race or an office, not someone speaking."""
    words = [t for t in name if t.is_alpha]
    return len(words) == 1 and words[0].lower_ in _RACE_LABELS


# Lower-case words that end a headline's speaker and still name who speaks: "Clinton camp: …".
_HEADLINE_VOICES = frozenset({"camp", "campaign", "aides", "allies", "spokesman", "spokeswoman", "lawyer",
                              "lawyers", "officials", "official", "chief", "leader", "adviser", "aide", "minister"})
# After the speaker, before the colon, a headline may say to whom, on what or where: "Clinton to Planned
# Parenthood: …", "Gillibrand on the transcripts: …", "Mukasey at RNC: …".
_HEADLINE_SETTINGS = frozenset({"to", "on", "at"})
# Word classes a capitalised word of a name cannot have, however unsure the tagger ("The Senate: …", "Read This:").
_NOT_NAME_POS = frozenset({"DET", "PRON", "ADP", "CCONJ", "SCONJ", "AUX", "PART"})


def _headline_statement(ctx: _Context, sent: SpacySpan, transcript: bool) -> _Found | None:
    """News headline convention "Paul Ryan: Vote Was a Mistake", "Poll: …", and a transcript's turns
    ("FALLIN: I think …"): a name, a colon, then what the name said.

    Mid-line the name must be proper nouns. At the start of a line it may also be capitalised words the
    tagger took for something else (a lone "Issa", an all-capitals "FALLIN") when the document names them
    elsewhere ("Gov. Mary Fallin"; not "TARGET:" or "Four:" heading a list), and it may be followed by a
    setting ("Obama to voters: …"). In a ``transcript`` what a speaker says is the rest of the line, however
    many sentences. Labels such as "Update:" are no speakers."""
    colon = next((t for t in sent[:9] if t.text == ":"), None)
    if colon is None or colon.i == sent.start or ctx.quoted[colon.i]:
        return None
    line_start = _at_line_start(ctx.document.text, sent.start_char)
    name = sent[:colon.i - sent.start]
    setting = next((t for t in name if t.lower_ in _HEADLINE_SETTINGS and t.i > sent.start), None)
    if setting is not None and line_start:
        name = sent[:setting.i - sent.start]
    words = [t for t in name if not t.is_punct]
    named = all(t.pos_ == "PROPN" and not _in_capitals(t) and not t.like_num for t in words) or (
        line_start and len(words) <= 5 and all(
            _line_start_name(ctx, t) or (k == len(words) - 1 and k > 0 and t.lower_ in _HEADLINE_VOICES)
            for k, t in enumerate(words)))
    rest = [t for t in _after_colon(ctx.sdoc, colon, sent, transcript and line_start) if not t.is_space]
    if not words or not named or (setting is not None and not line_start) \
            or any(t.lower_ in HEADLINE_LABELS for t in name) or _race_label(name) \
            or len([t for t in rest if t.is_alpha]) < 3 or rest[0].text in _DOUBLE_MARKS:
        return None
    while rest and rest[-1].is_punct and rest[-1].text not in "’'":
        rest = rest[:-1]
    return _Found("indirect", rest[0].idx, rest[-1].idx + len(rest[-1].text),
                  (name[0].idx, name[-1].idx + len(name[-1].text)), (colon.idx, colon.idx + 1))


def _line_start_name(ctx: _Context, word: Token) -> bool:
    """A word of a name at a line's start: a proper or capitalised common noun ("Poll:"), or a capitalised word
    of another tag, or in capitals, that a name entity elsewhere in the document holds; never a number."""
    if not word.text[:1].isupper() or word.like_num:
        return False
    if _in_capitals(word):  # the tagger's guess at a word in capitals is worthless ("FALLON" as a pronoun)
        return word.lower_ in ctx.name_words()
    if word.pos_ in _NOT_NAME_POS:
        return False
    return word.pos_ in ("PROPN", "NOUN") or word.lower_ in ctx.name_words()


def _in_capitals(word: Token) -> bool:
    """A word printed in capitals that is no acronym ("FALLIN", "TARGET"; not "NATO" or "CNN")."""
    return word.is_upper and len(word.text) > 4


_TURN_LABEL = re.compile(r"^[ \t]*([^\n:]{1,40}?)[ \t]*:", re.MULTILINE)


def _is_transcript(text: str) -> bool:
    """Whether some "Label:" opens several lines, as a transcript's speakers do."""
    return max(Counter(m.group(1).lower() for m in _TURN_LABEL.finditer(text)).values(), default=0) >= 2


def _at_line_start(text: str, char: int) -> bool:
    """Whether only spaces or tabs stand between ``char`` and the start of its line (no copy of the text)."""
    while char > 0 and text[char - 1] in " \t":
        char -= 1
    return char == 0 or text[char - 1] == "\n"


def _line_end(sdoc: Doc, i: int) -> int:
    """Index of the first token from ``i`` on that holds a line break (or the end of the parse)."""
    return next((t.i for t in sdoc[i:] if "\n" in t.text), len(sdoc))


def _colon_spans(ctx: _Context) -> list[SpacySpan]:
    """Where a "Name: …" may open: each line, whatever the parser's sentences (it may join "FALLON:" to the
    end of the line before), and each sentence that starts inside a line."""
    sdoc, text = ctx.sdoc, ctx.document.text
    lines, starts = [], {0} | {m.end() for m in re.finditer(r"\n", text)}
    for char in sorted(starts):
        first = ctx.token_at(char) if char < len(text) else len(sdoc)
        while first < len(sdoc) and sdoc[first].is_space:
            first += 1
        if first >= len(sdoc) or sdoc[first].idx < char:
            continue
        lines.append(sdoc[first:_line_end(sdoc, first)])
    line_firsts = {span.start for span in lines}
    return lines + [sent for sent in sdoc.sents
                    if sent.start not in line_firsts and not _at_line_start(text, sent.start_char)]


def _after_colon(sdoc: Doc, colon: Token, sent: SpacySpan, turn: bool) -> SpacySpan:
    """What follows a speaker's colon: for a transcript's turn, the rest of its line; else the rest of the
    sentence, or the next sentence when the parser ended one at the colon."""
    if turn:
        return sdoc[colon.i + 1:_line_end(sdoc, colon.i + 1)]
    if colon.i + 1 < sent.end or sent.end >= len(sdoc):
        return sdoc[colon.i + 1:sent.end]
    following = sdoc[sent.end].sent
    return following if "\n" not in sdoc[colon.i:following.start].text_with_ws else sdoc[sent.end:sent.end]


def _reported_statements(ctx: _Context) -> list[_Found]:
    transcript = _is_transcript(ctx.document.text)
    out: list[_Found] = [f for f in (_headline_statement(ctx, s, transcript) for s in _colon_spans(ctx))
                         if f is not None]
    for token in ctx.sdoc:
        if token.lower_ in ("according", "in"):
            found = _according_to(ctx, token) if token.lower_ == "according" else _poll_finding(ctx, token)
            out.extend([found] if found else [])
            continue
        pos = token.pos_  # cues are verbs (or nouns the tagger mistook); the other tests need a NOUN
        if pos == "ADJ":
            if token.lemma_.lower() in STANCE_ADJECTIVES:
                out.extend(_adjective_statements(ctx, token))
        elif pos in _CUE_POS and (is_cue(token) or (pos == "VERB" and cue_lemma(token) in _STANCE_VERBS)
                                  or mistagged_cue(token)):
            out.extend(_verb_statements(ctx, token))
        elif pos == "NOUN":
            found = _noun_statement(ctx, token) or _stance_noun_statement(ctx, token)
            out.extend([found] if found else [])
    return out


# ------------------------------------------------------------------------------------------- assembly

def _covered(span: _Found, quotes: list[_Found]) -> float:
    """Share of ``span``'s characters that lie inside quotations already found."""
    inside = sum(max(0, min(span.end, q.end) - max(span.start, q.start)) for q in quotes)
    return inside / max(1, span.end - span.start)


# A social-media post embedded in the page, as copied: its text, then "— Name (@handle) November 1, 2017"
# (5,787 such signatures in AllSides). The text is the poster's words, printed without quotation marks.
_POST_SIGNATURE = re.compile(
    r"\s*[—–-]\s*(?P<name>[^\s()@—–][^()\n@—–]{0,58}?)\s*\(@\w{1,20}\)\s+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},\s+\d{4}\s*$")


def _embedded_posts(text: str) -> list[_Found]:
    """One direct statement per embedded post: its text, spoken by the name in its signature."""
    found, position = [], 0
    for line in text.split("\n"):
        signature = _POST_SIGNATURE.search(line)
        body = line[:signature.start()] if signature else ""
        if signature and body.strip():
            start = position + len(body) - len(body.lstrip())
            found.append(_Found("direct", start, position + len(body.rstrip()),
                                speaker=(position + signature.start("name"), position + signature.end("name"))))
        position += len(line) + 1
    return found


def _with_posts(found: list[_Found], posts: list[_Found]) -> list[_Found]:
    """``found`` with the embedded posts in place of what it found inside them (their words are the poster's)."""
    if not posts:
        return found
    inside = [f for f in found if any(p.start <= f.start < p.end for p in posts)]
    return sorted([f for f in found if f not in inside] + posts, key=lambda f: (f.start, f.end))


def _merge(quotes: list[_Found], reported: list[_Found]) -> list[_Found]:
    """Combine both passes without saying the same thing twice.

    Reported speech that is mostly a quotation ("X said that “…”") is dropped, handing its speaker and cue
    to the quotation; a partial quotation inside a longer reported clause is kept beside it and takes its
    speaker, the innermost clause's where clauses nest ("X said it “failed,” the Gazette reported": X's).
    """
    kept: list[_Found] = []
    seen: set[tuple[int, int]] = set()
    quotes = list(quotes)
    quote_cues = {q.cue for q in quotes if q.cue is not None}
    # Of two cues giving the same words ("Consider that …, according to a study"), the one with a speaker counts.
    for r in sorted(reported, key=lambda r: r.speaker is None):
        if (r.start, r.end) in seen or (r.cue in quote_cues and _covered(r, quotes) == 0):
            continue  # "X warned Y: “…”": the quotation is the statement, not the object of the cue
        seen.add((r.start, r.end))
        if _covered(r, quotes) >= 0.6:
            quotes = [replace(q, speaker=r.speaker, cue=r.cue)
                      if q.start < r.end and r.start < q.end and (q.speaker is None or _relayed(q, r)) else q
                      for q in quotes]
            continue
        kept.append(r)
    quotes = [_in_innermost(q, kept) if q.kind == "partial" else q for q in quotes]
    return sorted(quotes + kept, key=lambda f: (f.start, f.end))


def _relayed(quote: _Found, report: _Found) -> bool:
    """The quotation's cue is a trailing attribution after the report that governs it: in 'Y said “…,”
    the Gazette reported' the words are Y's, relayed by the Gazette."""
    return report.speech and report.speaker is not None and report.cue is not None and quote.cue is not None \
        and report.cue[1] <= quote.start and quote.cue[0] >= report.end


def _in_innermost(quote: _Found, reported: Sequence[_Found]) -> _Found:
    """A partial quotation with the speaker and cue of the shortest reported clause that holds it, if any,
    preferring clauses of saying: 'Brandt said he thinks Tolland will “walk out”' is Brandt's, not the *he*
    of *thinks*."""
    holders = [r for r in reported if r.speaker and r.start <= quote.start and quote.end <= r.end + 1]
    holders = [r for r in holders if r.speech] or holders
    if not holders:
        return quote
    inner = min(holders, key=lambda r: r.end - r.start)
    return replace(quote, speaker=inner.speaker, cue=inner.cue)


def _past_furniture(document: Document, start: int, end: int) -> Span | None:
    """The speaker phrase without a dateline or other marked region it starts in ("Maine — Harbour minister
    Dana Whitlock", parsed across the dateline, is "Harbour minister Dana Whitlock")."""
    for region in document.boilerplate:
        if region.start <= start < region.end < end:
            start = region.end
    while start < end and not document.text[start].isalnum():
        start += 1
    return document.span(start, end) if start < end else None


def _reported_clauses(ctx: _Context, found: Sequence[_Found]) -> list[tuple[int, int]]:
    """The content of indirect statements that is a clause (it has a tensed verb): someone's words, whose
    names are not the narration's ("Nadler said Trump puts himself above the country"). A stance verb's
    object ("endorsed McSally", "agreed with Hayes") is not such a clause."""
    clauses = []
    for item in found:
        if item.kind != "indirect" or item.end <= item.start:
            continue
        if any(token.tag_ in _TENSED_TAGS for token in ctx.tokens(item.start, item.end)):
            clauses.append((item.start, item.end))
    return clauses


# Stances a place takes by a vote of its people: "the city backed Leave", "Ohio chose Trump".
_VOTING_VERBS = frozenset({"back", "support", "reject", "endorse", "oppose", "favor", "favour", "prefer", "choose",
                           "pick", "elect"})


def _places_vote(ctx: _Context, item: _Found, speaker_kind: str | None) -> bool:
    """A city or region (not a state, whose government speaks) "backing" something: a vote's result, which
    says what its voters chose and is no statement by anyone ("England and Wales backed Leave")."""
    if speaker_kind != "place" or item.cue is None or item.from_quote:
        return False
    return cue_lemma(ctx.sdoc[ctx.token_at(item.cue[0])]) in _VOTING_VERBS


def _speaker_parts(ctx: _Context, speaker: Span) -> list[Span]:
    """Each coordinated name of the speaker phrase ("Pelosi and Hoyer"), or the whole phrase when it names one."""
    parts = joint_parts(ctx.sdoc, speaker.start, speaker.end, ctx.token_at)
    return [ctx.document.span(*part) for part in parts] or [speaker]


def extract_statements(document: Document, sdoc: Doc, actors: Sequence[Actor] = ()) -> list[Statement]:
    """All statements in ``document``, in text order, with ids ``"<doc id>:s<n>"``.

    ``sdoc`` must be ``nlp(document.text)`` so token offsets are document offsets. ``actors`` (this
    document's actors) let speakers be linked to actor ids; without them ``speaker`` stays ``None`` and
    only ``speaker_span`` is set. Statements whose content starts in boilerplate are skipped.
    """
    ctx = _Context(document, sdoc)
    quotes = [f for f in (_quote_statement(ctx, q) for q in ctx.quotations) if f is not None]
    found = _with_posts(carry_speakers(ctx.sdoc, ctx.token_at, _merge(quotes, _reported_statements(ctx))),
                        _embedded_posts(document.text))
    statements: list[Statement] = []
    facts = mention_facts(sdoc, actors, ctx.quotations, _reported_clauses(ctx, found)) if actors else MentionFacts()
    previous: Statement | None = None
    kind_of = {actor.id: actor.kind for actor in actors}
    for item in found:
        if document.in_boilerplate(item.start, item.end):
            continue
        speaker_span = _past_furniture(document, *item.speaker) if item.speaker else None
        speaker, co_speakers = None, []
        if speaker_span and actors:
            window = window_start(sdoc, speaker_span.start, ctx.token_at)
            # The statement before is context only if it ends at most two sentences back.
            recent = previous is not None and previous.content.end >= window_start(sdoc, window, ctx.token_at)
            # Names in reported clauses are passed over only for a quotation's speaker ("“...,” he said"
            # after "Brandt said Tolland ..."): elsewhere such a name is often the antecedent ("He has vowed
            # to block it" after "critics said the plan fails Tolland's own test").
            resolved = [resolve_speaker(document.text, where, actors,
                                        facts if item.kind == "direct" else facts._replace(reported={}), window,
                                        previous.speaker if recent else None, document.span(item.start, item.end))
                        for where in _speaker_parts(ctx, speaker_span)]
            named = [actor for actor in dict.fromkeys(resolved) if actor is not None]
            speaker, co_speakers = (named[0], named[1:]) if named else (None, [])
            if _places_vote(ctx, item, kind_of.get(speaker)):
                continue
        statements.append(Statement(
            id=f"{document.id}:s{len(statements) + 1}", doc=document.id, kind=item.kind,  # type: ignore[arg-type]
            content=document.span(item.start, item.end), speaker=speaker, speaker_span=speaker_span,
            cue=document.span(*item.cue) if item.cue else None, co_speakers=co_speakers))
        previous = statements[-1]
    return statements
