"""A table's first row names its columns when it reads as names, years among them."""

from __future__ import annotations

from qa.text.rows import names_row


def test_a_first_row_of_years_over_figures_names_their_columns():
    assert names_row(["Country", "1996", "1991"]) and names_row(["", "2009", "2010"])
    assert names_row(["Berth", "Ships per week"])
    assert not names_row(["2019", "120"])  # a year and a count: a row of the table
    assert not names_row(["Germany", "12130", "8290"]) and not names_row(["Total", ""])
