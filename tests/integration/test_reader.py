"""The shipped reader, for real: the bundled encoder, FAISS + BM25, and the int8 ONNX reader on the article."""

from __future__ import annotations

import pytest

from qa.measure.evaluate import evaluate, read_cases
from tests.conftest import QUESTIONS, ROOT

MORE_QUESTIONS = ROOT / "eval" / "article-questions.jsonl"
# Measured 0.587 on questions.jsonl with issue 31's reader (0.497 with issue 19's; the rules' answering sentence:
# 0.317); the floor leaves room for a retrained reader's noise, not for a return to whole sentences.
F1_FLOOR = 0.5


@pytest.fixture(scope="module")
def report(article_engine):
    return evaluate(article_engine, read_cases(QUESTIONS))


def test_the_answer_is_the_phrase_asked_for_not_a_whole_sentence(report):
    # SQuAD's F1 of the answer span against the expected phrase (the closeness rules, which can only show the
    # sentence, score far lower on the same questions: the ablation beside it).
    assert report["answer_f1"] >= F1_FLOOR
    assert report["rules_f1"] < report["answer_f1"]


def test_every_answer_is_verbatim_at_its_offsets(article_engine):
    source = article_engine.settings.source
    for case in read_cases(QUESTIONS) + read_cases(MORE_QUESTIONS):
        answer = article_engine.ask(case.question).to_json()
        span = answer["answer"]
        if span is None:
            assert not answer["answerable"] and answer["reason"]
            continue
        text = open(source / span["doc"], encoding="utf-8").read()
        assert text[span["start"] : span["end"]] == span["text"] and span["text"].strip()
        holder = next(p for p in answer["passages"] if p["rank"] == span["rank"])
        assert holder["start"] <= span["start"] < span["end"] <= holder["end"]
        assert holder["highlight"]["start"] <= span["start"] < holder["highlight"]["end"]
        assert 0 < span["score"] <= 1 and span["score"] == answer["confidence"]  # the decision's probability


def test_the_reader_leads_and_the_rules_are_its_ablation(article_engine):
    with_reader = article_engine.ask("How many people are covered by unemployment insurance?")
    without = article_engine.answer(_query(article_engine, with_reader.question), read=False)
    assert with_reader.answer is not None and with_reader.answer.text in with_reader.lead.sentence
    # "… basic pension, unemployment, and work-related injury insurance has reached 1.07 billion, 240 million,
    # and 290 million, respectively": the figure at unemployment's place, not the sentence's first figure.
    assert with_reader.answer.text == "240 million"
    assert without.answer is None and without.answerable
    # Without reranking both rank the same passages in the same order; only the decision and the span differ.
    assert [c.passage for c in without.cited] == [c.passage for c in with_reader.cited]


def _query(engine, question: str):
    from qa.retrieve.fusion import make_query

    return make_query(question, engine.embedder.encode([question])[0])


@pytest.mark.parametrize(
    "question",
    ["What was China's GDP growth rate in 2023?", "How many hospitals are there in Beijing?"],
)
def test_confidence_is_a_probability_and_abstention_says_why(article_engine, question):
    answer = article_engine.ask(question)
    assert 0.0 <= answer.confidence <= 1.0
    assert not answer.answerable and answer.reason and answer.answer is None
