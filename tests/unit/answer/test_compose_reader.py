"""Which read passage leads the answer."""

from __future__ import annotations

import qa.answer.compose as compose
from qa.answer.compose import _order


def test_without_rerank_retrievals_order_stays_unless_no_shown_passage_answers(monkeypatch):
    monkeypatch.setattr(compose, "RERANK", False)
    assert _order([0, 2], [0.5, 0.1, 0.9], k=3) == [0, 1, 2]
    assert _order([2], [0.1, 0.2, 0.9], k=1) == [2, 0, 1]  # k=1 would otherwise show no answering passage
    assert _order([], [0.1, 0.2, 0.3], k=1) == [0, 1, 2]


def test_with_rerank_the_answering_passages_lead_surest_first(monkeypatch):
    monkeypatch.setattr(compose, "RERANK", True)
    assert _order([0, 2], [0.5, 0.1, 0.9], k=3) == [2, 0, 1]
