"""View models for the chart-like sections: actors, tone, framing, reuse and the timeline.

Charts are drawn as inline SVG or coloured HTML tables by the templates, from the geometry computed
here, because the report must work offline with no charting library. Every number a chart encodes
is also printed, so nothing depends on hovering (or on colour vision).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from manysides.report.diff import side_by_side
from manysides.report.views import PALETTE, Ctx, Ref

MAX_ACTORS = 20
MAX_STANCE_ACTORS = 12


def actors_view(ctx: Ctx) -> dict[str, Any]:
    """Mentions per source for the most-mentioned actors; each count links to those mentions."""
    docs = [d.id for d in ctx.analysis.documents]
    rows = []
    for actor in sorted(ctx.analysis.actors, key=lambda a: -len(a.mentions))[:MAX_ACTORS]:
        cells = []
        for doc in docs:
            ref = Ref()
            for mention in actor.mentions:
                if mention.doc == doc:
                    ref.add(ctx.spans.key(doc, mention.start, mention.end))
            cells.append({"n": sum(1 for m in actor.mentions if m.doc == doc), "ref": ref})
        rows.append({"name": actor.name, "kind": actor.kind, "total": len(actor.mentions), "cells": cells})
    peak = max((c["n"] for row in rows for c in row["cells"]), default=0) or 1
    return {"rows": rows, "peak": peak, "more": max(0, len(ctx.analysis.actors) - MAX_ACTORS)}


def tone_colour(score: float) -> tuple[str, str]:
    """Background and text colour for a tone score in [-1, 1]: orange for negative, blue for positive."""
    score = max(-1.0, min(1.0, score))
    lightness = 96 - 50 * abs(score)
    hue = 215 if score >= 0 else 25
    saturation = 10 + 60 * abs(score)
    text = "#fff" if lightness < 62 else "#111"
    return f"hsl({hue}, {saturation:.0f}%, {lightness:.0f}%)", text


def stances_view(ctx: Ctx) -> dict[str, Any] | None:
    """Source x actor tone heat table: score printed in each coloured cell, evidence on click."""
    if ctx.analysis.stances is None:
        return None
    records = [r for r in ctx.analysis.stances if isinstance(r, dict)]
    actor_counts = Counter(str(r.get("actor")) for r in records)
    actors = [a for a, _ in actor_counts.most_common(MAX_STANCE_ACTORS)]
    by_cell = {(r.get("doc"), str(r.get("actor"))): r for r in records}
    rows = []
    for doc in ctx.analysis.documents:
        cells = [_stance_cell(ctx, by_cell.get((doc.id, actor))) for actor in actors]
        rows.append({"label": ctx.labels[doc.id], "cells": cells})
    return {"actors": [ctx.actor_name(a) for a in actors], "rows": rows, "n": len(records),
            "more": max(0, len(actor_counts) - MAX_STANCE_ACTORS)}


def _stance_cell(ctx: Ctx, record: dict[str, Any] | None) -> dict[str, Any] | None:
    if record is None:
        return None
    score = _number(record.get("score"))
    background, colour = tone_colour(score)
    evidence = [ev for ev in (ctx.evidence(e, note=_score_note(e)) for e in record.get("evidence") or [])
                if ev is not None]
    ref = Ref()
    for ev in evidence:
        ref.add(ev.ref.first)
    quoted = record.get("quoted") if isinstance(record.get("quoted"), dict) else None
    quoted_view = None
    if quoted is not None:
        quoted_evidence = [ev for ev in (ctx.evidence(e, note=_score_note(e)) for e in quoted.get("evidence") or [])
                           if ev is not None]
        quoted_view = {"score": _number(quoted.get("score")), "label": str(quoted.get("label") or ""),
                       "n": quoted.get("n"), "evidence": quoted_evidence}
    return {"score": score, "label": str(record.get("label") or ""), "n": record.get("n"), "bg": background,
            "fg": colour, "evidence": evidence, "ref": ref, "quoted": quoted_view}


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _score_note(record: Any) -> str:
    if isinstance(record, dict) and isinstance(record.get("score"), (int, float)):
        return f"{record['score']:+.2f}"
    return ""


def frames_view(ctx: Ctx) -> dict[str, Any] | None:
    """Source x frame stacked bars (inline SVG geometry) and the same numbers as a table."""
    if ctx.analysis.frames is None:
        return None
    records = [r for r in ctx.analysis.frames if isinstance(r, dict)]
    frames = sorted({str(r.get("frame")) for r in records}, key=lambda f: -sum(
        _number(r.get("share")) for r in records if str(r.get("frame")) == f))
    colours = {f: PALETTE[i % len(PALETTE)] for i, f in enumerate(frames)}
    width, label_w, bar_h, gap = 560, 180, 26, 10
    bars = []
    table = []
    for i, doc in enumerate(ctx.analysis.documents):
        own = {str(r.get("frame")): r for r in records if r.get("doc") == doc.id}
        x = float(label_w)
        segments = []
        for frame in frames:
            record = own.get(frame)
            share = max(0.0, min(1.0, _number(record.get("share")))) if record else 0.0
            ref = Ref()
            for ev in (record or {}).get("evidence") or []:
                ref.add(ctx.spans.key_of(ev))
            seg_w = share * width
            if seg_w > 0:
                segments.append({"x": x, "w": seg_w, "frame": frame, "colour": colours[frame], "share": share,
                                 "ref": ref, "show_label": seg_w >= 40})
            x += seg_w
        bars.append({"y": i * (bar_h + gap), "label": ctx.labels[doc.id], "segments": segments})
        table.append({"label": ctx.labels[doc.id], "shares": [own[f].get("share") if f in own else None
                                                              for f in frames]})
    height = max(1, len(bars)) * (bar_h + gap)
    return {"frames": [{"name": f, "colour": colours[f]} for f in frames], "bars": bars, "table": table,
            "width": label_w + width + 10, "height": height, "bar_h": bar_h, "label_w": label_w, "n": len(records)}


def reuse_view(ctx: Ctx) -> list[dict[str, Any]] | None:
    """Reuse links grouped by pair of sources, each passage shown aligned with the differences marked."""
    if ctx.analysis.reuse is None:
        return None
    order = {d.id: i for i, d in enumerate(ctx.analysis.documents)}
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for record in ctx.analysis.reuse:
        a, b = record.get("a") or {}, record.get("b") or {}
        key_a, key_b = ctx.spans.key_of(a), ctx.spans.key_of(b)
        if key_a is None or key_b is None:
            continue
        text_a = ctx.spans.text(a["doc"], int(a["start"]), int(a["end"]))
        text_b = ctx.spans.text(b["doc"], int(b["start"]), int(b["end"]))
        left, right = side_by_side(text_a, text_b)
        pair = tuple(sorted((a["doc"], b["doc"]), key=lambda d: order.get(d, 0)))
        pairs.setdefault(pair, []).append({
            "kind": str(record.get("kind") or ""), "score": record.get("score"),
            "direction": _direction(ctx, record.get("direction"), a["doc"], b["doc"]),
            "a_label": ctx.labels.get(a["doc"]), "b_label": ctx.labels.get(b["doc"]),
            "a_html": left, "b_html": right, "ref": Ref([key_a, key_b])})
    return [{"a": ctx.labels.get(p[0]), "b": ctx.labels.get(p[1]), "passages": passages}
            for p, passages in sorted(pairs.items(), key=lambda kv: -len(kv[1]))]


def _direction(ctx: Ctx, direction: Any, doc_a: str, doc_b: str) -> str:
    if direction == "a->b":
        return f"{ctx.labels.get(doc_a)} \u2192 {ctx.labels.get(doc_b)}: {ctx.labels.get(doc_a)} published first"
    if direction == "b->a":
        return f"{ctx.labels.get(doc_b)} \u2192 {ctx.labels.get(doc_a)}: {ctx.labels.get(doc_b)} published first"
    return "direction unknown"
