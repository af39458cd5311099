"""Hits → cited passages: a passage as shown to a user, with the sentence of it that answers best.

Both answering and claim checking quote what they cite this way, so it sits on the floor below both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from qa.document.passages import Passage
from qa.index.generation import Index
from qa.retrieve.fusion import Hit, Query
from qa.text.terms import term_set

if TYPE_CHECKING:
    from qa.text.question import Asked

# Highlight: the sentence with the best cosine + HIGHLIGHT_LEXICAL × IDF-weighted term coverage, plus
# HIGHLIGHT_TYPE when it holds the kind of answer asked for (a number for "how many", a date for "when").
# Lexical overlap breaks ties between sentences the encoder finds about equally close.
HIGHLIGHT_LEXICAL = 0.3
HIGHLIGHT_TYPE = 0.1


class Cut(NamedTuple):
    """A passage in five runs of text that join back into it: before its answering sentence, the sentence up
    to the answer span, the span, the sentence after it, and the passage after the sentence."""

    before: str
    lead_in: str
    span: str
    rest: str
    after: str


@dataclass(frozen=True)
class Cited:
    """A passage as shown to a user: where it stands and which sentence answers."""

    rank: int
    score: float
    passage: Passage
    highlight: tuple[int, int]
    # The sha256 of the cited document's bytes when it was indexed: a viewer opening the citation later
    # marks the passage only while the file still has these bytes (its offsets index into that text).
    doc_sha256: str = ""

    def parts(self) -> tuple[str, str, str]:
        """The passage text before, inside and after its answering sentence."""
        cut = self.cut()
        return cut.before, cut.lead_in, cut.after

    def cut(self, span: tuple[int, int] | None = None) -> Cut:
        """The passage cut around its answering sentence and, within it, the answer ``span`` (absolute
        offsets): the one cut every surface quotes by, so the chat, the terminal and the Sources panel bold
        the same words. A span that starts in the sentence and runs past its end takes the sentence's end
        with it; a span that starts elsewhere is not shown (the sentence is quoted whole)."""
        p, (a, b) = self.passage, self.highlight
        if span is None or not a <= span[0] < min(b, span[1]):
            return Cut(
                p.text[: a - p.start], p.text[a - p.start : b - p.start], "", "", p.text[b - p.start :]
            )
        s, e, end = span[0] - p.start, span[1] - p.start, max(b, span[1]) - p.start
        return Cut(p.text[: a - p.start], p.text[a - p.start : s], p.text[s:e], p.text[e:end], p.text[end:])

    @property
    def sentence(self) -> str:
        return self.parts()[1]

    def to_json(self) -> dict[str, Any]:
        p = self.passage
        return {
            "rank": self.rank,
            "score": round(self.score, 4),
            "doc": p.doc,
            "title": p.title,
            "section": p.section,
            "paragraph": p.paragraph,
            "through": p.through,
            "page": p.page,
            "start": p.start,
            "end": p.end,
            "text": p.text,
            "text_source": p.text_source,
            "ocr_confidence": p.ocr_confidence,
            "page_label": p.page_label,
            # A table cell's column name: shown beside the cell, not part of ``text`` (qa/text/cellnames.py).
            "cell_names": [{"start": at, "name": name} for at, name in p.names if name],
            "doc_sha256": self.doc_sha256,
            "highlight": {"start": self.highlight[0], "end": self.highlight[1]},
        }


def cite(index: Index, rank: int, score: float, row: int, highlight: tuple[int, int]) -> Cited:
    """Passage ``row`` of ``index`` cited, with the hash of its document's bytes in that generation."""
    passage = index.passages[row]
    return Cited(rank, score, passage, highlight, index.manifest.files.get(passage.doc, ""))


def coverage(index: Index, query: Query, text: str) -> float:
    return index.lexical.coverage(query.terms, term_set(text))


def sentence_text(passage: Passage, span: tuple[int, int]) -> str:
    return passage.text[span[0] - passage.start : span[1] - passage.start]


def best_sentence(index: Index, query: Query, hit: Hit, asked: Asked | None = None) -> tuple[int, int]:
    """The span of the passage sentence that best answers the question; ``asked`` (None for a claim) favours
    sentences holding the kind of answer asked for."""
    passage = index.passages[hit.row]

    def score(i: int) -> float:
        text = passage.view(passage.sentences[i]).text  # a cell's column name counts as the row's
        bonus = HIGHLIGHT_TYPE if asked is not None and asked.kind and asked.holds(text) else 0.0
        return float(hit.sentence_sims[i]) + HIGHLIGHT_LEXICAL * coverage(index, query, text) + bonus

    return passage.sentences[max(range(len(passage.sentences)), key=score)]


__all__ = ["Cited", "cite", "best_sentence", "coverage", "sentence_text"]
