"""What kind of answer a question expects, so an answer without one is not passed off as an answer.

A "how many" question is not answered by a sentence without a number, a "when" question by a sentence
without a date, nor "what is the price of…" by one without a sum of money; a question about 2023 is not
answered by a passage that never names 2023. These are properties of English interrogatives, not of any
listed question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.text.terms import MONTH_NUMBERS, names_word

_QUANTITY_Q = re.compile(r"\bhow\s+(many|much|long|old|far|big|large|often|high|tall)\b", re.IGNORECASE)
_TIME_Q = re.compile(
    r"^\W*when\b|\bwhat\s+(year|date|month|day|time|decade|century)\b|\b(in|on)\s+which\s+(year|date|day|month)\b",
    re.IGNORECASE,
)
# "How much does it cost", "how much was paid": a sum of money, not any figure.
_MONEY_Q = re.compile(r"\bhow\s+much\b.*\b(cost|costs|pay|paid|spend|spent|earn|earns|earned|charge|charged|worth)\b",
                      re.IGNORECASE)
# The thing a what/which question asks for: the last word of "what is the [..] X of…" ("the average life
# expectancy in…" → expectancy) or of "what [..] X is/are/was…" ("what fines are imposed" → fines).
_AUX = r"(?:is|was|are|were|do|does|did|has|have|had|can|could|will|would|should|may|might|must)"
_PREPOSITIONS = r"(?:of|in|for|on|at|to|from|between|among|during|by|with|after|per)"
_ASKED_THE = re.compile(
    rf"\b(?:what|which)\s+{_AUX}\s+(?:the|a|an)\s+((?:[\w'-]+\s+){{0,3}}?[\w'-]+)"
    rf"(?=\s*(?:\b(?:{_PREPOSITIONS}|that|which|when)\b|[?,.]|$))",
    re.IGNORECASE,
)
_ASKED_WHAT = re.compile(rf"\b(?:what|which)\s+((?:[\w'-]+\s+){{0,3}}?[\w'-]+)\s+{_AUX}\b", re.IGNORECASE)
_ASKED_FIRST = re.compile(rf"\b(?:what|which)\s+(?!{_AUX}\b)([\w'-]+)", re.IGNORECASE)
_PREPOSITION = re.compile(rf"\s+{_PREPOSITIONS}\s.*", re.IGNORECASE)  # "percentage of deaths" → percentage
# Asked-for things whose answer is a figure, or a sum of money: "the unemployment rate", "the price of…".
_QUANTITY_HEADS = frozenset(
    "percentage percent proportion share number amount rate size population total length distance "
    "duration weight height volume count".split())
_MONEY_HEADS = frozenset(
    "price prices cost costs budget budgets fee fees fine fines salary salaries wage wages income revenue "
    "revenues spending expenditure expenditures funding".split())
_MONTHS = "|".join(MONTH_NUMBERS)
_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
                 r"hundred|thousand|million|billion|trillion|dozen|half|double|twice")
_HAS_NUMBER = re.compile(rf"\d|\b({_NUMBER_WORDS})\b", re.IGNORECASE)
# Digits that name rather than count: ordinals ("19th"), numbered names ("No. 7", "No.70") and years.
# A "how many" question is not answered by a sentence whose only digits are of this kind.
_YEAR_DIGITS = r"(?:1[5-9]|20)\d\d"
_NOT_A_COUNT = re.compile(rf"\b\d+(?:st|nd|rd|th)\b|\bno\.\s*\d+\b|\b{_YEAR_DIGITS}\b", re.IGNORECASE)
# A year, a decade ("1990s"), a month (which covers "June 13th"), or a named span. A bare ordinal is not a date:
# "the 18th Central Committee" does not say when anything happened.
_HAS_TIME = re.compile(
    rf"\b{_YEAR_DIGITS}s?\b|\b({_MONTHS})\b|\b(yesterday|today|century|decade)\b",
    re.IGNORECASE,
)
# A sum of money: a currency sign or the name of a currency.
_HAS_MONEY = re.compile(
    r"[$€£¥₹]|\b(yuan|rmb|cny|usd|eur|gbp|dollars?|euros?|pounds?|yen|rupees?|francs?|pesos?|cents?)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(rf"\b{_YEAR_DIGITS}\b")


def asked_for(question: str) -> str | None:
    """The thing a what/which question asks for ("price" in "What is the price of a ticket?"), lower case."""
    match = _ASKED_THE.search(question) or _ASKED_WHAT.search(question) or _ASKED_FIRST.search(question)
    return _PREPOSITION.sub("", match.group(1) + " ").split()[-1].lower() if match else None


def expected_type(question: str, thing: str | None = None) -> str | None:
    """"time", "money", "quantity" or None (any answer will do); ``thing`` is ``asked_for(question)``, when known."""
    if _TIME_Q.search(question):
        return "time"
    thing = thing or asked_for(question)
    if _MONEY_Q.search(question) or thing in _MONEY_HEADS:
        return "money"
    if _QUANTITY_Q.search(question) or thing in _QUANTITY_HEADS:
        return "quantity"
    return None


def years(question: str) -> frozenset[str]:
    """Years a question names ("in 2023"): a passage that names none of them answers another year's question."""
    return frozenset(_YEAR.findall(question))


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
        if thing and not names_word(text, thing):
            return False
        return bool(_HAS_NUMBER.search(_NOT_A_COUNT.sub(" ", text)))
    if kind == "time":
        return bool(_HAS_TIME.search(text))
    if kind == "money":
        return bool(_HAS_MONEY.search(text))
    return True


@dataclass(frozen=True)
class Asked:
    """What a question asks for, read once: the kind of answer, the thing counted or asked about, the years."""

    kind: str | None  # "time", "money", "quantity" or None (see ``expected_type``)
    counted: str | None  # the thing a "how many" question counts
    thing: str | None  # the thing a what/which question asks for
    years: frozenset[str]

    def holds(self, text: str) -> bool:
        """Does ``text`` hold an answer of the kind asked (for a count, one that names the thing counted)?"""
        return has_type(text, self.kind, self.counted)

    def about_years(self, text: str) -> bool:
        """Does ``text`` name one of the years asked about (or the question names none)?"""
        return not self.years or any(year in text for year in self.years)

    def names_thing(self, text: str) -> bool:
        """Does ``text`` use the word for the thing asked for (or the question asks for no thing)?"""
        return not self.thing or names_word(text, self.thing)


def analyse(question: str) -> Asked:
    """The question's kind, counted thing, asked thing and years, each derived once."""
    thing = asked_for(question)
    return Asked(expected_type(question, thing), counted(question), thing, years(question))
