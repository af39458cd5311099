"""A table row as one citable line that says what each cell is: "Food: Berries — Calories per portion: 150".

A question about a cell is answered by the row that holds it, with the column's name beside the figure, so a
header row is never the best answer and a claim's figure is compared with the cell it names. A table without
a header row keeps its cells joined by " | ".
"""

from __future__ import annotations

import re


def row_lines(rows: list[list[str]], header: list[str] | None, merged: bool = True) -> list[str]:
    """One line per body row; ``header`` names the columns (None when the table has no header row). The
    header row is a line of its own only when it cannot name the cells (no body rows, or rows of another
    width, as a pivot table's spans give) or names a column no row fills: otherwise its words stand in
    every row. ``merged``: a reader
    that repeats a merged cell in each column it spans (python-docx, trafilatura), so a value repeated
    beside itself is said once; a PDF's grid repeats nothing ("6 | 6" are two cells)."""
    fits = header is not None and bool(rows) and all(len(r) == len(header) for r in rows if any(r))
    # A column no row fills would lose its name: the header row then stands as a line too.
    unused = fits and any(
        name and not any(r[i] for r in rows if any(r)) for i, name in enumerate(header or ())
    )
    lines = (
        [] if (fits and not unused) or not header or not any(header) else [" | ".join(c for c in header if c)]
    )
    group = ""  # the label of the rows' group ("Race/Ethnicity" over "White", "Black, non-Hispanic")
    for i, cells in enumerate(rows):
        if _group_label(cells, rows[i + 1] if i + 1 < len(rows) else None):
            group = " ".join(cells[0].split())
        names = [group, *header[1:]] if fits and header and group else header
        line = row_line(cells, names if fits else None, merged)
        if line:
            lines.append(line)
    return lines


def _group_label(cells: list[str], below: list[str] | None) -> bool:
    """A row with its first cell alone filled, over a row with a first cell and figures beside it, in a
    table of three columns or more: the label of the rows under it, which names their first cells."""
    return (
        len(cells) >= 3
        and bool(cells[0].strip())
        and not any(c.strip() for c in cells[1:])
        and below is not None
        and bool(below[0].strip())
        and any(c.strip() for c in below[1:])
    )


def row_line(cells: list[str], header: list[str] | None, merged: bool = True) -> str:
    """ "Column: first cell — Column: value | Column: value" with a header that fits the row (as many cells),
    else the cells joined by " | " (a pivot table's spans make the header's columns not the row's)."""
    cells = [" ".join(c.split()) for c in cells]
    if not any(cells):
        return ""
    if not header or len(cells) < 2 or len(header) != len(cells):
        return " | ".join(c for c in cells if c)
    names = [" ".join(h.split()) for h in header]
    named = [
        _named(name if i == 0 or name != names[i - 1] else "", value)  # a name over two columns, once
        for i, (name, value) in enumerate(zip(names, cells))
        if i == 0 or value != cells[i - 1] or not value or not merged
    ]
    rest = " | ".join(
        n for n in named[1:] if n
    )  # not "; ": a sentence would end there, apart from the row label
    return " — ".join(n for n in (named[0], rest) if n)


def row_cells(line: str) -> list[tuple[str, str]] | None:
    """A line ``row_line`` made, read back as (column name, cell) pairs, "" for a cell without a name (None
    for any other line): what a question about the row must name, and what a claim's figure is compared
    with."""
    label, _, rest = line.partition(" — ") if " — " in line else ("", "", line)
    pairs = []
    for part in ([label] if label else []) + rest.split(" | "):
        name, sep, value = part.partition(": ")
        pairs.append((name, value) if sep and 0 < len(name.split()) <= NAME_WORDS else ("", part))
    return pairs if any(name for name, _ in pairs) and (" | " in line or " — " in line) else None


def column_names(header: list[list[str]], reach: list[list[int]] | None = None) -> list[str]:
    """Each column's name: its header rows' cells joined top down, a cell repeated below itself once.
    ``reach``: for the top header rows that have it, the column after the last one each cell spans."""
    width = max(map(len, header), default=0)
    spans = (reach or []) + [[c + 1 for c in range(len(row))] for row in header[len(reach or []) :]]
    return [
        " ".join(
            dict.fromkeys(
                row[g]
                for row, ends in zip(header, spans)
                for g in range(min(c + 1, len(row)))
                if row[g] and ends[g] > c
            )
        )
        for c in range(width)
    ]


def spanned(header: list[list[str]]) -> list[list[int]]:
    """For each header row above the last, the column after the last one each cell covers: a name reaches
    over the empty places to its right that the last header row fills (a reader that writes a spanning
    cell once, trafilatura's, leaves them empty: "No. of stores" over "1996 | 1991")."""
    below = header[-1] if header else []
    reach = []
    for row in header[:-1]:
        ends = [c + 1 for c in range(len(row))]
        for g, cell in enumerate(row):
            while cell and ends[g] < min(len(row), len(below)) and not row[ends[g]] and below[ends[g]]:
                ends[g] += 1
        reach.append(ends)
    return reach


def under_caption(section: str | None, line: str) -> bool:
    """Whether ``line`` is a table's row standing under the table's caption (its section, "Table 6.1: …"):
    what the row's figures count is said there, not in the row."""
    return section is not None and CAPTION.match(section) is not None and row_cells(line) is not None


def names_row(cells: list[str]) -> bool:
    """Whether a table's first row names its columns: every cell filled but perhaps the corner over the row
    labels, two names at least, none a figure. Word marks a repeated header row only when the table crosses
    pages, and a web page often writes its header row with <td>, not <th>: the words decide."""
    names = cells[1:] if not cells[0] else cells
    return len(names) >= 2 and all(names) and not any(_FIGURE.fullmatch(c) for c in names)


MAX_HEADER_ROWS = 3  # a table's header of more printed rows than this is rows of the table, in every format
_FIGURE = re.compile(r"[\d.,%$€£ +-]+")
# A table's caption opens with "Table" and its number: "Table 6.1: …", "TABLE 2 Growth…", "Tab. 3",
# "Table SA3." (a report's annex numbering).
CAPTION = re.compile(r"^\s*(?:Table|TABLE|Tab\.)\s+[A-Z]{0,3}\d+[\w.\-]*")
# A table's or a figure's label standing alone ("Table SA3.", "Figure 2:", "Exhibit B.4"): a caption's
# first piece when the page sets its text apart by a wide gap.
LABEL = re.compile(r"^\s*(?:Table|TABLE|Tab\.|Figure|FIGURE|Fig\.|Exhibit|Chart)\s+[A-Z]{0,3}\d+[\w.\-]*:?$")
NAME_WORDS = 6  # a column's name is a few words; "x: y" after more is a sentence, not a named cell


def _named(name: str, value: str) -> str:
    return f"{name}: {value}" if value and name and name != value else value


__all__ = [
    "CAPTION",
    "LABEL",
    "MAX_HEADER_ROWS",
    "under_caption",
    "column_names",
    "spanned",
    "names_row",
    "row_cells",
    "row_line",
    "row_lines",
]
