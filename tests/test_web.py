"""The browse app (``manysides serve``) in-process with FastAPI's TestClient, on a real store.

The store holds the five demo articles (one story: the 2016 EU referendum result) and two articles about
unrelated events written for these tests (``tests/fixtures/stories``: a town flooded by its river, a
football transfer), ingested through the store's own ingest and ``update_stories`` as a JSONL corpus
that also records outlet, date and lean the way AllSides records do. So the store holds three stories
and the filters, search and story pages have stories to tell apart. Nothing is mocked.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

pytest.importorskip("fastapi", reason="the web app needs fastapi (pip install fastapi uvicorn)")
from fastapi.testclient import TestClient  # noqa: E402

from manysides.store import connect, ingest, story_members, update_stories  # noqa: E402
from manysides.store.stories import cached_analysis, members_key, story_analysis  # noqa: E402
from manysides.web import create_app  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "stories"
# Metadata given to the demo articles (the texts themselves are the demo files, unchanged).
DEMO_META = {
    "01_wire": ("Wire Service", "2016-06-24", "center"),
    "02_leave_tabloid": ("The Daily Banner", "2016-06-24", "right"),
    "03_remain_broadsheet": ("The Chronicle", "2016-06-25", "left"),
    "04_scotland": ("The Caledonian Courier", "2016-06-24", None),
    "05_markets_blog": ("Markets Blog", "2016-06-26", "center"),
}
# The two extra articles: each its own story, one dated before the referendum and one after it.
EXTRA_META = {
    "flood_ashbury": ("The Dales Gazette", "2016-06-21", "left"),
    "transfer_rovers": ("Sports Desk", "2016-07-01", "center"),
}
META = DEMO_META | EXTRA_META
BASE = "http://127.0.0.1"


def corpus_records(demo_dir: Path) -> list[dict[str, Any]]:
    """The demo articles, then the two extra ones, as corpus records with outlet, date and (where given) lean."""
    from manysides.io import read_inputs

    demo = sorted(read_inputs([demo_dir]).documents, key=lambda d: d.id)
    extra = sorted(read_inputs(sorted(FIXTURES.glob("*.txt"))).documents, key=lambda d: d.id)
    assert [d.id for d in demo] == list(DEMO_META) and [d.id for d in extra] == list(EXTRA_META)
    records = []
    for doc in demo + extra:
        outlet, published, lean = META[doc.id]
        record = {"id": doc.id, "title": doc.title, "text": doc.text, "outlet": outlet, "published": published,
                  "authors": doc.authors, "url": f"https://example.org/{doc.id}"}
        records.append(record | ({"lean": lean} if lean else {}))
    return records


def build_store(path: Path, demo_dir: Path) -> Path:
    """Ingest the demo corpus and the extra articles into a new store at ``path`` and group them into stories."""
    corpus = path.with_suffix(".jsonl")
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in corpus_records(demo_dir)), "utf-8")
    con = connect(path)
    try:
        report = ingest(con, [corpus])
        assert report.added == len(META) and not report.problems
        update_stories(con)
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, demo_dir) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "corpus.duckdb", demo_dir)


@pytest.fixture(scope="module")
def client(store_path) -> TestClient:
    with TestClient(create_app(store_path), base_url=BASE) as test_client:
        yield test_client


def story_of(client: TestClient, article_id: str) -> int:
    """The id of the story an article was grouped into (found through the API)."""
    for story in client.get("/api/stories").json()["stories"]:
        detail = client.get(f"/api/stories/{story['id']}").json()
        if article_id in [a["id"] for a in detail["articles"]]:
            return story["id"]
    raise AssertionError(f"{article_id} is in no story")


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The one JSON error shape."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def test_the_store_holds_the_demo_story_and_the_two_extra_stories(client: TestClient) -> None:
    """The premise of the other tests: the demo is one story, each extra article a story of its own."""
    brexit = story_of(client, "01_wire")
    assert {story_of(client, doc_id) for doc_id in DEMO_META} == {brexit}
    flood, transfer = story_of(client, "flood_ashbury"), story_of(client, "transfer_rovers")
    assert len({brexit, flood, transfer}) == 3
    stories = client.get("/api/stories").json()["stories"]
    assert (stories[0]["id"], stories[0]["n_articles"]) == (brexit, len(DEMO_META)), "largest first"
    assert {s["id"]: s["n_articles"] for s in stories} == {brexit: 5, flood: 1, transfer: 1}


def test_story_list_api_has_outlets_leans_and_coverage(client: TestClient) -> None:
    data = client.get("/api/stories").json()
    assert data["total"] == len(data["stories"]) == 3
    assert sum(s["n_articles"] for s in data["stories"]) == len(META)
    outlets = {o["outlet"] for s in data["stories"] for o in s["outlets"]}
    assert outlets == {meta[0] for meta in META.values()}
    leans = {lean["lean"] for s in data["stories"] for lean in s["leans"]}
    assert leans == {"center", "right", "left"}
    days = {c["date"] for s in data["stories"] for c in s["coverage"]}
    assert days == {"2016-06-21", "2016-06-24", "2016-06-25", "2016-06-26", "2016-07-01"}
    first = data["stories"][0]
    assert first["n_articles"] == 5 and first["title"].startswith("Britain votes to leave")
    assert {o["outlet"] for o in first["outlets"]} == {meta[0] for meta in DEMO_META.values()}
    assert {c["date"]: c["n"] for c in first["coverage"]} == {"2016-06-24": 3, "2016-06-25": 1, "2016-06-26": 1}
    for story in data["stories"]:
        assert sum(c["n"] for c in story["coverage"]) + story["undated"] == story["n_articles"]


def test_story_list_page_renders_table_and_sparklines(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert page.count('<svg class="spark"') == client.get("/api/stories").json()["total"]
    assert "Wire Service" in page and "The Caledonian Courier" in page and "The Dales Gazette" in page
    assert re.search(r'<a href="/stories/\d+">Britain votes to leave', page)
    assert re.search(r'<a href="/stories/\d+">Hundreds evacuated as River Brant floods', page)
    assert re.search(r'<a href="/stories/\d+">Wexley Rovers break club record', page)
    assert "<script" not in page  # the list pages run no script at all
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_filters_by_outlet_lean_and_date(client: TestClient) -> None:
    def story_ids(**params: str) -> set[int]:
        return {s["id"] for s in client.get("/api/stories", params=params).json()["stories"]}

    everything = story_ids()
    brexit, flood, transfer = (story_of(client, a) for a in ("01_wire", "flood_ashbury", "transfer_rovers"))
    assert everything == {brexit, flood, transfer}
    tabloid = story_ids(outlet="The Daily Banner")
    assert tabloid == {brexit} and tabloid < everything
    assert story_ids(outlet="The Dales Gazette") == {flood}
    right = story_ids(lean="right")
    assert right == tabloid
    assert story_ids(lean="RIGHT") == right
    assert story_ids(lean="left") == {brexit, flood}  # the broadsheet and the gazette
    assert story_ids(lean="center") == {brexit, transfer}  # the wire, the blog and the sports desk
    assert story_ids(outlet="Wire Service", lean="left") == set(), "filters combine on one article"
    late = story_ids(date_from="2016-06-26")
    assert late == {brexit, transfer}
    assert all(s["last_published"] >= "2016-06-26"
               for s in client.get("/api/stories", params={"date_from": "2016-06-26"}).json()["stories"])
    assert story_ids(date_from="2016-06-24", date_to="2016-06-26") == {brexit}
    assert story_ids(date_from="2016-06-21", date_to="2016-07-01") == everything
    assert story_ids(date_to="2016-06-23") == {flood}
    assert story_ids(date_from="2016-06-27") == {transfer}
    assert story_ids(date_to="2016-06-01") == set()
    assert story_ids(outlet="No Such Outlet") == set()
    page = client.get("/", params={"outlet": "The Daily Banner"}).text
    assert "1 story matches" in page
    page = client.get("/", params={"lean": "center"}).text
    assert "2 stories match" in page
    assert_error(client.get("/api/stories", params={"date_from": "24/06/2016"}), 422, "invalid_request")
    assert_error(client.get("/api/stories", params={"date_from": "2016-06-26", "date_to": "2016-06-24"}), 422)
    assert_error(client.get("/api/stories", params={"lean": "<script>"}), 422, "invalid_request")


def test_search_finds_a_demo_article_by_a_word_in_it(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "sterling freefall"}).json()
    assert data["mode"] == "bm25", "the FTS index should be built from the duckdb-extension-fts wheel"
    assert data["hits"][0]["id"] == "05_markets_blog"
    assert data["hits"][0]["story_id"] is not None
    assert "sterling" in data["hits"][0]["snippet"].lower()
    assert [h["id"] for h in client.get("/api/search", params={"q": "Sturgeon"}).json()["hits"]][0] == "04_scotland"
    filtered = client.get("/api/search", params={"q": "referendum", "lean": "right"}).json()
    assert {h["id"] for h in filtered["hits"]} <= {"02_leave_tabloid"}
    page = client.get("/search", params={"q": "freefall"}).text
    assert "<mark>freefall</mark>" in page.lower() or "<mark>Freefall</mark>" in page
    assert "Markets Blog" in page
    stories = client.get("/api/stories", params={"q": "freefall"}).json()["stories"]
    assert [s["id"] for s in stories] == [story_of(client, "05_markets_blog")]  # the story the blog is in
    assert stories[0]["title"].startswith("Britain votes to leave")
    flood = client.get("/api/search", params={"q": "sandbags"}).json()["hits"]
    assert [h["id"] for h in flood] == ["flood_ashbury"] and flood[0]["story_id"] == story_of(client, "flood_ashbury")
    stories = client.get("/api/stories", params={"q": "striker"}).json()["stories"]
    assert len(stories) == 1 and stories[0]["title"].startswith("Wexley Rovers break club record")
    assert client.get("/api/stories", params={"q": "referendum"}).json()["total"] == 1
    assert_error(client.get("/api/search"), 422, "invalid_request")


def test_search_past_the_last_page_keeps_the_total(client: TestClient) -> None:
    """A page past the end has no hits, but the total is still the number of matches (as for stories)."""
    first = client.get("/api/search", params={"q": "referendum"}).json()
    assert first["total"] >= 2
    past = client.get("/api/search", params={"q": "referendum", "offset": 100}).json()
    assert past["hits"] == [] and past["total"] == first["total"]
    page = client.get("/search", params={"q": "referendum", "offset": 100}).text
    assert f"{first['total']} articles match" in page


def test_a_page_past_the_end_says_so_and_links_back(client: TestClient) -> None:
    """Past the last page the list is empty, but the filters did match: say so and offer the first page."""
    page = client.get("/", params={"lean": "center", "offset": 100}).text
    assert "2 stories match" in page and "No story matches these filters" not in page
    assert 'href="?lean=center"' in page and "first page" in page
    page = client.get("/search", params={"q": "referendum", "offset": 100}).text
    assert 'href="?q=referendum"' in page and "first page" in page


def test_a_story_with_no_dated_article_says_undated_once(tmp_path: Path) -> None:
    """The coverage cell of an all-undated story read "undated" and then "+1 undated" under it."""
    corpus = tmp_path / "undated.jsonl"
    text = ("The parish council of Little Horwood voted on Monday evening to close the village library. "
            "Councillors said the building needed repairs the parish could not pay for, and residents "
            "who opposed the closure said they would ask the county to take the library over.")
    corpus.write_text(json.dumps({"id": "horwood", "title": "Village library to close", "text": text,
                                  "outlet": "Parish News"}) + "\n", "utf-8")
    con = connect(tmp_path / "undated.duckdb")
    try:
        assert ingest(con, [corpus]).added == 1
        update_stories(con)
    finally:
        con.close()
    app = create_app(tmp_path / "undated.duckdb", read_only=True, analysis_timeout_s=0.01)  # the header is enough
    with TestClient(app, base_url=BASE) as undated:
        story = undated.get("/api/stories").json()["stories"][0]
        assert story["coverage"] == [] and story["undated"] == 1
        row = undated.get("/").text.split("Village library to close", 1)[1].split("</tr>", 1)[0]
        assert row.count("undated") == 1 and "+1" not in row, row
        facts = undated.get(f"/stories/{story['id']}").text.split("<dt>Coverage</dt>", 1)[1].split("</dd>", 1)[0]
        assert facts.count("undated") == 1 and "+1" not in facts, facts


def test_search_needs_every_word_as_the_substring_fallback_does(client: TestClient, demo_dir: Path) -> None:
    """BM25 ranks, but an article matches only when it has every word (common words aside), as documented.

    Matching any word made "mueller report" match most of a news corpus through "report" alone, and the
    stories list's word filter with it.
    """
    both = client.get("/api/search", params={"q": "sandbags striker"}).json()  # one word in each extra article
    assert both["mode"] == "bm25" and both["total"] == 0 and both["hits"] == []
    assert client.get("/api/stories", params={"q": "sandbags striker"}).json()["total"] == 0
    expected = {r["id"] for r in corpus_records(demo_dir)
                if all(w in (r["title"] + " " + r["text"]).lower() for w in ("sturgeon", "referendum"))}
    hits = client.get("/api/search", params={"q": "Sturgeon referendum"}).json()["hits"]
    assert {h["id"] for h in hits} == expected and expected
    common = client.get("/api/search", params={"q": "the sandbags of"}).json()  # stopwords are not in the index
    assert [h["id"] for h in common["hits"]] == ["flood_ashbury"]
    assert [h["id"] for h in client.get("/api/search", params={"q": "sandbags-2007"}).json()["hits"]] == ["flood_ashbury"]
    assert client.get("/api/search", params={"q": "sandbags-2016"}).json()["total"] == 0  # numbers are words too
    assert client.get("/api/search", params={"q": "the of"}).json()["total"] == 0
    assert "common words" in client.get("/search", params={"q": "the of"}).text


# Written for these tests: invented articles with abbreviations, numbers and curly quotes.
ABBREVIATION_ARTICLES = [
    {"id": "soy", "title": "Soybean exports climb", "outlet": "Farm Wire", "published": "2021-01-12",
     "text": "The U.S. Department of Agriculture said on Tuesday that soybean exports rose 12.5 percent in 2020, "
             "to 1,250,000 tonnes, as buyers in Asia returned. \u201cRefunds on the old contracts are settled,\u201d "
             "a trader in Ohio said, adding that barges on the river were running at full capacity."},
    {"id": "jets", "title": "Regional airline grounds jets", "outlet": "Air Desk", "published": "2021-01-14",
     "text": "Skyline Air grounded six of its 737 jets on Thursday after inspectors found worn bolts on the "
             "tail sections. \u201cThey told us nothing until we reached the gate,\u201d one passenger said. The "
             "carrier said flights from the coast would resume within a week."},
    {"id": "vaccine", "title": "Health agency backs new trial", "outlet": "Globe Health", "published": "2021-01-15",
     "text": "The WHO said on Friday it would support a second trial of the vaccine in three countries, and US "
             "officials said they would share data from their own study. Ministers who attended the meeting "
             "agreed to publish the results within the year."},
    {"id": "alliance", "title": "Alliance ministers meet", "outlet": "Capital Post", "published": "2021-01-18",
     "text": "Nato defence ministers met in Brussels on Monday to discuss the exercise planned for the spring. "
             "Officials said the alliance would send observers to the northern border for the first time."},
]


@pytest.fixture(scope="module")
def abbreviations(tmp_path_factory) -> TestClient:
    folder = tmp_path_factory.mktemp("abbreviations")
    corpus = folder / "abbreviations.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in ABBREVIATION_ARTICLES), "utf-8")
    con = connect(folder / "abbreviations.duckdb")
    try:
        assert ingest(con, [corpus]).added == len(ABBREVIATION_ARTICLES)
        update_stories(con)
    finally:
        con.close()
    with TestClient(create_app(folder / "abbreviations.duckdb"), base_url=BASE) as test_client:
        yield test_client


def hit_ids(client: TestClient, q: str) -> set[str]:
    data = client.get("/api/search", params={"q": q}).json()
    assert data["mode"] == "bm25"
    return {h["id"] for h in data["hits"]}


def test_search_finds_abbreviations_and_numbers(abbreviations: TestClient) -> None:
    """"U.S." and numbers were dropped by the index (digits, dots and single letters), so they found nothing."""
    assert hit_ids(abbreviations, "U.S.") == {"soy", "vaccine"}  # "U.S." and "US", not the "us" of "told us"
    assert hit_ids(abbreviations, "US") == {"soy", "vaccine"}
    assert hit_ids(abbreviations, "U.S. soybean") == {"soy"}
    assert hit_ids(abbreviations, "us") == set(), "the pronoun stays a common word"
    assert hit_ids(abbreviations, "WHO") == {"vaccine"} and hit_ids(abbreviations, "who") == set()
    assert hit_ids(abbreviations, "NATO") == hit_ids(abbreviations, "nato") == {"alliance"}  # capitals or not
    assert hit_ids(abbreviations, "2020") == {"soy"}
    assert hit_ids(abbreviations, "737") == {"jets"}
    assert hit_ids(abbreviations, "737 jets") == {"jets"}
    assert hit_ids(abbreviations, "12.5") == {"soy"} and hit_ids(abbreviations, "12") == set()
    assert hit_ids(abbreviations, "1,250,000") == hit_ids(abbreviations, "1250000") == {"soy"}
    assert hit_ids(abbreviations, "refunds") == {"soy"}, "a word after a curly quote is a word"
    assert hit_ids(abbreviations, "gate") == {"jets"}


def test_search_still_stems_drops_common_words_and_needs_every_word(abbreviations: TestClient) -> None:
    assert hit_ids(abbreviations, "exported soybeans") == {"soy"}  # stemmed
    assert hit_ids(abbreviations, "the soybean exports of") == {"soy"}  # common words left out
    assert hit_ids(abbreviations, "soybean 737") == set()  # every word must occur
    assert hit_ids(abbreviations, "2021") == set()
    assert abbreviations.get("/api/search", params={"q": "the of us"}).json()["total"] == 0
    page = abbreviations.get("/search", params={"q": "U.S."}).text
    assert "<mark>U.S.</mark>" in page, "the query's terms keep their dots for highlighting"


def test_any_sentence_of_an_article_finds_it(abbreviations: TestClient) -> None:
    """The query is normalised as the indexed text was: pasting a sentence (its first words) finds its article."""
    from manysides.web.queries import MAX_TERMS, terms

    for article in ABBREVIATION_ARTICLES:
        for sentence in re.split(r"(?<=[.!?\u201d])\s+(?=[\u201cA-Z])", article["title"] + ". " + article["text"]):
            q = " ".join(terms(sentence)[:MAX_TERMS])
            assert article["id"] in hit_ids(abbreviations, q), (article["id"], q)


def test_a_search_index_built_by_an_older_version_is_rebuilt(tmp_path: Path, abbreviations: TestClient) -> None:
    """A store indexed before numbers and abbreviations were: rebuilt when writable, substring search when not."""
    store = abbreviations.app.state.store
    old = tmp_path / "old.duckdb"
    old.write_bytes(store.path.read_bytes())
    con = connect(old)
    for schema, in con.execute("SELECT schema_name FROM duckdb_schemas() WHERE schema_name LIKE 'fts_main_%'").fetchall():
        con.execute(f"PRAGMA drop_fts_index('{schema.removeprefix('fts_main_')}')")
    con.execute("PRAGMA create_fts_index('articles', 'id', 'title', 'text', overwrite=1)")  # as the first version did
    con.execute("INSERT OR REPLACE INTO meta SELECT 'fts_articles', count(*) || ':' || max(seq) FROM articles")
    con.close()
    with TestClient(create_app(old, read_only=True), base_url=BASE) as ro:
        data = ro.get("/api/search", params={"q": "U.S."}).json()
        assert data["mode"] == "substring" and {h["id"] for h in data["hits"]} == {"soy"}
    with TestClient(create_app(old), base_url=BASE) as rebuilt:
        assert hit_ids(rebuilt, "U.S.") == {"soy", "vaccine"} and hit_ids(rebuilt, "737") == {"jets"}
    con = connect(old, read_only=True)
    schemas = {r[0] for r in con.execute("SELECT schema_name FROM duckdb_schemas()").fetchall()}
    assert "fts_main_articles" not in schemas, "the old index is dropped, not left beside the new one"
    con.close()


def test_a_store_not_yet_clustered_says_to_run_cluster(tmp_path: Path) -> None:
    """Ingested but never clustered: the list said "No story matches these filters" though none were set."""
    corpus = tmp_path / "one.jsonl"
    corpus.write_text(json.dumps({"id": "bridge", "title": "Footbridge reopens", "outlet": "Parish News",
                                  "text": "The footbridge over the canal at Lower Mill reopened on Friday after "
                                          "six weeks of repairs paid for by the county council."}) + "\n", "utf-8")
    db = tmp_path / "unclustered.duckdb"
    con = connect(db)
    try:
        assert ingest(con, [corpus]).added == 1
    finally:
        con.close()
    with TestClient(create_app(db, read_only=True), base_url=BASE) as unclustered:
        page = unclustered.get("/").text
        assert "No story matches these filters" not in page
        assert "manysides cluster --db" in page
        assert "1 article " in page or "1 article," in page or "1 article." in page
        assert "1 outlet in the corpus" in unclustered.get("/outlets").text


def test_only_web_urls_from_the_corpus_become_links(tmp_path: Path) -> None:
    """A record's url is untrusted: a ``javascript:`` (or ``data:``) url must not become a clickable link."""
    text = ("The harbour wall at Seacombe was repaired on Thursday after storms damaged it last month, the "
            "harbour master said, and boats can use the inner basin again.")
    records = [{"id": "evil", "title": "Harbour wall repaired", "url": "javascript:alert(document.domain)"},
               {"id": "data", "title": "Harbour wall mended", "url": "data:text/html,<script>alert(1)</script>"},
               {"id": "good", "title": "Harbour reopens", "url": "https://example.org/harbour"}]
    corpus = tmp_path / "urls.jsonl"
    corpus.write_text("".join(json.dumps(r | {"text": f"{r['title']}. {text}", "outlet": "Coast Post"}) + "\n"
                              for r in records), "utf-8")
    db = tmp_path / "urls.duckdb"
    con = connect(db)
    try:
        ingest(con, [corpus])
        update_stories(con)
    finally:
        con.close()
    with TestClient(create_app(db, read_only=True, analysis_timeout_s=0.01), base_url=BASE) as urls:
        pages = [urls.get(f"/stories/{s['id']}").text for s in urls.get("/api/stories").json()["stories"]]
    links = [href for page in pages for href in re.findall(r'href="([^"]*)"', page)]
    assert "https://example.org/harbour" in links
    assert not [h for h in links if h.lower().startswith(("javascript:", "data:"))], links


