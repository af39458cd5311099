"""Answer checking on the article: verdict kinds, mismatches, the JSON contract, and the accuracy floor."""

from __future__ import annotations

import json

import pytest

from qa.measure.claimset import evaluate_claims, read_claims
from tests.conftest import CLAIMS, ROOT, make_engine

SENTENCE_KEYS = {
    "text",
    "supported",
    "verdict",
    "reason",
    "score",
    "evidence",
    "mismatches",
    "on_topic",
    "unsupported",
}


def check(engine, claim):
    verdict = engine.verify(claim)
    return verdict, verdict.sentences[0]


def test_supported_claim_quotes_its_evidence(article_engine):
    verdict, s = check(article_engine, "More than 220,000 firefighters serve across the country.")
    assert verdict.supported
    assert "over 220000 firefighters" in s.evidence.passage.text
    assert s.mismatches == []


@pytest.mark.parametrize(
    "claim,said,source",
    [
        ("Basic medical insurance in China covers 1.5 billion people.", "1.5 billion", "about 1.334 billion"),
        ("The Emergency Management Department was established in 2019.", "2019", "April 16, 2018"),
        (
            "The Ministry of Education issued guidance on rural elderly care.",
            "Ministry of Education",
            "Ministry of Civil Affairs",
        ),
        ("China has fewer than 1000 national food safety standards.", "fewer than 1000", "over 1500"),
        ("Unemployment insurance covers 290 million people.", "290 million", "240 million"),
    ],
)
def test_mismatches_are_listed(article_engine, claim, said, source):
    verdict, s = check(article_engine, claim)
    assert not verdict.supported
    assert any(m.claim == said and source in m.source for m in s.mismatches), s.mismatches


def test_equivalent_formats_are_supported(article_engine):
    for claim in (
        "There are more than 220,000 firefighters in China.",
        "The Emergency Management Department was established on April 16, 2018.",
        "Over 98 per cent of bulk food samples passed the safety evaluation.",
    ):
        assert article_engine.verify(claim).supported, claim


def test_off_topic_claim_is_not_supported_and_shows_the_closest_passage(article_engine):
    verdict, s = check(article_engine, "Argentina won the 2022 FIFA World Cup in Qatar.")
    assert not verdict.supported
    assert not s.on_topic
    assert s.evidence.passage.text  # the closest passage is still shown


def test_every_sentence_must_hold_for_the_claim_to_hold(article_engine):
    verdict = article_engine.verify(
        "Since 2019, 50 million agricultural migrants have settled in cities. "
        "The Emergency Management Department was established in 2019."
    )
    assert [s.supported for s in verdict.sentences] == [True, False]
    assert verdict.supported is False


def test_json_contract_and_verbatim_evidence(article_engine):
    data = json.loads(
        json.dumps(
            article_engine.verify(
                "Over 98% of bulk food samples passed. The 29th collective study dealt with social security."
            ).to_json()
        )
    )
    assert set(data) == {"claim", "supported", "verdict", "sentences"}
    assert len(data["sentences"]) == 2
    source = article_engine.settings.source
    for s in data["sentences"]:
        assert set(s) == SENTENCE_KEYS
        e = s["evidence"]
        text = open(source / e["doc"], encoding="utf-8").read()
        assert text[e["start"] : e["end"]] == e["text"]
        assert e["start"] <= e["highlight"]["start"] < e["highlight"]["end"] <= e["end"]
        for m in s["mismatches"]:
            assert set(m) == {"claim", "source"}
    assert data["sentences"][1]["mismatches"] == [{"claim": "29th", "source": "28th"}]


def test_accuracy_floor_on_shared_claims(article_engine):
    report = evaluate_claims(article_engine, read_claims(CLAIMS))
    assert report["accuracy"] >= 0.9
    assert report["ratio_p50"] <= 2.0


