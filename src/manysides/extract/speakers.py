"""Speakers: who a statement is attributed to, and which actor that is.

Two jobs live here, apart from finding the statements themselves (:mod:`manysides.extract.statements`):

* reading the speaker off the parse: the subject of the cue, expanded to the whole name ("British PM Keir
  Starmer"), a passive agent, "according to X", or for a quotation with no speaker of its own, the speaker
  of the statement just before it;
* linking a speaker span to one of the document's actors: a name to the actor it names, a pronoun or a
  definite description ("she", "the newspaper") to the nearest preceding compatible actor mention.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple, Protocol, TypeVar

from spacy.tokens import Doc, Span as SpacySpan, Token

from manysides.extract.cues import SPEECH_VERBS
from manysides.extract.forenames import honorific_gender, name_table
from manysides.extract.gazetteer import gazetteer
from manysides.extract.names import family_name
from manysides.model import Actor, Mention, Span
from manysides.nlp.quotes import Quotation

# Prepositions that hang a gerund of saying on the clause of the one who speaks ("X drew criticism after saying",
# "Y apologised for suggesting", "Z won applause by promising").
CLAUSE_PREPOSITIONS = frozenset({"after", "before", "since", "upon", "on", "by", "while", "when", "in", "without",
                                 "despite", "for"})
_SPEAKER_STOP_DEPS = frozenset({"punct", "appos", "relcl", "acl", "parataxis", "advcl", "prep"})


# ---------------------------------------------------------------------------------- speaker spans

_SPOKES_NOUNS = frozenset({"spokesman", "spokeswoman", "spokesperson"})


def name_span(head: Token) -> tuple[int, int]:
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
                and not (child.dep_ == "prep" and child.lower_ in ("at", "from") and head.pos_ == "NOUN") \
                and not (child.dep_ == "prep" and child.lower_ == "for" and head.lower_ in _SPOKES_NOUNS):
            break  # keep "analysts at Barclays", "officials from the ministry", "a spokesman for Hale"
        right = child.right_edge
    while right.i > left.i and (right.is_punct or right.is_space or right.dep_ == "case"):
        right = right.doc[right.i - 1]
    return left.idx, right.idx + len(right.text)


NAMING_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})  # entity labels that name someone
# Entities whose names may hold an "and". NER also runs two people together ("Pelosi and Hoyer", labelled
# PERSON or even WORK_OF_ART), which is no one name.
_NAMES_WITH_AND = frozenset({"ORG", "GPE", "LOC", "FAC", "LAW"})


def _names_someone(token: Token) -> bool:
    return token.pos_ in ("PROPN", "PRON") or token.ent_type_ in NAMING_ENTITIES


def joint_parts(sdoc: Doc, start: int, end: int, token_at: Callable[[int], int]) -> list[tuple[int, int]]:
    """The coordinated names of a speaker phrase, each as its own span: "Pelosi and Hoyer", "Sen. Ann Roe of
    Ohio and Sen. Ida Vale" give two; a phrase that names one speaker ("Law and Justice chairman X", "the
    Rhodes scholar and new chairman", "scientists and economists") gives none. Every part must be a name or
    a pronoun (the parse's head of each conjunct), so that each can be linked to an actor of its own."""
    inside = sdoc[token_at(start):token_at(max(start, end - 1)) + 1]
    heads = [t for t in inside if not inside.start <= t.head.i < inside.end or t.head.i == t.i]
    if len(heads) != 1 or not _names_someone(heads[0]):
        return []
    if any(t.dep_ == "cc" for t in inside) and any(  # (the entities are built only where an "and" may be inside)
            e.start < t.i < e.end - 1 for e in inside.ents if e.label_ in _NAMES_WITH_AND for t in e if t.dep_ == "cc"):
        return []  # "Health and Human Services Secretary Ann Roe", "Trinidad and Tobago": one name
    parts, todo = [], [heads[0]]
    while todo:
        head = todo.pop(0)
        conjuncts = [c for c in head.children if c.dep_ == "conj" and inside.start <= c.i < inside.end]
        if any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in head.children):
            return []  # "neither X nor Y said", "X or Y": no one said it with anyone
        if conjuncts and not all(_names_someone(c) for c in conjuncts):
            return []
        todo.extend(conjuncts)
        own = [c for c in head.rights if c.dep_ in ("cc", "conj", "punct", "appos", "preconj")]
        last = min(own, key=lambda c: c.i).i - 1 if own else head.right_edge.i
        first = head.left_edge if head.left_edge.dep_ != "preconj" else sdoc[head.left_edge.i + 1]
        if first.dep_ == "det" and first.lower_ in ("a", "an", "another", "this", "that", "any", "each", "no"):
            return []  # "Another Law and Justice MEP": a name is not "another" or "a" anything
        parts.append((first.idx, sdoc[last].idx + len(sdoc[last].text)))
    return parts if len(parts) >= 2 else []


