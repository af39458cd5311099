"""PDF → paragraphs of text, with the offset where each page starts (pypdfium2; no PDF script is ever run).

A page with a text layer is read from it; a page without one (a scan), or whose text layer is garbage
(``garbage``), is drawn and read by OCR (qa/convert/ocr.py). Both come out as lines that qa/convert/pages.py
lays out the same way; fonts give headings (``fonts``), and the words' places give tables (``grid``).
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from qa.convert import ocr
from qa.convert.extracted import Extracted, FoundTable
from qa.convert.pages import PARAGRAPH_GAP, PageLines, assemble
from qa.convert.pdf import grid
from qa.convert.pdf.fonts import TABLE_ROW, Style, font_name, font_roles, monospaced, style
from qa.convert.pdf.garbage import GARBAGE_SYMBOL_SHARE, dictionary_share, needs_ocr
from qa.convert.pdf.glyphs import readings, restore
from qa.convert.pdf.ruled import SLACK, RuledTable, may_be_ruled, ruled_tables
from qa.errors import QAError, SourceError, ToolMissing, first_line
from qa.settings import Limits
from qa.text.rows import CAPTION, row_lines

if TYPE_CHECKING:
    from PIL.Image import Image

# Where a PDF's "%PDF-" header may stand: anywhere in its first kilobyte, as Acrobat reads it (bytes a mail or
# web server left before it). The file is read from its header on, where its offsets count from.
HEADER_WITHIN = 1024


def read(name: str, data: bytes, ocr_langs: str = "eng") -> Extracted:
    """Every page's paragraphs, running headers and footers set aside, scanned pages read by OCR (the
    first ``Limits.ocr_pages`` of them, with a note); SourceError for a PDF with no text at all, or scans
    that cannot be read."""
    import pypdfium2 as pdfium

    limits = Limits.from_env()
    data = data[max(0, data.find(b"%PDF-", 0, HEADER_WITHIN)) :]
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # PDFium says "Failed to load document (PDFium: Incorrect password error)"
        if "password" in str(exc).lower():
            raise SourceError(
                f"skipped {name}: the PDF is locked with a password; save a copy without one"
            ) from None
        return _mined(name, data, exc)
    try:
        with _plumbed(data) as plumbed:
            pages = [
                _page_lines(page, ruled_tables(plumbed, n) if plumbed and may_be_ruled(page) else [])
                for n, page in enumerate(pdf, 1)
            ]
        scans = _to_read(pages, limits.ocr)
        readings = _ocr(name, pdf, scans[: limits.ocr_pages], ocr_langs, limits.max_pixels) if scans else {}
        labels = tuple(pdf.get_page_label(i) or "" for i in range(len(pdf)))
        title = pdf.get_metadata_dict().get("Title", "")
    finally:
        pdf.close()
    if limits.ocr == "auto":
        readings, scans = _kept(readings, scans, pages)
    roles = font_roles([page.styles for n, page in enumerate(pages, 1) if n not in readings])
    laid = [
        ocr.page_lines(readings[n]) if n in readings else PageLines(page.lines, fonts=next(roles))
        for n, page in enumerate(pages, 1)
    ]
    if not any(line for page in laid for line in page.lines):
        capped = ocr.capped(len(scans), limits.ocr_pages) if len(scans) > limits.ocr_pages else ""
        raise SourceError(
            f"skipped {name}: the PDF has no text (blank pages, or images without words){capped}"
        )
    done = assemble(laid)
    restored = sorted({lig for n, page in enumerate(pages, 1) if n not in readings for lig in page.restored})
    notes = _notes(name, data, done.running, len(readings), len(scans), limits) + _restored(name, restored)
    found = tuple(r.scan_page(n) for n, r in sorted(readings.items()))
    title = title if own_title(title, done.text[: done.pages[1] if len(done.pages) > 1 else None]) else ""
    tables = _found_tables(pages, readings)
    labels = labels if any(labels) else ()
    return Extracted(done.text, done.pages, notes, done.boxes, found, labels, done.fonts, title, tables)


def _mined(name: str, data: bytes, exc: Exception) -> Extracted:
    """A PDF PDFium cannot open, read by pdfminer (qa/convert/pdf/miner.py), with a note saying so; PDFium's
    error when pdfminer cannot read it either, or finds no text."""
    from qa.convert.pdf import miner

    laid = miner.pages(data)
    if not laid or not any(line for page in laid for line in page.lines):
        raise exc
    done = assemble(laid)
    reason = first_line(exc)
    note = f"{name}: read by pdfminer, PDFium could not open it ({reason}): no headings from fonts, no tables"
    return Extracted(done.text, done.pages, (note,), fonts=done.fonts)


def _found_tables(pages: list[PageText], readings: dict[int, ocr.PageReading]) -> tuple[FoundTable, ...]:
    """The tables of the pages read from their text layer (an OCR'd page's lines hold no grid)."""
    return tuple(
        FoundTable(n, t.caption, t.header, t.body)
        for n, page in enumerate(pages, 1)
        if n not in readings
        for t in page.tables
    )


def own_title(title: str, first_page: str) -> bool:
    """Whether a PDF's metadata title is the document's own: a few words, not a program's or a file's name
    ("Microsoft Word - report.docx", "untitled"), and (most of) its words printed on the first page. A title
    so checked names the document where its text shows none, before its file name does."""
    words = re.findall(r"[A-Za-z]{2,}", title)
    if not 2 <= len(words) <= TITLE_WORDS or _NOT_A_TITLE.search(title):
        return False
    printed = {w.lower() for w in re.findall(r"[A-Za-z]{2,}", first_page)}
    return sum(w.lower() in printed for w in words) >= TITLE_PRINTED * len(words)


TITLE_WORDS = 40  # a metadata "title" longer than this is an abstract or a keyword dump
# The share of its words the first page must print (a subtitle or a running head differs a little).
TITLE_PRINTED = 0.75
_NOT_A_TITLE = re.compile(r"^(?:Microsoft \w+ - |untitled\b)|\.(?:docx?|pdf|indd|qxd|rtf|txt|tex)\s*$", re.I)


def _kept(
    readings: dict[int, ocr.PageReading], scans: list[int], pages: list[PageText]
) -> tuple[dict[int, ocr.PageReading], list[int]]:
    """The readings (and pages to read) left once each earlier OCR's invisible layer that reads better than
    Tesseract's reading is kept instead."""
    kept = {n: r for n, r in readings.items() if not pages[n - 1].invisible or _better(r, pages[n - 1])}
    return kept, [n for n in scans if n in kept or not pages[n - 1].invisible]


