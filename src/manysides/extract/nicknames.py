"""Nicknames printed inside a name: Lewis "Scooter" Libby, Robert Francis "Beto" O'Rourke.

News introduces a person who goes by a nickname with the nickname in quotes between the given name and
the surname, then uses either form: "Libby", "Scooter Libby", "Beto". NER breaks such names at the
quotes ("Robert Francis "Beto"" a person and "O'Rourke" nothing; "Nino" a place), so the pieces are
mended here into one PERSON entity, the person is keyed by the name without the nickname, and the
nickname is remembered so that its bare or surnamed uses find the same person, in the document and
across the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from manysides.extract.forenames import GENERATIONAL_SUFFIXES, name_table

_OPEN_TAG, _CLOSE_TAG = "``", "''"
MAX_NICKNAME_WORDS = 3
# 'Given "Nick" Surname' as printed: the form a mention or an alias keeps (straight or curly quotes).
_PRINTED = re.compile(r"""(?P<before>.*?\S)\s+["“‘'](?P<nick>[^"“”‘’']{2,40})["”’']\s+(?P<after>\S.*)""")


def _name_word(tok: Token) -> bool:
    return tok.is_alpha and tok.text[:1].isupper() and tok.tag_ in ("NNP", "NNPS") and not tok.is_stop


def _surname_word(tok: Token) -> bool:
    """"Libby", "O'Rourke" (one token with its apostrophe), not "And" of a headline's scare quotes."""
    letters = tok.text.replace("'", "").replace("’", "").replace("-", "")
    return letters.isalpha() and tok.text[:1].isupper() and tok.tag_ in ("NNP", "NNPS") and not tok.is_stop


def _given_name(tok: Token) -> bool:
    """The word before the quotes is a given name: NER says it begins a person, or the census lists it."""
    return _name_word(tok) and (tok.ent_type_ == "PERSON" or name_table().is_forename(tok.text))


def nickname_spans(sdoc: Doc) -> list[Span]:
    """Every 'Given "Nick" Surname' in the document as a PERSON span, from the person's first given name
    (as far back as NER's person goes) to the surname and a generational suffix after it."""
    found: list[Span] = []
    n = len(sdoc)
    for tok in sdoc:
        i = tok.i
        if tok.tag_ != _OPEN_TAG or i == 0 or not _given_name(sdoc[i - 1]) or "\n" in sdoc[i - 1].whitespace_:
            continue
        close = next((k for k in range(i + 1, min(n, i + 2 + MAX_NICKNAME_WORDS)) if sdoc[k].tag_ == _CLOSE_TAG), None)
        if close is None or close == i + 1 or not all(_name_word(t) for t in sdoc[i + 1:close]) \
                or close + 1 >= n or not _surname_word(sdoc[close + 1]):
            continue
        start = i - 1
        while start > 0 and sdoc[start - 1].ent_type_ == "PERSON" and sdoc[start].ent_iob_ == "I" \
                and _name_word(sdoc[start - 1]):
            start -= 1  # "Robert Francis": NER's person began before the word next to the quotes
        end = close + 2
        if end < n and sdoc[end].lower_ in GENERATIONAL_SUFFIXES:
            end += 1  # Chesley "Sully" Sullenberger III
        if found and found[-1].end > start:
            continue
        found.append(Span(sdoc, start, end, label="PERSON"))
    return found


def mend_nicknames(ents: Sequence[Span], sdoc: Doc) -> list[Span]:
    """The entities with each nicknamed name made one PERSON entity, replacing the pieces NER made of it."""
    names = nickname_spans(sdoc)
    if not names:
        return list(ents)
    kept = [e for e in ents if not any(e.start < s.end and s.start < e.end for s in names)]
    return sorted(kept + names, key=lambda e: e.start)


class NicknamedName(NamedTuple):
    """A name printed with a quoted nickname, in parts: 'Lewis "Scooter" Libby'."""

    formal: str  # "Lewis Libby"
    nickname: str  # "Scooter"
    surname: str  # "Libby": what follows the nickname, a suffix included ("Sullenberger III")

    def display(self, nickname_used: bool) -> str:
        """The name to show: "Scooter Libby" where the text goes on to call him by the nickname, the formal
        name where it does not. A nickname printed once is often a jibe (Chuck "Fake Tears" Schumer) and
        must not become the name a person is shown by."""
        return f"{self.nickname} {self.surname}" if nickname_used else self.formal


def split_printed(text: str) -> NicknamedName | None:
    """The parts of 'Lewis "Scooter" Libby'; None for a name without a quoted nickname."""
    match = _PRINTED.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    return NicknamedName(f"{match['before']} {match['after']}", match["nick"].strip(), match["after"])


def nickname_keys(key: str, nickname: str) -> list[str]:
    """The keys a nickname gives a person keyed ``key`` ("person:lewis libby" with "Scooter"): the nickname
    with the surname ("person:scooter libby") and alone ("person:scooter")."""
    nick = " ".join(nickname.lower().split())
    surname = key.rpartition(" ")[2]
    return [f"person:{nick} {surname}", f"person:{nick}"]


def learned_redirects(people: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """Corpus-wide: "person:scooter libby" -> "person:lewis libby" where some document printed the name
    with its nickname. ``people`` gives each person's key and the texts of its mentions. A nickname two
    people share ("Bud" Day and "Bud" McFarlane) redirects only where the surname tells them apart."""
    targets: dict[str, set[str]] = {}
    for key, texts in people:
        for text in texts:
            parts = split_printed(text)
            if parts is not None:
                for alias in nickname_keys(key, parts[1]):
                    targets.setdefault(alias, set()).add(key)
    return {alias: next(iter(keys)) for alias, keys in targets.items() if len(keys) == 1}