def speaker_of(cue: Token, quoted: Sequence[bool]) -> tuple[int, int] | None:
    """The speaker of ``cue``: its subject, a passive agent, "according to X", or the subject of the clause
    it hangs from ("…," adding, "…" takes the subject of the verb before it). Words inside quotations are
    never the speaker: a participle the parser hangs inside a quotation climbs out of it."""
    token: Token = cue
    for _ in range(4):
        if token.lower_ == "according":
            obj = next((o for prep in token.children for o in prep.children if o.dep_ == "pobj"), None)
            return name_span(obj) if obj is not None else None
        found = subject_span(token, quoted)
        if found is not None:
            return found
        if any(c.dep_ in ("nsubjpass", "expl") for c in token.children):
            return None  # "it was reported that ...": no speaker named
        if token.dep_ in ("relcl", "acl") and token.head.pos_ in ("NOUN", "PROPN"):
            return _voice_owner(token.head, quoted) or name_span(token.head)
        if token.dep_ == "conj":
            relative = _relative_subject(token)
            if relative is not None:
                return relative
            if token.head.dep_ == "ccomp" and token.head.head.lemma_.lower() in SPEECH_VERBS:
                token = token.head.head  # "X said A and added B", with *added* hung inside the clause A
                continue
        if token.dep_ not in ("advcl", "xcomp", "conj", "parataxis", "pcomp") or token.head.i == token.i:
            return None
        if token.dep_ == "xcomp":  # object control: "prompting X to announce ...", "urged X to say ..."
            obj = next((c for c in token.head.children if c.dep_ == "dobj" and c.i < token.i
                        and not quoted[c.i]), None)
            if obj is not None:
                return name_span(obj)
        token = token.head
        if token.dep_ == "prep" and (token.lower_ == "as" or token.lower_ in CLAUSE_PREPOSITIONS
                                     and token.head.pos_ in ("VERB", "AUX")):
            token = token.head  # "X was quoted as saying …", "X drew criticism after saying …"
        while quoted[token.i] and token.head.i != token.i:
            token = token.head
    return None


def _relative_subject(token: Token) -> tuple[int, int] | None:
    """For "X, who as minister …, told the house …" parsed with *told* as a conjunct of the main verb:
    a relative "who" between the conjunct and its head names the speaker."""
    for other in token.doc[token.head.i + 1:token.i]:
        if other.lower_ == "who" and other.dep_ == "nsubj" and other.head.dep_ == "relcl":
            return name_span(other.head.head)
        if other.lower_ == "who" and other.dep_ == "appos":
            return name_span(other.head)
    return None


def subject_span(token: Token, quoted: Sequence[bool]) -> tuple[int, int] | None:
    """Subject (or passive agent, or possessor of a cue noun) of ``token``, as a name span."""
    children = [c for c in token.children if not quoted[c.i]]
    for child in children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return name_span(obj)
    subjects = [c for c in children if c.dep_ in ("nsubj", "poss") or (c.dep_ == "nsubjpass" and c.lower_ != "it")]
    before = [c for c in subjects if c.i < token.i and c.left_edge.tag_ not in ("WP", "WP$", "WDT")]
    if len(before) > 1 and not _parenthetical_source(before[-1], token):
        # Two subjects for one verb: the parse went wrong, and the one nearest the verb is the speaker more
        # often ("WILMINGTON, Ohio — ... Trump said", where the dateline was also read as a subject); but not
        # a source in a parenthesis ("Roberts, the Journal reported, called the ...") nor a relative clause's
        # noun ("The Greens, whose quarrel with the mayor is ..., condemned").
        subjects = [before[-1]]
    for child in subjects:
        if child.lower_ in ("who", "which", "that") and token.dep_ == "relcl":
            return name_span(token.head)
        return _voice_owner(child, quoted) or name_span(child)
    return None


