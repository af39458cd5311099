"""Claims about a document itself (its date), checked against its front matter wherever retrieval ranked it."""

from __future__ import annotations

from tests.conftest import make_engine

REPORT = (
    "Harbour Survey Report\n\nJane Doe\n\nMarch 3, 2019\n\n"
    "This is a survey of the harbour and its traffic in the year it was made.\n\n"
    "The harbour survey report counts the ships that moved cargo between the piers and the trains, and the "
    "survey report says the port plan was adopted in 2017.\n"
)


def _verdict(tmp_path, fake_embedder, claim: str):
    src = tmp_path / "source"
    src.mkdir(exist_ok=True)
    (src / "harbour.txt").write_text(REPORT, encoding="utf-8")
    sentence = make_engine(src, tmp_path / "index", fake_embedder).verify(claim).sentences[0]
    return sentence.verdict, sentence.evidence.passage.text


def test_a_claim_dating_the_document_is_checked_against_its_date_line(tmp_path, fake_embedder):
    assert _verdict(tmp_path, fake_embedder, "The Harbour Survey Report is dated March 3, 2019.") == (
        "supported",
        "March 3, 2019",
    )
    assert _verdict(tmp_path, fake_embedder, "The Harbour Survey Report is dated March 3, 2021.") == (
        "contradicted",
        "March 3, 2019",
    )


def test_a_claim_dating_something_the_document_speaks_of_is_not_read_against_its_date(
    tmp_path, fake_embedder
):
    verdict, evidence = _verdict(tmp_path, fake_embedder, "The port plan was issued in 2017.")
    assert evidence != "March 3, 2019" and verdict != "contradicted"
