"""Paragraphs → passages: the units that are embedded, ranked and quoted.

A passage is a run of whole sentences from one paragraph that fits the embedding model's input window,
so nothing is ever truncated by the encoder.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from qa.document.paragraphs import Layout, Paragraph, citable
from qa.document.source import Document
from qa.text.cellnames import Names, View, view
from qa.text.sentences import split_spans

TokenCounter = Callable[[Sequence[str]], list[int]]
"""Counts word pieces of each text, special tokens excluded (a model tokenizer, or a fake in tests)."""

# [CLS] and [SEP] take two of the model's max_seq_length positions.
SPECIAL_TOKENS = 2
# A paragraph too long for one passage is cut into the fewest runs that fit, of about equal size (this much
# above the even share, so sentence boundaries have room), rather than full runs and a short tail.
BALANCE_SLACK = 1.1


@dataclass(frozen=True)
class Passage:
    """A quotable span: ``text == open(source/doc).read()[start:end]``."""

    doc: str
    title: str
    section: str | None
    paragraph: int
    kind: str
    start: int
    end: int
    text: str
    sentences: tuple[tuple[int, int], ...]  # absolute [start, end) of each sentence
    page: int | None = None  # 1-based page of ``start`` (PDF): the first page when a passage crosses one
    text_source: str = "file"  # "file": offsets index the file itself; "extracted"/"ocr": its stored text
    ocr_confidence: float | None = (
        None  # mean OCR word confidence (0–100) of its page, when read from an image
    )
    page_label: str | None = None  # the printed label of ``page`` ("xi", "20") where the PDF defines one
    # The names of the table cells that start in it, by absolute offset (qa/text/cellnames.py): what
    # retrieval, the reader and the claim checker see beside the cells, never quoted.
    names: Names = ()

    def view(self, span: tuple[int, int] | None = None) -> View:
        """The passage (or its ``span``, absolute offsets) as retrieval and the reader see it: each table
        cell after its name ("No. of stores 1996: 12130"); the text itself for any other passage."""
        a, b = span or (self.start, self.end)
        return view(self.text[a - self.start : b - self.start], a, self.names)

    def to_json(self) -> dict:
        data = asdict(self)
        data["sentences"] = [list(s) for s in self.sentences]
        data["names"] = [list(n) for n in self.names]
        return data

    @classmethod
    def from_json(cls, data: dict) -> Passage:
        names = tuple((at, name) for at, name in data.get("names", ()))
        return cls(**{**data, "sentences": tuple(tuple(s) for s in data["sentences"]), "names": names})


def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, pos = [], start
    for word in text[start:end].split():
        s = text.index(word, pos)
        spans.append((s, s + len(word)))
        pos = s + len(word)
    return spans


def _split_long(text: str, span: tuple[int, int], limit: int, count: TokenCounter) -> list[tuple[int, int]]:
    """Cut a sentence longer than the window at word boundaries, greedily, so no word piece is lost."""
    words = _word_spans(text, *span)
    pieces, first = [], 0
    while first < len(words):
        last = first + 1
        while last < len(words) and count([text[words[first][0] : words[last][1]]])[0] <= limit:
            last += 1
        pieces.append((words[first][0], words[last - 1][1]))
        first = last
    return pieces


def _fit_sentences(
    text: str, spans: list[tuple[int, int]], limit: int, count: TokenCounter
) -> list[tuple[int, int]]:
    """Sentences that each fit the window on their own."""
    sizes = count([text[s:e] for s, e in spans])
    out: list[tuple[int, int]] = []
    for span, size in zip(spans, sizes):
        out.extend([span] if size <= limit else _split_long(text, span, limit, count))
    return out


def _group(
    text: str, sentences: list[tuple[int, int]], target: int, count: TokenCounter
) -> list[list[tuple[int, int]]]:
    """Greedy runs of consecutive sentences whose joined span stays within an even share of ``target``."""
    total = count([text[sentences[0][0] : sentences[-1][1]]])[0] if sentences else 0
    if total > target:
        target = min(target, math.ceil(total / math.ceil(total / target) * BALANCE_SLACK))
    groups: list[list[tuple[int, int]]] = []
    for sent in sentences:
        if groups and count([text[groups[-1][0][0] : sent[1]]])[0] <= target:
            groups[-1].append(sent)
        else:
            groups.append([sent])
    return groups


def _confidence(doc: Document, page: int | None) -> float | None:
    scan = doc.scan(page)
    return scan.confidence if scan else None


def paragraph_passages(
    layout: Layout, para: Paragraph, target: int, limit: int, count: TokenCounter
) -> list[Passage]:
    text = layout.doc.text
    sentences = _fit_sentences(text, split_spans(layout.text(para), para.start), limit, count)
    return [
        Passage(
            doc=layout.doc.path,
            title=layout.title,
            section=para.section,
            paragraph=para.number,
            kind=para.kind,
            start=g[0][0],
            end=g[-1][1],
            text=text[g[0][0] : g[-1][1]],
            sentences=tuple(g),
            page=layout.doc.page_of(g[0][0]),
            text_source=layout.doc.text_source,
            ocr_confidence=_confidence(layout.doc, layout.doc.page_of(g[0][0])),
            page_label=layout.doc.label_of(layout.doc.page_of(g[0][0])),
            names=layout.doc.names_in(g[0][0], g[-1][1]),
        )
        for g in _group(text, sentences, target, count)
    ]


def build_passages(
    layout: Layout, max_tokens: int, count: TokenCounter, target_tokens: int | None = None
) -> list[Passage]:
    """All passages of a document. ``max_tokens`` is the model window; ``target_tokens`` the preferred
    size."""
    limit = max_tokens - SPECIAL_TOKENS
    target = min(limit, target_tokens or limit)
    return [p for para in citable(layout) for p in paragraph_passages(layout, para, target, limit, count)]
