"""Reuse the HTML report's comparison views inside the story page.

The report (:func:`manysides.report.render_html`) is the single renderer of the comparison views; the
story page embeds its section navigation, its ``<main>`` and its script and style rather than keeping
a second copy of those templates. The report escapes all article text, so the markers looked for here
(``<main id="main">``, ``</script>``) cannot come from an article. When the report's layout changes so
that a marker is missing, :class:`ReportLayoutError` is raised and the story page links to the full
report instead of showing a broken page.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass

from manysides.errors import ManysidesError

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_NAV = re.compile(r'<header class="top">.*?(<nav\b.*?</nav>)\s*</header>', re.S)
_SCRIPT = re.compile(r"<script>(.*?)</script>\s*</body>", re.S)
_BACK = re.compile(r'<button type="button" id="back".*?</button>', re.S)
_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
MAIN_OPEN = '<main id="main">'


class ReportLayoutError(ManysidesError):
    """The rendered report no longer has the parts the story page embeds."""


@dataclass(frozen=True, slots=True)
class ReportParts:
    """The pieces of a rendered report that the story page places in its own layout."""

    css: str
    nav: str
    main: str
    back: str
    script: str

    @property
    def script_hash(self) -> str:
        return csp_hash(self.script)


def csp_hash(text: str) -> str:
    """A CSP source expression allowing exactly this inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def split_report(report_html: str) -> ReportParts:
    """Cut a rendered report into its style, section navigation, main content, back button and script."""
    style, nav, script = _STYLE.search(report_html), _NAV.search(report_html), _SCRIPT.search(report_html)
    start, end = report_html.find(MAIN_OPEN), report_html.rfind("</main>")
    if not (style and script and 0 <= start < end):
        raise ReportLayoutError("the report's layout changed: no <style>, <main id=\"main\"> or closing <script>")
    back = _BACK.search(report_html)
    return ReportParts(css=style.group(1), nav=nav.group(1) if nav else "",
                       main=report_html[start + len(MAIN_OPEN):end], back=back.group(0) if back else "",
                       script=script.group(1))


def report_csp(report_html: str) -> str:
    """The Content-Security-Policy the report declares for itself (sent as a header too), tightened."""
    found = _CSP.search(report_html)
    policy = html.unescape(found.group(1)) if found else "default-src 'none'; style-src 'unsafe-inline'"
    return policy.rstrip("; ") + "; frame-ancestors 'self'"
