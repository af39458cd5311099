"""Tables as grids of cells (``Extracted.tables``, what ``qa show --tables`` prints): ruled PDF tables read
from their rules, a measure over its years named on both levels, header rows written with <td>, Word
tables, and each body row still one citable line named by its headers."""

from __future__ import annotations

from qa.convert.extract import extract
from qa.convert.extracted import FoundTable
from tests import documents as D

INTRO = D.TABLE_INTRO


STORES = [["Germany", "12130", "8290"], ["France", "4010", "3120"], ["Italy", "1530", "1260"]]
TWO_LEVELS = [[("Country", 1), ("No. of stores", 2)], [("", 1), ("1996", 1), ("1991", 1)]]


def test_a_ruled_table_is_read_from_its_rules_with_both_header_rows():
    found = extract("stores.pdf", D.table_pdf(TWO_LEVELS, STORES))
    assert found.tables == (
        FoundTable(
            1,
            "Table 6.7: Discount stores by country",
            [["Country", "No. of stores", ""], ["", "1996", "1991"]],  # the spanning cell stands once
            STORES,
        ),
    )


def test_a_ruled_rows_cells_are_named_by_the_measure_and_the_year_over_them():
    found = extract("stores.pdf", D.table_pdf(TWO_LEVELS, STORES))
    text = found.text
    assert "Country: Germany — No. of stores 1996: 12130 | No. of stores 1991: 8290" in D.named(found)
    assert "\nGermany — 12130 | 8290\n" in text  # the quoted text is the cells alone: the names are a view
    germany = text.index("Germany")
    assert tuple(n for n in found.names if n[1])[:3] == (
        (germany, "Country"),
        (text.index("12130"), "No. of stores 1996"),
        (text.index("8290"), "No. of stores 1991"),
    )
    assert INTRO in text  # the prose after the table is left as it is


def test_a_measure_over_its_years_without_rules_names_both_levels():
    header = [[("Country", 1), ("Fused aluminum oxide", 2), ("Silicon carbide", 2)]]
    header.append([("", 1), ("2009", 1), ("2010", 1), ("2009", 1), ("2010", 1)])
    body = [
        ["Australia", "50,000", "50,000", "-", "-"],
        ["Brazil", "50,000", "50,000", "43,000", "43,000"],
        ["China", "700,000", "700,000", "455,000", "455,000"],
    ]
    found = extract("capacity.pdf", D.table_pdf(header, body, borders="NONE"))
    assert "Silicon carbide 2010: 455,000" in D.named(found)
    assert "China — Fused aluminum oxide 2009: 700,000" in D.named(found)
    (table,) = found.tables
    assert table.header_rows[-1][1:] == ["2009", "2010", "2009", "2010"] and table.rows[-1] == body[-1]


def test_a_frame_of_rules_without_text_is_no_table():
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("Helvetica", size=10)
    doc.multi_cell(0, 5, INTRO, new_x="LMARGIN", new_y="NEXT")
    for r in range(4):  # a chart's grid: ruled cells, no words in them
        for c in range(4):
            doc.rect(30 + 20 * c, 60 + 10 * r, 20, 10)
    assert extract("chart.pdf", bytes(doc.output())).tables == ()


SHEET = b"""<html><head><title>Steel</title></head><body><h1>Steel grades</h1>
<p>Mechanical properties of the grades we sell, measured at room temperature on rolled stock.</p>
<p>Table 2: Mechanical properties</p>
<table><tr><td>Product</td><td>Yield strength N/mm2</td><td>Tensile strength N/mm2</td></tr>
<tr><td>Bars</td><td>890</td><td>1000</td></tr><tr><td>Wire</td><td>700</td><td>850</td></tr></table>
<p>All values are minimum values for the delivered condition of the stock.</p></body></html>"""


def test_a_web_pages_header_row_written_with_td_names_the_cells():
    found = extract("sheet.html", SHEET)
    assert "Product: Bars — Yield strength N/mm2: 890 | Tensile strength N/mm2: 1000" in D.named(found)
    assert found.tables == (
        FoundTable(
            None,
            "Table 2: Mechanical properties",
            [["Product", "Yield strength N/mm2", "Tensile strength N/mm2"]],
            [["Bars", "890", "1000"], ["Wire", "700", "850"]],
        ),
    )


def test_a_word_table_is_a_grid_too():
    rows = [["Berth", "Ships per week"], ["North quay", "12"], ["South quay", "7"]]
    found = extract("port.docx", D.docx([("", "Table 3: Berths of the harbour")], rows))
    assert found.tables == (FoundTable(None, "Table 3: Berths of the harbour", rows[:1], rows[1:]),)


