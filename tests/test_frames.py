"""Frame shares: real MiniLM embeddings and the shipped codebook, on invented and demo texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from manysides.compare.frames import (OTHER, THRESHOLD, classify_sentences, dominant_frame, frame_shares,
                                      load_frames)
from manysides.model import Document, Region

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

OBVIOUS = {
    "Shares in the carmaker fell sharply after it warned that profits would halve this year.": "economic",
    "The appeals court ruled that the new law breached the constitution.": "legality_constitutionality_jurisprudence",
    "Tanks and thousands of troops massed near the frontier as the army prepared to invade.": "security_and_defense",
    "The opposition party tabled a motion of no confidence in the prime minister.": "political",
    "Two men were arrested and later charged with burglary and assault.": "crime_and_punishment",
    "Doctors said the infection was spreading quickly through hospital wards.": "health_and_safety",
    "The foreign ministers of both nations met to repair diplomatic relations.": "external_regulation_and_reputation",
    "A survey of two thousand adults found most disapprove of the decision.": "public_opinion",
    "The actress collected the award for best film at the festival.": "cultural_identity",
}

BODY = ("The army moved artillery and several thousand troops towards the northern border on Tuesday. "
        "Military commanders said the soldiers would stay until the threat of attack had passed. "
        "The defence ministry described the deployment as a precaution against a missile strike.")
DISCLAIMER = ("The value of shares and investments can fall as well as rise, and profits, dividends and "
              "stock market returns are never guaranteed for any investor.")


def _document() -> Document:
    text = BODY + "\n\n" + DISCLAIMER
    start = text.index(DISCLAIMER)
    return Document("guarded", text, boilerplate=[Region(start, start + len(DISCLAIMER), "disclaimer")])


def test_codebook_has_fourteen_frames_with_prototypes():
    frames = load_frames()
    assert len(frames) == 14 and OTHER not in {f.id for f in frames}
    assert all(10 <= len(f.prototypes) <= 20 and f.description and f.keywords is not None for f in frames)


@pytest.mark.parametrize("sentence,frame", sorted(OBVIOUS.items()))
def test_invented_sentence_lands_in_obvious_frame(sentence, frame):
    (label, score), = classify_sentences([sentence])
    assert label == frame and score >= THRESHOLD


def test_plain_narration_is_other():
    labels = classify_sentences(["The meeting began at ten and lasted a little over two hours."])
    assert labels[0][0] == OTHER


def test_shares_sum_to_at_most_one_and_evidence_is_exact():
    doc = _document()
    records = frame_shares([doc])
    assert records and all(r["doc"] == doc.id and 0 < r["share"] <= 1 for r in records)
    assert sum(r["share"] for r in records) <= 1.0 + 1e-6
    for record in records:
        assert 1 <= len(record["evidence"]) <= 3
        for ev in record["evidence"]:
            assert ev["doc"] == doc.id and 0 <= ev["start"] < ev["end"] <= len(doc.text)
            sentence = doc.text[ev["start"]:ev["end"]]
            assert sentence == sentence.strip() and sentence in BODY
    assert dominant_frame(records, doc.id) == "security_and_defense"


def test_boilerplate_is_excluded():
    records = frame_shares([_document()])
    assert "economic" not in {r["frame"] for r in records}
    unguarded = Document("open", BODY + "\n\n" + DISCLAIMER)
    assert "economic" in {r["frame"] for r in frame_shares([unguarded])}


def test_given_sentence_spans_are_used():
    doc = _document()
    first = (0, BODY.index(".") + 1)
    records = frame_shares([doc], sentences_by_doc={doc.id: [first, (len(BODY) + 2, len(doc.text))]})
    assert [(r["frame"], r["share"]) for r in records] == [("security_and_defense", 1.0)]
    assert records[0]["evidence"][0]["start"] == 0 and records[0]["evidence"][0]["end"] == first[1]


def test_demo_markets_blog_is_mostly_economic(demo_dir):
    from manysides.io import read_inputs

    documents = read_inputs([demo_dir]).documents
    records = frame_shares(documents)
    assert {r["doc"] for r in records} == {d.id for d in documents}
    markets = next(d for d in documents if "markets" in d.id)
    assert dominant_frame(records, markets.id) == "economic"


def test_seed_articles_keep_the_invariants():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent (it ships only with the project's development setup)")
    from manysides.io import read_inputs

    documents = read_inputs([SEEDS]).documents
    records = frame_shares(documents)
    texts = {d.id: d for d in documents}
    for doc in documents:
        assert sum(r["share"] for r in records if r["doc"] == doc.id) <= 1.0 + 1e-6
    for record in records:
        for ev in record["evidence"]:
            document = texts[ev["doc"]]
            assert ev["end"] <= len(document.text) and not document.in_boilerplate(ev["start"], ev["end"])


def test_shipped_prototype_vectors_match_the_codebook_and_the_encoder():
    # Stale vectors (codebook edited without `python scripts/build_frame_vectors.py`) would be ignored
    # silently and cost a second per process: this says to rebuild them.
    import numpy as np

    from manysides.compare import frames as frames_module
    from manysides.nlp.embeddings import SentenceEncoder

    encoder = SentenceEncoder()
    texts, _ = frames_module.prototype_texts(frames_module.load_frames())
    shipped = frames_module._shipped_vectors(texts, encoder)
    assert shipped is not None, "rebuild data/frame_vectors.npz with scripts/build_frame_vectors.py"
    assert np.allclose(shipped, encoder.encode(texts), atol=1e-5)
    assert frames_module._shipped_vectors(texts[:-1] + ["an edited prototype"], encoder) is None
