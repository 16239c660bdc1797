"""Article metadata (title, authors, date, URL, outlet) read off the lines boilerplate marked.

Plain text carries no fields, but articles copied from the web or a PDF keep their head: a title
line, a byline, a date line, the page URL. :func:`mark_boilerplate` finds those lines; this module
only interprets them, so a line is never read as metadata without also being kept out of the prose.
Dates are parsed with regular expressions and :mod:`datetime` (no heavy date library).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from manysides.model import Region

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
         r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"
# Named groups let one pattern serve both detection (boilerplate) and parsing (here).
DATE = (
    rf"(?:(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})"
    rf"|(?P<mdy_m>{MONTH})\s+(?P<mdy_d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<mdy_y>\d{{4}})"
    rf"|(?P<dmy_d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmy_m>{MONTH}),?\s+(?P<dmy_y>\d{{4}}))"
)
TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)"
DATE_RE = re.compile(DATE, re.IGNORECASE)
URL_RE = re.compile(r"^<?(?P<url>(?:https?://|www\.)[^\s<>]+?)>?$", re.IGNORECASE)
HANDLE_RE = re.compile(r"^@(?P<handle>[A-Za-z0-9_]{1,30})$")
_BYLINE_LEAD = re.compile(r"^(?:(?:written|words|reporting|text|story)\s+)?by\s+", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\|)\s*", re.IGNORECASE)
_ROLE_WORDS = re.compile(
    r"\b(?:correspondent|editor|reporter|writer|staff|columnist|contributor|analyst|bureau|desk|"
    r"news|press|agency|professor|fellow|director|senior|chief)\b", re.IGNORECASE)
# An e-mail address or a web address, also as scrapers mangle them ("Jane.Roe Example.Com"):
# a dot between two runs of letters never occurs in a name ("J.R. Smith" has single letters).
_ADDRESS = re.compile(r"@|[^\W\d_]{2}\.[^\W\d_]{2}")
_MARKUP = " \t#*_>"


def parse_date(text: str) -> str | None:
    """The first real calendar date written in ``text`` as ISO ``YYYY-MM-DD``, or None."""
    for match in DATE_RE.finditer(text):
        iso = _iso_from_match(match)
        if iso is not None:
            return iso
    return None


def _iso_from_match(match: re.Match[str]) -> str | None:
    g = match.groupdict()
    if g["iso_y"]:
        year, month, day = int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"])
    elif g["mdy_y"]:
        year, month, day = int(g["mdy_y"]), _MONTHS[g["mdy_m"][:3].lower()], int(g["mdy_d"])
    else:
        year, month, day = int(g["dmy_y"]), _MONTHS[g["dmy_m"][:3].lower()], int(g["dmy_d"])
    try:
        return date(year, month, day).isoformat()
    except ValueError:  # "February 30": a date-shaped string that is no date; keep looking
        return None


_NUMERIC_DATE = re.compile(r"^\s*(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T].*)?$")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)(?=/|$)")


def parse_date_field(value: str) -> str | None:
    """A date given as a metadata *field* (not prose): what :func:`parse_date` reads, or all numbers.

    ``2016-9-20``, ``2016/09/20``, ``8/19/19``, ``19.08.2019``: month and day are told apart only when
    one of them is over 12, so ``4/5/18`` (April or May, by country) gives None rather than a guess.
    Two-digit years are read as 19xx from 70 on, else 20xx (the POSIX convention).
    """
    found = parse_date(value)
    match = _NUMERIC_DATE.match(value) if found is None else None
    if match is None:
        return found
    a, b, c = (int(x) for x in match.groups())
    if len(match.group(1)) == 4:
        year, month, day = a, b, c
    elif len(match.group(3)) in (2, 4):
        year = c if c >= 100 else (1900 + c if c >= 70 else 2000 + c)
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            month, day = a, b
        else:
            return None  # both could be the month: no guess
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def date_from_url(url: str | None) -> str | None:
    """The publication date many sites put in the path (``/2018/09/29/slug``), or None.

    On the 18,005 AllSides records that give both, the two agree on every one.
    """
    match = _URL_DATE.search(urlsplit(url).path) if url else None
    if match is None:
        return None
    try:
        return date(*(int(x) for x in match.groups())).isoformat()
    except ValueError:
        return None


def outlet_from_url(url: str) -> str | None:
    """The site's host name without ``www.``: ``https://www.e-ir.info/2025/...`` gives ``e-ir.info``."""
    host = urlsplit(url if "://" in url else f"http://{url}").hostname
    if not host:
        return None
    return host.removeprefix("www.")


