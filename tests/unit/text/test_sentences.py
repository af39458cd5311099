"""Sentence spans: abbreviations, titles before names, and exact offsets."""

from __future__ import annotations

from qa.text.sentences import split, split_spans


def test_sentence_splitter_keeps_abbreviations_and_offsets():
    text = (
        "On April 16, 2018, at No. 70 Guang'anmen South Street, it opened. Dr. Li spoke at the opening "
        "ceremony; Reform went on."
    )
    assert split(text) == [
        "On April 16, 2018, at No. 70 Guang'anmen South Street, it opened.",
        "Dr. Li spoke at the opening ceremony;",
        "Reform went on.",
    ]
    # The parts of an author or reference list are not clauses: their semicolons end nothing.
    authors = "Authors: Liu, Shan-Lu; Saif, Linda J.; Weiss, Susan R.; Su, Lishan"
    assert split(authors) == [authors]
    for s, e in split_spans(text):
        assert text[s:e].strip() == text[s:e]


def test_a_title_before_a_name_does_not_end_a_sentence() -> None:
    text = (
        "The amendment was debated but was not given a floor vote. Rev. Paul T. Stallsworth, president of "
        "Lifewatch, said so. Gen. Lee and Sen. Warren spoke at St. Paul's near Mt. Hood; Col. Ross did not."
    )
    assert split(text) == [
        "The amendment was debated but was not given a floor vote.",
        "Rev. Paul T. Stallsworth, president of Lifewatch, said so.",
        "Gen. Lee and Sen. Warren spoke at St. Paul's near Mt. Hood;",
        "Col. Ross did not.",
    ]


def test_an_items_number_alone_in_its_line_or_cell_ends_no_sentence() -> None:
    """ "vii." opening a table cell, "5." opening a line: the number of the item that follows, not a
    sentence of its own (a claim about the row then found the row without its place's name)."""
    row = "4. — Maharashtra | Amravati | vii. Food Poisoning | 6 | 5 | Cases treated. Survey done."
    assert split(row) == [
        "4. — Maharashtra | Amravati | vii. Food Poisoning | 6 | 5 | Cases treated.",
        "Survey done.",
    ]
    assert split("Steps below.\n5. Save the file. It rose in 2014. The next year fell.") == [
        "Steps below.",
        "5. Save the file.",
        "It rose in 2014.",
        "The next year fell.",
    ]
