"""Pages of lines → one text of paragraphs, with where each page starts and where each OCR'd word stands.

A PDF's text layer and an OCR reading of a scan both arrive as lines per page; this is where they become the
text qa cites. Running headers and footers (lines recurring at a page edge) are set aside as chrome; words
hyphenated at a line end are made whole; a paragraph running on from the previous page is joined to it. An
OCR'd word keeps its box: its offsets in the final text are tracked through every join, so the page viewer
marks exactly the words a citation quotes.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from qa.text.vocabulary import LETTER

# A line that recurs at the top or bottom of at least this share of pages (and of 2 or more) is a
# running header or footer: chrome, set aside.
REPEATED_EDGE_SHARE = 0.5
EDGE_LINES = 2
# A running header or footer is a title and a number ("Chapter 2. Roles and separation of duties 11", 44
# characters; docling's and the article's PDFs: 20–65): a line longer than this that recurs is body text
# that happens to repeat (a boilerplate paragraph opening each page), never chrome.
RUNNING_MAX_CHARS = 100
# A numbered running line is a title and its page number: this many words at least ("Chapter 3" alone, at
# the top of each chapter's first page, is a heading that numbers chapters, not pages).
TITLE_WORDS = 3
# A line shorter than this share of a full line, without closing punctuation, opening a paragraph.
HEADING_SHARE = 0.6

# A gap between two lines wider than this many line pitches (the page's median) ends a block: paragraphs,
# headings and running headers set apart by space, whatever the length of their last line (a PDF's text
# layer, by PDFium or pdfminer: qa/convert/pdf/).
PARAGRAPH_GAP = 1.6

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in ten-thousandths of the page image's width and height
# A word's place in the text and on its page: start, end, page (1-based), then its box.
PlacedBox = tuple[int, int, int, int, int, int, int]


@dataclass
class PageLines:
    """One page as lines ("" between paragraphs); ``words`` maps a line to its words' (start, end, box)
    within the line, for a page read by OCR (a text-layer page has none)."""

    lines: list[str]
    words: dict[int, list[tuple[int, int, Box]]] = field(default_factory=dict)
    fonts: dict[int, str] = field(
        default_factory=dict
    )  # line → "display", "body" (its font's role) or "row", PDF only


@dataclass(frozen=True)
class Assembled:
    text: str
    pages: tuple[int, ...]  # offset where each page starts
    boxes: tuple[PlacedBox, ...]
    running: int  # running header and footer lines set aside
    fonts: tuple[
        tuple[int, int, str], ...
    ] = ()  # paragraphs whose every line has one font role, and that role


def assemble(pages: list[PageLines]) -> Assembled:
    """The text of every page's paragraphs in reading order, running lines set aside."""
    repeated = _running_lines([p.lines for p in pages])
    text, starts, boxes, fonts = "", [], [], []
    for number, page in enumerate(pages, 1):
        body = [
            i for i, ln in enumerate(page.lines) if not (_at_edge(i, page.lines) and _key(ln) in repeated)
        ]
        paragraphs = _paragraphs(page, body)
        if text and paragraphs and _continues(text, paragraphs[0][0]):
            first, placed, _ = paragraphs[0]
            text = _join(text, first)
            starts.append(len(text) - len(first))
            boxes += _shift(placed, len(text) - len(first), number)
            paragraphs = paragraphs[1:]
        else:
            starts.append(len(text) + (2 if text and paragraphs else 0))
        for para, placed, font in paragraphs:
            text = f"{text}\n\n{para}" if text else para
            boxes += _shift(placed, len(text) - len(para), number)
            fonts += [(len(text) - len(para), len(text), font)] if font else []
    return Assembled(
        text + "\n", tuple(min(s, len(text)) for s in starts), tuple(boxes), len(repeated), tuple(fonts)
    )


