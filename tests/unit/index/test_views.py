"""What the encoder and BM25 see of a passage, beside the verbatim text that is quoted."""

from __future__ import annotations

from qa.document.passages import Passage


def test_a_passage_is_read_under_its_document_title_but_quoted_alone():
    from qa.index.views import embed_text, lexical_text

    text = "The genome is 31 kb long. It encodes five proteins."
    passage = Passage(
        "papers/bcov.txt",
        "Genome of a bovine coronavirus",
        "Results",
        4,
        "body",
        0,
        len(text),
        text,
        ((0, 25), (26, len(text))),
    )
    assert embed_text(passage) == f"Genome of a bovine coronavirus. {text}"
    assert embed_text(passage, (26, len(text))) == "It encodes five proteins."  # sentences bare
    assert lexical_text(passage).split("\n") == ["Genome of a bovine coronavirus", "Results", text]
    assert passage.text == text  # what is quoted does not change


def test_a_table_row_is_embedded_under_its_caption():
    from qa.index.views import embed_text

    cells = "Germany — 12130 | 8290"
    names = ((100, "Country"), (110, "No. of stores 1996"), (118, "No. of stores 1991"))
    row = "Country: Germany — No. of stores 1996: 12130 | No. of stores 1991: 8290"
    caption = "Table 6.7: Discount stores by country"
    passage = Passage(
        "eu.pdf", "Retail report", caption, 9, "body", 100, 122, cells, ((100, 122),), names=names
    )
    assert embed_text(passage) == f"Retail report. {caption}. {row}"  # the cells read with their names
    assert (
        embed_text(passage, (100, 122)) == f"{caption}. {row}"
    )  # the row is its own sentence: it needs the caption
    assert passage.text == cells  # quoted: the cells alone
    shown = passage.view()
    at = shown.text.index("12130")
    assert shown.span(at, at + 5) == (110, 115) and cells[10:15] == "12130"  # a span maps back to the cell
    named = shown.text.index("No. of stores 1996")
    assert shown.span(named, at + 5) == (110, 115)  # a span that starts in a name starts at its cell
    prose = Passage("eu.pdf", "Retail report", caption, 10, "body", 0, 12, "Stores grew.", ((0, 12),))
    assert embed_text(prose) == "Retail report. Stores grew."  # prose under a caption is read as before


def test_a_byline_is_embedded_as_who_wrote_the_titled_document():
    """A name under a document's title is who wrote it ("Who wrote the Pandoc Test Suite?" did not find
    "John MacFarlane"); a byline's labels are spelled out as they read ("Edit:" → "edited by")."""
    from qa.index.views import embed_text

    def byline(text: str) -> Passage:
        return Passage(
            "suite.rtf",
            "Pandoc Test Suite",
            "",
            2,
            "byline",
            18,
            18 + len(text),
            text,
            ((18, 18 + len(text)),),
        )

    assert embed_text(byline("John MacFarlane")) == "Pandoc Test Suite. Byline: written by John MacFarlane"
    assert embed_text(byline("Edit:He Chuanning")) == "Byline: edited by He Chuanning"  # its label says who
    # Its one sentence is the whole line, and names nothing a question asks by but the title: it carries it
    # too, where other sentences stay bare (a title slide's names ranked 48th for "Who wrote the talk on …?").
    assert (
        embed_text(byline("John MacFarlane"), (18, 33))
        == "Pandoc Test Suite. Byline: written by John MacFarlane"
    )