def _to_read(pages: list[PageText], mode: str) -> list[int]:
    """The pages (1-based) to read by OCR: none ("off"), every page with text or an image ("force"), or
    ("auto") those without a usable text layer and those whose layer is invisible, an earlier OCR's, to be
    compared with Tesseract's reading (``_better``)."""
    if mode == "off":
        return []
    if mode == "force":
        return [n for n, page in enumerate(pages, 1) if page.has_image or any(page.lines)]
    return [
        n
        for n, page in enumerate(pages, 1)
        if needs_ocr(page.lines, page.has_image, page.raw_codes) or (page.invisible and page.has_image)
    ]


def _better(reading: ocr.PageReading, page: PageText) -> bool:
    """Whether Tesseract reads a page better than its invisible text layer (an earlier OCR's, often poor:
    "«POAH «3E*»CM tanntxim"): a larger share of its words are dictionary words, by BETTER_BY, and it is
    sure of them (mean confidence at least ocr.LOW_CONFIDENCE)."""
    read = " ".join(w.text for w in reading.words)
    layer = " ".join(page.lines)
    return (
        reading.confidence >= ocr.LOW_CONFIDENCE
        and dictionary_share(read, least=1) >= dictionary_share(layer, least=1) + BETTER_BY
    )


# Tesseract's reading replaces an invisible layer only when this much more of its words are dictionary
# words: two readings of a clean scan differ by a few words either way, so the layer (which a viewer's
# search and copy already use) stays unless Tesseract's is clearly better.
BETTER_BY = 0.1


