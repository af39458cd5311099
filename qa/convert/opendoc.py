"""OpenDocument text (.odt) → Markdown-like text: headings as "#" lines by their outline level, paragraphs
and list items, each table row a line of named cells. The zip is checked before it is opened
(qa/convert/archive.py) and its content.xml is parsed with entities unresolved and no network; macros are
never run.
"""

from __future__ import annotations

import io
import zipfile

from qa.convert.archive import check_zip, xml_part
from qa.convert.extracted import Extracted, FoundTable, named_table
from qa.errors import SourceError

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"


def read(name: str, data: bytes) -> Extracted:
    """The document's paragraphs, headings and table rows in order, or SourceError when it holds no text."""
    notes = check_zip(name, data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = xml_part(archive, "content.xml")
    body = root.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    tables: list[FoundTable] = []
    blocks = _blocks(body, tables) if body is not None else []
    if not blocks:
        raise SourceError(f"skipped {name}: the document holds no text")
    return Extracted("\n\n".join(blocks) + "\n", (), tuple(notes), tables=tuple(tables))


def _blocks(el, tables: list[FoundTable]) -> list[str]:
    out: list[str] = []
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == f"{{{TEXT}}}h":
            text = _text(child)
            level = int(child.get(f"{{{TEXT}}}outline-level", "1") or 1)
            out += [f"{'#' * min(max(level, 1), 6)} {text}"] if text else []
        elif tag == f"{{{TEXT}}}p":
            boxes: list = []  # a picture's frame anchored in the paragraph: its caption, a block of its own
            text = _text(child, boxes)
            for box in boxes:
                out += _blocks(box, tables)
            out += [text] if text else []
        elif tag == f"{{{TABLE}}}table":
            out += _table(child, tables, out[-1] if out else "")
        elif tag in (
            f"{{{TEXT}}}list",
            f"{{{TEXT}}}list-item",
            f"{{{TEXT}}}section",
            f"{{{TEXT}}}list-header",
            f"{{{DRAW}}}frame",
            f"{{{DRAW}}}text-box",
        ):
            out += _blocks(child, tables)
    return out


def _table(table, tables: list[FoundTable], before: str) -> list[str]:
    rows = []
    for row in table.iter(f"{{{TABLE}}}table-row"):
        cells: list[str] = []
        for cell in row:
            if cell.tag in (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell"):
                repeat = min(int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1") or 1), 100)
                cells += [" ".join(_text(p) for p in cell if _text(p))] * repeat
        rows.append(cells)
    lines, found = named_table(rows, before=before)
    tables += found
    return lines


def _text(el, boxes: list | None = None) -> str:
    """A paragraph's words: text:s is a run of spaces, text:tab and text:line-break part words too. A frame
    anchored in it (a picture with its caption in a text box) goes to ``boxes``, to stand as paragraphs of
    its own ("Sun" / "The earth's climate…", not "SunThe earth's climate…"); in a table cell it stays
    inline."""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in (f"{{{TEXT}}}s", f"{{{TEXT}}}tab", f"{{{TEXT}}}line-break"):
            parts.append(" ")
        elif tag == f"{{{DRAW}}}frame" and boxes is not None:
            boxes.append(child)
        elif tag != f"{{{OFFICE}}}annotation":  # a comment in the margin is not the text
            parts.append(_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


__all__ = ["read"]