def clean_line(line: str) -> str:
    """A line without markdown heading/emphasis marks around it."""
    return line.strip().strip(_MARKUP).strip()


def split_authors(names: str | list[str] | None) -> list[str]:
    """``"A, B and C"`` or ``["A", "B"]`` as a list of names; all-capital names are title-cased.

    Parts that are no name are dropped: roles, anything with a digit, e-mail and web addresses.
    """
    if not names:
        return []
    parts = names if isinstance(names, list) else _NAME_SPLIT.split(names)
    authors: list[str] = []
    for part in parts:
        name = " ".join(str(part).split()).strip(" .")
        if not name or any(ch.isdigit() for ch in name) or _ROLE_WORDS.search(name) or _ADDRESS.search(name):
            continue
        if name.isupper():
            name = name.title()
        if name not in authors:
            authors.append(name)
    return authors


def authors_from_byline(line: str) -> list[str]:
    """Names from ``Written by A and B`` / ``By A, Political Correspondent`` (roles dropped)."""
    names = _BYLINE_LEAD.sub("", clean_line(line))
    names = DATE_RE.split(names, maxsplit=1)[0] if DATE_RE.search(names) else names
    return split_authors(names)


def authors_from_dateline(line: str) -> list[str]:
    """Names before the date in ``CALLUM X AND BULENT Y, AUG 18 2025`` (empty for a bare date)."""
    match = DATE_RE.search(line)
    if match is None:
        return []
    names = clean_line(line[: match.start()]).rstrip(" ,|-–—")
    names = re.sub(r"\b(?:published|updated|posted)(?:\s+on)?:?$", "", names, flags=re.IGNORECASE).strip()
    return split_authors(_BYLINE_LEAD.sub("", names))


def detect_metadata(text: str, regions: list[Region]) -> dict[str, Any]:
    """Title, authors, published, url and outlet found in the marked head lines of ``text``."""
    found: dict[str, Any] = {"title": None, "authors": [], "published": None, "url": None, "outlet": None}
    for region in sorted(regions, key=lambda r: r.start):
        line = text[region.start:region.end]
        _absorb(found, region.kind, line, region.start)
    if found["outlet"] is None and found["url"]:
        found["outlet"] = outlet_from_url(found["url"])
    return found


def _absorb(found: dict[str, Any], kind: str, line: str, start: int) -> None:
    """Fill the still-empty fields of ``found`` from one marked line."""
    if kind == "title" and found["title"] is None:
        found["title"] = clean_line(line) or None
    elif kind == "heading" and found["title"] is None and start < 400 and line.lstrip().startswith("# "):
        found["title"] = clean_line(line) or None
    elif kind == "url_line" and found["url"] is None:
        match = URL_RE.match(line.strip())
        found["url"] = match.group("url") if match else None
    elif kind in ("dateline", "byline"):
        if found["published"] is None:
            found["published"] = parse_date(line)
        if not found["authors"]:
            found["authors"] = authors_from_byline(line) if kind == "byline" else authors_from_dateline(line)
    elif kind == "social_header":
        handle = HANDLE_RE.match(line.strip())
        if handle and found["outlet"] is None:
            found["outlet"] = "@" + handle.group("handle")
        elif not handle and not found["authors"]:
            found["authors"] = split_authors(clean_line(line))
