"""Statement extraction (who said what) on invented sentences, plus checks on the seed articles when present."""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest

from manysides.extract.actors import extract_actors
from manysides.extract.speakers import joint_parts
from manysides.extract.statements import extract_statements
from manysides.model import Actor, Document, Mention, Region, Statement
from manysides.nlp.pipeline import load_pipeline
from manysides.nlp.quotes import find_quotations

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def run(nlp, text: str, actors=(), boilerplate=()) -> tuple[Document, list[Statement]]:
    doc = Document("t", text, boilerplate=list(boilerplate))
    return doc, extract_statements(doc, nlp(text), actors)


def content(doc: Document, st: Statement) -> str:
    return doc.text[st.content.start:st.content.end]


def speaker(doc: Document, st: Statement) -> str | None:
    return None if st.speaker_span is None else doc.text[st.speaker_span.start:st.speaker_span.end]


def cue(doc: Document, st: Statement) -> str | None:
    return None if st.cue is None else doc.text[st.cue.start:st.cue.end]


def only(statements: list[Statement]) -> Statement:
    assert len(statements) == 1, statements
    return statements[0]


# ------------------------------------------------------------------------------------------ quotations

def named_speakers(nlp, text: str) -> list[tuple[str | None, str | None]]:
    """(speaker phrase, actor name) of each statement, with the text's own actors."""
    doc, sdoc = Document("t", text), nlp(text)
    actors = extract_actors(doc, sdoc)
    names = {a.id: a.name for a in actors}
    return [(speaker(doc, st), names.get(st.speaker)) for st in extract_statements(doc, sdoc, actors)]


def test_direct_quote_with_inverted_cue(nlp):
    doc, sts = run(nlp, '"We will rebuild every bridge in the valley," said Angela Merkel on Tuesday.')
    st = only(sts)
    assert st.kind == "direct"
    assert content(doc, st) == "We will rebuild every bridge in the valley"
    assert speaker(doc, st) == "Angela Merkel"
    assert cue(doc, st) == "said"
    assert st.id == "t:s1"


def test_direct_quote_subject_after_quote(nlp):
    doc, sts = run(nlp, "“The harvest was the worst in a decade,” Emmanuel Macron said.")
    st = only(sts)
    assert (st.kind, speaker(doc, st), content(doc, st)) == ("direct", "Emmanuel Macron",
                                                             "The harvest was the worst in a decade")


def test_multi_sentence_curly_quote_with_nested_single_quotes(nlp):
    text = ("Olaf Scholz told reporters: “Nobody here wants a ‘grand bargain’ behind closed doors. "
            "We want a fair deal. That is all.”")
    doc, sts = run(nlp, text)
    st = only(sts)
    assert st.kind == "direct"
    assert content(doc, st).startswith("Nobody here wants a ‘grand bargain’")
    assert content(doc, st).endswith("That is all.")
    assert speaker(doc, st) == "Olaf Scholz"


def test_colon_quote_speaker_is_subject_not_object(nlp):
    text = 'Canadian Prime Minister Mark Carney warned President Biden before the meeting: "Do not sign anything."'
    doc, sts = run(nlp, text)
    st = only(sts)
    assert st.kind == "direct"
    assert speaker(doc, st) == "Canadian Prime Minister Mark Carney"
    assert "Biden" not in speaker(doc, st)


def test_partial_quote_governed_by_cue(nlp):
    doc, sts = run(nlp, 'Later, she described the talks as "tough but honest" and left the building.')
    st = only(sts)
    assert st.kind == "partial"
    assert content(doc, st) == "tough but honest"
    assert speaker(doc, st) == "she"
    assert cue(doc, st) == "described"


def test_partial_quote_comma_inside_marks_is_trimmed(nlp):
    doc, sts = run(nlp, 'Boris Johnson called the plan "a total mess," before leaving for Paris.')
    st = only(sts)
    assert st.kind == "partial"
    assert content(doc, st) == "a total mess"
    assert speaker(doc, st) == "Boris Johnson"


def test_reported_speech_ending_in_a_quotation_keeps_its_closing_mark(nlp):
    # After a heading line the parser hangs the closing mark on the main verb ("voted"), outside the
    # reported clause; the content must still end with the quotation, not inside it.
    doc, sts = run(nlp, 'Council notes\n\nHalvorsen, who said the ferry levy was "a disgrace", voted against it.')
    reported = [st for st in sts if st.kind == "indirect"]
    assert [content(doc, st) for st in reported] == ['the ferry levy was "a disgrace"']
    assert speaker(doc, reported[0]) == "Halvorsen"


def test_partial_quote_attributed_by_an_as_clause(nlp):
    doc, sts = run(nlp, 'The dispute is about the "historic fishing rights of the coast", as Minister Alan Reed '
                        'repeated in Dover on Monday.')
    st = only(sts)
    assert st.kind == "partial"
    assert content(doc, st) == "historic fishing rights of the coast"
    assert speaker(doc, st) == "Minister Alan Reed"
    assert cue(doc, st) == "repeated"


def test_as_clause_without_a_speaker_does_not_make_a_term_a_quote(nlp):
    _, sts = run(nlp, 'The budget crossed the "golden rule of the treasury", as expected by markets.')
    assert sts == []


def test_quote_split_around_cue_gives_two_statements_with_same_speaker(nlp):
    text = '"We lost the vote," Nicola Sturgeon said, adding, "but we did not lose the argument at all."'
    doc, sts = run(nlp, text)
    assert [st.kind for st in sts] == ["direct", "direct"]
    assert {speaker(doc, st) for st in sts} == {"Nicola Sturgeon"}
    assert [st.id for st in sts] == ["t:s1", "t:s2"]


def test_multi_paragraph_quote(nlp):
    text = ('Justin Trudeau said: "The first part of the plan is about housing for young families.\n\n'
            '"The second part is about the railways that connect our northern towns."\n\n'
            'The plan was published later.')
    doc, sts = run(nlp, text)
    st = only(sts)
    assert st.kind == "direct"
    assert content(doc, st).startswith("The first part")
    assert content(doc, st).endswith("northern towns.")
    assert speaker(doc, st) == "Justin Trudeau"


def test_quote_without_speaker_takes_previous_statement_speaker(nlp):
    text = ("The Guardian wrote that the deal was rushed. It added: "
            "\"Nobody outside the room has seen the final text of the agreement.\"")
    doc, sts = run(nlp, text)
    assert [st.kind for st in sts] == ["indirect", "direct"]
    assert speaker(doc, sts[0]) == "The Guardian"
    assert speaker(doc, sts[1]) == "It"


def test_quote_with_no_cue_follows_previous_speaker(nlp):
    text = ('Jacinda Ardern said the budget was fair. "Every family will see a difference by winter. '
            'That is our promise to them."')
    doc, sts = run(nlp, text)
    assert sts[-1].kind == "direct"
    assert speaker(doc, sts[-1]) == "Jacinda Ardern"


# ------------------------------------------------------------------------------------- reported speech

def test_indirect_speech_without_that(nlp):
    doc, sts = run(nlp, "Donald Trump insisted any trade deal was a matter for Congress to settle.")
    st = only(sts)
    assert st.kind == "indirect"
    assert content(doc, st) == "any trade deal was a matter for Congress to settle"
    assert (speaker(doc, st), cue(doc, st)) == ("Donald Trump", "insisted")


def test_indirect_speech_with_that_excludes_that(nlp):
    doc, sts = run(nlp, "British PM Keir Starmer said that the border talks would resume in March.")
    st = only(sts)
    assert content(doc, st) == "the border talks would resume in March"
    assert speaker(doc, st) == "British PM Keir Starmer"


def test_indirect_speech_of_an_outlet_with_partial_quote_inside(nlp):
    text = 'The Financial Times commented that the vote marked "a turning point for the coalition" in Berlin.'
    doc, sts = run(nlp, text)
    clause, partial = sorted(sts, key=lambda s: s.content.start)
    assert clause.kind == "indirect"
    assert "a turning point for the coalition" in content(doc, clause)
    assert speaker(doc, clause) == "The Financial Times"
    # the quoted words inside the clause are the outlet's own wording: a partial quote with the same speaker
    assert partial.kind == "partial"
    assert content(doc, partial) == "a turning point for the coalition"
    assert speaker(doc, partial) == "The Financial Times" and partial.cue == clause.cue


