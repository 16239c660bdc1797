"""The reference case: the five seed articles from ../shared/seeds, analysed as a user would.

Facts about the seeds are asserted (who is quoted, which names resolve); none of their text is copied here.
"""

from __future__ import annotations


def _speaker_names(analysis, doc_id: str, kind: str) -> list[str | None]:
    return [analysis.actor(s.speaker).name if s.speaker else None
            for s in analysis.statements if s.doc == doc_id and s.kind == kind]


def _claim_groups_stating(analysis, fragment: str, seeds: set[str]) -> list[dict]:
    """Claim groups whose members containing ``fragment`` come from exactly these seeds (by number)."""
    documents = {d.id: d for d in analysis.documents}
    return [g for g in analysis.claim_groups
            if {m["doc"][:3] for m in g["members"]
                if fragment in documents[m["doc"]].text[m["start"]:m["end"]]} == seeds]


def test_seed_ids_are_file_stems(seeds_analysis, seeds_dir):
    assert sorted(d.id for d in seeds_analysis.documents) == sorted(p.stem for p in seeds_dir.glob("*.txt"))


def test_every_direct_quote_in_003_and_004_has_a_resolved_speaker(seeds_analysis):
    for doc_id in ("003_0717fddc303f77be", "004_b41843acf7e4a046"):
        names = _speaker_names(seeds_analysis, doc_id, "direct")
        assert names and None not in names, (doc_id, names)


def test_known_speakers_of_the_seeds(seeds_analysis):
    direct_003 = set(_speaker_names(seeds_analysis, "003_0717fddc303f77be", "direct"))
    assert "Keir Starmer" in direct_003
    direct_004 = set(_speaker_names(seeds_analysis, "004_b41843acf7e4a046", "direct"))
    assert {"Donald Trump", "Mark Kelly", "Richard Blumenthal", "Pete Hegseth", "Financial Times"} <= direct_004


def test_the_colon_quote_goes_to_the_subject_not_the_object(seeds_analysis):
    starmer = [s for s in seeds_analysis.statements if s.doc == "003_0717fddc303f77be" and s.kind == "direct"
               and "trust" in seeds_analysis.text_of(s.content).lower() and len(s.content) < 30]
    assert starmer and seeds_analysis.actor(starmer[0].speaker).name == "Keir Starmer"


def test_no_statement_or_mention_comes_from_boilerplate(seeds_analysis):
    documents = {d.id: d for d in seeds_analysis.documents}
    for statement in seeds_analysis.statements:
        assert not documents[statement.doc].in_boilerplate(statement.content.start, statement.content.end)
    for actor in seeds_analysis.actors:
        for mention in actor.mentions:
            regions = [r for r in documents[mention.doc].boilerplate if r.start <= mention.start < r.end]
            assert all(r.kind in ("title", "heading") for r in regions), (actor.name, mention, regions)


def test_putin_and_trump_are_one_actor_each_with_role_mentions(seeds_analysis):
    for full, role in (("Vladimir Putin", "Russian leader"), ("Donald Trump", "US president")):
        actors = [a for a in seeds_analysis.actors if a.name == full]
        assert len(actors) == 1
        assert len({m.doc for m in actors[0].mentions}) == 5
        assert role in {m.text for m in actors[0].mentions if m.kind in ("role", "title")}
    russia = next(a for a in seeds_analysis.actors if a.name == "Russia")
    assert {"Kremlin", "Moscow"} <= {m.text for m in russia.mentions if m.kind == "metonym"}


def test_the_financial_times_quote_is_carried_by_two_sources(seeds_analysis):
    linked = [s for s in seeds_analysis.statements if s.also_in and s.speaker
              and seeds_analysis.actor(s.speaker).name == "Financial Times"]
    assert {s.doc for s in linked} >= {"003_0717fddc303f77be", "004_b41843acf7e4a046"}


def test_putins_primary_roots_line_is_one_quote_and_one_claim_in_002_and_004(seeds_analysis):
    # 002 quotes a few words of the line inside its own argument, 004 quotes it at length: the quote
    # link (same speaker, shared wording) also joins the claims that carry it, though the sentences
    # around the quotes are worded differently.
    analysis = seeds_analysis
    roots = [s for s in analysis.statements if "primary roots" in analysis.text_of(s.content)]
    assert {s.doc[:3] for s in roots} == {"002", "004"}
    assert {analysis.actor(s.speaker).name for s in roots} == {"Vladimir Putin"}
    assert all(link.relation == "overlap" for s in roots for link in s.also_in) and all(s.also_in for s in roots)
    groups = _claim_groups_stating(analysis, "primary roots", {"002", "004"})
    assert groups and groups[0]["status"] == "consensus"


def test_the_pariah_paraphrase_is_one_claim_through_the_reused_passage(seeds_analysis):
    # 003 and 004 share a paraphrased passage (text reuse finds it); its "pariah state" sentences state the
    # same claim though their own link score (about 0.41) is under the threshold.
    groups = _claim_groups_stating(seeds_analysis, "pariah state", {"003", "004"})
    assert groups and groups[0]["status"] == "consensus"


