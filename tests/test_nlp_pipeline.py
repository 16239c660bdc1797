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
