"""The sentence-transformers backend on torch: the fallback encoder, and what the ONNX export reads."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from qa.encode.base import BATCH_SIZE, resolve_model
from qa.errors import ModelError
from qa.settings import DEFAULT_MODEL

if TYPE_CHECKING:
    import numpy as np


class SbertEmbedder:
    """Loads the model on first use; encodes normalised float32 vectors."""

    backend = "torch"

    def __init__(
        self, name: str = DEFAULT_MODEL, allow_download: bool = False, threads: int | None = None
    ) -> None:
        self.name = name
        self.allow_download = allow_download
        self.threads = threads

    @cached_property
    def model(self):  # -> SentenceTransformer (kept untyped so importing this module stays light)
        path = resolve_model(self.name)
        if not self.allow_download:
            # Without this, an unknown name makes huggingface_hub retry the network for over a minute.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer

        if self.threads:
            import torch

            torch.set_num_threads(self.threads)
        try:
            return SentenceTransformer(path, device="cpu", local_files_only=not self.allow_download)
        except Exception as exc:  # the library raises OSError, ValueError, HFValidationError...
            hint = (
                ""
                if self.allow_download or Path(path).exists()
                else (" (not a local folder; set QA_ALLOW_DOWNLOAD=1 to fetch it from the hub)")
            )
            raise ModelError(f"cannot load model {self.name!r}{hint}: {str(exc).splitlines()[0]}") from None

    @property
    def dim(self) -> int:
        getter = (
            getattr(self.model, "get_embedding_dimension", None)
            or self.model.get_sentence_embedding_dimension
        )
        return int(getter())

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        encoded = self.model.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in encoded]

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
