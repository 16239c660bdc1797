"""Who did what: the actor actions a claim unit asserts, as keys that match across sources.

Two outlets rarely word a claim alike: "Roger Stone was arrested by the FBI at his home" and "Stone
was arrested in Fort Lauderdale, the special counsel's office said" score low as sentence pairs,
yet both assert the same event. What they share is an *action*: one actor (resolved by
:mod:`manysides.extract.actors`, so "Stone" and "Roger Stone" are one), one content verb, the same
polarity, and no conflicting object. Such a key is written
``"<actor id>|<aspect>|<verb>|<object>|<+ or ->"`` (``"d1:a3||arrest~pass||+"``; the aspect is the
noun an actor modifies as subject: "Russia's economy" gives ``economy``; ``~pass`` marks an actor
that undergoes the action); :func:`manysides.pipeline.combine` rewrites the document-level actor ids to
corpus ids, and :mod:`manysides.compare.align` links units that share a key.

What is left out, because it matched different claims too often when checked on AllSides stories:

* light and reporting verbs ("be", "have", "make", "say", "suggest" ...): the object, not the verb,
  carries what they assert;
* subjects that are not actors ("the story was updated", "the government shut down") and pronouns
  (there is no coreference model);
* clauses that assert nothing: conditionals ("if a ceasefire was not agreed"), indirect
  questions ("why Stone would lie"), open objects ("what WikiLeaks would release") and intended or
  expected actions ("is expected to release", "threatened to sue"; "continues to advance" counts),
  modal ones ("could be released", "may have lied"), those under a negated or denying verb
  ("no longer believes Obama was born abroad", "denied that Stone lied") and demanded ones ("demanded
  that Congress extend the ceiling").

One claim has no actor and is still the same in every wording: that talks produced no outcome. "No
formal agreement was reached", "the meeting ended without any concrete results" and "neither a
ceasefire nor any other agreement was announced" all give the key ``"*||outcome|agreement|-"``
(:data:`EVENT` stands for the reported event; see :func:`outcome_keys`).

Two verb classes are one action in every wording: gaining ground (:data:`ADVANCE`) and turning one's
attention or means toward another party (:data:`FOCUS`, whose object is that party's key, so
"Washington redirected funds to the standoff with Tehran" and "the US is prioritising Iran" match).

The end of a state is one claim whoever or whatever ends it: "the ban was lifted", "the Pentagon ended
its ban" and "the visit dismantled that isolation" / "an end to years of attempts to isolate Ravel" give
``"*|<party>|end|<state>|+"`` (see :func:`ended_state_keys`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from manysides.extract.gazetteer import gazetteer
from manysides.extract.roles import binding_of
from manysides.model import Actor

# Verbs whose meaning sits in their complement, plus the speech verbs that only report.
LIGHT_VERBS = frozenset("""
be have do make take get go come give seem become continue begin start keep let put use include remain
appear want need try know think see look find call ask show help hold mean like leave bring set feel expect
hope believe plan allow say tell comment add note state declare explain write report argue claim insist
warn remark respond reply announce acknowledge confirm deny suggest describe refer speak mention""".split())
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
OBJECT_DEPS = frozenset({"dobj", "attr", "oprd"})
UNASSERTED_MARKS = frozenset({"if", "unless", "whether", "lest"})
QUESTION_WORDS = frozenset({"why", "how", "whether"})
OPEN_WORDS = frozenset({"what", "whatever"})  # "what WikiLeaks would release": the thing is left open
# "Russia continues to advance" asserts an advance; "is expected to release", "plans to sue" do not.
ASPECTUAL_VERBS = frozenset({"continue", "keep", "begin", "start", "resume", "manage"})
# "Whitlock could be released", "Manafort may have lied": possible, not asserted ("will" is asserted).
MODALS = frozenset({"could", "would", "might", "may", "should", "can", "must", "ought"})
# "denied that Stone lied": the clause under such a verb is what someone rejects.
DENIAL_VERBS = frozenset({"deny", "doubt", "dispute", "question", "reject", "refute", "dismiss"})
# "demanded that Congress extend the ceiling", "would prefer that the president focus on ...": a bare verb
# under one of these is what someone wants done (a subjunctive), not what was done.
MANDATIVE_VERBS = frozenset("""demand insist prefer urge recommend propose request require ask suggest wish
order command mandate""".split())
# Prepositions whose noun completes an intransitive verb's meaning ("struggled with", "fought over").
ARGUMENT_PREPOSITIONS = frozenset({"with", "against", "over", "about"})
PASSIVE = "~pass"  # "Assad was accused by the White House" is not "Assad accused the White House"
MAX_CLIMB = 4  # clause levels searched upward for a subject or a conditional marker
EVENT = "*"  # the actor of an outcome key: the event the story reports, not a named party
# What talks, summits and negotiations are reported to produce or not: one class in every wording.
OUTCOME_NOUNS = frozenset("""agreement deal accord ceasefire truce armistice breakthrough settlement compromise
treaty pact result consensus""".split())
# Verbs that bring an outcome about ("reached no deal", "no ceasefire was announced").
OUTCOME_VERBS = frozenset("""reach produce yield result achieve secure strike sign announce agree conclude clinch
seal broker forge deliver emerge report come""".split())
# Verbs of a meeting ending, which "without" an outcome denies it ("the talks ended without a deal").
ENDING_VERBS = frozenset("end conclude finish close wrap break adjourn walk stall collapse".split())
NO_OUTCOME = f"{EVENT}||outcome|agreement|-"
# Gaining ground is one action in every wording ("forces are advancing", "gained ground", "seized more
# territory", "took control of more land", "made gains"): all give the verb ``advance`` with no object.
ADVANCE = "advance"
GROUND_NOUNS = frozenset({"territory", "ground", "land"})
GAIN_VERBS = frozenset({"gain", "take", "seize", "capture", "grab", "win", "wrest"})
GAIN_NOUNS = frozenset({"gain", "inroad"})  # "made gains", "made inroads" ("made advances" may be sexual)
# Turning one's attention or means toward another party is one action in every wording ("Canberra would
# redirect its patrol budget to the dispute with Indonesia", "Australia is prioritising deterring clashes with
# Indonesia"): these verbs give the verb ``focus`` and, as object, the key of the party named in their phrase.
# Without such a party they give no key, as light verbs do ("Republicans will focus on turnout" and
# "Republicans focused on the debt" are not one action).
FOCUS = "focus"
FOCUS_VERBS = frozenset("""focus refocus concentrate prioritize prioritise pivot reallocate redirect
divert""".split())
# Clauses of their own inside a focus verb's phrase: a party named there is not what the focus is on.
_OWN_CLAUSES = frozenset({"relcl", "advcl", "ccomp", "conj", "parataxis", "acl"})
# The end of a state (an isolation, a blockade, a ban) is one claim whoever or whatever ends it: "the visit
# dismantled that isolation" and "the summit marked an end to years of attempts to isolate Ravel" both give
# ``"*|<Ravel's key>|end|isolation|+"`` (the aspect holds the party in that state where one is named).
ENDED = "end"
ENDED_POSTING = f"{EVENT}|{ENDED}|+"  # what the keys of one state's asserted end share (see action_posting)
STATE_ENDING_VERBS = frozenset("end dismantle lift terminate scrap abolish".split())
# "Lift" ends only a restriction: "lifted the ban", not "lifted the fortunes of GOP candidates" or "lifted shares".
LIFTED_NOUNS = frozenset("""ban sanction embargo blockade restriction order curfew mandate moratorium siege
suspension freeze cap limit lockdown emergency quarantine veto hold tariff""".split())
# Verbs whose object "an end to X" or "the end of X" asserts that X ended ("brought an end to the blockade").
END_MARKING_VERBS = frozenset("mark bring put signal spell herald represent".split())
TIME_MARKS = frozenset({"once", "after", "until", "when", "before", "till"})
# Nouns between an ending and the state it ends: "an end to years of attempts to isolate him" ends an isolation.
STATE_FRAMES = frozenset("""year decade month week era period chapter attempt effort campaign policy bid drive
state crop series string number wave""".split())
# What a cause does to a party is one claim in every wording: "Russia, which has long been hampered by sanctions",
# "the embargo caused real hardship for Russia" and "the Russian president found the war costly because of
# sanctions" give ``"*|state:RUS|hurt|sanction|+"``; "Russia's economy has recovered under sanctions" and
# "sanctions have not crippled Russia" give ``"*|state:RUS|recover|sanction|+"`` (see :func:`effect_keys`).
HURT, RECOVER = "hurt", "recover"
EFFECT_POSTINGS = frozenset({f"{EVENT}|{HURT}|+", f"{EVENT}|{RECOVER}|+"})  # see action_posting
HARM_WORDS = frozenset("""hurt hamper cripple damage weaken strain squeeze batter burden burdensome devastate hobble
undermine ravage choke drain suffer struggle costly painful""".split())
HARM_NOUNS = frozenset("strain damage hardship pain harm toll burden difficulty".split())  # "caused strain for"
CAUSING_VERBS = frozenset("cause inflict bring impose put take".split())
RECOVERY_VERBS = frozenset("recover rebound withstand weather thrive adapt survive".split())
CAUSAL_PREPOSITIONS = frozenset({"due", "because", "owing", "from"})  # "due to", "because of", "suffered from"
CONCESSIVE_PREPOSITIONS = frozenset({"despite", "under", "notwithstanding"})
CAUSE_FRAMES = STATE_FRAMES | {"round", "package", "set", "raft", "layer", "kind", "type", "effect", "impact"}
EXPERIENCER_VERBS = frozenset({"find", "consider"})  # "has found the war burdensome": the finder bears it
# Offices whose holder's burdens are their state's ("the Russian president found the war burdensome").
LEADING_OFFICES = frozenset({"president", "prime minister", "chancellor", "king", "queen", "emperor", "emir",
                             "sultan", "supreme leader", "leader"})


def _asserted(verb: Token) -> bool:
    """Whether the text asserts the verb's action (what does not count: see the module docstring).

    Markers on the verb itself (an open object, a modal, an infinitive under a non-aspectual verb) and
    on the clauses above it (a conditional or question word, a negated or denying verb) both count.
    """
    if any(child.lower_ in OPEN_WORDS for child in verb.children):
        return False
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() not in ASPECTUAL_VERBS:
        return False
    if verb.dep_ in {"acl", "relcl"} and verb.head.pos_ == "NOUN" \
            and any(child.dep_ == "aux" and child.lower_ == "to" for child in verb.children):
        return False  # "the moment for the board to act", "a plan to cut taxes": named, not done
    if any(child.dep_ == "aux" and child.lower_ in MODALS for child in verb.children):
        return False
    node = verb
    for _ in range(MAX_CLIMB):
        for child in node.children:
            if child.dep_ == "mark" and child.lower_ in UNASSERTED_MARKS:
                return False
            if child.dep_ == "advmod" and child.lower_ in QUESTION_WORDS and child.i < node.i:
                return False
        if node is not verb and (_negated(node) or node.lemma_.lower() in DENIAL_VERBS):
            return False  # "he no longer believes Obama was born abroad", "denied that Stone lied"
        if _subjunctive(node):
            return False
        if node.head is node or node.dep_ == "ROOT":
            return True
        node = node.head
    return True


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or the one it shares with the verb it completes ("Russia continues to advance")."""
    node = verb
    for _ in range(MAX_CLIMB):
        for child in node.children:
            if child.dep_ in SUBJECT_DEPS:
                # "Russia, which has long been hampered by sanctions": the relative pronoun stands for Russia.
                return node.head if child.tag_ in {"WDT", "WP"} and node.dep_ == "relcl" else child
        if node.dep_ not in {"xcomp", "conj"} or node.head is node:
            return None
        node = node.head
    return None