def test_according_to(nlp):
    doc, sts = run(nlp, "According to Reuters, the pipeline will reopen next week.")
    st = only(sts)
    assert st.kind == "indirect"
    assert content(doc, st) == "the pipeline will reopen next week"
    assert speaker(doc, st) == "Reuters"


def test_view_is_that(nlp):
    doc, sts = run(nlp, "Macron's view is that Europe must build its own defence industry.")
    st = only(sts)
    assert content(doc, st) == "Europe must build its own defence industry"
    assert speaker(doc, st) == "Macron"


def test_passive_reported_by(nlp):
    doc, sts = run(nlp, "It was reported by the BBC that the minister had resigned.")
    st = only(sts)
    assert content(doc, st) == "the minister had resigned"
    assert speaker(doc, st) == "the BBC"


def test_told_reporters(nlp):
    doc, sts = run(nlp, "Angela Merkel told reporters the coalition would survive the winter.")
    st = only(sts)
    assert (speaker(doc, st), cue(doc, st)) == ("Angela Merkel", "told")
    assert content(doc, st) == "the coalition would survive the winter"


# ------------------------------------------------------------------------------ beliefs and stances

@pytest.mark.parametrize("text, expected_content, expected_speaker", [
    # stance verbs with a noun-phrase object, and what the stance is about
    ("The union endorsed Maria Lopez for mayor on Monday.", "Maria Lopez for mayor", "The union"),
    ("The union accused the ministry of ignoring safety warnings.", "the ministry of ignoring safety warnings",
     "The union"),
    ("The governor called the new tax a disgrace.", "the new tax a disgrace", "The governor"),
    # prepositional objects of speech and stance verbs
    ("The senator spoke about the border crisis.", "the border crisis", "The senator"),
    # stance and intent nouns: the stance itself is the content
    ("Opposition leader Ana Ruiz voiced support for the treaty.", "support for the treaty",
     "Opposition leader Ana Ruiz"),
    ("The mayor's plan to close the library drew protests.", "plan to close the library", "The mayor"),
    ("Critics took a swipe at the council.", "swipe at the council", "Critics"),
    # shares of a poll hold views; so do groups named by a participle
    ("About 60 percent support the ban on plastic bags.", "the ban on plastic bags", "About 60 percent"),
    ("A group backing Ana Ruiz spent heavily on advertising.", "Ana Ruiz", "A group"),
    # stance adjectives with a clause
    ("The coach is confident that the team will win the title.", "the team will win the title", "The coach"),
    # "quoted as saying": the person quoted is the speaker
    ("The mayor was quoted as saying the bridge would reopen in May.", "the bridge would reopen in May",
     "The mayor"),
])
def test_stances_and_beliefs(nlp, text, expected_content, expected_speaker):
    doc, sts = run(nlp, text)
    st = only(sts)
    assert (st.kind, content(doc, st), speaker(doc, st)) == ("indirect", expected_content, expected_speaker)


def test_raised_subject_of_a_passive_is_not_the_speaker(nlp):
    doc, sts = run(nlp, "The chancellor is expected to announce new spending cuts.")
    st = only(sts)
    assert content(doc, st) == "to announce new spending cuts"
    assert st.speaker_span is None  # whoever expects it is not named


def test_conjoined_cue_shares_the_subject(nlp):
    doc, sts = run(nlp, "The president said the economy was growing and added that jobs were returning.")
    added = next(st for st in sts if cue(doc, st) == "added")
    assert content(doc, added) == "jobs were returning"
    assert speaker(doc, added) == "The president"


def test_headline_with_a_noun_before_the_colon_but_not_a_label(nlp):
    text = "Poll: Labour Leads Among Young Voters\n\nUpdate: Bridge Reopens After Long Repairs\n\nMore follows.\n"
    doc, sts = run(nlp, text)
    st = only(sts)
    assert (content(doc, st), speaker(doc, st)) == ("Labour Leads Among Young Voters", "Poll")


def test_a_race_label_before_a_colon_is_no_speaker(nlp):
    # An election-night roundup labels each race; the words after the colon report results.
    text = ("OREGON\n\nSenate: Under the new primary rules, the two leading candidates meet again in November. "
            "The incumbent led easily.\n\nGovernor: Former Rep. Dana Whitlock has won the Republican nomination.\n")
    _, sts = run(nlp, text)
    assert sts == []


def test_resolve_speaker_is_importable_from_statements():
    from manysides.extract import speakers, statements

    assert statements.resolve_speaker is speakers.resolve_speaker


# --------------------------------------------------------------------------------------- not statements

@pytest.mark.parametrize("text", [
    'The so-called "red lines" of the ministry were crossed again last month.',
    'Analysts debate the notion of “strategic autonomy” in every capital.',
    'Their relationship is built on “trust” rather than treaties.',
    'Critics mocked the "strongman synergy" between the two presidents.',
    'She reviewed the novel "The Long Road Home" for a weekly magazine.',
    'The word "crisis" appears in every headline this week.',
])
def test_scare_quotes_terms_and_titles_are_not_statements(nlp, text):
    _, sts = run(nlp, text)
    assert sts == []


def test_boilerplate_is_skipped(nlp):
    body = '"The factory will close in June," said Olaf Scholz.'
    footer = '\n"Subscribe today for unlimited access to all our reporting," said the publisher.'
    text = body + footer
    doc, sts = run(nlp, text, boilerplate=[Region(len(body) + 1, len(text), "footer")])
    st = only(sts)
    assert content(doc, st) == "The factory will close in June"


# --------------------------------------------------------------------------------------------- actors

def _actor(aid: str, kind: str, text: str, *names: str) -> Actor:
    mentions = []
    for name in names:
        start = text.index(name)
        mentions.append(Mention("t", start, start + len(name), name))
    return Actor(aid, names[0], kind, aid, mentions=mentions)  # type: ignore[arg-type]


def test_speaker_linked_to_actor_and_pronoun_resolved(nlp):
    text = ("Angela Merkel met the press in Berlin. She said the coalition would hold. "
            "The Guardian wrote that the talks had stalled. The newspaper added that nobody expected a deal.")
    actors = [_actor("a1", "person", text, "Angela Merkel"), _actor("a2", "outlet", text, "The Guardian")]
    doc, sts = run(nlp, text, actors)
    assert [(speaker(doc, st), st.speaker) for st in sts] == [
        ("She", "a1"), ("The Guardian", "a2"), ("The newspaper", "a2")]


def test_a_pronoun_without_a_subject_nearby_continues_the_last_speaker(nlp):
    # "She also thanked Ana Souza, who ...": Souza is the latest name, but not a subject, and the
    # quotation that follows goes on with Whitlock, who spoke just before.
    text = ("Mayor Dana Whitlock praised the harbour crews on Monday. \u201cThey did a remarkable job,\u201d she "
            "said. She also thanked Ana Souza, who led the repairs for the city. \u201cWe owe her a great "
            "deal,\u201d she said.")
    actors = [_actor("w", "person", text, "Dana Whitlock"), _actor("s", "person", text, "Ana Souza")]
    doc, sts = run(nlp, text, actors)
    quoted = [st for st in sts if content(doc, st).startswith("We owe her")]
    assert len(quoted) == 1 and quoted[0].speaker == "w"
    assert {st.speaker for st in sts} == {"w"}


def _speakers_of(nlp, text: str, people: dict[str, str], phrase: str) -> set[str | None]:
    """Actor ids the statements whose speaker phrase is ``phrase`` resolve to (people: id -> name)."""
    doc, sts = run(nlp, text, [_actor(key, "person", text, name) for key, name in people.items()])
    return {st.speaker for st in sts if speaker(doc, st) == phrase}


def test_she_is_not_a_man_named_by_his_given_name(nlp):
    # The latest subject before "she" is the man; his given name says he is not "she".
    text = ("Dr Laura Kemp told the harbour board that the contractor, Brian Holloway, had misled her. "
            "Asked about the contract, she said the figures had been changed.")
    assert _speakers_of(nlp, text, {"k": "Laura Kemp", "h": "Brian Holloway"}, "she") == {"k"}


