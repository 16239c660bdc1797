"""Titles and roles: offices tied to the people who hold them, and who counts as a person at all.

Within a document, a title before a name ("Russian President Vladimir Putin") or an appositive role
("Keir Starmer, the British prime minister,") binds an office (and the state it names) to a person;
bare role phrases later in the document ("the Russian president") resolve to the one person bound to
that office. A role phrase that names a state but has no holder in its document is kept as its own
actor (key ``role:RUS:president``), which :func:`role_redirects` ties across the corpus to the one
person that other documents bind to that office. A peerage title makes a person of any name ("Lord
Palmerston"); a common word that NER took for a name ("Turnout was ...") does not.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import TYPE_CHECKING, Iterable

from spacy.tokens import Doc, Span, Token

from manysides.extract.cues import SPEECH_VERBS
from manysides.extract.forenames import name_table
from manysides.extract.gazetteer import Entry, Gazetteer, gazetteer, norm

if TYPE_CHECKING:  # pragma: no cover
    from manysides.extract.actors import DocState
    from manysides.model import Actor

POSSESSIVE = {"'s", "’s", "'", "’"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
_ROLE_CONNECTORS = {"of", "for", "'s", "’s", "-", "and"}

Binding = tuple[str | None, str, str]  # (state key, office, person key)


def title_before(state: DocState, span: Span) -> tuple[int, str | None, str | None]:
    """Honorifics and offices right before a name ("Russian President", "British PM", "Mr"):
    the first token of the title, the office (None for a bare honorific) and the state it names."""
    doc, gaz = state.sdoc, state.gaz
    k, office, country, start = span.start - 1, None, None, span.start
    while k >= 0 and not ("\n" in doc[k].whitespace_):
        tok = doc[k]
        if tok.lower_ in _LINKS and (office is not None or k + 1 == span.start):
            break  # "a spokeswoman for Senate Leader Ann Roe", "the mayor of Boston": another person's office
        if tok.text == "-" and k > 0 and gaz.office(doc[k - 1].text) and not tok.whitespace_:
            pass  # "Director-General Tedros": one office written with a hyphen
        elif gaz.office(tok.text) and (tok.text[:1].isupper() or tok.lower_ not in gaz.title_case_only):
            office = office_phrase(doc, k, span.start, gaz) if office is None else office
        elif gaz.honorific(tok.text) or tok.lower_ in gaz.modifiers or tok.text in POSSESSIVE:
            pass
        else:
            # A name of several words is looked up whole: "New Jersey Rep." names no state called Jersey.
            first = _entity_start(doc, k) if tok.ent_iob_ == "I" else k
            words = doc[first:k + 1].text
            alias = gaz.lookup(words) if words[:1].isupper() else None
            if alias is None or alias.entry.kind not in ("state", "group"):
                break
            country = country or state_key(alias.entry)
            k = first
        start = k
        k -= 1
    while start < span.start and doc[start].lower_ in gaz.modifiers and not gaz.office(doc[start].text) \
            and doc[start].lower_ not in _OFFICE_PARTS:
        start += 1
    while start < span.start and doc[start].text in POSSESSIVE:
        start += 1  # "Scotland's First Minister X": the title starts after the possessive
    if start < span.start and gaz.honorific(doc[start].text) and office is None:
        return start, None, None
    return start, office, country


# Words that join an office to what it serves: before a name, the office is another person's.
_LINKS = frozenset({"for", "of", "to"})
# Modifiers that are part of the office they precede ("Vice President", "Solicitor General"), not a comment on it.
_OFFICE_PARTS = frozenset({"prime", "vice", "deputy", "foreign", "defence", "defense", "solicitor", "surgeon",
                           "inspector", "comptroller", "postmaster", "adjutant"})


def _entity_start(doc: Doc, k: int) -> int:
    """First token of the named entity that token ``k`` continues."""
    while k > 0 and doc[k].ent_iob_ == "I":
        k -= 1
    return k


def office_phrase(doc: Doc, k: int, stop: int, gaz: Gazetteer) -> str:
    """Normalised office around token ``k``: "Prime Minister" -> "prime minister", "Defense Secretary"."""
    words = []
    j = k
    while j - 1 >= 0 and doc[j - 1].lower_ in gaz.modifiers and doc[j - 1].lower_ not in {"former", "then"}:
        j -= 1
    for t in doc[j:min(stop, k + 3)]:
        if gaz.office(t.text) or t.lower_ in gaz.modifiers:
            words.append(gaz.office(t.text) or t.lower_)
    return _office_text(words, gaz.office(doc[k].text))


def _office_text(words: list[str], fallback: str | None) -> str:
    text = " ".join(w for w in words if w not in {"top", "of", "for"})
    return "prime minister" if text.endswith("prime minister") else (text or fallback or "")


def state_key(entry: Entry) -> str | None:
    if entry.key.startswith(("state:", "demonym:")):
        return "state:" + entry.key.split(":", 1)[1]
    return None


def appositive_role(state: DocState, span: Span, key: str) -> None:
    """"Keir Starmer, the British prime minister," binds the office to the person and is a role mention."""
    root = span.root
    for child in root.children:
        if child.dep_ != "appos" or child.i < span.end or not state.gaz.office(child.text):
            continue
        if any(t.ent_type_ == "PERSON" for t in child.subtree if t.i > child.i):
            continue  # "the host Ann Roe, former envoy to Chile Jo Marsh": the title is Marsh's, not Roe's
        phrase = _role_phrase(state, child)
        if phrase is None:
            continue
        start, end, country, office = phrase
        state.bindings.append((country, office, key))
        if state.free(start, end):
            state.add(key, state.full_names.get(key, span.text), "person", start, end, "role")


def _role_phrase(state: DocState, head: Token) -> tuple[int, int, str | None, str] | None:
    """The role phrase headed by ``head`` ("the Russian president", "Russia's leader", "the president of
    Russia"): its character span without the determiner, the state it names and the normalised office."""
    doc, gaz = state.sdoc, state.gaz
    k, country = head.i - 1, None
    while k >= 0 and (doc[k].lower_ in gaz.modifiers or doc[k].text in POSSESSIVE or gaz.office(doc[k].text)
                      or _country_at(doc[k], gaz)):
        country = country or _country_at(doc[k], gaz)
        k -= 1
    start = k + 1
    has_det = k >= 0 and doc[k].lower_ in {"the", "its", "his", "her", "their"}
    end = head.i + 1
    if end + 1 < len(doc) and doc[end].lower_ == "of" and _country_at(doc[end + 1], gaz):
        country = country or _country_at(doc[end + 1], gaz)
        end += 2
    if not (has_det or country) or start > head.i:
        return None
    office = office_phrase(doc, head.i, head.i + 1, gaz)
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), country, office


