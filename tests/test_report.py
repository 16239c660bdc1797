"""The HTML report: structure, escaping of untrusted text, span marks, absent sections, the CLI command.

The comparison sections (claims, reuse, stances, frames, timeline, brief) are produced by stages that
land separately, so :func:`enrich` adds plausible records of their documented shapes to the real demo
analysis, each pointing at real spans of the demo texts found at run time.
"""

from __future__ import annotations

import argparse
import copy
import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from manysides.analysis import COMPARISON_SECTIONS, Analysis
from manysides.model import Document, Region, Span, Statement
from manysides.report import SECTIONS, render_html, render_report
from manysides.report.commands import add_commands, default_report_path
from manysides.report.diff import inline_diff, side_by_side
from manysides.report.genre import infer_genre
from manysides.report.marks import SpanRegistry, Wrapper, render_wrapped

# --- fixture builder -------------------------------------------------------------------------


def _span(analysis: Analysis, doc: str, phrase: str) -> dict[str, Any] | None:
    """``{doc, start, end}`` of the first occurrence of ``phrase`` in document ``doc``, None if absent."""
    try:
        text = analysis.document(doc).text
    except KeyError:
        return None
    start = text.find(phrase)
    return None if start < 0 else {"doc": doc, "start": start, "end": start + len(phrase)}


def _actor_id(analysis: Analysis, name: str) -> str:
    return next((a.id for a in analysis.actors if a.name == name), name)


CLAIMS = [  # (id, status, label, [(doc, phrase, polarity)])
    ("c1", "consensus", "Leave won 51.9% of the vote", [
        ("01_wire", "Leave won 51.9 per cent of the vote", "asserts"),
        ("02_leave_tabloid", "Leave won 51.9 per cent of the vote", "asserts")]),
    ("c2", "contested", "Sterling hit its lowest level since 1985", [
        ("01_wire", "dropping below $1.33 to its lowest level since 1985", "asserts"),
        ("05_markets_blog", "a low not seen since 1991", "disputes")]),
    ("c3", "consensus", "Cameron will step down", [
        ("01_wire", "he will resign within months", "asserts"),
        ("02_leave_tabloid", "announced he would go by October", "asserts"),
        ("04_scotland", "David Cameron was announcing his resignation", "asserts")]),
    ("c4", "single_source", "The FTSE 100 lost more than 8 per cent early on", [
        ("05_markets_blog", "The FTSE 100 lost more than 8 per cent", "asserts")]),
    ("c5", "contested", "The fall of the pound is serious", [
        ("03_remain_broadsheet", "The pound suffered one of the sharpest falls in its modern history", "asserts"),
        ("02_leave_tabloid", "Yes, the pound had a wobble", "disputes")]),
]
REUSE = [  # (kind, score, direction, (doc, phrase), (doc, phrase))
    ("verbatim", 1.0, None, ("01_wire", "Leave won 51.9 per cent of the vote against 48.1 per cent"),
     ("02_leave_tabloid", "Leave won 51.9 per cent of the vote against 48.1 per cent")),
    ("shared_quote", 1.0, None, ("01_wire", "Let June 23 go down in our history as our independence day."),
     ("02_leave_tabloid", "Let June 23 go down in our history as our independence day.")),
    ("paraphrase", 0.81, "a->b", ("01_wire", "The Bank of England said it stood ready to provide more than 250 "
                                  "billion pounds of additional funds to keep markets functioning."),
     ("05_markets_blog", "Governor Mark Carney said the Bank had planned for this outcome and was ready to supply "
                         "more than £250 billion of extra funding to the banking system.")),
]
STANCES = [  # (doc, actor name, score, label, phrase)
    ("02_leave_tabloid", "David Cameron", -0.6, "negative", "who bet his job on keeping us shackled to Brussels"),
    ("02_leave_tabloid", "Nigel Farage", 0.7, "positive", "the man who kept the dream alive for twenty years"),
    ("01_wire", "David Cameron", 0.0, "neutral", "Cameron said the country would need fresh leadership"),
    ("03_remain_broadsheet", "David Cameron", -0.3, "negative", "Instead it has ended his premiership."),
    ("04_scotland", "Nicola Sturgeon", 0.3, "positive", "Scotland's First Minister has put a fresh independence"),
]
FRAMES = [  # (doc, frame, share, phrase)
    ("01_wire", "politics", 0.5, "prompting Prime Minister David Cameron to announce"),
    ("01_wire", "economy", 0.3, "Sterling fell by more than 10 per cent"),
    ("02_leave_tabloid", "sovereignty", 0.6, "Soon the UK will make its own laws"),
    ("02_leave_tabloid", "human interest", 0.3, "a retired welder who has lived in the city all his life"),
    ("03_remain_broadsheet", "economy", 0.45, "This is a shock to confidence"),
    ("03_remain_broadsheet", "politics", 0.4, "Mr Cameron called the referendum"),
    ("04_scotland", "sovereignty", 0.7, "Scotland now faced being taken out of the EU against its will"),
    ("05_markets_blog", "economy", 0.85, "Equities followed currencies down."),
]
TIMELINE = [  # (doc, date phrase, event phrase, date, precision, label)
    ("01_wire", "June 24", "Britain has voted to leave the European Union", "2016-06-24", "day", "Result announced"),
    ("01_wire", "since 1985", "its lowest level since 1985", "1985", "year", "Sterling low (wire)"),
    ("05_markets_blog", "since 1991", "a low not seen since 1991", "1991", "year", "Sterling low (blog)"),
    ("01_wire", "1992 general election", "the highest at any UK-wide poll", "1992", "year", "Turnout record"),
    ("01_wire", "in October", "a new Conservative leader should be in place", "2016-10", "month", "New leader"),
    ("04_scotland", "2014", "the constitutional debate of 2014", "2014", "year", "Independence referendum"),
    ("02_leave_tabloid", "for thirty years", "Nobody down in London listened to us", None, "unresolved", "Not heard"),
]