@contextlib.contextmanager
def _plumbed(data: bytes) -> Iterator[Any]:
    """The PDF opened by pdfplumber, which finds its ruled tables (qa/convert/pdf/ruled.py), or None where
    pdfminer cannot open a file PDFium reads ("Unknown filter", "No /Root object"): the text is PDFium's,
    and such a file is read without ruled tables rather than skipped."""
    import io

    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception:  # pdfminer raises many kinds (PDFSyntaxError, KeyError, …) for what it cannot parse
        yield None
        return
    with pdf:
        yield pdf


def _restored(name: str, ligatures: list[str]) -> tuple[str, ...]:
    """The note that glyphs drawn without Unicode were read as ligatures (qa/convert/pdf/glyphs.py)."""
    if not ligatures:
        return ()
    said = ", ".join(f"'{each}'" for each in ligatures)
    return (f"{name}: glyphs its fonts draw without Unicode read as {said}, the letters their words need",)


def _notes(name: str, data: bytes, running: int, read: int, scans: int, limits: Limits) -> tuple[str, ...]:
    """What a person should know about how the PDF was read: ignored script, chrome set aside, OCR."""
    scripted = re.search(rb"/(JavaScript|JS)\b", data)
    notes = [f"{name}: JavaScript in the PDF is ignored (never run)"] if scripted else []
    if running:
        notes.append(f"{name}: {running} running header or footer line(s) set aside as chrome")
    if read:
        notes.append(f"{name}: {read} page(s) read by OCR")
    if scans > read:
        notes.append(f"{name}:{ocr.capped(scans, limits.ocr_pages)}")
    return tuple(notes)


def draw(page, scale: float, max_pixels: int, grayscale: bool = False) -> tuple[Image, float]:
    """The page drawn at ``scale`` (pixels per point), or smaller so that it holds at most ``max_pixels``:
    the size is worked out from the page's declared size before PDFium allocates anything. Returns the
    picture and the scale it was drawn at."""
    width, height = page.get_size()
    area = max(width * scale, 1.0) * max(height * scale, 1.0)
    if area > max_pixels:
        scale *= math.sqrt(max_pixels / area)
    return page.render(scale=scale, grayscale=grayscale, may_draw_forms=False).to_pil(), scale


def _ocr(name: str, pdf, numbers: list[int], langs: str, max_pixels: int) -> dict[int, ocr.PageReading]:
    """OCR readings of pages ``numbers`` (1-based), drawn one at a time as the readers need them."""

    def images():
        for n in numbers:
            yield draw(pdf[n - 1], ocr.OCR_DPI / 72, max_pixels, grayscale=True)[0]

    try:
        return dict(zip(numbers, ocr.read_pages(name, images(), len(numbers), langs)))
    except QAError as exc:
        raise ToolMissing(f"skipped {name}: {len(numbers)} page(s) are scans; {exc}") from None


class PageText(NamedTuple):
    """What a page's text layer holds, as qa reads it."""

    lines: list[str]
    has_image: bool  # what a page without text is read from, by OCR
    raw_codes: (
        bool  # the layer is mostly raw glyph codes (control or private-use characters: a font without a map)
    )
    styles: list[
        Style | None
    ]  # each line's font (None for the blank lines between blocks, or when not styled)
    tables: list[PageTable]  # top down
    invisible: bool = False  # most of its text is drawn invisibly (render mode 3): an earlier OCR's layer
    restored: tuple[str, ...] = ()  # the letters glyphs drawn without Unicode were read as ("fi", "Th")


