"""The same quotation carried by several sources: verbatim, trimmed, altered, and same-speaker overlaps."""

from __future__ import annotations

from manysides.compare.quotes import distinctive_phrases, link_statements
from manysides.model import Document, Span, Statement

LONG_LINE = ("To make any settlement last, we have to remove the deep causes of this dispute and weigh every "
             "legitimate worry of our neighbours.")


def _quoting(doc_id: str, before: str, quote: str, after: str, speaker: str | None,
             statement_id: str) -> tuple[Document, Statement]:
    """A one-sentence document quoting ``quote``, and its statement."""
    text = f"{before}\u201c{quote}\u201d{after}"
    start = len(before) + 1
    document = Document(doc_id, text)
    return document, Statement(statement_id, doc_id, "partial", Span(doc_id, start, start + len(quote)), speaker)


def _links(*pairs: tuple[Document, Statement]) -> list[Statement]:
    documents, statements = [p[0] for p in pairs], [p[1] for p in pairs]
    link_statements(statements, documents)
    return statements


def test_distinctive_phrases_are_lower_case_content_word_pairs():
    found = distinctive_phrases("We will address the deep causes of the Crimean dispute with the United States.")
    assert ("deep", "causes") in found
    assert ("united", "states") not in found and ("United", "States") not in found  # a name is not wording
    assert not any("the" in pair or "of" in pair for pair in found)              # stop words never count


def test_a_few_words_of_a_long_line_link_as_overlap_for_the_same_speaker():
    short, long_ = _links(
        _quoting("a", "The leader said peace means tackling ", "the deep causes of this dispute", ".", "p1", "s1"),
        _quoting("b", "The leader said: ", LONG_LINE, "", "p1", "s2"))
    assert [(link.statement, link.relation) for link in short.also_in] == [("s2", "overlap")]
    assert [(link.statement, link.relation) for link in long_.also_in] == [("s1", "overlap")]
    assert short.also_in[0].similarity >= 0.6


def test_the_same_phrase_from_another_speaker_is_not_the_same_quote():
    short, long_ = _links(
        _quoting("a", "The envoy spoke of ", "the deep causes of this dispute", ".", "p2", "s1"),
        _quoting("b", "The leader said: ", LONG_LINE, "", "p1", "s2"))
    assert short.also_in == [] and long_.also_in == []


def test_one_shared_phrase_in_two_different_lines_is_not_enough():
    # Politicians repeat their stock phrases; a shared pair of words in otherwise different lines
    # is a talking point, not the same quotation.
    first, second = _links(
        _quoting("a", "She said ", "immigration reform must pass this year or the economy suffers", ".", "p1", "s1"),
        _quoting("b", "She added ", "nobody in this hall wants immigration reform to fail again", ".", "p1", "s2"))
    assert first.also_in == [] and second.also_in == []


def test_unknown_speakers_never_overlap():
    short, long_ = _links(
        _quoting("a", "Peace means tackling ", "the deep causes of this dispute", ".", None, "s1"),
        _quoting("b", "One said: ", LONG_LINE, "", None, "s2"))
    assert short.also_in == [] and long_.also_in == []
