"""Tone toward actors: the shipped target-sentiment model and the per-source aggregation.

All sentences here are invented for the tests; the quality check reads NewsMTSC from ../shared at run
time and skips when it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from manysides.compare.stance import label_for, source_stances, split_sentences
from manysides.errors import ManysidesError
from manysides.model import Actor, Document, Mention, Region, Span, Statement
from manysides.stance import (
    MODEL_DIR,
    StanceModelLoadError,
    TargetSentimentModel,
    TargetSpanError,
    target_sentiment,
    target_sentiments,
)

NEWSMTSC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "newsmtsc"
ATTACK = "Kelly attacked Trump."
# News-style sentences in which one person attacks another: (sentence, attacker, attacked).
ATTACKS = [
    ("Senator Kelly attacked Trump over the tariffs on Tuesday.", "Kelly", "Trump"),
    ("Kelly criticized Trump's handling of the crisis.", "Kelly", "Trump"),
    ("Merkel slammed Putin's decision to invade.", "Merkel", "Putin"),
    ("At the rally, Sanders accused Clinton of taking money from Wall Street banks.", "Sanders", "Clinton"),
]
MIXED = "The senator praised Obama as a brilliant, honest leader but condemned Trump as a corrupt liar."
PRAISE = "Voters warmly applauded Merkel for her courageous and compassionate leadership during the crisis."
NEUTRAL = "Merkel will travel to Paris on Tuesday for talks with the French president."


def _span(sentence: str, word: str) -> tuple[int, int]:
    start = sentence.index(word)
    return start, start + len(word)


def test_attacked_target_is_negative_and_attacker_is_not():
    """"Kelly attacked Trump" is negative toward Trump, not toward Kelly (the issue's own example).

    On news-style sentences the attacked target is negative and the attacker is not: the author reports
    an attack, and takes no side against the one who makes it.
    """
    for sentence, attacker, attacked in [*ATTACKS, (ATTACK, "Kelly", "Trump")]:
        target = target_sentiment(sentence, *_span(sentence, attacked))
        source = target_sentiment(sentence, *_span(sentence, attacker))
        assert target["label"] == "negative", sentence
        assert source["label"] != "negative", (sentence, source)
        assert source["score"] > target["score"] + 0.3, sentence  # the tone depends on the target


# Verbs the training templates (scripts/train_stance.py, action_sentences) do not use.
UNSEEN_ACTIONS = [
    ("Orban ridiculed Brussels for its migration plan.", "Orban", "Brussels"),
    ("Police arrested Smith after the riot.", "Police", "Smith"),
    ("Harris assailed DeSantis over the school book bans.", "Harris", "DeSantis"),
]


def test_actor_of_an_unseen_verb_still_scores_above_the_one_acted_on():
    for sentence, actor, acted_on in UNSEEN_ACTIONS:
        target = target_sentiment(sentence, *_span(sentence, acted_on))
        source = target_sentiment(sentence, *_span(sentence, actor))
        assert target["label"] == "negative", sentence
        assert source["score"] > target["score"] + 0.3, (sentence, source, target)


def test_mixed_sentence_separates_praised_and_condemned_targets():
    assert target_sentiment(MIXED, *_span(MIXED, "Obama"))["label"] == "positive"
    assert target_sentiment(MIXED, *_span(MIXED, "Trump"))["label"] == "negative"


def test_praise_is_positive_and_a_plain_report_is_neutral():
    assert target_sentiment(PRAISE, *_span(PRAISE, "Merkel"))["label"] == "positive"
    neutral = target_sentiment(NEUTRAL, *_span(NEUTRAL, "Merkel"))
    assert neutral["label"] == "neutral"
    assert abs(neutral["score"]) < 0.5


def test_scores_lie_in_range_and_batched_equals_single():
    items = [(ATTACK, *_span(ATTACK, "Trump")), (ATTACK, *_span(ATTACK, "Kelly")),
             (PRAISE, *_span(PRAISE, "Merkel")), (NEUTRAL, *_span(NEUTRAL, "Merkel")),
             (NEUTRAL, *_span(NEUTRAL, "Paris"))]
    batched = target_sentiments(items)
    assert len(batched) == len(items)
    for item, result in zip(items, batched):
        single = target_sentiment(*item)
        assert -1.0 <= result["score"] <= 1.0
        assert result["label"] in {"negative", "neutral", "positive"}
        assert result["label"] == single["label"]
        assert result["score"] == pytest.approx(single["score"], abs=1e-6)
    assert target_sentiments([]) == []


@pytest.mark.parametrize(("start", "end", "message"), [
    (-1, 3, "0 <= start < end"), (5, 5, "0 <= start < end"), (4, 2, "0 <= start < end"),
    (0, 999, r"len\(sentence\)"), (0.0, 3, "integer"), (True, 3, "integer"), (5, 6, "whitespace")])
def test_bad_target_spans_raise_clear_value_errors(start, end, message):
    with pytest.raises(ValueError, match=message) as caught:
        target_sentiment("Trump spoke today.", start, end)
    assert isinstance(caught.value, (TargetSpanError, ManysidesError))


def test_bad_calls_and_missing_model_are_reported():
    with pytest.raises(ValueError):
        target_sentiments([("Trump spoke.", 0, 50)])
    with pytest.raises(TypeError):
        target_sentiments(("Trump spoke.", 0, 5))
    with pytest.raises(StanceModelLoadError, match="config"):
        TargetSentimentModel(MODEL_DIR / "no-such-folder")


def test_shipped_model_is_small_and_documented():
    assert (MODEL_DIR / "model.onnx").stat().st_size < 30_000_000
    config = json.loads((MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    assert config["labels"] == ["negative", "neutral", "positive"]
    assert config["seed"] is not None and config["epochs"] >= 1


# --- aggregation per source -------------------------------------------------------------------

QUOTE = "Trump is a corrupt liar and a disgrace who has betrayed every voter in this country"
TEXT = (f"Trump visited a car factory in Ohio on Tuesday. \u201c{QUOTE},\u201d Senator Kelly said. "
        "Trump met workers and toured the assembly line.")


def _doc_actors_statements():
    doc = Document(id="d1", text=TEXT)
    q_start = TEXT.index(QUOTE)
    content = Span("d1", q_start, q_start + len(QUOTE))
    trump_mentions = []
    cursor = 0
    while (found := TEXT.find("Trump", cursor)) >= 0:
        trump_mentions.append(Mention("d1", found, found + 5, "Trump", "name"))
        cursor = found + 5
    k = TEXT.index("Kelly")
    actors = [Actor("a1", "Donald Trump", "person", "donald trump", ["Trump"], trump_mentions),
              Actor("a2", "Mark Kelly", "person", "mark kelly", ["Kelly"], [Mention("d1", k, k + 5, "Kelly")]),
              Actor("a3", "Ohio", "place", "place:ohio", ["Ohio"],
                    [Mention("d1", TEXT.index("Ohio"), TEXT.index("Ohio") + 4, "Ohio")])]
    statement = Statement("s1", "d1", "direct", content, speaker="a2", speaker_span=Span("d1", k, k + 5))
    return doc, actors, [statement]


def test_quoted_attack_is_not_the_authors_voice():
    doc, actors, statements = _doc_actors_statements()
    records = {r["actor"]: r for r in source_stances([doc], actors, statements, None)}
    assert set(records) == {"a1", "a2"}  # places carry no stance
    trump = records["a1"]
    assert trump["n"] == 2  # the two narrative sentences; the quoted one is set apart
    assert trump["label"] == "neutral"
    assert trump["quoted"]["n"] == 1
    assert trump["quoted"]["label"] == "negative"
    assert trump["quoted"]["score"] < trump["score"] - 0.3
    assert records["a2"]["quoted"] is None  # Kelly is the speaker of the quotation, not its subject
    for record in records.values():
        assert -1.0 <= (record["score"] if record["score"] is not None else 0.0) <= 1.0


def test_evidence_offsets_are_exact_sentence_spans():
    doc, actors, statements = _doc_actors_statements()
    sentences = split_sentences(TEXT)
    assert TEXT[slice(*sentences[0])] == "Trump visited a car factory in Ohio on Tuesday."
    assert len(sentences) == 3
    records = source_stances([doc], actors, statements, {"d1": sentences})
    trump = next(r for r in records if r["actor"] == "a1")
    spans = [(e["start"], e["end"]) for e in trump["evidence"]]
    assert spans == [sentences[0], sentences[2]]
    assert [(e["start"], e["end"]) for e in trump["quoted"]["evidence"]] == [sentences[1]]
    assert all(e["doc"] == "d1" and -1.0 <= e["score"] <= 1.0 for e in trump["evidence"])


def test_boilerplate_and_mentionless_documents_give_no_records():
    doc, actors, statements = _doc_actors_statements()
    doc.boilerplate = [Region(0, len(TEXT), "footer")]
    assert source_stances([doc], actors, statements, None) == []
    other = Document(id="d2", text="Nothing here names anyone at all.")
    assert source_stances([other], actors, statements, None) == []


def test_a_link_card_inside_a_sentence_is_elided_before_scoring():
    # The model reads the author's sentence, not the headlines of a hover card pasted into it.
    from manysides.extract.tone import document_tones
    from manysides.stance import default_model

    card = "Dana Marie WhitlockPort Ellery ferry plan fails Councillors slam harbour wall MORE"
    text = f"Harbour minister Dana Whitlock {card} said on Monday that the wall would hold."
    doc = Document(id="d1", text=text, boilerplate=[Region(text.index(card), text.index(card) + len(card), "link_card")])
    actor = Actor("a1", "Dana Whitlock", "person", "dana whitlock", [], [Mention("d1", 17, 30, "Dana Whitlock")])
    seen: list[tuple[str, int, int]] = []

    class Recording:  # the shipped model, with what it is asked to score written down
        batch_size, config = 1, default_model().config

        def probabilities(self, items):
            seen.extend(items)
            return default_model().probabilities(items)

    (tone,) = document_tones(doc, [actor], [], [(0, len(text))], model=Recording())
    (sentence, start, end), = seen
    assert sentence == "Harbour minister Dana Whitlock … said on Monday that the wall would hold."
    assert sentence[start:end] == "Dana Whitlock" and (tone.start, tone.end) == (0, len(text))


def test_tone_scored_per_document_adds_up_to_the_corpus_computation(demo_documents, nlp):
    # The pipeline's tone stage scores each document with its own actors (local ids); combine maps them
    # to corpus actors and adds them up. That must equal scoring the corpus with corpus actors directly.
    from manysides.pipeline import annotate, combine

    states = list(annotate(demo_documents, nlp))
    assert all(state.tones for state in states)
    analysis = combine(states)
    sentences = {state.document.id: state.sentences for state in states}
    direct = source_stances(analysis.documents, analysis.actors, analysis.statements, sentences)
    assert analysis.stances == direct and len(direct) > 10


def test_aggregate_labels_use_a_neutral_band():
    assert label_for(0.5) == "positive" and label_for(-0.5) == "negative" and label_for(0.05) == "neutral"


def test_quality_floor_on_newsmtsc_dev_sample():
    path = NEWSMTSC / "dev_rw.jsonl"
    if not path.is_file():
        pytest.skip("../shared/data/newsmtsc is absent (it ships only with the project's development setup)")
    codes = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
    items, gold = [], []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            for target in row["targets"]:
                items.append((row["sentence_normalized"], target["from"], target["to"]))
                gold.append(codes[float(target["polarity"])])
            if len(items) >= 100:
                break
    predicted = [r["label"] for r in target_sentiments(items)]
    f1s = []
    for label in codes.values():
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        fp = sum(p == label != g for g, p in zip(gold, predicted))
        fn = sum(g == label != p for g, p in zip(gold, predicted))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    assert sum(f1s) / 3 >= 0.70, f"macro-F1 {sum(f1s) / 3:.3f} on the first {len(items)} dev_rw targets"
