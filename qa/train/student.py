"""A smaller reader taught by the shipped one: ``python -m qa.train.student OUT --init RUN --layers 0,2,4``
(the reader's flags otherwise); ``python -m qa.train.export OUT qa/read/model`` exports it as any reader.

Why: a question's reading must cost at most 3× a bare encode (issue 31), and one 6-layer reading of a
~96-piece window costs ~14 ms here against a ~3 ms encode. Cut to fewer layers, the same int8 model reads
a window in 6.7 ms (3 layers) or 4.4 ms (2), a question in 4.2× or 3.3× (docs/performance.md). Fewer layers
know less, so the student starts from the trained reader's own layers (every other one, as DistilBERT
started from BERT's) and learns from the reader's scores as well as from SQuAD's answers (Hinton et al.'s
distillation: the teacher's softened start and end distributions and its answerability, beside the gold).

The teacher is the shipped model itself (``--init qa/read/model``: its int8 ONNX weights read back,
``shipped``), so a clean checkout can teach a student; a run folder's weights serve too. It travels to a
lent GPU in a quarter of its size (``--carry FOLDER``: matrices int8 per row, as the base weights do).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.encode.base import DEFAULT_MODEL, resolve_model
from qa.train.export import load_trained
from qa.train.reader import DATA, _parser, build_model, gold_loss, rounded, train, training_run

if TYPE_CHECKING:
    import torch

# Distillation's temperature and the share of the teacher's loss: Hinton et al.'s and DistilBERT's usual
# values (T = 2, half and half with the gold); not tuned here.
TEMPERATURE = 2.0
TEACHER_SHARE = 0.5

Loss = Callable[[object, dict], "torch.Tensor"]


def student(folder: Path, state: dict[str, Any], keep: Sequence[int]):
    """The trained reader (its weights ``state``, ``trained``) with only the encoder layers ``keep`` (in
    order): its embeddings, kept layers and heads start where the trained reader's are."""
    import torch

    model = load_into(build_model(folder, base=False), state)
    layers = model.encoder.encoder.layer
    model.encoder.encoder.layer = torch.nn.ModuleList([layers[i] for i in keep])
    model.encoder.config.num_hidden_layers = len(keep)
    return model


def teacher(folder: Path, state: dict[str, Any], device: str):
    """The trained reader (its weights ``state``), frozen, to be read beside the student."""
    model = load_into(build_model(folder, base=False), state)
    model.eval().requires_grad_(False)
    return model.to(device)


def distillation(master) -> Loss:
    """The student's loss: the reader's own loss on the gold (half) and, on the teacher's scores, the
    divergence of the softened start and end distributions and the answerability's cross-entropy (half)."""
    import torch
    import torch.nn.functional as F

    def loss(model, batch: dict) -> torch.Tensor:
        feed = (batch["input_ids"], batch["attention_mask"], batch["token_type_ids"])
        start, end, answerable = scores = model(*feed)
        with torch.no_grad():
            t_start, t_end, t_answerable = master(*feed)
        gold = gold_loss(scores, batch)
        soft = (_divergence(start, t_start) + _divergence(end, t_end)) / 2
        soft = soft + F.binary_cross_entropy_with_logits(answerable, torch.sigmoid(t_answerable.float()))
        return (1 - TEACHER_SHARE) * gold + TEACHER_SHARE * soft

    return loss


def _divergence(scores, targets):
    """KL(teacher ‖ student) of the distributions over word pieces at TEMPERATURE, scaled by T² so that its
    gradients weigh as the gold's do."""
    import torch.nn.functional as F

    t = TEMPERATURE
    return F.kl_div(
        F.log_softmax(scores / t, dim=-1), F.softmax(targets.float() / t, dim=-1), reduction="batchmean"
    ) * (t * t)


