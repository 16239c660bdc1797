"""The census name lists: what they say about given names, family names and the sex of a given name."""

from __future__ import annotations

import pytest

from manysides.errors import ModelLoadError
from manysides.extract.forenames import NameListLoadError, _read, name_table


def test_given_names_family_names_and_dictionary_words_are_told_apart():
    names = name_table()
    assert names.is_forename("Carly") and names.is_forename("WILL")
    assert not names.is_forename("Driver") and not names.is_forename("Verdict")
    assert names.is_surname("Rush") and not names.is_surname("Verdict")
    # "Joe" is far more often a given name than a family name; "Kelly" and "Scott" are both.
    assert names.mostly_forename("Joe") and not names.mostly_forename("Kelly") and not names.mostly_forename("Scott")


def test_a_given_name_has_a_sex_only_when_one_clearly_dominates():
    names = name_table()
    assert (names.gender("Christine"), names.gender("Brett"), names.gender("Shannon")) == ("f", "m", "f")
    assert names.gender("Casey") is None  # borne by both, not one four times more often
    assert names.gender("Tedros") is None  # not in the lists: no evidence either way


def test_an_unreadable_list_names_the_file():
    with pytest.raises(NameListLoadError, match="names/dist.no-such-list") as raised:
        _read("dist.no-such-list")
    assert isinstance(raised.value, ModelLoadError)
