"""Figures in text — quantities, percentages, ordinals and dates — normalised so a claim can be checked.

"more than 220,000" and "over 220000" are the same figure; "1.5 billion" is not "about 1.334 billion";
"fewer than 1000" contradicts "over 1500"; "2019" is not "April 16, 2018".
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from qa.text.vocabulary import MONTH_NUMBERS, SMALL_NUMBERS, YEAR_IN_TEXT

_MONTH = r"(?:" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"

_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "hundred": 1e2,
    "k": 1e3,
    "mn": 1e6,
    "m": 1e6,
    "bn": 1e9,
}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_COMPARATORS = {
    "gt": r"more than|over|above|exceed(?:s|ed|ing)?|greater than|upwards of|in excess of|beyond",
    "ge": r"at least|no less than|not less than|no fewer than|a minimum of",
    "lt": r"fewer than|less than|under|below|lower than",
    "le": r"at most|up to|no more than|not more than|a maximum of",
    "approx": r"about|approximately|around|nearly|almost|roughly|some|close to|an estimated|circa",
}
_COMPARATOR = "|".join(f"(?P<{k}>{v})" for k, v in _COMPARATORS.items())
_QUANTITY = re.compile(
    rf"(?:\b(?:{_COMPARATOR})\s+)?(?P<num>{_NUM})(?P<ord>st|nd|rd|th)?"
    rf"(?:\s*(?P<pct>%|per\s*cent\b|percent\b))?"
    rf"(?:\s*(?P<scale>thousand|million|billion|trillion|hundred|bn|mn|k)\b)?",
    re.IGNORECASE,
)
_DATE = re.compile(
    rf"\b(?P<iso>(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}}))\b"
    rf"|\b(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?\b"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}}))?\b"
    rf"|\b(?P<m3>{_MONTH})\s+(?P<y3>\d{{4}})\b"
    rf"|\b(?P<n1>\d{{1,2}})(?P<sep>[-/.])(?P<n2>\d{{1,2}})(?P=sep)(?P<y5>\d{{4}})\b"
    rf"|\b(?P<y4>{YEAR_IN_TEXT})\b(?![%.,]?\d|\s*(?:%|per\s*cent|percent|million|billion|thousand))",
    re.IGNORECASE,
)
# Counts written in words ("Five people died", "twenty-three districts", "two million"): a claim that spells
# its figure was never compared ("Seven deaths were reported" was supported by a row of 5 deaths). "One"
# is left out: it is a pronoun as often as a count ("one of the largest", "no one").
_UNITS = SMALL_NUMBERS[2:10]  # "two" to "nine"
_TEENS = SMALL_NUMBERS[10:20]
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS = {w: float(n) for n, w in enumerate(SMALL_NUMBERS[:20]) if n} | {
    w: float(n) for n, w in zip(range(20, 100, 10), _TENS)
}
_SPELLED = re.compile(
    rf"(?:\b(?:{_COMPARATOR})\s+)?\b(?P<words>(?:{'|'.join(_TENS)})(?:[-\s](?:one|{'|'.join(_UNITS)}))?"
    rf"|{'|'.join(_TEENS + _UNITS)})\b"
    rf"(?:\s*(?P<pct>per\s*cent\b|percent\b))?"
    rf"(?:\s+(?P<scale>thousand|million|billion|trillion|hundred)\b)?",
    re.IGNORECASE,
)


def spelled(word: str) -> bool:
    """Whether a word is a count written out ("seven", "twenty-three"), compared as a figure, not a word."""
    parts = re.split(r"[-\s]+", word.lower())
    return parts[0] in NUMBER_WORDS and parts[0] != "one" and all(p in NUMBER_WORDS for p in parts)


def _spelled_value(words: str) -> float:
    """ "twenty-three" → 23.0."""
    return sum(NUMBER_WORDS[w] for w in re.split(r"[-\s]+", words.lower()))


# Exact figures are taken as written, allowing for rounding in the last digit or so.
EXACT_TOLERANCE = 0.01
# "about", "nearly"... a restatement of an approximate figure may round it: "about 1.3 billion" for
# "about 1.334 billion" (2.5% off) is the same figure; "1.5 billion" (12% off) is not.
APPROX_TOLERANCE = 0.05


@dataclass(frozen=True)
class Quantity:
    text: str
    value: float
    kind: str  # "count", "percent" or "ordinal"
    op: str  # "eq", "approx", "gt", "ge", "lt", "le"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Date:
    text: str
    year: int | None
    month: int | None
    day: int | None

    def __str__(self) -> str:
        return self.text


_COMPARATOR_BEFORE = re.compile(rf"\b(?:{'|'.join(_COMPARATORS.values())})\s+$", re.IGNORECASE)


def _date_matches(text: str) -> list[re.Match]:
    """Date matches, minus bare four-digit numbers that a comparator makes a count ("over 2000 standards")."""
    return [
        m
        for m in _DATE.finditer(text)
        if not (m.group("y4") and _COMPARATOR_BEFORE.search(text[: m.start()]))
    ]


def dates(text: str) -> list[Date]:
    """The dates a text writes, each as the fields it states. A date in figures ("10-07-2016", "01/06/2016")
    is read both ways where both are dates (day first, as most of the world writes it, and month first, as
    the United States does): a claim agrees with it when it agrees with either reading."""
    out = []
    for m in _date_matches(text):
        g = m.groupdict()
        if g["y5"]:
            out += _numeric(m.group(0), int(g["n1"]), int(g["n2"]), int(g["y5"]))
            continue
        month = g["im"] or g["m1"] or g["m2"] or g["m3"]
        if month and not month.isdigit():
            month = MONTH_NUMBERS[month.lower().rstrip(".")]
        year = g["iy"] or g["y1"] or g["y2"] or g["y3"] or g["y4"]
        day = g["id"] or g["d1"] or g["d2"]
        out.append(
            Date(
                m.group(0),
                int(year) if year else None,
                int(month) if month else None,
                int(day) if day else None,
            )
        )
    return out


def _numeric(text: str, first: int, second: int, year: int) -> list[Date]:
    """A date in figures read day first and month first, each reading that is a date, once."""
    readings = {(first, second), (second, first)}
    return [
        Date(text, year, month, day) for day, month in sorted(readings) if 1 <= day <= 31 and 1 <= month <= 12
    ]


# A year before a dash or slash: what follows ("2012-13", "2009–10", "2003/04") ends a span of years.
_YEAR_THEN_DASH = re.compile(rf"\b({YEAR_IN_TEXT})\s*[-–/]\s*$")


def _year_range_end(text: str, m: re.Match) -> bool:
    """Whether the figure is the last two digits of a span of years (a fiscal year, "2012-13"): the year
    after the one before it, not a count."""
    year = _YEAR_THEN_DASH.search(text[: m.start("num")])
    digits = m.group("num")
    return year is not None and len(digits) == 2 and int(digits) == (int(year.group(1)) + 1) % 100


def quantities(text: str) -> list[Quantity]:
    """Counts, percentages and ordinals; figures that are parts of dates are left to ``dates``."""
    date_spans = [m.span() for m in _date_matches(text)]
    out = []
    for m in _QUANTITY.finditer(text):
        if any(s <= m.start("num") < e for s, e in date_spans) or _year_range_end(text, m):
            continue
        value = float(m.group("num").replace(",", ""))
        scale = (m.group("scale") or "").lower()
        value *= _SCALES.get(scale, 1.0)
        kind = "percent" if m.group("pct") else "ordinal" if m.group("ord") else "count"
        op = next((k for k in _COMPARATORS if m.group(k)), "eq")
        out.append((m.start(), Quantity(m.group(0).strip(), value, kind, op)))
    for m in _SPELLED.finditer(text):
        value = _spelled_value(m.group("words")) * _SCALES.get((m.group("scale") or "").lower(), 1.0)
        kind = "percent" if m.group("pct") else "count"
        op = next((k for k in _COMPARATORS if m.group(k)), "eq")
        out.append((m.start(), Quantity(m.group(0).strip(), value, kind, op)))
    return [q for _, q in sorted(out, key=lambda pair: pair[0])]


def _interval(q: Quantity) -> tuple[float, float]:
    lo, hi = {
        "gt": (q.value, math.inf),
        "ge": (q.value, math.inf),
        "lt": (-math.inf, q.value),
        "le": (-math.inf, q.value),
    }.get(q.op, (q.value, q.value))
    return lo, hi


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)


def quantity_agrees(claim: Quantity, source: Quantity) -> bool:
    """Does the source figure back the claim's figure (same kind, and the claim follows from it)?"""
    if claim.kind != source.kind:
        return False
    if claim.kind == "ordinal":
        return claim.value == source.value
    tolerance = APPROX_TOLERANCE if "approx" in (claim.op, source.op) else EXACT_TOLERANCE
    if claim.op in ("eq", "approx"):
        # A point claim matches a point or bound source of the same value ("220,000" for "over 220000").
        return _close(claim.value, source.value, tolerance)
    if _close(claim.value, source.value, tolerance):
        return claim.op == source.op or source.op in ("eq", "approx") or _interval(claim) == _interval(source)
    c_lo, c_hi = _interval(claim)
    s_lo, s_hi = _interval(source)
    # A bound claim follows when all the source allows lies inside it, and it is a rounder figure: "over 1000"
    # from "over 1500" or from "about 1.3 thousand", but not "fewer than 1000" from "over 1500", and not "over
    # 88%" from "over 98%" (true, but a changed figure, which is what a reader checking it wants to see).
    inside = c_lo <= s_lo * (1 + tolerance) and s_hi <= c_hi * (1 + tolerance)
    return inside and _significant(claim.value) < _significant(source.value)