def test_search_falls_back_to_substring_without_the_index(store_path: Path, tmp_path: Path, demo_dir: Path) -> None:
    expected = {r["id"] for r in corpus_records(demo_dir)
                if all(w in (r["title"] + " " + r["text"]).lower() for w in ("sturgeon", "independence"))}
    copy = tmp_path / "readonly.duckdb"
    copy.write_bytes(store_path.read_bytes())
    con = connect(copy)
    con.execute("PRAGMA drop_fts_index('search_text')")
    con.execute("DELETE FROM story_analysis")
    con.close()
    with TestClient(create_app(copy, read_only=True), base_url=BASE) as ro:  # may not build an index: falls back
        data = ro.get("/api/search", params={"q": "Sturgeon independence"}).json()
        assert data["mode"] == "substring"
        assert {h["id"] for h in data["hits"]} == expected and "04_scotland" in expected
        assert ro.get("/api/search", params={"q": "100%_"}).json()["total"] == 0  # wildcards are literal
        stories = ro.get("/api/stories", params={"q": "freefall"}).json()
        assert stories["total"] == 1 and stories["stories"][0]["n_articles"] == 5
        stories = ro.get("/api/stories", params={"q": "Brant floodwater"}).json()  # a one-article story: quick
        assert stories["total"] == 1 and stories["stories"][0]["title"].startswith("Hundreds evacuated")
        sid = stories["stories"][0]["id"]
        assert ro.get(f"/api/stories/{sid}/analysis").status_code == 200  # computed, kept in memory
        assert ro.get(f"/api/stories/{sid}").json()["analysis_cached"] is True
    con = connect(copy, read_only=True)
    indexes = con.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name LIKE 'fts_main_%'").fetchone()
    assert indexes[0] == 0
    assert con.execute("SELECT count(*) FROM story_analysis").fetchone()[0] == 0, "read-only: nothing written"
    con.close()


