"""PolNeAR attribution benchmark: how well does ``extract_statements`` find who said what?

PolNeAR (Newell et al., LREC 2018) annotates attribution relations (Source, Cue, Content) in 2016 US
election news as brat standoff files. The data is read at run time from ``../shared/data/polnear``
(next to the repository), never copied into the project.

Scoring, per text:

* gold items are the Attribution events that have a Content span (one annotation file per text, the
  first in sorted order, when several annotators did it);
* a predicted statement matches a gold item when its content covers at least half of the gold content's
  characters — for discontinuous gold content ("…," she said, "…"), at least half of one of its pieces;
  matching is one-to-one and greedy (largest coverage first). A predicted statement that lies mostly inside
  a gold item already matched (the second half of a split quotation) counts neither as a hit nor as a false
  positive;
* "direct" gold items are those whose content is a quotation (it begins or ends with a quote mark, or lies
  between quote marks); the others are reported speech and beliefs;
* speaker accuracy, over matched items whose gold has a Source: the predicted speaker span overlaps it.

Usage: ``python benchmarks/polnear.py [--limit N] [--split dev] [--no-record]``.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from manysides.extract.statements import extract_statements  # noqa: E402
from manysides.model import Document, Statement  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import record  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "polnear"
_QUOTE_MARKS = "\"“”"

Pieces = tuple[tuple[int, int], ...]


@dataclass(slots=True)
class GoldItem:
    """One gold attribution: content pieces, source pieces (possibly empty), and whether it is a quotation."""

    content: Pieces
    source: Pieces
    direct: bool


@dataclass(slots=True)
class GoldText:
    stem: str
    text: str
    items: list[GoldItem] = field(default_factory=list)


def _pieces(spec: str) -> Pieces:
    return tuple((int(a), int(b)) for a, b in (part.split() for part in spec.split(";")))


def _is_direct(text: str, content: Pieces) -> bool:
    """A quotation: the content starts or ends with a quote mark, or sits between quote marks. The New York
    Times texts mark quotations with two apostrophes (''Yes,'' she said), read here as one double mark."""
    start, end = content[0][0], content[-1][1]
    text = text.replace("''", '" ').replace("``", '" ')  # same length: offsets keep
    inner = text[start:end].strip()
    if inner[:1] in _QUOTE_MARKS or inner[-1:] in _QUOTE_MARKS:
        return True
    before = text[max(0, start - 2):start].strip()
    after = text[end:end + 3].strip()
    return before[-1:] in _QUOTE_MARKS and (after[:1] in _QUOTE_MARKS or after[1:2] in _QUOTE_MARKS)


def parse_ann(ann: str, text: str) -> list[GoldItem]:
    """Gold items of one brat ``.ann`` file (events may name text-bound annotations defined later)."""
    spans: dict[str, tuple[str, Pieces]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if re.fullmatch(r"T\d+", parts[0]):
            label, _, spec = parts[1].partition(" ")
            spans[parts[0]] = (label, _pieces(spec))
        elif re.fullmatch(r"E\d+", parts[0]):
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()[1:] if ":" in arg))
    items = []
    for args in events:
        content = spans.get(args.get("Content", ""))
        if content is None:
            continue
        source = spans.get(args.get("Source", ""), ("", ()))[1]
        items.append(GoldItem(content[1], source, _is_direct(text, content[1])))
    return items


def load_polnear(split: str = "dev", limit: int | None = None, data: Path = DATA) -> list[GoldText]:
    """The texts of ``split`` (sorted by name, the first ``limit``) with their gold attributions."""
    folder = data / split
    anns: dict[str, Path] = {}
    for path in sorted((folder / "attributions").glob("*.ann")):
        anns.setdefault(path.stem.rsplit("_", 1)[0], path)
    out = []
    for path in sorted((folder / "text").glob("*.txt"))[:limit]:
        if path.stem not in anns:
            continue
        text = path.read_text(encoding="utf-8")
        out.append(GoldText(path.stem, text, parse_ann(anns[path.stem].read_text(encoding="utf-8"), text)))
    return out


def predict(texts: Sequence[GoldText], batch_size: int = 8) -> list[list[Statement]]:
    """Run the spaCy pipeline in batches and extract statements with no actors (speakers as spans)."""
    from manysides.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    out = []
    for gold, sdoc in zip(texts, nlp.pipe((t.text for t in texts), batch_size=batch_size)):
        out.append(extract_statements(Document(gold.stem, gold.text), sdoc))
    return out


def _coverage(start: int, end: int, pieces: Pieces) -> float:
    """Best share of the gold content covered by ``[start, end)``: whole, or one piece of a split one."""
    total = sum(b - a for a, b in pieces) or 1
    shares = [max(0, min(end, b) - max(start, a)) for a, b in pieces]
    whole = sum(shares) / total
    best_piece = max((s / max(1, b - a) for s, (a, b) in zip(shares, pieces)), default=0.0)
    return max(whole, best_piece if len(pieces) > 1 else 0.0)


@dataclass(slots=True)
class Tally:
    """Counts for precision/recall per class of gold item."""

    tp: dict[str, int] = field(default_factory=lambda: {"direct": 0, "other": 0})
    gold: dict[str, int] = field(default_factory=lambda: {"direct": 0, "other": 0})
    pred: dict[str, int] = field(default_factory=lambda: {"direct": 0, "other": 0})
    speaker_ok: int = 0
    speaker_n: int = 0


def _score_text(gold: GoldText, predicted: Sequence[Statement], tally: Tally) -> None:
    pairs = []
    for gi, item in enumerate(gold.items):
        for pi, st in enumerate(predicted):
            cov = _coverage(st.content.start, st.content.end, item.content)
            if cov >= 0.5:
                pairs.append((cov, gi, pi))
    used_g: dict[int, int] = {}
    used_p: set[int] = set()
    for cov, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g[gi] = pi
            used_p.add(pi)
    for item in gold.items:
        tally.gold["direct" if item.direct else "other"] += 1
    for gi, pi in used_g.items():
        item, st = gold.items[gi], predicted[pi]
        cls = "direct" if item.direct else "other"
        tally.tp[cls] += 1
        tally.pred[cls] += 1
        if item.source:
            tally.speaker_n += 1
            tally.speaker_ok += _speaker_matches(gold.text, st, item.source)
    for pi, st in enumerate(predicted):
        if pi in used_p or _is_fragment(st, gold.items, used_g):
            continue
        tally.pred["direct" if st.kind in ("direct", "partial") else "other"] += 1


_RELATIVES = frozenset({"who", "which", "that", "whom"})


def _speaker_matches(text: str, st: Statement, source: Pieces) -> bool:
    """The predicted speaker span overlaps the gold source. Gold sometimes marks a relative pronoun
    ("Christie, who said …"); the extractor names its antecedent instead, which counts when it ends
    shortly before the pronoun."""
    sp = st.speaker_span
    if sp is None:
        return False
    if any(min(sp.end, b) > max(sp.start, a) for a, b in source):
        return True
    a, b = source[0]
    return text[a:b].strip().lower() in _RELATIVES and sp.end <= a and a - sp.end <= 80


def _is_fragment(st: Statement, items: Sequence[GoldItem], matched: dict[int, int]) -> bool:
    """A prediction lying mostly inside an already matched gold item (e.g. the second half of a split quote)."""
    length = max(1, st.content.end - st.content.start)
    for gi in matched:
        inside = sum(max(0, min(st.content.end, b) - max(st.content.start, a)) for a, b in items[gi].content)
        if inside / length >= 0.5:
            return True
    return False


def _prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(texts: Sequence[GoldText], predictions: Sequence[Sequence[Statement]]) -> dict[str, float]:
    """Precision, recall and F1 (direct quotations, all attributions) and speaker accuracy.

    Unmatched predictions of kind direct/partial count against the direct figures, the others against
    reported speech; all of them count against the overall figures.
    """
    tally = Tally()
    for gold, predicted in zip(texts, predictions):
        _score_text(gold, predicted, tally)
    out: dict[str, float] = {}
    for name, keys in (("direct", ("direct",)), ("other", ("other",)), ("all", ("direct", "other"))):
        tp = sum(tally.tp[k] for k in keys)
        p, r, f = _prf(tp, sum(tally.pred[k] for k in keys), sum(tally.gold[k] for k in keys))
        out.update({f"{name}_p": p, f"{name}_r": r, f"{name}_f1": f, f"{name}_gold": sum(tally.gold[k] for k in keys)})
    out["speaker_acc"] = tally.speaker_ok / tally.speaker_n if tally.speaker_n else 0.0
    return out


def _table(result: dict[str, float]) -> Iterable[str]:
    yield f"{'items':<10}{'gold':>7}{'P':>8}{'R':>8}{'F1':>8}"
    for name in ("direct", "other", "all"):
        yield (f"{name:<10}{int(result[name + '_gold']):>7}{result[name + '_p']:>8.3f}"
               f"{result[name + '_r']:>8.3f}{result[name + '_f1']:>8.3f}")
    yield f"speaker accuracy on matched items: {result['speaker_acc']:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--limit", type=int, default=None, help="score only the first N texts")
    parser.add_argument("--no-record", action="store_true", help="do not append to benchmarks/results.jsonl")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"PolNeAR not found at {DATA}; nothing to do", file=sys.stderr)
        return 2
    texts = load_polnear(args.split, args.limit)
    started = time.perf_counter()
    result = score(texts, predict(texts))
    seconds = time.perf_counter() - started
    print(f"PolNeAR {args.split}: {len(texts)} texts, {seconds:.1f} s")
    print("\n".join(_table(result)))
    if not args.no_record:
        record("polnear_attribution", dataset="PolNeAR", split=args.split, n_docs=len(texts),
               seconds=round(seconds, 1), **{k: round(v, 4) for k, v in result.items() if not k.endswith("_gold")})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
