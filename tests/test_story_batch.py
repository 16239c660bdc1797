"""The batch tier of the deep analysis (``manysides analyze-stories``) on a real store.

The store holds the five demo articles, ingested by the store's own code and grouped into known stories
(story 1: the wire report, the tabloid and the Scottish paper; stories 3 and 5: one article each) by
the store's own story writer, so the tests do not depend on how the clusterer groups them.
The deep analysis is expensive, so one module fixture analyses every story once and the tests work
on copies of that file; the tests that analyse again keep to one-article stories where they can.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import manysides.store.stories as stories_module
from manysides.cli import main
from manysides.scale import LocalEngine, WorkerError
from manysides.store import connect, counts, ingest, story_members
from manysides.store.db import _write_stories
from manysides.store.stories import (
    analyze_stories,
    cached_analysis,
    members_key,
    select_stories,
)

SRC = Path(__file__).resolve().parents[1] / "src"
BIG, SMALL = 1, (3, 5)  # story ids of the demo store (the seq of each story's oldest article)
DEMO_STORIES = {BIG: ["01_wire", "02_leave_tabloid", "04_scotland"], 3: ["03_remain_broadsheet"],
                5: ["05_markets_blog"]}


def group(con, stories: dict[int, list[str]]) -> None:
    """Write these stories (story id -> article ids) as ``manysides cluster --db`` would."""
    import numpy as np

    pairs = [(article, story) for story, articles in stories.items() for article in articles]
    _write_stories(con, np.array([a for a, _ in pairs], dtype=object), np.array([s for _, s in pairs], dtype=object))


def copy_store(source: Path, target_dir: Path) -> Path:
    target = target_dir / "corpus.duckdb"
    shutil.copyfile(source, target)
    return target


def cached(path: Path) -> dict[int, str]:
    """story id -> analysis JSON of every cached analysis in the store at ``path``."""
    con = connect(path)
    try:
        return dict(con.execute("SELECT story_id, analysis_json FROM story_analysis").fetchall())
    finally:
        con.close()


def is_fresh(con, story_id: int) -> bool:
    return cached_analysis(con, story_id, members_key(story_members(con, story_id))) is not None


def refuse_to_compute(monkeypatch) -> None:
    """Make any deep analysis fail the test: what follows must come from the cache."""
    def compute(*args, **kwargs):
        raise AssertionError("a cached story was analysed again")

    monkeypatch.setattr(stories_module, "compute_analysis", compute)


@pytest.fixture(scope="module")
def base_store(tmp_path_factory, demo_dir) -> Path:
    """The demo corpus ingested and grouped into stories; nothing analysed yet."""
    path = tmp_path_factory.mktemp("stories") / "base.duckdb"
    con = connect(path)
    try:
        assert ingest(con, [demo_dir]).added == 5
        group(con, DEMO_STORIES)
        sizes = dict(con.execute("SELECT story_id, n_articles FROM stories").fetchall())
    finally:
        con.close()
    assert sizes == {BIG: 3, SMALL[0]: 1, SMALL[1]: 1}
    return path


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, base_store, nlp):
    """A copy of the base store after one batch over every story, and that batch's report and progress."""
    path = copy_store(base_store, tmp_path_factory.mktemp("analysed"))
    ticks, seen = [], []
    con = connect(path)
    try:
        report = analyze_stories(con, min_articles=1, nlp=nlp, progress=lambda d, t: ticks.append((d, t)),
                                 on_outcome=seen.append)
    finally:
        con.close()
    return path, report, ticks, seen


def test_batch_analyses_largest_first_and_saves_each_story(analysed):
    path, report, ticks, seen = analysed
    assert [(o.story_id, o.status, o.n_articles) for o in report.outcomes] == [(BIG, "analysed", 3),
                                                                              (SMALL[0], "analysed", 1),
                                                                              (SMALL[1], "analysed", 1)]
    assert seen == report.outcomes
    assert ticks == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert report.to_dict() | {"seconds": 0} == {"stories": 3, "analysed": 3, "fresh": 0, "failed": 0,
                                                "articles_analysed": 5, "seconds": 0}
    con = connect(path)
    try:
        for story_id in (BIG, *SMALL):
            analysis = cached_analysis(con, story_id, members_key(story_members(con, story_id)))
            assert [d.id for d in analysis.documents] == story_members(con, story_id)
        big = cached_analysis(con, BIG, members_key(story_members(con, BIG)))
        assert big.statements and big.actors and big.claim_groups
    finally:
        con.close()


