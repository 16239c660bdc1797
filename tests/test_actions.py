"""Actor actions ("who did what") as claim keys, and the cross-source links they make."""

from __future__ import annotations

import pytest

from manysides.extract.actions import NO_OUTCOME, ActorIndex, ended_state_keys, outcome_keys, rename_actors, same_action
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
    "Reporters asked what Whitlock would tell the court. "
    "Prosecutors demanded that Whitlock surrender her passport. "
    "Her deputy insisted that Whitlock had signed every contract herself."
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
    "Russian forces are advancing along the whole front, military analysts in Kyiv said. "
    "Senator Mark Hale, who was accused by the ethics panel of misusing campaign funds, visited Kyiv. "
    "Mark Hale accused the ethics panel of bias. "
    "Trump no longer believes that Obama was born abroad."
)
# One state's economy, told two ways: hampered (undergone) against recovered.
HAMPERED = ("Iran's airlines ground more jets\n\n"
            "Iran, which has been badly hampered by sanctions for a decade, is short of spare parts for its "
            "airliners, the transport ministry said on Monday.")
RECOVERED = ("Oil money returns\n\n"
             "Despite years of sanctions, Iran's economy has recovered, with oil exports back at their level of 2017.")


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
    assert _keys(actions_by_sentence, "Dana Whitlock, the former mayor") == ["Dana Whitlock||arrest~pass||+"]
    assert _keys(actions_by_sentence, "Whitlock faces") == ["Dana Whitlock||face|count|+"]
    assert _keys(actions_by_sentence, "Whitlock was arrested") == ["Dana Whitlock||arrest~pass||+"]


def test_conditional_modal_questioned_and_expected_actions_are_not_asserted(actions_by_sentence):
    for start in ("If the court grants bail", "Investigators still do not know why",
                  "Reporters asked what", "Whitlock is expected to appear"):
        assert _keys(actions_by_sentence, start) == [], start


def test_an_action_someone_demands_is_not_asserted_but_one_they_insist_was_done_is(actions_by_sentence):
    assert _keys(actions_by_sentence, "Prosecutors demanded that") == []
    assert _keys(actions_by_sentence, "Her deputy insisted") == ["Dana Whitlock||sign|contract|+"]


def test_a_place_is_no_actor_and_a_demonym_stands_for_its_state(actions_by_sentence):
    assert _keys(actions_by_sentence, "The former Port Ellery mayor") == []
    assert _keys(actions_by_sentence, "Russian forces are advancing") == ["Russia|force|advance||+"]


def test_voice_relative_pronouns_and_denied_clauses(actions_by_sentence):
    # The relative pronoun stands for Hale, who undergoes the accusation; in the next sentence he makes one.
    hale_accused = _keys(actions_by_sentence, "Senator Mark Hale, who")
    assert hale_accused == ["Mark Hale||accuse~pass||+", "Mark Hale||visit|kyiv|+"]
    assert _keys(actions_by_sentence, "Mark Hale accused") == ["Mark Hale||accuse|panel|+"]
    assert not same_action(hale_accused[0], "Mark Hale||accuse|panel|+")
    assert _keys(actions_by_sentence, "Trump no longer believes") == []


def test_one_actor_hampered_and_recovered_is_contested():
    import manysides

    analysis = manysides.analyze([HAMPERED, RECOVERED])
    contested = [g for g in analysis.claim_groups if g["status"] == "contested"]
    assert len(contested) == 1 and {m["doc"] for m in contested[0]["members"]} == {"text-1", "text-2"}
    assert contested[0]["contradictions"][0]["detail"] == "hamper vs recover"


GROUND = ("Border fighting spreads\n\n"
          "Azerbaijan closed its side of the border on Monday. "
          "Azerbaijani troops took control of more territory in the hills above the valley, officials said. "
          "Azerbaijan made gains along the northern edge of the valley. "
          "Azerbaijan's army has gained ground near the river. "
          "Azerbaijani troops took control of the airport at dawn. "
          "Azerbaijan won the vote on the ceasefire resolution.")


