"""When two sources state incompatible things about the same matter.

Two claim units already judged to be about the same thing (high sentence similarity) contradict
each other when one of three signals is present:

* ``number``: they give different values of the same kind (year, percent, money, count, duration)
  hung on the same word ("lowest since 1985" / "a low not seen since 1991"). Numbers of different
  kinds, or on different words, are different facts ("in nearly two decades" / "since 2015"), and
  even same-kind numbers only count when the rest of the two clauses is close (see ``REST_*``);
* ``negation``: one negates the predicate the other asserts, with the rest of the wording shared;
* ``antonym``: opposite predicates (rise/fall, win/lose, recover/weaken ...) over shared wording,
  or done by one actor however the rest is worded (:func:`opposed_actions`: "Russia, hampered by
  sanctions" / "Russia's economy has recovered"). Negation and an antonym cancel out ("did not rise"
  agrees with "fell").

These are deliberately conservative: a false "contested" misleads a reader more than a missed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from manysides.extract.actions import compatible, parse_action
from manysides.extract.claims import UNKNOWN_HOLDER, ClaimUnit, Quantity
from manysides.extract.dates import month_number

# Minimum cosine (all-MiniLM-L6-v2) of the two clauses before each signal is believed.
NUMBER_MIN_COSINE = 0.5
NEGATION_MIN_COSINE = 0.75
ANTONYM_MIN_COSINE = 0.55
ACTION_MIN_COSINE = 0.4      # units sharing (or opposing) one actor's action: the action is most of the evidence
# ... when one side says what the action was done to and the other does not ("won the governor's race" /
# "won among voters who back the law"): on two read samples of AllSides links (15 and 30 pairs) half of these
# were two claims; from this cosine 70 % of the second sample's were one claim.
ACTION_ONE_OBJECT_MIN_COSINE = 0.6
# Shared wording besides the disputed part: content-lemma Jaccard of the two clauses.
REST_MIN_JACCARD = 0.2
NEGATION_MIN_JACCARD = 0.4
# Relative difference above which two values of a kind disagree ("about 17.4 million" ~ "17.5 million").
TOLERANCE = {"year": 0.0, "percent": 0.03, "money": 0.03, "count": 0.05, "duration": 0.25}

# Opposite predicates, in two poles each. Lemmas as spaCy gives them; a general list, not tuned to a corpus.
_OPPOSITES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split())) for a, b in (
        ("rise increase grow gain climb surge soar expand boost raise higher up",
         "fall decrease shrink drop decline plunge slump contract cut lower down"),
        ("recover improve strengthen thrive boom rebound flourish",
         "weaken worsen deteriorate suffer collapse hamper cripple damage hurt struggle"),
        ("strong robust healthy", "weak fragile"),
        ("win victory victorious", "lose defeat defeated"),
        ("succeed success successful", "fail failure unsuccessful"),
        ("accept approve endorse support back", "reject oppose veto"),
        ("agree agreement", "disagree disagreement"),
        ("confirm admit", "deny"),
        ("allow permit legalise legalize", "ban forbid prohibit outlaw"),
        ("likely possible", "unlikely impossible"),
        ("advance", "retreat"),
        ("guilty", "innocent"),
        ("open", "close"),
        ("isolate isolated isolation", "embrace welcome"),
    ))


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Why two claim units are incompatible, with a confidence in [0, 1]."""

    kind: str    # "number" | "negation" | "antonym"
    detail: str  # "1985 vs 1991", "not vs affirmed", "rise vs fall"
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "detail": self.detail, "confidence": round(self.confidence, 3)}


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _differs(x: Quantity, y: Quantity) -> bool:
    try:
        vx = float(x.value.lstrip("$£€").rstrip("%").split()[0])
        vy = float(y.value.lstrip("$£€").rstrip("%").split()[0])
    except ValueError:
        return x.value != y.value
    if x.kind == "duration" and x.value.split()[-1] != y.value.split()[-1]:
        return False  # "two decades" and "25 years": leave rounding between units alone
    return abs(vx - vy) > TOLERANCE[x.kind] * max(abs(vx), abs(vy), 1e-9)


# Prepositions that make a duration the window a change is measured over ("has risen ... in four years"):
# two windows conflict only over one predicate, not "risen in four years" against "surged in six years".
_WINDOW_WORDS = frozenset({"in", "over", "within", "during", "for"})


