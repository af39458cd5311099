"""Direct unit tests, checked against references where a library or a formula computes the same thing:
IVF search against exact search, BM25 against its formula, follow-ups, question types, rendering."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qa import dense
from qa.answer import Answer, Cited
from qa.errors import QAError
from qa.followup import resolve
from qa.lexical import B, K1, Lexical, terms
from qa.passages import Passage
from qa.question import asked_for, expected_type, has_type, years
from qa.render import answer_text, chat_reply, citation, short_title, sources_html, verdict_text, viewer_html
from qa.verify import Mismatch, SentenceVerdict, Verdict


def _clustered(n: int, dim: int, rng: np.random.Generator) -> np.ndarray:
    centres = rng.standard_normal((n // 50, dim)).astype(np.float32)
    points = centres[rng.integers(0, len(centres), n)] + 0.4 * rng.standard_normal((n, dim)).astype(np.float32)
    return points / np.linalg.norm(points, axis=1, keepdims=True)


def test_ivf_search_finds_what_exact_search_finds(monkeypatch):
    """Above EXACT_LIMIT the index is an inverted file; its recall@10 against IndexFlatIP stays ≥ 0.95."""
    import faiss

    monkeypatch.setattr(dense, "EXACT_LIMIT", 1_000)
    rng = np.random.default_rng(7)
    data = _clustered(5_000, 32, rng)
    index = dense.build(data)
    assert isinstance(index, faiss.IndexIVFFlat)
    exact = faiss.IndexFlatIP(32)
    exact.add(data)
    queries = data[rng.integers(0, len(data), 100)] + 0.1 * rng.standard_normal((100, 32)).astype(np.float32)
    _, truth = exact.search(queries, 10)
    found = sum(len(set(dense.search(index, q, 10)[1].tolist()) & set(t.tolist())) for q, t in zip(queries, truth))
    assert found / truth.size >= 0.95
    rows = np.array([3, 4_999, 17])
    assert np.allclose(dense.gather(index, dense.flat_view(index), rows), data[rows], atol=1e-6)


CORPUS = ["The harbour handles grain and coal every year.",
          "Grain prices rose in the harbour town; grain ships waited.",
          "The railway climbs through seven tunnels.",
          "Coal trains use the railway at night, and the railway is busy."]


def _reference_bm25(query: list[str], docs: list[list[str]]) -> list[float]:
    """BM25 as Lucene (8+) defines it: idf = ln(1 + (N - df + 0.5) / (df + 0.5)), tf saturating to 1."""
    n, avgdl = len(docs), sum(len(d) for d in docs) / len(docs)
    scores = []
    for doc in docs:
        score = 0.0
        for term in query:
            df = sum(term in d for d in docs)
            tf = doc.count(term)
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            score += idf * tf / (tf + K1 * (1 - B + B * len(doc) / avgdl)) if tf else 0.0
        scores.append(score)
    return scores


@pytest.mark.parametrize("question", ["grain harbour", "railway coal", "tunnels", "nothing matches here"])
def test_bm25_scores_match_the_formula(question):
    lexical = Lexical.build(CORPUS)
    query = terms(question)
    ours = lexical.scores(query) if query else np.zeros(len(CORPUS))
    assert np.allclose(ours, _reference_bm25(query, [terms(t) for t in CORPUS]), rtol=1e-5, atol=1e-6)
    assert all(lexical.idf(t) > 0 for t in query)


def test_followups_are_read_in_the_light_of_the_previous_question():
    history = ["How many people does basic medical insurance cover?"]
    assert resolve("And unemployment insurance?", history) == "How many people does unemployment insurance cover?"
    assert resolve("What about in Shanghai?", ["What is the minimum wage in Beijing?"]) == \
        "What is the minimum wage in Shanghai?"
    assert resolve("Who edited the article?", history) == "Who edited the article?"  # a whole question
    assert resolve("And pensions?", []) == "And pensions?"  # nothing to read it against


@pytest.mark.parametrize("question, kind", [
    ("How many firefighters are there?", "quantity"), ("What percentage passed?", "quantity"),
    ("When was it founded?", "time"), ("In which year did it open?", "time"), ("Who edited it?", None),
    ("What is the unemployment rate in cities?", "quantity"), ("What is the price of a ticket?", "money"),
    ("What fines are imposed for violations?", "money"), ("How much does a place cost per month?", "money"),
    ("What was the budget of the ministry?", "money"), ("How much did pensions rise?", "quantity"),
    ("What percentage of deaths are due to pneumonia?", "quantity"), ("What is the minimum wage standard?", None)])
def test_question_types(question, kind):
    assert expected_type(question) == kind


def test_the_thing_asked_for_is_the_head_of_the_what_phrase():
    assert asked_for("What is the average life expectancy in China?") == "expectancy"
    assert asked_for("What fire bodies were listed nationwide?") == "bodies"
    assert asked_for("What percentage of deaths are due to pneumonia?") == "percentage"
    assert asked_for("Who edited it?") is None


def test_a_date_is_a_year_a_decade_or_a_month_not_a_bare_ordinal():
    assert has_type("On June 13th, the ministry issued opinions.", "time")
    assert has_type("It was not resolved until the 1930s.", "time")
    assert not has_type("Since the Third Plenary Session of the 18th Central Committee, reform deepened.", "time")


def test_a_sum_of_money_names_a_currency():
    assert has_type("Fines reach 50,000 yuan.", "money")
    assert has_type("The loss was estimated at $30-$100 billion.", "money")
    assert not has_type("There are over 1500 national standards for food safety.", "money")


def test_years_a_question_names():
    assert years("How many firefighters died on duty in 2023?") == {"2023"}
    assert years("How many people were infected in 2008-2009?") == {"2008", "2009"}
    assert years("What is the 19th Congress?") == frozenset()


def test_a_count_is_not_an_ordinal_a_numbered_name_or_a_year():
    assert has_type("over 220000 firefighters", "quantity")
    assert has_type("fifty stations", "quantity")
    assert not has_type("the 19th National Congress", "quantity")
    assert not has_type("Chengdu No.7 Middle School", "quantity")
    assert not has_type("Since 2019 the policy held.", "quantity")
    assert has_type("Since 2019 the policy held.", "time")


TEXT = "Intro line. The harbour moved <b>5</b> million tonnes. Closing line."


def _cited(rank: int = 1) -> Cited:
    from qa.sentences import split_spans

    spans = tuple(split_spans(TEXT, 100))
    passage = Passage("docs/harbour.txt", "Harbour report: a very long subtitle " + "x" * 80, "Cargo", 3, "body",
                      100, 100 + len(TEXT), TEXT, spans)
    return Cited(rank, 0.8123, passage, spans[1])


def test_cited_parts_split_the_passage_around_its_answering_sentence():
    before, hit, after = _cited().parts()
    assert (before, hit, after) == ("Intro line. ", "The harbour moved <b>5</b> million tonnes.", " Closing line.")
    assert before + hit + after == TEXT


def test_renderers_quote_verbatim_escape_html_and_cite_short_titles():
    cited = _cited()
    answer = Answer("How much cargo?", True, [cited])
    assert short_title(cited.passage.title) == "Harbour report"
    assert citation(cited) == "Harbour report › Cargo, ¶3"
    assert "**The harbour moved <b>5</b> million tonnes.**" in answer_text(answer)
    html = sources_html(answer) + viewer_html("y" * 100 + TEXT, "Harbour", cited)
    assert "<b>5</b>" not in html and "&lt;b&gt;5&lt;/b&gt;" in html
    assert "<mark class='qa-answer'>" in html and "id='qa-cited'" in html
    assert "**The source does not answer this.**" in chat_reply(Answer("q", False, [cited]))
    assert r"&lt;b&gt;5&lt;/b&gt;" in chat_reply(answer)


def test_verdict_text_labels_closest_passages_and_mismatches():
    off = SentenceVerdict("The Moon is made of cheese.", False, 0.2, _cited())
    wrong = SentenceVerdict("It moved 9 million tonnes.", False, 0.8, _cited(), [Mismatch("9 million", "5 million")])
    text = verdict_text(Verdict("claim", [off, wrong]))
    assert text.startswith("CONTRADICTED: claim")
    assert "closest, not evidence" in text and "mismatch  claim: 9 million; source: 5 million" in text
    assert "? not found" in text and "nothing in the source says this" in text
    assert "✘ contradicted" in text and "the source says otherwise: 9 million ≠ 5 million" in text
    assert not off.on_topic and wrong.on_topic
    assert (off.verdict, wrong.verdict) == ("not_found", "contradicted")
    assert Verdict("c", [off]).verdict == "not_found"
    right = SentenceVerdict("It moved 5 million tonnes.", True, 0.9, _cited())
    assert (right.verdict, Verdict("c", [right]).verdict, right.reason) == ("supported", "supported",
                                                                             "the source says so")


def test_a_shortened_or_joined_name_is_the_same_actor():
    from qa.names import present

    context = ("In February 2023, the Central Committee of the Communist Party of China and the State Council "
               "issued the Outline")
    assert present("Central Committee", context)
    assert present("Central Committee of the Party", context)
    assert present("Central Committee and the State Council", context)
    assert not present("Ministry of Education", context)
    assert not present("Central Committee and the Ministry of Education", context)


@pytest.mark.parametrize("claim, evidence, conflict", [
    ("The gap is widening.", "The income gap is constantly narrowing.", ("widening", "narrowing")),
    ("The markup was kept.", "Canceling the drug markup that had been implemented for years.", ("kept", "Canceling")),
    ("Conditions have worsened.", "Housing conditions have significantly improved.", ("worsened", "improved")),
    ("The situation has not been stable.", "The situation has remained stable.", ('"not"', "affirmative")),
    ("The policy was kept.", "The policy was never kept.", ("affirmative", '"never"')),
])
def test_opposites_and_negations_conflict(claim, evidence, conflict):
    from qa.polarity import polarity_conflicts

    assert conflict in polarity_conflicts(claim, evidence)


@pytest.mark.parametrize("claim, evidence", [
    ("The gap is narrowing.", "The income gap is constantly narrowing."),
    ("It is at No. 70 Guang'anmen South Street.", "The department sits at No. 70 Guang'anmen South Street."),
    ("Not only courage is needed.", "Not only do we need courage, but also skill."),
    ("The markup was cancelled.", "Canceling the drug markup that had been implemented for years."),
    ("Cases did not fall.", "Cases did not fall."),
])
def test_same_polarity_is_no_conflict(claim, evidence):
    from qa.polarity import polarity_conflicts

    assert polarity_conflicts(claim, evidence) == []


# --- answer checking without the model: alignment, byline roles, reversed claims, claim files ------------

def test_alignment_tells_additions_from_rewordings_and_swaps():
    from qa.alignment import align

    evidence = "The housing difficulties of new citizens have been alleviated."
    assert align("The housing difficulties of new citizens have been eased.", evidence, evidence).added == []
    added = align("The housing difficulties of new citizens, mostly young graduates, have been alleviated.",
                  evidence, evidence).added
    assert added == ["mostly young graduates"]
    source = "Foreign workers who come to Shanghai to contribute are also the masters of the city."
    assert align(source.replace("Shanghai", "Beijing"), source, source).swapped == [("Beijing", "Shanghai")]


def test_byline_roles():
    from qa.fields import fields, role_conflicts

    found = fields("Edit:Ann Lee\u00a0\u00a0\u00a0\u00a0Responsible editor:Bo Chen")
    assert found == {"Edit": "Ann Lee", "Responsible editor": "Bo Chen"}
    assert role_conflicts("Ann Lee was the responsible editor.", found) == [("Ann Lee", "Bo Chen (Responsible editor)")]
    assert role_conflicts("The piece was edited by Bo Chen.", found) == [("Bo Chen", "Ann Lee (Edit)")]
    assert role_conflicts("The piece was edited by Ann Lee.", found) == []


def test_reversed_claims_seek_what_they_deny():
    from qa.polarity import flipped

    assert flipped("Prices have not fallen.") == "Prices have fallen."
    assert flipped("The gap is widening.") == "The gap is narrow."
    assert flipped("Nothing to turn round here.") is None


def test_claim_files_score_per_kind(tmp_path):
    from qa.claimset import Claim, _by_kind, _confusion, read_claims

    path = tmp_path / "claims.jsonl"
    path.write_text('{"claim": "A.", "supported": true, "verdict": "supported", "kind": "paraphrase"}\n'
                    '{"claim": "B.", "supported": false}\n', encoding="utf-8")
    claims = read_claims(path)
    assert claims == [Claim("A.", True, "supported", "paraphrase"), Claim("B.", False)]
    rows = [{"kind": c.label, "verdict": v, "right": c.right(v)} for c, v in zip(claims, ["not_found", "not_found"])]
    assert _by_kind(rows) == {"paraphrase": {"claims": 1, "accuracy": 0.0}, "false": {"claims": 1, "accuracy": 1.0}}
    assert _confusion(claims, rows)["supported"] == {"supported": 0, "contradicted": 0, "not_found": 1}
    path.write_text('{"claim": "A.", "supported": true, "verdict": "maybe"}\n', encoding="utf-8")
    with pytest.raises(QAError, match="verdict must be one of"):
        read_claims(path)


def test_a_count_of_something_else_does_not_answer_how_many():
    from qa.question import counted

    assert counted("How many hospital beds does China have?") == "beds"
    assert counted("How many firefighters died on duty?") == "firefighters"
    assert counted("What is the rate?") is None
    assert has_type("There are over 220000 firefighters.", "quantity", "firefighters")
    assert not has_type("A hundred meters walk leads to the campus.", "quantity", "children")


def test_a_passage_is_read_under_its_document_title_but_quoted_alone():
    from qa.build import embed_text, lexical_text

    text = "The genome is 31 kb long. It encodes five proteins."
    passage = Passage("papers/bcov.txt", "Genome of a bovine coronavirus", "Results", 4, "body", 0, len(text), text,
                      ((0, 25), (26, len(text))))
    assert embed_text(passage) == f"Genome of a bovine coronavirus. {text}"
    assert embed_text(passage, "It encodes five proteins.") == "It encodes five proteins."  # sentences bare
    assert lexical_text(passage).split("\n") == ["Genome of a bovine coronavirus", "Results", text]
    assert passage.text == text  # what is quoted does not change
