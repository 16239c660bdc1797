"""People in one document: which spans name a person, where each name begins and ends, and whom it names.

Split out of :mod:`manysides.extract.actors`, the per-document stage, which calls :func:`person_spans` and
:func:`add_person` before it turns to the gazetteer's names and NER's other entities. A PERSON entity is
kept or refused on the evidence of :mod:`manysides.extract.entity_kinds`, its edges are mended (a
headline's verb, a possessive, a particle NER stopped at), and every later capitalised occurrence of a
surname it gives is a mention too. Each span is then resolved: a full name is keyed with
:func:`~manysides.extract.names.person_key`; a surname, given name or nickname takes the one full name
the document gives it, unless a title or kinship shows a second bearer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from spacy.tokens import Span, Token

from manysides.extract.cues import SPEECH_VERBS
from manysides.extract.entity_kinds import (
    BODY_HEADS,
    DOTTED_LETTERS,
    FACILITY_HEADS,
    WEEKDAYS,
    acronym,
    brand_word,
    case_party,
    compound_piece,
    heading_only,
    heading_word,
    institution_first_words,
    junk,
    label_only,
    led_institution,
    name_particle,
    named_day,
    names_no_one,
    no_forename,
    not_a_person,
    pageant,
    place_elsewhere,
    place_name_start,
    place_surname,
    thing_name,
    title_word,
)
from manysides.extract.forenames import GENERATIONAL_SUFFIXES as _SUFFIXES
from manysides.extract.forenames import honorific_gender, name_table, noun_gender
from manysides.extract.gazetteer import Hit, norm
from manysides.extract.names import (
    SURNAME_PARTICLES,
    display_name,
    family_name,
    fold,
    given_gender,
    middle_letters,
    person_key,
    same_given_name,
    short_name,
    without_juniors,
)
from manysides.extract.nicknames import split_printed
from manysides.extract.roles import (
    PLACE_LABELS,
    POSSESSIVE,
    appositive_role,
    common_word,
    dictionary,
    has_person_evidence,
    mislabelled_person,
    nationality_before,
    opens_clause,
    title_before,
)

if TYPE_CHECKING:  # pragma: no cover
    from manysides.extract.actors import DocState

# First words that make a name a group around a person, not the person ("Team Obama", "Friends of X").
_GROUP_LEADS = frozenset({"team", "camp", "friends", "project", "operation", "generation"})
_NAMED_THINGS = frozenset({"ORG", "FAC", "GPE", "LOC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})


def person_spans(state: DocState, ents: list[Span], hits: list[Hit], skip, peers: list[Span]) -> list[Span]:
    """PERSON entities (trimmed), names after a peerage title, names NER calls a place or organisation
    that speak or carry a title, then every other capitalised occurrence of a surname they give."""
    hit_chars = {c for h in hits for c in range(h.start, h.end)}
    institutions = institution_first_words(ents)
    given_names = {e[0].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
    spans: list[Span] = list(peers)
    candidates = []
    for ent in ents:
        span = state.trim(ent)
        if span is None or any(c in hit_chars for c in range(span.start_char, span.end_char)):
            continue
        if ent.label_ == "PERSON":
            span = _person_extent(span)
        if any(any(ch.isdigit() for ch in t.text) or (t.is_alpha and t.text.islower() and not _after_hyphen(t, span)
                                                      and not name_particle(t, span))
               for t in span) or DOTTED_LETTERS.fullmatch(span.text) or any(t.text == ":" for t in ent):
            continue  # "S.O.T.U.", "O.K.": an abbreviation in full stops, not initials; "W. Lake St: Property": a list
        if len(span) == 1 and span.start > 0 and state.sdoc[span.start - 1].lower_ in {"the", "these", "those", "a",
                                                                                          "an"}:
            continue  # "the North had offered too little", "a Trojan horse": no one is "the Trump" or "a Cruz"
        if len(span) > 1 and span[-1].lower_ in FACILITY_HEADS | BODY_HEADS:
            continue  # "the Martin Luther King Jr. Memorial": a place named after a person; "Border Patrol"
        if len(span) > 1 and span[0].lower_ in _GROUP_LEADS:
            continue  # "Team Obama", "Camp Romney": a campaign named after its candidate
        if names_no_one(state, span):
            continue  # "President Pro Tempore", "Superstorm Sandy", "Jim Crow": see there
        if not_a_person(state, span) is not None or led_institution(state, span) is not None:
            continue  # "Skid Row", "Sigma Chi", "Baby Boomer", "Balfour Beatty, which will build": see there
        if place_surname(state, span) or place_name_start(state, span):
            continue  # "Watch Cobb returns" beside "Cobb County"; "Sandy Hook parents" beside "Sandy Hook Elementary"
        if pageant(state, span):
            continue  # "Miss Universe", "Miss Ohio": a beauty pageant (or its title), not a woman called Universe
        if case_party(state.sdoc, span.start, span.end):
            continue  # "De Niz Robles v. Lynch": a court case's name, not a person
        if ent.label_ == "PERSON" and len(span) in (2, 3) and thing_name(state, span):
            continue  # "the Rigged Witch Hunt", "Eskimo Pie": a thing's name in capitals, not a person
        if len(span) == 1 and (title_word(span) or brand_word(span) or named_day(span) or compound_piece(span)):
            continue  # "Operation Fast and Furious", "MeToo", "Super Tuesday", "Democrat-Gazette": no person
        if ent.label_ in PLACE_LABELS | {"PERSON", "ORG"} and heading_only(state, span):
            continue  # "Police Apprehend Marathon Bombing Suspect": in title case a capital proves no name
        if ent.label_ == "PERSON" and not (len(span) == 1 and norm(span.text).lower() in state.gaz.weak_places
                                           and span.text not in given_names):
            candidates.append(span)  # "Paul" beside "Paul Manafort" is no town called Paul
        elif ent.label_ in PLACE_LABELS | {"ORG"} and not junk(span) \
                and mislabelled_person(state, named := _without_department(span), ent.label_) \
                and not (len(span) == 1 and (heading_word(state, span[0]) or span.text in institutions)):
            spans.append(named)
    full = [s for s in candidates if len(s) > 1 and not _name_pair(s)] + [s for s in spans if len(s) > 1]
    state.surnames = set()  # from full names: strong evidence
    for s in full:
        family = family_name(display_name(s.text))
        last = s[-2] if s[-1].lower_ in _SUFFIXES else s[-1]  # "King", not "Jr."; "Trump" of "Trump Jr"
        state.surnames.add(norm(s[0].text) if family else norm(last.text))
    # "the Trump-Kim talks": two people's names joined, not one person; each part is found below.
    known = state.surnames | {norm(s.text) for s in candidates if len(s) == 1}
    candidates = [s for s in candidates if not (_name_pair(s) and {norm(s[0].text), norm(s[2].text)} <= known)]
    for span in candidates:
        if len(span) == 1 and place_elsewhere(state, span) and not _titled(state, span) \
                and span.text not in given_names \
                and (span.text in state.located_words() or not has_person_evidence(state, span)):
            continue  # "Edinburgh was the most emphatic ... in Edinburgh", "Harbin reported ... in Harbin": a place
        if len(span) == 1 and (heading_word(state, span[0]) or _inflected_verb(span[0]) or acronym(state, span[0])):
            continue  # a common word acting in headings ("Suspect In Serious Condition"), "Speaks", "WBUR"
        if len(span) == 1 and span.text in institutions and norm(span.text) not in state.surnames:
            continue  # "Montefiore" after "the Montefiore Medical Center": the hospital's short name
        if len(span) == 1 and label_only(state, span[0]):
            continue  # "Verdict: PLUS." after each item of a list: a label, not a person
        if len(span) > 1 or not common_word(state, span[0], True) or has_person_evidence(state, span, False):
            spans.append(span)
    surnames = state.surnames
    names = {norm(s.text) for s in spans if len(s) == 1} | surnames
    covered = {k for s in spans for k in range(s.start, s.end)}
    # A surname that a proper name of something else goes on past is part of that name: "Green" in "the Green
    # Party", "Tiananmen" in "Tiananmen Square". Not "the Obama Administration": it still mentions Obama; and
    # not a name's last word, since NER labels people's names as organisations too ("Nicola Sturgeon").
    # Names joined by a hyphen are two people ("the Trump-Putin summit", see _name_pair), not one name's parts.
    covered |= {k for e in ents if e.label_ in _NAMED_THINGS and len(e) > 1 and e[-1].lower_ not in BODY_HEADS
                and all(t.text[:1].isupper() for t in e if t.is_alpha) and not any(t.text == "-" for t in e)
                for k in range(e.start, e.end - 1)}
    for tok in state.sdoc:  # cheapest tests first: most tokens are not capitalised
        text = tok.text
        if not text[:1].isupper() or tok.i in covered or tok.idx in hit_chars:
            continue
        word = norm(text)
        if word in names and not skip(tok.idx, tok.idx + len(text)) and not case_party(state.sdoc, tok.i, tok.i + 1) \
                and (word in surnames or not tok.is_sent_start or tok.pos_ == "PROPN"):
            start = tok.i
            while start > 0 and state.sdoc[start - 1].lower_ in SURNAME_PARTICLES \
                    and state.sdoc[start - 1].text.islower() and start - 1 not in covered:
                start -= 1  # "bin Laden", "von der Leyen": the surname with its particles
            spans.append(state.sdoc[start:tok.i + 1])
    return sorted(spans, key=lambda s: (-len(s), s.start))


def _without_department(span: Span) -> Span:
    """"Secretary of Agriculture Sonny Perdue", "Speaker of the House Nancy Pelosi": NER runs the department of
    the title into the name after it."""
    doc, k = span.doc, span.start - 1
    if k >= 0 and doc[k].lower_ == "the":
        k -= 1  # "Speaker of the House Nancy Pelosi"
    if len(span) > 2 and k >= 0 and doc[k].lower_ == "of" and span[0].whitespace_ \
            and span[1].is_alpha and no_forename(span[0]) and name_table().is_forename(span[1].text):
        return span[1:]
    return span


# Verbs that a title-case headline or slogan puts between names ("Trump Has Destroyed Our Democracy").
_AUXILIARIES = frozenset({"has", "have", "is", "are", "was", "were", "will", "would", "can", "could", "does", "did"})


def _titled(state: DocState, span: Span) -> bool:
    """The one-word name has an office or honorific right before it somewhere in the document ("President
    Trump"): a person, wherever else the word follows "at" ("lashed back at Trump")."""
    word = span.text
    if word not in state.titled:
        state.titled[word] = any(t.text == word and title_before(state, state.sdoc[t.i:t.i + 1])[0] < t.i
                                 for t in state.sdoc if t.text[:1] == word[:1])
    return state.titled[word]


def _person_extent(span: Span) -> Span:
    """A PERSON entity with NER's usual misses at its edges mended.

    "Boris Johnson's Brexit" ends at the possessive; "Moon Jae" gets the "-in" NER stopped before;
    "Donald Trump Trump" (text glued from a fold-out box) loses the repeat; a headline's "Obama Speaks" or
    "Obama Seek" its verb (a speech verb, or a word the tagger reads as a verb: "Jobs" and "Banks" stay),
    and "Will Obama ...?" its modal, "Echoing Cruz" its participle; "Ursula von der" the surname after its
    particles; "Crooked Hillary" the adjective of a nickname.
    """
    cut = next((t.i for t in span[1:] if t.text in POSSESSIVE), None)
    if cut is not None:
        span = span.doc[span.start:cut]
    if len(span) > 1 and span[0].tag_ == "MD":
        span = span[1:]  # a headline question "Will Obama Seek ...?": the modal verb is no given name
    while len(span) > 1 and span[0].is_stop and span[0].is_alpha and not name_table().is_forename(span[0].text):
        span = span[1:]  # "Once Obama took office": a sentence's opening word, not a given name
    if len(span) > 1 and opens_clause(span[0]) and _participle(span[0]):
        span = span[1:]  # "Echoing Cruz's attack, he said": a participle opening the sentence
    span = _with_hyphen_tail(span)
    while len(span) > 1 and span[-1].lower_ in SURNAME_PARTICLES and span.end < len(span.doc) \
            and span.doc[span.end].text[:1].isupper() and span.doc[span.end].is_alpha:
        span = span.doc[span.start:span.end + 1]  # "Ursula von der" + "Leyen": NER stopped at the particle
    if len(span) > 1 and span[0].text in _STATE_ABBREVIATIONS:
        span = span[1:]  # "... in Keene, N.H. Patrick then ...": the splitter missed the sentence end
    if _epithet(span):
        span = span[1:]  # "Crooked Hillary", "Sleepy Joe": a nickname's adjective before the given name
    verb = next((t.i for t in span[1:-1] if t.lower_ in _AUXILIARIES or _inflected_verb(t) or _verb_not_name(t)),
                None)
    if verb is not None:
        span = span.doc[span.start:verb]  # "Bernie Beats Trump", a slogan in title case: Bernie
    if len(span) > 2 and span[0].is_sent_start and span[0].whitespace_ and span[1].is_alpha and no_forename(span[0]):
        span = span[1:]  # "Driver Bubba Wallace said": a sentence's capital on a common noun
    span = _without_department(span)
    while len(span) > 1 and span[-1].text == span[-2].text:
        span = span[:-1]
    while len(span) > 1 and (_inflected_verb(span[-1]) or span[-1].tag_.startswith("VB") or span[-1].is_punct
                             or span[-1].lower_ in _TIME_WORDS):
        span = span[:-1]  # "Obama Speaks", "Obama Seek": a headline's verb; "Tsarnaev - got": the dash before it;
        # "President Trump Thursday": the day he acted
    return span


def _epithet(span: Span) -> bool:
    """An adjective before a given name, the shape of a political nickname ("Crooked Hillary", "Crazy Bernie"):
    the adjective is in the dictionary and no given name itself ("Young Kim" stays a name)."""
    if len(span) != 2 or not span[0].is_alpha:
        return False
    table = name_table()
    return span[0].lower_ in dictionary()[2] and not table.is_forename(span[0].text) \
        and not table.is_surname(span[0].text) and table.mostly_forename(span[1].text)


# US states as news style abbreviates them after a city ("Concord, N.H."), which NER may join to the name
# that opens the next sentence.
_STATE_ABBREVIATIONS = frozenset("""Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Kans. Ky. La.
Md. Mass. Mich. Minn. Mo. Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. R.I. S.C. S.D. Tenn.
Tex. Vt. Va. Wash. W.Va. Wis. Wyo. D.C.""".split())
_TIME_WORDS = WEEKDAYS | {"today", "tonight", "yesterday", "tomorrow"}


_HEADLINE_VERBS = SPEECH_VERBS | {"speak", "react"}


def _inflected_verb(tok: Token) -> bool:
    """A headline's speech verb ("Speaks", "Warns", "Responds"): an inflected verb of speaking that is
    never a noun, so no part of a name ("Rogers", "Banks" and "Jobs" are not speech verbs)."""
    word = tok.lower_
    nouns, _, _ = dictionary()
    if word in nouns or not word.endswith("s"):
        return False
    stems = {word[:-1], word[:-2]} if word.endswith("es") else {word[:-1]}
    return any(stem in _HEADLINE_VERBS and stem not in nouns for stem in stems)


def _participle(tok: Token) -> bool:
    """A dictionary verb's "-ing" form that the census lists as nobody's name ("Echoing", "Quoting"; not
    "Browning" or "Manning"), whatever the tagger calls it before a name."""
    word = tok.lower_
    if not word.endswith("ing") or len(word) < 6:
        return False
    stem = word[:-3]
    stems = {stem, stem + "e"} | ({stem[:-1]} if len(stem) > 2 and stem[-1] == stem[-2] else set())
    names = name_table()
    return bool(stems & dictionary()[1]) and not names.is_surname(word) and not names.is_forename(word)


def _verb_not_name(tok: Token) -> bool:
    """A title-case verb in the third person ("Beats" in the slogan "Bernie Beats Trump") that the census
    lists as nobody's name ("Banks", "Rogers" and "Jobs" are family names)."""
    word = tok.lower_
    _, verbs, _ = dictionary()
    names = name_table()
    return (tok.is_title and word.endswith("s") and word[:-1] in verbs
            and not names.is_surname(word) and not names.is_forename(word))


def _after_hyphen(tok: Token, span: Span) -> bool:
    """A word joined by a hyphen to a capitalised given name inside ``span``: the "un" of "Kim Jong-un".
    Not after the first word: "Bush-era" is no name."""
    doc = tok.doc
    return (tok.i - 2 > span.start and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_
            and not doc[tok.i - 2].whitespace_ and doc[tok.i - 2].text[:1].isupper())


def _with_hyphen_tail(span: Span) -> Span:
    """``span`` (a full name) extended over a hyphenated ending NER left out ("Moon Jae" + "-in")."""
    doc, end = span.doc, span.end
    if len(span) >= 2 and end + 1 < len(doc) and doc[end].text == "-" and not span[-1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        return doc[span.start:end + 2]
    return span


def _name_pair(span: Span) -> bool:
    """Two capitalised words joined by a hyphen ("Trump-Kim", "Ocasio-Cortez"): one name or two."""
    return (len(span) == 3 and span[1].text == "-" and not span[0].whitespace_ and not span[1].whitespace_
            and span[0].text[:1].isupper() and span[2].text[:1].isupper())


# -------------------------------------------------------------------------------- whom a span names


def add_person(state: DocState, span: Span) -> None:
    if not state.free(span.start_char, span.end_char):
        return
    key, name, kind = _resolve_name(state, span)
    start, office, country = title_before(state, span)
    if office is not None:
        state.bindings.append((country, office, key))
    national = country or nationality_before(state, span)
    if national is not None:
        state.nationals.add(national)  # "Russia's strongman Vladimir Putin": one of Russia's people
    if start < span.start:
        kind = "title"
    state.add(key, name, "person", state.sdoc[start].idx, span.end_char, kind)
    appositive_role(state, span, key)


def _other_bearer(state: DocState, span: Span, word: str, full_key: str) -> bool:
    """The surname ``word`` here belongs to someone other than the one full name the document gives it.

    A person the document introduces by kinship ("first lady Michelle Obama", "his wife, Jill Biden") has
    a relative of that surname, whom a bare or office-titled surname names ("President Obama", "Obama"); a
    title that fits the person ("Mrs. Obama") is still theirs. A gendered title that contradicts the sex
    of the full name's given name also proves a second bearer: "the late Mrs. Biden" beside Joe Biden, "Mr.
    Trump" (24 times) beside "first lady Melania Trump" (once). Such a mention is the other bearer's, and
    so is a bare or office-titled one when the document writes the contradicting title more often than it
    names the full name or gives it a fitting title. A generational suffix
    ("Donald Trump Jr.") marks a family with a second bearer: the bare surname is left to the corpus
    (:func:`manysides.extract.actor_merge._corpus_redirects`), which gives it to the one full name it has
    ("King" to Martin Luther King Jr.) or to a dominant one."""
    if full_key.rpartition(" ")[2] in _SUFFIXES:
        return True  # "Trump" beside "Donald Trump Jr." only: the son or his father, as the corpus decides
    introduced, kin = _introduction(state, full_key)
    sex = given_gender(state.full_names[full_key]) or introduced
    stated = honorific_gender(state.sdoc[span.start - 1].text) if span.start > 0 else None
    if kin:
        return stated is None or sex is None or stated != sex
    if sex is None:
        return False
    counts = state.title_sexes(word)
    other = counts.get("f" if sex == "m" else "m", 0)
    if not other:
        return False
    if stated is not None:
        return stated != sex
    named = sum(1 for f in state.found if f.key == full_key and f.mention.kind != "surname")
    return other > named + counts.get(sex, 0)


_KIN_NOUNS = frozenset("""lady wife husband widow widower son daughter mother father brother sister grandmother
grandfather""".split())


def _introduction(state: DocState, key: str) -> tuple[str | None, bool]:
    """What the word before a full name says where the document names that person: the sex it states
    ("first lady Melania Trump": "f", for a given name the census lists do not know), and whether it is a
    kinship ("wife", "son"), which means a relative of the same surname."""
    if key in state.introductions:
        return state.introductions[key]
    sex, kin = None, False
    for found in state.found:
        if found.key == key and found.mention.kind != "surname":
            before = state.document.text[max(0, found.mention.start - 24):found.mention.start].split()
            word = before[-1].strip(",").lower() if before else ""
            sex = sex or noun_gender(word)
            kin = kin or word in _KIN_NOUNS
    state.introductions[key] = (sex, kin)  # full names are all found before any surname is resolved
    return sex, kin


def _titled_as(state: DocState, keys: Sequence[str], title: str) -> list[str]:
    """The people among ``keys`` whose full name the document prints after this title or office word."""
    if not (state.gaz.honorific(title) or state.gaz.office(title)):
        return []
    word = title.rstrip(".").lower()
    return [k for k in keys if any(f.key == k and f.mention.kind == "title"
                                   and f.mention.text.split()[0].rstrip(".").lower() == word for f in state.found)]


def _resolve_name(state: DocState, span: Span) -> tuple[str, str, str]:
    """Key, display name and mention kind for a person span; a surname takes the document's full name."""
    particle = _particle_surname(span)
    if particle:
        matches = [k for k, display in state.full_names.items() if short_name(k, display) == particle]
        if len(matches) == 1:
            return matches[0], state.full_names[matches[0]], "surname"
    if len(span) > 1:
        printed = display_name(span.text)
        nicknamed = split_printed(printed)  # Lewis "Scooter" Libby is keyed Lewis Libby
        formal = nicknamed.formal if nicknamed else printed
        key = person_key(formal)
        given, initials = key.split(":")[1].split(" ")[0], middle_letters(formal)
        words = key.removeprefix("person:").split(" ")
        if len(words) == 2 and words[1] in _SUFFIXES:  # "Trump Jr" or "Don Jr." once "Donald Trump Jr." is named
            surname_matches = [k for k in state.full_names if k != key and k.endswith(" " + words[1]) and (
                k.endswith(" " + " ".join(words)) or same_given_name(k.split(":")[1].split(" ")[0], given))]
        else:
            surname_matches = [k for k, display in state.full_names.items() if k.split(" ")[-1] == words[-1]
                               and (same_given_name(k.split(":")[1].split(" ")[0], given)
                                    or state.nicknames.get(given) == k)  # "Scooter Libby"
                               and not (initials and middle_letters(display) not in ("", initials))]
        key = surname_matches[0] if len(surname_matches) == 1 else key
        if nicknamed:
            state.nicknames[nicknamed.nickname.lower()] = key
            state.nicknamed.setdefault(key, nicknamed)
        if key not in state.full_names or state.full_names[key].isupper():
            state.full_names[key] = printed  # a transcript's "ALAN DERSHOWITZ:" until the text prints the name
        return key, state.full_names[key], "name"
    word = fold(norm(span.text)).lower()
    matches = [k for k, display in state.full_names.items() if short_name(k, display) == word]
    matches = without_juniors(matches)
    stated = honorific_gender(state.sdoc[span.start - 1].text) if span.start > 0 else None
    if len(matches) > 1 and stated is not None:
        fitting = [k for k in matches if (given_gender(state.full_names[k]) or _introduction(state, k)[0]) == stated]
        if len(fitting) == 1:  # "Mrs. Trump" beside Donald and Melania Trump; the bare "Trump" stays open
            return fitting[0], state.full_names[fitting[0]], "surname"
    if len(matches) > 1 and span.start > 0:
        fitting = _titled_as(state, matches, state.sdoc[span.start - 1].text)
        if len(fitting) == 1:  # "Dr. Breen" beside "Dr. Lorna Breen" and her father, Philip Breen
            return fitting[0], state.full_names[fitting[0]], "surname"
    if len(matches) == 1 and _other_bearer(state, span, word, matches[0]):
        return "person:" + word, display_name(span.text), "surname"
    if len(matches) == 1:
        return matches[0], state.full_names[matches[0]], "surname"
    if not matches and word in state.nicknames:  # "Beto" after Robert Francis "Beto" O'Rourke
        return state.nicknames[word], state.full_names[state.nicknames[word]], "first_name"
    if not matches:
        # "Otto" after "Otto Warmbier" and "Fred Warmbier": news uses first names where a family shares
        # the surname, and for children and victims; one full name with that first name is the person.
        first = [k for k, display in state.full_names.items()
                 if not family_name(display) and k.split(":")[1].split(" ")[0] == word]
        if len(first) == 1:
            return first[0], state.full_names[first[0]], "first_name"
    return "person:" + word, display_name(span.text), "surname"


def _particle_surname(span: Span) -> str | None:
    """"van drew" for the two-word span "Van Drew": a surname with its particle, not a first name and surname."""
    words = [norm(t.text).lower() for t in span]
    if len(words) >= 2 and all(w in SURNAME_PARTICLES for w in words[:-1]):
        return " ".join(words)
    return None
