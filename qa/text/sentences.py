"""Paragraph text → sentence spans. Sentences are what gets highlighted and what a claim is checked
against."""

from __future__ import annotations

import re

# Words that end with a period without ending a sentence ("No. 70 Guang'anmen South Street"), including
# titles and ranks that stand before a name ("Rev. Paul T. Stallsworth", "Gen. Lee", "Mt. Everest").
_ABBREVIATIONS = frozenset(
    "no nos mr mrs ms dr prof st jr sr vs etc e.g i.e inc ltd co corp art fig figs vol pp approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k gov dept est "
    "rev gen sen rep col lt capt cmdr adm maj sgt cpl pvt hon fr pres supt insp mt ft messrs mme mlle "
    "ave blvd rd no. cf al ed eds ca".split()
)
# A semicolon ends a sentence only after an independent clause of at least this many words: "…; Capital"
# in official prose, not the parts of an author or reference list ("Liu, Shan-Lu; Saif, Linda J.; …").
MIN_CLAUSE_WORDS = 5
# A boundary: terminal punctuation (plus closing quotes/brackets), then space, then an opening capital,
# digit or quote. Semicolons followed by a capital also end a sentence: translated official prose uses
# "; Capital" between independent sentences, and a shorter highlight is a more exact citation.
_BOUNDARY = re.compile(r"(?:[.!?。！？]+|…+|;)[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9\u4e00-\u9fff])")
# A list item's number or letter alone at the start of a line or of a table cell ("vii. Food Poisoning",
# "4. The committee"): it opens the item and ends no sentence.
_ENUMERATOR = re.compile(r"^\(?(?:\d{1,3}|[ivx]{1,5}|[a-z])[.)]$", re.IGNORECASE)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation or an initial rather than a sentence."""
    if text[dot] != ".":
        return False
    word = re.search(r"([\w.]+)$", text[:dot])
    if not word:
        return False
    token = word.group(1).lower()
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _opens_item(sentence: str) -> bool:
    """Whether the sentence so far ends in an item's enumerator alone in its line or table cell."""
    return bool(_ENUMERATOR.match(re.split(r"[|\n]", sentence)[-1].strip()))


def split_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence in ``text``, shifted by ``offset``; whitespace is never included."""
    spans, start = [], 0
    for match in _BOUNDARY.finditer(text):
        if _is_abbreviation(text, match.start()) or _opens_item(text[start : match.end()]):
            continue
        clause = text[start : match.start()].rsplit(";", 1)[-1]  # since the last semicolon, kept or not
        if match.group(0).startswith(";") and len(clause.split()) < MIN_CLAUSE_WORDS:
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s + offset, e + offset))
    return out


def split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_spans(text)]
