"""Site boilerplate found across a corpus: lines one outlet repeats word for word (manysides.io.repeated)."""

from __future__ import annotations

import json

import numpy as np

from manysides.io import document_from_text
from manysides.io.repeated import MIN_ARTICLES, line_key, line_keys, mark_repeated, prose_lines, template_lines
from manysides.store import connect, ingest, load_documents, update_stories

# Written for these tests: a weekly newsletter whose every issue opens with the same standing line.
INTRO = ("Welcome back to the Harbour Weekly briefing, where our editors gather the strongest arguments from "
         "every side of the week's most debated stories so that you can weigh them and make up your own mind.")
ISSUES = {
    "Ferry fares rise again": "The island ferry company raised fares by nine per cent on Monday. Commuters said the "
    "increase would cost them hundreds of pounds a year, and the council asked the company to publish its fuel costs.",
    "School meals plan approved": "Councillors approved free school meals for every primary pupil from September. "
    "The plan will cost two million pounds a year and is to be funded from a new levy on holiday lets.",
    "Hospital wing opens late": "The new maternity wing at Westmoor hospital opened eight months late on Tuesday. "
    "Midwives welcomed the extra beds but said staffing remained the main problem on night shifts.",
    "Fishing quota dispute": "Trawler crews blocked the harbour mouth for six hours in protest at cuts to the cod "
    "quota. Fisheries officials argued that only lower catches would let stocks recover after three poor seasons.",
    "Library hours cut": "Four branch libraries will close on Saturdays from next month after a budget shortfall. "
    "Readers started a petition that gathered three thousand signatures in two days.",
}


def _issue(n: int, title: str, body: str, outlet: str = "Harbour Weekly") -> dict:
    return {"id": f"w{n}", "outlet": outlet, "title": title, "published": f"2024-03-0{n + 1}",
            "text": f"{title}\n\n{INTRO}\n\n{body}\n"}


def test_line_keys_ignore_case_and_spacing_and_skip_short_and_marked_lines():
    assert line_key("The  harbour wall will hold.\n") == line_key("the harbour wall will HOLD.")
    doc = document_from_text(f"Ferry Fares Rise\n\n{INTRO}\n\nRead more\n\nSubscribe to our newsletter for the "
                             "latest ferry news every single morning.\n", "d")
    lines = prose_lines(doc)
    # the title and "Read more" are short; the call to subscribe is already marked
    assert [doc.text[s:e] for s, e, _ in lines] == [INTRO]
    assert line_keys(doc).tolist() == [line_key(INTRO)]


def test_mark_repeated_marks_only_the_given_lines():
    doc = document_from_text(f"{INTRO}\n\n{ISSUES['Library hours cut']}\n", "d")
    assert mark_repeated(doc, set()) is doc
    marked = mark_repeated(doc, {line_key(INTRO)})
    assert [(r.start, r.end, r.kind) for r in marked.boilerplate] == [(0, len(INTRO), "repeated")]
    assert marked.in_boilerplate(10) and not marked.in_boilerplate(len(INTRO) + 5)
    assert doc.boilerplate == []  # the document given is left as it was


def test_a_line_an_outlet_repeats_stops_joining_its_articles_into_one_story(tmp_path):
    """Four issues share a story through their standing opening; the fifth makes it the outlet's template."""
    assert MIN_ARTICLES == 5
    records = [_issue(n, title, body) for n, (title, body) in enumerate(ISSUES.items())]
    first, last = tmp_path / "first.jsonl", tmp_path / "last.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in records[:4]), encoding="utf-8")
    last.write_text(json.dumps(records[4]) + "\n", encoding="utf-8")
    con = connect(tmp_path / "store.duckdb")
    ingest(con, [first])
    assert update_stories(con)["stories"] == 1  # four times the line: not yet the outlet's template
    before = con.execute("SELECT features FROM articles WHERE id = 'w0'").fetchone()[0]
    ingest(con, [last])
    assert con.execute("SELECT key, n FROM outlet_lines WHERE n > 1").fetchall() == [(line_key(INTRO), 5)]
    assert update_stories(con) == {"articles": 5, "new_articles": 5, "stories": 5}
    after, stripped = con.execute("SELECT features, stripped_keys FROM articles WHERE id = 'w0'").fetchone()
    assert after != before and np.frombuffer(stripped, dtype="<u8").tolist() == [line_key(INTRO)]
    assert update_stories(con)["new_articles"] == 0  # done once: a re-run changes nothing
    doc = load_documents(con, ["w2"])[0]
    assert [doc.text[r.start:r.end] for r in doc.boilerplate if r.kind == "repeated"] == [INTRO]