def test_outlets_endpoint_and_page(client: TestClient) -> None:
    rows = client.get("/api/outlets").json()
    by_name = {r["outlet"]: r for r in rows}
    assert set(by_name) == {meta[0] for meta in META.values()}
    assert by_name["The Daily Banner"]["lean"] == "right" and by_name["The Daily Banner"]["n_articles"] == 1
    assert by_name["The Caledonian Courier"]["lean"] is None
    assert by_name["Sports Desk"]["lean"] == "center" and by_name["Sports Desk"]["first_published"] == "2016-07-01"
    page = client.get("/outlets").text
    assert "The Chronicle" in page and "?outlet=The+Chronicle" in page
    # the link leads to the story list filtered by that outlet (a bare "?outlet=" reloaded /outlets itself)
    href = html.unescape(re.search(r'<a href="([^"]*)">The Chronicle</a>', page).group(1))
    target = client.get(urljoin(f"{BASE}/outlets", href))
    assert target.url.path == "/" and "1 story matches" in target.text


def test_story_detail_api(client: TestClient) -> None:
    sid = story_of(client, "01_wire")
    detail = client.get(f"/api/stories/{sid}").json()
    ids = [a["id"] for a in detail["articles"]]
    assert "01_wire" in ids and detail["n_articles"] == len(ids)
    wire = detail["articles"][ids.index("01_wire")]
    assert wire["outlet"] == "Wire Service" and wire["lean"] == "center" and wire["published"] == "2016-06-24"
    assert detail["analysis_url"] == f"/api/stories/{sid}/analysis"


