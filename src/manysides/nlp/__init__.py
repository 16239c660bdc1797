"""Language models: loading a spaCy pipeline and the sentence-boundary rules news text needs."""

from manysides.nlp.pipeline import DEFAULT_MODEL, load_pipeline

__all__ = ["DEFAULT_MODEL", "load_pipeline"]
