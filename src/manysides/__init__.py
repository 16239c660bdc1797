"""manysides: turn a pile of news articles about one event into an evidence-linked picture of it."""

__version__ = "0.1.0"
