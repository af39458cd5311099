"""The ONNX Runtime backend (the default): torch's vectors and answers, one shared export, a torch fallback."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from qa.encode.base import model_cache
from qa.encode.factory import make_embedder
from qa.encode.onnx import OnnxEmbedder
from qa.errors import ModelError
from qa.settings import DEFAULT_MODEL, Settings
from tests.conftest import ROOT, make_engine

TEXTS = [
    "How many firefighters are there in China?",
    "Since 2019, 50 million agricultural migrants have settled in cities.",
    "Short.",
    "A much longer sentence " * 30,
]
# fp32 ONNX against torch: the same weights and pooling, so only float summation order differs.
MIN_COSINE = 0.9999


def test_vectors_match_torch_within_tolerance(embedder, torch_embedder):
    assert embedder.backend == "onnx"
    ours, ref = embedder.encode(TEXTS), torch_embedder.encode(TEXTS)
    assert ours.shape == ref.shape
    assert np.min(np.sum(ours * ref, axis=1)) > MIN_COSINE
    assert embedder.count_tokens(TEXTS) == torch_embedder.count_tokens(TEXTS)
    assert (embedder.dim, embedder.max_tokens) == (torch_embedder.dim, torch_embedder.max_tokens)


def test_engine_on_onnx_answers_like_torch(corpus, tmp_path, embedder, torch_embedder):
    torch_engine = make_engine(corpus, tmp_path / "t", torch_embedder, backend="torch")
    onnx_engine = make_engine(corpus, tmp_path / "o", embedder)
    for q in ("How many people are covered by unemployment insurance?", "Who won the 2022 FIFA World Cup?"):
        a, b = torch_engine.ask(q).to_json(), onnx_engine.ask(q).to_json()
        assert a["answerable"] == b["answerable"]
        assert [p["start"] for p in a["passages"][:3]] == [p["start"] for p in b["passages"][:3]]


def test_the_export_is_shared_through_the_user_cache(model_cache, embedder):
    embedder.encode(["warm"])
    exported = model_cache / "models"
    model = next(exported.rglob("model.onnx"))
    stamp = model.stat().st_mtime_ns
    again = make_embedder(Settings(cache=model_cache))
    assert np.allclose(again.encode(TEXTS[:1]), embedder.encode(TEXTS[:1]), atol=1e-6)
    assert model.stat().st_mtime_ns == stamp  # read, not exported again
    assert not list(exported.rglob(".export-*"))  # no half-written leftovers


def test_a_model_that_cannot_be_exported_falls_back_to_torch(tmp_path, torch_embedder, monkeypatch, caplog):
    def broken(self, path):
        raise RuntimeError("operator not supported by the exporter")

    monkeypatch.setattr(OnnxEmbedder, "_export", broken)
    onnx = OnnxEmbedder(DEFAULT_MODEL, model_cache(tmp_path, DEFAULT_MODEL), fallback=torch_embedder)
    vectors = onnx.encode(TEXTS[:2])
    assert onnx.backend == "torch"
    assert np.allclose(vectors, torch_embedder.encode(TEXTS[:2]))
    assert "using sentence-transformers on torch" in caplog.text


def test_without_a_fallback_the_failure_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(OnnxEmbedder, "_export", lambda self, path: (_ for _ in ()).throw(RuntimeError("no")))
    with pytest.raises(ModelError, match="cannot run"):
        OnnxEmbedder(DEFAULT_MODEL, tmp_path).encode(["x"])


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ModelError, match="unknown backend"):
        make_embedder(Settings(backend="tensorrt"))


def test_the_query_path_never_imports_torch(article_engine, model_cache):
    """A fresh process answering from a built index with an exported model loads no torch."""
    settings = article_engine.settings
    code = (
        "import sys; from qa.engine import Engine; from qa.settings import Settings\n"
        f"e = Engine(Settings(source={str(settings.source)!r}, index={str(settings.index)!r}, "
        f"cache={str(model_cache)!r}), progress=False, embedder=None)\n"
        "a = e.ask('How many firefighters are there in China?')\n"
        "print(a.answerable, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.stdout.split() == ["True", "False", "False"], out.stderr[-500:]
