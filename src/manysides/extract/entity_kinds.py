"""What a capitalised span names: a person, or a place, an organisation, a group or a thing that NER took for one.

Split out of :mod:`manysides.extract.actors`, which decides per document which spans become which actors:
these predicates hold the evidence it weighs (the shape of the words, the grammar around them, what the
document says of the same words elsewhere) together with their word tables, and add no mention
themselves. A predicate that takes a :class:`~manysides.extract.actors.DocState` only reads it (and the
caches it keeps).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from manysides.extract.forenames import name_table
from manysides.extract.gazetteer import Alias, norm
from manysides.extract.names import ARABIC_ARTICLES, SURNAME_PARTICLES
from manysides.extract.roles import dictionary, has_person_evidence, modifies_common_noun, title_before

if TYPE_CHECKING:  # pragma: no cover
    from manysides.extract.actors import DocState

# Boilerplate regions whose words still count as the document's: a title or heading names its actors.
KEEP_REGIONS = {"title", "heading"}

_EVENT_HEADS = {"summit", "summits", "relations", "relationship", "ambitions", "dynamics", "guarantees", "war",
                "conference", "talks", "agreement", "accord", "deal", "crisis", "future", "limits", "meeting",
                "administration", "doctrine", "plan", "era", "policy", "cup", "games", "olympics", "forum"}
# Recurring events that NER labels organisations: no actor speaks or acts as them.
_NAMED_EVENTS = frozenset({"state of the union", "super bowl", "world series", "olympic games", "world cup",
                           "march madness", "mardi gras", "black friday", "cyber monday", "the masters"})
_LAW_HEADS = {"clause", "act", "amendment", "bill", "law", "code", "statute", "constitution"}
_COMPASS_ADJECTIVES = {"western", "eastern", "northern", "southern", "central"}

# Last words of names of places and buildings named after people, which NER calls people: "the Martin
# Luther King Jr. Memorial", "Great Smoky Mountains National Park".
FACILITY_HEADS = frozenset("""memorial monument park museum zoo library center centre hall bridge airport station
hospital university college school square street avenue building tower stadium arena institute
foundation""".split())
# Last words of organisations' names that NER sometimes calls people: "Border Patrol", "Coast Guard".
BODY_HEADS = frozenset("""patrol guard service agency department committee commission council association
corps police bureau administration authority board cabinet campaign government county caucus""".split())

STORM = re.compile(r"(?:Hurricane|Superstorm|Super Storm|Typhoon|Cyclone|Tropical Storm|Winter Storm)\s+([A-Z][a-z]+)")
# An illness named by one capitalised word: before "virus", "outbreak" and the like, or after "diagnosed with".
# Not before "vaccine": "the Pfizer vaccine" is a company's.
DISEASE = re.compile(r"\b([A-Z][A-Za-z0-9-]+) (?:virus|outbreak|epidemic|pandemic)\b"
                      r"|\b(?:diagnosed (?:with|as)|infected with|symptoms of|tested positive for) (?:the )?"
                      r"([A-Z][A-Za-z0-9-]+)\b")
_FIGURES_OF_SPEECH = frozenset({"jim crow", "uncle sam", "mother nature", "lady liberty", "john q. public"})
_TIME_ZONES = frozenset({"GMT", "UTC", "BST", "CET", "CEST", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"})
_TITLE_LATIN = frozenset({"pro", "tempore", "emeritus", "emerita", "interim", "ad", "hoc"})
# Last words of street names, which NER calls people ("Skid Row", "Bryant Ave"; "Lane" and "Street" are also surnames).
_STREET_HEADS = frozenset({"row", "road", "boulevard", "plaza", "avenue", "ave", "blvd", "rd", "st", "hwy"})
_GREEK_LETTERS = frozenset("""alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi
rho sigma tau upsilon phi chi psi omega""".split())
# Generations named like people ("a Baby Boomer", "each Millennial").
_GENERATION_WORDS = frozenset({"boomer", "boomers", "millennial", "millennials", "zoomer", "zoomers", "xer", "xers"})


def _is_place(state: DocState, text: str) -> bool:
    alias = state.gaz.lookup(text)
    return (alias is not None and alias.entry.kind in ("place", "state")) or norm(text).lower() in state.gaz.weak_places


def names_no_one(state: DocState, span: Span) -> bool:
    """A name of nothing that acts or speaks, whatever NER labels it: the Latin rest of an office ("President
    Pro Tempore"), a storm and its name alone ("Superstorm Sandy", then "Sandy"), an illness ("the Ebola
    outbreak", then "Ebola"), a recurring event ("the State of the Union", "Trump's State of the Union"), a
    figure of speech ("Jim Crow" laws) or a clock's zone ("6.30pm CT")."""
    text = norm(span.text)
    if any(t.text in _TIME_ZONES for t in span) or _zone_after_clock(span):
        return True  # "8 pm GMT", "6.30pm CT": a clock, not a person
    return all(t.lower_ in _TITLE_LATIN for t in span) or bool(STORM.match(text)) \
        or text in state.storm_names() or text in state.disease_names() or text.lower() in _FIGURES_OF_SPEECH \
        or re.sub(r"^.*['’]s\s+", "", text).lower() in _NAMED_EVENTS


_CLOCK = re.compile(r"(?:\d{1,2}(?:[:.]\d{2})?)?(?:a\.?m\.?|p\.?m\.?)|\d{1,2}[:.]\d{2}", re.IGNORECASE)


def _zone_after_clock(span: Span) -> bool:
    """A short capitalised code ending in T right after a clock time: the US zones "ET", "CT", "MT", "PT" and
    their kin, which are too ambiguous to list on their own ("PT" is also physical therapy)."""
    return len(span) == 1 and bool(re.fullmatch(r"[A-Z]{1,3}T", span.text)) and span.start > 0 \
        and bool(_CLOCK.fullmatch(span.doc[span.start - 1].text))


_WEB_ADDRESS = re.compile(r"\w\.(?:gov|com|org|net|edu|io)$", re.IGNORECASE)


def _web_address(span: Span) -> bool:
    """A website's name as one token ("Healthcare.gov"); not an e-mail address or a photo credit's "Name/Site.com"."""
    text = span.text
    return len(span) == 1 and text[:1].isupper() and "@" not in text and "/" not in text \
        and _WEB_ADDRESS.search(text) is not None


def not_a_person(state: DocState, span: Span) -> str | None:
    """The kind of what a name NER calls a person really names, when its shape or grammar says it is no
    person: a street ("Skid Row"), a Greek-letter society ("Sigma Chi", "Phi Beta Kappa"), a generation
    ("Baby Boomer"), a plural ("Latinos"), a website ("Healthcare.gov"), or a name English refers to with
    "which" ("Balfour Beatty, which will build") or calls a kind of company in an apposition."""
    if _web_address(span):
        return "organisation"  # "Healthcare.gov", "Change.org": a website, run by some body
    words = [t.lower_ for t in span if t.is_alpha]
    if not words:
        return None
    if len(words) > 1 and (words[-1] in _STREET_HEADS or norm(span.text).lower() in state.gaz.cities):
        return "place"  # "Skid Row"; "Khan Yunis" (a city's name of several words is no one's)
    if len(words) > 1 and all(w in _GREEK_LETTERS for w in words):
        return "organisation"
    if len(words) > 1 and words[0] in _COMPASS_ADJECTIVES and _is_place(state, span[1:].text):
        return "place"  # "Northern Virginia": a region of a place the gazetteer knows
    if words[-1] in _GENERATION_WORDS:
        return "group"
    if university(span):
        return "organisation"  # "Virginia Tech said", which NER may read as a woman called Virginia
    if plural_noun(state, span) or surname_family(state, span):
        return "group"
    if len(span) > 1 and span.text in state.body_named() or state.company_named(span):
        return "organisation"  # "Balfour Beatty, which will build"; "Ring, the doorbell camera maker"
    return None


def led_institution(state: DocState, span: Span) -> Alias | None:
    """The known body a name NER calls a person ends in, named for who leads it: "the Trump White House",
    "the Obama Justice Department". Left a person, it would give the surname "House" to every "House
    Speaker". The body is two words or more, so a person's surname is never read as one."""
    for k in (1, 2):
        if len(span) - k >= 2 and span[k - 1].text[:1].isupper():
            alias = state.gaz.lookup(span[k:].text)
            if alias is not None and alias.entry.kind in ("organisation", "state"):
                return alias
    return None


_UNIVERSITY_HEADS = frozenset({"university", "college", "tech", "polytechnic", "institute"})


def university(span: Span) -> bool:
    """A name of several words ending in a word that makes it a university: "Georgia Tech", "Boston College"
    (a body that speaks and acts, whether NER calls it a person or a building)."""
    return len(span) > 1 and span[-1].lower_ in _UNIVERSITY_HEADS and span[-1].text[:1].isupper()


_ORGANISATION_NOUNS = frozenset({"group", "company", "firm", "organization", "organisation", "network", "militia",
                                 "faction", "movement", "party", "agency", "outfit", "charity", "nonprofit", "maker",
                                 "manufacturer", "retailer", "startup", "conglomerate", "lender", "insurer", "airline",
                                 "automaker", "chain", "utility"})  # not "contractor", "publisher": people too
_DASHES = frozenset({",", "—", "–", "--"})


def organisation_apposition(span: Span) -> bool:
    """The name is followed by an apposition that says what kind of body it is: "Ansar al-Sharia, the militant
    group suspected in the attack", "Balfour Beatty, a construction company"."""
    doc = span.doc
    if span.end + 2 >= len(doc) or doc[span.end].text not in _DASHES \
            or doc[span.end + 1].lower_ not in ("the", "a", "an"):
        return False
    for tok in doc[span.end + 2:span.end + 8]:
        if tok.dep_ == "poss":
            return False  # "Tom Brinkley, the group's president": a person of the group
        if tok.pos_ == "NOUN" and tok.dep_ != "compound":  # "the party leader" is a leader
            return tok.lower_ in _ORGANISATION_NOUNS
        if tok.pos_ not in ("ADJ", "PROPN", "ADV", "NOUN") and tok.dep_ != "amod" and tok.text != "-":
            return False  # "the failed solar-panel company" goes on to its noun
    return False


def surname_family(state: DocState, span: Span) -> bool:
    """"the Bidens" beside Hunter Biden: the family of a surname the document names, which NER may call a
    place. Kept apart from the person ("the Bidens" are not Hunter Biden)."""
    word = span.text
    return len(span) == 1 and word.endswith("s") and span.start > 0 and span.doc[span.start - 1].lower_ == "the" \
        and (word[:-1] in state.family_words() or word.endswith("es") and word[:-2] in state.family_words())


def plural_noun(state: DocState, span: Span) -> bool:
    """One capitalised word that is a dictionary noun's plural and nobody's surname ("Latinos", "Dreamers"): a
    group of people. Not "Sessions" or "Banks" (census surnames), nor "Jobs" beside "Steve Jobs"."""
    if len(span) != 1 or not span.text.endswith("s") or not span[0].is_alpha:
        return False
    word = norm(span.text)
    return word[:-1].lower() in dictionary()[0] and not name_table().is_surname(word) and word not in state.surnames


def thing_name(state: DocState, span: Span) -> bool:
    """Two or three capitalised words that name a thing, not a person: after an article or a demonstrative
    ("the Rigged Witch Hunt", "this Rigged Witch Hunt", "a Trump Rally"), or dictionary words none of
    which is a given name, ending in no family name ("Eskimo Pie"; not "Meg Whitman", "Deb Fischer" or
    "Brit Hume", whose given names the 1990 census lists miss). A title or a verb of saying keeps it a
    person."""
    if has_person_evidence(state, span):
        return False
    doc, k = span.doc, span.start - 1
    while k >= 0 and doc[k].is_title and not doc[k].ent_type_ and k > span.start - 3:
        k -= 1  # "the Rigged Witch Hunt": NER's span may leave out a capitalised word before it
    after = doc[span.end] if span.end < len(doc) else None
    modifier = after is not None and (after.pos_ in {"NOUN", "ADJ", "PROPN"} or after.text in {"-", "–"})
    article = k >= 0 and (doc[k].lower_ in {"the", "a", "an"}
                          or doc[k].lower_ in {"this", "that"} and doc[k].dep_ == "det")
    if article and not modifier:  # "this Rigged Witch Hunt", not "the theory that Huma Abedin ..."
        return True  # not "the Hillary Clinton email inquiry", "the Karl Rove-backed group": the article is the noun's
    return all(no_forename(t) for t in span) and not name_table().is_surname(span[-1].text)


def no_forename(tok: Token) -> bool:
    """A capitalised dictionary word that the census lists as no given name ("Driver"): opening a longer
    name at the start of a sentence, its capital comes from its place, not from a person."""
    low = tok.lower_
    return tok.is_alpha and tok.text.istitle() and any(low in words for words in dictionary()) \
        and not name_table().is_forename(low)


def label_only(state: DocState, tok: Token) -> bool:
    """A word the document writes only as a label opening a line ("Verdict: MINUS."), that the census lists
    as nobody's given or family name. Transcripts label speakers the same way ("TRUMP:"), but with names."""
    names, word = name_table(), tok.text
    if names.is_forename(word) or names.is_surname(word):
        return False
    for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", state.document.text):
        line_start = state.document.text.rfind("\n", 0, match.start()) + 1
        if state.document.text[line_start:match.start()].strip() \
                or state.document.text[match.end():match.end() + 1] != ":":
            return False
    return True


DOTTED_LETTERS = re.compile(r"(?:[A-Z]\.){2,}")
_VERSUS = frozenset({"v.", "v", "vs.", "vs"})  # lower case: "Ronald V. Dellums" has an initial


def case_party(doc: Doc, start: int, end: int) -> bool:
    """Tokens ``[start, end)`` name a party in a court case's name ("United States v. Nichols", "Hobby Lobby
    Stores v. Sebelius"): a citation, not an actor of the story. The "v." may sit inside the entity, or
    right before or after it."""
    inside = any(doc[k].text in _VERSUS for k in range(start, end))
    before = start > 0 and doc[start - 1].text in _VERSUS
    after = end < len(doc) and doc[end].text in _VERSUS and end + 1 < len(doc) and doc[end + 1].text[:1].isupper()
    return inside or before or after


_PAGEANT_WORDS = frozenset({"universe", "world", "earth", "international", "teen", "usa", "america"})


def pageant(state: DocState, span: Span) -> bool:
    """"Miss" before a place or a word of scope ("Miss Universe", "Miss America", "Miss Teen USA")."""
    doc = span.doc
    if span[0].text == "Miss" and len(span) > 1:
        span = span[1:]
    elif not (span.start > 0 and doc[span.start - 1].text == "Miss"):
        return False
    alias = state.gaz.lookup(span.text)
    return span[0].lower_ in _PAGEANT_WORDS or (alias is not None and alias.entry.kind in ("place", "state"))


# Institutions whose short name is their first word ("Montefiore", "Harvard"). Not campaigns,
# administrations, foundations or towers: "the Obama campaign" leaves "Obama" a person.
INSTITUTION_HEADS = frozenset("center centre hospital university college school institute clinic museum library"
                               " church cathedral chapel mosque synagogue temple".split())


def institution_first_words(ents: Sequence[Span]) -> frozenset[str]:
    """First words of the document's institutions named after someone or something ("Montefiore" of "the
    Montefiore Medical Center", "Brennan" of "the Brennan Center for Justice"): alone, they are the
    institution's short name, unless the document also names a person with that surname."""
    names = [e[1:] if e[0].lower_ == "the" else e for e in ents if e.label_ in {"ORG", "FAC"}]
    return frozenset(n[0].text for n in names if len(n) >= 2 and n[0].is_title
                     and (any(t.lower_ in INSTITUTION_HEADS for t in n[1:]) or designated(t.text for t in n[1:])))


# Words that only say a name is a company's ("Burisma Holdings", "Mazars USA"): the name without them is the
# company's short name. Not "Organization" ("the Trump Organization" is named after a person).
_COMPANY_DESIGNATORS = frozenset("""holdings holding group inc inc. corp corp. corporation co co. llc ltd ltd. plc
usa sa ag gmbh nv lp llp""".split())


def designated(words: Iterable[str]) -> bool:
    """The words after a company's first word are all designators of a company (see ``_COMPANY_DESIGNATORS``)."""
    words = [w.lower() for w in words if w not in {",", "."}]
    return bool(words) and all(w in _COMPANY_DESIGNATORS for w in words)


def acronym(state: DocState, tok: Token) -> bool:
    """"WBUR", "NAACP": a capitals-only word the document never writes as a name ("TRUMP" beside "Trump")."""
    return len(tok.text) >= 3 and tok.text.isupper() and tok.text.isalpha() and state.caps[tok.text.title()] == 0


def heading_only(state: DocState, span: Span) -> bool:
    """A name NER found in a title or heading that the prose never writes: headlines capitalise every word,
    so "Marathon Bombing Suspect" or "Stay Indoors" there is no evidence of a person."""
    headings = [r for r in state.document.boilerplate if r.kind in KEEP_REGIONS]
    if not any(r.start <= span.start_char and span.end_char <= r.end for r in headings):
        return False
    for match in re.finditer(rf"(?<!\w){re.escape(span.text)}(?!\w)", state.document.text):
        if not any(r.start <= match.start() < r.end for r in headings):
            return False
    return True


def heading_word(state: DocState, tok: Token) -> bool:
    """A capitalised common word that acts in title-case headings ("Suspect May Not Want To Be Taken
    Alive"): the document writes it in lower case at least twice and at least as often as capitalised,
    and it is no surname of a full name the document gives."""
    lower = state.lower_words[tok.lower_]
    return lower >= 2 and lower >= state.caps[tok.text] and norm(tok.text) not in state.surnames


# Capitalised prefixes of names written with an inner capital: McConnell, MacArthur, DeSantis, LaToya, O'Brien.
_INNER_CAPITAL_PREFIXES = frozenset("""mc mac fitz de di da du del della la le lo van von ja ke sha jo ty al el
o st""".split())
_INNER_CAPITAL = re.compile(r"([A-Z][a-z]*)[A-Z][a-z]")


def brand_word(span: Span) -> bool:
    """One word with an inner capital after no name prefix ("MeToo", "YouTube", "BlackRock"): a movement,
    product or company written as one word, not a person."""
    match = _INNER_CAPITAL.match(span.text) if len(span) == 1 else None
    return match is not None and match.group(1).lower() not in _INNER_CAPITAL_PREFIXES


WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def named_day(span: Span) -> bool:
    """A word naming a day with the weekday after it ("Super Tuesday", "Black Friday"): a date, no actor."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in WEEKDAYS


def compound_piece(span: Span) -> bool:
    """The second half of a hyphenated name ("Gazette" of "Arkansas Democrat-Gazette"), split off by NER."""
    doc, k = span.doc, span.start
    return k >= 2 and doc[k - 1].text == "-" and not doc[k - 2].whitespace_ and not doc[k - 1].whitespace_ \
        and doc[k - 2].text[:1].isupper()


def title_word(span: Span) -> bool:
    """A capitalised dictionary word joined by "and" to another ("Fast and Furious", "Pride and
    Prejudice"): the name of an operation, a book or a film, not a person."""
    doc, k = span.doc, span.start
    if k < 2 or doc[k - 1].lower_ not in {"and", "&"}:
        return False
    before = doc[k - 2]

    def known(word: str) -> bool:
        return any(word in words for words in dictionary())

    return (before.text[:1].isupper() and before.ent_type_ != "PERSON" and known(before.lower_)
            and known(span[0].lower_))


def place_surname(state: DocState, span: Span) -> bool:
    """Two words whose last the document names a county ("Cobb County") and whose first is no given name:
    "Watch Cobb returns tonight", a live blog's heading, is no person called Cobb. Only a county: "jabs at
    Romney" makes no place of Mitt Romney, whose given name the census lists are too rare to know."""
    if len(span) != 2 or name_table().is_forename(span[0].text):
        return False
    return re.search(rf"\b{re.escape(span[1].text)} (?:County|Parish)\b", state.document.text) is not None


_SCHOOL_HEADS = frozenset({"elementary", "middle", "high", "academy", "primary"})
_PLACE_HEAD_WORDS = "|".join(sorted(w.title() for w in FACILITY_HEADS | _SCHOOL_HEADS))


def place_name_start(state: DocState, span: Span) -> bool:
    """Two words that begin the name of a school or building the document gives ("Sandy Hook" beside "Sandy
    Hook Elementary School"), written here as a place: without a title, modifying a noun ("Sandy Hook parents",
    "the Sandy Hook shooting") or after a preposition of place ("since Sandy Hook")."""
    before = state.sdoc[span.start - 1].lower_ if span.start else ""
    if len(span) != 2 or title_before(state, span)[0] < span.start \
            or not (modifies_common_noun(span) or before in ("at", "in", "near", "from", "since", "after")):
        return False  # "George Washington crossed the river" beside "George Washington University" is the man
    return re.search(rf"\b{re.escape(span.text)}(?: [A-Z][a-z]+)* (?:{_PLACE_HEAD_WORDS})\b",
                     state.document.text) is not None


def name_particle(tok: Token, span: Span) -> bool:
    """A lower-case particle inside a name, before a capitalised part: the "bin" of "Osama bin Laden", the "al"
    of "Bashar al-Assad", the "von der" of "Ursula von der Leyen"."""
    doc = tok.doc
    if tok.lower_ not in SURNAME_PARTICLES | ARABIC_ARTICLES or tok.i + 1 >= span.end:
        return False
    nxt = doc[tok.i + 1]
    if nxt.text == "-" and not tok.whitespace_ and tok.i + 2 < span.end:
        nxt = doc[tok.i + 2]
    return nxt.text[:1].isupper() or (nxt.lower_ in SURNAME_PARTICLES and name_particle(nxt, span))


def place_elsewhere(state: DocState, span: Span) -> bool:
    """One sense per document: a lone PERSON word that NER labels a place elsewhere, or that follows a
    preposition of location ("in Edinburgh")."""
    return span.text in state.place_words()


def junk(span: Span) -> bool:
    """NER noise: lowercase words, numbers, headline fragments, events rather than actors."""
    if _web_address(span):
        return False  # "Healthcare.gov", one token
    if not any(t.is_alpha for t in span) or span.text.islower() or len(span.text) < 2:
        return True
    if len(span) == 1 and (span[0].pos_ == "ADJ" or span[0].lower_ in _COMPASS_ADJECTIVES):
        return True
    if len(span) == 1 and named_day(span):
        return True  # "Super Tuesday"
    if span[-1].lower_ in _EVENT_HEADS or (len(span) > 1 and span[-1].lower_ in _LAW_HEADS):
        return True  # "the Anchorage summit"; "the Commerce Clause", "the Affordable Care Act": texts, not actors
    if span[-1].lower_ in {"of", "and", "the", "for"} or DOTTED_LETTERS.fullmatch(span.text):
        return True  # "State of" cut from "State of the Union"; "S.O.T.U."
    lowered = [t for t in span if t.is_alpha and t.text.islower() and t.lower_ not in {"of", "and", "the", "for"}
               and not name_particle(t, span)]  # "Ansar al-Sharia": the article of an Arabic name
    return bool(lowered) or len(span) > 6
