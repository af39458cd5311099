"""Fixtures every layer shares. Tests never touch the real ./index or ./source, nor the network.

Layout: tests/unit/<room>/ mirrors qa/<room>/ (fast, the fake embedder); tests/integration/ uses the real
bundled model, FAISS, a Gradio server and a browser (its own conftest holds those fixtures)."""

from __future__ import annotations

import json
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


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A source dir holding a copy of the shipped article."""
    src = tmp_path / "source"
    src.mkdir()
    shutil.copy(ARTICLE, src / ARTICLE.name)
    return src


def make_engine(source: Path, index: Path, embedder, empty: bool = False, **settings):
    from qa.engine import Engine
    from qa.settings import Settings

    settings.setdefault("cache", index.parent / "cache")
    # With the fake embedder (unit tests) the closeness rules are pinned and the reader has its own tests;
    # with the real model (integration) the engine is as shipped, reader included.
    settings.setdefault("reader", not isinstance(embedder, FakeEmbedder))
    settings_ = Settings(source=source, index=index, **settings)
    return Engine(settings_, progress=False, embedder=embedder, empty=empty)


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


def pytest_collection_modifyitems(items) -> None:
    """Everything under tests/integration/ (the real model, servers, a browser, subprocesses) is marked
    ``integration``, so `make test-fast` runs the unit layer alone. The real fixtures live in that folder's
    conftest, so a unit test cannot ask for them."""
    for item in items:
        if "integration" in item.path.parts:
            item.add_marker(pytest.mark.integration)


# A SQuAD-format benchmark of two small articles, for the benchmark reader and `qa eval`.
ARTICLES = [
    {
        "title": "Harbour",
        "paragraphs": [
            {
                "context": "The harbour of Port Vell handles five million tonnes of cargo every year.",
                "qas": [
                    {
                        "question": "How much cargo does Port Vell handle?",
                        "answers": [{"text": "five million tonnes", "answer_start": 33}],
                    }
                ],
            },
            {
                "context": "Its lighthouse was built in 1852 by the engineer Joan Ferrer.",
                "qas": [
                    {
                        "question": "Who built the lighthouse?",
                        "answers": [
                            {"text": "Joan Ferrer", "answer_start": 49},
                            {"text": "the engineer Joan Ferrer", "answer_start": 36},
                        ],
                    },
                    {"question": "Unanswerable in SQuAD 2.0 style", "is_impossible": True, "answers": []},
                ],
            },
        ],
    },
    {
        "title": "Mountain railway",
        "paragraphs": [
            {
                "context": "The mountain railway climbs 1,200 metres in forty minutes through seven tunnels.",
                "qas": [
                    {
                        "question": "How many tunnels does the mountain railway pass through?",
                        "answers": [{"text": "seven tunnels", "answer_start": 66}],
                    }
                ],
            },
        ],
    },
]


@pytest.fixture
def squad_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps({"version": "1.1", "data": ARTICLES}), encoding="utf-8")
    return path