# Written for these tests: one developing story, printed five times by one outlet as it was updated.
STORY = ["Storm surge breaches the harbour wall at Seacombe as the tide peaks overnight.",
         "Emergency crews closed the promenade and moved residents of twelve houses to the school hall.",
         "The council said engineers would inspect the damaged section once the water had gone down."]
UPDATES = ["Update at six: the tide has turned and the water is falling along the front.",
           "Update at seven: the coastguard says no one was hurt during the night.",
           "Update at eight: the school hall will stay open for the displaced families until Friday.",
           "Update at nine: a second crack was found near the old lifeboat station this morning.",
           "Update at ten: the mayor will visit the damaged section with engineers after lunch."]


def test_versions_of_one_developing_story_are_not_template():
    versions = [frozenset(line_key(line) for line in STORY + [update]) for update in UPDATES]
    issues = [frozenset({line_key(INTRO), line_key(body)}) for body in ISSUES.values()]
    assert template_lines({line_key(STORY[0]): versions}) == set()  # they share 3 of 5 lines: the story
    assert template_lines({line_key(INTRO): issues}) == {line_key(INTRO)}  # 1 of 3: the outlet's template
    assert template_lines({line_key(INTRO): issues[:4]}) == set()  # under MIN_ARTICLES


def test_a_store_keeps_the_lines_of_a_story_it_printed_in_five_versions(tmp_path):
    records = [{"id": f"v{n}", "outlet": "Seacombe Echo", "title": "Harbour wall breached", "published": "2024-03-01",
                "text": "\n\n".join(STORY + [update]) + "\n"} for n, update in enumerate(UPDATES)]
    corpus = tmp_path / "versions.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    con = connect(tmp_path / "store.duckdb")
    ingest(con, [corpus])
    assert con.execute("SELECT count(*) FROM outlet_lines WHERE n = 5").fetchone()[0] == len(STORY)
    update_stories(con)
    assert con.execute("SELECT count(*) FROM outlet_lines WHERE template").fetchone()[0] == 0
    assert not [r for r in load_documents(con, ["v0"])[0].boilerplate if r.kind == "repeated"]


def test_another_outlet_printing_the_line_is_not_affected(tmp_path):
    """Counts are per outlet: two outlets printing one paragraph is how syndicated copies look."""
    records = [_issue(n, title, body, outlet=f"Outlet {n}") for n, (title, body) in enumerate(ISSUES.items())]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    con = connect(tmp_path / "store.duckdb")
    ingest(con, [corpus])
    assert con.execute("SELECT max(n) FROM outlet_lines").fetchone()[0] == 1
    assert not [r for r in load_documents(con, ["w0"])[0].boilerplate if r.kind == "repeated"]


def test_cluster_input_leaves_out_an_outlets_repeated_lines_too(tmp_path):
    from manysides.store.commands import cluster_records

    records = [_issue(n, title, body) for n, (title, body) in enumerate(ISSUES.items())]
    five, four = tmp_path / "five.jsonl", tmp_path / "four.jsonl"
    five.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    four.write_text("".join(json.dumps(r) + "\n" for r in records[:4]), encoding="utf-8")
    assert [row["story"] for row in cluster_records(five)] == [1, 2, 3, 4, 5]
    assert [row["story"] for row in cluster_records(four)] == [1, 1, 1, 1]  # under MIN_ARTICLES: as before
