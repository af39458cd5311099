"""An index on shared storage: replicas follow the builder's generations, one builder at a time (any host),
and the compressed option stores vectors as bytes, chosen by the fingerprint."""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from pathlib import Path

import pytest

from qa.document.source import plan_corpus
from qa.errors import IndexError_, QAError
from qa.index import store
from qa.settings import Settings
from tests.conftest import make_engine

DOC_A = "Harbour notes\n\nThe harbour of Port Vell handles 5 million tonnes of cargo every year.\n"
DOC_B = "Mountain notes\n\nThe mountain railway climbs 1,200 metres in forty minutes.\n"


@pytest.fixture
def shared(tmp_path: Path) -> tuple[Path, Path]:
    src = tmp_path / "source"
    src.mkdir()
    (src / "a.txt").write_text(DOC_A, encoding="utf-8")
    return src, tmp_path / "index"


def test_a_replica_serves_current_never_builds_and_swaps_to_each_new_generation(shared, fake_embedder):
    src, idx = shared
    with pytest.raises(IndexError_, match="build it with `qa index` first"):
        make_engine(src, idx, fake_embedder, follow=True).index
    builder = make_engine(src, idx, fake_embedder)
    first = builder.index
    replica = make_engine(src, idx, fake_embedder, follow=True)
    assert replica.index.folder == first.folder
    (src / "b.txt").write_text(DOC_B, encoding="utf-8")
    assert replica.refresh().folder == first.folder  # a replica never builds, whatever the source holds
    replica.follow(interval=0.02)
    second = builder.refresh()
    deadline = time.time() + 5
    while replica.index.folder != second.folder and time.time() < deadline:
        time.sleep(0.02)
    assert replica.index.folder == second.folder
    assert replica.ask("How far does the mountain railway climb?").cited[0].passage.doc == "b.txt"


def test_a_replica_keeps_serving_when_the_next_generation_cannot_be_loaded(shared, fake_embedder, caplog):
    src, idx = shared
    served = make_engine(src, idx, fake_embedder).index
    replica = make_engine(src, idx, fake_embedder, follow=True)
    replica.index
    (idx / store.CURRENT).write_text("gen-missing\n")
    with caplog.at_level(logging.WARNING, logger="qa"):
        replica.follow(interval=0.02)
        time.sleep(0.3)
    assert replica.index.folder == served.folder
    assert caplog.text.count("still serving the previous index") == 1  # said once, not every tick


def test_a_waiting_builder_is_told_whose_build_holds_the_lock(tmp_path, caplog):
    holding, released = threading.Event(), threading.Event()

    def hold() -> None:
        with store.build_lock(tmp_path):
            holding.set()
            released.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    holding.wait(5)
    with caplog.at_level(logging.WARNING, logger="qa"):
        threading.Timer(0.2, released.set).start()
        with store.build_lock(tmp_path):
            pass
    thread.join()
    assert "waiting for the build that holds" in caplog.text and "pid" in caplog.text


def test_a_filesystem_that_cannot_lock_is_one_line_not_an_unlocked_build(tmp_path, monkeypatch):
    def refuse(fd, op):
        raise OSError(37, "No locks available")

    monkeypatch.setattr(fcntl, "flock", refuse)
    with (
        pytest.raises(IndexError_, match=r"cannot lock .*No locks available.*does not support locks"),
        store.build_lock(tmp_path),
    ):
        pass


def test_compressed_vectors_are_bytes_and_changing_the_option_rebuilds(shared, fake_embedder):
    import faiss

    src, idx = shared
    plain = make_engine(src, idx, fake_embedder).index
    packed = make_engine(src, idx, fake_embedder, compress="sq8").index
    assert packed.folder != plain.folder and packed.manifest.compress == "sq8"
    assert isinstance(packed.passage_index, faiss.IndexScalarQuantizer)
    assert make_engine(src, idx, fake_embedder, compress="sq8").index.folder == packed.folder
    assert (
        make_engine(src, idx, fake_embedder, compress="sq8")
        .ask("How much cargo does Port Vell handle?")
        .cited
    )


def test_compression_and_cluster_settings_come_from_the_environment():
    env = {"QA_COMPRESS": "SQ8", "QA_RAY_ADDRESS": " auto ", "QA_FOLLOW": "1"}
    settings = Settings.from_env(env)
    assert (settings.compress, settings.ray, settings.follow) == ("sq8", "auto", True)
    with pytest.raises(QAError, match="QA_COMPRESS='pq' is not a compression: use sq8"):
        Settings.from_env({"QA_COMPRESS": "pq"})


def test_a_cluster_build_reads_unchanged_files_here_and_leaves_the_rest_unread(shared):
    src, _ = shared
    (src / "b.txt").write_text(DOC_B, encoding="utf-8")
    (src / "big.txt").write_text("x" * 2_000, encoding="utf-8")
    warnings: list[str] = []
    docs, _ = plan_corpus(src, 1_000, warnings.append)
    known = {d.path: d.sha256 for d in docs}
    (src / "b.txt").write_text(DOC_B + "\nMore.\n", encoding="utf-8")
    docs, pending = plan_corpus(src, 1_000, warnings.append, known=known)
    assert [d.path for d in docs] == ["a.txt"] and [p.path for p in pending] == ["b.txt"]
    assert sum("big.txt" in w and "limit" in w for w in warnings) == 2  # refused here, never sent
