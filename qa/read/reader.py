"""The reader: a small model that reads the question with a passage and says whether, and where, it answers.

Retrieval finds passages *about* the question; the reader tells the one that *answers* from the rest. It is
MiniLM fine-tuned as a SQuAD 2.0 reader (``qa/train/reader.py``, weights shipped as int8 ONNX in
``qa/read/model``): per word piece a start and an end score, and per window one answerability logit. The
answer is the best span's character offsets in the text it read, so it is verbatim by construction.
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


@dataclass(frozen=True)
class Reading:
    """What the reader made of one text: how likely it answers, and its best answer span."""

    answerable: float  # probability that the text answers the question (sigmoid of the answerability logit)
    start: int  # [start, end) of the answer, in the coordinates of the text's ``offset``
    end: int
    span_score: float  # start + end logits of that span (what orders candidate spans)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -60 else 0.0


class Reader:
    """Loads lazily (the ONNX session opens on the first read) and is shared between threads.

    Each window runs on its own, never padded into a batch: int8 quantisation scales activations by the
    whole input tensor, so a batched window's reading would depend on what else was read with it. One
    window's reading depends only on the question and its text, whoever else is asking."""

    def __init__(self, folder: Path = MODEL, threads: int | None = None) -> None:
        self.folder = folder
        self.threads = threads

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
        """The same tokenizer without pair truncation (or padding: the file pads to 128 pieces, which would
        count as question), to measure a question alone."""
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
        out, question = [], self._short(question)
        for offset, text in texts:
            first = self.tokenizer.encode(question, text)
            readings = [_best_span(enc, *self._run(enc), offset) for enc in [first, *first.overflowing]]
            out.append(max(readings, key=lambda r: (r.answerable, r.span_score)))
        return out

    def _short(self, question: str) -> str:
        """The question cut after MAX_QUESTION_PIECES word pieces (at a piece's end, so no word is split)."""
        pieces = self._plain.encode(question, add_special_tokens=False)
        if len(pieces.ids) <= MAX_QUESTION_PIECES:
            return question
        return question[: pieces.offsets[MAX_QUESTION_PIECES - 1][1]]

    def _run(self, enc) -> tuple[np.ndarray, np.ndarray, float]:
        """Start and end scores per word piece, and the answerability logit, of one window."""
        import numpy as np

        feed = {
            "input_ids": np.array([enc.ids], dtype=np.int64),
            "attention_mask": np.array([enc.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([enc.type_ids], dtype=np.int64),
        }
        start, end, answerable = self.session.run(
            None, feed
        )  # thread-safe: concurrent questions use the cores
        return start[0], end[0], float(answerable[0])


def _best_span(enc, start: np.ndarray, end: np.ndarray, answerable: float, offset: int) -> Reading:
    """The highest start + end score over spans inside the text (not the question), start ≤ end, at most
    MAX_ANSWER_PIECES long; offsets mapped back to characters of the text."""
    import numpy as np

    inside = np.array([s == 1 for s in enc.sequence_ids], dtype=bool)
    n = len(enc.ids)
    s_scores = np.where(inside, start[:n], -np.inf)
    e_scores = np.where(inside, end[:n], -np.inf)
    starts = np.argsort(-s_scores)[:TOP_PIECES]
    ends = np.argsort(-e_scores)[:TOP_PIECES]
    top, span = -np.inf, (0, 0)
    for i in starts:
        for j in ends:
            if i <= j < i + MAX_ANSWER_PIECES and inside[i] and inside[j] and s_scores[i] + e_scores[j] > top:
                top, span = s_scores[i] + e_scores[j], (int(i), int(j))
    a, b = enc.offsets[span[0]][0], enc.offsets[span[1]][1]
    return Reading(_sigmoid(answerable), offset + a, offset + b, float(top) if np.isfinite(top) else -1e9)


__all__ = ["MODEL", "Reader", "Reading"]
