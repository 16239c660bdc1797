"""Who said what: direct quotations, partial quotations and reported speech, with their speakers.

The extractor is rule-based on top of the spaCy parse, because no attribution model installs offline and
the rules are easy to audit. Two passes run over a document:

1. **Quotations.** Double quote marks are paired (:mod:`manysides.extract.cues`), then each quotation is
   tied to the cue that governs it in the parse ("…," said X; X warned: "…"; described it as "…"). Short
   quoted phrases that nothing governs are scare quotes or terms ("red lines") and are dropped.
2. **Reported speech.** A cue verb with a clausal complement (X insisted [that] …), "according to X",
   and cue nouns carrying a clause (X's view is that …) give indirect statements.

Speakers are the grammatical subject of the cue, expanded to the whole name ("British PM Keir Starmer"),
or for a quotation with no speaker of its own, the speaker of the statement just before it. When the
document's actors are given, a speaker span is linked to the actor it names, and pronouns or definite
descriptions ("she", "the newspaper") to the nearest preceding compatible actor mention.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span as SpacySpan, Token

from manysides.extract.cues import (
    CUE_NOUNS, CUE_VERBS, INTENT_VERBS, OBJECT_VERBS, QUOTE_ONLY_VERBS, SPEECH_VERBS, TITLE_WORDS, Quotation, find_quotations,
)
from manysides.model import Actor, Document, Span, Statement

_NAMING_VERBS = frozenset({"call", "describe", "label", "dub", "brand", "term", "characterize", "characterise"})
_NOUN_DETERMINERS = frozenset({"the", "a", "an", "so-called", "this", "that", "these", "those", "its", "their"})
_SPEAKER_STOP_DEPS = frozenset({"punct", "appos", "relcl", "acl", "parataxis", "advcl", "prep"})
_MARKS = frozenset('"“”‘’\'')
_MAX_CLIMB = 4


@dataclass(frozen=True, slots=True)
class _Found:
    """A statement before ids and actors are assigned; offsets are document characters."""

    kind: str
    start: int
    end: int
    speaker: tuple[int, int] | None = None
    cue: tuple[int, int] | None = None
    from_quote: bool = False


class _Context:
    """The document, its parse and lookups shared by both passes."""

    def __init__(self, document: Document, sdoc: Doc) -> None:
        self.document = document
        self.sdoc = sdoc
        self.quotations = find_quotations(document.text)
        self._starts = [t.idx for t in sdoc]
        self.quoted = [False] * len(sdoc)
        for q in self.quotations:
            end = q.close_at + 1 if q.close_at is not None else q.end
            for i in range(self.token_at(q.open_at), self.token_at(max(q.open_at, end - 1)) + 1):
                self.quoted[i] = True

    def token_at(self, char: int) -> int:
        """Index of the token that contains (or is the last to start before) character ``char``."""
        return max(0, bisect.bisect_right(self._starts, char) - 1)

    def tokens(self, start: int, end: int) -> SpacySpan:
        """The tokens covering characters ``[start, end)``."""
        return self.sdoc[self.token_at(start):self.token_at(max(start, end - 1)) + 1]


# --------------------------------------------------------------------------------------------- speakers

def _name_span(head: Token) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``head``, cut before appositions and relative clauses.

    "Democratic Senator Richard Blumenthal, a member of ..." gives "Democratic Senator Richard Blumenthal";
    "Trump and Clinton" keeps the coordination.
    """
    left = head.left_edge
    right = head
    for child in head.rights:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            right = child.right_edge  # "a former prime minister, Lord Palmerston"
            continue
        if child.dep_ == "punct":
            continue
        if child.dep_ in _SPEAKER_STOP_DEPS and not (child.dep_ == "prep" and child.lower_ == "of") \
                and not (child.dep_ == "prep" and child.lower_ in ("at", "from") and head.pos_ == "NOUN"):
            break  # keep "analysts at Barclays", "officials from the ministry": the institution speaks
        right = child.right_edge
    while right.i > left.i and (right.is_punct or right.is_space or right.dep_ == "case"):
        right = right.doc[right.i - 1]
    return left.idx, right.idx + len(right.text)


