"""The browse app in a real browser: uvicorn on 127.0.0.1 in a thread, Debian's Chromium via Playwright.

Checks that the story list, search and a story page with the report's comparison views render, that the
embedded report script runs under the page's Content-Security-Policy, and that no request leaves
127.0.0.1. Screenshots go to ``test-artifacts/`` for a person to look at. Skipped, with the reason,
where chromium, playwright or the web dependencies are missing.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from browser import ARTIFACTS, launched_browser, require_browser

sync_api = require_browser()
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed (pip install fastapi uvicorn)")

from manysides.web import create_app  # noqa: E402
from test_web import build_store  # noqa: E402



def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, demo_dir) -> Iterator[str]:
    """uvicorn serving a fresh store (the demo story and test_web's two extra stories) on 127.0.0.1."""
    app = create_app(build_store(tmp_path_factory.mktemp("browse") / "corpus.duckdb", demo_dir))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched_browser(sync_api)


@dataclass
class Opened:
    """A loaded page and everything it did: requests, console errors, script errors."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_local_and_clean(self, base_url: str) -> None:
        assert self.requests and all(url.startswith(base_url + "/") for url in self.requests), self.requests
        assert not self.errors and not self.console_errors, (self.errors, self.console_errors)


def open_page(browser: Any, url: str, width: int = 1280, height: int = 900) -> Opened:
    page = browser.new_page(viewport={"width": width, "height": height})
    opened = Opened(page=page)
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on("console", lambda msg: opened.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.goto(url, wait_until="load", timeout=120_000)
    return opened


def shoot(page: Any, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_story_list_renders_locally(browser: Any, base_url: str, width: int, height: int) -> None:
    opened = open_page(browser, base_url + "/", width, height)
    page = opened.page
    assert page.locator("h1").inner_text() == "Stories"
    rows = page.locator("table.stories tbody tr")
    assert rows.count() == 3, "the demo story and the two extra ones"
    assert page.locator("table.stories svg.spark rect").count() >= rows.count()
    assert page.locator("svg.spark").first.is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px at {width}px"
    shoot(page, f"web-stories-{width}.png")
    opened.assert_local_and_clean(base_url)
    page.close()


def test_filter_and_search_in_the_browser(browser: Any, base_url: str) -> None:
    opened = open_page(browser, base_url + "/")
    page = opened.page
    page.select_option("#f-lean", "right")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("table.stories tbody tr").count() == 1
    assert page.locator("td.story-title a").inner_text().startswith("Britain votes to leave")
    page.select_option("#f-lean", "left")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_load_state()
    titles = page.locator("td.story-title a").all_inner_texts()
    assert len(titles) == 2 and any(t.startswith("Hundreds evacuated") for t in titles), titles
    page.fill("#site-q", "sterling freefall")
    page.locator("form.site-search button").click()
    page.wait_for_load_state()
    assert page.locator("ol.hits li").first.locator(".hit-title").inner_text().startswith("Sterling in freefall")
    assert page.locator("ol.hits mark").count() >= 1
    shoot(page, "web-search-1280.png")
    opened.assert_local_and_clean(base_url)
    page.close()


def test_story_page_shows_comparison_views_and_the_report_script_runs(browser: Any, base_url: str) -> None:
    opened = open_page(browser, base_url + "/")
    page = opened.page
    # A one-article story (the flood report) keeps the on-demand analysis short.
    page.locator("td.story-title a").filter(has_text="Hundreds evacuated").click()
    page.wait_for_load_state("load", timeout=120_000)
    assert page.locator("h1").inner_text().startswith("Hundreds evacuated as River Brant floods")
    for section in ("overview", "sources", "claims", "quotes", "actors", "framing", "reuse", "timeline"):
        assert page.locator(f"section#{section}").count() == 1, section
    assert page.locator(".col").count() == 1, "the story's one source, in the sources view"
    shoot(page, "web-story-1280.png", full_page=False)
    quote = page.locator("#quotes a.qtext").first
    quote.click()  # the report's own script highlights the quoted words: proof it runs under the CSP
    assert page.locator("mark.hl").count() >= 1
    shoot(page, "web-story-1280-highlight.png", full_page=False)
    page.keyboard.press("Escape")
    assert page.locator("mark.hl").count() == 0
    opened.assert_local_and_clean(base_url)
    page.close()
