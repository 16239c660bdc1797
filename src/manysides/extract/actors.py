"""Actors: the people, organisations, states, outlets, groups and places a corpus talks about.

Per document, spaCy NER is the base; the gazetteer (``extract.gazetteer``) corrects and
canonicalises well-known names ("U.S." -> United States, "the Kremlin" -> Russia as metonym, while
"in Moscow" stays a place); surnames are tied to the full name the document gives; role phrases ("the
Russian president") are tied to the person the document introduces with that role (``extract.roles``).
NER noise is filtered: common words that NER took for names ("Turnout was ..."), honorifics that make a
person of anything ("Lord Palmerston"), short forms of a named organisation ("the Bank").

This module is that per-document stage, :func:`extract_actors`, with the state it keeps
(:class:`DocState`). Its parts live beside it: people are found and resolved in ``extract.people``, the
evidence for what a span names is in ``extract.entity_kinds``, the rules of personal names as strings in
``extract.names``, and the merge across documents (:func:`~manysides.extract.actor_merge.merge_actors`)
in ``extract.actor_merge``.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from typing import Sequence

from spacy.tokens import Doc, Span

from manysides.extract.entity_kinds import (
    BODY_HEADS,
    DISEASE,
    INSTITUTION_HEADS,
    KEEP_REGIONS,
    STORM,
    case_party,
    designated,
    junk,
    led_institution,
    names_no_one,
    not_a_person,
    organisation_apposition,
    place_elsewhere,
    plural_noun,
    surname_family,
    university,
)
from manysides.extract.forenames import honorific_gender, name_table
from manysides.extract.gazetteer import Entry, Gazetteer, Hit, gazetteer, metonymic, norm
from manysides.extract.names import display_name, family_name, fold, name_rank
from manysides.extract.nicknames import NicknamedName, mend_nicknames, split_printed
from manysides.extract.people import add_person, person_spans
from manysides.extract.roles import (
    PLACE_LABELS,
    POSSESSIVE,
    add_role_mentions,
    city_state,
    common_word,
    is_speaker,
    modifies_common_noun,
    opens_clause,
    peerage_spans,
)
from manysides.model import Actor, Document, Mention

_DETERMINERS = {"the", "a", "an", "this", "that"}


@dataclasses.dataclass
class _Found:
    """A mention before actors are numbered."""

    key: str
    name: str
    kind: str
    mention: Mention


class DocState:
    """Everything learned about one document while extracting its actors."""

    def __init__(self, document: Document, sdoc: Doc, gaz: Gazetteer) -> None:
        self.document, self.sdoc, self.gaz = document, sdoc, gaz
        self.found: list[_Found] = []
        self.taken: set[int] = set()  # character offsets already claimed by a mention
        self.full_names: dict[str, str] = {}  # person key -> display name
        self.nicknames: dict[str, str] = {}  # "scooter" -> the key of Lewis "Scooter" Libby
        self.nicknamed: dict[str, NicknamedName] = {}  # that key -> the parts of the name as printed
        self.outlet_heads: dict[str, Entry] = {}  # "Times" -> the one "... Times" the document names
        self.bindings: list[tuple[str | None, str, str]] = []  # (state key, office, person key)
        self.nationals: set[str] = set()  # states some person is introduced by, without an office
        self.lower_words: Counter[str] = Counter()
        self.mid_caps: set[str] = set()
        self.caps: Counter[str] = Counter()
        for t in sdoc:  # one pass: creating Token objects is what iterating a Doc costs
            if not t.is_alpha:
                continue
            text = t.text
            if text.islower():
                self.lower_words[text] += 1
            elif text[:1].isupper():
                self.caps[text] += 1
                if not opens_clause(t):
                    self.mid_caps.add(text)
        self.surnames: set[str] = set()
        self._place_words: frozenset[str] | None = None
        self._located_words: frozenset[str] | None = None
        self._body_names: tuple[frozenset[str], frozenset[str]] | None = None
        self._title_sexes: defaultdict[str, Counter[str]] | None = None
        self._storm_names: frozenset[str] | None = None
        self._company_short_names: dict[str, tuple[str, str]] | None = None
        self._family_words: frozenset[str] | None = None
        self._city_words: frozenset[str] | None = None
        self._disease_names: frozenset[str] | None = None
        self.introductions: dict[str, tuple[str | None, bool]] = {}  # person key -> see _introduction
        self._trimmed: dict[tuple[int, int], Span | None] = {}
        self.titled: dict[str, bool] = {}  # one-word name -> carries a title somewhere here (see _titled)

    def trim(self, ent: Span) -> Span | None:
        """:func:`_trim` of an entity, worked out once: people and other entities both look at it."""
        key = (ent.start, ent.end)
        if key not in self._trimmed:
            self._trimmed[key] = _trim(ent, self.gaz)
        return self._trimmed[key]

    def place_words(self) -> frozenset[str]:
        """Texts this document uses as places: entities NER labels a place, names followed by a comma and a
        place ("Dayton, Ohio", whatever NER calls Dayton), and objects of a preposition of location ("in
        Edinburgh"); computed once, on first use."""
        if self._place_words is None:
            words = {e.text for e in self.sdoc.ents if e.label_ in PLACE_LABELS} | self.city_words()
            self._place_words = frozenset(words | self.located_words())
        return self._place_words

    def city_words(self) -> frozenset[str]:
        """Names the document follows with a comma and a place that ends the phrase ("Dayton, Ohio, die"):
        cities, whatever NER says. Not "the super PAC, Nevada billionaire ...", an apposition."""
        if self._city_words is None:
            doc, words = self.sdoc, set()
            for e in doc.ents:
                if city_state(e):
                    place = next((p for p in doc.ents if p.start == e.end + 1), None)
                    if place is not None and (place.end == len(doc) or doc[place.end].is_punct):
                        words.add(e.text)
            self._city_words = frozenset(words)
        return self._city_words

    def located_words(self) -> frozenset[str]:
        """Objects of a preposition of location ("doctors in Wuhan"): places, whatever NER says elsewhere."""
        if self._located_words is None:
            at = self.gaz.context["location_preps"]
            self._located_words = frozenset(t.text for t in self.sdoc if t.dep_ == "pobj" and t.head.lower_ in at)
        return self._located_words

    def body_named(self) -> frozenset[str]:
        """Names that ", which" right after them describes ("Balfour Beatty, which will build the bridge"), or an
        apposition that says what kind of body they are ("Veltrana — the bankrupt solar firm"): English says
        "who" of a person, so these name companies or bodies, wherever else they appear here (a relative clause
        on one word is too often its noun's: "a bill backed by Mr. Hale, which would ..."). Not a name inside a
        noun's prepositional phrase ("a study by John Smith, which found"): the parser cannot tell whether the
        clause is the name's or the noun's."""
        which, apposed = self._bodies()
        return which | apposed

    def company_named(self, span: Span) -> bool:
        """An apposition calls the name a kind of company ("Ring, the doorbell camera maker"); for one word, only
        when no title ever precedes it ("Mr. Ring") and it is no common given name."""
        if span.text not in self._bodies()[1]:
            return False
        return len(span) > 1 or not (self.title_sexes(fold(norm(span.text)).lower())
                                     or name_table().mostly_forename(span.text))

    def _bodies(self) -> tuple[frozenset[str], frozenset[str]]:
        """The names a relative "which" describes and those an apposition calls a kind of body, found once."""
        if self._body_names is None:
            which, apposed = set(), set()
            for ent in self.sdoc.ents:
                root = ent.root
                after = self.sdoc[ent.end:ent.end + 2]
                if ent.label_ in {"PERSON", "ORG"} and [t.lower_ for t in after] == [",", "which"] \
                        and after[1].head.dep_ == "relcl" and after[1].head.head.i == root.i \
                        and not (root.dep_ == "pobj" and root.head.head.pos_ in {"NOUN", "PROPN"}):
                    which.add(ent.text)
                elif ent.label_ in {"PERSON", "ORG", "GPE", "LOC"} and organisation_apposition(ent):
                    apposed.add(ent.text)
            self._body_names = (frozenset(which), frozenset(apposed))
        return self._body_names

    def family_words(self) -> frozenset[str]:
        """Last words of the people NER names in full here ("Biden" of "Hunter Biden"), found once."""
        if self._family_words is None:
            self._family_words = frozenset(e[-1].text for e in self.sdoc.ents if e.label_ == "PERSON" and len(e) > 1)
        return self._family_words

    def company_short_names(self) -> dict[str, tuple[str, str]]:
        """First word -> key and name of each company the document names by one word and designators ("Burisma
        Holdings", "Mazars USA"), found once, on first use."""
        if self._company_short_names is None:
            self._company_short_names = {}
            for ent in self.sdoc.ents:
                span = self.trim(ent) if ent.label_ in ("ORG", "GPE", "LOC", "FAC") else None
                if span is not None and len(span) >= 2 and span[0].is_title and designated(t.text for t in span[1:]):
                    self._company_short_names.setdefault(
                        span[0].text, (f"org:{norm(span.text).lower()}", display_name(span.text)))
        return self._company_short_names

    def storm_names(self) -> frozenset[str]:
        """Names the document gives storms ("Sandy" of "Hurricane Sandy"), found once, on first use."""
        if self._storm_names is None:
            self._storm_names = frozenset(m.group(1) for m in STORM.finditer(self.document.text))
        return self._storm_names

    def disease_names(self) -> frozenset[str]:
        """Names the document gives an illness ("Ebola" of "the Ebola outbreak", "diagnosed with Ebola"), which NER
        often calls a place; found once, on first use."""
        if self._disease_names is None:
            self._disease_names = frozenset(m.group(1) or m.group(2) for m in DISEASE.finditer(self.document.text))
        return self._disease_names

    def title_sexes(self, word: str) -> Counter[str]:
        """How often the document writes the surname ``word`` (lower case) after a male and after a female
        honorific ("Mr. Trump", "Mrs. Trump"); counted for every surname once, on first use."""
        if self._title_sexes is None:
            self._title_sexes = defaultdict(Counter)
            for tok in self.sdoc[1:]:
                sex = honorific_gender(self.sdoc[tok.i - 1].text) if tok.text[:1].isupper() else None
                if sex is not None:
                    self._title_sexes[fold(norm(tok.text)).lower()][sex] += 1
        return self._title_sexes.get(word, Counter())

    def free(self, start: int, end: int) -> bool:
        return not any(k in self.taken for k in range(start, end))

    def add(self, key: str, name: str, kind: str, start: int, end: int, mention_kind: str) -> None:
        text = self.document.text[start:end]
        self.found.append(_Found(key, name, kind, Mention(self.document.id, start, end, text, mention_kind)))
        self.taken.update(range(start, end))


# ----------------------------------------------------------------------------------------- document


def extract_actors(document: Document, sdoc: Doc) -> list[Actor]:
    """The actors of one document, with local ids ``f"{document.id}:a{n}"`` in order of first mention."""
    gaz = gazetteer()
    state = DocState(document, sdoc, gaz)
    skip = _boilerplate_test(document)
    ents = [e for e in mend_nicknames(_cut_at_boilerplate(document, sdoc.ents), sdoc)
            if not skip(e.start_char, e.end_char)]
    ents = _mend_split_names(ents, gaz)
    peers = [s for s in peerage_spans(state) if not skip(s.start_char, s.end_char)]
    peer_chars = {c for s in peers for c in range(s.start_char, s.end_char)}
    hits = [h for h in gaz.scan(sdoc, ents) if not skip(h.start, h.end)
            and not any(c in peer_chars for c in range(h.start, h.end))]
    hits = _without_surname_seats(hits, ents, gaz, sdoc)
    persons = person_spans(state, ents, hits, skip, peers)
    for span in persons:
        add_person(state, span)
    add_role_mentions(state, skip)
    places = {k: h.entry.kind == "place" for h in hits for k in range(h.i, h.j)}
    state.outlet_heads = _outlet_heads(hits)
    for hit in hits:
        _add_hit(state, hit, places)
    for ent in ents:
        _add_other_entity(state, ent)
    _name_nicknamed(state)
    return _number(document, state.found)


def _name_nicknamed(state: DocState) -> None:
    """Show a person printed with a nickname by the name the document goes on to use: "Scooter Libby" or
    "Beto" make him Scooter Libby; with no later use of the nickname he is shown by his formal name."""
    for key, parts in state.nicknamed.items():
        nick = parts.nickname.lower()
        mine = [f for f in state.found if f.key == key]
        used = any(split_printed(f.mention.text) is None and f.mention.text.lower().startswith(nick) for f in mine)
        for found in mine:
            found.name = parts.display(used)


def _mend_split_names(ents: list[Span], gaz: Gazetteer) -> list[Span]:
    """One PERSON entity for a given name NER labelled a place or organisation and the unknown name right
    after it: "Natalia" (GPE) + "Veselnitskaya" (PERSON, or GPE too) is Natalia Veselnitskaya, not a place
    called Natalia."""
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if prev is not None and prev.end == ent.start and len(prev) == 1 and len(ent) == 1 \
                and prev.label_ in ("GPE", "ORG", "LOC", "NORP") and ent.label_ in ("PERSON", "GPE") \
                and prev[0].is_title and ent[0].is_title and ent[0].is_alpha and prev[0].whitespace_ == " " \
                and name_table().mostly_forename(prev.text) and gaz.lookup(ent.text) is None \
                and ent.text.lower() not in gaz.weak_places:
            out[-1] = Span(prev.doc, prev.start, ent.end, label="PERSON")
            continue
        out.append(ent)
    return out


def _without_surname_seats(hits: list[Hit], ents: Sequence[Span], gaz: Gazetteer, sdoc: Doc) -> list[Hit]:
    """Drop a capital standing for a small state ("Douglas" for the Isle of Man) when the document names a
    person with that surname ("William O. Douglas") and never names the state itself: the bare word is
    the person. Large states are named by their capitals all the time ("Washington imposed sanctions"
    beside Denzel Washington), and a state the document names keeps its capital. Any name after an
    honorific is a surname ("Ms. Monaco", "Mr. Washington")."""
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
    named = {h.entry.key for h in hits if h.alias.mention != "metonym"}
    return [h for h in hits if not (h.alias.mention == "metonym" and h.j - h.i == 1 and h.text in surnames
                                    and h.entry.key in gaz.small_states and h.entry.key not in named)
            and not (h.i > 0 and honorific_gender(sdoc[h.i - 1].text) is not None)]


def _cut_at_boilerplate(document: Document, ents: Sequence[Span]) -> list[Span]:
    """Entities ended where page furniture begins: NER runs "President Trump" into a link card pasted
    after it ("Donald John Trump…") and reads one person called "Trump Donald"."""
    starts = sorted(r.start for r in document.boilerplate if r.kind not in KEEP_REGIONS)
    if not starts:
        return list(ents)
    cut = []
    for ent in ents:
        inner = [s for s in starts if ent.start_char < s < ent.end_char]
        if inner:
            ent = ent.doc.char_span(ent.start_char, inner[0], label=ent.label_, alignment_mode="contract")
        if ent is not None and len(ent):
            cut.append(ent)
    return cut


def _boilerplate_test(document: Document):
    """Mentions inside boilerplate other than titles and headings do not count."""
    regions = [r for r in document.boilerplate if r.kind not in KEEP_REGIONS]
    probe = Document(document.id, document.text, boilerplate=regions)
    return lambda start, end: bool(regions) and probe.in_boilerplate(start, end)


def _trim(span: Span, gaz: Gazetteer) -> Span | None:
    """Strip determiners, honorifics, offices, possessives and anything after a line break or a colon
    ("Target Maplewood: Property damage", an entry of a list, names the store)."""
    start, end = span.start, span.end
    doc = span.doc
    for k in range(start, end):
        if "\n" in doc[k].text or (k < end - 1 and "\n" in doc[k].whitespace_):
            end = k if "\n" in doc[k].text else k + 1
            break
        if doc[k].text == ":" and k > start:
            end = k
            break
    def titled(k: int) -> bool:
        return gaz.honorific(doc[k].text) or bool(gaz.office(doc[k].text))

    while start < end:
        if doc[start].lower_ in _DETERMINERS or titled(start) or not doc[start].text.strip():
            start += 1
            continue
        after = start  # a modifier goes with a title after it ("former Secretary"), not a name ("National Rifle")
        while after < end and doc[after].lower_ in gaz.modifiers:
            after += 1
        if after == start or after == end or not titled(after):
            break
        start = after
    while end > start and (doc[end - 1].text in POSSESSIVE or not doc[end - 1].text.strip()
                           or doc[end - 1].is_punct):
        end -= 1
    if end <= start or not doc[start].text[:1].isupper():
        return None
    return doc[start:end]


_KEY_PREFIX = {"organisation": "org", "group": "group", "place": "place"}


# ------------------------------------------------------------------------------ gazetteer and rest


def _add_hit(state: DocState, hit: Hit, places: dict[int, bool]) -> None:
    if not state.free(hit.start, hit.end) or case_party(state.sdoc, hit.i, hit.j):
        return
    entry, mention = hit.entry, hit.alias.mention
    if mention == "demonym" and not _nominal(state.sdoc, hit):
        return
    named = state.outlet_heads.get(hit.text) if entry.kind == "outlet" and " " not in hit.text else None
    if named is not None and named is not entry:  # "the Times" beside "The New York Times"
        state.add(named.key, named.name, named.kind, hit.start, hit.end, "abbreviation")
        return
    if hit.alias.use and not metonymic(state.gaz, state.sdoc, hit, lambda i: _place_token(state.sdoc, places, i)):
        place = hit.alias.place or norm(hit.text)
        state.add("place:" + norm(place).lower(), place, "place", hit.start, hit.end, "name")
        return
    state.add(entry.key, entry.name, entry.kind, hit.start, hit.end, mention)


def _outlet_heads(hits: Sequence[Hit]) -> dict[str, Entry]:
    """Last word -> the one outlet of several words the document names with it ("Times" -> The New York Times,
    unless the Los Angeles Times is named too): what "the Times" alone then means."""
    heads: dict[str, set] = defaultdict(set)
    for hit in hits:
        if hit.entry.kind == "outlet" and len(hit.entry.name.removeprefix("The ").split()) >= 2:
            heads[hit.entry.name.split()[-1]].add(hit.entry)
    return {word: next(iter(entries)) for word, entries in heads.items() if len(entries) == 1}


def _place_token(doc: Doc, places: dict[int, bool], i: int) -> bool:
    """Token ``i`` names a known place: a gazetteer place ("Scotland") or a region of a state ("Manchester")."""
    return places[i] if i in places else norm(doc[i].text).lower() in gazetteer().weak_places


def _nominal(doc: Doc, hit: Hit) -> bool:
    """A demonym names people ("the Russians", "Ukrainians said") rather than modifying a noun."""
    tok = doc[hit.j - 1]
    if hit.text.endswith("s") and hit.text != hit.entry.name.rstrip("s") and tok.tag_ in ("NNS", "NNPS"):
        return True
    if tok.dep_ in ("amod", "compound", "nmod", "npadvmod") and tok.head.i > tok.i:
        return False
    return tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj")


# "House" alone means the US House of Representatives where an article speaks of Congress, the Senate or the
# American parties; in a British one "the House" is the Commons (or the Lords), so there it stays unresolved.
_US_CONGRESS_WORDS = re.compile(r"\b(?:Congress|Senate|Republicans?|GOP|Capitol Hill|(?<!Liberal )Democrats?)\b")


def _add_other_entity(state: DocState, ent: Span) -> None:
    """NER entities the gazetteer does not know: organisations, places, groups (junk is dropped)."""
    label = ent.label_
    if label not in ("ORG", "GPE", "LOC", "NORP", "FAC", "PERSON"):
        return
    span = state.trim(ent)
    if span is None or not state.free(span.start_char, span.end_char) or junk(span) \
            or case_party(state.sdoc, span.start, span.end):
        return
    text = norm(span.text)
    if label == "ORG" and text == "House" and _US_CONGRESS_WORDS.search(state.document.text):
        house = state.gaz.lookup("House of Representatives")
        if house is not None:  # "House Speaker ...", "the House votes": see _US_CONGRESS_WORDS
            state.add(house.entry.key, house.entry.name, house.entry.kind, span.start_char, span.end_char,
                      "abbreviation")
            return

    def add(kind: str) -> None:  # keys use norm's spelling; names keep the printed one ("Coca-Cola")
        state.add(f"{_KEY_PREFIX[kind]}:{text.lower()}", display_name(span.text), kind, span.start_char, span.end_char,
                  "name")

    if state.gaz.lookup(text) is not None:
        return  # a known name the gazetteer scan refused in this context (e.g. an adjective)
    if names_no_one(state, span):
        return  # "Hurricane Sandy", "the State of the Union", "Jim Crow" labelled organisations
    weak = text.lower() in state.gaz.weak_places
    if weak and label == "ORG" and text.lower() in state.gaz.cities and not place_elsewhere(state, span):
        weak = False  # a company or team may share a city's name: "in Benghazi" makes it the city
    if len(span) == 1 and _first_word_of_organisation(state, span, label):
        return
    if label == "PERSON":
        institution = led_institution(state, span)
        if institution is not None:  # "the Trump White House": the White House, named for who leads it
            state.add(institution.entry.key, institution.entry.name, institution.entry.kind, span.start_char,
                      span.end_char, institution.mention)
            return
        kind = not_a_person(state, span)
        if kind is not None:
            add(kind)
            return
        if len(span) > 1 and span[-1].lower_ in BODY_HEADS:  # "the Freedom Caucus", "Border Patrol"
            add("organisation")
            return
        if len(span) == 1 and common_word(state, span[0], True) and is_speaker(span.root):
            add("group")
        elif len(span) == 1 and (weak or place_elsewhere(state, span)) and not common_word(state, span[0], True):
            add("place")
        return
    if label == "ORG" and len(span) == 1 and _short_form(state, span) or _known_person(state, span, label):
        return
    if len(span) == 1 and not weak and common_word(state, span[0]):
        if is_speaker(span.root):  # a campaign side that speaks ("Leave said")
            add("organisation" if label == "ORG" else "group")
        return
    if surname_family(state, span):
        add("group")  # "the Bidens", which NER calls a place
    elif label in PLACE_LABELS and (university(span) or len(span) > 1 and designated(t.text for t in span[1:])):
        add("organisation")  # "the shooting at Virginia Tech", labelled a building; "Mazars USA", a place
    elif label in PLACE_LABELS and state.company_named(span) and not weak \
            and span.text not in state.located_words():  # "the county police in Oregon, the first agency to ..."
        add("organisation")  # "Veltrana — the bankrupt solar firm", which NER may call a place
    elif label in PLACE_LABELS or weak or label == "ORG" and len(span) == 1 and span.text in state.city_words():
        add("place")  # "Dayton", which NER calls an organisation, where the text writes "Dayton, Ohio"
    elif label == "ORG" and plural_noun(state, span):  # "Latinos" labelled once a person, once an organisation
        add("group")
    elif label == "ORG" and len(span) == 1 and span.text.isalpha() and modifies_common_noun(span) \
            and re.search(rf"\b{span.text}s\b", state.document.text):
        # "the Latino vote" beside "Latinos": the group's adjective
        state.add(f"group:{text.lower()}s", f"{text}s", "group", span.start_char, span.end_char, "name")
    elif label == "ORG":
        add("organisation")
    elif span[-1].tag_ in ("NNPS", "NNS") and span.text.endswith("s"):
        add("group")


def _first_word_of_organisation(state: DocState, span: Span, label: str) -> bool:
    """"Montefiore" after "the Montefiore Medical Center": a mention of the latest institution found before
    it whose name begins with the word, for a word NER calls a person. Not one the document uses as a place
    ("in Seattle"); names NER calls places or organisations ("Tulsa", "NYU") are left alone, since cities and
    parent bodies lend their names to institutions. A company named by the word and designators only
    ("Burisma Holdings", "Mazars USA") lends its name to nothing else: the word alone is the company,
    whatever NER calls it, unless a person of that surname is named too."""
    if norm(span.text).lower() in state.gaz.weak_places:
        return False
    company = state.company_short_names().get(span.text)
    if company is not None and norm(span.text) not in state.surnames:
        state.add(*company, "organisation", span.start_char, span.end_char, "abbreviation")
        return True
    if label != "PERSON" or span.text in state.located_words():
        return False
    found = [item for item in state.found if item.kind == "organisation" and item.mention.start < span.start_char
             and " " in item.name and item.name.split()[0] == span.text
             and any(word.lower() in INSTITUTION_HEADS for word in item.name.split()[1:])]
    if not found:
        return False
    best = max(found, key=lambda item: item.mention.start)
    state.add(best.key, best.name, best.kind, span.start_char, span.end_char, "abbreviation")
    return True


def _known_person(state: DocState, span: Span, label: str) -> bool:
    """A surname NER labels otherwise here ("Trump's policies" as ORG) joins the document's person; so does
    the given name of the one full name that begins with it ("Emin" beside "Emin Agalarov")."""
    word = norm(span.text).lower()
    if " " in word:
        return False
    keys = {f.key for f in state.found if f.kind == "person" and not f.key.startswith("role:")
            and (f.key == "person:" + word or f.key.endswith(" " + word))}
    kind = "surname"
    if not keys and word in state.nicknames:  # "Nino", which NER calls a place, after Antonin "Nino" Scalia
        keys, kind = {state.nicknames[word]}, "first_name"
    before = state.sdoc[span.start - 1] if span.start else None
    if not keys and label == "ORG" and not common_word(state, span[0]) \
            and (before is None or not before.text[:1].isupper() or span[0].is_sent_start):
        # "Emin performed for Trump" beside "Emin Agalarov"; not "the Apostle Paul" beside Paul Ryan
        keys, kind = {k for k in state.full_names if k.startswith(f"person:{word} ") and not family_name(
            state.full_names[k])}, "first_name"
    if len(keys) != 1:
        return False
    key = keys.pop()
    state.add(key, state.full_names.get(key, span.text), "person", span.start_char, span.end_char, kind)
    return True


def _short_form(state: DocState, span: Span) -> bool:
    """"the Bank" after "the Bank of England", "the Post" after "The Washington Post": the nearest preceding
    organisation or outlet whose head word it is."""
    doc, word = state.sdoc, span.text
    if span.start == 0 or doc[span.start - 1].lower_ != "the":
        return False
    best = None
    for item in state.found:
        if item.kind not in ("organisation", "outlet") or item.mention.start >= span.start_char \
                or " " not in item.name:
            continue
        heads = {item.name.split()[-1], item.name.split(" of ")[0].split()[-1]}
        if word in heads and (best is None or item.mention.start > best.mention.start):
            best = item
    if best is None:
        return False
    state.add(best.key, best.name, best.kind, span.start_char, span.end_char, "abbreviation")
    return True


def _number(document: Document, found: list[_Found]) -> list[Actor]:
    """Group mentions by key into actors numbered in order of first mention."""
    found.sort(key=lambda f: f.mention.start)
    actors: dict[str, Actor] = {}
    for item in found:
        actor = actors.get(item.key)
        if actor is None:
            actor = Actor(f"{document.id}:a{len(actors) + 1}", item.name, item.kind, item.key)  # type: ignore[arg-type]
            actors[item.key] = actor
        if item.kind == "person" and name_rank(item.name)[:2] > name_rank(actor.name)[:2]:
            actor.name = item.name
        actor.mentions.append(item.mention)
        if item.mention.text not in actor.aliases:
            actor.aliases.append(item.mention.text)
    return list(actors.values())
