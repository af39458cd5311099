"""What a reader of a converted format (PDF, HTML, Word, a scan) returns: the text qa cites, where pages
start, and for pages read by OCR where each word stands on the page image."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

from qa.convert.ocr import ScanPage
from qa.convert.pages import PlacedBox
from qa.text.cellnames import Names, shift, unmark
from qa.text.rows import CAPTION, names_row, row_lines


@dataclass(frozen=True)
class FoundTable:
    """A table as its reader found it: what ``qa show --tables`` prints and the table benchmark scores. A
    spanning cell stands once, in the first column it covers, with "" in the others."""

    page: int | None  # from 1; None for a format without pages
    caption: str  # "" for none
    header_rows: list[list[str]] = field(default_factory=list)  # the header's printed rows
    rows: list[list[str]] = field(default_factory=list)  # the body, a cell per column

    def to_json(self) -> dict:
        return asdict(self)


def named_table(
    rows: list[list[str]], page: int | None = None, before: str = "", header: bool = False
) -> tuple[list[str], list[FoundTable]]:
    """A table of one header row at most (its first, when it reads as names: qa/text/rows.py, or when
    ``header`` says it is one, as a chart's series names are): its rows as lines for the text, and as a
    grid ([] for a table without text). ``before``: the paragraph above it, its caption when it reads
    "Table N…"."""
    rows = [r for r in rows if any(r)]
    if not rows:
        return [], []
    head = 1 if len(rows) >= 2 and (header or names_row(rows[0])) else 0
    found = FoundTable(page, before if CAPTION.match(before) else "", rows[:head], rows[head:])
    return row_lines(rows[head:], rows[0] if head else None), [found]


# The role of a paragraph the format itself places in the document's front matter (a title slide's subtitle).
FRONT_MATTER = "front"


@dataclass(frozen=True)
class Extracted:
    text: str
    pages: tuple[int, ...] = ()  # offset in ``text`` where each page starts (PDF, scans)
    notes: tuple[str, ...] = ()  # what was set aside or ignored, one line each
    boxes: tuple[
        PlacedBox, ...
    ] = ()  # OCR'd words: (start, end, page, x0, y0, x1, y1), see qa/convert/pages.py
    scans: tuple[ScanPage, ...] = ()  # the pages read by OCR, with their confidence and how they were turned
    labels: tuple[str, ...] = ()  # each page's printed label where the PDF defines them ("xi", "20"), else ()
    # Paragraphs whose every line is in one font role, as (start, end, role): "display" (larger or bolder than
    # the body's), "body" (the body's own), "small" (a label or footnote's) or "row" (a table's row,
    # qa/convert/pdf/grid.py). Where a PDF's fonts tell a heading from a short line; () when the
    # document gives no such evidence (Word, HTML and scans have their own). A deck marks its title slide's
    # subtitle FRONT_MATTER: who gave the talk, where, when.
    fonts: tuple[tuple[int, int, str], ...] = ()
    # The document's own title where the format keeps it apart from the text (a web page's <title>): what
    # citations name it by, never quoted, since the page does not show it as part of its content.
    title: str = ""
    tables: tuple[FoundTable, ...] = ()  # the tables found, in reading order
    # Where each named table cell starts in ``text`` and its name (its column's headers): a view for
    # retrieval and display, not part of the text (qa/text/cellnames.py).
    names: Names = ()

    @property
    def text_source(self) -> str:
        """ "ocr" when any page was read from its image, else "extracted"."""
        return "ocr" if self.scans else "extracted"


def unmarked(found: Extracted) -> Extracted:
    """A converter's text with the cell names its table rows were written with taken out into ``names``,
    and every offset (pages, font roles, OCR boxes) moved to match: done once, where a file's reading is
    finished."""
    text, names, removed = unmark(found.text)
    if not removed:
        return found
    at = shift(removed)
    return replace(
        found,
        text=text,
        names=names,
        pages=tuple(at(p) for p in found.pages),
        fonts=tuple((at(s), at(e), role) for s, e, role in found.fonts),
        boxes=tuple((at(b[0]), at(b[1]), *b[2:]) for b in found.boxes),
    )
