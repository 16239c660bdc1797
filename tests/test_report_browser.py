"""The report in a real browser (Playwright driving Debian's Chromium): sections, span highlighting,
keyboard use, no network requests, untrusted text that runs nothing, phone and print layouts.

Skipped, with the reason, where ``/usr/bin/chromium`` or the ``playwright`` package is missing
(``apt-get install -y chromium``; ``pip install playwright``; ``playwright install`` is not needed).
Screenshots go to ``test-artifacts/`` (gitignored) for a human to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from browser import ARTIFACTS, launched_browser, require_browser

sync_api = require_browser()

from manysides.analysis import Analysis  # noqa: E402
from manysides.report import SECTIONS, render_report  # noqa: E402
from test_report import enrich, hostile_analysis  # noqa: E402



@dataclass
class Opened:
    """A loaded report page and everything it did: requests, dialogs, script errors."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched_browser(sync_api)


@pytest.fixture(scope="module")
def rich(demo_analysis) -> Analysis:
    return enrich(demo_analysis)


@pytest.fixture(scope="module")
def demo_report(rich: Analysis, tmp_path_factory) -> Path:
    return render_report(rich, tmp_path_factory.mktemp("report") / "report.html")


def open_report(browser: Any, path: Path, width: int = 1280, height: int = 900) -> Opened:
    """Open a report over file:// with every request, dialog and page error recorded."""
    page = browser.new_page(viewport={"width": width, "height": height})
    opened = Opened(page=page, url=path.resolve().as_uri())
    page.on("request", lambda request: opened.requests.append(request.url))
    page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.goto(opened.url)
    return opened


def highlighted(page: Any) -> dict[str, dict[str, Any]]:
    """Per highlighted span key: its document, offsets, the column it is in and its text (all fragments)."""
    return page.evaluate("""() => {
        const out = {};
        document.querySelectorAll('mark.hl').forEach(m => {
            const k = m.dataset.k;
            out[k] = out[k] || {doc: m.dataset.doc, start: +m.dataset.start, end: +m.dataset.end,
                                column: m.closest('.col').dataset.doc, text: '', visible: false};
            out[k].text += m.textContent;
            const box = m.closest('.doctext').getBoundingClientRect(), r = m.getBoundingClientRect();
            if (r.top >= box.top - 1 && r.bottom <= box.bottom + 1) { out[k].visible = true; }
        });
        return out;
    }""")


def assert_highlights_match(page: Any, analysis: Analysis, spans: str) -> None:
    marks = highlighted(page)
    assert sorted(marks) == sorted(spans.split())
    for key, mark in marks.items():
        assert mark["column"] == mark["doc"], key
        assert mark["text"] == analysis.document(mark["doc"]).text[mark["start"]:mark["end"]], key
        assert mark["visible"], f"{key} was not scrolled into view in its column"


def test_every_section_renders(browser: Any, demo_report: Path) -> None:
    opened = open_report(browser, demo_report)
    page = opened.page
    for sid, label in SECTIONS:
        section = page.locator(f"section#{sid}")
        assert section.count() == 1, sid
        assert label in section.locator("h2").inner_text(), sid
        assert section.inner_text().strip(), sid
    assert page.locator(".col").count() == 5
    assert page.locator("table.matrix tbody tr").count() >= 4
    assert page.locator("#framing svg rect").count() > 5 and page.locator("#timeline svg .event").count() > 3
    assert not opened.errors
    page.close()


