"""Actors: the people, organisations, states, outlets, groups and places a corpus talks about.

Per document, spaCy NER is the base; the gazetteer (``extract.gazetteer``) corrects and
canonicalises well-known names ("U.S." -> United States, "the Kremlin" -> Russia as metonym); surnames
are tied to the full name the document gives; role phrases ("the Russian president") are tied to the
person the document itself introduces with that role ("Russian President Vladimir Putin").
Across documents, actors merge on their key, and surname-only people join the one full name in the
corpus that ends with that surname.
"""

from __future__ import annotations

import re

import dataclasses
from collections import defaultdict
from typing import Sequence

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from manysides.extract.gazetteer import Entry, Gazetteer, Hit, gazetteer, norm
from manysides.model import Actor, Document, Mention

_KEEP_REGIONS = {"title", "heading"}
_DETERMINERS = {"the", "a", "an", "this", "that"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_EVENT_HEADS = {"summit", "summits", "relations", "relationship", "ambitions", "dynamics", "guarantees", "war",
                "conference", "talks", "agreement", "accord", "deal", "crisis", "future", "limits", "meeting",
                "administration", "doctrine", "plan", "era", "policy", "cup", "games", "olympics", "forum"}
_COMPASS_ADJECTIVES = {"western", "eastern", "northern", "southern", "central"}
_ROLE_CONNECTORS = {"of", "for", "'s", "’s", "-", "and"}


@dataclasses.dataclass
class _Found:
    """A mention before actors are numbered."""

    key: str
    name: str
    kind: str
    mention: Mention


class _DocState:
    """Everything learned about one document while extracting its actors."""

    def __init__(self, document: Document, sdoc: Doc, gaz: Gazetteer) -> None:
        self.document, self.sdoc, self.gaz = document, sdoc, gaz
        self.found: list[_Found] = []
        self.taken: set[int] = set()  # character offsets already claimed by a mention
        self.full_names: dict[str, str] = {}  # person key -> display name
        self.bindings: list[tuple[str | None, str, str]] = []  # (state key, office, person key)

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
    state = _DocState(document, sdoc, gaz)
    skip = _boilerplate_test(document)
    ents = [e for e in sdoc.ents if not skip(e.start_char, e.end_char)]
    hits = [h for h in gaz.scan(sdoc, ents) if not skip(h.start, h.end)]
    persons = _person_spans(state, ents, hits, skip)
    for span in persons:
        _add_person(state, span, hits)
    _add_role_mentions(state, hits, skip)
    for hit in hits:
        _add_hit(state, hit)
    for ent in ents:
        _add_other_entity(state, ent)
    return _number(document, state.found)


def _boilerplate_test(document: Document):
    """Mentions inside boilerplate other than titles and headings do not count."""
    regions = [r for r in document.boilerplate if r.kind not in _KEEP_REGIONS]
    probe = Document(document.id, document.text, boilerplate=regions)
    return lambda start, end: bool(regions) and probe.in_boilerplate(start, end)


def _trim(span: Span, gaz: Gazetteer) -> Span | None:
    """Strip determiners, honorifics, offices, possessives and anything after a line break."""
    start, end = span.start, span.end
    doc = span.doc
    for k in range(start, end):
        if "\n" in doc[k].text or (k < end - 1 and "\n" in doc[k].whitespace_):
            end = k if "\n" in doc[k].text else k + 1
            break
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].lower_.rstrip(".") in gaz.honorifics
                           or gaz.office(doc[start].text) or doc[start].lower_ in gaz.modifiers
                           or not doc[start].text.strip()):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or not doc[end - 1].text.strip()
                           or doc[end - 1].is_punct):
        end -= 1
    if end <= start or not doc[start].text[:1].isupper():
        return None
    return doc[start:end]


# ------------------------------------------------------------------------------------------- people


def _person_spans(state: _DocState, ents: list[Span], hits: list[Hit], skip) -> list[Span]:
    """PERSON entities (trimmed), then every other capitalised occurrence of a surname they give."""
    hit_chars = {c for h in hits for c in range(h.start, h.end)}
    spans: list[Span] = []
    for ent in ents:
        if ent.label_ != "PERSON":
            continue
        span = _trim(ent, state.gaz)
        if span is None or any(c in hit_chars for c in range(span.start_char, span.end_char)):
            continue
        if len(span) == 1 and norm(span.text).lower() in state.gaz.weak_places:
            continue
        if any(t.is_digit or (t.is_alpha and t.text.islower()) for t in span):
            continue
        spans.append(span)
    surnames = {norm(s[-1].text) for s in spans if len(s) > 1}  # from full names: strong evidence
    names = {norm(s.text) for s in spans if len(s) == 1} | surnames
    covered = {k for s in spans for k in range(s.start, s.end)}
    for tok in state.sdoc:
        if tok.i in covered or tok.idx in hit_chars or skip(tok.idx, tok.idx + len(tok.text)):
            continue
        word = norm(tok.text)
        if word in names and tok.text[:1].isupper() and (word in surnames or not tok.is_sent_start
                                                        or tok.pos_ == "PROPN"):
            spans.append(state.sdoc[tok.i:tok.i + 1])
    return sorted(spans, key=lambda s: (-len(s), s.start))