def test_a_pronoun_speaker_is_not_someone_named_in_the_words_quoted(nlp):
    text = ("“I said ten days ago that it would not happen,” Rudy Malone said on Thursday. "
            "“[Mayor Dana Whitlock's] done taking questions from this committee,” he added.")
    assert _speakers_of(nlp, text, {"m": "Rudy Malone", "w": "Dana Whitlock"}, "he") == {"m"}


def test_a_quotations_pronoun_speaker_is_not_the_subject_of_someone_elses_reported_words(nlp):
    # Tolland is the subject of Brandt's reported words, not of the narration: "he" who speaks next is Brandt.
    text = ("Council leader Piet Brandt said Oskar Tolland \u201cput the whole harbour at risk\u201d and that the "
            "council was left with nothing else to try.\n\n\u201cEvery captain obeys the rules of this port,\u201d he "
            "said.")
    assert _speakers_of(nlp, text, {"b": "Piet Brandt", "t": "Oskar Tolland"}, "he") == {"b"}
    # A pronoun that is no quotation's speaker may still go back to a name in reported words.
    text = ("Piet Brandt opened the meeting. Critics said the plan fails Oskar Tolland's own test. He has said "
            "he will block any change.")
    assert _speakers_of(nlp, text, {"b": "Piet Brandt", "t": "Oskar Tolland"}, "He") == {"t"}


def test_an_unnamed_official_stays_unnamed(nlp):
    # News keeps officials unnamed: "the official" is not the latest named person, unless a mention says
    # that person is an official; a spokesperson introduced as "a ... spokesperson" is never named either.
    text = ("A harbour board official said the wall would be finished by May. Mayor Piet Brandt opened the site "
            "on Monday. \u201cThe money is there,\u201d the official said.")
    assert _speakers_of(nlp, text, {"b": "Piet Brandt"}, "the official") == {None}
    for named in ("Harbour board official Ingrid Halvorsen", "Ingrid Halvorsen, a harbour board official,"):
        text = (f"{named} said the wall would be finished by May. Mayor Piet Brandt opened the site on Monday. "
                "\u201cThe money is there,\u201d the official said.")
        assert _speakers_of(nlp, text, {"h": "Ingrid Halvorsen", "b": "Piet Brandt"}, "the official") == {"h"}
    text = ("Mayor Piet Brandt spoke on Monday. Later a Brandt spokesperson told the Harbour Post that the wall "
            "was safe. According to the spokesperson, the money is there.")
    assert _speakers_of(nlp, text, {"b": "Piet Brandt"}, "the spokesperson") == {None}


def test_the_administration_is_not_the_latest_organisation_named(nlp):
    text = ("The harbour police reviewed the contracts in May. The administration said the review found nothing.")
    doc, sts = run(nlp, text, [_actor("p", "organisation", text, "harbour police")])
    assert [(speaker(doc, st), st.speaker) for st in sts] == [("The administration", None)]
    text = ("The Brandt administration took office in May. The harbour police reviewed the contracts. "
            "The administration said the review found nothing.")
    actors = [_actor("b", "organisation", text, "Brandt administration"), _actor("p", "organisation", text,
                                                                                  "harbour police")]
    doc, sts = run(nlp, text, actors)
    assert [(speaker(doc, st), st.speaker) for st in sts] == [("The administration", "b")]


def test_words_before_a_verb_are_reported_only_when_set_off(nlp):
    # The parser hangs the sentence's start on "hopes"; without a comma it is no report of his.
    doc, sts = run(nlp, "Brandt's main failing has been his habit of talking in such general terms that it is "
                        "obvious he hopes to dodge every firm position.")
    assert not [st for st in sts if content(doc, st).startswith("Brandt's main failing")]
    doc, sts = run(nlp, "The harbour wall will not survive another winter, the engineer said.")
    assert [content(doc, st) for st in sts] == ["The harbour wall will not survive another winter"]

def test_it_resolves_to_organisation_not_person(nlp):
    text = "Olaf Scholz spoke after NATO met. It said the alliance would expand its air defences."
    actors = [_actor("p", "person", text, "Olaf Scholz"), _actor("o", "organisation", text, "NATO")]
    _, sts = run(nlp, text, actors)
    assert only(sts).speaker == "o"


def test_a_place_named_in_the_speaker_phrase_is_not_the_speaker(nlp):
    # The officers speak; "Portland" only says where they serve. A place is a setting, never a voice.
    text = "Two Portland firefighters who reached the pier first said the fuel tank had already burst."
    actors = [_actor("p", "place", text, "Portland")]
    doc, sts = run(nlp, text, actors)
    st = only(sts)
    assert st.speaker is None and speaker(doc, st) == "Two Portland firefighters"
    # A name the parser took for a place still speaks when it is the speaker phrase itself.
    text = "The Ellery Sentinel said the ferry would be sold."
    doc, sts = run(nlp, text, [_actor("s", "place", text, "Ellery Sentinel")])
    assert only(sts).speaker == "s"


def test_responding_to_a_scene_is_a_movement_not_a_statement(nlp):
    _, sts = run(nlp, "At 7:09 a.m. the harbour police responded to the scene at the ferry pier.")
    assert sts == []
    doc, sts = run(nlp, "The harbour minister responded to the charges on Monday.")
    assert content(doc, only(sts)) == "the charges"


def test_without_actors_speaker_is_none_but_span_set(nlp):
    _, sts = run(nlp, "Emmanuel Macron said the summit was a success for Europe.")
    st = only(sts)
    assert st.speaker is None and st.speaker_span is not None


# ----------------------------------------------------------------------------------------- quote scanner

def test_find_quotations_offsets_and_continuation():
    text = 'He said "one two" and “three four”.\n“Five six\n“seven eight.”\nNine "ten'
    quotes = find_quotations(text)
    assert [text[q.start:q.end] for q in quotes] == ["one two", "three four", "Five six\n“seven eight.", "ten"]
    assert quotes[2].paragraphs == 2
    assert quotes[3].close_at is None


def test_typewriter_pairs_are_double_quote_marks():
    # News archives mark quotations with two apostrophes, or open them with two backquotes; some texts
    # open with " and close with ''. A doubled apostrophe inside a word and an inch mark are no marks.
    text = ("''We will rebuild the wall,'' Mayor Brandt said. ``Not this year,'' Tolland replied. "
            "The plan is \"a disgrace,'' Halvorsen said. She can''t say. He is 5'11'' tall.")
    quotes = find_quotations(text)
    assert [text[q.start:q.end] for q in quotes] == ["We will rebuild the wall,", "Not this year,", "a disgrace,"]
    assert [text[q.close_at:q.close_end] for q in quotes] == ["''", "''", "''"]


def test_a_quotation_in_typewriter_marks_is_direct_with_its_speaker(nlp):
    doc, statements = run(nlp, "The council met on Monday. ''We will rebuild the harbour wall before winter,'' "
                               "Mayor Piet Brandt said. ''Nobody will lose a boat again,'' he added.")
    found = {(st.kind, speaker(doc, st), content(doc, st)) for st in statements}
    assert ("direct", "Mayor Piet Brandt", "We will rebuild the harbour wall before winter") in found
    assert ("direct", "he", "Nobody will lose a boat again") in found


# ------------------------------------------------------------------------------------------------ seeds

def _seed(prefix: str) -> Document:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return Document(prefix, matches[0].read_text(encoding="utf-8"))


def _statement_containing(doc: Document, sts: list[Statement], fragment: str) -> Statement:
    """The statement whose content contains ``fragment`` (words taken from the seed at run time)."""
    found = [st for st in sts if fragment in content(doc, st)]
    assert found, f"no statement contains {fragment!r}"
    return found[0]


def _direct_quotes(doc: Document) -> list[str]:
    """Text of every sentence-like quotation of the document (starts with a capital, at least four words)."""
    out = []
    for q in find_quotations(doc.text):
        inner = doc.text[q.start:q.end]
        if inner[:1].isupper() and len(inner.split()) >= 4 and not inner.istitle():
            out.append(inner)
    return out


def _name_actors(doc: Document, names: dict[str, str]) -> list[Actor]:
    """Stand-in actors built from every occurrence of each name in the seed (the actor module's job)."""
    actors = []
    for name, kind in names.items():
        mentions, start = [], doc.text.find(name)
        while start >= 0:
            mentions.append(Mention(doc.id, start, start + len(name), name))
            start = doc.text.find(name, start + 1)
        actors.append(Actor(name, name, kind, name, mentions=mentions))  # type: ignore[arg-type]
    return actors