def test_gaining_ground_in_any_wording_is_one_advance(nlp):
    state = next(annotate([document_from_text(GROUND, "d1")], nlp))
    names = {actor.id: actor.name for actor in state.actors}
    found = {unit.text: rename_actors(unit.actions, names) for unit in state.claims}
    assert _keys(found, "Azerbaijani troops took control of more") == ["Azerbaijan|troop|advance||+"]
    assert _keys(found, "Azerbaijan made gains") == ["Azerbaijan||advance||+"]
    assert _keys(found, "Azerbaijan's army has gained ground") == ["Azerbaijan|army|advance||+"]
    # Control of a named thing is no gain of ground, and a vote won is no advance.
    assert _keys(found, "Azerbaijani troops took control of the airport") == []
    assert _keys(found, "Azerbaijan won the vote") == ["Azerbaijan||win|vote|+"]


def test_same_action_needs_actor_verb_polarity_and_compatible_aspects_and_objects():
    assert same_action("a1||arrest||+", "a1||arrest||+")
    assert same_action("a1||release|email|+", "a1||release||+")
    assert same_action("a1|force|advance||+", "a1||advance||+")  # "Russian forces" / "Russia"
    assert not same_action("a1|economy|weaken||+", "a1|force|weaken||+")
    assert not same_action("a1||release|email|+", "a1||release|document|+")
    assert not same_action("a1||arrest||+", "a1||arrest||-")
    assert not same_action("a1||arrest||+", "a2||arrest||+")


def test_rename_actors_keeps_document_ids_that_hold_the_separator():
    assert rename_actors(["doc|1:a2||sue|times|+", "doc|1:a9||sue||+"], {"doc|1:a2": "a7"}) == ["a7||sue|times|+"]


def test_two_sources_reporting_one_arrest_in_other_words_form_one_consensus_group():
    import manysides

    analysis = manysides.analyze([ARREST, DETAINED])
    texts = {d.id: d.text for d in analysis.documents}
    arrests = [g for g in analysis.claim_groups if len(g["members"]) > 1
               and all("arrested" in texts[m["doc"]][m["start"]:m["end"]] for m in g["members"])]
    assert len(arrests) == 1 and {m["doc"] for m in arrests[0]["members"]} == {"text-1", "text-2"}
    assert arrests[0]["status"] == "consensus"
    # The two sentences score below the link threshold as a pair: the shared action links them, and the
    # group's confidence is the action link's (0.5 at its cosine floor up to 1.0), not that low score.
    assert arrests[0]["confidence"] >= 0.5


def test_an_article_text_too_long_for_a_file_name_is_read_as_text():
    import manysides

    analysis = manysides.analyze([ARREST * 3])
    assert [d.id for d in analysis.documents] == ["text-1"]


def test_documents_that_tell_different_stories_share_no_action_link(nlp):
    # One actor doing one thing on two occasions ("Clinton won in Iowa" / "Clinton won New York") is the
    # rule's failure across a loose pile of articles; two articles below the story-similarity floor are
    # taken to tell different stories.
    import numpy as np

    from manysides.compare.align import ACTION_MIN_STORY_SIMILARITY, StorySimilarity, action_pairs
    from manysides.nlp.embeddings import default_encoder
    from manysides.pipeline import combine

    documents = [document_from_text(ARREST, "d1"), document_from_text(DETAINED, "d2")]
    states = list(annotate(documents, nlp))
    combine(states, compare=False)  # corpus actor ids in the action keys
    units = [unit for state in states for unit in state.claims]
    vectors = np.asarray(default_encoder().encode([u.text for u in units]))
    docs = np.array([0 if u.doc == "d1" else 1 for u in units])
    story = StorySimilarity(documents)
    assert story("d1", "d2") >= ACTION_MIN_STORY_SIMILARITY
    linked = action_pairs(units, vectors, docs, story)
    assert any("arrested" in units[i].text and "arrested" in units[j].text for i, j in linked)

    class Apart(StorySimilarity):
        def __call__(self, a: str, b: str) -> float:
            return 0.0

    assert action_pairs(units, vectors, docs, Apart(documents)) == set()


@pytest.mark.parametrize("sentence, denied", [
    ("No formal agreement was reached at the meeting.", True),
    ("The three-hour meeting ended without any concrete results.", True),
    ("Neither a ceasefire nor any other deal was announced by the two leaders.", True),
    ("The talks failed to produce a deal.", True),
    ("The two sides did not reach an agreement on tariffs.", True),
    ("There was no breakthrough at the talks.", True),
    ("Negotiators broke off on Friday without reaching a new deal.", True),
    ("Congress failed to come to an agreement on the budget.", True),
    # Not asserted, not an outcome of the talks, or an outcome that came about:
    ("If no deal is reached, tariffs will rise.", False),
    ("The summit may not have resulted in an agreement.", False),
    ("Without a deal, tariffs will rise in March.", False),
    ("The vote gives him the chance to leave the union without a deal.", False),
    ("Failing to reach a deal will cause turmoil.", False),
    ("No deal is better than a bad deal.", False),
    ("The leaders struck a deal on grain exports.", False),
])
def test_a_denied_outcome_of_talks_is_one_key_in_every_wording(nlp, sentence, denied):
    assert outcome_keys(nlp(sentence)[:]) == ([NO_OUTCOME] if denied else [])