def _speaker_of(cue: Token, quoted: Sequence[bool]) -> tuple[int, int] | None:
    """The speaker of ``cue``: its subject, a passive agent, "according to X", or the subject of the clause
    it hangs from ("…," adding, "…" takes the subject of the verb before it). Words inside quotations are
    never the speaker: a participle the parser hangs inside a quotation climbs out of it."""
    token: Token = cue
    for _ in range(4):
        if token.lower_ == "according":
            obj = next((o for prep in token.children for o in prep.children if o.dep_ == "pobj"), None)
            return _name_span(obj) if obj is not None else None
        found = _subject_span(token, quoted)
        if found is not None:
            return found
        if any(c.dep_ in ("nsubjpass", "expl") for c in token.children):
            return None  # "it was reported that ...": no speaker named
        if token.dep_ in ("relcl", "acl") and token.head.pos_ in ("NOUN", "PROPN"):
            return _name_span(token.head)
        if token.dep_ == "conj":
            relative = _relative_subject(token)
            if relative is not None:
                return relative
        if token.dep_ not in ("advcl", "xcomp", "conj", "parataxis", "pcomp") or token.head.i == token.i:
            return None
        if token.dep_ == "xcomp":  # object control: "prompting X to announce ...", "urged X to say ..."
            obj = next((c for c in token.head.children if c.dep_ == "dobj" and c.i < token.i
                        and not quoted[c.i]), None)
            if obj is not None:
                return _name_span(obj)
        token = token.head
        while quoted[token.i] and token.head.i != token.i:
            token = token.head
    return None


def _relative_subject(token: Token) -> tuple[int, int] | None:
    """For "X, who as minister …, told the house …" parsed with *told* as a conjunct of the main verb:
    a relative "who" between the conjunct and its head names the speaker."""
    for other in token.doc[token.head.i + 1:token.i]:
        if other.lower_ == "who" and other.dep_ == "nsubj" and other.head.dep_ == "relcl":
            return _name_span(other.head.head)
        if other.lower_ == "who" and other.dep_ == "appos":
            return _name_span(other.head)
    return None


def _subject_span(token: Token, quoted: Sequence[bool]) -> tuple[int, int] | None:
    """Subject (or passive agent, or possessor of a cue noun) of ``token``, as a name span."""
    children = [c for c in token.children if not quoted[c.i]]
    for child in children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return _name_span(obj)
    for child in children:
        if child.dep_ in ("nsubj", "poss") or (child.dep_ == "nsubjpass" and child.lower_ != "it"):
            if child.lower_ in ("who", "which", "that") and token.dep_ == "relcl":
                return _name_span(token.head)
            return _name_span(child)
    return None


# ------------------------------------------------------------------------------------------ quotations

def _frame(ctx: _Context, q: Quotation) -> tuple[list[Token], list[Token]]:
    """Tokens of the sentence around quotation ``q`` that lie outside any quotation: before and after it.

    When the quotation closes a sentence on its own ("…." He said.) a short lowercase follow-up such as
    "she added" is taken as the after-frame too.
    """
    sdoc = ctx.sdoc
    open_i = ctx.token_at(q.open_at)
    close_i = ctx.token_at(q.close_at) if q.close_at is not None else ctx.token_at(max(q.start, q.end - 1))
    sent_start = sdoc[open_i].sent.start
    sent_end = sdoc[close_i].sent.end
    before = [t for t in sdoc[sent_start:open_i] if not ctx.quoted[t.i]]
    after = [t for t in sdoc[close_i + 1:sent_end] if not ctx.quoted[t.i]]
    if not [t for t in after if not t.is_punct and not t.is_space] and sent_end < len(sdoc):
        nxt = sdoc[sent_end].sent
        words = [t for t in nxt if not t.is_punct and not t.is_space]
        if words and len(words) <= 6 and words[0].text[:1].islower():
            after = [t for t in nxt if not ctx.quoted[t.i]]
    return before, after


def _is_cue(token: Token) -> bool:
    return (token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in CUE_VERBS) or token.lower_ == "according"


def _governing_cue(ctx: _Context, inner: SpacySpan) -> Token | None:
    """The cue the quotation hangs from in the parse, climbing at most a few heads out of the quotation."""
    for root in (t for t in inner if t.head.i < inner.start or t.head.i >= inner.end or t.head.i == t.i):
        token = root
        for _ in range(_MAX_CLIMB):
            if token.head.i == token.i:
                break
            token = token.head
            if ctx.quoted[token.i] and inner.start <= token.i < inner.end:
                break
            if _is_cue(token) or (token.pos_ == "NOUN" and token.lemma_.lower() in CUE_NOUNS):
                return token
            if token.pos_ == "VERB":
                break
    return None


