"""Fit retrieval's fusion weights: ``python -m qa.train.fusion --tune REPORT... --check REPORT...``.

Each REPORT is the output of ``qa eval FILE --json``, whose answerable cases carry every candidate passage
fusion ranked (``fused``: its passage, sentence, BM25 and document signals, and 1 when it holds the gold
answer). Fusion is a convex sum of the four signals, so the fit is a search of the simplex at STEP: the
weights whose ranking gives the best MRR@5 over the tune reports, each report weighed alike (one kind of
text each: a SQuAD article set, COVID-QA papers, real documents), so that 841 COVID-QA questions do not
outvote 61 on real documents. A grid, not a gradient: MRR is a step function of the weights, and four
weights summing to one are few enough to try every point. The check reports, split by article, paper or
document from the tune ones, give what is printed beside the weights in force (``Weights()``).
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qa.measure.evaluate import rank_scores
from qa.retrieve.fusion import Weights
from qa.train.decision import read_report

if TYPE_CHECKING:
    import numpy as np

# The grid's spacing: finer than any weight the reports can tell apart (a step of 0.02 moves no report's
# MRR@5 by more than ~0.005 near the optimum), coarse enough that the search takes seconds.
STEP = 0.02
SIGNALS = ("passage", "sentence", "bm25", "document")


@dataclass(frozen=True)
class Report:
    """One report's candidates stacked: signals (n × 4), truth, and the question each row belongs to."""

    name: str
    x: np.ndarray
    y: np.ndarray
    group: np.ndarray
    questions: int  # answerable questions, those found in no candidate included (they rank nowhere)


def load(path: Path) -> Report:
    import numpy as np

    cases = [c for c in read_report(path) if c.get("answerable_gold")]
    rows = [(i, r) for i, c in enumerate(cases) for r in c.get("fused", [])]
    if not rows:
        raise SystemExit(f"{path}: no fusion candidates (a `qa eval --json` report of answerable questions)")
    x = np.array([r[:4] for _, r in rows], dtype=float)
    y = np.array([r[4] for _, r in rows], dtype=bool)
    group = np.array([i for i, _ in rows], dtype=np.int64)
    return Report(path.stem, x, y, group, len(cases))


def ranks(report: Report, weights: Sequence[float]) -> np.ndarray:
    """Each question's rank of its first answering candidate (0 when none answers): one plus the candidates
    scoring above the best answering one, ties counted against it (fusion's stable sort may place them
    either side)."""
    import numpy as np

    score = report.x @ np.asarray(weights, dtype=float)
    best = np.full(report.questions, -np.inf)
    np.maximum.at(best, report.group[report.y], score[report.y])
    above = (score >= best[report.group]) & ~report.y
    out = np.bincount(report.group, weights=above, minlength=report.questions) + 1
    return np.where(np.isfinite(best), out, 0).astype(np.int64)


def scores(report: Report, weights: Sequence[float]) -> dict[str, float]:
    """answer@1/3/5 and MRR@5, as `qa eval` reports them."""
    return rank_scores([int(r) or None for r in ranks(report, weights)])


def _mrr(r: np.ndarray) -> float:
    """MRR@5 of ``ranks`` at once (``rank_scores``' for an array: the fit asks it of thousands of weights)."""
    import numpy as np

    hit = (r > 0) & (r <= 5)
    return float(np.where(hit, 1.0 / np.maximum(r, 1), 0.0).mean())


def grid(step: float = STEP) -> list[tuple[float, float, float, float]]:
    """Every point of the four-weight simplex at ``step``."""
    n = round(1 / step)
    return [
        (a * step, b * step, c * step, (n - a - b - c) * step)
        for a, b, c in itertools.product(range(n + 1), repeat=3)
        if a + b + c <= n
    ]


def fit(tune: Sequence[Report], step: float = STEP) -> tuple[float, float, float, float]:
    """The grid point with the best mean MRR@5 over ``tune``; ties go to the first found."""
    return max(grid(step), key=lambda w: sum(_mrr(ranks(r, w)) for r in tune) / len(tune))


def table(reports: Sequence[Report], label: str, weights: Sequence[float]) -> list[str]:
    lines = []
    for r in reports:
        s = scores(r, weights)
        lines.append(
            f"  {label:7} {r.name:24} @1 {s['answer@1']:.3f}  @3 {s['answer@3']:.3f}  "
            f"@5 {s['answer@5']:.3f}  MRR@5 {s['mrr@5']:.3f}  ({r.questions} questions)"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m qa.train.fusion", description=__doc__.splitlines()[0])
    parser.add_argument("--tune", type=Path, nargs="+", required=True)
    parser.add_argument("--check", type=Path, nargs="*", default=[])
    parser.add_argument("--step", type=float, default=STEP)
    args = parser.parse_args(argv)
    tune, check = [load(p) for p in args.tune], [load(p) for p in args.check]
    now = Weights()
    current = (now.passage, now.sentence, now.bm25, now.document)
    chosen = fit(tune, args.step)
    for name, w in (("in force", current), ("fitted", chosen)):
        print(f"{name}: " + ", ".join(f"{s} {v:.2f}" for s, v in zip(SIGNALS, w)))
        print("\n".join(table(tune, "tune", w) + table(check, "check", w)))


if __name__ == "__main__":
    main()