def test_seed_004_every_direct_quote_has_the_right_speaker(nlp):
    doc = _seed("004")
    kinds = {"Trump": "person", "Financial Times": "outlet", "Kelly": "person", "Blumenthal": "person",
             "Hegseth": "person", "Putin": "person"}
    sts = extract_statements(doc, nlp(doc.text), _name_actors(doc, kinds))
    quotes = _direct_quotes(doc)
    assert len(quotes) >= 6
    expected = ["Trump", "Financial Times", "Kelly", "Blumenthal", "Trump", "Trump", "Hegseth"]
    assert len(quotes) == len(expected)
    for quote, name in zip(quotes, expected):
        st = _statement_containing(doc, sts, quote.split(".")[0][:40].rstrip(", "))
        assert name in (speaker(doc, st) or "") or st.speaker == name, (quote[:30], speaker(doc, st))


def test_seed_004_outlet_speakers(nlp):
    doc = _seed("004")
    sts = extract_statements(doc, nlp(doc.text))
    speakers = [speaker(doc, st) or "" for st in sts]
    assert any("Financial Times" in s for s in speakers)
    assert any("newspaper" in s.lower() for s in speakers)


def test_seed_003_quotes_and_speakers(nlp):
    doc = _seed("003")
    sts = extract_statements(doc, nlp(doc.text))
    by_speaker = {speaker(doc, st) or "": st for st in sts}
    names = " | ".join(by_speaker)
    for name in ("Starmer", "Palmerston", "Financial Times"):
        assert name in names, names
    starmer = next(st for name, st in by_speaker.items() if "Starmer" in name)
    assert starmer.kind == "direct" and "Trump" not in (speaker(doc, starmer) or "")
    palmerston = next(st for name, st in by_speaker.items() if "Palmerston" in name)
    assert palmerston.kind == "direct" and len(palmerston.content) > 100
    quotes = _direct_quotes(doc)
    for quote in quotes:
        _statement_containing(doc, sts, quote[:30])


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_seed_scare_quotes_are_not_statements(nlp, prefix):
    doc = _seed(prefix)
    sts = extract_statements(doc, nlp(doc.text))
    for q in find_quotations(doc.text):
        if len(doc.text[q.start:q.end].split()) <= 3:
            assert not any(st.content.start <= q.start and q.end <= st.content.end + 1
                           and st.kind in ("direct", "partial") for st in sts), doc.text[q.start:q.end]


def test_a_possessor_in_the_speaker_phrase_is_not_the_speaker(nlp):
    text = "Dylann Varn was arrested in Shelby on Thursday. Varn’s mother told reporters that her son was innocent."
    second = text.index("Varn’s")
    varn = Actor("a1", "Dylann Varn", "person", "person:dylann varn",  # type: ignore[arg-type]
                 mentions=[Mention("t", 0, 11, "Dylann Varn"), Mention("t", second, second + 4, "Varn")])
    doc, sts = run(nlp, text, [varn])
    st = only(sts)
    assert speaker(doc, st) == "Varn’s mother" and st.speaker is None
    # A statement, a letter or a campaign speaks with its owner's voice.
    text = "Dylann Varn was charged on Thursday. Varn’s statement said the charge was false."
    second = text.index("Varn’s")
    varn = Actor("a1", "Dylann Varn", "person", "person:dylann varn",  # type: ignore[arg-type]
                 mentions=[Mention("t", 0, 11, "Dylann Varn"), Mention("t", second, second + 4, "Varn")])
    doc, sts = run(nlp, text, [varn])
    assert only(sts).speaker == "a1"
    text = "Dylann Varn was charged on Thursday. According to Varn’s signed declaration, the charge was false."
    second = text.index("Varn’s")
    varn.mentions[1] = Mention("t", second, second + 4, "Varn")
    doc, sts = run(nlp, text, [varn])
    assert only(sts).speaker == "a1"


def test_a_name_modifying_the_speakers_noun_is_not_the_speaker(nlp):
    text = ("Lena Ruiz spoke at Harbour College on Monday. One Harbour College student said the fees were too high. "
            "Ruiz aides said the rally would go ahead. Sen. Lena Ruiz, the Maine Democrat, said she would stay.")
    college = _actor("a2", "organisation", text, "Harbour College")
    first, aides, senator = text.index("Lena Ruiz"), text.index("Ruiz aides"), text.index("Lena Ruiz,")
    ruiz = Actor("a1", "Lena Ruiz", "person", "person:lena ruiz",  # type: ignore[arg-type]
                 mentions=[Mention("t", first, first + 9, "Lena Ruiz"), Mention("t", aides, aides + 4, "Ruiz"),
                           Mention("t", senator - 5, senator + 9, "Sen. Lena Ruiz")])
    second = text.index("Harbour College student")
    college.mentions.append(Mention("t", second, second + 15, "Harbour College"))
    doc, sts = run(nlp, text, [ruiz, college])
    assert [(speaker(doc, st), st.speaker) for st in sts] == [
        ("One Harbour College student", None), ("Ruiz aides", None), ("Sen. Lena Ruiz, the Maine Democrat", "a1")]


def test_an_institution_speaks_through_its_officials_and_polls_not_its_students(nlp):
    text = ("Hamas officials said the truce would hold. A Quinnipiac University poll found that most voters agreed. "
            "One Quinnipiac University student said the fees were too high. Harbour Post columnist Ann Roe said the "
            "plan would fail.")
    actors = [_actor("h", "organisation", text, "Hamas"), _actor("p", "outlet", text, "Harbour Post"),
              _actor("r", "person", text, "Ann Roe")]
    quinnipiac = Actor("q", "Quinnipiac University", "organisation", "q", mentions=[  # type: ignore[arg-type]
        Mention("t", k, k + 21, "Quinnipiac University") for k in (text.index("Quinnipiac"), text.rindex("Quinnipiac"))])
    doc, sts = run(nlp, text, [*actors, quinnipiac])
    assert [st.speaker for st in sts] == ["h", "q", None, "r"]
    # A name followed by "of" or "and" heads its phrase as before.
    text = "Senate Minority Leader Ann Roe of Maine said the budget would pass."
    doc, sts = run(nlp, text, [_actor("s", "organisation", text, "Senate"), _actor("r", "person", text, "Ann Roe")])
    assert [st.speaker for st in sts] == ["r"]


def test_a_sentence_that_only_names_the_speaker_attributes_the_quotation_before_it(nlp):
    # '…later!” Roe wrote.': the quotation closes its own sentence, so the attribution is a sentence of its
    # own; the quotation had gone to nobody, or to whoever spoke a paragraph before.
    text = ("Senate leader Tom Hale has announced a vote on a clean repeal.\n\nHale’s plan echoes a post by Dana "
            "Roe on Monday night, where the president demanded a repeal now and a new plan after it.\n\n"
            "“Congress should just vote now and fix the rest later. Voters will thank us!” Roe wrote.\n\n"
            "In January, analysts disagreed.")
    doc = Document("t", text)
    sdoc = nlp(text)
    actors = extract_actors(doc, sdoc)
    names = {a.id: a.name for a in actors}
    found = {(speaker(doc, st), names.get(st.speaker)) for st in extract_statements(doc, sdoc, actors)
             if st.kind != "indirect" or speaker(doc, st) == "the president"}
    # "the president" is not "Senate leader Tom Hale": a title naming another office rules him out.
    assert found == {("the president", "Dana Roe"), ("Roe", "Dana Roe")}


def test_an_indefinite_speaker_is_nobody_named_and_a_new_paragraph_is_no_attribution(nlp):
    # "a GOP senator" had become the last senator named.
    assert named_speakers(nlp, "Senator Kirsten Gillibrand spoke first.\n\n“She abandoned the ship far too fast,” a GOP "
                       "senator said. “Nobody here is talking about a shutdown,” one Democratic senator added.") \
        == [("a GOP senator", None), ("one Democratic senator", None)]
    # "Some liberals agree." opens a paragraph of its own: the quotation before it is still Dana Roe's.
    found = named_speakers(nlp, "\"Like her or not, the results are plain to see,\" said Dana Roe. \"Nobody in this town saw "
                        "that kind of result coming.\"\n\nSome liberals agree.\n\nThe vote is on Monday.")
    assert [name for _, name in found] == ["Dana Roe", "Dana Roe"]