def _nearby_cue(before: list[Token], after: list[Token]) -> Token | None:
    """A cue in the sentence frame: inverted "…," said X first, then the last cue before the quotation."""
    for token in after[:5]:
        if _is_cue(token):
            return token
    for token in reversed(before):
        if _is_cue(token):
            return token
    for token in after:
        if _is_cue(token):
            return token
    return None


def _colon_cue(before: list[Token]) -> Token | None:
    """For "X warned Y ahead of the summit: "…"", the main verb of the clause before the colon."""
    words = [t for t in before if not t.is_space]
    if not words or words[-1].text != ":":
        return None
    verbs = [t for t in words if t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "ccomp", "conj")]
    return verbs[0] if verbs else None


def _looks_like_title(inner: SpacySpan, before: list[Token]) -> bool:
    """A quoted title of a work: introduced by a word such as "book" or "titled", or all in Title Case."""
    words = [t for t in inner if t.is_alpha]
    prev = [t for t in before if not t.is_space]
    if prev and prev[-1].lemma_.lower() in TITLE_WORDS:
        return True
    small = {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "with", "at", "by"}
    return len(words) >= 2 and all(w.text[:1].isupper() or w.lower_ in small for w in words) \
        and words[0].text[:1].isupper()


def _quote_kind(text: str, q: Quotation, before: list[Token]) -> str:
    """Direct when the quotation is a sentence of its own, partial when it is a fragment of the sentence."""
    first = text[q.start:q.start + 1]
    prev = [t for t in before if not t.is_space and t.text not in _MARKS]
    sentence_like = first.isupper() or first.isdigit() or first in "…." or q.paragraphs > 1
    if not sentence_like:
        # '…," she said, adding, "but …."': the continuation of a quoted sentence is still direct
        ends_sentence = text[max(q.start, q.end - 1):q.end] in (".", "!", "?")
        return "direct" if ends_sentence and prev and prev[-1].text in (",", ":") else "partial"
    if not prev or prev[-1].text in (",", ":", ";", "—", "–", "-") or prev[-1].lower_ == "that":
        return "direct"
    return "direct" if _is_cue(prev[-1]) else "partial"


def _quote_statement(ctx: _Context, q: Quotation) -> _Found | None:
    """Turn one quotation into a statement, or ``None`` for a scare quote, a term or a title."""
    inner = ctx.tokens(q.start, q.end)
    words = [t for t in inner if t.is_alpha or t.like_num]
    if not words:
        return None
    before, after = _frame(ctx, q)
    cue = _governing_cue(ctx, inner)
    governed = cue is not None
    if cue is None:
        cue = _colon_cue(before)
        governed = cue is not None
    naming = governed and cue.lemma_.lower() in _NAMING_VERBS
    if len(words) <= 6 and not naming and _looks_like_title(inner, before):
        return None
    prev = [t for t in before if not t.is_space and t.text not in _MARKS]
    if len(words) <= 4 and not naming and prev and prev[-1].lower_ in _NOUN_DETERMINERS:
        return None  # 'mocked the "strongman synergy"': a quoted term used as a noun
    if not governed:
        if len(words) <= 4 or _looks_like_title(inner, before) \
                or (prev and prev[-1].lower_ in _NOUN_DETERMINERS):
            return None
        cue = _nearby_cue(before, after)
    elif len(words) == 1 and not naming:
        return None
    kind = _quote_kind(ctx.document.text, q, before)
    speaker = _speaker_of(cue, ctx.quoted) if cue is not None else None
    cue_span = (cue.idx, cue.idx + len(cue.text)) if cue is not None else None
    end = q.end
    while end > q.start and ctx.document.text[end - 1] in ",;:":
        end -= 1  # "extremely productive," — the comma belongs to the sentence, not the quotation
    return _Found(kind, q.start, end, speaker, cue_span, from_quote=True)


# ------------------------------------------------------------------------------------ reported speech

