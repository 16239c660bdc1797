"""The DuckDB corpus store: ingest of real articles, dedup, idempotence, kill -9 resume, languages, stories."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from manysides.store import connect, counts, fts_available, ingest, load_documents, update_stories
from manysides.store.ingest import Ingester

SRC = Path(__file__).resolve().parents[1] / "src"
# Written for this test (not from any corpus): a short French news paragraph.
FRENCH = ("Le Royaume-Uni a voté pour quitter l'Union européenne lors du référendum de jeudi. "
          "Le Premier ministre a annoncé qu'il démissionnerait dans les prochains mois. "
          "Les marchés financiers ont réagi avec inquiétude et la livre sterling a chuté fortement.")


def demo_texts(demo_dir: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(demo_dir.glob("*.txt"))]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture()
def dup_corpus(tmp_path, demo_dir) -> Path:
    """Two demo articles, an exact duplicate, a syndicated near-duplicate and a French article."""
    first, second = demo_texts(demo_dir)[:2]
    paragraphs = first.split("\n\n")
    near = "\n\n".join(["LONDON (Wire) - Updated with reaction."] + paragraphs[:-1] + ["Reporting by our staff."])
    return write_jsonl(tmp_path / "corpus.jsonl", [
        {"id": "a", "text": first, "outlet": "Wire", "published": "2016-06-24", "topic": "brexit"},
        {"id": "b", "text": second, "outlet": "Tabloid", "published": "2016-06-24"},
        {"id": "a-copy", "text": "  " + first.replace("\n\n", "\n\n\n") + "  ", "outlet": "Mirror site"},
        {"id": "a-syndicated", "text": near, "outlet": "Regional", "published": "2016-06-25"},
        {"id": "fr", "text": FRENCH, "outlet": "Le Journal", "published": "2016-06-24"},
        {"id": "broken", "text": ""},
    ])


def test_demo_corpus_ingests_with_metadata_and_fts(demo_dir):
    con = connect(":memory:")
    report = ingest(con, [demo_dir])
    assert report.added == 5 and not report.problems
    rows = con.execute("SELECT id, lang, n_sentences, text FROM articles ORDER BY seq").fetchall()
    assert [r[1] for r in rows] == ["en"] * 5
    assert all(r[2] >= 5 for r in rows)
    documents = load_documents(con, [rows[0][0]])
    assert documents[0].text == rows[0][3]
    # boilerplate is marked by the running version's rules: the same regions ingest stored, also when the
    # stored column is what an older version (here: one that marked nothing) left
    stored = json.loads(con.execute("SELECT boilerplate FROM articles WHERE id = ?", [rows[0][0]]).fetchone()[0])
    assert stored and [r.to_dict() for r in documents[0].boilerplate] == stored
    con.execute("UPDATE articles SET boilerplate = '[]' WHERE id = ?", [rows[0][0]])
    assert [r.to_dict() for r in load_documents(con, [rows[0][0]])[0].boilerplate] == stored
    assert fts_available(con), "duckdb-extension-fts should load from its wheel"
    con.execute("PRAGMA create_fts_index('articles', 'id', 'text')")
    hits = con.execute("SELECT id FROM articles WHERE fts_main_articles.match_bm25(id, 'referendum') IS NOT NULL")
    assert hits.fetchall()


def test_duplicates_near_duplicates_and_idempotent_rerun(tmp_path, dup_corpus):
    con = connect(tmp_path / "store.duckdb")
    report = ingest(con, [dup_corpus])
    assert (report.added, report.exact_duplicates, report.near_duplicates) == (4, 1, 1)
    assert [p.source for p in report.problems] == [f"{dup_corpus}:6"]
    assert con.execute("SELECT article_id FROM article_aliases WHERE alias_id = 'a-copy'").fetchone() == ("a",)
    link = con.execute("SELECT near_dup_of, near_dup_jaccard FROM articles WHERE id = 'a-syndicated'").fetchone()
    assert link[0] == "a" and link[1] >= 0.7
    assert json.loads(con.execute("SELECT extra FROM articles WHERE id = 'a'").fetchone()[0]) == {"topic": "brexit"}
    before = counts(con)
    con.execute("UPDATE ingest_sources SET finished = false, records_done = 0")  # force a full re-read
    again = ingest(con, [dup_corpus])
    assert again.added == 0 and again.already_present == 5
    assert counts(con) == before


def test_non_english_is_stored_and_never_joins_an_english_story(tmp_path, dup_corpus):
    con = connect(tmp_path / "store.duckdb")
    ingest(con, [dup_corpus])
    assert con.execute("SELECT lang FROM articles WHERE id = 'fr'").fetchone() == ("fr",)
    update_stories(con)
    story = con.execute("SELECT story_id FROM story_articles WHERE article_id = 'fr'").fetchone()[0]
    members = con.execute("SELECT a.lang FROM story_articles s JOIN articles a ON a.id = s.article_id "
                          "WHERE s.story_id = ?", [story]).fetchall()
    assert members == [("fr",)]
    english = con.execute("SELECT DISTINCT s.story_id FROM story_articles s JOIN articles a ON a.id = s.article_id "
                          "WHERE a.id IN ('a', 'a-syndicated')").fetchall()
    assert len(english) == 1, "the syndicated copy belongs to its original's story"
    assert update_stories(con)["new_articles"] == 0  # incremental: nothing new, nothing changes


def test_stories_use_the_lead_embeddings_ingest_stored(tmp_path, demo_dir):
    import numpy as np

    from manysides.cluster import lead_embedding

    con = connect(tmp_path / "store.duckdb")
    files = sorted(path for path in demo_dir.iterdir() if path.suffix in (".txt", ".md", ".html"))
    assert len(files) == 5
    ingest(con, files[:3])
    assert update_stories(con)["stories"] == 1
    ingest(con, files[3:])  # the story grows as the rest arrive
    assert update_stories(con) == {"articles": 5, "new_articles": 2, "stories": 1}
    blobs = con.execute("SELECT id, lead_embedding FROM articles ORDER BY seq").fetchall()
    vectors = [np.frombuffer(blob, dtype="<f4") for _, blob in blobs]
    assert all(v.shape == (384,) and abs(float(np.linalg.norm(v)) - 1) < 1e-4 for v in vectors)
    stored = load_documents(con, [blobs[0][0]])[0]
    assert np.allclose(vectors[0], lead_embedding(stored), atol=1e-6)  # the same vector from the stored text


def test_cluster_rebuild_regroups_every_article_and_keeps_what_did_not_change(tmp_path, demo_dir, capsys):
    """Stories made under other settings (here a strict threshold split the demo in five) are regrouped."""
    from manysides.cli import main

    db = tmp_path / "store.duckdb"
    con = connect(db)
    ingest(con, sorted(path for path in demo_dir.iterdir() if path.suffix in (".txt", ".md", ".html")))
    assert update_stories(con, threshold=0.99)["stories"] == 5
    assert update_stories(con)["stories"] == 5  # incremental: stored stories stay as they are
    con.close()
    assert main(["cluster", "--db", str(db), "--rebuild"]) == 0
    assert json.loads(capsys.readouterr().out) == {"articles": 5, "new_articles": 5, "stories": 1}
    con = connect(db)
    (story,) = con.execute("SELECT story_id FROM stories").fetchone()
    assert story == con.execute("SELECT min(seq) FROM articles").fetchone()[0]
    con.execute("INSERT INTO story_analysis (story_id, analysis_json, articles_key) VALUES (?, '{}', 'k')", [story])
    assert update_stories(con, rebuild=True)["stories"] == 1  # same articles: same id, cached analysis kept
    assert con.execute("SELECT story_id FROM story_analysis").fetchall() == [(story,)]
    con.close()
    assert main(["cluster", "in.jsonl", "--out", str(tmp_path / "o.jsonl"), "--rebuild"]) == 2
    assert "--rebuild is for a store" in capsys.readouterr().err


def test_a_store_from_before_lead_embeddings_gains_the_column_and_clusters_on_tf_idf(tmp_path, demo_dir):
    db = tmp_path / "old.duckdb"
    con = connect(db)
    ingest(con, [demo_dir])
    con.execute("ALTER TABLE articles DROP COLUMN lead_embedding")  # as a store of the first schema had it
    con.close()
    con = connect(db)  # opening it for writing adds the column, empty for the old articles
    assert con.execute("SELECT count(*) FROM articles WHERE lead_embedding IS NULL").fetchone() == (5,)
    assert update_stories(con)["stories"] == 1  # TF-IDF mode: the features alone


def many_records(demo_dir: Path, n: int) -> list[dict]:
    """n distinct articles: demo texts, each variant with its own numbered paragraph."""
    texts = demo_texts(demo_dir)
    return [{"id": f"r{k}", "text": f"Bulletin {k}: item number {k * 7919} of the series.\n\n{texts[k % len(texts)]}",
             "published": "2016-06-24"} for k in range(n)]


CHILD = """
import sys
from manysides.store import connect
from manysides.store.ingest import Ingester

