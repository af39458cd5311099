"""Fit the answer decision: ``python -m qa.train.decision --tune REPORT... --check REPORT... [--write]``.

Each REPORT is the output of ``qa eval FILE --json``, whose cases carry every read passage's features and
whether it holds the gold answer (``read``). The decision is a logistic regression over those features
(standardised, L2-penalised, fitted by Newton's method: a few hundred rows need nothing more), fitted on the
tune reports alone. Its threshold is the highest at which no tune set has more than MAX_WRONGLY of its
answerable questions abstained. The check reports, split by article or paper from the tune ones, give what
is printed: the abstention trade-off, the calibration (mean probability against the share that answers, in
bins) and the ablation (refitted without each feature). ``--write`` stores the fit in
qa/answer/decision.json.
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from qa.answer.decision import FEATURES, PATH, Decision
from qa.train.reader import auc

# The most answerable questions a threshold may abstain on, per tune set: the acceptance bounds are 0.10
# (SQuAD-style) and 0.03 (COVID-QA out of corpus); the threshold is set on the tune sets at the stricter
# side of their middle.
MAX_WRONGLY = 0.05
# A light penalty: the features are few and the rows many; it keeps weights finite if one feature separates.
L2 = 1e-2
BINS = 10
RECIPE = (
    "python -m qa.train.decision --splits S; with a decision of threshold > 1 (every passage read): "
    "qa eval S/squad-tune.json --json > S/squad-tune.out; qa eval S/covid-tune.json --out-of-corpus 0.5 "
    "--json > S/covid-tune-ooc.out; python -m qa.train.decision --features reader,margin,cosine,"
    "figures --tune S/squad-tune.out S/covid-tune-ooc.out --write"
)


def read_report(path: Path) -> list[dict[str, Any]]:
    """The cases of one ``qa eval --json`` output (one JSON object per line)."""
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("{"):
            cases += json.loads(line).get("cases", [])
    return cases


def fit(cases: Sequence[dict[str, Any]], used: Sequence[str], calibrate: bool = True) -> Decision:
    """Logistic regression of "this passage holds the answer" on ``used`` features of each read passage."""
    import numpy as np

    rows = [r for c in cases for r in c.get("read", [])]
    x = np.array([[r["x"][f] for f in used] for r in rows], dtype=float)
    y = np.array([float(r["y"]) for r in rows])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    penalty = L2 * np.eye(z.shape[1])
    penalty[0, 0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(z @ w)))
        gradient = z.T @ (p - y) + penalty @ w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    passages = Decision(tuple(used), tuple(mean), tuple(scale), tuple(w[1:]), float(w[0]), 0.5)
    return replace(passages, calibration=_platt(passages, cases)) if calibrate else passages


def _platt(decision: Decision, cases: Sequence[dict[str, Any]]) -> tuple[float, float]:
    """Platt scaling at the question level: a, b such that sigmoid(a·s + b) is the probability that the
    documents answer, s being the surest read passage's score (a one-feature ``fit``)."""
    read = [c for c in cases if c.get("read")]
    rows = [
        {"read": [{"x": {"s": max(decision.score(r["x"]) for r in c["read"])}, "y": c["answerable_gold"]}]}
        for c in read
    ]
    one = fit(rows, ["s"], calibrate=False)
    a = one.weights[0] / one.scale[0]
    return a, one.bias - a * one.mean[0]


def sureness(decision: Decision, case: dict[str, Any]) -> float:
    """A question's confidence: its surest read passage's probability."""
    return max((decision.probability(r["x"]) for r in case.get("read", [])), default=0.0)


def trade_off(decision: Decision, cases: Sequence[dict[str, Any]], threshold: float) -> dict[str, float]:
    """Share of unanswerable questions abstained and of answerable ones wrongly abstained at ``threshold``."""
    pos = [sureness(decision, c) for c in cases if c["answerable_gold"]]
    neg = [sureness(decision, c) for c in cases if not c["answerable_gold"]]
    return {
        "abstained": sum(s < threshold for s in neg) / max(1, len(neg)),
        "wrongly": sum(s < threshold for s in pos) / max(1, len(pos)),
        "auc": _auc(pos, neg),
    }


def _auc(pos: list[float], neg: list[float]) -> float:
    return auc(pos, neg) if pos and neg else math.nan


def threshold(decision: Decision, sets: dict[str, list[dict[str, Any]]]) -> float:
    """The highest threshold at which no set abstains on more than MAX_WRONGLY of its answerable questions."""
    answerable = [[sureness(decision, c) for c in cases if c["answerable_gold"]] for cases in sets.values()]
    best = 0.0
    for t in [k / 200 for k in range(1, 200)]:
        if all(sum(s < t for s in pos) / max(1, len(pos)) <= MAX_WRONGLY for pos in answerable):
            best = t
    return best