def _parenthetical_source(subject: Token, verb: Token) -> bool:
    """The subject is followed by a speech verb of its own before ``verb``: "the Journal reported"."""
    nxt = subject.doc[subject.right_edge.i + 1] if subject.right_edge.i + 1 < verb.i else None
    return nxt is not None and nxt.i != verb.i and nxt.lemma_.lower() in SPEECH_VERBS


# Things a person or body puts out in its own voice, whose content is theirs: "X issued a statement saying".
_ISSUED_NOUNS = frozenset("statement statements letter memo tweet email release video message post".split())


def _voice_owner(noun: Token, quoted: Sequence[bool]) -> tuple[int, int] | None:
    """Who put out the statement that speaks: the subject of the verb that has it as object ("The league
    issued a statement saying ...", "Hale released a letter calling ..."), or the agent of a participle on
    it ("a statement released by the league said ..."). None when the noun has its own possessor ("her
    statement") or author ("a letter from Dr. Roe", whom the phrase itself names), or nobody is named."""
    if noun.lower_ not in _ISSUED_NOUNS or any(c.dep_ == "poss" for c in noun.children):
        return None
    author = next((o for p in noun.children if p.dep_ == "prep" and p.lower_ in ("from", "by")
                   for o in p.children if o.dep_ == "pobj"), None)
    if author is not None:
        return None  # "released a letter from Dr. Roe describing ...": the letter speaks for its author
    if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX") and not quoted[noun.head.i]:
        return subject_span(noun.head, quoted)
    for child in noun.children:
        if child.dep_ == "acl":
            agent = next((a for a in child.children if a.dep_ == "agent"), None)
            obj = next((o for o in agent.children if o.dep_ == "pobj"), None) if agent is not None else None
            if obj is not None and not quoted[obj.i]:
                return name_span(obj)
    return None



# Nouns for people, institutions and reports: subjects that can hold a view.
_HUMAN_NOUNS = frozenset("""
official officials spokesman spokeswoman spokesperson minister ministers president senator senators leader
leaders analyst analysts critic critics expert experts source sources aide aides adviser advisers advisor
advisors lawmaker lawmakers legislator legislators diplomat diplomats economist economists campaign
government administration party voters voter people residents observers commentators activists protesters
report study poll survey newspaper paper editorial statement group organisation organization company
candidate nominee donor supporter member delegate citizen american democrat republican independent conservative
liberal student worker woman man respondent percent majority minority half third quarter most many some few
record data video union committee court judge jury council commission agency board department ministry office
team police prosecutor lawyer attorney firm bank network magazine association coalition foundation institute
university movement authority regulator governor mayor chairman chairwoman chair director chief executive
secretary coach manager author writer researcher scientist professor doctor teacher owner founder host anchor
reporter journalist columnist challenger incumbent rival opponent ally member
""".split())