def _subjunctive(verb: Token) -> bool:
    """A bare verb with no auxiliary and a singular subject, in a clause under a verb of demanding or
    preferring ("demanded that Congress extend"). After a plural subject the bare form is also the present
    tense ("insisted that the comments reflect ..." asserts), so that is left asserted."""
    # The tagger calls the bare form VB or VBP; after a singular subject either is the subjunctive.
    if verb.dep_ != "ccomp" or verb.tag_ not in {"VB", "VBP"} or verb.head.lemma_.lower() not in MANDATIVE_VERBS:
        return False
    if any(child.dep_ in {"aux", "auxpass"} for child in verb.children):
        return False
    subject = next((child for child in verb.children if child.dep_ in SUBJECT_DEPS), None)
    return subject is not None and (subject.tag_ in {"NN", "NNP"} or subject.lower_ in {"he", "she", "it"})


def _negated(verb: Token) -> bool:
    """A "not", "never" or "no longer" on the verb itself."""
    return any(child.dep_ == "neg" or child.lower_ in {"never", "cannot"}
               or (child.lower_ == "longer" and any(g.lower_ == "no" for g in child.children))
               for child in verb.children)


def _object(verb: Token) -> str:
    """What the action is done to: a noun object ("denied the report": ``report``); without one, a verb's
    complement that says what it was about: an infinitive ("struggled to offer": ``to:offer``) or an argument
    preposition's noun ("struggled with voters": ``with:voter``). Two such complements that differ make two
    actions; where- and when- phrases ("arrested at his home", "in Fort Lauderdale") are left out."""
    for child in verb.children:
        if child.dep_ in OBJECT_DEPS and child.pos_ in {"NOUN", "PROPN"}:
            return child.lemma_.lower()
    for child in verb.children:  # the parser reads "struggled ... to explain" as xcomp or as advcl
        if child.dep_ in ("xcomp", "advcl") and child.pos_ == "VERB" and child.i > verb.i \
                and any(g.lower_ == "to" and g.i < child.i for g in child.children):
            return "to:" + child.lemma_.lower()
    for child in verb.children:
        if child.i <= verb.i or not all(t.pos_ in {"ADV", "PART", "AUX"} for t in verb.doc[verb.i + 1:child.i]):
            continue  # a preposition right after the verb: ", with oil exports back" is a circumstance
        if child.dep_ == "prep" and child.lower_ in ARGUMENT_PREPOSITIONS:
            noun = next((g for g in child.children if g.dep_ == "pobj" and g.pos_ in {"NOUN", "PROPN"}), None)
            if noun is not None:
                return f"{child.lower_}:{noun.lemma_.lower()}"
    return ""


