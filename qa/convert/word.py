"""Word (.docx) → Markdown-like text: headings as "#" lines, each table row a line of named cells
(python-docx).

The file is checked as a zip before it is opened (zip bombs refused) and macros are never run.
"""

from __future__ import annotations

import io
import re

from qa.convert.archive import check_zip, own_suffix, plain
from qa.convert.extracted import Extracted, FoundTable
from qa.errors import SourceError
from qa.text.rows import CAPTION, MAX_HEADER_ROWS, column_names, names_row, row_lines


def read(name: str, data: bytes) -> Extracted:
    """Paragraphs and table rows in document order, or SourceError when the file holds no text."""
    notes = check_zip(name, data, own_suffix(name, ".docx"))
    data = plain(data)  # a template or slide show (or a .docm), however named: its parts are the same
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    blocks: list[str] = []
    tables = []
    _unwrap_table_controls(document.element.body)
    for child in _blocks(document.element.body):
        if child.tag == _W + "p":
            blocks += _docx_paragraph(Paragraph(child, document))
            blocks += [t for box in _boxes(child) for p in _blocks(box) if (t := _words(p))]
            for lines, found in _charts(child, document.part, blocks):
                blocks += lines
                tables += found
            blocks += _diagrams(child, document.part)
        else:
            cells = _cells(Table(child, document))
            head = _head(cells)
            tables.append(_found(cells, head, blocks[-1].lstrip("# ") if blocks else ""))
            blocks += _docx_rows(cells, head)
    if not blocks:
        raise SourceError(f"skipped {name}: the document holds no text")
    return Extracted("\n\n".join(blocks) + "\n", (), tuple(notes), tables=tuple(tables))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Containers whose paragraphs and tables are the document's own, read as if they stood in their place: a
# content control (a cover page, a form's fields) and custom XML markup.
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml"}
# What a paragraph holds but does not show as its words: deleted and moved-away text, a ruby's reading
# (the base text is shown), a text box (read as paragraphs of its own, after the paragraph it is anchored
# in), and the older drawing of an object a newer one stands for (mc:Fallback repeats mc:Choice).
_UNSHOWN = {_W + "del", _W + "moveFrom", _W + "rt", _W + "txbxContent", _MC + "Fallback"}
_SPACING = {_W + "tab": " ", _W + "br": " ", _W + "cr": " ", _W + "noBreakHyphen": "-"}


def _blocks(parent) -> list:
    """The paragraphs and tables of ``parent`` in order, those in content controls and custom XML too."""
    out = []
    for child in parent.iterchildren():
        if child.tag in (_W + "p", _W + "tbl"):
            out.append(child)
        elif child.tag in _WRAPPERS:
            out += _blocks(child)
    return out


def _unwrap_table_controls(body) -> None:
    """Content controls around a table's rows or cells (w:tr/w:sdt/w:sdtContent/w:tc) are taken away, their
    rows and cells left in their place: python-docx sees a row's cells only as its children, and a cell in
    a control was lost ("Body copy" in a form's table)."""
    for sdt in list(body.iter(_W + "sdt")):
        parent = sdt.getparent()
        if parent is None or parent.tag not in (_W + "tr", _W + "tbl"):
            continue
        at = parent.index(sdt)
        content = sdt.find(_W + "sdtContent")
        parent.remove(sdt)
        for k, child in enumerate(list(content) if content is not None else []):
            parent.insert(at + k, child)


def _words(element) -> str:
    """The words ``element`` shows, its paragraphs a space apart. python-docx reads a paragraph's runs and
    links and nothing else, so the words of a tracked insertion, a field, a smart tag, an inline content
    control or a ruby were lost; every w:t that is shown counts here."""
    out: list[str] = []
    _walk(element, out)
    return " ".join("".join(out).split())


