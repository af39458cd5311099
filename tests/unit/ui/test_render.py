"""Rendering: verbatim quotes, escaped HTML, short citations, verdict labels."""

from __future__ import annotations

from qa.answer.compose import Answer
from qa.document.passages import Passage
from qa.retrieve.cited import Cited
from qa.ui.render.chat import chat_reply
from qa.ui.render.cite import chip, citation, rank_of_chip, short_title
from qa.ui.render.html import sources_html, viewer_html
from qa.ui.render.text import answer_text, verdict_text
from qa.verify.verdict import Mismatch, SentenceVerdict, Verdict

TEXT = "Intro line. The harbour moved <b>5</b> million tonnes. Closing line."


def _cited(rank: int = 1) -> Cited:
    from qa.text.sentences import split_spans

    spans = tuple(split_spans(TEXT, 100))
    passage = Passage(
        "docs/harbour.txt",
        "Harbour report: a very long subtitle " + "x" * 80,
        "Cargo",
        3,
        "body",
        100,
        100 + len(TEXT),
        TEXT,
        spans,
    )
    return Cited(rank, 0.8123, passage, spans[1])


def test_cited_parts_split_the_passage_around_its_answering_sentence():
    before, hit, after = _cited().parts()
    assert (before, hit, after) == (
        "Intro line. ",
        "The harbour moved <b>5</b> million tonnes.",
        " Closing line.",
    )
    assert before + hit + after == TEXT


def test_renderers_quote_verbatim_escape_html_and_cite_short_titles():
    cited = _cited()
    answer = Answer(question="How much cargo?", answerable=True, cited=[cited], answering=frozenset({1}))
    assert short_title(cited.passage.title) == "Harbour report"
    assert citation(cited) == "Harbour report › Cargo, ¶3"
    assert "**The harbour moved <b>5</b> million tonnes.**" in answer_text(answer)
    html = sources_html(answer) + viewer_html("y" * 100 + TEXT, "Harbour", cited)
    assert "<b>5</b>" not in html and "&lt;b&gt;5&lt;/b&gt;" in html
    assert "<mark class='qa-answer'>" in html and "id='qa-cited'" in html
    assert "**The source does not answer this.**" in chat_reply(
        Answer(question="q", answerable=False, cited=[cited])
    )
    assert r"&lt;b&gt;5&lt;/b&gt;" in chat_reply(answer)


def test_a_chip_says_which_document_which_page_and_which_section():
    from dataclasses import replace

    cited = _cited(2)
    assert chip(cited) == "[2] docs/harbour.txt · ¶3 · Cargo"
    on_page = replace(
        cited,
        passage=replace(cited.passage, doc="redp5110_sampled.pdf", page=20, section="1.2 Row access control"),
    )
    assert chip(on_page) == "[2] redp5110_sampled.pdf · p. 20 · 1.2 Row access control"
    assert rank_of_chip(chip(on_page)) == 2


def test_passages_that_do_not_answer_are_folded_and_never_marked_as_answers():
    from dataclasses import replace

    answering, other = _cited(1), _cited(2)
    bare = replace(_cited(3), passage=replace(_cited(3).passage, text="2024-07-02", kind="date"))
    answer = Answer(
        question="How much cargo?", answerable=True, cited=[answering, other, bare], answering=frozenset({1})
    )
    html = sources_html(answer)
    head, fold = html.split("<details", 1)
    assert head.count("<mark class='qa-answer'>") == 1 and "[1] docs/harbour.txt" in head
    assert (
        "More passages (1): these do not answer" in fold and "qa-not-answer" in fold and "<mark" not in fold
    )
    assert "2024-07-02" not in html  # a bare date line is no context
    reply = chat_reply(answer)
    assert reply.count("harbour moved") == 1 and "2 more passages under Sources, folded" in reply
    nothing = Answer(question="Who won the cup?", answerable=False, cited=[other, bare])
    reply = chat_reply(nothing)
    assert reply.startswith("**The source does not answer this.**") and "harbour" not in reply
    assert "Closest passages (1): these do not answer" in sources_html(nothing)


def test_a_cut_question_is_said_in_the_reply():
    answer = Answer(
        question="q",
        answerable=True,
        cited=[_cited()],
        notice="the question was 26,000 characters long; only the first 2,000 were used",
        answering=frozenset({1}),
    )
    assert chat_reply(answer).startswith("*Note: the question was 26,000 characters long")


def test_verdict_text_labels_closest_passages_and_mismatches():
    off = SentenceVerdict("The Moon is made of cheese.", False, 0.2, _cited())
    wrong = SentenceVerdict(
        "It moved 9 million tonnes.", False, 0.8, _cited(), [Mismatch("9 million", "5 million")]
    )
    text = verdict_text(Verdict("claim", [off, wrong]))
    assert text.startswith("CONTRADICTED: claim")
    assert "closest, not evidence" in text and "mismatch  claim: 9 million; source: 5 million" in text
    assert "? not found" in text and "nothing in the source says this" in text
    assert "✘ contradicted" in text and "the source says otherwise: 9 million ≠ 5 million" in text
    assert not off.on_topic and wrong.on_topic
    assert (off.verdict, wrong.verdict) == ("not_found", "contradicted")
    assert Verdict("c", [off]).verdict == "not_found"
    right = SentenceVerdict("It moved 5 million tonnes.", True, 0.9, _cited())
    assert (right.verdict, Verdict("c", [right]).verdict, right.reason) == (
        "supported",
        "supported",
        "the source says so",
    )


def test_chips_are_numbered_as_the_page_shows_them():
    from qa.answer.compose import Answer
    from qa.document.passages import Passage
    from qa.retrieve.cited import Cited
    from qa.ui.render.cite import chip, numbered

    def cited(rank: int, text: str) -> Cited:
        p = Passage("a.txt", "A", None, rank, "body", 100 * rank, 100 * rank + len(text), text,
                    ((100 * rank, 100 * rank + len(text)),))  # fmt: skip
        return Cited(rank, 0.5, p, p.sentences[0])

    date = cited(1, "2024-07-02")  # bare: not shown as context
    prose = [cited(r, "The harbour keeps seventeen tugboats ready for winter.") for r in (2, 3)]
    answer = Answer(question="q?", answerable=False, cited=[date, *prose], reason="nothing close enough")
    shown = numbered(answer)
    assert [chip(c).split("]")[0] for c in shown.cited[:2]] == ["[1", "[2"]  # not [2], [3]
    assert shown.cited[-1].passage == date.passage and answer.to_json()["passages"][0]["rank"] == 1
