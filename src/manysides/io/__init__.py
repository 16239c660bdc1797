"""Reading articles: files, folders, stdin and corpora in, :class:`~manysides.model.Document` s out.

``read_inputs`` never raises for a bad input: it returns every file (or corpus record) it could not
use as a :class:`~manysides.model.Problem`, so one broken file does not stop a run.
"""

from manysides.io.boilerplate import mark_boilerplate
from manysides.io.metadata import detect_metadata
from manysides.io.readers import FORMATS, ReadResult, document_from_text, format_of, read_inputs

__all__ = [
    "FORMATS",
    "ReadResult",
    "detect_metadata",
    "document_from_text",
    "format_of",
    "mark_boilerplate",
    "read_inputs",
]
