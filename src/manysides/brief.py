"""The neutral brief: a short summary of the whole set of sources, every sentence resting on cited spans.

A summary written freely would be one more account of the event, with its own slant and its own
errors. The brief is therefore composed only from templates and quotations: the template words say
*who* reports something ("3 sources ... report", "only X reports", "X and Y share a passage"), and
everything said *about the event* is quoted from a source, with the exact span it comes from. So
nothing is stated that no source stated, and a reader can check each sentence against its cites.

Sources are counted as witnesses: two articles of one outlet are one source, and so are two articles
where one copies the other's passage (a reprinted wire story); a consensus that rests on copying alone
is left to the reuse sentences ("2 sources in 3 articles ... report" when some articles repeat another).

Order: what all or several sources report (consensus claim groups), then the contested points with
each side and who holds it, then dates that sources give differently (timeline conflicts), then what
only one source reports (the most substantial few), then the main reuse links, then the quotations
carried by most sources. The output is deterministic for the same inputs.

A later, more fluent wording (an LLM) plugs in as a :class:`BriefRewriter`; :func:`apply_rewriter`
keeps a rewrite only when :func:`check_rewrite` finds no content word, number or name in it that is
absent from the cited spans and the original sentence, and every quotation in it occurs in a cite.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any, NamedTuple, Protocol

from manysides.model import Actor, Document, Statement

MAX_QUOTE_WORDS = 30   # longer claims are cut at a clause boundary: a brief is read, not searched
MIN_PIECE_WORDS = 6    # prose before a pasted link card shorter than this ("Sen. John Thune") says too little
MAX_SINGLE_SOURCE = 3
# When one article is a rewrite of another: word-for-word passages scattered through it, at least this many
# and this many characters in all (a wire story edited around untouched sentences: The Guardian's Seattle
# report of 22 June 2020 keeps four of the Associated Press's, 441 characters). One shared passage, or a
# paraphrased one, is citing a common source (two seeds quote one Financial Times paragraph), not rewriting.
REWRITE_MIN_PASSAGES = 3
REWRITE_MIN_CHARS = 200
MAX_REUSE = 3
MAX_QUOTES = 3
WHOLLY_QUOTED = 0.9  # share of a wording inside one person's direct words that makes it theirs, not a report
ATTRIBUTION_WORDS = 6  # content words besides a quotation that only say who said it, where and when
MAX_DATE_CONFLICTS = 3
SECTIONS = ("consensus", "contested", "date_conflicts", "single_source", "reuse", "quotes")

_WORD = re.compile(r"[^\W_]+(?:['’.,][^\W_]+)*")
_CLAUSE_END = re.compile(r"[,;:—–]\s|\s[—–]\s")
# What a quoted span may not start or end with; an opening mark at the end ("..., he declared, “") opens a
# quotation the span leaves out.
_OPENERS, _CLOSERS = "\"'“‘«( ", "\"'”’») .,;:“‘«"
_STOP = frozenset("""a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most my myself
of off on once only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through to too under until up very was we were what
when where which while who whom why will with would you your yours yourself yourselves said says say""".split())
_META = frozenset("source sources report reports reported reporting state states stated say according alone only "
                  "outlet outlets article articles carry carries carried quote quotes quoted quotation share shares "
                  "shared passage whereas disagree disagreement both all".split())
_NEGATIONS = frozenset({"not", "no", "never", "nor", "neither", "none", "nobody", "nothing", "without"})
_NUMBER_WORDS = {w: str(n) for n, w in enumerate("zero one two three four five six seven eight nine ten eleven "
                                                  "twelve thirteen fourteen fifteen sixteen seventeen eighteen "
                                                  "nineteen twenty".split())}


class BriefRewriter(Protocol):
    """Rewords one brief sentence; ``sources`` maps ``"doc:start-end"`` of each cite to its text."""

    def rewrite(self, sentence: dict, sources: dict[str, str]) -> str: ...


# The fields of a statement the brief uses, from a :class:`Statement` or its JSON record.
class _Statement(NamedTuple):
    id: str
    doc: str
    kind: str
    start: int
    end: int
    speaker: str | None
    also_in: tuple[str, ...]
    speaker_span: tuple[int, int] | None = None
    co_speakers: tuple[str, ...] = ()


class _Composer:
    """Shared state while composing: the documents, their display names, and sentence building."""

    def __init__(self, documents: Sequence[Document], reuse: Sequence[Mapping[str, Any]] = ()) -> None:
        self.docs = {d.id: d for d in documents}
        self.order = {d.id: n for n, d in enumerate(documents)}
        self.names = source_names(documents)
        # Passages one document copies from another (verbatim or reworded; not a quotation both carry), and
        # the pairs of documents that share enough of them for one to be a rewrite of the other.
        self.copied = [(r["a"], r["b"]) for r in reuse if r.get("kind") in ("verbatim", "paraphrase")]
        chars: Counter[frozenset[str]] = Counter()
        passages: Counter[frozenset[str]] = Counter()
        for r in reuse:
            if r.get("kind") == "verbatim" and r["a"]["doc"] != r["b"]["doc"]:
                pair = frozenset((r["a"]["doc"], r["b"]["doc"]))
                chars[pair] += min(r["a"]["end"] - r["a"]["start"], r["b"]["end"] - r["b"]["start"])
                passages[pair] += 1
        self.rewrites = {pair for pair in chars
                         if chars[pair] >= REWRITE_MIN_CHARS and passages[pair] >= REWRITE_MIN_PASSAGES}

    def independent(self, members: Sequence[Mapping[str, Any]]) -> int:
        """How many independent sources the members come from: articles of one outlet are one source, and
        so are two articles whose members lie in a passage one copies from the other, or of which one is a
        rewrite of the other (see :data:`REWRITE_MIN_PASSAGES`): a wire story reprinted, or rewritten
        around a few untouched sentences, is one witness, not two."""
        parent = {m["doc"]: self.docs[m["doc"]].source if m["doc"] in self.docs else m["doc"] for m in members}
        root = {source: source for source in parent.values()}

        def find(x: str) -> str:
            while root[x] != x:
                x = root[x]
            return x

        for a, b in combinations(members, 2):
            if a["doc"] == b["doc"]:
                continue
            if frozenset((a["doc"], b["doc"])) in self.rewrites or any(
                    _inside(a, x) and _inside(b, y) or _inside(a, y) and _inside(b, x) for x, y in self.copied):
                root[find(parent[a["doc"]])] = find(parent[b["doc"]])
        return len({find(source) for source in root})

    def how_many(self, doc_ids: Sequence[str], sources: int | None = None) -> str:
        """"3 sources", or "2 sources in 3 articles" when two articles come from one outlet (or, given
        ``sources``, when one copies the other)."""
        docs = set(doc_ids)
        if sources is None:
            sources = len({self.docs[d].source if d in self.docs else d for d in docs})
        noun = "source" if sources == 1 else "sources"
        return f"{sources} {noun}" + (f" in {len(docs)} articles" if len(docs) > sources else "")

    def who(self, doc_ids: Sequence[str]) -> str:
        """"A", "A and B", "A, B and C", in document order."""
        return listed([self.names.get(d, d) for d in sorted(set(doc_ids), key=lambda d: self.order.get(d, 1 << 30))])

    def quote(self, doc: str, start: int, end: int) -> tuple[str, dict[str, Any]]:
        """``“…”`` of the span (cut to :data:`MAX_QUOTE_WORDS` at a clause end) and the exact quoted span."""
        text = self.docs[doc].text
        start += len(text[start:end]) - len(text[start:end].lstrip(_OPENERS))
        end -= len(text[start:end]) - len(text[start:end].rstrip(_CLOSERS))
        # A quotation is one stretch of prose between the page furniture pasted into the sentence (a wire
        # dateline, a link card, a photo credit): the first with a few words, else the longest.
        full_start = start
        start, stop = self._prose_piece(doc, start, end)
        words = list(_WORD.finditer(text, start, stop))
        cut = stop
        if len(words) > MAX_QUOTE_WORDS:
            limit = words[MAX_QUOTE_WORDS - 1].end()
            clauses = [m.start() for m in _CLAUSE_END.finditer(text, start, limit)
                       if len(_WORD.findall(text, start, m.start())) >= MAX_QUOTE_WORDS // 2]
            cut = clauses[-1] if clauses else limit
        fragment = " ".join(text[start:cut].split())
        skipped = any(not self.docs[doc].in_boilerplate(m.start(), m.end())
                      for m in _WORD.finditer(text, full_start, start))
        lead = "… " if skipped else ""  # prose was left out before the quoted stretch
        return f"“{lead}{fragment}{' …' if cut < end else ''}”", {"doc": doc, "start": start, "end": cut}

    def _prose_piece(self, doc: str, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` itself, or the stretch of it between inner boilerplate regions that a quotation
        should show: the first of at least :data:`MIN_PIECE_WORDS` words, else the one with most words."""
        text = self.docs[doc].text
        if not self.docs[doc].inner_boilerplate(start, end):
            return start, end
        trimmed = []
        for a, b in self.docs[doc].prose_spans(start, end):
            a += len(text[a:b]) - len(text[a:b].lstrip(_OPENERS + "—–-"))
            b -= len(text[a:b]) - len(text[a:b].rstrip(_CLOSERS + "—–-"))
            if b > a:
                trimmed.append((a, b))
        if not trimmed:
            return start, end
        counts = [len(_WORD.findall(text, a, b)) for a, b in trimmed]
        return next((piece for piece, n in zip(trimmed, counts) if n >= MIN_PIECE_WORDS),
                    trimmed[max(range(len(trimmed)), key=counts.__getitem__)])

    def sentence(self, section: str, text: str, cites: Sequence[dict[str, Any]],
                 quotes: Sequence[dict[str, Any]]) -> dict[str, Any]:
        """A brief entry; cites deduplicated and ordered by document then offset."""
        unique = sorted({(self.order.get(c["doc"], 1 << 30), c["start"], c["end"], c["doc"]) for c in cites})
        return {"section": section, "text": text, "cites": [{"doc": d, "start": s, "end": e} for _, s, e, d in unique],
                "quotes": [dict(q) for q in quotes]}