def calibration(decision: Decision, cases: Sequence[dict[str, Any]]) -> list[tuple[float, float, int]]:
    """Per confidence bin: mean confidence, share of the questions the documents answer, count (the table
    ``qa eval`` prints, of the confidence this decision would give)."""
    from qa.measure.evaluate import calibration as table

    scored = [
        {"confidence": sureness(decision, c), "answerable_gold": c["answerable_gold"]}
        for c in cases
        if c.get("read")
    ]
    return [(b["confidence"], b["answerable"], int(b["questions"])) for b in table(scored, BINS)]


def with_threshold(decision: Decision, t: float) -> Decision:
    return replace(decision, threshold=t)


def report(tune: dict[str, list], check: dict[str, list], used: Sequence[str]) -> tuple[Decision, list[str]]:
    """The fit on ``tune``, and the lines that describe it on ``check``."""
    pooled = [c for cases in tune.values() for c in cases]
    decision = fit(pooled, used)
    decision = with_threshold(decision, threshold(decision, tune))
    lines = [
        f"features {', '.join(used)}; threshold {decision.threshold:.3f} (tune: wrongly ≤ {MAX_WRONGLY} each)"
    ]
    for name, cases in {
        **{f"tune {k}": v for k, v in tune.items()},
        **{f"check {k}": v for k, v in check.items()},
    }.items():
        t = trade_off(decision, cases, decision.threshold)
        lines.append(
            f"  {name:34} AUC {t['auc']:.3f}  abstained {t['abstained']:.3f}  wrongly {t['wrongly']:.3f}"
        )
    return decision, lines


def make_splits(folder: Path) -> None:
    """The tune and check files, split by article or paper: 20 of squad2-train-more.json.gz's held-out
    articles (never trained on; seeded), 10 each, and covidqa-dev.json's papers, even and odd."""
    import random

    from qa.measure.squad import held_out_articles, load_json, read_squad
    from qa.train.reader import DATA, DEV_FRACTIONS

    folder.mkdir(parents=True, exist_ok=True)
    more = DATA[1]
    raw, bench = load_json(more), read_squad(more)
    held = set(held_out_articles(bench, DEV_FRACTIONS[more.name]))
    articles = [a for n, a in zip(bench.docs, raw["data"]) if n in held]
    random.Random(7).shuffle(articles)
    covid = load_json(more.with_name("covidqa-dev.json"))["data"]
    parts = {
        "squad-tune": articles[:10],
        "squad-check": articles[10:20],
        "covid-tune": covid[0::2],
        "covid-check": covid[1::2],
    }
    for name, data in parts.items():
        (folder / f"{name}.json").write_text(json.dumps({"data": data}), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m qa.train.decision", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--splits", type=Path, metavar="FOLDER", help="write the tune and check files and stop"
    )
    parser.add_argument("--tune", type=Path, nargs="+")
    parser.add_argument("--check", type=Path, nargs="*", default=[])
    parser.add_argument("--features", default=",".join(FEATURES))
    parser.add_argument("--write", action="store_true", help="store the fit in qa/answer/decision.json")
    args = parser.parse_args(argv)
    if args.splits:
        make_splits(args.splits)
        return
    if not args.tune:
        parser.error("give --tune REPORT... (or --splits FOLDER)")
    tune = {p.stem: read_report(p) for p in args.tune}
    check = {p.stem: read_report(p) for p in args.check}
    used = args.features.split(",")
    decision, lines = report(tune, check, used)
    print("\n".join(lines))
    print(
        "weights: "
        + ", ".join(f"{f} {w:+.2f}" for f, w in zip(used, decision.weights))
        + f"; bias {decision.bias:+.2f}"
    )
    print("calibration on the check sets (mean confidence, share the documents answer, questions):")
    for p, y, n in calibration(decision, [c for cases in check.values() for c in cases]):
        print(f"  {p:.2f}  {y:.2f}  {n}")
    print("ablation (each feature left out, refitted, threshold set again on tune):")
    for f in used:
        _, rows = report(tune, check, [u for u in used if u != f])
        print(f"- without {f}:")
        print("\n".join(rows[1:]))
    if args.write:
        fitted = {
            "features": list(decision.used),
            "mean": list(decision.mean),
            "scale": list(decision.scale),
            "weights": list(decision.weights),
            "bias": decision.bias,
            "threshold": decision.threshold,
            "calibration": list(decision.calibration),
            "data": [p.name for p in args.tune],
            "about_data": "qa eval reports on the tune files of --splits: 10 held-out SQuAD 2.0 train "
            "articles (CC BY-SA 4.0), COVID-QA's even dev papers out of corpus 0.5 (Apache-2.0)",
            "recipe": RECIPE,
        }
        PATH.write_text(json.dumps(fitted, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