def test_story_page_shows_the_comparison_sections_and_caches_the_analysis(client: TestClient, store_path: Path) -> None:
    from manysides.report import SECTIONS

    sid = story_of(client, "flood_ashbury")  # a one-article story keeps the on-demand analysis short
    response = client.get(f"/stories/{sid}")
    assert response.status_code == 200, response.text
    page = response.text
    for section_id, _ in SECTIONS:
        assert f'<section id="{section_id}"' in page, section_id
    assert "Hundreds evacuated as River Brant floods" in page and "The Dales Gazette" in page
    assert "Sterling in freefall" not in page, "only the story's own article"
    assert page.count("<script>") == 1
    assert "script-src 'sha256-" in response.headers["content-security-policy"]
    assert client.get(f"/api/stories/{sid}").json()["analysis_cached"] is True
    analysis = client.get(f"/api/stories/{sid}/analysis").json()
    assert analysis["schema_version"] == 1 and [d["id"] for d in analysis["documents"]] == ["flood_ashbury"]
    assert analysis["statements"], "the flood report quotes people"
    report = client.get(f"/stories/{sid}/report")
    assert report.status_code == 200 and '<section id="claims"' in report.text
    assert "default-src 'none'" in report.headers["content-security-policy"]


def test_analysis_past_its_time_limit_is_504_and_the_story_page_still_renders(tmp_path: Path, demo_dir: Path,
                                                                             nlp) -> None:
    path = build_store(tmp_path / "slow.duckdb", demo_dir)
    with TestClient(create_app(path, analysis_timeout_s=0.01), base_url=BASE) as slow:
        sid = story_of(slow, "01_wire")  # five articles: stopped after the first
        error = assert_error(slow.get(f"/api/stories/{sid}/analysis"), 504, "timeout")
        assert "time limit" in error["message"]
        page = slow.get(f"/stories/{sid}")
        assert page.status_code == 504 and "Comparison not available" in page.text
        assert "Wire Service" in page.text, "the story and its articles are still shown"
        assert slow.get(f"/api/stories/{sid}").json()["analysis_cached"] is False