def number_conflict(a: ClaimUnit, b: ClaimUnit) -> tuple[Quantity, Quantity] | None:
    """A same-kind, same-anchor pair of values that disagree, unless the other side also states the value.

    Counts must also be of a group doing the same thing: "31 Democrats said they would vote for it" and
    "two Democrats voted against" count different parts of one party, not the same thing twice. A goal
    ("aimed at raising $100,000") never contradicts a result ("raised $25,000"), and a part of a listed
    total ("five counts of one charge, one count of another ...") never contradicts the total, nor does the
    value a change started from ("from 14 seats to 13") contradict a present one. A figure
    in an if-clause is only supposed, and figures of different holders ("Sanders would need 67 percent",
    "Trump would need 60%"), or percentages of different things, are different facts; a figure of an
    unnamed holder ("He carried it by 16 points") contradicts nothing. Figures of different months, of
    changes from different starts, ten times apart, or of distances from different places are different
    facts too (:func:`figures_apart` tells whether two units share a figure at all)."""
    periods_a, periods_b = _periods(a.text), _periods(b.text)
    # "41,000 jobs were added in May" / "87,000 in February": two months' figures, unless dates are the dispute
    apart_in_time = bool(periods_a and periods_b) and periods_a.isdisjoint(periods_b)
    if _different_changes(a, b):
        return None
    qa = [q for q in a.quantities if not (q.part or q.supposed or q.start)]
    qb = [q for q in b.quantities if not (q.part or q.supposed or q.start)]
    # A value the other side states anywhere, even as a change's start, is agreed, not disputed.
    values_a = {(q.kind, q.value) for q in a.quantities}
    values_b = {(q.kind, q.value) for q in b.quantities}
    for x in qa:
        if x.kind not in TOLERANCE or (x.kind, x.value) in values_b or (apart_in_time and x.kind != "year"):
            continue
        for y in qb:
            if y.kind == x.kind and y.anchor == x.anchor and (y.kind, y.value) not in values_a and _differs(x, y) \
                    and not _within_bounds(x, y) and not _orders_apart(x, y) \
                    and (x.kind != "count" or (x.verb == y.verb and x.kind_of == y.kind_of)) and x.aimed == y.aimed \
                    and (x.kind != "percent" or _same_base(x.kind_of, y.kind_of)) \
                    and _holders_fit(x.holder, y.holder) \
                    and not (x.anchor in _WINDOW_WORDS and a.predicate != b.predicate):
                return x, y
    return None


def figures_apart(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Both units give figures of one kind (count, sum or percentage) and share none, not even within
    rounding or a bound ("more than 2.2 million" / "more than 2 million"): whether or not the two
    dispute anything (:func:`number_conflict`), they do not state one claim ("the jobless rate rose to
    6.4 percent" / "the broader jobless rate jumped to 11.9 percent")."""
    for kind in ("count", "money", "percent"):
        xs = [q for q in a.quantities if q.kind == kind]
        ys = [q for q in b.quantities if q.kind == kind]
        if xs and ys and all(_differs(x, y) and not _within_bounds(x, y) for x in xs for y in ys):
            return True
    return False


_PERIOD = re.compile(r"\b(?:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.|(?:January|February|March|April|"
                     r"May|June|July|August|September|October|November|December)\b(?!-)|(?:19|20)\d\d\b(?!-))")


def _periods(text: str) -> set[str]:
    """The months and years a unit names ("in May", "Sept.", "2008"), normalised: figures of units that
    name only different ones are of different periods. A sentence-opening "May" may be the verb."""
    found = set()
    for match in _PERIOD.finditer(text):
        word = match.group().rstrip(".").lower()
        if word == "may" and (match.start() == 0 or text[match.start() - 1] in "\"“‘'("):
            continue
        found.add(f"month {month_number(word)}" if word.isalpha() else word)
    return found


def _different_changes(a: ClaimUnit, b: ClaimUnit) -> bool:
    """Both units tell a change ("rose to 6.4 percent from 6.3") and no start value is shared: two series
    ("the jobless rate" / "the broader jobless rate", "their share" / "another group's share"), not two
    figures for one."""
    starts_a = {q.value for q in a.quantities if q.start and q.kind in TOLERANCE and q.kind != "year"}
    starts_b = {q.value for q in b.quantities if q.start and q.kind in TOLERANCE and q.kind != "year"}
    return bool(starts_a and starts_b) and starts_a.isdisjoint(starts_b)


ORDERS_APART = 10.0  # two estimates of one count or sum are never this many times apart


def _orders_apart(x: Quantity, y: Quantity) -> bool:
    """One count or sum ten times the other or more: different scopes ("lost 2,000 jobs in the spring" against
    "3 million jobs were lost in the slump"), not rival estimates of one figure."""
    if x.kind not in {"count", "money"}:
        return False
    try:
        vx, vy = abs(x.magnitude), abs(y.magnitude)
    except ValueError:
        return False
    return min(vx, vy) > 0 and max(vx, vy) / min(vx, vy) >= ORDERS_APART


def _holders_fit(x: str, y: str) -> bool:
    if UNKNOWN_HOLDER in (x, y):
        return False
    return not x or not y or x == y


def _same_base(x: str, y: str) -> bool:
    """Two percentages may be of one thing: either leaves it unsaid, or the two share a word ("of the vote",
    "of the popular vote"); "13 percent of defense spending" and "a 20 percent pay cut" are not. A poll's
    lead on one issue (``on:economy``) is never the overall lead."""
    if x.startswith("on:") != y.startswith("on:"):
        return False
    return not x or not y or bool(set(x.split()) & set(y.split()))


_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d\d))?\s*([ap])\.?\s?m\b\.?", re.I)


