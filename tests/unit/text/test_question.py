"""What kind of answer a question asks for: properties of English interrogatives, not of listed questions."""

from __future__ import annotations

import pytest

from qa.text.question import (
    analyse,
    asked_for,
    expected_type,
    has_type,
    measured,
    named_figures,
    names_figure,
)


@pytest.mark.parametrize(
    "question, kind",
    [
        ("How many firefighters are there?", "quantity"),
        ("What percentage passed?", "quantity"),
        ("When was it founded?", "time"),
        ("In which year did it open?", "time"),
        ("Who edited it?", None),
        ("What is the unemployment rate in cities?", "quantity"),
        ("What is the price of a ticket?", "money"),
        ("What fines are imposed for violations?", "money"),
        ("How much does a place cost per month?", "money"),
        ("What was the budget of the ministry?", "money"),
        ("How much did pensions rise?", "quantity"),
        ("What percentage of deaths are due to pneumonia?", "quantity"),
        ("What is the minimum wage standard?", None),
    ],
)
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
    assert not has_type(
        "Since the Third Plenary Session of the 18th Central Committee, reform deepened.", "time"
    )


def test_a_sum_of_money_names_a_currency():
    assert has_type("Fines reach 50,000 yuan.", "money")
    assert has_type("The loss was estimated at $30-$100 billion.", "money")
    assert not has_type("There are over 1500 national standards for food safety.", "money")


def test_years_and_figures_a_question_names():
    assert named_figures("How many firefighters died on duty in 2023?") == {"2023"}
    assert named_figures("How many people were infected in 2008-2009?") == {"2008", "2009"}
    assert named_figures("What is the 19th Congress?") == frozenset()
    assert named_figures("When was LibreOffice 7 released?") == {"7"}
    assert named_figures("What torque holds a 1/4 inch bolt?") == {"1/4"}
    assert named_figures("Who caught COVID-19 first, of 1,000 people?") == {"1000"}  # "19" is the name's
    assert named_figures("What does the keeper log <img src=y onerror=alert(3)>?") == frozenset()  # code


def test_a_passage_names_a_figure_only_as_a_figure_of_its_own():
    assert names_figure("LibreOffice 7 came out in August 2020.", frozenset({"7"}))
    assert not names_figure("an AMD EPYC 7763 CPU", frozenset({"7"}))
    assert not names_figure("version 7.2 added it", frozenset({"7"}))
    assert names_figure("Of 1,000 patients, few died.", frozenset({"1000"}))
    assert not names_figure("open-source alternatives emerged in the early 2000s", frozenset({"7"}))


@pytest.mark.parametrize(
    "question, dimension",
    [
        ("How much memory did the machine have?", "memory or storage (bytes)"),
        ("What is the boiling point of water at sea level?", "temperature"),
        ("What torque is specified for a 1/4 inch bolt?", "torque"),
        ("How heavy is an adult swan?", "weight"),
        ("How many people live in Chengdu?", None),
        ("What is the speed limit?", "speed"),
        ("How does temperature affect ducks?", None),  # asks how, not for a figure
    ],
)
def test_the_dimension_a_measure_is_asked_in(question, dimension):
    assert measured(question) == dimension


def test_a_figure_in_another_unit_does_not_answer_a_measure():
    asked = analyse("How much memory did the machine used for the timing experiments have?")
    assert not asked.holds("a single core with AMD EPYC 7763 CPU @2.45 GHz.")
    assert asked.holds("The machine had 512 GB of RAM.")
    assert asked.of_kind("a single core with AMD EPYC 7763 CPU @2.45 GHz.")  # a figure, of another kind
    assert analyse("What is the boiling point of water?").holds("Water boils at 100 °C.")
    assert not analyse("What is the boiling point of water?").holds("Ducks are 50 cm long.")


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
