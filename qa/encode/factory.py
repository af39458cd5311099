"""The encoder a setting names: ``Settings.backend`` → one of the backends of this room."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.encode.base import BACKENDS, Embedder, model_cache
from qa.errors import ModelError

if TYPE_CHECKING:
    from qa.settings import Settings


def make_embedder(settings: Settings, threads: int | None = None) -> Embedder:
    """The encoder ``settings.backend`` names. ``threads`` caps the runtime's threads (None: its default)."""
    if settings.backend not in BACKENDS:
        raise ModelError(f"unknown backend {settings.backend!r}: choose one of {', '.join(BACKENDS)}")
    from qa.encode.sbert import SbertEmbedder

    torch = SbertEmbedder(settings.model, settings.allow_download, threads)
    if settings.backend == "torch":
        return torch
    from qa.encode.onnx import OnnxEmbedder

    return OnnxEmbedder(
        settings.model,
        model_cache(settings.cache, settings.model),
        quantized=settings.backend == "onnx-int8",
        fallback=torch,
        threads=threads,
    )
