"""Actors: extraction per document and merging across documents (invented sentences, real public names)."""

from __future__ import annotations

from pathlib import Path

import pytest

from manysides.extract.actor_merge import merge_actors
from manysides.extract.actors import extract_actors
from manysides.io.boilerplate import mark_boilerplate
from manysides.model import Actor, Document, Region

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def nlp():
    from manysides.nlp.pipeline import load_pipeline

    try:
        return load_pipeline()
    except Exception as exc:  # pragma: no cover - depends on the machine
        pytest.skip(f"spaCy pipeline unavailable: {exc}")


def actors_of(nlp, text: str, doc_id: str = "d1", boilerplate: list[Region] | None = None) -> list[Actor]:
    document = Document(doc_id, text, boilerplate=boilerplate or [])
    return extract_actors(document, nlp(text))


def actors_with_entity(nlp, text: str, name: str, label: str, after: str = "") -> list[Actor]:
    """The actors of ``text`` when NER labels ``name`` (its first occurrence after ``after``) as ``label`` (to test
    a labelling the model gives elsewhere)."""
    sdoc = nlp(text)
    start = text.index(name, text.index(after))
    forced = sdoc.char_span(start, start + len(name), label=label)
    sdoc.ents = [e for e in sdoc.ents if e.end <= forced.start or e.start >= forced.end] + [forced]
    return extract_actors(Document("d1", text), sdoc)


def by_key(actors: list[Actor], key: str) -> Actor:
    found = [a for a in actors if a.key == key]
    assert found, f"no actor {key} in {[a.key for a in actors]}"
    return found[0]


def texts(actor: Actor) -> list[str]:
    return [m.text for m in actor.mentions]


def merged_people(nlp, *documents: str) -> list[Actor]:
    """The corpus's people when each text is one document (ids d1, d2, ...), most mentioned first."""
    merged, _ = merge_actors([actors_of(nlp, text, f"d{n}") for n, text in enumerate(documents, start=1)])
    return [a for a in merged if a.kind == "person"]


def test_surname_takes_full_name(nlp):
    actors = actors_of(nlp, "Vladimir Putin arrived on Friday. Later, Putin's aides said Putin was tired.")
    putin = by_key(actors, "person:vladimir putin")
    assert putin.name == "Vladimir Putin" and putin.kind == "person"
    assert [m.kind for m in putin.mentions] == ["name", "surname", "surname"]
    assert texts(putin)[1] == "Putin"  # the possessive is stripped
    assert not [a for a in actors if a.key == "person:putin"]


def test_a_surname_that_is_also_a_verb_is_a_person_where_ner_calls_it_an_organisation(nlp):
    # NER labels the speaking "Trump" and the possessive one ORG here, and "trump" is an English verb; it
    # is a noun too, so the word is no mere common word: the person speaks, and every mention is found.
    text = ("Harbour talks resume\n\n"
            "The meeting was seen as a bold bet by the Trump administration. "
            "While Trump insisted that any deal on the fishing grounds was for Norway to decide, his earlier "
            "remarks about “trading” waters worried officials in Oslo. "
            "Despite Trump’s declared reluctance to talk tariffs before a settlement, the delegation brought "
            "trade officials.")
    (trump,) = [a for a in actors_of(nlp, text) if "Trump" in a.name]
    assert trump.kind == "person" and texts(trump) == ["Trump", "Trump", "Trump"]


def test_title_and_role_resolve_to_person(nlp):
    text = ("Russian President Vladimir Putin met President Trump in Anchorage. "
            "The Russian president later told reporters that the Russian leader had no regrets.")
    actors = actors_of(nlp, text)
    putin = by_key(actors, "person:vladimir putin")
    kinds = {(m.text, m.kind) for m in putin.mentions}
    assert ("Russian President Vladimir Putin", "title") in kinds
    assert ("Russian president", "role") in kinds and ("Russian leader", "role") in kinds
    trump = by_key(actors, "person:trump")
    assert ("President Trump", "title") in {(m.text, m.kind) for m in trump.mentions}
    assert not [a for a in actors if a.key == "demonym:RUS"]  # "Russian President" is a modifier


def test_appositive_binds_role(nlp):
    text = "Keir Starmer, the British prime minister, spoke first. Later the British prime minister left."
    starmer = by_key(actors_of(nlp, text), "person:keir starmer")
    assert [m.kind for m in starmer.mentions].count("role") == 2


def test_ambiguous_role_is_not_resolved(nlp):
    text = "President Joe Biden called President Emmanuel Macron. The president said little."
    actors = actors_of(nlp, text)
    assert all("president said" not in m.text and m.text != "president" for a in actors for m in a.mentions)


def test_metonyms_are_the_state(nlp):
    actors = actors_of(nlp, "The Kremlin rejected the plan, and Moscow recalled its envoy. Russia was silent.")
    russia = by_key(actors, "state:RUS")
    assert russia.kind == "state" and russia.name == "Russia"
    kinds = {m.text: m.kind for m in russia.mentions}
    assert kinds == {"Kremlin": "metonym", "Moscow": "metonym", "Russia": "name"}


def test_seat_of_government_and_capital_variants(nlp):
    actors = actors_of(nlp, "Downing Street and the White House disagreed, while Kiev and Kyiv waited.")
    assert texts(by_key(actors, "state:GBR")) == ["Downing Street"]
    assert texts(by_key(actors, "state:USA")) == ["White House"]
    assert texts(by_key(actors, "state:UKR")) == ["Kiev", "Kyiv"]


def test_united_states_variants_merge(nlp):
    text = "The US and the U.S. Congress differ. America, the United States of America, the United States: one state."
    usa = by_key(actors_of(nlp, text), "state:USA")
    assert usa.name == "United States"
    assert {"US", "America", "United States of America", "United States"} <= set(texts(usa))
    assert {m.kind for m in usa.mentions} <= {"name", "abbreviation"}


def test_demonym_is_a_group_not_the_state(nlp):
    actors = actors_of(nlp, "The Russians advanced and Ukrainians resisted. Russia denied it.")
    group = by_key(actors, "demonym:RUS")
    assert group.kind == "group" and group.name == "Russians" and texts(group) == ["Russians"]
    assert by_key(actors, "demonym:UKR").mentions[0].kind == "demonym"
    assert texts(by_key(actors, "state:RUS")) == ["Russia"]


def test_organisation_abbreviations(nlp):
    text = "NATO met. The North Atlantic Treaty Organization and the European Union, or EU, agreed with the IMF."
    actors = actors_of(nlp, text)
    nato = by_key(actors, "org:NATO")
    assert nato.kind == "organisation" and set(texts(nato)) == {"NATO", "North Atlantic Treaty Organization"}
    assert set(texts(by_key(actors, "org:EU"))) == {"European Union", "EU"}
    assert by_key(actors, "org:IMF").mentions[0].kind == "abbreviation"


def test_first_name_takes_the_one_full_name_it_begins(nlp):
    text = ("Maria Keller was detained at the border in May. Her brother, Tom Keller, said Maria had done "
            "nothing wrong. Maria was released on Friday.")
    maria = by_key(actors_of(nlp, text), "person:maria keller")
    assert texts(maria) == ["Maria Keller", "Maria", "Maria"]
    assert [m.kind for m in maria.mentions[1:]] == ["first_name", "first_name"]
    two = actors_of(nlp, "Maria Keller and Maria Lopez spoke. Later Maria left.")
    assert "person:maria" in {a.key for a in two}  # two full names start with Maria: left alone


def test_surname_with_a_particle_takes_the_full_name(nlp):
    first = actors_of(nlp, "Rep. Jefferson Van Drew of New Jersey voted no. Van Drew said he would switch "
                           "parties, and Van Drew met the president on Friday.", "d1")
    drew = by_key(first, "person:jefferson van drew")
    assert texts(drew)[1:] == ["Van Drew", "Van Drew"] and "person:van drew" not in {a.key for a in first}
    second = actors_of(nlp, "Only Van Drew, who is leaving the party, voted against both articles.", "d2")
    merged, _ = merge_actors([first, second])
    assert len(by_key(merged, "person:jefferson van drew").mentions) == 4
    jones = actors_of(nlp, "The activist Van Jones said on Monday that the vote was close. On Tuesday, Jones said it "
                           "again.")
    assert texts(by_key(jones, "person:van jones")) == ["Van Jones", "Jones"]  # here "Van" is a first name


def test_a_title_after_a_place_of_several_words_starts_after_it(nlp):
    # "Jersey" alone is a Crown dependency; "New Jersey" is a US state, no part of the title.
    (drew,) = [a for a in actors_of(nlp, "New Jersey Rep. Jefferson Van Drew voted no.") if a.kind == "person"]
    assert texts(drew) == ["Rep. Jefferson Van Drew"]
    (moon,) = [a for a in actors_of(nlp, "South Korean President Moon Jae-in met envoys.") if a.kind == "person"]
    assert texts(moon) == ["South Korean President Moon Jae-in"]


def test_a_name_running_into_page_furniture_ends_where_it_begins(nlp):
    card = "Donald John TrumpDem lawmaker says the wall will hold Five takeaways from the hearing MORE"
    text = f"House Democrats voted to impeach President Trump {card} on Wednesday. Trump denied wrongdoing."
    start = text.index(card)
    actors = actors_of(nlp, text, boilerplate=[Region(start, start + len(card), "link_card")])
    people = {a.key for a in actors if a.kind == "person"}
    assert "person:trump donald" not in people and "person:trump" in people


def test_names_of_things_are_not_people(nlp):
    # From the coverage of the 2012 contempt vote on the Attorney General: an operation, an agency and an
    # organisation whose name opens with a word that can also open a title.
    text = ("Investigators probed Fast and Furious, which let guns slip into Mexico. The shootout left a "
            "Border Patrol agent dead, and Border Patrol officials said more. The National Rifle Association "
            "said it would score the vote. St. Louis County said the curfew would end.")
    actors = actors_of(nlp, text)
    assert not [a.name for a in actors if a.kind == "person"]
    assert "National Rifle Association" in {a.name for a in actors}


def test_two_initials_tell_a_father_from_a_son(nlp):
    first = actors_of(nlp, "The former president George H. W. Bush died on Friday at the age of 94.", "d1")
    second = actors_of(nlp, "His son George W. Bush said his father was a man of the highest character.", "d2")
    merged, _ = merge_actors([first, second])
    assert sorted(a.name for a in merged if a.kind == "person") == ["George H. W. Bush", "George W. Bush"]
    one = actors_of(nlp, "George H. W. Bush died on Friday. His son George W. Bush spoke. George Bush wept.")
    assert sorted(a.name for a in one if a.kind == "person") == ["George H. W. Bush", "George W. Bush"]
    dotted = actors_of(nlp, "President George H.W. Bush signed the law in 1990. His son, President George W. "
                            "Bush, praised it.")
    assert sorted(a.name for a in dotted if a.kind == "person") == ["George H.W. Bush", "George W. Bush"]


def test_a_campaign_named_after_its_candidate_is_not_a_second_person(nlp):
    # "Team Romney" had been a person whose surname split Mitt Romney's mentions in three.
    text = ("The other wedge for Team Romney is the economy. Team Romney said on Monday it was confident. "
            "Mitt Romney spoke later. Romney said he was pleased.")
    people = {a.name: texts(a) for a in actors_of(nlp, text) if a.kind == "person"}
    assert list(people) == ["Mitt Romney"] and "Romney" in people["Mitt Romney"]


def test_a_generational_suffix_and_middle_initial_do_not_split_a_person(nlp):
    first = actors_of(nlp, "Chief Justice John G. Roberts Jr. wrote the opinion.", "d1")
    second = actors_of(nlp, "Chief Justice John Roberts joined the four liberal justices.", "d2")
    merged, _ = merge_actors([first, second])
    assert [a.key for a in merged if a.kind == "person"] == ["person:john roberts"]


