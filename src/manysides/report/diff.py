"""Word-level differences between two wordings, as escaped HTML with ``<del>`` and ``<ins>``.

Quotes are trimmed and reworded as they travel between outlets, and copied passages are lightly
edited; showing the exact words that changed is what lets a reader judge whether the change matters.
Words are compared case- and punctuation-insensitively so that a changed quote mark or capital
does not hide the real edits, but the original tokens are what is displayed.
"""

from __future__ import annotations

import html
import re
from difflib import SequenceMatcher

from markupsafe import Markup

TOKEN = re.compile(r"\S+\s*")
NORM = re.compile(r"[^\w]+")


def _tokens(text: str) -> tuple[list[str], list[str]]:
    tokens = TOKEN.findall(text)
    return tokens, [NORM.sub("", t).lower() for t in tokens]


def _join(tokens: list[str], tag: str | None) -> str:
    chunk = html.escape("".join(tokens), quote=False)
    return f"<{tag}>{chunk}</{tag}>" if tag and chunk.strip() else chunk


def inline_diff(old: str, new: str) -> Markup:
    """One text showing how ``new`` differs from ``old``: removed words in ``<del>``, added in ``<ins>``."""
    a, a_norm = _tokens(old)
    b, b_norm = _tokens(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a_norm, b_norm, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(_join(b[j1:j2], None))
            continue
        if i2 > i1:
            out.append(_join(a[i1:i2], "del"))
        if j2 > j1:
            out.append(_join(b[j1:j2], "ins"))
    return Markup("".join(out))


def side_by_side(left: str, right: str) -> tuple[Markup, Markup]:
    """The two texts for an aligned view: words only on the left in ``<del>``, only on the right in ``<ins>``."""
    a, a_norm = _tokens(left)
    b, b_norm = _tokens(right)
    out_a: list[str] = []
    out_b: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a_norm, b_norm, autojunk=False).get_opcodes():
        tag_a, tag_b = (None, None) if op == "equal" else ("del", "ins")
        out_a.append(_join(a[i1:i2], tag_a))
        out_b.append(_join(b[j1:j2], tag_b))
    return Markup("".join(out_a)), Markup("".join(out_b))


def changed_share(old: str, new: str) -> float:
    """Share of words that differ, for a short "how much changed" figure next to the diff."""
    _, a_norm = _tokens(old)
    _, b_norm = _tokens(new)
    if not a_norm and not b_norm:
        return 0.0
    return 1.0 - SequenceMatcher(None, a_norm, b_norm, autojunk=False).ratio()
