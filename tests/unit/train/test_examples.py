"""Rule negatives for reader training: each must look answerable and not be answered by its context."""

from __future__ import annotations

from qa.train.examples import squad_examples

# fmt: off
DATA = {"data": [{"title": "Bridges", "paragraphs": [
    {"context": "The Golden Gate Bridge opened in 1937 in San Francisco. It was painted International Orange.",
     "qas": [{"question": "When did the Golden Gate Bridge open?", "is_impossible": False,
              "answers": [{"text": "1937", "answer_start": 33}]},
             {"question": "What colour was the Golden Gate Bridge painted?", "is_impossible": False,
              "answers": [{"text": "International Orange", "answer_start": 71}]}]},
    {"context": "The Brooklyn Bridge in New York was finished in 1883 and crosses the East River.",
     "qas": [{"question": "When was the Brooklyn Bridge finished?", "is_impossible": False,
              "answers": [{"text": "1883", "answer_start": 48}]},
             {"question": "Which river does the Tower Bridge cross?", "is_impossible": True, "answers": []}]},
]}]}
# fmt: on


def test_every_question_is_kept_with_its_answer_at_its_offset():
    examples = squad_examples(DATA, {"Bridges"}, other=0.0, swap=0.0)
    assert sorted(e.kind for e in examples) == ["answer", "answer", "answer", "unanswerable"]
    for e in examples:
        if e.answers:
            assert e.context[e.start : e.start + len(e.text)] == e.text


def test_negatives_are_not_answered_by_their_context():
    examples = squad_examples(DATA, {"Bridges"}, seed=3, other=1.0, swap=1.0)
    gold = {e.question: e.text for e in examples if e.kind == "answer"}
    others = [e for e in examples if e.kind == "other-paragraph"]
    swaps = [e for e in examples if e.kind == "swap"]
    assert others and swaps
    for e in others:
        assert gold[e.question] not in e.context and not e.answers
    for e in swaps:
        assert e.question not in gold and not e.answers
        # the swapped-in name or figure is one the context never mentions
        assert any(word not in e.context for word in e.question.rstrip("?").split())


def test_articles_not_named_are_left_out():
    assert squad_examples(DATA, {"Another article"}) == []


def test_an_answer_cut_negative_is_its_paragraph_without_the_answer():
    # fmt: off
    long = {"data": [{"title": "Bridges", "paragraphs": [{
        "context": ("The Golden Gate Bridge opened in 1937 in San Francisco. It was painted International Orange "
                    "to stand out in the fog. Its main span was the longest in the world until 1964."),
        "qas": [{"question": "When did the Golden Gate Bridge open?", "is_impossible": False,
                 "answers": [{"text": "1937", "answer_start": 33}]}]}]}]}
    # fmt: on
    cuts = [e for e in squad_examples(long, {"Bridges"}, other=0.0, swap=0.0, cut=1.0) if e.kind == "cut"]
    assert len(cuts) == 1 and not cuts[0].answers
    assert "1937" not in cuts[0].context and cuts[0].context.startswith("It was painted International Orange")


def test_turned_and_role_swapped_questions_are_negatives_that_still_read_as_questions():
    # fmt: off
    film = {"data": [{"title": "Films", "paragraphs": [{
        "context": ("The film was directed by Sam Mendes and stars Daniel Craig as Bond, with Christoph Waltz as "
                    "Blofeld. It was the largest release of the year."),
        "qas": [{"question": "Who stars as Bond in the film?", "is_impossible": False,
                 "answers": [{"text": "Daniel Craig", "answer_start": 46}]},
                {"question": "Who directed the largest release of the year?", "is_impossible": False,
                 "answers": [{"text": "Sam Mendes", "answer_start": 25}]}]}]}]}
    # fmt: on
    made = squad_examples(film, {"Films"}, other=0.0, swap=0.0, turn=1.0, role=1.0)
    turned = {e.question for e in made if e.kind == "turn"}
    roles = {e.question for e in made if e.kind == "role"}
    assert "Who directed the smallest release of the year?" in turned  # "smallest" is not in the paragraph
    assert roles and all(not e.answers for e in made if e.kind in ("turn", "role"))
    # a role swap puts another name of the same paragraph where the question's name was, never the answer
    assert roles <= {
        "Who stars as Blofeld in the film?",
        "Who stars as Christoph Waltz in the film?",
        "Who stars as Sam Mendes in the film?",
    }