STORES_PAGE = b"""<html><body><article><h1>Stores</h1>
<p>The survey counted discount stores in each country over the years of the survey period.</p>
<table><thead><tr><th rowspan=2>Country</th><th colspan=2>No. of stores</th></tr><tr><th>1996</th><th>1991</th></tr>
</thead><tbody><tr><td>Germany</td><td>12130</td><td>8290</td></tr><tr><td>France</td><td>4010</td><td>3120</td></tr>
</tbody></table><p>Stores grew everywhere in the years the survey ran, most in Germany and France.</p></article>
</body></html>"""


def test_a_web_pages_two_header_rows_name_each_column_by_both():
    found = extract("stores.html", STORES_PAGE)
    assert "Country: Germany — No. of stores 1996: 12130 | No. of stores 1991: 8290" in D.named(found)
    (table,) = found.tables
    assert table.header_rows == [["Country", "No. of stores", ""], ["", "1996", "1991"]]
    assert table.rows == [["Germany", "12130", "8290"], ["France", "4010", "3120"]]


def test_a_word_tables_merged_header_names_each_column_it_spans():
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Table 4: Discount stores")
    grid = document.add_table(rows=4, cols=3)
    values = [["Country", "No. of stores", ""], ["", "1996", "1991"], *STORES[:2]]
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if value:
                grid.cell(r, c).text = value
    grid.cell(0, 1).merge(grid.cell(0, 2))
    grid.cell(0, 0).merge(grid.cell(1, 0))
    buffer = io.BytesIO()
    document.save(buffer)
    found = extract("stores.docx", buffer.getvalue())
    assert "Country: Germany — No. of stores 1996: 12130 | No. of stores 1991: 8290" in D.named(found)
    (table,) = found.tables
    assert table.caption == "Table 4: Discount stores"
    assert table.header_rows == [["Country", "No. of stores", ""], ["", "1996", "1991"]]


def test_years_over_repeated_measures_name_each_measure_by_its_year():
    header = [
        [("", 1), ("2007", 2), ("2009", 2)],
        [("Race/Ethnicity", 1), ("no.", 1), ("%", 1), ("no.", 1), ("%", 1)],
    ]
    body = [
        ["White, non-Hispanic", "2,000", "40.1", "1,900", "39.5"],
        ["Black, non-Hispanic", "1,292", "25.9", "1,228", "25.5"],
        ["Hispanic", "1,100", "22.0", "1,150", "23.9"],
    ]
    text = D.named(extract("cdc.pdf", D.table_pdf(header, body, borders="NONE")))
    assert "Black, non-Hispanic — 2007 no.: 1,292 | 2007 %: 25.9 | 2009 no.: 1,228 | 2009 %: 25.5" in text


def test_group_names_centred_over_repeated_measures_name_each_of_their_columns():
    """A statistics office's table: "DLHS-4" and "DLHS-3" each centred over "TOTAL | RURAL", and the
    sections' headings on lines of their own between the header and the rows: each figure is named by its
    group and its measure, and each row by its section."""
    sections = {
        "Child feeding practices (based on last-born child in the reference period) (%)": [
            ("Children age 0-5 months exclusively breastfed", ["76.9", "80.0", "NA", "NA"]),
            ("Children under 3 years breastfed within one hour of birth", ["42.9", "46.5", "50.6", "52.9"]),
        ],
        "Awareness about Diarrhoea (%)": [
            ("Women know about what to do when a child gets diarrhoea", ["96.3", "96.2", "94.4", "94.2"]),
        ],
    }
    found = extract(
        "district.pdf",
        D.statistics_pdf(["DLHS-4 (2012-13)", "DLHS-3 (2007-08)"], ["TOTAL", "RURAL"], sections),
    )
    text = D.named(found)
    assert "DLHS-4 (2012-13) TOTAL: 76.9 | DLHS-4 (2012-13) RURAL: 80.0 | DLHS-3 (2007-08) TOTAL: NA" in text
    assert "DLHS-3 (2007-08) RURAL: 94.2" in text
    row = next(line for line in text.splitlines() if "one hour of birth" in line)
    assert row.startswith("Child feeding practices") and "DLHS-3 (2007-08) TOTAL: 50.6" in row
    assert "76.9" in found.text and "Awareness about Diarrhoea (%)" in found.text  # every word stays


