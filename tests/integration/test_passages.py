"""The article's passages fit the real model's window."""

from __future__ import annotations

from qa.document.paragraphs import parse
from qa.document.passages import SPECIAL_TOKENS, build_passages
from qa.document.source import Document
from tests.conftest import ARTICLE


def test_article_passages_fit_the_real_model_window(embedder):
    text = ARTICLE.read_text(encoding="utf-8")
    passages = build_passages(
        parse(Document(ARTICLE.name, text, "x")), embedder.max_tokens, embedder.count_tokens
    )
    assert passages
    sizes = embedder.count_tokens([p.text for p in passages])
    assert max(sizes) <= embedder.max_tokens - SPECIAL_TOKENS
    for p in passages:
        assert text[p.start : p.end] == p.text
        assert all(p.start <= s < e <= p.end for s, e in p.sentences)
