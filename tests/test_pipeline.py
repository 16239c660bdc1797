"""The per-document stage contract, the analysis.json round trip and the atomic write."""

from __future__ import annotations

import json
import os
import time

import pytest

from manysides.analysis import Analysis
from manysides.errors import PipelineError, SchemaError
from manysides.io import document_from_text
from manysides.model import Document, Span
from manysides.pipeline import DocumentPipeline, Stage, analyze_document, annotate, combine
from manysides.settings import Settings

TEXT = ("The mayor of Lisbon, Carlos Moedas, said on Tuesday that the new tram line would open in May. "
        "\"We are ahead of schedule,\" he told reporters.\n")


def test_stage_that_breaks_its_promise_fails_loudly(nlp):
    lazy = Stage("lazy", lambda state: {}, requires=("document",), assigns=("actors",))
    with pytest.raises(PipelineError, match="declared \\['actors'\\] but assigned \\[\\]"):
        analyze_document(document_from_text(TEXT, "d"), nlp, DocumentPipeline([lazy]))


def test_pipeline_checks_ordering_when_built():
    needs_actors = Stage("statements", lambda state: {"statements": []}, requires=("actors",),
                         assigns=("statements",))
    with pytest.raises(PipelineError, match="needs \\['actors'\\] before any stage assigns it"):
        DocumentPipeline([needs_actors])


def test_document_offsets_point_at_the_evidence(nlp):
    state = analyze_document(document_from_text(TEXT, "lisbon"), nlp)
    assert state.statements, "the quote should be found"
    for statement in state.statements:
        assert statement.doc == "lisbon"
        assert 0 <= statement.content.start < statement.content.end <= len(TEXT)
    for actor in state.actors:
        for mention in actor.mentions:
            assert TEXT[mention.start:mention.end] == mention.text


def test_analysis_round_trips_through_json(demo_analysis, tmp_path):
    path = demo_analysis.write(tmp_path)
    again = Analysis.read(path)
    assert again.to_dict() == demo_analysis.to_dict()
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 1


def test_reading_another_schema_version_is_refused(tmp_path):
    path = tmp_path / "analysis.json"
    path.write_text(json.dumps({"schema_version": 99, "documents": []}), encoding="utf-8")
    with pytest.raises(SchemaError, match="schema_version 99"):
        Analysis.read(path)


def test_failed_write_keeps_the_previous_analysis(demo_analysis, tmp_path, monkeypatch):
    target = demo_analysis.write(tmp_path)
    before = target.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        Analysis(documents=demo_analysis.documents[:1]).write(tmp_path)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["analysis.json"], "no temporary file is left behind"


def test_span_and_settings_reject_out_of_range_values():
    with pytest.raises(ValueError, match="0 <= start <= end"):
        Span("d", 5, 2)
    with pytest.raises(ValueError, match="batch_size must be between 1 and 10000"):
        Settings(batch_size=0)
    with pytest.raises(ValueError, match="tone must be True or False, got 'no'"):
        Settings(tone="no")  # a truthy string would otherwise switch the tone model on


def test_raw_texts_are_analysed_like_files():
    import manysides

    analysis = manysides.analyze([TEXT])
    assert [d.id for d in analysis.documents] == ["text-1"]
    assert analysis.documents[0].text.startswith("The mayor of Lisbon")


def test_without_the_comparison_the_tone_stage_is_skipped(demo_documents):
    # The tone model costs about as much as spaCy; only the comparison reads its output.
    import manysides
    from manysides.pipeline import stages_for
    from manysides.scale import extract_documents

    assert [s.name for s in stages_for(True)][-1] == "tone"
    assert "tone" not in [s.name for s in stages_for(False)]
    DocumentPipeline(stages_for(False))  # still a valid pipeline: nothing else needs the tones
    quick = extract_documents(demo_documents[:1], Settings().model, compare=False)
    assert quick[0].tones == [] and quick[0].claims
    analysis = manysides.analyze([demo_documents[0].text], settings=Settings(compare=False))
    assert analysis.stances is None and analysis.statements


def test_tone_off_leaves_out_the_tone_stage_in_every_engine(demo_dir):
    from manysides.pipeline import stages_for
    from manysides.scale import LocalEngine, analyze_with

    assert "tone" not in [s.name for s in stages_for(True, tone=False)]
    assert [s.name for s in stages_for(True, tone=False)] == [s.name for s in stages_for(False)]
    pooled = analyze_with(LocalEngine(2), demo_dir, Settings(tone=False))
    assert pooled.stances is None and pooled.claim_groups is not None and pooled.brief


def _tag_stage(name: str, requires: tuple[str, ...] = ("document",), background: bool = True) -> Stage:
    """A stage that records in ``dates`` (a field these test pipelines leave free) which thread ran it."""
    import threading

    return Stage(name, lambda state: {"dates": [threading.current_thread().name]}, requires=requires,
                 assigns=("dates",), background=background)


def test_background_stages_must_come_last_and_not_read_the_parse():
    front = Stage("actors", lambda state: {"actors": []}, requires=("document",), assigns=("actors",))
    with pytest.raises(PipelineError, match="background stage 'late' may not read sdoc"):
        DocumentPipeline([_tag_stage("late", requires=("sdoc",))])
    with pytest.raises(PipelineError, match="stage 'actors' follows a background stage"):
        DocumentPipeline([_tag_stage("late"), front])
    assert [s.name for s in DocumentPipeline([front, _tag_stage("late")]).background] == ["late"]


