"""Concurrent questions share an encode, get the vector they would get alone, and all see a failure."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from qa.encode.batching import EncodeBatcher
from tests.conftest import FakeEmbedder


class SlowEmbedder(FakeEmbedder):
    """The fake embedder, taking 50 ms an encode: long enough for callers to pile up behind one."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__()
        self.fail = fail

    def encode(self, texts, batch_size: int = 32):
        time.sleep(0.05)
        if self.fail:
            raise RuntimeError("the encoder broke")
        return super().encode(texts, batch_size)


def _all_at_once(batcher: EncodeBatcher, texts: list[str]) -> list:
    out: list = [None] * len(texts)

    def one(i: int) -> None:
        try:
            out[i] = batcher.encode(texts[i])
        except RuntimeError as exc:
            out[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return out


def test_concurrent_questions_share_encodes_and_get_their_own_vectors():
    embedder = SlowEmbedder()
    batcher = EncodeBatcher(embedder, max_batch=4)
    texts = [f"question number {i} about harbours" for i in range(10)]
    vectors = _all_at_once(batcher, texts)
    alone = FakeEmbedder().encode(texts)
    assert all(np.array_equal(v, a) for v, a in zip(vectors, alone))
    assert sum(batcher.batches) == 10 and max(batcher.batches) <= 4 and len(batcher.batches) < 10


def test_a_lone_question_is_encoded_at_once():
    batcher = EncodeBatcher(FakeEmbedder())
    assert np.array_equal(batcher.encode("alone"), FakeEmbedder().encode(["alone"])[0])
    assert batcher.batches == [1]


def test_a_failed_encode_reaches_every_waiting_caller_and_none_hangs():
    batcher = EncodeBatcher(SlowEmbedder(fail=True), max_batch=3)
    out = _all_at_once(batcher, [f"q{i}" for i in range(5)])
    assert all(isinstance(o, RuntimeError) for o in out)
    with pytest.raises(RuntimeError):
        batcher.encode("after the failure the batcher still answers")
