"""Tables and web pages as plain text: rows name their cells, no markup is quoted, no text is lost."""

from __future__ import annotations

from qa.convert.extracted import unmarked
from qa.convert.webpage import read
from qa.text.cellnames import OPEN, plain
from qa.text.rows import row_line, row_lines


def test_a_row_names_each_cell_by_its_column():
    named = row_line(["Berries", "150"], ["Food", "Calories per portion"])
    assert plain(named) == "Food: Berries — Calories per portion: 150"
    assert named.replace(OPEN + "Food", "").count("Food") == 0  # the names are marks, taken out of the text
    assert plain(row_line(["", "3"], ["Item", "Count"])) == "Count: 3"
    assert row_line(["a", "b"], None) == "a | b"
    assert row_line(["a", "b", "c"], ["x", "y"]) == "a | b | c"  # a header of another width names nothing


def test_the_header_row_is_a_line_of_its_own_and_names_the_cells():
    header = ["Food", "Calories per portion"]
    lines = [plain(line) for line in row_lines([["Berries", "150"], ["Bread", "250"]], header)]
    assert lines == [
        "Food | Calories per portion",  # quoted where the page prints it: the names are a view
        "Food: Berries — Calories per portion: 150",
        "Food: Bread — Calories per portion: 250",
    ]
    two = row_lines(
        [["Germany", "12130"]],
        ["Country", "No. of stores 1996"],
        printed=[["", "No. of stores"], ["Country", "1996"]],
    )
    assert [plain(line) for line in two[:2]] == [
        "No. of stores",
        "Country | 1996",
    ]  # each printed header row, as printed
    assert [plain(x) for x in row_lines([], header)] == [
        "Food | Calories per portion"
    ]  # no body: the header is all there is
    pivot = row_lines([["2025", "Q1"], ["January", "$134", "$162"]], ["Year", "Month", "Revenue", "Cost"])
    assert plain(pivot[0]) == "Year | Month | Revenue | Cost" and pivot[2] == "January | $134 | $162"


PAGE = b"""<html><head><title>Ducks</title></head><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>
<article><h1>Ducks</h1>
<p><b>Duck</b> is the common name for many species of <i>waterfowl</i> in the family Anatidae, and a male
is called a drake, or in ornithology a hen.<sup>[3]</sup><sup>[4]</sup> Ducks are mostly aquatic birds.</p>
<h2>Food</h2><p>Ducks eat a variety of food sources such as grasses, aquatic plants, fish and insects.</p>
<ol><li>Dabbling ducks feed on the surface.</li><li>Diving ducks feed deep below it.</li></ol>
<table><tr><th>Food</th><th>Calories per portion</th></tr><tr><td>Berries</td><td>150</td></tr>
<tr><td>Bread</td><td>250</td></tr></table>
<p>Area covered: 12 km<sup>2</sup> of wetland.</p></article>
<footer>Copyright 2024 Duck News</footer></body></html>"""


def test_a_web_page_is_quoted_as_plain_text_with_its_structure_in_the_layout():
    found = read("ducks.html", PAGE)
    text = found.text
    for markup in ("<sup>", "**", "*waterfowl*", "\\[", "|---", "<b>"):
        assert markup not in text
    assert "Duck is the common name for many species of waterfowl" in text
    assert "or in ornithology a hen. Ducks are mostly aquatic birds." in text  # reference markers set aside
    assert "2 reference marker(s) set aside" in found.notes[0]
    assert "12 km2 of wetland" in text  # a superscript that is not a reference keeps its text
    assert "\n\n## Food\n\n" in text and text.startswith("# Ducks")
    assert "1. Dabbling ducks feed on the surface." in text and "2. Diving ducks" in text
    assert "Food: Berries — Calories per portion: 150" in plain(text)
    assert "\nBerries — 150\n" in unmarked(found).text  # quoted: the cells alone
    assert "Food | Calories per portion" in plain(text)  # the header row is quoted where the page has it
    assert "Home" not in text and "Copyright" not in text  # chrome left out by trafilatura


def test_a_pages_title_names_it_but_is_quoted_only_where_the_page_shows_it():
    from qa.document.paragraphs import parse
    from qa.document.source import Document

    page = (
        b"<html><head><title>Harbour notes - Daily News</title></head><body><article><p>"
        + b"The harbour moved five million tonnes of grain in 2022, more than in any year before. " * 3
        + b"</p><p>"
        + b"Three ships were repaired in the dry docks over the winter months. " * 3
        + b"</p></article></body></html>"
    )
    found = read("harbour.html", page)
    assert "Harbour notes" not in found.text  # the browser's tab, not the page
    assert found.title == "Harbour notes"  # trafilatura takes the site name off
    doc = Document("harbour.html", found.text, "0" * 64, "extracted", title=found.title)
    assert parse(doc).title == "Harbour notes"  # what its citations are named by
    shown = read("ducks.html", PAGE)
    assert shown.text.startswith("# Ducks") and shown.title == "Ducks"  # its own <h1>: quoted


def test_a_row_read_back_gives_its_column_names_and_cells():
    from qa.text.rows import row_cells

    assert row_cells("Food: Berries — Calories per portion: 150") == [
        ("Food", "Berries"),
        ("Calories per portion", "150"),
    ]
    assert row_cells("Berries — Food: Blueberry | Calories per portion: 150") == [
        ("", "Berries"),
        ("Food", "Blueberry"),
        ("Calories per portion", "150"),
    ]
    assert row_cells("Ducks eat grass: they graze on land.") is None
    assert row_cells("a | b") is None  # no names: nothing to read back


def test_a_row_answers_only_a_question_that_names_the_row():
    from qa.answer.compose import _row_asked

    row = "Food: Berries — Calories per portion: 150"
    assert _row_asked("How many calories per portion do berries have?", row)
    assert _row_asked("Which food has 150 calories per portion?", row)
    assert not _row_asked("How many calories does a portion of fish have?", row)  # only the columns shared
    assert _row_asked(
        "How many calories does a portion of fish have?", "Fish are eaten by ducks."
    )  # not a row


def test_a_pages_title_is_kept_with_its_stored_text(tmp_path):
    from qa.document.source import Document
    from qa.index.texts import stored_texts, write_texts

    doc = Document(
        "harbour.html", "Three ships were repaired.\n", "ab" * 32, "extracted", title="Harbour notes"
    )
    write_texts(tmp_path, [doc])
    assert stored_texts(tmp_path)("harbour.html", doc.sha256).title == "Harbour notes"


def test_a_row_groups_label_names_the_rows_under_it():
    rows = [
        ["Sex", "", ""],
        ["Male", "1,200", "1,100"],
        ["Race/Ethnicity", "", ""],
        ["Black, non-Hispanic", "1,292", "1,228"],
    ]
    lines = [plain(line) for line in row_lines(rows, ["", "2007 no.", "2009 no."])]
    assert lines[0] == "2007 no. | 2009 no."
    assert lines[2] == "Sex: Male — 2007 no.: 1,200 | 2009 no.: 1,100"
    assert lines[3] == "Race/Ethnicity"  # the label stays a line: no text is lost
    assert lines[4] == "Race/Ethnicity: Black, non-Hispanic — 2007 no.: 1,292 | 2009 no.: 1,228"