def test_cached_analysis_is_keyed_by_members(store_path: Path, tmp_path: Path, demo_dir: Path, nlp) -> None:
    path = build_store(tmp_path / "grow.duckdb", demo_dir)
    con = connect(path)
    try:
        sid = con.execute("SELECT story_id FROM story_articles WHERE article_id = 'flood_ashbury'").fetchone()[0]
        first = story_analysis(con, sid, nlp=nlp)
        key = members_key(story_members(con, sid))
        assert cached_analysis(con, sid, key) is not None
        assert story_analysis(con, sid, nlp=nlp).to_dict() == first.to_dict()
        text = first.documents[0].text
        copy = path.with_name("copy.jsonl")
        copy.write_text(json.dumps({"id": "flood-copy", "text": "Updated with reaction.\n\n" + text,
                                    "outlet": "Regional", "published": "2016-06-22"}) + "\n", "utf-8")
        ingest(con, [copy])
        update_stories(con)
        members = story_members(con, sid)
        assert members == ["flood_ashbury", "flood-copy"], "the syndicated copy joins its original's story"
        assert con.execute("SELECT count(DISTINCT story_id) FROM stories").fetchone()[0] == 3, "and no other"
        assert cached_analysis(con, sid, members_key(members)) is None, "a story that grew is recomputed"
    finally:
        con.close()


