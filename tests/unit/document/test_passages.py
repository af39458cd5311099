"""Paragraphs → passages that fit the window: split on sentences, cut at words, nothing lost."""

from __future__ import annotations

from qa.document.paragraphs import parse
from qa.document.passages import build_passages
from qa.document.source import Document


def words(texts):
    """A stand-in tokenizer: one word piece per whitespace word."""
    return [len(t.split()) for t in texts]


def test_long_paragraph_is_split_on_sentences_and_nothing_is_lost():
    sentence = "The committee reviewed the annual budget of the regional water authority in detail."
    text = "Title line\n\n" + " ".join([sentence] * 30) + "\n"
    layout = parse(Document("long.txt", text, "x"))
    passages = build_passages(layout, max_tokens=60, count=words)
    body = [p for p in passages if p.kind == "body"]
    assert len(body) > 1
    assert all(words([p.text])[0] <= 58 for p in body)
    covered = "".join(text[s:e] for p in body for s, e in p.sentences)
    assert covered.replace(" ", "") == text.split("\n\n", 1)[1].strip().replace(" ", "")


def test_a_sentence_longer_than_the_window_is_cut_at_words_not_truncated():
    giant = " ".join(f"word{i}" for i in range(500)) + "."
    layout = parse(Document("giant.txt", "Heading\n\n" + giant + "\n", "x"))
    passages = [p for p in build_passages(layout, max_tokens=100, count=words) if p.kind == "body"]
    assert all(words([p.text])[0] <= 98 for p in passages)
    assert " ".join(p.text for p in passages) == giant


LETTER = (
    "Our reference 350 of the eighteenth of January, written to introduce the facility of facsimile "
    "transmission to a surveyor who may have uses for it.\n\n"
    "Dr. P.N. Cundall,\n\nMining Surveys Ltd.,\n\nHolroyd Road,\n\nReading,\n\nBerks.\n\n"
    "Permit me to introduce you to the facility of facsimile transmission, which sends a page over a line "
    "and prints it again at the far end, faithfully and quickly.\n"
)


def test_consecutive_short_lines_are_one_passage_cited_by_their_paragraphs():
    layout = parse(Document("letter.txt", LETTER, "x"))
    passages = build_passages(layout, max_tokens=256, count=words)
    address = next(p for p in passages if "Cundall" in p.text)
    assert address.text == "Dr. P.N. Cundall,\n\nMining Surveys Ltd.,\n\nHolroyd Road,\n\nReading,\n\nBerks."
    assert address.text == LETTER[address.start : address.end]  # verbatim, by offsets
    assert address.sentences[-1] == (address.end - len("Berks."), address.end)  # each line's sentences
    assert (address.paragraph, address.through) == (2, 6)
    assert address.place == "¶2–6"
    prose = [p for p in passages if "facsimile" in p.text]
    assert len(prose) == 2 and all(p.through is None for p in prose)  # long paragraphs stand alone


def test_a_block_of_lines_is_cut_to_the_readers_window_and_loses_no_line():
    lines = [f"Line {i} of the stanza here," for i in range(60)]
    text = "A poem of sixty lines, each of them short, follows here in full for the test below.\n\n"
    text += "\n\n".join(lines) + "\n"
    layout = parse(Document("poem.txt", text, "x"))
    passages = build_passages(layout, max_tokens=256, count=words)
    assert len(passages) > 1 and all(words([p.text])[0] <= 96 for p in passages)
    assert [text[a:b] for p in passages[1:] for a, b in p.sentences] == lines


def test_table_rows_and_other_pages_never_join_a_block():
    rows = "The staff list, as the office kept it in the spring of that year.\n\nName | Age\n\nAda | 36\n\nAlan | 41\n"
    layout = parse(Document("rows.txt", rows, "x"))
    assert all(p.through is None for p in build_passages(layout, max_tokens=256, count=words))
    text = "The first page opens with a sentence that is long enough to be read as prose, not a line.\n\nFirst page line,\n\nSecond page line,\n"
    paged = Document("two.txt", text, "x", pages=(0, text.index("Second")))
    passages = build_passages(parse(paged), max_tokens=256, count=words)
    assert [p.text for p in passages][1:] == ["First page line,", "Second page line,"]
