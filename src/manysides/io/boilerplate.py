"""Mark the parts of an article's text that are not its prose: headers, bylines, disclaimers, footers.

Articles arrive as they were copied: PDF page headers repeated mid-text, a title and section
headings as bare lines, a byline, a date, the page URL, an "About the author" block, a photo credit,
a closing "share your thoughts" line. None of that may become a quote, a claim or a speaker, but
none of it may be cut out either (offsets index the text as received), so it is *marked* as
:class:`~manysides.model.Region` s. The rules are general shapes of news text, not tuned to any file.

Region kinds: ``title``, ``heading``, ``byline``, ``dateline``, ``url_line``, ``page_header``,
``social_header``, ``image_credit``, ``media_embed``, ``link_card``, ``editor_note``, ``disclaimer``,
``about_author``, ``call_to_action``, ``credit`` (a closing line naming who else reported or where material
came from), ``repeat`` (the second copy of a paragraph printed twice in a row).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from manysides.io.metadata import DATE, HANDLE_RE, MONTH, TIME, URL_RE, WEEKDAY, clean_line
from manysides.model import Region

_STOPWORDS = frozenset(
    "a an the of in on at to for and or nor but by with from as vs via is are was were be its it "
    "into over after before under about against between than that this which who".split())
# A wrapped line that ends on one of these continues on the next line; a heading never does.
_DANGLING = frozenset("a an the of in on at to for and or nor but by with from as that which is are was were".split())
_NAME_CONNECTORS = frozenset("and & de da del der di van von le la al bin el of".split())
_TERMINAL = tuple('.!?:;,"”’)')

_PAGE_NUMBER = re.compile(r"^(?:page\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_DATE_LINE = re.compile(
    rf"^(?:(?P<names>[^|·•]{{1,100}}?)\s*(?:,|\||·|•|\s[–—-])\s*)?"
    rf"(?:(?:first\s+)?(?:published|updated|posted|last\s+updated)(?:\s+on)?\s*:?\s*)?"
    rf"(?:{WEEKDAY}\s*)?{DATE}{TIME}?(?:\s*[|·•,–—-]\s*\d+\s*min(?:ute)?s?\s*read)?\.?$",
    re.IGNORECASE)
_WIRE_DATELINE = re.compile(
    rf"^[A-Z][A-Z.'’ -]{{2,40}}(?:,\s*[A-Z][A-Za-z.]+){{0,2}}"
    rf"(?:,\s*{MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?|\s*\([A-Z][A-Za-z .&]{{1,30}}\))+\s*[—–-]{{1,2}}\s+(?=[A-Z\"“])",
    re.IGNORECASE)
# A newspaper's own dateline: the city in capitals, its state or country, a dash ("WILMINGTON, Ohio — ",
# "WASHINGTON — "). Capitals and a long dash are required, so a sentence opening with a name is never one.
_CAPS_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,40}(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?){0,2}\s*[—–]\s+"
                            r"(?=[A-Z\"“])")
# An agency's credit opening the story, with or without its city: "(CNN) -- The harbour council ...",
# "PORT ELLERY, New Brunswick (Reuters) - Ingrid Halvorsen ..." (423 such lines in AllSides were unmarked).
_AGENCY_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’ -]{2,40}(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?){0,2}\s*)?"
    r"\((?:CNN|AP|Reuters|AFP|UPI|CNSNews\.com|Bloomberg)\)\s*[—–-]{1,2}\s+(?=[A-Z\"“])")
_BYLINE = re.compile(r"^(?:(?:written|words|reporting|text|story)\s+)?by\s+(?P<names>\S.*)$", re.IGNORECASE)
_ABOUT_HEADING = re.compile(
    r"^(?:about\s+(?:the\s+)?(?:authors?|writers?|contributors?|authors?\s*\(s\))"
    r"|authors?['’]?s?\s+(?:bios?|biography|note)|biographical\s+notes?|notes?\s+on\s+(?:the\s+)?contributors?)"
    r"\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_IMAGE_LINE = re.compile(
    r"^\(?\s*(?:(?:featured|cover|header|top|lead|main|file)\s+)?(?:image|photo|picture|photograph|illustration|graphic)s?"
    r"(?:\s*(?:source|credit|courtesy)s?)?(?:\s*(?:from|by|of))?\s*(?:[:：|]|\bby\b|\bcourtesy\b|\bcredit\b|\bsource\b)",
    re.IGNORECASE)
_COURTESY_LINE = re.compile(r"^\(?(?:photo\s+|image\s+)?courtesy(?:\s+of)?\s+\S", re.IGNORECASE)  # "Courtesy Cato"
_AGENCY = re.compile(
    r"(?:/|\||\bvia\b|©)\s*(?:getty(?:\s+images)?|afp|reuters|ap(?:\s+photo)?|shutterstock|alamy|epa(?:-efe)?"
    r"|unsplash|wikimedia(?:\s+commons)?|pool|sputnik|tass|anadolu|bloomberg)\b|\bgetty images\b|\bshutterstock\b",
    re.IGNORECASE)
_IMAGE_PAREN = re.compile(r"\((?:photo|image|picture|photograph)s?\s*(?:by|:|credit|courtesy|source)[^()]{0,150}\)",
                          re.IGNORECASE)
# A paragraph that ends with a news agency's photo credit is that photo's caption, summary of the story
# included (624 paragraphs of the AllSides articles end so, median 355 characters).
# Reuters writes the credit bare after the caption's date: "... in Port Ellery, Maine, May 3, 2016. REUTERS/Ana
# Lind" (546 such paragraphs in AllSides were unmarked; their photographers became actors and speakers).
_AGENCY_CREDIT_END = re.compile(r"\((?:AP|AFP|Reuters|REUTERS|Getty Images)(?: Photo)?/[^)\n]{2,60}\)\s*$"
                                r"|(?:^|[\s.])(?:REUTERS|Reuters|AFP|EPA)/[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
                                r"(?:/(?:File|Pool|Handout)(?: Photo)?)?\s*$")
_DISCLAIMER = re.compile(
    r"\bthis\s+(?:pdf|document|file|article|page|transcript|version|content)\b[^.]{0,40}?"
    r"\b(?:is|was|has\s+been)\s+(?:auto-?generated|automatically\s+generated|machine[- ]generated|provided\s+for)"
    r"|\bfor\s+reference\s+only\b"
    r"|\b(?:views|opinions)(?:\s+and\s+opinions)?\s+expressed\s+(?:in|here|herein|on\s+this|are|by\s+(?:the\s+)?"
    r"(?:authors?|writers?|contributors?))\b"
    r"|\bare\s+(?:solely\s+|entirely\s+)?(?:those|the\s+views|the\s+opinions|the\s+responsibility)\s+of\s+the\s+"
    r"(?:authors?|writers?|contributors?)\b"
    r"|\bdo(?:es)?\s+not\s+necessarily\s+(?:reflect|represent)\s+(?:the\s+)?(?:views|opinions|positions?|polic(?:y|ies))"
    r"|\ball\s+rights\s+reserved\b|\bcopyright\s*(?:©|\(c\)|\d{4})|©\s*\d{4}"
    r"|\bmay\s+not\s+be\s+(?:reproduced|republished|redistributed|copied)\b"
    r"|\b(?:this|the)\s+(?:article|post|story|piece)\s+(?:was|is|has\s+been)\s+(?:originally\s+)?"
    r"(?:published|republished|reprinted)\s+(?:on|in|at|by|with|under)\b",
    re.IGNORECASE)
# Cheap keyword screens: the full patterns below are only tried on text that contains one of these.
_DISCLAIMER_HINT = re.compile(
    r"generated|reference only|expressed|those of the|necessarily|rights reserved|copyright|©|\(c\)|reproduced"
    r"|republished|redistributed|copied|originally|published|reprinted", re.IGNORECASE)
_CTA_HINT = re.compile(
    r"\b(?:share|subscribe|sign up|follow|click|tap|join|leave|drop|let (?:us|me)|tell us|comments?|like|donate"
    r"|support|read|download|newsletter|podcast|become|signing|agree|privacy|recaptcha|inbox|coverage)\b",
    re.IGNORECASE)
_CTA_START = re.compile(
    r"^(?:(?:please|so|and|now|also)\s*,?\s+|(?:don['’]t\s+forget|be\s+sure|make\s+sure|remember|feel\s+free)\s+to\s+)?"
    r"(?:share\s+(?:your|this|it|the|with|on)|subscribe\b|sign\s+up\b|follow\s+(?:us|me|our|@)|click\s+(?:here|the|on|below)"
    r"|tap\s+(?:here|the)|join\s+(?:us|our|the\s+(?:conversation|discussion|debate))|leave\s+(?:a|your)\s+(?:comment|reply|thoughts)"
    r"|drop\s+(?:a|your|us)\s+|let\s+(?:us|me)\s+know|tell\s+us\b|comment\s+below|like\s+(?:and|&)\s+(?:share|subscribe)"
    r"|donate\b|support\s+(?:us|our|independent)|read\s+(?:more|next|also)\b|download\s+(?:our|the)\s+app"
    r"|get\s+(?:our|the)\s+newsletter|listen\s+to\s+(?:our|the)\s+podcast|become\s+a\s+(?:member|subscriber|patron))",
    re.IGNORECASE)
_CTA_ANYWHERE = re.compile(
    r"\bin\s+the\s+comments?(?:\s+section)?\s+below\b|\bcomments?\s+below\b|\bsubscribe\s+to\s+our\b"
    r"|\bsign\s+up\s+for\s+our\b|\bfollow\s+us\s+on\b|\bour\s+newsletter\b"
    # the Christian Science Monitor's sign-up line, stories "delivered to your inbox" (1,100 AllSides lines)
    r"|\bdelivered\s+(?:straight\s+|right\s+)?to\s+your\s+inbox\b"
    # an editor's note that an outlet's pandemic coverage "is free" as a public service (83 AllSides lines)
    r"|\bour\s+(?:[\w-]+\s+){0,2}coverage\s+is\s+free\b"
    # sign-up forms: "By signing up, you agree to our Privacy Policy" (1,166 AllSides articles)
    r"|\bby\s+signing\s+up,?\s+you\s+(?:agree|are\s+agreeing)\b|\byou\s+(?:also\s+)?agree\s+to\s+our\s+"
    r"(?:privacy|terms)\b|\b(?:see|read)\s+our\s+privacy\s+policy\b|\bprotected\s+by\s+recaptcha\b",
    re.IGNORECASE)
# An outlet's appeal for money or subscribers, printed as a paragraph of its own at the top or the foot of
# the page ("Support Vox's explanatory journalism ... Your financial contribution ..."; about 185 AllSides
# articles of Vox, BuzzFeed News, The Nation, Slate and others). It reads like prose, and two articles of one
# outlet share it word for word, so the comparison took it for a claim both sources make.
_APPEAL = re.compile(
    r"\b(?:consider\s+(?:making\s+a\s+contribution|supporting|a\s+(?:small\s+)?(?:donation|contribution))"
    r"|support\s+(?:our|independent|progressive|[\w’']+['’]s\s+explanatory)\s+journalism|(?:a|one)\s+small\s+favou?r\s+to\s+ask"
    r"|make\s+a\s+(?:one-time\s+)?contribution|financial\s+contribution|become\s+a\s+(?:member|subscriber)"
    r"|reader[- ](?:funded|supported)|keep\s+(?:this|our)\s+(?:news|journalism|reporting)\s+free)\b", re.IGNORECASE)
_APPEAL_VOICE = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)
_APPEAL_HEADING = re.compile(r"^support\s+(?:[\w’']+\s+){0,4}journalism\b", re.IGNORECASE)
_APPEAL_REACH = 3  # content lines from either end of the text where an appeal is looked for
# A photo caption pasted into the text, as agency captions are written: the scene in the present tense and
# then the place and the full date, weekday first ("... leaves the courthouse in Boise, Idaho, Friday, Nov. 15,
# 2019."). About 190 such sentences in AllSides, nearly all Associated Press, USA TODAY and CNN captions;
# prose says "on Friday" and rarely puts the year after it. The caption's scene reads like a claim.
_CAPTION_DATE = re.compile(
    r",\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?:Jan|Feb|March|April|May|June|July|"
    r"Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},\s+(?:19|20)\d\d\.(?=\s|$)")
# A sentence piece ending in a short abbreviation ("Sen.", "Calif.") was cut there by the rough splitter.
_ABBREVIATION_END = re.compile(r"(?:^|\s)(?:[A-Z][a-z]{0,4}|[A-Z](?:\.[A-Z])+)\.$")
# A news site's sign-up widget and ad slot, each flattened into one line: the ad slot's label "Advertisement
# Continue reading the main story" (403 AllSides lines) and the newsletter form that follows "Newsletter Sign Up"
# (224 lines, The New York Times).
_WIDGET_LINE = re.compile(r"^(?:Advertisement\s+)?(?:Newsletter Sign Up\s+)?Continue reading the main story\b")
# Embedded video players copied along with the prose: "JUST WATCHED <title> Replay More Videos ... MUST
# WATCH <title> 01:51" (a line of its own), "Play Video 0:34 <caption> – video" (inside a paragraph). Their
# captions read like claims and quotes ("Rasmussen: NATO vital against Russia") but belong to other pages.
_MEDIA_LINE = re.compile(r"^JUST WATCHED\b.*\bMUST WATCH\b", re.IGNORECASE)
# A photo gallery flattened into one line: "Photos: <gallery title> <caption> Hide Caption 1 of 12 Photos: ..."
# (CNN; about 600 lines in AllSides). Its captions quote people from other days and pages.
_GALLERY_LINE = re.compile(r"\bHide Caption \d{1,3} of \d{1,3}\b")
# Who else worked on the story, as a closing line: "Ana Souza contributed to this report.", "Additional
# reporting by ...", Reuters' "Reporting by ...; Editing by ...", "Write to <name> at <address>", "This
# report includes material from ..." (about 1,100 lines in 12,000 AllSides articles, none marked before).
# The names are the newsroom's, not actors of the story.
_CREDIT_LINE = re.compile(
    r"^[•⦁·*\-–—\s]*(?:[^\n]{2,150}?\bcontributed (?:reporting )?(?:to|for) (?:this|the) (?:report|story|article)\.?"
    r"|additional reporting by\b[^\n]{2,250}|reporting by\b[^\n]{2,120};\s*editing by\b[^\n]{2,120}"
    r"|write to [A-Z][^\n]{1,150}@[^\n]+"
    r"|this (?:report|article|story) (?:includes|contains|uses|is based in part on) (?:material|wire)\b[^\n]{0,150}"
    r"|material from [^\n]{3,60} was used in this (?:report|article|story)\.?)$", re.IGNORECASE)
CREDIT_MAX_WORDS = 40
_MEDIA_INLINE = re.compile(r"\bPlay Video \d{1,2}:\d{2}\b[^\n]{0,250}?\s[–-]\s*video(?: explainer)?\b")
# A player's fallback text, then the clip's caption: "Media playback is unsupported on your device Media
# caption Minister: 'We will not back down'" (BBC; 1,307 lines in AllSides, each at the start of a line),
# a browser's note that it cannot show the embedded video or frame. The caption quotes the clip, not the article.
_PLAYER_FALLBACK = re.compile(r"^(?:Media playback is unsupported on your device"
                              r"|Your browser does not support the (?:video|audio|iframe)\b)", re.IGNORECASE)
# A name's hover card pasted into the sentence, as The Hill's pages copy (6,267 in AllSides): the name's
# last word glued to the first of three other stories' headlines, up to a closing "MORE": "Mitch
# McConnellGOP senators balk at lengthy impeachment trial ... MORE on Monday". Three lower-case letters
# before the capital tell glue from names like McConnell, DeSantis or MacArthur.
_LINK_CARD = re.compile(r"\b[A-Za-z]*[a-z]{3}[A-Z0-9][^\n]{0,400}? MORE\b")
# Notes about the article itself, not the event: "This story has been updated with additional information",
# "This is a developing story", "An earlier version of this article misstated ...". Two sources carrying
# the same note read as a consensus claim.
_EDITOR_NOTE_HINT = re.compile(r"updated|developing|breaking|check back|earlier version|editor|correction"
                               r"|clarification", re.IGNORECASE)
_EDITOR_NOTE = re.compile(
    r"^[\"“(\[]?(?:this\s+(?:story|article|post|report|piece|page)\s+(?:has\s+been|was|is\s+being|will\s+be)"
    r"\s+updated\b|this\s+is\s+a\s+(?:developing|breaking)\s+(?:news\s+)?(?:story|report)\b"
    r"|(?:please\s+)?check\s+back\b|an?\s+earlier\s+version\s+of\s+this\s+(?:story|article|report|post)\b"
    r"|(?:editor['’]?s\s+note|correction|clarification)\s*(?:\([^)]{0,40}\))?\s*[:—–-])",
    re.IGNORECASE)
# A live blog's time stamp: "[Updated 9:49 p.m. ET] Suspect in custody ...", "Update at 10:43 p.m. ET. No
# Miranda:" (about 1,300 in AllSides). The stamp is page furniture; after it comes prose or a short heading.
_LIVE_STAMP = re.compile(
    r"^\[?\s*(?:last\s+)?updated?(?:\s+at)?\s+\d{1,2}(?::\d{2}\s*(?:[ap]\.?\s?m\.?)?|\s*[ap]\.?\s?m\.?)"
    r"(?:\s*(?:ET|EST|EDT|CT|PT|GMT|BST|UTC))?(?:\s+on\s+\w+)?\s*[.:\]–—-]*\s*",
    re.IGNORECASE)
# Shorter lines printed twice are headings and labels, which the repeated-line rule of _line_kinds handles.
MIN_DOUBLED_WORDS = 6
# A photo caption with its agency credit runs to at most about 140 words (the longest of 1,491 in AllSides);
# a longer line that ends in an agency's sign-off ("... - AFP/Staff") is a whole story printed as one line
# (JSONL and CSV corpora do that), not a caption.
CAPTION_MAX_WORDS = 150
_INNER_SENTENCE_BREAK = re.compile(r"[a-z]{2}[.!?][\"”’]?\s+[\"“‘]?[A-Z]")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)\]]*(?=\s|$)|(?<=[a-z])[.!?]+(?=[A-Z][a-z])")


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of the text: ``[start, end)`` spans its content without surrounding whitespace."""

    index: int  # position among the content lines
    lineno: int  # position among all lines, blank ones included
    start: int
    end: int
    text: str