def test_unknown_story_is_404_in_both_shapes(client: TestClient) -> None:
    assert_error(client.get("/api/stories/987654"), 404, "not_found")
    assert_error(client.get("/api/stories/987654/analysis"), 404, "not_found")
    page = client.get("/stories/987654")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no story 987654" in page.text and 'class="error"' in page.text
    assert_error(client.get("/api/nothing-here"), 404, "not_found")


@pytest.mark.parametrize("bad", ["..%2F..%2Fetc%2Fpasswd", "%2E%2E", "..\\..\\windows", "1;DROP TABLE stories",
                                 "-1", "1e3", "99999999999999999999999", "%00", "1%2F..%2F2"])
def test_path_traversal_and_malformed_ids_are_rejected(client: TestClient, bad: str) -> None:
    for prefix in ("/api/stories/", "/stories/"):
        response = client.get(prefix + bad)
        assert response.status_code in (404, 422), (prefix, bad, response.status_code)
        assert "root:" not in response.text
        if prefix.startswith("/api"):
            assert_error(response, response.status_code)
    assert client.get("/assets/..%2F..%2Fapp.py").status_code == 404


@pytest.mark.parametrize("query", ["'; DROP TABLE articles; --", "\" OR 1=1 --",
                                   "x') UNION SELECT text FROM articles --", "%", "_", "\\",
                                   "fts_main_search_text.match_bm25(id, 'x')"])
