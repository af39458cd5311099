"""Train the reader: ``python -m qa.train.reader OUT [--minutes M]``, then ``--export OUT`` writes the ONNX
model.

The model is BERT's SQuAD 2.0 reader (Devlin et al., 2019): question and passage read together, a start and an
end score per word piece, and "no answer" as the span that starts and ends on [CLS]; plus one answerability
logit on [CLS], trained with its own loss, which is the no-answer score qa calibrates. Base weights: the
bundled all-MiniLM-L6-v2 (Apache-2.0). Data: the training articles of ``squad2-train-part.json`` (SQuAD 2.0
train, CC BY-SA 4.0), never its held-out dev articles, plus the rule negatives of :mod:`qa.train.examples`.

Training is resumable: a checkpoint is written every ``--every`` steps and on stop; running the same command
again continues from it. Heavy imports (torch, transformers) stay inside the functions.

The shipped model (``qa/read/model``) is RECIPE, run on this project's 2-core CPU machine (about 55 minutes).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.encode.base import DEFAULT_MODEL, resolve_model
from qa.measure.squad import held_out_articles, read_squad
from qa.train.examples import Example, squad_examples

if TYPE_CHECKING:
    import torch

log = logging.getLogger("qa.train")
# A SQuAD paragraph is ~150 word pieces with its question; longer ones are read in windows that overlap by
# STRIDE pieces, so an answer cut by one window is whole in the next.
MAX_TOKENS = 192
STRIDE = 64
DEV_FRACTION = 0.3  # the same held-out split as `qa eval --held-out 0.3`
RECIPE = (
    "python -m qa.train.reader run1 --epochs 3 --stop-at 700; "
    "python -m qa.train.reader run2 --start run1 --epochs 2 --lr 6e-5 --cut 0.3 --turn 0.4 --repeat 3 "
    "--role 0.5 --stop-at 1300; python -m qa.train.reader run2 --export qa/read/model"
)


def features(tokenizer: Any, examples: list[Example]) -> list[dict[str, Any]]:
    """Word-piece windows with their targets: the answer's first and last piece, or [CLS] (0) when the window
    does not hold the whole answer."""
    enc = tokenizer(
        [e.question for e in examples],
        [e.context for e in examples],
        truncation="only_second",
        max_length=MAX_TOKENS,
        stride=STRIDE,
        return_overflowing_tokens=True,
        return_offsets_mapping=True,
    )
    out = []
    for i, sample in enumerate(enc["overflow_to_sample_mapping"]):
        ex, ids, offsets = examples[sample], enc["input_ids"][i], enc["offset_mapping"][i]
        seq = enc.sequence_ids(i)
        start = end = 0
        if ex.answers:
            a, b = ex.start, ex.start + len(ex.text)
            inside = [k for k, s in enumerate(seq) if s == 1]
            if offsets[inside[0]][0] <= a and offsets[inside[-1]][1] >= b:
                start = next(k for k in inside if offsets[k][1] > a)
                end = next(k for k in reversed(inside) if offsets[k][0] < b)
        out.append({"input_ids": ids, "token_type_ids": enc["token_type_ids"][i], "start": start, "end": end})
    return out


def build_model(base: str):
    import torch
    from transformers import AutoModel

    class Reader(torch.nn.Module):
        """The encoder, a span head (start, end) and an answerability head on [CLS]."""

        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(base)
            hidden = self.encoder.config.hidden_size
            self.span = torch.nn.Linear(hidden, 2)
            self.answerable = torch.nn.Linear(hidden, 1)

        def forward(self, input_ids, attention_mask, token_type_ids):
            states = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            start, end = self.span(states).unbind(-1)
            masked = (1 - attention_mask) * -1e4  # padding never starts or ends a span
            return start + masked, end + masked, self.answerable(states[:, 0]).squeeze(-1)

    return Reader()


def _batch(rows: list[dict[str, Any]]) -> dict[str, torch.Tensor]:
    import torch

    width = max(len(r["input_ids"]) for r in rows)
    pad = lambda key: torch.tensor([r[key] + [0] * (width - len(r[key])) for r in rows])  # noqa: E731 (a one-line helper, read where it is used)
    mask = torch.tensor([[1] * len(r["input_ids"]) + [0] * (width - len(r["input_ids"])) for r in rows])
    return {
        "input_ids": pad("input_ids"),
        "token_type_ids": pad("token_type_ids"),
        "attention_mask": mask,
        "start": torch.tensor([r["start"] for r in rows]),
        "end": torch.tensor([r["end"] for r in rows]),
    }


def _loss(model, batch: dict[str, torch.Tensor]) -> torch.Tensor:
    import torch.nn.functional as F

    start, end, answerable = model(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"])
    has = (batch["start"] > 0).float()
    return (
        F.cross_entropy(start, batch["start"]) + F.cross_entropy(end, batch["end"])
    ) / 2 + F.binary_cross_entropy_with_logits(answerable, has)


def _batches(rows: list[dict[str, Any]], size: int, seed: int) -> list[list[dict[str, Any]]]:
    """Shuffled batches of similar lengths (less padding, the same examples): sort within chunks of 50
    batches."""
    rng = random.Random(seed)
    rows = rows[:]
    rng.shuffle(rows)
    chunk = size * 50
    ordered = [
        r
        for i in range(0, len(rows), chunk)
        for r in sorted(rows[i : i + chunk], key=lambda r: len(r["input_ids"]))
    ]
    batches = [ordered[i : i + size] for i in range(0, len(ordered), size)]
    rng.shuffle(batches)
    return batches


@dataclass(frozen=True)
class Run:
    """How long and how a training run goes (the command's flags)."""

    epochs: float = 2.0
    minutes: float = float("inf")  # stop (with a checkpoint) after this
    every: int = 100  # checkpoint every this many steps
    lr: float = 8e-5
    batch: int = 16
    negatives: dict[str, float] = field(default_factory=dict)  # rule negatives: cut, turn, repeat, role
    start: Path | None = None  # begin from this run's weights (a fresh optimiser)
    stop_at: int | None = None  # stop (with a checkpoint) at this step of the schedule


def train(out: Path, data: Path, run: Run) -> None:
    """Train from ``data`` into the checkpoint folder ``out``, going on from its checkpoint if there is
    one."""
    import torch
    from transformers import AutoTokenizer

    base = resolve_model(DEFAULT_MODEL)
    rows = features(AutoTokenizer.from_pretrained(base), _training_examples(data, run.negatives))
    per_epoch = math.ceil(len(rows) / run.batch)
    total = int(per_epoch * run.epochs)
    model = build_model(base)
    if run.start is not None and not (out / "checkpoint.pt").exists():  # go on from another run's weights
        model.load_state_dict(torch.load(run.start / "checkpoint.pt", weights_only=False)["model"])
    optimizer = torch.optim.AdamW(model.parameters(), lr=run.lr, weight_decay=0.01)
    warmup = max(1, total // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup)))
    )
    step = _resume(out, model, optimizer, schedule)
    log.info("%d windows, %d steps (%d per epoch), from step %d", len(rows), total, per_epoch, step)
    deadline, began, running = time.monotonic() + run.minutes * 60, time.monotonic(), 0.0
    model.train()
    epoch, order = -1, []
    while step < min(total, run.stop_at or total) and time.monotonic() < deadline:
        if step // per_epoch != epoch:
            epoch = step // per_epoch
            order = _batches(rows, run.batch, seed=epoch)
        loss = _loss(model, _batch(order[step % per_epoch]))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        step += 1
        running = 0.98 * running + 0.02 * loss.item() if running else loss.item()
        if step % 20 == 0:
            log.info(
                "step %d/%d loss %.3f  %.2f s/step", step, total, running, (time.monotonic() - began) / 20
            )
            began = time.monotonic()
        if step % run.every == 0:
            _save(out, model, optimizer, schedule, step)
    _save(out, model, optimizer, schedule, step)
    log.info("stopped at step %d of %d", step, total)


def _training_examples(data: Path, negatives: dict[str, float]) -> list[Example]:
    """The training articles only: the dev split ``qa eval --held-out`` scores is never trained on."""
    raw = json.loads(data.read_text(encoding="utf-8"))
    bench = read_squad(data)
    dev_docs = set(held_out_articles(bench, DEV_FRACTION))
    names = list(bench.docs)
    titles = {a["title"] for n, a in zip(names, raw["data"]) if n not in dev_docs}
    return squad_examples(
        raw,
        titles,
        cut=negatives.get("cut", 0.0),
        turn=negatives.get("turn", 0.0),
        repeat=int(negatives.get("repeat", 1)),
        role=negatives.get("role", 0.0),
    )


def _resume(out: Path, model, optimizer, schedule) -> int:
    import torch

    path = out / "checkpoint.pt"
    if not path.exists():
        return 0
    state = torch.load(path, weights_only=False)
    model.load_state_dict(state["model"]), optimizer.load_state_dict(state["optimizer"])
    schedule.load_state_dict(state["schedule"])
    return int(state["step"])


def _save(out: Path, model, optimizer, schedule, step: int) -> None:
    import torch

    out.mkdir(parents=True, exist_ok=True)
    tmp = out / "checkpoint.pt.tmp"
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "schedule": schedule.state_dict(),
            "step": step,
        },
        tmp,
    )
    os.replace(tmp, out / "checkpoint.pt")


