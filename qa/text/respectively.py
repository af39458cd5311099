""" "A, B and C cover X, Y and Z, respectively": the figure that goes with the item a question asks about.

A reader trained on single answers marks the whole list of figures, one of them, or another figure of the
same sentence. English pairs the
two lists by position, so the item the question names (by a word no other item uses) picks the figure at
its place. Items are cut to the length of an inner item, which drops the lead-in before the first one ("The
number of people covered by") and the verb after the last one ("… reached").
"""

from __future__ import annotations

import re

from qa.text.sentences import split_spans
from qa.text.terms import terms

_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
# A figure with its scale or percent sign: "1.334 billion", "95%", "$3.2 million".
_FIGURE = re.compile(
    r"(?:[$€£¥]\s?)?\d[\d,.]*\d?"
    r"(?:\s?(?:%|percent\b|per cent\b|(?:hundred|thousand|million|billion|trillion)\b))?"
)
_BETWEEN = re.compile(r"^\s*(?:,\s*)?(?:and\s+|or\s+)?$")  # what stands between two figures of one list
_ITEM_SEPARATOR = re.compile(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+")
# Words an item keeps when no inner item gives its length ("A and B …, respectively").
ITEM_WORDS = 3


def respective(question: str, text: str, offset: int, span: tuple[int, int]) -> tuple[int, int]:
    """``span`` (document offsets; ``text`` starts at ``offset``) moved to the figure the question's item
    goes with, when it falls in a "respectively" list of figures; else ``span`` unchanged."""
    for a, b in split_spans(text):
        if a <= span[0] - offset < b:
            moved = _pair(question, text[a:b], span[0] - offset - a, span[1] - offset - a)
            return (offset + a + moved[0], offset + a + moved[1]) if moved else span
    return span


def _pair(question: str, sentence: str, start: int, end: int) -> tuple[int, int] | None:
    said = _RESPECTIVELY.search(sentence)
    if not said:
        return None
    chain = _figure_chain(sentence[: said.start()])
    if len(chain) < 2:
        return None
    inside = start < chain[-1][1] and end > chain[0][0]
    if not inside and not _FIGURE.fullmatch(sentence[start:end].strip()):
        return None
    items = _items(sentence[: chain[0][0]], len(chain))
    if items is None:
        return None
    asked = set(terms(question))
    bags = [set(terms(item)) for item in items]
    own = [
        bag - set().union(*(other for j, other in enumerate(bags) if j != i)) for i, bag in enumerate(bags)
    ]
    # Inside the list, the item the question shares most words with; a figure of the same sentence outside
    # it moves only to an item whose every own word the question uses ("unemployment", not "basic" for
    # "basic medical insurance" against "basic pension").
    hits = [len(bag & asked) if inside or bag <= asked else 0 for bag in own]
    best = max(hits)
    if best == 0 or hits.count(best) > 1:
        return None
    return chain[hits.index(best)]


def _figure_chain(text: str) -> list[tuple[int, int]]:
    """The last run of figures joined only by commas and "and": the list "respectively" closes."""
    figures = [m.span() for m in _FIGURE.finditer(text)]
    chain: list[tuple[int, int]] = []
    for span in figures:
        if chain and _BETWEEN.match(text[chain[-1][1] : span[0]]):
            chain.append(span)
        else:
            chain = [span]
    return chain


def _items(text: str, n: int) -> list[str] | None:
    """The ``n`` items listed last before the figures, each cut to an inner item's length."""
    parts = [p for p in _ITEM_SEPARATOR.split(text.strip()) if p.strip()]
    if len(parts) < n:
        return None
    items = parts[-n:]
    length = max((len(p.split()) for p in items[1:-1]), default=ITEM_WORDS)
    items[0] = " ".join(items[0].split()[-length - 1 :])
    items[-1] = " ".join(items[-1].split()[: length + 1])
    return items


__all__ = ["respective"]
