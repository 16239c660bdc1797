"""Reading inputs: every format loads, every bad input is exactly one Problem, and the batch goes on."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from manysides.io import ReadResult, document_from_text, read_inputs
from manysides.model import Document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "io"
GOOD_TEXT = "Harbour council backs seawall\n\nThe council voted on Tuesday to build a new seawall.\n"


def _only(result: ReadResult, doc_id: str) -> Document:
    matches = [d for d in result.documents if d.id == doc_id]
    assert len(matches) == 1, [d.id for d in result.documents]
    return matches[0]


def _assert_regions_in_bounds(doc: Document) -> None:
    for region in doc.boilerplate:
        assert 0 <= region.start < region.end <= len(doc.text), (doc.id, region)


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------ the fixture folder

def test_fixture_folder_loads_every_format_and_names_each_bad_input_once() -> None:
    result = read_inputs([FIXTURES])
    ids = sorted(d.id for d in result.documents)
    assert ids == sorted([
        "archive-2", "cafe_cp1252", "corpus-3", "ferry-1", "gz-1", "harbour_article", "harbour_notes",
        "market_corpus-2", "mkt-1", "two_pages",
    ])
    problems = {Path(p.source).name: p.reason for p in result.problems}
    assert problems == {
        "binary.txt": "binary file, not text",
        "empty.txt": "empty file",
        "corpus.jsonl:2": problems["corpus.jsonl:2"],
        "corpus.jsonl:5": "record has no 'text' field",
        "market_corpus.csv:6": "row has 7 fields, the header has 6",
    }
    assert problems["corpus.jsonl:2"].startswith("invalid JSON")
    assert {d.format for d in result.documents} == {"txt", "md", "html", "pdf", "jsonl", "csv"}
    for doc in result.documents:
        _assert_regions_in_bounds(doc)
        assert doc.path is not None and Path(doc.path).exists()


def test_folder_order_is_sorted_and_deterministic() -> None:
    first = [d.id for d in read_inputs([FIXTURES]).documents]
    second = [d.id for d in read_inputs([FIXTURES]).documents]
    assert first == second
    assert first[:2] == ["gz-1", "archive-2"]  # archive.jsonl.gz sorts first, its records in file order


# ------------------------------------------------------------------------------------ formats

def test_html_main_text_and_metadata() -> None:
    doc = _only(read_inputs([FIXTURES / "harbour_article.html"]), "harbour_article")
    assert doc.format == "html"
    assert doc.title == "Harbour council backs seawall after stormy debate"
    assert doc.authors == ["Priya Castellano"]
    assert doc.published == "2024-03-04"
    assert doc.url == "https://www.wendelltide.example/news/2024/03/harbour-seawall-vote"
    assert doc.outlet == "The Wendell Tide"
    assert "Councillor Tomas Lindqvist, who voted against the plan" in doc.text
    for chrome in ("Accept all", "Subscribe to our newsletter", "Related stories", "All rights reserved", "Letters"):
        assert chrome not in doc.text


def test_markdown_is_kept_as_written_and_gives_title_author_date() -> None:
    doc = _only(read_inputs([FIXTURES / "harbour_notes.md"]), "harbour_notes")
    raw = (FIXTURES / "harbour_notes.md").read_text(encoding="utf-8")
    assert doc.text == raw  # no markdown stripping: offsets index the file as the user has it
    assert doc.format == "md"
    assert doc.title == "Notes from the seawall vote"
    assert doc.authors == ["Priya Castellano"]
    assert doc.published == "2031-03-04"
    kinds = {doc.text[r.start:r.end]: r.kind for r in doc.boilerplate}
    assert kinds["## What was decided"] == "heading"


def test_pdf_text_layer_with_repeated_page_header() -> None:
    doc = _only(read_inputs([FIXTURES / "two_pages.pdf"]), "two_pages")
    assert doc.format == "pdf"
    assert "Councillor Mira Okafor said the old wall would not survive another winter." in doc.text
    assert "Fishermen asked the council" in doc.text
    header = "Port Wendell Gazette - Council Report"
    second = doc.text.index(header, 1)
    assert any(r.start == second and r.kind == "page_header" for r in doc.boilerplate)


def test_pdf_without_text_layer_is_a_problem(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    scanned = tmp_path / "scan.pdf"
    with scanned.open("wb") as handle:
        writer.write(handle)
    result = read_inputs([scanned])
    assert result.documents == []
    assert len(result.problems) == 1
    assert result.problems[0].source == str(scanned)
    assert result.problems[0].reason.startswith("PDF has no text layer")


def test_corrupt_pdf_is_a_problem(tmp_path: Path) -> None:
    broken = _write(tmp_path / "broken.pdf", b"%PDF-1.4\nthis is not really a pdf at all\n")
    result = read_inputs([broken])
    assert result.documents == []
    assert [p.source for p in result.problems] == [str(broken)]
    assert "PDF" in result.problems[0].reason


def test_password_protected_pdf_is_a_problem_but_empty_password_opens(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    for name, password in (("open.pdf", ""), ("locked.pdf", "secret")):
        writer = PdfWriter(clone_from=FIXTURES / "two_pages.pdf")
        writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
        with (tmp_path / name).open("wb") as handle:
            writer.write(handle)
    result = read_inputs([tmp_path / "open.pdf", tmp_path / "locked.pdf"])
    assert [d.id for d in result.documents] == ["open"]
    assert "Fishermen asked the council" in result.documents[0].text
    assert [(p.source, p.reason) for p in result.problems] == [
        (str(tmp_path / "locked.pdf"), "PDF is encrypted with a password")]


def test_cp1252_text_is_detected_and_decoded() -> None:
    doc = _only(read_inputs([FIXTURES / "cafe_cp1252.txt"]), "cafe_cp1252")
    assert "Zürich" in doc.text and "André Müller" in doc.text
    assert doc.title == "Café owners in Zürich protest new terrace rules"


def test_jsonl_records_carry_their_metadata() -> None:
    result = read_inputs([FIXTURES / "corpus.jsonl"])
    ferry = _only(result, "ferry-1")
    assert ferry.format == "jsonl"
    assert ferry.title == "Ferry fares frozen"
    assert ferry.outlet == "Island Post"
    assert ferry.url == "https://islandpost.example/ferry"
    assert ferry.published == "2031-02-11"  # a timestamp is cut to its date
    assert ferry.authors == ["Ines Hartmann", "Kofi Mensah"]  # a list
    school = _only(result, "corpus-3")  # no id field: <stem>-<record number>
    assert school.authors == ["Ines Hartmann", "Kofi Mensah"]  # "A and B"
    assert school.published == "2031-02-12"  # a written date


def test_jsonl_malformed_line_is_one_problem_and_other_lines_load(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "First article text."}), "{not json", json.dumps({"text": "Third article text."})]
    corpus = _write(tmp_path / "wire.jsonl", "\n".join(lines) + "\n")
    result = read_inputs([corpus])
    assert [d.id for d in result.documents] == ["wire-1", "wire-3"]
    assert [(p.source, p.reason.split(" (")[0]) for p in result.problems] == [(f"{corpus}:2", "invalid JSON")]


def test_jsonl_record_that_is_not_an_object(tmp_path: Path) -> None:
    corpus = _write(tmp_path / "odd.jsonl", '["a", "list"]\n{"text": "A real article."}\n')
    result = read_inputs([corpus])
    assert [d.text for d in result.documents] == ["A real article."]
    assert result.problems[0].source == f"{corpus}:1"
    assert "expected an object" in result.problems[0].reason


def test_jsonl_gz_reads() -> None:
    result = read_inputs([FIXTURES / "archive.jsonl.gz"])
    assert [d.id for d in result.documents] == ["gz-1", "archive-2"]
    assert result.documents[0].title == "Ferry timetable changes"
    assert result.problems == []


def test_corrupt_gzip_is_a_problem(tmp_path: Path) -> None:
    good = gzip.compress(b'{"text": "An article."}\n' * 50)
    corpus = _write(tmp_path / "cut.jsonl.gz", good[: len(good) // 2])
    result = read_inputs([corpus])
    assert [p.source for p in result.problems] == [str(corpus)]


def test_csv_records_with_multiline_text_and_id_fallback() -> None:
    result = read_inputs([FIXTURES / "market_corpus.csv"])
    stalls = _only(result, "mkt-1")
    assert stalls.format == "csv"
    assert stalls.text.endswith("Traders welcomed the news.")
    assert "\n\n" in stalls.text
    assert stalls.authors == ["Ana Souza", "Lars Berg"]
    assert stalls.published == "2031-03-01"
    buses = _only(result, "market_corpus-2")
    assert buses.title == "Night buses extended"
    assert [p.source.rsplit("/", 1)[-1] for p in result.problems] == ["market_corpus.csv:6"]


def test_csv_without_text_column_is_one_problem(tmp_path: Path) -> None:
    corpus = _write(tmp_path / "notext.csv", "id,title\n1,Something\n")
    result = read_inputs([corpus])
    assert result.documents == []
    assert len(result.problems) == 1
    assert result.problems[0].source == str(corpus)
    assert "no 'text' column" in result.problems[0].reason


# ------------------------------------------------------------------------------------ bad inputs

BAD_INPUTS = {
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00" + bytes(range(256)), "binary file, not text"),
    "empty.txt": (b"", "empty file"),
    "blank.md": (b"  \n\n\t \r\n", "empty file"),
    "controls.txt": (bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17]) * 20 + b"text", "binary file, not text"),
    "empty.jsonl": (b"", "empty file"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_exactly_one_problem_and_the_batch_goes_on(tmp_path: Path, name: str) -> None:
    data, reason = BAD_INPUTS[name]
    bad = _write(tmp_path / "in" / name, data)
    good = _write(tmp_path / "in" / "zz_good.txt", GOOD_TEXT)
    result = read_inputs([tmp_path / "in"])
    assert [(p.source, p.reason) for p in result.problems] == [(str(bad), reason)]
    assert [d.id for d in result.documents] == ["zz_good"]
    assert result.documents[0].path == str(good)


def test_missing_path_is_a_problem(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.txt", GOOD_TEXT)
    missing = tmp_path / "nowhere" / "gone.txt"
    result = read_inputs([missing, good])
    assert [(p.source, p.reason) for p in result.problems] == [(str(missing), "no such file or directory")]
    assert [d.id for d in result.documents] == ["good"]


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: takes no disk space
    good = _write(tmp_path / "good.txt", GOOD_TEXT)
    result = read_inputs([huge, good])
    assert [(p.source, p.reason) for p in result.problems] == [
        (str(huge), "file is 200.0 MB, over the 50 MB limit")]
    assert [d.id for d in result.documents] == ["good"]


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    small = _write(tmp_path / "small.txt", GOOD_TEXT * 40)
    result = read_inputs([small], max_file_bytes=1024 * 1024 // 2)
    assert result.problems == []
    result = read_inputs([small], max_file_bytes=1024)
    assert len(result.problems) == 1 and "over the" in result.problems[0].reason


def test_undecodable_text_is_a_problem(tmp_path: Path) -> None:
    from manysides.errors import InputError
    from manysides.io.decode import decode_bytes

    with pytest.raises(InputError) as info:
        decode_bytes(b"\xff\xfe" + "caf\udce9".encode("utf-16-le", "surrogatepass"), "x.txt")
    assert info.value.source == "x.txt"
    assert info.value.reason.startswith("cannot decode text")


# ------------------------------------------------------------------------------------ ids, folders, stdin

def test_id_collision_gets_numbered_suffixes(tmp_path: Path) -> None:
    paths = [_write(tmp_path / sub / "report.txt", GOOD_TEXT) for sub in ("a", "b", "c")]
    result = read_inputs(paths)
    assert [d.id for d in result.documents] == ["report", "report-2", "report-3"]
    assert [d.path for d in result.documents] == [str(p) for p in paths]


def test_a_single_path_string_is_one_input(tmp_path: Path) -> None:
    path = _write(tmp_path / "solo.txt", GOOD_TEXT)
    assert [d.id for d in read_inputs(str(path)).documents] == ["solo"]  # type: ignore[arg-type]


def test_id_is_the_file_stem(tmp_path: Path) -> None:
    path = _write(tmp_path / "000_c4d6d211e1185019.txt", GOOD_TEXT)
    assert [d.id for d in read_inputs([path]).documents] == ["000_c4d6d211e1185019"]


def test_folder_is_recursive_sorted_and_skips_hidden_and_unknown(tmp_path: Path) -> None:
    _write(tmp_path / "b.txt", GOOD_TEXT)
    _write(tmp_path / "a" / "c.md", GOOD_TEXT)
    _write(tmp_path / ".hidden.txt", GOOD_TEXT)
    _write(tmp_path / ".cache" / "d.txt", GOOD_TEXT)
    _write(tmp_path / "notes.docx", b"PK\x03\x04")
    _write(tmp_path / "picture.png", b"\x89PNG\r\n")
    result = read_inputs([tmp_path])
    assert [d.id for d in result.documents] == ["c", "b"]
    assert result.problems == []


def test_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    path = _write(tmp_path / "one.txt", GOOD_TEXT)
    result = read_inputs([tmp_path, path])
    assert [d.id for d in result.documents] == ["one"]


def test_explicit_file_with_unknown_suffix_is_read_as_text(tmp_path: Path) -> None:
    path = _write(tmp_path / "article.story", GOOD_TEXT)
    result = read_inputs([path])
    assert [d.id for d in result.documents] == ["article"]
    assert result.documents[0].format == "txt"


def test_stdin_is_one_text_article() -> None:
    result = read_inputs(["-"], stdin=io.StringIO("Ferry fares frozen\r\n\r\nFares stay the same this year.\r\n"))
    doc = _only(result, "stdin")
    assert doc.text == "Ferry fares frozen\n\nFares stay the same this year.\n"
    assert doc.title == "Ferry fares frozen"
    assert doc.path is None


def test_empty_stdin_is_a_problem() -> None:
    result = read_inputs(["-"], stdin=io.StringIO("   \n"))
    assert result.documents == []
    assert [p.source for p in result.problems] == ["stdin"]


# ------------------------------------------------------------------------------------ normalisation

def test_text_is_nfc_with_unix_newlines(tmp_path: Path) -> None:
    decomposed = "Cafe\u0301 owners protest\r\n\r\nThe owners of the cafe\u0301 said no.\r\n"
    path = _write(tmp_path / "nfc.txt", decomposed.encode("utf-8"))
    doc = _only(read_inputs([path]), "nfc")
    assert doc.text == "Café owners protest\n\nThe owners of the café said no.\n"
    assert "\u0301" not in doc.text and "\r" not in doc.text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path / "bom.txt", "Zürich votes\n\nThe city voted yes.\n".encode(encoding))
    doc = _only(read_inputs([path]), "bom")
    assert doc.text == "Zürich votes\n\nThe city voted yes.\n"


# ------------------------------------------------------------------------------------ document_from_text

def test_document_from_text_given_metadata_wins_over_detected() -> None:
    text = "Detected Title Line\n\nBy Someone Else\n\nThe body says something.\n"
    doc = document_from_text(text, "d1", path="x.txt", title="Given Title", authors="Ana Souza and Lars Berg",
                             published="2024-05-06T10:00:00+02:00", outlet="Wendell Tide")
    assert (doc.id, doc.path, doc.format) == ("d1", "x.txt", "txt")
    assert doc.title == "Given Title"
    assert doc.authors == ["Ana Souza", "Lars Berg"]
    assert doc.published == "2024-05-06"
    assert doc.outlet == "Wendell Tide"
    assert any(r.kind == "byline" for r in doc.boilerplate)  # still marked, even though not used


def test_document_from_text_detects_what_is_not_given() -> None:
    doc = document_from_text("A Headline Here\nSeptember 3, 2024\n\nThe body says something.\n", "d2")
    assert doc.title == "A Headline Here"
    assert doc.published == "2024-09-03"


@pytest.mark.parametrize(("given", "expected"), [
    ("2016-9-20", "2016-09-20"), ("2016/09/20", "2016-09-20"), ("September 20, 2016", "2016-09-20"),
    ("8/19/19", "2019-08-19"), ("19.08.2019", "2019-08-19"), ("12/30/1998", "1998-12-30"),
    ("4/5/18", None),  # April 5 or 4 May, depending on the country: no guess
    ("2/30/19", None), ("1/2", None), ("not a date", None),
])
def test_a_given_date_field_may_be_all_numbers(given: str, expected: str | None) -> None:
    from manysides.io.metadata import parse_date_field

    assert parse_date_field(given) == expected


def test_an_undated_record_takes_the_date_in_its_url_path() -> None:
    body = "Harbour Council Backs Seawall\n\nThe council voted on Tuesday to build the wall.\n"
    doc = document_from_text(body, "u1", url="https://news.example.org/local/2019/03/07/seawall-vote/")
    assert doc.published == "2019-03-07"
    given = document_from_text(body, "u2", url="https://news.example.org/2019/03/07/x", published="3/18/2019")
    assert given.published == "2019-03-18"  # a given date wins
    for url in ("https://news.example.org/2019/03/seawall", "https://news.example.org/2019/13/07/x",
                "https://news.example.org/story?id=2019/03/07"):
        assert document_from_text(body, "u3", url=url).published is None


def test_document_from_text_rejects_unknown_metadata() -> None:
    with pytest.raises(TypeError, match="lean"):
        document_from_text("Some text.", "d3", lean="left")


def test_the_decoded_original_is_kept_when_normalisation_changes_the_text(tmp_path):
    decomposed = "Cafe\u0301 owners in Lyon said prices rose.\r\nThe mayor disagreed.\r\n"
    path = tmp_path / "lyon.txt"
    path.write_bytes(decomposed.encode("utf-8"))
    doc = read_inputs([path]).documents[0]
    assert doc.text.startswith("Café owners") and "\r" not in doc.text
    assert doc.original == decomposed
    assert doc.to_dict()["original"] == decomposed


def test_no_original_is_stored_when_nothing_changed(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("The council met on Monday.\n", encoding="utf-8")
    doc = read_inputs([path]).documents[0]
    assert doc.original is None and "original" not in doc.to_dict()


def _as_cp1252(text: str) -> str:
    """What a pipeline that decodes UTF-8 bytes as Windows-1252 makes of ``text`` (bytes that code page
    leaves undefined, like the 0x9D of a closing quote, pass through as the Latin-1 character)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


def test_utf8_read_as_cp1252_is_repaired_in_text_and_title(tmp_path):
    # Some corpora store text that went through that mistake twice: "Obama’s" as "ObamaÃ¢â‚¬â„¢s".
    title = "Harbour board backs the mayor’s “ferry first” plan"
    text = "The mayor’s plan — a ferry every hour — won the board’s vote on Monday in São Tomé."
    record = {"id": "moji", "title": _as_cp1252(_as_cp1252(title)), "text": _as_cp1252(text)}
    path = tmp_path / "moji.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    doc = read_inputs([path]).documents[0]
    assert doc.title == title and doc.text == text
    clean = document_from_text("Ãngel Martín and José Núñez signed in São Paulo.", "ok")
    assert clean.text == "Ãngel Martín and José Núñez signed in São Paulo."  # real accents stay
