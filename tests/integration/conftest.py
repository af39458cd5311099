"""The real parts: the bundled model on ONNX Runtime and on torch, and an engine over the shipped article."""

from __future__ import annotations

import os
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


CHROMIUM = os.environ.get("QA_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by playwright (which cannot download its own browsers offline); no network
    of its own beyond the pages it is sent to."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (make test installs it)")
    from playwright.sync_api import sync_playwright

    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=flags)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    """Where the browser tests save screenshots: docs/screenshots under `make screenshots`."""
    folder = Path(os.environ.get("QA_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