def export(checkpoint: Path, folder: Path) -> None:
    """The checkpoint as the shipped model: ONNX (traced at opset 17, word-piece axes dynamic), int8 weights
    (ONNX Runtime's dynamic quantisation), and the base model's tokenizer beside it; written to a temp folder
    and moved into place."""
    import shutil
    import tempfile

    from onnxruntime.quantization import QuantType, quantize_dynamic

    base = resolve_model(DEFAULT_MODEL)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".export-"))
    try:
        _trace(base, checkpoint, tmp / "fp32.onnx")
        quantize_dynamic(str(tmp / "fp32.onnx"), str(tmp / "reader.onnx"), weight_type=QuantType.QInt8)
        (tmp / "fp32.onnx").unlink()
        shutil.copy(Path(base) / "tokenizer.json", tmp / "tokenizer.json")
        recipe = {
            "max_tokens": MAX_TOKENS,
            "stride": STRIDE,
            "base": DEFAULT_MODEL,
            "data": "squad2-train-part.json",
            "licences": "base Apache-2.0; data CC BY-SA 4.0",
            "recipe": RECIPE,
        }
        (tmp / "reader.json").write_text(json.dumps(recipe))
        tmp.chmod(0o755)  # mkdtemp's 0700 would keep the shipped model from other users
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _trace(base: str, checkpoint: Path, path: Path) -> None:
    """The checkpoint's model traced to ONNX at ``path``, batch and word-piece axes dynamic."""
    import warnings

    import torch

    model = build_model(base)
    model.load_state_dict(torch.load(checkpoint / "checkpoint.pt", weights_only=False)["model"])
    model.eval()
    names = ["input_ids", "attention_mask", "token_type_ids"]
    sample = tuple(
        torch.zeros((1, 8), dtype=torch.long)
        if n == "token_type_ids"
        else torch.ones((1, 8), dtype=torch.long)
        for n in names
    )
    axes = {
        **{n: {0: "batch", 1: "tokens"} for n in names},
        "start": {0: "batch", 1: "tokens"},
        "end": {0: "batch", 1: "tokens"},
        "answerable": {0: "batch"},
    }
    with warnings.catch_warnings():
        # The tracer's notes on Python-side branches: the dynamic axes cover them.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,
            sample,
            str(path),
            input_names=names,
            output_names=["start", "end", "answerable"],
            opset_version=17,
            dynamo=False,
            dynamic_axes=axes,
        )