def person_key(name: str) -> str:
    """Merge identity of a person: lower-case words without middle initials ("Donald J. Trump")."""
    words = norm(name).lower().split(" ")
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    return "person:" + " ".join(words)


def _add_person(state: _DocState, span: Span, hits: list[Hit]) -> None:
    if not state.free(span.start_char, span.end_char):
        return
    key, name, kind = _resolve_name(state, span)
    start, office, country = _title_before(state, span)
    if office is not None:
        state.bindings.append((country, office, key))
    if start < span.start:
        kind = "title"
    state.add(key, name, "person", state.sdoc[start].idx, span.end_char, kind)
    _appositive_role(state, span, key)


def _display(text: str) -> str:
    """A name as printed, whitespace tidied ("Jean-Claude Juncker" keeps its hyphen; keys use :func:`norm`)."""
    return re.sub(r"\s+", " ", text).strip()


def _resolve_name(state: _DocState, span: Span) -> tuple[str, str, str]:
    """Key, display name and mention kind for a person span; a surname takes the document's full name."""
    if len(span) > 1:
        key = person_key(span.text)
        surname_matches = [k for k in state.full_names if k.split(" ")[-1] == key.split(" ")[-1]
                           and k.split(":")[1][:1] == key.split(":")[1][:1]]
        key = surname_matches[0] if len(surname_matches) == 1 else key
        state.full_names.setdefault(key, _display(span.text))
        return key, state.full_names[key], "name"
    word = norm(span.text).lower()
    matches = [k for k in state.full_names if k.split(" ")[-1] == word]
    if len(matches) == 1:
        return matches[0], state.full_names[matches[0]], "surname"
    return "person:" + word, _display(span.text), "surname"


def _title_before(state: _DocState, span: Span) -> tuple[int, str | None, str | None]:
    """Honorifics and offices right before a name ("Russian President", "British PM", "Mr"):
    the first token of the title, the office (None for a bare honorific) and the state it names."""
    doc, gaz = state.sdoc, state.gaz
    k, office, country, start = span.start - 1, None, None, span.start
    while k >= 0 and not ("\n" in doc[k].whitespace_):
        tok = doc[k]
        if gaz.office(tok.text) and (tok.text[:1].isupper() or tok.lower_ not in gaz.title_case_only):
            office = _office_phrase(doc, k, span.start, gaz) if office is None else office
        elif tok.lower_.rstrip(".") in gaz.honorifics or tok.lower_ in gaz.modifiers or tok.text in _POSSESSIVE:
            pass
        else:
            alias = gaz.lookup(tok.text) if tok.text[:1].isupper() else None
            if alias is None or alias.entry.kind not in ("state", "group"):
                break
            country = country or _state_key(alias.entry)
        start = k
        k -= 1
    while start < span.start and doc[start].lower_ in gaz.modifiers and not gaz.office(doc[start].text) \
            and doc[start].lower_ not in {"prime", "vice", "deputy", "foreign", "defence", "defense"}:
        start += 1
    while start < span.start and doc[start].text in _POSSESSIVE:
        start += 1  # "Scotland's First Minister X": the title starts after the possessive
    if start < span.start and doc[start].lower_.rstrip(".") in gaz.honorifics and office is None:
        return start, None, None
    return start, office, country


def _office_phrase(doc: Doc, k: int, stop: int, gaz: Gazetteer) -> str:
    """Normalised office around token ``k``: "Prime Minister" -> "prime minister", "Defense Secretary"."""
    words = []
    j = k
    while j - 1 >= 0 and doc[j - 1].lower_ in gaz.modifiers and doc[j - 1].lower_ not in {"former", "then"}:
        j -= 1
    for t in doc[j:min(stop, k + 3)]:
        if gaz.office(t.text) or t.lower_ in gaz.modifiers:
            words.append(gaz.office(t.text) or t.lower_)
    text = " ".join(w for w in words if w not in {"top", "of", "for"})
    return "prime minister" if text.endswith("prime minister") else (text or gaz.office(doc[k].text) or "")


