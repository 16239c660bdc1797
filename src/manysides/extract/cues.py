"""Cues for statement extraction: the lexicon, quote-mark scanning, and cue words in the parse.

Two things live here, apart from how statements are assembled (:mod:`manysides.extract.statements`):

* the words that signal reported speech, beliefs and stances: verbs (*say*, *warn*, *believe*, *endorse*,
  *vote for*), nouns (*statement*, *view*, *support for*, *plan to*) and adjectives (*confident that*);
* (the scanner that pairs quote marks into quotations is :mod:`manysides.nlp.quotes`, which the sentence
  splitter reads too);
* reading those cues off the spaCy parse: which token is a cue, which cue governs a quotation, the
  sentence frame around a quotation and whether it is direct or partial.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span as SpacySpan, Token

from manysides.nlp.quotes import Quotation

# Verbs of saying, writing and communicating: they introduce quotations and reported speech.
SPEECH_VERBS: frozenset[str] = frozenset("""
say tell add declare warn write claim insist argue comment note explain state announce acknowledge admit
deny suggest predict call describe accuse ask answer reply respond report tweet post remark observe stress
emphasize emphasise reiterate repeat continue conclude recall concede confirm reveal disclose assert maintain
contend allege charge complain criticize criticise praise promise pledge vow threaten urge demand propose
recommend forecast estimate testify joke quip boast brag lament muse wonder question caution advise inform
assure reassure signal indicate hint imply mention label dub brand characterize characterise term blog
shout scream yell chant whisper mutter exclaim proclaim order instruct counter retort rebut dispute reject
dismiss acknowledge agree disagree swear affirm cite quote read point mock scoff sneer snap fume marvel
concur speculate theorize theorise opine editorialize editorialise summarize summarise begin finish
interject interrupt plead beg demand complain protest object insinuate remind promise
""".split())

# Verbs of belief and perception that PolNeAR-style attribution counts when they take a clause:
# "Clinton believes that ...", "a poll found that ...".
ATTITUDE_VERBS: frozenset[str] = frozenset("""
believe think feel fear hope expect know worry doubt suspect assume guess reckon consider find show
realize realise understand learn reveal conclude figure hear read recognize recognise
imagine acknowledge wish bet predict prove demonstrate suggest indicate insist
""".split())

CUE_VERBS: frozenset[str] = SPEECH_VERBS | ATTITUDE_VERBS

# Verbs whose infinitive complement is what the subject says it wants or will do: "vowed to fight",
# "urged Congress to act".
INTENT_VERBS: frozenset[str] = frozenset("""
promise pledge vow agree refuse threaten plan hope decline propose urge ask call demand
expect intend aim wish push press encourage warn advise tell order instruct invite challenge beg plead want seek
""".split())

# Speech and stance verbs whose noun-phrase object is the content: "predicted a Cruz win", "denied the report".
OBJECT_VERBS: frozenset[str] = frozenset("""
announce propose predict deny confirm reveal praise criticize criticise endorse oppose support condemn reject
dismiss defend demand promise pledge question dispute acknowledge admit cite mention tout highlight recommend
blame decry denounce applaud welcome back favor favour prefer advocate champion slam blast attack
accuse thank congratulate credit fault commend discuss show tweet mock ridicule recall note describe
""".split())

# Verbs whose stance or topic is the object of a preposition: "voted for Sanders", "spoke about the border",
# "responded to the charges", "focused on jobs". Maps the verb to the prepositions that carry it.
PREP_OBJECT_VERBS: dict[str, frozenset[str]] = {
    **dict.fromkeys("talk speak write testify tweet complain joke boast brag lie rant muse reminisce".split(),
                    frozenset({"about"})),
    "comment": frozenset({"about", "on"}),
    "ask": frozenset({"about"}), "warn": frozenset({"about", "against", "of"}), "hint": frozenset({"at"}),
    "agree": frozenset({"with"}), "apologize": frozenset({"for"}), "apologise": frozenset({"for"}),
    **dict.fromkeys("campaign argue advocate lobby plead push press rally".split(), frozenset({"for", "against"})),
    **dict.fromkeys("respond reply react refer point object allude".split(), frozenset({"to"})),
    **dict.fromkeys("focus insist elaborate harp dwell weigh".split(), frozenset({"on"})),
}
# Objects that make "respond to" a movement, not a reply: "police responded to the scene".
PLACE_OBJECTS = frozenset("""scene site area call calls incident emergency fire crash location address home house
building street""".split())

# Verbs that introduce a quotation ("…," he continued) but whose clausal complement is not reported speech.
QUOTE_ONLY_VERBS: frozenset[str] = frozenset({"continue", "begin", "finish", "interject", "interrupt", "read"})

# Nouns that name an utterance or a view and can carry its content: "his comment about being ...",
# "the paper's view is that ...", "the claim that ...".
CUE_NOUNS: frozenset[str] = frozenset("""
statement remark remarks comment comments word words claim view belief argument assertion suggestion
warning promise pledge message speech interview tweet post letter editorial report conclusion position
opinion insistence accusation allegation denial prediction description response reply answer testimony
announcement declaration admission acknowledgement acknowledgment vow threat demand proposal contention
assessment verdict judgment judgement complaint criticism insisting fear hope
""".split())

# Nouns of stance whose prepositional object is what the stance is about: "her support for the deal",
# "took a swipe at Bush", "his criticism of the plan". Maps the noun to the prepositions that carry it.
STANCE_NOUNS: dict[str, frozenset[str]] = {
    **dict.fromkeys("support backing admiration disdain contempt apology plea request demand call push appeal "
                    "vote".split(), frozenset({"for"})),
    **dict.fromkeys("case argument".split(), frozenset({"for", "against"})),
    **dict.fromkeys("endorsement criticism critique condemnation rejection denunciation praise defense defence "
                    "dismissal announcement".split(), frozenset({"of", "for"})),
    **dict.fromkeys("opposition objection reference".split(), frozenset({"to"})),
    "mention": frozenset({"of"}),
    **dict.fromkeys("attack assault".split(), frozenset({"on"})),
    **dict.fromkeys("swipe shot jab dig".split(), frozenset({"at"})),
    **dict.fromkeys("comment remark question statement view position stance concern complaint".split(),
                    frozenset({"about", "on", "over"})),
}

# Nouns of intent whose infinitive is what someone says they will do: "Trump's plan to build a wall".
INTENT_NOUNS: frozenset[str] = frozenset("""
plan decision refusal attempt bid effort promise pledge vow threat call push proposal desire intention
commitment determination willingness reluctance offer request demand wish ambition
""".split())

# Adjectives of stance that take a clause: "X is confident that …", "voters are worried that …".
STANCE_ADJECTIVES: frozenset[str] = frozenset("""
confident sure certain convinced optimistic pessimistic hopeful worried concerned afraid fearful skeptical
sceptical adamant aware unaware doubtful insistent positive proud glad happy sorry disappointed
""".split())

# Forms the small English model lemmatises wrongly, with the lemma meant.
LEMMA_FIXES: dict[str, str] = {"hopes": "hope", "hoped": "hope", "hoping": "hope"}

# Words that, just before a quotation, mark it as the title of a work rather than something said.
TITLE_WORDS: frozenset[str] = frozenset("""
book film movie song show album titled entitled article column headline programme program series play
novel essay documentary podcast episode poem memoir slogan hashtag campaign newsletter magazine
""".split())

# Verbs that name what something is: 'called the plan "a total mess"', "described it as reckless".
NAMING_VERBS: frozenset[str] = frozenset({"call", "describe", "label", "dub", "brand", "term", "characterize",
                                          "characterise"})

# Verbs of regard: "voters see him as the most viable alternative", "views the deal as a betrayal".
REGARD_VERBS: frozenset[str] = frozenset({"see", "view", "regard", "consider", "perceive", "deem", "rate", "judge"})

# Words before a headline colon that label the item rather than name a speaker ("Update: ...").
HEADLINE_LABELS: frozenset[str] = frozenset("""
update updated breaking exclusive watch video photos photo live editor note correction analysis opinion
related read more see also listen transcript source sources via q a
""".split())

_ANY_MARKS = frozenset('"“”‘’\'')  # double and single quote marks


# ------------------------------------------------------------------------------------ cues in the parse

# How many heads a quotation may climb to reach the cue that governs it.
MAX_CLIMB = 4


def cue_lemma(token: Token) -> str:
    """The lemma, with the tagger's known slips mended ("hopes" is not a form of *hop*)."""
    return LEMMA_FIXES.get(token.lower_, token.lemma_.lower())


