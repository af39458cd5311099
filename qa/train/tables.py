"""The reader learns to read a table's row: ``python -m qa.train.tables OUT --init RUN --wtq DIR``.

Why: SQuAD holds prose only, so the reader had never seen a row as qa shows it ("Year: 1957 — Champion:
Industrial LL | City: Monterrey, Nuevo León | …"). Given the row that answers and the row retrieval puts
beside it, it told them apart at AUC 0.82 on held-out tables (0.95 after this run). Measured and not shipped
(docs/reader.md, "Tables"): prose readings moved both ways and the real documents' check half did not gain;
the windows and ``mix`` serve a run that trains on tables from the start.

**Data**: WikiTableQuestions (Pasupat and Liang, 2015; CC BY-SA 4.0, github.com/ppasupat/WikiTableQuestions):
2,108 Wikipedia tables as CSV files and 18,496 questions (``data/training.tsv`` and
``data/pristine-unseen-tables.tsv``). Only *lookups* are kept, questions a row answers on its own: the answer
is one cell of exactly one row, and another cell of that row, named by no other row, stands in the question
("who were the champions in 1961?"). Counting, comparing and arithmetic need the whole table, which the
reader never reads at once. Each lookup gives two windows, shaped as the reader reads a row at run time (the
CSV read by qa's own converter, ``qa.convert.sheet``, each cell after its column's name,
``qa.text.cellnames.plain``): the answering row, with the answer's cell as its span, and the row of the same
table that shares most words with the question, which does not answer. A tenth of the tables (seeded) are
held out, never trained on: the figures are theirs.

**Run**: from a trained reader (``--init``: a run folder or the shipped model), each table window beside
``--replay`` SQuAD windows (``qa.train.windows``) so that prose is not forgotten, at a low learning rate; a
few thousand windows, about ten minutes on 2 cores. ``python -m qa.train.export OUT FOLDER`` exports it
as any reader.
"""

from __future__ import annotations

import argparse
import csv
import logging
import random
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.train.windows import Example

if TYPE_CHECKING:
    from qa.train.reader import DevQuestion, Mix

log = logging.getLogger("qa.train")

QUESTION_FILES = ("data/training.tsv", "data/pristine-unseen-tables.tsv")
HELD_OUT = 0.1  # the share of tables held out (by table, never by question)
# A cell names its row when the question writes it and no other row holds it: at least this many characters
# ("IC 342", "1957"), since a shorter one ("2", "LL") stands in many questions by chance.
NAMING_CHARS = 3
_CELL_BREAK = re.compile(r"( — | \| )")  # between a row's first cell and the rest, and between cells
_WORDS = re.compile(r"\w+")


def table_windows(root: Path, seed: int = 0) -> tuple[list[Example], list[Example]]:
    """The training and the held-out windows of the WikiTableQuestions checkout ``root``."""
    questions = _questions(root)
    tables = sorted(questions)
    rng = random.Random(seed)
    rng.shuffle(tables)
    held = set(tables[: round(len(tables) * HELD_OUT)])
    train: list[Example] = []
    dev: list[Example] = []
    for table in tables:
        rows = _rows(root / table)
        for asked in questions[table]:
            (dev if table in held else train).extend(lookup_windows(asked, rows, rng))
    log.info("table windows: %d training, %d held out (%d tables)", len(train), len(dev), len(held))
    return train, dev