def shipped(folder: Path) -> dict[str, Any]:
    """The shipped reader's weights read back from its ONNX model (``folder/reader.onnx``): each int8
    matrix dequantized, each product's weight named and laid out as the torch model's. So a clean checkout
    holds its teacher: the weights a GPU run trained need not be kept."""
    import numpy as np
    import onnx
    import torch
    from onnx import numpy_helper

    graph = onnx.load(str(folder / "reader.onnx")).graph
    values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "DequantizeLinear" and node.input[0] in values:
            values[node.output[0]] = _dequantized(node, values)
    state = {name: values[name] for name in values if name.startswith(("encoder.", "span.", "answerable."))}
    for name in [n for n in values if n.endswith("_DequantizeLinear_Output") and n.startswith("encoder.")]:
        state[name.removesuffix("_DequantizeLinear_Output")] = values[name]
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in values:  # x @ W: torch's Linear keeps W.T
            state[node.name.strip("/").replace("/", ".").removesuffix(".MatMul") + ".weight"] = values[
                node.input[1]
            ].T
    return {
        k: torch.from_numpy(np.array(v))
        for k, v in state.items()
        if v.dtype.kind == "f" and not k.endswith(_QUANTISER_NAMES)
    }


# What quantisation adds to a weight's name: its int8 copy, scale, zero point and dequantised output.
_QUANTISER_NAMES = ("_quantized", "_scale", "_zero_point", "_DequantizeLinear_Output")


def trained(init: Path) -> dict[str, Any]:
    """A reader's weights: a run folder's (``export.load_trained``) or a shipped model folder's."""
    return shipped(init) if (init / "reader.onnx").exists() else load_trained(init)


def load_into(model, state: dict[str, Any]):
    """``state`` into ``model``; only the pooler (which no reader uses, and the ONNX model leaves out) may
    be missing."""
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or any("pooler" not in name for name in missing):
        raise RuntimeError(f"weights do not fit the reader: missing {missing}, unexpected {unexpected}")
    return model


def _dequantized(node, values: dict[str, Any]) -> Any:
    """A DequantizeLinear of constants, computed: (q − zero) × scale, per axis where the scale is a vector."""
    import numpy as np

    q, scale = values[node.input[0]].astype(np.float32), values[node.input[1]].astype(np.float32)
    zero = values[node.input[2]].astype(np.float32) if len(node.input) > 2 else np.float32(0)
    if scale.ndim:
        axis = next((a.i for a in node.attribute if a.name == "axis"), 1)
        shape = [1] * q.ndim
        shape[axis] = -1
        scale, zero = scale.reshape(shape), np.reshape(zero, shape) if np.ndim(zero) else zero
    return (q - zero) * scale


def carry(run: Path, folder: Path) -> None:
    """The trained reader's weights into ``folder/weights.int8.pt``: matrices int8 per row with their
    scales, the rest as they are (``export.load_trained`` reads them back)."""
    import torch

    folder.mkdir(parents=True, exist_ok=True)
    torch.save(rounded(trained(run)), folder / "weights.int8.pt")


def main(argv: list[str] | None = None) -> None:
    parser = _parser()
    parser.prog = "python -m qa.train.student"
    parser.add_argument(
        "--init", type=Path, help="the trained reader (a run folder, or qa/read/model): teacher and start"
    )
    parser.add_argument("--layers", default="0,2,4", help="the teacher's layers the student keeps")
    parser.add_argument("--carry", type=Path, metavar="FOLDER", help="write --init's weights there, int8")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    import torch

    torch.set_num_threads(args.threads)
    if args.init is None:
        parser.error("--init RUN is required: the trained reader the student learns from")
    if args.carry:
        carry(args.init, args.carry)
        return
    folder = args.base or Path(resolve_model(DEFAULT_MODEL))
    torch.manual_seed(0)
    keep = [int(i) for i in args.layers.split(",")]
    state = trained(args.init)  # read once: the student starts from it, the teacher is it
    model = student(folder, state, keep)
    loss = distillation(teacher(folder, state, args.device))
    train(args.out, folder, args.data or DATA, training_run(args), model=model, loss=loss)


if __name__ == "__main__":
    main()