# Nouns after "according to" that name a norm to conform to, not a source: "went according to plan",
# "voted according to party lines", "prices vary according to size".
NORM_NOUNS: frozenset[str] = frozenset("""
plan schedule script timetable tradition custom protocol procedure rule line principle standard guideline
need ability merit wish instruction design size age gender race income identification affiliation preference
""".split())
# Of these, the ones that name a norm even when set off and bare (no word of their own): "According to plan, …".
_BARE_NORMS = frozenset({"plan", "schedule", "script", "timetable", "tradition", "custom", "protocol"})


def according_to_norm(token: Token) -> bool:
    """Whether "according" opens a phrase of conformity ("went according to plan"), which names no speaker.

    A norm noun counts when its phrase is run into the clause after the words it qualifies ("conducted
    according to the rules"); one set off by a comma or placed before them is a source ("…, according to
    the rules, the vote must …"), except a bare idiom ("According to plan, …").
    """
    prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "to"), None)
    noun = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if noun is None or noun.pos_ != "NOUN" or noun.lemma_.lower() not in NORM_NOUNS:
        return False
    bare = not any(True for _ in noun.children)  # "draft plans", "Hindu tradition" are documents and sources
    # Run in after the words it qualifies; placed before them ("that according to EU rules, it …") it is a source.
    run_in = token.i > token.head.i and not token.doc[token.i - 1].is_punct
    return run_in or (bare and noun.lemma_.lower() in _BARE_NORMS)


