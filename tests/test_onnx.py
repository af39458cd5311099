"""The ONNX Runtime backend gives the PyTorch backend's vectors and answers."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

from qa.onnx import OnnxEmbedder, make_embedder  # noqa: E402
from qa.errors import ModelError  # noqa: E402
from qa.settings import DEFAULT_MODEL  # noqa: E402
from tests.conftest import make_engine  # noqa: E402

TEXTS = ["How many firefighters are there in China?",
         "Since 2019, 50 million agricultural migrants have settled in cities.",
         "Short.", "A much longer sentence " * 30]


@pytest.fixture(scope="module")
def onnx(tmp_path_factory):
    return OnnxEmbedder(DEFAULT_MODEL, tmp_path_factory.mktemp("onnx"))


def test_vectors_match_pytorch(onnx, embedder):
    ours, ref = onnx.encode(TEXTS), embedder.encode(TEXTS)
    assert ours.shape == ref.shape
    assert np.min(np.sum(ours * ref, axis=1)) > 0.9999
    assert onnx.count_tokens(TEXTS) == embedder.count_tokens(TEXTS)
    assert (onnx.dim, onnx.max_tokens) == (embedder.dim, embedder.max_tokens)


def test_engine_on_onnx_answers_like_pytorch(corpus, tmp_path, embedder, onnx):
    torch_engine = make_engine(corpus, tmp_path / "t", embedder)
    onnx_engine = make_engine(corpus, tmp_path / "o", onnx, backend="onnx")
    for q in ("How many people are covered by unemployment insurance?", "Who won the 2022 FIFA World Cup?"):
        a, b = torch_engine.ask(q).to_json(), onnx_engine.ask(q).to_json()
        assert a["answerable"] == b["answerable"]
        assert [p["start"] for p in a["passages"][:3]] == [p["start"] for p in b["passages"][:3]]


def test_unknown_backend_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="unknown backend"):
        make_embedder("bundled:all-MiniLM-L6-v2", "tensorrt", tmp_path)
