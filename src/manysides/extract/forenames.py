"""Given names and family names as people bear them, from the 1990 US Census frequency lists.

The lists ship in the MIT-licensed PyPI package ``names`` (``dist.female.first``, ``dist.male.first``,
``dist.all.last``: each name with the percentage of people who bear it). They answer three questions
the parser cannot: whether "Carly" in "Carly Fiorina" is a given name (so NER's ORG label is wrong),
whether a capitalised "Verdict" could be anyone's name at all, and whether "she" may refer to
Christine Blasey Ford rather than Brett Kavanaugh. The lists are American and from 1990: a name
missing from them proves nothing, so callers use them only as positive evidence or beside other cues.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Literal, Mapping

from manysides.errors import ModelLoadError

Gender = Literal["f", "m"]

# Generational suffixes that end a name ("Donald Trump Jr.", "Chesley Sullenberger III"): part of the name, never
# a surname.
GENERATIONAL_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})

# A given name counts when at least this share (percent) of people bear it: rarer entries of the lists
# are mostly spelling variants and words ("Will", 0.018, stays; "Police" is no given name at all).
MIN_FORENAME_SHARE = 0.005
MIN_SURNAME_SHARE = 0.001
FORENAME_OVER_SURNAME = 10.0
# A name is taken as one sex's when that sex bears it this many times more often ("Shannon": 4.4x female).
GENDER_RATIO = 4.0


@dataclass(frozen=True)
class NameTable:
    """Shares (percent of the population) of each upper-cased name, by list."""

    female: Mapping[str, float]
    male: Mapping[str, float]
    surnames: Mapping[str, float]

    def is_forename(self, word: str) -> bool:
        """Whether ``word`` ("Carly") is a given name borne by at least :data:`MIN_FORENAME_SHARE` % of people."""
        key = word.upper()
        return max(self.female.get(key, 0.0), self.male.get(key, 0.0)) >= MIN_FORENAME_SHARE

    def is_surname(self, word: str) -> bool:
        """Whether ``word`` ("Rush", "Bush") is a family name borne by at least :data:`MIN_SURNAME_SHARE` %."""
        return self.surnames.get(word.upper(), 0.0) >= MIN_SURNAME_SHARE

    def mostly_forename(self, word: str) -> bool:
        """A given name borne :data:`FORENAME_OVER_SURNAME` times as often as the family name of that spelling:
        "Joe" (0.321 % against 0.003 %), not "Kelly" (0.283 % against 0.102 %) or "Scott"."""
        key = word.upper()
        share = max(self.female.get(key, 0.0), self.male.get(key, 0.0))
        return share >= MIN_FORENAME_SHARE and share >= FORENAME_OVER_SURNAME * self.surnames.get(key, 0.0)

    def gender(self, forename: str) -> Gender | None:
        """"f" or "m" when one sex bears ``forename`` :data:`GENDER_RATIO` times more often, else ``None``."""
        key = forename.upper()
        female, male = self.female.get(key, 0.0), self.male.get(key, 0.0)
        if max(female, male) < MIN_FORENAME_SHARE:
            return None
        if female >= GENDER_RATIO * male:
            return "f"
        if male >= GENDER_RATIO * female:
            return "m"
        return None


class NameListLoadError(ModelLoadError):
    """A census name list of the ``names`` package is missing or malformed."""

    what = "name list"


_FEMALE_HONORIFICS = frozenset({"ms", "mrs", "miss", "madam", "dame", "lady", "queen", "princess"})
_MALE_HONORIFICS = frozenset({"mr", "sir", "lord", "king", "prince"})


# Nouns before a name that state a sex ("first lady Melania Trump", "his wife, ...", "spokeswoman Ann Roe").
_FEMALE_NOUNS = frozenset("""lady wife mother daughter sister widow grandmother queen princess actress
congresswoman chairwoman spokeswoman businesswoman councilwoman sportswoman""".split())
_MALE_NOUNS = frozenset("""husband father son brother widower grandfather king prince actor congressman
spokesman businessman councilman sportsman""".split())


def honorific_gender(word: str) -> Gender | None:
    """"f" for "Mrs."/"Ms", "m" for "Mr."/"Sir": the sex a title before a name states, else None (also for a
    lower-case word: "miss" and "sir" are then verbs or nouns)."""
    if not word[:1].isupper():
        return None
    low = word.lower().rstrip(".")
    return "f" if low in _FEMALE_HONORIFICS else "m" if low in _MALE_HONORIFICS else None


def noun_gender(word: str) -> Gender | None:
    """The sex a title or a kinship noun before a name states ("lady", "spokesman"), else None."""
    low = word.lower()
    return "f" if low in _FEMALE_NOUNS else "m" if low in _MALE_NOUNS else honorific_gender(word)


def _read(name: str) -> Mapping[str, float]:
    """One list as ``{NAME: share}``; raises :class:`NameListLoadError` naming the file when it is unusable."""
    try:
        text = resources.files("names").joinpath(name).read_text(encoding="ascii")
    except (ModuleNotFoundError, FileNotFoundError, OSError, UnicodeDecodeError) as exc:
        raise NameListLoadError(f"names/{name}", f"cannot be read ({exc}); is the 'names' package installed?") from exc
    shares: dict[str, float] = {}
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split()
        if not fields:
            continue
        try:
            shares[fields[0]] = float(fields[1])
        except (IndexError, ValueError) as exc:
            raise NameListLoadError(f"names/{name}", f"line {number} is not 'NAME share ...'") from exc
    return MappingProxyType(shares)


@functools.lru_cache(maxsize=1)
def name_table() -> NameTable:
    """The shared table, read once per process (about 95,000 names, a few milliseconds)."""
    return NameTable(_read("dist.female.first"), _read("dist.male.first"), _read("dist.all.last"))
