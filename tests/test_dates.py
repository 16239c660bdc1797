"""Time expressions: finding, resolving against the publication date, and cross-source conflicts.

Sentences here are invented; the seed articles are read from ../shared/seeds at run time only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from manysides.compare.timeline import build_timeline, find_date_conflicts
from manysides.extract.dates import DatedEvent, extract_dates
from manysides.model import Document, Region

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def dates(nlp, text: str, published: str | None = "2025-08-18", doc_id: str = "d",
          boilerplate: list[Region] | None = None) -> list[DatedEvent]:
    document = Document(doc_id, text, published=published, boilerplate=boilerplate or [])
    return extract_dates(document, nlp(text))


def found(nlp, text: str, published: str | None = "2025-08-18") -> dict[str, tuple[str | None, str]]:
    return {e.text: (e.date, e.precision) for e in dates(nlp, text, published)}


def test_absolute_day_month_year_and_decade(nlp):
    result = found(nlp, "Talks opened on August 15, 2025 after a ceasefire in March 2024. The border was "
                        "drawn in 1848 and redrawn in the 1940s.")
    assert result == {"August 15, 2025": ("2025-08-15", "day"), "March 2024": ("2024-03", "month"),
                      "1848": ("1848", "year"), "the 1940s": ("1940s", "decade")}


def test_year_less_dates_take_the_reference_year(nlp):
    result = found(nlp, "The envoys met on 15 August and again on Aug. 20; the rains came in mid-July.")
    assert result["15 August"] == ("2025-08-15", "day")
    assert result["Aug. 20"] == ("2025-08-20", "day")
    assert result["mid-July"] == ("2025-07", "month")


def test_past_tense_date_after_the_reference_is_last_year(nlp):
    assert found(nlp, "The accord was signed on 3 December.")["3 December"] == ("2024-12-03", "day")


def test_weekday_resolves_to_the_most_recent_one(nlp):
    # 2025-08-18 is a Monday.
    result = found(nlp, "The two presidents met this past Friday. Aides had arrived on Wednesday.")
    assert result["this past Friday"] == ("2025-08-15", "day")
    assert result["Wednesday"] == ("2025-08-13", "day")


def test_future_weekday_and_next_resolve_forward(nlp):
    result = found(nlp, "The council will vote on Thursday, and the report is due next month.")
    assert result["Thursday"] == ("2025-08-21", "day")
    assert result["next month"] == ("2025-09", "month")


def test_relative_expressions(nlp):
    result = found(nlp, "Earlier this year the bank raised rates. The minister resigned yesterday, "
                        "two days ago the vote took place, and strikes began last week.")
    assert result["Earlier this year"] == ("2025", "year")
    assert result["yesterday"] == ("2025-08-17", "day")
    assert result["two days ago"] == ("2025-08-16", "day")
    assert result["last week"] == ("2025-08", "month")


def test_elapsed_duration_dates_its_start(nlp):
    assert found(nlp, "After three years of war, the front has barely moved.")["three years of war"] \
        == ("2022", "year")


def test_boundary_preposition_stays_in_the_text(nlp):
    assert found(nlp, "It was the first such visit since 2015.") == {"since 2015": ("2015", "year")}


def test_without_reference_relative_dates_stay_unresolved(nlp):
    result = found(nlp, "The leaders met on Friday. Prices rose earlier this year. The pact dates from 1997.",
                   published=None)
    assert result["Friday"] == (None, "unresolved")
    assert result["earlier this year"] == (None, "unresolved")
    assert result["1997"] == ("1997", "year")


def test_relative_dates_inside_quotes_stay_unresolved(nlp):
    result = found(nlp, 'The senator said: "We need a deal today, not next year."')
    assert result == {"today": (None, "unresolved"), "next year": (None, "unresolved")}


def test_ages_durations_and_counts_are_not_dates(nlp):
    text = ("The 68-year-old governor chaired a three-hour meeting. He has served for years and spent "
            "ten years of his life abroad at age 40. In 2000 cases the court sided with tenants, "
            "and the May rally may draw 2015 people.")
    assert dates(nlp, text) == []


def test_names_that_contain_dates_are_not_dates(nlp):
    assert dates(nlp, "Shops stayed shut on Good Friday, USA Today reported.") == []
    assert dates(nlp, "He was joined by April Ryan in Mar-a-Lago.") == []


def test_boilerplate_and_own_date_line_are_skipped(nlp):
    text = "JANE ROE, AUG 18 2025\nSubscribe by 1 September for offers.\nThe vote was held on 17 August.\n"
    offer = text.index("Subscribe")
    result = dates(nlp, text, boilerplate=[Region(offer, text.index("\n", offer), "promo")])
    assert [(e.text, e.date) for e in result] == [("17 August", "2025-08-17")]


def test_offsets_and_event_sentence_are_exact(nlp):
    text = "Background first.\n  The summit opened on 15 August 2025 in Geneva.  \nMore later in 1999."
    for event in dates(nlp, text):
        assert text[event.start:event.end] == event.text
        sentence = text[event.event.start:event.event.end]
        assert sentence == sentence.strip() and event.start >= event.event.start
        assert event.to_dict()["event"] == {"start": event.event.start, "end": event.event.end}
    first = dates(nlp, text)[0]
    assert text[first.event.start:first.event.end] == "The summit opened on 15 August 2025 in Geneva."
    assert first.event_text == "The summit opened on 15 August 2025 in Geneva."


def test_event_label_is_short(nlp):
    text = "The delegations, " + "after many long and difficult rounds, " * 5 + "finally met on 2 May 2024."
    (event,) = dates(nlp, text)
    assert len(event.event_text) <= 125 and "2 May 2024" in event.event_text


SUMMIT_A = "Leaders of Freedonia and Sylvania held a summit in Geneva on 12 March 2024."
SUMMIT_B = "The Freedonia-Sylvania summit in Geneva took place on 14 March 2024, officials said."
TREATY_C = "Freedonia and Sylvania signed a trade treaty in Geneva on 14 March 2024."


def _events(nlp, texts: dict[str, str]) -> tuple[list[DatedEvent], list[Document]]:
    documents = [Document(doc_id, text) for doc_id, text in texts.items()]
    return [e for d in documents for e in extract_dates(d, nlp(d.text))], documents


def test_conflicting_dates_for_the_same_summit_are_flagged(nlp):
    events, documents = _events(nlp, {"a": SUMMIT_A, "b": SUMMIT_B})
    conflicts = find_date_conflicts(events, documents)
    assert len(conflicts) == 1 and "2024-03-12" in conflicts[0][2] and "2024-03-14" in conflicts[0][2]
    timeline = build_timeline(events, documents)
    assert [entry["date"] for entry in timeline] == ["2024-03-12", "2024-03-14"]
    assert timeline[0]["conflict"]["with"] == [1] and timeline[1]["conflict"]["with"] == [0]


def test_different_events_are_not_in_conflict(nlp):
    events, documents = _events(nlp, {"a": SUMMIT_A, "c": TREATY_C})
    assert find_date_conflicts(events, documents) == []
    assert all(entry["conflict"] is None for entry in build_timeline(events, documents))


def test_dates_of_different_happenings_in_one_story_are_not_in_conflict(nlp):
    # From the Ferguson coverage: the shooting is dated Aug. 9; a statement posted about it, a later
    # shooting of someone else and a hearing are dated other days, and none of that is a conflict.
    texts = {
        "a": "Protesters clashed with police in Harbour City, where Marco Bell, a teenager, was shot by police Aug. 9.",
        "b": "One site, \"I Support Officer Lane,\" posted a statement Tuesday that said: \"The death of Marco Bell "
             "is a tragic event.\"",
        "c": "Also Tuesday, a man aged 23 was fatally shot by a police officer on the north side of Harbour "
             "City, a few miles away.",
    }
    documents = [Document(doc_id, text, published="2014-08-20") for doc_id, text in texts.items()]
    events = [e for d in documents for e in extract_dates(d, nlp(d.text))]
    assert {e.text for e in events} >= {"Aug. 9", "Tuesday"}
    assert find_date_conflicts(events, documents) == []
    both = {"a": "Only two other mayors have faced council trials – Ann Hale in 1868 and Bo Reyes in 1999.",
            "b": "Only two previous mayors faced council trials – Ann Hale in 1868 and Bo Reyes in 1999."}
    documents = [Document(doc_id, text) for doc_id, text in both.items()]
    events = [e for d in documents for e in extract_dates(d, nlp(d.text))]
    assert len(events) == 4 and find_date_conflicts(events, documents) == []  # both give both dates


def test_past_a_weekday_is_no_date(nlp):
    document = Document("k", "The leader could delay the vote past Saturday. They met this past Friday.", published="2018-10-05")
    events = extract_dates(document, nlp(document.text))
    assert [(e.text, e.date) for e in events] == [("this past Friday", "2018-09-28")]


def _dated(nlp, text: str, published: str) -> list[tuple[str, str | None]]:
    """(expression, ISO date) of every dated expression of one article written on ``published``."""
    document = Document("d", text, published=published)
    return [(e.text, e.date) for e in extract_dates(document, nlp(document.text))]


def test_a_weekday_of_a_planned_event_is_ahead(nlp):
    # Written on Friday 5 October 2018: the vote planned on Saturday is the next day, not a week ago.
    assert _dated(nlp, "If the judge is confirmed in a vote planned on Saturday, the court will lean right.",
                  "2018-10-05") == [("Saturday", "2018-10-06")]


def test_a_weekday_after_a_modal_is_ahead_unless_perfect(nlp):
    # Written on Friday 5 October 2018.
    text = ("The judge would be confirmed in a Saturday vote, aides said. "
            "Two senators would have voted against him on Tuesday had the hearing gone ahead. "
            "The governor says gyms and barbershops can reopen Monday.")
    assert _dated(nlp, text, "2018-10-05") == [("Saturday", "2018-10-06"), ("Tuesday", "2018-10-02"),
                                               ("Monday", "2018-10-08")]


def test_a_modal_in_reported_speech_takes_the_nearest_day(nlp):
    # Written on Tuesday 21 April 2020. Reported: the nearest Monday (yesterday); a possessive date is the
    # thing's day, whatever the verb; "I'd met" is "I had met".
    text = ("The speaker told members she believed a deal could be reached on Monday night. "
            "Tuesday's result may embolden other governors. "
            "I'd met with these same officials in March, before the primary.")
    assert _dated(nlp, text, "2020-04-21") == [("Monday", "2020-04-20"), ("Tuesday", "2020-04-21"),
                                               ("March", "2020-03")]


def test_a_weekday_of_a_planned_event_is_ahead_or_the_nearest(nlp):
    # Written on Thursday 27 September 2018: a vote someone plans, expects or has scheduled is the coming one.
    text = ("The chair still expects the harbour board to vote on the levy Friday. "
            "The board has scheduled a vote for Friday. The chair then plans a Saturday procedural vote. "
            "The board voted on Friday to delay the levy. The crew set a record on Friday.")
    assert _dated(nlp, text, "2018-09-27") == [("Friday", "2018-09-28"), ("Friday", "2018-09-28"),
                                               ("Saturday", "2018-09-29"), ("Friday", "2018-09-21"),
                                               ("Friday", "2018-09-21")]
    # Written on Sunday 30 September: the vote it had scheduled for Friday was two days before.
    assert _dated(nlp, "The board had scheduled a vote for Friday.", "2018-09-30") == [("Friday", "2018-09-28")]


def test_a_date_in_an_if_clause_is_not_read_as_past(nlp):
    # Written on 21 February 2013: the cuts are due on 1 March 2013, not 2012.
    text = "Lawmakers were asked whether they would take a pay cut if the cuts were set in motion on March 1."
    assert _dated(nlp, text, "2013-02-21") == [("March 1", "2013-03-01")]


def test_timeline_puts_unresolved_last(nlp):
    events, _ = _events(nlp, {"a": "The talks collapsed on Friday after a summit in 1990 and in the 1980s."})
    assert [entry["precision"] for entry in build_timeline(events)] == ["decade", "year", "unresolved"]


# --------------------------------------------------------------------------- seed articles

def _seed(prefix: str, published: str | None) -> Document:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent (it ships only with the project's development setup)")
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return Document(prefix, path.read_text(encoding="utf-8"), published=published)


def test_seed_summit_date_is_found(nlp):
    document = _seed("003", "2025-08-18")
    events = extract_dates(document, nlp(document.text))
    summit = [e for e in events if e.date == "2025-08-15"]
    assert summit and summit[0].precision == "day" and summit[0].text == "15 August"
    assert all(document.text[e.start:e.end] == e.text for e in events)
    assert "2025-08-18" not in {e.date for e in events}  # the date line is not an event


def test_seed_weekday_without_reference_stays_unresolved(nlp):
    document = _seed("000", None)
    events = {e.text.lower(): e for e in extract_dates(document, nlp(document.text))}
    assert events["this past friday"].date is None
    assert events["this past friday"].precision == "unresolved"


def test_seed_since_year(nlp):
    document = _seed("004", None)
    events = {e.text: e for e in extract_dates(document, nlp(document.text))}
    assert (events["since 2015"].date, events["since 2015"].precision) == ("2015", "year")
