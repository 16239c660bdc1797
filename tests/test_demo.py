"""End to end on the built-in demo corpus, against what examples/demo/expected.json says a correct run finds."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT

EXPECTED = json.loads((ROOT / "examples" / "demo" / "expected.json").read_text(encoding="utf-8"))


def _prose_occurrences(document, needle: str) -> list[tuple[int, int]]:
    """Where ``needle`` occurs in the document outside boilerplate (a headline may repeat a quote)."""
    spans, start = [], document.text.find(needle)
    while start != -1:
        if not document.in_boilerplate(start, start + len(needle)):
            spans.append((start, start + len(needle)))
        start = document.text.find(needle, start + 1)
    return spans


@pytest.mark.parametrize("quote", EXPECTED["quotes"], ids=lambda q: f"{q['doc']}:{q['contains'][:24]}")
def test_every_known_quote_is_found_with_its_speaker(demo_analysis, quote):
    document = demo_analysis.document(quote["doc"])
    occurrences = _prose_occurrences(document, quote["contains"])
    assert occurrences, f"{quote['contains']!r} not in the prose of {quote['doc']}"
    found = [s for s in demo_analysis.statements if s.doc == quote["doc"] and s.kind == quote["kind"]
             and any(s.content.start < end and start < s.content.end for start, end in occurrences)]
    speakers = {demo_analysis.actor(s.speaker).name for s in found if s.speaker}
    assert quote["speaker"] in speakers, f"found {[(s.kind, s.speaker) for s in found]}"


def test_shared_quote_is_linked_across_sources_with_its_trimming(demo_analysis):
    shared = EXPECTED["shared_quote"]
    carriers = [s for s in demo_analysis.statements
                if shared["contains"] in demo_analysis.text_of(s.content) and s.kind in ("direct", "partial")]
    assert {s.doc for s in carriers} == set(shared["docs"])
    for statement in carriers:
        assert {link.doc for link in statement.also_in} == set(shared["docs"]) - {statement.doc}
        assert {link.relation for link in statement.also_in} == {"trimmed"}


def test_scare_quotes_are_not_statements(demo_analysis):
    for term in EXPECTED["scare_quotes"]:
        assert not [s for s in demo_analysis.statements if demo_analysis.text_of(s.content).strip("“”\"") == term]


@pytest.mark.parametrize("expected", EXPECTED["actors"], ids=lambda a: a["name"])
def test_key_actors_are_resolved_to_one_canonical_actor(demo_analysis, expected):
    matches = [a for a in demo_analysis.actors if a.name == expected["name"]]
    assert len(matches) == 1 and matches[0].kind == expected["kind"]


@pytest.mark.parametrize("expected", EXPECTED["metonyms"], ids=lambda m: f"{m['doc']}:{m['text']}")
def test_metonyms_resolve_to_the_institution(demo_analysis, expected):
    kinds = {(actor.kind, mention.kind) for actor in demo_analysis.actors for mention in actor.mentions
             if mention.doc == expected["doc"] and mention.text == expected["text"]}
    assert (expected["actor_kind"], "metonym") in kinds


def test_boilerplate_never_becomes_a_statement_or_an_actor_mention(demo_analysis):
    documents = {d.id: d for d in demo_analysis.documents}
    for statement in demo_analysis.statements:
        assert not documents[statement.doc].in_boilerplate(statement.content.start, statement.content.end)
    call_to_action = [r for r in documents["02_leave_tabloid"].boilerplate if r.kind == "call_to_action"]
    assert call_to_action, "the tabloid's closing call to comment is marked"


def test_metadata_comes_from_each_format(demo_analysis):
    html = demo_analysis.document("04_scotland")
    assert (html.format, html.published, html.outlet) == ("html", "2016-06-24", "The Caledonian Courier")
    markdown = demo_analysis.document("03_remain_broadsheet")
    assert markdown.authors == ["Eleanor Whitcombe"] and markdown.title.startswith("The morning after")


def test_the_reused_wire_paragraph_is_found_verbatim(demo_analysis):
    expected = EXPECTED["reuse"]
    texts = {d.id: d.text for d in demo_analysis.documents}
    hits = [r for r in demo_analysis.reuse if r["kind"] == "verbatim"
            and {r["a"]["doc"], r["b"]["doc"]} == {expected["a"], expected["b"]}
            and all(expected["contains"] in texts[side["doc"]][side["start"]:side["end"]] for side in (r["a"], r["b"]))]
    assert hits, demo_analysis.reuse


def test_timeline_is_built_from_the_dated_sources(demo_analysis):
    dated = [e for e in demo_analysis.timeline if e["date"]]
    assert any(e["date"] == "2016-06-24" and e["precision"] == "day" for e in dated)
    for event in demo_analysis.timeline:
        text = demo_analysis.document(event["doc"]).text
        assert text[event["start"]:event["end"]] == event["text"]


def test_the_contested_pound_low_is_in_the_brief_with_both_figures(demo_analysis):
    # The two sources give different years for the same low: both are affirmative, so the brief splits the
    # group at its contradiction rather than by polarity.
    (entry,) = [e for e in demo_analysis.brief if e["section"] == "contested"]
    first, second = entry["text"].split(", while ")
    assert ("1985" in first and "1991" in second) or ("1991" in first and "1985" in second)
    assert {c["doc"] for c in entry["cites"]} == {"01_wire", "05_markets_blog"}
