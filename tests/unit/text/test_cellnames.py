"""A table cell's name is a view: taken out of the stored text with its cell's offset, put back before the
cell for retrieval and the reader, and a span found in the view maps back to the cell."""

from __future__ import annotations

from qa.convert.extracted import Extracted, unmarked
from qa.document.passages import Passage
from qa.text.cellnames import unmark, view
from qa.text.rows import row_lines

ROWS = row_lines([["Germany", "12130", "8290"], ["France", "4010", "3120"]], ["Country", "1996", "1991"])


def test_names_are_taken_out_of_the_text_with_the_offset_of_their_cell():
    text, names, _ = unmark("Table 6.7\n" + "\n".join(ROWS))
    assert text == "Table 6.7\nCountry | 1996 | 1991\nGermany — 12130 | 8290\nFrance — 4010 | 3120"
    named = [(text[at : at + 5], name) for at, name in names if name]
    assert named[:3] == [("Germa", "Country"), ("12130", "1996"), ("8290\n", "1991")]
    assert [text[at : at + 4] for at, name in names if not name] == ["Coun", "1996", "1991"]  # the header's


def test_every_offset_of_a_reading_moves_with_the_names_taken_out():
    marked = "Intro.\n" + "\n".join(ROWS) + "\nPage two starts here."
    page_two = marked.index("Page two")
    found = unmarked(Extracted(marked, pages=(0, page_two), fonts=((page_two, len(marked), "body"),)))
    assert found.text[found.pages[1] :] == "Page two starts here."
    start, end, _ = found.fonts[0]
    assert found.text[start:end] == "Page two starts here."


def test_a_span_of_the_view_maps_back_to_the_cells_offsets():
    text, names, _ = unmark("\n".join(ROWS))
    row = text.index("Germany")
    shown = view(text[row : row + len("Germany — 12130 | 8290")], row, names)
    assert shown.text == "Country: Germany — 1996: 12130 | 1991: 8290"
    a = shown.text.index("12130")
    assert shown.span(a, a + 5) == (text.index("12130"), text.index("12130") + 5)
    into_name = shown.text.index("1996:")
    start, end = shown.span(into_name, a + 5)  # "1996: 12130": the name is left out
    assert text[start:end] == "12130"
    start, end = shown.span(a, shown.text.index("1991") + 2)  # ends inside the next name
    assert text[start:end] == "12130"  # without the separator before it


def test_a_passage_shows_its_cells_names_in_the_sources_but_quotes_the_cells_alone():
    from qa.retrieve.cited import Cited
    from qa.ui.render.html import _quote_html

    text, names, _ = unmark("\n".join(ROWS))
    row = text.index("Germany")
    end = text.index("\n", row)
    passage = Passage(
        "eu.pdf", "Retail", None, 2, "body", row, end, text[row:end], ((row, end),), names=names
    )
    cited = Cited(1, 0.9, passage, (row, end))
    at = text.index("12130")
    html = _quote_html(cited, (at, at + 5))
    assert "<span class='qa-name'>1996: </span><strong class='qa-span'>12130</strong>" in html
    assert cited.to_json()["text"] == "Germany — 12130 | 8290"
    assert cited.to_json()["cell_names"][1] == {"start": at, "name": "1996"}
