"""Fusion against references computed here from the index's own parts: exact cosine by brute force, BM25 by
bm25s's scores, and the convex formula summed by hand for every hit."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from qa.index import dense
from qa.retrieve.fusion import DEPTH, Weights, make_query, retrieve
from tests.conftest import ARTICLE, FakeEmbedder, make_engine

QUESTIONS = [
    "How many firefighters are there in China?",
    "basic medical insurance coverage",
    "When was the Emergency Management Department established?",
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("fusion")
    (root / "source").mkdir()
    shutil.copy(ARTICLE, root / "source" / ARTICLE.name)
    (root / "source" / "harbour.md").write_text(
        "# Harbour\n\nThe harbour pilot boards ships at dawn.\n\nFirefighters guard the harbour cranes.\n",
        encoding="utf-8",
    )
    embedder = FakeEmbedder()
    return make_engine(root / "source", root / "index", embedder).index, embedder


def _query(embedder, text):
    return make_query(text, embedder.encode([text])[0])


def _reference(index, query, weights: Weights) -> dict[int, float]:
    """Every passage's fused score, from the stored vectors and bm25s's scores, with no code of fusion's."""
    passages = dense.vectors(index.passage_index)
    sentences = dense.vectors(index.sentence_index)
    p_sims = passages @ query.vector
    s_best = np.array(
        [
            max(sentences[a:b] @ query.vector)
            for a, b in zip(index.sentence_start[:-1], index.sentence_start[1:])
        ]
    )
    raw = index.lexical.retriever.get_scores(list(query.terms))
    ideal = sum(index.lexical.idf(t) for t in query.terms)
    bm25 = np.minimum(raw / ideal, 1.0)
    docs = index.doc_lexical.retriever.get_scores(list(query.terms))
    doc = (docs / docs.max())[index.passage_doc]
    fused = (
        weights.passage * p_sims + weights.sentence * s_best + weights.bm25 * bm25 + weights.document * doc
    )
    return {row: float(score) for row, score in enumerate(fused)}


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_hit_scores_the_convex_formula_and_ranks_by_it(index, question):
    idx, embedder = index
    query = _query(embedder, question)
    hits = retrieve(idx, query)
    want = _reference(idx, query, Weights())
    assert hits and [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for hit in hits:
        assert hit.score == pytest.approx(want[hit.row], abs=1e-5)
        parts = Weights().passage * hit.passage_sim + Weights().sentence * hit.sentence_sim
        parts += Weights().bm25 * hit.bm25 + Weights().document * hit.document
        assert hit.score == pytest.approx(parts, abs=1e-6) and 0 <= hit.bm25 <= 1 and 0 <= hit.document <= 1


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_exact_nearest_passages_and_the_best_bm25_rows_are_all_candidates(index, question):
    idx, embedder = index
    query = _query(embedder, question)
    rows = {h.row for h in retrieve(idx, query)}
    cosine = dense.vectors(idx.passage_index) @ query.vector
    nearest = np.argsort(-cosine, kind="stable")[: min(DEPTH, len(cosine))]
    assert set(nearest[:10].tolist()) <= rows  # FAISS's exact search finds what brute force finds
    bm25 = idx.lexical.retriever.get_scores(list(query.terms))
    best = [r for r in np.argsort(-bm25)[:10] if bm25[r] > 0]
    assert set(int(r) for r in best) <= rows


def test_one_signal_alone_ranks_by_that_signal(index):
    idx, embedder = index
    query = _query(embedder, QUESTIONS[1])
    hits = retrieve(idx, query, Weights(passage=0.0, sentence=0.0, bm25=1.0, document=0.0))
    assert [h.score for h in hits] == pytest.approx([h.bm25 for h in hits])


def test_a_document_filter_keeps_every_hit_inside_it(index):
    idx, embedder = index
    hits = retrieve(idx, _query(embedder, "firefighters harbour"), docs=frozenset({"harbour.md"}))
    assert hits and {idx.passages[h.row].doc for h in hits} == {"harbour.md"}


def test_a_question_of_no_known_words_still_ranks_by_meaning(index):
    idx, embedder = index
    query = _query(embedder, "zzzq xxyy")
    hits = retrieve(idx, query, k=3)
    assert len(hits) <= 3 and all(h.bm25 == 0 for h in hits)


def test_every_surface_cuts_the_answer_span_the_same_way(index):
    """The chat and terminal (Answer.lead_parts) and the Sources panel (render/html) quote by one cut: the
    five runs join back into the passage, and a span running past its sentence takes the sentence along."""
    from qa.retrieve.cited import Cited

    idx, _ = index
    passage = next(p for p in idx.passages if len(p.sentences) >= 2)
    (a, b), (c, d) = passage.sentences[0], passage.sentences[1]
    cited = Cited(1, 1.0, passage, (a, b))
    for span in [(a, a + 3), (a + 1, b), (b - 2, c + 2), None, (c, d)]:
        cut = cited.cut(span)
        assert "".join(cut) == passage.text
        if span is None or span[0] >= b:  # no span, or one that starts past the sentence: quoted whole
            assert cut.span == "" and cut.lead_in == passage.text[a - passage.start : b - passage.start]
        else:
            assert cut.span == passage.text[span[0] - passage.start : span[1] - passage.start]