def test_sql_injection_looking_input_is_harmless(client: TestClient, query: str) -> None:
    for params in ({"q": query}, {"outlet": query}, {"q": "referendum", "outlet": query}):
        response = client.get("/api/stories", params=params)
        assert response.status_code == 200, response.text
        assert client.get("/api/search", params={"q": query, **params}).status_code in (200, 422)
    page = client.get("/search", params={"q": query})
    assert page.status_code == 200 and (query not in page.text or "<" not in query)
    assert client.get("/api/stories").json()["total"] == 3  # the tables are still there
    assert client.get("/api/search", params={"q": "referendum"}).json()["total"] >= 3


def test_markup_in_parameters_is_escaped(client: TestClient) -> None:
    probe = '<script>alert(1)</script>"><img src=x>'
    page = client.get("/search", params={"q": probe}).text
    assert probe not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    page = client.get("/", params={"outlet": probe}).text
    assert "<img src=x>" not in page


def test_oversized_requests_get_413(client: TestClient) -> None:
    assert_error(client.post("/api/stories", content=b"x" * 70_000), 413, "request_too_large")
    assert_error(client.get("/api/search", params={"q": "a" * 64_100}), 413, "request_too_large")
    big = client.post("/stories/1", content=b"x" * 70_000)
    assert big.status_code == 413 and big.headers["content-type"].startswith("text/html")
    small = client.post("/api/stories", content=b"{}")
    assert_error(small, 405)


