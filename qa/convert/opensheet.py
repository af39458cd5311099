"""OpenDocument spreadsheets (.ods, LibreOffice Calc) → each sheet's rows, read as Excel's are
(qa/convert/sheet.py): each row a passage named by the header row, cited by sheet and row. A cell reads as
it is shown (its paragraphs), not its stored value; formulas are never run."""

from __future__ import annotations

from qa.convert.extracted import Extracted
from qa.convert.opendoc import TABLE, TEXT, body_of, text_of
from qa.convert.sheet import workbook

# A sheet is saved with its empty tail as one row or cell "repeated" to the sheet's end (1,048,576 rows,
# 1,024 columns): an empty row or cell stands for at most this many, which keeps every row number of a
# real sheet and never builds the tail. A filled one repeats as often as the file says, up to the same cap.
MAX_REPEAT = 10_000


def read(name: str, data: bytes) -> Extracted:
    """Each sheet with a row of text, in workbook order."""
    body, notes = body_of(name, data, "spreadsheet")
    sheets = (
        []
        if body is None
        else [(t.get(f"{{{TABLE}}}name", ""), _rows(t)) for t in body.iter(f"{{{TABLE}}}table")]
    )
    return workbook(name, sheets, notes)


def _rows(table) -> list[list[str]]:
    """A sheet's rows of shown cell text, repeats spelled out (the empty tail cut)."""
    rows: list[list[str]] = []
    for row in table.iter(f"{{{TABLE}}}table-row"):
        cells = _cells(row)
        repeat = min(int(row.get(f"{{{TABLE}}}number-rows-repeated", "1") or 1), MAX_REPEAT)
        rows += [cells] * repeat if any(cells) else [[]] * repeat
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _cells(row) -> list[str]:
    cells: list[str] = []
    for cell in row:
        if cell.tag not in (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell"):
            continue
        shown = " ".join(t for p in cell.iter(f"{{{TEXT}}}p") if (t := text_of(p)))
        cells += [shown] * min(int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1") or 1), MAX_REPEAT)
    while cells and not cells[-1]:
        cells.pop()
    return cells


__all__ = ["read"]