def test_a_generational_suffix_without_a_shared_office_is_another_person(nlp):
    # The son is not the father: only a shared office (above, "Chief Justice") joins the two forms.
    people = merged_people(nlp, "President Donald Trump spoke at the White House on Monday.",
                           "Donald Trump Jr. posted a video on Monday. Trump Jr. later deleted it.")
    assert sorted(a.name for a in people) == ["Donald Trump", "Donald Trump Jr."]
    # An abbreviated title is the same office: "Sen. Joe Manchin III" is "Senator Joe Manchin".
    people = merged_people(nlp, "Sen. Joe Manchin III of West Virginia backed the bill.",
                           "Senator Joe Manchin said on Wednesday that the vote was close.")
    assert [a.key for a in people] == ["person:joe manchin"]


def test_live_blog_headings_make_no_people(nlp):
    # From a live blog of the 2013 Boston manhunt: title-case headings whose words act, and a verb
    # NER took into a name.
    text = ("Keller Speaks\n\nMayor Maria Keller said on Monday that the city owed the police a debt. Keller then "
            "thanked the officers.\n\n"
            "Update at 9:54 p.m. Suspect In Serious Condition:\n\nThe suspect was taken to hospital, and police "
            "said the suspect was injured.\n\nUpdate at 11 a.m. Suspect May Not Want To Be Taken Alive:\n\n"
            "A source said the suspect was armed.")
    people = {a.name: texts(a) for a in actors_of(nlp, text) if a.kind == "person"}
    assert people == {"Maria Keller": ["Keller", "Mayor Maria Keller", "Keller"]}
    live = ("Mayor Keller's Statement On Death Of Suspect\n\nThe suspect was found on Monday, and the suspect was "
            "armed, WKLM reported. WKLM said police were sweeping the area.")
    station = actors_of(nlp, live, boilerplate=mark_boilerplate(live))
    assert not [a.name for a in station if a.kind == "person"]  # headline-only names, call letters
    question = actors_of(nlp, "Will Obama Seek A Military Trial?\n\nThe Obama administration must decide soon. "
                              "Obama said he would wait.")
    assert [a.name for a in question if a.kind == "person"] == ["Obama"]
    dash = actors_of(nlp, "The first suspect - later named as Tamerlan Tsarnaev - left the car. Tsarnaev died.")
    assert [a.name for a in dash if a.kind == "person"] == ["Tamerlan Tsarnaev"]  # NER had "Tsarnaev - got"
    smith = actors_of(nlp, "Will Smith said the film would open in May. Smith smiled.")
    assert [a.name for a in smith if a.kind == "person"] == ["Will Smith"]
    jobs = actors_of(nlp, "Steve Jobs unveiled the phone. Jobs said it would change everything.")
    assert texts(by_key(jobs, "person:steve jobs")) == ["Steve Jobs", "Jobs"]


def test_renamed_company_is_named_both_ways(nlp):
    # Articles before 2023 say "Twitter" and later ones "X": the actor's name must read right in both.
    actors = actors_of(nlp, "The senator posted the video on Twitter, and Twitter later removed it.")
    company = by_key(actors, "org:X_CORP")
    assert company.name == "X (Twitter)" and set(texts(company)) == {"Twitter"}
    actors = actors_of(nlp, "The campaign bought ads on Facebook in June.")
    assert {a.name: texts(a) for a in actors if a.key == "org:META"} == {"Meta (Facebook)": ["Facebook"]}


def test_advocacy_groups_and_their_abbreviations(nlp):
    # "NRA" had been a place with 13 mentions beside "National Rifle Association" in the 2013 gun-vote coverage.
    first = actors_of(nlp, "The NRA opposed the background check bill, and the NRA said it would fail.", "d1")
    second = actors_of(nlp, "The National Rifle Association spent millions against it.", "d2")
    merged, _ = merge_actors([first, second])
    nra = by_key(merged, "org:NRA")
    assert nra.kind == "organisation" and nra.name == "National Rifle Association" and len(nra.mentions) == 3


def test_outlets(nlp):
    actors = actors_of(nlp, "The Financial Times reported it first, and Reuters and the BBC followed.")
    ft = by_key(actors, "outlet:financial times")
    assert ft.kind == "outlet" and ft.name == "Financial Times"
    assert by_key(actors, "outlet:reuters").kind == "outlet"
    assert by_key(actors, "outlet:bbc").kind == "outlet"


def test_washington_person_is_not_the_state(nlp):
    actors = actors_of(nlp, "George Washington crossed the river, long before Washington imposed tariffs.")
    assert by_key(actors, "person:george washington").kind == "person"
    assert texts(by_key(actors, "state:USA")) == ["Washington"]


def test_mention_offsets_are_exact(nlp):
    text = "U.S.-Russia talks: Donald Trump's envoy met Sergei Lavrov,\nthe Kremlin said; NATO’s chief agreed."
    document = Document("d9", text)
    for actor in extract_actors(document, nlp(text)):
        assert actor.id.startswith("d9:a")
        for mention in actor.mentions:
            assert text[mention.start:mention.end] == mention.text and mention.doc == "d9"


def test_boilerplate_is_skipped_but_titles_count(nlp):
    title = "Trump meets Putin\n"
    body = "Donald Trump spoke with Vladimir Putin.\n"
    footer = "Subscribe to the Financial Times for Angela Merkel news."
    text = title + body + footer
    regions = [Region(0, len(title), "title"), Region(len(title) + len(body), len(text), "footer")]
    actors = actors_of(nlp, text, boilerplate=regions)
    keys = {a.key for a in actors}
    assert "outlet:financial times" not in keys and "person:angela merkel" not in keys
    assert by_key(actors, "person:donald trump").mentions[0].start == 0


def test_cross_document_merge(nlp):
    first = actors_of(nlp, "Vladimir Putin met envoys. Putin smiled. NATO objected.", "d1")
    second = actors_of(nlp, "Putin spoke to Russia's parliament. Putin left. Nato shrugged.", "d2")
    merged, mapping = merge_actors([first, second])
    assert [a.id for a in merged] == [f"a{n}" for n in range(1, len(merged) + 1)]
    assert set(mapping) == {a.id for a in first + second}
    counts = [len(a.mentions) for a in merged]
    assert counts == sorted(counts, reverse=True)
    putin = [a for a in merged if a.kind == "person"]
    assert len(putin) == 1 and putin[0].name == "Vladimir Putin" and len(putin[0].mentions) == 4
    nato = [a for a in merged if a.key == "org:NATO"]
    assert len(nato) == 1 and len(nato[0].mentions) == 2


SUMMIT = ("Trump-Kim summit collapses in Hanoi\n\n"
          "President Donald Trump and North Korean leader Kim Jong-un cut short their Hanoi summit on Thursday. "
          "The Trump-Kim talks broke down over sanctions. Kim wanted the sanctions lifted, Trump said. "
          "An aide said the North had offered too little. "
          "South Korean President Moon Jae-in urged both sides to keep talking. Moon said he would meet Kim. "
          "Chinese President Xi Jinping welcomed the talks; Xi has met Kim four times.")


def test_family_names_written_first_take_the_full_name(nlp):
    # Chinese and Korean names: "Kim" is Kim Jong-un, "Moon" Moon Jae-in (NER stops at the hyphen), "Xi" Xi Jinping.
    actors = actors_of(nlp, SUMMIT)
    assert texts(by_key(actors, "person:kim jong un")).count("Kim") == 5  # three alone, two in "Trump-Kim"
    assert by_key(actors, "person:moon jae in").name == "Moon Jae-in"
    assert "Moon" in texts(by_key(actors, "person:moon jae in"))
    assert "Xi" in texts(by_key(actors, "person:xi jinping"))
    people = {a.key for a in actors if a.kind == "person"}
    assert not people & {"person:kim", "person:moon", "person:xi", "person:trump kim", "person:north"}


def test_hyphen_joined_names_are_two_people_only_when_both_are_known(nlp):
    actors = actors_of(nlp, SUMMIT)
    assert texts(by_key(actors, "person:donald trump")).count("Trump") == 3  # two in "Trump-Kim", one alone
    single = actors_of(nlp, "Representative Alexandria Ocasio-Cortez spoke. Ocasio-Cortez later left.")
    assert by_key(single, "person:alexandria ocasio cortez").name == "Alexandria Ocasio-Cortez"


def test_a_name_glued_to_its_own_repeat_is_the_name(nlp):
    # Text copied from a fold-out box can repeat a surname: "President Donald Trump Trump has ...".
    actors = actors_of(nlp, "Show Hide US President Donald Trump Trump has said it many times. Trump said so again.")
    people = [a for a in actors if a.kind == "person"]
    assert [a.key for a in people] == ["person:donald trump"]  # the repeat is one more mention of him


def test_a_name_with_a_lowercase_ending_is_no_person(nlp):
    # "Bush-era tax cuts": the hyphenated lowercase part of a Korean given name ("Jong-un") is allowed
    # only inside a full name, not after a lone surname.
    actors = actors_of(nlp, "Democrats proposed to extend the Bush-era tax cuts. Clinton-era rates would return.")
    assert not [a for a in actors if a.kind == "person" and "-" in a.name], [a.name for a in actors]


def test_a_place_named_after_a_person_is_no_person(nlp):
    text = ("A ranger helped tourists at the Martin Luther King Jr. Memorial in Washington. "
            "Great Smoky Mountains National Park stayed closed. Martin Luther King Jr. spoke here in 1963.")
    assert [a.name for a in merged_people(nlp, text)] == ["Martin Luther King Jr."]


def test_a_city_that_reports_is_still_a_place_and_a_disease_is_no_person(nlp):
    text = ("Doctors in Harbin saw the first cases in December. Harbin reported 27 cases on Tuesday, "
            "officials said. Harbin said the market would close. Patients with COVID-19 were moved. "
            "COVID-19 spread quickly, and COVID-19 tests ran short.")
    people = [a.name for a in actors_of(nlp, text) if a.kind == "person"]
    assert people == [], people


def test_a_person_name_ends_at_a_possessive(nlp):
    # NER can run a name on past its possessive: "Boris Johnson's Brexit" is Johnson's, not a person.
    actors = actors_of(nlp, "The court said Boris Johnson\u2019s Brexit strategy was unlawful. Johnson disagreed.")
    people = [a for a in actors if a.kind == "person"]
    assert [a.name for a in people] == ["Boris Johnson"] and len(people[0].mentions) == 2


def test_a_short_given_name_in_one_source_is_the_full_one_in_another(nlp):
    first = actors_of(nlp, "Secretary of State Mike Pompeo flew to Hanoi. Pompeo met envoys.", "d1")
    second = actors_of(nlp, "Secretary of State Michael Pompeo said talks would go on.", "d2")
    merged, _ = merge_actors([first, second])
    pompeo = [a for a in merged if "Pompeo" in a.name]
    assert len(pompeo) == 1 and pompeo[0].name == "Michael Pompeo" and len(pompeo[0].mentions) == 3


def test_a_given_name_spelled_two_ways_is_one_person(nlp):
    first = actors_of(nlp, "Police named the suspect as Dzhokhar Tsarnaev. Dzhokhar Tsarnaev was caught on Friday.", "d1")
    second = actors_of(nlp, "The younger brother, Dzhokar Tsarnaev, was taken to hospital.", "d2")
    third = actors_of(nlp, "Daniel Ortega spoke first, and Danielle Ortega, his niece, spoke after him.", "d3")
    merged, _ = merge_actors([first, second, third])
    people = sorted(a.name for a in merged if a.kind == "person")
    assert people == ["Daniel Ortega", "Danielle Ortega", "Dzhokhar Tsarnaev"]


