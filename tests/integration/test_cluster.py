"""`qa index --ray` on a real local Ray (one instance for the module): the same generation as a local build,
incremental, skipped files reported, and a worker killed with SIGKILL mid-build survived."""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import ARTICLE, TEST_CACHE
from tests.documents import article_blocks, article_files, write

ray = pytest.importorskip("ray", reason="the cluster extra is not installed: pip install 'qa[cluster]'")


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray of two CPUs for the module (it takes seconds to start)."""
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        logging_level=logging.WARNING,
        runtime_env={"env_vars": {"HF_HUB_OFFLINE": "1"}},
    )
    yield
    ray.shutdown()


def make_engine(source: Path, index: Path, embedder, warn=None, **settings):
    """An engine as shipped; its Ray workers load the encoder from the session's exported copy."""
    from qa.engine import Engine
    from qa.settings import Settings

    return Engine(
        Settings(source=source, index=index, cache=TEST_CACHE, **settings),
        progress=False,
        embedder=embedder,
        warn=warn,
    )


def library(folder: Path) -> Path:
    """20 documents: the article as text, HTML, PDF and Word, and 16 of its paragraphs as files of their own."""
    folder.mkdir(parents=True, exist_ok=True)
    write(folder, ARTICLE.name, ARTICLE.read_bytes())
    for name, data in article_files().items():
        write(folder, name, data)
    body = [text for kind, text in article_blocks() if kind == "body" and len(text) > 200][:16]
    (folder / "paragraphs").mkdir(exist_ok=True)
    for i, text in enumerate(body):
        write(folder, f"paragraphs/{i:02d}.txt", text.encode() + b"\n")
    assert len(list(folder.rglob("*.*"))) == 20
    return folder


def same_generation(local, other) -> None:
    """Passages and offsets identical; vectors agree (cosine ≥ 0.9999, the acceptance bound)."""
    assert [p.to_json() for p in other.passages] == [p.to_json() for p in local.passages]
    assert other.manifest.files == local.manifest.files
    for name in ("passage_index", "sentence_index"):
        a = getattr(local, name).reconstruct_n(0, getattr(local, name).ntotal)
        b = getattr(other, name).reconstruct_n(0, getattr(other, name).ntotal)
        assert a.shape == b.shape
        assert float(np.min((a * b).sum(1))) >= 0.9999


def worker_pids() -> list[int]:
    """Processes of qa's Ray actors on this machine (Ray titles them ``ray::Worker…``)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "cmdline").read_bytes().startswith(b"ray::Worker"):
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def test_a_ray_build_is_the_local_build_and_stays_incremental(local_ray, tmp_path, embedder, caplog):
    src = library(tmp_path / "source")
    local = make_engine(src, tmp_path / "local", embedder).index
    engine = make_engine(src, tmp_path / "ray", embedder, ray="local")
    with caplog.at_level(logging.INFO, logger="qa"):
        first = engine.refresh()
    same_generation(local, first)
    assert "cluster: 20 files on 2 workers" in caplog.text
    assert engine.ask("How many new urban jobs were created?").cited  # it serves like any generation

    caplog.clear()
    (src / "paragraphs" / "03.txt").write_text("Harbour cranes unload grain ships at dawn in Rotterdam.\n")
    with caplog.at_level(logging.INFO, logger="qa"):
        second = engine.refresh()
    assert "cluster: 1 files" in caplog.text  # only the changed file went to the cluster
    same_generation(make_engine(src, tmp_path / "local", embedder).refresh(), second)
    assert engine.refresh().folder == second.folder  # nothing changed: nothing built, the cluster not asked


def test_a_file_that_cannot_be_read_is_skipped_with_its_reason_as_locally(local_ray, tmp_path, embedder):
    src = library(tmp_path / "source")
    write(src, "broken.pdf", b"%PDF-1.7\nnot really a pdf")
    local_warnings: list[str] = []
    ray_warnings: list[str] = []
    make_engine(src, tmp_path / "local", embedder, warn=local_warnings.append).index
    built = make_engine(src, tmp_path / "ray", embedder, ray="local", warn=ray_warnings.append).index
    assert "broken.pdf" not in built.manifest.files
    assert (
        [w for w in ray_warnings if "broken.pdf" in w]
        == [w for w in local_warnings if "broken.pdf" in w]
        != []
    )


def test_a_worker_killed_mid_build_is_survived_and_the_old_generation_served(
    local_ray, tmp_path, embedder, monkeypatch, caplog
):
    import qa.index.cluster as cluster

    src = library(tmp_path / "source")
    engine = make_engine(src, tmp_path / "ray", embedder, ray="local")
    old = engine.index
    for path in (src / "paragraphs").iterdir():  # every paragraph file changes: 16 files for the cluster
        path.write_text(path.read_text() + "A line added for the rebuild.\n")
    monkeypatch.setattr(cluster, "BATCH_BYTES", 1)  # a batch per file, so the kill lands mid-build
    killed: list[int] = []
    take = cluster._take

    def take_then_kill(outcome, parts, stats, warn):
        take(outcome, parts, stats, warn)
        if not killed:
            killed.append(worker_pids()[0])
            replica = make_engine(src, tmp_path / "ray", embedder, follow=True)  # serves, never builds
            assert replica.index.folder == old.folder and replica.ask("How many people are covered?").cited
            os.kill(killed[0], signal.SIGKILL)

    monkeypatch.setattr(cluster, "_take", take_then_kill)
    with caplog.at_level(logging.INFO, logger="qa"):
        rebuilt = engine.refresh()
    assert killed and rebuilt.folder != old.folder
    assert "0 batches retried" not in caplog.text and "batches retried" in caplog.text
    same_generation(make_engine(src, tmp_path / "local", embedder).index, rebuilt)


def test_without_ray_the_flag_is_one_line_saying_how_to_install_it(tmp_path, embedder, monkeypatch):
    import sys

    from qa.errors import IndexError_

    monkeypatch.setitem(sys.modules, "ray", None)  # as if the extra were not installed
    engine = make_engine(library(tmp_path / "source"), tmp_path / "ray", embedder, ray="local")
    with pytest.raises(IndexError_, match=r"pip install 'qa\[cluster\]'"):
        engine.index
