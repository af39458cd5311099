"""Claim/evidence word alignment: additions, rewordings and swapped names."""

from __future__ import annotations


def test_alignment_tells_additions_from_rewordings_and_swaps():
    from qa.verify.alignment import align

    evidence = "The housing difficulties of new citizens have been alleviated."
    assert align("The housing difficulties of new citizens have been eased.", evidence, evidence).added == []
    added = align("The housing difficulties of new citizens, mostly young graduates, have been alleviated.",
                  evidence, evidence).added
    assert added == ["mostly young graduates"]
    source = "Foreign workers who come to Shanghai to contribute are also the masters of the city."
    assert align(source.replace("Shanghai", "Beijing"), source, source).swapped == [("Beijing", "Shanghai")]
