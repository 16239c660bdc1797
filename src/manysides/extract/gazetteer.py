"""Known names: states, their capitals and seats of government, demonyms, organisations, outlets, places.

Why a gazetteer next to NER: the small spaCy model mislabels well-known names ("Kyiv" as PERSON,
"Crimea" as ORG) and knows nothing of identity ("US", "U.S.", "America" are one state; "the Kremlin"
speaks for Russia). Everything is read once from ``manysides/data/*.json`` (countries.json is
generated from the countryinfo package by ``scripts/build_gazetteer.py``) and matched against the
tokens of a parsed document with dictionary look-ups, so a scan costs a few milliseconds.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from spacy.tokens import Doc, Span

from manysides.extract.cues import SPEECH_VERBS
from manysides.nlp.pipeline import doc_text

DATA = Path(__file__).resolve().parents[1] / "data"
_CONNECTORS = {"of", "the", "and", "for", "de", "del", "della", "on", "-", "&", "'s", "’s", "al", "upon", "in"}
_NON_PERSON_LABELS = {"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One known actor: ``key`` is the merge identity, ``name`` its display name."""

    key: str
    name: str
    kind: str  # ActorKind


@dataclass(frozen=True, slots=True)
class Alias:
    """One surface form of an entry; ``ner`` says when NER must agree ("org": needs a non-PERSON
    entity over it, "not_person": refused where NER says PERSON), ``det`` that it needs a leading "the"."""

    entry: Entry
    mention: str  # MentionKind
    caps: tuple[bool, ...]
    ner: str | None = None
    det: bool = False
    use: str | None = None  # "capital" (a metonym only where it acts) or "seat" (unless a location)
    place: str | None = None  # the place it names when the text uses it as a location


@dataclass(frozen=True, slots=True)
class Hit:
    """A gazetteer match in a document: characters ``[start, end)`` and tokens ``[i, j)``."""

    start: int
    end: int
    i: int
    j: int
    text: str
    alias: Alias

    @property
    def entry(self) -> Entry:
        return self.alias.entry


def norm(text: str) -> str:
    """Normalise a surface form for look-up: curly quotes, dots and hyphens do not matter."""
    text = text.replace("’", "'").replace("‘", "'").replace(".", "").replace("-", " ")
    return re.sub(r"\s+", " ", text).strip()


def _is_abbreviation(alias: str) -> bool:
    core = re.sub(r"[^A-Za-z0-9]", "", alias)
    return bool(core) and len(core) <= 6 and (core.isupper() or alias.replace(".", "").isupper())


def plural(demonym: str) -> str:
    """English plural of a demonym noun: "Russian" -> "Russians", "Chinese" and "British" unchanged."""
    if demonym.endswith(("ese", "ish", "ch", "sh", "s", "x")):
        return demonym
    return demonym + "s"