def test_background_stage_runs_beside_the_parse_in_input_order(nlp):
    from manysides.pipeline import annotate

    texts = [f"Councillor Brandt number {n} said the Harbour bridge would reopen in May.\n" for n in range(7)]
    documents = [document_from_text(text, f"d{n}") for n, text in enumerate(texts)]
    states = list(annotate(documents, nlp, batch_size=2, pipeline=DocumentPipeline([_tag_stage("late")])))
    assert [s.document.id for s in states] == [f"d{n}" for n in range(7)]
    assert all(s.dates[0].startswith("manysides-background") for s in states)


def test_the_parse_keeps_a_core_while_background_model_runs_share_the_rest(nlp, monkeypatch):
    # While spaCy parses, the tone model's runs may use every core but the parse's; once the parse is done,
    # the last documents' runs get them all; and the core is given back when the consumer stops early.
    from manysides.nlp import embeddings
    from manysides.pipeline import annotate

    monkeypatch.setattr(embeddings, "available_cores", lambda: 4)
    spare: dict[str, int] = {}

    def slow_model_runs(state):  # slower than the parse, so the last documents are scored after it
        time.sleep(0.1)
        spare[state.document.id] = embeddings.spare_cores()
        return {"dates": []}

    stage = Stage("late", slow_model_runs, requires=("document",), assigns=("dates",), background=True)
    documents = [document_from_text(f"Warden Okafor closed lock {n} on the Vell canal.\n", f"d{n}") for n in range(6)]
    states = list(annotate(documents, nlp, batch_size=2, pipeline=DocumentPipeline([stage])))
    assert len(states) == 6 and embeddings.spare_cores() == 4
    assert spare["d0"] == 3 and spare["d5"] == 4  # the first beside the parse, the last after it
    early = annotate(documents, nlp, batch_size=2, pipeline=DocumentPipeline([stage]))
    next(early)
    assert embeddings.spare_cores() == 3
    early.close()
    assert embeddings.spare_cores() == 4


def test_overlapped_tone_equals_the_sequential_run(nlp, demo_documents):
    # The tone stage runs one thread behind spaCy in annotate(); run() does every stage in order.
    from manysides.pipeline import annotate

    pipeline = DocumentPipeline()
    overlapped = list(annotate(demo_documents, nlp, batch_size=2, pipeline=pipeline))
    sequential = [pipeline.run(document, nlp(document.text)) for document in demo_documents]
    assert [s.tones for s in overlapped] == [s.tones for s in sequential]
    assert [s.claims for s in overlapped] == [s.claims for s in sequential]
    assert any(s.tones for s in overlapped)


def test_an_error_surfaces_after_the_documents_before_it(nlp):
    from manysides.pipeline import annotate

    def fussy(state):
        if state.document.id == "d2":
            raise PipelineError("d2 is unreadable")
        return {"actors": []}

    front = Stage("actors", fussy, requires=("document",), assigns=("actors",))
    documents = [document_from_text(f"Mayor Halvorsen opened bridge {n} in Port Ellery.\n", f"d{n}")
                 for n in range(4)]
    seen = []
    with pytest.raises(PipelineError, match="d2 is unreadable"):
        for state in annotate(documents, nlp, batch_size=8, pipeline=DocumentPipeline([front, _tag_stage("late")])):
            seen.append(state.document.id)
    assert seen == ["d0", "d1"]


def test_a_she_resolved_in_one_article_to_a_man_the_corpus_names_loses_its_speaker():
    # In the second article alone "Mayor Harcourt" has no known sex, so "she" resolves to him there; the
    # first article names him Donald Harcourt, so across the corpus that speaker is wrong and is dropped.
    from manysides import analyze

    texts = ["Mayor Donald Harcourt opened the new harbour wall in Port Ellery on Monday. The crowd cheered.",
             "Mayor Harcourt spoke to reporters at the quay on Monday. “The wall will hold for a century,” she "
             "said."]
    analysis = analyze(texts, settings=Settings(compare=False, tone=False))
    (statement,) = analysis.statements
    assert statement.speaker is None
    assert analyze(texts[1:], settings=Settings(compare=False, tone=False)).statements[0].speaker is not None
    he_said = [texts[0], texts[1].replace("she said", "he said")]
    (statement,) = analyze(he_said, settings=Settings(compare=False, tone=False)).statements
    assert statement.speaker == next(a.id for a in analysis.actors if a.name == "Donald Harcourt")


def test_co_speakers_survive_the_corpus_merge_and_a_round_trip_through_json(nlp):
    text = ("Harbour minister Ines Valdor met the opposition leader, Piet Brandt, on Monday. "
            "Valdor and Brandt said afterwards that the ferry would keep running through the winter.")
    analysis = combine(annotate([Document("a", text)], nlp), compare=False)
    joint = next(s for s in analysis.statements if s.co_speakers)
    names = {a.id: a.name for a in analysis.actors}
    assert (names[joint.speaker], [names[c] for c in joint.co_speakers]) == ("Ines Valdor", ["Piet Brandt"])
    again = Analysis.from_dict(analysis.to_dict())
    assert next(s for s in again.statements if s.id == joint.id).co_speakers == joint.co_speakers
