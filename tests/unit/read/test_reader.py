"""The reader's span arithmetic: every answer is a substring of its passage at its offsets, by construction."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

from qa.answer.decision import Decision
from qa.read.reader import MAX_ANSWER_PIECES, Reader, best_span
from tests.conftest import make_engine

# A decision that passes every passage: each question gets the reader's span, so the arithmetic is checked.
_ALWAYS = Decision(("reader",), (0.0,), (1.0,), (0.0,), 0.0, 0.0)


@dataclass
class _Encoding:
    """The parts of a tokenizers Encoding that span search reads: 2 question pieces, then 6 text pieces."""

    ids: list[int]
    sequence_ids: list[int | None]
    offsets: list[tuple[int, int]]


TEXT = "Paris is the capital of France."
ENC = _Encoding(
    ids=list(range(10)),
    sequence_ids=[None, 0, 0, None, 1, 1, 1, 1, 1, None],
    offsets=[(0, 0), (0, 4), (5, 8), (0, 0), (0, 5), (6, 8), (9, 12), (13, 20), (24, 30), (0, 0)],
)


def _logits(best_start: int, best_end: int) -> tuple[np.ndarray, np.ndarray]:
    start, end = np.zeros(10, dtype=np.float32), np.zeros(10, dtype=np.float32)
    start[best_start], end[best_end] = 5, 5
    return start, end


def test_the_best_span_maps_back_to_characters_with_the_texts_offset():
    start, end = _logits(7, 8)  # "capital" … "France"
    reading = best_span(ENC, start, end, 3.0, offset=100)
    assert (reading.start, reading.end) == (113, 130)
    assert TEXT[reading.start - 100 : reading.end - 100] == "capital of France"
    assert reading.answerable == pytest.approx(1 / (1 + np.exp(-3.0)))


def test_a_span_never_starts_in_the_question_or_ends_before_it_starts():
    start, end = _logits(1, 5)  # the best start is a question piece: not allowed
    reading = best_span(ENC, start, end, 0.0, offset=0)
    assert 0 <= reading.start < reading.end <= len(TEXT)
    start, end = _logits(8, 4)  # end before start: the best valid pair is taken instead
    reading = best_span(ENC, start, end, 0.0, offset=0)
    assert reading.start < reading.end


def test_spans_are_phrases_not_whole_passages():
    assert MAX_ANSWER_PIECES <= 30


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader(threads=1)


def test_the_shipped_reader_reads_texts_longer_than_one_window(reader):
    long = (
        " ".join(["The committee met again and discussed the budget."] * 60) + " The bridge opened in 1932."
    )
    readings = reader.read("When did the bridge open?", [(7, long), (0, "Nothing here.")])
    assert len(readings) == 2
    for (offset, text), r in zip([(7, long), (0, "Nothing here.")], readings):
        assert offset <= r.start < r.end <= offset + len(text)
        assert 0.0 <= r.answerable <= 1.0


def test_every_answer_is_its_documents_text_at_its_offsets(corpus, tmp_path, fake_embedder, monkeypatch):
    # Threshold 0: every question gets the reader's best span, so the arithmetic is checked on each.
    monkeypatch.setattr("qa.answer.compose.load", lambda: _ALWAYS)
    engine = make_engine(corpus, tmp_path / "index", fake_embedder, reader=True)
    text = next(corpus.iterdir()).read_text(encoding="utf-8")
    for question in [
        "When was the Emergency Management Department established?",
        "How many people are covered?",
        "What did the Ministry of Civil Affairs issue?",
        "Who wrote the article?",
    ]:
        for k in (1, 5):
            _check_span(engine.ask(question, k), text)


def _check_span(answer, text: str) -> None:
    """The span is the document's text at its offsets, inside the passage the answer leads with."""
    span, lead = answer.answer, answer.lead
    assert text[span.start : span.end] == span.text
    assert lead.passage.start <= span.start < span.end <= lead.passage.end and lead.rank == span.rank
    before, inside, after = answer.lead_parts()
    assert inside == span.text and (before + inside + after) in lead.passage.text
    assert answer.to_json()["answer"]["text"] == span.text
    assert [c.rank for c in answer.cited] == list(range(1, len(answer.cited) + 1))


def test_a_question_of_ordinary_length_is_read_whole(reader):
    question = "How many people are covered by unemployment insurance?"
    assert reader._short(question) == question


def test_an_overlong_question_is_read_cut_not_refused(reader):
    question = "What did the committee discuss " + "and then what else did it discuss " * 300 + "?"
    readings = reader.read(question, [(0, "The committee discussed the budget.")])
    assert len(readings) == 1 and 0 <= readings[0].start < readings[0].end <= 35


def test_a_windows_reading_is_the_same_alone_or_in_any_batch(reader):
    """Static int8 scales and padding to the window's own width bucket: batching never changes a reading."""
    question = "How many people are covered by unemployment insurance?"
    texts = [
        (0, "The coverage of unemployment insurance has reached 240 million people."),
        (90, "China has built the world's largest social security system, " * 6),
        (900, "Nothing here."),
    ]
    together = reader.read(question, texts)
    assert together == [reader.read(question, [t])[0] for t in texts]
    assert reader.read_many([(question, texts), ("Who built it?", texts[1:])])[0] == together


def test_all_windows_of_a_question_are_read_in_one_call_per_width(reader):
    before = reader.calls
    reader.read(
        "Who built it?", [(0, "Workers built it."), (20, "The city paid for it."), (50, "It rained.")]
    )
    assert reader.calls - before == 1


def test_the_no_answer_margin_is_the_span_against_cls():
    start, end = _logits(7, 8)
    start[0], end[0] = 1.0, 2.0
    reading = best_span(ENC, start, end, 0.0, offset=0)
    assert reading.margin == pytest.approx(reading.span_score - 3.0)
