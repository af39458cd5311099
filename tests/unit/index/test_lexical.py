"""BM25 scores and the IDF that coverage weighs terms with, checked against the formula they implement (Lucene's)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qa.index.lexical import K1, B, Lexical
from qa.text.terms import terms

CORPUS = [
    "The harbour handles grain and coal every year.",
    "Grain prices rose in the harbour town; grain ships waited.",
    "The railway climbs through seven tunnels.",
    "Coal trains use the railway at night, and the railway is busy.",
]


def _reference_bm25(query: list[str], docs: list[list[str]]) -> list[float]:
    """BM25 as Lucene (8+) defines it: idf = ln(1 + (N - df + 0.5) / (df + 0.5)), tf saturating to 1."""
    n, avgdl = len(docs), sum(len(d) for d in docs) / len(docs)
    scores = []
    for doc in docs:
        score = 0.0
        for term in query:
            df = sum(term in d for d in docs)
            tf = doc.count(term)
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            score += idf * tf / (tf + K1 * (1 - B + B * len(doc) / avgdl)) if tf else 0.0
        scores.append(score)
    return scores


@pytest.mark.parametrize("question", ["grain harbour", "railway coal", "tunnels", "nothing matches here"])
def test_bm25_scores_match_the_formula(question):
    lexical = Lexical.build(CORPUS)
    query = terms(question)
    ours = lexical.scores(query) if query else np.zeros(len(CORPUS))
    assert np.allclose(ours, _reference_bm25(query, [terms(t) for t in CORPUS]), rtol=1e-5, atol=1e-6)
    assert all(lexical.idf(t) > 0 for t in query)


def test_idf_is_lucenes_and_unknown_terms_weigh_most():
    """Coverage weighs terms with bm25s's own IDF, which must be the formula the scores use."""
    lexical = Lexical.build(CORPUS)
    docs = [terms(t) for t in CORPUS]
    n = len(docs)
    for term in {t for d in docs for t in d} | {"unknownword"}:
        df = sum(term in d for d in docs)
        assert lexical.idf(term) == pytest.approx(math.log(1 + (n - df + 0.5) / (df + 0.5)))
    assert lexical.idf("unknownword") > max(lexical.idf(t) for d in docs for t in d)