def test_a_short_name_with_two_formal_forms_takes_the_one_the_corpus_names(nlp):
    # "Jeff" is Jeffrey or Jefferson: the one full form the other sources use decides.
    first = actors_of(nlp, "Rep. Jeff Van Drew of New Jersey voted against both articles.", "d1")
    second = actors_of(nlp, "Rep. Jefferson Van Drew said he would leave the party.", "d2")
    merged, _ = merge_actors([first, second])
    assert [a.name for a in merged if a.kind == "person"] == ["Jefferson Van Drew"]
    third = actors_of(nlp, "Rep. Jeffrey Van Drew, a cousin, disagreed.", "d3")
    merged, _ = merge_actors([first, second, third])
    assert "Jeff Van Drew" in {a.name for a in merged}  # two candidates: left alone


# -------------------------------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seed_actors(nlp):
    if not SEEDS.is_dir() or not list(SEEDS.glob("*.txt")):
        pytest.skip(f"seed files not found at {SEEDS}")
    per_document = []
    for n, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        document = Document(f"s{n}", path.read_text(encoding="utf-8"))
        actors = extract_actors(document, nlp(document.text))
        for mention in (m for a in actors for m in a.mentions):
            assert document.text[mention.start:mention.end] == mention.text
        per_document.append(actors)
    return merge_actors(per_document)


def test_seeds_main_people_are_one_actor_each(seed_actors):
    merged, _ = seed_actors
    for surname, full in (("putin", "Vladimir Putin"), ("trump", "Donald Trump")):
        people = [a for a in merged if a.kind == "person" and a.key.split(" ")[-1].endswith(surname)]
        assert len(people) == 1, [a.key for a in people]
        assert people[0].name == full
        orgs = [a for a in merged if a.kind != "person" and a.name.lower() == surname]
        assert not orgs


def test_seeds_kremlin_and_moscow_are_russia(seed_actors):
    merged, _ = seed_actors
    russia = [a for a in merged if a.key == "state:RUS"]
    assert len(russia) == 1
    metonyms = {m.text.removeprefix("the ") for m in russia[0].mentions if m.kind == "metonym"}
    assert {"Kremlin", "Moscow"} <= metonyms


def test_surname_spelling_variant_merges_across_documents(nlp):
    first = actors_of(nlp, "Volodymyr Zelenskyy addressed parliament.", "d1")
    second = actors_of(nlp, "Zelensky said the talks were useful.", "d2")
    merged, _ = merge_actors([first, second])
    people = [a for a in merged if a.kind == "person"]
    assert len(people) == 1 and people[0].name == "Volodymyr Zelenskyy"


# ------------------------------------------------------------------------- capitals, seats and places


def test_capital_is_the_state_only_where_it_acts(nlp):
    text = ("Moscow recalled its envoy on Monday. Protesters gathered in Moscow, and the Moscow metro was closed. "
            "Talks between Washington and Moscow stalled, and Moscow's position hardened.")
    actors = actors_of(nlp, text)
    russia = by_key(actors, "state:RUS")
    assert [m.kind for m in russia.mentions] == ["metonym"] * 3
    assert [m.start for m in russia.mentions] == [text.index("Moscow"), text.index("and Moscow") + 4,
                                                   text.index("Moscow's")]
    moscow = by_key(actors, "place:moscow")
    assert moscow.kind == "place" and moscow.name == "Moscow" and texts(moscow) == ["Moscow", "Moscow"]
    assert texts(by_key(actors, "state:USA")) == ["Washington"]


def test_capital_listed_with_places_stays_a_place(nlp):
    actors = actors_of(nlp, "Scotland, Wales and London voted to stay, while Paris said nothing.")
    assert texts(by_key(actors, "place:london")) == ["London"]
    assert texts(by_key(actors, "state:FRA")) == ["Paris"]


def test_seat_is_a_place_only_as_a_location(nlp):
    text = ("Reporters waited outside Downing Street. Downing Street said the plan was dead. "
            "Officials in Brussels met, but Brussels wants a quick divorce.")
    actors = actors_of(nlp, text)
    assert texts(by_key(actors, "place:downing street")) == ["Downing Street"]
    assert [(m.text, m.kind) for m in by_key(actors, "state:GBR").mentions] == [("Downing Street", "metonym")]
    assert texts(by_key(actors, "place:brussels")) == ["Brussels"]
    assert [(m.text, m.kind) for m in by_key(actors, "org:EU").mentions] == [("Brussels", "metonym")]


def test_westminster_opening_a_sentence_is_the_state(nlp):
    actors = actors_of(nlp, "Westminster must now choose whether to hand more powers to the regions.")
    assert [(m.text, m.kind) for m in by_key(actors, "state:GBR").mentions] == [("Westminster", "metonym")]


# --------------------------------------------------------------------------------- people and noise


def test_peerage_title_makes_a_person_whatever_ner_says(nlp):
    text = ("Lord Palmerston warned the cabinet against war. The Lord Chancellor disagreed. "
            "Sir Humphrey Appleby said nothing, and Baroness Ashton left.")
    actors = actors_of(nlp, text)
    palmerston = by_key(actors, "person:palmerston")
    assert palmerston.kind == "person" and texts(palmerston) == ["Lord Palmerston"]
    assert texts(by_key(actors, "person:humphrey appleby")) == ["Sir Humphrey Appleby"]
    assert texts(by_key(actors, "person:ashton")) == ["Baroness Ashton"]
    assert not [a for a in actors if a.key in ("person:chancellor", "place:palmerston")]


def test_speaker_that_ner_calls_a_place_is_a_person(nlp):
    text = "Zelenskyy, the Ukrainian president, spoke first. Zelenskyy said Ukraine would not cede land."
    actors = actors_of(nlp, text)
    person = by_key(actors, "person:zelenskyy")
    assert person.kind == "person" and "Zelenskyy" in texts(person)
    assert not [a for a in actors if a.kind != "person" and a.name == "Zelenskyy"]


def test_a_city_modifying_the_speakers_is_no_person(nlp):
    # "Portland firefighters ... said": the place modifies the speakers; "the mayor of Portland" holds an
    # office there. Neither makes Portland a person.
    text = ("Crews in Portland fought the fire overnight. Two Portland firefighters who reached the pier first "
            "said the tank had burst. The mayor of Portland, Keith Wilson, said the harbour would reopen.")
    actors = actors_of(nlp, text)
    assert not [a for a in actors if a.kind == "person" and a.name == "Portland"]
    assert "Keith Wilson" in {a.name for a in actors if a.kind == "person"}


def test_a_one_word_name_with_an_inner_capital_is_a_thing_unless_a_name_prefix(nlp):
    # NER calls the movement a PERSON; "McConnell" has the inner capital of a surname prefix.
    text = ("Supporters of MeToo said the hearings were a test. MeToo activists marched to the court. "
            "Senator Mitch McConnell said the vote would go ahead, and McConnell kept his word.")
    people = {a.name for a in actors_of(nlp, text) if a.kind == "person"}
    assert "MeToo" not in people and "Mitch McConnell" in people


def test_a_titled_name_stays_a_person_where_it_follows_at(nlp):
    # "lashed back at Whitlock" puts the name after a preposition of place; the title elsewhere decides.
    text = ("Governor Whitlock spoke on Monday. Several mayors lashed back at Whitlock on Tuesday.\n\n"
            "Whitlock and the mayors met on Wednesday.")
    actors = actors_of(nlp, text)
    assert not [a for a in actors if a.kind == "place"]
    person = by_key(actors, "person:whitlock")
    assert len(person.mentions) == 3


def test_a_weekday_after_a_name_is_not_part_of_it(nlp):
    # News style puts the day right after the subject: "President Trump Thursday attacked ...".
    text = "President Trump Thursday attacked his former lawyer. Mr. Trump said the deal was unfair."
    people = {a.name: texts(a) for a in actors_of(nlp, text) if a.kind == "person"}
    assert list(people) == ["Trump"] and people["Trump"] == ["President Trump", "Mr. Trump"]


def test_an_unknown_place_that_is_a_corpus_persons_surname_is_that_person(nlp):
    # NER calls the bare surname a place in a document that never gives the full name.
    first = actors_of(nlp, "Mayor Dana Whitlock said on Thursday that the ferry would run again.", "d1")
    second = actors_of(nlp, "Speaking to Whitlock in Washington, he repeated the claim.", "d2")
    assert "place:whitlock" in {a.key for a in second}
    merged, _ = merge_actors([first, second])
    assert [(a.name, a.kind, len(a.mentions)) for a in merged if "Whitlock" in a.name] == [("Dana Whitlock", "person", 2)]
    assert "Washington" in {a.name for a in merged if a.kind == "place"}


def test_a_name_with_and_without_accents_is_one_person(nlp):
    people = merged_people(nlp, "Rep. Raúl Labrador said the caucus would hold. Labrador spoke for an hour.",
                           "Rep. Raul Labrador of Idaho voted against the plan.")
    assert [(a.name, len(a.mentions)) for a in people] == [("Raúl Labrador", 3)]


def test_laws_and_clauses_are_not_organisations(nlp):
    text = ("The justices said Congress could not rely on the Commerce Clause to order people to buy insurance. "
            "The ruling relied on the Constitution's Commerce Clause, and the Heritage Foundation said it was wrong.")
    names = {a.name for a in actors_of(nlp, text)}
    assert not [n for n in names if "Clause" in n]
    assert {"US Congress", "Heritage Foundation"} <= names


def test_campaign_trail_names_that_are_no_people(nlp):
    # From a primary-season day: a city the parser made the subject, the second half of a newspaper's
    # hyphenated name, the first word of "Super Tuesday", and the office a candidate runs for.
    text = ("Former South Bend, Indiana, Mayor Pete Buttigieg announced on Sunday that he would leave the race. "
            "No lawmaker who talked to the Democrat-Gazette said they would support him. "
            "Voters go to the polls on Super Tuesday. Biden is a candidate for U.S. president.")
    actors = actors_of(nlp, text)
    people = {a.name for a in actors if a.kind == "person"}
    assert "Pete Buttigieg" in people and not people & {"South Bend", "Gazette", "Super"}
    assert "South Bend" in {a.name for a in actors if a.kind == "place"}
    assert not {a.name for a in actors} & {"Super", "Gazette", "for U.S. president"}


def test_a_middle_name_one_source_prints_does_not_split_a_person(nlp):
    people = merged_people(nlp, "Secretary of State Hillary Rodham Clinton testified on Wednesday.",
                           "Hillary Clinton said the review had found no wrongdoing.")
    assert [a.key for a in people] == ["person:hillary clinton"]
    # A middle initial on the short form may mark another person ("George W. Bush" is keyed "george bush"):
    # then a middle name is not dropped to join it.
    people = merged_people(nlp, "Senator Mark Harold Whitlock served one term.",
                           "Senator Mark T. Whitlock served two terms.")
    assert sorted(a.key for a in people) == ["person:mark harold whitlock", "person:mark whitlock"]


def test_a_name_that_is_an_organisation_elsewhere_is_no_unknown_place(nlp):
    texts_ = [("d1", "Netflix said on Tuesday that it had added 16 million subscribers."),
              ("d2", "Subscribers flocked to Netflix during the lockdown."),
              ("d3", "Shares of Netflix rose in New York.")]
    per_document = [actors_of(nlp, text, doc_id) for doc_id, text in texts_]
    assert "place:netflix" in {a.key for a in per_document[1]}
    merged, _ = merge_actors(per_document)
    assert [(a.name, a.kind, len(a.mentions)) for a in merged if a.name == "Netflix"] == [("Netflix", "organisation", 3)]
    assert ("New York", "place") in {(a.name, a.kind) for a in merged}


