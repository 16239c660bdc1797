"""Shared fixtures: the real spaCy pipeline (loaded once), the demo corpus, and ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def nlp():
    from manysides.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    from manysides.cli import demo_corpus_dir

    return demo_corpus_dir()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent (it ships only with the project's development setup)")
    return SEEDS


@pytest.fixture(scope="session")
def demo_documents(demo_dir):
    """The demo corpus as read (documents with their boilerplate regions), not yet analysed."""
    from manysides.io import read_inputs

    return read_inputs([demo_dir]).documents


@pytest.fixture(scope="session")
def demo_analysis(demo_dir):
    import manysides

    return manysides.analyze([demo_dir])


@pytest.fixture(scope="session")
def seeds_analysis(seeds_dir):
    import manysides

    return manysides.analyze([seeds_dir])
