"""Shared helpers for benchmark scripts: where the data is, and the append-only results file."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RESULTS = Path(__file__).resolve().parent / "results.jsonl"


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        # The results file itself changes with every recorded row: that does not make the code dirty.
        status = ["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                  ":(exclude)benchmarks/results.jsonl"]
        dirty = subprocess.run(status, cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return out.stdout.strip() + ("+dirty" if dirty else "")
    except OSError:
        return "unknown"


def record(benchmark: str, **figures) -> dict:
    """Append one result line (with date and commit) to benchmarks/results.jsonl and return it."""
    row = {"benchmark": benchmark, "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
           "git_commit": git_commit(), **figures}
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(row) + "\n")
    return row


def require(path: Path) -> Path:
    if not path.exists():
        raise SystemExit(f"{path} is missing: this benchmark needs ../shared beside the project")
    return path
