"""Training windows are shaped as the reader reads them, and their targets are where they say."""

from __future__ import annotations

import random

from qa.train.windows import Shares, article_windows, balance

CONTEXT = (
    "The bridge was designed by Anna Berg. Work began in 1929 after a long debate. "
    "It opened to traffic in 1932. The city paid 4 million dollars for it. "
    "Tolls were lifted in 1950. Today it carries trams and bicycles."
)
ARTICLE = {
    "title": "Bridge",
    "paragraphs": [
        {
            "context": CONTEXT,
            "qas": [
                {
                    "question": "When did the bridge open to traffic?",
                    "answers": [{"text": "1932", "answer_start": CONTEXT.index("1932")}],
                    "is_impossible": False,
                },
                {
                    "question": "When did the bridge close to traffic?",
                    "answers": [],
                    "is_impossible": True,
                    "plausible_answers": [{"text": "1950", "answer_start": CONTEXT.index("1950")}],
                },
            ],
        },
        {"context": "Another paragraph about trams in the city.", "qas": []},
    ],
}


def test_an_answer_stands_at_its_offset_and_negatives_never_hold_it():
    for seed in range(20):
        shares = Shares(far=1.0, other=1.0, whole=0.0, repeat=2)
        for ex in article_windows(ARTICLE, random.Random(seed), shares):
            assert ex.context in CONTEXT or ex.kind == "other"
            if ex.kind == "answer":
                assert ex.context[ex.start : ex.start + len(ex.text)] == "1932"
            elif ex.kind == "far":
                assert "1932" not in ex.context and ex.start == -1
            elif ex.kind == "unanswerable":
                assert "1950" in ex.context and ex.start == -1


def test_windows_are_sentences_around_the_answer_unless_whole():
    windows = [
        ex.context
        for seed in range(30)
        for ex in article_windows(ARTICLE, random.Random(seed), Shares(far=0, other=0, whole=0))
        if ex.kind == "answer"
    ]
    assert all(w != CONTEXT and w.count(". ") <= 4 for w in windows)  # at most 2 sentences either side
    assert "It opened to traffic in 1932." in windows  # radius 0 occurs
    whole = article_windows(ARTICLE, random.Random(0), Shares(far=0, other=0, whole=1.0))
    assert all(ex.context == CONTEXT for ex in whole)


def test_each_real_unanswerable_question_is_taken_repeat_times():
    counts = balance(article_windows(ARTICLE, random.Random(0), Shares(far=0, other=0, repeat=3)))
    assert counts == {"answer": 1, "unanswerable": 3}
