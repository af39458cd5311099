"""Train the reader: ``python -m qa.train.reader OUT [--minutes M] [--device cuda]``; then
``python -m qa.train.export OUT qa/read/model`` writes the ONNX model.

The model is BERT's SQuAD 2.0 reader (Devlin et al., 2019): question and passage read together, a start and an
end score per word piece, and "no answer" as the span that starts and ends on [CLS]; plus one answerability
logit on [CLS], trained with its own loss, which is the reader's no-answer margin the decision weighs.

- **Base weights**: the bundled all-MiniLM-L6-v2 (Apache-2.0), rounded to int8 per row (``load_base``). The
  shipped model is int8 anyway, and rounded they fit in the working tree that travels to a lent GPU, so both
  machines start from the very same numbers (``--transit FILE`` writes them).
- **Data**: SQuAD 2.0 train (CC BY-SA 4.0): ``squad2-train-part.json`` and ``squad2-train-more.json.gz``
  (100,395 questions, 17,302 unanswerable), cut into windows shaped as the reader reads them
  (:mod:`qa.train.windows`). The articles of a fixed held-out split of each file (``DEV_FRACTIONS``) are
  never trained on: every choice, and the learning curve, is scored on them.
- **Runs**: resumable on a CPU (a checkpoint every ``--every`` steps and at ``--minutes``; the same command
  goes on from it), or in minutes on a GPU (``--device cuda``: bf16, larger batches). Either way the
  schedule is fitted to the time given, so a run cut short still ends with its learning rate decayed.

Heavy imports (torch, transformers, tokenizers) stay inside the functions.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from qa.encode.base import DEFAULT_MODEL, resolve_model
from qa.measure.squad import f1, held_out_articles, load_json, read_squad
from qa.read.reader import best_span
from qa.text.sentences import split_spans
from qa.train.windows import Example, balance, squad_windows

if TYPE_CHECKING:
    import torch

log = logging.getLogger("qa.train")
# A window is a sentence with one either side (~100 word pieces with its question); whole paragraphs run
# to ~190. Longer text is cut: at run time the reader's windows overlap by STRIDE pieces.
MAX_TOKENS = 192
STRIDE = 64
# The held-out articles of each file: squad2-train-part's split is `qa eval --held-out 0.3`'s; a tenth of
# squad2-train-more's 432 articles (~10,000 questions) is the dev set every choice is made on.
DEV_FRACTIONS = {"squad2-train-part.json": 0.3, "squad2-train-more.json.gz": 0.1}
WARMUP = 300  # steps of rising learning rate: ~1/15 of a GPU run's schedule
DATA = [Path("../shared/eval/squad2-train-part.json"), Path("../shared/eval/squad2-train-more.json.gz")]
RECIPE = (
    'sh qa/train/gpu.sh (GPU: RATES="1e-4 2e-4" EPOCHS=2 MINUTES=5, lr 2e-4 kept) or '
    "python -m qa.train.reader runs/reader --epochs 2 --lr 2e-4 --batch 64 (CPU, resumable); "
    "then python -m qa.train.export RUN qa/read/model"
)


class Row(NamedTuple):
    """One tokenised window: word pieces, segment ids, and the answer's first and last piece (0, [CLS],
    when the window does not answer)."""

    ids: list[int]
    types: list[int]
    start: int
    end: int


def tokenizer(folder: Path):
    """The base model's fast tokenizer, cutting only the passage, never padding."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_TOKENS, strategy="only_second")
    return tok


def encode(tok: Any, examples: list[Example]) -> list[Row]:
    """Windows → rows; an answer the cut left out of its window drops the window (it would teach "no
    answer" where there is one)."""
    out = []
    for ex, enc in zip(examples, tok.encode_batch([(e.question, e.context) for e in examples])):
        start = end = 0
        if ex.answers:
            a, b = ex.start, ex.start + len(ex.text)
            inside = [k for k, s in enumerate(enc.sequence_ids) if s == 1]
            if not inside or enc.offsets[inside[-1]][1] < b:
                continue
            start = next(k for k in inside if enc.offsets[k][1] > a)
            end = next(k for k in reversed(inside) if enc.offsets[k][0] < b)
        out.append(Row(enc.ids, enc.type_ids, start, end))
    return out


