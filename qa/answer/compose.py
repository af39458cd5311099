"""Hits → answer: cited passages, the answering sentence of each, and whether the source answers at all."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from qa.answer.decision import Decision, features, load
from qa.answer.why import reason
from qa.document.passages import Passage
from qa.index.generation import Index
from qa.retrieve.cited import Cited, best_sentence, cite, coverage, sentence_text
from qa.retrieve.fusion import Hit, Query
from qa.text.cellnames import View
from qa.text.columns import named_cell
from qa.text.question import Asked, analyse
from qa.text.respectively import respective
from qa.text.rows import row_cells
from qa.text.terms import term_set

if TYPE_CHECKING:
    from qa.read.reader import Reader, Reading

# Without the reader (QA_READER=off), the closeness rules decide: the source answers when a top passage (1)
# holds, for questions that ask for a quantity, a sum of money or a time, a sentence with one, (2) names the
# year the question names, if any, and (3) is close enough: its best-sentence cosine plus COVERAGE_WEIGHT ×
# the IDF-weighted share of the question's terms it contains reaches MIN_CONFIDENCE; a passage that never
# uses the word for the thing asked for loses UNASKED_PENALTY. Calibrated on the article's questions and
# covidqa-dev.json's out-of-corpus questions (docs/reader.md has the curve). With the reader (the default),
# none of these rules vetoes: the learned decision weighs the same signals (qa/answer/decision.py).
COVERAGE_WEIGHT = 0.3
UNASKED_PENALTY = 0.05
MIN_CONFIDENCE = 0.50
TYPE_CHECK_DEPTH = 3
# The reader reads the best sentence of each of the top READ_DEPTH passages with READ_AROUND sentences either
# side (the windows it was trained on: qa/train/windows.py); whether each answers is the learned decision's
# probability (qa/answer/decision.py), which weighs the reading with retrieval's closeness.
READ_DEPTH = 3
READ_AROUND: int | None = 1
# Reranking by the decision's probability, measured earlier with the reader alone deciding: covid-dev
# answer@1 0.624 against 0.635 without, SQuAD dev 0.765 against 0.768; so retrieval's order stays.
RERANK = False


@dataclass(frozen=True)
class Span:
    """The answer itself: a character span of one document, so verbatim by construction."""

    text: str
    doc: str
    start: int
    end: int
    score: float  # the reader's probability that its passage answers
    rank: int  # the cited passage it stands in

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "doc": self.doc, "start": self.start, "end": self.end,
                "score": round(self.score, 4), "rank": self.rank}  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class Answer:
    question: str
    answerable: bool
    cited: list[Cited]
    notice: str | None = None  # e.g. the question was cut; shown to people, not part of the JSON
    confidence: float = 0.0  # what abstention thresholds (see ``confidence``); `qa eval` sweeps it
    answering: frozenset[int] = frozenset()  # ranks of the cited passages that answer on their own
    reason: str | None = None  # why the source does not answer, in one line (None when it answers)
    # The reader's answer span, in the surest answering passage; None when abstained.
    answer: Span | None = None
    # Each read passage with the features the decision weighed (for `qa eval`'s fitting data; not shown).
    weighed: tuple[tuple[Cited, dict[str, float]], ...] = ()

    @property
    def answers(self) -> list[Cited]:
        """The cited passages that answer, best first (none when the source does not answer)."""
        return [c for c in self.cited if c.rank in self.answering]

    @property
    def lead(self) -> Cited | None:
        """The passage an answer leads with: the one holding the answer span, else the first that answers."""
        held = [c for c in self.answers if self.answer is not None and c.rank == self.answer.rank]
        first = held or self.answers
        return first[0] if first else None

    def lead_parts(self) -> tuple[str, str, str]:
        """The lead sentence cut around the answer span (before, span, after); the span is "" without one."""
        if self.lead is None:
            return "", "", ""
        cut = self.lead.cut((self.answer.start, self.answer.end) if self.answer else None)
        return cut.lead_in, cut.span, cut.rest

    @property
    def others(self) -> list[Cited]:
        """The cited passages that do not answer: shown folded, as context, never as evidence."""
        return [c for c in self.cited if c.rank not in self.answering]

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answerable": self.answerable,
            "confidence": round(self.confidence, 4),
            "reason": self.reason,
            "answer": self.answer.to_json() if self.answer else None,
            "passages": [c.to_json() for c in self.cited],
        }


def closeness(index: Index, query: Query, hit: Hit, cited: Cited, asked: Asked) -> float | None:
    """How close one passage comes to answering, or None when it does not hold the kind of answer asked for
    (nor, for a table's row, is the row the one asked about)."""
    text, sentence = cited.passage.view().text, cited.passage.view(cited.highlight).text  # cells named
    if not (asked.holds(sentence) and asked.about_figures(text)):
        return None
    if not _row_asked(query.text, sentence):
        return None
    penalty = 0.0 if asked.names_thing(text) else UNASKED_PENALTY
    return hit.sentence_sim + COVERAGE_WEIGHT * coverage(index, query, text) - penalty


def _row_asked(question: str, sentence: str) -> bool:
    """A table's row answers a question about one of its cells only if the question names the row: beyond
    the columns' names, one of the question's words is one of the row's own ("How many calories do berries
    have?" and the Berries row; not "…a portion of fish?", which the Berries row shares only its columns
    with). Any other sentence passes."""
    row = row_cells(sentence)
    if row is None:
        return True
    rest = term_set(question) - term_set(" ".join(name for name, _ in row))
    return not rest or bool(rest & term_set(" ".join(cell for _, cell in row)))


def confidence(scores: list[float | None]) -> float:
    """How close the best of the top passages that holds the kind of answer asked for comes (0 if none)."""
    return max((s for s in scores[:TYPE_CHECK_DEPTH] if s is not None), default=0.0)


def hits_needed(k: int) -> int:
    """How many ranked hits ``compose`` reads for ``k`` passages: the shown ones and those it type-checks."""
    return max(k, TYPE_CHECK_DEPTH)


def compose(
    index: Index,
    query: Query,
    hits: list[Hit],
    k: int,
    notice: str | None = None,
    reader: Reader | None = None,
) -> Answer:
    """The answer: the question is read once (``analyse``), and that reading picks sentences and abstains.
    With a ``reader``, the reader decides (see ``_read``); without one, the closeness rules do: a shown
    passage answers when the source answers and it reaches the threshold on its own."""
    asked = analyse(query.text)
    cited = [
        cite(index, rank, h.score, h.row, best_sentence(index, query, h, asked))
        for rank, h in enumerate(hits[: hits_needed(k)], start=1)
    ]
    scores = [closeness(index, query, h, c, asked) for h, c in zip(hits, cited)]
    if reader is not None:
        return _read(index, query, asked, (cited, hits), k, notice, reader)
    sure = confidence(scores)
    answerable = sure >= MIN_CONFIDENCE
    answering = frozenset(
        c.rank for c, s in zip(cited[:k], scores) if answerable and s is not None and s >= MIN_CONFIDENCE
    )
    why = None if answerable else reason(index, query, asked, cited[:TYPE_CHECK_DEPTH], sure, MIN_CONFIDENCE)
    return Answer(question=query.text, answerable=answerable, cited=cited[:k], notice=notice, confidence=sure,
                  answering=answering, reason=why)  # fmt: skip


def _read(
    index: Index,
    query: Query,
    asked: Asked,
    weighed: tuple[list[Cited], list[Hit]],
    k: int,
    notice: str | None,
    reader: Reader,
) -> Answer:
    """The reader reads the top passages; the learned decision (``decision.load``) gives each the probability
    that it answers. Those that reach its threshold are marked at their answer's sentence; the answer is the
    reader's span in the surest."""
    cited, hits = weighed
    decision = load()
    top, readings, rows = _read_until_sure(index, query, asked, cited[:READ_DEPTH], hits, reader, decision)
    sures = decision.probabilities(rows)
    sure = max(sures, default=0.0)
    yes = [i for i, v in enumerate(sures) if v >= decision.threshold]
    order = _order(yes, sures, k)
    ranked = [
        replace(_at_answer(top[i], readings[i]) if i in yes else top[i], rank=n)
        for n, i in enumerate(order, start=1)
    ] + cited[len(top) :]
    answering = frozenset(n for n, i in enumerate(order, start=1) if i in yes and n <= k)
    pairs = tuple(zip(top, rows))
    if not yes:
        why = reason(index, query, asked, cited[:TYPE_CHECK_DEPTH], sure, decision.threshold, read=True)
        return Answer(question=query.text, answerable=False, cited=ranked[:k], notice=notice, confidence=sure,
                      answering=answering, reason=why, weighed=pairs)  # fmt: skip
    best = max(yes, key=lambda i: sures[i])
    p, r = top[best].passage, readings[best]
    start, end = respective(query.text, p.text, p.start, (r.start, r.end))
    start, end = named_cell(query.text, p.text, p.start, p.names, (start, end))
    start, end = _quotable(p, _unquoted(p.text, p.start, _one_line(p.text, p.start, (start, end))))
    span = Span(sentence_text(p, (start, end)), p.doc, start, end, sures[best], order.index(best) + 1)
    return Answer(question=query.text, answerable=True, cited=ranked[:k], notice=notice, confidence=sure,
                  answering=answering, reason=None, answer=span, weighed=pairs)  # fmt: skip


def _read_until_sure(
    index: Index,
    query: Query,
    asked: Asked,
    top: list[Cited],
    hits: list[Hit],
    reader: Reader,
    decision: Decision,
) -> tuple[list[Cited], list[Reading], list[dict[str, float]]]:
    """Read the first passage; the others (in one call) only when it does not answer on its own: the
    question is answerable as soon as one passage reaches the threshold, so most answerable questions cost
    one window. Returns the passages read, their readings and features."""
    readings = _read_views(reader, query.text, top[:1])
    rows = [_features(index, query, asked, top[0], hits[0], readings[0], True)] if top else []
    if rows and decision.probability(rows[0]) < decision.threshold and len(top) > 1:
        more = _read_views(reader, query.text, top[1:])
        rows += [_features(index, query, asked, c, h, r, False) for c, h, r in zip(top[1:], hits[1:], more)]
        readings += more
    return top[: len(readings)], readings, rows


def _features(
    index: Index, query: Query, asked: Asked, cited: Cited, hit: Hit, reading: Reading, first: bool
) -> dict[str, float]:
    p = cited.passage
    span, text = sentence_text(p, (reading.start, reading.end)), p.view().text
    return features(reading, span, text, hit.sentence_sim, coverage(index, query, text), asked, first)


def _read_views(reader: Reader, question: str, top: list[Cited]) -> list[Reading]:
    """The reader's readings of the passages' windows, each read with its table cells named ("No. of stores
    1996: 12130") and its answer span mapped back to the cells' own offsets."""
    views = [_window(c) for c in top]
    readings = reader.read(question, [(0, v.text) for v in views]) if views else []
    return [replace(r, start=s, end=e) for r, v in zip(readings, views) for s, e in [v.span(r.start, r.end)]]


def _window(cited: Cited) -> View:
    """What the reader reads of a passage: all of it, or (READ_AROUND) its best sentence with that many
    sentences either side; a block of short lines whole (a slide's figures under its title)."""
    p = cited.passage
    if READ_AROUND is None:
        return p.view()
    if p.through:  # a block of short lines is no longer than a window (qa/document/passages.py)
        return p.view()
    i = next((n for n, s in enumerate(p.sentences) if s == cited.highlight), 0)
    a, b = p.sentences[max(0, i - READ_AROUND)][0], p.sentences[min(len(p.sentences) - 1, i + READ_AROUND)][1]
    return p.view((a, b))


def _quotable(p: Passage, span: tuple[int, int]) -> tuple[int, int]:
    """``span``, or where it holds no text (the reader marked a table cell's name, which the reader sees but
    the document does not hold) the sentence it stands in: the answer a user or a JSON client gets is never
    empty, and is what the page shows in bold."""
    start, end = span
    if end > start:
        return span
    return next(((a, b) for a, b in p.sentences if a <= start < b), p.sentences[-1] if p.sentences else span)


def _one_line(text: str, offset: int, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` (absolute) cut at the first blank line within it: an answer never runs from one line of a
    block (a name, a field) into the next ("Octavia Togami <…>\n\nTo: linux-btrfs@…")."""
    start, end = span
    cut = text.find("\n\n", start - offset, end - offset)
    return (start, cut + offset) if cut > start - offset else span


_QUOTES = '"“”'  # double marks only: a single one is as often an apostrophe ("farmers'")


def _unquoted(text: str, offset: int, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` (absolute) without a quotation mark at either end that opens or closes nothing inside it:
    the reader may end on the mark after a title ("…Strong Country\"") and the page would bold half a
    quotation."""
    start, end = span
    inner = text[start - offset : end - offset]
    marks = sum(inner.count(q) for q in _QUOTES)
    if marks % 2 and len(inner) > 1 and inner[-1] in _QUOTES:
        return start, end - 1
    if marks % 2 and len(inner) > 1 and inner[0] in _QUOTES:
        return start + 1, end
    return span


def _order(yes: list[int], sures: list[float], k: int) -> list[int]:
    """Which read passage goes at each rank: the answering ones first, surest first, then the others in
    retrieval's order. Without RERANK retrieval's order stays, except that when none of the first ``k``
    answers, the surest answering passage comes first (an answer is never left unshown)."""
    if not RERANK:
        order = list(range(len(sures)))
        if yes and min(yes) >= k:
            best = max(yes, key=lambda i: sures[i])
            order = [best] + [i for i in order if i != best]
        return order
    first = sorted(yes, key=lambda i: -sures[i])
    return first + [i for i in range(len(sures)) if i not in first]


def _at_answer(cited: Cited, reading: Reading) -> Cited:
    """The passage highlighted at the sentence that holds the reader's answer (its best sentence
    otherwise)."""
    for a, b in cited.passage.sentences:
        if a <= reading.start < b:
            return replace(cited, highlight=(a, b))
    return cited


__all__ = ["Answer", "MIN_CONFIDENCE", "Span", "compose", "confidence", "hits_needed"]
