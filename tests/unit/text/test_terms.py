"""The one tokenizer: index terms keep figures whole, drop stop and question words, and stem the rest; the
word patterns and the calendar every other text module reads."""

from __future__ import annotations

from qa.text.terms import LETTERS, WORD, names_word, prefix, stem, term_set, terms
from qa.text.vocabulary import MONTH_NUMBERS


def test_terms_keep_figures_whole_and_stem_words():
    assert terms("How many of the 220,000 firefighters trained in 2023?") == [
        "220000",
        "firefight",
        "train",
        "2023",
    ]
    assert terms("1.334 billion people") == ["1.334", "billion", "peopl"]
    assert term_set("firefighters firefighter") == frozenset({"firefight"})


def test_question_words_are_stop_words():
    assert terms("What, which, who, whom, when, where, why and how much?") == []


def test_stems_and_prefixes_are_what_words_are_matched_on():
    assert stem("covered") == stem("covers") == "cover"
    assert names_word("The hospitals of Beijing", "hospital") and not names_word("The clinics", "hospital")
    assert prefix("Politburo") == prefix("Political") == "poli"


def test_word_patterns():
    assert WORD.findall("Xi'an's co-governance, 5 times") == ["Xi'an's", "co-governance", "times"]
    assert LETTERS.findall("co-governance 19th") == ["co", "governance", "th"]


def test_one_calendar():
    assert MONTH_NUMBERS["january"] == MONTH_NUMBERS["jan"] == 1
    assert MONTH_NUMBERS["sept"] == MONTH_NUMBERS["sep"] == MONTH_NUMBERS["september"] == 9
    assert MONTH_NUMBERS["may"] == 5 and len(set(MONTH_NUMBERS.values())) == 12
