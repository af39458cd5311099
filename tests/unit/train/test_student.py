"""The smaller reader (qa/train/student.py) on a tiny BERT: it keeps the teacher's chosen layers, learns
from the teacher's scores, and its weights export and travel as a reader's do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

TINY = {
    "architectures": ["BertModel"],
    "hidden_act": "gelu",
    "hidden_size": 32,
    "intermediate_size": 64,
    "max_position_embeddings": 64,
    "model_type": "bert",
    "num_attention_heads": 2,
    "num_hidden_layers": 4,
    "type_vocab_size": 2,
    "vocab_size": 100,
}


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Path]:
    """A tiny base (its config) and a 'trained' 4-layer reader's checkpoint over it."""
    from qa.train.reader import build_model

    base = tmp_path / "base"
    base.mkdir()
    (base / "config.json").write_text(json.dumps(TINY))
    torch.manual_seed(1)
    run = tmp_path / "run"
    run.mkdir()
    torch.save({"model": build_model(base, base=False).state_dict()}, run / "checkpoint.pt")
    return base, run


def _batch() -> dict:
    ids = torch.randint(1, 100, (3, 12))
    mask = torch.ones_like(ids)
    return {
        "input_ids": ids,
        "attention_mask": mask,
        "token_type_ids": torch.zeros_like(ids),
        "start": torch.tensor([0, 3, 5]),
        "end": torch.tensor([0, 4, 7]),
    }


def test_the_student_keeps_the_teachers_chosen_layers(tiny):
    from qa.train.export import encoder_layers, load_trained
    from qa.train.student import student

    base, run = tiny
    model = student(base, load_trained(run), [0, 2])
    state = model.state_dict()
    assert len(model.encoder.encoder.layer) == 2 and encoder_layers(state) == 2
    trained = load_trained(run)
    key = "attention.self.query.weight"
    assert torch.equal(state[f"encoder.encoder.layer.1.{key}"], trained[f"encoder.encoder.layer.2.{key}"])
    assert torch.equal(state["span.weight"], trained["span.weight"])  # the heads start trained too


def test_a_student_equal_to_its_teacher_has_nothing_to_learn_from_it(tiny):
    import torch.nn.functional as F

    from qa.train.export import load_trained
    from qa.train.reader import _loss
    from qa.train.student import TEACHER_SHARE, _divergence, distillation, student, teacher

    base, run = tiny
    scores = torch.randn(3, 12)
    assert float(_divergence(scores, scores)) == pytest.approx(0.0, abs=1e-6)
    assert float(_divergence(scores, -scores)) > 0.1
    master = teacher(base, load_trained(run), "cpu")
    copy, smaller = (
        student(base, load_trained(run), [0, 1, 2, 3]).eval(),
        student(base, load_trained(run), [0, 3]).eval(),
    )
    batch = _batch()
    loss = distillation(master)

    # What the teacher adds beyond the gold: the softened divergences (none for its copy: only the
    # answerability's entropy) and, for a student that reads otherwise, more.
    def taught(model):
        return float(loss(model, batch) - (1 - TEACHER_SHARE) * _loss(model, batch))

    answerable = master(batch["input_ids"], batch["attention_mask"], batch["token_type_ids"])[2]
    entropy = F.binary_cross_entropy_with_logits(answerable, torch.sigmoid(answerable))
    assert taught(copy) == pytest.approx(TEACHER_SHARE * float(entropy), abs=1e-5)
    with torch.no_grad():
        smaller.span.weight.mul_(50)  # its start and end scores far from the teacher's
    assert taught(smaller) > taught(copy) + 0.01
    other = loss(smaller, batch)
    other.backward()
    learned = [p.grad is not None for n, p in smaller.named_parameters() if "pooler" not in n]  # unused head
    assert learned and all(learned)
    assert all(p.grad is None for p in master.parameters())  # the teacher is frozen


def test_a_carried_teacher_reads_back_within_rounding(tiny, tmp_path):
    from qa.train.export import load_trained
    from qa.train.student import carry

    _, run = tiny
    carry(run, tmp_path / "carried")
    back, trained = load_trained(tmp_path / "carried"), load_trained(run)
    assert back.keys() == trained.keys()
    for name, value in trained.items():
        if value.is_floating_point():
            scale = float(value.abs().max()) or 1.0
            assert float((back[name] - value).abs().max()) <= scale / 127 + 1e-6, name


def test_the_shipped_reader_is_a_teacher_a_clean_checkout_holds():
    """Its int8 ONNX weights, read back into the torch reader, read a window as the shipped model does."""
    import numpy as np

    from qa.encode.base import DEFAULT_MODEL, resolve_model
    from qa.read.reader import MODEL, Reader
    from qa.train.student import teacher, trained

    master = teacher(Path(resolve_model(DEFAULT_MODEL)), trained(MODEL), "cpu")
    reader = Reader(MODEL)
    enc = reader.tokenizer.encode(
        "Who wrote the test suite?", "The test suite was written by John MacFarlane."
    )
    feed = {
        "input_ids": np.array([enc.ids]),
        "attention_mask": np.ones((1, len(enc.ids)), dtype=np.int64),
        "token_type_ids": np.array([enc.type_ids]),
    }
    start, end, answerable = reader.session.run(None, feed)
    with torch.no_grad():
        t_start, t_end, t_answerable = master(*(torch.tensor(feed[k]) for k in feed))
    first, last = int(t_start[0].argmax()), int(t_end[0].argmax())
    assert (first, last) == (int(np.argmax(start[0])), int(np.argmax(end[0])))
    assert enc.tokens[first] == "john" and enc.tokens[last] == "##farlane"  # "John MacFarlane"
    assert float(answerable[0]) > 0 and float(t_answerable[0]) > 0
