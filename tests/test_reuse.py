"""Text reuse: copied passages with exact boundaries, shared quotes, paraphrases, direction."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from manysides.compare import reuse
from manysides.compare.reuse import (
    ReuseLink,
    candidate_pairs,
    find_reuse,
    find_verbatim,
    prepare,
    sentences,
)
from manysides.model import Document, Region, Span, Statement

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"

COPIED = ("The regional water authority confirmed on Thursday that the northern reservoir had fallen to "
          "its lowest level in forty years, forcing three towns to ration supplies until the autumn rains.")
QUOTE = ("we will not allow a single family in this valley to go without clean drinking water this "
         "summer, whatever it costs")


def _document(doc_id: str, *paragraphs: str, published: str | None = None, outlet: str | None = None) -> Document:
    return Document(doc_id, "\n\n".join(paragraphs), published=published, outlet=outlet)


def _strip(text: str) -> str:
    return text.strip(" .,;:!?\"'“”‘’")


@pytest.fixture(scope="module")
def copied_pair() -> list[Document]:
    first = _document("early", "Farmers in the lowlands have been counting the cost of a dry spring.", COPIED,
                      "Local councils are meeting next week to discuss longer-term measures.", published="2024-05-02")
    second = _document("late", "A harbour festival opened on Saturday with music and food stalls.", COPIED,
                       "Organisers expect more than ten thousand visitors over the weekend.", published="2024-05-03")
    return [first, second]


def test_copied_paragraph_found_with_exact_boundaries(copied_pair):
    links = find_verbatim(copied_pair)
    assert len(links) == 1
    link = links[0]
    assert link.kind == "verbatim" and link.score == pytest.approx(1.0)
    for span, doc in ((link.a, copied_pair[0]), (link.b, copied_pair[1])):
        assert _strip(doc.text[span.start:span.end]) == _strip(COPIED)


def test_direction_follows_publication_dates(copied_pair):
    assert find_verbatim(copied_pair)[0].direction == "a->b"
    assert find_verbatim(copied_pair[::-1])[0].direction == "b->a"
    undated = [Document(d.id, d.text) for d in copied_pair]
    assert find_verbatim(undated)[0].direction is None


def test_small_edits_stay_one_passage():
    edited = COPIED.replace("confirmed on Thursday", "said on Thursday").replace("three towns", "3 towns")
    links = find_verbatim([_document("x", "Opening line here.", COPIED), _document("y", edited, "Closing line.")])
    assert len(links) == 1
    assert 0.85 < links[0].score < 1.0
    assert len(links[0].a) > 0.9 * len(COPIED)


def test_shared_quotation_is_not_copying():
    first = _document("a", "The dispute over the dam has divided the county for years.",
                      f"The governor told reporters: “{QUOTE}.” She then left for the capital.")
    second = _document("b", "Critics of the water plan gathered outside the town hall on Monday.",
                       f"\"{QUOTE.capitalize()},\" the governor said at a rally, drawing loud applause.")
    links = find_verbatim([first, second])
    assert [link.kind for link in links] == ["shared_quote"]
    assert QUOTE[:40] in first.text[links[0].a.start:links[0].a.end]


def test_a_quotation_printed_bare_by_the_other_source_is_still_shared_not_copied():
    # One outlet quotes a post; the other embeds the post itself, so its words stand without quote marks.
    first = _document("a", "The dispute over the dam has divided the county for years.",
                      f"The governor posted on Monday: “{QUOTE}.” She then left for the capital.")
    second = _document("b", "Critics of the water plan gathered outside the town hall on Monday.",
                       f"Governor Ada Price (@adaprice) {QUOTE}.\n\nThe crowd dispersed by noon.")
    assert [link.kind for link in find_verbatim([first, second])] == ["shared_quote"]


def test_statements_mark_quotations_without_quote_marks():
    first = _document("a", f"Speaking at the plant, the minister said {QUOTE} and then toured the site.")
    second = _document("b", f"On the radio the minister promised that {QUOTE} according to the broadcaster.")
    statements = [Statement(f"s{n}", doc.id, "partial", Span(doc.id, doc.text.index(QUOTE),
                                                                doc.text.index(QUOTE) + len(QUOTE)))
                  for n, doc in enumerate((first, second))]
    assert [link.kind for link in find_verbatim([first, second])] == ["verbatim"]
    assert [link.kind for link in find_verbatim([first, second], statements)] == ["shared_quote"]


def test_unrelated_documents_share_nothing():
    first = _document("a", "The orchestra rehearsed the new symphony for three weeks before the premiere.",
                      "Tickets for the opening night sold out within an hour of going on sale.")
    second = _document("b", "Engineers inspected the railway bridge after the storm damaged two of its piers.",
                       "Trains between the two cities will run on a reduced timetable until repairs finish.")
    assert find_reuse([first, second]) == []


def test_boilerplate_is_not_reuse():
    footer = "Subscribe to our morning newsletter for the stories that matter most, delivered before breakfast."
    docs = []
    for n, body in enumerate(["The museum reopened after a two-year renovation of its west wing.",
                              "A new cycle lane will link the station to the university campus."]):
        text = f"{body}\n\n{footer}"
        docs.append(Document(f"d{n}", text, boilerplate=[Region(len(body) + 2, len(text), "footer")]))
    assert find_verbatim(docs) == []


def test_outlet_page_furniture_is_not_reuse():
    footer = "Copyright the Valley Courier, all rights reserved; click here to request permission to reprint this"
    bodies = ["The museum reopened after a two-year renovation.", "A cycle lane will link the station to campus.",
              "The school board approved a new budget.", "Heavy snow closed the mountain pass overnight."]
    docs = [_document(f"d{n}", body, footer, outlet="Valley Courier") for n, body in enumerate(bodies)]
    assert find_verbatim(docs) == []


def test_paraphrased_passage_is_found():
    first = _document("a", "Officials at the city zoo announced the birth of a rare snow leopard cub on Monday.",
                      "The cub and its mother are both healthy and will stay out of public view for two months.",
                      "The zoo's veterinarians described the birth as a major success for the breeding programme.",
                      "Visitors can follow the cub's progress through a live camera on the zoo's website.")
    second = _document("b", "Football fans packed the stadium for the season opener on Sunday afternoon.",
                       "A rare snow leopard cub was born at the city zoo, officials said on Monday.",
                       "Mother and cub are healthy and will be kept away from visitors for the next two months.",
                       "Ticket prices at the stadium have risen by ten percent since last year.")
    links = find_reuse([first, second])
    assert [link.kind for link in links] == ["paraphrase"]
    link = links[0]
    assert first.text[link.a.start:link.a.end].startswith("Officials at the city zoo")
    assert first.text[link.a.start:link.a.end].endswith("for two months.")
    assert second.text[link.b.start:link.b.end].startswith("A rare snow leopard")
    assert 0.75 <= link.score <= 1.0


def test_candidate_stage_skips_unrelated_pairs(copied_pair):
    others = [_document(f"o{n}", f"Entry {n}: " + " ".join(f"word{n}x{k}" for k in range(60))) for n in range(6)]
    assert candidate_pairs(prepare(copied_pair + others)) == {(0, 1)}


def test_to_dict_and_duplicate_ids(copied_pair):
    link = find_verbatim(copied_pair)[0]
    data = link.to_dict()
    assert set(data) == {"a", "b", "kind", "score", "direction"}
    assert data["a"] == {"doc": "early", "start": link.a.start, "end": link.a.end}
    assert isinstance(link, ReuseLink)
    with pytest.raises(ValueError, match="distinct"):
        find_reuse([copied_pair[0], copied_pair[0]])


def test_sentence_splitter_keeps_abbreviations():
    doc = Document("s", "Mr. Smith met U.S. officials in Washington on Friday morning. They talked for an hour "
                        "about the trade deal.Then they left the building together quietly.")
    spans = [doc.text[a:b] for a, b in sentences(doc)]
    assert len(spans) == 3
    assert spans[0].startswith("Mr. Smith met U.S. officials")


def _filler(tag: str, count: int = 40) -> str:
    return " ".join(f"{tag}w{k}" for k in range(count)) + "."


WIRE = ("The central bank raised its main interest rate by half a percentage point on Wednesday, the largest "
        "increase in two decades, and signalled that further rises would follow if prices kept climbing at "
        "the pace seen over the winter months across the whole economy.")


def test_near_identical_copies_are_aligned_with_the_first_copy_only():
    copies = [_document(f"c{n}", f"Reported by desk {n}.", WIRE, _filler("tail", 30), outlet=f"Outlet {n}",
                        published=f"2024-03-0{n + 1}") for n in range(6)]
    texts = prepare(copies)
    assert [t.family for t in texts] == [0] * 6
    assert candidate_pairs(texts) == {(0, n) for n in range(1, 6)}  # k - 1 pairs, not k(k-1)/2
    links = find_verbatim(copies)
    assert {(l.a.doc, l.b.doc) for l in links} == {("c0", f"c{n}") for n in range(1, 6)}
    assert all(l.direction == "a->b" and _strip(WIRE) in copies[0].text[l.a.start:l.a.end] for l in links)


def test_a_passage_carried_by_many_documents_links_each_to_a_few_earlier_carriers():
    carriers = [_document(f"d{n}", _filler(f"p{n}"), WIRE, _filler(f"q{n}"), outlet=f"Outlet {n}",
                          published=f"2024-04-{n + 1:02d}") for n in range(reuse.MAX_SHINGLE_DF)]
    pairs = candidate_pairs(prepare(carriers))
    for later in range(1, len(carriers)):
        earlier = {a for a, b in pairs if b == later}
        assert earlier and len(earlier) <= reuse.MAX_CARRIERS
    assert len(pairs) < len(carriers) * (len(carriers) - 1) // 2
    assert {a for a, _ in pairs} <= set(range(reuse.MAX_CARRIERS))  # the earliest carriers: likely sources


def test_a_formula_in_many_unrelated_documents_is_not_reuse():
    formula = "said a senior administration official who spoke on condition of anonymity to discuss the talks"
    docs = [_document(f"f{n}", _filler(f"a{n}"), f"The plan will change, {formula}.", _filler(f"b{n}"))
            for n in range(reuse.MAX_SHINGLE_DF + 2)]
    assert find_verbatim(docs) == []


def test_unrelated_documents_are_never_embedded():
    class NoEncoder:
        def encode(self, texts):
            raise AssertionError(f"embedded {len(texts)} sentences of unrelated documents")

    first = _document("a", "The orchestra rehearsed the new symphony for three weeks before the premiere.",
                      "Tickets for the opening night sold out within an hour of going on sale.")
    second = _document("b", "Engineers inspected the railway bridge after the storm damaged two of its piers.",
                       "Trains between the two cities will run on a reduced timetable until repairs finish.")
    assert find_reuse([first, second], encoder=NoEncoder()) == []


def test_streaming_shingle_tally_matches_a_one_shot_count(monkeypatch):
    monkeypatch.setattr(reuse._Tally, "BATCH", 7)
    rng = np.random.default_rng(3)
    batches = [np.unique(rng.integers(0, 50, size=6).astype(np.uint32)) for _ in range(40)]
    tally = reuse._Tally()
    for batch in batches:
        tally.add(batch)
    keys, counts = tally.table()
    expected_keys, expected_counts = np.unique(np.concatenate(batches), return_counts=True)
    assert keys.tolist() == expected_keys.tolist() and counts.tolist() == expected_counts.tolist()


# --- the seed articles (read from ../shared at run time) --------------------------------------------

@pytest.fixture(scope="module")
def seed_documents() -> dict[str, Document]:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent (it ships only with the project's development setup)")
    return {path.name[:3]: Document(path.stem, path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="module")
def seed_links(seed_documents) -> list[ReuseLink]:
    return find_reuse(list(seed_documents.values()))


def _links_between(links, first: Document, second: Document) -> list[ReuseLink]:
    return [link for link in links if {link.a.doc, link.b.doc} == {first.id, second.id}]


def test_seed_financial_times_passage_is_shared(seed_documents, seed_links):
    x, y = seed_documents["003"], seed_documents["004"]
    found = [link for link in _links_between(seed_links, x, y) if link.kind in {"verbatim", "shared_quote"}
             and re.search(r"Financial Times", x.text[link.a.start:link.a.end])
             and re.search(r"attempts to isolate", y.text[link.b.start:link.b.end])]
    assert found


def test_seed_pariah_passage_is_a_paraphrase(seed_documents, seed_links):
    x, y = seed_documents["003"], seed_documents["004"]
    found = [link for link in _links_between(seed_links, x, y) if link.kind == "paraphrase"
             and "pariah" in x.text[link.a.start:link.a.end] and "pariah" in y.text[link.b.start:link.b.end]]
    assert found


def test_unrelated_seeds_have_no_verbatim_links(seed_documents, seed_links):
    assert not [link for link in _links_between(seed_links, seed_documents["000"], seed_documents["002"])
                if link.kind == "verbatim"]