def test_a_source_in_an_institution_is_not_the_institution_speaking(nlp):
    text = ("A Senate source said the talks were stuck. According to that Senate source, pressure on the holdouts "
            "is working.")
    doc, sdoc = Document("t", text), nlp(text)
    actors = extract_actors(doc, sdoc)
    assert [(speaker(doc, st), st.speaker) for st in extract_statements(doc, sdoc, actors)] == [
        ("A Senate source", None), ("that Senate source", None)]


def test_a_statement_someone_issued_speaks_for_them(nlp):
    # "a statement saying ..." had been the speaker, and so nobody named.
    assert named_speakers(nlp, "The Gun Owners League issued a statement saying the vote was a victory for law-abiding "
                       "citizens.") == [("The Gun Owners League", "Gun Owners League")]
    assert named_speakers(nlp, "Senator Dana Hale released a letter calling the plan \"dead on arrival.\"") == [
        ("Senator Dana Hale", "Dana Hale")]
    assert named_speakers(nlp, "A statement released by the Gun Owners League said the vote was a victory.") == [
        ("the Gun Owners League", "Gun Owners League")]


def test_a_spokesman_for_someone_speaks_for_them(nlp):
    # Like "Hale's spokesman"; the phrase had been cut to "A spokesman", nobody named.
    assert named_speakers(nlp, "Senator Dana Hale spoke on Monday. A spokesman for Hale said she would vote no.") \
        == [("A spokesman for Hale", "Dana Hale")]


def test_the_state_and_party_of_a_member_name_the_person_just_named(nlp):
    # "the Michigan Republican said" had gone to nobody.
    assert named_speakers(nlp, "Rep. Carl Brandt's bill would let insurers keep selling old plans. \"Deeds count for "
                               "more than speeches,\" the Ohio Republican said.") == [
        ("the Ohio Republican", "Carl Brandt")]
    # Without the state, the party names no one in particular: not the last person named, and not the Senate.
    assert named_speakers(nlp, "President Tom Hale spoke after the vote. \"Two more lines would settle it,\" the "
                               "Senate's No. 3 Democrat said. \"We will wait,\" the Republican said.") == [
        ("the Senate's No. 3 Democrat", None), ("the Republican", None)]


def test_a_state_party_member_is_not_the_president(nlp):
    # "the California Republican said" had gone to President Obama, the last person named.
    assert named_speakers(nlp, "President Tom Hale named a new coordinator on Friday. \"It is right to task one person "
                               "with this,\" the Ohio Republican said.") == [("the Ohio Republican", None)]
    assert named_speakers(nlp, "Rep. Dana Roe had asked for it. President Tom Hale named a new coordinator on Friday. "
                               "\"It is right to task one person with this,\" the Ohio Republican said.") == [
        ("the Ohio Republican", "Dana Roe")]


def test_an_office_holder_titled_by_their_body_speaks_not_the_body(nlp):
    # "<Party> Committee Chairman <Name> said" was given to the party, not the chairman.
    found = named_speakers(nlp, "House Transport Committee Chairman Walter Brandt said the bill would pass. Denver "
                                "Police Department Chief Lena Ortiz said the road would reopen.")
    assert [name for _, name in found] == ["Walter Brandt", "Lena Ortiz"]
    # A body's own statement, and an official it only modifies with a common noun, keep their speakers.
    found = named_speakers(nlp, "The Denver Police Department said the road would reopen.")
    assert [name for _, name in found] == ["Denver Police Department"]


def test_a_pronoun_does_not_go_to_a_name_inside_someone_elses_quotation():
    # A pronoun after a quotation that named a singer ("like <singer>") had gone to the singer, not the speaker.
    from manysides.extract.speakers import MentionFacts, resolve_speaker
    from manysides.model import Span

    text = "Dana Whitcomb spoke first. “Nobody here trusted Okafor,” a voter said.\n\nLater she added more."

    def actor(n: int, name: str) -> Actor:
        start = text.index(name)
        return Actor(f"a{n}", name, "person", f"person:{name.lower()}",
                     mentions=[Mention("t", start, start + len(name), name)])
    actors = [actor(1, "Dana Whitcomb"), actor(2, "Okafor")]
    she = text.index("she")
    span = Span("t", she, she + 3)
    quoted = MentionFacts(quoted=frozenset({text.index("Okafor")}))
    assert resolve_speaker(text, span, actors, quoted) == "a1"
    assert resolve_speaker(text, span, actors) == "a2"  # the latest name, when nothing says it is quoted
    # With no name outside quotations, one inside still counts.
    assert resolve_speaker(text, span, actors[1:], quoted) == "a2"


def test_a_closing_mark_glued_to_a_full_stop_opens_no_quotation():
    # Paragraphs glued together leave a closer where no quotation is open; opening one there made the
    # narration up to the next mark a quotation.
    text = 'The plan would fail, the memo said. It will cost jobs." The mayor, Ann Roe, disagreed and said "it will ' \
           'work" on Monday.'
    assert [text[q.start:q.end] for q in find_quotations(text)] == ["it will work"]


def test_the_speaker_after_a_dateline_is_the_one_named_there(nlp):
    # The parser read the dateline "WILMINGTON, Ohio" as a second subject of "said", and it was the speaker.
    from manysides.io.readers import document_from_text

    text = "PORT ELLERY, Maine — Harbour minister Dana Whitlock said Friday she will rebuild the wall if elected."
    doc, sdoc = document_from_text(text, "t"), nlp(text)
    actors = extract_actors(doc, sdoc)
    names = {a.id: a.name for a in actors}
    found = [(speaker(doc, st), names.get(st.speaker)) for st in extract_statements(doc, sdoc, actors)]
    assert found == [("Harbour minister Dana Whitlock", "Dana Whitlock")]


def test_two_subjects_of_one_verb_prefer_the_nearest_but_not_a_relative_clauses_noun(nlp):
    # Parses as the small model gives them on real articles, written out so the test does not hang on one
    # model version: a dateline read as a second subject, and a relative clause's noun read as one.
    from spacy.tokens import Doc as SpacyDoc

    from manysides.extract.speakers import subject_span

    def parsed(words, heads, deps, tags):
        return SpacyDoc(nlp.vocab, words=words, heads=heads, deps=deps, tags=tags)

    dateline = parsed(["PORTSMOUTH", ",", "Ohio", "—", "Dana", "Whitlock", "said", "it", "."],
                      [6, 0, 0, 0, 5, 6, 6, 6, 6],
                      ["nsubj", "punct", "appos", "punct", "compound", "nsubj", "ROOT", "dobj", "punct"],
                      ["NNP", ",", "NNP", ":", "NNP", "NNP", "VBD", "PRP", "."])
    start, end = subject_span(dateline[6], [False] * len(dateline))
    assert dateline.text[start:end] == "Dana Whitlock"
    relative = parsed(["The", "Greens", ",", "whose", "main", "quarrel", "is", "tax", ",", "condemned", "it", "."],
                      [1, 9, 1, 5, 5, 9, 1, 6, 9, 9, 9, 9],
                      ["det", "nsubj", "punct", "poss", "amod", "nsubj", "relcl", "attr", "punct", "ROOT", "dobj",
                       "punct"],
                      ["DT", "NNPS", ",", "WP$", "JJ", "NN", "VBZ", "NN", ",", "VBD", "PRP", "."])
    start, end = subject_span(relative[9], [False] * len(relative))
    assert relative.text[start:end] == "The Greens"


def test_a_bodys_officer_or_a_hyphened_body_is_not_the_body_speaking(nlp):
    # "the Senate speaker's announcement" is a party leader's; "a Senate-passed bill" and "the GOP-led
    # Senate" name the body inside a word about something else.
    text = ("After the Senate speaker's announcement, the harbour board said it would wait. The Harbour-run "
            "Senate said the fees would rise.")
    senate = Actor("s", "Senate", "organisation", "s", mentions=[  # type: ignore[arg-type]
        Mention("t", k, k + 6, "Senate") for k in (text.index("Senate"), text.rindex("Senate"))])
    doc, sts = run(nlp, text, [senate, _actor("h", "organisation", text, "Harbour")])
    said = {speaker(doc, st): st.speaker for st in sts}
    assert said.get("the Senate speaker's announcement", None) is None
    assert said["The Harbour-run Senate"] == "s"
    text = "Senate officials said the fees would rise."  # its officials still speak for it
    doc, sts = run(nlp, text, [_actor("s", "organisation", text, "Senate")])
    assert [st.speaker for st in sts] == ["s"]


