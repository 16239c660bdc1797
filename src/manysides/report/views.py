"""View models for the text-centred sections: sources, brief, claim matrix, and who said what.

Templates only lay out what these functions prepare, so every decision a reader depends on (which
cell says "disputes", which quote is the reference wording) lives here in plain, testable Python.
Records of the comparison sections come from other stages as JSON dicts; they are read defensively
(``.get`` with defaults) so that a missing optional field degrades one cell, not the whole report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from manysides.analysis import Analysis
from manysides.brief import listed
from manysides.report.diff import changed_share, inline_diff
from manysides.report.genre import infer_genre, word_count
from manysides.report.marks import SpanRegistry

PALETTE = ("#1b6ca8", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085", "#7f6000", "#c2185b", "#455a64",
           "#5d4037")
SNIPPET_CHARS = 280
NEGATIVE_POLARITY = {"disputes", "dispute", "disputed", "denies", "deny", "denied", "negative", "neg", "refutes",
                     "refute", "contradicts", "contradict", "against", "rejects", "reject", "con", "-", "-1", "no",
                     "false", "oppose", "opposes"}


@dataclass(slots=True)
class Ref:
    """A clickable finding: the keys of the spans it cites (possibly in several documents)."""

    keys: list[str] = field(default_factory=list)

    def add(self, key: str | None) -> None:
        if key is not None and key not in self.keys:
            self.keys.append(key)

    @property
    def first(self) -> str | None:
        return self.keys[0] if self.keys else None

    @property
    def spans(self) -> str:
        return " ".join(self.keys)


@dataclass(slots=True)
class Evidence:
    """One cited span as a reader sees it: which source, the words, and the link to the span."""

    doc: str
    label: str
    text: str
    ref: Ref
    note: str = ""


@dataclass(slots=True)
class Ctx:
    """What every view builder needs: the analysis, the span registry and per-document labels."""

    analysis: Analysis
    spans: SpanRegistry
    labels: dict[str, str]

    def evidence(self, record: Any, doc: str | None = None, note: str = "") -> Evidence | None:
        """An :class:`Evidence` for a ``{doc, start, end}`` record, None when the span is unusable."""
        key = self.spans.key_of(record, doc)
        if key is None:
            return None
        doc_id = record.get("doc", doc)
        text = self.spans.text(doc_id, int(record["start"]), int(record["end"]))
        if len(text) > SNIPPET_CHARS:
            text = text[:SNIPPET_CHARS].rstrip() + "\u2026"
        return Evidence(doc_id, self.labels.get(doc_id, doc_id), " ".join(text.split()), Ref([key]), note)

    def actor_name(self, actor: Any) -> str:
        """An actor's display name from an actor id, or the value itself when it is already a name."""
        for known in self.analysis.actors:
            if known.id == actor:
                return known.name
        return str(actor) if actor not in (None, "") else "unknown"


def doc_labels(analysis: Analysis) -> dict[str, str]:
    """Short, unique labels for columns and tables: the outlet when known, else the document id."""
    labels: dict[str, str] = {}
    seen: Counter[str] = Counter()
    for doc in analysis.documents:
        base = doc.outlet or doc.id
        seen[base] += 1
        labels[doc.id] = base if seen[base] == 1 else f"{base} ({doc.id})"
    return labels


def sources_view(ctx: Ctx) -> list[dict[str, Any]]:
    """One row per source for the overview table and one column for the side-by-side reading view."""
    rows = []
    for i, doc in enumerate(ctx.analysis.documents):
        genre = infer_genre(doc)
        rows.append({"id": doc.id, "label": ctx.labels[doc.id], "title": doc.title, "authors": doc.authors,
                     "published": doc.published, "words": word_count(doc.text), "genre": genre.genre,
                     "genre_reason": genre.reason, "url": doc.url, "color": PALETTE[i % len(PALETTE)],
                     "format": doc.format})
    return rows


def brief_view(ctx: Ctx) -> list[dict[str, Any]] | None:
    """Brief sentences with numbered citations; each citation is a link to its span."""
    if ctx.analysis.brief is None:
        return None
    items = []
    for record in ctx.analysis.brief:
        cites = [ev for ev in (ctx.evidence(c) for c in record.get("cites") or []) if ev is not None]
        items.append({"text": str(record.get("text", "")), "cites": cites})
    return items


def _member_state(member: dict[str, Any]) -> str:
    """"disputes" for a member on the other side than the group's label; older analyses, which carry no
    ``side``, fall back to the member's polarity."""
    if isinstance(member.get("side"), int) and not isinstance(member.get("side"), bool):
        return "disputes" if member["side"] else "states"
    return _polarity_state(member.get("polarity"))


def _polarity_state(polarity: Any) -> str:
    if isinstance(polarity, (int, float)) and not isinstance(polarity, bool):
        return "disputes" if polarity < 0 else "states"
    return "disputes" if str(polarity).strip().lower() in NEGATIVE_POLARITY else "states"


# Why a claim group's sources were linked (``claim_groups[].links[].basis``), strongest evidence first.
LINK_BASES = {"quote": "a shared quotation", "passage": "a shared passage", "action": "the same action",
              "paraphrase": "wording", "contradiction": "a contradiction"}