def _page_lines(page, ruled: list[RuledTable]) -> PageText:
    """The page's text-layer lines, whether it holds an image (which a page without text is read from),
    whether its layer is mostly raw glyph codes (control or private-use characters: a font without a map),
    each line's font (None for the blank lines between blocks), and its tables: the ``ruled`` ones
    (pdfplumber's, qa/convert/pdf/ruled.py) and those ``grid`` reads from where words stand."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    raw = _page_text(textpage)
    raw_lines = _raw_lines(raw)
    frame = Frame.of(page)
    read = readings([line for line, _ in raw_lines])  # glyphs without Unicode: a ligature's bare code
    lines, origin = _with_gaps(
        textpage,
        frame,
        [(restore(line, read).translate(_DROPPED), at) for line, at in raw_lines],
    )
    styles = [style(textpage, *raw_lines[i]) if i is not None else None for i in origin]
    tables = _tables(textpage, frame, page.get_height(), raw_lines, ruled)
    lines, styles = _with_tables([t.lines for t in tables if t.lines], lines, origin, styles)
    has_image = any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))
    glyphs = [ch for ch in raw if not ch.isspace()]
    odd = sum(unicodedata.category(ch) in ("Cc", "Co", "Cn") for ch in glyphs)
    raw_codes = bool(glyphs) and odd / len(glyphs) >= GARBAGE_SYMBOL_SHARE
    restored = tuple(sorted(set(read.values())))
    return PageText(lines, has_image, raw_codes, styles, tables, _invisible(page), restored)


def _invisible(page) -> bool:
    """Whether most of the page's text objects are drawn invisibly (render mode 3): the searchable layer an
    OCR program lays over a scan."""
    import pypdfium2.raw as pdfium_c

    modes = [
        pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=3)
    ]
    return bool(modes) and sum(m == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE for m in modes) > len(modes) / 2


def _raw_lines(raw: str) -> list[tuple[str, int]]:
    """The page text's lines, each with the offset where it starts. PDFium marks a hyphen that breaks a word
    at a line end with U+FFFE and joins the two lines itself; the word is made whole. (Its two lines then
    read as one long line, which can hide a paragraph end.) Lines are cut from PDFium's own text, whose
    offsets are its character indexes (for the boxes); the hyphen marks are taken out of each line later."""
    raw_lines: list[tuple[str, int]] = []
    for m in re.finditer(r"([^\r\n]*)(?:\r\n|\r|\n|$)", raw):
        if m.start() == len(raw) and not m.group(1):
            continue
        if raw_lines and raw_lines[-1][0].endswith("\ufffe"):  # a word broken here: one line with the last
            raw_lines[-1] = (raw_lines[-1][0] + m.group(1), raw_lines[-1][1])
        else:
            raw_lines.append((m.group(1), m.start()))
    return raw_lines


class PageTable(NamedTuple):
    """A table of a page, as ``qa show --tables`` prints it, and the lines it replaces in the text."""

    top: float  # y up, PDF units: tables are listed top down
    caption: str
    header: list[list[str]]
    body: list[list[str]]
    lines: grid.Table | None  # None: its lines stay as they are (a ruled table that is no run of lines)


def _tables(
    textpage, frame: Frame, height: float, raw_lines: list[tuple[str, int]], ruled: list[RuledTable]
) -> list[PageTable]:
    """One page's tables, top down: its ruled ones, read from their rules, and those ``grid`` reads from
    where the words stand, clear of them. A caption is a line next to the table, above or below, that opens
    with "Table" and a number ("Table 6.1: …", "TABLE 2 Growth…")."""
    pieces = [_pieces(textpage, frame, *line) for line in raw_lines]
    texts = [line for line, _ in raw_lines]
    gridded = grid.tables(pieces)
    ruled = [r for r in ruled if not _columns_unruled(r, gridded, pieces, height)]
    found: list[PageTable] = []
    for group in _side_by_side(ruled):
        t = _ruled(group, height, pieces)
        if t and any(f.lines and t.first <= f.lines.last and f.lines.first <= t.last for f in found):
            t = None  # lines another table holds: they are kept as they are, never given to two
        caption = _caption(texts, t.first, t.last) if t else ""
        for k, r in enumerate(group):  # the first of a group stands for the lines of all
            found.append(
                PageTable(height - r.top, caption, r.rows[: r.head], r.rows[r.head :], t if k == 0 else None)
            )
    for t in gridded:
        rows = [p for line in pieces[t.first : t.last + 1] for p in line]
        top, bottom = max(p.top for p in rows), min(p.bottom for p in rows)
        if not any(height - r.bottom < top and bottom < height - r.top for r in ruled):
            found.append(PageTable(top, _caption(texts, t.first, t.last), t.header, t.body, t))
    return sorted(found, key=lambda t: -t.top)


def _columns_unruled(
    r: RuledTable, gridded: list[grid.Table], pieces: list[list[grid.Piece]], height: float
) -> bool:
    """Whether the rules of ``r`` part fewer columns than its words stand in: a box ruled around the
    labels and another around all the figures ("26.19 57.86 26.73 …" one cell, in most rows), where the
    words' places (``grid``) read a table of more columns over the same lines. That table is the one read."""
    top, bottom = height - r.top, height - r.bottom  # y up, as PDFium measures

    def within(t: grid.Table) -> bool:
        lines = [p for line in pieces[t.first : t.last + 1] for p in line]
        return (
            bool(lines)
            and bottom <= min(p.bottom for p in lines)
            and max(p.top for p in lines) <= top
            and r.left - SLACK <= min(p.x0 for p in lines)
            and max(p.x1 for p in lines) <= r.right + SLACK
        )  # inside this table's box: not tables ruled side by side, which the words' places read as one

    body = r.rows[r.head :]
    packed = sum(any(_figures_in(cell) >= 2 for cell in row) for row in body)
    return packed * 2 > len(body) and any(
        within(t) and len(t.body[0]) > len(r.rows[0]) for t in gridded if t.body
    )


