"""The timeline section: dated events on an inline SVG time axis, conflicts flagged, plus a list.

Dates arrive as ISO strings at several precisions ("2016", "2016-06", "2016-06-24"); each is placed at
the start of the period it names and drawn wider when the period is wider, so a "1990s" event does not
look as exact as a dated one. Events without a resolved date appear in the list only.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from manysides.report.views import Ctx, Ref

ISO = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
PERIOD_DAYS = {"day": 1, "month": 30, "year": 365, "decade": 3652}
WIDTH, LEFT, RIGHT, LANE_H, TOP = 900, 20, 20, 26, 44
LABEL_CHARS = 26
CHAR_W = 6.8  # 11 px system-ui, bold for conflicts: a generous average so lanes never collide


def parse_date(value: Any) -> date | None:
    """The first day of the period an ISO date string names, None when there is none."""
    match = ISO.match(str(value or ""))
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None


def timeline_view(ctx: Ctx) -> dict[str, Any] | None:
    """Items for the list and geometry for the axis chart."""
    if ctx.analysis.timeline is None:
        return None
    items = []
    for index, record in enumerate(ctx.analysis.timeline):
        if isinstance(record, dict):
            items.append(_item(ctx, index, record))
    items.sort(key=lambda it: (it["when"] is None, it["when"] or date.min, it["index"]))
    # Number events in the order shown; a conflict's "with" indices point into the original list.
    numbers = {it["index"]: n for n, it in enumerate(items, start=1)}
    for n, it in enumerate(items, start=1):
        it["number"] = n
        if it["conflict"] is not None:
            it["conflict"]["with"] = [numbers[i] for i in it["conflict"]["with"] if i in numbers]
    return {"events": items, "chart": _chart(items), "undated": sum(1 for it in items if it["when"] is None),
            "conflicts": sum(1 for it in items if it["conflict"])}


def _item(ctx: Ctx, index: int, record: dict[str, Any]) -> dict[str, Any]:
    """One dated expression: its span (and its event's span) as a finding, its date and any conflict."""
    ref = Ref()
    ref.add(ctx.spans.key_of(record))
    event = record.get("event") if isinstance(record.get("event"), dict) else None
    ref.add(ctx.spans.key_of(event, record.get("doc")) if event else None)
    conflict = record.get("conflict") if isinstance(record.get("conflict"), dict) else None
    precision = str(record.get("precision") or "unresolved")
    when = parse_date(record.get("date")) if precision != "unresolved" else None
    return {"index": index, "number": index + 1, "doc": record.get("doc"),
            "label": ctx.labels.get(record.get("doc"), str(record.get("doc"))),
            "text": str(record.get("text") or ""), "date": record.get("date"), "when": when,
            "precision": precision, "event_label": str(record.get("event_label") or ""),
            "ref": ref, "conflict": _conflict(conflict)}


def _conflict(conflict: dict[str, Any] | None) -> dict[str, Any] | None:
    if conflict is None:
        return None
    others = [i for i in conflict.get("with") or [] if isinstance(i, int) and not isinstance(i, bool)]
    return {"reason": str(conflict.get("reason") or "conflicting dates"), "with": others}


def _chart(items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Positions on the axis; labels are stacked in lanes so that they never overlap."""
    dated = [it for it in items if it["when"] is not None]
    if not dated:
        return None
    low = min(it["when"] for it in dated)
    high = max(it["when"] + timedelta(days=PERIOD_DAYS.get(it["precision"], 1)) for it in dated)
    span_days = max(2, (high - low).days)
    low -= timedelta(days=max(1, span_days // 30))
    high += timedelta(days=max(1, span_days // 30))
    scale = (WIDTH - LEFT - RIGHT) / max(1, (high - low).days)
    lane_ends: list[float] = []
    points = []
    for it in dated:
        x = LEFT + (it["when"] - low).days * scale
        w = max(8.0, PERIOD_DAYS.get(it["precision"], 1) * scale)
        text = ("\u26a0 " if it["conflict"] else "") + f"#{it['number']} " + _short(it["event_label"] or it["text"])
        label_w = len(text) * CHAR_W + 12
        # Labels run rightwards from the mark, or leftwards from its end when they would leave the chart.
        right = x + label_w <= WIDTH - 4
        left_edge, right_edge = (x, x + max(w, label_w)) if right else (x + w - label_w, x + w)
        lane = next((i for i, end in enumerate(lane_ends) if end < left_edge), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(0.0)
        lane_ends[lane] = right_edge
        points.append({"x": x, "w": w, "lane": lane, "y": TOP + lane * LANE_H, "label": text,
                       "tx": x + 2 if right else x + w - 2, "anchor": "start" if right else "end",
                       "number": it["number"], "conflict": bool(it["conflict"]), "ref": it["ref"],
                       "title": f"#{it['number']} {it['date']} ({it['precision']}): {it['text']}"})
    height = TOP + len(lane_ends) * LANE_H + 10
    return {"points": points, "ticks": _ticks(low, high, scale), "width": WIDTH, "height": height, "axis_y": 24}


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "\u2026"


def _ticks(low: date, high: date, scale: float) -> list[dict[str, Any]]:
    """Tick marks at years, months or days, whichever gives a readable number of labels."""
    days = (high - low).days
    if days > 3 * 365:
        step = max(1, (high.year - low.year) // 8 or 1)
        marks = [date(y, 1, 1) for y in range(low.year + 1, high.year + 1, step)]
        fmt = "%Y"
    elif days > 60:
        marks, current = [], date(low.year, low.month, 1)
        step = max(1, (days // 30) // 8)
        while current <= high:
            if current >= low:
                marks.append(current)
            month = current.month - 1 + step
            current = date(current.year + month // 12, month % 12 + 1, 1)
        fmt = "%b %Y"
    else:
        step = max(1, days // 8)
        marks = [low + timedelta(days=i) for i in range(1, days, step)]
        fmt = "%d %b %Y"
    return [{"x": LEFT + (m - low).days * scale, "label": m.strftime(fmt)} for m in marks]
