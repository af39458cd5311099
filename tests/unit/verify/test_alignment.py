"""Claim/evidence word alignment: additions, rewordings and swapped names."""

from __future__ import annotations


def test_alignment_tells_additions_from_rewordings_and_swaps():
    from qa.verify.alignment import align

    evidence = "The housing difficulties of new citizens have been alleviated."
    assert align("The housing difficulties of new citizens have been eased.", evidence, evidence).added == []
    added = align(
        "The housing difficulties of new citizens, mostly young graduates, have been alleviated.",
        evidence,
        evidence,
    ).added
    assert added == ["mostly young graduates"]
    source = "Foreign workers who come to Shanghai to contribute are also the masters of the city."
    assert align(source.replace("Shanghai", "Beijing"), source, source).swapped == [("Beijing", "Shanghai")]


def test_a_tables_abbreviated_header_says_the_words_it_stands_for():
    from qa.verify.alignment import align, is_said, said_stems

    row = "# enc-layers: 6 — # dec-layers: 6 | Language: OTSL | Inference time (secs): 2.73"
    claim = "With 6 encoder and 6 decoder layers, OTSL's inference time is 2.73 seconds."
    assert align(claim, row, row).added == []
    said = said_stems(row)
    assert is_said("layer", said) and is_said(
        "encod", said
    )  # "layers" of "enc-layers"; "enc" begins "encoder"
    assert not is_said("pressur", said)
    assert not is_said(
        "encod", said_stems("The enc table was fixed.")
    )  # "enc" alone is a word, not an abbreviation


def test_a_material_put_in_place_of_another_is_a_swap():
    from qa.verify.alignment import align

    source = "The Rol-top nut is cadmium-plated steel, and the bellows type is made of aluminum alloy only."
    assert align("The bellows type nut is made of stainless steel.", source, source).swapped == [
        ("stainless steel", "aluminum alloy")
    ]
    assert align("The bellows type nut is made of aluminum alloy.", source, source).swapped == []
    assert align("The Rol-top nut is made of steel.", source, source).swapped == []


def test_a_passage_that_lacks_most_of_a_claims_words_does_not_say_it():
    from qa.verify.alignment import mostly_unsaid
    from qa.verify.verdict import check

    claim = "The btrfs balance command completed successfully."
    address = "To: linux-btrfs@vger.kernel.org"
    assert mostly_unsaid(claim, address) == "balance command completed successfully"
    assert not check(claim, address, address).clean
    # A rewording keeps most of the claim's words: still said.
    said = "The btrfs balance command finished successfully."
    assert mostly_unsaid(claim, said) is None
    assert check(claim, said, said).clean