def round_rows(weight: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """A matrix as int8 with one scale per row (symmetric): 4× smaller, within 0.4% of each row's largest."""
    scale = weight.abs().amax(dim=1, keepdim=True).clamp(min=1e-12) / 127
    return (weight / scale).round().clamp(-127, 127).to(dtype=__import__("torch").int8), scale


def rounded(state: dict[str, Any]) -> dict[str, Any]:
    """Every float matrix of ``state`` as int8 per row with its scales (``round_rows``), the rest as it is:
    weights in a quarter of their size, for a working tree that travels."""
    return {
        k: round_rows(v.float()) if v.dim() == 2 and v.is_floating_point() else v for k, v in state.items()
    }


def unrounded(stored: dict[str, Any]) -> dict[str, Any]:
    """``rounded`` weights back in float (each matrix within 0.4% of its row's largest)."""
    return {k: (v[0].float() * v[1] if isinstance(v, tuple | list) else v) for k, v in stored.items()}


def load_base(folder: Path) -> dict[str, torch.Tensor]:
    """The base model's weights with every matrix rounded to int8 per row: from the rounded copy
    ``weights.int8.pt`` when the folder holds one (what travels to a GPU), else from the model itself."""
    import torch

    carried = folder / "weights.int8.pt"
    if carried.exists():
        return unrounded(torch.load(carried, weights_only=True))
    from safetensors.torch import load_file

    return unrounded(rounded(load_file(str(folder / "model.safetensors"))))


def transit(folder: Path, path: Path) -> None:
    """Write the rounded base weights as int8 (with their scales), config and tokenizer into ``path``'s
    folder: the base model in a quarter of its size, for a working tree that travels."""
    import shutil

    import torch
    from safetensors.torch import load_file

    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(rounded(load_file(str(folder / "model.safetensors"))), path)
    for name in ("config.json", "tokenizer.json"):
        shutil.copy(folder / name, path.parent / name)


def build_model(folder: Path, base: bool = True, layers: int | None = None):
    """The encoder, a span head (start, end) and an answerability head on [CLS]; the encoder's weights are
    the rounded base (``load_base``) unless a checkpoint is loaded over them. ``layers``: an encoder of that
    many layers (a student's, ``qa.train.student``), for its checkpoint to load into."""
    import torch
    from transformers import AutoConfig, AutoModel

    config = AutoConfig.from_pretrained(str(folder))
    if layers is not None:
        config.num_hidden_layers = layers

    class Reader(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_config(config)
            hidden = self.encoder.config.hidden_size
            self.span = torch.nn.Linear(hidden, 2)
            self.answerable = torch.nn.Linear(hidden, 1)

        def forward(self, input_ids, attention_mask, token_type_ids):
            states = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            start, end = self.span(states).float().unbind(-1)
            masked = (1 - attention_mask) * -1e4  # padding never starts or ends a span
            return start + masked, end + masked, self.answerable(states[:, 0]).float().squeeze(-1)

    model = Reader()
    if base:
        state = {k: v for k, v in load_base(folder).items() if not k.endswith("position_ids")}
        missing, unexpected = model.encoder.load_state_dict(state, strict=False)
        if missing or unexpected:  # a renamed weight would train from random numbers without a word
            raise RuntimeError(
                f"base weights do not fit the model: missing {missing}, unexpected {unexpected}"
            )
    return model


def _batch(rows: list[Row], device: str) -> dict[str, torch.Tensor]:
    import torch

    width = max(len(r.ids) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    types, mask = torch.zeros_like(ids), torch.zeros_like(ids)
    for i, r in enumerate(rows):
        ids[i, : len(r.ids)] = torch.tensor(r.ids)
        types[i, : len(r.ids)] = torch.tensor(r.types)
        mask[i, : len(r.ids)] = 1
    out = {
        "input_ids": ids,
        "token_type_ids": types,
        "attention_mask": mask,
        "start": torch.tensor([r.start for r in rows]),
        "end": torch.tensor([r.end for r in rows]),
    }
    return {k: v.to(device, non_blocking=True) for k, v in out.items()}


def _loss(model, batch: dict[str, torch.Tensor]) -> torch.Tensor:
    return gold_loss(model(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"]), batch)


def gold_loss(scores: tuple[torch.Tensor, torch.Tensor, torch.Tensor], batch: dict[str, torch.Tensor]):
    """The reader's loss on SQuAD's answers, from its start, end and answerability scores."""
    import torch.nn.functional as F

    start, end, answerable = scores
    has = (batch["start"] > 0).float()
    return (
        F.cross_entropy(start, batch["start"]) + F.cross_entropy(end, batch["end"])
    ) / 2 + F.binary_cross_entropy_with_logits(answerable, has)


def _batches(rows: list[Row], size: int, seed: int) -> list[list[Row]]:
    """Shuffled batches of similar lengths (less padding, the same examples): sorted within chunks of 50
    batches."""
    rng = random.Random(seed)
    rows = rows[:]
    rng.shuffle(rows)
    chunk = size * 50
    ordered = [
        r for i in range(0, len(rows), chunk) for r in sorted(rows[i : i + chunk], key=lambda r: len(r.ids))
    ]
    batches = [ordered[i : i + size] for i in range(0, len(ordered), size)]
    rng.shuffle(batches)
    return batches


@dataclass(frozen=True)
class Run:
    """How long and how a training run goes (the command's flags)."""

    epochs: float = 2.0
    minutes: float = float("inf")  # the schedule is fitted to end by then (with a checkpoint)
    every: int = 500  # checkpoint every this many steps
    lr: float = 1e-4
    batch: int = 32
    device: str = "cpu"
    curve: int = 8  # points of the learning curve (dev AUC and F1 against examples seen)
    dev_questions: int = 2000  # dev questions scored at each point of the curve (all of them at the end)
    warmup: int = WARMUP  # steps of rising learning rate


# ---------------------------------------------------------------------------------------------- the data


class DevQuestion(NamedTuple):
    """A held-out question with its paragraph's windows (each sentence with one either side, as at run
    time) and gold answers (none when unanswerable)."""

    question: str
    windows: list[tuple[int, int]]
    context: str
    answers: tuple[str, ...]


def split(paths: list[Path]) -> tuple[list[Example], list[DevQuestion]]:
    """Training windows of every file's training articles, and the dev questions of its held-out ones."""
    train: list[Example] = []
    dev: list[DevQuestion] = []
    for path in paths:
        raw, bench = load_json(path), read_squad(path)
        held = set(held_out_articles(bench, DEV_FRACTIONS.get(path.name, 0.1)))
        titles = {a["title"] for n, a in zip(bench.docs, raw["data"]) if n not in held}
        train += squad_windows(raw, titles, seed=len(train))
        dev += [q for n, a in zip(bench.docs, raw["data"]) if n in held for q in _dev_questions(a)]
    log.info("training windows %s; %d dev questions", balance(train), len(dev))
    return train, dev


def _dev_questions(article: dict[str, Any]) -> list[DevQuestion]:
    out = []
    for para in article["paragraphs"]:
        spans = split_spans(para["context"])
        windows = [(spans[max(0, k - 1)][0], spans[min(len(spans) - 1, k + 1)][1]) for k in range(len(spans))]
        for qa in para["qas"]:
            golds = () if qa.get("is_impossible") else tuple(a["text"] for a in qa["answers"])
            out.append(DevQuestion(qa["question"].strip(), windows, para["context"], golds))
    return out


# ---------------------------------------------------------------------------------------------- scoring


def score(model, tok: Any, dev: list[DevQuestion], device: str, batch: int = 256) -> dict[str, float]:
    """The model on dev questions, each read in its paragraph's windows: the probability that it answers is
    the surest window's, the answer that window's best span (found as at run time, ``best_span``). AUC of
    that probability (answerable against unanswerable), the share of unanswerable questions abstained when
    0.10 of answerable ones are, and the span F1 of answerable ones."""
    import torch

    flat = [(i, a, b) for i, q in enumerate(dev) for a, b in q.windows]
    encs = tok.encode_batch([(dev[i].question, dev[i].context[a:b]) for i, a, b in flat])
    order = sorted(range(len(flat)), key=lambda n: len(encs[n].ids))
    best: dict[int, tuple[float, float, str]] = {}
    model.eval()
    with torch.no_grad(), _autocast(device):
        for at in range(0, len(order), batch):
            part = order[at : at + batch]
            rows = [Row(encs[n].ids, encs[n].type_ids, 0, 0) for n in part]
            b = _batch(rows, device)
            start, end, answerable = (
                t.float().cpu() for t in model(b["input_ids"], b["attention_mask"], b["token_type_ids"])
            )
            for k, n in enumerate(part):
                i, a, _ = flat[n]
                span = best_span(encs[n], start[k].numpy(), end[k].numpy(), 0.0, a)
                reading = (float(answerable[k]), span.span_score, dev[i].context[span.start : span.end])
                if i not in best or reading[:2] > best[i][:2]:
                    best[i] = reading
    model.train()
    pos = [best[i][0] for i, q in enumerate(dev) if q.answers and i in best]
    neg = [best[i][0] for i, q in enumerate(dev) if not q.answers and i in best]
    f1s = [f1(best[i][2], q.answers) for i, q in enumerate(dev) if q.answers and i in best]
    return {
        "auc": auc(pos, neg),
        "abstained": abstained_at(pos, neg, 0.10),
        "f1": sum(f1s) / max(1, len(f1s)),
    }


def auc(pos: list[float], neg: list[float]) -> float:
    """The chance that an answerable question scores above an unanswerable one (ties count half)."""
    import bisect

    ranked = sorted(neg)
    wins = sum(
        bisect.bisect_left(ranked, p) + 0.5 * (bisect.bisect_right(ranked, p) - bisect.bisect_left(ranked, p))
        for p in pos
    )
    return wins / max(1, len(pos) * len(neg))


def abstained_at(pos: list[float], neg: list[float], wrongly: float) -> float:
    """The share of unanswerable questions under the threshold that abstains on ``wrongly`` of answerable
    ones."""
    if not pos or not neg:
        return 0.0
    cut = sorted(pos)[int(len(pos) * wrongly)]
    return sum(n < cut for n in neg) / len(neg)


# ---------------------------------------------------------------------------------------------- training


def _autocast(device: str):
    import contextlib

    import torch

    return (
        torch.autocast("cuda", dtype=torch.bfloat16)
        if device.startswith("cuda")
        else contextlib.nullcontext()
    )


# What a run trains on and scores, made from SQuAD's training windows and dev questions.
Mix = Callable[[list[Example], list[DevQuestion]], tuple[list[Example], list[DevQuestion]]]


def train(
    out: Path,
    folder: Path,
    data: list[Path],
    run: Run,
    model: Any = None,
    loss: Callable = _loss,
    mix: Mix | None = None,
) -> list[dict[str, float]]:
    """Train into the checkpoint folder ``out`` (going on from its checkpoint); returns the learning curve,
    also in ``out/curve.json``. ``model``, ``loss``: a student and its distillation (``qa.train.student``) or
    a trained reader (``qa.train.tables``), else the base model and the reader's loss; ``mix``: what is
    trained and scored in place of SQuAD's windows and dev questions (``qa.train.tables``)."""
    tok = tokenizer(folder)
    examples, dev = mix(*split(data)) if mix is not None else split(data)
    rows = encode(tok, examples)
    curve_dev = random.Random(0).sample(dev, min(run.dev_questions, len(dev)))
    per_epoch = math.ceil(len(rows) / run.batch)
    plan = {"total": int(per_epoch * run.epochs)}
    model = (model if model is not None else build_model(folder)).to(run.device)
    optimizer, schedule = _optimiser(model, run, plan)
    step, curve = _resume(out, model, optimizer, schedule, plan)
    log.info("%d windows, %d steps (%d per epoch), from step %d", len(rows), plan["total"], per_epoch, step)
    deadline, began, epoch, order = time.monotonic() + run.minutes * 60, time.monotonic(), -1, []
    mark, first = began, step
    points = {int(plan["total"] * (k + 1) / run.curve) for k in range(run.curve - 1)}
    model.train()
    while step < plan["total"] and time.monotonic() < deadline:
        if step // per_epoch != epoch:
            epoch = step // per_epoch
            order = _batches(rows, run.batch, seed=epoch)
        batch = _batch(order[step % per_epoch], run.device)
        value = _update(model, optimizer, schedule, batch, run.device, loss)
        step += 1
        if step - first == 500:
            mark = time.monotonic()  # the speed is measured past the first steps' warm-up
        if step - first == 1000 and run.minutes != float("inf"):
            _fit_schedule(plan, step, step - 500, mark, deadline, points, run)
        if step % 100 == 0:
            rate = (step - first) / (time.monotonic() - began)
            log.info("step %d/%d loss %.3f  %.1f steps/s", step, plan["total"], value, rate)
        if step in points:
            curve.append(_point(model, tok, curve_dev, run, step))
        if step % run.every == 0:
            _save(out, model, optimizer, schedule, step, plan, curve)
    curve += [_final(model, tok, dev, run, step, plan)] if step > first else []
    _save(out, model, optimizer, schedule, step, plan, curve)
    (out / "curve.json").write_text(json.dumps(curve, indent=1))
    log.info("stopped at step %d of %d", step, plan["total"])
    return curve


def _point(model, tok: Any, dev: list[DevQuestion], run: Run, step: int) -> dict[str, float]:
    """A point of the learning curve: the curve's dev questions after ``step`` steps."""
    point = {"examples": step * run.batch, **score(model, tok, dev, run.device)}
    log.info("curve %s", point)
    return point


def _final(
    model, tok: Any, dev: list[DevQuestion], run: Run, step: int, plan: dict[str, int]
) -> dict[str, float]:
    """The whole dev set, once per run (a run cut short says so: "finished" 0)."""
    final = {"examples": step * run.batch, "final": 1.0, "finished": float(step >= plan["total"])}
    final |= score(model, tok, dev, run.device)
    log.info("final %s", final)
    return final


def _optimiser(model, run: Run, plan: dict[str, int]):
    """AdamW, and a schedule that warms up for ``run.warmup`` steps then falls linearly to 0 at
    ``plan["total"]`` (read at every step: ``_fit_schedule`` may shorten it)."""
    import torch

    optimizer = torch.optim.AdamW(model.parameters(), lr=run.lr, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda s: min(
            (s + 1) / run.warmup, max(0.0, (plan["total"] - s) / max(1, plan["total"] - run.warmup))
        ),
    )
    return optimizer, schedule


def _update(
    model, optimizer, schedule, batch: dict[str, torch.Tensor], device: str, objective: Callable = _loss
) -> float:
    """One training step; the batch's loss."""
    import torch

    with _autocast(device):
        loss = objective(model, batch)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    schedule.step()
    optimizer.zero_grad(set_to_none=True)
    return float(loss.item())


def _fit_schedule(
    plan: dict[str, int], step: int, first: int, began: float, deadline: float, points: set[int], run: Run
) -> None:
    """Shorten the schedule to what the time left allows at the speed measured so far (leaving a fifth for
    the curve's scoring), so that the learning rate has decayed when time is up."""
    rate = (step - first) / (time.monotonic() - began)
    fits = step + int(rate * (deadline - time.monotonic()) * 0.85)
    if fits < plan["total"]:
        log.info("%.1f steps/s: the schedule is cut from %d to %d steps", rate, plan["total"], fits)
        plan["total"] = fits
        points.clear()
        points.update(int(fits * (k + 1) / run.curve) for k in range(run.curve - 1))


def _resume(
    out: Path, model, optimizer, schedule, plan: dict[str, int]
) -> tuple[int, list[dict[str, float]]]:
    import torch

    path = out / "checkpoint.pt"
    if not path.exists():
        return 0, []
    state = torch.load(path, weights_only=False, map_location="cpu")
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    schedule.load_state_dict(state["schedule"])
    plan.update(state["plan"])
    return int(state["step"]), list(state["curve"])


def _save(out: Path, model, optimizer, schedule, step: int, plan: dict[str, int], curve: list) -> None:
    import torch

    out.mkdir(parents=True, exist_ok=True)
    tmp = out / "checkpoint.pt.tmp"
    state = {
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),
        "schedule": schedule.state_dict(),
        "step": step,
        "plan": plan,
        "curve": curve,
    }
    torch.save(state, tmp)
    os.replace(tmp, out / "checkpoint.pt")


def weights(out: Path, path: Path) -> None:
    """The checkpoint's model alone, in half precision (what comes back from a GPU run)."""
    import torch

    state = torch.load(out / "checkpoint.pt", weights_only=False, map_location="cpu")
    torch.save({k: v.half() if v.is_floating_point() else v for k, v in state["model"].items()}, path)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m qa.train.reader", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="checkpoint folder")
    parser.add_argument(
        "--data", type=Path, action="append", help="SQuAD files (default: both of ../shared/eval)"
    )
    parser.add_argument("--base", type=Path, help="base model folder (default: the bundled MiniLM)")
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--minutes", type=float, default=float("inf"), help="end the schedule by then")
    parser.add_argument("--every", type=int, default=500, help="checkpoint every this many steps")
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--device", default="cpu", help="cpu, or cuda where a GPU is lent")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--dev-questions", type=int, default=2000, help="dev questions per curve point")
    parser.add_argument("--warmup", type=int, default=WARMUP, help="steps of rising learning rate")
    parser.add_argument(
        "--transit", type=Path, metavar="FILE", help="write the rounded base weights there and stop"
    )
    parser.add_argument(
        "--weights", type=Path, metavar="FILE", help="write the checkpoint's model (fp16) there and stop"
    )
    return parser


def training_run(args: argparse.Namespace) -> Run:
    """The run the command's flags ask for (TF32 products where the device is a GPU)."""
    if args.device.startswith("cuda"):
        import torch

        torch.backends.cuda.matmul.allow_tf32 = True
    return Run(
        args.epochs,
        args.minutes,
        args.every,
        args.lr,
        args.batch,
        args.device,
        dev_questions=args.dev_questions,
        warmup=args.warmup,
    )


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    import torch

    torch.set_num_threads(args.threads)
    folder = args.base or Path(resolve_model(DEFAULT_MODEL))
    if args.transit:
        transit(folder, args.transit)
    elif args.weights:
        weights(args.out, args.weights)
    else:
        torch.manual_seed(0)
        train(args.out, folder, args.data or DATA, training_run(args))


if __name__ == "__main__":
    main()
