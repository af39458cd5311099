"""Collections: a document's first-level folder; a question or claim limited to some is answered from their
documents alone, in the engine, whatever surface asks."""

from __future__ import annotations

import pytest

from qa.document.collections import collection_of, collections, in_collections
from qa.errors import QuestionError
from tests.conftest import FakeEmbedder, make_engine


def test_a_documents_collection_is_its_first_level_folder():
    assert collection_of("reports/2024/q1.pdf") == "reports"
    assert collection_of("notes.txt") == "default"
    assert collections(["b/x.txt", "a.txt", "a/y.txt"]) == ["default", "a", "b"]
    assert in_collections(["b/x.txt", "a.txt", "a/y.txt"], ["a"]) == {"a/y.txt"}


@pytest.fixture
def engine(tmp_path):
    source = tmp_path / "source"
    (source / "harbour").mkdir(parents=True)
    (source / "railway").mkdir()
    (source / "harbour" / "tugs.txt").write_text(
        "Tugboats\n\nThe harbour keeps seventeen tugboats ready for the winter storms.\n", encoding="utf-8"
    )
    (source / "railway" / "trains.txt").write_text(
        "Trains\n\nThe railway keeps seventeen trains ready for the winter timetable.\n", encoding="utf-8"
    )
    (source / "about.txt").write_text(
        "About\n\nThis library holds harbour and railway notes.\n", encoding="utf-8"
    )
    return make_engine(source, tmp_path / "index", FakeEmbedder())


def test_a_question_limited_to_a_collection_is_answered_from_its_documents_only(engine):
    everywhere = {
        p["doc"] for p in engine.ask("What does it keep ready for the winter?").to_json()["passages"]
    }
    assert {"harbour/tugs.txt", "railway/trains.txt"} <= everywhere
    only = engine.ask("What does it keep ready for the winter?", collections=["railway"]).to_json()
    assert {p["doc"] for p in only["passages"]} == {"railway/trains.txt"}
    both = engine.ask("What does it keep?", docs=["harbour/tugs.txt"], collections=["harbour", "default"])
    assert {c.passage.doc for c in both.cited} == {"harbour/tugs.txt"}  # documents within the collections
    with pytest.raises(QuestionError, match="no collection 'ferries' in the library"):
        engine.ask("What does it keep?", collections=["ferries"])


def test_a_claim_limited_to_a_collection_finds_its_evidence_there(engine):
    verdict = engine.verify("The railway keeps seventeen trains.", collections=["harbour"])
    assert all(s.evidence.passage.doc == "harbour/tugs.txt" for s in verdict.sentences)
    assert engine.verify("The railway keeps seventeen trains.").sentences[0].evidence.passage.doc == (
        "railway/trains.txt"
    )
