"""Claims about a document itself, not about what it says: who wrote or edited it, when it is dated.

Such a claim is checked against the document's front matter (its byline fields, its date line), wherever
retrieval ranked them: the byline and the date are structure, which prose similarity does not find. A date
line alone ("July 17, 2006") is far in meaning from "The Pandoc Test Suite is dated July 17, 2006.", and the
title line beside it is close, so the claim's date was reported as not said.
"""

from __future__ import annotations

from qa.index.generation import Index
from qa.text.fields import claimed_role, fields
from qa.text.figures import dates
from qa.text.terms import terms

# The verbs that date a document ("is dated", "was published", "was issued"), as stems.
_DATING = frozenset({"date", "publish", "issu"})
# What a claim calls the document itself when it does not name its title.
_DOCUMENT = frozenset(
    {"articl", "document", "report", "paper", "book", "stori", "text", "piec", "memo", "letter"}
)


def byline(index: Index, doc: str) -> dict[str, tuple[str, int]]:
    """The byline fields of ``doc``: label → (value, passage row)."""
    rows = (int(r) for r in index.passage_rows(frozenset({doc})))
    return {
        label: (value, row)
        for row in rows
        if index.passages[row].kind == "byline"
        for label, value in fields(index.passages[row].text).items()
    }


def byline_role(index: Index, claim: str, doc: str) -> tuple[str, dict[str, str], int] | None:
    """The byline field a claim about ``doc``'s byline speaks of ("edited by X", "the source is Y"): its
    label, every field's value, and the field's passage row; None when the claim names no field's role or
    no field's value."""
    found = byline(index, doc)
    values = {label: value for label, (value, _) in found.items()}
    role = claimed_role(claim, list(values))
    if role is None or not any(v.lower() in claim.lower() for v in values.values()):
        return None
    return role, values, found[role][1]


def date_line(index: Index, claim: str, doc: str) -> int | None:
    """The row of ``doc``'s date line when the claim dates the document itself: it states a date, uses a
    verb that dates a document, and names nothing but the document (its title's words, or "the article");
    None otherwise."""
    stated = dates(claim)
    said = set(terms(claim)) - {t for d in stated for t in terms(d.text)}
    if not stated or not said & _DATING:
        return None
    rows = [int(r) for r in index.passage_rows(frozenset({doc}))]
    lines = [r for r in rows if index.passages[r].kind == "date"]
    title = set(terms(index.passages[rows[0]].title)) if rows else set()
    if not lines or not said - _DATING <= title | _DOCUMENT:
        return None
    return lines[-1]  # the last date line stands, as the document's metadata takes it


__all__ = ["byline", "byline_role", "date_line"]
