"""A PDF page's tables, read from where its words stand: each row one line of cells named by the header row.

A PDF has no tables, only words placed on a page. PDFium gives lines; a line of a table comes out as its
cells with wide gaps between them ("6   6   OTSL   0.965   0.934"), its header's words in whatever order
they were drawn. Where several such lines stand one under the other with their cells in the same columns,
the lines are a table: its columns are where the cells' x ranges fall, its rows where their heights do, its
header the rows above the first row of figures (or a first row of short names). Each body row becomes one
citable line, "Column: cell — Column: cell | …" (qa/text/rows.py), as a Word or HTML table's does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.text.rows import LABEL, MAX_HEADER_ROWS, column_names, row_lines
from qa.text.vocabulary import LETTER, YEAR_IN_TEXT

# A gap between two words this many em wide (the font's height) parts two cells; a word space is about a
# third of an em, and justified text rarely stretches one past two thirds. docling's test PDFs set their
# columns 1.5–8 em apart; their captions and prose lines have no gap of 1 em but after "Table 1.".
COLUMN_GAP_EM = 1.0
ALIGN_EM = 0.5  # cells of one column start (or centre) within this many em of each other
ALIGNED_SHARE = 0.8  # of the cells after the first in each row: a table's all line up, prose's hardly any
MIN_ROWS = 3  # lines of two cells or more, one under the other: fewer is a caption or a heading pair
# A line of cells averages at most this many characters a cell: two columns of prose side by side (which
# PDFium sometimes joins into one line) average far more.
MAX_CELL_CHARS = 40
FRAGMENT_CHARS = 40  # a lone piece this short may be a header's second line or a wrapped cell
LABEL_LINES = 3  # a group's heading and a row's label on lines of their own stand over their row
NEAR_EM = 3.0  # a lone piece this many em above or below the table's rows can belong to it
# A cell list's first column of only these is a bulleted or numbered list, not a table.
_MARKER = re.compile(r"^(?:[•●○◦▪■□–—\-*>]|\(?\w{1,3}[.)]|\d+(?:\.\d+)*)$")
_ENDS = re.compile(r"[.:;,!?]$")
# A name has a word in it: "*" or a glyph's stray letter ("y" for ✓) is none.
_WORD = re.compile(LETTER + "{2}")
# Code, not a column's name: "x = 1", "HR_SCHEMA.EMPLOYEES", "function_usage" (a listing's indentation
# lines its words up in columns too).
_CODE = re.compile(r"[=;{}]|\w\.\w|^[a-z]+(?:_[a-z0-9]+)+$")
MAX_NAME_WORDS = 5  # a column's name is a few words ("Inference time (secs)"); a cell of prose is no name
FIGURE = re.compile(r"^[(\[]?[-+−–]?[$€£¥]?\d[\d.,:/]*\s*[%‰kKMBx×]?[)\]]?$")


@dataclass(frozen=True)
class Piece:
    """Words of one PDFium line with no wide gap between them: a cell, or part of one."""

    text: str
    x0: float
    x1: float
    top: float  # PDF units, y up
    bottom: float
    em: float  # the font's height
    words: tuple[
        tuple[str, float, float], ...
    ] = ()  # each word and its x range, to part a piece over two cells
    mono: bool = False  # set in a monospaced font (Courier, "…Mono"): code, whose columns are no table


@dataclass(frozen=True)
class Table:
    """Lines ``first``..``last`` (PDFium line indexes) of a page are a table; ``rows`` are its lines."""

    first: int
    last: int
    rows: list[str]
    header: list[list[str]]  # the header's printed rows, a cell per column ("" where none stands)
    body: list[list[str]]  # the body's rows, a cell per column, a wrapped line joined to its row


def tables(lines: list[list[Piece]]) -> list[Table]:
    """The tables among a page's lines (each line its pieces; [] for a line with none)."""
    found, i = [], 0
    while i < len(lines):
        run = _run(lines, i)
        table = _table(lines, run) if run else None
        if table:
            found.append(table)
            i = table.last + 1
        else:
            i += 1
    return found


def _is_row(pieces: list[Piece]) -> bool:
    """Cells of a line: two pieces or more, short ones; not a caption set apart from its label by a wide
    gap ("Table SA3.    Distribution of…")."""
    return (
        len(pieces) >= 2
        and sum(len(p.text) for p in pieces) / len(pieces) <= MAX_CELL_CHARS
        and not LABEL.match(pieces[0].text)
    )


