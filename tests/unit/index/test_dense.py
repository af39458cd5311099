"""FAISS wrapper checked against exact search: IVF finds what a flat index finds."""

from __future__ import annotations

import numpy as np

from qa.index import dense


def _clustered(n: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    centres = rng.standard_normal((n // 50, dim)).astype(np.float32)
    points = centres[rng.integers(0, len(centres), n)] + 0.4 * rng.standard_normal((n, dim)).astype(
        np.float32
    )
    return points / np.linalg.norm(points, axis=1, keepdims=True)


def test_ivf_search_finds_what_exact_search_finds(monkeypatch):
    """Above EXACT_LIMIT the index is an inverted file; its recall@10 against IndexFlatIP stays ≥ 0.95."""
    import faiss

    monkeypatch.setattr(dense, "EXACT_LIMIT", 1_000)
    rng = np.random.default_rng(7)
    data = _clustered(5_000, 32, rng)
    index = dense.build(data)
    assert isinstance(index, faiss.IndexIVFFlat)
    exact = faiss.IndexFlatIP(32)
    exact.add(data)
    queries = data[rng.integers(0, len(data), 100)] + 0.1 * rng.standard_normal((100, 32)).astype(np.float32)
    _, truth = exact.search(queries, 10)
    found = sum(
        len(set(dense.search(index, q, 10)[1].tolist()) & set(t.tolist())) for q, t in zip(queries, truth)
    )
    assert found / truth.size >= 0.95
    rows = np.array([3, 4_999, 17])
    assert np.allclose(dense.gather(index, dense.flat_view(index), rows), data[rows], atol=1e-6)
