"""Tables qa finds in PDFs against the ICDAR 2013 table competition's ground truth, scored its way.

    python -m qa.measure.tables FOLDER [--json]

FOLDER holds ``NAME.pdf`` with ``NAME-str.xml`` (each table's cells: start/end row and column, content).
Each PDF is read by qa's PDF reader, as ``qa show --tables --json`` reads it (qa/convert/pdf/). The score is
Göbel et al.'s cell-adjacency relations: each non-empty cell and its nearest non-empty neighbour to the
right (in every row it spans) and below (in every column it spans), a relation being the pair of contents
and its direction. Relations are counted as a multiset per document (every table of the document pooled, so
a table missed costs recall and a table invented costs precision); contents are compared with case, spaces
and punctuation ignored (the competition compares normalised strings: a cell read "1,292" or "1 292" is the
same cell). Reported: each document's precision, recall and F1, and their means over the documents.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_KEEP = re.compile(r"[^\w]|_", re.UNICODE)


@dataclass(frozen=True)
class Cell:
    """One ground-truth cell and the grid positions it covers."""

    text: str
    rows: range
    cols: range


@dataclass(frozen=True)
class Score:
    name: str
    precision: float
    recall: float
    f1: float
    found: int  # relations in qa's tables
    truth: int  # relations in the ground truth


def normalised(text: str) -> str:
    return _KEEP.sub("", text).casefold()


def truth_tables(path: Path) -> list[list[Cell]]:
    """Each ground-truth table of a ``-str.xml`` file as its cells (a table's regions, where it runs over
    pages, pooled: their rows are numbered apart by the file's own row-increment)."""
    tables = []
    for table in ET.parse(path).getroot().iter("table"):
        cells = []
        for cell in table.iter("cell"):
            r0, c0 = int(cell.get("start-row", 0)), int(cell.get("start-col", 0))
            r1, c1 = int(cell.get("end-row", r0)), int(cell.get("end-col", c0))
            text = " ".join((cell.findtext("content") or "").split())
            cells.append(Cell(text, range(r0, r1 + 1), range(c0, c1 + 1)))
        tables.append(cells)
    return tables


def grid_cells(rows: list[list[str]]) -> list[Cell]:
    """qa's table (header rows then body rows, one string per column) as cells of one position each."""
    return [
        Cell(text, range(r, r + 1), range(c, c + 1))
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]


def relations(cells: list[Cell]) -> Counter[tuple[str, str, str]]:
    """The adjacency relations of one table: (cell, neighbour, "right" | "below") by normalised content."""
    at: dict[tuple[int, int], int] = {}
    for i, cell in enumerate(cells):
        if normalised(cell.text):
            for r in cell.rows:
                for c in cell.cols:
                    at[(r, c)] = i
    if not at:
        return Counter()
    last_row = max(r for r, _ in at)
    last_col = max(c for _, c in at)
    pairs: set[tuple[int, int, str]] = set()
    for i, cell in enumerate(cells):
        if not normalised(cell.text):
            continue
        for r in cell.rows:
            for c in range(cell.cols[-1] + 1, last_col + 1):
                if (r, c) in at and at[(r, c)] != i:
                    pairs.add((i, at[(r, c)], "right"))
                    break
        for c in cell.cols:
            for r in range(cell.rows[-1] + 1, last_row + 1):
                if (r, c) in at and at[(r, c)] != i:
                    pairs.add((i, at[(r, c)], "below"))
                    break
    return Counter((normalised(cells[a].text), normalised(cells[b].text), d) for a, b, d in pairs)


def score(name: str, found: list[list[list[str]]], truth: list[list[Cell]]) -> Score:
    """Precision, recall and F1 of the relations of qa's tables (each its rows of cells) against the
    truth's."""
    mine: Counter[tuple[str, str, str]] = Counter()
    for rows in found:
        mine += relations(grid_cells(rows))
    theirs: Counter[tuple[str, str, str]] = Counter()
    for cells in truth:
        theirs += relations(cells)
    hit = sum((mine & theirs).values())
    p = hit / sum(mine.values()) if mine else 0.0
    r = hit / sum(theirs.values()) if theirs else 0.0
    return Score(name, p, r, 2 * p * r / (p + r) if p + r else 0.0, sum(mine.values()), sum(theirs.values()))


def measure(folder: Path) -> list[Score]:
    """Every ``NAME.pdf`` with a ``NAME-str.xml`` in ``folder``, read as ``qa show --tables`` reads it."""
    from qa.convert.extract import extract

    scores = []
    for pdf in sorted(folder.glob("*.pdf")):
        truth = pdf.with_name(pdf.stem + "-str.xml")
        if truth.exists():
            found = extract(pdf.name, pdf.read_bytes()).tables
            grids = [t.header_rows + t.rows for t in found]
            scores.append(score(pdf.stem, grids, truth_tables(truth)))
    return scores


def report(scores: list[Score]) -> dict:
    n = len(scores) or 1
    return {
        "documents": [s.__dict__ for s in scores],
        "precision": sum(s.precision for s in scores) / n,
        "recall": sum(s.recall for s in scores) / n,
        "f1": sum(s.f1 for s in scores) / n,
    }


def text(summary: dict) -> str:
    lines = [f"{'document':<12} {'P':>6} {'R':>6} {'F1':>6} {'found':>6} {'truth':>6}"]
    for s in summary["documents"]:
        figures = f"{s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}"
        lines.append(f"{s['name']:<12} {figures} {s['found']:6d} {s['truth']:6d}")
    lines.append(f"{'mean':<12} {summary['precision']:6.3f} {summary['recall']:6.3f} {summary['f1']:6.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("folder", type=Path)
    args.add_argument("--json", action="store_true")
    parsed = args.parse_args(argv)
    summary = report(measure(parsed.folder))
    print(json.dumps(summary) if parsed.json else text(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