class ActorIndex:
    """Which actor a token names: the document's actor mentions, then known demonym adjectives.

    "Russian forces are advancing" is an action of Russia: a demonym adjective on the subject stands
    for its state when the document names that state as an actor. Places are settings, not actors
    ("the former Port Ellery mayor was arrested" is no action of Port Ellery).
    """

    def __init__(self, actors: Sequence[Actor]) -> None:
        self._by_char: dict[int, str] = {}
        self._by_key: dict[str, str] = {}
        self._key_of: dict[str, str] = {}
        self._people: dict[str, Actor] = {}
        self._led: dict[str, str | None] = {}  # person id -> key of the state that person leads (on demand)
        self._gazetteer = gazetteer()
        for actor in actors:
            if actor.kind == "place":
                continue
            self._by_key.setdefault(actor.key, actor.id)
            self._key_of[actor.id] = actor.key
            if actor.kind == "person":
                self._people[actor.id] = actor
            for mention in actor.mentions:
                for char in range(mention.start, mention.end):
                    self._by_char.setdefault(char, actor.id)

    def _state_led_by(self, person: Actor) -> str | None:
        """The state whose leading office a title of ``person`` names ("Russian President": ``state:RUS``)."""
        for alias in person.aliases:
            country, office = binding_of(alias, self._gazetteer)
            if country is not None and office in LEADING_OFFICES:
                return country
        return None

    def actor_of(self, token: Token) -> str | None:
        found = self._by_char.get(token.idx)
        if found is not None or token.pos_ not in {"ADJ", "PROPN"} or not token.text[:1].isupper():
            return found
        alias = self._gazetteer.lookup(token.text)
        if alias is None:
            return None
        prefix, _, code = alias.entry.key.partition(":")
        state = f"state:{code}" if prefix == "demonym" else alias.entry.key  # "Russian" -> Russia
        return self._by_key.get(state, self._by_key.get(alias.entry.key))

    def subject_actor(self, subject: Token | None) -> tuple[str, str] | None:
        """``(actor id, aspect)`` of a subject: "Russia" -> (Russia, ""), "Russia's economy" -> (Russia, "economy").

        The aspect keeps "Russia's economy recovered" and "Russian forces were weakened" apart while
        either still meets a plain "Russia ..." (see :func:`same_action`).
        """
        if subject is None or subject.pos_ == "PRON":
            return None
        found = self.actor_of(subject)
        if found is not None:
            return found, ""
        for token in subject.children:
            if token.dep_ in {"compound", "amod", "poss"} and (found := self.actor_of(token)) is not None:
                return found, subject.lemma_.lower() if subject.pos_ == "NOUN" else ""
        return None

    def key_of(self, actor_id: str) -> str:
        """The document-independent key of an actor this index holds ("state:CHN")."""
        return self._key_of[actor_id]

    def party_key(self, token: Token | None) -> str | None:
        """The key of the party that bears what befalls ``token``'s actor: the state, for one who leads it."""
        found = self.subject_actor(token)
        if found is None:
            return None
        actor = found[0]
        if actor in self._people and actor not in self._led:
            self._led[actor] = self._state_led_by(self._people[actor])
        return self._led.get(actor) or self._key_of[actor]


