"""ONNX Runtime, set up one way for every model qa runs (the encoder, the reader): a CPU session that keeps
to its threads, and a word-piece tokenizer read from its ``tokenizer.json``."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def session(path: Path, threads: int | None = None) -> Any:
    """An inference session on the CPU: quiet, one inter-op thread (qa's graphs are a single chain), and
    ``threads`` intra-op threads (ONNX Runtime's own choice, all cores, when None)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.inter_op_num_threads = 1
    if threads:
        options.intra_op_num_threads = threads
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def tokenizer(path: Path) -> Any:
    """The word-piece tokenizer of ``path`` (a ``tokenizer.json``), unpadded: callers set its truncation."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    return tok


def copy_of(tok: Any) -> Any:
    """Another tokenizer like ``tok``, for other truncation settings, without reading the file again."""
    from tokenizers import Tokenizer

    return Tokenizer.from_str(tok.to_str())


__all__ = ["copy_of", "session", "tokenizer"]
