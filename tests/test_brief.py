"""The neutral brief: section order, exact cites, quotations that occur in their cites, checked rewrites.

Claim groups, reuse links, timeline entries and statements are built by hand over the demo corpus
texts (read with the normal reader), so each test knows exactly what the brief should say.
"""

from __future__ import annotations

import random

import pytest

from manysides.brief import (
    MAX_SINGLE_SOURCE,
    SECTIONS,
    apply_rewriter,
    check_rewrite,
    compose_brief,
    source_names,
)
from manysides.model import Document, Region

RESULT = "Leave won 51.9 per cent of the vote against 48.1 per cent for Remain in Thursday's referendum"
TURNOUT = "Turnout was 72.2 per cent, the highest at any UK-wide poll since the 1992 general election."
CALM = "But markets go up and down every day, and freedom lasts a lot longer than a bad day's trading."
FALL = "The pound suffered one of the sharpest falls in its modern history"
WARNING = "Analysts at Aldwych Mercantile Bank warned that sterling could fall further in the coming weeks"
EDINBURGH = "Edinburgh was the most emphatic, with 74 per cent backing Remain according to the official count"
SUNDERLAND = "The city backed Leave by 61 per cent"
FARAGE = "Let June 23 go down in our history as our independence day."


@pytest.fixture(scope="module")
def documents(demo_dir):
    from manysides.io import read_inputs

    return read_inputs([demo_dir]).documents


@pytest.fixture(scope="module")
def texts(documents):
    return {d.id: d.text for d in documents}


