"""A PDF that PDFium cannot open, read by pdfminer (through pdfplumber, which qa has for ruled tables).

PDFium refuses some files other readers open: a damaged cross-reference table, a stream it calls a "data
format error" (py-pdf's sample of a datasheet with unreadable metadata: four pages of text, all lost). Such
a file is read here from its text layer, line by line, a blank line where a page leaves a paragraph's gap,
so that its text is found and cited rather than skipped. Nothing else of PDFium's reading is done: no fonts
(so no headings from them), no tables from where words stand, no OCR of pages without text.
"""

from __future__ import annotations

import io
from statistics import median
from typing import Any

from qa.convert.pages import PARAGRAPH_GAP, PageLines


def pages(data: bytes) -> list[PageLines] | None:
    """Each page's lines, or None when pdfminer cannot read the file either."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [PageLines(_paragraphs(_lines(page))) for page in pdf.pages]
    except Exception:  # pdfminer raises many kinds (PDFSyntaxError, KeyError, …) for what it cannot parse
        return None


def _lines(page: Any) -> list[dict[str, Any]]:
    """The page's lines, each character drawn twice over itself (a bold made by overprinting: "DDaattaa
    SShheeeett") read once."""
    return page.dedupe_chars().extract_text_lines(return_chars=False)


def _paragraphs(lines: list[dict[str, Any]]) -> list[str]:
    """The lines' text, top to bottom, with "" where the gap above a line is a paragraph's."""
    tops = [float(line["top"]) for line in lines]
    steps = [b - a for a, b in zip(tops, tops[1:]) if b > a]
    pitch = median(steps) if steps else 0.0
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and pitch and tops[i] - tops[i - 1] > PARAGRAPH_GAP * pitch:
            out.append("")
        out.append(" ".join(str(line["text"]).split()))
    return out


__all__ = ["pages"]
