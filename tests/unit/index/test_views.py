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
    assert embed_text(passage, "It encodes five proteins.") == "It encodes five proteins."  # sentences bare
    assert lexical_text(passage).split("\n") == ["Genome of a bovine coronavirus", "Results", text]
    assert passage.text == text  # what is quoted does not change


def test_a_table_row_is_embedded_under_its_caption():
    from qa.index.views import embed_text

    row = "Country: Germany — No. of stores 1996: 12130 | No. of stores 1991: 8290"
    caption = "Table 6.7: Discount stores by country"
    passage = Passage("eu.pdf", "Retail report", caption, 9, "body", 0, len(row), row, ((0, len(row)),))
    assert embed_text(passage) == f"Retail report. {caption}. {row}"
    assert (
        embed_text(passage, row) == f"{caption}. {row}"
    )  # the row is its own sentence: it needs the caption
    prose = Passage("eu.pdf", "Retail report", caption, 10, "body", 0, 12, "Stores grew.", ((0, 12),))
    assert embed_text(prose) == "Retail report. Stores grew."  # prose under a caption is read as before