def enrich(analysis: Analysis) -> Analysis:
    """A copy of ``analysis`` with plausible records for every comparison section, on real demo spans."""
    out = copy.deepcopy(analysis)
    out.claim_groups = []
    for gid, status, label, members in CLAIMS:
        spans = [dict(s, polarity=pol, confidence=0.8) for doc, phrase, pol in members
                 if (s := _span(out, doc, phrase)) is not None]
        out.claim_groups.append({"id": gid, "status": status, "label": label, "confidence": 0.75, "members": spans})
    out.omissions = [{"doc": "05_markets_blog", "claim_group": "c1", "stated_by": ["01_wire", "02_leave_tabloid"]}]
    out.reuse = [{"a": a, "b": b, "kind": kind, "score": score, "direction": direction}
                 for kind, score, direction, pa, pb in REUSE
                 if (a := _span(out, *pa)) is not None and (b := _span(out, *pb)) is not None]
    out.stances = []
    for doc, name, score, label, phrase in STANCES:
        ev = _span(out, doc, phrase)
        out.stances.append({"doc": doc, "actor": _actor_id(out, name), "score": score, "label": label, "n": 1,
                            "evidence": [dict(ev, score=score)] if ev else [], "quoted": None})
    out.frames = [{"doc": doc, "frame": frame, "share": share, "evidence": [ev] if (ev := _span(out, doc, p)) else []}
                  for doc, frame, share, p in FRAMES]
    out.timeline = _timeline(out)
    out.brief = _brief(out)
    return out


def _timeline(analysis: Analysis) -> list[dict[str, Any]]:
    records = []
    for doc, phrase, event_phrase, when, precision, label in TIMELINE:
        span, event = _span(analysis, doc, phrase), _span(analysis, doc, event_phrase)
        if span is None:
            continue
        records.append(dict(span, text=phrase, date=when, precision=precision, event_label=label, conflict=None,
                            event={"start": event["start"], "end": event["end"]} if event else None))
    lows = [i for i, r in enumerate(records) if r["event_label"].startswith("Sterling low")]
    for i in lows:
        records[i]["conflict"] = {"with": [j for j in lows if j != i], "reason": "sources disagree on the year"}
    return records