def test_redirects_are_followed_to_their_end():
    # A "place" that is an organisation elsewhere, whose "organisation" is a surname: all one person.
    from manysides.model import Mention

    def actor(key: str, kind: str, doc: str, text: str) -> Actor:
        found = Actor(f"{doc}:a1", text, kind, key)
        found.mentions.append(Mention(doc, 0, len(text), text, "name"))
        return found

    merged, _ = merge_actors([[actor("person:dana whitlock", "person", "d1", "Dana Whitlock")],
                              [actor("org:whitlock", "organisation", "d2", "Whitlock")],
                              [actor("place:whitlock", "place", "d3", "Whitlock")]])
    assert [(a.name, a.kind, len(a.mentions)) for a in merged] == [("Dana Whitlock", "person", 3)]


def test_common_words_are_not_names(nlp):
    text = ("Turnout was 64 per cent. Leave took the towns and the cities backed Remain. "
            "Voters who wanted to leave were pleased.")
    names = {a.name for a in actors_of(nlp, text)}
    assert not names & {"Turnout", "Leave", "Remain"}


def test_short_form_joins_the_named_organisation(nlp):
    actors = actors_of(nlp, "The Bank of England cut rates. Later the Bank said more cuts were possible.")
    boe = by_key(actors, "org:BOE")
    assert [(m.text, m.kind) for m in boe.mentions] == [("Bank of England", "name"), ("Bank", "abbreviation")]
    assert not [a for a in actors if a.name == "Bank"]


def test_place_that_ner_calls_a_person_elsewhere_is_a_place(nlp):
    text = "Glasgow was the most emphatic. Turnout in Glasgow was low, and the count in Glasgow ran late."
    actors = actors_of(nlp, text)
    assert not [a for a in actors if a.kind == "person" and a.name == "Glasgow"]


# ------------------------------------------------------------------------------------- corpus roles


def test_unresolved_role_joins_the_one_holder_in_other_documents(nlp):
    first = actors_of(nlp, "Russian President Vladimir Putin arrived in Alaska.", "d1")
    second = actors_of(nlp, "The Russian president said the talks were useful.", "d2")
    assert [a.key for a in second if a.kind == "person"] == ["role:RUS:president"]
    merged, mapping = merge_actors([first, second])
    putin = [a for a in merged if a.kind == "person"]
    assert len(putin) == 1 and putin[0].name == "Vladimir Putin"
    assert ("d2", "Russian president", "role") in {(m.doc, m.text, m.kind) for m in putin[0].mentions}
    assert len(set(mapping.values())) == len(merged)


def test_role_with_two_holders_in_the_corpus_stays_unresolved(nlp):
    first = actors_of(nlp, "Russian President Vladimir Putin arrived.", "d1")
    second = actors_of(nlp, "Former Russian President Dmitry Medvedev, now Russian President Dmitry Medvedev in "
                            "this invented story, spoke.", "d2")
    third = actors_of(nlp, "The Russian president said little.", "d3")
    merged, _ = merge_actors([first, second, third])
    role = [a for a in merged if a.key == "role:RUS:president"]
    assert len(role) == 1 and texts(role[0]) == ["Russian president"]


def test_indefinite_or_former_role_is_not_a_role_actor(nlp):
    actors = actors_of(nlp, "They recalled a former British prime minister. A Russian president once said so.")
    assert not [a for a in actors if a.key.startswith("role:")]


def test_a_bare_surname_joins_the_full_name_the_corpus_names_far_more_often(nlp):
    first = actors_of(nlp, "Donald Trump spoke. Donald Trump left. Donald Trump returned. Donald Trump waved. "
                           "Melania Trump smiled.", "d1")
    second = actors_of(nlp, "President Trump signed the bill on Friday. Trump then flew to Florida.", "d2")
    merged, _ = merge_actors([first, second])
    donald = next(a for a in merged if a.key == "person:donald trump")
    assert any(m.doc == "d2" for m in donald.mentions) and not any(a.key == "person:trump" for a in merged)
    # Named about as often, two full names leave the bare surname alone.
    third = actors_of(nlp, "Eric Trump spoke. Eric Trump left. Lara Trump spoke. Lara Trump left.", "d3")
    merged, _ = merge_actors([third, second])
    assert any(a.key == "person:trump" for a in merged)


def test_editor_brackets_in_a_name_do_not_merge_two_people(nlp):
    # "[George W.] Bush" is an editor's completion of "Bush"; without the brackets the key lost the
    # initial and took in the father, "George H.W. Bush", and every bare "Bush" with him.
    actors = actors_of(nlp, "Critics once cast [Harold W.] Ferris as a villain. Earlier, Harold K.L. Ferris had "
                            "won the harbour seat in 1988.")
    names = sorted(a.name for a in actors if a.kind == "person")
    assert names == ["Harold K.L. Ferris", "Harold W. Ferris"]


def test_an_office_held_for_someone_else_is_not_their_title(nlp):
    actors = actors_of(nlp, "Alma Reyes, communications director for Tom Varga, said the count was close. "
                            "Pia Holt, a spokeswoman for Mayor Ellis Brandt, said the vote was set.")
    assert texts(by_key(actors, "person:tom varga")) == ["Tom Varga"]
    assert texts(by_key(actors, "person:ellis brandt")) == ["Mayor Ellis Brandt"]


def test_an_office_written_in_two_words_titles_the_name(nlp):
    actors = actors_of(nlp, "Ohio Solicitor General Tom Varga argued the case. Unesco Director-General "
                            "Maria Lopez said an inquiry would start.")
    assert not [a for a in actors if a.kind == "organisation" and "Solicitor" in a.name]
    assert texts(by_key(actors, "person:tom varga")) == ["Solicitor General Tom Varga"]
    assert texts(by_key(actors, "person:maria lopez")) == ["Director-General Maria Lopez"]


def test_a_role_that_titles_the_next_name_is_no_apposition_of_the_one_before(nlp):
    actors = actors_of(nlp, "The list includes talk show host Rita Solano, former U.S. ambassador to Chile "
                            "Dana Whitfield and the singer Mae Orton.")
    assert texts(by_key(actors, "person:rita solano")) == ["Rita Solano"]


def test_a_given_name_makes_an_organisation_label_a_person(nlp):
    # NER labels the contender ORG; "Carly" is a common given name and "Benetti" no dictionary word.
    actors = actors_of(nlp, "Tom Reyes ran the field operation for presidential contender Carly Benetti.")
    assert by_key(actors, "person:carly benetti").kind == "person"
    # Not a bank named after two given names, nor a thing with a determiner before its name.
    assert by_key(actors_of(nlp, "Analysts at Morgan Stanley cut the forecast."), "org:morgan stanley")
    car = actors_of(nlp, "On Sunday she drove off in the Mercedes Benz.")
    assert not [a for a in car if a.kind == "person" and "Benz" in a.name]
    food = actors_of(nlp, "Tyson Foods said it would close the plant.")  # a plural noun is no surname
    assert by_key(food, "org:tyson foods").kind == "organisation"


def test_a_sentence_capital_on_a_common_noun_is_no_part_of_the_name(nlp):
    actors = actors_of(nlp, "Driver Bubba Wallace said he was grateful. Wallace thanked the other drivers.")
    assert texts(by_key(actors, "person:bubba wallace")) == ["Bubba Wallace", "Wallace"]


def test_a_label_that_opens_lines_is_not_a_person(nlp):
    actors = actors_of(nlp, "Verdict: PLUS.\n\nThe choice of Lloyd Harrow helped Dukes in Ohio.\n\n"
                            "Verdict: MINUS.\n\nQuill was a drag on the ticket.")
    assert not [a for a in actors if a.name == "Verdict"]


@pytest.mark.parametrize("name", ["Brookner", "Ellsworth"])  # NER calls the bare word PERSON
def test_an_institutions_first_word_alone_is_its_short_name(nlp, name):
    text = (f"Staff at the {name} Medical Center, an academic hospital in the Bronx, were told to stay home. "
            f"{name} has not answered several requests for comment. The clinic has asserted in emails that "
            f"{name} is on top of things. It was unclear whether {name} or the clinic itself was making these changes.")
    actors = actors_of(nlp, text)
    assert not [a for a in actors if a.name == name]
    centre = by_key(actors, f"org:{name.lower()} medical center")
    assert texts(centre).count(name) >= 2
    # A person of that surname keeps it: "Brennan" is John Brennan here, not the centre.
    people = actors_of(nlp, "John Brennan, the former CIA director, spoke at the Brennan Center for Justice. "
                            "Brennan said the agency had erred.")
    assert "Brennan" in texts(by_key(people, "person:john brennan"))
    # A city lends its name to its police: "Seattle" stays the city.
    city = actors_of(nlp, "The Seattle Police Department cleared the zone. Seattle has seen weeks of protests.")
    assert not [m for a in city if a.kind == "organisation" for m in a.mentions if m.text == "Seattle"]
    # A campaign named after its candidate leaves the candidate a person.
    campaign = actors_of(nlp, "A note from Obama Campaign manager Jim Messina went out to donors. Claiming that her "
                              "party still holds Iowa, which Obama carried in 2008, Schultz said surveys showed Obama "
                              "ahead.")
    assert any(a.kind == "person" and "Obama" in texts(a) for a in campaign)


def test_a_beauty_pageant_is_not_a_woman(nlp):
    actors = actors_of(nlp, "The Miss Universe pageant was held in Atlanta. Trump once owned Miss Universe. "
                            "Miss Ohio won the talent round. Miss Smith said she would stay.")
    people = {a.name for a in actors if a.kind == "person"}
    assert "Universe" not in people and "Ohio" not in people and "Smith" in people


def test_a_given_name_alone_joins_the_one_person_the_corpus_gives_it_to(nlp):
    first = actors_of(nlp, "Senator Joe Harlan spoke in Dayton. " + "Harlan promised new jobs. " * 8, "d1")
    second = actors_of(nlp, "At the rally, the crowd chanted that Joe had to go. Joe did not answer.", "d2")
    merged, _ = merge_actors([first, second])
    harlan = next(a for a in merged if a.key == "person:joe harlan")
    assert any(m.doc == "d2" and m.text == "Joe" for m in harlan.mentions)
    # One person printed two ways is one person called Joe.
    middle = actors_of(nlp, "Joe Lyle Harlan took office in 2009.", "d4")
    merged, _ = merge_actors([first, second, middle])
    assert any(m.doc == "d2" for a in merged if a.key == "person:joe harlan" for m in a.mentions)
    # Two people called Joe: the bare name stays apart.
    third = actors_of(nlp, "Joe Varga, the mayor, said nothing.", "d3")
    merged, _ = merge_actors([first, second, third])
    assert any(a.key == "person:joe" for a in merged)
    # A full name the corpus gives once does not take a bare given name of another article.
    once = actors_of(nlp, "Senator Joe Harlan spoke in Dayton.", "d4")
    merged, _ = merge_actors([once, second])
    assert any(a.key == "person:joe" for a in merged)


def test_a_court_case_name_is_no_actor(nlp):
    actors = actors_of(nlp, "In two asylum rulings, Ortega Vidal v. Marsh and Pereira-Lucas v. Marsh, Judge Hale sided "
                            "with the applicants. In a later opinion (United States v. Kettle), she said Congress had "
                            "overreached. Loretta Marsh, the attorney general, declined to comment.")
    assert texts(by_key(actors, "person:loretta marsh")) == ["Loretta Marsh", "attorney general"]
    assert not [a for a in actors if "Ortega" in a.name or "Pereira" in a.name or "Kettle" in a.name
                or a.kind == "state"]


