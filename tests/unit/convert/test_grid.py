"""PDF tables read from where the words stand: each row one citable line named by the header, prose and
lists left as they are, and no word of the page lost."""

from __future__ import annotations

import re
from collections import Counter

from qa.convert.pdf.grid import Piece, tables
from qa.document.paragraphs import parse
from qa.document.source import read_bytes
from qa.text.cellnames import plain, view
from tests import documents as D

CAPTION = "Table 1. Calories per portion of common foods, as measured in the kitchen trials of the season."
AFTER = (
    "The kitchen trials ran over three seasons and compared the portions served in the canteen with those "
    "of the market stalls nearby."
)


def _printed(
    rows: list[list[str]] | None = None,
    prose: list[str] = (),
    align: str = "L",
    width: float = 0,
    bullets: list[str] = (),
) -> bytes:
    from fpdf import FPDF

    doc = FPDF(format=(148, 210))
    doc.add_page()
    doc.set_font("Helvetica", size=10)
    for para in prose:
        doc.multi_cell(width, 5, para, align=align, new_x="LMARGIN", new_y="NEXT")
        doc.ln(3)
    for item in bullets:
        doc.cell(8, 5, "-")
        doc.multi_cell(0, 5, item, new_x="LMARGIN", new_y="NEXT")
    if rows:
        with doc.table(borders_layout="NONE", text_align="LEFT") as table:
            for cells in rows:
                row = table.row()
                for cell in cells:
                    row.cell(cell)
        doc.ln(3)
        doc.multi_cell(0, 5, AFTER, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def _words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


FOODS = [
    ["Food", "Calories per portion", "Portion size"],
    ["Berries", "150", "100 g"],
    ["Grain", "200", "80 g"],
    ["Fish", "310", "120 g"],
]


def test_each_row_of_a_printed_table_is_one_line_named_by_its_header():
    doc = read_bytes("foods.pdf", _printed(FOODS, [CAPTION]))
    layout = parse(doc)
    texts = [layout.text(p) for p in layout.paragraphs]
    seen = [view(doc.text[p.start : p.end], p.start, doc.names).text for p in layout.paragraphs]
    assert "Food: Berries — Calories per portion: 150 | Portion size: 100 g" in seen
    assert "Food: Fish — Calories per portion: 310 | Portion size: 120 g" in seen
    assert "Fish — 310 | 120 g" in texts  # quoted: the cells alone
    assert "Food | Calories per portion | Portion size" in texts  # the header row, quoted as printed
    assert CAPTION in texts and AFTER in texts  # the prose around it stays whole
    kinds = [p.kind for p in layout.paragraphs]
    assert set(kinds) == {"body", "table head"} and kinds.count("table head") == 1  # a row is never a heading
    printed = _words(CAPTION + AFTER + " ".join(c for row in FOODS for c in row))
    assert not printed - _words(doc.text)  # no word lost


def test_justified_prose_and_a_list_are_not_tables():
    narrow = [D.FILLER * 2, D.FILLER]
    for data in (
        _printed(prose=narrow, align="J", width=60),
        _printed(
            prose=[CAPTION],
            bullets=["Berries are picked in June.", "Grain is milled in May.", "Fish is smoked in March."],
        ),
    ):
        doc = read_bytes("prose.pdf", data)
        assert " — " not in doc.text and " | " not in doc.text


def _piece(text: str, x0: float, top: float, em: float = 10.0) -> Piece:
    return Piece(text, x0, x0 + 5.5 * len(text), top, top - 7, em)


def test_a_header_over_two_printed_rows_and_a_cell_spanning_two_rows():
    """pg9's layout: "# enc-layers" stacked over two lines, the layer counts printed once between the
    OTSL and HTML rows they both belong to."""
    cols = [100, 160, 220, 300]
    lines = [
        [_piece("#", cols[0], 450), _piece("#", cols[1], 450)],
        [
            _piece("enc", cols[0], 440),
            _piece("dec", cols[1], 440),
            _piece("Language", cols[2], 440),
            _piece("Time", cols[3], 440),
        ],
        [_piece("OTSL", cols[2], 420), _piece("2.73", cols[3], 420)],
        [_piece("6", cols[0], 415), _piece("6", cols[1], 415)],
        [_piece("HTML", cols[2], 410), _piece("5.39", cols[3], 410)],
        [_piece("OTSL", cols[2], 390), _piece("1.97", cols[3], 390)],
        [_piece("4", cols[0], 385), _piece("2", cols[1], 385)],
        [_piece("HTML", cols[2], 380), _piece("3.77", cols[3], 380)],
    ]
    (table,) = tables(lines)
    assert (table.first, table.last) == (0, len(lines) - 1)
    assert [plain(row) for row in table.rows[:2]] == [
        "# | #",
        "enc | dec | Language | Time",
    ]  # the header as printed
    assert [plain(row) for row in table.rows[2:]] == [
        "# enc: 6 — # dec: 6 | Language: OTSL | Time: 2.73",
        "# enc: 6 — # dec: 6 | Language: HTML | Time: 5.39",
        "# enc: 4 — # dec: 2 | Language: OTSL | Time: 1.97",
        "# enc: 4 — # dec: 2 | Language: HTML | Time: 3.77",
    ]


def test_a_wrapped_cell_joins_its_row_and_a_column_no_row_fills_keeps_its_name():
    lines = [
        [
            _piece("Column", 100, 500),
            _piece("Type", 200, 500),
            _piece("Unused", 300, 500),
            _piece("Description", 400, 500),
        ],
        [_piece("USAGE", 100, 480), _piece("VARCHAR(7)", 200, 480), _piece("Usage setting:", 400, 480)],
        [_piece("ALLOWED: may use it.", 400, 470)],
        [_piece("USER_TYPE", 100, 450), _piece("VARCHAR(5)", 200, 450), _piece("Type of profile", 400, 450)],
    ]
    (table,) = tables(lines)
    assert plain(table.rows[0]) == "Column | Type | Unused | Description"
    assert (
        plain(table.rows[1])
        == "Column: USAGE — Type: VARCHAR(7) | Description: Usage setting: ALLOWED: may use it."
    )
    assert plain(table.rows[2]) == "Column: USER_TYPE — Type: VARCHAR(5) | Description: Type of profile"


def test_cells_that_line_up_in_no_columns_are_no_table():
    ragged = [
        [
            _piece("the port", 100 + 37 * i % 90, 500 - 12 * i),
            _piece("moved grain", 260 + 53 * i % 70, 500 - 12 * i),
        ]
        for i in range(5)
    ]
    assert tables(ragged) == []
