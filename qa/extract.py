"""PDF, HTML and Word files → the plain text qa cites.

The extracted text is what passages quote and what offsets index into. It is stored with each index
generation (``texts/`` beside the passages) so citations stay stable, and extracted again only when the
file's bytes change. Headings come out as Markdown headings ("## Methods") so the Markdown layout makes
them sections; PDFs come out as paragraphs with the offset where each page starts.

Nothing is executed: pypdfium2 runs no PDF JavaScript (forms are never initialised), python-docx reads no
macros, and a Word file is checked as a zip before it is opened.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Callable

from qa.errors import SourceError

# Converted formats and how each one's text is laid out (see qa/paragraphs.py: parse).
CONVERTED = {".pdf": "txt", ".html": "md", ".htm": "md", ".docx": "md"}
# A PDF's or Word file's bytes are mostly fonts and images: this many times the text size limit.
BINARY_SIZE_FACTOR = 10
# A Word file is a zip; more than this many bytes unpacked, or this ratio of unpacked to packed bytes,
# is a zip bomb, not a document (real .docx files unpack to a few MB at ratios under 20).
MAX_UNPACKED_BYTES = 200_000_000
MAX_ZIP_RATIO = 100
# A line that recurs at the top or bottom of at least this share of pages (and of 2 or more) is a
# running header or footer: chrome, set aside.
REPEATED_EDGE_SHARE = 0.5
EDGE_LINES = 2


@dataclass(frozen=True)
class Extracted:
    text: str
    pages: tuple[int, ...] = ()  # offset in ``text`` where each page starts (PDF only)
    notes: tuple[str, ...] = ()  # what was set aside or ignored, one line each


def sniff(name: str, data: bytes) -> None:
    """Refuse a file whose content is not what its extension says (checked by magic bytes)."""
    suffix = "." + name.rsplit(".", 1)[-1].lower()
    if suffix == ".pdf" and not data[:1024].lstrip().startswith(b"%PDF-"):
        raise SourceError(f"skipped {name}: not a PDF (no %PDF- header)")
    if suffix == ".docx" and not data.startswith(b"PK\x03\x04"):
        raise SourceError(f"skipped {name}: not a Word .docx file (not a zip archive)")
    if suffix in (".html", ".htm") and (b"\x00" in data[:4096] or not re.search(rb"<\s*(html|body|p|div|h1)\b",
                                                                                   data[:65536], re.I)):
        raise SourceError(f"skipped {name}: not an HTML page (no HTML tags, or binary)")


def extract(name: str, data: bytes) -> Extracted:
    """The text of a converted file, or SourceError saying why it cannot be read."""
    sniff(name, data)
    suffix = "." + name.rsplit(".", 1)[-1].lower()
    readers: dict[str, Callable[[str, bytes], Extracted]] = {".pdf": _pdf, ".docx": _docx, ".html": _html,
                                                             ".htm": _html}
    try:
        return readers[suffix](name, data)
    except SourceError:
        raise
    except Exception as exc:  # a damaged file: the library's own reason, in one line
        raise SourceError(f"skipped {name}: cannot read it ({str(exc).splitlines()[0][:100] or type(exc).__name__})")


# --- PDF --------------------------------------------------------------------------------------------

def _pdf(name: str, data: bytes) -> Extracted:
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


# --- Word -------------------------------------------------------------------------------------------

def _check_zip(name: str, data: bytes) -> list[str]:
    """Refuse zip bombs; note macros, which are never run."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        unpacked = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_ZIP_RATIO:
            raise SourceError(f"skipped {name}: it unpacks to {unpacked:,} bytes ({unpacked // packed}x): "
                              "a zip bomb, not a document")
        names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        raise SourceError(f"skipped {name}: not a Word document (no word/document.xml)")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        return [f"{name}: macros in the document are ignored (never run)"]
    return []


def _docx(name: str, data: bytes) -> Extracted:
    notes = _check_zip(name, data)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    blocks = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks += _docx_paragraph(Paragraph(child, document))
        elif tag == "tbl":
            blocks += _docx_rows(Table(child, document))
    if not blocks:
        raise SourceError(f"skipped {name}: the document holds no text")
    return Extracted("\n\n".join(blocks) + "\n", (), tuple(notes))


def _docx_paragraph(para) -> list[str]:
    text = " ".join(para.text.split())
    if not text:
        return []
    style = (para.style.name if para.style is not None else "") or ""
    level = 1 if style == "Title" else int(m.group(1)) if (m := re.match(r"Heading (\d)", style)) else 0
    return [f"{'#' * level} {text}" if level else text]


def _docx_rows(table) -> list[str]:
    """Each table row is a citable line: its cells joined by " | " (merged cells counted once)."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows


# --- HTML -------------------------------------------------------------------------------------------

def _html(name: str, data: bytes) -> Extracted:
    import trafilatura

    # Markdown keeps h1-h6 as "#" headings (it implies include_formatting; turning that off loses them).
    text = trafilatura.extract(data, output_format="markdown", include_comments=False, include_tables=True,
                               favor_recall=True)
    if not text or not text.strip():
        raise SourceError(f"skipped {name}: no main content found in the page")
    title = trafilatura.extract_metadata(data)
    heading = title.title if title is not None and title.title else None
    if heading and not text.lstrip().startswith("#"):
        text = f"# {heading}\n\n{text}"
    return Extracted(text.strip() + "\n", (), ())
