"""Lexical side of the index: BM25 over passages (bm25s), plus the term statistics that abstention uses."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from qa.errors import IndexCorrupt

if TYPE_CHECKING:
    import bm25s
    import numpy as np

# Numbers keep their inner separators ("1.334", "220,000") so that a figure is one term; commas are then
# dropped so "220,000" and "220000" match.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\d+", re.UNICODE)
# BM25 saturation and length normalisation: Anserini/Pyserini's published defaults, not bm25s's (1.5, 0.75).
# On covidqa-dev.json (window-sized passages) they lifted BM25-led fusion answer@1 from 0.59 to 0.63: a
# smaller b penalises long passages less, and long passages are the ones that hold whole answers.
K1, B = 0.9, 0.4


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN) | {"s", "does", "did", "many", "much", "what", "which", "who", "whom", "when",
                                      "where", "why", "how"}


@lru_cache(maxsize=1)
def _stemmer():
    try:
        import Stemmer
    except ImportError:  # stemming is an optional speed-up of recall, like in bm25s itself
        return None
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    stemmer = _stemmer()
    return stemmer.stemWord(word) if stemmer else word


@lru_cache(maxsize=65536)
def term_set(text: str) -> frozenset[str]:
    """The distinct terms of a text, cached: the same sentences are weighed again for every question."""
    return frozenset(terms(text))


def terms(text: str) -> list[str]:
    """Lower-cased, stop-word-free, stemmed terms: the vocabulary BM25 and coverage share."""
    out = []
    for tok in _TOKEN.findall(text.lower()):
        if tok[0].isdigit():
            out.append(tok.replace(",", ""))
        elif tok not in _stopwords():
            out.append(_stem(tok))
    return out


class Lexical:
    """BM25 scores for a query against every passage, and IDF weights per term."""

    FILES = ("data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy",
             "vocab.index.json", "params.index.json")

    def __init__(self, retriever: "bm25s.BM25", n_docs: int) -> None:
        self.retriever = retriever
        self.n_docs = n_docs
        indptr = retriever.scores["indptr"]
        # The score matrix is stored column-per-term, so a column's length is the term's document frequency.
        self._df = {term: int(indptr[i + 1] - indptr[i]) for term, i in retriever.vocab_dict.items()
                    if i + 1 < len(indptr)}
        self._idf: dict[str, float] = {}

    @classmethod
    def build(cls, texts: Sequence[str]) -> "Lexical":
        import bm25s

        retriever = bm25s.BM25(k1=K1, b=B)
        retriever.index([terms(t) for t in texts], show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        self.retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, n_docs: int) -> "Lexical":
        import bm25s

        missing = [f for f in cls.FILES if not (folder / f).is_file()]
        if missing:
            raise IndexCorrupt(f"BM25 part missing ({', '.join(missing)})")
        try:
            retriever = bm25s.BM25.load(str(folder), show_progress=False)
        except Exception as exc:
            raise IndexCorrupt(f"BM25 part unreadable ({str(exc).splitlines()[0][:80]})") from None
        return cls(retriever, n_docs)

    def scores(self, query_terms: list[str]) -> "np.ndarray":
        """BM25 score of every passage; terms unknown to the corpus score nothing."""
        return self.retriever.get_scores(query_terms)

    def idf(self, term: str) -> float:
        """Rarer terms weigh more; a term the corpus never uses weighs most."""
        if term not in self._idf:
            df = self._df.get(term, 0)
            self._idf[term] = math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))
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
