"""The HTML report: one self-contained, offline file that links every finding to its source words.

``render_report(analysis, out_path)`` writes it; ``manysides report ANALYSIS.json`` (see
:mod:`manysides.report.commands`) renders a saved analysis. See ``docs/report.md``.
"""

from __future__ import annotations

from manysides.report.render import SECTIONS, render_html, render_report

__all__ = ["SECTIONS", "render_html", "render_report"]