def agentive_subject(verb: Token) -> bool:
    """Whether ``verb`` has a subject that can hold a view: a name, a personal pronoun, or a noun for people,
    institutions or reports. "The implications demand a closer look" is not anyone's statement."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "agent")), None)
    # A relative "which" or "that" stands for the noun it follows ("who" is someone in any case).
    relative = subject is not None and subject.tag_ == "WDT" and verb.dep_ == "relcl"
    if (subject is None or relative) and verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        subject = verb.head  # "a group backing Bush", "the union, which endorsed Clinton"
    if subject is None and verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ == "VERB":
        return agentive_subject(verb.head.head)  # "won by talking about the wall": the winner talked
    if subject is None:
        return verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i and agentive_subject(verb.head)
    if subject.dep_ == "agent":
        subject = next((c for c in subject.children if c.dep_ == "pobj"), subject)
    return holds_views(subject)


def holds_views(noun: Token) -> bool:
    """Whether ``noun`` can stand for someone who holds a view or can be asked to act: a name, a personal
    pronoun, or a noun for people, institutions or reports ("voters", "the committee"; not "the referendum")."""
    if noun.pos_ == "PROPN" or noun.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "PERCENT") or noun.like_num:
        return True  # "56 percent support …", "six in 10 back …": shares of a poll hold views too
    if noun.pos_ == "PRON":
        return noun.lower_ in ("i", "we", "you", "he", "she", "they", "who", "those", "many", "some", "most",
                               "everyone", "everybody", "others", "both", "him", "her", "them", "us", "me")
    return noun.lemma_.lower() in _HUMAN_NOUNS or noun.lower_ in _HUMAN_NOUNS


def passive_agent(verb: Token) -> tuple[int, int] | None:
    """The "by" agent of a passive verb, as a name span."""
    obj = next((o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"), None)
    return name_span(obj) if obj is not None else None


class _Item(Protocol):
    start: int
    end: int
    speaker: tuple[int, int] | None
    from_quote: bool


T = TypeVar("T", bound=_Item)


def _previous_subject(sdoc: Doc, sent: SpacySpan) -> tuple[int, int] | None:
    """The subject of the sentence before ``sent`` when it names someone (a proper noun)."""
    if sent.start == 0:
        return None
    prev = sdoc[sent.start - 1].sent
    for token in prev:
        if token.dep_ == "nsubj" and token.head.dep_ == "ROOT" and token.pos_ == "PROPN":
            return name_span(token)
    return None


def carry_speakers(sdoc: Doc, token_at: Callable[[int], int], found: list[T]) -> list[T]:
    """A quotation with no speaker of its own takes that of the statement just before it (within two
    sentences), or else the person named as subject of the previous sentence. ``token_at`` maps a
    character offset to the index of its token."""
    sent_index = {s.start: n for n, s in enumerate(sdoc.sents)}
    out: list[T] = []
    for item in found:
        if item.speaker is None and item.from_quote:
            sent = sdoc[token_at(item.start)].sent
            here = sent_index.get(sent.start, 0)
            prev = next((p for p in reversed(out) if p.speaker is not None), None)
            if prev is not None:
                prev_sent = sent_index.get(sdoc[token_at(prev.start)].sent.start, 0)
                prev_end = sent_index.get(sdoc[token_at(max(prev.start, prev.end - 1))].sent.start, 0)
                if here - max(prev_sent, prev_end) <= 2:
                    item = replace(item, speaker=prev.speaker)
            if item.speaker is None:
                item = replace(item, speaker=_previous_subject(sdoc, sent))
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
# "the Michigan Republican said": a member of a party by the state they represent, the one just named. Not "the
# Republican" or "the top Democrat" alone, which may be anyone of the party.
_PARTY_MEMBERS = frozenset({"republican", "democrat"})
# Offices of those news calls "the Ohio Republican": not "President Obama" or "Vice President Biden".
_MEMBER_OFFICES = ("senator", "representative", "congressman", "congresswoman", "governor", "leader", "speaker",
                   "chairman", "chairwoman", "chair", "mayor", "candidate", "nominee", "attorney")


_INDEFINITE_WORDS = frozenset({"a", "an", "one", "another", "some", "several", "many", "no", "not", "any", "each",
                               "every", "two", "three", "four", "other"})
# Offices a title names precisely; "leader", "official" and "candidate" describe holders of many offices.
_OFFICE_WORDS = _PERSON_ROLES - {"leader", "official", "candidate", "nominee", "spokesman", "spokeswoman",
                                 "spokesperson"}


_TITLE_OFFICES = _PERSON_ROLES | {"speaker", "director", "chairman", "chairwoman", "chair", "judge", "justice",
                                  "attorney", "representative", "congressman", "congresswoman", "commissioner",
                                  "chief", "adviser", "advisor", "ceo", "administrator", "sheriff"}
# Officers of a legislature, who speak for their party, not for the chamber ("the House speaker said"); an
# agency's head or spokesperson speaks for the agency ("the Fed chairman said", "a CDC spokesperson").
_CHAMBER_OFFICERS = frozenset({"speaker", "leader", "whip"})
_ABBREVIATED_OFFICES = {"sen": "senator", "gov": "governor", "rep": "representative", "gen": "general",
                        "pres": "president", "amb": "ambassador"}


def _offices_held(actor: Actor) -> set[str]:
    """The offices the actor's titles and roles name ("Gov. Ada Lund": governor); honorifics name none."""
    held = set()
    for m in actor.mentions:
        if m.kind in ("title", "role"):
            words = [_ABBREVIATED_OFFICES.get(w, w) for w in re.findall(r"[a-z]+", m.text.lower())]
            deputy = {office for vice, office in zip(words, words[1:]) if vice == "vice"}  # no presidency
            held |= (set(words) & _TITLE_OFFICES - deputy) | {f"vice {office}" for office in deputy}
    return held


