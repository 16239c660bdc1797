"""manysides: turn a pile of news articles about one event into an evidence-linked picture of it."""

__version__ = "0.1.0"

from manysides.analysis import Analysis  # noqa: E402
from manysides.errors import InputError, ManysidesError, ModelLoadError  # noqa: E402
from manysides.model import Actor, Document, Mention, Span, Statement  # noqa: E402
from manysides.settings import Settings  # noqa: E402


def analyze(paths_or_texts, settings: Settings | None = None, progress=None) -> Analysis:
    """Analyse files, folders or raw article texts; see :func:`manysides.pipeline.analyze`."""
    from manysides.pipeline import analyze as _analyze

    return _analyze(paths_or_texts, settings=settings, progress=progress)


__all__ = ["Actor", "Analysis", "Document", "InputError", "ManysidesError", "Mention", "ModelLoadError",
           "Settings", "Span", "Statement", "analyze", "__version__"]
