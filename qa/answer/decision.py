"""Does this passage answer the question? A probability, learned: logistic regression over what the reader
and retrieval say about one read passage (``FEATURES``), fitted by ``python -m qa.train.decision`` on
questions of SQuAD articles and COVID-QA papers that no check ever sees (``decision.json`` names the data and
holds the weights, the threshold and the measured calibration).

The question is answered when its surest read passage reaches ``threshold``; that passage's probability
is the confidence shown. No feature vetoes: a year the question names may stand in a table's header, a
caption or a section label that the passage's text does not repeat, so "does the passage name it" is
weighed with the rest, and kept only where the ablation on held-out data shows it helps.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from qa.errors import ModelError
from qa.read.reader import sigmoid
from qa.text.question import Asked, names_figure

if TYPE_CHECKING:
    from qa.read.reader import Reading

PATH = Path(__file__).with_name("decision.json")
# What is known of one read passage. reader: the answerability logit; margin: best span minus the no-answer
# span (SQuAD 2.0's test), clipped; cosine: retrieval's best-sentence cosine; coverage: IDF-weighted share
# of the question's terms in the passage; kind: the question asks for a count, a date, a sum or a measure
# and the reader's span holds none; figures: the question names a year or figure the passage never does;
# first: the passage is retrieval's first.
FEATURES = ("reader", "margin", "cosine", "coverage", "kind", "figures", "first")
MARGIN_CLIP = 20.0


def features(
    reading: Reading,
    span_text: str,
    passage_text: str,
    cosine: float,
    coverage: float,
    asked: Asked,
    first: bool,
) -> dict[str, float]:
    """One read passage's features, by name (see FEATURES)."""
    p = min(max(reading.answerable, 1e-6), 1 - 1e-6)
    return {
        "reader": math.log(p / (1 - p)),
        "margin": max(-MARGIN_CLIP, min(MARGIN_CLIP, reading.margin)),
        "cosine": cosine,
        "coverage": coverage,
        "kind": float(bool(asked.kind or asked.unit) and not asked.holds(span_text)),
        "figures": float(bool(asked.figures) and not names_figure(passage_text, asked.figures)),
        "first": float(first),
    }


@dataclass(frozen=True)
class Decision:
    """A fitted logistic regression: ``used`` features, standardised by ``mean`` and ``scale``; its score
    says how likely one passage holds the answer. ``calibration`` (a, b) turns that score into the
    probability that the documents answer the question when this passage is the surest read: fitted on
    questions, it accounts for the answer standing in a passage not read."""

    used: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    calibration: tuple[float, float] = (1.0, 0.0)

    def score(self, x: dict[str, float]) -> float:
        """The passage's log-odds of holding the answer."""
        return self.bias + sum(
            w * (x[name] - m) / s for name, m, s, w in zip(self.used, self.mean, self.scale, self.weights)
        )

    def probability(self, x: dict[str, float]) -> float:
        """The probability that the documents answer, as far as this passage shows."""
        a, b = self.calibration
        return sigmoid(a * self.score(x) + b)

    def probabilities(self, rows: Sequence[dict[str, float]]) -> list[float]:
        return [self.probability(x) for x in rows]


@cache
def load(path: Path = PATH) -> Decision:
    """The shipped decision (read once)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Decision(
            tuple(raw["features"]),
            tuple(raw["mean"]),
            tuple(raw["scale"]),
            tuple(raw["weights"]),
            float(raw["bias"]),
            float(raw["threshold"]),
            tuple(raw.get("calibration", (1.0, 0.0))),
        )
    except (OSError, ValueError, KeyError):
        raise ModelError(f"the answer decision is missing from {path}: reinstall qa") from None


__all__ = ["FEATURES", "Decision", "features", "load"]
