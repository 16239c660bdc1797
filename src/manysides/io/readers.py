"""Turn the paths a user gives into :class:`Document` s, and every input that fails into a :class:`Problem`.

A pile of articles always has a few bad files in it (a binary, an empty file, a broken JSON line);
one of them must not stop the run, so nothing here raises for user error: each failure becomes one
``Problem(source, reason)`` with a one-line reason, and the rest of the batch still loads.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from manysides.errors import InputError
from manysides.io.boilerplate import mark_boilerplate
from manysides.io.decode import MiB, looks_binary, normalize_text, read_text_file, repair_mojibake, size_problem
from manysides.io.metadata import date_from_url, detect_metadata, parse_date_field, split_authors
from manysides.model import Document, Problem

DEFAULT_MAX_FILE_BYTES = 50 * MiB
# Suffix (lower case, longest first) to format name.
FORMATS: dict[str, str] = {
    ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl", ".json-lines": "jsonl", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf",
}
_METADATA_KEYS = ("title", "outlet", "authors", "published", "url")


@dataclass(slots=True)
class ReadResult:
    """What :func:`read_inputs` could read, and one :class:`Problem` per input (or record) it could not."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def document_from_text(text: str, doc_id: str, *, path: str | None = None, fmt: str = "txt",
                       **metadata: Any) -> Document:
    """Build a :class:`Document` from article text: normalise it, mark boilerplate, fill in metadata.

    ``metadata`` may hold ``title``, ``outlet``, ``authors`` (list or ``"A, B"`` / ``"A and B"``),
    ``published`` (any ISO-like or written date) and ``url``. Given values win over what is detected
    in the text; the detection fills the gaps.
    """
    unknown = set(metadata) - set(_METADATA_KEYS)
    if unknown:
        raise TypeError(f"unknown metadata field(s): {', '.join(sorted(unknown))}")
    original = text
    text = normalize_text(text)
    regions = mark_boilerplate(text)
    found = detect_metadata(text, regions)
    given_authors = split_authors(metadata.get("authors"))
    given_date = metadata.get("published")
    url = _clean_str(metadata.get("url")) or found["url"]
    return Document(
        id=doc_id,
        text=text,
        path=path,
        title=_clean_str(metadata.get("title")) or found["title"],
        outlet=_clean_str(metadata.get("outlet")) or found["outlet"],
        authors=given_authors or found["authors"],
        published=((parse_date_field(str(given_date)) if given_date else None) or found["published"]
                   or date_from_url(url)),
        url=url,
        format=fmt,
        boilerplate=regions,
        original=None if original == text else original,
    )


def _clean_str(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(repair_mojibake(str(value)).split())
    return text or None


def read_inputs(inputs: Sequence[str | Path], *, max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
                stdin: TextIO | None = None) -> ReadResult:
    """Read files, folders (recursively, sorted, known formats only, hidden files skipped) and ``"-"`` (stdin)."""
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]  # one path, not a sequence of one-character paths
    reader = _Reader(max_file_bytes, stdin if stdin is not None else sys.stdin)
    for item in inputs:
        reader.read_input(item)
    return reader.result


def format_of(path: Path) -> str | None:
    """The format a file name announces (``.jsonl.gz`` included), or None for an unknown suffix."""
    name = path.name.lower()
    for suffix, fmt in FORMATS.items():
        if name.endswith(suffix) and len(name) > len(suffix):
            return fmt
    return None


def _stem(path: Path) -> str:
    name = path.name
    for suffix in FORMATS:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return path.stem or name