def _clause_span(ctx: _Context, head: Token, skip: Token | None = None) -> tuple[int, int] | None:
    """Characters of the clause headed by ``head``, without a leading "that"/quote mark or trailing punctuation.

    ``skip`` (a cue inside the clause, as in "The plan, he said, will fail") and any cue participle hanging
    off the clause ("…, declaring, “…”", a statement of its own) are cut out; the unbroken stretch of words
    around ``head`` is kept.
    """
    cut = set() if skip is None else {t.i for t in skip.subtree}
    for token in head.subtree:
        if token.i != head.i and token.dep_ in ("advcl", "conj", "parataxis") and _is_cue(token) \
                and token.lemma_.lower() in SPEECH_VERBS:
            cut.update(t.i for t in token.subtree)
    run = [head]
    while run[0].i > head.left_edge.i and run[0].i - 1 not in cut:
        run.insert(0, head.doc[run[0].i - 1])
    while run[-1].i < head.right_edge.i and run[-1].i + 1 not in cut:
        run.append(head.doc[run[-1].i + 1])
    while run and (run[0].dep_ == "mark" and run[0].lower_ in ("that", "whether", "if")
                   or run[0].is_punct or run[0].is_space):
        run = run[1:]
    while run and (run[-1].is_punct or run[-1].is_space) and run[-1].text not in ("”", '"'):
        run = run[:-1]
    if len([t for t in run if not t.is_punct]) < 2:
        return None
    return run[0].idx, run[-1].idx + len(run[-1].text)


def _object_span(ctx: _Context, verb: Token, xcomp: Token) -> tuple[int, int] | None:
    """Content of "X urged Congress to act" / "X vowed to fight": from the object (if any) to the end of the
    infinitive clause."""
    span = _clause_span(ctx, xcomp)
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < xcomp.i), None)
    if span is None or obj is None:
        return span
    return obj.left_edge.idx, span[1]


def _finite(head: Token) -> bool:
    """A finite clause with its own subject ("[that] the plan will fail"), not a small clause ("found it hard")."""
    if head.pos_ not in ("VERB", "AUX"):
        return False
    children = list(head.children)
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in children)
    finite = head.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in children)
    return has_subject and finite


def _verb_statements(ctx: _Context, token: Token) -> list[_Found]:
    """Indirect statements governed by cue verb ``token``: "X insisted (that) …", "X called for …"."""
    lemma = token.lemma_.lower()
    out: list[_Found] = []
    cue = (token.idx, token.idx + len(token.text))
    for child in token.children:
        span = None
        if child.dep_ == "ccomp" and _finite(child) and lemma not in QUOTE_ONLY_VERBS:
            span = _clause_span(ctx, child)
        elif lemma == "call" and child.dep_ == "prep" and child.lower_ in ("for", "on"):
            objs = [c for c in child.children if c.dep_ == "pobj"]
            span = _clause_span(ctx, objs[0]) if objs else None
        elif child.dep_ == "xcomp" and lemma in INTENT_VERBS and child.pos_ == "VERB":
            span = _object_span(ctx, token, child)
        elif child.dep_ == "dobj" and lemma in OBJECT_VERBS and not ctx.quoted[child.i] \
                and child.pos_ in ("NOUN", "PROPN") and not any(c.dep_ == "xcomp" for c in token.children) \
                and _agentive_subject(token):
            span = _clause_span(ctx, child)
        if span is not None and not span[0] <= cue[0] < span[1]:
            out.append(_Found("indirect", span[0], span[1], _speaker_of(token, ctx.quoted), cue))
    if not out and not any(c.dep_ in ("dobj", "xcomp", "ccomp", "prep") for c in token.children):
        clause = _detached_clause(token)
        span = _clause_span(ctx, clause, skip=token) if clause is not None and lemma not in QUOTE_ONLY_VERBS else None
        if span is not None:
            out.append(_Found("indirect", span[0], span[1], _speaker_of(token, ctx.quoted), cue))
    if token.dep_ == "parataxis" and lemma in SPEECH_VERBS and not out:
        span = _clause_span(ctx, token.head, skip=token)
        if span is not None:
            out.append(_Found("indirect", span[0], span[1], _speaker_of(token, ctx.quoted), cue))
    return out


_HUMAN_NOUNS = frozenset("""
official officials spokesman spokeswoman spokesperson minister ministers president senator senators leader
leaders analyst analysts critic critics expert experts source sources aide aides adviser advisers advisor
advisors lawmaker lawmakers legislator legislators diplomat diplomats economist economists campaign
government administration party voters voter people residents observers commentators activists protesters
report study poll survey newspaper paper editorial statement group organisation organization company
""".split())


