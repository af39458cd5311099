"""The cluster build's pieces that need no Ray: batches, and the line that says how to get Ray."""

from __future__ import annotations

import sys

import pytest

from qa.document.source import Pending
from qa.errors import IndexError_
from qa.index import cluster


def test_files_are_sent_in_batches_of_about_batch_bytes_in_listing_order(tmp_path, monkeypatch):
    monkeypatch.setattr(cluster, "BATCH_BYTES", 100)
    sizes = [40, 40, 40, 300, 10, 10]
    pending = []
    for i, size in enumerate(sizes):
        (tmp_path / f"{i}.txt").write_bytes(b"x" * size)
        pending.append(Pending(tmp_path / f"{i}.txt", f"{i}.txt"))
    runs = [[p.path for p in run] for run in cluster.batches(pending)]
    assert runs == [["0.txt", "1.txt"], ["2.txt"], ["3.txt"], ["4.txt", "5.txt"]]


def test_without_ray_installed_the_build_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(
        IndexError_, match=r"--ray needs Ray, which is an optional extra: pip install 'qa\[cluster\]'"
    ):
        cluster.connect("auto")


def test_the_worker_builds_parts_and_reports_skips_and_warnings(fake_embedder, monkeypatch):
    worker = cluster.Worker.__new__(cluster.Worker)  # the actor's body, without Ray or a model to load
    from qa.settings import Settings

    worker.settings, worker.embedder = Settings(), fake_embedder
    out = worker.build(
        [
            ("a.txt", b"Harbour notes\n\nThe harbour handles cargo.\n"),
            ("b.txt", b""),
            ("c.pdf", b"%PDF-1.7 broken"),
        ]
    )
    assert [p.doc.path for p in out.parts] == ["a.txt"]
    assert out.parts[0].passage_vectors is not None and len(out.parts[0].passage_vectors) == len(
        out.parts[0].passages
    )
    assert any("b.txt" in s and "empty" in s for s in out.skipped) and any("c.pdf" in s for s in out.skipped)
    assert out.busy_s > 0