class Gazetteer:
    """Look-up tables built once from the data files; see :func:`gazetteer`."""

    def __init__(self) -> None:
        self.exact: dict[str, Alias] = {}
        self.folded: dict[str, Alias] = {}
        self.weak_places: dict[str, Entry] = {}
        self.cities: frozenset[str] = frozenset()  # weak places that are only world cities (data/cities.json)
        self.small_states: frozenset[str] = frozenset()  # keys of states of fewer than SMALL_STATE_POPULATION people
        self.entries: dict[str, Entry] = {}
        self.lower_starts: set[str] = set()
        self.max_words = 1
        roles = _load("roles.json")
        self.honorifics = {h.lower() for h in roles["honorifics"]}
        self.offices: dict[str, str] = {k: v for k, v in roles["offices"].items() if v}
        self.modifiers = set(roles["modifiers"])
        self.leader_offices = set(roles["leader_offices"])
        self.title_case_only = set(roles["title_case_only"])
        self.peerage = set(roles["peerage"])
        self.context: dict[str, frozenset[str]] = {}

    def add(self, entry: Entry, alias: str, mention: str, ner: str | None = None,
            use: str | None = None, place: str | None = None) -> None:
        """Register ``alias``; the first registration of a form wins, so callers add in priority order."""
        if entry.name != entry.key:  # seats are registered with a placeholder first
            self.entries.setdefault(entry.key, entry)
        det = alias.lower().startswith("the ")
        core = norm(alias[4:] if det else alias)
        if not core:
            return
        words = core.split(" ")
        caps = tuple(w[:1].isupper() for w in words)
        record = Alias(entry, mention, caps, ner, det, use, place)
        key = ("the " if det else "") + core
        if _is_abbreviation(alias) and not det:
            self.exact.setdefault(core, record)
        else:
            self.folded.setdefault(key.lower(), record)
        if not core[:1].isupper() and not core[:1].isdigit():
            self.lower_starts.add(words[0].lower())
        self.max_words = max(self.max_words, len(words))

    def lookup(self, surface: str, after_the: bool = False) -> Alias | None:
        """The alias for ``surface`` (already free of a leading determiner), or None."""
        core = norm(surface)
        if not core:
            return None
        if after_the:
            found = self.folded.get("the " + core.lower())
            if found and _caps_ok(core, found.caps):
                return found
        found = self.exact.get(core)
        if found:
            return found
        found = self.folded.get(core.lower())
        if found and not found.det and _caps_ok(core, found.caps):
            return found
        return None

    def honorific(self, word: str) -> bool:
        """A form of address before a name ("Mr.", "Sen", "Miss"; "professor" in lower case too). Not "miss" in
        lower case, an everyday verb the tagger often reads as a noun there ("I sure miss Dana Roe")."""
        low = word.lower().rstrip(".")
        return low in self.honorifics and (word[:1].isupper() or low != "miss")

    def office(self, word: str) -> str | None:
        """The normalised office for a role word ("PM" -> "prime minister"), or None."""
        return self.offices.get(word.lower().rstrip("."))

    def scan(self, doc: Doc, ents: Iterable[Span]) -> list[Hit]:
        """All gazetteer names in ``doc``, longest match first, checked against the NER entities."""
        by_token: dict[int, Span] = {}
        for ent in ents:
            for k in range(ent.start, ent.end):
                by_token[k] = ent
        hits: list[Hit] = []
        i, n, text = 0, len(doc), doc_text(doc)
        while i < n:
            hit = self._match_at(doc, text, i, n)
            if hit is None:
                hits.extend(self._hyphen_parts(doc, i))
                i += 1
                continue
            if _ner_agrees(hit, doc, by_token):
                hits.append(hit)
            i = hit.j
        return hits

    def _match_at(self, doc: Doc, text: str, i: int, n: int) -> Hit | None:
        first = doc[i]
        if not (first.text[:1].isupper() or first.text[:1].isdigit() or first.lower_ in self.lower_starts):
            return None
        after_the = i > 0 and doc[i - 1].lower_ == "the"
        last = i
        for k in range(i, min(n, i + self.max_words * 2)):
            tok = doc[k]
            if tok.is_space or (k > i and "\n" in doc[k - 1].whitespace_):
                break
            if k > i and not (tok.text[:1].isupper() or tok.text[:1].isdigit() or tok.lower_ in _CONNECTORS
                              or tok.text in {".", ","}):
                break
            last = k
        for k in range(last, i - 1, -1):
            if k > i and (doc[k].lower_ in _CONNECTORS or doc[k].is_punct):
                continue
            start, end = first.idx, doc[k].idx + len(doc[k].text)
            surface = text[start:end]
            alias = self.lookup(surface, after_the)
            if alias is not None:
                return Hit(start, end, i, k + 1, surface, alias)
        return None

    def _hyphen_parts(self, doc: Doc, i: int) -> list[Hit]:
        """Names glued by hyphens into one token ("U.S.-Russia")."""
        tok = doc[i]
        if "-" not in tok.text[1:-1]:
            return []
        out, offset = [], tok.idx
        for part in tok.text.split("-"):
            alias = self.lookup(part) if part[:1].isupper() else None
            if alias is not None and alias.ner is None and alias.mention != "demonym":
                out.append(Hit(offset, offset + len(part), i, i + 1, part, alias))
            offset += len(part) + 1
        return out


def _caps_ok(surface: str, caps: tuple[bool, ...]) -> bool:
    words = surface.split(" ")
    if len(words) != len(caps):
        return surface.isupper() or all(w[:1].isupper() for w in words[:1])
    return surface.isupper() or all(w[:1].isupper() or not c for w, c in zip(words, caps))