def _country_at(tok: Token, gaz: Gazetteer) -> str | None:
    """The state a capitalised word names; inside a longer entity, the state the whole entity names
    ("the New Jersey governor" names no Jersey)."""
    if not tok.text[:1].isupper():
        return None
    text = tok.doc[_entity_start(tok.doc, tok.i):tok.i + 1].text if tok.ent_iob_ == "I" else tok.text
    alias = gaz.lookup(text)
    return state_key(alias.entry) if alias is not None else None


def add_role_mentions(state: DocState, skip) -> None:
    """Bare role phrases resolve to the person the document bound to that office, when only one fits;
    one that names a state but finds no holder here becomes a role actor for the corpus to resolve."""
    gaz = state.gaz
    for tok in state.sdoc:
        office = gaz.office(tok.text)
        if not office or tok.tag_ in ("NNS", "NNPS") or skip(tok.idx, tok.idx + 1):
            continue
        if tok.lower_ in gaz.title_case_only and not tok.text[:1].isupper():
            continue
        nxt = tok.nbor(1) if tok.i + 1 < len(state.sdoc) else None
        if nxt is not None and (gaz.office(nxt.text) or nxt.lower_ in gaz.modifiers - _ROLE_CONNECTORS):
            continue  # the head comes later ("prime" in "prime minister" is a modifier)
        phrase = _role_phrase(state, tok)
        if phrase is None or not state.free(phrase[0], phrase[1]):
            continue
        start, end, country, office = phrase
        if _sought(state.sdoc, tok, start):
            continue  # "ran for governor of Georgia": the office a candidate seeks, nobody who holds it
        if any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in tok.children):
            continue  # "the Palestinian leader, Mahmoud Abbas": the name that follows says who
        if _indefinite(state.sdoc, tok, start):
            continue  # "welcome an American leader with pomp": any holder, no one in particular
        if _names_follow(state.sdoc, tok):
            continue  # "of Syrian President Bashar al-Assad" where the name was missed: it says who, not a binding
        # Beside "Russia's strongman Vladimir Putin", "the Russian president" is not the one president the text
        # titles without a state ("President Obama"): it is left for the corpus to resolve.
        loose = country not in state.nationals
        person = resolve_role(state.bindings, country, office, gaz, loose=loose)
        if person is not None:
            state.add(person, state.full_names.get(person, person.split(":", 1)[1].title()), "person",
                      start, end, "role")
        elif country is not None and _definite_role(state.sdoc, tok, start) \
                and not _bound_here(state.bindings, country, office, gaz, loose):
            name = re.sub(r"\s+", " ", state.document.text[start:end])
            state.add(role_key(country, office), name, "person", start, end, "role")