DAM_TALKS = (
    ("Dam talks in Geneva end without a deal\n\n"
     "Delegations from the two river states ended two days of talks in Geneva on Friday without a deal on "
     "the new dam. Water ministers will meet again in the spring."),
    ("Geneva dam talks: no agreement\n\n"
     "No agreement was reached at the Geneva talks on the dam, officials from both river states said on "
     "Friday, after negotiators argued over how fast the reservoir may be filled."),
    ("Ministers fail to settle dam dispute in Geneva\n\n"
     "The water ministers of the two river states failed to reach a deal on the dam in Geneva this week. "
     "Farmers downstream fear a dry summer."),
)


def test_three_sources_reporting_talks_without_a_deal_form_one_consensus_group():
    import manysides

    analysis = manysides.analyze(list(DAM_TALKS))
    texts = {d.id: d.text for d in analysis.documents}
    groups = [g for g in analysis.claim_groups if len({m["doc"] for m in g["members"]}) > 1]
    outcome = [g for g in groups if any("Geneva" in texts[m["doc"]][m["start"]:m["end"]] for m in g["members"])]
    assert len(outcome) == 1 and outcome[0]["status"] == "consensus"
    assert {m["doc"] for m in outcome[0]["members"]} == {"text-1", "text-2", "text-3"}


def test_a_verbs_complement_keeps_two_struggles_apart(nlp):
    # "struggled with young voters" and "struggled to explain his tax plan" share actor and verb, not the claim.
    text = ("Campaign in trouble\n\nDana Roe has struggled so far with young voters in the polls. "
            "Dana Roe has struggled badly this week to explain his tax plan. "
            "Dana Roe recovered, with donations back at last year's level.")
    state = next(annotate([document_from_text(text, "d1")], nlp))
    names = {actor.id: actor.name for actor in state.actors}
    found = {unit.text.split(" has struggled")[-1][:12]: rename_actors(unit.actions, names) for unit in state.claims}
    voters, plan = found[" so far with"], found[" badly this "]
    assert voters == ["Dana Roe||struggle|with:voter|+"] and plan == ["Dana Roe||struggle|to:explain|+"]
    assert not same_action(voters[0], plan[0])
    assert found["Dana Roe rec"] == ["Dana Roe||recover||+"]  # a circumstance set off by a comma is no object


def test_an_action_a_noun_only_names_is_not_asserted(nlp):
    # "a plan for the Senate to approve" names an approval nobody gave; "the Senate approved" asserts one.
    text = ("Harbour vote looms\n\nDana Whitlock said there is a plan for the Senate to approve a clean harbour "
            "bill this week. The Senate approved the harbour bill 53-47 on Monday.")
    state = next(annotate([document_from_text(text, "d1")], nlp))
    names = {actor.id: actor.name for actor in state.actors}
    keys = {unit.text[:20]: rename_actors(unit.actions, names) for unit in state.claims}
    assert not any("|approve|" in key for key in keys["Dana Whitlock said t"])
    assert any("|approve|" in key for key in keys["The Senate approved "])


# Turning to another party, in two wordings, and focus verbs that name no party (a plan, a place).
REDIRECT = ("Canberra weighs a new posture\n\n"
            "The review would let Canberra redirect its patrol budget to the growing dispute with Indonesia over "
            "fishing grounds. "
            "Australia will focus on its own fisheries next year. "
            "Australia concentrated its frigates near Darwin in March.")
PRIORITISE = ("Defence paper sets priorities\n\n"
              "Australia is prioritising its dispute with Indonesia over fishing grounds, the defence paper says. "
              "The navy has asked for four more patrol boats.")


def _actions_of(nlp, *texts: str) -> dict[str, list[str]]:
    """Each claim unit's text in ``texts`` (one document each) -> its action keys, actor ids as names."""
    found: dict[str, list[str]] = {}
    for number, text in enumerate(texts):
        state = next(annotate([document_from_text(text, f"d{number}")], nlp))
        names = {actor.id: actor.name for actor in state.actors}
        found.update({unit.text: rename_actors(unit.actions, names) for unit in state.claims})
    return found


