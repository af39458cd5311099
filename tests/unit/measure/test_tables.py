"""The table benchmark's score: ICDAR 2013's cell-adjacency relations, checked on tables small enough to count
by hand."""

from __future__ import annotations

from qa.measure.tables import Cell, grid_cells, relations, score, truth_tables

GRID = [["Country", "1996", "1991"], ["Germany", "12130", "8290"], ["France", "", "3120"]]


def test_each_cell_relates_to_its_nearest_filled_neighbour_right_and_below():
    found = relations(grid_cells(GRID))
    assert found[("germany", "12130", "right")] == 1
    assert found[("1996", "12130", "below")] == 1
    assert found[("france", "3120", "right")] == 1  # the empty cell between is skipped
    assert found[("1991", "8290", "below")] == 1 and found[("8290", "3120", "below")] == 1
    assert sum(found.values()) == 10


def test_a_spanning_cell_relates_to_a_neighbour_in_every_row_and_column_it_covers():
    cells = [
        Cell("No. of stores", range(0, 1), range(1, 3)),
        Cell("1996", range(1, 2), range(1, 2)),
        Cell("1991", range(1, 2), range(2, 3)),
    ]
    found = relations(cells)
    assert found[("noofstores", "1996", "below")] == 1 and found[("noofstores", "1991", "below")] == 1
    assert found[("1996", "1991", "right")] == 1 and sum(found.values()) == 3


def test_a_perfect_reading_scores_one_and_a_lost_row_costs_recall_only():
    truth = [
        [
            Cell(text, range(r, r + 1), range(c, c + 1))
            for r, row in enumerate(GRID)
            for c, text in enumerate(row)
        ]
    ]
    assert score("t", [GRID], truth).f1 == 1.0
    partial = score("t", [GRID[:2]], truth)
    assert partial.precision == 1.0 and partial.recall == 7 / 10
    assert score("t", [], truth).f1 == 0.0


def test_contents_compare_without_case_spaces_or_punctuation():
    assert relations(grid_cells([["1,292", "A b"]])) == relations(grid_cells([["1 292", "a-B"]]))


def test_the_ground_truth_file_gives_each_tables_cells_and_spans(tmp_path):
    xml = tmp_path / "t-str.xml"
    xml.write_text(
        '<document><table id="1"><region id="1" page="1">'
        '<cell id="1" start-col="1" end-col="2" start-row="0"><content>No. of\nstores</content></cell>'
        '<cell id="2" start-col="1" start-row="1"><content>1996</content></cell>'
        "</region></table></document>",
        encoding="utf-8",
    )
    (cells,) = truth_tables(xml)
    assert cells[0] == Cell("No. of stores", range(0, 1), range(1, 3)) and cells[1].text == "1996"
