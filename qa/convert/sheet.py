"""Spreadsheets (.xlsx, .csv) → one paragraph per row, its cells named by the header row (openpyxl; csv).

A sheet is a table: each data row is a citable line of its cells ("Bars — 890 | …", named by the header row
in the view retrieval sees: "Product: Bars — Yield strength: 890 | …", qa/text/rows.py), under a heading
with the sheet's name, so that a citation names the sheet (its section)
and the row: each row is a "page" of the text whose label is the spreadsheet's own row number. Values are
read as the sheet shows them once computed (a formula's cached value, never the formula; nothing is run).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time

from qa.convert.archive import check_zip
from qa.convert.extracted import Extracted, FoundTable
from qa.errors import SourceError
from qa.text.rows import header_line, names_row, row_line


def read_xlsx(name: str, data: bytes) -> Extracted:
    """Each sheet with a row of text, in workbook order."""
    notes = check_zip(name, data)
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = [
            (ws.title, [[_shown(v) for v in row] for row in ws.iter_rows(values_only=True)]) for ws in book
        ]
    finally:
        book.close()
    return _extracted(name, sheets, tuple(notes), headings=True)


def read_csv(name: str, data: bytes) -> Extracted:
    """The file's one table: its delimiter sniffed (comma, semicolon, tab), UTF-8 (with or without a BOM)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"skipped {name}: not valid UTF-8 (byte {exc.start}); save it as UTF-8") from None
    try:
        dialect = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel  # one column, or commas: the default reads it
    rows = [[" ".join(cell.split()) for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    return _extracted(name, [("", rows)], (), headings=False)


def _shown(value: object) -> str:
    """A cell as the sheet shows it: a whole number without ".0", a date without a midnight time."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return " ".join(str(value).split())


def _extracted(
    name: str, sheets: list[tuple[str, list[list[str]]]], notes: tuple[str, ...], headings: bool
) -> Extracted:
    blocks: list[str] = []
    starts: list[int] = []  # where each row's page starts: its line (a sheet's first, at the heading)
    labels: list[str] = []  # each row's number in its sheet
    tables: list[FoundTable] = []
    at = 0
    for title, cells in sheets:
        numbered = [(n, row) for n, row in enumerate(cells, 1) if any(row)]
        if not numbered:
            continue
        width = max(len(row) for _, row in numbered)
        numbered = [(n, row + [""] * (width - len(row))) for n, row in numbered]
        used = [c for c in range(width) if any(row[c] for _, row in numbered)]  # a column of nothing goes
        numbered = [(n, [row[c] for c in used]) for n, row in numbered]
        sheet_at = at
        if headings:
            blocks.append(f"## {title}")
            at += len(blocks[-1]) + 2
        # Rows of one cell above the table are its title ("Number of freshwater ducks per year"), lines
        # of their own; the header row is the first row under them that reads as names.
        lead = 0
        while lead < len(numbered) - 2 and sum(map(bool, numbered[lead][1])) == 1:
            lead += 1
        rest = numbered[lead:]
        header = rest[0][1] if len(rest) >= 2 and names_row(rest[0][1]) else None
        body = rest[1:] if header else rest
        first = True
        for k, (n, row) in enumerate(numbered[:lead] + rest):
            line = (
                header_line(row, True)
                if header and k == lead
                else row_line(row, header if k > lead else None)
            )
            if line:
                starts.append(sheet_at if first else at)  # the sheet's heading goes with its first row
                first = False
                labels.append(str(n))
                blocks.append(line)
                at += len(line) + 2
        caption = " ".join(c for _, row in numbered[:lead] for c in row if c)
        tables.append(
            FoundTable(None, caption or title, [header] if header else [], [row for _, row in body])
        )
    if not blocks:
        raise SourceError(f"skipped {name}: the spreadsheet holds no text")
    text = "\n\n".join(blocks) + "\n"
    return Extracted(text, tuple(starts), notes, labels=tuple(labels), tables=tuple(tables))


__all__ = ["read_csv", "read_xlsx"]
