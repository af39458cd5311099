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