def mark_boilerplate(text: str) -> list[Region]:
    """Regions of ``text`` that are not the article's prose, sorted and non-overlapping."""
    lines = _content_lines(text)
    if not lines:
        return []
    kinds = _line_kinds(lines)
    regions = [Region(line.start, line.end, kinds[i]) for i, line in enumerate(lines) if kinds[i]]
    blocks = _disclaimers(lines, kinds) + _about_author(lines)
    regions = [r for r in regions if not any(b.start <= r.start < b.end for b in blocks)] + blocks
    for i, line in enumerate(lines):
        if not kinds[i] and not any(b.start <= line.start < b.end for b in blocks):
            regions.extend(_inline_regions(line))
    return _without_overlaps(regions)


def _without_overlaps(regions: list[Region]) -> list[Region]:
    """Sorted regions; one that starts inside an earlier (or longer, same-start) region is dropped."""
    kept: list[Region] = []
    for region in sorted(regions, key=lambda r: (r.start, -r.end)):
        if not kept or region.start >= kept[-1].end:
            kept.append(region)
    return kept


def _content_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for lineno, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            lines.append(_Line(len(lines), lineno, start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return lines


# ---------------------------------------------------------------------------------------- line kinds

def _line_kinds(lines: list[_Line]) -> list[str | None]:
    """One kind (or None for prose) per content line, most specific rule first."""
    kinds: list[str | None] = [None] * len(lines)
    head = _social_header(lines)
    for i in head:
        kinds[i] = "social_header"
    counts = Counter(_repeat_key(line.text) for line in lines)
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if kinds[i]:
            continue
        key = _repeat_key(line.text)
        semantic = _semantic_kind(lines, i, first_body=not head and i == 0)
        if key and counts[key] >= 2 and (key in seen or not semantic):
            kinds[i] = "page_header"
        else:
            kinds[i] = semantic
        if key:
            seen.add(key)
    _mark_doubled(lines, kinds)
    return kinds


def _mark_doubled(lines: list[_Line], kinds: list[str | None]) -> None:
    """Paragraphs printed twice in a row: no writer repeats a paragraph, but a page shows a photo's caption
    under the photo and again in its caption list, and a standfirst above the story and again as its lede.

    Two or more such paragraphs in one text are a photo gallery (CNN prints dozens: "Boehner and Biden await
    the President in the House Chamber on January 20."), so every copy is ``media_embed``; a single one
    keeps its first copy as prose and marks the second ``repeat``, so it is read once. A line that another
    rule already marks whole (an agency caption ending "(AP Photo/...)") keeps that rule's kind."""
    doubled = [i for i in range(len(lines) - 1) if lines[i].text == lines[i + 1].text
               and len(lines[i].text.split()) >= MIN_DOUBLED_WORDS and not kinds[i] and not kinds[i + 1]
               and not _marked_inline(lines[i])]
    if len(doubled) >= 2:
        for i in doubled:
            kinds[i] = kinds[i + 1] = "media_embed"
    elif doubled:
        kinds[doubled[0] + 1] = "repeat"


def _marked_inline(line: _Line) -> bool:
    """Whether the line's own inline rules already mark nearly all of it (an agency photo caption)."""
    covered = sum(region.end - region.start for region in _inline_regions(line))
    return covered >= 0.9 * (line.end - line.start)


def _semantic_kind(lines: list[_Line], i: int, *, first_body: bool) -> str | None:
    line = lines[i].text
    bare = clean_line(line)
    if URL_RE.match(line):
        return "url_line"
    if _PAGE_NUMBER.match(bare):
        return "page_header"
    if _WIDGET_LINE.match(bare):
        return "call_to_action"
    if len(bare.split()) <= CREDIT_MAX_WORDS and _CREDIT_LINE.match(bare):
        return "credit"
    if _MEDIA_LINE.match(bare) or _GALLERY_LINE.search(bare) or _PLAYER_FALLBACK.match(bare) \
            or ((embed := _MEDIA_INLINE.match(bare)) and embed.end() == len(bare)):
        return "media_embed"
    if _is_image_credit(line):
        return "image_credit"
    if _is_dateline(bare):
        return "dateline"
    stamp = _LIVE_STAMP.match(bare)
    if stamp and _live_heading(bare[stamp.end():]):
        return "heading"  # "Update at 9:54 p.m. ET. Suspect In Serious Condition:"
    if _is_byline(bare):
        return "byline"
    if _ABOUT_HEADING.match(bare):
        return None  # handled as a block by _about_author
    if _CTA_START.match(bare) and len(bare) <= 200 and not _INNER_SENTENCE_BREAK.search(bare):
        return "call_to_action"  # a one-sentence line; longer lines get only their CTA sentence marked
    if (i < _APPEAL_REACH or i >= len(lines) - _APPEAL_REACH) and _is_appeal(bare):
        return "call_to_action"
    has_next = i + 1 < len(lines)
    if first_body and has_next and _is_title(line):
        return "title"
    if has_next and _is_heading(lines, i):
        return "heading"
    return None


def _is_appeal(bare: str) -> bool:
    """The outlet asking its readers for money or a subscription, in its own voice and quoting no one."""
    if _APPEAL_HEADING.match(bare):
        return True
    return bool(_APPEAL.search(bare) and _APPEAL_VOICE.search(bare)) and not any(q in bare for q in '"“”')


def _repeat_key(line: str) -> str:
    """Key under which a short non-sentence line counts as repeated (digits ignored: page numbers vary)."""
    bare = clean_line(line)
    if not bare or len(bare) > 150 or bare.endswith(_TERMINAL) or bare[0].islower() \
            or not any(ch.isalpha() for ch in bare):
        return ""
    return re.sub(r"\d+", "#", " ".join(bare.lower().split()))


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'’.-]*", text)


def _capital_ratio(text: str) -> float:
    """Share of content words that start with a capital: high for "The Limits of Security Guarantees"."""
    words = [w for w in _words(text) if w.lower() not in _STOPWORDS]
    if not words:
        return 0.0
    return sum(1 for w in words if w[0].isupper()) / len(words)


def _title_shaped(text: str, max_chars: int, max_words: int) -> bool:
    bare = clean_line(text)
    words = bare.split()
    if not bare or len(bare) > max_chars or not 2 <= len(words) <= max_words:
        return False
    core = bare.rstrip("\"”’')]")  # a headline may end in a quotation, but not in a quoted sentence
    if bare[0].islower() or bare[0] in "-*•·–—" or core.endswith((".", ",", ";", ":", "!", "-")):
        return False
    if words[-1].lower().strip("\"”’'") in _DANGLING:
        return False
    return not bare.endswith("?") or text.lstrip().startswith("#") or _capital_ratio(bare) >= 0.6


def _is_title(line: str) -> bool:
    """Headline-shaped: one short sentence-case line, or a longer one In Title Case."""
    if not _title_shaped(line, 200, 30) or _INNER_SENTENCE_BREAK.search(line):
        return False
    return len(line.split()) <= 15 or _capital_ratio(line) >= 0.6


def _is_heading(lines: list[_Line], i: int) -> bool:
    """A short line standing apart from the prose around it: not a wrapped piece of a sentence."""
    line = lines[i].text
    if line.startswith("#") and clean_line(line) and len(line) <= 150:
        return True
    if not _title_shaped(line, 120, 15):
        return False
    if lines[i + 1].text.lstrip("-*•·– ")[:1].islower():
        return False  # the sentence goes on in the next line (or in the list items that follow)
    prev = lines[i - 1] if i > 0 else None
    if prev is not None and prev.lineno == lines[i].lineno - 1 and not prev.text.endswith(_TERMINAL) \
            and not _title_shaped(prev.text, 200, 30):
        return False  # the line continues a sentence wrapped from the line before
    return _capital_ratio(line) >= 0.6 or len(line.split()) <= 8


def _social_header(lines: list[_Line]) -> list[int]:
    """``Display Name`` / ``@handle`` at the very top of a social-media post (indices of those lines)."""
    if HANDLE_RE.match(lines[0].text.split("·")[0].strip()):
        return [0]
    if len(lines) > 1 and HANDLE_RE.match(lines[1].text.split("·")[0].strip()):
        name = lines[0].text
        if len(name) <= 60 and len(name.split()) <= 6 and not name.endswith(_TERMINAL):
            return [0, 1]
    return []


def _is_image_credit(line: str) -> bool:
    if len(line.split()) > 40:
        return False
    if _IMAGE_LINE.match(line) or (_COURTESY_LINE.match(line) and len(line.split()) <= 8):
        return True
    # a caption that ends in its credit: "... Ana Souza/AFP via Getty Images"
    ends = [m.end() for m in _AGENCY.finditer(line)]
    return len(line.split()) <= 25 and bool(ends) and not line[ends[-1]:].strip(" .)]")


def _live_heading(rest: str) -> bool:
    """What follows a live blog's time stamp is a heading: a few words ending in a colon, or in title case."""
    words = rest.split()
    if not words or len(words) > 12:
        return False
    long_words = [w for w in words if len(w.strip("'\"‘’“”.,:")) > 3]
    title_case = bool(long_words) and sum(w.lstrip("'\"‘“")[:1].isupper() for w in long_words) >= 0.6 * len(long_words)
    return rest.endswith(":") or title_case


def _is_dateline(bare: str) -> bool:
    match = _DATE_LINE.match(bare)
    if match is None:
        return False
    names = match.group("names")
    if not names:
        return True
    words = names.split()
    return len(words) <= 10 and all(w[0].isupper() or w.lower() in _NAME_CONNECTORS for w in words)


def _is_byline(bare: str) -> bool:
    match = _BYLINE.match(bare)
    if match is None or len(bare) > 150 or bare.endswith(("!", "?")):
        return False
    words = [w for w in _words(match.group("names")) if w.lower() not in _NAME_CONNECTORS]
    if not words or not words[0][0].isupper():
        return False
    return sum(1 for w in words if w[0].isupper()) / len(words) >= 0.75


# ---------------------------------------------------------------------------------------- blocks

def _paragraphs(lines: list[_Line]) -> list[list[_Line]]:
    """Lines grouped into paragraphs: a line joins the previous one only when that one was wrapped."""
    paragraphs: list[list[_Line]] = []
    for line in lines:
        last = paragraphs[-1][-1] if paragraphs else None
        if last is not None and line.lineno == last.lineno + 1 and not last.text.endswith(_TERMINAL) \
                and line.text[0].islower():
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def _disclaimers(lines: list[_Line], kinds: list[str | None]) -> list[Region]:
    """A short paragraph with a disclaimer or copyright formula; in a long one only that sentence."""
    regions: list[Region] = []
    for para in _paragraphs(lines):
        if kinds[para[0].index] in ("page_header", "url_line"):
            continue
        start, end = para[0].start, para[-1].end
        text = " ".join(line.text for line in para)
        if not _DISCLAIMER_HINT.search(text) or not _DISCLAIMER.search(text):
            continue
        if end - start <= 700:
            regions.append(Region(start, end, "disclaimer"))
            continue
        for line in para:
            for s_start, s_end in _sentences(line):
                if _DISCLAIMER.search(line.text[s_start - line.start:s_end - line.start]):
                    regions.append(Region(s_start, s_end, "disclaimer"))
    return regions


def _about_author(lines: list[_Line]) -> list[Region]:
    """From an "About the author(s)" heading over the short bio paragraphs after it, up to the next heading."""
    for i, line in enumerate(lines):
        match = _ABOUT_HEADING.match(clean_line(line.text))
        if match is None or (match.group("rest") and len(line.text) > 700):
            continue
        end = line.end
        for nxt in lines[i + 1:]:
            if nxt.text.startswith("#") or len(nxt.text) > 700 or _looks_like_section_heading(nxt.text):
                break
            end = nxt.end
        return [Region(line.start, end, "about_author")]
    return []


def _looks_like_section_heading(text: str) -> bool:
    return _title_shaped(text, 80, 8) and not text.endswith("?") and _capital_ratio(text) >= 0.75 \
        and "@" not in text and ":" not in text


# ---------------------------------------------------------------------------------------- inside lines

def _sentences(line: _Line) -> list[tuple[int, int]]:
    """Rough sentence spans (absolute offsets) of one line; glued "end.Next" counts as a break."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in _SENTENCE_END.finditer(line.text):
        spans.append((begin, match.end()))
        begin = match.end()
    spans.append((begin, len(line.text)))
    result = []
    for s, e in spans:
        chunk = line.text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        if chunk.strip():
            result.append((line.start + s + lead, line.start + s + len(chunk.rstrip())))
    return result


def _inline_regions(line: _Line) -> list[Region]:
    """Calls to action, photo credits in parentheses, embedded video captions and wire datelines inside an
    otherwise prose line."""
    regions = [Region(line.start + m.start(), line.start + m.end(), "image_credit")
               for m in _IMAGE_PAREN.finditer(line.text)]
    regions += [Region(line.start + m.start(), line.start + m.end(), "media_embed")
                for m in _MEDIA_INLINE.finditer(line.text)]
    if " MORE" in line.text:
        regions += [Region(line.start + _card_start(line.text, m), line.start + m.end(), "link_card")
                    for m in _LINK_CARD.finditer(line.text)]
    wire = _WIRE_DATELINE.match(line.text) or _LIVE_STAMP.match(line.text) or _CAPS_DATELINE.match(line.text) \
        or _AGENCY_DATELINE.match(line.text)
    if wire and wire.end() < len(line.text):
        regions.append(Region(line.start, line.start + len(wire.group().rstrip()), "dateline"))
    if _AGENCY_CREDIT_END.search(line.text) and len(line.text.split()) <= CAPTION_MAX_WORDS:
        regions.append(Region(line.start, line.end, "image_credit"))  # a wire photo's caption: "... (AP Photo/...)"
    elif _CAPTION_DATE.search(line.text):
        regions += _captions(line)
    if _EDITOR_NOTE_HINT.search(line.text):
        regions += [Region(s, e, "editor_note") for s, e in _sentences(line)
                    if _EDITOR_NOTE.match(line.text[s - line.start:e - line.start])]
    if not _CTA_HINT.search(line.text):
        return _merge_adjacent(regions)
    sentences = _sentences(line)
    texts = [line.text[s - line.start:e - line.start] for s, e in sentences]
    is_cta = [bool(_CTA_START.match(t) or _CTA_ANYWHERE.search(t)) for t in texts]
    for k, (s, e) in enumerate(sentences):
        asks_reader = texts[k].endswith("?") and re.search(r"\byour?\b", texts[k], re.IGNORECASE)
        if is_cta[k] or (asks_reader and k + 1 < len(texts) and is_cta[k + 1]):
            regions.append(Region(s, e, "call_to_action"))
    return _merge_adjacent(regions)


def _captions(line: _Line) -> list[Region]:
    """Photo captions in ``line``: each sentence that ends with ", <weekday>, <month> <day>, <year>.",
    joined with the pieces before it that the rough splitter cut at an abbreviation ("Sen. Bernie ...")."""
    sentences = _sentences(line)
    texts = [line.text[s - line.start:e - line.start] for s, e in sentences]
    regions = []
    for k, text in enumerate(texts):
        date = _CAPTION_DATE.search(text)
        if date is None or date.end() < len(text.rstrip()):
            continue
        first = k
        while first > 0 and _ABBREVIATION_END.search(texts[first - 1]):
            first -= 1
        regions.append(Region(sentences[first][0], sentences[k][1], "image_credit"))
    return regions


def _card_start(text: str, card: re.Match[str]) -> int:
    """Where a hover card begins: before the full legal name it opens with, when the name shown in the
    sentence precedes it ("President Trump Donald John TrumpGOP senators ... MORE": the card starts at
    "Donald"), else at the glued word. The surname is glued to a headline that may itself open with a name
    with inner capitals or a number ("GrahamMcConnell: ...", "Booker2020 Democrats ..."), so each place
    where the glued word could split is tried, the longest first ("DeSantisThe" is DeSantis)."""
    before = text[max(0, card.start() - 80):card.start()]
    glued = re.match(r"[A-Za-z]+", card.group())
    word = glued.group() if glued else ""
    splits = [m.start() + 1 for m in re.finditer(r"[a-z](?=[A-Z0-9])", card.group()[:len(word) + 1])]
    for end in sorted(splits, reverse=True):
        surname = card.group()[:end]
        legal = re.search(rf"\b{re.escape(surname)}\s+((?:\(?[A-Z][\w.'’-]*\)?\s+){{1,4}})$", before)
        if legal:
            return card.start() - len(legal.group(1))
    return card.start()


def _merge_adjacent(regions: list[Region]) -> list[Region]:
    """Join same-kind regions separated only by spaces, and drop ones nested inside another."""
    merged: list[Region] = []
    for region in _without_overlaps(regions):
        if merged and merged[-1].kind == region.kind and region.start - merged[-1].end <= 1:
            merged[-1] = Region(merged[-1].start, region.end, region.kind)
            continue
        merged.append(region)
    return merged
