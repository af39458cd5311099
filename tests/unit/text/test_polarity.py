"""Negation and opposite predicates between a claim and its evidence."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "claim, evidence, conflict",
    [
        ("The gap is widening.", "The income gap is constantly narrowing.", ("widening", "narrowing")),
        (
            "The markup was kept.",
            "Canceling the drug markup that had been implemented for years.",
            ("kept", "Canceling"),
        ),
        (
            "Conditions have worsened.",
            "Housing conditions have significantly improved.",
            ("worsened", "improved"),
        ),
        (
            "The situation has not been stable.",
            "The situation has remained stable.",
            ('"not"', "affirmative"),
        ),
        ("The policy was kept.", "The policy was never kept.", ("affirmative", '"never"')),
    ],
)
def test_opposites_and_negations_conflict(claim, evidence, conflict):
    from qa.text.polarity import polarity_conflicts

    assert conflict in polarity_conflicts(claim, evidence)


@pytest.mark.parametrize(
    "claim, evidence",
    [
        ("The gap is narrowing.", "The income gap is constantly narrowing."),
        (
            "It is at No. 70 Guang'anmen South Street.",
            "The department sits at No. 70 Guang'anmen South Street.",
        ),
        ("Not only courage is needed.", "Not only do we need courage, but also skill."),
        ("The markup was cancelled.", "Canceling the drug markup that had been implemented for years."),
        ("Cases did not fall.", "Cases did not fall."),
    ],
)
def test_same_polarity_is_no_conflict(claim, evidence):
    from qa.text.polarity import polarity_conflicts

    assert polarity_conflicts(claim, evidence) == []


def test_reversed_claims_seek_what_they_deny():
    from qa.text.polarity import flipped

    assert flipped("Prices have not fallen.") == "Prices have fallen."
    assert flipped("The gap is widening.") == "The gap is narrow."
    assert flipped("Nothing to turn round here.") is None


def test_a_negation_contradicts_only_what_the_other_sentence_says():
    from qa.text.polarity import denied_unsaid, polarity_conflicts

    # the evidence says what the claim denies: a conflict
    assert polarity_conflicts("Ducks cannot swim.", "Ducks swim well on lakes and rivers.")
    assert polarity_conflicts("The level has not improved.", "The level has steadily improved.")
    # the evidence merely shares a word: no conflict, and what the claim denies is unsaid
    assert not polarity_conflicts("Ducks cannot swim.", "Diving ducks forage deep underwater.")
    assert denied_unsaid("Ducks cannot swim.", "Diving ducks forage deep underwater.") == ["swim"]
    assert denied_unsaid("Ducks cannot swim.", "Ducks swim well.") == []


def test_any_negation_of_the_evidence_may_be_the_one_a_claim_reverses():
    from qa.text.polarity import polarity_conflicts

    evidence = "They do not represent a monophyletic group, since swans and geese are not considered ducks."
    assert polarity_conflicts("Swans are considered ducks.", evidence)