def test_an_embedded_post_is_its_posters_direct_statement(nlp):
    # Pages copy an embedded post as its text and a signature line; the text is the poster's words, not the
    # outlet's, though no quotation mark says so.
    post = "The harbour wall will be finished by May, and the levy will be gone by June!"
    text = (f"The mayor weighed in on Wednesday.\n\n{post} — Piet Brandt (@PietBrandt) November 1, 2017\n\n"
            "Council members were not convinced.")
    doc, sts = run(nlp, text, [_actor("b", "person", text, "Piet Brandt")])
    (st,) = [st for st in sts if st.kind == "direct"]
    assert content(doc, st) == post and speaker(doc, st) == "Piet Brandt" and st.speaker == "b"


NESTED_REPORTS = [
    # the parse this sentence gets alone: *said* under *reported*
    'The Port Ellery Coast Guard said the stricken ferry "sank within minutes," the Harbour Gazette reported.',
    # with a sentence before it the parser hangs *reported* under *said* and *sank* under *reported*
    'Rescue crews worked through the night. The Port Ellery Coast Guard said the stricken ferry "sank '
    'within minutes," the Harbour Gazette reported. Divers reached the wreck on Tuesday.',
]


@pytest.mark.parametrize("text", NESTED_REPORTS)
def test_a_trailing_report_relays_the_whole_attribution_and_the_quote_stays_with_the_inner_speaker(nlp, text):
    doc, statements = run(nlp, text)
    found = {(st.kind, speaker(doc, st), content(doc, st)) for st in statements}
    assert found == {
        ("indirect", "the Harbour Gazette", 'The Port Ellery Coast Guard said the stricken ferry "sank within minutes'),
        ("indirect", "The Port Ellery Coast Guard", 'the stricken ferry "sank within minutes'),
        ("partial", "The Port Ellery Coast Guard", "sank within minutes"),
    }


@pytest.mark.parametrize("text, relayed, words", [
    # parsed as the sentence means: *said* under *reported*
    ("Rescue crews worked through the night. Mayor Piet Brandt said the council would meet again next week, "
     "the Harbour Gazette reported.", "Mayor Piet Brandt said", "the council would meet again next week"),
    # misparsed: *reported* under *told*
    ("Talks stalled again. Piet Brandt told aides the bridge would never be built, the Tolland Times reported "
     "on Monday.", "Piet Brandt told aides", "the bridge would never be built"),
])
def test_a_trailing_report_without_quotation_marks_is_also_the_outer_one(nlp, text, relayed, words):
    doc, statements = run(nlp, text)
    found = {(speaker(doc, st), content(doc, st)) for st in statements}
    outlet = "the Harbour Gazette" if "Harbour" in text else "the Tolland Times"
    assert found == {(outlet, f"{relayed} {words}"), (relayed.split(" said")[0].split(" told")[0], words)}


def test_a_closing_according_to_relays_the_whole_attribution(nlp):
    # parsed with "according" under the quoted verb, inside the complement of *said*
    doc, statements = run(nlp, 'Rescue crews worked through the night. The Port Ellery Coast Guard said the stricken '
                               'ferry "sank within minutes," according to the Harbour Gazette.')
    found = {(st.kind, speaker(doc, st), content(doc, st).rstrip(',"')) for st in statements}
    assert found == {
        ("indirect", "the Harbour Gazette", 'The Port Ellery Coast Guard said the stricken ferry "sank within minutes'),
        ("indirect", "The Port Ellery Coast Guard", 'the stricken ferry "sank within minutes'),
        ("partial", "The Port Ellery Coast Guard", "sank within minutes"),
    }


@pytest.mark.parametrize("text, words", [
    # the parser hangs the closing "according to" on the last of the coordinated clauses
    ("Tolland took 37 percent, Brandt had 36 percent and Orr won 13 percent, according to the final tally.",
     "Tolland took 37 percent, Brandt had 36 percent and Orr won 13 percent"),
    ("The trust helped bring meals to 3,100 schools, and it has helped 10,500 farmers raise their yields, "
     "according to the trust's own tally.",
     "The trust helped bring meals to 3,100 schools, and it has helped 10,500 farmers raise their yields"),
    # "pledged delegates" read as a second verb: still the whole clause
    ("Halvorsen leads Brandt by 217 pledged delegates according to the Harbour Gazette's own tally.",
     "Halvorsen leads Brandt by 217 pledged delegates"),
])
def test_a_closing_according_to_covers_every_clause_before_it(nlp, text, words):
    doc, statements = run(nlp, text)
    assert [content(doc, st) for st in statements] == [words]


def test_an_according_to_inside_a_clause_does_not_cut_it(nlp):
    doc, statements = run(nlp, "Brandt said there were some harbours that, according to his plan, could reopen soon.")
    assert ("Brandt", "there were some harbours that, according to his plan, could reopen soon") in {
        (speaker(doc, st), content(doc, st)) for st in statements}


@pytest.mark.parametrize("text", [
    "The ferry crossing did not go according to plan, and the crew turned back.",
    "Harbour councillors voted according to their party lines on the dredging bill.",
    "Premiums at Port Ellery are set according to age and gender.",
    "According to plan, the Tolland boats left the harbour at dawn.",
])
def test_according_to_a_norm_names_no_speaker(nlp, text):
    # "according to plan" says how something went, not who said it; the plan had been the speaker.
    assert run(nlp, text)[1] == []


@pytest.mark.parametrize("text, source", [
    ("The harbour will close in May, according to draft plans seen by the Gazette.", "draft plans"),
    ("Brandt said that according to port rules, the ferry may not sail after dark.", "port rules"),
    ("The old quay was, according to local tradition, built by Tolland fishermen.", "local tradition"),
])
def test_according_to_a_document_or_set_off_rule_is_still_a_source(nlp, text, source):
    doc, statements = run(nlp, text)
    assert source in {speaker(doc, st) for st in statements}


def test_a_norm_inside_a_quotation_does_not_take_the_quotation(nlp):
    doc, statements = run(nlp, '"Everything is going according to plan," Brandt told the Harbour Gazette.')
    assert {(st.kind, speaker(doc, st)) for st in statements} == {("direct", "Brandt")}


def test_the_mayor_is_nobody_named_when_no_one_is_known_to_be_the_mayor(nlp):
    # "the mayor" had gone to the latest person named, the council member who asked the question.
    assert named_speakers(nlp, "Port Ellery voted on Monday. Piet Brandt, who has led the city since 2019, opened "
                               "the meeting. Ingrid Halvorsen asked about the ferry budget. The mayor said the "
                               "harbour would reopen in May.")[-1] == ("The mayor", None)


@pytest.mark.parametrize("introduced", ["Mayor Piet Brandt", "The Port Ellery mayor, Piet Brandt,"])
def test_the_mayor_is_the_person_called_the_mayor(nlp, introduced):
    assert named_speakers(nlp, f"Port Ellery voted on Monday. {introduced} opened the meeting. Ingrid Halvorsen "
                               "asked about the ferry budget. The mayor said the harbour would reopen in May.")[-1] \
        == ("The mayor", "Piet Brandt")


def test_the_mayor_may_be_the_person_the_article_is_about(nlp):
    text = ("Piet Brandt spent Monday at the harbour. Brandt toured the ferry terminal, and Brandt met the dock "
            "workers. The mayor said the harbour would reopen in May.")
    assert named_speakers(nlp, text)[-1] == ("The mayor", "Piet Brandt")


def test_a_vice_president_is_not_the_president(nlp):
    assert named_speakers(nlp, "Vice President Ingrid Halvorsen toured the harbour. The president later said the "
                               "harbour would reopen in May.")[-1] == ("The president", None)


@pytest.mark.parametrize("text", ["Indeed, it’s only fair to say the harbour plan failed.",
                                  "It is hard to imagine who would sue the harbour board.",
                                  "It will be interesting to watch how the Port Ellery council votes."])
