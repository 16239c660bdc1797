"""Command line: a thin layer over the library (``manysides.analyze``).

Errors a user can cause are printed as one line each (``manysides: error: FILE: reason``), never as a
traceback. The exit status is non-zero only when nothing could be analysed.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from manysides import __version__
from manysides.errors import ManysidesError, UsageError
from manysides.report.commands import add_commands as add_report_commands
from manysides.store.commands import add_commands as add_store_commands
from manysides.web.commands import add_commands as add_web_commands
from manysides.settings import MiB, Settings

EXIT_OK, EXIT_NOTHING_READ, EXIT_USAGE = 0, 1, 2


def demo_corpus_dir() -> Path:
    """Folder of the built-in demo corpus (``examples/demo`` in the source tree, shipped in the wheel)."""
    spec = importlib.util.find_spec("manysides._demo")
    if spec is not None and spec.submodule_search_locations:  # a data-only (namespace) package in the wheel
        return Path(list(spec.submodule_search_locations)[0])
    return Path(__file__).resolve().parents[2] / "examples" / "demo"  # a source checkout, not installed


def _positive_int(value: str) -> int:
    number = int(value)
    if not 1 <= number <= 1024:
        raise argparse.ArgumentTypeError(f"must be between 1 and 1024, got {number}")
    return number


def _interactive(stream) -> bool:
    return stream.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


@contextmanager
def progress_bar(enabled: bool, label: str) -> Iterator[Callable[[int, int | None], None] | None]:
    """A rich progress bar on a terminal; nothing at all in pipes, CI or with --quiet."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int | None) -> None:  # total None: a stream of unknown length
            bar.update(task, completed=done, total=total)

        yield update


def _print_error(message: str) -> None:
    print(f"manysides: error: {message}", file=sys.stderr)


def cmd_analyze(args: argparse.Namespace) -> int:
    from manysides.pipeline import analyze
    from manysides.report import render_report
    from manysides.report.commands import open_in_browser

    inputs: list[str] = list(args.articles)
    if args.demo:
        inputs.append(str(demo_corpus_dir()))
    if not inputs:
        _print_error("no articles given: name files or folders, '-' for stdin, or use --demo")
        return EXIT_USAGE
    try:
        settings = Settings(model=args.model, max_file_bytes=int(args.max_file_mb * MiB), tone=not args.no_tone)
    except ValueError as exc:
        _print_error(str(exc))
        return EXIT_USAGE
    if args.engine == "ray" or args.workers > 1:
        analysis = _analyze_scaled(args, inputs, settings)
    else:
        with progress_bar(not args.quiet and _interactive(sys.stderr), "analysing") as update:
            analysis = analyze(inputs, settings=settings, progress=update)
    for problem in analysis.problems:
        _print_error(f"{problem.source}: {problem.reason}")
    if not analysis.documents:
        _print_error("nothing could be read; no analysis written")
        return EXIT_NOTHING_READ
    target = analysis.write(args.out)
    report = render_report(analysis, target.with_name("report.html"))
    if not args.quiet:
        print(f"{len(analysis.documents)} documents, {len(analysis.actors)} actors, "
              f"{len(analysis.statements)} statements -> {target}, {report.name}")
    if args.open:
        open_in_browser(report)
    return EXIT_OK


def _analyze_scaled(args: argparse.Namespace, inputs: list[str], settings: Settings):
    """The same per-document functions on a process pool or on Ray (docs/ray.md)."""
    from manysides.scale import LocalEngine, RayEngine, analyze_with

    if args.engine == "local":
        return analyze_with(LocalEngine(args.workers), inputs, settings)
    with RayEngine(num_cpus=args.workers if args.workers > 1 else None) as engine:
        return analyze_with(engine, inputs, settings)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="manysides", description="Compare how news sources cover one event: "
                                     "actors, who said what, claims, reuse, tone and a cited brief.")
    parser.add_argument("--version", action="version", version=f"manysides {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    analyze = commands.add_parser("analyze", help="analyse a set of articles and write OUT/analysis.json")
    analyze.add_argument("articles", nargs="*", help="files, folders (searched recursively) or '-' for stdin")
    analyze.add_argument("--out", required=True, type=Path, help="output folder")
    analyze.add_argument("--demo", action="store_true", help="analyse the built-in demo corpus")
    analyze.add_argument("--model", default=Settings().model, help="spaCy package name or model directory")
    analyze.add_argument("--max-file-mb", type=float, default=50.0, help="refuse input files larger than this")
    analyze.add_argument("--no-tone", action="store_true",
                         help="skip the tone model (tone toward actors), the slowest stage; the rest is unchanged")
    analyze.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    analyze.add_argument("--open", action="store_true", help="open OUT/report.html in a browser when done")
    analyze.add_argument("--engine", choices=("local", "ray"), default="local",
                         help="where the per-document work runs: this machine, or Ray (pip install 'manysides[ray]')")
    analyze.add_argument("--workers", type=_positive_int, default=1,
                         help="processes for --engine local, CPUs for --engine ray (default 1)")
    analyze.set_defaults(handler=cmd_analyze)
    add_report_commands(commands)
    add_store_commands(commands)
    add_web_commands(commands)
    return parser


class _StderrLines(logging.Handler):
    """Writes each message to whatever ``sys.stderr`` is at that moment (tests and shells swap it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            print(f"manysides: {self.format(record)}", file=sys.stderr)
        except Exception:  # logging's own contract: report through handleError, never raise
            self.handleError(record)


def route_log_messages(quiet: bool) -> None:
    """The library's log messages (a long index build, say) go to stderr as ``manysides: ...`` lines,
    and ``--quiet`` leaves only errors. Without this, Python shows warnings bare and hides the rest,
    whatever the command's ``--quiet`` says."""
    logger = logging.getLogger("manysides")
    if not any(isinstance(handler, _StderrLines) for handler in logger.handlers):
        logger.addHandler(_StderrLines())
    logger.setLevel(logging.ERROR if quiet else logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    route_log_messages(bool(getattr(args, "quiet", False)))
    try:
        return args.handler(args)
    except UsageError as exc:
        _print_error(str(exc))
        return EXIT_USAGE
    except ManysidesError as exc:
        _print_error(str(exc))
        return EXIT_NOTHING_READ
    except ValueError as exc:  # an argument outside its allowed range, checked where it is used
        _print_error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _print_error("interrupted; nothing written for this run")
        return 130


if __name__ == "__main__":
    sys.exit(main())