def action_keys(span: SpacySpan, actors: ActorIndex) -> list[str]:
    """Every asserted ``actor|aspect|verb|object|polarity`` key in ``span``, in text order, no repeats,
    then the outcome key (:func:`outcome_keys`) if the span denies an outcome."""
    keys: dict[str, None] = {}
    for token in span:
        if token.pos_ != "VERB" or not token.is_alpha:
            continue
        lemma, thing = _verb_and_object(token)
        if lemma in LIGHT_VERBS or not _asserted(token):
            continue
        subject = actors.subject_actor(_subject(token))
        if subject is not None:
            actor, aspect = subject
            if lemma in FOCUS_VERBS:  # its meaning is the party it turns to: without one it asserts nothing
                target = _focus_target(token, actor, actors)
                if target is None:
                    continue
                lemma, thing = FOCUS, target
            passive = any(child.dep_ in {"auxpass", "nsubjpass"} for child in token.children)
            verb = lemma + PASSIVE if passive else lemma
            keys[f"{actor}|{aspect}|{verb}|{thing}|{'-' if _negated(token) else '+'}"] = None
    return [*keys, *ended_state_keys(span, actors), *effect_keys(span, actors), *outcome_keys(span)]


def _verb_and_object(verb: Token) -> tuple[str, str]:
    """The verb's lemma and :func:`_object`, with a gain of ground read as :data:`ADVANCE` (no object)."""
    lemma, thing = verb.lemma_.lower(), _object(verb)
    # "took control of more territory": the parser hangs "of ..." on the object or on the verb
    of_ground = thing == "control" and any(
        prep.lower_ == "of" and any(noun.lemma_.lower() in GROUND_NOUNS for noun in prep.children)
        for prep in (*verb.children, *(g for c in verb.children if c.dep_ in OBJECT_DEPS for g in c.children)))
    gained = lemma in GAIN_VERBS and (thing in GROUND_NOUNS or of_ground)
    if gained or (lemma == "make" and thing in GAIN_NOUNS):
        return ADVANCE, ""
    return lemma, thing


