"""`python -m qa.measure.cluster SOURCE`: a local build and Ray builds on simulated clusters, side by side.

One run builds ``SOURCE`` locally (all cores), then on ``ray.cluster_utils.Cluster``s of 1 and 2 one-CPU
worker nodes (the head node takes no work), each into a fresh index, and reports for each: wall seconds,
files and passages per second, Ray's startup and overhead, and against the local build: passages and
offsets identical, the least cosine between vectors, and the answers to the questions (the top-k passages
of each) identical. ``--kill-after S`` also removes a worker node S seconds into the 2-node build.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from qa.settings import Settings


def _build(settings: Settings) -> tuple[Any, float]:
    from qa.encode.factory import make_embedder
    from qa.index.build import ensure_index

    started = time.perf_counter()
    index = ensure_index(settings, make_embedder(settings), progress=False, warn=lambda _m: None)
    return index, time.perf_counter() - started


def _on_cluster(
    settings: Settings, workers: int, kill_after: float | None
) -> tuple[Any, float, dict[str, Any]]:
    import logging

    import ray
    from ray.cluster_utils import Cluster

    import qa.index.cluster as cluster

    cost: dict[str, Any] = {}
    keep = cluster.build_parts

    def measured(*args: Any, **kwargs: Any) -> Any:
        parts, stats = keep(*args, **kwargs)
        cost.update(stats)
        return parts, stats

    grid = Cluster(initialize_head=True, head_node_args={"num_cpus": 0})
    nodes = [grid.add_node(num_cpus=1) for _ in range(workers)]
    ray.init(address=grid.address, logging_level=logging.WARNING, log_to_driver=False)
    if kill_after:
        timer = threading.Timer(kill_after, lambda: grid.remove_node(nodes[-1], allow_graceful=False))
        timer.start()
    cluster.build_parts = measured
    try:
        index, wall = _build(settings)
    finally:
        cluster.build_parts = keep
        ray.shutdown()
        grid.shutdown()
    return index, wall, cost


def _answers(
    settings: Settings, questions: list[str], k: int
) -> list[tuple[bool, list[tuple[str, int, int]]]]:
    """Each question's verdict (answers or abstains) and its top-``k`` passages, as spans."""
    from qa.engine import Engine

    engine = Engine(settings, progress=False, warn=lambda _m: None)
    answers = [engine.ask(q, k) for q in questions]
    return [
        (a.answerable, [(c.passage.doc, c.passage.start, c.passage.end) for c in a.cited]) for a in answers
    ]


def _compare(local: Any, other: Any) -> dict[str, Any]:
    import numpy as np

    from qa.index import dense

    same = [p.to_json() for p in local.passages] == [p.to_json() for p in other.passages]
    least = 1.0
    for name in ("passage_index", "sentence_index"):
        a, b = dense.vectors(getattr(local, name)), dense.vectors(getattr(other, name))
        if a.shape != b.shape:
            return {"passages_identical": same, "min_cosine": None}
        cos = (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
        least = min(least, float(cos.min()))
    return {"passages_identical": same, "min_cosine": round(least, 6)}


def measure(source: Path, cache: Path, questions: list[str], kill_after: float | None) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="qa-cluster-") as tmp:
        base = Settings(source=source, index=Path(tmp) / "local", cache=cache)
        local, wall = _build(base)
        truth = _answers(base, questions, 5)
        rows.append({"build": "local", "wall_s": round(wall, 1), **_rates(local, wall)})
        for workers in (1, 2):
            settings = Settings(source=source, index=Path(tmp) / f"ray{workers}", cache=cache, ray="auto")
            index, wall, cost = _on_cluster(settings, workers, kill_after if workers == 2 else None)
            same = _answers(settings, questions, 5) == truth
            rows.append(
                {
                    "build": f"ray, {workers} worker{'s' * (workers > 1)}",
                    "wall_s": round(wall, 1),
                    **_rates(index, wall),
                    "startup_s": round(cost.get("startup_s", 0), 1),
                    "busy_s": round(cost.get("busy_s", 0), 1),
                    "retried": cost.get("retried", 0),
                    "overhead": round(1 - cost.get("busy_s", 0) / (wall * workers), 3),
                    **_compare(local, index),
                    "answers_identical": same,
                }
            )
    one = next(r for r in rows if r["build"] == "ray, 1 worker")
    two = next(r for r in rows if r["build"] == "ray, 2 workers")
    return {
        "source": str(source),
        "questions": len(questions),
        "rows": rows,
        "two_vs_one": round(one["wall_s"] / two["wall_s"], 2),
    }


def _rates(index: Any, wall: float) -> dict[str, Any]:
    files, passages = len(index.manifest.documents), len(index.passages)
    return {
        "files": files,
        "passages": passages,
        "files_per_s": round(files / wall, 2),
        "passages_per_s": round(passages / wall, 1),
    }


def _questions(path: Path | None, limit: int) -> list[str]:
    if path is None:
        return []
    from qa.measure.squad import read_squad

    return [q.question for q in read_squad(path).questions][:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument(
        "--questions", type=Path, help="a SQuAD-format .json whose questions are asked of each"
    )
    parser.add_argument("--limit", type=int, default=200, help="questions asked (default 200)")
    parser.add_argument(
        "--kill-after", type=float, help="remove a worker node this many seconds into the 2-worker build"
    )
    args = parser.parse_args()
    cache = Settings.from_env().cache
    print(json.dumps(measure(args.source, cache, _questions(args.questions, args.limit), args.kill_after)))


if __name__ == "__main__":
    main()
