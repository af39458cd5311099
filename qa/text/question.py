"""What kind of answer a question expects, so an answer without one is not passed off as an answer.

A "how many" question is not answered by a sentence without a number, a "when" question by a sentence
without a date, nor "what is the price of…" by one without a sum of money, nor "how much memory…" by a figure
in GHz; a question about 2023 (or "LibreOffice 7") is not answered by a passage that never names 2023 (or 7).
These are properties of English interrogatives, not of any listed question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.text.figures import quantities
from qa.text.terms import names_word
from qa.text.vocabulary import (
    ASKING_AUXILIARIES,
    LETTER,
    MONTH_NUMBERS,
    NUMBER_WORDS,
    SMALL_NUMBERS,
    YEAR_ASKED,
)

_QUANTITY_Q = re.compile(r"\bhow\s+(many|much|long|old|far|big|large|often|high|tall)\b", re.IGNORECASE)
_TIME_Q = re.compile(
    r"^\W*when\b|\bwhat\s+(year|date|month|day|time|decade|century)\b|\b(in|on)\s+which\s+(year|date|day|month)\b",
    re.IGNORECASE,
)
# "How much does it cost", "how much was paid": a sum of money, not any figure.
_MONEY_Q = re.compile(
    r"\bhow\s+much\b.*\b(cost|costs|pay|paid|spend|spent|earn|earns|earned|charge|charged|worth)\b",
    re.IGNORECASE,
)
# The thing a what/which question asks for: the last word of "what is the [..] X of…" ("the average life
# expectancy in…" → expectancy) or of "what [..] X is/are/was…" ("what fines are imposed" → fines).
_AUX = "(?:" + "|".join(ASKING_AUXILIARIES) + ")"
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
    "duration weight height volume count".split()
)
_MONEY_HEADS = frozenset(
    "price prices cost costs budget budgets fee fees fine fines salary salaries wage wages income revenue "
    "revenues spending expenditure expenditures funding".split()
)
_MONTHS = "|".join(MONTH_NUMBERS)
_NUMBER_WORDS = "|".join(NUMBER_WORDS)
_HAS_NUMBER = re.compile(rf"\d|\b({_NUMBER_WORDS})\b", re.IGNORECASE)
# Digits that name rather than count: ordinals ("19th"), numbered names ("No. 7", "No.70") and years.
# A "how many" question is not answered by a sentence whose only digits are of this kind.
_YEAR_DIGITS = YEAR_ASKED
_NOT_A_COUNT = re.compile(rf"\b\d+(?:st|nd|rd|th)\b|\bno\.\s*\d+\b|\b{_YEAR_DIGITS}\b", re.IGNORECASE)
# A year, a decade ("1990s"), a month (which covers "June 13th"), or a named span. A bare ordinal is not a
# date:
# "the 18th Central Committee" does not say when anything happened.
_HAS_TIME = re.compile(rf"(?i)\b{_YEAR_DIGITS}s?\b|\b({_MONTHS})\b|\b(yesterday|today|century|decade)\b")
# A sum of money: a currency sign or the name of a currency.
_HAS_MONEY = re.compile(
    r"[$€£¥₹]|\b(yuan|rmb|cny|usd|eur|gbp|dollars?|euros?|pounds?|yen|rupees?|francs?|pesos?|cents?)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(rf"\b{_YEAR_DIGITS}\b")
# A figure a question names, besides years: a version or a size that picks out the thing asked about
# ("LibreOffice 7", "a 1/4 inch bolt", "Windows 3.1"). Ordinals ("19th") are not.
_NAMED_FIGURE = re.compile(r"(?<![\w.,/])\d+(?:[.,/]\d+)*(?![\w]|[.,/]\d)")
# A figure inside a word is part of a name or of code ("COVID-19", "alert(3)", "H2O"), which the passage
# matches as words: only a figure standing as a word of its own is checked.
_LETTER = re.compile(LETTER)
# "What 2 critics…", "which 3 musicians": the figure counts the answer's items, which the passage lists.
_HOW_MANY_LISTED = re.compile(r"\b(?:what|which|name)\s+\d+\b", re.IGNORECASE)
_SMALL_NUMBERS = SMALL_NUMBERS
# What a measured quantity is measured in. A question asking for one of these (the words after "how much" or
# "how many", the thing a what/which question asks for, or "how heavy"/"how fast"…) is not answered by a
# figure in another unit: "How much memory did the machine have?" by "2.45 GHz". Each: the words that ask
# for it, and the units (or symbols) a figure of it is written with.
_DIMENSIONS: dict[str, tuple[frozenset[str], re.Pattern]] = {
    "memory or storage (bytes)": (
        frozenset("memory ram storage disk bandwidth".split()),
        re.compile(
            r"\d\s?(?:[kmgtp]i?b|[KMGTP]i?B)\b|\b(?:[KMGTP]i?B|bytes?|(?:kilo|mega|giga|tera|peta)bytes?)\b"
        ),
    ),
    "temperature": (
        frozenset("temperature temperatures".split())
        | {"boiling point", "melting point", "freezing point", "hot", "cold"},
        re.compile(r"°|\bdegrees?\b|\bkelvin\b|\d\s?[CFK]\b", re.IGNORECASE),
    ),
    "torque": (
        frozenset({"torque"}),
        re.compile(
            r"\b(?:n[·.-]?m|newton[- ]?met(?:er|re)s?|(?:inch|in|foot|ft)[- ]?(?:pounds?|lbs?)|"
            r"(?:pounds?|lbs?)[- ]?(?:inch|inches|in|foot|feet|ft))\b",
            re.IGNORECASE,
        ),
    ),
    "weight": (
        frozenset("weight mass heavy".split()),
        re.compile(
            r"\d\s?(?:kg|g|mg|t|lbs?|oz)\b|\b(?:grams?|kilograms?|kilos?|tons?|tonnes?|pounds?|ounces?|stones?|"
            r"carats?)\b",
            re.IGNORECASE,
        ),
    ),
    "speed": (
        frozenset("speed velocity fast".split()),
        re.compile(
            r"\b(?:km/h|kph|mph|m/s|knots?|mach)\b|\bper (?:hour|second)\b|\d\s?(?:km/h|mph|m/s)",
            re.IGNORECASE,
        ),
    ),
    "frequency": (frozenset({"frequency"}), re.compile(r"\b[kmgt]?hz\b|\bhertz\b", re.IGNORECASE)),
    "voltage": (frozenset("voltage volts".split()), re.compile(r"\d\s?[km]?v\b|\bvolts?\b", re.IGNORECASE)),
}
_ASKED_MEASURE = re.compile(
    r"\bhow\s+(?:much|many)\s+((?:[\w'-]+\s+){0,2}[\w'-]+)|\bhow\s+(heavy|fast|hot|cold)\b", re.IGNORECASE
)


def asked_for(question: str) -> str | None:
    """The thing a what/which question asks for ("price" in "What is the price of a ticket?"), lower case."""
    match = _ASKED_THE.search(question) or _ASKED_WHAT.search(question) or _ASKED_FIRST.search(question)
    return _PREPOSITION.sub("", match.group(1) + " ").split()[-1].lower() if match else None


def expected_type(question: str, thing: str | None = None) -> str | None:
    """ "time", "money", "quantity" or None (any answer will do); ``thing`` is ``asked_for(question)``, when
    known."""
    if _TIME_Q.search(question):
        return "time"
    thing = thing or asked_for(question)
    if _MONEY_Q.search(question) or thing in _MONEY_HEADS:
        return "money"
    if _QUANTITY_Q.search(question) or thing in _QUANTITY_HEADS:
        return "quantity"
    return None


def named_figures(question: str) -> frozenset[str]:
    """Years and other figures a question names ("in 2023", "LibreOffice 7"): a passage that names none of
    them answers a question about another year or thing. Commas of thousands are dropped ("1,000" =
    "1000")."""
    asked = " ".join(t for t in _HOW_MANY_LISTED.sub(" ", question).split() if not _LETTER.search(t))
    return frozenset(f.replace(",", "") for f in _NAMED_FIGURE.findall(asked)) | frozenset(
        _YEAR.findall(question)
    )


def names_figure(text: str, figures: frozenset[str]) -> bool:
    """Does ``text`` write one of ``figures`` as a figure of its own (not "7" inside "7763"), in words ("3"
    as "three") or with a scale ("100,000,000" as "100 million")?"""
    plain = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    if any(re.search(rf"(?<![\d.,/]){re.escape(f)}(?!\d|[.,/]\d)", plain) for f in figures):
        return True
    values = {float(f) for f in figures if re.fullmatch(r"\d+(?:\.\d+)?", f)}
    words = {_SMALL_NUMBERS[int(v)] for v in values if v.is_integer() and v < len(_SMALL_NUMBERS)}
    return bool(values & {q.value for q in quantities(text)}) or any(
        re.search(rf"\b{w}\b", text, re.IGNORECASE) for w in words
    )


def measured(question: str) -> str | None:
    """The dimension a question asks a figure of ("memory or storage (bytes)" for "How much memory…"), or
    None: from the words after "how much/many", "how heavy/fast/hot/cold", or the thing asked for."""
    asked = [m.group(1) or m.group(2) for m in _ASKED_MEASURE.finditer(question)]
    match = _ASKED_THE.search(question) or _ASKED_WHAT.search(question)
    phrases = [p.lower() for p in asked] + (
        [_PREPOSITION.sub("", match.group(1) + " ").strip().lower()] if match else []
    )
    for phrase in phrases:
        words = phrase.split()
        candidates = set(words) | {" ".join(words[i : i + 2]) for i in range(len(words) - 1)}
        for dimension, (askers, _) in _DIMENSIONS.items():
            if candidates & askers:
                return dimension
    return None


def has_unit(text: str, dimension: str | None) -> bool:
    """Does ``text`` write a figure in a unit of ``dimension`` (or no dimension is asked)?"""
    return dimension is None or bool(_DIMENSIONS[dimension][1].search(text))


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
    """What a question asks for, read once: the kind of answer, the thing counted or asked about, the
    years."""

    kind: str | None  # "time", "money", "quantity" or None (see ``expected_type``)
    counted: str | None  # the thing a "how many" question counts
    thing: str | None  # the thing a what/which question asks for
    figures: frozenset[str]  # the years and other figures the question names
    unit: str | None = None  # the dimension a figure asked for is measured in (see ``measured``)

    def holds(self, text: str) -> bool:
        """Does ``text`` hold an answer of the kind asked (for a count, one that names the thing counted; for
        a measure, a figure in its unit)?"""
        return self.of_kind(text) and has_unit(text, self.unit)

    def of_kind(self, text: str) -> bool:
        """Does ``text`` hold an answer of the kind asked, whatever its unit?"""
        return has_type(text, self.kind, self.counted)

    def about_figures(self, text: str) -> bool:
        """Does ``text`` name one of the years or figures the question names (or the question names none)?"""
        return not self.figures or names_figure(text, self.figures)

    def names_thing(self, text: str) -> bool:
        """Does ``text`` use the word for the thing asked for (or the question asks for no thing)?"""
        return not self.thing or names_word(text, self.thing)


def analyse(question: str) -> Asked:
    """The question's kind, counted thing, asked thing, named figures and measure, each derived once."""
    thing = asked_for(question)
    return Asked(
        expected_type(question, thing), counted(question), thing, named_figures(question), measured(question)
    )