def test_a_state_abbreviation_or_a_slogans_verb_is_no_part_of_a_name(nlp):
    # "N.H." ends the sentence before; "Beats" is the verb of a slogan in title case.
    actors = actors_of(nlp, "She campaigned at a diner in Keene, N.H. Patrick has since quit the race for the "
                            "nomination. Gil Patrick thanked his staff.")
    assert [a.name for a in actors if a.kind == "person"] == ["Gil Patrick"]
    actors = actors_of(nlp, 'Rally signs read "Bernie Beats Trump" in red letters. Bernie Sanders won the primary.')
    assert [a.name for a in actors if a.kind == "person"] == ["Bernie Sanders"]


def test_an_initial_is_no_versus_and_an_auxiliary_ends_a_name(nlp):
    building = actors_of(nlp, "The officer was shot outside the Edna V. Harlow Federal Building on Saturday.")
    assert [a.name for a in building] == ["Edna V. Harlow Federal Building"]
    sign = actors_of(nlp, "Trump Has Destroyed Our Democracy, the sign read.")
    assert not [a for a in sign if a.kind == "person" and a.name.startswith("Has")]


def test_capitalised_dictionary_words_without_a_given_name_are_no_person(nlp):
    actors = actors_of(nlp, "After the vote it turned into a scandal and the Rigged Witch Hunt run by Strzok! "
                            "Trump again attacked the Witch Hunt led by Robert Mueller. Rush Limbaugh agreed.")
    assert not [a for a in actors if "Hunt" in a.name] and "Rush Limbaugh" in [a.name for a in actors]
    # Given names the 1990 census lists miss, before a family name, still make people.
    people = actors_of(nlp, "Meg Whitman backed the plan. Brit Hume agreed with Buck Sexton.")
    assert sorted(a.name for a in people if a.kind == "person") == ["Brit Hume", "Buck Sexton", "Meg Whitman"]
    # An article before a name that modifies a noun belongs to the noun.
    modifiers = actors_of(nlp, "He faulted the Hillary Clinton email inquiry, and a Karl Rove-backed group paid for ads.")
    assert sorted(a.name for a in modifiers if a.kind == "person") == ["Hillary Clinton", "Karl Rove"]


def test_names_shaped_like_no_person_are_streets_societies_generations_or_bodies(nlp):
    actors = actors_of(nlp, "Tents lined the sidewalks of Skid Row on Monday. Outreach workers on Skid Row said "
                            "the count had doubled. Police said members of the Sigma Chi fraternity hosted the party. "
                            "A typical Baby Boomer owns a home, the survey found. The contract went to Balfour "
                            "Beatty, which will build the new bridge. Balfour Beatty said work would begin in March.")
    kinds = {a.name: a.kind for a in actors}
    assert kinds.get("Skid Row") == "place"
    assert kinds.get("Sigma Chi") == "organisation"
    assert kinds.get("Baby Boomer") == "group"
    assert kinds.get("Balfour Beatty") == "organisation"  # both mentions, the one that speaks too
    assert not any(a.kind == "person" for a in actors)


def test_which_after_a_noun_with_a_name_in_it_keeps_the_person(nlp):
    # The clause may belong to the study, not to its author; and "who" is a person's relative pronoun.
    actors = actors_of(nlp, "The prize went to a study by Gordon Pike, which found no link. "
                            "The panel thanked Nora Vance, who chaired it.")
    people = {a.name for a in actors if a.kind == "person"}
    assert {"Gordon Pike", "Nora Vance"} <= people


def test_a_title_of_the_other_sex_is_someone_else_of_that_surname(nlp):
    joe = actors_of(nlp, "Joe Marlow spoke about the crash on Tuesday. Marlow said the driver was never charged. "
                         "The late Mrs. Marlow had been driving when the truck hit the car. Mr. Marlow later "
                         "returned to the Senate.", "d1")
    people = {a.key: {m.text for m in a.mentions} for a in joe if a.kind == "person"}
    assert people["person:joe marlow"] == {"Joe Marlow", "Marlow", "Mr. Marlow"}
    assert people["person:marlow"] == {"Mrs. Marlow"}
    # A title that fits the given name joins as before.
    actors = actors_of(nlp, "Hillary Clinton campaigned in Ohio. Mrs. Clinton said the plant would reopen.")
    assert {m.text for a in actors if a.name == "Hillary Clinton" for m in a.mentions} >= {"Mrs. Clinton"}
    # Written far more often than the one full name, the other bearer takes the bare and office-titled surname.
    speech = actors_of(nlp, "First lady Nina Varga sat in the balcony. Mr. Varga spoke for an hour. Mr. Varga "
                            "praised the troops. President Varga thanked the guests. Varga left at ten.", "d4")
    people = {a.key: {m.text for m in a.mentions} for a in speech if a.kind == "person"}
    assert people["person:nina varga"] == {"Nina Varga"}
    assert people["person:varga"] == {"Mr. Varga", "President Varga", "Varga"}
    # A person introduced by kinship has a relative of that surname: the bare and office-titled surname.
    kin = actors_of(nlp, "The senator and first lady Nina Varga sat in the balcony. Varga told the crowd the economy "
                         "was improving, and President Varga will debate on Monday. Mrs. Varga thanked the "
                         "volunteers.", "d7")
    people = {a.key: {m.text for m in a.mentions} for a in kin if a.kind == "person"}
    assert people == {"person:nina varga": {"Nina Varga", "Mrs. Varga"}, "person:varga": {"Varga", "President Varga"}}
    # A given name the census lists lack takes its sex from the noun that introduces it.
    unknown = actors_of(nlp, "The president and first lady Zorya Varga sat in the balcony. Mr. Varga spoke for an "
                             "hour. Mr. Varga praised the troops. Varga left at ten.", "d6")
    assert {a.key for a in unknown if a.kind == "person"} == {"person:zorya varga", "person:varga"}
    # Across the corpus each joins the full name of its own sex; "Marlow" elsewhere is still Joe Marlow.
    others = [actors_of(nlp, "Senator Marlow said on Friday that he would run. Marlow spoke in Dover.", "d2"),
              actors_of(nlp, "Joe Marlow and his wife Anne Marlow arrived. Joe Marlow waved.", "d3"),
              actors_of(nlp, "President Dan Varga signed the bill. Varga said it would pass.", "d5")]
    merged, _ = merge_actors([joe, speech, *others])
    docs = {a.name: {(m.doc, m.text) for m in a.mentions} for a in merged if a.kind == "person"}
    assert ("d1", "Mrs. Marlow") in docs["Anne Marlow"] and ("d2", "Marlow") in docs["Joe Marlow"]
    assert ("d4", "Mr. Varga") in docs["Dan Varga"] and docs["Nina Varga"] == {("d4", "Nina Varga")}
    # A title that rules nobody out changes nothing: two men called Keller leave "Mr. Keller" alone.
    kellers = [actors_of(nlp, "Walt Keller died in March. Keller was unarmed.", "k1"),
               actors_of(nlp, "Sen. Tom Keller spoke on Friday.", "k2"),
               actors_of(nlp, "Mr. Keller said in a statement that the church would reopen.", "k3")]
    merged, _ = merge_actors(kellers)
    assert any(a.key == "person:keller" for a in merged)


def test_a_state_inside_a_longer_place_name_names_no_office_holder(nlp):
    # "Jersey" alone is a Crown dependency; "the New Jersey governor" is the governor named before.
    actors = actors_of(nlp, "Gov. Jeb Bush and Gov. Chris Christie both spoke. Christie attacked Rubio in the "
                            "debate, and the New Jersey governor mocked him afterwards.")
    assert not any("Jersey governor" in a.name for a in actors)
    bush = next(a for a in actors if a.name == "Jeb Bush")
    assert all("Jersey" not in m.text for m in bush.mentions)


def test_a_world_city_that_ner_calls_an_organisation_is_a_place(nlp):
    actors = actors_of(nlp, "Officials declined to discuss security at the compound in Benghazi. Benghazi had "
                            "been calm for weeks, and aid groups in Aleppo said the same.")
    kinds = {a.name: a.kind for a in actors}
    assert kinds.get("Benghazi", "place") == "place" and kinds.get("Aleppo", "place") == "place"
    assert not any(a.kind in ("person", "organisation") and a.name in ("Benghazi", "Aleppo") for a in actors)
    # A city's name of several words is no one's, even when NER calls it a person.
    actors = actors_of(nlp, "An airstrike hit a house in Khan Yunis on Friday. Residents of Khan Yunis said two "
                            "children were hurt, and Yunis Bakr, a doctor, said the hospital was full.")
    assert {(a.name, a.kind) for a in actors} >= {("Khan Yunis", "place"), ("Yunis Bakr", "person")}


def test_slogans_abbreviations_fragments_and_offices_sought_are_no_people(nlp):
    actors = actors_of(nlp, "The senator said officials should end this Rigged Mole Hunt at once. The memo was "
                            "used to begin the Mole Hunt, he added. Former governor Pete Wilson spoke first. "
                            "Stacey Abrams, who in 2018 ran for governor of Georgia, will answer the speech. "
                            "Aides call the speech the \"S.O.T.U.\" and say O.K. to the nickname. It was the "
                            "shortest State of the Union address in years.")
    names = {a.name for a in actors}
    assert not names & {"Mole Hunt", "Hunt", "S.O.T.U.", "O.K.", "State of"}
    # A single capitalised word after "these" praises, it names no one.
    praise = actors_of(nlp, "These Monumental and very Powerful Forts are part of a Great Heritage, he added.")
    assert not any(a.kind == "person" for a in praise)
    # "that" opening a clause is no article: the name after it is a person's.
    theory = actors_of(nlp, "It spread the wild theory that Nora Vance, a former aide, was secretly a spy.")
    assert any(a.name == "Nora Vance" and a.kind == "person" for a in theory)
    wilson = next(a for a in actors if a.name == "Pete Wilson")
    assert all("Georgia" not in m.text for m in wilson.mentions)


def test_a_name_printed_in_capitals_is_shown_as_written_elsewhere(nlp):
    actors = actors_of(nlp, "ALAN DERSHOWITZ: I think the case is weak.\n\nThe lawyer Alan Dershowitz said the "
                            "case was weak.")
    assert any(a.name == "Alan Dershowitz" for a in actors)
    merged, _ = merge_actors([actors_of(nlp, "ALAN DERSHOWITZ said the case was weak.", "d1"),
                              actors_of(nlp, "The lawyer Alan Dershowitz said the case was weak.", "d2")])
    assert any(a.name == "Alan Dershowitz" for a in merged)


def test_a_small_states_capital_that_is_a_surname_here_is_the_person(nlp):
    actors = actors_of(nlp, "Consider William O. Douglas, the longest-sitting justice in the court's history. "
                            "Douglas guarded free speech fiercely. Douglas also neglected his family.")
    douglas = next(a for a in actors if a.name == "William O. Douglas")
    assert sum(m.text == "Douglas" for m in douglas.mentions) == 2
    assert not any(a.kind == "state" for a in actors)  # no Isle of Man
    # A large state keeps its capital, whoever shares the surname.
    actors = actors_of(nlp, "Washington imposed new sanctions on Friday. The actor Denzel Washington attended "
                            "the gala.")
    assert any(a.name == "United States" and any(m.text == "Washington" for m in a.mentions) for a in actors)