def _figures_in(cell: str) -> int:
    """How many figures stand in a cell, one word each."""
    return sum(bool(grid.FIGURE.match(word)) for word in cell.split())


def _side_by_side(ruled: list[RuledTable]) -> list[list[RuledTable]]:
    """The ruled tables in groups that stand side by side (their heights overlap), each left to right: a
    line of the page may run through all of them."""
    groups: list[list[RuledTable]] = []
    for r in sorted(ruled, key=lambda r: r.top):
        if groups and r.top < max(g.bottom for g in groups[-1]):
            groups[-1].append(r)
        else:
            groups.append([r])
    return [sorted(g, key=lambda r: r.left) for g in groups]


def _ruled(group: list[RuledTable], height: float, pieces: list[list[grid.Piece]]) -> grid.Table | None:
    """Ruled tables side by side as the lines they stand on, each table's rows in turn; None where the
    lines are not one run of the page's lines, each piece inside a table's box, holding the cells' text
    (a line of another column between them, or a line running on past the tables, which their rows must
    not swallow)."""
    top = max(height - r.top for r in group)  # y up, as PDFium measures
    bottom = min(height - r.bottom for r in group)

    def boxed(p: grid.Piece) -> bool:
        return any(r.left - SLACK <= p.x0 and p.x1 <= r.right + SLACK for r in group)

    inside = [
        i
        for i, line in enumerate(pieces)
        if line and bottom <= line[0].bottom <= top and all(map(boxed, line))
    ]
    if not inside or any(pieces[i] and i not in inside for i in range(inside[0], inside[-1] + 1)):
        return None
    cells = [c for r in group for row in r.rows for c in row]
    if not _same_letters([p.text for i in inside for p in pieces[i]], cells):
        return None  # the lines hold other text than the cells: replaced by the cells, it would be lost
    lines = [line for r in group for line in _row_lines(r)]
    return grid.Table(
        inside[0], inside[-1], lines, group[0].rows[: group[0].head], group[0].rows[group[0].head :]
    )


def _row_lines(table: RuledTable) -> list[str]:
    """The table's title lines, its header's printed rows, then each body row named by its stub and its
    columns' names."""
    header, body = table.rows[: table.head], table.rows[table.head :]
    named = [[stub, *row[1:]] for stub, row in zip(table.stubs[table.head :], body)]
    names = (table.names if header else []) or None
    printed = [row for row in header if not (sum(map(bool, row)) == 1 and row[0] in table.titles)]
    return table.titles + row_lines(named, names, merged=False, printed=printed)


# The lines a ruled table replaces and its cells hold the same letters and digits, but for this share: what
# PDFium and pdfplumber read differently (a ligature, a glyph without Unicode). Past it the lines hold text
# of something else (a table beside it whose lines run on) or the cells text of lines not replaced.
LETTERS_APART = 0.02
CAPTION_LINES = 3  # a caption stands within this many lines of its table (a note or a unit line between)