def _span(texts, doc, needle, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = texts[doc].index(needle, start + 1)
    return {"doc": doc, "start": start, "end": start + len(needle)}


def _member(texts, doc, needle, polarity="affirm"):
    return {**_span(texts, doc, needle), "polarity": polarity, "confidence": 0.9}


@pytest.fixture(scope="module")
def records(texts):
    """Claim groups, reuse, timeline, statements and actors over the demo texts."""
    groups = [
        {"id": "g2", "status": "consensus", "label": "turnout", "confidence": 0.8,
         "members": [_member(texts, "01_wire", TURNOUT), _member(texts, "02_leave_tabloid", TURNOUT)]},
        {"id": "g1", "status": "consensus", "label": "referendum result", "confidence": 0.9,
         "members": [_member(texts, d, RESULT) for d in ("01_wire", "02_leave_tabloid")]
         + [_member(texts, "04_scotland", "Remain took 62 per cent of the vote in Scotland")]},
        {"id": "g3", "status": "contested", "label": "markets and the pound", "confidence": 0.6,
         "members": [_member(texts, "02_leave_tabloid", CALM, "deny"), _member(texts, "03_remain_broadsheet", FALL),
                     _member(texts, "05_markets_blog", WARNING)]},
        {"id": "g4", "status": "single_source", "label": "", "confidence": 0.8,
         "members": [_member(texts, "04_scotland", EDINBURGH)]},
        {"id": "g5", "status": "single_source", "label": "", "confidence": 0.8,
         "members": [_member(texts, "02_leave_tabloid", "And what a day it was")]},
        {"id": "g6", "status": "single_source", "label": "", "confidence": 0.8,
         "members": [_member(texts, "02_leave_tabloid", SUNDERLAND)]},
        {"id": "g7", "status": "single_source", "label": "", "confidence": 0.8,
         "members": [_member(texts, "05_markets_blog", "Investors rushed into gold, the Japanese yen and government bonds")]},
    ]
    reuse = [{"a": _span(texts, "03_remain_broadsheet", "Mr Cameron"), "b": _span(texts, "02_leave_tabloid", "Mr Cameron"),
              "kind": "paraphrase", "score": 0.5, "direction": None},
             {"a": _span(texts, "02_leave_tabloid", TURNOUT), "b": _span(texts, "01_wire", TURNOUT),
              "kind": "verbatim", "score": 1.0, "direction": "b->a"}]
    timeline = [_event(texts, "01_wire", "Thursday's referendum", "2016-06-23", [1]),
                _event(texts, "04_scotland", "Scottish voters backed staying", "2016-06-22", [0])]
    statements = [
        {"id": "s1", "doc": "01_wire", "kind": "direct", "content": _span(texts, "01_wire", FARAGE.rstrip(".")),
         "speaker": "a1", "also_in": [{"statement": "s2", "doc": "02_leave_tabloid", "relation": "verbatim",
                                        "similarity": 1.0}]},
        {"id": "s2", "doc": "02_leave_tabloid", "kind": "direct",
         "content": _span(texts, "02_leave_tabloid", FARAGE.rstrip(".")), "speaker": "a1", "also_in": []},
    ]
    actors = [{"id": "a1", "name": "Nigel Farage", "kind": "person", "aliases": ["Nigel Farage"],
               "mentions": [{**_span(texts, "01_wire", "Nigel Farage"), "text": "Nigel Farage", "kind": "name"}]}]
    return {"groups": groups, "reuse": reuse, "timeline": timeline, "statements": statements, "actors": actors}


def _event(texts, doc, needle, date, conflicts_with):
    span = _span(texts, doc, needle)
    sentence_start = texts[doc].rfind("\n", 0, span["start"]) + 1
    sentence_end = texts[doc].index(".", span["end"]) + 1
    return {**span, "text": needle, "date": date, "precision": "day",
            "event": {"start": sentence_start, "end": sentence_end}, "event_label": needle,
            "conflict": {"with": conflicts_with, "reason": "test"}}


@pytest.fixture(scope="module")
def brief(documents, records):
    return compose_brief(documents, records["actors"], records["statements"], records["groups"],
                         records["reuse"], records["timeline"])


def _normal(text: str) -> str:
    return " ".join(text.split())


def test_sections_come_in_order(brief):
    sections = [entry["section"] for entry in brief]
    assert set(sections) == set(SECTIONS)
    assert sections == sorted(sections, key=SECTIONS.index)


def test_every_sentence_cites_valid_spans(brief, texts):
    for entry in brief:
        assert entry["cites"] and entry["text"].endswith(".")
        for cite in entry["cites"]:
            assert cite["doc"] in texts and 0 <= cite["start"] < cite["end"] <= len(texts[cite["doc"]])


def test_quoted_text_occurs_in_a_cited_span(brief, texts):
    for entry in brief:
        assert entry["quotes"]
        for quote in entry["quotes"]:
            quoted = _normal(texts[quote["doc"]][quote["start"]:quote["end"]])
            assert f"“{quoted}" in entry["text"]
            assert any(c["doc"] == quote["doc"] and c["start"] <= quote["start"] and quote["end"] <= c["end"]
                       for c in entry["cites"])


def test_two_articles_of_one_outlet_are_told_apart_by_their_titles():
    docs = [Document("a1", "Text one.", outlet="Harbour Post", title="Ferry fares frozen for a second year"),
            Document("a2", "Text two.", outlet="Harbour Post", title="Sea wall vote delayed again"),
            Document("a3", "Text three.", outlet="Island Times", title="Ferry fares frozen"),
            Document("a4", "Text four.", outlet="Harbour Post", title="Sea wall vote delayed again")]
    assert source_names(docs) == {"a1": "Harbour Post (“Ferry fares frozen for …”)",
                                  "a2": "Harbour Post (a2)", "a3": "Island Times", "a4": "Harbour Post (a4)"}


def test_consensus_counts_sources_most_first(brief, documents):
    names = source_names(documents)
    consensus = [e for e in brief if e["section"] == "consensus"]
    # The turnout sentence is the tabloid copying the wire (a verbatim reuse link): one witness, so it is
    # no consensus; the reuse section reports the shared passage instead.
    assert [e["text"].split()[0] for e in consensus] == ["3"]
    assert all(names[d] in consensus[0]["text"] for d in ("01_wire", "02_leave_tabloid", "04_scotland"))
    assert RESULT in consensus[0]["text"] and len(consensus[0]["cites"]) == 3
    assert any(e["section"] == "reuse" and "Turnout was 72.2 per cent" in e["text"] for e in brief)


def test_a_copied_passage_does_not_count_as_a_second_source(documents, records, texts):
    # Three articles state the turnout; the tabloid copies the wire, so two sources stand behind it.
    third = {"id": "g8", "status": "consensus", "label": "turnout", "confidence": 0.8,
             "members": [*records["groups"][0]["members"], _member(texts, "03_remain_broadsheet", "Mr Cameron")]}
    found = compose_brief(documents, claim_groups=[third], reuse=records["reuse"])
    assert found[0]["text"].startswith("2 sources in 3 articles (")
    # An article that keeps three or more word-for-word passages of another (200 characters or more in all)
    # is a rewrite of it: their agreement elsewhere, in reworded sentences, is still one witness. One
    # shared passage, however long, is citing a common source.
    result_only = {**records["groups"][1], "members": records["groups"][1]["members"][:2]}  # wire, tabloid

    def consensus(passages: int, chars_each: int) -> list[dict]:
        ends = {doc: _span(texts, doc, RESULT)["start"] for doc in ("01_wire", "02_leave_tabloid")}
        assert all(end >= passages * chars_each for end in ends.values())  # copies lie before the result
        copied = [{"a": {"doc": "01_wire", "start": n * chars_each, "end": (n + 1) * chars_each},
                   "b": {"doc": "02_leave_tabloid", "start": n * chars_each, "end": (n + 1) * chars_each},
                   "kind": "verbatim", "score": 1.0, "direction": None} for n in range(passages)]
        return [e for e in compose_brief(documents, claim_groups=[result_only], reuse=copied)
                if e["section"] == "consensus"]

    assert len(consensus(1, 240)) == 1 and len(consensus(3, 50)) == 1 and consensus(3, 80) == []


def test_contested_point_names_both_sides(brief, documents):
    names = source_names(documents)
    (entry,) = [e for e in brief if e["section"] == "contested"]
    majority, minority = entry["text"].split(", while ")
    assert names["03_remain_broadsheet"] in majority and names["05_markets_blog"] in majority
    assert names["02_leave_tabloid"] in minority and _normal(CALM.rstrip(".")) in minority
    # Two sources share the first side's quote, which is one of theirs: the brief says whose.
    assert majority.count("(wording of ") == 1 and "(wording of " not in minority
    assert "disagree on markets and the pound" in entry["text"]


def test_a_label_in_one_sides_words_is_no_topic(documents, records):
    # The aligner labels a group with a member's own sentence; "Sources disagree on <that sentence>" would
    # state one side's claim in the brief's voice.
    (group,) = [g for g in records["groups"] if g["status"] == "contested"]
    own = {**group, "label": FALL}  # the broadsheet member's own words, short enough to read as a topic
    (entry,) = compose_brief(documents, claim_groups=[own])
    assert entry["text"].startswith("Sources disagree: ")


def test_contested_point_without_negation_is_split_at_its_contradiction(documents, texts):
    # A different figure or an opposite verb: every member is affirmative, so polarity cannot tell the
    # sides apart; the group's contradiction can, and the third member joins the side it words alike.
    low_1985, low_1991 = "its lowest level since 1985", "a low not seen since 1991"
    group = {"id": "g9", "status": "contested", "label": "", "confidence": 0.7,
             "members": [_member(texts, "01_wire", low_1985), _member(texts, "05_markets_blog", low_1991),
                         _member(texts, "03_remain_broadsheet", FALL)],
             "contradictions": [{"a": _span(texts, "01_wire", low_1985),
                                 "b": _span(texts, "05_markets_blog", low_1991),
                                 "kind": "number", "detail": "1985 vs 1991", "confidence": 0.8}]}
    (entry,) = compose_brief(documents, claim_groups=[group])
    first, second = entry["text"].split(", while ")
    assert "1985" in first + second and "1991" in first + second
    assert ("1985" in first) != ("1991" in first)
    assert len(entry["cites"]) == 3


def test_label_with_words_no_source_used_is_dropped(documents, records):
    group = {**records["groups"][2], "label": "a looming recession"}
    (entry,) = compose_brief(documents, claim_groups=[group])
    assert entry["text"].startswith("Sources disagree: ")


def test_date_conflict_quotes_both_date_expressions(brief):
    (entry,) = [e for e in brief if e["section"] == "date_conflicts"]
    assert "“Thursday's referendum” (read as 2016-06-23)" in entry["text"]
    assert "“Scottish voters backed staying” (read as 2016-06-22)" in entry["text"]


def test_single_source_keeps_the_most_substantial(brief):
    single = [e for e in brief if e["section"] == "single_source"]
    assert len(single) == MAX_SINGLE_SOURCE
    assert all("And what a day" not in e["text"] for e in single)
    assert single[0]["text"].startswith("Only ") and EDINBURGH in single[0]["text"]


def test_single_source_claims_come_from_several_sources_first(documents, texts):
    # Three substantial claims of the markets blog and a shorter one of the Scottish paper: the paper's
    # best claim makes the cut ahead of the blog's third.
    blog = ["The FTSE 100 lost more than 8 per cent in the first minutes of trading",
            "shares in Barclays and Royal Bank of Scotland fell by as much as 30 per cent at one stage", WARNING]
    groups = [{"id": f"s{n}", "status": "single_source", "label": "", "confidence": 0.8,
               "members": [_member(texts, "05_markets_blog", needle)]} for n, needle in enumerate(blog)]
    groups.append({"id": "s9", "status": "single_source", "label": "", "confidence": 0.8,
                   "members": [_member(texts, "04_scotland", EDINBURGH)]})
    single = [e for e in compose_brief(documents, claim_groups=groups) if e["section"] == "single_source"]
    assert len(single) == MAX_SINGLE_SOURCE and any(EDINBURGH in e["text"] for e in single)


def test_reuse_names_the_earlier_source_first(brief, documents):
    names = source_names(documents)
    reuse = [e for e in brief if e["section"] == "reuse"]
    assert reuse[0]["text"].startswith(f"{names['01_wire']} and {names['02_leave_tabloid']} share a passage "
                                       f"({names['01_wire']} published first)")
    assert "in different words" in reuse[1]["text"]


def test_key_quote_names_the_speaker_and_cites_the_name(brief, texts):
    (entry,) = [e for e in brief if e["section"] == "quotes"]
    assert "quote Nigel Farage" in entry["text"] and entry["text"].startswith("2 sources")
    assert any(texts[c["doc"]][c["start"]:c["end"]] == "Nigel Farage" for c in entry["cites"])


def test_a_carried_quotation_is_told_once_with_the_speaker_any_carrier_names(documents, records, texts):
    # The printing that is shown names no speaker (s1 has none) but the other carrier says whose the words
    # are; and the reuse link that pairs the same two quotations is not a second sentence.
    statements = [{**records["statements"][0], "speaker": None}, records["statements"][1]]
    words = FARAGE.rstrip(".")
    farage = {"a": _span(texts, "01_wire", words), "b": _span(texts, "02_leave_tabloid", words),
              "kind": "shared_quote", "score": 1.0, "direction": None}
    brief = compose_brief(documents, records["actors"], statements, records["groups"], [*records["reuse"], farage])
    (entry,) = [e for e in brief if e["section"] == "quotes"]
    assert "quote Nigel Farage" in entry["text"]
    assert not any("share the same quotation" in e["text"] for e in brief)


def test_long_claims_are_cut_at_a_clause(documents, texts):
    long = "Nigel Farage, the man who kept the dream alive"
    start = texts["02_leave_tabloid"].index(long)
    end = texts["02_leave_tabloid"].index("history as our independence day", start)
    group = {"id": "x", "status": "single_source", "members": [{"doc": "02_leave_tabloid", "start": start, "end": end}]}
    (entry,) = compose_brief(documents, claim_groups=[group])
    assert "…”" in entry["text"] and entry["quotes"][0]["end"] < end


def test_a_quotation_stops_before_page_furniture_inside_its_span():
    card = "Dana Marie WhitlockPort Ellery ferry plan stalls Councillors clash over harbour wall MORE"
    text = f"WASHINGTON — Harbour minister Dana Whitlock {card} said on Monday that the wall would hold."
    doc = Document("hill", text, boilerplate=[Region(0, len("WASHINGTON —"), "dateline"),
                                             Region(text.index(card), text.index(card) + len(card), "link_card")])
    group = {"id": "x", "status": "single_source", "members": [{"doc": "hill", "start": 0, "end": len(text)}]}
    (entry,) = compose_brief([doc], claim_groups=[group])
    (quote,) = entry["quotes"]  # the name before the card says too little: the prose after it is quoted
    assert text[quote["start"]:quote["end"]] == "said on Monday that the wall would hold"
    assert "“… said on Monday that the wall would hold”" in entry["text"] and "MORE" not in entry["text"]
    longer = text.replace("Harbour minister Dana Whitlock", "The harbour minister of Port Ellery, Dana Whitlock,")
    doc = Document("hill", longer, boilerplate=[Region(0, len("WASHINGTON —"), "dateline"),
                                               Region(longer.index(card), longer.index(card) + len(card), "link_card")])
    group = {"id": "x", "status": "single_source", "members": [{"doc": "hill", "start": 0, "end": len(longer)}]}
    (entry,) = compose_brief([doc], claim_groups=[group])
    assert "“The harbour minister of Port Ellery, Dana Whitlock …”" in entry["text"]


def test_output_is_deterministic_and_independent_of_input_order(documents, records, brief):
    shuffled = {k: list(v) for k, v in records.items()}
    for value in shuffled.values():
        random.Random(7).shuffle(value)
    shuffled["timeline"] = records["timeline"]  # positions inside the timeline are references
    again = compose_brief(documents, shuffled["actors"], shuffled["statements"], shuffled["groups"],
                          shuffled["reuse"], shuffled["timeline"])
    assert again == brief


def test_check_rewrite_accepts_rewording_and_rejects_invention(brief, documents):
    entry = next(e for e in brief if e["section"] == "single_source")
    quote = entry["text"].split(": ", 1)[1]
    source = entry["text"].split(" reports")[0].removeprefix("Only ")
    assert check_rewrite(entry, f"{source} alone reported it: {quote}", documents)
    assert not check_rewrite(entry, entry["text"].replace("74", "84"), documents)
    assert not check_rewrite(entry, entry["text"].replace("Only", "Only the BBC and"), documents)
    assert not check_rewrite(entry, f"{source} does not report: {quote}", documents)
    assert not check_rewrite(entry, f"{source} reports: “Edinburgh was the least emphatic”.", documents)


class _Rewriter:
    """A stand-in for an LLM: drops the word "Only" (faithful), or adds a figure (unfaithful)."""

    def __init__(self, invent: bool) -> None:
        self.invent = invent

    def rewrite(self, sentence: dict, sources: dict[str, str]) -> str:
        assert sources and all(isinstance(text, str) for text in sources.values())
        return sentence["text"] + (" Turnout fell by 9 per cent." if self.invent else "")


def test_apply_rewriter_keeps_only_checked_rewrites(brief, documents):
    faithful = apply_rewriter(brief, _Rewriter(invent=False), documents)
    assert all(e["rewritten"] for e in faithful)
    unfaithful = apply_rewriter(brief, _Rewriter(invent=True), documents)
    assert [e["text"] for e in unfaithful] == [e["text"] for e in brief]
    assert not any(e["rewritten"] for e in unfaithful)


def test_brief_over_the_real_demo_analysis(demo_analysis):
    brief = compose_brief(demo_analysis.documents, demo_analysis.actors, demo_analysis.statements)
    assert brief and {e["section"] for e in brief} == {"quotes"}
    for entry in brief:
        for cite in entry["cites"]:
            assert cite["end"] <= len(demo_analysis.document(cite["doc"]).text)


def _three_outlets(text_a: str, text_b: str, text_c: str) -> list[Document]:
    """Documents "a", "b" and "c", each from its own outlet."""
    return [Document("a", text_a, outlet="Harbour Post"), Document("b", text_b, outlet="Island Times"),
            Document("c", text_c, outlet="Coast Radio")]


def test_someones_own_words_are_carried_not_reported():
    # A statement printed whole speaks as "I": the brief quotes the wording that says whose words they are,
    # and with none says whose words the sources carry.
    text_a = "In hindsight, I said things at school that make me wince now."
    text_b = "“In hindsight, I said things at school that make me wince now,” Mr. Tolland told the panel."
    text_c = "“In hindsight, I said things at school that make me wince now.”"
    docs = _three_outlets(text_a, text_b, text_c)
    whole = {"id": "g", "status": "consensus", "members": [{"doc": d.id, "start": 0, "end": len(d.text)}
                                                           for d in docs[:2]]}
    (entry,) = compose_brief(docs, claim_groups=[whole])
    assert " report: “" in entry["text"] and "Mr. Tolland told the panel" in entry["text"]
    bare = {"id": "g", "status": "consensus", "members": [{"doc": "a", "start": 0, "end": len(text_a)},
                                                          {"doc": "c", "start": 0, "end": len(text_c)}]}
    tolland = {"id": "a1", "name": "Amos Tolland", "kind": "person",
               "mentions": [{"doc": "c", "start": 0, "end": 0, "text": "Amos Tolland"}]}
    statement = {"id": "s1", "doc": "c", "kind": "direct", "content": {"start": 1, "end": len(text_c) - 1},
                 "speaker": "a1"}
    (entry,) = compose_brief(docs, [tolland], [statement], claim_groups=[bare])
    assert "carry these words of Amos Tolland: “In hindsight" in entry["text"] and " report" not in entry["text"]
    (entry,) = compose_brief(docs, claim_groups=[bare])
    assert "carry these words: “" in entry["text"]


def test_a_wording_that_opens_with_a_pronoun_gives_way_or_says_who():
    # "She said ..." leaves a reader of the brief asking who: a member that names its subject is quoted
    # instead, and where every member opens with the pronoun, the speaker a statement found for it is named.
    text_a = "Ferry chief Orla Penhallow spoke on Tuesday. She said the harbour wall would be rebuilt by spring."
    text_b = "The harbour wall will be rebuilt by spring, the ferry company's chief said on Tuesday."
    text_c = "Orla Penhallow runs the ferries. She said the harbour wall would be rebuilt by spring."
    docs = _three_outlets(text_a, text_b, text_c)

    def member(doc, start_word):
        start = doc.text.index(start_word)
        return {"doc": doc.id, "start": start, "end": len(doc.text), "confidence": 0.9}

    named = {"id": "g", "status": "consensus",
             "members": [member(docs[0], "She said"), member(docs[1], "The harbour")]}
    (entry,) = compose_brief(docs, claim_groups=[named])
    assert "report: “The harbour wall will be rebuilt by spring" in entry["text"]
    penhallow = {"id": "a1", "name": "Orla Penhallow", "kind": "person",
                 "mentions": [{"doc": d.id, "start": 0, "end": 0, "text": "Orla Penhallow"} for d in docs]}
    penhallow["mentions"][0].update(start=12, end=26)
    she = text_a.index("She said")
    statement = {"id": "s1", "doc": "a", "kind": "indirect",
                 "content": {"start": she + 9, "end": len(text_a) - 1}, "speaker": "a1",
                 "speaker_span": {"start": she, "end": she + 3}}
    both = {"id": "g", "status": "consensus", "members": [member(docs[0], "She said"), member(docs[2], "She said")]}
    (entry,) = compose_brief(docs, [penhallow], [statement], claim_groups=[both])
    assert entry["text"].endswith("(wording of Harbour Post, where “She” is Orla Penhallow).")
    assert {"doc": "a", "start": 12, "end": 26} in entry["cites"]
    alone = {"id": "g", "status": "single_source", "members": [member(docs[0], "She said")]}
    (entry,) = compose_brief(docs, [penhallow], [statement], claim_groups=[alone])
    assert entry["text"].endswith("rebuilt by spring” (where “She” is Orla Penhallow).")
    (entry,) = compose_brief(docs, claim_groups=[both])  # no statement resolves the pronoun: nothing is added
    assert entry["text"].endswith("(wording of Harbour Post).")
    quoted = Document("q", "“He will rebuild it,” the mayor said.")
    (entry,) = compose_brief([quoted], claim_groups=[{"id": "g", "status": "single_source",
                                                      "members": [{"doc": "q", "start": 1, "end": 19}]}])
    assert "where" not in entry["text"]  # a pronoun inside a quotation is the quoted speaker's


def test_a_quotation_never_ends_with_an_opening_mark():
    text = "“We will not rebuild the wall,” the mayor declared at the harbour, “not this year.”"
    cut = text.index("“not")
    doc = Document("d", text)
    (entry,) = compose_brief([doc], claim_groups=[{"id": "g", "status": "single_source",
                                                   "members": [{"doc": "d", "start": 0, "end": cut + 1}]}])
    assert entry["text"].endswith("the mayor declared at the harbour”.")
    (quote,) = entry["quotes"]
    assert text[quote["start"]:quote["end"]].endswith("harbour")


def test_words_that_say_we_or_you_are_carried_not_reported():
    # "we" and "you" outside quotation marks are a speaker's, not the reporter's.
    texts = ["we're going to reopen the harbour by Easter", "“We’re going to reopen the harbour by Easter,” "
             "the mayor told the crowd.", "You should watch the harbour closely this spring"]
    docs = [Document(f"d{n}", text, outlet=f"Outlet {n}") for n, text in enumerate(texts)]

    def group(*ids):
        return {"id": "g", "status": "consensus", "members": [{"doc": f"d{n}", "start": 0,
                                                               "end": len(texts[n])} for n in ids]}

    (entry,) = compose_brief(docs, claim_groups=[group(0, 2)])
    assert " carry these words: “" in entry["text"]
    (entry,) = compose_brief(docs, claim_groups=[group(0, 1)])
    assert " report: “We’re going to reopen the harbour by Easter,” the mayor told the crowd" in entry["text"]
    cut = Document("c", 'The harbour board said it would open a hall "for all of our staff who wish to stay near')
    (entry,) = compose_brief([cut, docs[0]], claim_groups=[{"id": "g", "status": "consensus", "members": [
        {"doc": "c", "start": 0, "end": len(cut.text)}, {"doc": "d0", "start": 0, "end": len(texts[0])}]}])
    assert " report: “The harbour board said" in entry["text"]  # "our" is inside the quotation left open


# Three reports of one strike; the first, a column, ends with an aside full of names and figures.
STRIKE_COLUMN = (
    "Port Ellery ferries stay in harbour\n\n"
    "Ferry crews in Port Ellery walked off the job on Monday after talks with the Harbour Board broke down. "
    "The board's chair, Ruth Tolland, said the walkout would cost the town 40,000 pounds a day in lost fares "
    "and freight.\n\n"
    "GALLERY NOTES\n\n"
    "The Halvorsen Gallery in Brandt Street has opened \"Clockwork\", an exhibition of 240 clocks and "
    "watches from Geneva, Nuremberg and London, with a 1761 marine chronometer lent by the Penhallow "
    "Collection.")
STRIKE_REPORT = (
    "Ferry strike halts Port Ellery crossings\n\n"
    "Ferry crews in Port Ellery began a strike on Monday after pay talks with the Harbour Board collapsed. "
    "Union treasurer Mara Penhallow said 312 of the union's 340 deckhands had voted for the walkout.")
STRIKE_BRIEF = (
    "Port Ellery ferry crews strike\n\n"
    "Ferry crews in Port Ellery went on strike on Monday once talks with the Harbour Board broke down. "
    "Commuters queued for the single replacement bus, which the council says will run every 90 minutes. "
    "Council transport chief Owen Brandt said 2,600 commuters use the two morning crossings to Harbour Quay.")


def test_a_single_source_claim_about_the_story_comes_before_an_aside():
    import manysides

    analysis = manysides.analyze([STRIKE_COLUMN, STRIKE_REPORT, STRIKE_BRIEF])
    texts = {d.id: d.text for d in analysis.documents}
    singles = [s for s in analysis.brief if s["section"] == "single_source"]
    # Each source's weightiest claim comes first; for the column that is now its claim about the strike,
    # not the aside, though the aside has more names and figures.
    assert any("Tolland" in s["text"] for s in singles)
    assert not any("Halvorsen" in s["text"] for s in singles)
    # Each claim group says how much it is about the story the other documents tell.
    on_story = {texts[g["members"][0]["doc"]][g["members"][0]["start"]:g["members"][0]["end"]]: g["on_story"]
                for g in analysis.claim_groups}
    aside = next(v for text, v in on_story.items() if "Halvorsen" in text)
    cost = next(v for text, v in on_story.items() if "Tolland" in text)
    assert aside < cost


def test_a_consensus_that_only_carries_a_reported_quotation_is_told_once():
    # Two sources print the harbour master's words with a short attribution: the quotations section names
    # her, so a consensus line "2 sources report: “…,” Ms. Halvorsen said" would repeat it. Wordings that add
    # more than who said it where ("... after the vote that sealed the funding for the eastern wall") stay.
    words = "The wall will hold through any storm this coast can throw at it"
    texts = {"a": f"“{words},” Ms. Halvorsen said at the quay on Monday.",
             "b": f"“{words},” Ingrid Halvorsen said.",
             "c": f"“{words},” Ms. Halvorsen said after the vote that sealed the funding for the eastern wall.",
             "d": f"“{words},” Ms. Halvorsen said as the council sealed the funding for the eastern wall."}
    docs = [Document(key, text, outlet=f"Outlet {key}") for key, text in texts.items()]
    halvorsen = {"id": "a1", "name": "Ingrid Halvorsen", "kind": "person",
                 "mentions": [{"doc": "b", "start": len(words) + 4, "end": len(words) + 20,
                               "text": "Ingrid Halvorsen"}]}
    statements = [{"id": f"s{key}", "doc": key, "kind": "direct", "content": {"start": 1, "end": 1 + len(words)},
                   "speaker": "a1", "also_in": [{"statement": f"s{other}"} for other in texts if other != key]}
                  for key in texts]

    def group(*keys: str) -> dict:
        return {"id": "g", "status": "consensus", "label": words, "confidence": 0.9,
                "members": [{"doc": k, "start": 0, "end": len(texts[k]), "polarity": "affirm"} for k in keys]}

    brief = compose_brief(docs, [halvorsen], statements, [group("a", "b")])
    assert [e["section"] for e in brief] == ["quotes"]
    assert "quote Ingrid Halvorsen" in brief[0]["text"]
    brief = compose_brief(docs, [halvorsen], statements, [group("c", "d")])
    assert [e["section"] for e in brief] == ["consensus", "quotes"]
    assert "sealed the funding" in brief[0]["text"]
    # Linked by the quotation alone (as claim alignment marks it), c and d still share the funding vote...
    quote_links = [{"a": 0, "b": 1, "basis": "quote", "confidence": 0.9}]
    brief = compose_brief(docs, [halvorsen], statements, [{**group("c", "d"), "links": quote_links}])
    assert [e["section"] for e in brief] == ["consensus", "quotes"]
    # ... but beside a bare "“…,” she said" only one source says more than the words: two sources for those,
    # one for the rest, so the quotations section tells it alone.
    talkative = {**group("b", "c"), "links": quote_links, "label": texts["c"]}  # c's wording is the one shown
    brief = compose_brief(docs, [halvorsen], statements, [talkative])
    assert [e["section"] for e in brief] == ["quotes"]


def test_a_consensus_shows_the_member_that_says_more_than_a_reported_quotation():
    # Two sources print the harbour master's words with a bare attribution, a third states the point in its
    # own words: the group is a consensus of three, shown in the third's wording, not left to the quotations
    # section because the most central wording happens to be a quotation.
    words = "The wall will hold through any storm this coast can throw at it"
    own = "Engineers expect the new wall to hold through any storm this coast can throw at it, the survey found."
    texts = {"a": f"“{words},” Ms. Halvorsen said at the quay on Monday.",
             "b": f"“{words},” Ingrid Halvorsen said.", "e": own}
    docs = [Document(key, text, outlet=f"Outlet {key}") for key, text in texts.items()]
    halvorsen = {"id": "a1", "name": "Ingrid Halvorsen", "kind": "person",
                 "mentions": [{"doc": "b", "start": len(words) + 4, "end": len(words) + 20,
                               "text": "Ingrid Halvorsen"}]}
    statements = [{"id": f"s{key}", "doc": key, "kind": "direct", "content": {"start": 1, "end": 1 + len(words)},
                   "speaker": "a1", "also_in": [{"statement": f"s{other}"} for other in "ab" if other != key]}
                  for key in "ab"]
    group = {"id": "g", "status": "consensus", "label": texts["a"], "confidence": 0.9,
             "members": [{"doc": k, "start": 0, "end": len(t), "polarity": "affirm"} for k, t in texts.items()],
             "links": [{"a": 0, "b": 1, "basis": "quote", "confidence": 0.9},
                       {"a": 0, "b": 2, "basis": "embedding", "confidence": 0.8}]}
    brief = compose_brief(docs, [halvorsen], statements, [group])
    assert [e["section"] for e in brief] == ["consensus", "quotes"]
    assert brief[0]["text"].startswith("3 sources")
    assert "Engineers expect the new wall" in brief[0]["text"]
    # A third source that only sets the scene around the same words states nothing of its own: shown, it
    # would cut the quotation short after the scene, so the quotations section tells it alone.
    scene = (f"Speaking to two hundred fishermen gathered at the quay after the storm, "
             f"Ms. Halvorsen said: “{words}.”")
    docs[2] = Document("e", scene, outlet="Outlet e")
    framed = {**statements[0], "id": "se", "doc": "e",
              "content": {"start": scene.index(words), "end": scene.index(words) + len(words)}}
    group["members"][2]["end"] = len(scene)
    brief = compose_brief(docs, [halvorsen], [*statements, framed], [group])
    assert [e["section"] for e in brief] == ["quotes"]


def test_a_pronoun_speaker_inside_the_shown_wording_is_named():
    # "..., she said" leaves the reader asking who: the statement found her, so the brief says so.
    text = ("Ingrid Halvorsen chaired the meeting. “The eastern wall must be raised by two metres before winter,” "
            "she said.")
    docs = [Document("a", text, outlet="Harbour Post")]
    she, start = text.index("she said"), text.index("“")
    halvorsen = {"id": "a1", "name": "Ingrid Halvorsen", "kind": "person",
                 "mentions": [{"doc": "a", "start": 0, "end": 16, "text": "Ingrid Halvorsen"}]}
    statement = {"id": "s1", "doc": "a", "kind": "direct", "speaker": "a1",
                 "content": {"start": start + 1, "end": text.index(",”")},
                 "speaker_span": {"start": she, "end": she + 3}}
    group = {"id": "g", "status": "single_source", "label": "wall", "confidence": 0.9,
             "members": [{"doc": "a", "start": start, "end": len(text) - 1, "polarity": "affirm"}]}
    (entry,) = compose_brief(docs, [halvorsen], [statement], [group])
    assert entry["text"].endswith("she said” (where “she” is Ingrid Halvorsen).")
    assert {"doc": "a", "start": 0, "end": 16} in entry["cites"]
    unresolved = {**statement, "speaker": None}
    (entry,) = compose_brief(docs, [halvorsen], [unresolved], [group])
    assert entry["text"].endswith("she said”.")


def test_a_wording_that_is_wholly_someones_post_is_carried_not_reported():
    post = "The harbour wall will be finished by May, and the levy will be gone by June"
    text = f"The mayor weighed in.\n\n{post} — Piet Brandt (@PietBrandt) November 1, 2017"
    docs = [Document("a", text, outlet="Harbour Post")]
    start, name = text.index(post), text.index("Piet Brandt")
    brandt = {"id": "a1", "name": "Piet Brandt", "kind": "person",
              "mentions": [{"doc": "a", "start": name, "end": name + 11, "text": "Piet Brandt"}]}
    statement = {"id": "s1", "doc": "a", "kind": "direct", "speaker": "a1",
                 "content": {"start": start, "end": start + len(post)},
                 "speaker_span": {"start": name, "end": name + 11}}
    group = {"id": "g", "status": "single_source", "label": "wall", "confidence": 0.9,
             "members": [{"doc": "a", "start": start, "end": start + len(post), "polarity": "affirm"}]}
    (entry,) = compose_brief(docs, [brandt], [statement], [group])
    assert entry["text"].startswith("Only Harbour Post carries these words of Piet Brandt: “The harbour wall")
    assert {"doc": "a", "start": name, "end": name + 11} in entry["cites"]
    (entry,) = compose_brief(docs, [brandt], [], [group])
    assert entry["text"].startswith("Only Harbour Post reports: “The harbour wall")


def test_a_quotation_in_two_articles_of_one_outlet_is_not_carried_by_several_sources():
    words = "The wall will hold through any storm this coast can throw at it"
    docs = [Document(key, f"“{words},” Ms. Halvorsen said.", outlet=outlet, title=f"Story {key}")
            for key, outlet in (("a", "Harbour Post"), ("b", "Harbour Post"), ("c", "Island Times"))]
    statements = [{"id": f"s{d.id}", "doc": d.id, "kind": "direct", "content": {"start": 1, "end": 1 + len(words)},
                   "speaker": None, "also_in": [{"statement": f"s{o.id}"} for o in docs if o is not d]}
                  for d in docs]
    assert compose_brief(docs[:2], statements=statements[:2]) == []
    (entry,) = compose_brief(docs, statements=statements)
    assert entry["text"].startswith("2 sources in 3 articles (")


def test_words_said_together_name_every_speaker_and_cite_each_name(documents, records, texts):
    johnson = {"id": "a2", "name": "Boris Johnson", "kind": "person", "aliases": ["Boris Johnson"],
               "mentions": [{**_span(texts, "01_wire", "Boris Johnson"), "text": "Boris Johnson", "kind": "name"}]}
    statements = [{**records["statements"][0], "co_speakers": ["a2"]}, records["statements"][1]]
    brief = compose_brief(documents, [*records["actors"], johnson], statements, records["groups"], records["reuse"])
    (entry,) = [e for e in brief if e["section"] == "quotes"]
    assert "quote Nigel Farage and Boris Johnson" in entry["text"]
    assert {texts[c["doc"]][c["start"]:c["end"]] for c in entry["cites"]} >= {"Nigel Farage", "Boris Johnson"}