def _short(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def source_names(documents: Sequence[Document]) -> dict[str, str]:
    """Display name per document: outlet, else a short title, else the id. Two articles of one outlet are
    told apart by the start of their titles ("USA TODAY (“Trump impeached …”)"), or by their ids where
    the titles do not differ."""
    names = {doc.id: _short(doc.outlet or doc.title or doc.id, 6) for doc in documents}
    counts = Counter(names.values())
    titles = {doc.id: _short(doc.title, 4) for doc in documents if doc.title and doc.outlet}
    title_counts = Counter((names[d], t) for d, t in titles.items())
    out = {}
    for doc_id, name in names.items():
        if counts[name] == 1 or name == doc_id:
            out[doc_id] = name
        elif doc_id in titles and title_counts[(name, titles[doc_id])] == 1:
            out[doc_id] = f"{name} (“{titles[doc_id]}”)"
        else:
            out[doc_id] = f"{name} ({doc_id})"
    return out


def _inside(member: Mapping[str, Any], span: Mapping[str, Any]) -> bool:
    """The member's span and the copied ``span`` of the same document mostly overlap: over half of the
    shorter of the two (a clause copied word for word inside a longer reworded sentence)."""
    if member["doc"] != span.get("doc"):
        return False
    overlap = min(member["end"], span["end"]) - max(member["start"], span["start"])
    return overlap * 2 > min(member["end"] - member["start"], span["end"] - span["start"])


def _one_quotation(composer: _Composer, group: Mapping[str, Any], members: Sequence[Mapping[str, Any]],
                   shown: Sequence[Mapping[str, Any]], said: Mapping[str, Sequence[tuple[int, int]]]) -> bool:
    """Every link of the group is a shared quotation (basis ``quote``) that the quotations section reports,
    and at most one member says more than the quotation and who said it (:func:`_only_quotes`): what two
    sources share is the words, and that section names who spoke."""
    links = group.get("links") or []
    if not links or any(link.get("basis") != "quote" for link in links):
        return False
    return sum(not _only_quotes(composer, m, shown, said) for m in members) <= 1


def _only_quotes(composer: _Composer, member: Mapping[str, Any], shown: Sequence[Mapping[str, Any]],
                 said: Mapping[str, Sequence[tuple[int, int]]]) -> bool:
    """The member carries a quotation of ``shown`` and says little else: outside the content of every
    statement (``said``: their spans by document, sorted) it has at most :data:`ATTRIBUTION_WORDS` content
    words ("the minister said in a statement from Geneva")."""
    doc = member["doc"]
    if not any(span["doc"] == doc and span["start"] < member["end"] and member["start"] < span["end"]
               for span in shown):
        return False
    text, outside, cursor = composer.docs[doc].text, [], member["start"]
    for start, end in said.get(doc, ()):
        if end > cursor and start < member["end"]:
            outside.append(text[cursor:max(cursor, start)])
            cursor = max(cursor, end)
    outside.append(text[cursor:member["end"]])
    return len(_content_words(" ".join(outside))) <= ATTRIBUTION_WORDS


def _quote_free(composer: _Composer, member: Mapping[str, Any],
                said: Mapping[str, Sequence[tuple[int, int]]]) -> bool:
    """The member's wording is the author's alone: no quotation marks and no statement's content in it."""
    if _QUOTED.search(composer.docs[member["doc"]].text[member["start"]:member["end"]]):
        return False
    return not any(start < member["end"] and member["start"] < end for start, end in said.get(member["doc"], ()))


def _content_words(text: str) -> set[str]:
    """Stems of the words that carry meaning (what a label or a rewrite must not add)."""
    return {_stem(w) for w in _tokens(text) if w not in _STOP}


_ANAPHOR = re.compile(r"(?:he|she|they|it)\b", re.IGNORECASE)
# A speaker inside a wording is named only when a person: a parse that hangs a verb on "When it comes time to
# ..." makes "it" a speaker, and a wording that opens with "It" or "They" is the case the rule above covers.
_PERSONAL = re.compile(r"(?:he|she)\b", re.IGNORECASE)
_OPENING_MARKS = "“‘«"


def _opening_pronoun(composer: _Composer, member: Mapping[str, Any]) -> tuple[int, int] | None:
    """The pronoun a member's wording opens with in the author's own voice ("He said the plan ..."),
    as its span, else None. Such a wording leaves a reader of the brief asking who is meant; a pronoun
    inside a quotation is the quoted speaker's and needs no answer here."""
    text = composer.docs[member["doc"]].text
    lead = text[member["start"]:member["end"]]
    start = member["start"] + len(lead) - len(lead.lstrip())
    before = text[:start].rstrip()
    if before[-1:] in _OPENING_MARKS or (before[-1:] in "\"'" and before[-2:-1] in ("", " ", "\n", "(")):
        return None
    found = _ANAPHOR.match(text, start, member["end"])
    return (found.start(), found.end()) if found else None


def _medoid(composer: _Composer, members: Sequence[dict[str, Any]], label: str = "",
            named: bool = True) -> dict[str, Any]:
    """The member whose wording shares most with the others (Jaccard of content words), with ``named``
    among those that do not open with a pronoun when any such member exists; ties: the member the group's
    ``label`` was taken from, confidence, order. (A contested side is quoted for the figure or verb it
    disputes, whoever its subject is.)"""
    texts = [composer.docs[m["doc"]].text[m["start"]:m["end"]] for m in members]
    bags = [_content_words(text) for text in texts]
    head = " ".join(label.split()).rstrip("…")

    def centrality(i: int) -> tuple[bool, float, bool, float, int, int]:
        total = sum(len(bags[i] & bags[j]) / max(1, len(bags[i] | bags[j])) for j in range(len(bags)) if j != i)
        labelled = bool(head) and " ".join(texts[i].split()).startswith(head)
        return (named and _opening_pronoun(composer, members[i]) is not None, -total, not labelled,
                -float(members[i].get("confidence") or 0), composer.order.get(members[i]["doc"], 1 << 30),
                members[i]["start"])

    return members[min(range(len(members)), key=centrality)]


def _valid_members(composer: _Composer, group: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Members whose document is known and whose span lies inside its text."""
    return [m for m in group.get("members", ()) if m.get("doc") in composer.docs
            and 0 <= m["start"] < m["end"] <= len(composer.docs[m["doc"]].text)]


def _consensus(composer: _Composer, groups: Sequence[Mapping[str, Any]], speakers: _Speakers,
               quotations: Sequence[Mapping[str, Any]] = (),
               said: Mapping[str, Sequence[tuple[int, int]]] | None = None) -> list[dict[str, Any]]:
    """"N sources (A, B and C) report: “…” (wording of A)." for each consensus group, most sources first.

    A group whose shown wording only carries a quotation that the quotations section reports
    (``quotations``: the spans of its statements; ``said``: those of all statements, by document) is shown in
    the wording of a member that states the point in the author's own voice (:func:`_quote_free`); with no such
    member it is left to that section, which names the speaker: "3 sources report: “This is the deal we
    sought,” the minister said" would say the same thing twice.

    So is a group held together by nothing but a quotation that section reports, where at most one member says
    more than who said it: "Punching the air, the party leader roared: “…”" beside a bare "“…,” he said" has
    two sources for the words and one for the rest.

    A wording that speaks in the first or second person outside quotation marks ("Looking back, I did things
    at school I regret ...", a testimony printed whole) is someone's words, not a report of them: another member
    that says whose ("...,” the judge told the committee") is quoted instead, and a group with
    none reads "carry these words of X", X being the speaker a source's quotation of it names."""
    found = []
    for group in groups:
        members = _valid_members(composer, group)
        docs = {m["doc"] for m in members}
        if group.get("status") != "consensus" or len(docs) < 2:
            continue
        sources = composer.independent(members)
        if sources < 2:
            continue  # one article copying another: the reuse section reports the shared passage
        reported = [m for m in members if not _own_words(composer.docs[m["doc"]].text[m["start"]:m["end"]])
                    and speakers.wholly_of(m)[0] is None]
        medoid = _medoid(composer, reported or members, str(group.get("label") or ""))
        if _one_quotation(composer, group, members, quotations, said or {}):
            continue
        if _only_quotes(composer, medoid, quotations, said or {}):
            # Another source may state the point in its own voice ("... dismantled that isolation" beside
            # two copies of someone's words on it): that wording is shown. One that frames a quotation
            # ("Speaking to fishermen at the quay, Ms. Halvorsen said: “...”") is left to the quotations section.
            own_voice = [m for m in reported if _quote_free(composer, m, said or {})]
            if not own_voice:
                continue
            medoid = _medoid(composer, own_voice, str(group.get("label") or ""))
        quoted, span = composer.quote(medoid["doc"], medoid["start"], medoid["end"])
        who, cites = f"{composer.how_many(list(docs), sources)} ({composer.who(list(docs))})", list(members)
        verb = "report"
        if not reported:
            name, name_cites = speakers.of(members)
            verb = f"carry these words of {name}" if name else "carry these words"
            cites += name_cites
        referent, referent_cites = speakers.referent(composer, medoid, span)
        cites += referent_cites
        wording = ", ".join(filter(None, [f"wording of {composer.who([medoid['doc']])}", referent]))
        text = f"{who} {verb}: {quoted} ({wording})."
        found.append(((-sources, -len(docs), -float(group.get("confidence") or 0), str(group.get("id", ""))),
                      composer.sentence("consensus", text, cites, [span])))
    return [entry for _, entry in sorted(found, key=lambda f: f[0])]


_QUOTED = re.compile(r'“[^”]*”|"[^"]*"|(?:\'\'|``).*?\'\'')  # also the typewriter pairs of news archives
# A speaker's persons, which a report in the author's voice does not use: "I", "we" and "you" ("we will reopen
# the harbour", "You should watch this space").
_SPEAKER_PERSONS = re.compile(r"\b(?:I|me|my|mine|myself|we|us|our|ours|ourselves|you|your|yours|yourselves?)\b",
                              re.IGNORECASE)


def _own_words(text: str) -> bool:
    """The wording is someone's own words, not a report of them: what stands outside its quotation marks
    speaks as "I", "we" or to "you", or nothing does (the span lies inside a quotation). A closing mark with
    no opening one ends a quotation begun before the span; an opening one with no closing one runs past its
    end."""
    close = text.find("”")
    if close != -1 and "“" not in text[:close]:
        text = text[close + 1:]
    opening = text.rfind("“")
    if opening != -1 and "”" not in text[opening:]:
        text = text[:opening]
    if text.count('"') % 2:  # straight marks: the odd one opens where a word follows it, else closes
        stripped, last = text.lstrip(), text.rfind('"')
        if stripped.startswith('"') and stripped.count('"') == 1:
            text = ""
        elif last == 0 or text[last - 1].isspace():
            text = text[:last]  # 'said it would open a hall "for all of our ...': the quotation runs on
        else:
            text = text[last + 1:]
    outside = _QUOTED.sub(" ", text)
    return bool(_SPEAKER_PERSONS.search(outside)) or len(re.findall(r"[A-Za-z]{2,}", outside)) < 2


class _Speakers:
    """Who said the words a claim's members carry: the speaker of a statement whose content holds one."""

    def __init__(self, statements: Sequence[_Statement], actors: Sequence[Any]) -> None:
        self.statements = [s for s in statements if s.speaker]
        self.actors = {(a.id if isinstance(a, Actor) else a["id"]): a for a in actors}
        self.by_speaker_span: dict[tuple[str, tuple[int, int]], list[_Statement]] = {}
        self.by_doc: dict[str, list[_Statement]] = {}  # per document, so a corpus-wide brief stays linear
        for s in self.statements:
            self.by_doc.setdefault(s.doc, []).append(s)
            if s.speaker_span is not None:
                self.by_speaker_span.setdefault((s.doc, s.speaker_span), []).append(s)

    def person(self, actor_id: str | None) -> Actor | Mapping[str, Any] | None:
        """The actor ``actor_id`` names when it is a person ("I" is one person: no outlet or body), else None."""
        actor = self.actors.get(actor_id)
        kind = actor.kind if isinstance(actor, Actor) else (actor or {}).get("kind")
        return actor if kind == "person" else None

    def of(self, members: Sequence[Mapping[str, Any]]) -> tuple[str | None, list[dict[str, Any]]]:
        for member in members:
            for s in self.by_doc.get(member["doc"], ()):
                actor = self.person(s.speaker)
                if actor is not None and _inside(member, {"doc": s.doc, "start": s.start, "end": s.end}):
                    return self._cite(actor, s)
        return None, []

    def _cite(self, actor: Actor | Mapping[str, Any], s: _Statement) -> tuple[str | None, list[dict[str, Any]]]:
        return _joint_cite(actor, [self.actors.get(c) for c in s.co_speakers], s.doc)

    def wholly_of(self, member: Mapping[str, Any]) -> tuple[str | None, list[dict[str, Any]]]:
        """The person whose direct words make up the whole wording (a post embedded in the page, printed
        without quotation marks or attribution), with the mention naming them; else ``(None, [])``."""
        length = member["end"] - member["start"]
        for s in self.by_doc.get(member["doc"], ()):
            overlap = min(member["end"], s.end) - max(member["start"], s.start)
            actor = self.person(s.speaker) if s.kind == "direct" and overlap >= WHOLLY_QUOTED * length else None
            if actor is not None:
                return self._cite(actor, s)
        return None, []

    def referent(self, composer: _Composer, member: Mapping[str, Any],
                 shown: Mapping[str, Any] | None = None) -> tuple[str, list[dict[str, Any]]]:
        """"where “He” is X" when the wording opens with a pronoun that a statement of the same document
        resolved as its speaker ("He said the plan ..."), or when "he" or "she" inside the ``shown`` part of
        it is such a speaker ("“I cannot vote for it,” she said"), with a mention naming X; else ""."""
        text = composer.docs[member["doc"]].text
        opening = _opening_pronoun(composer, member)
        inside = [] if shown is None else sorted(
            s.speaker_span for s in self.by_doc.get(member["doc"], ()) if s.speaker_span is not None
            and shown["start"] <= s.speaker_span[0] and s.speaker_span[1] <= shown["end"]
            and _PERSONAL.fullmatch(text, *s.speaker_span))
        for where in ([opening] if opening else []) + inside:
            for s in self.by_speaker_span.get((member["doc"], where), ()):
                name, cites = _speaker_cite(self.actors.get(s.speaker), s.doc)
                if name:
                    return f"where “{text[where[0]:where[1]]}” is {name}", cites
        return "", []


def _topic(composer: _Composer, group: Mapping[str, Any], members: Sequence[dict[str, Any]]) -> str:
    """" on <label>" when every content word of the label occurs in the members' text, else "".

    A label that is one member's own sentence (as the aligner's labels are) is no topic: "Sources disagree on
    four Democrats voted ..." would put one side's words in the brief's voice."""
    label = " ".join(str(group.get("label") or "").split()).rstrip(".").rstrip("…").rstrip()
    texts = [" ".join(composer.docs[m["doc"]].text[m["start"]:m["end"]].split()) for m in members]
    if not label or any(text.startswith(label) or label in text for text in texts):
        return ""
    cited = set().union(*(_content_words(text) for text in texts))
    return f" on {label}" if _content_words(label) <= cited and len(label.split()) <= 12 else ""


def _sides(composer: _Composer, group: Mapping[str, Any],
           members: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The members of a contested group split into the positions they take, most sources first.

    Members carry their ``side`` (see :mod:`manysides.compare.align`). For groups without it (built by
    hand or read from an older analysis), a negation splits by polarity; a different figure or an
    opposite verb ("hampered" / "recovered") leaves both sides affirmative: they are split at the group's
    first contradiction, and every other member joins the side whose contradicting member it shares
    most content words with.
    """
    if members and all(isinstance(m.get("side"), int) for m in members):
        by_side: dict[int, list[dict[str, Any]]] = {}
        for m in members:
            by_side.setdefault(m["side"], []).append(m)
        return sorted(by_side.values(), key=lambda side: (-len({m["doc"] for m in side}), side[0]["side"]))
    by_polarity: dict[str, list[dict[str, Any]]] = {}
    for m in members:
        by_polarity.setdefault(str(m.get("polarity")), []).append(m)
    sides = list(by_polarity.values())
    if len(sides) < 2 and group.get("contradictions"):
        def key(span: Mapping[str, Any]) -> tuple[Any, Any, Any]:
            return span.get("doc"), span.get("start"), span.get("end")

        first = group["contradictions"][0]
        anchors = [next((m for m in members if key(m) == key(first[end])), None) for end in ("a", "b")]
        if all(anchors):
            bags = [_content_words(composer.docs[a["doc"]].text[a["start"]:a["end"]]) for a in anchors]
            sides = [[anchors[0]], [anchors[1]]]
            for m in members:
                if m is anchors[0] or m is anchors[1]:
                    continue
                words = _content_words(composer.docs[m["doc"]].text[m["start"]:m["end"]])
                shares = [len(words & bag) / max(1, len(words | bag)) for bag in bags]
                sides[0 if shares[0] >= shares[1] else 1].append(m)
    return sorted(sides, key=lambda side: (-len({m["doc"] for m in side}), str(side[0].get("polarity"))))


def _contested(composer: _Composer, groups: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """"Sources disagree on X: A and B state “…” (wording of A), while C states “…”.", a quote per side."""
    out = []
    for group in sorted(groups, key=lambda g: str(g.get("id", ""))):
        members = _valid_members(composer, group)
        sides = _sides(composer, group, members)
        if group.get("status") != "contested" or len(sides) < 2:
            continue
        parts, quotes, named = [], [], set()
        both = {doc for doc, count in Counter(d for side in sides for d in {m["doc"] for m in side}).items()
                if count > 1}
        for side in sides:
            docs = {m["doc"] for m in side}
            # Quote a source that holds this side only: one on both sides has granted it, not argued it.
            medoid = _medoid(composer, [m for m in side if m["doc"] not in both] or side, named=False)
            quoted, span = composer.quote(medoid["doc"], medoid["start"], medoid["end"])
            verb = ("also " if docs <= named else "") + ("state" if len(docs) > 1 else "states")
            wording = f" (wording of {composer.who([medoid['doc']])})" if len(docs) > 1 else ""
            parts.append(f"{composer.who(list(docs))} {verb} {quoted}{wording}")
            quotes.append(span)
            named |= docs
        text = f"Sources disagree{_topic(composer, group, members)}: " + ", while ".join(parts) + "."
        out.append(composer.sentence("contested", text, members, quotes))
    return out


def _date_conflicts(composer: _Composer, timeline: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Pairs of timeline entries flagged as conflicting: each side's date words, their reading, their sentence."""
    out = []
    for i, entry in enumerate(timeline):
        for j in (entry.get("conflict") or {}).get("with", ()):
            if j <= i or j >= len(timeline) or len(out) >= MAX_DATE_CONFLICTS \
                    or any(e["doc"] not in composer.docs for e in (entry, timeline[j])):
                continue
            parts, quotes = [], []
            for e in (entry, timeline[j]):
                said, said_span = composer.quote(e["doc"], e["start"], e["end"])
                context, context_span = composer.quote(e["doc"], e["event"]["start"], e["event"]["end"])
                parts.append(f"{composer.who([e['doc']])} says {said} (read as {e.get('date')}) in {context}")
                quotes += [said_span, context_span]
            text = (f"{composer.who([entry['doc'], timeline[j]['doc']])} give different dates for what appears to "
                    f"be the same event: " + ", while ".join(parts) + ".")
            cites = [{"doc": e["doc"], **e["event"]} for e in (entry, timeline[j])] + quotes[::2]
            out.append(composer.sentence("date_conflicts", text, cites, quotes))
    return out


def _substance(text: str) -> float:
    """How much a claim says: content words, with numbers and names counting double."""
    words = _tokens(text, lower=False)
    return sum(1 + (w[0].isdigit() or (i > 0 and w[0].isupper())) for i, w in enumerate(words)
               if w.lower() not in _STOP)


def _single_source(composer: _Composer, groups: Sequence[Mapping[str, Any]],
                   speakers: _Speakers) -> list[dict[str, Any]]:
    """"Only A reports: “…”." for the few most substantial single-source claims."""
    found = []
    for group in groups:
        members = _valid_members(composer, group)
        if group.get("status") != "single_source" or not members:
            continue
        medoid = _medoid(composer, members)
        quoted, span = composer.quote(medoid["doc"], medoid["start"], medoid["end"])
        weight = _substance(composer.docs[medoid["doc"]].text[medoid["start"]:medoid["end"]])
        # Sure that no one else says it, and about the story the others tell (not a column's aside).
        weight *= float(group.get("confidence") or 1.0) * max(float(group.get("on_story", 1.0)), 0.0)
        referent, referent_cites = speakers.referent(composer, medoid, span)
        poster, poster_cites = speakers.wholly_of(medoid)
        verb = f"carries these words of {poster}" if poster else "reports"
        text = f"Only {composer.who([medoid['doc']])} {verb}: {quoted}{f' ({referent})' if referent else ''}."
        found.append(((-weight, str(group.get("id", ""))), medoid["doc"], composer.sentence(
            "single_source", text, [*members, *referent_cites, *poster_cites], [span])))
    # The most substantial claim of each source first, so one wordy article does not fill the section
    # (nor repeat itself: the same sentence reworded in one article is two groups).
    ranked = sorted(found, key=lambda f: f[0])
    better: Counter[str] = Counter()  # how many of its own source's claims rank above each claim
    turns = []
    for position, (_, doc, entry) in enumerate(ranked):
        turns.append((better[doc], position, entry))
        better[doc] += 1
    chosen = sorted(sorted(turns)[:MAX_SINGLE_SOURCE], key=lambda t: t[1])
    return [entry for _, _, entry in chosen]


def _reuse_sentence(composer: _Composer, link: Mapping[str, Any]) -> dict[str, Any]:
    """One reuse link in words; the earlier source (when dates say so) is named first."""
    a, b = (link["b"], link["a"]) if link.get("direction") == "b->a" else (link["a"], link["b"])
    first, second = composer.who([a["doc"]]), composer.who([b["doc"]])
    quoted_a, span_a = composer.quote(a["doc"], a["start"], a["end"])
    order = f" ({first} published first)" if link.get("direction") in ("a->b", "b->a") else ""
    if link.get("kind") == "paraphrase":
        quoted_b, span_b = composer.quote(b["doc"], b["start"], b["end"])
        text = (f"{first} and {second} carry the same sentences in different words{order}: {first} has "
                f"{quoted_a}, {second} has {quoted_b}.")
        return composer.sentence("reuse", text, [a, b], [span_a, span_b])
    what = "the same quotation" if link.get("kind") == "shared_quote" else "a passage"
    text = f"{first} and {second} share {what}{order}: {quoted_a}."
    return composer.sentence("reuse", text, [a, b], [span_a])


def _reuse(composer: _Composer, reuse: Sequence[Mapping[str, Any]],
           quoted: Sequence[Mapping[str, Any]] = ()) -> list[dict[str, Any]]:
    """The strongest link per pair of documents, verbatim copying before paraphrase and shared quotes. A
    shared quotation that the quotations section reports (``quoted``: its cites) is not said twice."""
    rank = {"verbatim": 0, "paraphrase": 1, "shared_quote": 2}
    known = [r for r in reuse if r["a"]["doc"] in composer.docs and r["b"]["doc"] in composer.docs
             and not (r.get("kind") == "shared_quote"
                      and all(any(_inside(side, cite) for cite in quoted) for side in (r["a"], r["b"])))]
    best: dict[tuple[str, str], Mapping[str, Any]] = {}
    for link in sorted(known, key=lambda r: (rank.get(r.get("kind"), 3), -(r["a"]["end"] - r["a"]["start"])
                                              * float(r.get("score") or 0), r["a"]["doc"], r["a"]["start"])):
        best.setdefault(tuple(sorted((link["a"]["doc"], link["b"]["doc"]))), link)
    return [_reuse_sentence(composer, link) for link in list(best.values())[:MAX_REUSE]]


def _statement(item: Statement | Mapping[str, Any]) -> _Statement:
    """The typed statement or its JSON record, as the few fields the brief needs."""
    if isinstance(item, Statement):
        where = item.speaker_span
        return _Statement(item.id, item.doc, item.kind, item.content.start, item.content.end, item.speaker,
                          tuple(link.statement for link in item.also_in),
                          None if where is None else (where.start, where.end), tuple(item.co_speakers))
    where = item.get("speaker_span")
    return _Statement(item["id"], item["doc"], item["kind"], item["content"]["start"], item["content"]["end"],
                      item.get("speaker"), tuple(link["statement"] for link in item.get("also_in", ())),
                      None if not where else (where["start"], where["end"]), tuple(item.get("co_speakers", ())))


def _quote_clusters(statements: Sequence[_Statement]) -> list[list[_Statement]]:
    """Statements joined by ``also_in`` links (transitively): one quotation as carried by several sources."""
    parent = {s.id: s.id for s in statements}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for s in statements:
        for other in s.also_in:
            if other in parent:
                parent[root(other)] = root(s.id)
    clusters: dict[str, list[_Statement]] = {}
    for s in statements:
        clusters.setdefault(root(s.id), []).append(s)
    return list(clusters.values())


def _speaker_cite(actor: Actor | Mapping[str, Any] | None, doc: str) -> tuple[str | None, list[dict[str, Any]]]:
    """The speaker's name and, when the document names them ("Prime Minister X", "Mr Y"), that mention."""
    if actor is None:
        return None, []
    data = actor.to_dict() if isinstance(actor, Actor) else actor
    name = data["name"]
    mentions = [m for m in data.get("mentions", ()) if m["doc"] == doc]
    for needle in (name, name.split()[-1]):
        for m in mentions:
            if needle in str(m.get("text", "")):
                return name, [{"doc": doc, "start": m["start"], "end": m["end"]}]
    return name, []


def _joint_cite(actor: Actor | Mapping[str, Any] | None, others: Sequence[Actor | Mapping[str, Any] | None],
                doc: str) -> tuple[str | None, list[dict[str, Any]]]:
    """"A and B" with the mentions naming each, for words said together; only ``actor``'s when alone."""
    name, cites = _speaker_cite(actor, doc)
    names = [name] if name else []
    for other in others:
        other_name, other_cites = _speaker_cite(other, doc)
        if other_name and name:
            names.append(other_name)
            cites += other_cites
    return (listed(names) if names else None), cites


def listed(names: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _cluster_speaker(cluster: Sequence[_Statement], rep: _Statement) -> tuple[str | None, str]:
    """Who a quotation carried by several sources is by, and a document that names them: the shown wording's
    speaker, else the one most members name (one source prints a statement bare, another says whose it is)."""
    if rep.speaker:
        return rep.speaker, rep.doc
    named = Counter(s.speaker for s in cluster if s.speaker)
    if not named:
        return None, rep.doc
    speaker = named.most_common(1)[0][0]
    return speaker, next(s.doc for s in cluster if s.speaker == speaker)


def _quotes(composer: _Composer, statements: Sequence[_Statement],
            actors: Sequence[Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The quotations carried by most sources, each with its speaker when known; and the spans of the
    statements those sentences report (what other sections need not repeat)."""
    by_actor = {(a.id if isinstance(a, Actor) else a["id"]): a for a in actors}
    usable = [s for s in statements if s.doc in composer.docs]
    ranked = []
    for cluster in _quote_clusters(usable):
        docs = {s.doc for s in cluster}
        outlets = len({composer.docs[d].source for d in docs})
        if outlets < 2:
            continue  # two articles of one outlet are one source: no quotation "carried by several sources"
        rep = max(cluster, key=lambda s: (s.kind == "direct", s.end - s.start, -composer.order[s.doc]))
        ranked.append((-outlets, -len(docs), composer.order[rep.doc], rep.start, cluster, rep))
    out, spans = [], []
    for *_, cluster, rep in sorted(ranked, key=lambda r: r[:4])[:MAX_QUOTES]:
        quoted, span = composer.quote(rep.doc, rep.start, rep.end)
        speaker, where = _cluster_speaker(cluster, rep)
        together = next((s.co_speakers for s in cluster if s.speaker == speaker and s.doc == where), ())
        name, name_cites = _joint_cite(by_actor.get(speaker) if speaker else None,
                                       [by_actor.get(c) for c in together], where)
        whom = f"quote {name}" if name else "carry the quotation"
        text = f"{composer.how_many([s.doc for s in cluster])} ({composer.who([s.doc for s in cluster])}) {whom}: {quoted}."
        said = [{"doc": s.doc, "start": s.start, "end": s.end} for s in cluster]
        out.append(composer.sentence("quotes", text, said + name_cites, [span]))
        spans += said
    return out, spans


def compose_brief(documents: Sequence[Document], actors: Sequence[Actor | Mapping[str, Any]] = (),
                  statements: Sequence[Statement | Mapping[str, Any]] = (),
                  claim_groups: Sequence[Mapping[str, Any]] = (), reuse: Sequence[Mapping[str, Any]] = (),
                  timeline: Sequence[Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The ``brief`` section: ``[{"section", "text", "cites": [{doc, start, end}], "quotes": [...]}]``.

    ``claim_groups``, ``reuse`` and ``timeline`` are the JSON records of those sections; ``actors`` and
    ``statements`` may be the typed objects or their records. ``quotes`` holds the exact span of every
    quotation in ``text`` (whitespace collapsed, a trailing `` …`` when cut). Sections in
    :data:`SECTIONS` order; a section with nothing to say is simply absent.
    """
    composer = _Composer(documents, reuse)
    typed = [_statement(s) for s in statements]
    speakers = _Speakers(typed, actors)
    quotes, quoted = _quotes(composer, typed, actors)
    said: dict[str, list[tuple[int, int]]] = {}
    for s in typed:
        said.setdefault(s.doc, []).append((s.start, s.end))
    said = {doc: sorted(spans) for doc, spans in said.items()}
    return [*_consensus(composer, claim_groups, speakers, quoted, said), *_contested(composer, claim_groups),
            *_date_conflicts(composer, timeline or ()), *_single_source(composer, claim_groups, speakers),
            *_reuse(composer, reuse, quoted), *quotes]


def _tokens(text: str, lower: bool = True) -> list[str]:
    """Words, with "n't" split off as "not" (a negation is content) and possessives dropped."""
    words = []
    for match in _WORD.finditer(text):
        word = match.group().replace("’", "'")
        if word.lower().endswith("n't"):
            words.extend([word[:-3], "not"])
        else:
            words.append(word.removesuffix("'s"))
    return [w.lower() for w in words] if lower else words


def _stem(word: str) -> str:
    """A crude stem, so a rewrite may change "reports" to "reported" but not add a new word."""
    word = _NUMBER_WORDS.get(word, word).replace(",", "")
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word[0].isdigit():
            return word[: len(word) - len(suffix)] + keep
    return word


def _texts(documents: Sequence[Document] | Mapping[str, Any]) -> dict[str, str]:
    """Document texts by id, from documents or a mapping of id to document or text."""
    if isinstance(documents, Mapping):
        return {k: (v.text if isinstance(v, Document) else str(v)) for k, v in documents.items()}
    return {d.id: d.text for d in documents}


def _quoted_segments(text: str) -> list[str]:
    """The quotations in a sentence, whitespace collapsed and our cut marks (…) removed."""
    return [" ".join(m.group(1).replace("…", " ").split()) for m in re.finditer(r"[“\"]([^”\"]+)[”\"]", text)]


def check_rewrite(original: Mapping[str, Any], rewritten: str,
                  documents: Sequence[Document] | Mapping[str, Any]) -> bool:
    """True when ``rewritten`` says nothing its cites and the original sentence do not.

    Every content word, number and name of the rewrite (negations included: "not" changes a claim)
    must occur, up to a crude stem, in the cited spans or the original sentence, or be a word about
    sourcing ("alone", "outlet"); every quotation in it must occur verbatim (whitespace aside) in one cite.
    """
    texts = _texts(documents)
    cited = [" ".join(texts[c["doc"]][c["start"]:c["end"]].split()) for c in original.get("cites", ())
             if c["doc"] in texts]
    allowed = {_stem(w) for w in [*_tokens(" ".join(cited) + " " + str(original.get("text", ""))), *_META]}
    for word in _tokens(rewritten):
        if (word not in _STOP or word in _NEGATIONS) and _stem(word) not in allowed:
            return False
    return all(any(segment in span for span in cited) for segment in _quoted_segments(rewritten) if segment)


def apply_rewriter(brief: Sequence[Mapping[str, Any]], rewriter: BriefRewriter,
                   documents: Sequence[Document] | Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each entry reworded by ``rewriter`` where :func:`check_rewrite` accepts it, else kept as it was."""
    texts = _texts(documents)
    out = []
    for entry in brief:
        sources = {f"{c['doc']}:{c['start']}-{c['end']}": texts[c["doc"]][c["start"]:c["end"]]
                   for c in entry["cites"] if c["doc"] in texts}
        candidate = rewriter.rewrite(dict(entry), sources)
        accepted = isinstance(candidate, str) and candidate.strip() and check_rewrite(entry, candidate, texts)
        out.append({**entry, "text": candidate if accepted else entry["text"], "rewritten": bool(accepted)})
    return out
