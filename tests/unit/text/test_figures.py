"""Figures and dates normalised so a claim can be checked against its evidence."""

from __future__ import annotations

import pytest

from qa.text.figures import Quantity, date_agrees, dates, quantities, quantity_agrees, respectively


def q(text):
    (found,) = quantities(text)
    return found


@pytest.mark.parametrize(
    "text,value,kind,op",
    [
        ("more than 220,000", 220000, "count", "gt"),
        ("over 220000", 220000, "count", "gt"),
        ("about 1.334 billion", 1.334e9, "count", "approx"),
        ("240 million", 2.4e8, "count", "eq"),
        ("over 98%", 98, "percent", "gt"),
        ("98 per cent", 98, "percent", "eq"),
        ("12 percent", 12, "percent", "eq"),
        ("fewer than 1000", 1000, "count", "lt"),
        ("exceeds 13000", 13000, "count", "gt"),
        ("the 28th collective study", 28, "ordinal", "eq"),
        ("over 2000 standards", 2000, "count", "gt"),
    ],
)
def test_quantity_normalisation(text, value, kind, op):
    found = q(text)
    assert found.value == pytest.approx(value)
    assert (found.kind, found.op) == (kind, op)


@pytest.mark.parametrize(
    "claim,source,agrees",
    [
        ("more than 220,000", "over 220000", True),
        ("220,000", "over 220000", True),
        ("1.5 billion", "about 1.334 billion", False),
        ("about 1.3 billion", "about 1.334 billion", True),
        ("fewer than 1000", "over 1500", False),
        ("over 1000", "over 1500", True),
        ("over 2000", "over 1500", False),
        ("more than 1 billion", "about 1.334 billion", True),
        ("98%", "over 98 per cent", True),
        ("98", "over 98%", False),  # a count is not a percentage
        ("80 million", "50 million", False),
        ("29th", "28th", False),
    ],
)
def test_quantity_agreement(claim, source, agrees):
    assert quantity_agrees(q(claim), q(source)) is agrees


def test_dates_in_several_formats():
    found = dates(
        "On April 16, 2018 and 2024-07-02, on June 13th, in February 2023, and 3 May 2020; since 2019"
    )
    assert [(d.year, d.month, d.day) for d in found] == [
        (2018, 4, 16),
        (2024, 7, 2),
        (None, 6, 13),
        (2023, 2, None),
        (2020, 5, 3),
        (2019, None, None),
    ]


def test_date_agreement():
    (source,) = dates("On April 16, 2018, the department was established")
    assert date_agrees(dates("April 16, 2018")[0], source)
    assert date_agrees(dates("in 2018")[0], source)
    assert not date_agrees(dates("in 2019")[0], source)
    assert not date_agrees(dates("April 17, 2018")[0], source)


def test_years_are_not_counts():
    assert quantities("Since 2019, 50 million agricultural migrants") == [q("50 million")]


def test_respectively_pairs_items_with_figures():
    pairs = respectively(
        "the coverage of basic pension, unemployment, and work-related injury insurance has "
        "reached 1.07 billion, 240 million, and 290 million, respectively."
    )
    assert [k for k, _ in pairs] == ["pension", "unemployment", "work-related"]
    assert [p.value for _, p in pairs] == pytest.approx([1.07e9, 2.4e8, 2.9e8])


def test_a_date_in_figures_is_read_day_first_and_month_first():
    """India's rainfall bulletin writes "Period:01-06-2016 To 10-07-2016": June 1 to July 10, 2016."""
    source = dates("Period:01-06-2016 To 10-07-2016")
    assert {(d.year, d.month, d.day) for d in source} == {
        (2016, 6, 1),
        (2016, 1, 6),
        (2016, 7, 10),
        (2016, 10, 7),
    }
    claim = dates("from June 1 to July 10, 2016")
    assert all(any(date_agrees(c, s) for s in source) for c in claim)
    assert not any(date_agrees(dates("July 12, 2016")[0], s) for s in source)
    assert [(d.month, d.day) for d in dates("on 25/12/2016")] == [(12, 25)]  # one reading only is a date
    assert quantities("Period:01-06-2016") == []  # its figures are a date's, not counts


def test_the_end_of_a_span_of_years_is_no_count():
    """ "2012-13" is a fiscal year: no count of 13, which a claim was then said to contradict with a table's
    figure. A dash between a year and another figure still leaves that figure a count."""
    assert quantities("Delhi's outlay for 2012-13 is 33,051,480 thousand rupees.") == [
        Quantity("33,051,480 thousand", 33051480000.0, "count", "eq")
    ]
    assert quantities("between 2009–10 and 2003/04") == []
    assert [q.value for q in quantities("the score was 2012-15 in the final")] == [15.0]


@pytest.mark.parametrize(
    "text,value,op",
    [
        ("Seven deaths", 7, "eq"),
        ("twenty-three districts", 23, "eq"),
        ("two million people", 2e6, "eq"),
        ("more than five cases", 5, "gt"),
        ("nineteen percent", 19, "eq"),
    ],
)
def test_a_count_written_in_words_is_a_figure(text, value, op):
    found = q(text)
    assert (found.value, found.op) == (value, op)


def test_one_is_a_pronoun_as_often_as_a_count_and_is_no_figure():
    assert quantities("one of the largest ports, and no one disputes it") == []
