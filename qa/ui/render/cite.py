"""What every surface says the same way: citations, labels, escaping, and the rows of a layout listing.

Every piece of source or user text goes through ``html.escape`` first in HTML: documents and questions may
hold ``<script>`` or ``<img onerror>``, and ``gr.HTML`` does not sanitise.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from qa.convert.extract import UNITS
from qa.convert.ocr import LOW_CONFIDENCE
from qa.document.paragraphs import CITABLE_KINDS
from qa.verify.verdict import CONTRADICTED, NOT_FOUND, SUPPORTED

if TYPE_CHECKING:
    from qa.answer.compose import Answer
    from qa.document.paragraphs import Layout
    from qa.document.passages import Passage
    from qa.retrieve.cited import Cited

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def md_escape(text: str) -> str:
    """Text that Markdown shows as typed: Markdown punctuation backslashed, then HTML escaped (in that
    order, so the ``#`` of an entity such as ``&#x27;`` is not escaped into visible text)."""
    return esc(_MD_SPECIAL.sub(r"\\\1", text))


# Titles longer than this are cited by their main clause (before the colon) to keep citations readable.
SHORT_TITLE = 90


def short_title(title: str) -> str:
    if len(title) <= SHORT_TITLE:
        return title
    head = title.split(": ")[0]
    return _cut(head)


def _cut(text: str, limit: int = SHORT_TITLE) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def citation(cited: Cited, with_title: bool = True) -> str:
    """ "Title › Section, ¶36" (", p. 4" for a PDF) — plain text, escape before use."""
    p = cited.passage
    title = short_title(p.title) if with_title else None
    where = " › ".join(x for x in (title, _cut(p.section) if p.section else None) if x)
    place = p.place + (f", {page_name(cited)}" if p.page else "") + scan_note(cited)
    return f"{where}, {place}" if where else place


def page_name(cited: Cited) -> str:
    """ "p. 20 (PDF p. 12)" where the printed label differs from the page's place in the file, else "p.
    12"; "slide 3" for a slide, "row 7" for a spreadsheet's row."""
    p = cited.passage
    unit = UNITS.get(PurePosixPath(p.doc).suffix.lower())
    if unit:  # a slide's number, a spreadsheet row's own number
        return f"{unit} {p.page_label or p.page}"
    if p.page_label and p.page_label != str(p.page):
        return f"p. {p.page_label} (PDF p. {p.page})"
    return f"p. {p.page}"


def scan_note(cited: Cited) -> str:
    """ " (OCR)" for a passage read from a page image, " (OCR, low confidence)" when its page read poorly:
    the user knows to look at the image before trusting a letter or a figure."""
    confidence = cited.passage.ocr_confidence
    if confidence is None:
        return ""
    return " (OCR, low confidence)" if confidence < LOW_CONFIDENCE else " (OCR)"


def location(cited: Cited) -> str:
    """Citation plus the exact place: file and character span."""
    p = cited.passage
    return f"{citation(cited)} ({p.doc}, chars {p.start}–{p.end})"


# A chip stays on one line of the citation picker and the chat.
CHIP_CHARS = 120


def chip(cited: Cited) -> str:
    """Where a citation stands, said the same way everywhere it is a label: "[1] report.pdf · p. 20 · 1.2 Row
    access control" (a text file's paragraph, "¶33", where it has no pages)."""
    p = cited.passage
    place = (page_name(cited) if p.page else p.place) + scan_note(cited)
    return _cut(
        " · ".join([f"[{cited.rank}] {p.doc}", place] + ([p.section] if p.section else [])), CHIP_CHARS
    )


# A passage of fewer words than this (a date line, a heading, a byline) is no context for an answer: it is
# left
# out of what is shown beside one.
BARE_WORDS = 5


def context(answer: Answer) -> list[Cited]:
    """The cited passages that do not answer but are worth showing, folded, beside the answer."""
    return [c for c in answer.others if len(c.passage.view().text.split()) >= BARE_WORDS]


def numbered(answer: Answer) -> Answer:
    """The answer with its passages numbered as the page shows them: those that answer, then those shown
    as context, then the rest. Retrieval's ranks stay in the JSON; on the page a non-answer whose closest
    passage is a bare date line starts at [1], not [2]."""
    from dataclasses import replace

    shown = answer.answers + context(answer)
    order = shown + [c for c in answer.cited if c not in shown]
    new = {c.rank: n for n, c in enumerate(order, start=1)}
    span = answer.answer
    return replace(
        answer,
        cited=[replace(c, rank=new[c.rank]) for c in order],
        answering=frozenset(new[r] for r in answer.answering if r in new),
        answer=replace(span, rank=new[span.rank]) if span is not None and span.rank in new else span,
    )


def named_parts(
    p: Passage,
    start: int,
    parts: Sequence[str],
    show_name: Callable[[str], str],
    show_text: Callable[[str], str],
) -> list[str]:
    """Runs of a passage's text (``parts``, from offset ``start``, joined back in order) shown each with its
    table cells' names put before them by ``show_name``, apart from the quoted text (``show_text``): a name
    is no part of the quote. A name standing where a run starts closes the run before, so the answer span
    in bold holds the cell alone."""
    out: list[str] = []
    for i, part in enumerate(parts):
        end = start + len(part)
        pieces, at = [], start
        for offset, name in p.names:
            if name and (start < offset or (i == 0 and offset == start)) and offset <= end and at <= offset:
                pieces += [show_text(p.text[at - p.start : offset - p.start]), show_name(name)]
                at = offset
        out.append("".join(pieces) + show_text(p.text[at - p.start : end - p.start]))
        start = end
    return out


def rank_of_chip(label: str) -> int:
    """The rank a chip names (its "[N]")."""
    return int(label.split("]")[0].lstrip("["))


NOT_ANSWERED = "The source does not answer this."


def not_answered(answer: Answer) -> str:
    """ "The source does not answer this: the documents never mention FIFA." (plain text, escape before
    use)."""
    return f"{NOT_ANSWERED[:-1]}: {answer.reason}." if answer.reason else NOT_ANSWERED


# How each verdict is marked on every surface (CLI, Check tab).
MARKS = {SUPPORTED: "✔", CONTRADICTED: "✘", NOT_FOUND: "?"}


def verdict_label(verdict: str) -> str:
    """ "not_found" as people read it: "not found"."""
    return verdict.replace("_", " ")


LAYOUT_PREVIEW = 100  # characters of each block shown in a layout listing


def _preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= LAYOUT_PREVIEW else flat[: LAYOUT_PREVIEW - 1] + "…"


def layout_rows(layout: Layout) -> list[tuple[int, str, str, str]]:
    """(¶ number, role, character span, preview) of every block, in document order."""
    rows = []
    for p in layout.paragraphs:
        role = p.kind if p.kind in CITABLE_KINDS or p.kind == "heading" else f"{p.kind} (not cited)"
        rows.append((p.number, role, f"{p.start}–{p.end}", _preview(layout.text(p))))
    return rows