def _state_key(entry: Entry) -> str | None:
    if entry.key.startswith(("state:", "demonym:")):
        return "state:" + entry.key.split(":", 1)[1]
    return None


def _appositive_role(state: _DocState, span: Span, key: str) -> None:
    """"Keir Starmer, the British prime minister," binds the office to the person and is a role mention."""
    root = span.root
    for child in root.children:
        if child.dep_ != "appos" or child.i < span.end or not state.gaz.office(child.text):
            continue
        phrase = _role_phrase(state, child)
        if phrase is None:
            continue
        start, end, country, office = phrase
        state.bindings.append((country, office, key))
        if state.free(start, end):
            state.add(key, state.full_names.get(key, span.text), "person", start, end, "role")


# -------------------------------------------------------------------------------------------- roles


def _role_phrase(state: _DocState, head: Token) -> tuple[int, int, str | None, str] | None:
    """The role phrase headed by ``head`` ("the Russian president", "Russia's leader", "the president of
    Russia"): its character span without the determiner, the state it names and the normalised office."""
    doc, gaz = state.sdoc, state.gaz
    k, country = head.i - 1, None
    while k >= 0 and (doc[k].lower_ in gaz.modifiers or doc[k].text in _POSSESSIVE or gaz.office(doc[k].text)
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
    office = _office_phrase(doc, head.i, head.i + 1, gaz)
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), country, office


def _country_at(tok: Token, gaz: Gazetteer) -> str | None:
    if not tok.text[:1].isupper():
        return None
    alias = gaz.lookup(tok.text)
    return _state_key(alias.entry) if alias is not None else None


def _add_role_mentions(state: _DocState, hits: list[Hit], skip) -> None:
    """Bare role phrases resolve to the person the document bound to that office, when only one fits."""
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
        person = _resolve_role(state.bindings, country, office, gaz)
        if person is not None:
            state.add(person, state.full_names.get(person, person.split(":", 1)[1].title()), "person",
                      start, end, "role")


def _resolve_role(bindings, country: str | None, office: str, gaz: Gazetteer) -> str | None:
    """The single person bound to (state, office); "leader" accepts any head-of-state office."""
    offices = gaz.leader_offices if office == "leader" else {office}
    exact = {p for c, o, p in bindings if o in offices and (country is None or c == country)}
    if len(exact) == 1:
        return exact.pop()
    if country is not None and not exact:
        loose = {p for c, o, p in bindings if o in offices and c is None}
        other = {p for c, o, p in bindings if c not in (None, country)}
        loose -= other
        if len(loose) == 1:
            return loose.pop()
    return None


# ------------------------------------------------------------------------------ gazetteer and rest


def _add_hit(state: _DocState, hit: Hit) -> None:
    if not state.free(hit.start, hit.end):
        return
    entry, mention = hit.entry, hit.alias.mention
    if mention == "demonym" and not _nominal(state.sdoc, hit):
        return
    state.add(entry.key, entry.name, entry.kind, hit.start, hit.end, mention)


def _nominal(doc: Doc, hit: Hit) -> bool:
    """A demonym names people ("the Russians", "Ukrainians said") rather than modifying a noun."""
    tok = doc[hit.j - 1]
    if hit.text.endswith("s") and hit.text != hit.entry.name.rstrip("s") and tok.tag_ in ("NNS", "NNPS"):
        return True
    if tok.dep_ in ("amod", "compound", "nmod", "npadvmod") and tok.head.i > tok.i:
        return False
    return tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj")


def _add_other_entity(state: _DocState, ent: Span) -> None:
    """NER entities the gazetteer does not know: organisations, places, groups (junk is dropped)."""
    label = ent.label_
    if label not in ("ORG", "GPE", "LOC", "NORP", "FAC"):
        return
    span = _trim(ent, state.gaz)
    if span is None or not state.free(span.start_char, span.end_char) or _junk(span):
        return
    text = norm(span.text)
    if state.gaz.lookup(text) is not None:
        return  # a known name the gazetteer scan refused in this context (e.g. an adjective)
    if label in ("GPE", "LOC", "FAC") or text.lower() in state.gaz.weak_places:
        state.add("place:" + text.lower(), text, "place", span.start_char, span.end_char, "name")
    elif label == "ORG":
        state.add("org:" + text.lower(), text, "organisation", span.start_char, span.end_char, "name")
    elif span[-1].tag_ in ("NNPS", "NNS") and span.text.endswith("s"):
        state.add("group:" + text.lower(), text, "group", span.start_char, span.end_char, "name")