def test_a_name_centred_over_three_measures_names_all_three():
    groups, measures = ["Total", "Male", "Female"], ["Total", "Juvenile", "Adult"]
    sections = {
        "Offenses (thousands)": [
            ("Violent crime", ["467.9", "69.1", "398.8", "380.2", "56.5", "323.7", "87.7", "12.6", "75.2"]),
            ("Robbery", ["102.1", "25.5", "76.6", "90.0", "22.9", "67.1", "12.1", "2.5", "9.5"]),
        ]
    }
    text = D.named(extract("arrests.pdf", D.statistics_pdf(groups, measures, sections)))
    row = next(line for line in text.splitlines() if "Violent crime" in line)
    assert "Male Juvenile: 56.5" in row and "Female Adult: 75.2" in row and "Total: 467.9" in row


def test_a_ruled_band_across_the_table_labels_the_rows_under_it_not_the_header():
    """A row of one cell across a ruled table under its names ("REGION : EAST AND NORTH EAST INDIA") is the
    label of the rows under it: the first of them stays a row, named by the columns, and the band's words
    name those rows."""
    header = [[("Period", 1), ("Day: 10-07-2016", 2)], [("State", 1), ("Actual (mm)", 1), ("Normal (mm)", 1)]]
    header.append([("REGION : EAST AND NORTH EAST INDIA", 3)])
    body = [["ASSAM", "17.9", "17.1"], ["MEGHALAYA", "7.2", "37.7"], ["SIKKIM", "14.4", "11.3"]]
    found = extract("rainfall.pdf", D.table_pdf(header, body))
    text = D.named(found)
    assert "ASSAM — Day: 10-07-2016 Actual (mm): 17.9 | Day: 10-07-2016 Normal (mm): 17.1" in text
    (table,) = found.tables
    assert table.rows[0] == ["REGION : EAST AND NORTH EAST INDIA", "", ""]


def test_a_ruled_tables_title_row_stands_once():
    """A title in the table's first ruled row, across it, is one line of the text, not also a header row."""
    title = "Table 5 Public Health Outlay 2012-13 (Rs. in 000)"
    header = [[(title, 3)], [("State", 1), ("Revenue", 1), ("Capital", 1)]]
    body = [
        ["Assam", "14,874,821", "161,600"],
        ["Bihar", "21,016,708", "5,329,000"],
        ["Goa", "4,055,567", "330,053"],
    ]
    found = extract("outlay.pdf", D.table_pdf(header, body))
    assert found.text.count("Public Health Outlay") == 1
    assert "Bihar — Revenue: 21,016,708 | Capital: 5,329,000" in D.named(found)


def test_a_frame_ruled_around_the_page_is_no_table_around_the_table():
    """pdfplumber reads a rectangle around the page as one more table, holding the real table's text in two
    cells; the table inside is the one read, its rows named by its header."""
    found = extract("framed.pdf", D.table_pdf(TWO_LEVELS, STORES, frame=True))
    assert "Country: Germany — No. of stores 1996: 12130 | No. of stores 1991: 8290" in D.named(found)


def test_a_unit_alone_over_the_header_names_every_column_of_figures():
    """ "(Per cent)" set over the last column of a census table is the unit of all its figures."""
    header = [[("", 1), ("", 1), ("(Per cent)", 1)], [("State", 1), ("1951-1961", 1), ("2001-2011", 1)]]
    body = [["Chandigarh", "394.13", "17.10"], ["Kerala", "24.76", "4.86"], ["Goa", "7.77", "8.17"]]
    text = D.named(extract("growth.pdf", D.table_pdf(header, body, borders="NONE")))
    assert "State: Chandigarh — (Per cent) 1951-1961: 394.13 | (Per cent) 2001-2011: 17.10" in text


def test_column_names_printed_turned_read_along_their_letters():
    """Names printed up a narrow column (or down it) read as printed, their lines in order: pdfplumber's
    default read every turned letter top down ("noitalupop 31-2102 detcejorP rof")."""
    names = [(["District"], 0), (["Projected population", "for 2012-13"], 90), (["Adult", "equivalent"], -90)]
    body = [["Cuttack", "26.63", "23.43"], ["Puri", "17.29", "15.22"]]
    found = extract("rice.pdf", D.turned_header_pdf(names, body))
    assert found.tables == (
        FoundTable(1, "", [["District", "Projected population for 2012-13", "Adult equivalent"]], body),
    )
    assert "District: Cuttack — Projected population for 2012-13: 26.63 | Adult equivalent: 23.43" in D.named(
        found
    )


