"""Bytes to text: refuse binaries, honour BOMs, try UTF-8 before guessing, normalise what we keep.

Every offset manysides reports indexes the string produced here, so the normalisation (newlines to
``\\n``, Unicode to NFC) happens exactly once, before anything else looks at the text.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes
from ftfy import fix_encoding

from manysides.errors import InputError

MiB = 1024 * 1024

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_SNIFF_BYTES = 8192
_MAX_CONTROL_RATIO = 0.05


# UTF-8 read as Windows-1252 (once or twice): "Obama’s" printed as "ObamaÃ¢â‚¬â„¢s". A cheap test first;
# ftfy repairs only what it recognises as such, so text that merely contains "Ã" is left alone.
_MOJIBAKE_HINT = re.compile("[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                            "\u02c6\u02dc\u2013-\u2026\u2030\u2039\u203a\u20ac\u2122]")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text decoded as Windows-1252 (273 AllSides titles and 8 texts are stored like that)."""
    return fix_encoding(text) if _MOJIBAKE_HINT.search(text) else text


def normalize_text(text: str) -> str:
    """Repair mojibake, unify newlines and compose Unicode (NFC) so equal-looking text compares equal."""
    text = repair_mojibake(text.lstrip("\ufeff")).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def size_problem(path: Path, max_bytes: int) -> str | None:
    """The reason to refuse ``path`` for its size (from ``stat``, before reading), or None if it fits."""
    size = path.stat().st_size
    if size <= max_bytes:
        return None
    return f"file is {size / MiB:.1f} MB, over the {_format_mb(max_bytes)} MB limit"


def _format_mb(n_bytes: int) -> str:
    mb = n_bytes / MiB
    return f"{mb:g}" if mb >= 1 else f"{mb:.2f}"


def _split_bom(data: bytes) -> tuple[str | None, bytes]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, data[len(bom):]
    return None, data


def _control_ratio(text: str) -> float:
    sample = text[:_SNIFF_BYTES]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS)
    return controls / len(sample)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes at the start mean an image, archive or office file, not text."""
    sample = data[:_SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and chr(b) not in _TEXT_CONTROLS)
    return bool(sample) and controls / len(sample) > _MAX_CONTROL_RATIO


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a text file's bytes; raise :class:`InputError` for binaries, undecodable or empty input."""
    bom_encoding, body = _split_bom(data)
    if bom_encoding is not None:
        try:
            text = body.decode(bom_encoding)
        except UnicodeDecodeError as exc:
            raise InputError(source, f"cannot decode text (bad {bom_encoding}: {exc.reason})") from exc
    elif looks_binary(data):
        raise InputError(source, "binary file, not text")
    else:
        text = _decode_unmarked(data, source)
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise InputError(source, "binary file, not text")
    if not text.lstrip("\ufeff").strip():
        raise InputError(source, "empty file")
    return text  # as decoded: normalisation happens once, in document_from_text, which keeps this original


def _decode_unmarked(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(source, "cannot decode text (tried utf-8 and detected encodings)")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(source, "cannot decode text (tried utf-8 and detected encodings)") from exc


def read_text_file(path: Path, source: str) -> str:
    """Read and decode one text file (the size check has already been done by the caller)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise InputError(source, "empty file")
    return decode_bytes(data, source)
