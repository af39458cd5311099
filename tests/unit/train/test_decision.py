"""The learned answer decision: a logistic regression fitted on read passages, its threshold and calibration."""

from __future__ import annotations

import random

from qa.answer.decision import FEATURES, load
from qa.train.decision import calibration, fit, threshold, trade_off, with_threshold


def _cases(n: int, seed: int) -> list[dict]:
    """Questions whose one read passage answers when its reader logit is high (with noise); the other
    features carry nothing."""
    rng = random.Random(seed)
    cases = []
    for _ in range(n):
        answerable = rng.random() < 0.5
        logit = rng.gauss(2.0 if answerable else -2.0, 1.5)
        x = {f: rng.random() for f in FEATURES} | {"reader": logit}
        cases.append({"answerable_gold": answerable, "read": [{"x": x, "y": answerable}]})
    return cases


def test_the_fit_leans_on_the_feature_that_separates_and_its_probabilities_are_calibrated():
    decision = fit(_cases(2000, 0), FEATURES)
    weights = dict(zip(decision.used, decision.weights))
    assert weights["reader"] > 5 * max(abs(w) for f, w in weights.items() if f != "reader")
    for mean, share, count in calibration(decision, _cases(2000, 1)):
        assert count < 100 or abs(mean - share) < 0.1  # on data it was not fitted on (bins of 100+)


def test_the_threshold_keeps_every_tune_set_within_its_wrongly_abstained_bound():
    decision = fit(_cases(1000, 2), FEATURES)
    sets = {"a": _cases(500, 3), "b": _cases(500, 4)}
    t = threshold(decision, sets)
    chosen = with_threshold(decision, t)
    assert 0 < t < 1
    assert all(trade_off(chosen, cases, t)["wrongly"] <= 0.05 for cases in sets.values())
    assert trade_off(chosen, sets["a"], t)["abstained"] > 0.5


def test_the_shipped_decision_gives_probabilities():
    decision = load()
    assert set(decision.used) <= set(FEATURES) and 0 < decision.threshold < 1
    low = {f: 0.0 for f in FEATURES} | {"reader": -10.0, "margin": -20.0}
    high = {f: 1.0 for f in FEATURES} | {"reader": 10.0, "margin": 20.0, "kind": 0.0, "figures": 0.0}
    assert 0.0 <= decision.probability(low) < decision.threshold < decision.probability(high) <= 1.0