def _focus_target(verb: Token, actor: str, actors: ActorIndex) -> str | None:
    """The key of the first other party named in a focus verb's phrase ("redirect frigates to the Timor
    Sea for the standoff with Indonesia": Indonesia; a place is a setting, not a party), or ``None``.
    Subjects and clauses of their own are not searched."""
    stack = [child for child in reversed(list(verb.children))
             if child.dep_ not in SUBJECT_DEPS and child.dep_ not in _OWN_CLAUSES]
    while stack:
        token = stack.pop()
        found = actors.actor_of(token)
        if found is not None and found != actor:
            return actors.key_of(found)
        stack.extend(child for child in reversed(list(token.children)) if child.dep_ not in _OWN_CLAUSES)
    return None


def ended_state_keys(span: SpacySpan, actors: ActorIndex) -> list[str]:
    """``"*|<party>|end|<state>|<sign>"`` for each state that ``span`` asserts was ended, whatever ends it.

    Counted: a noun object of an ending verb ("dismantled that isolation", "the ban was lifted") and an
    "end to" or "end of" that a marking verb takes as object ("marked an end to years of attempts to isolate
    Ravel"); frames such as "years of attempts to" are looked through, and a verb there names the state
    ("isolate": ``isolation``). Not counted: what is not asserted ("could end the blockade", "called for an
    end to the war": :func:`_asserted`, and "call" is no marking verb), and a state that ends by itself
    ("the strike ended"), which as often means a meeting or a term as a state.
    """
    keys: dict[str, None] = {}
    for token in span:
        if token.pos_ != "VERB" or not _finite(token) or not _asserted(token) or _awaited(token) \
                or any(child.dep_ == "prt" for child in token.children):  # "ended up", "lifted up"
            continue
        lemma = token.lemma_.lower()
        if lemma in STATE_ENDING_VERBS:
            ended = [child for child in token.children if child.dep_ in {"dobj", "nsubjpass"} and child.pos_ == "NOUN"]
            ended = ended or _object_read_as_subject(token)
        elif lemma in END_MARKING_VERBS:
            ended = [of.children for child in token.children
                     if child.dep_ in {"dobj", "attr"} and child.lemma_.lower() == ENDED
                     for of in child.children if of.dep_ == "prep" and of.lower_ in {"to", "of"}]
            ended = [noun for nouns in ended for noun in nouns if noun.dep_ == "pobj"]
        else:
            continue
        sign = "-" if _negated(token) else "+"
        for noun in ended:
            state = _ended_state(noun, actors)
            if state is not None and (lemma != "lift" or state[0] in LIFTED_NOUNS):
                keys[f"{EVENT}|{state[1]}|{ENDED}|{state[0]}|{sign}"] = None
    return list(keys)


