"""The ``report`` subcommand, and the browser opener that ``analyze --open`` shares with it.

Kept apart from ``cli.py`` so that the CLI only has to call :func:`add_commands`; the report's
options and errors live with the report.
"""

from __future__ import annotations

import argparse
import sys
import webbrowser
from pathlib import Path

EXIT_OK, EXIT_FAILED = 0, 1


def default_report_path(analysis_json: Path) -> Path:
    """``report.html`` beside the analysis, so that a run's outputs stay together."""
    return analysis_json.with_name("report.html")


def open_in_browser(path: str | Path) -> bool:
    """Open a report in the user's browser; False (and a one-line note) when no browser is available.

    Opening is a convenience: a headless machine without a browser must not turn a successful run
    into a failure, so this never raises.
    """
    url = Path(path).resolve().as_uri()
    try:
        opened = webbrowser.open(url, new=2)
    except webbrowser.Error:
        opened = False
    if not opened:
        print(f"manysides: could not open a browser; the report is at {url}", file=sys.stderr)
    return opened


def cmd_report(args: argparse.Namespace) -> int:
    """Render ``ANALYSIS_JSON`` to HTML; errors in the input are reported on one line, not as a traceback."""
    from manysides.analysis import Analysis
    from manysides.errors import SchemaError
    from manysides.report.render import render_report

    source = Path(args.analysis)
    try:
        analysis = Analysis.read(source)
    except SchemaError as exc:
        print(f"manysides: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    out = args.out if args.out is not None else default_report_path(source)
    try:
        target = render_report(analysis, out)
    except OSError as exc:
        print(f"manysides: error: {out}: cannot write the report ({exc.strerror or exc})", file=sys.stderr)
        return EXIT_FAILED
    if not getattr(args, "quiet", False):
        print(f"report -> {target}")
    if args.open:
        open_in_browser(target)
    return EXIT_OK


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``report ANALYSIS_JSON [--out PATH] [--open]`` on the CLI's subparsers."""
    report = subparsers.add_parser("report", help="render an analysis.json as one self-contained HTML file")
    report.add_argument("analysis", metavar="ANALYSIS_JSON", help="an analysis.json written by 'manysides analyze'")
    report.add_argument("--out", type=Path, default=None, help="output HTML file (default: report.html beside it)")
    report.add_argument("--open", action="store_true", help="open the report in a web browser")
    report.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    report.set_defaults(handler=cmd_report)