def asgi_call(app: Any, method: str, path: str, query: str = "", host: str = "127.0.0.1") -> tuple[int, list, bytes]:
    """One request straight through the ASGI app: status, headers and every body byte it sent.

    httpx drops a HEAD response's body on its side, so the TestClient alone cannot show that none was sent.
    """
    import asyncio

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode(), "root_path": "", "query_string": query.encode(),
             "headers": [(b"host", host.encode())], "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 80)}
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], sorted(start["headers"]), body


def test_head_answers_like_get_without_a_body(client: TestClient) -> None:
    """Link checkers and uptime monitors send HEAD: every GET page and endpoint answers it, same status and headers."""
    flood = story_of(client, "flood_ashbury")
    assert client.head("/").status_code == 200
    requests = [("/", ""), ("/", "lean=center"), ("/search", "q=freefall"), ("/outlets", ""), ("/assets/web.css", ""),
                ("/favicon.ico", ""), ("/api/stories", ""), (f"/api/stories/{flood}", ""), ("/api/search", "q=sandbags"),
                ("/api/outlets", ""), ("/openapi.json", ""), ("/api/stories/999999", ""), ("/no/such/page", ""),
                ("/api/search", "")]
    for path, query in requests:
        got, want = asgi_call(client.app, "HEAD", path, query), asgi_call(client.app, "GET", path, query)
        assert got[0] == want[0] and got[0] != 405, (path, query, got[0])
        assert got[1] == want[1], (path, query)  # content-length included: the length GET would send
        assert got[2] == b"" and (want[2] or want[0] == 204), (path, query)
    # the safety checks still apply to HEAD, and their errors carry no body either
    status, _, body = asgi_call(client.app, "HEAD", "/api/stories", host="evil.example")
    assert (status, body) == (400, b"")
    status, _, body = asgi_call(client.app, "HEAD", "/api/search", query="q=" + "a" * 64_100)
    assert (status, body) == (413, b"")
    assert client.post("/api/stories", content=b"{}").headers["allow"] == "GET, HEAD"


def test_foreign_host_header_is_refused(client: TestClient) -> None:
    assert_error(client.get("/api/stories", headers={"host": "evil.example"}), 400, "bad_host")
    assert client.get("/api/stories", headers={"host": "localhost:8000"}).status_code == 200


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/analysis", "/api/search",
                 "/api/outlets"):
        assert "get" in paths[path], path
        assert "200" in paths[path]["get"]["responses"]
    schemas = spec["components"]["schemas"]
    assert {"StoryList", "StorySummary", "StoryDetail", "SearchResult", "Outlet", "AnalysisDocument",
            "ErrorResponse"} <= set(schemas)
    assert "404" in paths["/api/stories/{story_id}"]["get"]["responses"]
    assert not any(p.startswith("/stories") or p == "/" for p in paths), "pages stay out of the API schema"
    assert client.get("/docs").status_code == 404  # the docs UIs would load scripts from a CDN


def test_store_is_opened_read_only_and_missing_store_fails(client: TestClient, tmp_path: Path) -> None:
    from manysides.store import StoreError

    store = client.app.state.store
    with store.read() as con:
        assert con.execute("SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()"
                           ).fetchone()[0] is True
        with pytest.raises(Exception, match="read-only"):
            con.execute("DELETE FROM articles")
    with pytest.raises(StoreError):
        create_app(tmp_path / "missing.duckdb")


def test_serve_command_registers_with_local_default() -> None:
    import argparse

    from manysides.web.commands import add_commands, allowed_hosts_for

    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["serve", "corpus.duckdb"])
    assert (args.host, args.port, args.db) == ("127.0.0.1", 8000, Path("corpus.duckdb"))
    assert parser.parse_args(["serve", "c.duckdb", "--host", "0.0.0.0", "--port", "9000"]).port == 9000
    assert allowed_hosts_for("0.0.0.0") == ["*"] and "localhost" in allowed_hosts_for("127.0.0.1")