def _holds_other_office(actor: Actor, *offices: str) -> bool:
    """The actor's titles name offices, none of them these: "the president" is not "Senate leader Tom
    Hale". Honorifics ("Mr. Obama") name no office and rule nobody out."""
    held = _offices_held(actor)
    return bool(held) and not held & set(offices)


def _known_in_office(text: str, actor: Actor, office: str, most_named: str | None) -> bool:
    """Whether "the <office>" may name ``actor``: a title or role gives them the office ("Mayor Ada Lund",
    "Lund, the mayor,"), or they are the person the article names most (``most_named``). Otherwise "the
    mayor" went to whoever was named last: a council member, a campaign manager, a rival."""
    return actor.id == most_named or office in _offices_held(actor) \
        or any(_described_as(text, m, office) for m in actor.mentions)


def _most_named_person(actors: Sequence[Actor], office: str) -> str | None:
    """The id of the person named more often (pronouns aside) than any other not known to hold another
    office than ``office``, if there is one."""
    counts = sorted(((sum(m.kind != "pronoun" for m in a.mentions), a.id) for a in actors
                     if a.kind == "person" and not _holds_other_office(a, office)), reverse=True)
    if not counts or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][1]


def _state_member(phrase: str) -> bool:
    """"the Michigan Republican", "the New York Democrat": a party member named by the place they represent."""
    words = phrase.split()
    if len(words) < 3 or words[0].lower() != "the" or words[-1].lower() not in _PARTY_MEMBERS:
        return False
    place = " ".join(words[1:-1])
    gaz = gazetteer()
    found = gaz.lookup(place)
    return place[:1].isupper() and (place.lower() in gaz.weak_places
                                    or found is not None and found.entry.kind == "place")


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




def _gender(actor: Actor) -> str | None:
    """"f"/"m" when a mention uses a gendered honorific ("Ms Sturgeon", "Mr Cameron") or, failing that, when
    the person's given name is one sex's in the census lists ("Christine Blasey Ford"), else unknown."""
    for mention in actor.mentions:
        stated = honorific_gender(mention.text.split()[0]) if mention.text.split() else None
        if stated is not None:
            return stated
    words = actor.name.split()
    if actor.kind != "person" or len(words) < 2 or family_name(actor.name):
        return None  # a surname alone tells nothing; in "Kim Jong-un" the first word is the family name
    return name_table().gender(words[0])


_LOCATIVE = frozenset({"in", "of", "from", "at", "near", "across", "outside", "inside"})


def _heads_phrase(text: str, span: Span, mention: Span) -> bool:
    """The mention ends the speaker phrase and is not the object of a preposition: "The Enquirer said", not
    "Boston police officers said" or "voters in Michigan said" (where a place is only a modifier)."""
    if mention.end != span.end or not span.start <= mention.start:
        return False
    before = text[span.start:mention.start].split()
    return not (before and before[-1].lower() in _LOCATIVE)


# A name followed by a common noun in the speaker phrase modifies it ("Trump aides", "CNN analysts"). An
# institution still speaks through its officials, analysts or polls, but not through these:
_MODIFIED_NOUN = re.compile(r"[ \t]+([a-z]+)")
# What speaks with its owner's voice: "Kavanaugh's statement said", "the Clinton campaign said".
_VOICE_NOUNS = frozenset("""statement statements letter tweet tweets email memo speech remarks testimony account
declaration column essay article book blog campaign office team administration government""".split())
_TITLED_OFFICE = re.compile(r"[ \t]+([A-Z][a-z]+)[ \t]+[A-Z]")
_FUNCTION_WORDS = frozenset("""of and or in at from for who whom which that with to on by as the a an but
nor""".split())
_NOT_SPOKESPEOPLE = frozenset("""student students voter voters resident residents fan fans supporter supporters
customer customers worker workers employee employees graduate graduates alumni alumnus parent parents patient
patients viewer viewers reader readers listener listeners passenger passengers shopper shoppers source sources
insider insiders democrat democrats republican republicans""".split())
# People found at an institution who do not speak for it: "opposition politicians at Holyrood", "students at
# Harvard", "protesters outside the embassy" (unlike "officials at the Pentagon" or "analysts at a bank").
_PRESENT_NOT_SPEAKING = _NOT_SPOKESPEOPLE | frozenset("""politician politicians protester protesters demonstrator
demonstrators activist activists people citizen citizens local locals crowd crowds""".split())


