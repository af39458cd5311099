"""Named actors: shortened and joined names, and the counterpart a swapped name contradicts."""

from __future__ import annotations

from qa.text.names import counterpart, names


def test_a_shortened_or_joined_name_is_the_same_actor():
    from qa.text.names import present

    context = (
        "In February 2023, the Central Committee of the Communist Party of China and the State Council "
        "issued the Outline"
    )
    assert present("Central Committee", context)
    assert present("Central Committee of the Party", context)
    assert present("Central Committee and the State Council", context)
    assert not present("Ministry of Education", context)
    assert not present("Central Committee and the Ministry of Education", context)


def test_named_actors_and_their_counterparts():
    assert names("The Ministry of Education issued guidance.") == ["Ministry of Education"]
    assert counterpart("Ministry of Education", ["Ministry of Civil Affairs"]) == "Ministry of Civil Affairs"
    assert counterpart("Ministry of Education", ["Emergency Management Department"]) is None


def test_a_name_said_less_fully_or_beside_another_is_no_counterpart():
    """The source's "Net Asset Value" is the claim's "Class B's Net Asset Value" said less fully, and
    "Faculty and Institute" names two, neither of them another institute."""
    assert counterpart("Class B's Net Asset Value", ["Net Asset Value"]) is None
    assert counterpart("French Institute", ["Faculty and Institute"]) is None
    assert counterpart("French Institute", ["Faculty and German Institute"]) == "Faculty and German Institute"
    assert counterpart("Ministry of Education", ["Ministry"]) is None