def evaluate(folder: Path, data: Path) -> str:
    """The exported reader on the held-out dev articles, each question read with its own paragraph (no
    retrieval): how well its probability separates unanswerable questions (AUC, and the share abstained
    when 0.10 of answerable ones are), and the span F1 on answerable ones."""
    from qa.measure.squad import f1
    from qa.read.reader import Reader

    raw, reader, bench = (
        json.loads(data.read_text(encoding="utf-8")),
        Reader(folder, threads=1),
        read_squad(data),
    )
    dev_docs = set(held_out_articles(bench, DEV_FRACTION))
    pos, neg, scores = [], [], []
    for name, article in zip(bench.docs, raw["data"]):
        for para in article["paragraphs"] if name in dev_docs else []:
            for qa in para["qas"]:
                r = reader.read(qa["question"], [(0, para["context"])])[0]
                if qa.get("is_impossible"):
                    neg.append(r.answerable)
                else:
                    pos.append(r.answerable)
                    scores.append(
                        f1(para["context"][r.start : r.end], tuple(a["text"] for a in qa["answers"]))
                    )
    auc = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / max(1, len(pos) * len(neg))
    cut = sorted(pos)[len(pos) // 10] if pos else 0.0
    abstained = sum(n < cut for n in neg) / max(1, len(neg))
    return (
        f"{len(pos)} answerable, {len(neg)} unanswerable: AUC {auc:.3f}, abstained {abstained:.3f} "
        f"at 0.10 wrongly abstained, span F1 {sum(scores) / max(1, len(scores)):.3f}"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m qa.train.reader", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="checkpoint folder")
    parser.add_argument("--data", type=Path, default=Path("../shared/eval/squad2-train-part.json"))
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument(
        "--minutes", type=float, default=float("inf"), help="stop (with a checkpoint) after this"
    )
    parser.add_argument("--stop-at", type=int, help="stop (with a checkpoint) at this step of the schedule")
    parser.add_argument("--every", type=int, default=100, help="checkpoint every this many steps")
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--cut", type=float, default=0.0, help="share of questions that get an answer-cut negative"
    )
    parser.add_argument(
        "--turn", type=float, default=0.0, help="share that get an antonym or negation negative"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="times each real unanswerable question is taken"
    )
    parser.add_argument("--role", type=float, default=0.0, help="share that get a role-swap negative")
    parser.add_argument("--start", type=Path, help="begin from this run's weights (a fresh optimiser)")
    parser.add_argument(
        "--export", type=Path, metavar="FOLDER", help="write the checkpoint as ONNX there and stop"
    )
    parser.add_argument(
        "--evaluate", action="store_true", help="score the exported reader in OUT on the dev split"
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    import torch

    torch.set_num_threads(args.threads)
    if args.export:
        export(args.out, args.export)
        return
    if args.evaluate:
        print(evaluate(args.out, args.data))
        return
    torch.manual_seed(0)
    negatives = {"cut": args.cut, "turn": args.turn, "repeat": args.repeat, "role": args.role}
    train(
        args.out,
        args.data,
        Run(args.epochs, args.minutes, args.every, args.lr, args.batch, negatives, args.start, args.stop_at),
    )


if __name__ == "__main__":
    main()
