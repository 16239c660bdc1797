"""What does not make two sources' figures or wordings a dispute (invented pairs, real parses).

Each case is a kind of false "contested" point found by reading AllSides topic-days the rules had
never seen; each test also checks that the true dispute next to it is still found.
"""

from __future__ import annotations

import pytest
from test_claims import _conflict, _single  # one way to build units from invented text, shared

# (figure, a different fact told alike, the figure changed to make a true dispute of the first)
DIFFERENT_FACTS = {
    "two months": ("Harbour employers added just 41,000 jobs in May, the statistics office said on Friday.",
                   "Harbour employers added 87,000 jobs in February, the statistics office said.",
                   ("41,000", "56,000")),
    "changes from two starts": ("The harbour jobless rate rose to 6.4 percent in June from 6.3 percent in May.",
                                "The broader harbour jobless rate jumped to 11.9 percent from 11.2 percent in May.",
                                ("6.4 percent", "6.6 percent")),
    "ten times apart": ("The harbour shipping sector lost 2,000 jobs in the spring.",
                        "The harbour shipping sector lost over 3 million jobs in the spring.", ("2,000", "2,600")),
    "distances from two places": ("The academy sits 40 miles north of Port Ellery, near the Tolland river.",
                                  "The academy sits 48 miles north of Halvorsen Bay, near the Tolland river.",
                                  ("40", "48")),
    "changes of two things": ("The harbour board will cut its fuel use by 30 percent by 2035.",
                              "The harbour board will cut its payroll by 20 percent by 2035.", ("30", "20")),
    "ages of two namesakes": ("Police named the first suspect as 31-year-old Aurel Penhallow, a harbour pilot.",
                              "Police named the second suspect as 22-year-old Davin Penhallow, a harbour pilot.",
                              ("31", "44")),
}


@pytest.mark.parametrize("case", DIFFERENT_FACTS, ids=list(DIFFERENT_FACTS))
def test_figures_of_different_facts_do_not_dispute_but_one_facts_do(nlp, case):
    stated, other, (old, new) = DIFFERENT_FACTS[case]
    assert _conflict(nlp, stated, other, 0.85) is None
    assert _conflict(nlp, stated, stated.replace(old, new), 0.9).kind == "number"


def test_a_value_the_other_side_states_as_a_changes_start_is_agreed(nlp):
    first = ("Harbour firms added 95,000 jobs over June, while the harbour jobless rate inched up to 6.4%, "
             "from 6.3% in May, the office said Friday.")
    second = ("The small increase in the harbour jobless rate to 6.4 percent from 6.3 percent had been widely "
              "expected, as the sharp drop reported in May from 6.9 percent had seemed unlikely to last.")
    assert _conflict(nlp, first, second, 0.85) is None


def test_numbers_inside_codes_are_not_quantities(nlp):
    plate = _single(nlp, "a", "UPDATE: Vehicle (Harbour plate: 316-ES9) found unoccupied near the ferry.")
    assert plate.quantities == []


def test_poll_shares_of_different_answers_do_not_dispute(nlp):
    opposite = "Fourteen percent said the choice made them likelier to back Brandt, while 17 percent said the opposite."
    overall = "Overall, 49 percent of harbour voters said they would back Halvorsen, while 45 percent backed Brandt."
    assert _conflict(nlp, opposite, overall, 0.85) is None


def test_a_negated_word_agrees_with_its_opposite(nlp):
    cannot = "Three harbour councillors say they cannot back the levy without changes."
    oppose = "Three harbour councillors said on Tuesday they will oppose the levy in its current form."
    assert _conflict(nlp, cannot, oppose, 0.8) is None
    support = "Three harbour councillors say they would back the levy in its current form."
    assert _conflict(nlp, support, oppose, 0.8).kind == "antonym"


def test_two_units_denying_the_same_thing_agree(nlp):
    said = 'Brandt said the mayor\'s plan for $3.2 billion in new harbour fees "can\'t pass the council."'
    quoted = '"The mayor has asked for $3.2 billion in harbour fees that cannot pass the council," Brandt said.'
    assert _conflict(nlp, said, quoted, 0.85) is None