def _modifier_role(text: str, span: Span, m: Mention, kind: str, last_word: str) -> bool | None:
    """How a mention stands in the speaker phrase: ``False`` when it heads it, ``True`` when it only
    modifies it but still speaks ("Egypt's Health Ministry", "Hamas officials": the body speaks unless a
    name heads the phrase), ``None`` when it does not speak at all ("Roof's mother", "Trump aides", "one
    Franklin Pierce student", a chamber's officer such as "the House speaker", a hyphened "GOP-led"). A
    statement, campaign or declaration speaks with its owner's voice."""
    before = text[span.start:m.start].lower().split()
    before = before[:-1] if before and before[-1] == "the" else before
    if len(before) >= 2 and before[-1] in _LOCATIVE and before[-2] in _PRESENT_NOT_SPEAKING:
        return None
    possessive = text[m.end:m.end + 2] in ("'s", "’s")
    noun = _MODIFIED_NOUN.match(text, m.end + 2 * possessive, span.end) if m.end < span.end else None
    noun = noun if noun and noun.group(1) not in _FUNCTION_WORDS else None  # "Schumer of New York"
    title = _TITLED_OFFICE.match(text, m.end, span.end) if noun is None and not possessive else None
    if title is not None and title.group(1).lower() in _TITLE_OFFICES:
        noun = title  # "Party Committee Chairwoman Ada Lund": the chairwoman speaks, then her body
    if text[m.end:m.end + 1] in ("-", "‑") and not possessive:
        return None  # "a House-passed measure", "the GOP-led House": part of a word about something else
    if noun is not None and title is None and kind != "person" and noun.group(1) in _CHAMBER_OFFICERS:
        return None  # "the House speaker's announcement": a party leader's, not the House's
    voice = noun is not None and (noun.group(1) in _VOICE_NOUNS or last_word.strip(",.") in _VOICE_NOUNS)
    owned = possessive and m.end + 2 < span.end
    if owned and not voice and kind == "person":
        return None
    if noun and not voice and (kind == "person" or noun.group(1) in _NOT_SPOKESPEOPLE):
        return None
    if kind != "person" and m.end < span.end and last_word.strip(",.") in _NOT_SPOKESPEOPLE \
            and " and " not in text[m.end:span.end]:  # "Republicans and Democrats" are both speaking
        return None  # "the Senate's No. 3 Democrat": a member, not the Senate
    return noun is not None or owned


_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
# Roles news often leaves unnamed: after "a senior port official told us ...", "the official" is that person,
# never the latest named one. An official is named only where a mention is called one ("Pentagon official Ann
# Roe"); a spokesperson may be ("Mr. Carney ... the president's spokesman"), unless introduced as "a ...".
_ANONYMOUS_ROLES = frozenset({"official"})
_UNNAMED_ROLES = _ANONYMOUS_ROLES | {"spokesman", "spokeswoman", "spokesperson"}


def _described_as(text: str, mention: Mention, role: str) -> bool:
    """The mention is called a ``role`` where it stands: "board official Ann Roe", "the board's official, Ann
    Roe,", "Ann Roe, a board official," (set off on both sides: in "... of Ann Roe, a senior official told
    reporters" the official is someone else)."""
    before, after = text[max(0, mention.start - 60):mention.start], text[mention.end:mention.end + 80]
    apposition = rf",\s+(?:an?|the|one)\s+(?:[\w’'.-]+\s+){{0,5}}?{role}\s*[,;)—–]"
    return bool(re.search(rf"\b{role}s?,?\s+$", before, re.IGNORECASE) or re.match(apposition, after, re.IGNORECASE))


def pronoun_contradicts(pronoun: str, actor: Actor) -> bool:
    """Whether a gendered pronoun cannot stand for ``actor``: in one article "Trump" alone has no known
    sex, so "she said" may resolve to him there; across the corpus the merged actor is "Donald J. Trump"."""
    wanted = _PRONOUN_GENDER.get(pronoun.strip().lower())
    known = _gender(actor) if wanted else None
    return known is not None and known != wanted


