"""A trained reader → the shipped model: ``python -m qa.train.export RUN FOLDER`` (``--evaluate FOLDER``
scores an exported model on dev questions).

ONNX with int8 weights *and* int8 activations at fixed scales.

Fixed (static) scales are what make readings batchable: ONNX Runtime's dynamic quantisation scales a
matrix product's input by the largest value in the whole batch, so one window's reading would change with
whatever else was read beside it. Here the scales are measured once, on CALIBRATION windows of training
articles, and written into the model: a window reads the same alone or in any batch (a test checks it).

The weights come from a checkpoint folder (``checkpoint.pt``) or from half-precision weights
(``weights.pt``, what a GPU run sends back, ``qa.train.pick``); the tokenizer is the base model's.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

from qa.train.reader import DATA, MAX_TOKENS, RECIPE, STRIDE, build_model, tokenizer, unrounded

# Windows whose activations set the int8 scales: a few hundred cover the ranges (more changed nothing on the
# dev questions' AUC in the third decimal).
CALIBRATION = 400
# Only matrix products (and the word-piece table) are quantised: layer norms, softmax and GELU stay in float,
# where int8 costs accuracy and saves little time.
QUANTISED = ["MatMul", "Gather"]
# The feed-forward output products read GELU's long-tailed activations, which fixed int8 scales clip: with
# them quantised, dev AUC fell from 0.852 (float) to 0.827; kept in float (weights still int8, stored with
# a per-column scale and dequantised at load) it is 0.848, F1 0.721 against 0.725 (600 dev questions).
FLOAT_INPUTS = "/output/dense/MatMul"
NAMES = ["input_ids", "attention_mask", "token_type_ids"]


def export(run: Path, folder: Path, base: Path) -> None:
    """Write the shipped model into ``folder`` (through a temp folder moved into place)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".export-"))
    try:
        trace(run, base, tmp / "fp32.onnx")
        quantise(tmp / "fp32.onnx", tmp / "reader.onnx", base)
        (tmp / "fp32.onnx").unlink()
        shutil.copy(base / "tokenizer.json", tmp / "tokenizer.json")
        recipe = {
            "max_tokens": MAX_TOKENS,
            "stride": STRIDE,
            "base": "all-MiniLM-L6-v2 (bundled), matrices rounded to int8 per row",
            "data": "SQuAD 2.0 train: squad2-train-part.json, squad2-train-more.json.gz; dev articles out",
            "licences": "base Apache-2.0; data CC BY-SA 4.0 (Rajpurkar et al. 2016, 2018; Zhu et al. 2019)",
            "recipe": RECIPE,
            "quantisation": f"static int8 ({', '.join(QUANTISED)}), {CALIBRATION} calibration windows; "
            "feed-forward output products in float with int8 weights",
        }
        (tmp / "reader.json").write_text(json.dumps(recipe, indent=1))
        tmp.chmod(0o755)  # mkdtemp's 0700 would keep the shipped model from other users
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load_trained(run: Path) -> dict[str, Any]:
    """The trained weights in float: a checkpoint's, or a GPU run's half-precision ones."""
    import torch

    if (run / "checkpoint.pt").exists():
        return torch.load(run / "checkpoint.pt", weights_only=False, map_location="cpu")["model"]
    if (run / "weights.int8.pt").exists():  # a teacher carried to a GPU (qa.train.student --carry)
        return unrounded(torch.load(run / "weights.int8.pt", weights_only=True, map_location="cpu"))
    state = torch.load(run / "weights.pt", weights_only=True, map_location="cpu")
    return {k: v.float() if v.is_floating_point() else v for k, v in state.items()}


def encoder_layers(state: dict[str, Any]) -> int:
    """How many encoder layers the weights hold (6 for a reader, fewer for a student)."""
    return len({key.split(".")[3] for key in state if key.startswith("encoder.encoder.layer.")})


