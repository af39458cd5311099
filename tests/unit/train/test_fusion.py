"""Fusion weights fitted on reports of fusion candidates: ranks, the simplex grid and the fit."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from qa.train.fusion import fit, grid, load, ranks, scores


def _report(path: Path, n: int, seed: int, telling: int) -> Path:
    """``n`` answerable questions of 20 candidates each, the answering one first by signal ``telling``
    (1.0 against the others' 0-0.7); the other signals are noise (0.4-0.6). One question more has no
    answering candidate."""
    rng = random.Random(seed)
    cases = []
    for _ in range(n):
        rows = []
        for j in range(20):
            x = [round(rng.uniform(0.4, 0.6), 4) for _ in range(4)]
            x[telling] = 1.0 if j == 0 else round(rng.uniform(0.0, 0.7), 4)
            rows.append(x + [int(j == 0)])
        rng.shuffle(rows)
        cases.append({"answerable_gold": True, "fused": rows})
    cases.append({"answerable_gold": True, "fused": [[0.5, 0.5, 0.5, 0.5, 0]]})
    cases.append({"answerable_gold": False})
    path.write_text(json.dumps({"cases": cases}) + "\n", encoding="utf-8")
    return path


def test_ranks_count_the_candidates_above_the_first_answering_one_and_zero_when_none_answers(tmp_path):
    path = tmp_path / "r.out"
    rows = [[0.9, 0, 0, 0, 0], [0.5, 0, 0, 0, 1], [0.7, 0, 0, 0, 0], [0.2, 0, 0, 0, 1]]
    path.write_text(
        json.dumps({"cases": [{"answerable_gold": True, "fused": rows}, {"answerable_gold": True}]}) + "\n"
    )
    report = load(path)
    assert report.questions == 2
    assert ranks(report, (1, 0, 0, 0)).tolist() == [3, 0]
    assert ranks(report, (-1, 0, 0, 0)).tolist() == [1, 0]
    assert scores(report, (1, 0, 0, 0))["answer@3"] == 0.5


def test_the_grid_covers_the_simplex():
    points = grid(0.25)
    assert len(points) == 35  # C(4 + 3, 3)
    assert all(abs(sum(p) - 1) < 1e-9 and min(p) >= 0 for p in points)


def test_the_fit_serves_each_kind_of_text_with_the_signal_it_needs(tmp_path):
    # One report is told by BM25, a smaller one by the sentence signal: the fit must serve both.
    big = load(_report(tmp_path / "big.out", 200, 0, telling=2))
    small = load(_report(tmp_path / "small.out", 30, 1, telling=1))
    w = fit([big, small], step=0.1)
    assert w[1] > 0 and w[2] > 0
    for report in (big, small):
        assert scores(report, w)["answer@1"] > 0.9


def test_a_report_without_candidates_is_refused(tmp_path):
    path = tmp_path / "none.out"
    path.write_text(json.dumps({"cases": [{"answerable_gold": False}]}) + "\n")
    with pytest.raises(SystemExit, match="no fusion candidates"):
        load(path)


def test_the_eval_reports_candidates_whose_ranking_is_the_engines(tmp_path, corpus, fake_embedder):
    # `qa eval --json` gives every fusion candidate's signals and truth; ranked by the weights in force they
    # put the first answering passage where the engine did.
    from qa.measure.evaluate import evaluate, read_cases
    from qa.retrieve.fusion import Weights
    from tests.conftest import QUESTIONS, make_engine

    engine = make_engine(corpus, tmp_path / "index", fake_embedder)
    report = evaluate(engine, read_cases(QUESTIONS)[:12], k=5)
    path = tmp_path / "report.out"
    path.write_text(json.dumps(report) + "\n", encoding="utf-8")
    answerable = [c for c in report["cases"] if c["answerable_gold"]]
    assert answerable and all(len(r) == 5 for c in answerable for r in c["fused"])
    w = Weights()
    got = ranks(load(path), (w.passage, w.sentence, w.bm25, w.document)).tolist()
    for case, rank in zip(answerable, got):
        # The engine shows k passages: an answer it ranks lower, or none, is no rank there.
        assert rank == case["rank"] if case["rank"] else rank == 0 or rank > 5
    assert any(got)