@pytest.mark.parametrize(
    "claim, verdict",
    [
        ("The income distribution gap is constantly widening.", "contradicted"),
        ("The drug and consumables markup was kept.", "contradicted"),
        (
            "The housing conditions of middle and low-income families in urban areas have significantly worsened.",
            "contradicted",
        ),
        ("The income distribution gap is constantly narrowing.", "supported"),
        (
            "In February 2023, the Central Committee and the State Council issued the Outline for Building a Quality "
            "Strong Country.",
            "supported",
        ),
        ("The article was edited by He Chuanning.", "supported"),
        ("The Moon is made of cheese.", "not_found"),
    ],
)
def test_three_verdicts_on_the_article(article_engine, claim, verdict):
    result = article_engine.verify(claim)
    assert result.verdict == verdict, result.to_json()["sentences"][0]["reason"]


def test_dev_claims_per_kind(article_engine):
    """eval/article-claims.jsonl (written before tuning): three-way accuracy ≥ 0.90, no kind below 0.8."""
    report = evaluate_claims(article_engine, read_claims(ROOT / "eval" / "article-claims.jsonl"))
    assert report["three_way"] and report["accuracy"] >= 0.9
    assert {k: v for k, v in report["by_kind"].items() if v["accuracy"] < 0.8} == {}
    assert report["ratio_p50"] <= 3.0


@pytest.mark.parametrize(
    "claim, verdict, reason",
    [
        (
            "Over 220000 firefighters across the country, most of them volunteers, have always upheld the oath.",
            "not_found",
            "volunteers",
        ),
        (
            "Foreign workers who come to Beijing to contribute are also the masters of the city.",
            "contradicted",
            "Shanghai",
        ),
        ("He Chuanning was the responsible editor of the article.", "contradicted", "Su Suiyue"),
        (
            "The Emergency Management Department was established on April 16, 2018, with a budget of 10 billion yuan.",
            "not_found",
            "yuan",
        ),
        ("A fully functional social security system has not been established.", "contradicted", "not"),
    ],
)
def test_what_is_not_a_number(article_engine, claim, verdict, reason):
    _, s = check(article_engine, claim)
    assert (s.verdict, reason in s.reason) == (verdict, True), s.reason


SURVEY = (
    "We picked the sampling plan that produced the most reliable counts in the pilot, then independently "
    "surveyed three regions with the same questionnaire and the same team: Northmoor (395k hectares), "
    "Saltcoast (113k hectares) and the Redhills (about 1M hectares). The results are in the second table.\n\n"
    "The team visited every farm in spring and again in autumn, and an outside auditor checked the counts.\n"
)


@pytest.mark.parametrize(
    "claim, verdict",
    [
        (
            "Saltcoast covers 113k hectares.",
            "supported",
        ),  # one item of a long listing sentence: its cosine is 0.42
        ("Saltcoast covers 113,000 hectares.", "supported"),  # "113k" is 113,000
        ("Saltcoast covers 500k hectares.", "contradicted"),
        ("Saltcoast has a harbour.", "not_found"),
    ],
)
def test_a_claim_about_one_item_of_a_listing_sentence(tmp_path, embedder, claim, verdict):
    src = tmp_path / "source"
    src.mkdir()
    (src / "survey.md").write_text("# Farm survey\n\n## Method\n\n" + SURVEY, encoding="utf-8")
    engine = make_engine(src, tmp_path / "index", embedder)
    assert engine.verify(claim).sentences[0].verdict == verdict


def test_a_contradicting_figure_is_paired_with_the_one_next_to_its_subject(tmp_path, embedder):
    src = tmp_path / "source"
    src.mkdir()
    (src / "survey.md").write_text("# Farm survey\n\n## Method\n\n" + SURVEY, encoding="utf-8")
    sentence = (
        make_engine(src, tmp_path / "index", embedder).verify("Saltcoast covers 500k hectares.").sentences[0]
    )
    assert [(m.claim, m.source) for m in sentence.mismatches] == [
        ("500k", "113k")
    ]  # not 395k, nearer in size


def test_a_single_word_is_never_evidence(tmp_path, embedder):
    src = tmp_path / "source"
    src.mkdir()
    (src / "summer.md").write_text(
        "# Summer activities\n\nDuck\n\nAfter a good day of swimming in the lake, it is "
        "important to eat something nice, like leaves and berries.\n",
        encoding="utf-8",
    )
    sentence = make_engine(src, tmp_path / "index", embedder).verify("Ducks cannot fly.").sentences[0]
    assert sentence.evidence.sentence != "Duck" and sentence.verdict == "not_found"
