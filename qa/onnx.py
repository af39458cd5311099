"""ONNX Runtime encoder: the same model, exported once, run without torch at query time.

sentence-transformers' own ONNX backend needs ``optimum``, whose current release pins transformers 4.x
and would downgrade the stack sentence-transformers 6 runs on; so the bundled model is exported here
with ``torch.onnx`` and run with ``onnxruntime`` directly. Pooling (mean or CLS) and normalisation follow
the model's own sentence-transformers config, so vectors match the PyTorch backend (cosine ≥ 0.9999 in
fp32). ``onnx-int8`` adds dynamic int8 quantisation of the weights.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from qa.embedder import BATCH_SIZE, Embedder, resolve_model
from qa.errors import ModelError

if TYPE_CHECKING:
    import numpy as np

BACKENDS = ("torch", "onnx", "onnx-int8")
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class OnnxEmbedder(Embedder):
    """Drop-in for ``Embedder``: exports to ``cache`` on first use, then needs only onnxruntime."""

    def __init__(self, name: str, cache: Path, quantized: bool = False, allow_download: bool = False) -> None:
        super().__init__(name, allow_download)
        self.folder = Path(resolve_model(name))
        self.cache = cache / f"{'int8' if quantized else 'fp32'}"
        self.quantized = quantized

    @cached_property
    def _config(self) -> dict:
        st = json.loads((self.folder / "sentence_bert_config.json").read_text())
        pooling = json.loads((self.folder / "1_Pooling" / "config.json").read_text())
        modules = json.loads((self.folder / "modules.json").read_text())
        hidden = json.loads((self.folder / "config.json").read_text())["hidden_size"]
        mode = "cls" if pooling.get("pooling_mode_cls_token") else "mean"
        if not (pooling.get("pooling_mode_mean_tokens") or mode == "cls"):
            raise ModelError(f"the onnx backend supports mean or CLS pooling only ({self.name})")
        return {"max_tokens": int(st.get("max_seq_length", 256)), "dim": int(hidden), "pooling": mode,
                "normalize": any(m.get("type", "").endswith("Normalize") for m in modules)}

    @property
    def dim(self) -> int:
        return self._config["dim"]

    @property
    def max_tokens(self) -> int:
        return self._config["max_tokens"]

    @cached_property
    def tokenizer(self):
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(self.folder / "tokenizer.json"))
        tok.enable_truncation(self.max_tokens)
        tok.no_padding()
        return tok

    @cached_property
    def session(self):
        import onnxruntime as ort

        path = self.cache / "model.onnx"
        if not path.exists():
            self._export(path)
        options = ort.SessionOptions()
        options.log_severity_level = 3
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def _export(self, path: Path) -> None:
        """Export once (needs torch), into a temp folder renamed into place: never a half-written model."""
        import torch

        model = super().model[0].auto_model.eval()
        sample = super().model.tokenizer(["an example sentence"], return_tensors="pt")

        class Hidden(torch.nn.Module):
            def __init__(self, inner: torch.nn.Module) -> None:
                super().__init__()
                self.inner = inner

            def forward(self, input_ids, attention_mask, token_type_ids):
                return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state

        self.cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=self.cache.parent, prefix=".export-"))
        try:
            torch.onnx.export(Hidden(model), tuple(sample[k] for k in INPUTS), str(tmp / "fp32.onnx"),
                              input_names=list(INPUTS), output_names=["hidden"], opset_version=17, dynamo=False,
                              dynamic_axes={k: {0: "batch", 1: "tokens"} for k in (*INPUTS, "hidden")})
            if self.quantized:
                from onnxruntime.quantization import QuantType, quantize_dynamic

                quantize_dynamic(str(tmp / "fp32.onnx"), str(tmp / "model.onnx"), weight_type=QuantType.QInt8)
                (tmp / "fp32.onnx").unlink()
            else:
                (tmp / "fp32.onnx").rename(tmp / "model.onnx")
            os.replace(tmp, self.cache) if not self.cache.exists() else shutil.rmtree(tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(e.ids) for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)]

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE) -> "np.ndarray":
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths: less padding
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = self._encode_batch([texts[i] for i in rows])
        return out

    def _encode_batch(self, texts: list[str]) -> "np.ndarray":
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


def make_embedder(name: str, backend: str, index_dir: Path, allow_download: bool = False) -> Embedder:
    """The encoder for a backend; ONNX models are cached under the index dir (``models/``)."""
    if backend == "torch":
        return Embedder(name, allow_download)
    if backend not in BACKENDS:
        raise ModelError(f"unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}")
    slug = "".join(c if c.isalnum() else "-" for c in name)[-60:]
    return OnnxEmbedder(name, index_dir / "models" / slug, backend == "onnx-int8", allow_download)
