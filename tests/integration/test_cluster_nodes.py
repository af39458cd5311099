"""`qa index --ray` on a simulated two-node cluster (``ray.cluster_utils.Cluster``, one CPU per worker node,
a head that takes no work): the local build's generation, and a node removed mid-build is survived."""

from __future__ import annotations

import logging

import pytest

from tests.integration.test_cluster import library, make_engine, same_generation

ray = pytest.importorskip("ray", reason="the cluster extra is not installed: pip install 'qa[cluster]'")


@pytest.fixture(scope="module")
def two_nodes():
    from ray.cluster_utils import Cluster

    grid = Cluster(initialize_head=True, head_node_args={"num_cpus": 0})
    nodes = [grid.add_node(num_cpus=1) for _ in range(2)]
    ray.init(address=grid.address, log_to_driver=False, logging_level=logging.ERROR)
    yield grid, nodes
    ray.shutdown()
    grid.shutdown()


def test_two_nodes_build_the_local_generation_and_survive_losing_one(
    two_nodes, tmp_path, embedder, monkeypatch, caplog
):
    import qa.index.cluster as cluster

    grid, nodes = two_nodes
    src = library(tmp_path / "source")
    monkeypatch.setattr(cluster, "BATCH_BYTES", 1)  # a batch per file: the node goes while work is left
    removed: list[bool] = []
    take = cluster._take

    def take_then_remove(outcome, parts, stats, warn):
        take(outcome, parts, stats, warn)
        if not removed:
            removed.append(True)
            grid.remove_node(nodes[1], allow_graceful=False)

    monkeypatch.setattr(cluster, "_take", take_then_remove)
    with caplog.at_level(logging.INFO, logger="qa"):
        built = make_engine(src, tmp_path / "ray", embedder, ray=grid.address).index
    assert removed and "on 2 workers" in caplog.text
    same_generation(make_engine(src, tmp_path / "local", embedder).index, built)
