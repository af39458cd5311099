"""What the encoder and BM25 see of a passage: the quoted text stays verbatim, only its representation
carries the passage's role, its document's title and its table cells' names (qa/text/cellnames.py)."""

from __future__ import annotations

from qa.document.passages import Passage
from qa.text.fields import fields, spell_out_byline
from qa.text.rows import under_caption

# How each kind of passage is presented to the encoder. The quoted text stays verbatim; only the
# vector sees the role, so "When was it published?" can find a bare date line.
_ROLE = {"date": "Publication date: {text}", "title": "Title: {text}", "byline": "Byline: {text}"}


def embed_text(p: Passage, span: tuple[int, int] | None = None) -> str:
    """What the encoder sees for a passage (or for ``span``, one of its sentences), its cells named.

    On questions.jsonl the role prefix lifted answer@1 from 0.94 to 0.97 (the publication date was found).
    A body passage is read under its document's title, as a reader sees it: a paper's passages rarely repeat
    what the paper is about ("the virus", "this study"). On covidqa-dev.json (49 papers) that took the right
    paper at rank 1 from 0.838 to 0.844 with unchanged weights. Sentences stay bare: under the title they
    all look alike, and the sentence signal, which picks the answer within a passage, lost 0.004 answer@1.
    Prefixing the section heading changed nothing. (The title passes the window first, so the encoder may
    see a few word pieces less of a passage that fills it; every sentence keeps its own vector.)
    """
    sentence = span is not None
    text = p.view(span).text
    if p.kind == "byline" and not fields(text):
        # A name under the title, no label: who wrote the document that title names ("Who wrote the Pandoc
        # Test Suite?" found nothing in "Byline: John MacFarlane"; real check answer@3 0.914 → 0.929). Its
        # sentence is the whole line, and names nothing a question asks by but the title: it carries it
        # too (a title slide's "Jade Maloney & Emily Verstege" ranked 48th for "Who wrote the talk on
        # <title>?", its passage close at 0.84 and its bare sentence at 0.15).
        role = _ROLE["byline"].format(text=f"written by {text}")
        return f"{p.title}. {role}" if p.title else role
    if p.kind == "byline":
        text = spell_out_byline(text)
    if p.kind in _ROLE:
        return _ROLE[p.kind].format(text=text)
    if under_caption(p.section, text):
        text = f"{p.section}. {text}"  # a table's row under its caption: what its figures count
    return f"{p.title}. {text}" if p.title and not sentence else text


def lexical_text(p: Passage) -> str:
    """What BM25 indexes for a passage: its text under its document's title and section heading, so a
    question naming what the document is about finds its passages, while the quoted text stays the passage
    alone (title in BM25 on covidqa-dev.json: answer@1 0.621 → 0.631)."""
    return "\n".join(part for part in (p.title, p.section, p.view().text) if part)


__all__ = ["embed_text", "lexical_text"]