def _is_fragment(pieces: list[Piece]) -> bool:
    return len(pieces) == 1 and len(pieces[0].text) <= FRAGMENT_CHARS


def _is_label(lines: list[list[Piece]], i: int) -> bool:
    """A lone piece of any length that ends left of the next line's second cell, when that line is a row: a
    row's label printed on a line of its own, or a group's heading ("Child feeding practices (based on
    last-born child…) (%)" over its rows of figures), which stands in the table's first column."""
    if len(lines[i]) != 1:
        return False
    nxt = next((line for line in lines[i + 1 : i + 1 + LABEL_LINES] if len(line) != 1), [])
    return _is_row(nxt) and lines[i][0].x1 < nxt[1].x0


def _run(lines: list[list[Piece]], start: int) -> tuple[int, int] | None:
    """The lines from ``start`` that could be one table (rows, and short pieces among them), when it has
    MIN_ROWS rows; None when ``start`` opens no table."""
    if not (_is_row(lines[start]) or _is_fragment(lines[start]) or _is_label(lines, start)):
        return None
    end, rows = start, 0
    while (
        end < len(lines)
        and (_is_row(lines[end]) or _is_fragment(lines[end]) or _is_label(lines, end))
        and (end == start or _near(lines[end - 1], lines[end]))
    ):
        rows += _is_row(lines[end])
        end += 1
    return (start, end - 1) if rows >= MIN_ROWS else None


def _near(above: list[Piece], below: list[Piece]) -> bool:
    """Whether two lines stand close enough on the page to be rows of one table (a heading after a table
    stands further off than its rows; a header's pieces come in any order, but within the header)."""
    em = max(p.em for p in above + below)
    return abs(min(p.bottom for p in above) - min(p.bottom for p in below)) <= NEAR_EM * em


def _block(lines: list[list[Piece]], run: tuple[int, int]) -> tuple[int, int] | None:
    """The first stretch of the run that is one table: cut at a lone piece that spans two columns or more
    (a caption, a line of prose: a header's or a wrapped cell's piece stands over one), holding MIN_ROWS
    rows, without the lone pieces far above or below its rows."""
    columns = _columns([lines[i] for i in range(run[0], run[1] + 1) if _is_row(lines[i])], [])
    stretch: list[int] = []
    for i in [*range(run[0], run[1] + 1), None]:
        wide = i is None or (not _is_row(lines[i]) and sum(_overlaps(lines[i][0], c) for c in columns) > 1)
        if not wide:
            stretch.append(i)
            continue
        rows = [k for k in stretch if _is_row(lines[k])]
        if len(rows) >= MIN_ROWS:
            top = max(p.top for k in rows for p in lines[k])
            bottom = min(p.bottom for k in rows for p in lines[k])
            em = max(p.em for k in rows for p in lines[k])
            keep = [
                k
                for k in stretch
                if k in rows or bottom - NEAR_EM * em <= lines[k][0].bottom <= top + NEAR_EM * em
            ]
            return keep[0], keep[-1]
        stretch = []
    return None


def _overlaps(p: Piece, column: tuple[float, float]) -> bool:
    return p.x0 < column[1] and column[0] < p.x1


def _table(lines: list[list[Piece]], run: tuple[int, int]) -> Table | None:
    block = _block(lines, run)
    if block is None:
        return None
    first, last = block
    rows = [i for i in range(first, last + 1) if _is_row(lines[i])]
    cells = [p for i in rows for p in lines[i]]
    if sum(p.mono for p in cells) * 2 > len(cells) and sum(
        bool(FIGURE.match(p.text)) for p in cells
    ) * 2 < len(cells):
        return None  # a code listing: its columns are indentation (a typewriter report's figures are a table)
    if not _aligned([lines[i] for i in rows]):
        return None  # words set apart at random places: justified prose (a narrow column's wide spaces)
    columns = _columns([lines[i] for i in rows], [lines[i] for i in range(first, last + 1) if i not in rows])
    if len(columns) < 2 or len(columns) > 2 * max(len(lines[i]) for i in rows):
        return None  # cells that line up in no columns
    printed = _visual_rows([p for i in range(first, last + 1) for p in lines[i]])
    grid = [_cells(row, columns) for row in printed]
    if (
        all(_MARKER.match(cells[0]) or len(cells[0]) == 1 for cells in grid if cells[0])
        and sum(bool(c[0]) for c in grid) >= len(grid) - 1
    ):
        return None  # "•  item" or "1.  item": a list
    first, printed, grid, head = _below_titles(lines, first, printed, grid)
    # A header row above another one keeps a name set over several columns whole (a measure over its
    # years): it names each column it spans. The last header row names one column per cell.
    spans = [_spans_of(row, columns) for row in printed[: max(0, head - 1)]]
    spans = [_over_years(cells, reach, grid[head - 1]) for cells, reach in spans]
    header = [cells for cells, _ in spans] + grid[len(spans) : head]
    names = column_names(header, [reach for _, reach in spans])
    if sum(map(bool, names)) < 2:
        head, header, names = 0, [], []  # rows that name one column or none are no header: they stay rows
    body = _body(grid[head:])
    if len(body) < 2 or not (names or any(_figures(cells) for cells in body)):
        return None  # words in columns with no header and no figures: a list or a form, kept as its lines
    return Table(first, last, row_lines(body, names or None, merged=False, printed=header), header, body)


