"""Follow-up questions read in the light of the previous one."""

from __future__ import annotations

from qa.answer.followup import resolve


def test_followups_are_read_in_the_light_of_the_previous_question():
    history = ["How many people does basic medical insurance cover?"]
    assert (
        resolve("And unemployment insurance?", history)
        == "How many people does unemployment insurance cover?"
    )
    assert (
        resolve("What about in Shanghai?", ["What is the minimum wage in Beijing?"])
        == "What is the minimum wage in Shanghai?"
    )
    assert resolve("Who edited the article?", history) == "Who edited the article?"  # a whole question
    assert resolve("And pensions?", []) == "And pensions?"  # nothing to read it against


def test_a_follow_up_takes_the_place_of_its_like_and_reads_as_a_question():
    assert resolve("And the female?", ["What is a male duck called?"]) == "What is a female duck called?"
    assert (
        resolve("And Shanghai?", ["What is the minimum wage in Beijing?"])
        == "What is the minimum wage in Shanghai?"
    )
    # Nothing to take the place of: the fragment is asked about, the previous question kept whole beside it.
    assert (
        resolve("And the budget?", ["How many firefighters are there in China?"])
        == "What about budget, as in: How many firefighters are there in China?"
    )


def test_an_empty_or_wordless_follow_up_is_left_as_asked():
    history = ["How many people does medical insurance cover?"]
    for asked in ("", "   ", "?", "...", "what about ?"):
        assert resolve(asked, history) == asked  # the caller's notice for an empty question, not a crash
