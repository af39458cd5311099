"""OpenDocument text (.odt) → Markdown-like text: headings as "#" lines by their outline level, paragraphs
and list items, each table row a line of named cells. The zip is checked before it is opened
(qa/convert/archive.py) and its content.xml is parsed with entities unresolved and no network; macros are
never run.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from qa.convert.archive import check_zip, locked, xml_part
from qa.convert.extracted import Extracted, FoundTable, named_table
from qa.errors import SourceError

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"


def read(name: str, data: bytes) -> Extracted:
    """The document's paragraphs, headings and table rows in order, or SourceError when it holds no text."""
    body, notes = body_of(name, data, "text")
    tables: list[FoundTable] = []
    out = blocks(body, tables) if body is not None else []
    if not out:
        raise SourceError(f"skipped {name}: the document holds no text")
    return Extracted("\n\n".join(out) + "\n", (), notes, tables=tuple(tables))


def body_of(name: str, data: bytes, kind: str) -> tuple[Any, tuple[str, ...]]:
    """An OpenDocument file's body of ``kind`` ("text", "spreadsheet", "presentation"; None when it has
    none) from its content.xml, the zip checked first (qa/convert/archive.py), and the archive's notes."""
    notes = check_zip(name, data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if _encrypted(archive):
            raise locked(name)
        root = xml_part(archive, "content.xml")
    return root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}{kind}"), tuple(notes)


def _encrypted(archive: zipfile.ZipFile) -> bool:
    """Whether the manifest says its parts are encrypted (a password set in LibreOffice): content.xml is
    then ciphertext, which read as XML was "cannot read it (content.xml is not XML)"."""
    try:
        return b"encryption-data" in archive.read("META-INF/manifest.xml")
    except KeyError:
        return False


def blocks(el, tables: list[FoundTable]) -> list[str]:
    """``el``'s headings, paragraphs (and what they anchor), list items and table rows in order, each a
    block of qa's text; the tables found go to ``tables``."""
    out: list[str] = []
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == f"{{{TEXT}}}h":
            text = text_of(child)
            level = int(child.get(f"{{{TEXT}}}outline-level", "1") or 1)
            out += [f"{'#' * min(max(level, 1), 6)} {text}"] if text else []
        elif tag == f"{{{TEXT}}}p":
            boxes: list = []  # a picture's frame anchored in the paragraph: its caption, a block of its own
            notes: list = []  # its footnotes' bodies, blocks after it
            text = text_of(child, boxes, notes)
            for box in boxes:
                out += blocks(box, tables)
            out += [text] if text else []
            for note in notes:
                out += blocks(note, tables)
        elif tag == f"{{{TABLE}}}table":
            out += _table(child, tables, out[-1] if out else "")
        elif tag in _CONTAINERS:
            out += blocks(child, tables)
    return out


# What holds paragraphs of the document's own, read in their place: lists, sections, frames, text boxes,
# shapes and groups of them (a presentation's slides hold little else), a footnote's body, and the
# generated indexes (a table of contents, a bibliography, an index: their index-body, not the template
# their entries are made by).
_CONTAINERS = frozenset(
    [f"{{{TEXT}}}{tag}" for tag in ("list", "list-item", "section", "list-header", "note-body", "index-body")]
    + [f"{{{TEXT}}}index-title"]
    + [f"{{{DRAW}}}{tag}" for tag in ("frame", "text-box", "custom-shape", "g")]
    + [
        f"{{{TEXT}}}{index}"
        for index in (
            "table-of-content",
            "illustration-index",
            "table-index",
            "object-index",
            "user-index",
            "alphabetical-index",
            "bibliography",
        )
    ]
)


def _table(table, tables: list[FoundTable], before: str) -> list[str]:
    rows = []
    for row in table.iter(f"{{{TABLE}}}table-row"):
        cells: list[str] = []
        for cell in row:
            if cell.tag in (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell"):
                repeat = min(int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1") or 1), 100)
                cells += [" ".join(text_of(p) for p in cell if text_of(p))] * repeat
        rows.append(cells)
    lines, found = named_table(rows, before=before)
    tables += found
    return lines


def text_of(el, boxes: list | None = None, notes: list | None = None) -> str:
    """A paragraph's words: text:s is a run of spaces, text:tab and text:line-break part words too. A frame
    anchored in it (a picture with its caption in a text box) goes to ``boxes``, to stand as paragraphs of
    its own ("Sun" / "The earth's climate…", not "SunThe earth's climate…"), a footnote's body to ``notes``
    (its mark stays: "rather1 difficult", not "rather1This is of course a simple footnote difficult"); in a
    table cell both stay inline."""
    return " ".join(_raw(el, boxes, notes).split())


def _raw(el, boxes: list | None, notes: list | None) -> str:
    """``text_of`` before its spaces are tidied: a styled span's own spaces part it from its neighbours
    ("And <span>another </span><span>test</span>"), so they are kept until the paragraph is whole."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in (f"{{{TEXT}}}s", f"{{{TEXT}}}tab", f"{{{TEXT}}}line-break"):
            parts.append(" ")
        elif tag == f"{{{DRAW}}}frame" and boxes is not None:
            boxes.append(child)
        elif tag == f"{{{TEXT}}}note" and notes is not None:  # its mark stays, its body follows the paragraph
            mark = child.find(f"{{{TEXT}}}note-citation")
            parts.append(_raw(mark, None, None) if mark is not None else "")
            notes += child.findall(f"{{{TEXT}}}note-body")
        elif tag != f"{{{OFFICE}}}annotation":  # a comment in the margin is not the text
            parts.append(_raw(child, None, notes))  # a frame inside a link or a span stays inline
        parts.append(child.tail or "")
    return "".join(parts)


__all__ = ["blocks", "body_of", "read", "text_of"]
