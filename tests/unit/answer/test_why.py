"""Why the source does not answer: one line, the first cause that holds (language, unknown words, kind, closeness).

The reasons are read off the index and the question, whatever decided to abstain: the fake embedder only
retrieves the passages they are read against (whether the real model abstains is tested in integration)."""

from __future__ import annotations

import pytest

from qa.answer.why import reason
from qa.retrieve.fusion import make_query
from qa.text.question import analyse
from tests.conftest import ARTICLE, FakeEmbedder, make_engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("why")
    (root / "source").mkdir()
    (root / "source" / ARTICLE.name).write_text(ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    return make_engine(root / "source", root / "index", FakeEmbedder())


def why(engine, question: str, closest: float = 0.3) -> str:
    top = engine.ask(question).cited[:3]
    query = make_query(question, engine.embedder.encode([question])[0])
    return reason(engine.index, query, analyse(question), top, closest, 0.5)


@pytest.mark.parametrize(
    "question, said",
    [
        (
            "Wie viele Feuerwehrleute gibt es in China?",
            "the question reads as German; the documents are English and "
            "qa's model reads English: ask in English, or set QA_MODEL to a multilingual model",
        ),
        ("¿Cuántos bomberos hay en China?", "the question reads as Spanish; the documents are English"),
        ("Who won the 2022 FIFA World Cup?", "the documents never mention won, FIFA, Cup"),
        ("How many hospitals are there in Beijing?", "the passages closest to it give no count of hospitals"),
        ("What is the minimum wage in Beijing?", "the passages closest to it name no sum of money"),
        (
            "What is the mass of the firefighters?",
            "the passages closest to it give no figure of weight",
        ),  # no kg
        ("How many firefighters serve in the 77 counties?", "no passage close to it names 77"),
        (
            "What is the unemployment rate in Chinese cities?",
            "no passage answers it closely enough (closest 0.30, 0.50 needed)",
        ),
    ],
)
def test_an_abstention_says_why(engine, question, said):
    line = why(engine, question)
    assert said in line and "\n" not in line


def test_function_words_are_never_the_missing_thing(engine):
    line = why(engine, "How many kindergartens were opened in 2023?")
    assert line.startswith("the documents never mention kindergartens") and "were" not in line


def test_an_answer_has_no_reason_and_its_confidence_in_the_json(engine):
    answer = engine.ask("How many firefighters are there in China?")
    data = answer.to_json()
    assert answer.answerable and data["reason"] is None and data["confidence"] == round(answer.confidence, 4)


def test_after_the_reader_a_missing_figure_is_not_given_as_the_cause(engine):
    """The learned decision weighs a figure the passage does not name (it may stand in a table's header); the
    reason then says the passages do not answer, with the confidence, not "names 77"."""
    question = "How many firefighters serve in the 77 counties?"
    top = engine.ask(question).cited[:3]
    query = make_query(question, engine.embedder.encode([question])[0])
    line = reason(engine.index, query, analyse(question), top, 0.3, 0.525, read=True)
    assert "names 77" not in line and "do not answer it (confidence 0.30, 0.525 needed)" in line


def test_a_figure_the_chip_shows_is_never_said_to_be_missing():
    """The chip names the passage's section: a year standing there ("1996 1991 growth in share") is named."""
    from qa.answer.why import _kind
    from qa.document.passages import Passage
    from qa.retrieve.cited import Cited

    text = "Germany — 30 | 12130 | 24"
    names = ((0, "Country"), (10, "Share (%)"), (15, "No. of stores"), (23, "Growth"))
    span = ((0, len(text)),)
    row = Passage(
        "eu.pdf", "Retail", "1996 1991 growth in share", 9, "body", 0, len(text), text, span, names=names
    )
    question = analyse("How many discount stores were there in Germany in 1996?")
    assert _kind(question, [Cited(1, 0.6, row, (0, len(text)))]) is None
    other = Passage("eu.pdf", "Retail", "Growth in share", 9, "body", 0, len(text), text, span, names=names)
    assert _kind(question, [Cited(1, 0.6, other, (0, len(text)))]) == "no passage close to it names 1996"
