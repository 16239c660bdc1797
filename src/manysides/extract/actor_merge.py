"""The corpus's actors: per-document actors merged across documents into one numbered list.

Split out of :mod:`manysides.extract.actors`, which extracts each document's actors on its own (in a
worker process or a Ray actor); :func:`merge_actors` runs once, over all of them. Actors merge on their
key; beyond that, the redirects here decide which keys name one actor: a surname-only person joins the
one full name in the corpus that ends with it (or the one named far more often than any other), a role
actor joins the one person bound to that role anywhere, and nicknames, middle names, spelling variants,
double surnames and a company's short name join their full forms.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from typing import Mapping, Sequence

from rapidfuzz import fuzz

from manysides.extract.entity_kinds import designated
from manysides.extract.forenames import GENERATIONAL_SUFFIXES as _SUFFIXES
from manysides.extract.forenames import honorific_gender, name_table
from manysides.extract.gazetteer import gazetteer
from manysides.extract.names import (
    NICKNAMES,
    SURNAME_PARTICLES,
    family_name,
    given_gender,
    is_initial,
    middle_initials,
    name_rank,
    short_name,
    spelled_alike,
    without_juniors,
)
from manysides.extract.nicknames import learned_redirects
from manysides.extract.roles import role_redirects
from manysides.model import Actor

DOMINANCE = 4  # a bare surname joins the full name that the corpus names this many times as often as the next


def merge_actors(per_document: Sequence[Sequence[Actor]]) -> tuple[list[Actor], dict[str, str]]:
    """Corpus actors ``a1, a2, ...`` (most mentioned first) and the map from local to global ids."""
    everything = [a for actors in per_document for a in actors]
    redirect = _corpus_redirects(everything)
    refit = _sex_refits(everything, redirect)
    groups: dict[str, list[Actor]] = defaultdict(list)
    for actor in everything:
        groups[refit.get(actor.id) or redirect.get(actor.key, actor.key)].append(actor)
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
            by_surname[short_name(actor.key, actor.name)].add(actor.key)
            last = actor.key.rpartition(" ")[2]
            if last in _SUFFIXES:  # "Trump Jr." once introduced
                by_surname[f"{short_name(actor.key, actor.name)} {last}"].add(actor.key)
    redirect: dict[str, str] = role_redirects(actors)
    redirect.update(_nickname_redirects(actors))
    for alias, target in learned_redirects((a.key, [m.text for m in a.mentions]) for a in actors
                                           if a.kind == "person").items():
        if alias == target:
            continue
        redirect[alias] = target
        if " " in alias:  # "Scooter Libby", which NER may call an organisation
            redirect[alias.replace("person:", "org:", 1)] = target
    redirect.update({k: v for k, v in _given_name_variants(actors).items() if k not in redirect})
    redirect.update({k: v for k, v in _suffix_redirects(actors).items() if k not in redirect})
    redirect.update({k: v for k, v in _middle_name_redirects(actors).items() if k not in redirect})
    redirect.update({k: v for k, v in _double_surname_redirects(actors).items() if k not in redirect})
    redirect.update({k: v for k, v in _company_short_redirects(actors, by_surname).items() if k not in redirect})
    mentions: Counter[str] = Counter()
    for actor in actors:
        mentions[redirect.get(actor.key, actor.key)] += len(actor.mentions)
    gaz = gazetteer()
    people = {actor.key for actor in actors if actor.kind == "person"}
    orgs = {actor.key for actor in actors if actor.key.startswith("org:")}
    for actor in actors:
        prefix, _, name = actor.key.partition(":")
        if prefix == "org" and " " in name and actor.key not in gaz.entries and f"person:{name}" in people:
            redirect[actor.key] = f"person:{name}"  # NER called a person an organisation in one document
            continue
        words = name.split(" ")
        single = len(words) == 1 or (len(words) == 2 and (words[0] in SURNAME_PARTICLES or words[1] in _SUFFIXES))
        unknown_place = prefix == "place" and gaz.lookup(name) is None and name not in gaz.weak_places
        if unknown_place and f"org:{name}" in orgs:
            redirect[actor.key] = f"org:{name}"  # "Netflix": an organisation in some documents, a "place" in others
            continue
        if unknown_place and len(words) == 1:
            # NER's unknown "place" that is the surname of someone the corpus names ("Earhardt" after "co-host
            # Ainsley Earhardt" elsewhere): that person, not a town nobody else mentions.
            target = _dominant({redirect.get(t, t) for t in by_surname.get(name, ())}, mentions)
            if target is not None and actor.key not in redirect:
                redirect[actor.key] = target
            continue
        if prefix == "person" and single or (prefix == "org" and actor.key not in gaz.entries and single):
            targets = by_surname.get(name) or _spelling_variants(name, by_surname)
            targets = {redirect.get(target, target) for target in targets}  # "Mike" and "Michael" Pompeo: one
            target = _dominant(set(without_juniors(targets)), mentions)
            if target is not None and actor.key not in redirect:
                redirect[actor.key] = target
    redirect.update({k: v for k, v in _given_name_only(actors, by_surname, redirect).items() if k not in redirect})
    return _followed(redirect)


def _company_short_redirects(actors: list[Actor], by_surname: Mapping[str, set[str]]) -> dict[str, str]:
    """"Burisma" (a place or a person to NER in a source that never gives the full name) -> "Burisma Holdings",
    the one company the corpus names by that word and designators only; not the surname of a person the
    corpus names, nor a place the gazetteer knows."""
    companies: dict[str, set[str]] = defaultdict(set)
    for actor in actors:
        words = actor.key.removeprefix("org:").split(" ")
        if actor.key.startswith("org:") and len(words) > 1 and designated(words[1:]):
            companies[words[0]].add(actor.key)
    gaz = gazetteer()
    redirect = {}
    for actor in actors:
        prefix, _, name = actor.key.partition(":")
        if prefix in ("place", "person", "org") and " " not in name and len(companies.get(name, ())) == 1 \
                and name not in by_surname and gaz.lookup(name) is None and name not in gaz.weak_places:
            redirect[actor.key] = next(iter(companies[name]))
    return redirect


def _sex_refits(actors: list[Actor], redirect: Mapping[str, str]) -> dict[str, str]:
    """Actor id -> key for a surname-only person whose titles state a sex ("Mrs. Biden", "Mr. Trump"): the
    full name of that surname and sex the corpus names most (by :func:`_dominant`), when the surname was
    sent to a full name of the other sex (Joe Biden) or to none because two bearers compete (Donald and
    Melania Trump); with no such full name, the surname stays alone rather than join the other sex.
    Decided per document, not per key, since "Biden" in another article is still Joe Biden."""
    sexes = {a.key: given_gender(a.name) for a in actors if a.kind == "person" and " " in a.key}
    mentions: Counter[str] = Counter()
    by_surname: dict[str, set[str]] = defaultdict(set)
    for actor in actors:
        target = redirect.get(actor.key, actor.key)
        mentions[target] += len(actor.mentions)
        if actor.kind == "person" and " " in actor.key:
            by_surname[short_name(actor.key, actor.name)].add(target)
    out = {}
    for actor in actors:
        target = redirect.get(actor.key)
        if actor.kind != "person" or " " in actor.key.removeprefix("person:"):
            continue
        stated = {honorific_gender(m.text.split()[0]) for m in actor.mentions if " " in m.text} - {None}
        if len(stated) != 1 or target is not None and sexes.get(target) in (None, *stated):
            continue
        bearers = by_surname.get(actor.key.removeprefix("person:"), set())
        fitting = {k for k in bearers if sexes.get(k) in (None, *stated)}  # an unknown sex rules nobody out
        if target is None and fitting == bearers:
            continue  # the title rules nobody out: the surname stays as the corpus left it
        chosen = _dominant(fitting, mentions)
        if chosen is not None or target is not None:
            out[actor.id] = chosen or actor.key
    return out


GIVEN_NAME_MIN_MENTIONS = 5  # mentions of the full name before a bare given name may join it


def _given_name_only(actors: list[Actor], by_surname: Mapping[str, set[str]],
                     redirect: Mapping[str, str]) -> dict[str, str]:
    """"person:joe" -> "person:joe biden": a one-word name that is mostly a given name in the census lists
    and no corpus person's surname ("Paul" may be Rand Paul), in an article that never gives the full
    name ("Joe", "Hillary", "Bernie"), when the corpus names exactly one person with that given name and
    names them far more often than the bare name (a child called "Billy" in one article is not the
    congressman Billy Long, named once in another). Two Joes leave it alone; one Joe printed two ways
    ("Hillary Clinton", "Hillary Rodham Clinton", already joined by ``redirect``) is one."""
    names, followed = name_table(), _followed(dict(redirect))
    by_given: dict[str, set[str]] = defaultdict(set)
    named: Counter[str] = Counter()
    for actor in actors:
        words = actor.key.removeprefix("person:").split(" ")
        target = followed.get(actor.key, actor.key)
        named[target] += len(actor.mentions)
        if actor.kind == "person" and len(words) >= 2 and not family_name(actor.name):
            by_given[words[0]].add(target)
    out = {}
    for actor in actors:
        word = actor.key.removeprefix("person:")
        if actor.kind == "person" and " " not in word and len(by_given.get(word, ())) == 1 \
                and word not in by_surname and names.mostly_forename(word):
            target = next(iter(by_given[word]))
            if named[target] >= max(GIVEN_NAME_MIN_MENTIONS, DOMINANCE * named[actor.key]):
                out[actor.key] = target
    return out


def _followed(redirect: dict[str, str]) -> dict[str, str]:
    """Redirects resolved to their end: "place:biden" -> "org:biden" -> "person:joe biden" sends the place
    to the person too (a cycle, which no rule should make, stops where it would repeat)."""
    out = {}
    for key in redirect:
        seen, target = {key}, redirect[key]
        while target in redirect and target not in seen:
            seen.add(target)
            target = redirect[target]
        out[key] = target
    return out


def _dominant(targets: set[str], mentions: Counter[str]) -> str | None:
    """The full name a bare surname stands for: the only one, or one named :data:`DOMINANCE` times as
    often as any other ("Trump" is Donald Trump, not Melania Trump, in a corpus naming him 20 times and
    her twice)."""
    if len(targets) == 1:
        return next(iter(targets))
    ranked = sorted(targets, key=lambda key: -mentions[key])
    if len(ranked) > 1 and mentions[ranked[0]] >= DOMINANCE * max(1, mentions[ranked[1]]):
        return ranked[0]
    return None


def _suffix_redirects(actors: list[Actor]) -> dict[str, str]:
    """"person:john roberts jr" -> "person:john roberts" when the two forms carry one office in their mentions
    ("Chief Justice John G. Roberts Jr.", "Chief Justice John Roberts"). Without that, a suffix marks the
    son: "Donald Trump Jr." is not President Trump, "Robert F. Kennedy Jr." not his father."""
    offices: dict[str, set[str]] = defaultdict(set)
    for actor in actors:
        if actor.kind == "person":
            offices[actor.key] |= _offices(actor)
    redirect = {}
    for key, held in offices.items():
        base, _, last = key.rpartition(" ")
        if last in _SUFFIXES and base in offices and held & offices[base]:
            redirect[key] = base
    return redirect


def _middle_name_redirects(actors: list[Actor]) -> dict[str, str]:
    """"person:hillary rodham clinton" -> "person:hillary clinton" when the corpus names both: a middle
    name (often a maiden name) that one source prints and another leaves out. Not when the shorter form
    is printed with a middle initial ("George W. Bush" is keyed "george bush" but is not George Herbert
    Walker Bush)."""
    initials: dict[str, bool] = defaultdict(bool)
    for actor in actors:
        if actor.kind == "person":
            initials[actor.key] |= any(middle_initials(m.text) for m in actor.mentions)
    redirect = {}
    for key in initials:
        words = key.removeprefix("person:").split(" ")
        if len(words) == 3 and words[-1] not in _SUFFIXES and not is_initial(words[1]):
            short = f"person:{words[0]} {words[2]}"
            if short in initials and not initials[short]:
                redirect[key] = short
    return redirect


_OFFICE_ABBREVIATIONS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
                         "atty": "attorney", "pres": "president", "sec": "secretary", "supt": "superintendent"}


def _double_surname_redirects(actors: list[Actor]) -> dict[str, str]:
    """"person:blasey ford" and "person:blasey" -> "person:christine blasey ford": a double surname
    printed without the given name, or its first part alone, when exactly one corpus name of three words
    ends with it, the part is no given name ("Blasey", unlike "John" in "Elton John"), and either a title
    shows the two words are a surname ("Dr. Blasey Ford") or the corpus prints the three-word name at least
    as often."""
    names = name_table()
    tails: dict[str, set[str]] = defaultdict(set)
    keys = {a.key for a in actors if a.kind == "person"}
    named: Counter[str] = Counter()
    titled: set[str] = set()  # "Dr. Blasey Ford": a title before the two words makes them a surname
    for actor in actors:
        named[actor.key] += len(actor.mentions)
        if any(m.kind == "title" for m in actor.mentions):
            titled.add(actor.key)
    surnames = {k.rpartition(" ")[2] for k in keys if " " in k}
    for key in keys:
        words = key.removeprefix("person:").split(" ")
        if len(words) == 3 and words[-1] not in _SUFFIXES and not is_initial(words[1]) \
                and not names.is_forename(words[1]):
            tails[f"person:{words[1]} {words[2]}"].add(key)
            if words[1] not in surnames:
                tails[f"person:{words[1]}"].add(key)
    # Without a title, the full name must be the usual form: "Tamerlan Dzhokhar Tsarnaev", printed once,
    # does not take the 15 mentions of his brother Dzhokhar Tsarnaev.
    return {key: next(iter(full)) for key, full in tails.items()
            if key in keys and len(full) == 1 and (key in titled or named[next(iter(full))] >= named[key])}


def _offices(actor: Actor) -> set[str]:
    """The office words in an actor's mentions ("justice" in "Chief Justice John Roberts"; "Sen." and
    "Senator" alike)."""
    gaz = gazetteer()
    out = set()
    for mention in actor.mentions:
        for word in mention.text.split():
            bare = word.lower().rstrip(".")
            if bare in _OFFICE_ABBREVIATIONS:
                out.add(_OFFICE_ABBREVIATIONS[bare])
            elif gaz.office(word):
                out.add(bare)
    return out


def _nickname_redirects(actors: list[Actor]) -> dict[str, str]:
    """"person:mike pompeo" -> "person:michael pompeo" when both are in the corpus: one person, two forms."""
    keys = {actor.key for actor in actors if actor.kind == "person" and " " in actor.key}
    redirect = {}
    for key in keys:
        first, _, rest = key.removeprefix("person:").partition(" ")
        formal = [f"person:{name} {rest}" for name in NICKNAMES.get(first, ())]
        present = [k for k in formal if k in keys]
        if len(present) == 1:  # "Jeff Van Drew" is Jefferson Van Drew unless a Jeffrey Van Drew is named too
            redirect[key] = present[0]
    return redirect


def _given_name_variants(actors: list[Actor]) -> dict[str, str]:
    """"person:dzhokar tsarnaev" -> "person:dzhokhar tsarnaev": one surname, given names spelled two ways
    (transliteration, a typo: "Tamarlan" / "Tamerlan"). The spellings must be long, begin alike, differ by
    at most one letter in length and be close (:func:`spelled_alike`): "Daniel" and "Danielle" stay two
    people. The less named spelling goes to the more named one."""
    mentions: Counter[str] = Counter()
    by_rest: dict[str, set[str]] = defaultdict(set)
    for actor in actors:
        if actor.kind == "person" and actor.key.count(" ") == 1:
            mentions[actor.key] += len(actor.mentions)
            by_rest[actor.key.split(" ", 1)[1]].add(actor.key)
    redirect = {}
    for keys in by_rest.values():
        ranked = sorted(keys, key=lambda k: (-mentions[k], k))
        for n, key in enumerate(ranked):
            given = key.removeprefix("person:").split(" ")[0]
            for other in ranked[:n]:
                main = other.removeprefix("person:").split(" ")[0]
                if spelled_alike(given, main):
                    redirect[key] = redirect.get(other, other)
                    break
    return redirect


def _spelling_variants(surname: str, by_surname: dict[str, set[str]]) -> set[str]:
    """Full names whose surname is a transliteration variant ("Zelensky" / "Zelenskyy")."""
    if len(surname) < 6:
        return set()
    close = [s for s in by_surname if fuzz.ratio(s, surname) >= 90]
    return by_surname[close[0]] if len(close) == 1 else set()


def _uncapitalised(name: str) -> str:
    """A person's name that only a transcript's capitals print, as a name is written: "JUAN GONZÁLEZ" is Juan
    González, "MITCH MCCONNELL" Mitch McConnell, "BETO O'ROURKE" Beto O'Rourke."""
    return re.sub(r"\bMc([a-z])", lambda m: "Mc" + m[1].upper(), name.title())


def _combine(key: str, members: list[Actor], redirect: dict[str, str]) -> Actor:
    """One corpus actor from its per-document parts; re-labelled parts keep surname mentions."""
    canonical = [m for m in members if m.key == key] or members
    name = max((m.name for m in canonical), key=name_rank)
    kind = canonical[0].kind
    if kind == "person" and name.isupper() and " " in name:
        name = _uncapitalised(name)
    actor = Actor("", name, kind, key)
    for member in members:
        for mention in member.mentions:
            if member.key != key and mention.kind == "name" and kind == "person":
                mention = dataclasses.replace(mention, kind="surname")
            actor.mentions.append(mention)
        for alias in member.aliases:
            if alias not in actor.aliases:
                actor.aliases.append(alias)
    return actor
