"""A table cell's name (its column's headers, its row group's label) as a view, never as quoted text.

The stored text of a table row holds its cells alone, as the page prints them ("Germany — 12130 | 8290").
What names each cell ("No. of stores 1996") stands elsewhere on the page, so it is kept beside the text as
(offset of the cell, name) and shown to retrieval, the reader and the claim checker as a view: "Country:
Germany — No. of stores 1996: 12130 | No. of stores 1991: 8290". A span found in the view maps back to
offsets in the cells, so every quote stays verbatim.

Converters write a row with its names between two private-use characters before each cell (``mark``);
``unmark`` takes them out once, where a converter's text is finished, and says where the cells stand.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Private-use code points, never in a document's own text (a converter's text passes through no Unicode
# normalisation that would touch them): a name stands between them, just before the cell it names.
OPEN, CLOSE = "\ue000", "\ue001"
_MARKED = re.compile(f"{OPEN}([^{CLOSE}]*){CLOSE}")
NAMED = ": "  # what stands between a name and its cell in the view

Names = tuple[tuple[int, str], ...]
"""(offset where a cell starts, the cell's name), in order of offset; "" for a header row's cell."""


def mark(name: str, cell: str) -> str:
    """A cell with its name before it, for ``unmark`` to take out: the cell alone when it has no name or
    is its own name."""
    name = " ".join(name.replace(OPEN, "").replace(CLOSE, "").split())
    return f"{OPEN}{name}{CLOSE}{cell}" if name and cell and name != cell else cell


def header_cell(cell: str) -> str:
    """A header row's cell, marked with no name: a table's own text, so the header's line is known as the
    table's (it stands under the table's caption, and is never taken for a tag cloud)."""
    return f"{OPEN}{CLOSE}{cell}" if cell else cell


def unmark(text: str) -> tuple[str, Names, list[tuple[int, int]]]:
    """The text without the names ``mark`` put in, each name with the offset of its cell there, and the
    stretches taken out as (start, end) in ``text``: what ``shift`` moves other offsets by."""
    out: list[str] = []
    names: list[tuple[int, str]] = []
    removed: list[tuple[int, int]] = []
    at = kept = 0
    for m in _MARKED.finditer(text):
        out.append(text[at : m.start()])
        kept += m.start() - at
        names.append((kept, m.group(1)))
        removed.append((m.start(), m.end()))
        at = m.end()
    out.append(text[at:])
    return "".join(out), tuple(names), removed


def shift(removed: list[tuple[int, int]]):
    """Where an offset into the marked text lands once ``removed`` stretches are gone (one inside a
    stretch lands where it was)."""
    starts = [s for s, _ in removed]
    before = [0]
    for s, e in removed:
        before.append(before[-1] + e - s)

    def at(offset: int) -> int:
        i = bisect.bisect_right(starts, offset)
        if i and offset < removed[i - 1][1]:
            return removed[i - 1][0] - before[i - 1]
        return offset - before[i]

    return at


def within(names: Names, start: int, end: int) -> Names:
    """The names of the cells that start in ``[start, end)`` (two binary searches: a paragraph or a line of
    a large sheet asks this of tens of thousands of names)."""
    first = bisect.bisect_left(names, start, key=_offset)
    return names[first : bisect.bisect_left(names, end, lo=first, key=_offset)]


def _offset(name: tuple[int, str]) -> int:
    return name[0]


@dataclass(frozen=True)
class View:
    """A stretch of a document's text as retrieval and the reader see it: each named cell preceded by
    "name: ". ``source`` maps a position of the view back to an offset of the document."""

    text: str
    start: int  # the document offset where the stretch starts
    inserts: tuple[tuple[int, int], ...] = ()  # (position in the view where a name starts, its length)

    def source(self, at: int) -> int:
        """The document offset of view position ``at``: a position inside a name lands on its cell."""
        moved = 0
        for pos, length in self.inserts:
            if at < pos:
                break
            if at < pos + length:
                return self.start + pos - moved
            moved += length
        return self.start + at - moved

    def span(self, a: int, b: int) -> tuple[int, int]:
        """The document span of the view's ``[a, b)``, its names left out: a span that starts in a name
        starts at its cell; one that ends in a name or a separator ends at the cell before."""
        for pos, length in self.inserts:
            if pos <= a < pos + length:
                a = pos + length
            if pos < b < pos + length:
                b = pos
        while b > a and self.text[b - 1] in " |—":
            b -= 1  # the separator before the name left out
        return self.source(a), max(self.source(a), self.source(b))


def view(text: str, start: int, names: Names) -> View:
    """``text`` (the document's, from offset ``start``) with the names of the cells in it put before
    them."""
    parts: list[str] = []
    inserts: list[tuple[int, int]] = []
    at = length = 0
    for offset, name in within(names, start, start + len(text)):
        if not name:
            continue  # a header's cell: the table's, with no name
        cut = offset - start
        parts.append(text[at:cut])
        length += cut - at
        label = name + NAMED
        inserts.append((length, len(label)))
        parts.append(label)
        length += len(label)
        at = cut
    parts.append(text[at:])
    return View("".join(parts), start, tuple(inserts))


def plain(marked: str) -> str:
    """A marked line as the view shows it ("Food: Berries | Calories: 150"): for messages and tests."""
    return _MARKED.sub(lambda m: m.group(1) + NAMED if m.group(1) else "", marked)


__all__ = [
    "CLOSE",
    "NAMED",
    "Names",
    "OPEN",
    "View",
    "header_cell",
    "mark",
    "plain",
    "shift",
    "unmark",
    "view",
    "within",
]
