"""Evidence spans as ``<mark>`` elements inside the escaped document text.

Offsets in ``analysis.json`` count Unicode code points, while JavaScript strings count UTF-16 units, so
the browser cannot locate a span reliably by itself. Instead every span that some finding cites is
wrapped in a ``<mark>`` at render time, and a finding only names the span's key. Spans may overlap
(a claim inside a quote, a reuse passage crossing both); HTML elements must nest, so a span that
crosses another is split into fragments that share one key. Concatenating the fragments of a key in
document order gives back exactly ``text[start:end]``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from manysides.model import Document


@dataclass(frozen=True, slots=True)
class Wrapper:
    """One stretch to wrap: an evidence mark (``key`` set) or a dimmed boilerplate region."""

    start: int
    end: int
    key: str | None = None
    css: str = ""

    def open_tag(self, doc_id: str, first: bool) -> str:
        """The opening tag; only the first fragment of a mark carries the ``id`` the links point at."""
        if self.key is None:
            return f'<span class="{html.escape(self.css, quote=True)}">'
        ident = f' id="m-{self.key}" tabindex="-1"' if first else ""
        return (f'<mark{ident} data-k="{self.key}" data-doc="{html.escape(doc_id, quote=True)}" '
                f'data-start="{self.start}" data-end="{self.end}">')

    def close_tag(self) -> str:
        return "</span>" if self.key is None else "</mark>"


@dataclass(slots=True)
class SpanRegistry:
    """Collects every span a finding cites, so each document can be rendered with its marks once."""

    documents: list[Document]
    _index: dict[str, int] = field(default_factory=dict)
    _spans: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index = {doc.id: i for i, doc in enumerate(self.documents)}
        self._spans = {doc.id: {} for doc in self.documents}

    def key(self, doc: Any, start: Any, end: Any) -> str | None:
        """The key of span ``[start, end)`` of ``doc``; None when it does not point into a known text.

        Records from other stages are data, not trusted code: a span with an unknown document or
        out-of-range offsets is dropped rather than allowed to break the page.
        """
        if not isinstance(doc, str) or doc not in self._index:
            return None
        try:
            start, end = int(start), int(end)
        except (TypeError, ValueError):
            return None
        length = len(self.documents[self._index[doc]].text)
        if not 0 <= start < end <= length:
            return None
        spans = self._spans[doc]
        if (start, end) not in spans:
            spans[(start, end)] = f"{self._index[doc]}-{start}-{end}"
        return spans[(start, end)]

    def key_of(self, record: Any, doc: str | None = None) -> str | None:
        """Key of a ``{doc, start, end}`` record (``doc`` may be given when the record has none)."""
        if not isinstance(record, dict):
            return None
        return self.key(record.get("doc", doc), record.get("start"), record.get("end"))

    def text(self, doc: str, start: int, end: int) -> str:
        return self.documents[self._index[doc]].text[start:end]

    def render(self, document: Document) -> Markup:
        """The document's text, escaped, with boilerplate dimmed and every registered span marked."""
        wrappers = [Wrapper(r.start, min(r.end, len(document.text)), None, f"bp bp-{_css_word(r.kind)}")
                    for r in document.boilerplate if r.start < min(r.end, len(document.text))]
        wrappers += [Wrapper(s, e, k) for (s, e), k in self._spans.get(document.id, {}).items()]
        return Markup(render_wrapped(document.text, document.id, wrappers))


def _css_word(kind: str) -> str:
    return "".join(ch for ch in kind if ch.isalnum() or ch in "-_") or "other"


def render_wrapped(text: str, doc_id: str, wrappers: list[Wrapper]) -> str:
    """Escape ``text`` and wrap the given stretches, splitting crossing stretches into nested fragments.

    The classic tag-balancing walk: at each boundary, close what ends there; a stretch that must close
    while others opened inside it are still open forces those to close and reopen around it.
    """
    wrappers = sorted(wrappers, key=lambda w: (w.start, -w.end, w.key is not None))
    bounds = sorted({0, len(text)} | {w.start for w in wrappers} | {w.end for w in wrappers})
    starts: dict[int, list[Wrapper]] = {}
    for wrapper in wrappers:
        starts.setdefault(wrapper.start, []).append(wrapper)
    out: list[str] = []
    stack: list[Wrapper] = []
    opened: set[Wrapper] = set()
    for pos, nxt in zip(bounds, bounds[1:] + [None]):
        _close_ending(stack, pos, out, doc_id)
        for wrapper in starts.get(pos, []):
            out.append(wrapper.open_tag(doc_id, wrapper not in opened))
            opened.add(wrapper)
            stack.append(wrapper)
        if nxt is not None:
            out.append(html.escape(text[pos:nxt], quote=False))
    _close_ending(stack, len(text) + 1, out, doc_id)
    return "".join(out)


def _close_ending(stack: list[Wrapper], pos: int, out: list[str], doc_id: str) -> None:
    """Close every open stretch ending at or before ``pos``, reopening the ones that must continue."""
    while any(w.end <= pos for w in stack):
        reopen: list[Wrapper] = []
        while stack:
            top = stack.pop()
            out.append(top.close_tag())
            if top.end <= pos:
                break
            reopen.append(top)
        for wrapper in reversed(reopen):
            out.append(wrapper.open_tag(doc_id, first=False))
            stack.append(wrapper)
