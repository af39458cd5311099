"""A table row as one citable line that says what each cell is: "Food: Berries — Calories per portion: 150".

A question about a cell is answered by the row that holds it, with the column's name beside the figure, so a
header row is never the best answer and a claim's figure is compared with the cell it names. A table without
a header row keeps its cells joined by " | ".
"""

from __future__ import annotations


def row_lines(rows: list[list[str]], header: list[str] | None) -> list[str]:
    """One line per body row; ``header`` names the columns (None when the table has no header row). The
    header row is a line of its own only when it cannot name the cells (no body rows, or rows of another
    width, as a pivot table's spans give): otherwise its words stand in every row."""
    fits = header is not None and bool(rows) and all(len(r) == len(header) for r in rows if any(r))
    lines = [] if fits or not header or not any(header) else [" | ".join(c for c in header if c)]
    for cells in rows:
        line = row_line(cells, header if fits else None)
        if line:
            lines.append(line)
    return lines


def row_line(cells: list[str], header: list[str] | None) -> str:
    """"Column: first cell — Column: value | Column: value" with a header that fits the row (as many cells),
    else the cells joined by " | " (a pivot table's spans make the header's columns not the row's)."""
    cells = [" ".join(c.split()) for c in cells]
    if not any(cells):
        return ""
    if not header or len(cells) < 2 or len(header) != len(cells):
        return " | ".join(c for c in cells if c)
    names = [" ".join(h.split()) for h in header]
    named = [_named(name if i == 0 or name != names[i - 1] else "", value)  # a name over two columns, once
             for i, (name, value) in enumerate(zip(names, cells)) if i == 0 or value != cells[i - 1] or not value]
    rest = " | ".join(n for n in named[1:] if n)  # not "; ": a sentence would end there, apart from the row label
    return " — ".join(n for n in (named[0], rest) if n)


def _named(name: str, value: str) -> str:
    return f"{name}: {value}" if value and name and name != value else value


__all__ = ["row_line", "row_lines"]