def _questions(root: Path) -> dict[str, list[tuple[str, str]]]:
    """(question, answer) of each table, by its CSV's path under ``root``."""
    out: dict[str, list[tuple[str, str]]] = {}
    for name in QUESTION_FILES:
        with open(root / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                out.setdefault(row["context"], []).append((row["utterance"].strip(), row["targetValue"]))
    return out


def _rows(path: Path) -> list[str]:
    """The table's data rows as the reader reads them: each cell after its column's name."""
    from qa.convert.sheet import read_csv
    from qa.errors import SourceError
    from qa.text.cellnames import plain

    try:
        lines = read_csv(path.name, path.read_bytes()).text.split("\n\n")
    except (OSError, SourceError):
        return []
    return [plain(line.strip("\n")) for line in lines[1:] if line.strip()]  # the first line is the header


def lookup_windows(asked: tuple[str, str], rows: list[str], rng: random.Random) -> list[Example]:
    """A lookup question's answering row and its closest other row; nothing for any other question."""
    question, answer = asked
    found = [
        (i, at, value) for i, row in enumerate(rows) for at, value in cell_values(row) if _same(value, answer)
    ]
    if "|" in answer or len({i for i, _, _ in found}) != 1:
        return []
    i, at, value = found[0]
    if not _names_row(question, rows, i, answer):
        return []
    out = [Example(question, rows[i], at, value, "table")]
    asked_words = set(_norm(question).split())
    others = [j for j in range(len(rows)) if j != i and _norm(value) not in _norm(rows[j])]
    if others:
        j = max(others, key=lambda k: (len(asked_words & set(_norm(rows[k]).split())), rng.random()))
        out.append(Example(question, rows[j], -1, "", "table-row"))
    return out


def cell_values(row: str) -> list[tuple[int, str]]:
    """(offset, text) of each cell's value in a row's view: after its column's name where it has one."""
    out = []
    at = 0
    for part in _CELL_BREAK.split(row):
        if not _CELL_BREAK.fullmatch(part):
            name, colon, value = part.partition(": ")
            out.append((at + len(name) + len(colon), value) if colon else (at, part))
        at += len(part)
    return out


def _names_row(question: str, rows: list[str], i: int, answer: str) -> bool:
    """Does the question write a cell of row ``i`` (not the answer) that no other row holds?"""
    asked = f" {_norm(question)} "
    for _, value in cell_values(rows[i]):
        cell = _norm(value)
        if len(cell) >= NAMING_CHARS and not _same(value, answer) and f" {cell} " in asked:
            if sum(f" {cell} " in f" {_norm(row)} " for row in rows) == 1:
                return True
    return False


def _norm(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def _same(value: str, answer: str) -> bool:
    return bool(value.strip()) and _norm(value) == _norm(answer)


def mixing(tables: list[Example], replay: float, dev_questions: int) -> Mix:
    """What ``qa.train.reader.train`` trains on: the table windows, each beside ``replay`` SQuAD windows
    (drawn once, seeded), and ``dev_questions`` of SQuAD's dev questions to score."""

    def mix(squad: list[Example], dev: list[DevQuestion]) -> tuple[list[Example], list[DevQuestion]]:
        replayed = random.Random(0).sample(squad, min(len(squad), int(len(tables) * replay)))
        return tables + replayed, random.Random(1).sample(dev, min(len(dev), dev_questions))

    return mix


def main(argv: list[str] | None = None) -> None:
    from qa.train.reader import _parser

    parser = _parser()
    parser.prog = "python -m qa.train.tables"
    parser.add_argument(
        "--init", type=Path, required=True, help="the trained reader (a run or qa/read/model)"
    )
    parser.add_argument("--wtq", type=Path, required=True, help="a WikiTableQuestions checkout")
    parser.add_argument("--replay", type=float, default=2.0, help="SQuAD windows per table window")
    # A light touch on a trained reader: ~5,000 windows twice (~314 steps), a tenth of them warming up.
    parser.set_defaults(epochs=2.0, lr=3e-5, dev_questions=600, warmup=30)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    fine_tune(args)


def fine_tune(args: argparse.Namespace) -> None:
    """Train from ``args.init`` on the mix, then score the held-out tables' windows."""
    import torch

    from qa.encode.base import DEFAULT_MODEL, resolve_model
    from qa.train.reader import DATA, build_model, train, training_run
    from qa.train.student import load_into, trained

    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    folder = args.base or Path(resolve_model(DEFAULT_MODEL))
    tables, held = table_windows(args.wtq)
    model = load_into(build_model(folder, base=False), trained(args.init))
    run = replace(training_run(args), curve=2)  # one point per epoch: scoring costs as much as training
    train(
        args.out,
        folder,
        args.data or DATA,
        run,
        model=model,
        mix=mixing(tables, args.replay, run.dev_questions),
    )
    log.info("held-out tables %s", score_rows(model, folder, held, run.device))


def score_rows(model: Any, folder: Path, windows: list[Example], device: str) -> dict[str, float]:
    """The reader on held-out table windows, each read alone: AUC of the answering rows against the others,
    and the span F1 of the answering ones (``qa.train.reader.score``)."""
    from qa.train.reader import DevQuestion, score, tokenizer

    dev = [
        DevQuestion(w.question, [(0, len(w.context))], w.context, (w.text,) if w.answers else ())
        for w in windows
    ]
    return score(model, tokenizer(folder), dev, device)


if __name__ == "__main__":
    main()