def test_units_whose_figures_share_nothing_do_not_link_as_one_claim(nlp):
    # Two series told alike are neither a dispute nor one claim; a shared figure keeps the link.
    from manysides.compare.align import score_pairs

    headline = _single(nlp, "a", "The harbour jobless rate rose to 6.4 percent in June from 6.3 percent in May.")
    broad = _single(nlp, "b", "The broader harbour jobless rate jumped to 11.9 percent from 11.2 percent in May.")
    same = _single(nlp, "c", "In June the harbour jobless rate climbed to 6.4 percent, the office said.")
    links = score_pairs([headline, broad, same], {(0, 1): 0.9, (0, 2): 0.9})
    assert [(link.i, link.j, link.contradiction) for link in links] == [(0, 2, None)]


def test_a_scale_word_belongs_to_the_figure_it_follows(nlp):
    unit = _single(nlp, "a", "The harbour labour force rose by 312,000 to 4.6 million in October.")
    assert unit.quantities[0].value.lstrip("$") == "312000"  # NER may call the range money


def test_one_country_under_two_names_holds_one_figure(nlp):
    pledge = "The U.S. has pledged to cut its harbour emissions by 30 percent by 2035."
    other_name = "The United States promised to cut its harbour emissions by 30 percent by 2040."
    found = _conflict(nlp, pledge, other_name, 0.85)
    assert found is not None and found.detail == "2035 vs 2040"
    other_country = "Canada has pledged to cut its harbour emissions by 30 percent by 2040."
    assert _conflict(nlp, pledge, other_country, 0.85) is None


def test_a_percentage_a_participle_reaches_is_a_share_of_its_noun(nlp):
    cut = "The harbour board has pledged to cut its overall fuel use by 30 percent by 2035."
    share = "That includes a pledge to raise the share of power generated by wind turbines to 45 percent by 2035."
    assert _single(nlp, "b", share).quantities[0].kind_of.startswith("share power")
    assert _conflict(nlp, cut, share, 0.8) is None


def test_where_a_change_began_is_a_start_and_where_it_went_is_not(nlp):
    up = "Members formed 29 percent of the harbour electorate, up slightly from 26 percent in 2012."
    assert [q.start for q in _single(nlp, "u", up).quantities if q.kind == "percent"] == [False, True]
    share = "The share of young voters grew from 12% in 2016 to 14% in this election."
    assert [q.start for q in _single(nlp, "s", share).quantities if q.kind == "percent"] == [True, False]


def test_a_lone_sentence_disputing_a_stated_claim_joins_its_group():
    # Two sources state the 2030 pledge; a third gives 2025 and links well with only one of them, so
    # average linkage alone would leave it out and the dispute would go unreported.
    from manysides.compare.align import DISPUTE_MIN_SCORE, Pair, join_lone_dissenters
    from manysides.compare.contradiction import Contradiction
    from manysides.extract.claims import ClaimUnit

    units = [ClaimUnit(doc, 0, 10, "pledge") for doc in ("a", "b", "c", "a")]
    dispute = Contradiction("number", "2030 vs 2025", 0.8)
    strong, weak = DISPUTE_MIN_SCORE + 0.05, DISPUTE_MIN_SCORE - 0.05
    stated = [[0, 1], [2]]
    assert join_lone_dissenters(stated, units, [Pair(1, 2, 0.8, strong, dispute)]) == [[0, 1, 2]]
    # a loosely alike sentence stays apart, and so does one whose document already states the claim
    assert join_lone_dissenters(stated, units, [Pair(1, 2, 0.6, weak, dispute)]) == stated
    assert join_lone_dissenters([[0, 1], [3]], units, [Pair(1, 3, 0.8, strong, dispute)]) == [[0, 1], [3]]
    # a group never joins another group: only a lone sentence moves
    assert join_lone_dissenters([[0, 1], [2, 3]], units, [Pair(1, 2, 0.8, strong, dispute)]) == [[0, 1], [2, 3]]


def test_a_poll_lead_on_one_issue_is_not_the_overall_lead(nlp):
    overall = "Overall, Brandt is leading Tolland among harbour voters, 44 percent to 39 percent."
    on_budget = ("Among harbour voters, Brandt enjoys a clear lead over the mayor on handling the budget -- "
                 "46 percent to 27 percent.")
    assert _conflict(nlp, overall, on_budget, 0.8) is None
    # the same question with two figures is still a dispute, however the lead is worded
    other = ("Among harbour voters, Brandt holds a wide lead over the mayor on handling the budget -- "
             "52 percent to 27 percent.")
    assert _conflict(nlp, on_budget, other, 0.9).kind == "number"
    assert _conflict(nlp, overall, overall.replace("44", "48"), 0.9).kind == "number"