def _ner_agrees(hit: Hit, doc: Doc, by_token: dict[int, Span]) -> bool:
    """Refuse a match that NER places inside a longer proper name ("University of Washington",
    "George Washington", "New Jersey"), and apply the alias's own NER condition."""
    ents = {id(by_token[k]): by_token[k] for k in range(hit.i, hit.j) if k in by_token}
    for ent in ents.values():
        for k in (hit.i - 1, hit.j):
            if not ent.start <= k < ent.end:
                continue
            tok = doc[k]
            if tok.is_alpha and tok.text[:1].isupper() and tok.lower_ != "the":
                return False
        first = ent.start + (doc[ent.start].lower_ == "the")
        joiner = hit.i - 1 - (hit.i > 1 and doc[hit.i - 1].lower_ == "the")
        if first < joiner and doc[joiner].lower_ in ("of", "for") and doc[first].text[:1].isupper():
            return False  # "Royal Bank of Scotland", "Duke of Edinburgh", "the State of the Union"
    labels = {e.label_ for e in ents.values()}
    if hit.alias.ner == "org":
        return bool(labels & _NON_PERSON_LABELS)
    if hit.alias.ner == "not_person":
        return "PERSON" not in labels
    return True


def _load(name: str) -> dict | list:
    with open(DATA / name, encoding="utf-8") as handle:
        return json.load(handle)


