"""Table windows for the reader: a lookup's answering row read as qa reads a CSV's row, beside a row that
does not answer; questions a row cannot answer on its own are left out."""

from __future__ import annotations

import random
from pathlib import Path

from qa.convert.sheet import read_csv
from qa.text.cellnames import plain
from qa.train.tables import cell_values, lookup_windows, mixing, table_windows
from qa.train.windows import Example

CSV = """"Year","Champion","City","Record"
"1957","Industrial LL","Monterrey, Nuevo León","2–0"
"1961","El Campo LL","El Campo, Texas","2–1"
"1962","Val Verde County LL","Del Rio, Texas","2–1"
"""


def _rows() -> list[str]:
    lines = read_csv("t.csv", CSV.encode()).text.split("\n\n")
    return [plain(line.strip("\n")) for line in lines[1:] if line.strip()]


def test_a_row_reads_as_the_reader_reads_it_and_each_cell_value_is_found():
    row = _rows()[0]
    assert row == "Year: 1957 — Champion: Industrial LL | City: Monterrey, Nuevo León | Record: 2–0"
    values = cell_values(row)
    assert [v for _, v in values] == ["1957", "Industrial LL", "Monterrey, Nuevo León", "2–0"]
    assert all(row[at : at + len(v)] == v for at, v in values)


def test_a_lookup_gives_its_answering_row_and_a_row_that_does_not_answer():
    rows = _rows()
    windows = lookup_windows(("who were the champions in 1961?", "El Campo LL"), rows, random.Random(0))
    answer, other = windows
    assert answer.answers and answer.context == rows[1]
    assert answer.context[answer.start : answer.start + len(answer.text)] == "El Campo LL"
    assert not other.answers and other.context != rows[1] and "El Campo LL" not in other.context


def test_questions_a_row_cannot_answer_alone_are_left_out():
    rows = _rows()
    rng = random.Random(0)
    assert lookup_windows(("how many champions were from texas?", "2"), rows, rng) == []  # a count
    assert lookup_windows(("which record came up twice?", "2–1"), rows, rng) == []  # two rows hold it
    assert lookup_windows(("who was the first champion?", "Industrial LL"), rows, rng) == []  # no row named
    assert lookup_windows(("champions in 1957 or 1961?", "Industrial LL|El Campo LL"), rows, rng) == []


def test_tables_are_held_out_whole(tmp_path: Path):
    (tmp_path / "csv").mkdir()
    (tmp_path / "data").mkdir()
    lines = ["id\tutterance\tcontext\ttargetValue"]
    for t in range(20):
        (tmp_path / "csv" / f"{t}.csv").write_text(CSV, encoding="utf-8")
        lines.append(f"q{t}\twho were the champions in 1961?\tcsv/{t}.csv\tEl Campo LL")
    (tmp_path / "data" / "training.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "data" / "pristine-unseen-tables.tsv").write_text(lines[0] + "\n", encoding="utf-8")
    train, held = table_windows(tmp_path)
    assert len(held) == 2 * 2 and len(train) == 18 * 2  # two tables of twenty, each with both windows


def test_the_mix_puts_squad_windows_beside_the_table_windows():
    tables = [Example("q", "Year: 1957", 6, "1957", "table")] * 10
    squad = [Example(f"s{i}", "c", -1, "", "far") for i in range(100)]
    trained, dev = mixing(tables, 2.0, 5)(squad, list(range(50)))
    assert trained[:10] == tables and len(trained) == 30 and len(dev) == 5
