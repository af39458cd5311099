"""SQuAD-format benchmarks: documents, gold spans in document offsets, out-of-corpus splits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.errors import QAError
from qa.measure.evaluate import Case, benchmark_cases, split_out_of_corpus
from qa.measure.squad import (
    JOIN,
    covers,
    exact_match,
    f1,
    held_out_articles,
    normalize_answer,
    only,
    read_squad,
    write_corpus,
)
from tests.conftest import ARTICLES


def test_articles_become_documents_with_gold_spans_in_document_offsets(squad_file: Path) -> None:
    bench = read_squad(squad_file)
    assert list(bench.docs) == ["001-Harbour.txt", "002-Mountain-railway.txt"]
    harbour = bench.docs["001-Harbour.txt"]
    assert harbour == ARTICLES[0]["paragraphs"][0]["context"] + JOIN + ARTICLES[0]["paragraphs"][1]["context"]
    assert len(bench.questions) == 4 and [q.impossible for q in bench.questions] == [
        False,
        False,
        True,
        False,
    ]
    for q in bench.questions:
        texts = {bench.docs[q.doc][s:e] for s, e in q.spans}
        assert texts <= {"five million tonnes", "Joan Ferrer", "the engineer Joan Ferrer", "seven tunnels"}
    assert bench.questions[1].spans[0][0] > len(ARTICLES[0]["paragraphs"][0]["context"])


def test_a_passage_answers_when_it_covers_half_the_gold_span() -> None:
    span = (100, 120)
    assert covers(90, 130, span)
    assert covers(110, 200, span)  # exactly half
    assert not covers(111, 200, span)
    assert not covers(0, 100, span)  # touching is not covering
    case = Case("q", doc="a.txt", spans=(span,))
    assert case.answerable and not Case("q").answerable


def test_out_of_corpus_split_is_fixed_and_asks_the_rest_as_unanswerable(squad_file: Path) -> None:
    bench = read_squad(squad_file)
    kept, left = split_out_of_corpus(bench, 0.5)
    assert (kept, left) == split_out_of_corpus(bench, 0.5)
    assert len(kept) == 1 and len(left) == 1
    cases = benchmark_cases(bench, set(left))
    assert [c.answerable for c in cases] == [q.doc in kept and not q.impossible for q in bench.questions]
    with pytest.raises(QAError):
        split_out_of_corpus(bench, 1.0)


@pytest.mark.parametrize("content", ['{"data": [{"paragraphs": [{"qas": []}]}]}', "[1, 2]", "not json"])
def test_a_file_that_is_not_squad_gives_one_line(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(QAError) as info:
        read_squad(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)


def test_offsets_outside_the_context_are_refused(tmp_path: Path) -> None:
    data = {
        "data": [
            {
                "paragraphs": [
                    {
                        "context": "Short.",
                        "qas": [{"question": "q?", "answers": [{"text": "far away", "answer_start": 40}]}],
                    }
                ]
            }
        ]
    }
    path = tmp_path / "shifted.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(QAError, match="outside"):
        read_squad(path)


def test_corpus_is_written_verbatim_and_stale_files_go(tmp_path: Path, squad_file: Path) -> None:
    bench = read_squad(squad_file)
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "old.txt").write_text("left from another split", encoding="utf-8")
    write_corpus(bench, folder, list(bench.docs))
    assert sorted(p.name for p in folder.iterdir()) == sorted(bench.docs)
    for name, text in bench.docs.items():
        assert open(folder / name, encoding="utf-8").read() == text


def test_an_impossible_question_is_unanswerable_in_corpus(squad_file: Path) -> None:
    """SQuAD 2.0's is_impossible questions are asked, as ones qa should abstain on, about an indexed document."""
    bench = read_squad(squad_file)
    cases = benchmark_cases(bench, set())
    impossible = [c for c in cases if not c.answerable]
    assert len(impossible) == 1 and impossible[0].doc == "001-Harbour.txt" and not impossible[0].spans
    assert cases[1].answers == ("Joan Ferrer", "the engineer Joan Ferrer")


def test_exact_match_and_f1_follow_squads_normalisation() -> None:
    assert normalize_answer("The  Engineer, Joan Ferrer!") == "engineer joan ferrer"
    golds = ("Joan Ferrer", "the engineer Joan Ferrer")
    assert exact_match("the Engineer Joan Ferrer.", golds) == 1.0 and exact_match("Ferrer", golds) == 0.0
    assert f1("Ferrer", golds) == pytest.approx(2 / 3)  # precision 1, recall 1/2 against "Joan Ferrer"
    sentence = "Its lighthouse was built in 1852 by the engineer Joan Ferrer."
    assert f1(sentence, golds) == pytest.approx(2 * (3 / 10) / (3 / 10 + 1))  # 3 of its 10 words
    assert f1("", golds) == 0.0 and f1("anything", ()) == 0.0


def test_the_held_out_split_is_whole_articles_and_fixed(squad_file: Path) -> None:
    bench = read_squad(squad_file)
    dev = held_out_articles(bench, 0.5)
    assert dev == held_out_articles(read_squad(squad_file), 0.5) and len(dev) == 1
    cut = only(bench, dev)
    assert list(cut.docs) == dev and {q.doc for q in cut.questions} == set(dev)
    with pytest.raises(QAError, match="--held-out takes a fraction"):
        held_out_articles(bench, 1.0)
