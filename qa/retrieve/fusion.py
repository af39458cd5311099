"""Index + question → ranked hits: dense passage and sentence similarity fused with BM25."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa.index import dense
from qa.index.generation import Index
from qa.index.lexical import Lexical
from qa.text.terms import terms

if TYPE_CHECKING:
    import numpy as np

# Candidates taken from each of the three rankings before fusion. 50 covers the article whole and keeps
# fusion to a few hundred dot products on large corpora.
DEPTH = 50


@dataclass(frozen=True)
class Weights:
    """Convex fusion of signals in [0, 1]: cosine to the passage, best cosine to one of its sentences, BM25
    relative to the query's ideal match (``_relative_bm25``), and BM25 of the passage's whole document
    relative to the best document (finds the right paper among many on its topic words).

    Chosen on covidqa-dev.json (49 papers, 841 questions) and checked on both article question sets. The
    old article-only weights (0.45/0.45/0.10) gave covid answer@1 0.54 / right paper 0.79: dense alone is
    weak on scientific prose (dense passage 0.31 @1 vs BM25 0.59). Once passages were read under their
    document's title (``views.embed_text``, ``views.lexical_text``), a grid over the four weights showed a
    plateau at passage 0.13-0.15, sentence 0.30-0.36, BM25 0.42-0.45, document 0.05-0.10: answer@1
    0.63-0.635, answer@5 0.84-0.85, right paper 0.850-0.855, against 0.629 / 0.835 / 0.845 at the previous
    0.3/0.3/0.4/0.1. The passage vector, which now carries the title, mostly finds the paper; the sentence
    vector finds the answer within it. Both article sets keep answer@1 0.969 / 1.0 and answer@3 1.0; a BM25
    share of half the weight or more costs the shared set a rank-1 answer. Dense keeps about half the
    weight: paraphrased questions need it.

    Fitted again on three kinds of text (2026-12-05, ``python -m qa.train.fusion``: SQuAD articles, COVID-QA
    papers and the real documents' tune half, each weighed alike, best MRR@5 on the simplex at 0.02), the
    optimum is 0.14/0.34/0.44/0.08, within 0.01 of these weights, and on the check splits (other articles,
    papers and documents) it changes no answer@1 by more than 0.002; these stay. BM25 alone ranks the real
    documents' first passage better (0.885 / 0.771 answer@1 on tune / check against 0.836 / 0.686) but
    costs SQuAD and COVID-QA more, and a linear fit cannot serve both (docs/quality.md)."""

    passage: float = 0.13
    sentence: float = 0.35
    bm25: float = 0.43
    document: float = 0.09


@dataclass(frozen=True)
class Hit:
    row: int  # passage row in the index
    score: float  # fused score, what ranks hits
    passage_sim: float  # cosine(question, passage)
    sentence_sim: float  # best cosine(question, sentence of the passage)
    bm25: float  # BM25 relative to the query's ideal match, capped at 1 (0..1)
    document: float  # BM25 of the passage's document relative to the best document (0..1)
    sentence_sims: np.ndarray  # cosine of each sentence, in passage order


@dataclass(frozen=True)
class Query:
    text: str
    vector: np.ndarray
    terms: tuple[str, ...]


def make_query(text: str, vector: np.ndarray) -> Query:
    return Query(text, vector.reshape(-1).astype("float32"), tuple(terms(text)))


def _candidates(index: Index, query: Query, bm25: np.ndarray, rows: np.ndarray | None) -> list[int]:
    """The passages fusion scores: the DEPTH nearest passage vectors and the DEPTH best BM25 rows.

    Sentence vectors are scored for these passages only, not searched across the corpus: on covidqa-dev.json
    the nearest sentences added no answer (answer@1 0.635 with or without them, answer@5 0.843 with, 0.844
    without; both article sets unchanged), while scanning every sentence vector, a memory sweep three times
    the passage one, made the query path after the encode ~1.5 times slower."""
    import numpy as np

    _, p_ids = dense.search(index.passage_index, query.vector, DEPTH, rows)
    # argpartition, not argsort: linear in the corpus size, which matters at a million passages.
    top_bm25 = np.argpartition(-bm25, DEPTH)[:DEPTH] if len(bm25) > DEPTH else np.arange(len(bm25))
    return sorted(set(p_ids.tolist()) | {int(r) for r in top_bm25 if bm25[r] > 0})


def _sentence_rows(index: Index, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sentence rows of the given passage rows, in order, and where each passage's run starts in them
    (one extra entry at the end); one vectorised gather, no Python loop."""
    import numpy as np

    first, last = index.sentence_start[rows], index.sentence_start[rows + 1]
    offsets = np.concatenate([[0], np.cumsum(last - first)])
    return np.repeat(first - offsets[:-1], last - first) + np.arange(offsets[-1]), offsets


def _relative_bm25(lexical: Lexical, query: Query, rows: int) -> np.ndarray:
    """BM25 of every row relative to the query's ideal match, capped at 1 (all zeros when nothing matches).

    The ideal is Σ IDF of the query's terms: what Lucene's BM25 approaches for a passage holding every term
    many times (one occurrence in an average-length passage scores Σ IDF / (1 + k1)). Dividing by the
    corpus's best row instead gave a passage that shares only common words ("people", "policy") full marks
    whenever nothing better matched, and outvoted the encoder on paraphrased questions."""
    import numpy as np

    if not query.terms:
        return np.zeros(rows)
    ideal = sum(lexical.idf(t) for t in query.terms)
    return np.minimum(lexical.scores(list(query.terms)) / ideal, 1.0) if ideal > 0 else np.zeros(rows)


def _best_relative(lexical: Lexical, query: Query, rows: int) -> np.ndarray:
    """BM25 of every row relative to the best row. For whole documents, where term frequencies run high
    and the ideal-match cap would flatten every document that mentions the query's terms."""
    import numpy as np

    scores = lexical.scores(list(query.terms)) if query.terms else np.zeros(rows)
    top = float(scores.max()) if len(scores) and scores.max() > 0 else 1.0
    return scores / top


def retrieve(
    index: Index,
    query: Query,
    weights: Weights = Weights(),
    k: int | None = None,
    docs: frozenset[str] | None = None,
) -> list[Hit]:
    """Hits best first, from the documents ``docs`` when given. Every candidate gets exact dense scores, so
    fusion never compares guesses; the scores of all candidates come from two matrix products, not a loop."""
    import numpy as np

    only = index.passage_rows(docs) if docs else None
    bm25 = _relative_bm25(index.lexical, query, len(index.passages))
    if only is not None:  # BM25 of passages outside the chosen documents is dropped
        mask = np.zeros(len(bm25), dtype=bool)
        mask[only] = True
        bm25 = np.where(mask, bm25, 0.0)
    doc_bm25 = _best_relative(index.doc_lexical, query, index.doc_lexical.n_docs)
    rows = np.array(_candidates(index, query, bm25, only), dtype=np.int64)
    if not len(rows):
        return []
    p_sims = index.passage_vectors(rows) @ query.vector
    sentence_rows, offsets = _sentence_rows(index, rows)
    s_sims = index.sentence_vectors(sentence_rows) @ query.vector
    s_best = np.maximum.reduceat(s_sims, offsets[:-1])
    b, d = bm25[rows], doc_bm25[index.passage_doc[rows]]
    scores = weights.passage * p_sims + weights.sentence * s_best + weights.bm25 * b + weights.document * d
    order = np.argsort(-scores, kind="stable")[:k] if k else np.argsort(-scores, kind="stable")
    return [
        Hit(
            int(rows[i]),
            float(scores[i]),
            float(p_sims[i]),
            float(s_best[i]),
            float(b[i]),
            float(d[i]),
            s_sims[offsets[i] : offsets[i + 1]],
        )
        for i in order
    ]
