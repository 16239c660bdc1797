"""One error hierarchy, rendered the same way by the CLI, the library and (later) the web app.

Every error a user can cause is a :class:`ManysidesError`; its ``str()`` is a single line that names
the thing at fault and the reason, so the CLI can print it without a traceback.
"""

from __future__ import annotations


class ManysidesError(Exception):
    """Base class for every error manysides raises on purpose."""


class UsageError(ManysidesError):
    """A command was called with arguments that cannot work together (exit status 2, like argparse)."""


class InputError(ManysidesError):
    """A source file (or one record inside a corpus file) could not be read as an article.

    ``source`` names the file, with ``:LINE`` appended for a record in a JSONL/CSV corpus.
    """

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class ModelLoadError(ManysidesError):
    """A language model named by the user (or the default) could not be loaded.

    Subclasses for other shipped resources only set :attr:`what`, the words that name it in the message.
    """

    what = "spaCy model"

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"cannot load {self.what} {name!r}: {reason}")


class PipelineError(ManysidesError):
    """A pipeline stage was misconfigured or broke its declared contract (a programming error, not user input)."""


class SchemaError(ManysidesError):
    """A saved analysis.json does not match the schema this version reads."""
