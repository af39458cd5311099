"""What kind of answer a question expects, so an answer without one is not passed off as an answer.

A "how many" question is not answered by a sentence without a number, nor a "when" question by a
sentence without a date. These are properties of English interrogatives, not of any listed question.
"""

from __future__ import annotations

import re

_QUANTITY_Q = re.compile(
    r"\bhow\s+(many|much|long|old|far|big|large|often|high|tall)\b"
    r"|\bwhat\s+(is\s+the\s+|was\s+the\s+)?(percentage|percent|proportion|share|number|amount|rate|size|"
    r"population|cost|price|total)\b",
    re.IGNORECASE,
)
_TIME_Q = re.compile(
    r"^\W*when\b|\bwhat\s+(year|date|month|day|time|decade|century)\b|\b(in|on)\s+which\s+(year|date|day|month)\b",
    re.IGNORECASE,
)
_MONTHS = (r"january|february|march|april|may|june|july|august|september|october|november|december|"
           r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
                 r"hundred|thousand|million|billion|trillion|dozen|half|double|twice")
_HAS_NUMBER = re.compile(rf"\d|\b({_NUMBER_WORDS})\b", re.IGNORECASE)
# Digits that name rather than count: ordinals ("19th"), numbered names ("No. 7", "No.70") and years.
# A "how many" question is not answered by a sentence whose only digits are of this kind.
_NOT_A_COUNT = re.compile(r"\b\d+(?:st|nd|rd|th)\b|\bno\.\s*\d+\b|\b(?:1[5-9]|20)\d\d\b", re.IGNORECASE)
_HAS_TIME = re.compile(
    rf"\b(1[5-9]\d\d|20\d\d)\b|\b({_MONTHS})\b|\b\d{{1,2}}(st|nd|rd|th)\b|\b(yesterday|today|century|decade)\b",
    re.IGNORECASE,
)


def _names(text: str, thing: str) -> bool:
    from qa.lexical import _stem, term_set

    return _stem(thing) in term_set(text)


def expected_type(question: str) -> str | None:
    """"quantity", "time" or None (any answer will do)."""
    if _TIME_Q.search(question):
        return "time"
    if _QUANTITY_Q.search(question):
        return "quantity"
    return None


# "How many hospital beds does…": the counted thing is the first plural noun after "how many" (within a few
# words), or the first word. A count of something else ("a hundred meters", "three levels") does not answer.
_HOW_MANY = re.compile(r"\bhow\s+many\s+([\w'-]+(?:\s+[\w'-]+){0,3})", re.IGNORECASE)
_PLURAL = re.compile(r"^(?:[a-z'-]+[^s']s|people|children|men|women|staff|personnel|police|cattle)$")


def counted(question: str) -> str | None:
    """The thing a "how many" question counts ("beds" in "How many hospital beds…"), or None."""
    match = _HOW_MANY.search(question)
    if not match:
        return None
    words = [w.lower() for w in match.group(1).split()]
    return next((w for w in words if _PLURAL.match(w)), words[0])


def has_type(text: str, kind: str | None, thing: str | None = None) -> bool:
    """Does ``text`` contain something of the expected kind (and, for a count, name the thing counted)?"""
    if kind == "quantity":
        if thing and not _names(text, thing):
            return False
        return bool(_HAS_NUMBER.search(_NOT_A_COUNT.sub(" ", text)))
    if kind == "time":
        return bool(_HAS_TIME.search(text))
    return True