def _junk(span: Span) -> bool:
    """NER noise: lowercase words, numbers, headline fragments, events rather than actors."""
    if not any(t.is_alpha for t in span) or span.text.islower() or len(span.text) < 2:
        return True
    if len(span) == 1 and (span[0].pos_ == "ADJ" or span[0].lower_ in _COMPASS_ADJECTIVES):
        return True
    if span[-1].lower_ in _EVENT_HEADS:
        return True
    lowered = [t for t in span if t.is_alpha and t.text.islower() and t.lower_ not in {"of", "and", "the", "for"}]
    return bool(lowered) or len(span) > 6


def _number(document: Document, found: list[_Found]) -> list[Actor]:
    """Group mentions by key into actors numbered in order of first mention."""
    found.sort(key=lambda f: f.mention.start)
    actors: dict[str, Actor] = {}
    for item in found:
        actor = actors.get(item.key)
        if actor is None:
            actor = Actor(f"{document.id}:a{len(actors) + 1}", item.name, item.kind, item.key)  # type: ignore[arg-type]
            actors[item.key] = actor
        if item.kind == "person" and len(item.name.split()) > len(actor.name.split()):
            actor.name = item.name
        actor.mentions.append(item.mention)
        if item.mention.text not in actor.aliases:
            actor.aliases.append(item.mention.text)
    return list(actors.values())


# ------------------------------------------------------------------------------------------- corpus


def merge_actors(per_document: Sequence[Sequence[Actor]]) -> tuple[list[Actor], dict[str, str]]:
    """Corpus actors ``a1, a2, ...`` (most mentioned first) and the map from local to global ids."""
    everything = [a for actors in per_document for a in actors]
    redirect = _corpus_redirects(everything)
    groups: dict[str, list[Actor]] = defaultdict(list)
    for actor in everything:
        groups[redirect.get(actor.key, actor.key)].append(actor)
    merged: list[tuple[Actor, list[Actor]]] = []
    for key, members in groups.items():
        merged.append((_combine(key, members, redirect), members))
    merged.sort(key=lambda pair: -len(pair[0].mentions))
    mapping: dict[str, str] = {}
    result: list[Actor] = []
    for n, (actor, members) in enumerate(merged, start=1):
        actor.id = f"a{n}"
        result.append(actor)
        mapping.update({m.id: actor.id for m in members})
    return result, mapping


def _corpus_redirects(actors: list[Actor]) -> dict[str, str]:
    """Surname-only people (and NER "organisations" that are a surname) -> the one full name with it."""
    by_surname: dict[str, set[str]] = defaultdict(set)
    for actor in actors:
        if actor.kind == "person" and " " in actor.key:
            by_surname[actor.key.rsplit(" ", 1)[1]].add(actor.key)
    redirect: dict[str, str] = {}
    gaz = gazetteer()
    people = {actor.key for actor in actors if actor.kind == "person"}
    for actor in actors:
        prefix, _, name = actor.key.partition(":")
        if prefix == "org" and " " in name and actor.key not in gaz.entries and f"person:{name}" in people:
            redirect[actor.key] = f"person:{name}"  # NER called a person an organisation in one document
            continue
        single = " " not in name
        if prefix == "person" and single or (prefix == "org" and actor.key not in gaz.entries and single):
            targets = by_surname.get(name) or _spelling_variants(name, by_surname)
            if len(targets) == 1:
                redirect[actor.key] = next(iter(targets))
    return redirect


def _spelling_variants(surname: str, by_surname: dict[str, set[str]]) -> set[str]:
    """Full names whose surname is a transliteration variant ("Zelensky" / "Zelenskyy")."""
    if len(surname) < 6:
        return set()
    close = [s for s in by_surname if fuzz.ratio(s, surname) >= 90]
    return by_surname[close[0]] if len(close) == 1 else set()


def _combine(key: str, members: list[Actor], redirect: dict[str, str]) -> Actor:
    """One corpus actor from its per-document parts; re-labelled parts keep surname mentions."""
    canonical = [m for m in members if m.key == key] or members
    name = max((m.name for m in canonical), key=lambda n: (len(n.split()), len(n)))
    kind = canonical[0].kind
    actor = Actor("", name, kind, key)
    for member in members:
        for mention in member.mentions:
            if member.key != key and mention.kind == "name":
                mention = dataclasses.replace(mention, kind="surname")
            actor.mentions.append(mention)
        for alias in member.aliases:
            if alias not in actor.aliases:
                actor.aliases.append(alias)
    return actor
