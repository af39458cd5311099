"""`qa bench --sizes`: search at scale on synthetic vectors clustered around the corpus's own, and BM25 at
scale."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.measure.phases import peak_rss_mb
from qa.measure.stats import median_ms, p95_ms
from qa.settings import Settings

if TYPE_CHECKING:
    import numpy as np

QUERIES = 100  # search queries per scale size
TOP = 10  # recall@10


def _synthetic_vectors(base: np.ndarray, n: int, rng) -> np.ndarray:
    """Points clustered around real embeddings: each cluster centre is a real passage or sentence vector
    pushed in a random direction (cos ≈ 0.78 to it), each point is near its centre (cos ≈ 0.9), with
    ~100 points per cluster, so neighbours are as crowded as in a large real corpus."""
    import numpy as np

    dim = base.shape[1]
    out = np.empty((n, dim), dtype=np.float32)
    centres = max(1, n // 100)
    anchor = base[rng.integers(0, len(base), centres)]
    c = anchor + 0.8 * _unit_rows(rng.standard_normal((centres, dim)).astype(np.float32))
    c = _unit_rows(c)
    for start in range(0, n, 100_000):
        stop = min(n, start + 100_000)
        owner = rng.integers(0, centres, stop - start)
        noise = _unit_rows(rng.standard_normal((stop - start, dim)).astype(np.float32))
        out[start:stop] = _unit_rows(c[owner] + 0.5 * noise)
    return out


def _unit_rows(x: np.ndarray) -> np.ndarray:
    import numpy as np

    return x / np.linalg.norm(x, axis=1, keepdims=True)


def phase_scale(settings: Settings, size: int) -> dict[str, Any]:
    """Search latency, recall@10 against exact search, build time and bytes per passage at ``size``.
    One function on purpose: the measurements share the synthetic data, which is too big to pass around."""
    import numpy as np

    from qa.encode.factory import make_embedder
    from qa.index import dense
    from qa.index.build import ensure_index

    index = ensure_index(settings, make_embedder(settings), progress=False, warn=lambda _m: None)
    base = np.concatenate([dense.vectors(index.passage_index), dense.vectors(index.sentence_index)])
    rng = np.random.default_rng(size)
    data = _synthetic_vectors(base, size, rng)
    picks = rng.integers(0, size, QUERIES)
    queries = _unit_rows(
        data[picks] + 0.6 * _unit_rows(rng.standard_normal(data[picks].shape).astype(np.float32))
    )
    exact, exact_s = _timed(_flat, data)
    _, truth = exact.search(queries, TOP)
    variants = {
        "exact": _variant(exact, exact_s, queries, truth),
        "default": _variant(*_timed(dense.build, data), queries, truth),
        "sq8": _variant(*_timed(dense.build, data, "sq8"), queries, truth),
    }
    del exact, data
    default = variants.pop("default")
    return {
        "size": size,
        **default,
        "exact_p50_ms": variants["exact"]["search_p50_ms"],
        "variants": [{"kind": k, **v} for k, v in [("default", default), *variants.items()]],
        **_bm25_at(index, size, rng),
        "peak_rss_mb": peak_rss_mb(),
    }


def _flat(data: np.ndarray) -> Any:
    import faiss

    exact = faiss.IndexFlatIP(data.shape[1])
    exact.add(data)
    return exact


def _timed(make: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    built = make(*args)
    return built, time.perf_counter() - t0


def _variant(built: Any, build_s: float, queries: np.ndarray, truth: np.ndarray) -> dict[str, Any]:
    """One index kind at one size: build time, bytes per vector on disk (FAISS loads the file whole, so
    memory is the same), search latency and recall@10 against exact search."""
    from qa.index import dense

    with tempfile.TemporaryDirectory() as tmp:
        dense.save(built, Path(tmp) / "v.faiss")
        size_bytes = (Path(tmp) / "v.faiss").stat().st_size
    times, hits = [], 0
    for i, q in enumerate(queries):
        t0 = time.perf_counter()
        _, ids = dense.search(built, q, TOP)
        times.append(time.perf_counter() - t0)
        hits += len(set(ids.tolist()) & set(truth[i].tolist()))
    return {
        "index": type(built).__name__,
        "build_s": round(build_s, 2),
        "bytes_per_passage": round(size_bytes / built.ntotal, 1),
        "search_p50_ms": median_ms(times),
        "search_p95_ms": p95_ms(times),
        "recall_at_10": round(hits / (TOP * len(queries)), 4),
    }


def _bm25_at(index, size: int, rng) -> dict[str, Any]:
    """BM25 build and query latency over ``size`` synthetic documents drawn from the corpus's term mix."""
    from collections import Counter

    import bm25s
    import numpy as np
    from bm25s.tokenization import Tokenized

    from qa.index.lexical import Lexical
    from qa.text.terms import terms

    counts = Counter(t for p in index.passages for t in terms(p.text))
    vocab = {t: i for i, t in enumerate(counts)}
    tail = 50_000  # a Zipf tail of rare terms, as a large corpus has
    vocab.update({f"rare{i}": len(vocab) + i for i in range(tail)})
    weights = np.array(list(counts.values()) + [1.0 / (i + 1) for i in range(tail)], dtype=np.float64)
    weights /= weights.sum()
    ids = rng.choice(len(weights), size=(size, 40), p=weights).tolist()
    t0 = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(Tokenized(ids=ids, vocab=vocab), show_progress=False)
    build_s = time.perf_counter() - t0
    del ids
    lexical = Lexical(retriever, size)
    queries = [terms(p.text)[:8] for p in index.passages[:50]]
    times = []
    for q in queries:
        t0 = time.perf_counter()
        scores = lexical.scores(q)
        np.argpartition(-scores, TOP)[:TOP]
        times.append(time.perf_counter() - t0)
    return {"bm25_build_s": round(build_s, 2), "bm25_p50_ms": median_ms(times), "bm25_p95_ms": p95_ms(times)}
