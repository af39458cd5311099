"""Model lookup: the bundled model by its name, any other name as given, one cache folder per model."""

from __future__ import annotations

from pathlib import Path

from qa.encode.base import model_cache, resolve_model
from qa.settings import DEFAULT_MODEL


def test_the_bundled_model_resolves_to_its_folder_and_others_stay_as_named():
    folder = Path(resolve_model(DEFAULT_MODEL))
    assert folder.is_dir() and (folder / "config.json").is_file()
    assert (
        resolve_model("sentence-transformers/all-mpnet-base-v2") == "sentence-transformers/all-mpnet-base-v2"
    )


def test_each_model_has_its_own_cache_folder(tmp_path):
    a, b = model_cache(tmp_path, DEFAULT_MODEL), model_cache(tmp_path, "/models/other model")
    assert a != b and a.parent == b.parent == tmp_path / "models"
    assert all(ch.isalnum() or ch == "-" for ch in a.name + b.name)