def effect_keys(span: SpacySpan, actors: ActorIndex) -> list[str]:
    """``"*|<party>|hurt|<cause>|+"`` for each harm ``span`` asserts a cause did to a party, and
    ``"*|<party>|recover|<cause>|+"`` for each it asserts the party withstood.

    Counted: a harm word with its cause as agent ("hampered by sanctions"), after a causal preposition
    ("burdensome due to sanctions", "suffered from the drought") or as subject with the party as object
    ("sanctions crippled Russia's economy"); a causing verb with a harm noun ("caused strain for Russia",
    "took a toll on farmers"); a recovery verb with the cause after "despite" or "under" ("recovered after
    two years under sanctions"). A denied harm is a recovery ("sanctions have not crippled Russia") and a
    denied recovery a harm. The party must be an actor (whoever holds a state's leading office stands for
    the state: :data:`LEADING_OFFICES`); the cause must be a common noun that names none. What is not
    asserted (:func:`_asserted`: "sanctions could hurt Russia") gives nothing.
    """
    keys: dict[str, None] = {}
    for token in span:
        lemma = token.lemma_.lower()
        if lemma in HARM_WORDS:
            found = _harm(token, actors)
        elif lemma in CAUSING_VERBS and token.pos_ == "VERB":
            found = _caused_harm(token, actors)
        elif lemma in RECOVERY_VERBS and token.pos_ == "VERB":
            found = _recovery(token, actors)
        else:
            continue
        if found is None or not _asserted(token):
            continue
        party, causes, effect = found
        for cause in causes:
            keys[f"{EVENT}|{party}|{effect}|{cause}|+"] = None
    return list(keys)


Effect = tuple[str, list[str], str]  # (party key, cause lemmas, HURT or RECOVER)


def _harm(word: Token, actors: ActorIndex) -> Effect | None:
    """What a harm word says: the one who bears it is the subject ("Russia was hampered by"), the finder
    ("found the war burdensome due to"), or with a cause as subject, the object ("sanctions hurt Russia")."""
    holder = word.head if word.dep_ in {"ccomp", "xcomp", "oprd", "acomp"} \
        and word.head.lemma_.lower() in EXPERIENCER_VERBS else word
    causes = _causes(word) or (_causes(holder) if holder is not word else [])
    if causes:
        party = actors.party_key(_subject(holder))
    else:  # "sanctions crippled Russia's economy"
        subject = _subject(word)
        causes = [subject] if subject is not None and word.pos_ == "VERB" else []
        party = actors.party_key(next((c for c in word.children if c.dep_ == "dobj"), None))
    causes = _cause_nouns(causes, actors)
    if party is None or not causes:
        return None
    return party, causes, RECOVER if _negated(word) or _negated(holder) else HURT


def _caused_harm(verb: Token, actors: ActorIndex) -> Effect | None:
    """"The embargo caused real hardship for Iran", "the drought took a toll on Chile"."""
    harm = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in HARM_NOUNS), None)
    subject = _subject(verb)
    if harm is None or subject is None:
        return None
    party = next((actors.party_key(g) for node in (harm, verb) for child in node.children
                  if child.dep_ == "prep" and child.lower_ in {"for", "to", "on"}
                  for g in child.children if g.dep_ == "pobj"), None)
    causes = _cause_nouns([subject], actors)
    if party is None or not causes:
        return None
    return party, causes, RECOVER if _negated(verb) else HURT


def _recovery(verb: Token, actors: ActorIndex) -> Effect | None:
    """"Russia's economy has recovered after two years under sanctions", "thrived despite the tariffs"."""
    party = actors.party_key(_subject(verb))
    causes = _cause_nouns([noun for prep in _prepositions(verb) if prep.lower_ in CONCESSIVE_PREPOSITIONS
                           for noun in _objects_of(prep)], actors)
    if party is None or not causes:
        return None
    return party, causes, HURT if _negated(verb) else RECOVER


def _prepositions(node: Token) -> list[Token]:
    """The prepositions on ``node`` and, one level down, on their objects ("after two years under ...")."""
    found = [child for child in node.children if child.dep_ in {"prep", "agent"}]
    return found + [prep for outer in found for noun in _objects_of(outer) for prep in noun.children
                    if prep.dep_ == "prep"]


def _objects_of(prep: Token) -> list[Token]:
    """A preposition's objects, through a second word ("due to", "because of") and over conjuncts."""
    nouns = [g for g in prep.children if g.dep_ == "pobj"]
    nouns += [n for g in prep.children if g.dep_ in {"pcomp", "prep"} for n in g.children if n.dep_ == "pobj"]
    return nouns + [c for noun in nouns for c in noun.conjuncts]


def _causes(word: Token) -> list[Token]:
    """The nouns after a harm word's agent "by" or causal preposition."""
    return [noun for prep in word.children
            if prep.dep_ == "agent" or (prep.dep_ == "prep" and prep.lower_ in CAUSAL_PREPOSITIONS)
            for noun in _objects_of(prep)]


