"""In a table's row, the cell of the column a question names: "… growth rate in 2001-2011?" asks for the cell
under "2001-2011", not the one under "1991-2001" that the reader marked.

A reader trained on prose picks among a row's figures by their neighbourhood, and the column names stand
beside each figure alike. The question names a column by its words: the one cell whose name shares the most
of the question's terms, more than any other cell's, is the answer's place. A question that names no
column (or two alike) leaves the reader's span as it is. A cell the question states (the row's label it
names to say which row it means, or the figure it gives: "In which year were 180 ducks counted?") is never
the answer's place, and a name's word that the row's own cells use does not tell its column.
"""

from __future__ import annotations

from qa.text.cellnames import Names
from qa.text.terms import terms

CELL_END = (" | ", "\n")  # what ends a cell in a row's text ("Kerala — 24.76 | 26.29")
LABEL_END = " — "  # what ends a row's label cell


def named_cell(question: str, text: str, offset: int, names: Names, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` (document offsets; ``text`` starts at ``offset``) moved to the cell of its row whose column
    the question names, when exactly one does; else ``span`` unchanged. ``names``: the cells' names, each
    with its cell's offset (qa/text/cellnames.py)."""
    row = _row_cells(text, offset, names, span[0])
    asked = set(terms(question))
    said = set(terms(" ".join(text[a - offset : b - offset] for a, b, _ in row)))
    # A cell the question states ("Kerala", "180 freshwater ducks") is what it asks about, not for; a name's
    # word that the row's cells also use ("reported" in "Cases reported from…") does not tell its column.
    scored = sorted(
        (
            (len(asked & set(terms(name)) - said), a, b)
            for a, b, name in row
            if not set(terms(text[a - offset : b - offset])) <= asked
        ),
        reverse=True,
    )
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return span
    return scored[0][1], scored[0][2]


def _row_cells(text: str, offset: int, names: Names, at: int) -> list[tuple[int, int, str]]:
    """The named cells of the row (line) holding offset ``at``, its label's among them: (start, end, name)."""
    local = at - offset
    if not 0 <= local <= len(text):
        return []
    line_start = text.rfind("\n", 0, local) + 1
    line_end = text.find("\n", local)
    line_end = len(text) if line_end < 0 else line_end
    cells = []
    for start, name in names:
        a = start - offset
        if not line_start <= a < line_end or not name:
            continue
        ends = (text.find(sep, a, line_end) for sep in (*CELL_END, LABEL_END))
        b = min([e for e in ends if e >= 0] or [line_end])
        cells.append((offset + a, offset + b, name))
    return cells


__all__ = ["named_cell"]