def _names_follow(doc: Doc, head: Token) -> bool:
    """A proper name follows the office word directly: it titles that name ("Syrian President Bashar ...")."""
    nxt = doc[head.i + 1] if head.i + 1 < len(doc) else None
    return nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and not nxt.is_sent_start \
        and nxt.ent_type_ not in ("DATE", "TIME", "GPE", "NORP")


def _phrase_first(doc: Doc, head: Token, start: int) -> Token:
    """The first token of the role phrase headed by ``head`` that starts at character ``start``."""
    return next(t for t in doc[max(0, head.i - 8):head.i + 1] if t.idx >= start)


def _definite_role(doc: Doc, head: Token, start: int) -> bool:
    """"the Russian president", "Russia's leader": one current holder. Not "a former British prime
    minister", nor a title before a name ("British PM Keir Starmer"); offices sought are left out before."""
    first = _phrase_first(doc, head, start)
    words = {t.lower_ for t in doc[first.i:head.i + 1]}
    nxt = doc[head.i + 1] if head.i + 1 < len(doc) else None
    if nxt is not None and nxt.is_alpha and nxt.text[:1].isupper() and not nxt.is_sent_start:
        return False
    return not _indefinite(doc, head, start) and not words & {"former", "then", "ex"}


_INDEFINITE = frozenset({"a", "an", "another", "one", "every", "any", "no"})


def _indefinite(doc: Doc, head: Token, start: int) -> bool:
    """The role phrase starting at character ``start`` follows an indefinite determiner ("an American leader")."""
    first = _phrase_first(doc, head, start)
    return first.i > 0 and doc[first.i - 1].lower_ in _INDEFINITE


def _sought(doc: Doc, head: Token, start: int) -> bool:
    """The role phrase starting at character ``start`` follows "for": an office sought, not a holder."""
    first = _phrase_first(doc, head, start)
    return first.lower_ == "for" or (first.i > 0 and doc[first.i - 1].lower_ == "for")


def _bound_here(bindings: list[Binding], country: str, office: str, gaz: Gazetteer, loose: bool = True) -> bool:
    """The document binds this office to someone (an ambiguous role stays unresolved, not a role actor);
    without ``loose`` only a binding that names this state counts."""
    offices = gaz.leader_offices if office == "leader" else {office}
    return any(o in offices and (c == country or (loose and c is None)) for c, o, _ in bindings)


def nationality_before(state: DocState, span: Span) -> str | None:
    """The state a name is introduced by without an office: "Russia's strongman Vladimir Putin", "the Syrian
    dictator Bashar al-Assad" (common nouns and adjectives between the state and the name)."""
    doc, k = state.sdoc, span.start - 1
    while k >= 0 and span.start - k <= 4 and doc[k].is_alpha and doc[k].text.islower() \
            and doc[k].pos_ in ("NOUN", "ADJ"):
        k -= 1
    if k == span.start - 1:
        return None  # nothing between: a title or a plain name, read by title_before
    if k >= 0 and doc[k].text in POSSESSIVE:
        k -= 1
    if k < 0 or not doc[k].text[:1].isupper():
        return None
    alias = state.gaz.lookup(doc[k].text)
    return state_key(alias.entry) if alias is not None else None


def role_key(country: str, office: str) -> str:
    return f"role:{country.split(':', 1)[1]}:{office}"


DOMINANT_TITLES = 3  # titled this many times as often as any other holder: the bare office is theirs


def resolve_role(bindings: Iterable[Binding], country: str | None, office: str, gaz: Gazetteer,
                 loose: bool = True) -> str | None:
    """The single person bound to (state, office); "leader" accepts any head-of-state office."""
    bindings = list(bindings)
    offices = gaz.leader_offices if office == "leader" else {office}
    exact = {p for c, o, p in bindings if o in offices and (country is None or c == country)}
    if country is None and len(exact) > 1:
        # Thirteen times "President Obama" and once "President Bashar al-Assad": the article's president is
        # the one it titles far more often.
        titled = Counter(p for c, o, p in bindings if o in offices and p in exact)
        (top, most), (_, second) = titled.most_common(2)
        if most >= DOMINANT_TITLES * second:
            return top
    if len(exact) == 1:
        return exact.pop()
    if loose and country is not None and not exact:
        candidates = {p for c, o, p in bindings if o in offices and c is None}
        candidates -= {p for c, o, p in bindings if c not in (None, country)}
        if len(candidates) == 1:
            return candidates.pop()
    return None