def _below_titles(
    lines: list[list[Piece]], first: int, printed: list[list[Piece]], grid: list[list[str]]
) -> tuple[int, list[list[Piece]], list[list[str]], int]:
    """The table without the rows on top that hold a first cell alone over its header ("Chandel- Key
    Indicators" over "DLHS-4 (2012-13) | DLHS-3 (2007-08)"): a title, which stays a line of the page; and
    how many of the rows left are the header (``header_rows``)."""
    lead = 0
    while lead < len(grid) - 1 and _labels_only(grid[lead]):
        lead += 1
    head = header_rows(grid[lead:]) if lead else 0
    if not head:
        return first, printed, grid, header_rows(grid)
    kept = {id(p) for row in printed[lead:] for p in row}
    first = next(i for i in range(first, len(lines)) if any(id(p) in kept for p in lines[i]))
    return first, printed[lead:], grid[lead:], head


def _aligned(rows: list[list[Piece]]) -> bool:
    """Whether the cells after each row's first stand where another row's do: their left edges, middles or
    right edges within ALIGN_EM of each other (left-aligned words, centred ones, right-aligned figures and
    names), for ALIGNED_SHARE of them. A justified line's wide spaces fall anywhere."""
    inner = [(r, p) for r, pieces in enumerate(rows) for p in pieces[1:]]

    def lined_up(r: int, p: Piece) -> bool:
        tol = ALIGN_EM * p.em
        return any(
            abs(q.x0 - p.x0) <= tol
            or abs((q.x0 + q.x1) - (p.x0 + p.x1)) / 2 <= tol
            or abs(q.x1 - p.x1) <= tol
            for k, other in enumerate(rows)
            if k != r
            for q in other
        )

    return bool(inner) and sum(lined_up(r, p) for r, p in inner) >= ALIGNED_SHARE * len(inner)


def _columns(rows: list[list[Piece]], lone: list[list[Piece]]) -> list[tuple[float, float]]:
    """The columns' x ranges: each cell widens the one column it overlaps, opens one where it overlaps none,
    and a cell over several (a spanning cell) shapes none. Rows with most cells go first, lone pieces (a
    header's stacked words over a column no row fills) last."""
    columns: list[list[float]] = []
    for pieces in sorted(rows, key=len, reverse=True) + lone:
        for p in pieces:
            hit = [c for c in columns if _overlaps(p, (c[0], c[1]))]
            if not hit:
                columns.append([p.x0, p.x1])
            elif len(hit) == 1:
                hit[0][0], hit[0][1] = min(hit[0][0], p.x0), max(hit[0][1], p.x1)
    return sorted((c[0], c[1]) for c in columns)


