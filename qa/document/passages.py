"""Paragraphs → passages: the units that are embedded, ranked and quoted.

A passage is a run of whole sentences from one paragraph that fits the embedding model's input window,
so nothing is ever truncated by the encoder; or a block of short lines (a letter's address or signature,
a title slide's names, a stanza), which a reader takes in as one thing.
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
# A paragraph of at most this many words is a line: an address, a signature, a name under a title, a line
# of verse, a header field. Consecutive lines of one section are one passage, as a reader sees them: alone,
# "Octavia Togami <…>" or "Michelle Asha Cooper, PhD" says nothing of a sender or a president. Prose
# sentences run to ~20 words (the article's median is 31); a verse line or an address line rarely passes 12
# (The Waste Land's longest runs to 13, and then stands with its stanza's neighbours all the same).
LINE_WORDS = 12
# A block of lines is cut into passages of at most this many word pieces, the size of the windows the
# reader learned on (a sentence and its neighbours; the median window is 83 pieces, qa/read/reader.py), so
# the reader reads a block whole, as it reads a sentence with its neighbours: a slide's lines, an address.
BLOCK_TOKENS = 96


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
    through: int | None = None  # the last paragraph of a block of short lines (LINE_WORDS)

    @property
    def place(self) -> str:
        """ "¶36", or "¶15–18" for a block of short lines."""
        return f"¶{self.paragraph}" + (f"–{self.through}" if self.through else "")

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
    return [_passage(layout, [para], g) for g in _group(text, sentences, target, count)]


def block_passages(layout: Layout, block: list[Paragraph], target: int, count: TokenCounter) -> list[Passage]:
    """Passages of a block of short lines, its sentences as each line's own: as many lines to a passage as
    fit ``target`` and BLOCK_TOKENS (a line is far shorter than either)."""
    sentences = [s for p in block for s in split_spans(layout.text(p), p.start)]
    return [
        _passage(layout, [p for p in block if g[0][0] <= p.end and p.start < g[-1][1]], g)
        for g in _group(layout.doc.text, sentences, min(target, BLOCK_TOKENS), count)
    ]


def _passage(layout: Layout, paras: list[Paragraph], group: list[tuple[int, int]]) -> Passage:
    """The passage of the sentences ``group`` (absolute spans), from the paragraphs ``paras``."""
    doc, (start, end), first = layout.doc, (group[0][0], group[-1][1]), paras[0]
    page = doc.page_of(start)
    return Passage(
        doc=doc.path,
        title=layout.title,
        section=first.section,
        paragraph=first.number,
        kind=first.kind,
        start=start,
        end=end,
        text=doc.text[start:end],
        sentences=tuple(group),
        page=page,
        text_source=doc.text_source,
        ocr_confidence=_confidence(doc, page),
        page_label=doc.label_of(page),
        names=doc.names_in(start, end),
        through=paras[-1].number if len(paras) > 1 else None,
    )


def _is_line(layout: Layout, para: Paragraph) -> bool:
    """A short body line that is not a table's row (a row has its own cells and citation)."""
    text = layout.text(para)
    return (
        para.kind == "body"
        and len(text.split()) <= LINE_WORDS
        and " | " not in text
        and not layout.doc.names_in(para.start, para.end)
    )


def _runs(layout: Layout) -> list[list[Paragraph]]:
    """The citable paragraphs in order, consecutive lines of one section and page gathered into one run."""
    runs: list[list[Paragraph]] = []
    prev, prev_line = None, False  # the last paragraph, and whether it is a line
    for para in citable(layout):
        line = _is_line(layout, para)
        if (
            prev is not None
            and prev_line
            and line
            and prev.number + 1 == para.number
            and prev.section == para.section
            and layout.doc.page_of(prev.start) == layout.doc.page_of(para.start)  # a slide, a page
        ):
            runs[-1].append(para)
        else:
            runs.append([para])
        prev, prev_line = para, line
    return runs


def build_passages(
    layout: Layout, max_tokens: int, count: TokenCounter, target_tokens: int | None = None
) -> list[Passage]:
    """All passages of a document. ``max_tokens`` is the model window; ``target_tokens`` the preferred
    size."""
    limit = max_tokens - SPECIAL_TOKENS
    target = min(limit, target_tokens or limit)
    return [
        p
        for run in _runs(layout)
        for p in (
            block_passages(layout, run, target, count)
            if len(run) > 1
            else paragraph_passages(layout, run[0], target, limit, count)
        )
    ]
