"""PDF → paragraphs of text, with the offset where each page starts (pypdfium2; no PDF script is ever run).

Running headers and footers (lines recurring at a page edge) are set aside as chrome; words hyphenated at a
line end are made whole; a paragraph running on from the previous page is joined to it.
"""

from __future__ import annotations

import re

from qa.errors import SourceError
from qa.ingest.extracted import Extracted

# A line that recurs at the top or bottom of at least this share of pages (and of 2 or more) is a
# running header or footer: chrome, set aside.
REPEATED_EDGE_SHARE = 0.5
EDGE_LINES = 2


def read(name: str, data: bytes) -> Extracted:
    """Every page's paragraphs, running headers and footers set aside; SourceError for a PDF without text."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        pages = [_page_lines(page) for page in pdf]
    finally:
        pdf.close()
    if not any(line for lines in pages for line in lines):
        raise SourceError(f"skipped {name}: the PDF has no text layer (a scan?); OCR is not supported")
    repeated = _running_lines(pages)
    notes = [f"{name}: JavaScript in the PDF is ignored (never run)"] if re.search(rb"/(JavaScript|JS)\b", data) else []
    if repeated:
        notes.append(f"{name}: {len(repeated)} running header or footer line(s) set aside as chrome")
    text, starts = "", []
    for lines in pages:
        body = [ln for i, ln in enumerate(lines) if not (_at_edge(i, lines) and _key(ln) in repeated)]
        paragraphs = _paragraphs(body)
        if text and paragraphs and _continues(text, paragraphs[0]):
            text = _join(text, paragraphs[0])
            starts.append(len(text) - len(paragraphs[0]))
            paragraphs = paragraphs[1:]
        else:
            starts.append(len(text) + (2 if text and paragraphs else 0))
        for para in paragraphs:
            text = f"{text}\n\n{para}" if text else para
    return Extracted(text + "\n", tuple(min(s, len(text)) for s in starts), tuple(notes))


def _page_lines(page) -> list[str]:
    raw = page.get_textpage().get_text_range()
    # PDFium marks a hyphen that breaks a word at a line end with U+FFFE and joins the two lines itself;
    # the word is made whole. (Its two lines then read as one long line, which can hide a paragraph end.)
    raw = raw.replace("\ufffe\r\n", "").replace("\ufffe\n", "").replace("\ufffe", "").replace("\u00ad", "")
    return [" ".join(line.split()) for line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def _key(line: str) -> str:
    """A running line with its page number taken out: "Page 3 of 9" and "Page 4 of 9" are the same line."""
    return re.sub(r"\d+", "#", line.strip().lower())


def _edge_position(i: int, lines: list[str]) -> int | None:
    """0, 1 for the first content lines of a page, -1, -2 for the last; None inside the page."""
    content = [j for j, ln in enumerate(lines) if ln]
    if i in content[:EDGE_LINES]:
        return content.index(i)
    if i in content[-EDGE_LINES:]:
        return content.index(i) - len(content)
    return None


def _at_edge(i: int, lines: list[str]) -> bool:
    return _edge_position(i, lines) is not None


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines recurring at the same edge position of many pages, not ending a sentence (running headers
    and footers do not; a body line that happens to open two pages does)."""
    if len(pages) < 2:
        return set()
    counts: dict[tuple[int, str], int] = {}
    for lines in pages:
        for i, line in enumerate(lines):
            position = _edge_position(i, lines) if line else None
            if position is not None and not _END.search(line):
                counts[(position, _key(line))] = counts.get((position, _key(line)), 0) + 1
    return {key for (_, key), n in counts.items() if n >= max(2, REPEATED_EDGE_SHARE * len(pages))}


_END = re.compile(r"[.!?:;\"”’)]$")
# A line shorter than this share of a full line, without closing punctuation, opening a paragraph.
HEADING_SHARE = 0.6


def _paragraphs(lines: list[str]) -> list[str]:
    """Hard-wrapped lines → paragraphs: a blank line, or a short line that ends a sentence, closes one;
    a word hyphenated at the end of a line is joined again."""
    widths = sorted(len(ln) for ln in lines if ln)
    full = widths[int(0.8 * (len(widths) - 1))] if widths else 0
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            paragraphs, current = _flush(paragraphs, current)
            continue
        if not current and not _END.search(line) and len(line) < HEADING_SHARE * full:
            paragraphs, _ = _flush(paragraphs, line)  # a short line standing alone: a heading, judged later
            continue
        current = _join(current, line) if current else line
        if _END.search(line) and len(line) < 0.85 * full:
            paragraphs, current = _flush(paragraphs, current)
    paragraphs, _ = _flush(paragraphs, current)
    return paragraphs


def _flush(paragraphs: list[str], current: str) -> tuple[list[str], str]:
    return (paragraphs + [current] if current.strip() else paragraphs), ""


def _join(left: str, right: str) -> str:
    """Join two wrapped lines; "treat-" + "ment" becomes "treatment", "COVID-" + "19" stays "COVID-19"."""
    if re.search(r"[a-z]-$", left) and right[:1].islower():
        return left[:-1] + right
    if left.endswith("-"):
        return left + right
    return f"{left} {right}"


def _continues(text: str, first: str) -> bool:
    """A paragraph running on from the previous page: no sentence end there, lower case here."""
    return not _END.search(text.rstrip()) and first[:1].islower()
