"""'A, B and C … X, Y and Z, respectively': the figure follows the item the question names."""

from __future__ import annotations

import pytest

from qa.text.respectively import respective

ARTICLE = (
    "Data shows that the number of people covered by basic medical insurance in China is about 1.334 billion, "
    "and the coverage of basic pension, unemployment, and work-related injury insurance has reached 1.07 "
    "billion, 240 million, and 290 million, respectively."
)


def _span(text: str, part: str) -> tuple[int, int]:
    return text.index(part), text.index(part) + len(part)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How many people are covered by unemployment insurance?", "240 million"),
        ("How many people have work-related injury insurance?", "290 million"),
        ("What is the coverage of basic pension insurance?", "1.07 billion"),
    ],
)
def test_the_figure_at_the_items_place_in_the_list(question, expected):
    whole = _span(ARTICLE, "1.07 billion, 240 million, and 290 million")
    a, b = respective(question, ARTICLE, 0, whole)
    assert ARTICLE[a:b] == expected
    one = _span(ARTICLE, "1.07 billion")  # the reader marked one figure, the wrong one
    a, b = respective(question, ARTICLE, 0, one)
    assert ARTICLE[a:b] == expected


def test_offsets_stay_in_document_coordinates():
    text = "Intro sentence here. " + ARTICLE
    offset = 500
    s, e = _span(text, "240 million")
    a, b = respective("How many people have unemployment insurance?", text, offset, (offset + s, offset + e))
    assert text[a - offset : b - offset] == "240 million"


def test_a_span_outside_such_a_list_or_an_unnamed_item_is_left_alone():
    plain = "The bridge opened in 1932 and cost 4 million dollars."
    assert respective("When did it open?", plain, 0, _span(plain, "1932")) == _span(plain, "1932")
    span = _span(ARTICLE, "1.07 billion, 240 million, and 290 million")
    assert respective("How many were covered in all?", ARTICLE, 0, span) == span  # names no item
    first = _span(ARTICLE, "1.334 billion")  # not in the list, and basic medical insurance is no item of it
    assert respective("How many people have basic medical insurance?", ARTICLE, 0, first) == first


def test_a_figure_of_the_same_sentence_moves_only_to_an_item_the_question_names_whole():
    first = _span(ARTICLE, "1.334 billion")  # the reader's pick for the article's question
    a, b = respective("How many people are covered by unemployment insurance?", ARTICLE, 0, first)
    assert ARTICLE[a:b] == "240 million"
