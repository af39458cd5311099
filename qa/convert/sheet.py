"""Spreadsheets (.xlsx, .xls, .csv) → one paragraph per row, its cells named by the header row (openpyxl;
xlrd for Excel 97–2003 workbooks; csv).

A sheet is a table: each data row is a citable line of its cells ("Bars — 890 | …", named by the header row
in the view retrieval sees: "Product: Bars — Yield strength: 890 | …", qa/text/rows.py), under a heading
with the sheet's name, so that a citation names the sheet (its section)
and the row: each row is a "page" of the text whose label is the spreadsheet's own row number. Values are
read as the sheet shows them once computed (a formula's cached value, never the formula; nothing is run).
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from datetime import date, datetime, time

from qa.convert.archive import check_zip, own_suffix
from qa.convert.encoding import decoded
from qa.convert.extracted import Extracted, FoundTable
from qa.errors import SourceError
from qa.text.rows import MAX_HEADER_ROWS, header_line, is_figure, names_row, row_line


def read_xlsx(name: str, data: bytes) -> Extracted:
    """Each sheet with a row of text, in workbook order."""
    notes = check_zip(name, data, own_suffix(name, ".xlsx"))
    import openpyxl

    # openpyxl warns of what it drops ("Unknown extension is not supported", "no default style") on
    # stderr, with its own source lines: nothing a reader of qa's output can act on, and never the cells.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = [
                (
                    ws.title,
                    [
                        [shown(c.value, getattr(c, "number_format", "")) for c in row]
                        for row in ws.iter_rows()
                    ],
                )
                for ws in book
            ]
        finally:
            book.close()
    return workbook(name, sheets, tuple(notes))


def read_xls(name: str, data: bytes) -> Extracted:
    """Each sheet of an Excel 97–2003 workbook with a row of text, in workbook order, read as an .xlsx's:
    cells as the sheet shows them (their number formats, dates as dates), formulas' stored values."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, logfile=io.StringIO())
    except NotImplementedError:  # formats before Excel 97 keep no formatting xlrd reads
        book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO())
    except xlrd.XLRDError as exc:
        raise SourceError(f"skipped {name}: not an Excel 97-2003 workbook ({exc})") from None
    sheets = [
        (ws.name, [[_xls_cell(book, ws.cell(r, c)) for c in range(ws.ncols)] for r in range(ws.nrows)])
        for ws in book.sheets()
    ]
    return workbook(name, sheets, ())


def _xls_cell(book, cell) -> str:
    """One .xls cell as the sheet shows it: text, a number in its format, a date, TRUE/FALSE, #DIV/0!."""
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            when = xlrd.xldate_as_datetime(cell.value, book.datemode)
            return shown(when.time() if 0 <= cell.value < 1 else when)  # a time of no day: "06:34:00"
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            pass  # a date outside Excel's calendar is shown as its number
    if cell.ctype in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
        return shown(float(cell.value), _xls_format(book, cell.xf_index))
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#N/A")
    return shown(cell.value) if cell.ctype == xlrd.XL_CELL_TEXT else ""


def _xls_format(book, xf_index: int | None) -> str:
    """The number format of a cell's style ("0.0", "#,##0"), or "" where the file keeps none."""
    try:
        return book.format_map[book.xf_list[xf_index].format_key].format_str
    except (AttributeError, IndexError, KeyError, TypeError):
        return ""