def test_rerun_skips_fresh_stories_without_computing(analysed, tmp_path, monkeypatch):
    path = copy_store(analysed[0], tmp_path)
    refuse_to_compute(monkeypatch)
    monkeypatch.setattr("manysides.nlp.load_pipeline", lambda *a: pytest.fail("nothing to compute: no model"))
    con = connect(path)
    try:
        report = analyze_stories(con, min_articles=1)
        assert [(o.story_id, o.status) for o in report.outcomes] == [(BIG, "fresh"), (SMALL[0], "fresh"),
                                                                     (SMALL[1], "fresh")]
        assert [t.story_id for t in select_stories(con, min_articles=2)] == [BIG]
        assert [t.story_id for t in select_stories(con, min_articles=1, limit=2)] == [BIG, SMALL[0]]
        assert select_stories(con, min_articles=1, lang="fr") == []
        assert not any(t.fresh for t in select_stories(con, min_articles=1, force=True))
    finally:
        con.close()
    assert cached(path) == cached(analysed[0])


def test_an_upgrade_makes_every_cached_analysis_stale(analysed, tmp_path, monkeypatch):
    # Another manysides version (or other shipped models) may analyse the same articles differently:
    # after an upgrade the batch recomputes instead of serving what the old code found.
    path = copy_store(analysed[0], tmp_path)
    con = connect(path)
    try:
        assert all(t.fresh for t in select_stories(con, min_articles=1))
        monkeypatch.setattr("manysides.__version__", "99.0.0")
        stories_module.analyser_fingerprint.cache_clear()
        assert not any(t.fresh for t in select_stories(con, min_articles=1))
    finally:
        stories_module.analyser_fingerprint.cache_clear()
        con.close()


def test_changed_code_under_the_same_version_changes_the_fingerprint(tmp_path, monkeypatch):
    # A development install changes code without a new version number; its cache must not survive that.
    import manysides

    package = tmp_path / "manysides"
    shutil.copytree(Path(manysides.__file__).parent, package, ignore=shutil.ignore_patterns("data", "__pycache__"))
    monkeypatch.setattr("manysides.__file__", str(package / "__init__.py"))
    try:
        stories_module.analyser_fingerprint.cache_clear()
        before = stories_module.analyser_fingerprint()
        align = package / "compare" / "align.py"
        align.write_text(align.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        stories_module.analyser_fingerprint.cache_clear()
        assert stories_module.analyser_fingerprint() != before
    finally:
        stories_module.analyser_fingerprint.cache_clear()


def test_a_story_that_grows_is_recomputed_and_the_others_stay(analysed, tmp_path, demo_dir, nlp):
    path = copy_store(analysed[0], tmp_path)
    wire = (demo_dir / "01_wire.txt").read_text(encoding="utf-8")
    corpus = tmp_path / "update.jsonl"  # the wire report again, as a regional paper ran it the next day
    corpus.write_text(json.dumps({"id": "regional", "text": "LONDON (Wire) - Updated.\n\n" + wire,
                                  "outlet": "Regional", "published": "2016-06-25"}) + "\n", encoding="utf-8")
    before = cached(path)
    con = connect(path)
    try:
        assert ingest(con, [corpus]).added == 1
        group(con, {**DEMO_STORIES, BIG: DEMO_STORIES[BIG] + ["regional"]})  # the copy joins its original's story
        assert not is_fresh(con, BIG) and all(is_fresh(con, s) for s in SMALL)
        report = analyze_stories(con, min_articles=1, nlp=nlp)
        assert sorted((o.story_id, o.status, o.n_articles) for o in report.outcomes) == [
            (BIG, "analysed", 4), (SMALL[0], "fresh", 1), (SMALL[1], "fresh", 1)]  # fresh ones are noted first
        assert is_fresh(con, BIG)
        big = cached_analysis(con, BIG, members_key(story_members(con, BIG)))
        assert "regional" in [d.id for d in big.documents]
    finally:
        con.close()
    after = cached(path)
    assert after[BIG] != before[BIG] and all(after[s] == before[s] for s in SMALL)


def test_engine_path_matches_the_in_process_path_and_isolates_a_failing_story(analysed, base_store, tmp_path):
    """Stories go to the engine in waves; a wave that fails is run again story by story."""

    class Picky:
        """The real local engine, failing as a worker would on one article."""

        def __init__(self) -> None:
            self.calls: list[list[str]] = []
            self.inner = LocalEngine(1)

        def run(self, documents, settings):
            self.calls.append([d.id for d in documents])
            if any(d.id == "03_remain_broadsheet" for d in documents):
                raise WorkerError("the worker choked on this article")
            return self.inner.run(documents, settings)

    path = copy_store(base_store, tmp_path)
    engine = Picky()
    con = connect(path)
    try:
        report = analyze_stories(con, min_articles=1, engine=engine)
    finally:
        con.close()
    assert [(o.story_id, o.status) for o in report.outcomes] == [(BIG, "analysed"), (SMALL[0], "failed"),
                                                                 (SMALL[1], "analysed")]
    assert report.failed[0].reason == "the worker choked on this article"
    assert len(engine.calls) == 4 and len(engine.calls[0]) == 5, "one wave, then each story alone"
    reference, got = cached(analysed[0]), cached(path)
    assert sorted(got) == [BIG, SMALL[1]]
    for story_id in got:
        assert json.loads(got[story_id]) == json.loads(reference[story_id])


def test_cli_reports_a_broken_story_on_one_line_and_goes_on(base_store, tmp_path, capsys):
    path = copy_store(base_store, tmp_path)
    con = connect(path)
    con.execute("UPDATE articles SET authors = '{damaged' WHERE id = '03_remain_broadsheet'")
    con.close()

    assert main(["analyze-stories", "--db", str(path), "--story", "3", "5", "404"]) == 0
    out, err = capsys.readouterr()
    lines = sorted(err.strip().splitlines())  # an unknown id is reported first, while choosing stories
    assert len(lines) == 2 and "Traceback" not in err
    assert lines[0].startswith("manysides: error: story 3: JSONDecodeError:")
    assert lines[1] == "manysides: error: story 404: no such story in the corpus database"
    summary = json.loads(out)
    assert (summary["analysed"], summary["fresh"], summary["failed"]) == (1, 0, 2)
    assert sorted(cached(path)) == [5]

    assert main(["analyze-stories", "--db", str(path), "--story", "3", "404", "-q"]) == 1  # every attempt failed
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 2
    assert main(["analyze-stories", "--db", str(path), "--story", "5"]) == 0  # nothing attempted: fresh
    assert json.loads(capsys.readouterr().out)["fresh"] == 1


def test_cli_usage_errors_and_an_unclustered_store(tmp_path, demo_dir, capsys):
    missing = tmp_path / "missing.duckdb"
    assert main(["analyze-stories", "--db", str(missing)]) == 1
    assert "no such corpus database" in capsys.readouterr().err and not missing.exists()
    assert main(["analyze-stories", "--db", str(missing), "--story", "1", "--limit", "5"]) == 2
    assert "--story names the stories itself" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["analyze-stories", "--db", str(missing), "--min-articles", "0"])
    capsys.readouterr()
    unclustered = tmp_path / "unclustered.duckdb"
    con = connect(unclustered)
    ingest(con, [demo_dir / "05_markets_blog.txt"])
    con.close()
    assert main(["analyze-stories", "--db", str(unclustered)]) == 1
    assert "manysides cluster --db" in capsys.readouterr().err