def test_a_double_surname_without_the_given_name_is_the_same_person(nlp):
    merged, _ = merge_actors([
        actors_of(nlp, "Christine Blasey Ford testified on Thursday. Dr. Blasey Ford said she was terrified.", "d1"),
        actors_of(nlp, "Blasey Ford's lawyers asked for an inquiry. Ms. Blasey Ford did not attend.", "d2"),
        actors_of(nlp, "Blasey said she was certain, according to her lawyers.", "d3"),
        actors_of(nlp, "Sir Elton John performed in London on Sunday. John said nothing.", "d4")])
    ford = next(a for a in merged if a.key == "person:christine blasey ford")
    assert {m.doc for m in ford.mentions} == {"d1", "d2", "d3"}
    john = next(a for a in merged if a.key == "person:elton john")  # "John" is a given name: no surname part
    assert {m.text for m in john.mentions} == {"Sir Elton John", "John"}


def test_the_latin_rest_of_an_office_is_no_name(nlp):
    actors = actors_of(nlp, "The President Pro Tempore of the state Senate, Hugh Leatherman, said the senator was "
                            "a beloved public servant.")
    assert {a.name for a in actors if a.kind == "person"} == {"Hugh Leatherman"}


def test_a_state_of_the_union_speech_is_no_mention_of_the_european_union(nlp):
    actors = actors_of(nlp, "Critics found the State of the Union address too long. Even so, the State of the Union "
                            "revealed a leader still learning the job. The Union said it would fine Hungary.")
    eu = next(a for a in actors if a.name == "European Union")
    assert [m.text for m in eu.mentions] == ["Union"] and eu.mentions[0].start > 100
    assert not any("State of the Union" in a.name for a in actors)
    speech = actors_of(nlp, "Critics panned Trump's State of the Union on Wednesday.")
    assert not any("State of the Union" in a.name for a in speech)
    royal = actors_of(nlp, "The Royal Bank of Scotland fell, and the Bank of England said rates would hold.")
    assert {a.name for a in royal} == {"Royal Bank of Scotland", "Bank of England"}


def test_a_church_is_called_by_its_first_word(nlp):
    actors = actors_of(nlp, "Storm damage closed the Bartholomew Missionary Baptist Church on Monday. Bartholomew "
                            "has served the port since 1889, and Bartholomew said its doors would open again on Sunday.")
    church = next(a for a in actors if a.name.endswith("Church"))
    assert [m.text for m in church.mentions].count("Bartholomew") == 2
    assert not any(a.kind == "person" for a in actors)


def test_storms_and_figures_of_speech_are_no_people(nlp):
    actors = actors_of(nlp, "Superstorm Sandy shut offices across the region, and Hurricane Sandy also hit jobs "
                            "data. Economists said Sandy cost 80,000 jobs, said Sandy Darity, an economist. "
                            "The ruling recalled the Jim Crow era.")
    assert {a.name for a in actors if a.kind == "person"} == {"Sandy Darity"}
    assert not any("Sandy" == a.name or "Hurricane" in a.name or "Crow" in a.name for a in actors)


def test_a_first_initial_before_the_given_name_is_dropped(nlp):
    merged, _ = merge_actors([
        actors_of(nlp, "Ambassador J. Christopher Harwell was killed in the attack on Tuesday.", "d1"),
        actors_of(nlp, "Chris Harwell had served in the region for two decades. Harwell spoke Arabic.", "d2")])
    assert [sorted({m.doc for m in a.mentions}) for a in merged if a.kind == "person"] == [["d1", "d2"]]


def test_a_region_of_a_known_place_and_a_time_zone_are_no_people(nlp):
    # NER sometimes calls "Northern Virginia" a person; then "Virginia" alone became its surname.
    text = "Polls close at 7pm ET (12am GMT). Clinton needs Northern Virginia, and Virginia is close."
    actors = actors_with_entity(nlp, text, "Northern Virginia", "PERSON")
    assert {a.name: a.kind for a in actors if "Virginia" in a.name} == {"Northern Virginia": "place", "Virginia": "place"}
    assert not any(a.name == "GMT" for a in actors)


def test_a_role_with_the_name_after_it_or_an_indefinite_article_binds_to_no_one_else(nlp):
    actors = actors_of(nlp, "President Dana Roe flew to the coast on Friday. Observers will watch Roe's talks "
                            "with the Palestinian leader, Mahmoud Abbas. Foreign officials always welcome an "
                            "American leader with pomp.")
    roe = next(a for a in actors if a.name == "Dana Roe")
    assert not any("leader" in m.text for m in roe.mentions)


def test_a_given_name_printed_once_in_the_middle_is_no_double_surname(nlp):
    # One source runs two brothers' names together; the younger brother keeps his own mentions.
    merged, _ = merge_actors([
        actors_of(nlp, "Police named the suspects as Tamar Kovrin and Dzhem Kovrin. Dzhem Kovrin was caught. "
                       "Dzhem Kovrin had fled on foot.", "d1"),
        actors_of(nlp, "The older brother, Tamar Dzhem Kovrin, died on Friday.", "d2")])
    dzhem = next(a for a in merged if a.key == "person:dzhem kovrin")
    assert {m.doc for m in dzhem.mentions} == {"d1"}


def test_names_with_lower_case_particles_are_people_with_their_short_forms(nlp):
    # "bin", "al-", "von der", "de": lower-case parts of a name had made NER's PERSON spans fail the check
    # that a name has no lower-case word, so these people were missing altogether.
    actors = actors_of(nlp, "Osama bin Laden hid for years. Officials said bin Laden moved often. Hamid al-Rashidi "
                            "spoke on Monday. Rashidi was defiant. Ursula von der Leyen arrived late, and von der "
                            "Leyen left early. Charles de Gaulle led France; de Gaulle was tall.")
    people = {a.name: texts(a) for a in actors if a.kind == "person"}
    assert people == {"Osama bin Laden": ["Osama bin Laden", "bin Laden"],
                      "Hamid al-Rashidi": ["Hamid al-Rashidi", "Rashidi"],
                      "Ursula von der Leyen": ["Ursula von der Leyen", "von der Leyen"],
                      "Charles de Gaulle": ["Charles de Gaulle", "de Gaulle"]}


def test_a_glued_arabic_article_does_not_split_one_person_across_sources(nlp):
    # News styles differ: "Bashar al-Assad" in one source is "Bashar Assad" in another.
    merged = merged_people(nlp, "Syrian President Bashar al-Assad spoke on Monday.",
                           "Bashar Assad said on Tuesday that the war was over.")
    assert [(a.key, {m.doc for m in a.mentions}) for a in merged] == [("person:bashar assad", {"d1", "d2"})]


def test_an_illness_a_clock_zone_or_a_surname_after_an_honorific_is_no_place(nlp):
    # NER calls "Ebola" a place; "CT" after a clock time is Central Time; "Ms. Monaco" is Lisa Monaco.
    ebola = actors_of(nlp, "Two nurses in Dallas were diagnosed with Ebola last week, and a third showed symptoms "
                           "of Ebola on Friday. Ebola spreads through bodily fluids, officials in Geneva said.")
    assert {a.name for a in ebola} == {"Dallas", "Geneva"}
    zones = actors_of(nlp, "The broadcast starts at 8.15pm ET (7.15pm CT, 6.15pm MT, 5.15pm PT), and results "
                           "follow from 9 p.m. CT onward.")
    assert zones == []
    monaco = actors_of(nlp, "Homeland Security Adviser Lisa Monaco spoke first. Ms. Monaco said the plan was ready.")
    assert not any(a.kind == "state" for a in monaco)
    assert texts(by_key(monaco, "person:lisa monaco")) == ["Adviser Lisa Monaco", "Ms. Monaco"]


def test_a_nickname_adjective_and_a_given_name_that_is_also_a_town_leave_the_person_whole(nlp):
    # "Crooked Hillary" had become a person of its own and taken the bare "Hillary"; "Paul", beside
    # "Paul Manafort", had been read as a town called Paul.
    actors = actors_of(nlp, "Hillary Clinton spoke in Ohio on Monday. Trump called her Crooked Hillary again, and "
                            "said Hillary would lose. Trump thanked Paul Manafort on Friday. \"Paul is a true "
                            "professional,\" Trump said.")
    people = {a.name: texts(a) for a in actors if a.kind == "person"}
    assert people["Hillary Clinton"] == ["Hillary Clinton", "Hillary", "Hillary"]
    assert people["Paul Manafort"] == ["Paul Manafort", "Paul"]
    assert not any(a.kind == "place" and a.name == "Paul" for a in actors)


def test_a_county_in_a_heading_and_a_department_before_a_name_make_no_person(nlp):
    # A live blog's heading "Watch Cobb numbers tonight" beside "Cobb County" had made a person "Watch Cobb",
    # who then took every later "Cobb"; NER runs a title's department into the name after it.
    actors = actors_of(nlp, "Posted at 4:10 p.m. -- Watch Cobb numbers tonight\n\nVoters in Cobb County lean "
                            "right, and turnout in Cobb was high.\n\nSpike Lee spoke, and Wolf Blitzer asked.")
    assert not any(a.kind == "person" and "Cobb" in a.name for a in actors)
    assert {a.name for a in actors if a.kind == "person"} == {"Spike Lee", "Wolf Blitzer"}
    whitby = actors_of(nlp, "\"Farmers will be fine,\" Secretary of Agriculture Dale Whitby, a former governor, said "
                            "on Monday. Whitby smiled.")
    assert [(a.name, texts(a)) for a in whitby] == [("Dale Whitby", ["Dale Whitby", "Whitby"])]
    pelosi = actors_of(nlp, "On Monday, Speaker of the House Nancy Pelosi held the bill back for a day. Pelosi "
                            "later relented.")
    assert [(a.name, texts(a)) for a in pelosi] == [("Nancy Pelosi", ["Nancy Pelosi", "Pelosi"])]


def test_a_dictionary_word_opening_a_quotation_is_no_name(nlp):
    # A quotation's first capital is positional, like a sentence's: "Stark" here is an adjective.
    actors = actors_of(nlp, "Dana Roe explained, “Stark budget facts leave us no choice.” Mark Kelly disagreed.")
    assert [a.name for a in actors] == ["Dana Roe", "Mark Kelly"]
    # A noun there keeps its capital's meaning: WordNet lists cities as nouns.
    actors = actors_of(nlp, "The mayor said “Boston police responded with great skill,” and thanked them.")
    assert [(a.name, a.kind) for a in actors] == [("Boston", "place")]


def test_a_bare_office_goes_to_the_holder_titled_far_more_often(nlp):
    # Both presidents go without a state here, but one is titled three times and the other once.
    actors = actors_of(nlp, "President Dana Roe spoke on Monday. President Dana Roe then met President Omar "
                            "Haddad. President Dana Roe left early, and the president flew home.")
    assert texts(by_key(actors, "person:dana roe"))[-1] == "president"


def test_a_plural_noun_is_a_group_and_a_name_inside_another_name_is_no_mention(nlp):
    # "Latinos" (NER: PERSON) is a group; "Green" of "the Green Party" had gone to a slogan's "Bernie Green".
    actors = actors_of(nlp, "The coalition includes blacks, Latinos and young voters. Steve Jobs spoke, and Jobs "
                            "left. Jeff Sessions agreed.")
    assert {(a.name, a.kind) for a in actors} >= {("Latinos", "group"), ("Steve Jobs", "person")}
    assert texts(by_key(actors, "person:steve jobs")) == ["Steve Jobs", "Jobs"]
    actors = actors_of(nlp, "Green Party candidate Jill Stein spoke. “We are Bernie Green!” she said. The Obama "
                            "Administration said no. Obama left.")
    assert texts(by_key(actors, "person:bernie green")) == ["Bernie Green"]
    assert texts(by_key(actors, "person:obama")) == ["Obama", "Obama"]


