"""Lexical side of the index: BM25 over passages (bm25s), plus the term statistics that abstention uses."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from qa.errors import IndexCorrupt
from qa.text.terms import terms

if TYPE_CHECKING:
    import bm25s
    import numpy as np

# BM25 saturation and length normalisation: Anserini/Pyserini's published defaults, not bm25s's (1.5, 0.75).
# On covidqa-dev.json (window-sized passages) they lifted BM25-led fusion answer@1 from 0.59 to 0.63: a
# smaller b penalises long passages less, and long passages are the ones that hold whole answers.
K1, B = 0.9, 0.4
# The one "word" of an empty library's BM25 (see Lexical.build): no text's terms hold a control character.
EMPTY_TOKEN = "\x00"


def _idf_formula(method: str) -> Callable[[int, int], float]:
    """bm25s's own IDF for the retriever's BM25 variant (Lucene's ln(1 + (N - df + 0.5) / (df + 0.5)) by
    default), so coverage weighs terms exactly as the scores do."""
    from bm25s.scoring import _select_idf_scorer

    return _select_idf_scorer(method)


class Lexical:
    """BM25 scores for a query against every passage, and IDF weights per term."""

    FILES = (
        "data.csc.index.npy",
        "indices.csc.index.npy",
        "indptr.csc.index.npy",
        "vocab.index.json",
        "params.index.json",
    )

    def __init__(self, retriever: bm25s.BM25, n_docs: int) -> None:
        self.retriever = retriever
        self.n_docs = n_docs
        indptr = retriever.scores["indptr"]
        # The score matrix is stored column-per-term, so a column's length is the term's document frequency.
        self._df = {
            term: int(indptr[i + 1] - indptr[i])
            for term, i in retriever.vocab_dict.items()
            if i + 1 < len(indptr)
        }
        self._idf: dict[str, float] = {}
        self._idf_of = _idf_formula(retriever.method)

    @classmethod
    def build(cls, texts: Sequence[str]) -> Lexical:
        """BM25 over ``texts``. An empty library (a server awaiting uploads) is indexed as one text of no
        word bm25s knows, since bm25s cannot index none; it counts no document and scores none."""
        import bm25s

        retriever = bm25s.BM25(k1=K1, b=B)
        retriever.index([terms(t) for t in texts] or [[EMPTY_TOKEN]], show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        self.retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, n_docs: int) -> Lexical:
        import bm25s

        missing = [f for f in cls.FILES if not (folder / f).is_file()]
        if missing:
            raise IndexCorrupt(f"BM25 part missing ({', '.join(missing)})")
        try:
            retriever = bm25s.BM25.load(str(folder), show_progress=False)
        except Exception as exc:
            raise IndexCorrupt(f"BM25 part unreadable ({str(exc).splitlines()[0][:80]})") from None
        return cls(retriever, n_docs)

    def scores(self, query_terms: list[str]) -> np.ndarray:
        """BM25 score of every passage; terms unknown to the corpus score nothing."""
        return self.retriever.get_scores(query_terms)[: self.n_docs]

    def idf(self, term: str) -> float:
        """Rarer terms weigh more; a term the corpus never uses weighs most."""
        if term not in self._idf:
            self._idf[term] = self._idf_of(self._df.get(term, 0), self.n_docs)
        return self._idf[term]

    def knows(self, word: str) -> bool:
        """Does any passage use this word (after the same normalisation as BM25)?"""
        return any(self._df.get(t, 0) > 0 for t in terms(word))

    def coverage(self, query_terms: Iterable[str], text_terms: Iterable[str]) -> float:
        """IDF-weighted share of the question's terms that the text contains (0..1)."""
        query = set(query_terms)
        if not query:
            return 0.0
        have = set(text_terms)
        total = sum(self.idf(t) for t in query)
        return sum(self.idf(t) for t in query & have) / total if total else 0.0
