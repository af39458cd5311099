"""Passages fit the model window, keep exact offsets, and lose nothing."""

from __future__ import annotations

from qa.paragraphs import parse
from qa.passages import SPECIAL_TOKENS, build_passages
from qa.sentences import split, split_spans
from qa.source import Document
from tests.conftest import ARTICLE


def words(texts):
    """A stand-in tokenizer: one word piece per whitespace word."""
    return [len(t.split()) for t in texts]


def test_sentence_splitter_keeps_abbreviations_and_offsets():
    text = ("On April 16, 2018, at No. 70 Guang'anmen South Street, it opened. Dr. Li spoke at the opening "
            "ceremony; Reform went on.")
    assert split(text) == [
        "On April 16, 2018, at No. 70 Guang'anmen South Street, it opened.",
        "Dr. Li spoke at the opening ceremony;",
        "Reform went on.",
    ]
    # The parts of an author or reference list are not clauses: their semicolons end nothing.
    authors = "Authors: Liu, Shan-Lu; Saif, Linda J.; Weiss, Susan R.; Su, Lishan"
    assert split(authors) == [authors]
    for s, e in split_spans(text):
        assert text[s:e].strip() == text[s:e]


def test_article_passages_fit_the_real_model_window(embedder):
    text = ARTICLE.read_text(encoding="utf-8")
    passages = build_passages(parse(Document(ARTICLE.name, text, "x")), embedder.max_tokens, embedder.count_tokens)
    assert passages
    sizes = embedder.count_tokens([p.text for p in passages])
    assert max(sizes) <= embedder.max_tokens - SPECIAL_TOKENS
    for p in passages:
        assert text[p.start : p.end] == p.text
        assert all(p.start <= s < e <= p.end for s, e in p.sentences)


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
