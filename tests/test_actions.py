"""Actor actions ("who did what") as claim keys, and the cross-source links they make."""

from __future__ import annotations

import pytest

from manysides.compare.align import LINK_THRESHOLD
from manysides.extract.actions import rename_actors, same_action
from manysides.io import document_from_text
from manysides.pipeline import annotate

# Two reports of one arrest, worded apart; the first also holds sentences that assert no action.
ARREST = (
    "Former Mayor Arrested in Port Ellery Fraud Case\n\n"
    "Dana Whitlock, the former mayor of Port Ellery, was arrested by state police at her home on Monday "
    "morning, prosecutors said. "
    "Whitlock faces four counts of fraud over contracts for the new ferry terminal. "
    "If the court grants bail, Whitlock could be released this week. "
    "Investigators still do not know why Whitlock would hide the ledgers. "
    "Reporters asked what Whitlock would tell the court."
)
DETAINED = (
    "Ex-mayor held over ferry contracts\n\n"
    "Police detained Dana Whitlock early on Monday. "
    "Whitlock was arrested in connection with a long-running procurement inquiry. "
    "Her lawyer, Tom Reyes, called the charges politically motivated. "
    "Whitlock is expected to appear in court on Thursday. "
    "The former Port Ellery mayor was questioned for six hours."
)
FRONT = (
    "Russia claims new gains\n\n"
    "Russia said on Sunday that it had taken two more villages. "
    "Russian forces are advancing along the whole front, military analysts in Kyiv said."
)


@pytest.fixture(scope="module")
def actions_by_sentence(nlp) -> dict[str, list[str]]:
    """Each claim unit's text -> its action keys, with actor ids replaced by actor names."""
    found: dict[str, list[str]] = {}
    for number, text in enumerate((ARREST, DETAINED, FRONT)):
        state = next(annotate([document_from_text(text, f"d{number}")], nlp))
        names = {actor.id: actor.name for actor in state.actors}
        for unit in state.claims:
            found[unit.text] = rename_actors(unit.actions, names)
    return found


def _keys(found: dict[str, list[str]], start: str) -> list[str]:
    return next(keys for text, keys in found.items() if text.startswith(start))


def test_an_asserted_action_is_keyed_by_actor_verb_object_and_polarity(actions_by_sentence):
    assert _keys(actions_by_sentence, "Dana Whitlock, the former mayor") == ["Dana Whitlock|arrest||+"]
    assert _keys(actions_by_sentence, "Whitlock faces") == ["Dana Whitlock|face|count|+"]
    assert _keys(actions_by_sentence, "Whitlock was arrested") == ["Dana Whitlock|arrest||+"]


def test_conditional_modal_questioned_and_expected_actions_are_not_asserted(actions_by_sentence):
    for start in ("If the court grants bail", "Investigators still do not know why",
                  "Reporters asked what", "Whitlock is expected to appear"):
        assert _keys(actions_by_sentence, start) == [], start


def test_a_place_is_no_actor_and_a_demonym_stands_for_its_state(actions_by_sentence):
    assert _keys(actions_by_sentence, "The former Port Ellery mayor") == []
    assert _keys(actions_by_sentence, "Russian forces are advancing") == ["Russia|advance||+"]


def test_same_action_needs_actor_verb_polarity_and_compatible_objects():
    assert same_action("a1|arrest||+", "a1|arrest||+")
    assert same_action("a1|release|email|+", "a1|release||+")
    assert not same_action("a1|release|email|+", "a1|release|document|+")
    assert not same_action("a1|arrest||+", "a1|arrest||-")
    assert not same_action("a1|arrest||+", "a2|arrest||+")


def test_rename_actors_keeps_document_ids_that_hold_the_separator():
    assert rename_actors(["doc|1:a2|sue|times|+", "doc|1:a9|sue||+"], {"doc|1:a2": "a7"}) == ["a7|sue|times|+"]


def test_two_sources_reporting_one_arrest_in_other_words_form_one_consensus_group():
    import manysides

    analysis = manysides.analyze([ARREST, DETAINED])
    texts = {d.id: d.text for d in analysis.documents}
    arrests = [g for g in analysis.claim_groups if len(g["members"]) > 1
               and all("arrested" in texts[m["doc"]][m["start"]:m["end"]] for m in g["members"])]
    assert len(arrests) == 1 and {m["doc"] for m in arrests[0]["members"]} == {"text-1", "text-2"}
    assert arrests[0]["status"] == "consensus"
    # The sentences alone score below the link threshold: the shared action is what links them.
    assert arrests[0]["confidence"] < LINK_THRESHOLD


def test_an_article_text_too_long_for_a_file_name_is_read_as_text():
    import manysides

    analysis = manysides.analyze([ARREST * 3])
    assert [d.id for d in analysis.documents] == ["text-1"]
