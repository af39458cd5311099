"""PDF, HTML, Word, OpenDocument, RTF, PowerPoint, spreadsheet, EPUB and e-mail files → the text qa cites.

The extracted text is what passages quote and what offsets index into. It is stored with each index
generation (``texts/`` beside the passages) so citations stay stable, and extracted again only when the
file's bytes change. Headings come out as Markdown headings ("## Methods") so the Markdown layout makes
them sections; PDFs come out as paragraphs with the offset where each page starts.

Nothing is executed: pypdfium2 runs no PDF JavaScript (forms are never initialised), python-docx,
python-pptx and openpyxl read no macros (a workbook's formulas are read as their last computed values), and
an Office file is checked as a zip before it is opened.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from qa.convert import (
    ebook,
    image,
    legacy,
    mail,
    opendoc,
    opensheet,
    openslides,
    rtf,
    sheet,
    slides,
    webpage,
    word,
)
from qa.convert.archive import ENCRYPTED, OFFICE, OLE2, VARIANTS, check_zip, locked
from qa.convert.encoding import decoded, narrowed, wide
from qa.convert.extracted import Extracted, unmarked
from qa.convert.pdf import text as pdf
from qa.errors import SourceError, first_line

# Plain text, read as it is (qa/document/source.py), not converted.
TEXT_SUFFIXES = (".txt", ".md", ".markdown")
# Converted formats and how each one's text is laid out (see qa/document/paragraphs.py: parse). Images are
# read by OCR into lines like a PDF's.
CONVERTED = {
    ".pdf": "txt",
    ".html": "md",
    ".htm": "md",
    ".docx": "md",
    ".pptx": "md",
    ".xlsx": "md",
    ".xls": "md",
    ".doc": "md",
    ".ppt": "md",
    ".csv": "md",
    ".epub": "md",
    ".odt": "md",
    ".ods": "md",
    ".odp": "md",
    ".rtf": "txt",
    ".eml": "md",
    **dict.fromkeys(VARIANTS, "md"),
    **{s: "txt" for s in image.IMAGE_SUFFIXES},
}
# Formats shown as page images in the viewer (a citation carries its page).
PAGED = (".pdf", *image.IMAGE_SUFFIXES)
# What a "page" of a format is, where it is no printed page: a citation names it so ("slide 3", "row 7").
UNITS = {
    ".pptx": "slide",
    ".ppt": "slide",
    ".odp": "slide",
    ".xlsx": "row",
    ".xls": "row",
    ".ods": "row",
    ".csv": "row",
    ".epub": "chapter",
}
UNITS |= {variant: UNITS[base] for variant, base in VARIANTS.items() if base in UNITS}
# A PDF's or Word file's bytes are mostly fonts and images: this many times the text size limit.
BINARY_SIZE_FACTOR = 10
SNIFF_BYTES = webpage.HEAD_BYTES  # what ``sniff`` looks at: the magic bytes, and a web page's first tags


def sniff(name: str, data: bytes) -> None:
    """Refuse a file whose content is not what its extension says (checked by magic bytes)."""
    suffix = "." + name.rsplit(".", 1)[-1].lower()
    if not data.strip():
        raise SourceError(f"skipped {name}: empty")
    if suffix == ".pdf" and b"%PDF-" not in data[: pdf.HEADER_WITHIN]:
        raise SourceError(f"skipped {name}: not a PDF (no %PDF- header)")
    if suffix in OFFICE and data.startswith(OLE2) and ENCRYPTED in data:
        raise locked(name)
    if suffix in OFFICE and not data.startswith(b"PK\x03\x04"):
        raise SourceError(f"skipped {name}: not {OFFICE[suffix][0]} (not a zip archive)")
    if suffix == ".rtf" and not data.lstrip().startswith(b"{\\rtf"):
        raise SourceError(f"skipped {name}: not an RTF file (no {{\\rtf header)")
    if suffix == ".csv" and b"\x00" in data[:4096] and not wide(data):
        raise SourceError(f"skipped {name}: not a CSV file (binary)")
    if suffix in (".html", ".htm") and wide(data):
        data = narrowed(data)
    if suffix in (".html", ".htm") and (b"\x00" in data[:4096] or not webpage.tagged(data)):
        raise SourceError(f"skipped {name}: not an HTML page (no HTML tags, or binary)")
    if suffix in legacy.SUFFIXES and legacy.kind_of(suffix, data) is None:
        raise SourceError(legacy.refusal(name, suffix))
    if suffix in image.IMAGE_SUFFIXES:
        image.sniff(name, data)


def screen(name: str, path: Path) -> None:
    """The checks an upload gets before it is kept, or SourceError: its content is what its extension says
    and a Word file is no zip bomb. Nothing is decoded or drawn: reading is the index's work, in a child
    process held to limits (qa/convert/isolate.py)."""
    with open(path, "rb") as fh:
        sniff(name, fh.read(SNIFF_BYTES))
    if "." + name.rsplit(".", 1)[-1].lower() in OFFICE:
        check_zip(name, path)


def extract(name: str, data: bytes, ocr_langs: str = "eng") -> Extracted:
    """The text of a converted file, or SourceError saying why it cannot be read; scanned pages and
    images are read by OCR in the Tesseract languages ``ocr_langs`` ("eng", "eng+deu"). A table cell's
    name is kept beside the text (``Extracted.names``), not in it."""
    found = unmarked(_read(name, data, ocr_langs))
    return replace(found, text=_HALF.sub("\ufffd", found.text)) if _HALF.search(found.text) else found


# Half of a UTF-16 surrogate pair standing alone (an escape a converter passed on as it found it) is no
# character: nothing can encode it, and the tokenizer refuses the whole text. It reads as U+FFFD, one
# character for one, so every offset stays.
_HALF = re.compile("[\ud800-\udfff]")


def _read(name: str, data: bytes, ocr_langs: str) -> Extracted:
    """``extract`` with the cells' names still marked in the text (an e-mail's attachments are read so, to
    be joined into the e-mail's text before they are taken out)."""
    sniff(name, data)
    suffix = "." + name.rsplit(".", 1)[-1].lower()
    scan = functools.partial(image.read, ocr_langs=ocr_langs)
    readers: dict[str, Callable[[str, bytes], Extracted]] = {
        ".pdf": functools.partial(pdf.read, ocr_langs=ocr_langs),
        ".docx": word.read,
        ".pptx": slides.read,
        ".xlsx": sheet.read_xlsx,
        ".xls": legacy.read,
        ".doc": legacy.read,
        ".ppt": legacy.read,
        ".csv": sheet.read_csv,
        ".epub": ebook.read,
        ".odt": opendoc.read,
        ".ods": opensheet.read,
        ".odp": openslides.read,
        ".rtf": rtf.read,
        ".eml": functools.partial(mail.read, attachment=_attachment(ocr_langs)),
        ".html": webpage.read,
        ".htm": webpage.read,
        **{s: scan for s in image.IMAGE_SUFFIXES},
    }
    readers |= {variant: readers[base] for variant, base in VARIANTS.items()}
    try:
        return readers[suffix](name, data)
    except SourceError:
        raise
    except Exception as exc:  # a damaged file: the library's own reason, in one line
        raise damaged(name, exc) from None


def _attachment(ocr_langs: str) -> Callable[[str, bytes, str], Extracted]:
    """How an e-mail's attachment is read: as a file of its own kind (a message inside a message too); as
    text where its kind is none qa reads but its content type says text (a script "api.rb" sent as
    text/x-ruby, a bounce's delivery status); else SourceError."""

    def read(name: str, data: bytes, content_type: str = "") -> Extracted:
        suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
        textual = content_type.startswith("text/") or content_type == "message/delivery-status"
        if suffix in TEXT_SUFFIXES or (suffix not in CONVERTED and textual):
            return Extracted(decoded(name, data)[0])
        if suffix not in CONVERTED:
            raise SourceError(f"skipped {name}: a kind of file qa does not read")
        return _read(name, data, ocr_langs)

    return read


def damaged(name: str, exc: Exception) -> SourceError:
    return SourceError(f"skipped {name}: cannot read it ({first_line(exc)})")


__all__ = [
    "BINARY_SIZE_FACTOR",
    "CONVERTED",
    "PAGED",
    "TEXT_SUFFIXES",
    "UNITS",
    "Extracted",
    "extract",
    "screen",
    "sniff",
]