# ------------------------------------------------------------------------------------- who is a person


def has_person_evidence(state: DocState, span: Span, speaking: bool = True) -> bool:
    """A title before it, a full name in the document ending with it, or (``speaking``) a verb of saying."""
    return (title_before(state, span)[0] < span.start or norm(span[-1].text) in state.surnames
            or speaking and is_speaker(span.root))


def mislabelled_person(state: DocState, span: Span, label: str) -> bool:
    """A name NER took for a place or organisation that carries a personal title ("Mr Sunak"), or a
    place-labelled name that speaks ("Zelensky said"); known places and common words are not."""
    word = norm(span.text).lower()
    if state.gaz.lookup(span.text) is not None or word in state.gaz.weak_places:
        return False
    # A surname that is also a verb ("Trump", "Bush") is a common word only if it is never a noun either.
    if len(span) == 1 and common_word(state, span[0], person=True):
        return False
    if label == "ORG" and forename_and_surname(span):
        return True  # "contender Carly Fiorina": a given name and a surname, whatever NER says
    if label == "ORG" and len(span) == 2 and span[0].is_title and name_table().is_forename(span[0].text) \
            and any(t.ent_type_ == "PERSON" for t in _listed_with(span.root)):
        return True  # "governors Ann Roe of Ohio, Kay Hale of Iowa": listed with people
    start = title_before(state, span)[0]
    if start < span.start and any(state.gaz.honorific(t.text) or state.gaz.office(t.text)
                                  for t in state.sdoc[start:span.start]):
        return True
    if any(c.dep_ == "appos" and state.gaz.office(c.text) for c in span.root.children):
        return True  # "Zelenskyy, the Ukrainian president,"
    if not is_speaker(span.root) or span.root.text in state.located_words() or city_state(span):
        return False  # "Wuhan reported 27 cases" speaks, but the document also has "doctors in Wuhan"
    if modifies_common_noun(span):
        return False  # "Three Boston police officers said": the officers speak; Boston says where they serve
    return label in PLACE_LABELS or any(e.label_ == "PERSON" and e.text == span.text for e in state.sdoc.ents)


def _listed_with(tok: Token) -> list[Token]:
    """The tokens ``tok`` is listed with: its conjuncts, and the names the parser hangs on each other as
    appositions in a list of names with places ("X of Nevada, Y of Maine and Z of Utah")."""
    near = list(tok.conjuncts) + [c for c in tok.children if c.dep_ in ("conj", "appos")]
    return near + ([tok.head] if tok.dep_ in ("conj", "appos") else [])


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "my",
                          "our", "your"})


def forename_and_surname(span: Span) -> bool:
    """Two capitalised words, a common given name and a word that is neither in the dictionary nor a given
    name itself ("Carly Fiorina"; not "Morgan Stanley", whose second word is a given name too)."""
    if len(span) != 2 or not all(t.is_alpha and t.text.istitle() for t in span):
        return False
    if span.start > 0 and span.doc[span.start - 1].lower_ in _DETERMINERS:
        return False  # "she got the Mercedes Benz": a thing, whatever its name
    names, surname = name_table(), span[1].lower_
    return names.is_forename(span[0].text) and not names.is_forename(surname) \
        and not any(word in words for words in dictionary() for word in _word_forms(surname))


def _word_forms(word: str) -> set[str]:
    """``word`` and, for a plural, its singular ("Foods" of "Tyson Foods" is the noun "food")."""
    return {word, word[:-1]} if word.endswith("s") and len(word) > 3 else {word}


def city_state(span: Span) -> bool:
    """"South Bend, Indiana, ...": a name followed by a comma and a place is a city, whatever the parse says."""
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].ent_type_ in PLACE_LABELS


def modifies_common_noun(span: Span) -> bool:
    """The name is a noun modifier of a lower-case noun ("Boston police officers", "Kremlin aides")."""
    tok = span.root
    while tok.dep_ in ("compound", "flat", "amod", "nmod") and tok.head.i != tok.i:
        tok = tok.head
        if tok.i >= span.end and tok.pos_ == "NOUN" and tok.text.islower():
            return True
    return False