def _clock_times(text: str) -> set[tuple[int, int, str]]:
    """Times of day a unit states ("8pm", "6 a.m.", "7:30 p.m."), normalised."""
    return {(int(h), int(m or 0), ap.lower()) for h, m, ap in _CLOCK.findall(text)}


def _within_bounds(x: Quantity, y: Quantity) -> bool:
    """One figure only bounds the truth and the other fits it: "at least two journalists" and "three
    journalists", "at least 525 killed" and "at least 80". Only comparable numbers are bounded."""
    try:
        vx, vy = x.magnitude, y.magnitude
    except ValueError:
        return False
    return _fits(x.bound, vx, vy) or _fits(y.bound, vy, vx) or x.bound == y.bound != ""


def _fits(bound: str, limit: float, other: float) -> bool:
    return (bound == "min" and other >= limit) or (bound == "max" and other <= limit)


def _poles(lemmas: set[str]) -> set[tuple[int, int]]:
    """(pair index, pole) for every opposite-predicate word present."""
    return {(i, pole) for i, pair in enumerate(_OPPOSITES) for pole in (0, 1) if lemmas & pair[pole]}


def antonym_conflict(a: set[str], b: set[str]) -> tuple[str, str] | None:
    """Words of opposite poles of one pair, one only in ``a`` and the other only in ``b``."""
    only_a, only_b = a - b, b - a
    poles_a, poles_b = _poles(only_a), _poles(only_b)
    for index, pole in sorted(poles_a):
        if (index, 1 - pole) in poles_b and (index, 1 - pole) not in poles_a and (index, pole) not in poles_b:
            word_a = sorted(only_a & _OPPOSITES[index][pole])[0]
            word_b = sorted(only_b & _OPPOSITES[index][1 - pole])[0]
            return word_a, word_b
    return None


# The opposites an actor's own condition can take ("recovered" / "was hampered"). Event outcomes (win /
# lose, succeed / fail, approve / reject) are left out: across the sources of one story they are most
# often different contests, votes or years (a candidate who won a county in one election lost it in the next): on 200
# AllSides election articles they made 23 pairs, and the 22 of them read were all false contradictions.
CONDITION_OPPOSITES: tuple[frozenset[str], frozenset[str]] = _OPPOSITES[1]


def opposed_actions(a: ClaimUnit, b: ClaimUnit) -> tuple[str, str] | None:
    """Opposite conditions one actor is in, by ``a`` and by ``b`` ("Russia ... hampered by sanctions" /
    "Russia's economy has recovered"): same polarity, compatible aspects (see
    :mod:`manysides.extract.actions`), the same object or none on both sides, verbs from opposite
    poles of :data:`CONDITION_OPPOSITES`, and a shared word besides the actor and the two verbs (here
    "sanctions"), so the two sentences speak of one matter. Objects must match outright: "Democrats
    oppose funding the wall" and "Democrats supported fences in the past" are about different things."""
    names = {word.lower() for entity in (*a.entities, *b.entities) for word in entity.split()}
    first, second = CONDITION_OPPOSITES
    for key_a in a.actions:
        x = parse_action(key_a)
        for key_b in b.actions:
            y = parse_action(key_b)
            if x.actor != y.actor or x.sign != y.sign or x.object != y.object or not compatible(x.aspect, y.aspect):
                continue
            if not ((x.lemma in first and y.lemma in second) or (x.lemma in second and y.lemma in first)):
                continue
            if set(a.lemmas) & set(b.lemmas) - names - {x.lemma, y.lemma}:
                return x.lemma, y.lemma
    return None


# Opposite outcomes of a contest or a decision (win / lose, succeed / fail, approve / reject): between two
# units they clash only over one object, since a side can win one thing and lose another.
_OUTCOME_WORDS = frozenset().union(*(pole for pair in _OPPOSITES[3:6] for pole in pair))


def _outcome(words: tuple[str, str]) -> bool:
    return words[0] in _OUTCOME_WORDS and words[1] in _OUTCOME_WORDS


