"""Sentence breaks of the shared spaCy pipeline on news text (real model, invented sentences)."""

from __future__ import annotations


def _sentences(nlp, text: str) -> list[str]:
    return [sentence.text.strip() for sentence in nlp(text).sents]


def test_an_abbreviated_title_before_a_name_does_not_end_the_sentence(nlp):
    # The tokenizer split "Cmdr." and "Sgt." from their full stop and the parser ended the sentence there,
    # leaving "Olaf Penhallow, who speaks for ..." as a sentence without its claim.
    text = ("“The wall will be inspected again,” said Cmdr. Olaf Penhallow, who speaks for the harbour board. "
            "In the storm, Staff Sgt. Ann Roe and Maj. Tom Ray were hurt.")
    assert _sentences(nlp, text) == [
        "“The wall will be inspected again,” said Cmdr. Olaf Penhallow, who speaks for the harbour board.",
        "In the storm, Staff Sgt. Ann Roe and Maj. Tom Ray were hurt."]


def test_paragraph_and_glued_breaks_still_end_sentences(nlp):
    text = "The council met on Monday.It voted for the new seawall.\nHarbour wall vote\nThe mayor spoke at the quay."
    assert _sentences(nlp, text) == ["The council met on Monday.", "It voted for the new seawall.", "Harbour wall vote",
                                     "The mayor spoke at the quay."]


def test_a_quote_mark_glued_between_sentences_is_a_token_of_its_own(nlp):
    # The English tokenizer kept '"Tolland' and '“This' as one token: the name was lost to NER and speakers.
    text = ('Halvorsen called the plan "a disgrace."Tolland said the ferry would run.'
            "Brandt agreed.“This is it,” he said.")
    tokens = [t.text for t in nlp(text)]
    assert '"' in tokens and "Tolland" in tokens and "“" in tokens and "This" in tokens


def test_a_glued_quote_mark_ends_the_sentence_it_closes_and_starts_the_one_it_opens(nlp):
    text = ('Halvorsen called the plan "a disgrace."Tolland said the ferry would run.'
            '"We have one choice," she said."No."Then she left.')
    assert _sentences(nlp, text) == ['Halvorsen called the plan "a disgrace."', "Tolland said the ferry would run.",
                                     '"We have one choice," she said.', '"No."', "Then she left."]


def test_a_sentence_opening_with_typewriter_marks_starts_at_them(nlp):
    # The parser left an opening '' on the sentence before ("... said. ''"), so the quotation's sentence
    # did not open with it.
    text = ("The council met on Monday. ''We will rebuild the wall,'' Brandt said. "
            "''Nobody will lose a boat,'' he added.")
    assert _sentences(nlp, text) == ["The council met on Monday.", "''We will rebuild the wall,'' Brandt said.",
                                     "''Nobody will lose a boat,'' he added."]