class Loud(Ingester):
    def _commit(self, *args):
        super()._commit(*args)
        print("committed", flush=True)

con = connect(sys.argv[1])
Loud(con, batch_size=4).ingest([sys.argv[2]])
"""


def test_kill_9_mid_ingest_then_resume_equals_a_clean_run(tmp_path, demo_dir):
    corpus = write_jsonl(tmp_path / "big.jsonl", many_records(demo_dir, 30))
    killed_db = tmp_path / "killed.duckdb"
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(killed_db), str(corpus)],
                             stdout=subprocess.PIPE, text=True, env=env)
    for _ in range(2):
        assert child.stdout.readline().strip() == "committed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    con = connect(killed_db)
    done = con.execute("SELECT records_done, finished FROM ingest_sources").fetchone()
    assert done[0] >= 8 and not done[1], "the kill must land mid-ingest"
    partial = counts(con)["articles"]
    resumed = Ingester(con, batch_size=4).ingest([corpus])
    assert resumed.resumed_past == done[0] and resumed.added == 30 - partial
    clean = connect(tmp_path / "clean.duckdb")
    ingest(clean, [corpus], batch_size=4)
    assert counts(con) == counts(clean)
    pick = "SELECT id, content_hash, near_dup_of FROM articles ORDER BY seq"
    assert con.execute(pick).fetchall() == clean.execute(pick).fetchall()


def test_csv_corpus_streams_and_bad_paths_are_problems(tmp_path, demo_dir):
    text = demo_texts(demo_dir)[2].replace('"', '""')
    (tmp_path / "c.csv").write_text(f'id,title,text\nx1,Markets,"{text}"\nx2,Short,\n', encoding="utf-8")
    con = connect(":memory:")
    report = ingest(con, [tmp_path / "c.csv", tmp_path / "missing.jsonl"])
    assert report.added == 1
    assert sorted(p.reason for p in report.problems) == ["no such file or directory", "record has an empty 'text' field"]


def test_constructor_arguments_are_validated():
    con = connect(":memory:")
    with pytest.raises(ValueError, match="batch_size must be between"):
        Ingester(con, batch_size=0)
    with pytest.raises(ValueError, match="workers must be between"):
        Ingester(con, workers=0)


def test_ingest_command_that_cannot_start_leaves_no_empty_store(tmp_path, capsys):
    """Nothing to read, or a bad option, fails before the store is created: no empty .duckdb is left behind."""
    from manysides.cli import main

    db = tmp_path / "new.duckdb"
    assert main(["ingest", str(tmp_path / "missing.jsonl"), "--db", str(db)]) == 1
    assert "no such file or directory" in capsys.readouterr().err and not db.exists()
    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps({"id": "x", "text": "A short article written for this test about a bridge."}) + "\n")
    for option in (["--workers", "0"], ["--batch-size", "0"]):
        with pytest.raises(SystemExit):
            main(["ingest", str(corpus), "--db", str(db), *option])
        assert not db.exists()


def test_ingest_on_ray_without_ray_fails_before_creating_a_store(tmp_path, capsys, monkeypatch):
    import importlib

    from manysides.cli import main
    from manysides.scale import ScaleError

    def no_ray():
        raise ScaleError("the Ray engine needs Ray: pip install 'manysides[ray]'")

    monkeypatch.setattr(importlib.import_module("manysides.scale.ray_engine"), "_ray", no_ray)
    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps({"id": "x", "text": "A short article written for this test about a bridge."}) + "\n")
    db = tmp_path / "new.duckdb"
    assert main(["ingest", str(corpus), "--db", str(db), "--engine", "ray"]) != 0
    assert "pip install 'manysides[ray]'" in capsys.readouterr().err and not db.exists()


def test_ingest_reports_progress_through_a_stream_of_unknown_length(tmp_path, monkeypatch):
    import importlib

    monkeypatch.setattr(importlib.import_module("manysides.store.ingest"), "PROGRESS_EVERY", 2)
    records = [{"id": f"r{k}", "text": f"Article {k} written for this test: the bridge reopened on day {k}."}
               for k in range(5)]
    calls: list[tuple[int, int | None]] = []
    report = ingest(connect(":memory:"), [write_jsonl(tmp_path / "five.jsonl", records)],
                    progress=lambda done, total: calls.append((done, total)))
    assert report.added == 5
    assert calls == [(2, None), (4, None), (5, 5)]


def test_ingest_says_what_takes_long_unless_quiet(tmp_path, capsys):
    from manysides.cli import main

    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps({"id": "x", "text": "A short article written for this test about a bridge."}) + "\n")
    assert main(["ingest", str(corpus), "--db", str(tmp_path / "quiet.duckdb"), "-q"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["ingest", str(corpus), "--db", str(tmp_path / "loud.duckdb")]) == 0
    assert "manysides: building the full-text search index over 1 articles" in capsys.readouterr().err


# Written for this test: two short invented articles, and a third that a locked-out ingest must not add.
LOCK_ARTICLES = [
    {"id": "kiln", "title": "Pottery kiln restored", "outlet": "Valley Post", "published": "2021-03-02",
     "text": "Volunteers at the Marlow Green pottery finished restoring its brick kiln on Tuesday, two years after "
             "a storm cracked the chimney. The first firing is planned for the spring open day."},
    {"id": "ferry", "title": "Night ferry returns", "outlet": "Harbour News", "published": "2021-03-04",
     "text": "The night ferry between Port Ellen and Crane Island resumed on Thursday with a new crew. The operator "
             "said sailings would run every evening except Sundays until the end of the summer."},
]
LATE_ARTICLE = {"id": "orchard", "title": "Orchard replanted", "outlet": "Valley Post", "published": "2021-03-09",
                "text": "Pupils from Hawley primary school planted forty apple trees in the old orchard behind the "
                        "church on Monday, replacing trees lost to disease over the last decade."}
HOLD_LOCK = "import duckdb, sys\ncon = duckdb.connect(sys.argv[1])\nprint('locked', flush=True)\nsys.stdin.read()\n"


def test_a_store_held_by_another_process_is_refused_in_one_line_and_left_untouched(tmp_path):
    """``manysides serve`` (or any process) holding the file: DuckDB's raw lock error became the project's one line."""
    from manysides.store import StoreError

    db = tmp_path / "corpus.duckdb"
    con = connect(db)
    ingest(con, [write_jsonl(tmp_path / "first.jsonl", LOCK_ARTICLES)])
    update_stories(con)
    snapshot = "SELECT id, seq, content_hash, text FROM articles ORDER BY seq"
    before, before_counts = con.execute(snapshot).fetchall(), counts(con)
    con.close()
    late = write_jsonl(tmp_path / "late.jsonl", [LATE_ARTICLE])
    env = {**os.environ, "PYTHONPATH": str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        for read_only in (False, True):
            with pytest.raises(StoreError, match="in use by another process") as caught:
                connect(db, read_only=read_only)
            assert str(db) in str(caught.value) and "\n" not in str(caught.value)
        for command in (["ingest", str(late), "--db", "corpus.duckdb"], ["cluster", "--db", "corpus.duckdb"],
                        ["analyze-stories", "--db", "corpus.duckdb"]):
            result = subprocess.run([sys.executable, "-m", "manysides.cli", *command], cwd=tmp_path, env=env,
                                    capture_output=True, text=True, timeout=300)
            assert result.returncode != 0 and result.stdout == "", (command, result)
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and "Traceback" not in result.stderr, (command, result.stderr)
            assert lines[0].startswith("manysides: error: corpus.duckdb is in use by another process"), lines
            assert "stop it" in lines[0] and "IO Error" not in lines[0], lines
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    con = connect(db, read_only=True)
    assert con.execute(snapshot).fetchall() == before and counts(con) == before_counts
    con.close()