def claims_view(ctx: Ctx) -> dict[str, Any] | None:
    """The claim x source matrix: each cell says states / disputes / omits, with its evidence."""
    groups = ctx.analysis.claim_groups
    if groups is None:
        return None
    omitted: dict[tuple[Any, str], dict[str, Any]] = {}
    for record in ctx.analysis.omissions or []:
        omitted[(record.get("claim_group"), record.get("doc"))] = record
    docs = [d.id for d in ctx.analysis.documents]
    rows = []
    for group in groups:
        members = [m for m in group.get("members") or [] if isinstance(m, dict)]
        ref = Ref()
        for member in members:
            ref.add(ctx.spans.key_of(member))
        cells = [_claim_cell(ctx, group, members, doc, omitted.get((group.get("id"), doc))) for doc in docs]
        disputes = [str(c.get("detail") or c.get("kind") or "") for c in group.get("contradictions") or []
                    if isinstance(c, dict)]
        bases = {str(link.get("basis")) for link in group.get("links") or [] if isinstance(link, dict)}
        rows.append({"id": str(group.get("id", "")), "label": str(group.get("label") or "(unlabelled claim)"),
                     "status": _status(group.get("status")), "confidence": group.get("confidence"),
                     "disputes": sorted({d for d in disputes if d}), "ref": ref, "cells": cells,
                     "linked_by": [LINK_BASES[b] for b in LINK_BASES if b in bases]})
    counts = Counter(row["status"] for row in rows)
    return {"rows": rows, "counts": counts, "omissions_computed": ctx.analysis.omissions is not None}


def _status(status: Any) -> str:
    text = str(status or "").replace("_", "-").lower()
    return text if text in ("consensus", "contested", "single-source") else "other"


def _claim_cell(ctx: Ctx, group: dict[str, Any], members: list[dict[str, Any]], doc: str,
                omission: dict[str, Any] | None) -> dict[str, Any]:
    """One matrix cell: the document's own members decide states/disputes; an omission record says omits."""
    own = [m for m in members if m.get("doc") == doc]
    states = {_member_state(m) for m in own}
    evidence = [ev for ev in (ctx.evidence(m, note=_member_note(m)) for m in own) if ev is not None]
    if own:
        state = "mixed" if len(states) > 1 else states.pop()
    elif omission is not None:
        state = "omits"
        stated_by = set(omission.get("stated_by") or [])
        evidence = [ev for ev in (ctx.evidence(m, note="stated here")
                                  for m in members if m.get("doc") in stated_by) if ev is not None]
    else:
        state = ""
    ref = Ref()
    for ev in evidence:
        ref.add(ev.ref.first)
    return {"state": state, "evidence": evidence, "ref": ref, "doc": doc}


def _member_note(member: dict[str, Any]) -> str:
    parts = [str(member["polarity"])] if member.get("polarity") not in (None, "") else []
    if isinstance(member.get("confidence"), (int, float)):
        parts.append(f"confidence {member['confidence']:.2f}")
    return ", ".join(parts)


def quotes_view(ctx: Ctx) -> list[dict[str, Any]]:
    """Statements grouped by speaker; the same quotation in several sources is shown once, with its variants."""
    statements = {s.id: s for s in ctx.analysis.statements}
    clusters = _link_clusters(ctx)
    speakers: dict[str, list[dict[str, Any]]] = {}
    for cluster in clusters:
        members = [statements[sid] for sid in cluster]
        speaker_ids = Counter((s.speaker, *s.co_speakers) for s in members if s.speaker)
        speaker = listed([ctx.actor_name(a) for a in speaker_ids.most_common(1)[0][0]]) if speaker_ids \
            else "Unattributed"  # "Nancy Pelosi and Steny Hoyer" for words they said together, as the brief writes
        speakers.setdefault(speaker, []).append(_quote_item(ctx, members))
    ordered = sorted(speakers.items(), key=lambda kv: (kv[0] == "Unattributed", -len(kv[1]), kv[0]))
    return [{"speaker": name, "quotes": quotes, "n": len(quotes)} for name, quotes in ordered]


def _link_clusters(ctx: Ctx) -> list[list[str]]:
    """Statements joined through ``also_in`` links (union-find), in document order."""
    order = {s.id: i for i, s in enumerate(ctx.analysis.statements)}
    parent = {sid: sid for sid in order}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for statement in ctx.analysis.statements:
        for link in statement.also_in:
            if link.statement in parent:
                parent[find(link.statement)] = find(statement.id)
    groups: dict[str, list[str]] = {}
    for sid in order:
        groups.setdefault(find(sid), []).append(sid)
    return sorted(groups.values(), key=lambda g: order[g[0]])


def _quote_item(ctx: Ctx, members: list[Any]) -> dict[str, Any]:
    """A quotation and the sources carrying it; variants get the relation and a word-level diff."""
    ref_statement = max(members, key=lambda s: (s.kind == "direct", len(s.content)))
    ref_text = ctx.analysis.text_of(ref_statement.content)
    carriers = []
    all_refs = Ref()
    for statement in members:
        key = ctx.spans.key(statement.doc, statement.content.start, statement.content.end)
        all_refs.add(key)
        text = ctx.analysis.text_of(statement.content)
        relation = _relation(ref_statement, statement)
        diff: Markup | None = None
        if statement is not ref_statement and relation in ("trimmed", "altered") and text != ref_text:
            diff = inline_diff(ref_text, text)
        carriers.append({"doc": statement.doc, "label": ctx.labels.get(statement.doc, statement.doc),
                         "kind": statement.kind, "relation": relation, "diff": diff, "ref": Ref([key] if key else []),
                         "changed": round(changed_share(ref_text, text) * 100) if diff is not None else None,
                         "is_reference": statement is ref_statement})
    return {"text": ref_text, "kind": ref_statement.kind, "ref": all_refs, "carriers": carriers,
            "sources": len({s.doc for s in members})}


def _relation(reference: Any, statement: Any) -> str:
    """How ``statement``'s wording relates to the reference wording, from the pipeline's ``also_in`` links."""
    if statement is reference:
        return "reference"
    for link in list(reference.also_in) + list(statement.also_in):
        if link.statement in (statement.id, reference.id):
            return link.relation
    return next((link.relation for link in statement.also_in), "linked")
