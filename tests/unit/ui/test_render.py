"""Rendering: verbatim quotes, escaped HTML, short citations, verdict labels."""

from __future__ import annotations

from qa.answer.compose import Answer
from qa.ingest.passages import Passage
from qa.retrieve.cited import Cited
from qa.ui.render.chat import chat_reply
from qa.ui.render.cite import citation, short_title
from qa.ui.render.html import sources_html, viewer_html
from qa.ui.render.text import answer_text, verdict_text
from qa.verify.verdict import Mismatch, SentenceVerdict, Verdict

TEXT = "Intro line. The harbour moved <b>5</b> million tonnes. Closing line."


def _cited(rank: int = 1) -> Cited:
    from qa.text.sentences import split_spans

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