class _Reader:
    """One batch: collects documents and problems and keeps document ids unique across the batch."""

    def __init__(self, max_file_bytes: int, stdin: TextIO) -> None:
        self.max_file_bytes = max_file_bytes
        self.stdin = stdin
        self.result = ReadResult()
        self._ids: set[str] = set()
        self._last_suffix: dict[str, int] = {}  # so a thousand "report" files do not rescan 1..n each time
        self._seen_files: set[Path] = set()

    def read_input(self, item: str | Path) -> None:
        if str(item) == "-":
            self._read_stdin()
            return
        path = Path(item)
        if path.is_dir():
            for file in _walk(path):
                self._read_file(file)
        elif path.exists():
            self._read_file(path)
        else:
            self._problem(str(path), "no such file or directory")

    def _problem(self, source: str, reason: str) -> None:
        self.result.problems.append(Problem(source, reason))

    def _unique_id(self, wanted: str) -> str:
        wanted = wanted.strip() or "doc"
        doc_id, n = wanted, self._last_suffix.get(wanted, 1)
        while doc_id in self._ids:
            n += 1
            doc_id = f"{wanted}-{n}"
        self._last_suffix[wanted] = n
        self._ids.add(doc_id)
        return doc_id

    def _add(self, text: str, wanted_id: str, *, path: str | None, fmt: str, **metadata: Any) -> None:
        doc = document_from_text(text, self._unique_id(wanted_id), path=path, fmt=fmt, **metadata)
        self.result.documents.append(doc)

    def _read_stdin(self) -> None:
        try:
            text = self.stdin.read()
        except (OSError, UnicodeDecodeError) as exc:
            self._problem("stdin", f"cannot read standard input: {exc}")
            return
        if not text.strip():
            self._problem("stdin", "empty input")
            return
        self._add(text, "stdin", path=None, fmt="txt")

    def _read_file(self, path: Path) -> None:
        source = str(path)
        resolved = path.resolve()
        if resolved in self._seen_files:
            return  # named twice (a file and its folder): read once
        self._seen_files.add(resolved)
        fmt = format_of(path) or "txt"
        try:
            if fmt in ("jsonl", "csv"):
                self._read_corpus(path, fmt)
                return
            too_big = size_problem(path, self.max_file_bytes)
            if too_big:
                raise InputError(source, too_big)
            text, metadata = _read_article(path, fmt)
            self._add(text, _stem(path), path=source, fmt=fmt, **metadata)
        except InputError as exc:
            self._problem(exc.source, exc.reason)
        except OSError as exc:
            self._problem(source, f"cannot read file: {exc.strerror or exc}")

    # ----------------------------------------------------------------------------------- corpora

    def _read_corpus(self, path: Path, fmt: str) -> None:
        """One document per record; a bad record is a problem named ``file:LINE`` and the rest still load."""
        source = str(path)
        loaded, problems_before = 0, len(self.result.problems)
        records = jsonl_records(path) if fmt == "jsonl" else csv_records(path)
        for ordinal, (line_no, record) in enumerate(records, start=1):
            where = f"{source}:{line_no}"
            try:
                text, doc_id, metadata = record_fields(record, where, self.max_file_bytes)
            except InputError as exc:
                self._problem(exc.source, exc.reason)
                continue
            self._add(text, doc_id or f"{_stem(path)}-{ordinal}", path=source, fmt=fmt, **metadata)
            loaded += 1
        if loaded == 0 and len(self.result.problems) == problems_before:
            raise InputError(source, "empty file")


def _walk(folder: Path) -> Iterator[Path]:
    """Files of known formats under ``folder``, sorted, skipping hidden files and folders."""
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.is_file() and format_of(path) is not None:
            yield path


def _read_article(path: Path, fmt: str) -> tuple[str, dict[str, Any]]:
    """Text and file-level metadata of a one-article file (txt, md, html, pdf)."""
    source = str(path)
    if fmt == "pdf":
        return _pdf_text(path), {}
    text = read_text_file(path, source)
    if fmt == "html":
        return _html_text(text, source)
    return text, {}


