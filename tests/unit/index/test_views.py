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
