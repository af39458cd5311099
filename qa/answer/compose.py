"""Hits → answer: cited passages, the answering sentence of each, and whether the source answers at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qa.answer.why import reason
from qa.index.generation import Index
from qa.retrieve.cited import Cited, best_sentence, coverage
from qa.retrieve.fusion import Hit, Query
from qa.text.question import Asked, analyse

# Abstention. The source answers when a top passage (1) holds, for questions that ask for a quantity, a sum
# of money or a time, a sentence with one (for "how many X", a count in a sentence that names X), (2) names
# the year the question names, if any, and (3) is close enough: its best-sentence cosine plus
# COVERAGE_WEIGHT × the IDF-weighted share of the question's terms it contains reaches MIN_CONFIDENCE.
# Coverage counts words the corpus never uses at their highest weight, so a question about a missing thing
# ("private insurance", "hospital beds") loses more than a paraphrase of a present one. A passage that
# never uses the word for the thing a what/which question asks for ("the average life expectancy", "the
# unemployment rate") loses UNASKED_PENALTY: answers often name it in other words ("inhabitants" for
# population), so it weighs rather than rules. On covid out-of-corpus at 0.50 a penalty of 0.05 abstains on
# 0.217 of unanswerable questions instead of 0.173 with the same 0.031 of answerable ones; 0.1 abstains on
# more but also on an answerable article question ("What fire bodies…", answered by "fire rescue bureaus").
# Calibrated on the article's unanswerable questions (questions.jsonl and eval/article-questions.jsonl) and
# covidqa-dev.json with half its papers left out (`qa eval --out-of-corpus 0.5`). At 0.50: article
# unanswerables 32/35 abstained and 1/62 answerable wrongly; covid out-of-corpus 0.217 abstained, 0.031
# wrongly. 0.50 is the highest point that abstains on no answerable question of questions.jsonl (0.525
# abstains on 1 of 32, 0.55 on 3). The README has the whole curve.
COVERAGE_WEIGHT = 0.3
UNASKED_PENALTY = 0.05
MIN_CONFIDENCE = 0.50
TYPE_CHECK_DEPTH = 3


@dataclass(frozen=True)
class Answer:
    question: str
    answerable: bool
    cited: list[Cited]
    notice: str | None = None  # e.g. the question was cut; shown to people, not part of the JSON
    confidence: float = 0.0  # what abstention thresholds (see ``confidence``); `qa eval` sweeps it
    answering: frozenset[int] = frozenset()  # ranks of the cited passages that answer on their own
    reason: str | None = None  # why the source does not answer, in one line (None when it answers)

    @property
    def answers(self) -> list[Cited]:
        """The cited passages that answer, best first (none when the source does not answer)."""
        return [c for c in self.cited if c.rank in self.answering]

    @property
    def others(self) -> list[Cited]:
        """The cited passages that do not answer: shown folded, as context, never as evidence."""
        return [c for c in self.cited if c.rank not in self.answering]

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question, "answerable": self.answerable, "confidence": round(self.confidence, 4),
                "reason": self.reason, "passages": [c.to_json() for c in self.cited]}


def closeness(index: Index, query: Query, hit: Hit, cited: Cited, asked: Asked) -> float | None:
    """How close one passage comes to answering, or None when it does not hold the kind of answer asked for."""
    if not (asked.holds(cited.sentence) and asked.about_years(cited.passage.text)):
        return None
    penalty = 0.0 if asked.names_thing(cited.passage.text) else UNASKED_PENALTY
    return hit.sentence_sim + COVERAGE_WEIGHT * coverage(index, query, cited.passage.text) - penalty


def confidence(scores: list[float | None]) -> float:
    """How close the best of the top passages that holds the kind of answer asked for comes (0 if none)."""
    return max((s for s in scores[:TYPE_CHECK_DEPTH] if s is not None), default=0.0)


def hits_needed(k: int) -> int:
    """How many ranked hits ``compose`` reads for ``k`` passages: the shown ones and those it type-checks."""
    return max(k, TYPE_CHECK_DEPTH)


def compose(index: Index, query: Query, hits: list[Hit], k: int, notice: str | None = None) -> Answer:
    """The answer: the question is read once (``analyse``), and that reading picks sentences and abstains.
    A shown passage answers when the source answers and it reaches the threshold on its own."""
    asked = analyse(query.text)
    cited = [Cited(rank, h.score, index.passages[h.row], best_sentence(index, query, h, asked))
             for rank, h in enumerate(hits[:hits_needed(k)], start=1)]
    scores = [closeness(index, query, h, c, asked) for h, c in zip(hits, cited)]
    sure = confidence(scores)
    answerable = sure >= MIN_CONFIDENCE
    answering = frozenset(c.rank for c, s in zip(cited[:k], scores)
                          if answerable and s is not None and s >= MIN_CONFIDENCE)
    why = None if answerable else reason(index, query, asked, cited[:TYPE_CHECK_DEPTH], sure, MIN_CONFIDENCE)
    return Answer(query.text, answerable, cited[:k], notice, sure, answering, why)


__all__ = ["Answer", "MIN_CONFIDENCE", "compose", "confidence", "hits_needed"]