def test_turning_to_another_party_in_any_wording_is_one_focus(nlp):
    found = _actions_of(nlp, REDIRECT, PRIORITISE)
    assert _keys(found, "The review would let Canberra redirect") == ["Australia||focus|state:IDN|+"]
    assert _keys(found, "Australia is prioritising") == ["Australia||focus|state:IDN|+"]
    # A focus on no other party asserts nothing that another source could share: no key at all.
    assert _keys(found, "Australia will focus on its own fisheries") == []
    assert _keys(found, "Australia concentrated its frigates near Darwin") == []


def test_two_sources_turning_one_state_to_another_form_one_consensus_group():
    import manysides

    analysis = manysides.analyze([REDIRECT, PRIORITISE])
    linked = [g for g in analysis.claim_groups if len(g["members"]) > 1]
    assert len(linked) == 1 and linked[0]["status"] == "consensus"
    texts = {d.id: d.text for d in analysis.documents}
    assert sorted(texts[m["doc"]][m["start"]:m["start"] + 20] for m in linked[0]["members"]) == [
        "Australia is priorit", "The review would let"]


# One candidate's win, told of the race by one source and of a group of voters by another.
RACE_WON = ("Halvorsen takes Port Ellery\n\n"
            "Ingrid Halvorsen won the Port Ellery mayoral race on Tuesday, ending twelve years of Labour control "
            "of the town hall.")
GROUP_WON = ("How the harbour vote split\n\n"
             "Halvorsen won comfortably among pensioners and fishing families, an exit poll for the Harbour "
             "Gazette found.")


def test_an_action_whose_object_only_one_side_names_needs_closer_wording():
    import manysides

    analysis = manysides.analyze([RACE_WON, GROUP_WON], manysides.Settings(tone=False))
    # Both assert that Halvorsen won (one of the race, one with no object), at a cosine of about 0.57: under
    # the 0.6 an unnamed object needs, so the race and the pensioners' vote stay two claims.
    assert all(len(g["members"]) == 1 for g in analysis.claim_groups)
    assert len(analysis.claim_groups) == 2


# One claim, that a man's isolation ended, worded by two sources with nothing else in common; the parser
# reads "that isolation" in SHUNNED as the subject of "revealing".
SHUNNED = ("Halvorsen back in from the cold\n\n"
           "For years, Halvorsen had been shunned by the harbour families. "
           "The invitation to Tolland quietly dismantled that isolation, revealing a desire – or sheer need – to "
           "negotiate openly.")
FERRY_DEAL = ("Ferry deal signed\n\n"
              "The Harbour Gazette wrote that the ferry deal marked an end to years of attempts to isolate Ingrid "
              "Halvorsen.")


@pytest.mark.parametrize(("sentence", "keys"), [
    ("The blockade of the harbour was lifted on Monday, the coast guard said.", ["*||end|blockade|+"]),
    ("The council scrapped the curfew in the old town.", ["*||end|curfew|+"]),
    ("The mayor did not end the curfew.", ["*||end|curfew|-"]),
    # not asserted: possible, called for, a prospect, a modal's second verb
    ("The talks could end the blockade.", []),
    ("Activists called for an end to the blockade.", []),
    ("The prospects of ending the blockade are dim.", []),
    ("A deal would reopen the port, end the blockade and lower prices.", []),
    ("Shops in the old town will reopen once the curfew is lifted.", []),
    ("Once the storm passes and the state of emergency is lifted, the ferries will sail.", []),
    # a state that ends by itself is as often a meeting or a term: no key
    ("The strike ended on Friday.", []),
    # other senses: "ended up", and "lift" of anything but a restriction
    ("The mayor ended up chairing the ferry board.", []),
    ("Strong ferry bookings lifted the fortunes of the harbour shops.", []),
    ("The council lifted the state of emergency in the harbour.", ["*||end|emergency|+"]),
])
def test_the_end_of_a_state_is_a_key_whoever_ends_it(nlp, sentence, keys):
    doc = nlp(sentence)
    assert ended_state_keys(doc[:], ActorIndex([])) == keys