def _same_letters(lines: list[str], cells: list[str]) -> bool:
    mine, theirs = Counter(_alnum("".join(lines))), Counter(_alnum("".join(cells)))
    apart = sum((mine - theirs).values()) + sum((theirs - mine).values())
    return apart <= LETTERS_APART * max(1, sum(mine.values()))


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _caption(lines: list[str], first: int, last: int) -> str:
    """The caption line nearest lines ``first``..``last``, above them first (the usual place), then below."""
    above = range(first - 1, max(-1, first - 1 - CAPTION_LINES), -1)
    below = range(last + 1, min(len(lines), last + 1 + CAPTION_LINES))
    for i in [*above, *below]:
        if CAPTION.match(lines[i]):
            return " ".join(glyphs(lines[i]).translate(_DROPPED).split())
    return ""


def _page_text(textpage) -> str:
    """The page's characters, one per PDFium character index, so that an offset in the text is the index
    of its box and font (PDFium's own text call drops control glyphs, a symbol font's bullets, and every
    offset after one then points at another character)."""
    import pypdfium2.raw as pdfium_c

    count = textpage.count_chars()
    text = letters(
        [pdfium_c.FPDFText_GetUnicode(textpage, i) for i in range(count)],
        [pdfium_c.FPDFText_IsHyphen(textpage, i) == 1 for i in range(count)],
        lambda i: _one_glyph(textpage, i),
    )
    return drawn_once(text, lambda i: _charbox(textpage, i))


# A character the page draws again where the same character stands, within this many points, is printed
# twice: an overprint for a bold or shadow effect, or a generator that writes a block twice (a seed trial's
# report draws each comment once whole and once in part: "di ib d b D bl ’ PA H b id" before "distributed
# by Doebler’s PA Hybrids"). Half a point: glyphs of one line stand a letter's width apart, several points.
SAME_PLACE = 0.5
DRAWN_TWICE = "\u200b"  # in place of a character drawn again later; the lines drop it


def drawn_once(text: str, box: Callable[[int], tuple[float, float, float, float] | None]) -> str:
    """``text`` (one character per PDFium index) with each character the page draws more than once at one
    place kept once, in its longest word, and marked DRAWN_TWICE elsewhere: a copy drawn in part leaves
    the letters of words cut short ("di", "ib", a lone "p"), and the whole word holds them all."""
    places: dict[tuple[str, int, int], list[int]] = {}
    for i, ch in enumerate(text):
        where = None if ch.isspace() or ch in "\ufffe\u00ad" else box(i)
        if where is not None and where[2] > where[0]:
            places.setdefault((ch, round(where[0] / SAME_PLACE), round(where[1] / SAME_PLACE)), []).append(i)
    twice = [drawn for drawn in places.values() if len(drawn) > 1]
    if not twice:
        return text
    word = _word_lengths(text)
    again = {i for drawn in twice for i in drawn if i != max(drawn, key=lambda k: (word[k], k))}
    return "".join(DRAWN_TWICE if i in again else ch for i, ch in enumerate(text))


def _word_lengths(text: str) -> list[int]:
    """For each character, the length of the run of non-space characters it stands in."""
    lengths = [0] * len(text)
    for m in re.finditer(r"\S+", text):
        lengths[m.start() : m.end()] = [m.end() - m.start()] * (m.end() - m.start())
    return lengths


def letters(codes: list[int], hyphens: list[bool], one_glyph: Callable[[int], bool]) -> str:
    """PDFium's character codes as text, one character per index: a hyphen breaking a word at a line end as
    U+FFFE (as PDFium's own text marks it), a letter beyond the BMP (two indexes) as itself and a soft hyphen
    (which the lines drop), and Arabic's lam-alef ligature, which PDFium spells alef first ("اإل" for "الإ":
    two letters in one glyph's box), in the order the word is written."""
    chars = []
    for i, code in enumerate(codes):
        if hyphens[i]:
            chars.append("\ufffe")
        elif 0xD800 <= code < 0xDC00 and i + 1 < len(codes) and 0xDC00 <= codes[i + 1] < 0xE000:
            chars.append(chr(0x10000 + ((code - 0xD800) << 10) + codes[i + 1] - 0xDC00))
        elif 0xDC00 <= code < 0xE000 and i and 0xD800 <= codes[i - 1] < 0xDC00:
            chars.append("\u00ad")
        else:
            chars.append(chr(code) if code and not 0xD800 <= code < 0xE000 else "\ufffd")
    for i in range(len(chars) - 1):
        if chars[i] in _ALEFS and chars[i + 1] == "ل" and one_glyph(i):
            chars[i], chars[i + 1] = "ل", chars[i]
    return "".join(chars)