def test_an_it_is_adjective_to_say_frame_is_the_authors_voice_not_a_statement(nlp, text):
    assert run(nlp, text)[1] == []


def test_a_pronoun_it_that_says_something_still_speaks(nlp):
    doc, statements = run(nlp, "The harbour board published its report on Monday. It said the ferry plan failed.")
    assert [(speaker(doc, st), content(doc, st)) for st in statements] == [("It", "the ferry plan failed")]


def test_a_quotation_governed_by_a_verb_keeps_its_speaker_under_a_trailing_report(nlp):
    doc, statements = run(nlp, 'Talks stalled again. Piet Brandt, the mayor of Port Ellery, urged the council '
                               'to accept the offer and said "such a delay is unpardonable," the Harbour Gazette '
                               'reported.')
    quote = next(st for st in statements if st.kind in ("direct", "partial"))
    assert (content(doc, quote), speaker(doc, quote)) == ("such a delay is unpardonable", "Piet Brandt")


def test_offices_held_keep_a_presidency_from_another_title():
    from manysides.extract.speakers import _offices_held

    mentions = [Mention("t", 0, 17, "President Tolland", "title"),  # a later office first
                Mention("t", 40, 68, "Vice President Oskar Tolland", "title")]
    actor = Actor("a1", "Oskar Tolland", "person", key="oskar tolland", mentions=mentions)
    assert _offices_held(actor) == {"vice president", "president"}


def test_a_speaker_after_a_glued_closing_quote_mark_is_named(nlp):
    # Text run together from paragraphs: '"Tolland' had been one token, and the statement had no speaker.
    doc, statements = run(nlp, 'Halvorsen called the plan "a disgrace."Tolland said the ferry would run on time.')
    assert ("Tolland", "the ferry would run on time") in {(speaker(doc, st), content(doc, st)) for st in statements}


def test_a_gerund_of_saying_after_a_preposition_takes_the_subject_of_its_clause(nlp):
    # "after saying", "for claiming", "by promising": the gerund has no subject of its own; the speaker is
    # the subject of the clause it hangs on, not whoever spoke in the sentence before.
    doc, statements = run(nlp, "Mayor Piet Brandt spoke first. Ingrid Halvorsen drew criticism from councillors "
                               "after saying that the levy “will be gone by June.” Oskar Tolland apologised on "
                               "Friday for claiming that the ferry never ran on time.")
    found = {(speaker(doc, st), content(doc, st)) for st in statements}
    assert ("Ingrid Halvorsen", "will be gone by June.") in found
    assert ("Oskar Tolland", "the ferry never ran on time") in found


# A report the parser split over several children of its cue verb is one statement: another complement
# (often the clause's verb, cut off from its subject), a conjunct with its own "that", a clause of reason.
@pytest.mark.parametrize("text, expected", [
    ("Harbour ledgers show the overtime logged in March was for the night ferries.",
     "the overtime logged in March was for the night ferries"),
    ("A spokesman said the inquiry had no link to the port, had begun in March and been closed in May.",
     "the inquiry had no link to the port, had begun in March and been closed in May"),
    ("Ingrid Halvorsen said that the port was closed, but that the ferries would sail on Sunday.",
     "the port was closed, but that the ferries would sail on Sunday"),
    ("The harbour master told reporters that the ferry would sail late, because the tide was too low.",
     "the ferry would sail late, because the tide was too low"),
])
def test_a_report_the_parser_hung_on_its_cue_verb_in_parts_is_one_statement(nlp, text, expected):
    doc, statements = run(nlp, text)
    assert content(doc, only(statements)) == expected


def test_a_report_the_parser_broke_at_its_gerund_subject_is_still_reported(nlp):
    # The parser hangs "dredging" on *said* as a complement and makes "it" the subject of "had made".
    doc, statements = run(nlp, "Harbourmaster Idris Vane said dredging it had made the port safer for trawlers.")
    statement = only(statements)
    assert content(doc, statement) == "dredging it had made the port safer for trawlers"
    assert speaker(doc, statement) == "Harbourmaster Idris Vane"
    # "said to tell …" passes on an order; what is reported is only the clause of *tell*.
    doc, statements = run(nlp, "Harbourmaster Idris Vane said to tell the crews the port was closed.")
    assert content(doc, only(statements)) == "the port was closed"


@pytest.mark.parametrize("text", [
    "Mayor Ines Valdor did not say the bridge was unsafe.",
    "Mayor Ines Valdor never said that the bridge was unsafe.",
    "Mayor Ines Valdor would not say if the bridge was unsafe.",
    "The harbour board has yet to say when the bridge will reopen.",
    "No official said the bridge was unsafe.",
    "Few disputed that the ground had shifted.",
    "Neither side claimed that the talks had failed.",
])
def test_words_reported_as_not_said_are_no_ones_statement(nlp, text):
    doc, statements = run(nlp, text)
    assert not statements


def test_a_refusal_to_say_is_a_statement_of_the_refusal_and_a_question_keeps_its_whether(nlp):
    doc, statements = run(nlp, "Mayor Ines Valdor declined to say whether the bridge would reopen.")
    assert content(doc, only(statements)) == "to say whether the bridge would reopen"
    doc, statements = run(nlp, "Mayor Ines Valdor asked whether the bridge would reopen.")
    assert content(doc, only(statements)) == "whether the bridge would reopen"  # a question, not an assertion
    doc, statements = run(nlp, "Mayor Ines Valdor did not hesitate to say the bridge was unsafe.")
    assert content(doc, only(statements)) == "the bridge was unsafe"  # not hesitating to say is saying


@pytest.mark.parametrize("text", [
    "Mayor Piet Brandt said the bridge was safe, but declined to say when it would reopen.",
    "Mayor Piet Brandt said the bridge was safe, but he declined to say when it would reopen.",
])
def test_the_speakers_own_later_action_is_not_part_of_the_report(nlp, text):
    # "but declined …" is a conjunct of *said* like the ones above, without a "that" of its own: it tells what
    # Brandt did, not what he said.
    doc, statements = run(nlp, text)
    said = next(st for st in statements if cue(doc, st) == "said")
    assert content(doc, said) == "the bridge was safe"


@pytest.mark.parametrize("text, expected", [
    ("A survey by the port authority showed Tolland with a narrow lead.", "Tolland with a narrow lead"),
    ("Halvorsen praised the efforts of the coastguard to find the missing crew.",
     "the efforts of the coastguard to find the missing crew"),
    ("Halvorsen praised the coastguard in an interview on Monday.", "the coastguard"),  # the occasion, not the stance
])
def test_a_stance_objects_phrase_hung_on_the_verb_is_part_of_the_stance(nlp, text, expected):
    doc, statements = run(nlp, text)
    assert content(doc, only(statements)) == expected


@pytest.mark.parametrize("text, expected", [
    ("Harbourmaster Idris Vane said the quay was safe and then left the room.", "the quay was safe"),
    ("Harbourmaster Idris Vane said she had no regrets and walked out.", "she had no regrets"),
    ("Harbourmaster Idris Vane said the talks had failed and hung up.", "the talks had failed"),
    # what the speaker says happened next is still the report
    ("Harbourmaster Idris Vane said freight rose and then fell.", "freight rose and then fell"),
    ("Harbourmaster Idris Vane said the ferry line would close and leave the market.",
     "the ferry line would close and leave the market"),
])
def test_leaving_after_speaking_is_narration_not_part_of_the_report(nlp, text, expected):
    doc, statements = run(nlp, text)
    assert content(doc, only(statements)) == expected


@pytest.mark.parametrize("text", [
    "Expect to hear a great deal more from the harbourmaster in the weeks ahead.",  # the author to the reader
    "He gambled, the people spoke, and he lost.",  # *spoke* is no verb of saying for a clause before it
    "Mayor Ines Valdor called the referendum to settle a quarrel inside her own party.",  # convened, not asked
    "Fishermen backed the reform, only to see the region as a whole vote against it.",  # an idiom, not a view
    "The board offered no discount, for fear of encouraging other ports to ask.",  # a possibility, no one's words
])
def test_phrases_that_look_like_reports_but_report_nothing(nlp, text):
    doc, statements = run(nlp, text)
    assert [content(doc, st) for st in statements if cue(doc, st) not in ("backed",)] == []