def _brief(analysis: Analysis) -> list[dict[str, Any]]:
    def cites(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
        return [s for doc, p in pairs if (s := _span(analysis, doc, p)) is not None]

    return [
        {"text": "All sources agree that Leave won and that David Cameron will resign.",
         "cites": cites(("01_wire", "Leave won 51.9 per cent"),
                        ("02_leave_tabloid", "announced he would go by October"))},
        {"text": "They disagree on how low sterling fell: since 1985 or since 1991.",
         "cites": cites(("01_wire", "its lowest level since 1985"), ("05_markets_blog", "a low not seen since 1991"))},
    ]


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rich(demo_analysis) -> Analysis:
    return enrich(demo_analysis)


@pytest.fixture(scope="module")
def rich_html(rich) -> str:
    return render_html(rich)


class Tags(HTMLParser):
    """Every start tag with its attributes, to check what a browser would actually build."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def parse_tags(html_text: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html_text)
    return parser.tags


# --- tests -------------------------------------------------------------------------------------


def test_every_section_is_rendered_in_order_with_an_id(rich_html: str) -> None:
    positions = [rich_html.find(f'<section id="{sid}"') for sid, _ in SECTIONS]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    for sid, _ in SECTIONS:
        assert f'href="#{sid}"' in rich_html  # nav bar


def test_absent_sections_say_not_computed_and_empty_ones_none_found(demo_analysis) -> None:
    bare = copy.deepcopy(demo_analysis)
    for name in COMPARISON_SECTIONS:
        setattr(bare, name, None)
    html_text = render_html(bare)
    for sid in ("claims", "framing", "reuse", "timeline"):
        section = re.search(rf'<section id="{sid}".*?</section>', html_text, re.S).group(0)
        assert "Not computed in this analysis." in section, sid
    empty = copy.deepcopy(demo_analysis)
    empty.claim_groups, empty.reuse, empty.frames, empty.timeline, empty.brief, empty.stances = [], [], [], [], [], []
    html_text = render_html(empty)
    for sid in ("claims", "framing", "reuse", "timeline"):
        section = re.search(rf'<section id="{sid}".*?</section>', html_text, re.S).group(0)
        assert "None found." in section and "Not computed" not in section, sid


def test_marks_give_back_exact_span_text(rich: Analysis, rich_html: str) -> None:
    """Each mark's data-start/data-end match a cited span, and the fragments of a key rebuild text[start:end]."""
    from html.parser import HTMLParser

    class Collect(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.open: list[str | None] = []
            self.texts: dict[str, str] = {}
            self.meta: dict[str, tuple[str, int, int]] = {}

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            self.open.append(a.get("data-k") if tag == "mark" else None)
            if tag == "mark":
                self.meta[a["data-k"]] = (a["data-doc"], int(a["data-start"]), int(a["data-end"]))

        def handle_endtag(self, tag):
            self.open.pop()

        def handle_data(self, data):
            for key in {k for k in self.open if k}:
                self.texts[key] = self.texts.get(key, "") + data

    collect = Collect()
    sources = re.search(r'<section id="sources".*?</section>', rich_html, re.S).group(0)
    collect.feed(sources)
    assert len(collect.meta) > 50
    for key, (doc, start, end) in collect.meta.items():
        assert collect.texts[key] == rich.document(doc).text[start:end], key


def test_crossing_spans_nest_as_fragments() -> None:
    text = "abcdefghij"
    out = render_wrapped(text, "d", [Wrapper(0, 6, "0-0-6"), Wrapper(3, 9, "0-3-9"), Wrapper(1, 4, None, "bp")])
    assert re.sub(r"<[^>]+>", "", out) == text
    assert out.count('id="m-0-3-9"') == 1 and out.count('data-k="0-3-9"') == 3  # split by both crossings
    assert "".join(re.findall(r'data-k="0-3-9"[^>]*>([^<]*)', out)) == text[3:9]
    opens, closes = len(re.findall(r"<(mark|span)\b", out)), len(re.findall(r"</(mark|span)>", out))
    assert opens == closes


def test_registry_rejects_spans_outside_the_text() -> None:
    reg = SpanRegistry([Document("d", "hello")])
    assert reg.key("d", 0, 5) == "0-0-5"
    assert reg.key("d", 0, 6) is None and reg.key("x", 0, 1) is None and reg.key("d", 3, 3) is None
    assert reg.key("d", "a", 2) is None


HOSTILE = ('<script>window.__pwned = 1; alert("x")</script> Click <a href="javascript:alert(2)">here</a>. '
           '</textarea><img src=x onerror="window.__pwned=2"> "He said <b onmouseover=alert(3)>this</b>," '
           'she said. <svg onload=alert(4)></svg> <iframe src="http://example.com/"></iframe> '
           '<style>body{background:url(http://example.com/x.png)}</style> --></div>\u2028 & done')
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "a", "header", "p", "span", "nav", "ol", "li",
                "main", "section", "h2", "h3", "div", "table", "thead", "tr", "th", "tbody", "td", "ul", "code",
                "article", "mark", "details", "summary", "strong", "button", "footer", "kbd", "script", "svg",
                "rect", "text", "g", "line", "blockquote", "del", "ins", "caption", "em"}


def hostile_analysis() -> Analysis:
    """An analysis whose every text field carries markup that would run if it were not escaped."""
    doc = Document(id='evil"><script>alert(5)</script>', text=HOSTILE, title='<script>alert(6)</script>',
                   outlet='<img src=x onerror=alert(7)>', authors=['<b onclick=alert(8)>x</b>'],
                   url="javascript:alert(9)", boilerplate=[Region(0, 10, 'x" onmouseover="alert(10)')])
    start = HOSTILE.index("<b onmouseover")
    statement = Statement("s1", doc.id, "direct", Span(doc.id, start, start + 40))
    span = {"doc": doc.id, "start": 0, "end": 60}
    return Analysis(
        documents=[doc], statements=[statement],
        claim_groups=[{"id": "<c>", "status": "<script>", "label": "<script>alert(11)</script>",
                       "members": [dict(span, polarity="<img src=x onerror=alert(12)>")]}],
        omissions=[], reuse=[{"a": span, "b": span, "kind": "<script>", "score": "x", "direction": None}],
        stances=[{"doc": doc.id, "actor": "<script>alert(13)</script>", "score": 2, "label": "<i>",
                  "n": "<b>", "evidence": [span], "quoted": None}],
        frames=[{"doc": doc.id, "frame": "<svg onload=alert(14)>", "share": 0.5, "evidence": [span]}],
        timeline=[dict(span, text="<script>alert(15)</script>", date="<b>", precision="day",
                       event_label="<img src=x onerror=alert(16)>", event=None,
                       conflict={"with": [0], "reason": "<script>alert(17)</script>"})],
        brief=[{"text": "<script>alert(18)</script>", "cites": [span]}],
    )


def test_untrusted_text_renders_as_text_only() -> None:
    html_text = render_html(hostile_analysis())
    assert html_text.count("<script") == 1  # the report's own script, and nothing else
    for needle in ("<img", "<iframe", "<svg onload", "<b ", "</textarea>", 'href="javascript:', "alert(5)</script>"):
        assert needle not in html_text, needle
    for tag, attrs in parse_tags(html_text):
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
            if tag == "a" and name == "href":
                assert (value or "").startswith("#"), value
    assert "&lt;script&gt;window.__pwned" in html_text  # still shown, as text


def test_csp_allows_only_the_report_script_and_no_network(rich_html: str) -> None:
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', rich_html).group(1))
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp and "connect-src" not in csp
    tags = parse_tags(rich_html)
    for tag, attrs in tags:
        for name in ("src", "href", "action", "srcset", "data"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", rich_html) and "@import" not in rich_html


def test_claim_matrix_cells_and_filters(rich_html: str) -> None:
    matrix = re.search(r'<table class="matrix">.*?</table>', rich_html, re.S).group(0)
    assert matrix.count('data-status="contested"') == 2 and 'data-status="single-source"' in matrix
    assert "c-disputes" in matrix and "c-omits" in matrix and "c-states" in matrix
    assert 'data-filter="consensus"' in rich_html


def test_contested_claims_say_what_is_disputed(demo_analysis) -> None:
    # The analysis itself (not the hand-built claims above): the demo's two years for one low.
    matrix = re.search(r'<table class="matrix">.*?</table>', render_html(demo_analysis), re.S).group(0)
    assert "disputed: 1985 vs 1991" in matrix


def test_quotes_show_carriers_and_word_diff(rich_html: str) -> None:
    quotes = re.search(r'<section id="quotes".*?</section>', rich_html, re.S).group(0)
    assert "David Cameron" in quotes and "trimmed" in quotes and "verbatim" in quotes
    assert "<del>" in quotes  # the broadsheet trimmed the wire's quotation


def test_word_diff_marks_changes() -> None:
    assert str(inline_diff("the cat sat", "the dog sat")) == "the <del>cat </del><ins>dog </ins>sat"
    left, right = side_by_side("a <b> c", "a <b> d")
    assert "&lt;b&gt;" in left and "<del>c</del>" in left and "<ins>d</ins>" in right


def test_charts_print_their_numbers(rich_html: str) -> None:
    framing = re.search(r'<section id="framing".*?</section>', rich_html, re.S).group(0)
    assert "<svg" in framing and "85%" in framing and "<table" in framing
    actors = re.search(r'<section id="actors".*?</section>', rich_html, re.S).group(0)
    assert "&#43;0.70" in actors or "+0.70" in actors
    timeline = re.search(r'<section id="timeline".*?</section>', rich_html, re.S).group(0)
    assert "<svg" in timeline and "Conflict" in timeline and "1985" in timeline


@pytest.mark.parametrize(("text", "url", "genre"), [
    ("Just voted!! @bbcnews #EURef so proud of my town", None, "social post"),
    ("Opinion\nWhy we must stay. I argue that leaving is a mistake, and I believe we should fight.", None, "opinion"),
    ("The vote went ahead.", "https://example.org/commentisfree/2016/jun/24/x", "opinion"),
    ("Analysis \u2014 24 June\nThe result could weaken growth.", None, "analysis"),
    ("Markets may fall further, analysts suggest, and rates could be cut; the risks are likely to persist "
     "and the implications remain uncertain whether or not the Bank acts.", None, "analysis"),
    ("The minister said on Friday that the talks would resume next week in Brussels.", None, "news"),
    # a host that merely ends in "x.com" is no social network; a subdomain of one is
    ("Harbour talks resume next week, the council confirmed.", "https://www.vox.com/2016/6/24/x", "news"),
    ("Harbour talks resume next week, the council confirmed.", "https://mobile.x.com/someone/status/1", "social post"),
    # a copied post opens with the poster's display name and handle
    ("Ana Souza\n@anasouza_news\n" + "The talks resume next week and nobody is ready for them. " * 60, None,
     "social post"),
    # an article quoting posts is still an article: the embedded posts' handles and hashtags do not count
    ("The council voted on Tuesday to close the harbour road for repairs, officials said. " * 40
     + "\n\nRoad closed again, #harbour traffic is a mess. \u2014 Lars Berg (@lberg) June 24, 2016\n\n"
     "Who decided this? #roadworks \u2014 Mira Okafor (@mokafor) June 24, 2016\n\n"
     "Thanks @harbourcouncil for nothing #fail \u2014 Pia Lund (@pialund) June 24, 2016\n\n"
     "The council said the work would take three weeks.", None, "news"),
])
def test_genre_heuristic(text: str, url: str | None, genre: str) -> None:
    assert infer_genre(Document("d", text, url=url)).genre == genre


def test_demo_genres(demo_analysis) -> None:
    genres = {d.id: infer_genre(d).genre for d in demo_analysis.documents}
    assert genres["01_wire"] == "news" and genres["03_remain_broadsheet"] == "analysis"


def test_render_report_writes_atomically_and_is_small(tmp_path: Path, rich: Analysis) -> None:
    target = render_report(rich, tmp_path / "sub" / "report.html")
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]
    assert target.stat().st_size < 3_000_000


def test_seeds_report_is_under_3_mb(tmp_path: Path, seeds_analysis) -> None:
    target = render_report(enrich(seeds_analysis), tmp_path / "report.html")
    assert target.stat().st_size < 3_000_000


def test_report_command(tmp_path: Path, demo_analysis, capsys) -> None:
    analysis_json = enrich(demo_analysis).write(tmp_path)
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["report", str(analysis_json)])
    assert args.handler(args) == 0
    assert default_report_path(analysis_json).is_file() and "report ->" in capsys.readouterr().out
    args = parser.parse_args(["report", str(tmp_path / "missing.json"), "--out", str(tmp_path / "x.html")])
    assert args.handler(args) == 1
    assert "cannot read analysis" in capsys.readouterr().err and not (tmp_path / "x.html").exists()


