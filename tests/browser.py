"""Shared set-up for the browser tests: Debian's Chromium driven by Playwright, or a clear skip.

``playwright install`` cannot download a browser on these machines, so the tests launch the system
Chromium (``apt-get install -y chromium``, done by ``.ci/run``) with flags that keep it from calling
home. Screenshots go to ``test-artifacts/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def require_browser() -> Any:
    """Playwright's sync API, or skip the calling test module saying what is missing."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing (apt-get install -y chromium)", allow_module_level=True)
    return pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")


def launched_browser(sync_api: Any) -> Iterator[Any]:
    """A Chromium instance for a module-scoped fixture; skips when the install is broken."""
    with sync_api.sync_playwright() as playwright:
        try:
            instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        except Exception as exc:  # a broken browser install is an environment problem, not a product bug
            pytest.skip(f"chromium would not start: {exc}")
        yield instance
        instance.close()