_ALEFS = "اأإآ"


def _one_glyph(textpage, i: int) -> bool:
    """Whether characters ``i`` and ``i + 1`` stand in one box: the two letters of one ligature glyph."""
    box = _charbox(textpage, i)
    return box is not None and box == _charbox(textpage, i + 1)


# What the lines leave out of PDFium's text: the mark of a hyphen that broke a word at a line end, a soft
# hyphen, and a character drawn again at its place.
_DROPPED = str.maketrans("", "", "\ufffe\u00ad" + DRAWN_TWICE)


def _with_tables(
    found: list[grid.Table],
    lines: list[str],
    origin: list[int | None],
    styles: list[Style | None],
) -> tuple[list[str], list[Style | None]]:
    """The page's lines with each table's lines replaced by its rows, one paragraph each."""
    if not found:
        return lines, styles
    where: dict[int | None, grid.Table] = {i: t for t in found for i in range(t.first, t.last + 1)}
    out, out_styles = [], []
    for k, i in enumerate(origin):
        table = where.get(i)
        if (
            i is None
            and k
            and k + 1 < len(origin)
            and where.get(origin[k - 1]) is where.get(origin[k + 1]) is not None
        ):
            continue  # a gap between two lines of one table
        if table is None:
            out.append(lines[k])
            out_styles.append(styles[k])
        elif i == table.first:
            for row in table.rows:
                out += ["", row]
                out_styles += [None, TABLE_ROW]
            out.append("")
            out_styles.append(None)
    return out, out_styles


def _pieces(textpage, frame: Frame, line: str, at: int) -> list[grid.Piece]:
    """The line's words cut where a gap of COLUMN_GAP_EM or more parts them, or a step back left of more
    than an em (the next column; right-to-left script steps back a letter at a time)."""
    import pypdfium2.raw as pdfium_c

    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    rect = pdfium_c.FS_RECTF()
    pieces: list[grid.Piece] = []
    words: list[list] = []  # the current piece's words: [text, x0, x1]
    box, em, space, font = None, 0.0, False, ""
    for i, ch in enumerate(line):
        if ch == DRAWN_TWICE:
            continue
        if ch.isspace() or ch in "\ufffe\u00ad":
            space = True
            continue
        if (
            not pdfium_c.FPDFText_GetCharBox(textpage, at + i, left, right, bottom, top)
            or right.value <= left.value
        ):
            if words:
                words[-1][0] += glyphs(ch)
            continue
        x0, y0, x1, y1 = frame.box(left.value, bottom.value, right.value, top.value)
        if box and (x0 - box[1] > grid.COLUMN_GAP_EM * em or x0 < box[0] - em):
            pieces.append(_piece(words, box, em, font))
            words, box = [], None
        if box is None:
            loose = pdfium_c.FPDFText_GetLooseCharBox(textpage, at + i, rect)
            em = frame.height_of(rect.left, rect.bottom, rect.right, rect.top) if loose else 0.0
            em = em or y1 - y0
            box, font = (x0, x1, y1, y0), font_name(textpage, at + i)
        else:
            box = (min(box[0], x0), max(box[1], x1), max(box[2], y1), min(box[3], y0))
        if space or not words:
            words.append(["", x0, x1])
        words[-1][0] += glyphs(ch)
        words[-1][2] = max(words[-1][2], x1)
        space = False
    if box and words:
        pieces.append(_piece(words, box, em, font))
    return pieces


def _piece(words: list[list], box: tuple[float, float, float, float], em: float, font: str) -> grid.Piece:
    return grid.Piece(
        " ".join(w[0] for w in words),
        *box,
        em,
        tuple((w[0], w[1], w[2]) for w in words),
        monospaced(font),
    )


