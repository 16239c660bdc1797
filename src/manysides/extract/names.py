"""Personal names as strings: merge keys, short forms, initials, nicknames and which printing to show.

Split out of :mod:`manysides.extract.actors` so that the rules for what counts as one person's name can be
read (and used: per document, across the corpus, by the speaker finder) without the spaCy pipeline around
them. Nothing here looks at a parsed document; the census tables of :mod:`manysides.extract.forenames` are
the only data.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Iterable, Sequence

from rapidfuzz import fuzz

from manysides.extract.forenames import GENERATIONAL_SUFFIXES as _SUFFIXES
from manysides.extract.forenames import name_table
from manysides.extract.gazetteer import norm

# Family names that English news writes first (Chinese and Korean names): "Xi Jinping" is then "Xi", "Kim
# Jong Un" "Kim", "Moon Jae-in" "Moon". Common ones only, and only in a name shaped like theirs
# (:func:`family_name`), so "Kim Davis" and "Mike Lee" keep their surnames last.
_CHINESE_FAMILY = frozenset("""xi li wang zhang liu chen yang huang zhao wu zhou xu sun zhu hu guo lin luo gao
zheng liang xie tang feng deng cao peng zeng xiao tian dong pan yuan cai jiang du cheng wei ding ren shen yao
jin qin qian mao lu""".split())
_KOREAN_FAMILY = frozenset("kim lee park choi jung kang cho yoon jang lim han seo shin kwon hwang ahn yoo hong "
                           "moon ban ri choe rhee".split())

# Surname particles: "Jefferson Van Drew" is called "Van Drew" once introduced, "Osama bin Laden" "bin Laden".
SURNAME_PARTICLES = frozenset({"van", "von", "de", "del", "della", "der", "den", "di", "da", "dos", "du", "le",
                                "la", "bin", "ibn", "bint"})
# The Arabic article glued to a surname: "Bashar al-Assad" is "Bashar Assad" and "Assad" in other styles.
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|at|an|ash)-(?=\w)", re.IGNORECASE)
ARABIC_ARTICLES = frozenset({"al", "el"})
# Short forms of English given names, so "Mike Pompeo" in one source and "Michael Pompeo" in another are
# one person. Used only when both forms occur with one surname, so "Pat" standing for Patricia elsewhere
# does no harm.
_NICKNAME_TABLE = (
    ("michael", "mike mick"), ("william", "bill billy will"), ("robert", "bob bobby rob"),
    ("james", "jim jimmy"), ("joseph", "joe"), ("charles", "chuck charlie"), ("richard", "dick rick"),
    ("thomas", "tom tommy"), ("anthony", "tony"), ("edward", "ted ed"), ("daniel", "dan danny"),
    ("david", "dave"), ("christopher", "chris"), ("peter", "pete"), ("nicholas", "nick"),
    ("alexander", "alex"), ("andrew", "andy"), ("benjamin", "ben"), ("samuel", "sam"),
    ("matthew", "matt"), ("patrick", "pat"), ("jonathan", "jon"), ("elizabeth", "liz beth"),
    ("katherine", "kate katie"), ("jennifer", "jen jenny"), ("susan", "sue"), ("gregory", "greg"),
    ("timothy", "tim"), ("kenneth", "ken"), ("ronald", "ron"), ("donald", "don"), ("lawrence", "larry"),
    ("jeffrey", "jeff"), ("jefferson", "jeff"), ("stephen", "steve"), ("steven", "steve"), ("frederick", "fred"),
    ("gerald", "jerry"), ("jerome", "jerry"), ("bernard", "bernie"), ("mitchell", "mitch"), ("theodore", "ted"),
    ("philip", "phil"), ("douglas", "doug"), ("raymond", "ray"), ("harold", "hal harry"), ("henry", "hank"),
    ("margaret", "maggie peggy"), ("rebecca", "becky"), ("deborah", "deb debbie"), ("victoria", "vicky"),
)


def _nickname_index(table: Sequence[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Short form -> the formal names it may stand for ("jeff": Jeffrey or Jefferson)."""
    index: dict[str, tuple[str, ...]] = defaultdict(tuple)
    for formal, shorts in table:
        for short in shorts.split():
            index[short] += (formal,)
    return dict(index)


NICKNAMES = _nickname_index(_NICKNAME_TABLE)


def family_name(display: str) -> str | None:
    """The family name of a name written family name first ("Xi Jinping", "Kim Jong Un", "Moon Jae-in"),
    lower-cased, or ``None`` for a name whose surname comes last."""
    words = display.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    first, rest = words[0].lower(), words[1:]
    if first in _CHINESE_FAMILY and len(rest) == 1:
        return first
    if first in _KOREAN_FAMILY and (len(rest) == 2 or (len(rest) == 1 and "-" in rest[0])):
        return first
    return None


def short_name(key: str, display: str) -> str:
    """What a document calls a person once introduced: the family name, first or last (see :func:`family_name`),
    with its particle ("van drew" for "Jefferson Van Drew"; "jones" for "Van Jones", whose "Van" is a name)."""
    family = family_name(display)
    if family:
        return family
    words = key.removeprefix("person:").split(" ")
    if len(words) >= 2 and words[-1] in _SUFFIXES:
        words = words[:-1]  # "Trump" for "Donald Trump Jr." and "Trump Jr": which of the two, the corpus decides
    particles = 0
    while len(words) > particles + 2 and words[-2 - particles] in SURNAME_PARTICLES:
        particles += 1  # "von der leyen" for "Ursula von der Leyen"
    return " ".join(words[-1 - particles:])