def trace(run: Path, base: Path, path: Path) -> None:
    """The trained model traced to ONNX at ``path`` (opset 17), batch and word-piece axes dynamic."""
    import torch

    state = load_trained(run)
    model = build_model(base, base=False, layers=encoder_layers(state))
    model.load_state_dict(state)
    model.eval()
    sample = tuple(
        torch.zeros((2, 8), dtype=torch.long)
        if n == "token_type_ids"
        else torch.ones((2, 8), dtype=torch.long)
        for n in NAMES
    )
    axes = {
        **{n: {0: "batch", 1: "tokens"} for n in NAMES},
        "start": {0: "batch", 1: "tokens"},
        "end": {0: "batch", 1: "tokens"},
        "answerable": {0: "batch"},
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the tracer's notes on Python-side branches: the axes cover them
        torch.onnx.export(
            model,
            sample,
            str(path),
            input_names=NAMES,
            output_names=["start", "end", "answerable"],
            opset_version=17,
            dynamo=False,
            dynamic_axes=axes,
        )


def quantise(source: Path, target: Path, base: Path) -> None:
    """Static int8 quantisation (QDQ, weights per channel) calibrated on training windows; the feed-forward
    output products (FLOAT_INPUTS) get int8 weights only."""
    import onnx
    from onnxruntime.quantization import CalibrationMethod, QuantFormat, QuantType, quantize_static

    graph = onnx.load(str(source)).graph
    kept = [
        n.name
        for n in graph.node
        if n.op_type == "MatMul" and n.name.endswith(FLOAT_INPUTS) and "attention" not in n.name
    ]
    quantize_static(
        str(source),
        str(target),
        _Calibration(base),
        quant_format=QuantFormat.QDQ,
        op_types_to_quantize=QUANTISED,
        per_channel=True,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        calibrate_method=CalibrationMethod.MinMax,
        nodes_to_exclude=kept,
    )
    model = onnx.load(str(target))
    int8_weights(model, set(kept))
    onnx.save(model, str(target))


def int8_weights(model: Any, names: set[str]) -> None:
    """The constant weight of each named MatMul stored as int8 with one scale per output column, and a
    DequantizeLinear before the product: a quarter of the size, activations untouched."""
    import numpy as np
    import onnx
    from onnx import helper, numpy_helper

    graph = model.graph
    constants = {t.name: t for t in graph.initializer}
    for node in [n for n in graph.node if n.name in names]:
        weight = constants[node.input[1]]
        b = numpy_helper.to_array(weight).astype(np.float32)
        scale = np.maximum(np.abs(b).max(axis=0), 1e-12) / 127
        q = np.clip(np.round(b / scale), -127, 127).astype(np.int8)
        base = node.input[1]
        graph.initializer.remove(weight)
        graph.initializer.extend(
            [
                numpy_helper.from_array(q, base + "_q"),
                numpy_helper.from_array(scale.astype(np.float32), base + "_scale"),
                numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), base + "_zero"),
            ]
        )
        at = list(graph.node).index(node)
        graph.node.insert(
            at,
            helper.make_node(
                "DequantizeLinear",
                [base + "_q", base + "_scale", base + "_zero"],
                [base + "_dq"],
                axis=1,
                name=node.name + "_dq",
            ),
        )
        node.input[1] = base + "_dq"
    onnx.checker.check_model(model)


class _Calibration:
    """ONNX Runtime's calibration reader: CALIBRATION windows of squad2-train-part's training articles, one
    at a time."""

    def __init__(self, base: Path) -> None:
        import numpy as np

        from qa.train.reader import split

        examples, _ = split(DATA[:1])
        picked = random.Random(0).sample(examples, min(CALIBRATION, len(examples)))
        tok = tokenizer(base)
        self.feeds = iter(
            {
                "input_ids": np.array([e.ids], dtype=np.int64),
                "attention_mask": np.ones((1, len(e.ids)), dtype=np.int64),
                "token_type_ids": np.array([e.type_ids], dtype=np.int64),
            }
            for e in tok.encode_batch([(x.question, x.context) for x in picked])
        )

    def get_next(self) -> dict[str, Any] | None:
        return next(self.feeds, None)


def evaluate(folder: Path, questions: int = 2000) -> dict[str, float]:
    """The exported model on ``questions`` dev questions of the held-out articles (the same sample as the
    training run's learning curve), each read in its paragraph's windows as in ``reader.score``."""
    from qa.measure.squad import f1
    from qa.read.reader import Reader
    from qa.train.reader import abstained_at, auc, split

    _, dev = split(DATA)
    dev = random.Random(0).sample(dev, min(questions, len(dev)))
    reader = Reader(folder)
    pos, neg, f1s = [], [], []
    for q in dev:
        readings = reader.read(q.question, [(a, q.context[a:b]) for a, b in q.windows])
        top = max(readings, key=lambda r: (r.answerable, r.span_score))
        if q.answers:
            pos.append(top.answerable)
            f1s.append(f1(q.context[top.start : top.end], q.answers))
        else:
            neg.append(top.answerable)
    return {
        "auc": auc(pos, neg),
        "abstained": abstained_at(pos, neg, 0.10),
        "f1": sum(f1s) / max(1, len(f1s)),
    }


def main(argv: list[str] | None = None) -> None:
    import argparse

    from qa.encode.base import DEFAULT_MODEL, resolve_model

    parser = argparse.ArgumentParser(prog="python -m qa.train.export", description=__doc__.splitlines()[0])
    parser.add_argument(
        "run", type=Path, nargs="?", help="a checkpoint folder, or a GPU run's weights folder"
    )
    parser.add_argument("folder", type=Path, nargs="?", help="where the model goes (qa/read/model)")
    parser.add_argument("--evaluate", type=Path, metavar="FOLDER", help="score the exported model in FOLDER")
    args = parser.parse_args(argv)
    if args.evaluate:
        print(json.dumps(evaluate(args.evaluate)))
    elif args.run and args.folder:
        export(args.run, args.folder, Path(resolve_model(DEFAULT_MODEL)))
    else:
        parser.error("give RUN and FOLDER, or --evaluate FOLDER")


if __name__ == "__main__":
    main()
