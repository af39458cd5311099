"""ONNX Runtime backend: the same model, exported once into the user cache, run without torch.

sentence-transformers' own ONNX backend needs ``optimum``, whose current release pins transformers 4.x
and would downgrade the stack sentence-transformers 6 runs on; so the model is exported here with
``torch.onnx`` (torch stays installed for that and for the fallback) and run with ``onnxruntime``
directly. Pooling (mean or CLS) and normalisation follow the model's own sentence-transformers config, so
vectors match the torch backend (cosine ≥ 0.9999 in fp32, tested). ``onnx-int8`` adds dynamic int8
quantisation of the weights. A model that cannot be exported falls back to torch, with a warning.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.encode import runtime
from qa.encode.base import BATCH_SIZE, resolve_model
from qa.errors import ModelError

if TYPE_CHECKING:
    import numpy as np

    from qa.encode.sbert import SbertEmbedder

log = logging.getLogger("qa")
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class OnnxEmbedder:
    """Exports to ``cache`` on first use (needs torch once), then needs only onnxruntime and tokenizers."""

    def __init__(
        self,
        name: str,
        cache: Path,
        quantized: bool = False,
        fallback: SbertEmbedder | None = None,
        threads: int | None = None,
    ) -> None:
        self.name = name
        self.cache = cache / ("int8" if quantized else "fp32")
        self.quantized = quantized
        self.fallback = fallback
        self.threads = threads
        self._failed: str | None = None  # why ONNX could not be used; then every call goes to ``fallback``

    @property
    def backend(self) -> str:
        return "torch" if self._failed else ("onnx-int8" if self.quantized else "onnx")

    @cached_property
    def folder(self) -> Path:
        return Path(resolve_model(self.name))

    @cached_property
    def _config(self) -> dict[str, Any]:
        read = lambda *parts: json.loads(self.folder.joinpath(*parts).read_text())  # noqa: E731 (a one-line helper, read where it is used)
        st, pooling, modules = (
            read("sentence_bert_config.json"),
            read("1_Pooling", "config.json"),
            read("modules.json"),
        )
        mode = "cls" if pooling.get("pooling_mode_cls_token") else "mean"
        if not (pooling.get("pooling_mode_mean_tokens") or mode == "cls"):
            raise ModelError(f"the onnx backend supports mean or CLS pooling only ({self.name})")
        return {
            "max_tokens": int(st.get("max_seq_length", 256)),
            "dim": int(read("config.json")["hidden_size"]),
            "pooling": mode,
            "normalize": any(m.get("type", "").endswith("Normalize") for m in modules),
        }

    @property
    def _backup(self) -> SbertEmbedder:
        """The fallback, once ONNX has failed: ``_ready`` raises instead when there is none."""
        assert self.fallback is not None
        return self.fallback

    def _ready(self) -> bool:
        """True when ONNX serves; on the first failure, warn once and hand everything to the fallback."""
        if self._failed is None:
            try:
                self._config, self.tokenizer, self.session  # noqa: B018 (load all three or none)
                return True
            except Exception as exc:  # missing files, a model torch.onnx cannot trace, a broken runtime
                if self.fallback is None:
                    raise ModelError(
                        f"cannot run {self.name!r} on ONNX Runtime: {str(exc).splitlines()[0]}"
                    ) from None
                self._failed = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
                if (
                    self._local()
                ):  # a hub name or a bad path: torch's loader downloads it or says what is wrong
                    log.warning(
                        "ONNX Runtime cannot run %s (%s): using sentence-transformers on torch",
                        self.name,
                        self._failed,
                    )
        return self._failed is None

    def _local(self) -> bool:
        try:
            return self.folder.is_dir()
        except ModelError:
            return False

    @property
    def dim(self) -> int:
        return self._config["dim"] if self._ready() else self._backup.dim

    @property
    def max_tokens(self) -> int:
        return self._config["max_tokens"] if self._ready() else self._backup.max_tokens

    @cached_property
    def tokenizer(self):
        tok = runtime.tokenizer(self.folder / "tokenizer.json")
        tok.enable_truncation(self._config["max_tokens"])
        return tok

    @cached_property
    def session(self):
        path = self.cache / "model.onnx"
        if not path.exists():
            self._export(path)
        return runtime.session(path, self.threads)

    def _export(self, path: Path) -> None:
        """Export once (needs torch) into a temp folder renamed into place: never a half-written model."""
        if self.fallback is None:
            raise ModelError("exporting to ONNX needs the torch backend")
        import torch

        st = self.fallback.model
        sample = st.tokenizer(["an example sentence"], return_tensors="pt")

        class Hidden(torch.nn.Module):
            def __init__(self, inner: torch.nn.Module) -> None:
                super().__init__()
                self.inner = inner

            def forward(self, input_ids, attention_mask, token_type_ids):
                return self.inner(
                    input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
                ).last_hidden_state

        self.cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=self.cache.parent, prefix=".export-"))
        try:
            with warnings.catch_warnings():
                # The tracer warns about Python-side branches of the attention mask; dynamic axes cover them.
                warnings.simplefilter("ignore")
                torch.onnx.export(
                    Hidden(st[0].auto_model.eval()),
                    tuple(sample[k] for k in INPUTS),
                    str(tmp / "fp32.onnx"),
                    input_names=list(INPUTS),
                    output_names=["hidden"],
                    opset_version=17,
                    dynamo=False,
                    dynamic_axes={k: {0: "batch", 1: "tokens"} for k in (*INPUTS, "hidden")},
                )
            self._finish_export(tmp)
            if not self.cache.exists():
                os.replace(tmp, self.cache)  # another process may have won the race: then keep theirs
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        log.info("exported %s to %s", self.name, self.cache)

    def _finish_export(self, tmp: Path) -> None:
        if self.quantized:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(tmp / "fp32.onnx"), str(tmp / "model.onnx"), weight_type=QuantType.QInt8)
            (tmp / "fp32.onnx").unlink()
        else:
            (tmp / "fp32.onnx").rename(tmp / "model.onnx")

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if not self._ready():
            return self._backup.count_tokens(texts)
        return [len(e.ids) for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)]

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        import numpy as np

        if not self._ready():
            return self._backup.encode(texts, batch_size)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths: less padding
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = self._encode_batch([texts[i] for i in rows])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        encoded = self.tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encoded)
        feed = {name: np.zeros((len(texts), width), dtype=np.int64) for name in INPUTS}
        for i, e in enumerate(encoded):
            feed["input_ids"][i, : len(e.ids)] = e.ids
            feed["attention_mask"][i, : len(e.ids)] = e.attention_mask
            feed["token_type_ids"][i, : len(e.ids)] = e.type_ids
        hidden = self.session.run(None, feed)[0]
        if self._config["pooling"] == "cls":
            vectors = hidden[:, 0]
        else:
            mask = feed["attention_mask"][..., None].astype(np.float32)
            vectors = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
        if self._config["normalize"]:
            vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors.astype(np.float32)