def peerage_spans(state: DocState) -> list[Span]:
    """"Lord Palmerston", "Sir Keir Starmer", "Baroness Thatcher": the name after a peerage title is a
    person whatever NER says; "Lord Chancellor" and "Lady Justice" are offices, "Our Lady" is not a title."""
    doc, gaz, out = state.sdoc, state.gaz, []
    for tok in doc:
        if tok.text not in gaz.peerage or (tok.i > 0 and doc[tok.i - 1].lower_ in {"our", "first", "dear"}):
            continue
        end = tok.i + 1
        while end < len(doc) and end - tok.i <= 3 and doc[end].is_alpha and doc[end].text[:1].isupper() \
                and not gaz.office(doc[end].text) and "\n" not in doc[end - 1].whitespace_:
            end += 1
        if end > tok.i + 1 and not gaz.office(doc[tok.i + 1].text):
            out.append(doc[tok.i + 1:end])
    return out


def is_speaker(tok: Token) -> bool:
    """Subject of a verb of saying ("X said", "said X", "X told reporters")."""
    while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in SPEECH_VERBS


@functools.lru_cache(maxsize=1)
def dictionary() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """English words from the spaCy lemmatizer's WordNet index: (nouns, verbs, adjectives and adverbs).
    Proper names in the index are nouns only. Empty when the model has no such index."""
    try:
        from manysides.nlp import load_pipeline

        table = load_pipeline().get_pipe("lemmatizer").lookups.get_table("lemma_index")
        return (frozenset(table.get("noun", [])), frozenset(table.get("verb", [])),
                frozenset(set(table.get("adj", [])) | set(table.get("adv", []))))
    except Exception:  # pragma: no cover - another model without a lookup lemmatizer
        return frozenset(), frozenset(), frozenset()


def opens_clause(tok: Token) -> bool:
    """The token opens a sentence or a quotation ("“Stark realities prevent ..."): a capital there is
    positional and proves no name."""
    return tok.is_sent_start or (tok.i > 0 and tok.nbor(-1).text in ("“", '"') and not tok.nbor(-1).whitespace_)


def common_word(state: DocState, tok: Token, person: bool = False) -> bool:
    """A dictionary word that NER took for a name: a stop word, a word the document also writes in lower
    case, a verb ("Remain"; for a PERSON only a verb that is never a noun, since "Trump" is a surname), or
    a dictionary word opening a sentence or quotation that the document names only once, as the subject of
    "be" or not as a subject ("Turnout was 72 per cent")."""
    low = tok.lower_
    if len(tok.text) > 1 and tok.text.isupper():
        return False  # an acronym
    if tok.is_stop or low in state.lower_words:
        return True
    nouns, verbs, others = dictionary()
    if low in verbs and not (person and low in nouns):
        return True
    # Opening a quotation, only a word that is more than a noun: WordNet lists cities ("Boston") as nouns.
    opening = (tok.is_sent_start and low in nouns) or (opens_clause(tok) and (low in verbs or low in others))
    if not opening or tok.text in state.mid_caps or state.caps[tok.text] > 1:
        return False
    return not (tok.dep_ == "nsubj" and tok.head.lemma_ != "be")  # a lone name that acts is kept


# ------------------------------------------------------------------------------------------- corpus


def binding_of(text: str, gaz: Gazetteer) -> tuple[str | None, str | None]:
    """(state, office) that a title or role mention expresses, read back from its words."""
    words = [w.rstrip(".") or w for w in re.findall(r"[\w.-]+", text.replace("’", "'"))]
    country = next((state_key(a.entry) for a in (gaz.lookup(w) for w in words if w[:1].isupper())
                    if a is not None and state_key(a.entry)), None)
    at = next((k for k, w in enumerate(words) if gaz.office(w)), None)
    if at is None:
        return country, None
    start, end = at, at + 1
    while start > 0 and words[start - 1].lower() in gaz.modifiers - {"former", "then", "of", "for"}:
        start -= 1
    while end < len(words) and gaz.office(words[end]):
        end += 1
    parts = [gaz.office(w) or w.lower() for w in words[start:end]]
    return country, _office_text(parts, gaz.office(words[at]))


def role_redirects(actors: Iterable[Actor]) -> dict[str, str]:
    """Role actors ("role:RUS:president") -> the one person bound to that office anywhere in the corpus."""
    gaz = gazetteer()
    actors = list(actors)
    bindings: set[Binding] = set()
    for actor in actors:
        if actor.kind != "person" or actor.key.startswith("role:"):
            continue
        for mention in actor.mentions:
            if mention.kind in ("title", "role"):
                country, office = binding_of(mention.text, gaz)
                if office:
                    bindings.add((country, office, actor.key))
    redirect = {}
    for actor in actors:
        if actor.key.startswith("role:") and actor.key not in redirect:
            _, iso, office = actor.key.split(":", 2)
            person = resolve_role(bindings, f"state:{iso}", office, gaz, loose=False)
            if person is not None:
                redirect[actor.key] = person
    return redirect