def _agentive_subject(verb: Token) -> bool:
    """Whether ``verb`` has a subject that can hold a view: a name, a personal pronoun, or a noun for people,
    institutions or reports. "The implications demand a closer look" is not anyone's statement."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "agent")), None)
    if subject is None:
        return verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i and _agentive_subject(verb.head)
    if subject.dep_ == "agent":
        subject = next((c for c in subject.children if c.dep_ == "pobj"), subject)
    if subject.pos_ == "PROPN" or subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return True
    if subject.pos_ == "PRON":
        return subject.lower_ in ("i", "we", "you", "he", "she", "they", "who")
    return subject.lemma_.lower() in _HUMAN_NOUNS or subject.lower_ in _HUMAN_NOUNS


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


def _according_to(ctx: _Context, token: Token) -> _Found | None:
    """"According to X, …" / "…, according to X": the rest of the clause is what X said."""
    if token.lower_ != "according" or token.head.i == token.i:
        return None
    speaker = _speaker_of(token, ctx.quoted)
    span = _clause_span(ctx, token.head, skip=token)
    if speaker is None or span is None:
        return None
    return _Found("indirect", span[0], span[1], speaker, (token.idx, token.idx + len(token.text) + 3))


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
    speaker = _subject_span(token, ctx.quoted)
    if speaker is None:
        of = next((c for c in token.rights if c.dep_ == "prep" and c.lower_ in ("of", "by")), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        speaker = _name_span(obj) if obj is not None else None
    return _Found("indirect", span[0], span[1], speaker, (token.idx, token.idx + len(token.text)))


def _headline_statement(ctx: _Context, sent: SpacySpan) -> _Found | None:
    """News headline convention "Paul Ryan: Vote Was a Mistake": a name, a colon, then what the name said."""
    colon = next((t for t in sent[:6] if t.text == ":"), None)
    if colon is None or colon.i == sent.start or ctx.quoted[colon.i]:
        return None
    name = sent[:colon.i - sent.start]
    rest = [t for t in sent[colon.i - sent.start + 1:] if not t.is_space]
    if not all(t.pos_ == "PROPN" or t.is_punct for t in name) or len([t for t in rest if t.is_alpha]) < 3 \
            or rest[0].text in _MARKS:
        return None
    while rest and rest[-1].is_punct:
        rest = rest[:-1]
    return _Found("indirect", rest[0].idx, rest[-1].idx + len(rest[-1].text),
                  (name[0].idx, name[-1].idx + len(name[-1].text)), (colon.idx, colon.idx + 1))


def _reported_statements(ctx: _Context) -> list[_Found]:
    out: list[_Found] = [f for f in (_headline_statement(ctx, s) for s in ctx.sdoc.sents) if f is not None]
    for token in ctx.sdoc:
        if token.lower_ == "according":
            found = _according_to(ctx, token)
            out.extend([found] if found else [])
        elif _is_cue(token):
            out.extend(_verb_statements(ctx, token))
        else:
            found = _noun_statement(ctx, token)
            out.extend([found] if found else [])
    return out


# ------------------------------------------------------------------------------------------- assembly

def _covered(span: _Found, quotes: list[_Found]) -> float:
    """Share of ``span``'s characters that lie inside quotations already found."""
    inside = sum(max(0, min(span.end, q.end) - max(span.start, q.start)) for q in quotes)
    return inside / max(1, span.end - span.start)


def _merge(quotes: list[_Found], reported: list[_Found]) -> list[_Found]:
    """Combine both passes without saying the same thing twice.

    Reported speech that is mostly a quotation ("X said that “…”") is dropped, handing its speaker and cue
    to the quotation; a partial quotation inside a longer reported clause is kept beside it and takes its speaker.
    """
    kept: list[_Found] = []
    seen: set[tuple[int, int]] = set()
    quotes = list(quotes)
    quote_cues = {q.cue for q in quotes if q.cue is not None}
    for r in reported:
        if (r.start, r.end) in seen or (r.cue in quote_cues and _covered(r, quotes) == 0):
            continue  # "X warned Y: “…”": the quotation is the statement, not the object of the cue
        seen.add((r.start, r.end))
        if _covered(r, quotes) >= 0.6:
            quotes = [replace(q, speaker=r.speaker, cue=r.cue)
                      if q.speaker is None and q.start < r.end and r.start < q.end else q for q in quotes]
            continue
        quotes = [replace(q, speaker=r.speaker, cue=r.cue)
                  if q.kind == "partial" and r.start <= q.start and q.end <= r.end + 1 and r.speaker else q
                  for q in quotes]
        kept.append(r)
    return sorted(quotes + kept, key=lambda f: (f.start, f.end))