class MentionFacts(NamedTuple):
    """Where the document's actor mentions stand, by start offset: in a grammatical subject, or inside a
    quotation (the words of someone the narration quotes); and, by ``(start, end)``, the clauses of reported
    speech that hold each mention, which are someone's words too ("Brandt said Tolland put the harbour at
    risk": Tolland is the subject of Brandt's words, not of the narration)."""

    subjects: frozenset[int] = frozenset()
    quoted: frozenset[int] = frozenset()
    reported: Mapping[tuple[int, int], tuple[tuple[int, int], ...]] = {}


def resolve_speaker(text: str, span: Span, actors: Sequence[Actor],
                    facts: MentionFacts = MentionFacts(), window_start: int = 0,
                    previous: str | None = None, quoted: Span | None = None) -> str | None:
    """The id of the actor that speaker ``span`` names.

    A name is linked to the actor whose mention overlaps it. A pronoun or a definite description ("she",
    "the newspaper") goes to a preceding mention of an actor of a compatible kind and gender, outside the
    words the speaker is reported to say (``quoted``: in "“[Trump's] not answering any more questions,”
    he added", *he* is not Trump), at or after
    ``window_start``: the latest one that is a grammatical subject (its start is in ``facts.subjects``),
    else the speaker of the statement just before (``previous``, when compatible), else the latest
    mention. Mentions inside other quotations (``facts.quoted``) are the quoted speaker's words, not the
    narration's, and count only when there is no other.
    Subjects win because the person a paragraph is about is usually its subject: in "Dr Raman,
    economist at Hartwell Lyle, said ... she said", *she* is Dr Raman. Without one, a quotation most
    likely continues the last speaker's: in "He defended Kim over the death of Otto Warmbier. “...,” he
    said", *he* is whoever spoke before, not Warmbier, the latest name.
    """
    words = text[span.start:span.end].lower().split()
    member = _state_member(text[span.start:span.end])
    wants_person = len(words) <= 5 and bool(words) and (words[-1] in _PERSON_ROLES or member)
    best: tuple[bool, int, int, str] | None = None
    for actor in actors:
        if wants_person and actor.kind != "person":
            continue  # "the UKIP leader" is a person, not UKIP
        for m in actor.mentions:
            shared = max(0, min(span.end, m.end) - max(span.start, m.start))
            if not shared:
                continue  # only a mention inside the phrase names its speaker
            if actor.kind == "place" and not _heads_phrase(text, span, m):
                continue  # in "Boston police officers said" the officers speak, not Boston
            modifier = _modifier_role(text, span, m, actor.kind, words[-1])
            if modifier is None:
                continue
            rank = (not modifier, shared, m.end)  # the phrase's head first: "Washington Post columnist Marc Thiessen"
            if best is None or rank > best[:3]:
                best = (*rank, actor.id)
    if best is not None:
        return best[3]
    if words and words[0] in _INDEFINITE_WORDS:
        return None  # "a GOP senator", "not one senator": someone not named, not the last senator named
    vice = len(words) >= 2 and words[-2] == "vice"  # "the former vice president" holds no presidency
    if wants_person:
        words = ["the", words[-1]]
    kinds = ("person",) if member else _compatible_kinds(words)
    if kinds is None:
        return None
    wanted_gender = _PRONOUN_GENDER.get(words[0]) if len(words) == 1 else None
    office = words[-1] if wants_person and words[-1] in _OFFICE_WORDS else None
    office = f"vice {office}" if office and vice else office
    unnamed = words[-1] if len(words) >= 2 and words[-1] in _UNNAMED_ROLES else None
    if unnamed and re.search(rf"\b(?:a|an|one)\s+(?:[\w’'.-]+\s+){{0,5}}?{unnamed}\b",
                             text[window_start:span.start], re.IGNORECASE):
        return None  # "a DeSantis spokesperson told NBC ... according to the spokesperson": never named
    official = unnamed if unnamed in _ANONYMOUS_ROLES else None
    # "the administration" is the government of the day, not the latest organisation named (the FBI, the
    # Supreme Court): only an actor that is itself called an administration ("the Trump administration").
    administration = len(words) >= 2 and words[-1] == "administration"

    def fits(actor: Actor) -> bool:
        """Of a kind, a sex and an office the pronoun or description allows."""
        return actor.kind in kinds and not (wanted_gender and _gender(actor) not in (None, wanted_gender)) \
            and not (office and _holds_other_office(actor, office)) \
            and not (member and _holds_other_office(actor, *_MEMBER_OFFICES)) \
            and not (official and not any(_described_as(text, m, official) for m in actor.mentions)) \
            and not (administration and not any("administration" in m.text.lower() for m in actor.mentions))

    latest: tuple[int, str] | None = None
    latest_subject: tuple[int, str] | None = None
    latest_quoted: tuple[int, str] | None = None
    for actor in actors:
        if not fits(actor):
            continue
        for m in actor.mentions:
            if m.end > span.start or m.kind == "pronoun" or (quoted and quoted.start <= m.start < quoted.end):
                continue
            if m.start in facts.quoted or any(  # in someone else's words, in a report not holding the speaker
                    not start <= span.start < end for start, end in facts.reported.get((m.start, m.end), ())):
                if latest_quoted is None or m.end > latest_quoted[0]:
                    latest_quoted = (m.end, actor.id)
                continue
            if latest is None or m.end > latest[0]:
                latest = (m.end, actor.id)
            if m.start >= window_start and m.start in facts.subjects \
                    and (latest_subject is None or m.end > latest_subject[0]):
                latest_subject = (m.end, actor.id)
    if latest_subject is not None:
        chosen: str | None = latest_subject[1]
    elif previous is not None and any(a.id == previous and fits(a) for a in actors):
        chosen = previous
    else:
        latest = latest or latest_quoted
        chosen = latest[1] if latest else None
    if chosen is not None and office:
        # "the mayor" names the latest fitting person only if they are known to be the mayor, or are the one
        # person the article is most about; else the one person named before who is called the mayor, if any;
        # otherwise it stays unnamed rather than go to a council member.
        actor = next(a for a in actors if a.id == chosen)
        if not _known_in_office(text, actor, office, _most_named_person(actors, office)):
            called = [a.id for a in actors if fits(a) and any(m.end <= span.start for m in a.mentions)
                      and _known_in_office(text, a, office, None)]
            return called[0] if len(called) == 1 else None
    return chosen