def _with_gaps(
    textpage, frame: Frame, raw_lines: list[tuple[str, int]]
) -> tuple[list[str], list[int | None]]:
    """The lines, cleaned, with a blank line wherever the page leaves a gap wider than PARAGRAPH_GAP line
    pitches: a block ends there though its last line is long ("…Structure Recognition 9" running header above
    "order to compute…", 26 pt apart where lines are 12). A turn up the page (the next column) is no break: a
    sentence runs on there ("The wing type that is" / "the most common…")."""
    lines = [" ".join(_RTL_EDGE.sub(" ", glyphs(line)).split()) for line, _ in raw_lines]
    tops = [
        _baseline(textpage, frame, at + len(raw) - len(raw.lstrip())) if line else None
        for (raw, at), line in zip(raw_lines, lines)
    ]  # PDFium's char indexes are the text's offsets
    present = [t for t in tops if t is not None]
    pitches = [a - b for a, b in itertools.pairwise(present) if a - b > 0]
    if len(pitches) < 3:
        return lines, [*range(len(lines))]
    pitch = sorted(pitches)[len(pitches) // 2]
    out: list[str] = []
    origin: list[int | None] = []
    last = None
    for i, (line, top) in enumerate(zip(lines, tops)):
        if top is not None and last is not None and last - top > PARAGRAPH_GAP * pitch:
            out.append("")
            origin.append(None)
        out.append(line)
        origin.append(i)
        last = top if top is not None else last
    return out, origin


def _baseline(textpage, frame: Frame, index: int) -> float | None:
    box = _charbox(textpage, index)
    return float(frame.box(*box)[1]) if box is not None else None


class Frame(NamedTuple):
    """A page as it is shown: PDFium boxes characters where the page's content puts them, before the
    page's /Rotate turns it; a page shown turned (a landscape table set on a portrait page) is read in the
    frame it is shown in, so that its lines run left to right and its rows stack down, as on screen (and
    as pdfplumber measures its ruled tables)."""

    rotation: int  # clockwise, 0, 90, 180 or 270
    x0: float  # the media box
    y0: float
    x1: float
    y1: float

    @classmethod
    def of(cls, page) -> Frame:
        return cls(page.get_rotation() % 360, *page.get_mediabox())

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """A box (left, bottom, right, top; y up) in the frame the page is shown in."""
        if self.rotation == 90:
            return bottom - self.y0, self.x1 - right, top - self.y0, self.x1 - left
        if self.rotation == 180:
            return self.x1 - right, self.y1 - top, self.x1 - left, self.y1 - bottom
        if self.rotation == 270:
            return self.y1 - top, left - self.x0, self.y1 - bottom, right - self.x0
        return left, bottom, right, top

    def height_of(self, left: float, bottom: float, right: float, top: float) -> float:
        x0, y0, x1, y1 = self.box(left, bottom, right, top)
        return abs(y1 - y0)


def _charbox(textpage, index: int) -> tuple[float, float, float, float] | None:
    """PDFium's box of one character (left, bottom, right, top), None for an index it cannot box."""
    import pypdfium2 as pdfium

    try:
        return textpage.get_charbox(index)
    except (pdfium.PdfiumError, IndexError, ValueError):
        return None


def glyphs(line: str) -> str:
    """Control bytes (a symbol font's bullets come out as \\x01…\\x1f) become spaces and private-use glyphs
    (Wingdings arrows and bullets, U+E000–U+F8FF) "•": never quoted as raw codes."""
    return "".join(_GLYPH.get(unicodedata.category(ch), ch) for ch in line)


_GLYPH = {"Cc": " ", "Co": "•"}  # Unicode category → what stands in its place

# Where a Latin word meets an Arabic or Hebrew one, PDFium often gives no space ("Pythonمن"): the words are
# set apart by the change of direction, not by a space character. One is put there.
_RTL_EDGE = re.compile(r"(?<=[A-Za-z0-9])(?=[\u0590-\u06FF])|(?<=[\u0590-\u06FF])(?=[A-Za-z])")