def test_cli_interrupt_keeps_what_was_cached(analysed, tmp_path, monkeypatch, capsys):
    path = copy_store(analysed[0], tmp_path)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(stories_module, "compute_analysis", interrupted)
    assert main(["analyze-stories", "--db", str(path), "--min-articles", "1", "--force"]) == 130
    out, err = capsys.readouterr()
    assert out == "" and "interrupted; the 3 analyses cached so far are kept" in err
    assert cached(path) == cached(analysed[0])


CHILD = """
import sys
from manysides.store import connect
from manysides.store.stories import analyze_stories

con = connect(sys.argv[1])
analyze_stories(con, [3, 5], on_outcome=lambda o: print(o.status, o.story_id, flush=True))
print("finished", flush=True)
"""


def test_kill_9_mid_batch_keeps_finished_stories_and_a_rerun_goes_on(base_store, tmp_path, nlp):
    path = copy_store(base_store, tmp_path)
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert child.stdout.readline().strip() == "analysed 3"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    con = connect(path)
    try:
        assert is_fresh(con, 3), "the story saved before the kill survives it"
        report = analyze_stories(con, [3, 5], nlp=nlp)
        assert report.outcomes[0].status == "fresh" and report.outcomes[1].story_id == 5
        assert is_fresh(con, 5) and counts(con)["story_analysis"] == 2
    finally:
        con.close()


def test_cli_in_a_pipe_prints_only_the_summary(analysed):
    result = subprocess.run([sys.executable, "-m", "manysides.cli", "analyze-stories", "--db", str(analysed[0]),
                             "--min-articles", "1"], check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", "no progress bar outside a terminal"
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["fresh"] == 3


def test_web_app_serves_the_batch_results_without_computing(analysed, tmp_path, monkeypatch):
    pytest.importorskip("fastapi", reason="the web app needs fastapi (pip install fastapi uvicorn)")
    from fastapi.testclient import TestClient

    from manysides.web import create_app, deep

    path = copy_store(analysed[0], tmp_path)
    monkeypatch.setattr(deep, "compute_analysis", lambda *a, **k: pytest.fail("the web app recomputed a story"))
    with TestClient(create_app(path), base_url="http://127.0.0.1") as client:
        story = client.get(f"/api/stories/{BIG}").json()
        assert story["analysis_cached"] is True
        response = client.get(f"/api/stories/{BIG}/analysis")
        assert response.status_code == 200
        assert response.json() == json.loads(cached(analysed[0])[BIG])
        assert client.get(f"/stories/{BIG}").status_code == 200


def test_cli_process_pool_gives_the_same_analyses(analysed, base_store, tmp_path):
    path = copy_store(base_store, tmp_path)
    assert main(["analyze-stories", "--db", str(path), "--min-articles", "1", "--workers", "2", "-q"]) == 0
    reference, got = cached(analysed[0]), cached(path)
    assert sorted(got) == sorted(reference)
    assert all(json.loads(got[s]) == json.loads(reference[s]) for s in got)
