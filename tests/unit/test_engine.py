"""The engine with the fake embedder: bad input refused in one line, bad files skipped, whole indexes only."""

from __future__ import annotations

import threading

import pytest

from qa.document.library import add_document, remove_document
from qa.document.source import read_corpus
from qa.engine import clean_text
from qa.errors import QuestionError
from tests.conftest import make_engine


@pytest.mark.parametrize("text", ["", "   ", "\n\t\n", "\x00\x01\x02"])
def test_empty_input_is_refused_with_a_message(text):
    with pytest.raises(QuestionError, match="empty"):
        clean_text(text)
    with pytest.raises(QuestionError, match="empty"):
        clean_text(text, "claim")


def test_bad_source_files_are_skipped_by_name(tmp_path):
    src = tmp_path / "source"
    src.mkdir()
    (src / "good.txt").write_text("Ports move cargo.\n", encoding="utf-8")
    (src / "binary.md").write_bytes(b"\x00\x01\x02PNG")
    (src / "empty.txt").write_text("", encoding="utf-8")
    (src / "huge.txt").write_text("x" * 5000, encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("outside the source dir", encoding="utf-8")
    (src / "link.txt").symlink_to(outside)
    warnings: list[str] = []
    docs = read_corpus(src, max_bytes=1000, warn=warnings.append)
    assert [d.path for d in docs] == ["good.txt"]
    for name, why in [
        ("binary.md", "binary"),
        ("empty.txt", "empty"),
        ("huge.txt", "limit"),
        ("link.txt", "outside"),
    ]:
        assert any(name in w and why in w for w in warnings), (name, warnings)


def test_queries_during_updates_always_see_a_whole_index(tmp_path, fake_embedder):
    src, idx = tmp_path / "source", tmp_path / "index"
    src.mkdir()
    (src / "a.txt").write_text(
        "Harbour notes\n\nThe harbour moved 5 million tonnes of grain.\n", encoding="utf-8"
    )
    engine = make_engine(src, idx, fake_embedder)
    engine.index
    errors: list[BaseException] = []
    stop = threading.Event()

    def asker() -> None:
        while not stop.is_set():
            try:
                answer = engine.ask("How much grain did the harbour move?").to_json()
                index = engine.index
                assert answer["passages"]
                for p in answer["passages"]:
                    assert p["text"]
                assert len(index.passages) == index.manifest.passages
            except BaseException as exc:  # noqa: BLE001 - collected and re-raised below
                errors.append(exc)

    threads = [threading.Thread(target=asker) for _ in range(2)]
    for t in threads:
        t.start()
    for i in range(4):
        add_document(src, f"extra{i}.txt", f"Extra {i}\n\nDock {i} has {i + 2} cranes.\n".encode(), 10_000)
        engine.refresh()
    remove_document(src, "extra0.txt")
    engine.refresh()
    stop.set()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(engine.index.manifest.files) == ["a.txt", "extra1.txt", "extra2.txt", "extra3.txt"]


def test_source_changed_while_down_is_picked_up_on_start(tmp_path, fake_embedder, caplog):
    src, idx = tmp_path / "source", tmp_path / "index"
    src.mkdir()
    (src / "a.txt").write_text("Harbour notes\n\nThe harbour moved 5 million tonnes.\n", encoding="utf-8")
    make_engine(src, idx, fake_embedder).index
    (src / "a.txt").write_text("Harbour notes\n\nThe harbour moved 9 million tonnes.\n", encoding="utf-8")
    index = make_engine(src, idx, fake_embedder).index
    assert any("9 million" in p.text for p in index.passages)
    assert not any("5 million" in p.text for p in index.passages)


@pytest.mark.parametrize("k", [0, -1, 101, 2.5, "3", True])
def test_the_engine_checks_k_with_the_one_message_every_surface_shows(tmp_path, fake_embedder, corpus, k):
    engine = make_engine(corpus, tmp_path / "index", fake_embedder)
    with pytest.raises(QuestionError, match="choose a whole number from 1 to 100"):
        engine.ask("How many firefighters are there?", k)
    assert len(engine.ask("How many firefighters are there?", 100).cited) <= 100


def test_a_server_serves_an_empty_library_and_never_the_last_document_removed(tmp_path, fake_embedder):
    from qa.errors import EmptyLibrary
    from qa.index.lexical import Lexical

    src, idx = tmp_path / "source", tmp_path / "index"
    src.mkdir()
    engine = make_engine(src, idx, fake_embedder, empty=True)  # as `qa serve` makes it
    assert engine.documents() == []
    with pytest.raises(EmptyLibrary, match="the library is empty: upload a document"):
        engine.ask("Where do ports move cargo?")
    with pytest.raises(EmptyLibrary, match="the library is empty"):
        engine.verify("Ports move cargo.")
    (src / "ports.txt").write_text("Ports move cargo between ships and trains.\n", encoding="utf-8")
    engine.refresh()
    assert "cargo" in engine.ask("What do ports move?").cited[0].passage.text
    remove_document(src, "ports.txt")
    engine.refresh()  # the removed document is no longer answered from
    assert engine.documents() == []
    with pytest.raises(EmptyLibrary):
        engine.ask("What do ports move?")
    assert len(Lexical.build([]).scores(["cargo"])) == 0  # an empty BM25 scores no passage
    with pytest.raises(EmptyLibrary, match="no documents in"):  # the command line refuses an empty source
        make_engine(src, tmp_path / "cli-index", fake_embedder).index
