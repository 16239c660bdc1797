"""The ``serve`` subcommand; ``manysides.cli`` registers it with :func:`add_commands`.

Binds to 127.0.0.1 unless told otherwise: the corpus and its analyses are the user's, and a browse
server on a laptop should not be reachable from the café's network by accident.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from manysides.errors import ManysidesError

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8000
WILDCARD_HOSTS = ("0.0.0.0", "::", "")


class ServeError(ManysidesError):
    """The web server cannot start (missing web dependencies, bad port)."""


def allowed_hosts_for(host: str) -> list[str]:
    """Host header names to answer: the local names, plus the bound host; anything when bound to all interfaces."""
    if host in WILDCARD_HOSTS:
        return ["*"]
    return sorted({"127.0.0.1", "localhost", "::1", host.strip("[]").lower()})


def cmd_serve(args: argparse.Namespace) -> int:
    """Open the store read-only and serve it until interrupted."""
    try:
        import uvicorn

        from manysides.web.app import create_app
    except ImportError as exc:
        raise ServeError(f"the web server needs FastAPI and uvicorn ({exc.name} is missing): "
                         "pip install fastapi uvicorn") from exc
    if not 0 < args.port < 65536:
        raise ServeError(f"port must be between 1 and 65535, got {args.port}")
    app = create_app(args.db, analysis_timeout_s=args.analysis_timeout, allowed_hosts=allowed_hosts_for(args.host),
                     read_only=args.read_only)
    if args.host in WILDCARD_HOSTS:
        print(f"manysides: warning: serving {args.db} on all interfaces; anyone on the network can read it",
              file=sys.stderr)
    print(f"manysides: serving {args.db} at http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False,
                proxy_headers=False, timeout_graceful_shutdown=5)
    return 0


def add_commands(subparsers: Any) -> None:
    """Register ``serve CORPUS.duckdb [--host 127.0.0.1] [--port 8000]`` on the CLI's subparsers."""
    serve = subparsers.add_parser("serve", help="browse a corpus store in a web browser (stories, search, analyses)")
    serve.add_argument("db", type=Path, metavar="CORPUS.duckdb", help="corpus database written by 'manysides ingest'")
    serve.add_argument("--host", default=DEFAULT_HOST,
                       help=f"interface to bind (default {DEFAULT_HOST}: this machine only)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument("--analysis-timeout", type=float, default=120.0,
                       help="seconds one story's deep analysis may take per request (default 120)")
    serve.add_argument("--read-only", action="store_true",
                       help="never write the file: analyses are cached in memory only, search builds no index")
    serve.set_defaults(handler=cmd_serve)