def test_claim_rows_say_what_linked_their_sources(seeds_analysis) -> None:
    # The FT verdict is linked through the quotation 003 and 004 both carry; "no concrete agreement"
    # through the denied outcome its three sources assert in different words.
    matrix = re.search(r'<table class="matrix">.*?</table>', render_html(seeds_analysis), re.S).group(0)
    assert "linked by a shared quotation" in matrix and "linked by the same action" in matrix


def test_a_consensus_of_negated_sentences_is_stated_not_disputed(seeds_analysis) -> None:
    # "neither a ceasefire nor any other agreement was announced" (004) and "ended without any concrete
    # results" (003) are negated sentences that *state* the no-agreement claim with 001; a cell says
    # "disputes" only for a member on the other side of a contested claim.
    matrix = re.search(r'<table class="matrix">.*?</table>', render_html(seeds_analysis), re.S).group(0)
    row = next(r for r in re.findall(r"<tr.*?</tr>", matrix, re.S) if "neither a ceasefire" in r)
    cells = re.findall(r'class="cell (c-[a-z]+)"', row)
    assert cells.count("c-states") == 3 and "c-disputes" not in cells, cells


def test_both_sides_of_a_contested_figure_are_told_apart(demo_analysis) -> None:
    # The demo's "lowest since 1985" / "since 1991": both affirmative, on opposite sides.
    contested = [g for g in demo_analysis.claim_groups if g["status"] == "contested"
                 and any(c["detail"] == "1985 vs 1991" for c in g["contradictions"])]
    assert contested and {m["side"] for m in contested[0]["members"]} == {0, 1}