def test_a_nickname_and_its_full_given_name_are_one_person_across_sources(nlp):
    merged = merged_people(nlp, "Sen. Bernard Sanders spoke on Monday.", "Bernie Sanders spoke again on Tuesday.")
    assert [(a.key, len(a.mentions)) for a in merged] == [("person:bernard sanders", 2)]


def test_names_joined_by_a_hyphen_inside_an_event_name_stay_mentions(nlp):
    # NER may label "Mendez-Lentov" (of "the Mendez-Lentov summit") an organisation; its two names are still the
    # two leaders, unlike "Green" of "Green Party".
    text = "Aides to President Mendez prepared for the Mendez-Lentov summit in Vienna on Friday."
    actors = actors_with_entity(nlp, text, "Mendez-Lentov", "ORG")
    assert texts(by_key(actors, "person:mendez")) == ["President Mendez", "Mendez"]


def test_an_apposition_naming_a_kind_of_body_makes_an_organisation_with_its_printed_name(nlp):
    actors = actors_of(nlp, "Nobody yet knows who funds Ansar al-Sharia, the militant group blamed for the raid. "
                            "Mark Hale, the party leader, spoke. Dana Roe, a senior official, agreed.")
    assert [(a.name, a.kind) for a in actors] == [("Ansar al-Sharia", "organisation"), ("Mark Hale", "person"),
                                                  ("Dana Roe", "person")]


def test_a_sentences_opening_word_is_no_given_name(nlp):
    actors = actors_of(nlp, "The old pact let a few troops stay on, until the prime minister said no.\n\nOnce Obama "
                            "was sworn in that winter, the plan changed at once. President Obama later said so.")
    assert [(a.name, texts(a)) for a in actors if a.kind == "person"] == [("Obama", ["Obama", "President Obama"])]


def test_a_role_of_a_state_that_introduces_someone_is_not_the_untitled_states_holder(nlp):
    # "Russia's strongman Vladimir Putin" ties Putin to Russia without an office: "the Russian president" is no
    # longer given to the one president whose state goes unsaid ("President Obama"); the corpus resolves it.
    actors = actors_of(nlp, "Hillary Clinton mocked Donald Trump’s admiration for Russia’s strongman Vladimir Putin "
                            "on Thursday. She called his warmth toward the Russian president dangerous. President "
                            "Obama agreed, and the American president said so twice.")
    assert texts(by_key(actors, "person:obama")) == ["President Obama", "American president"]
    assert texts(by_key(actors, "role:RUS:president")) == ["Russian president"]


def test_a_given_name_after_a_preposition_is_still_the_person_it_names(nlp):
    # "go through Corey" had made "Corey", given name of Corey Lewandowski, a place.
    actors = actors_of(nlp, "Campaign aides praised Corey Lewandowski on Monday. “Everyone here still goes through "
                            "Corey for advice,” one aide said. “Corey remains a friend of the campaign,” another said.")
    assert not any(a.kind == "place" for a in actors)
    assert texts(by_key(actors, "person:corey lewandowski"))[0] == "Corey Lewandowski"


def test_a_lower_case_miss_is_a_verb_not_a_title(nlp):
    # "I miss Donald Trump" had given Trump the title "miss".
    actors = actors_of(nlp, "Asked about the debate, Gov. Ralph Tenney joked: “Honestly, I miss Donald Trump on that stage. He kept "
                            "things lively.” Trump skipped the event.")
    assert texts(by_key(actors, "person:donald trump")) == ["Donald Trump", "Trump"]


def test_a_website_is_an_organisation_not_a_person_nor_dropped(nlp):
    # A site's address is one token with no letters-only word: it had been dropped as noise where NER called it
    # an organisation, and made a person where NER called it one (its other mentions then joined as a surname).
    text = ("The bill answers a problem that the slow start of Healthcare.gov created. Had Healthcare.gov "
            "still been broken in spring, the case would be stronger. Senator Lena Moss agreed.")
    for actors in (actors_of(nlp, text), actors_with_entity(nlp, text, "Healthcare.gov", "PERSON")):
        site = by_key(actors, "org:healthcaregov")
        assert (site.kind, texts(site)) == ("organisation", ["Healthcare.gov", "Healthcare.gov"])
        assert [a.name for a in actors if a.kind == "person"] == ["Lena Moss"]


def test_a_participle_opening_a_sentence_is_no_given_name(nlp):
    # "Echoing Cruz' criticism" had made a second person ending in Cruz, so the bare "Cruz" joined neither.
    actors = actors_of(nlp, "Senator Ted Cruz spoke first. Later the governor took aim at Cruz and Marco Rubio over "
                            "their votes.\n\nEchoing Cruz' complaint, the governor called Rubio soft on spending.")
    assert [(a.name, texts(a)) for a in actors if a.kind == "person"] == [
        ("Ted Cruz", ["Senator Ted Cruz", "Cruz", "Cruz"]), ("Marco Rubio", ["Marco Rubio", "Rubio"])]


def test_a_son_named_with_jr_keeps_his_own_mentions_and_leaves_his_fathers(nlp):
    # A Jr. had taken every bare and titled surname of his father, and "Trump Jr" had made "Jr" a surname.
    actors = actors_of(nlp, "Walt Brandt Jr. met the lobbyist in June. Brandt Jr said the talk went nowhere, and "
                            "Walt Jr. later called it a waste of time. Governor Brandt defended his son on Monday. "
                            "Brandt said Jr. had done nothing wrong.")
    assert texts(by_key(actors, "person:walt brandt jr")) == ["Walt Brandt Jr.", "Brandt Jr", "Walt Jr."]
    assert texts(by_key(actors, "person:brandt")) == ["Governor Brandt", "Brandt"]


def test_a_bare_surname_goes_to_the_unsuffixed_bearer_or_to_the_only_one(nlp):
    people = merged_people(nlp, "Governor Walt Brandt vetoed the bill. Brandt said it cost too much.",
                           "Walt Brandt Jr. met the lobbyist in June. Brandt Jr. said the talk went nowhere. Brandt, "
                           "his father, said little.")
    assert [(p.name, sorted(set(texts(p)))) for p in people] == [
        ("Walt Brandt", ["Brandt", "Governor Walt Brandt"]), ("Walt Brandt Jr.", ["Brandt Jr.", "Walt Brandt Jr."])]
    people = merged_people(nlp, "Cal Ripley Jr. opened the new clinic on Friday. Ripley said it was overdue.")
    assert [(p.name, texts(p)) for p in people] == [("Cal Ripley Jr.", ["Cal Ripley Jr.", "Ripley"])]


def test_a_given_name_that_ner_calls_a_place_joins_the_name_after_it(nlp):
    # NER labels "Natalia" a place and the unknown surname after it a person or a place: one person.
    actors = actors_of(nlp, "Officials said the son met Natalia Kuvshinnikova last summer. The aide set up a second "
                            "meeting with Natalia Bereznitskaya and two lobbyists. Kuvshinnikova denied it.")
    assert [(a.name, a.kind, texts(a)) for a in actors] == [
        ("Natalia Kuvshinnikova", "person", ["Natalia Kuvshinnikova", "Kuvshinnikova"]),
        ("Natalia Bereznitskaya", "person", ["Natalia Bereznitskaya"])]


def test_a_given_name_that_ner_calls_an_organisation_joins_its_full_name(nlp):
    # A singer known by his given name: "Emin" beside "Emin Agalarov" had been an organisation.
    text = "Ruslan Dzhabarov set up the call. Later, Ruslan sang at a gala for the family."
    actors = actors_with_entity(nlp, text, "Ruslan", "ORG", after="Later")
    assert [(a.name, a.kind, texts(a)) for a in actors] == [("Ruslan Dzhabarov", "person", ["Ruslan Dzhabarov", "Ruslan"])]


def test_a_lower_case_title_before_a_name_still_counts(nlp):
    actors = actors_of(nlp, "The talk was given by history professor Norman Markowitz, who said the label stuck.")
    assert texts(actors[0]) == ["professor Norman Markowitz"]


def test_a_gendered_title_picks_the_bearer_of_that_sex_when_a_couple_share_the_surname(nlp):
    # "Mrs. Trump" beside Donald and Melania Trump had kept the bare "Trump" with it, and the corpus then gave
    # every bare "Trump" of those articles to her.
    actors = actors_of(nlp, "President Karl Voss defended the policy on Monday. The first lady, Melania Voss, broke "
                            "with him in a statement. Mrs. Voss said families belong together. Voss said he would not "
                            "back down.")
    assert texts(by_key(actors, "person:melania voss")) == ["Melania Voss", "Mrs. Voss"]
    assert texts(by_key(actors, "person:voss")) == ["Voss"]


def test_a_name_listed_with_people_is_a_person_whatever_ner_says(nlp):
    text = "On Friday the mayor was joined by Chris Kessler of Nevada, Nikki Shelley of Maine and Bobby Dunmore of Utah."
    actors = actors_with_entity(nlp, text, "Nikki Shelley", "ORG")
    assert [a.name for a in actors if a.kind == "person"] == ["Chris Kessler", "Nikki Shelley", "Bobby Dunmore"]


def test_a_person_of_a_group_is_no_organisation(nlp):
    # "the group's president" had read as an apposition saying what kind of body the name is.
    actors = actors_of(nlp, "The ad was paid for by a national group, said Tom Brinkley, the group's president, on "
                            "Monday.")
    assert [(a.name, a.kind) for a in actors] == [("Tom Brinkley", "person")]


def test_a_one_word_name_with_an_apposition_naming_a_company_is_an_organisation(nlp):
    # Between dashes too, and whether NER calls the name a person or a place ("Solyndra" had been a place).
    text = ("The senator toured Veltrana — the bankrupt solar-panel company that got a federal loan — on Thursday. "
            "Veltrana closed its plant a year later.")
    for actors in (actors_of(nlp, text), actors_with_entity(nlp, text, "Veltrana", "GPE")):
        assert [(a.name, a.kind) for a in actors] == [("Veltrana", "organisation")]


def test_israels_security_service_is_an_organisation(nlp):
    actors = actors_of(nlp, "Israel's Shin Bet security service reported two arrests on Sunday. A Shin Bet "
                            "official declined to comment.")
    assert [(a.name, a.kind, len(a.mentions)) for a in actors if a.name != "Israel"] == [
        ("Shin Bet", "organisation", 2)]


def test_a_groups_adjective_that_ner_calls_an_organisation_is_that_group(nlp):
    text = ("In the last race the senator won 64 percent of the Latino vote. Latinos now make up a fifth of the state, "
            "and Latinos lean young.")
    actors = actors_with_entity(nlp, text, "Latino", "ORG")
    assert "Latino" in texts(by_key(actors, "group:latinos"))
    assert not any(a.kind == "organisation" for a in actors)


def test_the_start_of_a_schools_name_used_as_a_place_is_no_person(nlp):
    # "Sandy Hook parents" beside "Sandy Hook Elementary" had made a person called Sandy Hook.
    text = ("Relatives of Holly Brook victims met the governor on Tuesday. Holly Brook parents said the vote was a "
            "betrayal. \"We will keep coming back,\" said Mark Dolan, whose son died at Holly Brook Elementary.")
    assert [a.name for a in actors_of(nlp, text) if a.kind == "person"] == ["Mark Dolan"]
    # The man himself, beside the university named after him, stays a person.
    text = "George Washington crossed the river in 1776. Students at George Washington University marked the day."
    assert [a.name for a in actors_of(nlp, text) if a.kind == "person"] == ["George Washington"]


