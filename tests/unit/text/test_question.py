"""What kind of answer a question asks for: properties of English interrogatives, not of listed questions."""

from __future__ import annotations

import pytest

from qa.text.question import asked_for, expected_type, has_type, years


@pytest.mark.parametrize("question, kind", [
    ("How many firefighters are there?", "quantity"), ("What percentage passed?", "quantity"),
    ("When was it founded?", "time"), ("In which year did it open?", "time"), ("Who edited it?", None),
    ("What is the unemployment rate in cities?", "quantity"), ("What is the price of a ticket?", "money"),
    ("What fines are imposed for violations?", "money"), ("How much does a place cost per month?", "money"),
    ("What was the budget of the ministry?", "money"), ("How much did pensions rise?", "quantity"),
    ("What percentage of deaths are due to pneumonia?", "quantity"), ("What is the minimum wage standard?", None)])
def test_question_types(question, kind):
    assert expected_type(question) == kind


def test_the_thing_asked_for_is_the_head_of_the_what_phrase():
    assert asked_for("What is the average life expectancy in China?") == "expectancy"
    assert asked_for("What fire bodies were listed nationwide?") == "bodies"
    assert asked_for("What percentage of deaths are due to pneumonia?") == "percentage"
    assert asked_for("Who edited it?") is None


def test_a_date_is_a_year_a_decade_or_a_month_not_a_bare_ordinal():
    assert has_type("On June 13th, the ministry issued opinions.", "time")
    assert has_type("It was not resolved until the 1930s.", "time")
    assert not has_type("Since the Third Plenary Session of the 18th Central Committee, reform deepened.", "time")


def test_a_sum_of_money_names_a_currency():
    assert has_type("Fines reach 50,000 yuan.", "money")
    assert has_type("The loss was estimated at $30-$100 billion.", "money")
    assert not has_type("There are over 1500 national standards for food safety.", "money")


def test_years_a_question_names():
    assert years("How many firefighters died on duty in 2023?") == {"2023"}
    assert years("How many people were infected in 2008-2009?") == {"2008", "2009"}
    assert years("What is the 19th Congress?") == frozenset()


def test_a_count_is_not_an_ordinal_a_numbered_name_or_a_year():
    assert has_type("over 220000 firefighters", "quantity")
    assert has_type("fifty stations", "quantity")
    assert not has_type("the 19th National Congress", "quantity")
    assert not has_type("Chengdu No.7 Middle School", "quantity")
    assert not has_type("Since 2019 the policy held.", "quantity")
    assert has_type("Since 2019 the policy held.", "time")


def test_a_count_of_something_else_does_not_answer_how_many():
    from qa.text.question import counted

    assert counted("How many hospital beds does China have?") == "beds"
    assert counted("How many firefighters died on duty?") == "firefighters"
    assert counted("What is the rate?") is None
    assert has_type("There are over 220000 firefighters.", "quantity", "firefighters")
    assert not has_type("A hundred meters walk leads to the campus.", "quantity", "children")