def _walk(element, out: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _UNSHOWN:  # a comment or processing instruction has no str tag
            continue
        if tag == _W + "t":
            out.append(child.text or "")
        elif tag in _SPACING:
            out.append(_SPACING[tag])
        else:
            _walk(child, out)
            if tag == _W + "p":
                out.append(" ")


def _boxes(paragraph) -> list:
    """The text boxes drawn in a paragraph (the newer drawing of each, not its mc:Fallback copy)."""
    return [
        box
        for box in paragraph.iter(_W + "txbxContent")
        if not any(a.tag == _MC + "Fallback" for a in box.iterancestors())
    ]


_CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}chart"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _charts(paragraph, part, blocks: list[str]) -> list[tuple[list[str], list[FoundTable]]]:
    """The charts a paragraph holds, each as qa's blocks and its table (qa/convert/charts.py), captioned by
    the paragraph above where untitled; a chart whose part is missing is passed over."""
    from qa.convert.charts import chart_blocks

    caption = blocks[-1].lstrip("# ") if blocks else ""
    parts = [part.related_parts.get(chart.get(_RID)) for chart in paragraph.iter(_CHART)]
    return [chart_blocks(found.blob, None, caption) for found in parts if found is not None]


def _diagrams(paragraph, part) -> list[str]:
    """The paragraphs of the SmartArt diagrams a paragraph holds (qa/convert/diagrams.py)."""
    from qa.convert.diagrams import data_ids, diagram_lines

    parts = [part.related_parts.get(rid) for rid in data_ids(paragraph)]
    return [line for found in parts if found is not None for line in diagram_lines(found.blob)]


def _docx_paragraph(para) -> list[str]:
    text = _words(para._p)
    if not text:
        return []
    style = (para.style.name if para.style is not None else "") or ""
    level = 1 if style == "Title" else int(m.group(1)) if (m := re.match(r"Heading (\d)", style)) else 0
    return [f"{'#' * level} {text}" if level else text]


def _docx_rows(rows: list[list[str]], head: int) -> list[str]:
    """Each table row is a citable line of its cells, named by the header rows (a view: "Berth: North quay —
    Ships per week: 12"; qa/text/rows.py), the header rows lines of their own. python-docx repeats a merged
    cell in every column it spans, which keeps the header's columns over the rows' (a name spanning two is
    said once, and names each: "No. of stores 1996"). ``head``: how many rows on top are the header."""
    if head:
        return row_lines(rows[head:], column_names(rows[:head]), printed=rows[:head])
    return row_lines([_once(r) for r in rows], None)


def _cells(table) -> list[list[str]]:
    """The table's rows of cells, rows without text left out (python-docx repeats a merged cell). A cell's
    words are all it holds, a table inside it too (python-docx's cell text leaves one out)."""
    rows = [[_words(cell._tc) for cell in row.cells] for row in table.rows]
    return [r for r in rows if any(r)]


def _head(rows: list[list[str]]) -> int:
    """How many rows on top are the header: a first row of names, then each row that splits a name merged
    over columns above it ("No. of stores" over "1996 | 1991"), its first cell empty or merged down."""
    head = 1 if len(rows) >= 2 and names_row(rows[0]) else 0
    while 0 < head < min(MAX_HEADER_ROWS, len(rows) - 1) and _splits(rows[head - 1], rows[head]):
        head += 1
    return head


def _splits(above: list[str], row: list[str]) -> bool:
    return row[0] in ("", above[0]) and any(
        above[c] and above[c] == above[c + 1] and row[c] != row[c + 1]
        for c in range(min(len(above), len(row)) - 1)
    )


def _found(cells: list[list[str]], head: int, before: str) -> FoundTable:
    """The table for ``qa show --tables``: a merged cell once, in the first column and row it spans; its
    caption the paragraph just above when that reads "Table N…"."""
    rows = [[c if i == 0 or c != r[i - 1] else "" for i, c in enumerate(r)] for r in cells]
    for r in range(1, head):  # a name merged down the header stands in its first row
        rows[r] = [c if c != cells[r - 1][i] else "" for i, c in enumerate(rows[r])]
    return FoundTable(None, before if CAPTION.match(before) else "", rows[:head], rows[head:])


def _once(cells: list[str]) -> list[str]:
    """A merged cell once: python-docx gives it for every column it spans."""
    return [c for i, c in enumerate(cells) if c and (i == 0 or cells[i - 1] != c)]
