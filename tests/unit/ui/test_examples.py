"""Example questions are worded from clean text: no OCR noise, banners, captions or cut-off clauses."""

from __future__ import annotations

from qa.ui.examples import clean, topic


def test_a_heading_becomes_a_topic_cut_at_its_first_clause_and_its_last_content_word():
    assert topic("Maintaining social fairness and justice, and effectively improving gain") == (
        "maintaining social fairness"
    )
    assert topic("The effects of COVID-19 on SMEs in the EU") == "the effects of COVID-19 on SMEs"
    assert topic("Growth in the share of") == "growth in the share"
    assert topic("5.1 Hyper Parameter Optimization") == "hyper Parameter Optimization"  # its number dropped


def test_only_topics_a_person_would_type_make_examples():
    for good in ("maintaining social fairness", "the effects of COVID-19 on SMEs", "swimming in the lake"):
        assert clean(good), good
    for noisy in (
        topic("«POAH «3E*»CM tanntxim. inc. /^ . ^"),  # an old OCR layer's garbage
        topic("steelJIS: Japanese Steels"),  # a site banner run together
        "results",  # one word asks nothing
        "growth in the",  # cut after a function word
        "x" * 25 + " words",  # letters run together
    ):
        assert not clean(noisy), noisy
