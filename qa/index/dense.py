"""Dense side of the index: FAISS inner product over normalised vectors (= cosine similarity)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qa.errors import IndexCorrupt

if TYPE_CHECKING:
    import faiss
    import numpy as np

# Exact search (IndexFlatIP) scans every vector: `qa bench` measured p50 1.6 ms at 10k vectors of 384
# dims and 22 ms at 100k on 2 cores. Up to 20k (~3 ms) exactness is worth it; past that, an inverted file.
EXACT_LIMIT = 20_000
# IVF rather than HNSW: on this 2-core machine HNSW (M=32) took 69 s to add 100k vectors (~15 min
# projected for 1M) where IVF trained and added them in 4 s. nlist = 4·√n cells (the usual rule, as in
# txtai), trained on up to 64 vectors per cell (FAISS warns under 39), and NPROBE cells searched: the
# smallest power of two that kept recall@10 ≥ 0.95 against exact search at 1M in `qa bench`.
IVF_CELLS_PER_SQRT = 4
IVF_TRAIN_PER_CELL = 64
NPROBE = 32


# The compressed option (QA_COMPRESS=sq8), for libraries past ~10M passages: each dimension stored as one
# byte (FAISS's 8-bit scalar quantiser, ranges trained per dimension) instead of a float: a quarter of the
# memory, the same flat/IVF choice. `qa bench --sizes` measures its recall@10 against exact search. 8-bit
# scalar rather than PQ: its vectors reconstruct to cosine ~0.9999 of the originals, so reusing the stored
# vectors of unchanged documents (and scoring sentences from them) stays as good as with floats.
_TRAIN_SAMPLE = 100_000  # the scalar quantiser's ranges, per dimension, settle long before this many vectors


def build(vectors: np.ndarray, compress: str | None = None) -> faiss.Index:
    """Exact search up to EXACT_LIMIT vectors, an inverted file past it; ``compress`` "sq8" stores bytes."""
    import faiss
    import numpy as np

    n, dim = vectors.shape
    rng = np.random.default_rng(0)
    index: faiss.Index
    if n <= EXACT_LIMIT:
        index = (
            faiss.IndexScalarQuantizer(dim, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
            if compress
            else faiss.IndexFlatIP(dim)
        )
        sample = min(n, _TRAIN_SAMPLE)
    else:
        nlist = int(IVF_CELLS_PER_SQRT * np.sqrt(n))
        index = (
            faiss.IndexIVFScalarQuantizer(
                faiss.IndexFlatIP(dim), dim, nlist, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
            )
            if compress
            else faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        )
        sample = min(n, nlist * IVF_TRAIN_PER_CELL)
    if not index.is_trained and n:
        index.train(vectors[np.sort(rng.choice(n, size=sample, replace=False))])
    if n:
        index.add(vectors)
    _prepare(index)
    return index


def _prepare(index: faiss.Index) -> None:
    """Search settings and the id→vector map that reusing stored vectors needs (IVF only)."""
    if hasattr(index, "nprobe"):
        index.nprobe = NPROBE
        index.make_direct_map()  # type: ignore[attr-defined]  # IVF indexes (hasattr above); stubs: Index


def save(index: faiss.Index, path: Path) -> None:
    import faiss

    faiss.write_index(index, str(path))


def load(path: Path, expected_rows: int, expected_dim: int) -> faiss.Index:
    """Read a FAISS file and check it holds what the manifest says, else raise IndexCorrupt."""
    import faiss

    try:
        index = faiss.read_index(str(path))
    except Exception as exc:  # FAISS raises RuntimeError with a C++ trace for truncated files
        raise IndexCorrupt(f"{path.name} is unreadable ({str(exc).splitlines()[0][:80]})") from None
    if index.ntotal != expected_rows or index.d != expected_dim:
        raise IndexCorrupt(
            f"{path.name} holds {index.ntotal}x{index.d} vectors, "
            f"manifest says {expected_rows}x{expected_dim}"
        )
    _prepare(index)
    return index


def vectors(index: faiss.Index, start: int = 0, count: int | None = None) -> np.ndarray:
    """Stored vectors of rows ``[start, start + count)``: reused when only other documents changed."""
    count = index.ntotal - start if count is None else count
    return index.reconstruct_n(start, count)


def gather(index: faiss.Index, view: np.ndarray | None, rows: np.ndarray) -> np.ndarray:
    """Stored vectors of the given rows: read in place from ``view`` (flat indexes, see ``flat_view``), else
    reconstructed from the inverted file's cells."""
    return view[rows] if view is not None else index.reconstruct_batch(rows)


def flat_view(index: faiss.Index) -> np.ndarray | None:
    """The vectors of an IndexFlat as a numpy view of FAISS's own memory (no copy); None for other kinds.
    The view is valid while ``index`` lives, so whoever keeps it keeps the index too."""
    if not hasattr(index, "get_xb"):
        return None
    import faiss

    return faiss.rev_swig_ptr(index.get_xb(), index.ntotal * index.d).reshape(index.ntotal, index.d)


def search(
    index: faiss.Index, query: np.ndarray, k: int, only: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Top-``k`` (scores, row ids) for one query vector, among the rows ``only`` when given (a document
    filter); ids of -1 (fewer rows than k) are dropped."""
    params = None
    if only is not None:
        import faiss

        selector = faiss.IDSelectorBatch(only.astype("int64"))
        # faiss's SWIG stubs list no constructor keywords; its constructors take them (faiss/__init__.py)
        params = (
            faiss.SearchParametersIVF(sel=selector, nprobe=NPROBE)  # type: ignore[call-arg]
            if hasattr(index, "nprobe")
            else faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
        )
    scores, ids = index.search(query.reshape(1, -1), min(k, index.ntotal), params=params)
    keep = ids[0] >= 0
    return scores[0][keep], ids[0][keep]