def _shift(placed: list[tuple[int, int, Box]], by: int, page: int) -> list[PlacedBox]:
    return [(s + by, e + by, page, *box) for s, e, box in placed]


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
    and footers do not; a body line that happens to open two pages does). A line carrying a page number
    (leading or trailing) need recur on two pages only, its numbers rising with the pages, since a book's
    even and odd pages carry different headers; and a line like those ("Chapter 2. Roles … 11", where the
    others say "Chapter 3. Row … 15") whose number falls between the page numbers they show is one too."""
    if len(pages) < 2:
        return set()
    seen: dict[tuple[int, str], list[tuple[int, int | None]]] = {}
    for page, lines in enumerate(pages):
        for i, line in enumerate(lines):
            position = _edge_position(i, lines) if line else None
            if position is not None and not _END.search(line) and len(line) <= RUNNING_MAX_CHARS:
                seen.setdefault((position, _key(line)), []).append((page, _page_number(line)))
    running = {
        key for (_, key), hits in seen.items() if len(hits) >= max(2, REPEATED_EDGE_SHARE * len(pages))
    }
    numbered = {
        where: hits
        for where, hits in seen.items()
        if len(hits) >= 2 and _rising(hits) and len(re.findall(LETTER + "+", where[1])) >= TITLE_WORDS
    }
    # page → the number its running line shows (every number there, since its hits rise)
    shown = {page: n for hits in numbered.values() for page, n in hits if n is not None}
    families = {_family(where) for where in numbered}
    running |= {
        key
        for (position, key), hits in seen.items()
        if (position, key) in numbered
        or (len(hits) == 1 and _family((position, key)) in families and _fits(*hits[0], shown))
    }
    return running


_NUMBER_AT_EDGE = re.compile(r"^(\d{1,4})\s|\s(\d{1,4})$")


def _page_number(line: str) -> int | None:
    """The number a line starts or ends with ("2 Row and Column…", "…separation of duties 11")."""
    m = _NUMBER_AT_EDGE.search(line.strip())
    return int(m.group(1) or m.group(2)) if m else None


def _rising(hits: list[tuple[int, int | None]]) -> bool:
    numbers = [n for _, n in hits if n is not None]
    return len(numbers) == len(hits) and all(a < b for a, b in itertools.pairwise(numbers))


def _family(where: tuple[int, str]) -> tuple[int, str, bool]:
    """What running lines of one kind share: their place, first word and the side their number is on."""
    position, key = where
    return position, key.split()[0], key.endswith("#")


def _fits(page: int, number: int | None, shown: dict[int, int]) -> bool:
    """Whether ``number`` falls between the page numbers shown on the pages before and after ``page``."""
    before = [n for p, n in shown.items() if p < page]
    after = [n for p, n in shown.items() if p > page]
    return (
        number is not None
        and bool(before or after)
        and all(n < number for n in before)
        and all(number < n for n in after)
    )


_END = re.compile(r"[.!?:;\"”’)]$")
# A line of a table of contents ends in dot leaders and a page number ("3.1.1 Row permission . . . 14"),
# and a statistical table's row in dot leaders and its figures ("Violent crime . . . 467.9 69.1 (X) –"):
# each entry or row is a paragraph of its own, never one quote of the whole list or table.
_CONTENTS_ENTRY = re.compile(
    r"(?:\.\s?){4,}\s*(?:\d{1,4}|[ivxlcdm]{1,7}|[-–—(]?\d[\d.,]*%?\)?(?:\s+(?:[-–—(]?\d[\d.,]*%?\)?|\(?X\)?|[-–—]))*)$",
    re.IGNORECASE,
)


def _paragraphs(page: PageLines, body: list[int]) -> list[tuple[str, list[tuple[int, int, Box]], str]]:
    """Hard-wrapped lines → paragraphs, each with its words' boxes at their offsets in it and the font role
    all its lines share ("" when they do not): a blank line, or a short line that ends a sentence, closes
    one; a word hyphenated at the end of a line is joined again."""
    lines = [
        page.lines[i] for i in body if page.fonts.get(i) != "row"
    ]  # a table's rows are no measure of prose
    widths = sorted(len(ln) for ln in lines if ln)
    full = widths[int(0.8 * (len(widths) - 1))] if widths else 0
    paragraphs: list[tuple[str, list[tuple[int, int, Box]], str]] = []
    placed: list[tuple[int, int, Box]] = []
    current, font = "", None
    for i in body:
        line, words = page.lines[i], page.words.get(i, [])
        if not line:
            paragraphs, current, placed, font = _flush(paragraphs, current, placed, font)
            continue
        if not current and not _END.search(line) and len(line) < HEADING_SHARE * full:
            paragraphs, *_ = _flush(paragraphs, line, list(words), page.fonts.get(i, ""))  # judged later
            continue
        current = _join(current, line) if current else line
        at = len(current) - len(line)
        placed += [(s + at, e + at, box) for s, e, box in words]
        font = page.fonts.get(i, "") if font in (None, page.fonts.get(i, "")) else ""
        if (_END.search(line) and len(line) < 0.85 * full) or _CONTENTS_ENTRY.search(line):
            paragraphs, current, placed, font = _flush(paragraphs, current, placed, font)
    paragraphs, *_ = _flush(paragraphs, current, placed, font)
    return paragraphs


def _flush(paragraphs: list, current: str, placed: list, font: str | None) -> tuple[list, str, list, None]:
    return (paragraphs + [(current, placed, font or "")] if current.strip() else paragraphs), "", [], None


def _join(left: str, right: str) -> str:
    """Join two wrapped lines; "treat-" + "ment" becomes "treatment", "COVID-" + "19" stays "COVID-19".
    ``right`` always ends the result unchanged, so its offsets are the result's length less its own."""
    if re.search(r"[a-z]-$", left) and right[:1].islower():
        return left[:-1] + right
    if left.endswith("-"):
        return left + right
    return f"{left} {right}"


def _continues(text: str, first: str) -> bool:
    """A paragraph running on from the previous page: no sentence end there, and lower case here or a
    comma or a word that cannot end a heading there ("…the Communist Party of" / "China held…")."""
    end = text.rstrip()
    return not _END.search(end) and (first[:1].islower() or bool(_OPEN_END.search(end)))


_OPEN_END = re.compile(
    r"(,|\b(of|the|and|or|to|in|a|an|for|with|on|by|as|at|from|that|is|are|was|were))$", re.IGNORECASE
)


__all__ = ["PARAGRAPH_GAP", "Assembled", "Box", "PageLines", "PlacedBox", "assemble"]
