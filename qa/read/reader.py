"""The reader: a small model that reads the question with a passage and says whether, and where, it answers.

Retrieval finds passages *about* the question; the reader tells the one that *answers* from the rest. It is
MiniLM fine-tuned as a SQuAD 2.0 reader on SQuAD's train set (``qa/train/reader.py``, weights shipped as
int8 ONNX in ``qa/read/model``): per word piece a start and an end score, and per window one answerability
logit. The answer is the best span's character offsets in the text it read, so it is verbatim by
construction.

All windows of a question are read in one call per width. A window is padded to its own width bucket (a
multiple of WIDTH), never to its neighbours', and the model's int8 scales are fixed at export: so a
window's reading is the same alone or in any batch.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from qa.encode import runtime
from qa.errors import ModelError

if TYPE_CHECKING:
    import numpy as np

MODEL = Path(__file__).with_name("model")
# An answer is a phrase: SQuAD's gold answers are under 30 word pieces for 99% of questions.
MAX_ANSWER_PIECES = 30
# Spans are searched among this many best starts and this many best ends per window (the arg-max pair is
# among them whenever the best span is not longer than MAX_ANSWER_PIECES).
TOP_PIECES = 20
# A question is read with at most this many word pieces (what the reader was trained on is far shorter), so
# that a pasted essay still leaves the passage most of the window (and more than the stride).
MAX_QUESTION_PIECES = 64


# Windows are padded up to a multiple of this many word pieces: a window's padded width (and so every float
# sum inside the model) depends on its own length only. 16 pads a window of the median 83 pieces to 96, not
# 128: a reading costs 9.4 ms against 12.7 ms at 64 (60 questions of the article, 3 repeats, medians), the
# readings the same to 4 decimals; more buckets cost more calls only for a question whose windows differ.
WIDTH = 16


@dataclass(frozen=True)
class Reading:
    """What the reader made of one text: how likely it answers, and its best answer span."""

    answerable: float  # probability that the text answers the question (sigmoid of the answerability logit)
    start: int  # [start, end) of the answer, in the coordinates of the text's ``offset``
    end: int
    span_score: float  # start + end logits of that span (what orders candidate spans)
    margin: float = 0.0  # the span's score minus the no-answer span's ([CLS] to [CLS]): SQuAD 2.0's test


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -60 else 0.0


class Reader:
    """Loads lazily (the ONNX session opens on the first read) and is shared between threads."""

    def __init__(self, folder: Path = MODEL, threads: int | None = None) -> None:
        self.folder = folder
        self.threads = threads
        self.calls = 0  # model runs, for `qa bench` and tests

    @cached_property
    def config(self) -> dict:
        try:
            return json.loads((self.folder / "reader.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ModelError(f"the reader model is missing from {self.folder}: reinstall qa") from None

    @cached_property
    def tokenizer(self):
        tok = runtime.tokenizer(self.folder / "tokenizer.json")
        tok.enable_truncation(self.config["max_tokens"], stride=self.config["stride"], strategy="only_second")
        return tok

    @cached_property
    def _plain(self):
        """The same tokenizer without pair truncation, to measure a question alone."""
        tok = runtime.copy_of(self.tokenizer)
        tok.no_truncation()
        tok.no_padding()
        return tok

    @cached_property
    def session(self):
        return runtime.session(self.folder / "reader.onnx", self.threads)

    def read(self, question: str, texts: Sequence[tuple[int, str]]) -> list[Reading]:
        """One reading per ``(offset, text)``; offsets come back in the same coordinates (``offset`` + char).
        A long text is read in overlapping windows and keeps the reading of its surest one."""
        return self.read_many([(question, texts)])[0]

    def read_many(self, asked: Sequence[tuple[str, Sequence[tuple[int, str]]]]) -> list[list[Reading]]:
        """``read`` for several questions at once: every window of every text in one model call per width."""
        windows = []  # (question number, text number, offset, encoding)
        for q, (question, texts) in enumerate(asked):
            short = self._short(question)
            for t, (offset, text) in enumerate(texts):
                first = self.tokenizer.encode(short, text)
                windows += [(q, t, offset, enc) for enc in [first, *first.overflowing]]
        scores = self._run([enc for *_, enc in windows])
        best: dict[tuple[int, int], Reading] = {}
        for (q, t, offset, enc), score in zip(windows, scores):
            reading = best_span(enc, *score, offset)
            if (q, t) not in best or (reading.answerable, reading.span_score) > (
                best[q, t].answerable,
                best[q, t].span_score,
            ):
                best[q, t] = reading
        return [[best[q, t] for t in range(len(texts))] for q, (_, texts) in enumerate(asked)]

    def _short(self, question: str) -> str:
        """The question cut after MAX_QUESTION_PIECES word pieces (at a piece's end, so no word is split)."""
        pieces = self._plain.encode(question, add_special_tokens=False)
        if len(pieces.ids) <= MAX_QUESTION_PIECES:
            return question
        return question[: pieces.offsets[MAX_QUESTION_PIECES - 1][1]]

    def _run(self, encs: list) -> list[tuple[np.ndarray, np.ndarray, float]]:
        """Start and end scores per word piece, and the answerability logit, of each window: one model call
        per width bucket."""
        import numpy as np

        out: list = [None] * len(encs)
        buckets: dict[int, list[int]] = {}
        for i, enc in enumerate(encs):
            buckets.setdefault(-(-len(enc.ids) // WIDTH) * WIDTH, []).append(i)
        for width, members in sorted(buckets.items()):
            feed = {
                name: np.zeros((len(members), width), dtype=np.int64)
                for name in ("input_ids", "attention_mask", "token_type_ids")
            }
            for row, i in enumerate(members):
                n = len(encs[i].ids)
                feed["input_ids"][row, :n] = encs[i].ids
                feed["attention_mask"][row, :n] = 1
                feed["token_type_ids"][row, :n] = encs[i].type_ids
            self.calls += 1
            start, end, answerable = self.session.run(None, feed)  # thread-safe: concurrent reads share cores
            for row, i in enumerate(members):
                out[i] = (start[row], end[row], float(answerable[row]))
        return out


def best_span(enc, start: np.ndarray, end: np.ndarray, answerable: float, offset: int) -> Reading:
    """The highest start + end score over spans inside the text (not the question), start ≤ end, at most
    MAX_ANSWER_PIECES long; offsets mapped back to characters of the text."""
    import numpy as np

    inside = np.array([s == 1 for s in enc.sequence_ids], dtype=bool)
    n = len(enc.ids)
    s_scores = np.where(inside, start[:n], -np.inf)
    e_scores = np.where(inside, end[:n], -np.inf)
    starts = np.argsort(-s_scores, kind="stable")[:TOP_PIECES]
    ends = np.argsort(-e_scores, kind="stable")[:TOP_PIECES]
    top, span = -np.inf, (0, 0)
    for i in starts:
        for j in ends:
            if i <= j < i + MAX_ANSWER_PIECES and inside[i] and inside[j] and s_scores[i] + e_scores[j] > top:
                top, span = s_scores[i] + e_scores[j], (int(i), int(j))
    a, b = enc.offsets[span[0]][0], enc.offsets[span[1]][1]
    found = float(top) if np.isfinite(top) else -1e9
    null = float(start[0] + end[0])
    return Reading(sigmoid(answerable), offset + a, offset + b, found, found - null)


__all__ = ["MODEL", "Reader", "Reading", "best_span", "sigmoid"]