def _previous_subject(ctx: _Context, sent: SpacySpan) -> tuple[int, int] | None:
    """The subject of the sentence before ``sent`` when it names someone (a proper noun)."""
    if sent.start == 0:
        return None
    prev = ctx.sdoc[sent.start - 1].sent
    for token in prev:
        if token.dep_ == "nsubj" and token.head.dep_ == "ROOT" and token.pos_ == "PROPN":
            return _name_span(token)
    return None


def _carry_speakers(ctx: _Context, found: list[_Found]) -> list[_Found]:
    """A quotation with no speaker of its own takes that of the statement just before it (within two
    sentences), or else the person named as subject of the previous sentence."""
    sent_index = {s.start: n for n, s in enumerate(ctx.sdoc.sents)}
    out: list[_Found] = []
    for item in found:
        if item.speaker is None and item.from_quote:
            sent = ctx.sdoc[ctx.token_at(item.start)].sent
            here = sent_index.get(sent.start, 0)
            prev = next((p for p in reversed(out) if p.speaker is not None), None)
            if prev is not None:
                prev_sent = sent_index.get(ctx.sdoc[ctx.token_at(prev.start)].sent.start, 0)
                prev_end = sent_index.get(ctx.sdoc[ctx.token_at(max(prev.start, prev.end - 1))].sent.start, 0)
                if here - max(prev_sent, prev_end) <= 2:
                    item = replace(item, speaker=prev.speaker)
            if item.speaker is None:
                item = replace(item, speaker=_previous_subject(ctx, sent))
        out.append(item)
    return out


# --------------------------------------------------------------------------------- actor resolution

_PRONOUN_KINDS: dict[str, tuple[str, ...]] = {
    "he": ("person",), "she": ("person",), "him": ("person",), "her": ("person",), "his": ("person",),
    "it": ("organisation", "outlet", "state"), "its": ("organisation", "outlet", "state"),
    "they": ("organisation", "group", "state", "outlet"), "their": ("organisation", "group", "state", "outlet"),
    "them": ("organisation", "group", "state", "outlet"),
}
_OUTLET_NOUNS = frozenset({"newspaper", "paper", "daily", "outlet", "magazine", "broadcaster", "network",
                           "channel", "agency", "tabloid", "weekly", "publication", "site", "website"})
_PERSON_ROLES = frozenset({"president", "minister", "senator", "leader", "chancellor", "secretary", "premier",
                           "governor", "candidate", "spokesman", "spokeswoman", "spokesperson", "ambassador",
                           "official", "prime", "king", "queen", "pope", "mayor", "general", "nominee"})


def _compatible_kinds(words: list[str]) -> tuple[str, ...] | None:
    """Actor kinds a pronoun or definite description may refer to; ``None`` when it is neither."""
    if len(words) == 1 and words[0] in _PRONOUN_KINDS:
        return _PRONOUN_KINDS[words[0]]
    if len(words) >= 2 and words[0] in ("the", "this") and len(words) <= 4:
        if words[-1] in _OUTLET_NOUNS:
            return ("outlet", "organisation")
        if words[-1] in _PERSON_ROLES:
            return ("person",)
        if words[-1] in ("government", "administration", "country", "company", "party", "group", "organisation",
                         "organization", "ministry", "department", "kremlin"):
            return ("organisation", "state", "group")
    return None


_FEMALE_HONORIFICS = frozenset({"ms", "mrs", "miss", "madam", "dame", "lady", "queen", "princess"})
_MALE_HONORIFICS = frozenset({"mr", "sir", "lord", "king", "prince"})


def _gender(actor: Actor) -> str | None:
    """"f"/"m" when a mention uses a gendered honorific ("Ms Sturgeon", "Mr Cameron"), else unknown."""
    for mention in actor.mentions:
        first = mention.text.split()[0].lower().rstrip(".") if mention.text.split() else ""
        if first in _FEMALE_HONORIFICS:
            return "f"
        if first in _MALE_HONORIFICS:
            return "m"
    return None


_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}