def is_cue(token: Token) -> bool:
    if token.lower_ == "according":
        return not according_to_norm(token)
    return token.pos_ in ("VERB", "AUX") and cue_lemma(token) in CUE_VERBS


def governing_cue(inner: SpacySpan, quoted: Sequence[bool]) -> Token | None:
    """The cue the quotation hangs from in the parse, climbing at most a few heads out of the quotation."""
    for root in (t for t in inner if t.head.i < inner.start or t.head.i >= inner.end or t.head.i == t.i):
        token = root
        for _ in range(MAX_CLIMB):
            if token.head.i == token.i:
                break
            token = token.head
            if quoted[token.i] and inner.start <= token.i < inner.end:
                break
            if is_cue(token) or (token.pos_ == "NOUN" and token.lemma_.lower() in CUE_NOUNS):
                return token
            if token.pos_ == "VERB":
                break
    return None


def nearby_cue(before: list[Token], after: list[Token]) -> Token | None:
    """A cue in the sentence frame: inverted "…," said X first, then the last cue before the quotation."""
    for token in after[:5]:
        if is_cue(token):
            return token
    for token in reversed(before):
        if is_cue(token):
            return token
    for token in after:
        if is_cue(token):
            return token
    return None


def colon_cue(before: list[Token]) -> Token | None:
    """For "X warned Y ahead of the summit: "…"", the main verb of the clause before the colon."""
    words = [t for t in before if not t.is_space]
    if not words or words[-1].text != ":":
        return None
    verbs = [t for t in words if t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "ccomp", "conj")]
    return verbs[0] if verbs else None


def looks_like_title(inner: SpacySpan, before: list[Token]) -> bool:
    """A quoted title of a work: introduced by a word such as "book" or "titled", or all in Title Case."""
    words = [t for t in inner if t.is_alpha]
    prev = [t for t in before if not t.is_space]
    if prev and prev[-1].lemma_.lower() in TITLE_WORDS:
        return True
    small = {"a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "with", "at", "by"}
    return len(words) >= 2 and all(w.text[:1].isupper() or w.lower_ in small for w in words) \
        and words[0].text[:1].isupper()


def finite_clause(head: Token) -> bool:
    """A finite clause with its own subject ("[that] the plan will fail"), not a small clause ("found it hard")."""
    if head.pos_ not in ("VERB", "AUX"):
        return False
    children = list(head.children)
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj", "csubjpass") for c in children)
    finite = head.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in children) or (
        head.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in children)
        and any(c.dep_ == "nsubj" and c.i < head.i for c in children))  # "show the firm donated": VBD mistagged
    return has_subject and finite


