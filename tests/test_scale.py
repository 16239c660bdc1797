"""Scale-out engines: the analysis must not depend on where the per-document work ran.

All on the real demo corpus and the real spaCy model. The Ray tests start a local Ray instance (about
30 s in all on 2 cores); the ``test`` extra installs ``ray[data]`` so that CI runs them, and they skip
with a reason where Ray is not installed.
"""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

from manysides.scale import (
    DocumentResult,
    LocalEngine,
    ScaleError,
    WorkerError,
    analyze_with,
    combine_results,
    extract_document,
    extract_documents,
)
from manysides.settings import Settings


@pytest.fixture(scope="module")
def demo_expected(demo_analysis):
    """What ``manysides.analyze`` gives on the demo: every engine must give exactly this."""
    return demo_analysis.to_dict()


def test_in_process_engine_matches_analyze(demo_dir, demo_expected, nlp):
    assert analyze_with(LocalEngine(1), [demo_dir], Settings()).to_dict() == demo_expected


def test_process_pool_matches_analyze(demo_dir, demo_expected):
    # chunk_size=2: the five demo articles are split over both workers, in three chunks.
    assert analyze_with(LocalEngine(2, chunk_size=2), [demo_dir], Settings()).to_dict() == demo_expected


def test_result_survives_pickle_and_json(demo_documents, demo_expected, nlp):
    results = extract_documents(demo_documents, Settings().model)
    assert results[0].actors and results[0].statements and results[0].dates and results[0].sentences
    assert results[0].tones  # tone is scored beside spaCy, on whichever worker ran the document
    via_json = [DocumentResult.from_json(result.to_json()) for result in results]
    via_pickle = [pickle.loads(pickle.dumps(result)) for result in extract_documents(demo_documents, Settings().model)]
    assert [r.to_dict() for r in via_json] == [r.to_dict() for r in results]
    assert combine_results(via_json).to_dict()["statements"] == demo_expected["statements"]
    assert combine_results(via_json).to_dict()["stances"] == demo_expected["stances"]
    assert combine_results(via_pickle).to_dict()["actors"] == demo_expected["actors"]


def test_one_document_is_the_same_alone_or_in_a_batch(demo_documents, nlp):
    batch = extract_documents(demo_documents, Settings().model, batch_size=16)
    alone = extract_document(demo_documents[-1], Settings().model)
    assert alone.to_dict() == batch[-1].to_dict()


def test_worker_errors_cross_process_boundaries(demo_documents):
    with pytest.raises(WorkerError, match="cannot load spaCy model 'no_such_model_xyz'") as caught:
        extract_documents(demo_documents[:1], "no_such_model_xyz")
    again = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(again, ScaleError) and str(again) == str(caught.value)


def test_stale_or_broken_results_are_refused(demo_documents, nlp):
    data = extract_document(demo_documents[0], Settings().model).to_dict()
    with pytest.raises(ScaleError, match="format 0"):
        DocumentResult.from_dict({**data, "format": 0})
    with pytest.raises(ScaleError, match="malformed"):
        DocumentResult.from_dict({**data, "actors": [{"id": "a1"}]})


def test_bad_engine_settings_fail_early():
    with pytest.raises(ScaleError, match="workers must be at least 1"):
        LocalEngine(0)
    with pytest.raises(ScaleError, match="chunk_size"):
        LocalEngine(2, chunk_size=0)


def test_local_engines_do_not_import_ray():
    code = ("import sys, manysides.scale; from manysides.scale import LocalEngine, DocumentResult; "
            "assert 'ray' not in sys.modules and 'pyarrow' not in sys.modules, 'ray imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


# --- Ray (optional extra) ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ray_engine():
    pytest.importorskip("ray.data", reason="the ray extra is not installed")
    from manysides.scale import RayEngine

    with RayEngine(num_cpus=2) as engine:
        yield engine


def test_ray_engine_matches_analyze(ray_engine, demo_dir, demo_expected):
    assert analyze_with(ray_engine, [demo_dir], Settings()).to_dict() == demo_expected


def test_ray_reads_and_writes_parquet(ray_engine, demo_documents, tmp_path):
    from manysides.scale import read_documents, read_results, write_documents

    source = write_documents(demo_documents, tmp_path / "documents.parquet")
    expected = combine_results(LocalEngine(1).run(read_documents(source), Settings())).to_dict()
    assert combine_results(ray_engine.run(source, Settings())).to_dict() == expected
    # batch_size=2: three blocks, three files, which must be read back in input order.
    written = ray_engine.write_results(source, tmp_path / "results", Settings(batch_size=2))
    assert len(list(written.glob("*.parquet"))) == 3
    results = read_results(written)
    assert [r.document.id for r in results] == [d.id for d in demo_documents]
    assert combine_results(results).to_dict() == expected
    with pytest.raises(ScaleError, match="already exists"):
        ray_engine.write_results(source, written, Settings())


def test_ingest_fast_pass_on_ray_gives_the_same_store(ray_engine, demo_dir, tmp_path, monkeypatch):
    # The fast pass runs in Ray tasks; deduplication and every write stay in the driver, so the store
    # is the local one: same rows, same aliases, same report. Three records per Ray job: several jobs.
    import importlib
    import json

    from manysides.store import connect, ingest

    # the package's ``ingest`` attribute is the function; the module is reached by its full name
    monkeypatch.setattr(importlib.import_module("manysides.store.ingest"), "RAY_CHUNK", 3)
    texts = [path.read_text(encoding="utf-8") for path in sorted(demo_dir.glob("*.txt"))]
    records = [{"id": f"d{k}", "text": text, "outlet": "Demo Wire"} for k, text in enumerate(texts)]
    records += [{"id": "copy", "text": texts[0]}, {"id": "empty", "text": ""}]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    stores = []
    for engine in (None, ray_engine):
        con = connect(":memory:")
        report = ingest(con, [corpus], batch_size=2, engine=engine).to_dict()
        report.pop("seconds")
        articles = con.execute("SELECT * EXCLUDE (ingested_at) FROM articles ORDER BY seq").fetchall()
        stores.append((report, articles, con.execute("SELECT * FROM article_aliases").fetchall(),
                       con.execute("SELECT * FROM outlet_lines ORDER BY key").fetchall()))
    assert stores[0] == stores[1] and stores[0][3]  # the outlet's line counts too
    assert stores[0][0]["added"] == len(texts) and stores[0][0]["exact_duplicates"] == 1
    assert stores[0][0]["problems"] == 1


def test_a_failing_ray_task_is_one_scale_error(ray_engine):
    assert ray_engine.map_ordered(int, ["1", "22"]) == [1, 22]
    with pytest.raises(ScaleError, match="invalid literal"):
        ray_engine.map_ordered(int, ["1", "not a number"])
