"""HTML page → its main content as plain text (trafilatura finds it), headings kept as "#" lines.

trafilatura's XML keeps the structure (headings, paragraphs, lists, tables, emphasis) apart from the words;
qa writes the words plainly: no Markdown emphasis, escapes or tags inside a quote. Headings become "#" lines
(the Markdown layout reads them as sections); each list item and each table row is a paragraph of its own,
a row with its column names (qa/text/rows.py). Reference markers ("[3]" in superscript) are set aside.
The page's <title> names the document (its citations, its passages' context) but is quoted only where the
page shows it as its own <h1> (which trafilatura takes out of the content): a browser shows <title> in the
tab, not in the page.
"""

from __future__ import annotations

import re

from qa.convert.encoding import narrowed
from qa.convert.extracted import Extracted, FoundTable
from qa.errors import SourceError
from qa.text.rows import CAPTION, MAX_HEADER_ROWS, column_names, names_row, row_lines, spanned

# A superscript that is only a reference to a note ("[3]", "3", "[a]", "[note 2]", "[citation needed]"):
# set aside, with a count in the notes. Other superscripts (m², 10⁶ written as 10<sup>6</sup>) keep their
# text.
# A page's first tags stand in its first HEAD_BYTES: bytes with none of these there are no web page (a file
# named ".html" that is something else, or the bare table many sites' "export to Excel" writes is one).
HEAD_BYTES = 65536
TAGS = re.compile(rb"<\s*(html|body|p|div|h1|table)\b", re.I)


def tagged(data: bytes) -> bool:
    """Whether ``data`` (as UTF-8 or another ASCII-compatible encoding) opens with a web page's tags."""
    return TAGS.search(data[:HEAD_BYTES]) is not None


REFERENCE = re.compile(r"^\s*\[\s*(\d+|[a-z]|note \d+|citation needed|[a-z ]+ \d+)\s*\]\s*$", re.IGNORECASE)


def read(name: str, data: bytes) -> Extracted:
    """The page's main content, or SourceError when it has none."""
    import trafilatura
    from lxml import etree

    data = narrowed(data)  # a page saved as UTF-16 (two bytes a letter) is read as UTF-8
    xml = trafilatura.extract(
        data,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        include_formatting=True,
    )
    root = etree.fromstring(xml.encode("utf-8")) if xml else None
    main = root.find("main") if root is not None else None
    counter = [0]
    tables: list[FoundTable] = []
    blocks = _loose(main.text) if main is not None else []
    for el in main if main is not None else []:
        if el.tag == "table":
            rows = _rows(el, counter)
            tables.append(_found(el, rows, blocks[-1] if blocks else ""))
            blocks += _table(el, rows)
        else:
            blocks += _blocks(el, counter)
        blocks += _loose(el.tail)  # text between blocks is kept as its own paragraph
    if not any(b.strip("# ") for b in blocks):
        raise SourceError(f"skipped {name}: no main content found in the page")
    meta = trafilatura.extract_metadata(data)
    title = " ".join((meta.title or "").split()) if meta else ""
    if title and not blocks[0].startswith("#") and title not in blocks[0] and _shown(data, title):
        blocks.insert(0, f"# {title}")  # the page's own heading, which trafilatura took out as its title
    notes = (f"{name}: {counter[0]} reference marker(s) set aside",) if counter[0] else ()
    return Extracted("\n\n".join(blocks) + "\n", (), notes, title=title, tables=tuple(tables))


def _shown(data: bytes, title: str) -> bool:
    """Whether the page shows ``title`` as a heading of its own (an <h1>), not only in its <title>."""
    import lxml.html
    from lxml import etree

    try:
        page = lxml.html.fromstring(data)
    except (etree.ParserError, ValueError):
        return False
    return any(" ".join(h.text_content().split()) == title for h in page.iter("h1"))


def _loose(text: str | None) -> list[str]:
    return [" ".join(text.split())] if text and text.strip() else []


