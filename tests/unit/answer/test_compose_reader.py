"""How the reader's readings and the closeness rules decide together, and which passage leads."""

from __future__ import annotations

import pytest

import qa.answer.compose as compose
from qa.answer.compose import _order, blend


@pytest.mark.parametrize("reader", [0.0, 0.3, 0.7, 1.0])
def test_confidence_is_a_weighted_mean_that_grows_with_either_part(reader):
    """Properties, not the formula again: within [0, 1], between its two parts, rising in each, and a
    passage without the kind of answer asked (closeness None) counts as closeness 0."""
    closes = [0.0, 0.2, 0.5, 0.9, 1.0]
    values = [blend(reader, c) for c in closes]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert all(min(reader, c) - 1e-9 <= v <= max(reader, c) + 1e-9 for v, c in zip(values, closes))
    assert values == sorted(values) and blend(reader, None) == blend(reader, 0.0)
    assert blend(min(1.0, reader + 0.1), 0.5) > blend(reader, 0.5) or reader == 1.0


def test_without_rerank_retrievals_order_stays_unless_no_shown_passage_answers(monkeypatch):
    monkeypatch.setattr(compose, "RERANK", False)
    assert _order([0, 2], [0.5, 0.1, 0.9], k=3) == [0, 1, 2]
    assert _order([2], [0.1, 0.2, 0.9], k=1) == [2, 0, 1]  # k=1 would otherwise show no answering passage
    assert _order([], [0.1, 0.2, 0.3], k=1) == [0, 1, 2]


def test_with_rerank_the_answering_passages_lead_surest_first(monkeypatch):
    monkeypatch.setattr(compose, "RERANK", True)
    assert _order([0, 2], [0.5, 0.1, 0.9], k=3) == [2, 0, 1]
