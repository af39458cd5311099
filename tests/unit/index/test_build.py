"""Index refresh with the fake embedder: what is reused, what is rebuilt, what is never served."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from qa.errors import QuestionError
from qa.index import store
from qa.index.views import embed_text
from qa.settings import DEFAULT_MODEL
from tests.conftest import make_engine

DOC_A = "Harbour notes\n\nThe harbour of Port Vell handles 5 million tonnes of cargo every year.\n"


DOC_B = "Mountain notes\n\nThe mountain railway climbs 1,200 metres in forty minutes.\n"


class Counting:
    """The real model, counting how many texts it is asked to encode."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self.encoded = 0

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def max_tokens(self) -> int:
        return self.inner.max_tokens

    def count_tokens(self, texts):
        return self.inner.count_tokens(texts)

    def encode(self, texts, batch_size=32):
        self.encoded += len(texts)
        return self.inner.encode(texts, batch_size)


@pytest.fixture
def setup(tmp_path: Path, fake_embedder):
    src = tmp_path / "source"
    src.mkdir()
    (src / "a.txt").write_text(DOC_A, encoding="utf-8")
    (src / "b.txt").write_text(DOC_B, encoding="utf-8")
    counting = Counting(fake_embedder)
    return src, tmp_path / "index", counting


def test_existing_index_is_loaded_without_embedding(setup):
    src, idx, counting = setup
    make_engine(src, idx, counting).index
    assert counting.encoded > 0
    counting.encoded = 0
    index = make_engine(src, idx, counting).index
    assert counting.encoded == 0
    assert len(index.manifest.files) == 2


def test_changed_added_and_removed_files_refresh_only_what_changed(setup):
    src, idx, counting = setup
    first = make_engine(src, idx, counting).index
    b_cost = sum(1 + len(p.sentences) for p in first.passages if p.doc == "b.txt")
    counting.encoded = 0
    (src / "a.txt").write_text(DOC_A.replace("5 million", "7 million"), encoding="utf-8")
    (src / "c.txt").write_text("River notes\n\nThe river freezes in January.\n", encoding="utf-8")
    index = make_engine(src, idx, counting).index
    embedded_again = sum(1 + len(p.sentences) for p in index.passages if p.doc in ("a.txt", "c.txt"))
    assert counting.encoded == embedded_again  # b.txt was reused
    assert b_cost > 0
    assert any("7 million" in p.text for p in index.passages)
    (src / "c.txt").unlink()
    index = make_engine(src, idx, counting).index
    assert sorted(index.manifest.files) == ["a.txt", "b.txt"]
    assert all(p.doc != "c.txt" for p in index.passages)


def test_reused_vectors_equal_fresh_ones(setup, fake_embedder):
    src, idx, counting = setup
    make_engine(src, idx, counting).index
    (src / "a.txt").write_text(DOC_A + "\nAnother paragraph on tides.\n", encoding="utf-8")
    index = make_engine(src, idx, counting).index
    rows = [i for i, p in enumerate(index.passages) if p.doc == "b.txt"]
    stored = index.passage_index.reconstruct_n(rows[0], len(rows))
    fresh = fake_embedder.encode([embed_text(index.passages[r]) for r in rows])
    assert np.allclose(stored, fresh, atol=1e-5)


@pytest.mark.parametrize("damage", ["truncate_faiss", "drop_bm25", "garble_manifest", "garble_current"])
def test_corrupt_index_is_detected_and_rebuilt(setup, damage, caplog):
    src, idx, counting = setup
    gen = make_engine(src, idx, counting).index.folder
    if damage == "truncate_faiss":
        path = gen / "passages.faiss"
        path.write_bytes(path.read_bytes()[:100])
    elif damage == "drop_bm25":
        (gen / "bm25" / "vocab.index.json").unlink()
    elif damage == "garble_manifest":
        (gen / "manifest.json").write_text("{not json", encoding="utf-8")
    else:
        (idx / "CURRENT").write_text("../../etc\n", encoding="utf-8")
    counting.encoded = 0
    index = make_engine(src, idx, counting).index
    assert counting.encoded > 0
    assert index.folder != gen
    assert any(p.text.startswith("The harbour") for p in index.passages)


def test_another_model_name_forces_a_rebuild(setup, monkeypatch):
    src, idx, counting = setup
    first = make_engine(src, idx, counting).index
    manifest = json.loads((first.folder / "manifest.json").read_text())
    assert manifest["model"] == DEFAULT_MODEL
    # Pretend the stored generation came from another model: it must not be served.
    manifest["model"] = "some-other-model"
    (first.folder / "manifest.json").write_text(json.dumps(manifest))
    counting.encoded = 0
    second = make_engine(src, idx, counting).index
    assert counting.encoded > 0
    assert second.manifest.model == DEFAULT_MODEL


def test_manifest_records_model_dimension_hashes_version_and_time(setup):
    src, idx, counting = setup
    index = make_engine(src, idx, counting).index
    m = index.manifest
    assert m.format == store.FORMAT_VERSION
    assert m.dim == counting.dim
    assert set(m.files) == {"a.txt", "b.txt"}
    assert all(len(h) == 64 for h in m.files.values())
    assert m.built_at
    assert "passages.faiss" in m.artifacts
    assert not list(idx.glob("**/*.pkl")) and not list(idx.glob("**/*.pickle"))


def test_the_typed_manifest_reads_and_writes_the_same_json(setup):
    """The file format does not change with the typed reader: what is read is what was written."""
    src, idx, counting = setup
    index = make_engine(src, idx, counting).index
    on_disk = json.loads((index.folder / "manifest.json").read_text())
    m = index.manifest
    assert {**m.to_json(), "format": m.format, "artifacts": m.artifacts} == on_disk
    first = m.document("b.txt")
    assert [p.doc for p in index.passages[first.first : first.end]] == ["b.txt"] * first.count
    with pytest.raises(QuestionError, match="no document 'c.txt' in the library: choose from a.txt, b.txt"):
        m.document("c.txt")


def test_abandoned_staging_folder_is_never_served_and_is_cleaned(setup):
    src, idx, counting = setup
    make_engine(src, idx, counting).index
    half = idx / ".tmp-deadbeef"
    half.mkdir()
    (half / "passages.json").write_text("[]")
    (src / "b.txt").write_text(DOC_B + "\nMore snow.\n", encoding="utf-8")
    index = make_engine(src, idx, counting).index
    assert index.folder.name.startswith("gen-")
    assert not half.exists()