def _blocks(el, refs: list[int]) -> list[str]:
    """The paragraphs of one top-level element of trafilatura's XML but a table (``_table``)."""
    tag = el.tag
    if tag == "head":
        level = int(m.group(1)) if (m := re.match(r"h(\d)", el.get("rend") or "")) else 2
        text = _inline(el, refs)
        return [f"{'#' * min(level, 6)} {text}"] if text else []
    if tag == "list":
        return _list(el, refs)
    text = _inline(el, refs)
    return [text] if text else []


def _list(el, refs: list[int]) -> list[str]:
    """Each item a paragraph, numbered as the page shows it when the list is ordered ("2. Step two")."""
    ordered = el.get("rend") == "ol"
    out = []
    for n, item in enumerate(el.iterchildren("item"), 1):
        own = _inline(item, refs, skip_lists=True)
        if own:
            out.append(f"{n}. {own}" if ordered else own)
        out += [t for sub in _lists_in(item) for t in _list(sub, refs)]
    return out


def _lists_in(el):
    """The lists inside ``el`` (however deep in divs), not those inside them."""
    for child in el:
        if child.tag == "list":
            yield child
        else:
            yield from _lists_in(child)


def _table(table, rows: list[list[str]]) -> list[str]:
    """Each row a line of cells named by the header rows: the <th> row, or a first row of names written
    with <td> (qa/text/rows.py: names_row), and a row under a name that spans columns ("No. of stores" over
    "1996 | 1991"); one heading over the whole table is its caption line. ``rows``: its cells (``_rows``)."""
    if not rows:
        return []
    if _headed(table) and sum(bool(c) for c in rows[0]) < 2:  # one heading over the table: a caption line
        return [" ".join(c for c in rows[0] if c)] * any(rows[0]) + row_lines(rows[1:], None)
    head = _head(table, rows)
    if not head:
        return row_lines(rows, None)
    header = rows[:head]
    return row_lines(rows[head:], column_names(header, spanned(header)), printed=header)


def _rows(table, refs: list[int]) -> list[list[str]]:
    return [[_inline(cell, refs) for cell in row.iterchildren("cell")] for row in table.iter("row")]


def _headed(table) -> bool:
    """Whether the table's first row is marked as its header (<th> cells)."""
    first = next(table.iter("row"), None)
    roles = [cell.get("role") for cell in first.iterchildren("cell")] if first is not None else []
    return bool(roles) and all(r == "head" for r in roles)


def _head(table, rows: list[list[str]]) -> int:
    """How many rows on top are the header: the first when it is marked or reads as names, then each row
    under a spanning name (its corner empty, a place filled that the row above leaves empty after a name:
    trafilatura writes a spanning cell once and marks only the first row)."""
    head = 1 if len(rows) >= 2 and (_headed(table) or names_row(rows[0])) else 0
    while 0 < head < min(MAX_HEADER_ROWS, len(rows) - 1) and _under_span(rows[head - 1], rows[head]):
        head += 1
    return head


def _under_span(above: list[str], row: list[str]) -> bool:
    if row[0] or sum(map(bool, row)) < 2:
        return False
    return any(
        name and c + 1 < min(len(above), len(row)) and not above[c + 1] and row[c + 1]
        for c, name in enumerate(above)
    )


def _found(table, rows: list[list[str]], before: str) -> FoundTable:
    """The table for ``qa show --tables``; its caption the paragraph just above when that reads "Table N…"."""
    head = _head(table, rows) if rows else 0
    caption = before.lstrip("# ")
    return FoundTable(None, caption if CAPTION.match(caption) else "", rows[:head], rows[head:])


def _inline(el, refs: list[int], skip_lists: bool = False) -> str:
    """The words of ``el`` and everything in it, on one line; reference superscripts set aside."""
    parts = [el.text or ""]
    for child in el:
        if skip_lists and child.tag == "list":
            pass
        elif child.tag == "hi" and child.get("rend") == "#sup" and REFERENCE.match("".join(child.itertext())):
            refs[0] += 1
        elif child.tag == "lb":
            parts.append(" ")
        else:
            parts.append(" " if child.tag in ("p", "item", "cell", "row") else "")
            parts.append(_inline(child, refs, skip_lists))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())