def mistagged_cue(token: Token) -> bool:
    """A cue verb the tagger took for a noun ("records show he backed …"): it still has a subject and a
    finite clause as complement."""
    return token.pos_ in ("NOUN", "PROPN") and cue_lemma(token) in CUE_VERBS \
        and any(c.dep_ == "nsubj" for c in token.children) \
        and any(c.dep_ == "ccomp" and finite_clause(c) for c in token.children)


def quote_frame(sdoc: Doc, quoted: Sequence[bool], token_at: Callable[[int], int], q: Quotation
                ) -> tuple[list[Token], list[Token]]:
    """Tokens of the sentence around quotation ``q`` that lie outside any quotation (``quoted`` flags each
    token of ``sdoc``; ``token_at`` maps a character to its token): before and after it.

    When the quotation closes a sentence on its own ("…." He said.) a short lowercase follow-up such as
    "she added", or a short sentence that only names who spoke ("…!” Trump wrote."), is taken as the
    after-frame too.
    """
    open_i = token_at(q.open_at)
    close_i = token_at(q.close_at) if q.close_at is not None else token_at(max(q.start, q.end - 1))
    sent_start = sdoc[open_i].sent.start
    sent_end = sdoc[close_i].sent.end
    before = [t for t in sdoc[sent_start:open_i] if not quoted[t.i]]
    after = [t for t in sdoc[close_i + 1:sent_end] if not quoted[t.i]]
    if not [t for t in after if not t.is_punct and not t.is_space] and sent_end < len(sdoc):
        nxt = sdoc[sent_end].sent
        words = [t for t in nxt if not t.is_punct and not t.is_space]
        same_paragraph = "\n" not in sdoc[close_i:nxt.start].text_with_ws
        if words and len(words) <= 6 and (words[0].text[:1].islower() or (same_paragraph and _bare_attribution(nxt))):
            after = [t for t in nxt if not quoted[t.i]]
    return before, after


def _bare_attribution(sent: SpacySpan) -> bool:
    """A sentence that only says who spoke ("Trump wrote.", "Roe said on Monday."): a verb of saying with a
    named or pronoun subject and nothing said after it, so it attributes the quotation closed just before it
    in the same paragraph ("Some liberals agree." opening the next one says something of its own)."""
    root = sent.root
    return cue_lemma(root) in SPEECH_VERBS and any(c.dep_ == "nsubj" and c.pos_ in ("PROPN", "PRON")
                                                   for c in root.children) \
        and not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in root.children)


def quote_kind(text: str, q: Quotation, before: list[Token]) -> str:
    """Direct when the quotation is a sentence of its own, partial when it is a fragment of the sentence."""
    first = text[q.start:q.start + 1]
    prev = [t for t in before if not t.is_space and t.text not in _ANY_MARKS]
    sentence_like = first.isupper() or first.isdigit() or first in "…." or q.paragraphs > 1
    if not sentence_like:
        # '…," she said, adding, "but …."': the continuation of a quoted sentence is still direct
        ends_sentence = text[max(q.start, q.end - 1):q.end] in (".", "!", "?")
        return "direct" if ends_sentence and prev and prev[-1].text in (",", ":") else "partial"
    if not prev or prev[-1].text in (",", ":", ";", "—", "–", "-") or prev[-1].lower_ == "that":
        return "direct"
    return "direct" if is_cue(prev[-1]) else "partial"


def opens_condition(verb: Token) -> bool:
    """Whether ``verb`` heads a clause opened by "if" or "unless" ("if the cuts were set in motion"):
    a supposition, so what it says neither happened nor is stated."""
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children)