@pytest.mark.parametrize("content", ["[]", '"analysis"', "null", '{"schema_version": 1, "documents": [{"id": 1}]}',
                                     '{"schema_version": 1, "documents": [], "actors": [[]], "statements": [7]}',
                                     '{"schema_version": 1, "documents": [], "actors": [], "statements": [], "problems": [1]}'])
def test_report_command_on_json_that_is_no_analysis_says_so_on_one_line(tmp_path: Path, content: str, capsys) -> None:
    """Pointing ``report`` at the wrong JSON file (a list, a string) raised a traceback; now one line naming it."""
    wrong = tmp_path / "clusters.json"
    wrong.write_text(content, encoding="utf-8")
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["report", str(wrong)])
    assert args.handler(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("manysides: error: ") and str(wrong) in err and len(err.strip().splitlines()) == 1
    assert not default_report_path(wrong).exists()


def test_words_said_together_are_listed_under_both_speakers(demo_analysis) -> None:
    analysis = copy.deepcopy(demo_analysis)
    farage, johnson = _actor_id(analysis, "Nigel Farage"), _actor_id(analysis, "Boris Johnson")
    linked = {link.statement for s in analysis.statements for link in s.also_in}
    said = next(s for s in analysis.statements if s.speaker == farage and not s.also_in and s.id not in linked)
    said.co_speakers = [johnson]
    quotes = re.search(r'<section id="quotes".*?</section>', render_html(analysis), re.S).group(0)
    assert "Nigel Farage and Boris Johnson" in quotes
    # Three names are listed as the brief lists them: "A, B and C".
    said.co_speakers = [johnson, _actor_id(analysis, "David Cameron")]
    quotes = re.search(r'<section id="quotes".*?</section>', render_html(analysis), re.S).group(0)
    assert "Nigel Farage, Boris Johnson and David Cameron" in quotes