def _significant(value: float) -> int:
    """Significant digits: 1000 has one, 1500 two, 1.334 four."""
    digits = f"{abs(value):.6g}".replace(".", "").replace("-", "").strip("0")
    return len(digits)


def backed(claim: Quantity, candidates: list[Quantity]) -> bool:
    """Does a source figure back the claim's? A bound is weighed against the figure it restates (the
    nearest of its kind) only: "over 2500" is not backed by "over 1500" just because the same passage says
    "exceeds 13000"."""
    if claim.op in ("eq", "approx"):
        return any(quantity_agrees(claim, s) for s in candidates)
    near = closest_quantity(claim, candidates)
    return near is not None and quantity_agrees(claim, near)


def date_agrees(claim: Date, source: Date) -> bool:
    """Every field the claim states (year, month, day) agrees with a field the source states."""
    fields = [(claim.year, source.year), (claim.month, source.month), (claim.day, source.day)]
    stated = [(c, s) for c, s in fields if c is not None]
    return bool(stated) and all(s is not None and c == s for c, s in stated)


def closest_quantity(claim: Quantity, candidates: list[Quantity]) -> Quantity | None:
    """The source figure a mismatching claim figure most likely restates: same kind, nearest magnitude."""
    same = [c for c in candidates if c.kind == claim.kind and c.value > 0]
    if not same or claim.value <= 0:
        return same[0] if same else None
    return min(same, key=lambda c: abs(math.log(c.value / claim.value)))


_LIST_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def respectively(sentence: str) -> list[tuple[str, Quantity]]:
    """Pair items with figures in "A, B, and C ... reached X, Y, and Z, respectively".

    Each item is named by the word next to its separator ("pension", "unemployment", "work-related"),
    which is what a claim restating one of them will mention.
    """
    at = sentence.lower().find("respectively")
    if at < 0:
        return []
    before = sentence[:at]
    figures = [m for m in _QUANTITY.finditer(before)]
    run = figures[-1:]
    for m in reversed(figures[:-1]):  # the figures joined only by commas and "and"
        if _LIST_SPLIT.fullmatch(before[m.end() : run[0].start()]):
            run.insert(0, m)
        else:
            break
    if len(run) < 2:
        return []
    parts = [p for p in _LIST_SPLIT.split(before[: run[0].start()]) if p.strip()]
    if len(parts) < len(run):
        return []
    items = parts[-len(run) :]
    keys = [item.split()[-1] for item in items[:-1]] + [items[-1].split()[0]]
    return [(key, quantities(m.group(0))[0]) for key, m in zip(keys, run)]
