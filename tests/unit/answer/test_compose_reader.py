"""Which read passage leads the answer."""

from __future__ import annotations

import qa.answer.compose as compose
from qa.answer.compose import _order


def test_without_rerank_retrievals_order_stays_unless_no_shown_passage_answers(monkeypatch):
    monkeypatch.setattr(compose, "RERANK", False)
    assert _order([0, 2], [0.5, 0.1, 0.9], k=3) == [0, 1, 2]
    assert _order([2], [0.1, 0.2, 0.9], k=1) == [2, 0, 1]  # k=1 would otherwise show no answering passage
    assert _order([], [0.1, 0.2, 0.3], k=1) == [0, 1, 2]


def test_with_rerank_the_answering_passages_lead_surest_first(monkeypatch):
    monkeypatch.setattr(compose, "RERANK", True)
    assert _order([0, 2], [0.5, 0.1, 0.9], k=3) == [2, 0, 1]


def test_an_answer_never_runs_from_one_line_of_a_block_into_the_next():
    text = "From: Octavia Togami <o@example.org>\n\nTo: linux-btrfs@vger.kernel.org"
    offset = 100
    start = offset + text.index("Octavia")
    cut = compose._one_line(text, offset, (start, offset + len(text)))
    assert text[cut[0] - offset : cut[1] - offset] == "Octavia Togami <o@example.org>"
    within = (start, start + len("Octavia Togami"))
    assert compose._one_line(text, offset, within) == within  # a span within one line stays as it is


def test_an_answer_never_ends_on_half_a_quotation():
    text = 'In 2021 the State Council issued the "Outline for Building a Quality Strong Country" in February.'
    offset = 40
    title = offset + text.index("Outline")

    def quoted(a: int, b: int) -> str:
        start, end = compose._unquoted(text, offset, (a, b))
        return text[start - offset : end - offset]

    after = offset + text.index('" in') + 1
    assert quoted(title, after) == "Outline for Building a Quality Strong Country"  # the closing mark goes
    assert quoted(title - 1, after - 1) == "Outline for Building a Quality Strong Country"  # the opening one
    assert quoted(title - 1, after) == '"Outline for Building a Quality Strong Country"'  # a whole quotation
    plural = "the farmers' incomes"
    assert compose._unquoted(plural, 0, (4, 12)) == (4, 12)  # an apostrophe is not a quotation mark


def test_a_block_of_lines_is_read_whole_and_a_paragraph_around_its_best_sentence():
    from qa.document.passages import Passage
    from qa.retrieve.cited import Cited

    lines = ["Total Cost", "Direct Labor: $5,724", "Parts: $325", "Total Cost of Project: $8,962"]
    text = "\n\n".join(lines)
    spans = tuple((text.index(line), text.index(line) + len(line)) for line in lines)
    block = Passage("deck.pptx", "Deck", None, 4, "body", 0, len(text), text, spans, through=7)
    cited = Cited(rank=1, score=0.5, passage=block, highlight=spans[0])
    assert compose._window(cited).text == text  # the figures under the slide's title are read with it
    prose = Passage("deck.pptx", "Deck", None, 4, "body", 0, len(text), text, spans)
    assert (
        compose._window(Cited(rank=1, score=0.5, passage=prose, highlight=spans[0])).text
        == text[: spans[1][1]]
    )


def test_a_span_with_no_text_becomes_the_sentence_it_stands_in():
    # The reader may mark a table cell's name ("Person Total"), which the view shows and the document does
    # not hold: mapped back it is empty, and the answer is then the row it stands in, never "".
    from qa.document.passages import Passage

    rows = ["Dhemaji — 92.9 | 92.8", "Dhubri — 87.3 | 86.9"]
    text = "\n".join(rows)
    spans = ((0, len(rows[0])), (len(rows[0]) + 1, len(text)))
    p = Passage("t.pdf", "T", None, 3, "body", 0, len(text), text, spans)
    at = text.index("92.9")
    assert compose._quotable(p, (at, at)) == spans[0]
    assert compose._quotable(p, (at, at + 4)) == (at, at + 4)  # a span of text stays