def test_an_apposition_naming_a_trade_or_a_place_after_in_makes_no_organisation(nlp):
    actors = actors_of(nlp, "\"He can do nothing right for them,\" said Dale Pruitt, a general contractor. The county "
                            "police in Oregon, the first agency to try the cameras, praised them.")
    assert [(a.name, a.kind) for a in actors] == [("Dale Pruitt", "person"), ("Oregon", "place")]


def test_a_relative_clause_after_one_name_is_no_sign_of_a_company(nlp):
    # "a bill backed by Mr. Hale, which would ..." made Hale an organisation: the clause is the bill's.
    actors = actors_of(nlp, "President Hale appeared on Sunday. Senators will vote on a stopgap bill pushed by "
                            "Mr. Hale, which would keep lower tax rates for most families. Mr. Hale said so twice.")
    assert [(a.name, a.kind) for a in actors] == [("Hale", "person")]


def test_a_nickname_in_quotes_inside_a_name_is_one_person(nlp):
    # NER broke such names at the quotes: 'Robert Francis "Beto' a person, "O'Rourke" nothing.
    actors = actors_of(nlp, "State senator Margaret \"Peg\" Holloway filed the bill on Monday. Peg told reporters "
                            "the votes were there. Holloway later left for the capital.")
    people = [a for a in actors if a.kind == "person"]
    assert len(people) == 1 and people[0].key == "person:margaret holloway"
    assert people[0].name == "Peg Holloway"  # the name the article goes on to use
    assert texts(people[0]) == ["senator Margaret \"Peg\" Holloway", "Peg", "Holloway"]
    beto = actors_of(nlp, "The candidate Robert Francis \"Beto\" O'Rourke spoke on Sunday. O'Rourke then "
                          "flew home.")
    assert [(a.name, len(a.mentions)) for a in beto if a.kind == "person"] == [("Robert Francis O'Rourke", 2)]


def test_a_nickname_printed_once_is_not_the_name_shown(nlp):
    # A jibe (Chuck "Fake Tears" Schumer) must not become the name a person is shown by.
    actors = actors_of(nlp, "The senator, Charles \"Crybaby\" Whitfield as his rivals say, voted no. Whitfield "
                            "said nothing afterwards.")
    whitfield = by_key(actors, "person:charles whitfield")
    assert whitfield.name == "Charles Whitfield" and len(whitfield.mentions) == 2


def test_a_bare_nickname_ner_calls_a_place_is_the_person(nlp):
    text = ("Judge Anthony \"Tino\" Carbonaro died on Saturday. Friends said Tino loved opera.")
    actors = actors_with_entity(nlp, text, "Tino", "LOC", after="Friends")
    assert [(a.name, a.kind, len(a.mentions)) for a in actors] == [("Tino Carbonaro", "person", 2)]


def test_a_nickname_printed_in_one_source_joins_its_use_in_another(nlp):
    merged = merged_people(nlp, "Former aide Lewis \"Scooter\" Fairbanks was pardoned on Friday. Fairbanks had "
                                "been convicted in 2009.",
                           "The governor pardoned Scooter Fairbanks on Friday, and Scooter Fairbanks thanked him.")
    assert [(a.key, len(a.mentions)) for a in merged] == [("person:lewis fairbanks", 4)]


def test_scare_quotes_in_a_headline_make_no_nickname(nlp):
    actors = actors_of(nlp, "Mayor Decries 'Carnage' And Promises Help\n\nThe mayor spoke on Friday.")
    assert not any(a.kind == "person" for a in actors)


def test_a_university_is_an_organisation_whatever_ner_calls_it(nlp):
    # "Virginia Tech said" was read as a woman called Virginia whose surname is Tech.
    actors = actors_with_entity(nlp, "Vermont Tech said on Monday that classes would resume. Ohio Tech agreed.",
                                "Vermont Tech", "PERSON")
    assert ("Vermont Tech", "organisation") in [(a.name, a.kind) for a in actors]
    assert not any(a.kind == "person" for a in actors)
    at = actors_with_entity(nlp, "The shooting at Vermont Tech left two people hurt.", "Vermont Tech", "FAC")
    assert [(a.name, a.kind) for a in at] == [("Vermont Tech", "organisation")]


def test_a_name_only_capitals_print_is_shown_in_mixed_case(nlp):
    merged, _ = merge_actors([actors_of(nlp, "AMY GOODMAN: Welcome back. JUAN MORALES: Thank you, Amy. JUAN MORALES: "
                                             "The vote was rigged.")])
    assert "Juan Morales" in [a.name for a in merged if a.kind == "person"]


def test_a_surnames_plural_is_the_family_not_a_place(nlp):
    text = "Critics went after Hunter Vandermeer again. The Vandermeers denied any wrongdoing on Monday."
    actors = actors_with_entity(nlp, text, "Vandermeers", "GPE")
    assert [(a.name, a.kind) for a in actors] == [("Hunter Vandermeer", "person"), ("Vandermeers", "group")]


def test_a_companys_name_without_its_designator_is_the_company(nlp):
    # "Burisma" beside "Burisma Holdings" had been a place in one sentence and a person in the next.
    text = ("The son joined the board of Zlatoria Holdings in 2014. Critics said Zlatoria wanted his name, and the "
            "prosecutor looked into Zlatoria.")
    for label in ("GPE", "PERSON", "ORG"):
        actors = actors_with_entity(nlp, text, "Zlatoria", label, after="Critics")
        company = by_key(actors, "org:zlatoria holdings")
        assert texts(company) == ["Zlatoria Holdings", "Zlatoria", "Zlatoria"], label
        assert [a.kind for a in actors] == ["organisation"], label
    # Another source that never gives the designator: the one company the corpus names so.
    merged, _ = merge_actors([actors_of(nlp, text, "d1"),
                              actors_with_entity(nlp, "He was paid by Zlatoria for years.", "Zlatoria", "GPE")])
    assert [(a.name, len(a.mentions)) for a in merged] == [("Zlatoria Holdings", 4)]


def test_a_companys_first_word_that_is_a_persons_surname_stays_the_person(nlp):
    text = "Lena Marsh founded Marsh Holdings in 1990. Marsh said the firm would grow."
    actors = actors_of(nlp, text)
    assert texts(by_key(actors, "person:lena marsh")) == ["Lena Marsh", "Marsh"]


def test_conservatives_opening_a_sentence_are_people_not_the_british_party(nlp):
    # In American news "Conservatives want ..." is the common noun capitalised by its sentence; the British
    # party is "the Conservatives" (or the Tories).
    us = actors_of(nlp, "Conservatives want every benefit to be means-tested. Conservatives in the House balked.")
    assert not any(a.name == "Conservative Party" for a in us)
    uk = actors_of(nlp, "The Conservatives won 365 seats on Thursday, and the Tories celebrated.")
    assert texts(by_key(uk, "org:CONSERVATIVES")) == ["Conservatives", "Tories"]


def test_a_papers_short_name_is_the_paper_the_article_named_in_full(nlp):
    # "the Times" after "The New York Times" had become The Times of London.
    actors = actors_of(nlp, "An aide kept a diary, and The New York Times has seen it. Once the Times' story ran, "
                            "senators asked to see it. The Washington Post followed, and the Post said it had a copy.")
    assert texts(by_key(actors, "outlet:new york times")) == ["New York Times", "Times"]
    assert texts(by_key(actors, "outlet:washington post")) == ["Washington Post", "Post"]
    # Two papers of that name: "the Times" stays the paper of that name alone.
    both = actors_of(nlp, "Both the Los Angeles Times and, later, The New York Times carried the piece. The Times said "
                          "more was coming.")
    assert "Times" not in texts(by_key(both, "outlet:new york times"))


def test_two_printings_with_different_middle_names_are_two_people(nlp):
    # "George Herbert Walker Bush" had joined "President George W. Bush" in one article: father and son.
    text = ("He was budget director for President Aldous W. Brandt. \"He is the best-prepared man since Aldous Harlan "
            "Wendell Brandt became vice president,\" an aide said.")
    actors = actors_with_entity(nlp, text, "Aldous Harlan Wendell Brandt", "PERSON")
    assert sorted(a.name for a in actors if a.kind == "person") == ["Aldous Harlan Wendell Brandt", "Aldous W. Brandt"]
    same = actors_of(nlp, "Senator Aldous W. Brandt spoke on Monday. Later, Aldous Wendell Brandt left for Ohio.")
    assert [len(a.mentions) for a in same if a.kind == "person"] == [2]


def test_a_list_entry_with_a_colon_is_no_person(nlp):
    # "2100 W. Lake St: Property damage, fire" had made a person called Property, named 170 times.
    text = "2100 W. Birch St: Property damage, fire\n\n2216 E. Birch St: Property damage\n\n400 Elm Ave: Property damage"
    assert not any(a.kind == "person" for a in actors_of(nlp, text))


def test_a_street_abbreviation_ends_no_persons_name(nlp):
    text = "Looters hit a shop on Bryant Ave on Friday. Bryant Ave was closed, and Maple Rd was closed too."
    actors = actors_with_entity(nlp, text, "Bryant Ave", "PERSON")
    assert not any(a.kind == "person" for a in actors)


def test_a_titled_surname_goes_to_the_bearer_the_article_titles_so(nlp):
    # Two full names share the surname; only one is ever called "Dr.": "Dr. Halvorsen" is her, the bare
    # surname stays open.
    actors = actors_of(nlp, "Dr. Ingrid Halvorsen, 52, retired on Friday, said her brother, Magnus Halvorsen. \"Dr. "
                            "Halvorsen saved many lives,\" the clinic said.")
    assert texts(by_key(actors, "person:ingrid halvorsen")) == ["Dr. Ingrid Halvorsen", "Dr. Halvorsen"]


def test_a_city_written_with_its_state_is_a_place_whatever_ner_calls_it(nlp):
    text = "Those killed in Fairborn, Ohio, will be mourned on Sunday. The governor will travel to Fairborn on Monday."
    actors = actors_with_entity(nlp, text, "Fairborn", "ORG", after="travel")
    assert ("Fairborn", "place") in [(a.name, a.kind) for a in actors]
    assert not any(a.kind == "organisation" for a in actors)


def test_a_name_after_an_indefinite_article_is_no_person(nlp):
    # "he is a Trojan horse" had made a person called Trojan.
    text = "Critics call the senator a Trojan horse of the donors. The senator laughed it off."
    actors = actors_with_entity(nlp, text, "Trojan", "PERSON")
    assert not any(a.kind == "person" for a in actors)


def test_a_body_named_for_its_leader_is_the_body(nlp):
    # "the Penhallow White House" is the White House, not a person whose surname "House" every "House
    # Speaker" would then take.
    text = ("Aides in the Penhallow White House told reporters the harbour plan was dead. House Speaker "
            "Dana Whitlock disagreed, and House Majority Leader Tom Brinkley said the plan would pass.")
    actors = actors_with_entity(nlp, text, "Penhallow White House", "PERSON")
    assert not [a for a in actors if a.kind == "person" and "House" in a.name]
    assert "Penhallow White House" in texts(by_key(actors, "state:USA"))
    assert {a.name for a in actors if a.kind == "person"} == {"Dana Whitlock", "Tom Brinkley"}


def test_house_alone_is_the_us_house_only_beside_congress_words(nlp):
    us = ("House Speaker Dana Whitlock said on Monday that the Senate would have to wait. The House votes on the "
          "harbour bill on Friday.")
    house = by_key(actors_with_entity(nlp, us, "House", "ORG", after="wait"), "org:HOUSE")
    assert "House" in texts(house)
    british = "Mr Penhallow told the House that harbour policy would not change. Labour MPs objected."
    actors = actors_with_entity(nlp, british, "House", "ORG")
    assert "org:HOUSE" not in {a.key for a in actors}  # the Commons, not the American chamber
