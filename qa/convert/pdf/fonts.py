"""A PDF line's font (height, boldness, face) and the role it gives the line: a heading's display font, the
body's own, small print, or a table's row. What tells a heading in a PDF, where there is no markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

# A line is in a display font (a heading's, where a PDF gives its fonts) when its letters stand this many
# times the body's height, or are bold (DISPLAY_BOLD of them) where the body's font is not.
# The article printed with 12-pt bold headings over 10-pt text; docling's test PDFs set headings 1.2–2×
# larger or bold. 1.15 leaves out a line of capitals (cap height is not the font box: it does not count).
DISPLAY_SIZE = 1.15
DISPLAY_BOLD = 0.6
BODY_SIZE_TOLERANCE = 0.05  # a line in the body's font within this share of its height is body text

# A line set smaller than this share of the body's height is a figure's label, a caption or a footnote, never
# a heading, bold or not: the FAA handbook's figure labels stand at 0.84–0.86 of its body (some bold),
# docling's Redbook sample's table cells at 0.90; headings are never smaller than the text they head.
SMALL_SIZE = 0.92


class Style(NamedTuple):
    """A line's font, from PDFium's per-character data."""

    height: float  # the median height of its letters' font boxes (pt)
    bold: float  # the share of its letters set in a bold font
    letters: int
    font: str  # the name most of its letters are set in


TABLE_ROW = Style(0.0, 0.0, -1, "")  # a line qa made of a table's row (qa/convert/pdf/grid.py): role "row"
# Typewriter faces, TeX's among them ("SFTT1000").
_MONO = re.compile(r"courier|mono|consol|menlo|typewriter|(?<![a-z])[A-Z]{2}TT\d", re.IGNORECASE)


def monospaced(font: str) -> bool:
    """A typewriter font (code, listings): its lines are never a table's columns."""
    return bool(_MONO.search(font))


def style(textpage, line: str, at: int) -> Style:
    """The font of a line from PDFium's per-character data: the height of each letter's font box (the
    font's size as drawn, whatever the text matrix), whether its font is bold (its name says so:
    "Helvetica-Bold", "TimesNewRomanPS-BoldMT", TeX's "SFBX1000"), and the name most letters are set in."""
    import pypdfium2.raw as pdfium_c

    heights, names = [], []
    rect = pdfium_c.FS_RECTF()
    for i, ch in enumerate(line):
        if ch.isalnum() and pdfium_c.FPDFText_GetLooseCharBox(textpage, at + i, rect):
            heights.append(abs(rect.top - rect.bottom))
            names.append(font_name(textpage, at + i))
    if not heights:
        return Style(0.0, 0.0, 0, "")
    heights.sort()
    main = max(set(names), key=names.count)
    return Style(heights[len(heights) // 2], sum(map(bold, names)) / len(names), len(names), main)


def font_name(textpage, index: int) -> str:
    import ctypes

    import pypdfium2.raw as pdfium_c

    flags = ctypes.c_int(0)
    size = pdfium_c.FPDFText_GetFontInfo(textpage, index, None, 0, ctypes.byref(flags))
    if size <= 0:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, size, ctypes.byref(flags))
    return buffer.value.decode("utf-8", "replace")


def bold(font: str) -> bool:
    return bool(_BOLD.search(font))


_BOLD = re.compile(r"bold|black|heavy|semibold|demi|(?<![a-z])[A-Z]{2}BX\d", re.IGNORECASE)


def font_roles(pages: list[list[Style | None]]) -> Iterator[dict[int, str]]:
    """For each text-layer page, the role of each line's font: "display" at DISPLAY_SIZE times the body's
    height or more, or bold where the body is not; "body" in the body's own font and size (not a heading,
    however short); "small" below SMALL_SIZE of the body's height (a figure's label, a footnote: never a
    heading); lines in any other font have no role; "row" for a line qa made of a table's row. The body's font
    is the one most letters of the document are set in."""
    letters: dict[tuple[float, str], int] = {}
    for st in (st for page in pages for st in page if st and st.letters > 0):
        letters[(round(st.height, 1), st.font)] = letters.get((round(st.height, 1), st.font), 0) + st.letters
    rows = [{i: "row" for i, st in enumerate(page) if st is TABLE_ROW} for page in pages]
    if not letters:
        yield from rows
        return
    height, name = max(letters, key=lambda key: letters[key])
    bold_body = bold(name)
    roles = [
        {
            i: role
            for i, st in enumerate(page)
            if st and st.letters > 0 and (role := _role(st, height, name, bold_body))
        }
        for page in pages
    ]
    if not any("display" in page.values() for page in roles):  # no heading font: the lines' shapes decide,
        roles = [
            {i: r for i, r in page.items() if r == "small"} for page in roles
        ]  # but small print stays so
    yield from (page | row for page, row in zip(roles, rows))


def _role(st: Style, height: float, name: str, bold_body: bool) -> str | None:
    if st.height < SMALL_SIZE * height:
        return "small"
    if st.height >= DISPLAY_SIZE * height or (st.bold >= DISPLAY_BOLD and not bold_body):
        return "display"
    if st.font == name and abs(st.height - height) <= BODY_SIZE_TOLERANCE * height and st.bold < DISPLAY_BOLD:
        return "body"
    return None
