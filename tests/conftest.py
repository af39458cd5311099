"""Shared fixtures. Tests never touch the real ./index or ./source, nor the network."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "source" / "continuously-improving-peoples-livelihood.txt"
SHARED = ROOT.parent / "shared"


def eval_file(name: str) -> Path:
    """The team's eval set beside the checkout (../shared/eval), else the copy taken into tests/data."""
    shared = SHARED / "eval" / name
    return shared if shared.exists() else ROOT / "tests" / "data" / name


QUESTIONS = eval_file("questions.jsonl")
CLAIMS = eval_file("claims.jsonl")

# Exported encoders for the whole test run: never the user's ~/.cache/qa, and exported once, not per test.
TEST_CACHE = Path(tempfile.mkdtemp(prefix="qa-test-cache-"))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in os.environ if k.startswith("QA_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("QA_CACHE", str(TEST_CACHE))


@pytest.fixture(scope="session")
def model_cache() -> Path:
    """The user cache of exported encoders, for the whole session: never the real ~/.cache/qa."""
    return TEST_CACHE


@pytest.fixture(scope="session")
def embedder(model_cache: Path):
    """The real bundled model on the default backend (ONNX Runtime), exported once per test session."""
    from qa.embedder import make_embedder
    from qa.settings import Settings

    return make_embedder(Settings(cache=model_cache))


@pytest.fixture(scope="session")
def torch_embedder():
    """The same model on sentence-transformers and torch: the reference the ONNX vectors are checked against."""
    from qa.sbert import SbertEmbedder

    return SbertEmbedder()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A source dir holding a copy of the shipped article."""
    src = tmp_path / "source"
    src.mkdir()
    shutil.copy(ARTICLE, src / ARTICLE.name)
    return src


@pytest.fixture(scope="session")
def article_engine(tmp_path_factory: pytest.TempPathFactory, embedder, model_cache: Path):
    """An engine over the shipped article with a real FAISS + BM25 index, built once."""
    from qa.engine import Engine
    from qa.settings import Settings

    root = tmp_path_factory.mktemp("article")
    src = root / "source"
    src.mkdir()
    shutil.copy(ARTICLE, src / ARTICLE.name)
    engine = Engine(Settings(source=src, index=root / "index", cache=model_cache), progress=False,
                    embedder=embedder)
    engine.index
    return engine


def make_engine(source: Path, index: Path, embedder, **settings):
    from qa.engine import Engine
    from qa.settings import Settings

    settings.setdefault("cache", index.parent / "cache")
    return Engine(Settings(source=source, index=index, **settings), progress=False, embedder=embedder)


class FakeEmbedder:
    """Deterministic bag-of-words vectors (each word hashed to a dimension), for fast unit tests of
    ingestion, passages, index refresh and CLI paths. Never used to claim answer quality."""

    name = "fake"
    backend = "fake"
    dim = 64
    max_tokens = 256

    def __init__(self) -> None:
        self.encoded = 0  # texts encoded so far: what "loading never re-embeds" is checked with

    def count_tokens(self, texts):
        return [len(t.split()) for t in texts]

    def encode(self, texts, batch_size: int = 32):
        import hashlib
        import re

        import numpy as np

        self.encoded += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


# Tests that need the real model, a server, a browser or a subprocess: `make test-fast` leaves them out.
REAL = {"embedder", "torch_embedder", "article_engine", "model_cache"}
REAL_MODULES = {"test_web", "test_load", "test_bench", "test_cli", "test_golden", "test_quality", "test_onnx"}


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if REAL & set(getattr(item, "fixturenames", ())) or item.module.__name__.split(".")[-1] in REAL_MODULES:
            item.add_marker(pytest.mark.integration)