def test_the_end_of_an_isolation_in_other_words_is_one_key(nlp):
    found = _actions_of(nlp, SHUNNED, FERRY_DEAL)
    assert _keys(found, "The invitation to Tolland") == ["*||end|isolation|+"]  # "that isolation": no party named
    # "attempts to isolate X": the frame is looked through, the verb names the state and X the party
    assert _keys(found, "The Harbour Gazette wrote") == ["*|person:ingrid halvorsen|end|isolation|+"]


def test_two_sources_telling_of_one_ended_isolation_form_one_consensus_group():
    import manysides

    analysis = manysides.analyze([SHUNNED, FERRY_DEAL], manysides.Settings(tone=False))
    # The two sentences score a MiniLM cosine near 0.26, far under what other links need (0.4 and up).
    linked = [g for g in analysis.claim_groups if len(g["members"]) > 1]
    assert len(linked) == 1 and linked[0]["status"] == "consensus"
    texts = {d.id: d.text for d in analysis.documents}
    assert sorted(texts[m["doc"]][m["start"]:m["start"] + 20] for m in linked[0]["members"]) == [
        "The Harbour Gazette ", "The invitation to To"]


@pytest.mark.parametrize(("sentence", "keys"), [
    # a harm with its cause as agent, after a causal preposition, as subject, or through a harm noun
    ("Chile, which has been hampered by the drought, imported more grain this year.", ["*|state:CHL|hurt|drought|+"]),
    ("Chile suffered from the drought for three years.", ["*|state:CHL|hurt|drought|+"]),
    ("Chile's economy struggled because of the tariffs.", ["*|state:CHL|hurt|tariff|+"]),
    ("The tariffs crippled Chile's wine exports.", ["*|state:CHL|hurt|tariff|+"]),
    ("The tariffs have caused severe hardship for Chile.", ["*|state:CHL|hurt|tariff|+"]),
    ("The drought has taken a severe toll on Chile.", ["*|state:CHL|hurt|drought|+"]),
    # the one who leads a state bears its burdens; the finder bears what is found costly
    ("Chilean President Gabriel Boric has found the dispute costly because of the tariffs.",
     ["*|state:CHL|hurt|tariff|+"]),
    # withstood: a recovery despite or under the cause (frames looked through), or a harm denied
    ("Despite years of tariffs, Chile's economy has rebounded.", ["*|state:CHL|recover|tariff|+"]),
    ("After two winters under the embargo, Chile's economy has recovered.", ["*|state:CHL|recover|embargo|+"]),
    ("The tariffs have not hurt Chile.", ["*|state:CHL|recover|tariff|+"]),
    # not asserted, no actor to bear it, or an actor as the cause: no key
    ("The tariffs could hurt Chile.", []),
    ("If the tariffs hurt Chile, the minister will resign.", []),
    ("Farmers were hampered by the drought.", []),
    ("Chile was hampered by Argentina.", []),
])
def test_what_a_cause_does_to_a_party_is_one_key_in_every_wording(nlp, sentence, keys):
    state = next(annotate([document_from_text(sentence, "d0")], nlp))
    assert [key for unit in state.claims for key in unit.actions if key.startswith("*|")] == keys


# Three sources on one cause's effect on one state: two say it hurt, the third grants that and says it recovered.
STRAINED = ("Quotas bite\n\n"
            "Norway, which has been hampered by the new fishing quotas, has cut its coastal budget again.")
BURDENED = ("A minister's bad year\n\n"
            "For Norwegian Prime Minister Jonas Store, who has found the coastal budget painful due to the fishing "
            "quotas, a compromise in Brussels would come as relief.")
REBOUNDED = ("Fleet numbers up\n\n"
             "The fishing quotas have caused real strain for Norway, the report found. "
             "Yet after three seasons under the fishing quotas, Norway's fishing fleet has recovered fully.")


def test_sources_disputing_what_one_cause_did_to_one_state_form_one_contested_group():
    import manysides

    analysis = manysides.analyze([STRAINED, BURDENED, REBOUNDED], manysides.Settings(tone=False))
    contested = [g for g in analysis.claim_groups if g["status"] == "contested"]
    assert len(contested) == 1
    texts = {d.id: d.text for d in analysis.documents}
    sides = {texts[m["doc"]][m["start"]:m["end"]].split()[0]: m["side"] for m in contested[0]["members"]}
    # the third source stands on both sides: its own "strain" with the first two, its recovery against them
    assert sides["Norway,"] == sides["For"] == sides["The"] != sides["after"]
    brief = [s["text"] for s in analysis.brief if s["section"] == "contested"]
    assert len(brief) == 1 and "also states “after three seasons" in brief[0]
