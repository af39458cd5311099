"""A PDF page's ruled tables: cells bounded by drawn lines, read by pdfplumber's table finder.

Where a table is drawn with rules, the rules are its structure: every cell's box, spanning cells included,
without guessing columns from where words stand (qa/convert/pdf/grid.py, which reads the tables drawn
without rules). pdfplumber's "lines" strategy finds them. A box of rules is no table when it holds no text
in most of its cells (a chart's grid, a frame around a figure) or when its rows are not ruled apart (each
cell then holds a stack of the column's figures, one per printed row): such a box is left to the grid
reader, which reads its words' places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from qa.convert.pdf.grid import FIGURE, header_rows
from qa.text.rows import MAX_HEADER_ROWS, column_names

# Both chosen on the ICDAR 2013 dev PDFs' tune half (even-numbered in name order) and kept because the
# check half agrees (docs/tables.md): a ruled table fills most of its cells once empty rows and columns are
# dropped, a chart's grid or a frame around a figure few (tune F1 0.812 at 0.6, 0.853 at 0.5, 0.850 at
# 0.3-0.4, 0.790 at 0.2 or below; check 0.917 from 0.3 up, 0.861 below).
MIN_FILLED = 0.5
# A cell of two printed lines or more, holding figures and nothing else, is rows not ruled apart: the
# column's figures stacked, one line per printed row. More such cells than this share of the filled ones
# mark the whole table so (tune F1 0.853 at 0-0.1, 0.772 at 0.3).
MAX_STACKED = 0.1


# A word space is about a third of an em: two words further apart than half an em across a column's start
# stand in two columns (figures right-aligned in narrow columns stand under an em apart: 10.8 points at 11).
SPACE_EM = 0.5
SLACK = 1.0  # PDF units: a cell's edge past its column's by more than this runs into the next column


@dataclass(frozen=True)
class RuledTable:
    left: float  # PDF units, as pdfplumber measures: x from the left, top and bottom from the page's top
    top: float
    right: float
    bottom: float
    rows: list[list[str]]  # a cell per column, "" where a spanning cell stands to the left or above
    head: int  # how many rows on top are the header
    titles: list[str]  # header rows of one cell across the table
    names: list[str]  # each column's name: the header cells over it, a spanning one over each it spans
    stubs: list[str]  # each row's first cell, a cell spanning rows given to each row it spans


RULE_MIN = 5.0  # PDF units: a path this long in one direction and under THIN in the other is a rule
THIN = 3.0


def may_be_ruled(page) -> bool:
    """Whether a PDFium page draws rules both across and down (two of each at least, a box counting as
    both): what a ruled table needs. pdfplumber reads a page in about 80 ms, four times PDFium's whole
    reading; on the ICDAR dev PDFs this skips a third of the pages and none that holds a ruled table."""
    import pypdfium2.raw as pdfium_c

    across = down = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=5):
        left, bottom, right, top = obj.get_bounds()
        width, height = right - left, top - bottom
        if width >= THIN and height >= THIN:
            across, down = across + 2, down + 2
        elif width >= RULE_MIN:
            across += 1
        elif height >= RULE_MIN:
            down += 1
        if across >= 2 and down >= 2:
            return True
    return False


def ruled_tables(pdf, number: int) -> list[RuledTable]:
    """The ruled tables of page ``number`` (from 1) of an open ``pdfplumber`` document; none where pdfminer
    cannot parse the page (its text is PDFium's, read all the same)."""
    try:
        tables = pdf.pages[number - 1].find_tables()
    except Exception:  # pdfminer raises many kinds (PDFSyntaxError, KeyError, …) for what it cannot parse
        return []
    found = []
    for table in tables:
        read = _read(table)
        if read:
            found.append(read)
    return [t for t in found if not any(o is not t and _holds(t, o) for o in found)]


def _holds(outer: RuledTable, inner: RuledTable) -> bool:
    """Whether ``inner``'s box lies inside ``outer``'s: a frame ruled around the page or a panel, which
    pdfplumber reads as one more table holding the table's text, is not one."""
    return (
        outer.left - SLACK <= inner.left
        and inner.right <= outer.right + SLACK
        and outer.top - SLACK <= inner.top
        and inner.bottom <= outer.bottom + SLACK
    )


def _read(table) -> RuledTable | None:
    """One of pdfplumber's tables as rows of cells, or None when it is no table of text."""
    chars = [ch for ch in table.page.chars if _within(ch, table.bbox)]  # every cell's are among these
    texts = _turned(table, table.extract(), chars)  # None where a spanning cell covers the place
    boxes = [row.cells for row in table.rows]  # each cell's box, aligned with ``texts``
    keep = [r for r, row in enumerate(texts) if any(_text(c) for c in row)]
    groups = _groups([texts[r] for r in keep])
    cells = [[next((texts[r][c] for c in g if _text(texts[r][c])), "") or "" for g in groups] for r in keep]
    if not _is_table(cells):
        return None
    rows = [[" ".join(_CID.sub(" • ", c).split()) for c in row] for row in cells]
    group_of = {c: i for i, g in enumerate(groups) for c in g}
    starts_at = _starts(boxes)
    starts = [starts_at[g[0]] for g in groups]
    reach = [_reach(boxes[r], texts[r], group_of, starts) for r in keep]
    for k, r in enumerate(keep):
        _spread_row(chars, boxes[r], groups, starts, rows[k], reach[k])
    spanning = [any(reach[k][g] > g + 1 for g in range(len(groups)) if rows[k][g]) for k in range(len(keep))]
    head = max(_head(rows, spanning), _reaching(table, keep))
    # A header row of one cell across the whole table is its title: it names every column alike, so it
    # stands once, as a line of its own, not in each column's name.
    titles = [
        k for k in range(head) if sum(map(bool, rows[k])) == 1 and rows[k][0] and reach[k][0] == len(groups)
    ]
    named = [k for k in range(head) if k not in titles]
    names = column_names([rows[k] for k in named], [reach[k] for k in named]) if named else [""] * len(groups)
    stubs = _stubs(table, keep, groups[0], rows)
    x0, top, x1, bottom = table.bbox
    return RuledTable(x0, top, x1, bottom, rows, head, [rows[k][0] for k in titles], names, stubs)


# How pdfplumber reads a cell of turned text: words along their letters (up the page for text turned a
# quarter counter-clockwise, a column's name printed up its narrow column; down it for a clockwise turn),
# lines across (left to right, right to left), and the text laid out as ordinary lines. Its default
# reads every turned letter top down, so a name printed upward came out backwards ("noitalupoP").
_READ_UP: dict[str, Any] = {
    "line_dir": "ltr",
    "char_dir": "btt",
    "line_dir_rotated": "ltr",
    "char_dir_rotated": "btt",
}
_READ_DOWN: dict[str, Any] = {
    "line_dir": "rtl",
    "char_dir": "ttb",
    "line_dir_rotated": "rtl",
    "char_dir_rotated": "ttb",
}
_AS_LINES: dict[str, Any] = {"line_dir_render": "ttb", "char_dir_render": "ltr"}


def _turned(table, texts: list[list[str | None]], chars: list[dict]) -> list[list[str | None]]:
    """``texts`` with each cell whose letters (among the table's ``chars``) are mostly turned a quarter read
    again along them."""
    from pdfplumber.utils import extract_text

    if all(ch["upright"] for ch in chars):
        return texts
    for r, row in enumerate(table.rows):
        for c, box in enumerate(row.cells):
            letters = [ch for ch in chars if box and _within(ch, box)]
            turned = [ch for ch in letters if not ch["upright"]]
            if turned and 2 * len(turned) > len(letters):
                up = 2 * sum(ch["matrix"][1] > 0 for ch in turned) > len(turned)
                texts[r][c] = extract_text(letters, **(_READ_UP if up else _READ_DOWN), **_AS_LINES)
    return texts


def _spread_row(
    chars: list[dict],
    boxes: list,
    groups: list[list[int]],
    starts: list[float],
    row: list[str],
    reach: list[int],
) -> None:
    """Each cell of the row that spans columns with no rules inside (a shaded band across the table, a
    group's names in one box) and whose words stand apart in those columns, read in those columns (``row``
    and ``reach`` in place)."""
    for g, cell in enumerate(row):
        end = reach[g]
        if not cell or end <= g + 1 or any(row[g + 1 : end]):
            continue
        box = next((boxes[c] for c in groups[g] if boxes[c]), None)
        if box is not None and (spread := _spread(chars, box, starts[g:end])):
            row[g:end] = spread
            reach[g:end] = list(range(g + 1, end + 1))


def _spread(chars: list[dict], box: tuple, starts: list[float]) -> list[str] | None:
    """The words of one box spanning columns, in the columns they stand in ("Bihar   21,016,708
    4,332,141 …", a shaded row ruled as one box; "Medical & Family Welfare   Public Health" in one box over
    two columns), when on some line two of them stand in two columns over half an em apart and they fill
    two columns or more, half of those spanned at least. None for a box that is one cell as printed: a title
    or a name over its columns, whose words run on across a column's start with a word space, or fill
    fewer columns."""
    from pdfplumber.utils import extract_words

    words = extract_words([ch for ch in chars if _within(ch, box)])
    spread: list[list[str]] = [[] for _ in starts]
    before: tuple[int, dict] | None = None
    apart = False
    for w in words:
        at = max((g for g, x in enumerate(starts) if x <= w["x0"] + SLACK), default=0)
        em = w["bottom"] - w["top"]
        if before and before[0] != at and abs(w["top"] - before[1]["top"]) < em / 2:  # on one line
            if w["x0"] - before[1]["x1"] < SPACE_EM * em:
                return None  # a word space across a column's start: one name or line across the columns
            apart = True
        spread[at].append(w["text"])
        before = (at, w)
    out = [" ".join(ws) for ws in spread]
    filled = sum(map(bool, out))
    return out if apart and filled >= 2 and 2 * filled >= len(out) else None


def _within(ch: dict, box: tuple[float, float, float, float]) -> bool:
    """Whether a character's middle stands in ``box``: pdfplumber's own test of a cell's characters."""
    x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


# pdfplumber spells a glyph its font maps to no Unicode "(cid:129)": never quoted as such. In a cell it is a
# list's bullet more often than not ("(cid:129) Control valves (cid:129) High-pressure pumps"), as PDFium's
# reading of a private-use glyph is (qa/convert/pdf/text.py: glyphs).
_CID = re.compile(r"\(cid:\d+\)")


def _starts(boxes: list[list]) -> list[float]:
    """Where each of pdfplumber's columns starts: the left edge of the cells that start in it."""
    return [min((b[c][0] for b in boxes if b[c]), default=0.0) for c in range(len(boxes[0]))] if boxes else []


def _reach(boxes: list, texts: list[str | None], group_of: dict[int, int], starts: list[float]) -> list[int]:
    """For each printed column of a row, the column after the last one its cell covers: the next one for a
    cell of one column, further for a cell whose right edge runs past the next columns' starts."""
    reach = [g + 1 for g in range(len(starts))]
    for c, box in enumerate(boxes):
        if box and _text(texts[c]) and c in group_of:
            g = group_of[c]
            reach[g] = next(
                (e for e in range(g + 1, len(starts)) if box[2] <= starts[e] + SLACK), len(starts)
            )
    return reach


def _text(cell: str | None) -> bool:
    return bool(cell and cell.strip())


def _groups(rows: list[list[str | None]]) -> list[list[int]]:
    """The columns as printed: pdfplumber's columns side by side merged where no row fills both (rules drawn
    a little apart in the header and the body, or a spanning cell's edge that runs on, cut one column in
    two, each half filled in other rows), a column no row fills joined to the one on its left."""
    groups: list[list[int]] = []
    filled: list[set[int]] = []  # the rows each group fills
    for c in range(max(map(len, rows), default=0)):
        mine = {r for r, row in enumerate(rows) if c < len(row) and _text(row[c])}
        if groups and not (mine & filled[-1]):
            groups[-1].append(c)
            filled[-1] |= mine
        else:
            groups.append([c])
            filled.append(mine)
    return [g for g, f in zip(groups, filled) if f]


def _head(rows: list[list[str]], spanning: list[bool]) -> int:
    """The header's rows: where a cell spans columns in the table's first rows (a measure over its years),
    those rows and the row under them; else the rows above the first row of figures (``grid``)."""
    lead = [r for r in range(min(MAX_HEADER_ROWS, len(rows))) if spanning[r] and not _band(rows, r)]
    head = lead[-1] + 2 if lead else header_rows(rows)
    return max(0, min(head, len(rows) - 1))


def _reaching(table, keep: list[int]) -> int:
    """The rows the first row's cells reach down over: a header of names printed over two or three ruled
    lines ("No. / of / Cases" beside "Name of District" in one tall cell) is as deep as its tall cells. Two
    such cells at least: one alone is a group's label spanning its rows ("Race/Ethnicity")."""
    if len(keep) < 2:
        return 0
    first = [box for box in table.rows[keep[0]].cells if box]
    tall = [box[3] for box in first if box[3] > table.rows[keep[1]].bbox[1] + SLACK]
    if len(tall) < 2:
        return 0
    bottom = max(tall)
    depth = sum(table.rows[r].bbox[1] < bottom - SLACK for r in keep)
    return depth if depth <= MAX_HEADER_ROWS and depth < len(keep) else 0


def _band(rows: list[list[str]], r: int) -> bool:
    """A row of one cell across the table under a header row of several cells ("REGION : EAST AND NORTH
    EAST INDIA" under "ACTUAL (mm) | NORMAL (mm) | …"): the label of the rows under it, not a header row."""
    return sum(map(bool, rows[r])) == 1 and any(sum(map(bool, rows[k])) > 1 for k in range(r))


def _stubs(table, keep: list[int], stub: list[int], rows: list[list[str]]) -> list[str]:
    """Each row's first cell; an empty one under a first cell whose box reaches down past the row's top (a
    group label spanning its rows, "Race/Ethnicity") takes that cell's text."""
    out: list[str] = []
    above: tuple[str, float] | None = None  # the last first cell and its box's bottom
    for r, row in zip(keep, rows):
        box = next((table.rows[r].cells[c] for c in stub if table.rows[r].cells[c]), None)
        if row[0]:
            above = (row[0], box[3]) if box else None
            out.append(row[0])
        elif above and above[1] > table.rows[r].bbox[1] + SLACK:
            out.append(above[0])
        else:
            out.append("")
    return out


def _is_table(cells: list[list[str]]) -> bool:
    if len(cells) < 2 or max(map(len, cells)) < 2:
        return False
    filled = [c for row in cells for c in row if c.strip()]
    if len(filled) < MIN_FILLED * sum(map(len, cells)):
        return False
    stacked = [c for c in filled if len(c.splitlines()) >= 2 and all(FIGURE.match(x) for x in c.split())]
    return len(stacked) <= MAX_STACKED * len(filled)
