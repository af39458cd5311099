"""The web page of a replica (`qa serve --follow`): the library is changed where the index is built, so
adding or removing a document there is refused with a notice and nothing is written."""

from __future__ import annotations

import warnings

from tests.conftest import make_engine


def test_a_replica_refuses_uploads_and_removals_and_writes_nothing(tmp_path, fake_embedder):
    from qa.ui.app import App

    src = tmp_path / "source"
    src.mkdir()
    (src / "a.txt").write_text(
        "Harbour notes\n\nThe harbour handles 5 million tonnes of cargo.\n", encoding="utf-8"
    )
    make_engine(src, tmp_path / "index", fake_embedder).index  # the builder's generation
    app = App(make_engine(src, tmp_path / "index", fake_embedder, follow=True))
    upload = tmp_path / "b.txt"
    upload.write_text("Mountain notes\n\nThe railway climbs 1,200 metres.\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        app.upload(str(upload))
        app.remove("a.txt")
    assert sorted(p.name for p in src.iterdir()) == ["a.txt"]
    assert sum("replica of a shared index" in str(w.message) for w in said) == 2