def test_russia_advancing_is_one_claim_of_three_sources_through_the_shared_action(seeds_analysis):
    # 002 says it in a subordinate clause ("while Russia continues to advance"), 004 with a demonym
    # subject ("Russian forces are advancing"); the sentences score about 0.07 as a pair, but both assert
    # the action Russia|advance.
    groups = _claim_groups_stating(seeds_analysis, "advanc", {"002", "004"})
    assert groups and groups[0]["status"] == "consensus"
    # 003 words it as a gain of ground ("gains control of more ... territory"): the same advance.
    assert {m["doc"][:3] for m in groups[0]["members"]} == {"002", "003", "004"}
    # The label is the member whose main verb is the shared action, not the one with it in a side clause.
    assert groups[0]["label"].startswith("Russian forces are advancing")


def test_the_us_turning_toward_china_is_one_claim_of_002_and_004_through_the_shared_focus(seeds_analysis):
    # 002 has Washington moving its means toward a showdown with China, 004 has the US putting the
    # deterrence of a Pacific war first: different verbs and a MiniLM cosine near 0.6, but both
    # assert one focus of the United States (Washington is its capital) on China.
    groups = _claim_groups_stating(seeds_analysis, "China", {"002", "004"})
    assert len(groups) == 1 and groups[0]["status"] == "consensus"
    assert {m["doc"][:3] for m in groups[0]["members"]} == {"002", "004"}
    assert all(link["basis"] == "action" for link in groups[0]["links"])


def test_the_end_of_putins_isolation_is_one_claim_of_three_sources(seeds_analysis):
    # 003 and 004 carry the Financial Times verdict (an end to attempts to isolate Putin); 000 says the
    # Anchorage welcome dismantled "that isolation". The sentences score about 0.22 as a pair, but all three
    # assert the end of one isolation.
    groups = _claim_groups_stating(seeds_analysis, "isolat", {"000", "003", "004"})
    assert len(groups) == 1 and groups[0]["status"] == "consensus"
    members = groups[0]["members"]
    to_000 = [link for link in groups[0]["links"]
              if "000" in {members[link["a"]]["doc"][:3], members[link["b"]]["doc"][:3]}]
    assert to_000 and all(link["basis"] == "action" for link in to_000)


def test_the_effect_of_sanctions_is_contested(seeds_analysis):
    # 000: Russia "has been hampered by sanctions"; 001: the Russian president finds the war burdensome
    # "due to economic sanctions"; 003: sanctions strained Russia, yet its economy "has recovered" under
    # them. One cause, one party, opposite effects: contested, though the sentences score under 0.1 as pairs.
    groups = _claim_groups_stating(seeds_analysis, "sanctions", {"000", "001", "003"})
    assert len(groups) == 1 and groups[0]["status"] == "contested"
    group = groups[0]
    assert {c["detail"] for c in group["contradictions"]} == {"hamper vs recover", "hurt vs recover"}
    documents = {d.id: d for d in seeds_analysis.documents}
    side_of = {(m["doc"][:3], "recovered" in documents[m["doc"]].text[m["start"]:m["end"]]): m["side"]
               for m in group["members"]}
    # 000 and 001 against 003's recovery; 003's own "financial strain" stands with 000 and 001.
    assert side_of[("000", False)] == side_of[("001", False)] == side_of[("003", False)] != side_of[("003", True)]
    brief = [s["text"] for s in seeds_analysis.brief if s["section"] == "contested"]
    assert len(brief) == 1 and "hampered by sanctions" in brief[0] and "also states" in brief[0]


def test_no_concrete_agreement_is_one_claim_of_three_sources(seeds_analysis):
    # 001 (an agreement not reached), 003 (a meeting ended without results) and 004 (neither a ceasefire
    # nor an agreement announced): no actor subject, but each denies that the talks produced an outcome.
    documents = {d.id: d for d in seeds_analysis.documents}
    groups = [g for g in seeds_analysis.claim_groups
              if {m["doc"][:3] for m in g["members"]} >= {"001", "003", "004"}
              and any("agreement" in documents[m["doc"]].text[m["start"]:m["end"]] for m in g["members"])]
    assert len(groups) == 1 and groups[0]["status"] == "consensus"
    # Every link between them is the shared denied outcome, with the action's confidence.
    links = groups[0]["links"]
    assert len(links) == 3 and all(link["basis"] == "action" and link["confidence"] >= 0.5 for link in links)
    # 003 and 004 share a quoted Financial Times paragraph and a paraphrased one, but neither rewrites the
    # other: the brief counts three independent sources.
    assert any(s["section"] == "consensus" and s["text"].startswith("3 sources (") for s in seeds_analysis.brief)


def test_scare_quotes_are_not_statements(seeds_analysis):
    short = [seeds_analysis.text_of(s.content) for s in seeds_analysis.statements
             if s.doc in ("000_c4d6d211e1185019", "001_547cd603716c20ce") and s.kind in ("direct", "partial")]
    assert short == []