def read_csv(name: str, data: bytes) -> Extracted:
    """The file's one table: its delimiter sniffed (comma, semicolon, tab), its encoding UTF-8, a BOM's or
    the legacy one it reads best in (Excel writes CSV in the machine's code page: qa/convert/encoding.py)."""
    text, note = decoded(name, data)
    try:
        dialect = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel  # one column, or commas: the default reads it
    rows = [[" ".join(cell.split()) for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    return _extracted(name, [("", rows)], (note,) if note else (), headings=False)


# Excel's General format shows a number in at most this many significant digits: 0.13079200000000002 is
# "0.130792" on the sheet, never its binary tail.
GENERAL_DIGITS = 11
# A format's parts that are not the number: quoted text, [$€-809] (a currency), [Red] (a colour), \x (one
# character), _x (a space as wide as x), *x (fill).
_PART = re.compile(r'"(?P<quoted>[^"]*)"|\[\$(?P<currency>[^-\]]*)[^\]]*\]|\[[^\]]*\]|\\(?P<char>.)|_.|\*.')
_PLAIN = re.compile(r"[#0,.%]+")


def shown(value: object, number_format: str = "") -> str:
    """A cell as the sheet shows it: a number in its format where that is a plain one ("0.0%" → "37.1%",
    "#,##0" → "6,000", "0.00"), else as General shows it (a whole number without ".0", at most 11
    significant digits); a date without a midnight time."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number(value, number_format)
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return " ".join(str(value).split())


def _number(value: float, number_format: str) -> str:
    """``value`` in ``number_format``'s first section when its number is made of 0, #, ",", "." and "%"
    (with text or a currency before or after it: "£#,##0.00"), else as General shows it."""
    section = (number_format or "General").split(";")[0]
    text = _PART.sub(lambda m: m.group("quoted") or m.group("currency") or m.group("char") or "", section)
    plain = _PLAIN.findall(text)
    code = plain[0] if len(plain) == 1 else ""
    if "0" in code:
        before, _, after = text.partition(code)
        decimals = len(code.split(".")[1].replace("%", "").replace(",", "")) if "." in code else 0
        scaled = value * 100 if "%" in code else value
        grouped = "," if "," in code.split(".")[0] else ""
        return f"{before}{scaled:{grouped}.{decimals}f}{'%' * ('%' in code)}{after}".strip()
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{GENERAL_DIGITS}g}"


def workbook(name: str, sheets: list[tuple[str, list[list[str]]]], notes: tuple[str, ...]) -> Extracted:
    """Named sheets of rows of shown cell text (an Excel or OpenDocument workbook's) as qa's text: each
    sheet a heading, each row a passage named by the header row; SourceError when no sheet holds text."""
    return _extracted(name, sheets, notes, headings=True)


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
        at_head = _header_at([row for _, row in rest])
        header = rest[at_head][1] if at_head is not None else None
        body = rest[at_head + 1 :] if at_head is not None else rest
        first = True
        rows = [r for _, r in rest]
        groups = _groups(rows)
        for k, (n, row) in enumerate(numbered[:lead] + rest):
            line = _line(row, k - lead, at_head, rows, groups[k - lead] if k >= lead else None)
            if line and k < lead and headings and at_head is not None and not line.endswith((".", "!", "?")):
                line = f"### {line}"  # a title over the table (not a sentence): the section of its rows
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


def _header_at(rows: list[list[str]]) -> int | None:
    """Which row is the sheet's header: the first that reads as names, with rows of data under it, among the
    first MAX_HEADER_ROWS (rows of labels may stand over it: "FULL RATE PRSI | SINGLE" over "€ | £ | 1997
    | 1998"); None for a sheet without one."""
    for k, row in enumerate(rows[: MAX_HEADER_ROWS + 1]):
        if k + 1 < len(rows) and names_row(row):
            return k if all(_labels(r, len(row)) for r in rows[:k]) else None
    return None


def _labels(row: list[str], width: int) -> bool:
    """A row of a few labels and no figure ("FULL RATE PRSI | MARRIED ONE INCOME 2 CHILDREN"): what names
    the rows under it (their group: the taxpayer), not a row of data."""
    filled = [c for c in row if c]
    return 2 <= len(filled) <= width // 2 and not any(map(is_figure, filled))


def _groups(rows: list[list[str]]) -> list[list[str] | None]:
    """For each row, the nearest row of labels above it (None where there is none), in one pass."""
    out: list[list[str] | None] = []
    group = None
    for row in rows:
        out.append(group)
        if _labels(row, len(row)):
            group = row
    return out


def _line(row: list[str], k: int, at_head: int | None, rows: list[list[str]], group: list[str] | None) -> str:
    """Row ``k`` of the table (negative: a title row above it) as a line: the header marked as such, each
    row under it named by it and by the labels of ``group``, the group it stands in (the nearest row of
    labels above it), each label over the columns from its own to the next: "SINGLE 1997: 37.1%"."""
    if at_head is None or k < at_head:
        return row_line(row, None)
    header = rows[at_head]
    if k == at_head:
        return header_line(row, True)
    if group is None or _labels(row, len(row)):
        return row_line(row, header)
    over = [next((group[g] for g in range(c, -1, -1) if group[g]), "") for c in range(len(header))]
    return row_line(row, [f"{label} {name}".strip() for label, name in zip(over, header)])


__all__ = ["read_csv", "read_xls", "read_xlsx", "shown", "workbook"]
