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