def resolve_speaker(text: str, span: Span, actors: Sequence[Actor],
                    subjects: frozenset[int] = frozenset(), window_start: int = 0) -> str | None:
    """The id of the actor that speaker ``span`` names.

    A name is linked to the actor whose mention overlaps it. A pronoun or a definite description ("she",
    "the newspaper") goes to a preceding mention of an actor of a compatible kind and gender, at or after
    ``window_start``: the latest one that is a grammatical subject (its start is in ``subjects``), else
    the latest one. Subjects win because the person a paragraph is about is usually its subject: in
    "Dr Raman, economist at Hartwell Lyle, said ... she said", *she* is Dr Raman.
    """
    words = text[span.start:span.end].lower().split()
    wants_person = len(words) <= 5 and bool(words) and words[-1] in _PERSON_ROLES
    best: tuple[int, int, str] | None = None
    for actor in actors:
        if wants_person and actor.kind != "person":
            continue  # "the UKIP leader" is a person, not UKIP
        for m in actor.mentions:
            shared = max(0, min(span.end, m.end) - max(span.start, m.start))
            if shared and (best is None or (shared, m.end) > best[:2]):
                best = (shared, m.end, actor.id)
    if best is not None:
        return best[2]
    if wants_person:
        words = ["the", words[-1]]
    kinds = _compatible_kinds(words)
    if kinds is None:
        return None
    wanted_gender = _PRONOUN_GENDER.get(words[0]) if len(words) == 1 else None
    latest: tuple[int, str] | None = None
    latest_subject: tuple[int, str] | None = None
    for actor in actors:
        if actor.kind not in kinds or (wanted_gender and _gender(actor) not in (None, wanted_gender)):
            continue
        for m in actor.mentions:
            if m.end > span.start or m.kind == "pronoun":
                continue
            if latest is None or m.end > latest[0]:
                latest = (m.end, actor.id)
            if m.start >= window_start and m.start in subjects and (latest_subject is None or m.end > latest_subject[0]):
                latest_subject = (m.end, actor.id)
    chosen = latest_subject or latest
    return chosen[1] if chosen else None


def _subject_starts(sdoc: Doc, actors: Sequence[Actor]) -> frozenset[int]:
    """Start offsets of actor mentions that are (part of) a grammatical subject."""
    starts: list[int] = []
    token_starts = [t.idx for t in sdoc]
    for actor in actors:
        for m in actor.mentions:
            i = max(0, bisect.bisect_right(token_starts, max(m.start, m.end - 1)) - 1)
            head = sdoc[i]
            while head.dep_ in ("compound", "flat", "amod") and head.head.i != head.i:
                head = head.head
            if head.dep_ in ("nsubj", "nsubjpass"):
                starts.append(m.start)
    return frozenset(starts)


def _window_start(sdoc: Doc, char: int) -> int:
    """Start of the sentence before the one containing ``char``: how far back a pronoun looks first."""
    token_starts = [t.idx for t in sdoc]
    sent = sdoc[max(0, bisect.bisect_right(token_starts, char) - 1)].sent
    return sdoc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char


def extract_statements(document: Document, sdoc: Doc, actors: Sequence[Actor] = ()) -> list[Statement]:
    """All statements in ``document``, in text order, with ids ``"<doc id>:s<n>"``.

    ``sdoc`` must be ``nlp(document.text)`` so token offsets are document offsets. ``actors`` (this
    document's actors) let speakers be linked to actor ids; without them ``speaker`` stays ``None`` and
    only ``speaker_span`` is set. Statements whose content starts in boilerplate are skipped.
    """
    ctx = _Context(document, sdoc)
    quotes = [f for f in (_quote_statement(ctx, q) for q in ctx.quotations) if f is not None]
    found = _carry_speakers(ctx, _merge(quotes, _reported_statements(ctx)))
    statements: list[Statement] = []
    subjects = _subject_starts(sdoc, actors) if actors else frozenset()
    for item in found:
        if document.in_boilerplate(item.start, item.end):
            continue
        speaker_span = document.span(*item.speaker) if item.speaker else None
        speaker = resolve_speaker(document.text, speaker_span, actors, subjects,
                                  _window_start(sdoc, speaker_span.start)) if speaker_span and actors else None
        statements.append(Statement(
            id=f"{document.id}:s{len(statements) + 1}", doc=document.id, kind=item.kind,  # type: ignore[arg-type]
            content=document.span(item.start, item.end), speaker=speaker, speaker_span=speaker_span,
            cue=document.span(*item.cue) if item.cue else None))
    return statements