# A state this small is rarely named by its capital, so a capital that is also a surname there
# ("Douglas", Isle of Man; "Hamilton", Bermuda) is more likely a person the story names.
SMALL_STATE_POPULATION = 5_000_000


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, a few milliseconds)."""
    gaz = Gazetteer()
    extras = _load("country_extras.json")
    countries = sorted(_load("countries.json"), key=lambda r: -r.get("population", 0))
    person_like = set(extras["person_like"])
    gaz.context = {k: frozenset(v) for k, v in extras["metonym_context"].items()}

    def ner_for(alias: str) -> str | None:
        return "not_person" if alias in person_like else None

    for seat in extras["seats"]:
        gaz.add(Entry(seat["key"], seat["key"], "state"), seat["alias"], "metonym",
                use="capital" if seat.get("city") else "seat", place=seat["alias"])
    _add_organisations(gaz)
    _add_outlets(gaz)
    states = {}
    for row in countries:
        name = extras["names"].get(row["iso3"], row["name"])
        states[row["iso3"]] = Entry(f"state:{row['iso3']}", name, "state")
    for row in countries:
        entry = states[row["iso3"]]
        for alias in [entry.name, row["name"], *row["aliases"], *extras["aliases"].get(row["iso3"], [])]:
            gaz.add(entry, alias, "abbreviation" if _is_abbreviation(alias) else "name", ner_for(alias))
    for row in countries:
        capital = row["capital"] if isinstance(row["capital"], str) else (row["capital"] or [""])[0]
        variants = extras["capitals"].get(row["iso3"], [])
        for alias in [capital, *variants]:
            if alias:
                gaz.add(states[row["iso3"]], alias, "metonym", ner_for(alias), use="capital",
                        place=variants[0] if variants else capital)
    _add_demonyms(gaz, countries, extras)
    _add_places(gaz, countries)
    _fix_seat_entries(gaz)
    gaz.small_states = frozenset(f"state:{row['iso3']}" for row in countries
                                 if row.get("population", 0) < SMALL_STATE_POPULATION)
    return gaz


def _add_organisations(gaz: Gazetteer) -> None:
    data = _load("organisations.json")
    needs = set(data["needs_ner"])
    for row in data["organisations"]:
        entry = Entry(f"org:{row['id']}", row["name"], "organisation")
        for alias in [row["name"], *row["aliases"]]:
            kind = "abbreviation" if _is_abbreviation(alias) else "name"
            gaz.add(entry, alias, kind, "org" if alias in needs else None)


def _add_outlets(gaz: Gazetteer) -> None:
    data = _load("outlets.json")
    needs = set(data["needs_ner"])
    for row in data["outlets"]:
        name = row["name"]
        key = "outlet:" + norm(name[4:] if name.startswith("The ") else name).lower()
        entry = Entry(key, name, "outlet")
        for alias in [name, *row["aliases"]]:
            kind = "abbreviation" if _is_abbreviation(alias) else "name"
            gaz.add(entry, alias, kind, "org" if alias in needs else None)
            if alias.startswith("The ") and alias[4:] not in needs and alias not in needs:
                gaz.add(entry, alias[4:], kind)


def _add_demonyms(gaz: Gazetteer, countries: list, extras: dict) -> None:
    """Most populous first, so a demonym shared by a territory ("American") names the larger state."""
    for row in sorted(countries, key=lambda r: -r.get("population", 0)):
        forms = [d.strip() for d in re.split(r"[,/]", row["demonym"] or "") if d.strip()]
        forms += extras["demonyms"].get(row["iso3"], [])
        if not forms:
            continue
        entry = Entry(f"demonym:{row['iso3']}", plural(forms[0]), "group")
        for form in forms:
            gaz.add(entry, plural(form), "demonym")
            gaz.add(entry, form, "demonym")


def _add_places(gaz: Gazetteer, countries: list) -> None:
    for row in _load("places.json")["places"]:
        entry = Entry("place:" + norm(row["name"]).lower(), row["name"], "place")
        for alias in [row["name"], *row["aliases"]]:
            gaz.add(entry, alias, "name")
    for row in countries:
        for region in row["regions"]:
            gaz.weak_places.setdefault(norm(region).lower(), Entry("place:" + norm(region).lower(), region, "place"))
    cities = set()
    for city in _load("cities.json")["cities"]:
        key = norm(city).lower()
        if key not in gaz.weak_places:
            gaz.weak_places[key] = Entry("place:" + key, city, "place")
            cities.add(key)
    gaz.cities = frozenset(cities)


def _fix_seat_entries(gaz: Gazetteer) -> None:
    """Seats were registered before their targets existed; point them at the real entries."""
    for table in (gaz.exact, gaz.folded):
        for form, alias in list(table.items()):
            if alias.mention == "metonym" and alias.entry.name == alias.entry.key:
                target = gaz.entries.get(alias.entry.key)
                if target is not None and target.name != target.key:
                    table[form] = dataclasses.replace(alias, entry=target)


# ------------------------------------------------------------------------------ capitals and seats


def metonymic(gaz: Gazetteer, doc: Doc, hit: Hit, is_place) -> bool:
    """Does a capital or seat of government stand for its state here, or is it just a place?

    A capital ("Moscow", "Brussels") is a metonym only where it acts: the subject of a verb ("Moscow
    recalled its envoy"), a possessor ("Moscow's position"), a party to a relation ("talks between
    Washington and Moscow", "sanctions against Moscow"), the object of a verb of dealing ("Washington warned
    Moscow") or the modifier of an institution ("Moscow officials"); elsewhere ("in Moscow", "the Moscow
    metro", "flights to Moscow") it is a place. A seat ("the Kremlin", "Downing Street") is a metonym
    except as a clear location ("outside Downing Street", "left the White House"). ``is_place(i)`` tells
    whether token ``i`` is a known place, so "Scotland, Wales and London voted" keeps London a place.
    """
    use = hit.alias.use
    if use is None:
        return True
    ctx = gaz.context
    tok = doc[hit.j - 1]
    for t in doc[hit.i:hit.j]:
        if not hit.i <= t.head.i < hit.j or t.head.i == t.i:
            tok = t
            break
    first = tok
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if use == "capital" and any(is_place(c.i) for c in (first, *first.conjuncts) if c.i != tok.i):
        return False
    head, dep = first.head, first.dep_
    if any(c.dep_ == "case" for c in tok.children) and tok.i + 2 < len(doc):
        head, dep = doc[tok.i + 2], "poss"  # "the Kremlin's ambitions", whatever the parse made of it
    if dep == "pobj":
        prep, governor = head.lower_, head.head
        if prep in ctx["location_preps"]:
            return False
        if prep in ctx["directional_preps"] and governor.lemma_.lower() in ctx["motion_words"]:
            return False
        if use == "seat":
            return True
        if prep in ctx["list_preps"]:  # "powers like Washington or Moscow", "cities like Moscow"
            return governor.lemma_.lower() in ctx["actor_nouns"] or governor.lower_ in ctx["actor_nouns"]
        if prep == "by" and head.dep_ == "agent" or prep in ctx["relation_preps"]:
            return governor.lemma_.lower() not in ctx["motion_words"]
        return prep in ctx["directional_preps"] and governor.lemma_.lower() in ctx["relational_words"]
    if dep == "dobj":
        if head.lemma_.lower() in ctx["motion_words"]:
            return False
        return use == "seat" or head.lemma_.lower() in ctx["interaction_verbs"] or head.lemma_ in SPEECH_VERBS
    if use == "seat":
        return True
    if dep == "nsubj":
        return not (head.lemma_ == "be" and any(c.dep_ == "attr" and c.lemma_.lower() in ctx["place_attrs"]
                                                for c in head.children))
    if dep == "nsubjpass":
        return head.lemma_.lower() not in ctx["physical_verbs"]
    if dep == "poss":
        return head.lower_ not in ctx["place_nouns"]
    if dep in ("compound", "nmod", "amod"):
        return head.lower_ in ctx["institution_nouns"]
    return False