def test_a_header_whose_tall_cells_reach_over_three_ruled_lines_names_by_all_three():
    """Names printed down three ruled lines ("No." / "of" / "Cases") beside names in cells as tall as the
    three, over rows of more words than figures: the header is all three lines, not its first line over two
    rows of the body."""
    header = [[("District", 1), ("Disease", 1), ("No.", 1), ("No.", 1), ("Status", 1), ("Action", 1)]]
    header += [[("of", 1), ("of", 1)], [("Cases", 1), ("Deaths", 1)]]
    body = [
        ["Trivandrum", "Food poisoning", "950", "0", "Under control", "Cases treated."],
        ["Amravati", "Food poisoning", "6", "5", "Under surveillance", "Samples taken."],
        ["Betul", "Acute diarrhoeal disease", "29", "0", "Under control", "Survey done."],
    ]
    tall = {"District": 3, "Disease": 3, "Status": 3, "Action": 3}
    text = D.named(extract("outbreak.pdf", D.table_pdf(header, body, tall=tall)))
    assert "District: Amravati — Disease: Food poisoning | No. of Cases: 6 | No. of Deaths: 5 |" in text


def test_a_table_ruled_in_two_boxes_a_row_is_read_in_the_columns_its_words_stand_in():
    """Each row ruled as a box around its label and one around all its figures, its names in one or two
    lines ("Standing / Charge" set above and below "Unit Rate"): the rows are read in the columns the
    figures stand in, each named by its whole name and its unit (the rules made one cell of
    "25.25 54.69 25.61"; four printed rows of names were taken for no header)."""
    names = [
        ["Unit Rate"],
        ["Standing", "Charge"],
        ["Unit Rate Day"],
        ["Unit Rate Night"],
        ["Standing", "Charge"],
    ]
    units = ["Region", "Region no.", "p/kWh", "p/day", "p/kWh", "p/kWh", "p/day"]
    body = [
        ["East England", "10", "26.19", "57.86", "26.73", "19.62", "58.37"],
        ["London", "12", "25.25", "54.69", "25.61", "19.46", "55.22"],
        ["South Wales", "21", "26.53", "60.55", "27.03", "19.65", "61.07"],
        ["Yorkshire", "23", "25.13", "67.54", "25.42", "19.67", "68.05"],
    ]
    text = D.named(extract("tariff.pdf", D.tariff_pdf(names, units, body)))
    assert (
        "Region: London — Region no.: 12 | Unit Rate p/kWh: 25.25 | Standing Charge p/day: 54.69 | "
        "Unit Rate Day p/kWh: 25.61 | Unit Rate Night p/kWh: 19.46 | Standing Charge p/day: 55.22"
    ) in text


def test_a_row_ruled_as_one_band_across_the_table_is_read_in_the_columns_its_words_stand_in():
    """Every other row shaded as one box across the table, with no rules inside: its words are read in the
    columns of the rows around it, and its cells named as theirs (pdfplumber gives the whole row as one
    cell, which was read as a label over the rows below)."""
    body = [
        ["State", "Revenue", "Capital", "Total"],
        ["Assam", "14,874,821", "161,600", "21,999,123"],
        ["Bihar", "21,016,708", "5,329,000", "32,929,420"],
        ["Delhi", "28,084,780", "4,550,000", "33,051,480"],
        ["Goa", "4,055,567", "330,053", "4,508,180"],
    ]
    text = D.named(extract("outlay.pdf", D.banded_pdf(body, banded={2, 4})))
    assert "State: Bihar — Revenue: 21,016,708 | Capital: 5,329,000 | Total: 32,929,420" in text
    assert "State: Goa — Revenue: 4,055,567 | Capital: 330,053 | Total: 4,508,180" in text


def test_names_side_by_side_in_one_box_over_two_columns_name_each_column():
    """Two names set apart in one ruled box over their two columns ("Medical care   Public health" under
    "Revenue"): each names its own column; one name over two columns ("Revenue") still names both."""
    body = [
        ["State", "Revenue", "", "Total"],
        ["", "Medical care", "Public health", ""],
        ["Assam", "14,874,821", "2,554,197", "21,999,123"],
        ["Bihar", "21,016,708", "4,332,141", "32,929,420"],
        ["Delhi", "28,084,780", "411,700", "33,051,480"],
    ]
    text = D.named(extract("outlay.pdf", D.banded_pdf(body, banded=set(), joined={0: (1, 2), 1: (1, 2)})))
    assert "State: Bihar — Revenue Medical care: 21,016,708 | Revenue Public health: 4,332,141 |" in text