def _cause_nouns(tokens: Sequence[Token], actors: ActorIndex) -> list[str]:
    """The lemmas of the common nouns among ``tokens`` that name no actor, in order, no repeats; a frame is
    looked through to what it holds ("despite years of sanctions", "a new round of tariffs")."""
    found: dict[str, None] = {}
    for token in tokens:
        for _ in range(MAX_CLIMB):
            inner = next((g for child in token.children if child.dep_ == "prep" and child.lower_ == "of"
                          for g in child.children if g.dep_ == "pobj"), None)
            if token.lemma_.lower() not in CAUSE_FRAMES or inner is None:
                break
            token = inner
        if token.pos_ == "NOUN" and token.lemma_.lower() not in CAUSE_FRAMES and actors.actor_of(token) is None:
            found[token.lemma_.lower()] = None
    return list(found)


def _finite(verb: Token) -> bool:
    """A verb that heads a clause of its own, with a tense or an auxiliary, as has the first of the verbs it
    is joined to: "the prospects of ending the blockade" and "a deal would reopen the port, end the blockade"
    state no end."""
    first = verb
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    return all(node.tag_ in {"VBD", "VBZ", "VBP"} or any(child.dep_ in {"aux", "auxpass"} and child.lower_ != "to"
                                                          for child in node.children)
               for node in (verb, first)) and _asserted(first)


def _awaited(verb: Token) -> bool:
    """An end in a clause of time in the present tense, which speaks of the future: "once the curfew is
    lifted", "even after the orders are lifted"."""
    present = verb.tag_ in {"VBZ", "VBP"} or any(child.dep_ == "auxpass" and child.tag_ in {"VBZ", "VBP"}
                                                   for child in verb.children)
    clauses = [verb]
    while clauses[-1].dep_ == "conj" and clauses[-1].head is not clauses[-1]:  # "once X is done and Y lifted"
        clauses.append(clauses[-1].head)
    return present and any(child.dep_ == "mark" and child.lower_ in TIME_MARKS
                           for clause in clauses for child in clause.children)


def _object_read_as_subject(verb: Token) -> list[Token]:
    """The noun right after a verb that takes no clause, which the parser made the subject of a clause it
    hung on the verb ("dismantled that isolation, revealing a desire – or sheer need – to negotiate":
    *isolation* as the subject of *revealing*)."""
    return [noun for clause in verb.children if clause.dep_ in {"ccomp", "advcl"} for noun in clause.children
            if noun.dep_ == "nsubj" and noun.pos_ == "NOUN" and verb.i < noun.i <= verb.i + 3
            and all(t.pos_ in {"DET", "SCONJ", "ADJ"} for t in verb.doc[verb.i + 1:noun.i])]


def _ended_state(noun: Token, actors: ActorIndex) -> tuple[str, str] | None:
    """``(state, key of the party in it or "")`` for the noun an ending applies to, through
    :data:`STATE_FRAMES`; ``None`` when the noun names an actor or the frame leads nowhere."""
    for _ in range(MAX_CLIMB):
        if noun.lemma_.lower() not in STATE_FRAMES:
            break
        inner = next((g for child in noun.children if child.dep_ == "prep" and child.lower_ == "of"
                      for g in child.children if g.dep_ == "pobj"), None)
        if inner is None:  # "attempts to isolate Ravel": the verb names the state, its object the party
            verb = next((child for child in noun.children if child.dep_ in {"acl", "xcomp"} and child.pos_ == "VERB"
                         and any(g.lower_ == "to" for g in child.children)), None)
            if verb is None:
                return None
            party = next((actors.actor_of(child) for child in verb.children if child.dep_ == "dobj"), None)
            return _state_of_verb(verb.lemma_.lower()), actors.key_of(party) if party is not None else ""
        noun = inner
    if noun.lemma_.lower() in STATE_FRAMES or actors.actor_of(noun) is not None:
        return None
    party = next((found for child in noun.children if child.dep_ in {"poss", "compound", "amod"}
                  and (found := actors.actor_of(child)) is not None), None)
    if party is None:  # "the isolation of Ravel"
        party = next((found for child in noun.children if child.dep_ == "prep" and child.lower_ == "of"
                      for g in child.children if (found := actors.actor_of(g)) is not None), None)
    return noun.lemma_.lower().replace("isation", "ization"), actors.key_of(party) if party is not None else ""


def _state_of_verb(lemma: str) -> str:
    """The noun of the state a verb brings about, where English forms it regularly: "isolate" gives
    ``isolation``, "marginalise" ``marginalization``; other verbs are kept ("blockade", "ban")."""
    if lemma.endswith(("ize", "ise")) and len(lemma) > 5:
        return lemma[:-3] + "ization"
    if lemma.endswith("ate") and len(lemma) > 5:
        return lemma[:-1] + "ion"
    return lemma


