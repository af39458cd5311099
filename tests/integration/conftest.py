"""The real parts: the bundled model on ONNX Runtime and on torch, and an engine over the shipped article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ARTICLE, TEST_CACHE


@pytest.fixture(scope="session")
def model_cache() -> Path:
    """The user cache of exported encoders, for the whole session: never the real ~/.cache/qa."""
    return TEST_CACHE


@pytest.fixture(scope="session")
def embedder(model_cache: Path):
    """The real bundled model on the default backend (ONNX Runtime), exported once per test session."""
    from qa.encode.factory import make_embedder
    from qa.settings import Settings

    return make_embedder(Settings(cache=model_cache))


@pytest.fixture(scope="session")
def torch_embedder():
    """The same model on sentence-transformers and torch: the reference the ONNX vectors are checked against."""
    from qa.encode.sbert import SbertEmbedder

    return SbertEmbedder()


@pytest.fixture(scope="session")
def article_engine(tmp_path_factory: pytest.TempPathFactory, embedder, model_cache: Path):
    """An engine over the shipped article with a real FAISS + BM25 index, built once."""
    from qa.engine import Engine
    from qa.settings import Settings

    root = tmp_path_factory.mktemp("article")
    src = root / "source"
    src.mkdir()
    shutil.copy(ARTICLE, src / ARTICLE.name)
    engine = Engine(
        Settings(source=src, index=root / "index", cache=model_cache), progress=False, embedder=embedder
    )
    engine.index
    return engine