def test_calling_on_someone_to_act_is_still_a_statement(nlp):
    doc, statements = run(nlp, "Mayor Ines Valdor called on the council to reopen the bridge.")
    assert content(doc, only(statements)) == "the council to reopen the bridge"  # as "urged the council to …"
    doc, statements = run(nlp, "Critics see the plan as a new tax.")
    assert content(doc, only(statements)) == "the plan as a new tax"


def test_a_place_that_backs_something_has_voted_and_people_at_a_parliament_do_not_speak_for_it(nlp):
    text = ("Voters went to the polls on Thursday. Cornwall and Devon backed the harbour levy, while Yorkshire "
            "rejected it. Some opposition politicians at Holyrood urged caution, "
            "arguing that the first priority should be to protect jobs.")
    found = named_speakers(nlp, text)
    assert all(not (phrase or "").endswith(("Devon", "Yorkshire")) for phrase, _ in found), found
    assert ("Some opposition politicians at Holyrood", None) in found


def test_wanting_is_a_stance_of_someone_named_not_of_people_described_or_supposed(nlp):
    doc, statements = run(nlp, "Mayor Ines Valdor wants to double the ferry service to the islands.")
    assert content(doc, only(statements)) == "to double the ferry service to the islands"
    for text in ("Islanders who want to visit the mainland face long queues.",
                 "Anyone seeking to borrow money for a boat should compare lenders.",
                 "If you want to raise more revenue, tax the ferries."):
        doc, statements = run(nlp, text)
        assert not statements, text


def test_a_joint_speaker_names_each_of_its_people(nlp):
    text = ("Harbour minister Ines Valdor met the opposition leader, Piet Brandt, on Monday. "
            "Valdor and Brandt said afterwards that the ferry would keep running through the winter. "
            "Law and Justice chairman Jan Kowal said the court had overreached.")
    doc, sdoc = Document("t", text), nlp(text)
    actors = extract_actors(doc, sdoc)
    names = {a.id: a.name for a in actors}
    found = {speaker(doc, st): (names.get(st.speaker), [names[c] for c in st.co_speakers])
             for st in extract_statements(doc, sdoc, actors)}
    assert found["Valdor and Brandt"] == ("Ines Valdor", ["Piet Brandt"])
    assert found["Law and Justice chairman Jan Kowal"] == ("Jan Kowal", [])  # an "and" inside one name


@pytest.mark.parametrize("phrase, rest, parts", [
    ("Pelosi and Hoyer", " stopped short of any boycott threat.", ["Pelosi", "Hoyer"]),
    ("Both Valdor and Brandt", " said the ferry would run.", ["Both Valdor", "Brandt"]),
    ("Health and Human Services Secretary Ann Roe", " said the rule would stay.", []),  # one name holds the "and"
    ("Another Law and Justice MEP, Jan Kowal,", " said the court had erred.", []),
    ("Valdor or Brandt", " will speak first.", []),  # either one, not both together
])
def test_joint_parts_split_only_coordinated_names(nlp, phrase, rest, parts):
    text = phrase + rest
    sdoc = nlp(text)
    starts = [t.idx for t in sdoc]
    found = joint_parts(sdoc, 0, len(phrase), lambda char: max(0, bisect.bisect_right(starts, char) - 1))
    assert [text[a:b] for a, b in found] == parts


def test_a_few_who_said_it_did_say_it(nlp):
    doc, statements = run(nlp, "A few analysts said the bank would cut rates.")
    assert speaker(doc, only(statements)) == "A few analysts"


def test_a_view_whose_as_the_parser_hung_on_the_object_is_still_a_view(nlp):
    doc, statements = run(nlp, "Critics see the ferry plan as a new tax on islanders.")
    assert content(doc, only(statements)) == "the ferry plan as a new tax on islanders"


def test_a_transcripts_turn_is_the_speakers_whole_line(nlp):
    text = ("Governor Mara Fallon spoke to the host, Chris Wallin, on Sunday.\n"
            "WALLIN: Do you trust him? Will you vote for him?\n"
            "FALLON: In my view he wants to mend the port. That has been his message from the start.\n"
            "WALLIN: Thank you, governor.")
    doc, statements = run(nlp, text)
    turns = {(speaker(doc, st), content(doc, st)) for st in statements if cue(doc, st) == ":"}
    assert ("FALLON", "In my view he wants to mend the port. That has been his message from the start") in turns
    assert ("WALLIN", "Thank you, governor") in turns


@pytest.mark.parametrize("text, expected", [
    ("Valdor to harbour workers: The bridge will reopen in March.", ("Valdor", "The bridge will reopen in March")),
    ("Harbour chief: The ferry deal must be signed before the winter storms.",
     ("Harbour chief", "The ferry deal must be signed before the winter storms")),
])
def test_a_headline_names_its_speaker_before_a_setting(nlp, text, expected):
    doc, statements = run(nlp, text)
    assert (speaker(doc, only(statements)), content(doc, only(statements))) == expected


@pytest.mark.parametrize("text", [
    "Sixteen: Last September the port shipped out more grain than it took in.",
    "TARGET: Two guards wounded in a knife attack outside the ferry terminal.",  # a list's field, no one named
    "The Senate: Under a new primary system, voters chose two candidates.",
    "Q: What did you tell the minister about the bridge?",
])
def test_list_labels_and_fields_are_not_speakers(nlp, text):
    doc, statements = run(nlp, text)
    assert [st for st in statements if cue(doc, st) == ":"] == []


@pytest.mark.parametrize("text, expected", [
    ("In a Harbour Gazette poll released Monday, Valdor led Brandt by six points.",
     ("a Harbour Gazette poll", "Valdor led Brandt by six points")),
    ("Valdor holds a narrow lead in the polls before the harbour vote.", ("the polls", "Valdor holds a narrow lead")),
])
def test_what_a_poll_found_is_the_polls_statement(nlp, text, expected):
    doc, statements = run(nlp, text)
    found = next(st for st in statements if (cue(doc, st) or "").lower() == "in")
    assert (speaker(doc, found), content(doc, found)) == expected


def test_a_clause_that_describes_with_a_poll_is_no_finding(nlp):
    doc, statements = run(nlp, "Brandt will travel to Tolland, where she is comfortably ahead in the polls.")
    assert [st for st in statements if (cue(doc, st) or "").lower() == "in"] == []
    doc, statements = run(nlp, "In a survey, researchers found that islanders were angry.")
    assert [speaker(doc, st) for st in statements] == ["researchers"]  # the finding has its own cue


@pytest.mark.parametrize("text, expected", [
    ("The latest Gazette poll showed Valdor leading the field with 31 percent.",
     "Valdor leading the field with 31 percent"),
    ("Mayor Ines Valdor denied taking money from the ferry company.", "taking money from the ferry company"),
    ("The harbour board reported raising nine million pounds during the month.",
     "raising nine million pounds during the month"),
])
def test_participle_complements_report_what_was_said_or_found(nlp, text, expected):
    doc, statements = run(nlp, text)
    assert content(doc, only(statements)) == expected


def test_beginning_to_speak_reports_nothing(nlp):
    doc, statements = run(nlp, "Mayor Ines Valdor began speaking at noon.")
    assert not statements


def test_describing_something_without_naming_it_is_still_a_statement_about_it(nlp):
    doc, statements = run(nlp, "Mayor Ines Valdor described the meeting with the ferry company.")
    assert content(doc, only(statements)) == "the meeting with the ferry company"


@pytest.mark.parametrize("text, expected", [
    ("The Harbour Workers Union, which endorsed Valdor in November, is the largest on the island.", "Valdor"),
    ("Mayor Ines Valdor accused him of hiding the ferry accounts.", "him of hiding the ferry accounts"),
    ("Valdor won the vote by talking about the bridge.", "the bridge"),
])
def test_stances_of_a_relative_which_a_pronoun_object_and_a_gerund(nlp, text, expected):
    doc, statements = run(nlp, text)
    assert content(doc, only(statements)) == expected


@pytest.mark.parametrize("text", [
    "Valdor ended her speech without endorsing Brandt.",  # not endorsing
    "Brandt wrote about this.",  # a bare "this" says nothing
])
def test_a_stance_not_taken_or_without_content_is_no_statement(nlp, text):
    doc, statements = run(nlp, text)
    assert not statements