_INITIALS = re.compile(r"(?:[a-z]\.?)+")


def middle_initials(name: str) -> str:
    """The initials between given name and surname, run together: "hw" for "George H. W. Bush", "" for none."""
    return middle_letters(name, written_out=False)


def middle_letters(name: str, written_out: bool = True) -> str:
    """The first letters of the names between given name and surname, initials or (with ``written_out``)
    written out: "hw" for "George H. W. Bush" and for "George Herbert Walker Bush", "w" for "George W. Bush"
    and "George Walker Bush". Two printings whose letters differ name two people (the elder and the younger
    Bush)."""
    words = name.split()  # as printed: normalising drops the dots that make "H.W." initials
    if len(words) > 2 and words[-1].lower() in _SUFFIXES:
        words = words[:-1]
    out = ""
    for word in words[1:-1]:
        letters = word.replace(".", "")
        if is_initial(word.lower()) or (len(letters) == 2 and letters.isalpha() and letters.isupper()):
            out += letters.lower()  # "H.W.", "H. W." and "HW" alike
        elif written_out and letters[:1].isupper() and letters.isalpha():
            out += letters[0].lower()
    return out


def is_initial(word: str) -> bool:
    """"j", "j." or "h.w.": one or two letters standing for given names (a dotted pair, or a lone letter)."""
    letters = word.replace(".", "")
    return bool(_INITIALS.fullmatch(word)) and (len(letters) == 1 or (len(letters) == 2 and "." in word))


def fold(text: str) -> str:
    """Letters without their accents: "Raúl Labrador" and "Raul Labrador" are one person."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def person_key(name: str) -> str:
    """Merge identity of a person: lower-case words without a middle initial ("Donald J. Trump" is Donald
    Trump). Two or more initials stay, run together: they are what tells "George H. W. Bush" ("george hw
    bush") from "George W. Bush". A generational suffix stays too, without its dot ("donald trump jr"): it
    names another person, the son (see :func:`manysides.extract.actor_merge._suffix_redirects` for when it
    does not). A first initial before a given name is dropped: "J. Christopher Stevens" goes by his middle
    name ("christopher stevens")."""
    words = [_ARTICLE_PREFIX.sub("", w) for w in fold(norm(name)).lower().split(" ")]
    words = [w for w in words if w not in ARABIC_ARTICLES] or words  # "bashar al assad" (a hyphen lost)
    suffix = []
    if len(words) >= 2 and words[-1] in _SUFFIXES:
        words, suffix = words[:-1], [words[-1].rstrip(".")]
    if len(words) > 2 and is_initial(words[0]) and not is_initial(words[1]):
        words = words[1:]  # "J. Christopher Stevens" goes by Christopher: Chris Stevens elsewhere
    if len(words) > 2:
        middle = words[1:-1]
        initials = "".join(w.replace(".", "") for w in middle if is_initial(w))
        kept = [w for w in middle if not is_initial(w)]
        words = [words[0], *kept, *([initials] if len(initials) >= 2 else []), words[-1]]
    return "person:" + " ".join(words + suffix)


def given_gender(display: str) -> str | None:
    """The sex the census lists give a full name's given name ("Joe Biden": "m"); None when unknown."""
    words = display.split()
    return name_table().gender(words[0]) if len(words) >= 2 and not family_name(display) else None


def display_name(text: str) -> str:
    """A name as printed, whitespace tidied and an editor's brackets dropped ("[George W.] Bush" is George
    W. Bush); "Jean-Claude Juncker" keeps its hyphen (keys use :func:`norm`)."""
    return re.sub(r"\s+", " ", text.replace("[", "").replace("]", "")).strip()


def without_juniors(keys: Iterable[str]) -> list[str]:
    """The one bearer of a surname without a generational suffix, when the others have one: "Trump" beside
    a father and his son, Donald Trump Jr., is the father, since news calls the son "Trump Jr."."""
    keys = list(keys)
    plain = [k for k in keys if k.rpartition(" ")[2] not in _SUFFIXES]
    return plain if len(keys) > 1 and len(plain) == 1 else keys


def same_given_name(a: str, b: str) -> bool:
    """Two lower-case given names that can name one person: equal, an initial ("j."), a nickname ("jeff" /
    "jefferson"), a short form ("chris" / "christopher") or a spelling variant (:func:`spelled_alike`).
    "Daniel" and "Danielle", "John" and "Joseph" are two people."""
    if a == b:
        return True
    short, long_ = sorted((a.rstrip("."), b.rstrip(".")), key=len)
    if not short:
        return False
    if len(short) == 1:
        return long_.startswith(short)
    if long_ in NICKNAMES.get(short, ()) or (len(short) <= 4 and long_.startswith(short)):
        return True
    return spelled_alike(a, b)


def spelled_alike(a: str, b: str) -> bool:
    """Long given names that begin alike, differ by at most one letter in length and are close (ratio >= 87):
    "Dzhokar" / "Dzhokhar", "Tamarlan" / "Tamerlan"."""
    return min(len(a), len(b)) >= 5 and a[0] == b[0] and abs(len(a) - len(b)) <= 1 and fuzz.ratio(a, b) >= 87


def name_rank(name: str) -> tuple[bool, int, int]:
    """Which printing of a name to show: not in capitals ("Alan Dershowitz", not a transcript's "ALAN
    DERSHOWITZ"), then the fullest."""
    return not name.isupper(), len(name.split()), len(name)
