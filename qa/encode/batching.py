"""Concurrent questions → one encode: callers that arrive while an encode runs share the next one.

Leader/follower, no timer: the first caller encodes whatever is waiting, then whatever arrived meanwhile,
until nothing is left; the others wait for their own vector. A lone question is encoded at once (no added
latency), and under load a batch forms by itself. ONNX Runtime gives every row of a padded batch the same
vector as encoding it alone (checked bitwise in tests), so batching never changes an answer.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from qa.encode.base import Embedder

# The most questions one encode takes: 16 short questions take ~65 ms on one core, so a request waits
# at most about one such batch behind the one running.
MAX_BATCH = 16


class EncodeBatcher:
    def __init__(self, embedder: Embedder, max_batch: int = MAX_BATCH) -> None:
        self.embedder = embedder
        self.max_batch = max_batch
        self._lock = threading.Lock()
        self._pending: list[tuple[str, Future]] = []
        self._leading = False
        self.batches: list[int] = []  # sizes of the encodes run, for `qa bench` and tests

    def encode(self, text: str) -> np.ndarray:
        """The vector of ``text``, encoded together with whatever other callers are waiting."""
        future: Future = Future()
        with self._lock:
            self._pending.append((text, future))
            lead = not self._leading
            self._leading = True
        if lead:
            self._drain()
        return future.result()

    def _drain(self) -> None:
        while True:
            with self._lock:
                batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
                if not batch:
                    self._leading = False
                    return
            self.batches.append(len(batch))
            try:
                vectors = self.embedder.encode([text for text, _ in batch])
            except BaseException as exc:  # every waiting caller sees the failure, none hangs
                for _, future in batch:
                    future.set_exception(exc)
                continue
            for (_, future), vector in zip(batch, vectors):
                future.set_result(vector)