def mention_facts(sdoc: Doc, actors: Sequence[Actor], quotations: Sequence[Quotation],
                  reported: Sequence[tuple[int, int]] = ()) -> MentionFacts:
    """Which actor mentions are (part of) a grammatical subject, which lie inside a quotation whose closing
    mark was found (an unclosed one may run on over the narration), and which ``reported`` clauses hold each
    (inside the report that holds the speaker phrase itself, its own names are still the antecedents: see
    :func:`resolve_speaker`)."""
    starts: list[int] = []
    inside: list[int] = []
    held: dict[tuple[int, int], tuple[tuple[int, int], ...]] = {}
    token_starts = [t.idx for t in sdoc]
    closed = sorted((q.open_at, q.close_at) for q in quotations if q.close_at is not None)
    opens = [open_at for open_at, _ in closed]
    for actor in actors:
        for m in actor.mentions:
            k = bisect.bisect_right(opens, m.start) - 1
            if k >= 0 and m.end <= closed[k][1]:
                inside.append(m.start)
            clauses = tuple((a, b) for a, b in reported if a <= m.start and m.end <= b)
            if clauses:
                held[(m.start, m.end)] = clauses
            i = max(0, bisect.bisect_right(token_starts, max(m.start, m.end - 1)) - 1)
            head = sdoc[i]
            # "His neighbour, shop owner Carol Ridley, was delighted": an apposition shares its noun's role.
            while head.dep_ in ("compound", "flat", "amod", "appos") and head.head.i != head.i:
                head = head.head
            if head.dep_ in ("nsubj", "nsubjpass"):
                starts.append(m.start)
    return MentionFacts(frozenset(starts), frozenset(inside), held)


def window_start(sdoc: Doc, char: int, token_at: Callable[[int], int]) -> int:
    """Start of the sentence before the one containing ``char``: how far back a pronoun looks first.

    ``token_at(char)`` is the index of the token containing ``char`` (the statement extractor's lookup).
    """
    sent = sdoc[token_at(char)].sent
    return sdoc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
