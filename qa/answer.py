"""Hits → answer: cited passages, the answering sentence of each, and whether the source answers at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qa.index import Index
from qa.lexical import term_set
from qa.passages import Passage
from qa.question import asked_for, counted, expected_type, has_type, names, years
from qa.retrieve import Hit, Query

# Highlight: the sentence with the best cosine + HIGHLIGHT_LEXICAL × IDF-weighted term coverage, plus
# HIGHLIGHT_TYPE when it holds the kind of answer asked for (a number for "how many", a date for "when").
# Lexical overlap breaks ties between sentences the encoder finds about equally close.
HIGHLIGHT_LEXICAL = 0.3
HIGHLIGHT_TYPE = 0.1

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
class Cited:
    """A passage as shown to a user: where it stands and which sentence answers."""

    rank: int
    score: float
    passage: Passage
    highlight: tuple[int, int]

    def parts(self) -> tuple[str, str, str]:
        """The passage text before, inside and after its answering sentence."""
        p, (a, b) = self.passage, self.highlight
        return p.text[: a - p.start], p.text[a - p.start : b - p.start], p.text[b - p.start :]

    @property
    def sentence(self) -> str:
        return self.parts()[1]

    def to_json(self) -> dict[str, Any]:
        p = self.passage
        return {
            "rank": self.rank, "score": round(self.score, 4), "doc": p.doc, "title": p.title,
            "section": p.section, "paragraph": p.paragraph, "page": p.page, "start": p.start, "end": p.end,
            "text": p.text, "text_source": p.text_source,
            "highlight": {"start": self.highlight[0], "end": self.highlight[1]},
        }


@dataclass(frozen=True)
class Answer:
    question: str
    answerable: bool
    cited: list[Cited]
    notice: str | None = None  # e.g. the question was cut; shown to people, not part of the JSON
    confidence: float = 0.0  # what abstention thresholds (see ``confidence``); `qa eval` sweeps it

    def to_json(self) -> dict[str, Any]:
        return {"question": self.question, "answerable": self.answerable,
                "passages": [c.to_json() for c in self.cited]}


def coverage(index: Index, query: Query, text: str) -> float:
    return index.lexical.coverage(query.terms, term_set(text))


def sentence_text(passage: Passage, span: tuple[int, int]) -> str:
    return passage.text[span[0] - passage.start : span[1] - passage.start]


def best_sentence(index: Index, query: Query, hit: Hit, kind: str | None) -> tuple[int, int]:
    """The span of the passage sentence that best answers the question."""
    passage = index.passages[hit.row]
    thing = counted(query.text) if kind else None

    def score(i: int) -> float:
        text = sentence_text(passage, passage.sentences[i])
        typed = HIGHLIGHT_TYPE if kind and has_type(text, kind, thing) else 0.0
        return float(hit.sentence_sims[i]) + HIGHLIGHT_LEXICAL * coverage(index, query, text) + typed

    return passage.sentences[max(range(len(passage.sentences)), key=score)]


def _holds(c: Cited, kind: str | None, thing: str | None, named: frozenset[str]) -> bool:
    """Does a cited passage hold the kind of answer asked for, in a passage about the year asked about?"""
    return has_type(c.sentence, kind, thing) and (not named or any(year in c.passage.text for year in named))


def confidence(index: Index, query: Query, hits: list[Hit], cited: list[Cited], kind: str | None) -> float:
    """How close the best top passage that holds the kind of answer asked for comes (0 if none)."""
    thing = counted(query.text) if kind else None
    named, asked = years(query.text), asked_for(query.text)
    return max((hit.sentence_sim + COVERAGE_WEIGHT * coverage(index, query, c.passage.text)
                - (UNASKED_PENALTY if asked and not names(c.passage.text, asked) else 0.0)
                for hit, c in zip(hits[:TYPE_CHECK_DEPTH], cited) if _holds(c, kind, thing, named)),
               default=0.0)


def hits_needed(k: int) -> int:
    """How many ranked hits ``compose`` reads for ``k`` passages: the shown ones and those it type-checks."""
    return max(k, TYPE_CHECK_DEPTH)


def compose(index: Index, query: Query, hits: list[Hit], k: int, notice: str | None = None) -> Answer:
    kind = expected_type(query.text)
    cited = [Cited(rank, h.score, index.passages[h.row], best_sentence(index, query, h, kind))
             for rank, h in enumerate(hits[:hits_needed(k)], start=1)]
    sure = confidence(index, query, hits, cited, kind)
    return Answer(query.text, sure >= MIN_CONFIDENCE, cited[:k], notice, sure)
