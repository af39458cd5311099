"""qa's reading of real documents against docling's hand-checked conversions (its tests/data/groundtruth).

    python -m qa.measure.docling DOCS_DIR GROUNDTRUTH_DIR

For each document of DOCS_DIR with a ground truth (``<stem>.json`` for a PDF, ``<file name>.json`` for
Word and HTML, DoclingDocument JSON), in the text qa extracts and the blocks qa lays out:

- recall: the share of the ground truth's words (body, lists, captions, headings, footnotes and table
  cells; not running headers and footers, nor what docling files as page furniture) found in qa's text,
  counted as a multiset of lower-cased words;
- items: the share of ground-truth items whose words stand in qa's text in order, contiguously;
- chrome: ground-truth paragraphs (5 words or more) that qa set aside as chrome (must be 0);
- headings: precision and recall of qa's headings (title and heading blocks) against the ground truth's
  section headers and title, matched by their words;
- table rows: ground-truth table rows (below the rows docling marks as column headers) most of whose cells
  qa's text names with their column (the column's name before the cell on one line: "Header: cell"),
  of all such rows.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

SKIPPED = {"page_header", "page_footer"}  # chrome a reader may set aside
HEADINGS = {"section_header", "title"}
WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def _contains(haystack: list[str], needle: list[str]) -> bool:
    if not needle:
        return True
    joined, wanted = " " + " ".join(haystack) + " ", " " + " ".join(needle) + " "
    return wanted in joined


def _ground_items(truth: dict[str, Any]) -> list[tuple[str, str]]:
    items = [
        (t["label"], t.get("text") or "")
        for t in truth.get("texts", [])
        if t.get("label") not in SKIPPED and t.get("content_layer") != "furniture"
    ]
    for table in truth.get("tables", []):
        items += [("table_cell", cell.get("text") or "") for cell in table["data"].get("table_cells", [])]
    return [(label, text) for label, text in items if words(text)]


def _table_rows(truth: dict[str, Any]) -> list[list[tuple[str, str]]]:
    """Each data row of each table with a header (rows docling marks as column headers) as (column name,
    cell) pairs; a column's name joins its header rows' texts ("TEDs simple")."""
    rows = []
    for table in truth.get("tables", []):
        grid = table["data"].get("grid") or []
        head = 0
        while head < len(grid) and any(cell.get("column_header") for cell in grid[head]):
            head += 1
        if not head or head == len(grid):
            continue  # no header row (a contents list, a code listing): nothing names its cells
        names = [
            " ".join(dict.fromkeys(grid[r][c].get("text") or "" for r in range(head) if c < len(grid[r])))
            for c in range(len(grid[0]))
        ]
        if len({n for n in names if words(n)}) < 2:
            continue  # one title spanning the table (an infobox's name): its rows are label/value pairs
        for row in grid[head:]:
            pairs = [(names[i], cell.get("text") or "") for i, cell in enumerate(row) if i < len(names)]
            rows.append([(h, c) for h, c in pairs if words(h) and words(c) and h != c])
    return [row for row in rows if row]


def _after(line: list[str], first: list[str], then: list[str]) -> bool:
    """Whether ``then`` stands in ``line`` after ``first`` (both contiguous)."""
    joined = " " + " ".join(line) + " "
    at = joined.find(" " + " ".join(first) + " ")
    return at >= 0 and (" " + " ".join(then) + " ") in joined[at:]


def _named_pair(header: str, cell: str, lines: list[list[str]]) -> bool:
    """A cell named by its column: on one line, the column's last header word before the cell's words; a
    cell docling merged from several printed rows ("0.965 0.969") counts when each part is so named."""
    name = words(header)[-1:]
    parts = [cell] if any(_after(line, name, words(cell)) for line in lines) else cell.split()
    return all(any(_after(line, name, words(part)) for line in lines) for part in parts if words(part))


def _named(row: list[tuple[str, str]], lines: list[list[str]]) -> bool:
    """Whether qa's text names most of the row's cells after their column headers."""
    return sum(_named_pair(h, c, lines) for h, c in row) * 2 >= len(row)


def measure(path: Path, truth: dict[str, Any]) -> dict[str, Any]:
    from qa.document.paragraphs import parse
    from qa.document.source import load_document

    doc = load_document(path, path.parent, 50_000_000)
    layout = parse(doc)
    mine = words(doc.text)
    items = _ground_items(truth)
    have, need = Counter(mine), Counter(w for _, text in items for w in words(text))
    found = sum(min(n, have[w]) for w, n in need.items())
    chrome = [words(layout.text(p)) for p in layout.paragraphs if p.kind == "chrome"]
    lost = [
        text
        for label, text in items
        if label in {"text", "paragraph", "list_item"}
        and len(words(text)) >= 5
        and any(_contains(c, words(text)) for c in chrome)
    ]
    gold = {" ".join(words(text)) for label, text in items if label in HEADINGS}
    heads = [" ".join(words(layout.text(p))) for p in layout.paragraphs if p.kind in ("heading", "title")]
    rows = _table_rows(truth)
    lines = [words(line) for line in doc.text.splitlines()]
    return {
        "doc": path.name,
        "recall": round(found / max(1, sum(need.values())), 4),
        "items": round(sum(_contains(mine, words(t)) for _, t in items) / max(1, len(items)), 4),
        "chrome_paragraphs": len(lost),
        "heading_precision": round(sum(h in gold for h in heads) / max(1, len(heads)), 3),
        "heading_recall": round(sum(g in set(heads) for g in gold) / max(1, len(gold)), 3),
        "headings": f"{len(heads)} qa / {len(gold)} truth",
        "table_rows_named": f"{sum(_named(r, lines) for r in rows)}/{len(rows)}",
    }


def main(docs: Path, groundtruth: Path) -> None:
    for path in sorted(docs.iterdir()):
        truth_file = groundtruth / (f"{path.stem}.json" if path.suffix == ".pdf" else f"{path.name}.json")
        if truth_file.is_file():
            print(json.dumps(measure(path, json.loads(truth_file.read_text(encoding="utf-8")))))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
