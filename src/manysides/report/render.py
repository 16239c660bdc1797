"""Render an :class:`~manysides.analysis.Analysis` as one self-contained, offline HTML report.

The report is meant to be mailed, archived and opened years later, so it is a single file with its
CSS and JavaScript inline and charts as inline SVG: no CDN, no web font, no request of any kind.
Article text is untrusted input, so it only ever reaches the page through Jinja2 autoescaping or
``html.escape`` and never enters a ``<script>``; a Content-Security-Policy that allows only the
report's own script (by hash) and no network access is the second line of defence.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from manysides import __version__
from manysides.analysis import Analysis, write_atomic
from manysides.report.charts import actors_view, frames_view, reuse_view, stances_view
from manysides.report.marks import SpanRegistry
from manysides.report.timeline import timeline_view
from manysides.report.views import Ctx, brief_view, claims_view, doc_labels, quotes_view, sources_view

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

# The sections in reading order: (id, navigation label). Ids are stable so that links into a report
# (report.html#claims) keep working between versions.
SECTIONS = (
    ("overview", "Overview"),
    ("sources", "Sources side by side"),
    ("claims", "Claims \u00d7 sources"),
    ("quotes", "Who said what"),
    ("actors", "Actors"),
    ("framing", "Framing"),
    ("reuse", "Reuse"),
    ("timeline", "Timeline"),
)
SHORT_LABELS = {"overview": "Overview", "sources": "Sources", "claims": "Claims", "quotes": "Quotes",
                "actors": "Actors", "framing": "Framing", "reuse": "Reuse", "timeline": "Timeline"}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """One Jinja2 environment with autoescaping on for every template (they all end in .html.j2)."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(
        enabled_extensions=("html", "html.j2", "j2"), default_for_string=True, default=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["pct"] = _pct
    env.filters["signed"] = lambda v: f"{float(v):+.2f}" if isinstance(v, (int, float)) else "\u2013"
    return env


def _pct(value: Any) -> str:
    """A share in [0, 1] as a whole percentage; a dash when the value is missing."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return "\u2013"
    return f"{value * 100:.0f}%"


def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def script_hash(script: str) -> str:
    """The CSP source expression that allows exactly this inline script and nothing else."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def build_context(analysis: Analysis) -> dict[str, Any]:
    """Everything the templates need, computed once; the span registry is filled as views are built."""
    ctx = Ctx(analysis=analysis, spans=SpanRegistry(analysis.documents), labels=doc_labels(analysis))
    context: dict[str, Any] = {
        "sources": sources_view(ctx),
        "brief": brief_view(ctx),
        "claims": claims_view(ctx),
        "quotes": quotes_view(ctx),
        "actors": actors_view(ctx),
        "stances": stances_view(ctx),
        "frames": frames_view(ctx),
        "reuse": reuse_view(ctx),
        "timeline": timeline_view(ctx),
        "problems": [p.to_dict() for p in analysis.problems],
        "n_statements": len(analysis.statements),
    }
    # Documents are rendered last: only now does the registry know every span some finding cites.
    for row, doc in zip(context["sources"], analysis.documents):
        row["html"] = ctx.spans.render(doc)
    return context


def render_html(analysis: Analysis) -> str:
    """The report as one HTML string."""
    script = _static("report.js")
    context = build_context(analysis)
    context.update(
        sections=SECTIONS, section_number={sid: i + 1 for i, (sid, _) in enumerate(SECTIONS)},
        section_label=dict(SECTIONS), short_label=SHORT_LABELS,
        css=Markup(_static("report.css")), script=Markup(script),
        csp=("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
             f"script-src {script_hash(script)}; base-uri 'none'; form-action 'none'"),
        version=__version__, generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        title=_title(analysis),
    )
    return _environment().get_template("report.html.j2").render(**context)


def _title(analysis: Analysis) -> str:
    n = len(analysis.documents)
    return f"manysides report: {n} source{'s' if n != 1 else ''}"


def render_report(analysis: Analysis, out_path: str | Path) -> Path:
    """Write the report to ``out_path`` atomically (temp file + rename) and return the path.

    A reader who has the previous report open, or a watcher serving it, never sees a half-written file.
    """
    target = Path(out_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, render_html(analysis))
    return target