def _visual_rows(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces grouped by height on the page, top down: one group per row of the table as it is printed."""
    rows: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda p: -(p.top + p.bottom)):
        middle = (p.top + p.bottom) / 2
        if rows and min(q.bottom for q in rows[-1]) <= middle <= max(q.top for q in rows[-1]):
            rows[-1].append(p)
        else:
            rows.append([p])
    return rows


def _cells(row: list[Piece], columns: list[tuple[float, float]]) -> list[str]:
    """The row's text in each column: a piece goes to the column it overlaps most (the nearest if none)."""
    cells: list[list[tuple[float, str]]] = [[] for _ in columns]
    for p in row:
        parts = [(p.text, p.x0, p.x1)]
        if p.words and sum(min(p.x1, c1) > max(p.x0, c0) for c0, c1 in columns) > 1:
            parts = list(p.words)  # over two columns: a header's words set closer than a column gap
        for text, x0, x1 in parts:
            cells[_column(x0, x1, columns)].append((x0, text))
    return [" ".join(text for _, text in sorted(c)) for c in cells]


def _spans_of(row: list[Piece], columns: list[tuple[float, float]]) -> tuple[list[str], list[int]]:
    """The row's text in each column, a piece over several columns kept whole in the first, and for each
    column the one after the last its cell spans."""
    cells: list[list[tuple[float, str]]] = [[] for _ in columns]
    reach = [c + 1 for c in range(len(columns))]
    for p in row:
        over = [c for c, (c0, c1) in enumerate(columns) if min(p.x1, c1) > max(p.x0, c0)]
        at = over[0] if over else _column(p.x0, p.x1, columns)
        cells[at].append((p.x0, p.text))
        reach[at] = max(reach[at], (over[-1] + 1) if over else at + 1)
    return [" ".join(text for _, text in sorted(c)) for c in cells], reach


def _over_years(cells: list[str], reach: list[int], below: list[str]) -> tuple[list[str], list[int]]:
    """A name set flush left over the columns it spans reaches across the empty places to its right: over
    years ("No. of stores" over "1996 | 1991") while the header row below holds a year there, as under its
    first column. Names set at a steady step over the same names repeated below ("2007 | | 2009 |" over
    "no. | % | no. | %", or "Total | Male | Female" each centred over "Total | Under 18 | 18 and over") each
    name the group of columns they stand over: a centred name moves to its group's first column."""
    reach = list(reach)
    filled = [g for g, cell in enumerate(cells) if cell]
    if len(filled) == 1 and _UNIT.match(cells[filled[0]]) and len(cells) > 1:
        # "(Per cent)" or "(Rs. in 000)" alone over the header, set flush right: the unit of every column of
        # figures, not of the one it happens to stand over.
        return ["", cells[filled[0]], *[""] * (len(cells) - 2)], [1, len(cells), *reach[2:]]
    for g, cell in enumerate(cells):
        if cell and _YEAR.match(below[g]):
            while reach[g] < len(cells) and not cells[reach[g]] and _YEAR.match(below[reach[g]]):
                reach[g] += 1
    step, start = _step(cells, below)
    if not step:
        return cells, reach
    moved = [""] * len(cells)
    for k, g in enumerate(filled):
        at = start + k * step
        moved[at], reach[at] = cells[g], max(reach[at], min(len(cells), at + step))
    return moved, reach


# A unit in parentheses, as statistics offices print it over a table: "(Per cent)", "(In thousands)", "(Rs.
# in 000)", "(%)"; not a year or a note ("(2012-13)", "(Revised)").
_UNIT = re.compile(
    r"^\((?:[^()]*\b(?:per ?cent|percent|thousands?|lakhs?|crores?|millions?|billions?|in\b)[^()]*"
    r"|%|000|'000)\)$",
    re.IGNORECASE,
)


def _step(cells: list[str], below: list[str]) -> tuple[int, int]:
    """The step at which a header row's names stand, two columns or more, when the row below repeats the
    same names in each group of that many columns (every place filled), and the column where the first
    name's group starts (the name stands within its group: flush left, centred or flush right); (0, 0) for
    none."""
    filled = [g for g, cell in enumerate(cells) if cell]
    if len(filled) < 2:
        return 0, 0
    step = filled[1] - filled[0]
    if step < 2 or any(b - a != step for a, b in zip(filled, filled[1:])):
        return 0, 0
    for start in range(filled[0], max(-1, filled[0] - step), -1):
        if start + step * len(filled) > len(below):
            continue
        groups = [below[start + k * step : start + (k + 1) * step] for k in range(len(filled))]
        if all(groups[0]) and all(group == groups[0] for group in groups):
            return step, start
    return 0, 0


def _column(x0: float, x1: float, columns: list[tuple[float, float]]) -> int:
    """The column a range overlaps most, or the nearest."""

    def fit(c: int) -> tuple[float, float]:
        c0, c1 = columns[c]
        return min(x1, c1) - max(x0, c0), -abs((c0 + c1) / 2 - (x0 + x1) / 2)

    return max(range(len(columns)), key=fit)


def _figures(cells: list[str]) -> bool:
    """Whether half the row's cells are figures, a dash or "n/a" for a figure not given left out."""
    filled = [c for c in cells if c and not _NO_FIGURE.match(c)]
    return bool(filled) and sum(bool(FIGURE.match(c)) for c in filled) * 2 >= len(filled)


# A cell that stands for a figure not given: "—", "-", "..", "…", "*", "x", "n/a", "na", "(X)", "nil".
_NO_FIGURE = re.compile(r"^(?:[-–—.…*x]+|n/?a|\(x\)|nil)$", re.IGNORECASE)


def header_rows(grid: list[list[str]]) -> int:
    """How many rows on top are the header: the rows above the first row of figures where the table holds
    figures, else the first row when it reads as names (short, no sentence ending: "Data type", not
    "shown in Example 2-1.")."""
    numeric = [i for i, cells in enumerate(grid) if _figures(cells)]
    while len(numeric) > 1 and _years(grid[numeric[0]]):
        numeric.pop(0)  # a row of years over the figures ("2009 | 2010") names their columns
    if numeric and len(numeric) * 2 >= len(grid) - numeric[0]:
        head = numeric[0]
        while head and _labels_only(grid[head - 1]):
            head -= 1  # a group's heading over its first rows is the body's, not the header's
        naming = sum(not _labels_only(cells) for cells in grid[:head])  # a title over the header names none
        naming -= _beside(grid[:head])
        levels = numeric[0] - _beside(grid[: numeric[0]])
        return head if 0 < naming <= MAX_HEADER_ROWS else numeric[0] if levels <= MAX_HEADER_ROWS else 1
    names = [c for c in grid[0] if c]
    return (
        1
        if all(
            len(c.split()) <= MAX_NAME_WORDS
            and not _ENDS.search(c)
            and not _CODE.search(c)
            and _WORD.search(c)
            for c in names
        )
        else 0
    )


def _beside(rows: list[list[str]]) -> int:
    """How many of the rows are lines of names printed beside a row of one-line names: a row that fills only
    columns the row next to it leaves empty ("Standing" over "Unit Rate |  | Unit Rate Day", "Charge" under
    it). Such a row is no level of the header of its own, whatever the printed rows' count."""
    filled = [{c for c, cell in enumerate(cells) if cell} for cells in rows]
    return sum(bool(a) and bool(b) and not a & b for a, b in zip(filled, filled[1:]))


def _labels_only(cells: list[str]) -> bool:
    """A row with its first cell alone filled: a title, a heading, or a group's label."""
    return bool(cells[0]) and not any(cells[1:])


def _years(cells: list[str]) -> bool:
    """A row of years ("2009", "2003–04", "1996"), two at least: a header row, not a row of figures."""
    filled = [c for c in cells if c]
    return len(filled) >= 2 and all(_YEAR.match(c) for c in filled)


_YEAR = re.compile(rf"^{YEAR_IN_TEXT}(?:\s*[–/-]\s*\d{{2,4}})?[a-z*]?$")


def _spans(grid: list[list[str]]) -> list[list[str]]:
    """Cells set between two rows (a cell spanning both, printed at their middle height) given to both: a row
    whose every cell stands where both rows beside it have none, and that fills no more cells than they do."""
    rows = [list(cells) for cells in grid]
    out: list[list[str]] = []
    for i, cells in enumerate(rows):
        filled = {c for c, text in enumerate(cells) if text}
        above, below = (out[-1] if out else None), (rows[i + 1] if i + 1 < len(rows) else None)
        if (
            above
            and below
            and filled
            and all(not above[c] and not below[c] for c in filled)
            and len(filled) <= min(sum(map(bool, above)), sum(map(bool, below)))
        ):
            for c in filled:
                above[c] = below[c] = cells[c]
        else:
            out.append(cells)
    return out


def _body(grid: list[list[str]]) -> list[list[str]]:
    """Body rows, a cell's wrapped line joined to its row (a row with its first cell empty and most cells
    empty), and a row whose first cells are empty under a row that spans them given theirs."""
    body: list[list[str]] = []
    for cells in _spans(grid):
        filled = sum(map(bool, cells))
        if body and not cells[0] and filled * 2 < len(cells):
            body[-1] = [f"{a} {b}".strip() for a, b in zip(body[-1], cells)]
        elif body and not cells[0]:
            lead = next(i for i, c in enumerate(cells) if c)
            body.append(body[-1][:lead] + cells[lead:])
        else:
            body.append(cells)
    return body


__all__ = ["FIGURE", "Piece", "Table", "header_rows", "tables"]