def test_clicking_a_claim_highlights_its_span_in_each_column(browser: Any, demo_report: Path, rich: Analysis) -> None:
    opened = open_report(browser, demo_report)
    page = opened.page
    claim = page.locator("table.matrix a.claim").filter(has_text="lowest level since 1985")
    spans = claim.get_attribute("data-spans")
    assert len(spans.split()) == 2  # two sources, two columns
    claim.click()
    assert_highlights_match(page, rich, spans)
    assert page.locator(".col.dim").count() == 3  # the columns that do not carry the claim step back
    # A quotation carried by two sources, reached with the keyboard this time.
    quote = page.locator("#quotes a.qtext").filter(has_text="Let June 23 go down")
    quote.focus()
    page.keyboard.press("Enter")
    assert_highlights_match(page, rich, quote.get_attribute("data-spans"))
    page.keyboard.press("b")
    assert page.evaluate("document.activeElement.classList.contains('qtext')")
    page.keyboard.press("Escape")
    assert page.locator("mark.hl").count() == 0
    assert not opened.errors
    page.close()


def test_brief_citation_and_filters(browser: Any, demo_report: Path, rich: Analysis) -> None:
    opened = open_report(browser, demo_report)
    page = opened.page
    cite = page.locator("#overview a.cite").first
    cite.click()
    assert_highlights_match(page, rich, cite.get_attribute("data-spans"))
    page.locator(".filter[data-filter=contested]").click()
    rows = page.locator("table.matrix tbody tr")
    statuses = [rows.nth(i).get_attribute("data-status") for i in range(rows.count()) if rows.nth(i).is_visible()]
    assert statuses and set(statuses) == {"contested"}
    page.keyboard.press("8")
    assert page.evaluate("document.activeElement.id") == "h-timeline"
    page.close()


def test_no_network_request_of_any_kind(browser: Any, demo_report: Path) -> None:
    opened = open_report(browser, demo_report)
    page = opened.page
    findings = page.locator("a.f")
    for i in range(0, findings.count(), 7):  # a sample of every kind of finding
        if findings.nth(i).is_visible():
            findings.nth(i).click()
    page.wait_for_timeout(200)
    assert opened.requests == [opened.url]
    page.close()


def test_hostile_text_runs_nothing(browser: Any, tmp_path: Path) -> None:
    report = render_report(hostile_analysis(), tmp_path / "hostile.html")
    opened = open_report(browser, report)
    page = opened.page
    for i in range(page.locator("a.f").count()):
        link = page.locator("a.f").nth(i)
        if link.is_visible():
            link.click()
    page.wait_for_timeout(300)
    assert opened.dialogs == []
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 1
    assert page.locator("img, iframe, textarea, b, style ~ style").count() == 0
    assert "<script>window.__pwned" in page.locator(".doctext").first.inner_text()  # shown as text
    assert opened.requests == [opened.url] and not opened.errors
    page.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_layout_and_screenshots(browser: Any, demo_report: Path, width: int, height: int) -> None:
    opened = open_report(browser, demo_report, width, height)
    page = opened.page
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px at {width}px"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-{width}.png"), full_page=True)
    page.locator("table.matrix a.claim").first.click()
    page.screenshot(path=str(ARTIFACTS / f"report-{width}-highlight.png"))
    page.close()


def test_print_layout_stacks_columns_and_hides_navigation(browser: Any, demo_report: Path) -> None:
    opened = open_report(browser, demo_report)
    page = opened.page
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    boxes = [page.locator(".col").nth(i).bounding_box() for i in range(2)]
    assert boxes[1]["y"] > boxes[0]["y"] + boxes[0]["height"] - 1  # stacked, not side by side
    assert page.evaluate("getComputedStyle(document.querySelector('.doctext')).maxHeight") == "none"
    page.close()


def test_seeds_report_loads_offline(browser: Any, seeds_analysis: Analysis, tmp_path: Path) -> None:
    report = render_report(enrich(seeds_analysis), tmp_path / "seeds.html")
    opened = open_report(browser, report)
    page = opened.page
    assert page.locator(".col").count() == len(seeds_analysis.documents)
    page.locator("#quotes a.qtext").first.click()
    assert page.locator("mark.hl").count() >= 1
    assert opened.requests == [opened.url] and not opened.errors and not opened.dialogs
    page.close()
