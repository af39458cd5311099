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


def expected_type(question: str) -> str | None:
    """"quantity", "time" or None (any answer will do)."""
    if _TIME_Q.search(question):
        return "time"
    if _QUANTITY_Q.search(question):
        return "quantity"
    return None


def has_type(text: str, kind: str | None) -> bool:
    """Does ``text`` contain something of the expected kind?"""
    if kind == "quantity":
        return bool(_HAS_NUMBER.search(_NOT_A_COUNT.sub(" ", text)))
    if kind == "time":
        return bool(_HAS_TIME.search(text))
    return True
