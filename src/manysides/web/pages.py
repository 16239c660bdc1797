"""Server-rendered pages: Jinja2 with autoescaping, inline SVG sparklines, no external assets.

Article titles, outlets and snippets are untrusted text: they reach the page only through autoescaping
or :func:`markupsafe.escape`. Pages carry no script except the story page, which embeds the report's
own script, allowed by its hash in the Content-Security-Policy.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from manysides import __version__

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
CSS_PATH = HERE / "static" / "web.css"
BASE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
            "base-uri 'none'; frame-ancestors 'none'")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """One autoescaping environment for the web templates (all ``.html.j2``)."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(
        enabled_extensions=("html", "j2"), default_for_string=True, default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(version=__version__, sparkline=sparkline, query=query_string)
    env.filters["dash"] = lambda v: "\u2013" if v in (None, "") else v
    env.tests["web_url"] = web_url
    return env


def web_url(value: Any) -> bool:
    """Whether a corpus URL may become a link: only http(s); escaping alone lets ``javascript:`` through."""
    return isinstance(value, str) and urlsplit(value.strip()).scheme.lower() in ("http", "https")


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The site stylesheet, read once from the package (served at a fixed URL, never a request path)."""
    return CSS_PATH.read_text(encoding="utf-8")


def story_csp(script_hash: str) -> str:
    """The story page embeds the report: its inline style attributes and exactly its one script."""
    return ("default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            f"script-src {script_hash}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """``?a=1&b=2`` from the current filters with some changed; empty values are dropped."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "") and not (k == "offset" and not v)}
    return ("?" + urlencode(kept)) if kept else "?"


def sparkline(coverage: list[dict[str, Any]], width: int = 140, height: int = 28, max_bins: int = 60) -> Markup:
    """Articles per day as an inline SVG bar chart; days are grouped when the story spans many of them."""
    days = sorted((date.fromisoformat(c["date"]), int(c["n"])) for c in coverage)
    if not days:
        return Markup('<span class="note">undated</span>')
    first, last = days[0][0], days[-1][0]
    span = (last - first).days + 1
    per_bin = max(1, math.ceil(span / max_bins))
    counts = [0] * math.ceil(span / per_bin)
    for day, n in days:
        counts[(day - first).days // per_bin] += n
    peak, step = max(counts), width / len(counts)
    bar = max(1.0, min(step - 1, 10.0))
    unit = "day" if per_bin == 1 else f"{per_bin} days"
    label = f"{sum(counts)} articles from {first} to {last}; at most {peak} per {unit}"
    rects = []
    for i, n in enumerate(counts):
        if n:
            h = max(2.0, n / peak * (height - 3))
            x = i * step + (step - bar) / 2
            when = first.fromordinal(first.toordinal() + i * per_bin)
            rects.append(f'<rect x="{x:.1f}" y="{height - 1 - h:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                         f"<title>{when}: {n}</title></rect>")
    return Markup(f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
                  f'aria-label="{escape(label)}"><title>{escape(label)}</title>'
                  f'<line x1="0" x2="{width}" y1="{height - 0.5}" y2="{height - 0.5}"></line>{"".join(rects)}</svg>')


def highlight(text: str, words: list[str]) -> Markup:
    """Escape ``text`` and wrap the query words in ``<mark>`` (case-insensitive, whole text escaped)."""
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
    out, pos = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[pos:match.start()]))
        out.append(Markup("<mark>") + escape(match.group(0)) + Markup("</mark>"))
        pos = match.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def render_error(status: int, code: str, message: str) -> str:
    """The one HTML error page."""
    return render("error.html.j2", title=f"{status} \u2013 {code.replace('_', ' ')}", status=status, code=code,
                  message=message)