def _html_text(html: str, source: str) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of a web page, via trafilatura (navigation, ads and footers dropped)."""
    import trafilatura  # deferred: importing it costs about a second

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                            include_tables=False, include_images=False)
    text = (getattr(extracted, "text", None) or "") if extracted is not None else ""
    if not text.strip():
        raise InputError(source, "no article text found in the HTML page")
    metadata = {
        "title": extracted.title,
        "authors": split_authors((extracted.author or "").replace(";", ",")),
        "published": extracted.date,
        "url": extracted.url,
        "outlet": extracted.sitename or extracted.hostname,
    }
    return text, {key: value for key, value in metadata.items() if value}


def _pdf_text(path: Path) -> str:
    """The PDF's text layer, page after page; scanned PDFs without one are refused."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    source = str(path)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            try:  # many "encrypted" PDFs only restrict printing and open with the empty password
                opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
            except (DependencyError, NotImplementedError) as exc:
                raise InputError(source, f"PDF is encrypted ({exc})") from exc
            if not opened:
                raise InputError(source, "PDF is encrypted with a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as exc:
        raise InputError(source, f"cannot read PDF: {exc}") from exc
    except (ValueError, KeyError, TypeError, AttributeError, IndexError, zlib.error) as exc:
        raise InputError(source, f"cannot read PDF: malformed file ({type(exc).__name__})") from exc
    text = normalize_text("\n\n".join(page.strip() for page in pages))
    if not text.strip():
        raise InputError(source, "PDF has no text layer (scanned image?)")
    return text


def jsonl_records(path: Path) -> Iterator[tuple[int, dict[str, Any] | InputError]]:
    """(line number, record or the error for that line) for each non-blank line of a JSONL file."""
    source = str(path)
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            for line_no, raw in enumerate(handle, start=1):
                if line_no == 1:
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                    if looks_binary(raw):
                        raise InputError(source, "binary file, not text")
                if raw.strip():
                    yield line_no, _parse_json_line(raw, f"{source}:{line_no}")
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(source, f"cannot read compressed file: {exc}") from exc


def _parse_json_line(raw: bytes, where: str) -> dict[str, Any] | InputError:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return InputError(where, "record is not UTF-8 text")
    except json.JSONDecodeError as exc:
        return InputError(where, f"invalid JSON ({exc.msg}, column {exc.colno})")
    if not isinstance(record, dict):
        return InputError(where, f"record is a JSON {type(record).__name__}, expected an object")
    return record


def csv_records(path: Path, *, streaming: bool = False) -> Iterator[tuple[int, dict[str, Any] | InputError]]:
    """(line number, row as a dict with lower-case keys, or the error) for each CSV row.

    By default the file is decoded whole, with encoding detection (fine for an ordinary file);
    ``streaming`` reads it row by row as UTF-8, for corpora too large to hold in memory.
    """
    source = str(path)
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))  # articles outgrow the 128 kB default
    if streaming:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            yield from _csv_rows(csv.reader(handle), source)
    else:
        text = normalize_text(read_text_file(path, source))
        yield from _csv_rows(csv.reader(io.StringIO(text, newline="")), source)


def _csv_rows(rows: Any, source: str) -> Iterator[tuple[int, dict[str, Any] | InputError]]:
    try:
        header = [name.strip().lower() for name in next(rows)]
    except (csv.Error, StopIteration) as exc:
        raise InputError(source, f"cannot read CSV header: {exc}") from exc
    if "text" not in header:
        raise InputError(source, f"CSV has no 'text' column (columns: {', '.join(header) or 'none'})")
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            yield rows.line_num, InputError(f"{source}:{rows.line_num}", f"malformed CSV row: {exc}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield rows.line_num, InputError(f"{source}:{rows.line_num}",
                                            f"row has {len(row)} fields, the header has {len(header)}")
            continue
        yield rows.line_num, dict(zip(header, row))


def record_fields(record: dict[str, Any] | InputError, where: str,
                   max_bytes: int) -> tuple[str, str | None, dict[str, Any]]:
    """(text, id or None, metadata) of one corpus record; :class:`InputError` when it has no usable text."""
    if isinstance(record, InputError):
        raise record
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(where, "record has no 'text' field" if text is None else "record has an empty 'text' field")
    if len(text) > max_bytes:
        raise InputError(where, f"record text is {len(text) / MiB:.1f} MB, over the {max_bytes / MiB:g} MB limit")
    record_id = record.get("id")
    doc_id = str(record_id).strip() if record_id not in (None, "") else None
    metadata = {key: record[key] for key in _METADATA_KEYS if record.get(key) not in (None, "", [])}
    if "authors" not in metadata and record.get("author"):
        metadata["authors"] = record["author"]
    for key in ("title", "outlet", "url", "published"):
        if key in metadata and not isinstance(metadata[key], str):
            metadata[key] = str(metadata[key])
    if "authors" in metadata and not isinstance(metadata["authors"], (str, list)):
        metadata["authors"] = str(metadata["authors"])
    return text, doc_id, metadata


__all__ = ["FORMATS", "ReadResult", "document_from_text", "format_of", "read_inputs"]
