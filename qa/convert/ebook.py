"""EPUB e-books → text chapter by chapter, in the book's reading order (its spine), each chapter a "page" so
that a citation names it ("chapter 3"); headings as "#" lines, each table row a line of named cells.

An EPUB is a zip of XHTML files listed in order by its package file (OPF). The zip is checked before it is
opened (qa/convert/archive.py); the XML is parsed with entities unresolved and no network, and no script
in it is run.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from urllib.parse import unquote

from qa.convert.archive import check_zip, xml_part
from qa.convert.extracted import Extracted, FoundTable, named_table
from qa.errors import SourceError

_CONTAINERS = {
    "body",
    "div",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "ul",
    "ol",
    "dl",
    "nav",
}
_PARAGRAPHS = {"p", "li", "blockquote", "pre", "dt", "dd", "figcaption", "address"}
_SKIP = {"script", "style", "head", "title", "math"}
_HEADING = re.compile(r"^h([1-6])$")


def read(name: str, data: bytes) -> Extracted:
    """Every chapter of the spine that holds text, or SourceError when none does."""
    notes = check_zip(name, data)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        package = _package_path(book)
        opf = xml_part(book, package)
        title = " ".join("".join(opf.xpath("//*[local-name()='title']/text()")[:1]).split())
        names = _utf8_names(book)
        chapters = [_chapter(book, names.get(path, path)) for path in _spine(opf, posixpath.dirname(package))]
    blocks: list[str] = []
    starts: list[int] = []
    tables: list[FoundTable] = []
    at = 0
    for number, (own, found) in enumerate((c for c in chapters if c[0]), 1):
        starts.append(at)
        tables += [FoundTable(number, t.caption, t.header_rows, t.rows) for t in found]
        for block in own:
            blocks.append(block)
            at += len(block) + 2
    if not blocks:
        raise SourceError(f"skipped {name}: the book holds no text")
    return Extracted(
        "\n\n".join(blocks) + "\n", tuple(starts), tuple(notes), title=title, tables=tuple(tables)
    )


def _package_path(book: zipfile.ZipFile) -> str:
    """Where the package file (OPF) stands, as META-INF/container.xml says."""
    container = xml_part(book, "META-INF/container.xml")
    paths = container.xpath("//*[local-name()='rootfile']/@full-path")
    if not paths:  # a damaged book, said in one line by the caller
        raise ValueError("no package file named in META-INF/container.xml")
    return str(paths[0])


# What a spine item may be that holds text: a page of XHTML or HTML, or an SVG drawing (a fixed-layout
# book's pages). A picture in the spine (a manga's or comic's page) holds none, and read as XML it made the
# whole book "damaged".
_TEXT_TYPES = {"application/xhtml+xml", "text/html", "image/svg+xml", ""}


def _spine(opf, folder: str) -> list[str]:
    """The chapters' paths in reading order: the spine's items that hold text, by their manifest entries
    (an href is a URL: "xhtml/%E4%B8%80.xhtml" names "xhtml/一.xhtml" in the zip)."""
    manifest = {
        item.get("id"): (item.get("href"), (item.get("media-type") or "").strip().lower())
        for item in opf.xpath("//*[local-name()='manifest']/*[local-name()='item']")
    }
    order = opf.xpath("//*[local-name()='spine']/*[local-name()='itemref']/@idref")
    return [
        posixpath.normpath(posixpath.join(folder, unquote(href)))
        for href, kind in (manifest.get(i, (None, "")) for i in order)
        if href and kind in _TEXT_TYPES
    ]


def _utf8_names(book: zipfile.ZipFile) -> dict[str, str]:
    """Each entry's name as UTF-8, where the zip wrote UTF-8 without saying so (no flag: Python reads it as
    code page 437, "τ¢«µ¼í.xhtml" for "目次.xhtml"), → the name the zip knows it by."""
    out = {}
    for info in book.infolist():
        if not info.flag_bits & 0x800:
            try:
                out[info.filename.encode("cp437").decode("utf-8")] = info.filename
            except UnicodeError:  # a name in another code page, or plain ASCII: kept as read
                pass
    return out


def _chapter(book: zipfile.ZipFile, path: str) -> tuple[list[str], list[FoundTable]]:
    try:
        root = xml_part(book, path)
    except KeyError:
        return [], []  # a spine entry the zip lacks: nothing to read there
    body = next(iter(root.xpath("//*[local-name()='body']")), root)
    tables: list[FoundTable] = []
    return _blocks(body, tables), tables


def _blocks(el, tables: list[FoundTable]) -> list[str]:
    """The paragraphs of an element: headings, paragraphs, list items, table rows; loose text kept."""
    out = _loose(el.text)
    for child in el:
        tag = _local(child)
        if tag in _SKIP:
            pass
        elif m := _HEADING.match(tag):
            text = _text(child)
            out += [f"{'#' * int(m.group(1))} {text}"] if text else []
        elif tag == "table":
            out += _table(child, tables)
        elif tag == "svg":  # a fixed-layout page drawn in SVG: its text elements, each a paragraph
            out += [t for el in child.iter() if _local(el) == "text" and (t := _text(el))]
        elif tag in _PARAGRAPHS and not any(_local(c) in _PARAGRAPHS | _CONTAINERS for c in child):
            out += _loose(_text(child))
        elif tag in _CONTAINERS or tag in _PARAGRAPHS:
            out += _blocks(child, tables)
        else:  # inline text between blocks ("<span>", "<a>", "<br/>")
            out += _loose(_text(child))
        out += _loose(child.tail)
    return out


def _table(table, tables: list[FoundTable]) -> list[str]:
    rows = [
        [_text(cell) for cell in row if _local(cell) in ("td", "th")]
        for row in table.iter()
        if _local(row) == "tr"
    ]
    lines, found = named_table(rows)
    tables += found
    return lines


def _local(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _loose(text: str | None) -> list[str]:
    return [" ".join(text.split())] if text and text.strip() else []


__all__ = ["read"]
