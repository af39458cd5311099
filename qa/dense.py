"""Dense side of the index: FAISS inner product over normalised vectors (= cosine similarity)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qa.errors import IndexCorrupt

if TYPE_CHECKING:
    import faiss
    import numpy as np

# Exact search (IndexFlatIP) costs ~0.1 ms per 1k vectors of 384 dims on one core, so it stays under a few
# milliseconds up to ~100k vectors. Past that an HNSW graph keeps search logarithmic.
EXACT_LIMIT = 100_000
# HNSW: M=32 links per node is FAISS's recommended setting for recall ≥ 0.95 on 384-dim text embeddings;
# efSearch=64 is the smallest breadth that met recall@10 ≥ 0.95 against exact search (see `qa bench`).
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 64


def build(vectors: "np.ndarray") -> "faiss.Index":
    import faiss

    dim = vectors.shape[1]
    if len(vectors) <= EXACT_LIMIT:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    if len(vectors):
        index.add(vectors)
    return index


def save(index: "faiss.Index", path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def load(path: Path, expected_rows: int, expected_dim: int) -> "faiss.Index":
    """Read a FAISS file and check it holds what the manifest says, else raise IndexCorrupt."""
    import faiss

    try:
        index = faiss.read_index(str(path))
    except Exception as exc:  # FAISS raises RuntimeError with a C++ trace for truncated files
        raise IndexCorrupt(f"{path.name} is unreadable ({str(exc).splitlines()[0][:80]})") from None
    if index.ntotal != expected_rows or index.d != expected_dim:
        raise IndexCorrupt(
            f"{path.name} holds {index.ntotal}x{index.d} vectors, manifest says {expected_rows}x{expected_dim}"
        )
    if hasattr(index, "hnsw"):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def vectors(index: "faiss.Index", start: int = 0, count: int | None = None) -> "np.ndarray":
    """Stored vectors of rows ``[start, start + count)``: reused when only other documents changed."""
    count = index.ntotal - start if count is None else count
    return index.reconstruct_n(start, count)


def search(index: "faiss.Index", query: "np.ndarray", k: int) -> tuple["np.ndarray", "np.ndarray"]:
    """Top-``k`` (scores, row ids) for one query vector; ids of -1 (fewer rows than k) are dropped."""
    scores, ids = index.search(query.reshape(1, -1), min(k, index.ntotal))
    keep = ids[0] >= 0
    return scores[0][keep], ids[0][keep]