def is_condition_verb(verb: str) -> bool:
    """Whether ``verb`` names a condition that has an opposite (:data:`CONDITION_OPPOSITES`)."""
    return verb in CONDITION_OPPOSITES[0] or verb in CONDITION_OPPOSITES[1]


_NEGATION_WORD = re.compile(r"\b(?:not|no|never|nor|neither|none|nobody|nothing|without)\b|n['’]t\b", re.I)
SAME_WORDING_JACCARD = 0.8  # content words this alike, with the same negations, are one statement


def _same_negations(a: ClaimUnit, b: ClaimUnit, overlap: float) -> bool:
    """Nearly the same words with the same negations (a sentence one source prints bare and another inside
    "..., the minister said"): parsed in two contexts they may get two polarities, but they say one thing."""
    return overlap >= SAME_WORDING_JACCARD and _negation_words(a.text) == _negation_words(b.text)


def _negation_words(text: str) -> list[str]:
    return sorted(w.lower().replace("’", "'") for w in _NEGATION_WORD.findall(text))


def find_contradiction(a: ClaimUnit, b: ClaimUnit, cosine: float) -> Contradiction | None:
    """The strongest reason ``a`` and ``b`` cannot both be true, or ``None``."""
    la, lb = set(a.lemmas), set(b.lemmas)
    overlap = jaccard(la, lb)
    numbers = number_conflict(a, b)
    shared_value = bool(set(a.numbers) & set(b.numbers))  # one exact figure in common: the same event
    if numbers and cosine >= NUMBER_MIN_COSINE and (overlap >= REST_MIN_JACCARD or shared_value):
        x, y = numbers
        return Contradiction("number", f"{x.value} vs {y.value}", _confidence(cosine, NUMBER_MIN_COSINE))
    # Opposite words count only as what each unit asserts ("asked if he agreed" asserts no agreeing).
    # A word a unit negates is not asserted: "cannot support the bill" agrees with "will oppose the bill".
    opposite = antonym_conflict(la - set(a.denied), lb - set(b.denied)) if not (a.asserted and b.asserted) else \
        antonym_conflict(set(a.asserted) - set(a.denied), set(b.asserted) - set(b.denied))
    negated = a.polarity != b.polarity
    if opposite and _outcome(opposite) and a.objects and b.objects and not set(a.objects) & set(b.objects):
        opposite = None  # "won 48 percent of the delegates" / "has been losing delegates to Cruz": two matters
    if opposite and _clock_times(a.text) and _clock_times(b.text) and _clock_times(a.text) != _clock_times(b.text):
        opposite = None  # "the first polls open at 6 a.m." / "polls close at 8pm": one day's sequence
    if opposite and not negated and cosine >= ANTONYM_MIN_COSINE and overlap >= REST_MIN_JACCARD:
        return Contradiction("antonym", f"{opposite[0]} vs {opposite[1]}", _confidence(cosine, ANTONYM_MIN_COSINE))
    # What is denied must be what the other asserts: "couldn't be ... because Trump said X" denies the "be",
    # not the "say" of "Trump has said X"; and not confirming a deal is no denial that it was signed.
    denier, asserter = (a, b) if a.polarity < b.polarity else (b, a)
    same_predicate = denier.predicate == asserter.predicate or denier.predicate in set(asserter.lemmas)
    if denier.denied and set(denier.denied) <= set(asserter.denied):
        same_predicate = False  # both deny it: "can't pass the council" / "fees that cannot pass the council"
    if negated and not opposite and same_predicate and cosine >= NEGATION_MIN_COSINE \
            and overlap >= NEGATION_MIN_JACCARD and not _denies_less(a, b) and not _same_negations(a, b, overlap):
        detail = "negated in " + denier.doc
        return Contradiction("negation", detail, _confidence(cosine, NEGATION_MIN_COSINE))
    return None


def _denies_less(a: ClaimUnit, b: ClaimUnit) -> bool:
    """The negated unit restricts its predicate with a phrase the affirmed one lacks ("could not be upheld
    *under the commerce clause*" against "the mandate is upheld"): the denial may hold of that phrase alone."""
    negated, affirmed = (a, b) if a.polarity < 0 else (b, a)
    return bool(set(negated.qualifiers) - set(affirmed.qualifiers))


def action_confidence(cosine: float) -> float:
    """Confidence of a contradiction between one actor's opposite actions, found from cosine 0.4 up."""
    return _confidence(cosine, ACTION_MIN_COSINE)


def _confidence(cosine: float, floor: float) -> float:
    """0.5 at the floor, rising linearly to 1.0 at cosine 1: above the floor the signal is believed."""
    return min(1.0, 0.5 + 0.5 * (cosine - floor) / max(1e-9, 1.0 - floor))