def outcome_keys(span: SpacySpan) -> list[str]:
    """``[NO_OUTCOME]`` when ``span`` asserts that no agreement, deal, ceasefire ... came about, else ``[]``.

    Counted: a denied outcome noun as subject or object of an outcome verb ("no formal agreement was
    reached", "did not reach a deal", "failed to produce a deal", "there was no breakthrough") and
    "without" one after a verb of ending ("ended without any concrete results"). Not counted: what is
    not asserted (see :func:`_asserted`: "if no deal is reached", "may not have resulted in a deal")
    and "without a deal" as a condition ("without a deal, tariffs will rise"). Outcomes that did come
    about have actors, and are actor actions.
    """
    return [NO_OUTCOME] if any(_denied_outcome(token) for token in span) else []


def _denied_outcome(noun: Token) -> bool:
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in OUTCOME_NOUNS:
        return False
    first = noun
    while first.dep_ == "conj" and first.head is not first:  # "neither a ceasefire nor any agreement"
        first = first.head
    denied = any(child.lower_ in {"no", "neither"} and child.dep_ in {"det", "preconj"} for child in first.children)
    head = first.head
    if first.dep_ == "pobj" and head.lower_ == "without":
        return _ended(head.head) and head.head.dep_ not in {"acl", "pcomp"}
    if first.dep_ == "pobj" and head.lower_ in {"in", "to"}:  # "resulted in no agreement", "came to no agreement"
        head = head.head
    elif first.dep_ not in {"nsubj", "nsubjpass", "dobj", "attr"}:
        return False
    lemma = head.lemma_.lower()
    if lemma == "be":  # "there was no breakthrough"
        return denied and any(child.dep_ == "expl" for child in head.children) and _asserted(head)
    if head.pos_ != "VERB" or lemma not in OUTCOME_VERBS:
        return False
    if head.dep_ == "xcomp" and head.head.lemma_.lower() == "fail":  # "failed to produce a deal"
        fail = head.head  # but not "failing to reach a deal will cause turmoil"
        return fail.dep_ not in {"csubj", "csubjpass"} and _asserted(fail) and not _negated(fail)
    if head.dep_ == "pcomp" and head.head.lower_ == "without":  # "broke off without reaching a deal"
        return _ended(head.head.head)
    return _asserted(head) and denied != _negated(head)


def _ended(verb: Token) -> bool:
    """An asserted verb of ending, which "without" an outcome denies it ("the talks ended without ...")."""
    return verb.pos_ == "VERB" and verb.lemma_.lower() in ENDING_VERBS and _asserted(verb) and not _negated(verb)


class ActionFields(NamedTuple):
    actor: str
    aspect: str
    verb: str  # the lemma, with PASSIVE appended when the actor undergoes it ("was arrested")
    object: str
    sign: str

    @property
    def lemma(self) -> str:
        return self.verb.removesuffix(PASSIVE)


def parse_action(key: str) -> ActionFields:
    """The five fields of a key, split from the right (a document id may itself hold "|")."""
    return ActionFields(*key.rsplit("|", 4))


def rename_actors(keys: Sequence[str], id_map: Mapping[str, str]) -> list[str]:
    """The keys with document-level actor ids replaced by corpus ids (keys of unknown actors dropped)."""
    renamed: dict[str, None] = {}
    for key in keys:
        actor, *rest = parse_action(key)
        if actor == EVENT:
            renamed[key] = None
        elif actor in id_map:
            renamed["|".join([id_map[actor], *rest])] = None
    return list(renamed)


def action_posting(key: str) -> str:
    """What two keys of one action share exactly: actor, verb and polarity (aspects and objects are
    compared apart, by :func:`same_action`)."""
    action = parse_action(key)
    return f"{action.actor}|{action.verb}|{action.sign}"


def action_verb(key: str) -> str:
    """The verb's lemma, whatever the voice."""
    return parse_action(key).lemma


def compatible(x: str, y: str) -> bool:
    """Two aspects or objects that may name one thing: equal, or one of them unstated."""
    return x == y or not x or not y


def same_action(a: str, b: str) -> bool:
    """Keys of one action: same actor, verb and polarity; aspects and objects compatible."""
    x, y = parse_action(a), parse_action(b)
    return ((x.actor, x.verb, x.sign) == (y.actor, y.verb, y.sign) and compatible(x.aspect, y.aspect)
            and compatible(x.object, y.object))
