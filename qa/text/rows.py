"""A table row as one citable line of its cells ("Berries — 150"), each cell named by its column
("Food: Berries — Calories per portion: 150" is what retrieval, the reader and the claim checker see).

A question about a cell is answered by the row that holds it, with the column's name beside the figure, so a
header row is never the best answer and a claim's figure is compared with the cell it names. The names are
a view (qa/text/cellnames.py): the quoted text is the cells alone, the row's label set off by " — " and
the others joined by " | ".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from qa.text.cellnames import header_cell, mark
from qa.text.vocabulary import YEAR_IN_TEXT

ROW_SEP = " | "  # between a row's cells, as every converter writes them


def row_lines(
    rows: list[list[str]],
    header: list[str] | None,
    merged: bool = True,
    printed: list[list[str]] | None = None,
) -> list[str]:
    """The header's printed rows, each a line of its cells (``printed``; ``header`` itself when None),
    then one line per body row, each cell named by ``header`` (its columns' names; None when the table has
    none) where it fits the row. The header stands in the text, since the names are a view: every word of
    the page stays where it is printed. ``merged``: a reader that repeats a merged cell in each column it
    spans (python-docx, trafilatura), so a value repeated beside itself is said once; a PDF's grid repeats
    nothing ("6 | 6" are two cells)."""
    fits = header is not None and bool(rows) and all(len(r) == len(header) for r in rows if any(r))
    # A header that names every row's cells is marked as the table's head; one that names none (or a
    # column no row fills, whose name no row would show) stays a line of text.
    unused = fits and any(
        name and not any(r[i] for r in rows if any(r)) for i, name in enumerate(header or ())
    )
    heads = printed if printed is not None else [header] if header else []
    named = fits and not unused
    lines = [
        line for row in heads if (line := header_line(row, merged) if named else row_line(row, None, merged))
    ]
    group = ""  # the label of the rows' group ("Race/Ethnicity" over "White", "Black, non-Hispanic")
    for i, cells in enumerate(rows):
        if _group_label(cells, rows[i + 1] if i + 1 < len(rows) else None):
            group = " ".join(cells[0].split())
        # The group names the row's first cell under the column's own name, which is kept: "Indicators"
        # over "Child feeding practices (%)" over "Children age 0-5 months exclusively breastfed".
        names = [f"{header[0]} {group}".strip(), *header[1:]] if fits and header and group else header
        line = row_line(cells, names if fits else None, merged)
        if line:
            lines.append(line)
    return lines


def header_line(cells: list[str], merged: bool) -> str:
    """A header row's cells joined by " | ", each marked as the table's (``cellnames.header_cell``)."""
    return _joined([" ".join(c.split()) for c in cells], merged, header_cell)


def _joined(cells: list[str], merged: bool, each: Callable[[str], str] = str) -> str:
    """A row's filled cells joined by " | " (each shown by ``each``), a merged cell repeated beside itself
    said once (see ``row_lines``)."""
    return ROW_SEP.join(
        each(c) for i, c in enumerate(cells) if c and not (merged and i and c == cells[i - 1])
    )


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
    """The row's label, " — ", then its other cells joined by " | ", each marked with its column's name
    (``cellnames.mark``) when the header fits the row (as many cells); else the cells alone joined by
    " | " (a pivot table's spans make the header's columns not the row's). The reader and the decision
    were trained and fitted on rows read so ("Country: Germany — No. of stores 1996: 12130 | …")."""
    cells = [" ".join(c.split()) for c in cells]
    if not any(cells):
        return ""
    if not header or len(cells) < 2 or len(header) != len(cells):
        return _joined(cells, merged)
    names = [" ".join(h.split()) for h in header]
    named = [
        mark(name if i == 0 or name != names[i - 1] else "", value)  # a name over two columns, once
        for i, (name, value) in enumerate(zip(names, cells))
        if i == 0 or value != cells[i - 1] or not value or not merged
    ]
    rest = " | ".join(n for n in named[1:] if n)  # not "; ": a sentence would end there
    return " — ".join(n for n in (named[0], rest) if n)  # the row's label, then its figures


def row_cells(line: str) -> list[tuple[str, str]] | None:
    """A row's view ("Food: Berries — Calories per portion: 150", qa/text/cellnames.py), read back as
    (column name, cell) pairs, "" for a cell without a name (None for any other line): what a question about
    the row must name, and what a claim's figure is compared with."""
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
    labels, two names at least, none a figure but a year ("Country | 1996 | 1991": the years name the
    columns of figures below, as a PDF's grid reads them). Word marks a repeated header row only when the
    table crosses pages, and a web page often writes its header row with <td>, not <th>: the words decide."""
    names = cells[1:] if not cells[0] else cells
    figures = [c for c in names if is_figure(c) and not _YEAR.fullmatch(c)]
    return len(names) >= 2 and all(names) and not figures


def is_figure(cell: str) -> bool:
    """Whether a cell is a figure alone ("6,000", "37.1%", "€ 1,500", "-0.47"); a sign without a digit is
    none ("€" names a column)."""
    return bool(_FIGURE.fullmatch(cell))


MAX_HEADER_ROWS = 3  # a table's header of more printed rows than this is rows of the table, in every format
_FIGURE = re.compile(r"[\d.,%$€£ +-]*\d[\d.,%$€£ +-]*")  # a digit at least: "€" alone names a column
_YEAR = re.compile(YEAR_IN_TEXT)
# A table's caption opens with "Table" and its number: "Table 6.1: …", "TABLE 2 Growth…", "Tab. 3",
# "Table SA3." (a report's annex numbering).
CAPTION = re.compile(r"^\s*(?:Table|TABLE|Tab\.)\s+[A-Z]{0,3}\d+[\w.\-]*")
# A table's or a figure's label standing alone ("Table SA3.", "Figure 2:", "Exhibit B.4"): a caption's
# first piece when the page sets its text apart by a wide gap.
LABEL = re.compile(r"^\s*(?:Table|TABLE|Tab\.|Figure|FIGURE|Fig\.|Exhibit|Chart)\s+[A-Z]{0,3}\d+[\w.\-]*:?$")
NAME_WORDS = 6  # a column's name is a few words; "x: y" after more is a sentence, not a named cell


__all__ = [
    "CAPTION",
    "LABEL",
    "MAX_HEADER_ROWS",
    "ROW_SEP",
    "under_caption",
    "column_names",
    "spanned",
    "is_figure",
    "names_row",
    "row_cells",
    "header_line",
    "row_line",
    "row_lines",
]
