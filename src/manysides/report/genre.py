"""A small, explainable guess at what kind of text each source is: news, opinion, analysis or social post.

Readers weigh a claim differently when it comes from a columnist than from a wire report, but the
inputs rarely say which they are. This heuristic looks only at general cues, checked in this order:

1. **social post**: a social network's URL, a ``@handle`` line at the top (how a copied post opens:
   display name, then handle), or ``@handles`` / ``#hashtags``: one in a short text, one per 100 words in a
   longer one.
   Posts embedded in an article (a paragraph signed ``— Name (@handle) Date``) do not count: news
   pages quote posts all the time;
2. **opinion** / **analysis**: a label near the top ("Opinion", "Comment", "Editorial", "Analysis",
   "Explainer"), or such a word in the URL path;
3. **opinion**: first-person argument cues ("I argue", "in my view", "we must") or a high rate of
   first-person singular pronouns;
4. **analysis**: a high rate of hedged, analytical vocabulary ("likely", "could", "suggests", "analysts");
5. otherwise **news**.

Each guess comes with the cue that decided it, so the report can show why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from manysides.model import Document

SOCIAL_HOSTS = ("twitter.com", "x.com", "facebook.com", "instagram.com", "threads.net", "bsky.app",
                "bsky.social", "reddit.com", "tiktok.com", "t.me", "truthsocial.com", "linkedin.com")
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{2,30}\b")
HANDLE_LINE = re.compile(r"^[ \t]*@[A-Za-z0-9_]{2,30}[ \t]*$", re.M)
# An embedded post's signature closes its paragraph: "... — Name (@handle) October 8, 2016".
EMBEDDED_POST = re.compile(r"^[^\n]*[—–-][^\n()]{0,80}\(@[A-Za-z0-9_]{1,30}\)[^\n]{0,30}$", re.M)
HANDLES_PER_WORD = 1 / 100  # a post's own handles and hashtags: one in a short text, this dense in a long one
HASHTAG = re.compile(r"(?<![\w&#])#[A-Za-z][A-Za-z0-9_]{1,40}\b")
LABEL = re.compile(r"(?im)^[\s#*_>|-]*(opinion|comment|editorial|column|op-ed|analysis|explainer|"
                   r"news analysis|viewpoint|perspective)\b")
URL_OPINION = re.compile(r"/(opinion|opinions|comment|commentisfree|editorial|editorials|op-ed|columns?)/", re.I)
URL_ANALYSIS = re.compile(r"/(analysis|explainer|explainers|news-analysis)/", re.I)
OPINION_CUES = re.compile(r"\b(I|we) (would )?(argue|believe|contend|insist|think)\b|\bin my (view|opinion)\b|"
                          r"\bwe must\b|\bwe should\b|\bit is time (for|to)\b|\blet us\b|\bmake no mistake\b", re.I)
FIRST_PERSON = re.compile(r"\b(I|me|my|mine|myself)\b")
HEDGES = re.compile(r"\b(likely|unlikely|may|might|could|suggests?|appears?|seems?|arguably|perhaps|probably|"
                    r"analysts?|implications?|uncertain(ty)?|risks?|scenario|depends|whether|indicates?)\b", re.I)
WORD = re.compile(r"\w+")
QUOTED = re.compile(r"[\"“][^\"”]{0,600}[\"”]|(?:''|``).{0,600}?''")  # also the typewriter pairs

GENRES = ("news", "opinion", "analysis", "social post")


@dataclass(frozen=True, slots=True)
class Genre:
    """The guessed genre and the cue that decided it (shown to the reader)."""

    genre: str
    reason: str


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def infer_genre(doc: Document) -> Genre:
    """Guess a document's genre from its text and metadata; see the module docstring for the rules."""
    url = (doc.url or "").lower()
    text = doc.text
    words = max(1, word_count(text))
    if _social_host(url):
        return Genre("social post", "social network URL")
    if HANDLE_LINE.search("\n".join(text.splitlines()[:3])):
        return Genre("social post", "opens with a @handle line")
    own_text = EMBEDDED_POST.sub(" ", text)
    handles, tags = len(HANDLE.findall(own_text)), len(HASHTAG.findall(own_text))
    if handles + tags >= max(1.0, HANDLES_PER_WORD * words):
        return Genre("social post", f"{handles} @handle(s), {tags} #hashtag(s)")
    labelled = _label(doc, url)
    if labelled is not None:
        return labelled
    # Quoted speech is other people's first person; only the author's own words count as argument cues.
    own = QUOTED.sub(" ", text)
    own_words = max(1, word_count(own))
    cues = OPINION_CUES.findall(own)
    first = len(FIRST_PERSON.findall(own)) / own_words
    if len(cues) >= 2 or first > 0.02:
        return Genre("opinion", f"{len(cues)} argument cue(s), first person {first:.1%} of words")
    hedges = len(HEDGES.findall(own)) / own_words
    if hedges > 0.018:
        return Genre("analysis", f"hedged vocabulary {hedges:.1%} of words")
    return Genre("news", "no opinion, analysis or social cues")


def _social_host(url: str) -> bool:
    """Whether ``url`` is on a social network: its host is one of them or a subdomain (not ``vox.com``)."""
    host = (urlsplit(url if "://" in url else f"http://{url}").hostname or "") if url else ""
    return any(host == social or host.endswith("." + social) for social in SOCIAL_HOSTS) or "mastodon" in host


def _label(doc: Document, url: str) -> Genre | None:
    """A genre the source itself announces: a label near the top, or the URL's section."""
    if URL_OPINION.search(url):
        return Genre("opinion", "opinion section in URL")
    if URL_ANALYSIS.search(url):
        return Genre("analysis", "analysis section in URL")
    head = "\n".join(filter(None, [doc.title or "", doc.text[:400]]))
    match = LABEL.search(head)
    if match is None:
        return None
    word = match.group(1).lower()
    genre = "analysis" if word in ("analysis", "explainer", "news analysis") else "opinion"
    return Genre(genre, f"labelled \u201c{match.group(1)}\u201d")
