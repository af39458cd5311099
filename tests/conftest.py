"""Shared fixtures. Tests never touch the real ./index or ./source, nor the network."""

from __future__ import annotations

import os
import shutil
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

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in [k for k in os.environ if k.startswith("QA_")]:
        monkeypatch.delenv(key)


@pytest.fixture(scope="session")
def embedder():
    """The real bundled model, loaded once per test session."""
    from qa.embedder import Embedder

    return Embedder()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A source dir holding a copy of the shipped article."""
    src = tmp_path / "source"
    src.mkdir()
    shutil.copy(ARTICLE, src / ARTICLE.name)
    return src


@pytest.fixture(scope="session")
def article_engine(tmp_path_factory: pytest.TempPathFactory, embedder):
    """An engine over the shipped article with a real FAISS + BM25 index, built once."""
    from qa.engine import Engine
    from qa.settings import Settings

    root = tmp_path_factory.mktemp("article")
    src = root / "source"
    src.mkdir()
    shutil.copy(ARTICLE, src / ARTICLE.name)
    engine = Engine(Settings(source=src, index=root / "index"), progress=False, embedder=embedder)
    engine.index
    return engine


def make_engine(source: Path, index: Path, embedder, **settings):
    from qa.engine import Engine
    from qa.settings import Settings

    return Engine(Settings(source=source, index=index, **settings), progress=False, embedder=embedder)
