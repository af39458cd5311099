"""The cell of the column a question names, in a table's row."""

from __future__ import annotations

from qa.text.columns import named_cell

ROW = "Kerala — 24.76 | 9.43 | 4.86"
NAMES = (
    (0, "States/Union Territories"),
    (9, "(Per cent) 1951-1961"),
    (17, "(Per cent) 1991-2001"),
    (24, "(Per cent) 2001-2011"),
)


def cell(span: tuple[int, int], offset: int = 0) -> str:
    return ROW[span[0] - offset : span[1] - offset]


def test_the_span_moves_to_the_cell_of_the_column_the_question_names():
    question = "What was Kerala's decadal population growth rate in 2001-2011?"
    assert cell(named_cell(question, ROW, 0, NAMES, (17, 21))) == "4.86"  # the reader marked 9.43
    shifted = tuple((a + 100, name) for a, name in NAMES)  # document offsets: the row starts at 100
    assert cell(named_cell(question, ROW, 100, shifted, (117, 121)), 100) == "4.86"


def test_a_question_that_names_no_column_or_two_alike_keeps_the_readers_span():
    assert named_cell("What was Kerala's growth rate?", ROW, 0, NAMES, (17, 21)) == (17, 21)
    assert named_cell("How did Kerala grow in 2001?", ROW, 0, NAMES, (9, 14)) == (
        9,
        14,
    )  # two columns say 2001
    assert named_cell("Which state is Kerala?", ROW, 0, NAMES, (0, 6)) == (
        0,
        6,
    )  # the row's label is no column
    assert named_cell("In 2001-2011?", "Plain prose, 4.86.", 0, (), (13, 17)) == (13, 17)


def test_a_cell_the_question_states_is_not_the_answer_and_a_word_of_the_cells_tells_no_column():
    ducks = "2024 — 180"
    names = ((0, "Year"), (7, "Freshwater Ducks"))
    moved = named_cell("In which year were 180 freshwater ducks counted?", ducks, 0, names, (7, 10))
    assert ducks[moved[0] : moved[1]] == "2024"  # the label, under "Year", not the 180 the question gives
    row = "Trivandrum — 950 | 04/04/15 | Cases reported from Village Madan Nada."
    names = ((0, "Name of District"), (13, "No. of Cases"), (19, "Date of Reporting"), (30, "Comments"))
    question = "How many food poisoning cases were reported in Trivandrum?"
    assert named_cell(question, row, 0, names, (13, 16)) == (13, 16)  # "reported" is the comment's word too
